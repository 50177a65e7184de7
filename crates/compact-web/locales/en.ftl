# Compact's pages in English. Every message here has a twin in cy.ftl.

service-name = Compact
skip-link = Skip to main content
title-error-prefix = Error:
error-prefix = Error:
language-label = Language
nav-service-label = Service information
nav-menu-label = Menu
nav-home = Home
nav-findings = Findings
nav-audit = Audit log
nav-account = Your account
nav-sign-in = Sign in
nav-sign-out = Sign out
breadcrumbs-label = Breadcrumb
phase-tag = Beta
phase-text = This is a new service. Tell the Compact's secretariat what you think of it.
footer-heading = About this service
footer-about = Compact shows how the agreement between public bodies and the voluntary and community sector is being kept.
footer-api = Data and API
notice-success = Success
notice-important = Important
error-summary-title = There is a problem
error-go-home = Go to the home page
error-not-found-title = Page not found
error-not-found = If you typed the web address, check it is correct.
error-server-title = Sorry, there is a problem with the service
error-server = Try again later.
error-forbidden-title = You cannot see this page
error-forbidden = Your account does not give you access to this page. Ask the Compact's secretariat if you think it should.
error-form-expired = The form had expired. Try again.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

weeks = { $count ->
    [one] 1 week
   *[other] { $count } weeks
}
days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
months = { $count ->
    [one] 1 month
   *[other] { $count } months
}
years = { $count ->
    [one] 1 year
   *[other] { $count } years
}

# The list of Compacts
compacts-title = Local Compacts
compacts-intro = Each Compact is an agreement between the public bodies of an area and its voluntary, community and social enterprise organisations.
compacts-none = There are no Compacts in this service yet.

# A Compact's home page
compact-area = Area
compact-edition = Edition
compact-edition-date = Dated
compact-managed-by = Run by
compact-contact = Contact
compact-intro = This Compact is the agreement between the public bodies of { $area } and its voluntary, community and social enterprise organisations. It sets out how they will work together and what each can expect of the other.
compact-languages-note = The Compact's own text is shown in the language it was written in.
compact-principles = Shared principles
compact-commitments-promise = Promises
compact-commitments-strand = Strands
compact-commitments-theme = Themes
compact-undertakings-by-joint = Together
compact-undertakings-by-public = Public bodies will
compact-undertakings-by-vcse = Voluntary and community organisations will
compact-general-undertakings = Other undertakings
compact-standards = What the Compact promises, in plain words
compact-standards-none = This Compact sets no time limits that can be checked.
compact-codes = Codes of practice
compact-code-status = Status
compact-bodies = Who runs the Compact
compact-seats = { $count ->
    [one] 1 seat
   *[other] { $count } seats
}
compact-disputes = If things go wrong
compact-dispute-stage = Stage { $number }: { $name }
compact-review = Reviewing the Compact
compact-review-annual = It is reviewed every year.
compact-review-report = An annual report is published.
compact-review-meeting = An annual meeting is held.
compact-sign-up = How to sign up
compact-sign-up-text = Any public body or voluntary and community organisation in the area can sign up to the Compact. Contact { $who } to ask.
compact-see-findings = See how the Compact is being kept

code-status-planned = Planned
code-status-draft = Draft
code-status-adopted = Adopted
code-status-under_review = Under review
code-status-withdrawn = Withdrawn

strength-firm = a firm commitment
strength-softened = a commitment "wherever possible"

standard-consultation = Consultations run for at least { $weeks } ({ $strength }).
standard-consultation-reason = A shorter consultation needs a stated reason.
standard-consultation-feedback = Feedback is published within { $days } of a consultation closing.
standard-funding-notice = Organisations get at least { $weeks }' notice of a change to their funding ({ $strength }).
standard-reduction = Before funding is reduced or ended: a consultation of at least { $weeks }, and { $months }' formal notice ({ $strength }).
standard-reduction-criteria = The criteria for the decision are published when the consultation opens.
standard-reduction-eia = A joint equality impact assessment is made before the decision.
standard-agreement-length = Funding agreements last { $years } or more where possible ({ $strength }).
standard-payment = Payments are made on the agreed dates ({ $strength }).
standard-exit = Every funding agreement has an agreed exit strategy ({ $strength }).
standard-champion = Every signatory names a Compact champion ({ $strength }).
standard-champion-trained = Champions are trained within { $days } of being named.

# Findings
findings-title = How the Compact is being kept
findings-intro = These findings compare what has been recorded with the Compact's own time limits, as of { $date }.
findings-breach = Breaches
findings-advisory = Advisory
findings-due = Due soon
findings-none = Nothing to report.
findings-confidential-hidden = { $count ->
    [one] 1 finding about a dispute is confidential and is counted but not shown.
   *[other] { $count } findings about disputes are confidential and are counted but not shown.
}
findings-table-caption = Findings, most serious first
findings-col-severity = Severity
findings-col-rule = Rule
findings-col-subject = About
findings-col-date = Date
findings-col-why = Why
severity-breach = Breach
severity-advisory = Advisory
severity-due = Due soon
findings-shown = Showing { $from } to { $to } of { $total }
pagination-label = Pagination
pagination-previous = Previous
pagination-next = Next
pagination-page = page
pagination-page-label = Page

# Signing in
sign-in-title = Sign in
sign-in-intro = Sign in with the email address and password of your Compact account.
sign-in-email = Email address
sign-in-password = Password
sign-in-button = Sign in
sign-in-error-email-missing = Enter your email address
sign-in-error-email-format = Enter an email address in the correct format, like name@example.org
sign-in-error-password-missing = Enter your password
sign-in-error-wrong = The email address or password is not right
sign-in-error-throttled = Too many attempts to sign in to this account. Wait 15 minutes, then try again.
sign-in-no-account = Accounts are made by the Compact's secretariat. Ask them if you need one.
signed-out = You have signed out.

# The account page
account-title = Your account
account-name = Name
account-email = Email address
account-roles = What you can do
account-role-col-compact = Compact
account-role-col-role = Role
account-role-col-organisation = For
account-no-roles = Your account has no roles yet. The Compact's secretariat can give you one.
role-secretariat = Secretariat
role-officer = Public body officer
role-member = Organisation member
role-group = Compact Group member

# The audit log
audit-title = Audit log
audit-intro = Every change to this Compact's records, newest first. Each entry carries a fingerprint of the one before it, so any later change to the log shows.
audit-intact = The log is intact: { $count } entries checked.
audit-broken = The log has been altered at entry { $seq }: { $reason }
audit-filter = Filter
audit-filter-actor = Who (email address)
audit-filter-action = What (for example records.import)
audit-filter-button = Apply filter
audit-col-when = When
audit-col-who = Who
audit-col-what = What
audit-col-subject = Subject
audit-none = No entries match.

# Forgotten passwords
sign-in-forgot = Forgotten your password?
forgot-title = Reset your password
forgot-intro = Enter the email address of your account. We will send you a link to choose a new password.
forgot-button = Send the link
forgot-sent-title = Check your email
forgot-sent = If an account uses that address, we have sent it a link to choose a new password. The link works once, within 1 hour.
reset-email-subject = Choose a new password for Compact
reset-email-body = Hello { $name },

    Someone asked to reset the password of your Compact account. If it was you, open this link within 1 hour to choose a new password:

    { $link }

    If it was not you, you can ignore this email: your password has not changed.
reset-title = Choose a new password
reset-intro = Choose a password of at least 12 characters. A few words you will remember make a good one.
reset-password = New password
reset-confirm = Type the new password again
reset-button = Save the new password
reset-error-weak = Choose a password of at least 12 characters that is not one character repeated
reset-error-mismatch = The two passwords are not the same
reset-error-link = This link has expired or has been used. Ask for a new one.
password-reset-done = Your password has been changed. Sign in with it now.

# Tasks on the account page
account-tasks = To do in { $compact }
task-findings = Look at the findings
task-nothing = Nothing to do
task-breaches = { $count ->
    [one] 1 breach
   *[other] { $count } breaches
}
task-audit = Check the audit log
task-audit-intact = Intact
task-audit-broken = Altered

# The rules, by their ids (dots become dashes)
rule-consultation-shorter_than_standard_without_reason = Consultation shorter than the standard, with no reason given
rule-consultation-shorter_than_standard = Consultation shorter than the standard, with a reason given
rule-consultation-feedback_overdue = Feedback on a consultation late
rule-funding-change_notice_too_short = Too little notice of a change to funding
rule-funding-reduction_without_consultation = Funding cut without a consultation
rule-funding-reduction_consultation_too_short = Consultation on a funding cut too short
rule-funding-reduction_criteria_not_published = Criteria for a funding cut not published at the start
rule-funding-reduction_without_impact_assessment = Funding cut without a joint equality impact assessment
rule-funding-decision_before_consultation_closed = Funding decided before its consultation closed
rule-funding-formal_notice_too_short = Too little formal notice of a funding cut
rule-funding-agreement_shorter_than_preferred = Funding agreement shorter than preferred
rule-funding-payment_late = Payment late
rule-funding-no_exit_strategy = Funding ended or cut with no exit strategy
rule-dispute-stage_deadline_missed = Time limit of a dispute stage missed
rule-governance-composition_mismatch = Seats do not match the Compact
rule-signatory-no_champion = Signatory without a Compact champion
rule-signatory-champion_not_trained = Compact champion not trained in time
rule-review-annual_review_overdue = Annual review overdue
rule-review-milestone_overdue = Action plan milestone overdue

# Labels of the dates a finding gives
date-opened = Opened
date-closes = Closes
date-closed = Closed
date-required_close = Should close no earlier than
date-feedback_due = Feedback due by
date-feedback_published = Feedback published
date-starts = Starts
date-ends = Ends
date-due = Due
date-paid = Paid
date-exit_strategy_due = Exit strategy due by
date-exit_strategy_agreed = Exit strategy agreed
date-decided = Decided
date-effective = Takes effect
date-notice_given = Notice given
date-notice_due_by = Notice due by
date-consultation_opened = Consultation opened
date-consultation_closes = Consultation closes
date-impact_assessment_completed = Impact assessment completed
date-last_allowed_day = Last day allowed
date-raised = Raised
date-stage_entered = Stage began
date-meeting_held = Meeting held
date-response_given = Response given
date-investigation_concluded = Investigation concluded
date-ruling_given = Ruling given
date-resolved = Resolved
date-withdrawn = Withdrawn
date-as_of = As of
date-previous_review = Previous review
date-edition = Edition dated
date-review_due = Review due by
date-review_completed = Review completed
date-milestone_due = Milestone due
date-signed = Signed up
date-appointed = Champion named
date-training_due = Training due by
date-trained = Trained
findings-explanation-english = The explanation in English
