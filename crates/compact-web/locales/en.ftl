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
error-conflict-title = This cannot be done now
error-conflict = The records as they stand do not allow it.
hint-date-optional-today = Leave this empty for today. For example, 25/11/2026
error-sign-in-title = Sign in to continue
error-sign-in = You need to be signed in to do this.
sign-in-link = Go to the sign-in page
error-form-expired-title = This form has expired
error-form-expired-page = The form was sent without the check that shows it came from this page, or after you signed out. Go back, reload the page and send the form again. Nothing was changed.
error-bad-request-title = Sorry, we could not read that request
error-bad-request = Check the web address or go back to the form and send it again.
error-too-large-title = The file is too large
error-too-large = Files uploaded here can be up to 2 MB. Split the file into smaller ones, or ask the secretariat to import it with the compact command.
conflict-no-sign-up-in-force = This organisation has no sign-up in force today. Sign it up first.
conflict-already-withdrawn = This sign-up was already withdrawn on { $date }.
conflict-withdrawal-before-signing = A withdrawal cannot be dated before the signing, on { $date }.
conflict-no-reduction-procedure = This change follows no reduction procedure: the Compact sets none, or the change does not cut funding.
conflict-consultation-not-recorded = Record the consultation before the publication of its criteria.
form-error-too-late = Enter { $what } as { $latest } or an earlier date
form-error-kind-funder = Choose a public body as the funder
form-error-kind-recipient = Choose a voluntary, community or social enterprise organisation as the recipient
form-error-range-amount = Enter an amount more than £0.00
form-error-range-new-amount = Enter a new amount less than the agreement's amount

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
sign-in-error-locked = Too many wrong passwords for this account from here. Try again in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}, or reset your password.
sign-in-error-slowed = Many wrong passwords have been tried for this account lately, so each try from a new browser waits a little. Try again in { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}, or reset your password.
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
audit-intact = Your Compact's { $count } entries in the log are intact.
audit-signed = The log up to entry { $seq } is vouched for by a checkpoint signed on { $date } with a key kept outside the database.
audit-unsigned = No signed checkpoint covers the log yet; one is signed every few minutes while the service runs.
audit-broken = Entries { $from } to { $to } of the log, which include your Compact's, have been changed or removed: { $reason }
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
reset-error-common = This password is one of the most common, which are tried first. Choose another: a few unrelated words make a good one
reset-error-guessable = This password would be quick to guess (a keyboard pattern, a repeat, a single word or a date). Add more unrelated words
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

# The kitemark: the badge of a current signatory and the page that checks it
kitemark-badge-sentence = Signed up to the { $compact } since { $date }
kitemark-badge-before = Signed up to the
kitemark-badge-since = since { $date }
kitemark-verify-title = Check a Compact badge
kitemark-verified = Verified
kitemark-verified-body = { $organisation } has signed up to the { $compact }.
kitemark-revoked = Revoked
kitemark-revoked-on = { $organisation } withdrew from the { $compact } on { $date }. The badge was genuine, but it no longer stands.
kitemark-revoked-removed = { $organisation } is no longer on the register of the { $compact }. The badge was genuine, but it no longer stands.
kitemark-forged = This badge is not genuine
kitemark-forged-intro = This service did not issue it, or it has been changed since. Do not rely on it.
kitemark-forged-bad-signature = Its signature does not match what it says: a detail was changed, or it was never signed.
kitemark-forged-unknown-key = It names a signing key that this service never published.
kitemark-forged-malformed = The link is incomplete or damaged, so it cannot be checked.
kitemark-malformed-detail = What is wrong (in English):
kitemark-claims-heading = What the badge claims
kitemark-details-heading = What the badge vouches for
kitemark-organisation = Organisation
kitemark-compact = Compact
kitemark-signed-on = Signed up on
kitemark-withdrawn-on = Withdrew on
kitemark-key = Signing key
kitemark-offline = You can also check a badge without this website, with the command compact kitemark verify and the list of public keys.
kitemark-keys-link = Download the public keys (JSON)

# The register: organisations, sign-ups, champions
nav-register = Register
kind-local-authority = Local authority
kind-nhs = NHS body
kind-police = Police
kind-fire-and-rescue = Fire and rescue service
kind-probation = Probation service
kind-other-public-body = Other public body
kind-charity = Registered charity
kind-voluntary-organisation = Voluntary organisation
kind-community-group = Community group
kind-residents-association = Residents' association
kind-social-enterprise = Social enterprise
kind-cooperative-or-mutual = Co-operative or mutual
kind-faith-group = Faith group
kind-business = Business
sector-public = Public bodies
sector-vcse = Voluntary and community sector
sector-private = Private sector
standing-signatory = Signatory
standing-withdrawn = Withdrawn
standing-not-signed = Not signed up
register-title = Register of signatories
register-intro = Organisations that have signed up to { $compact }, and since when.
register-as-of = This is the register as it stood on { $date }.
register-requests-waiting = Sign-up requests waiting for a decision: { $count }
register-counts-heading = Signatories by sector
register-total = Signatories in all
register-chart-title = Signatories at the end of each quarter
register-chart-bar = { $date }: { $count } signatories
register-chart-table = The figures behind the chart
register-chart-col-date = Date
register-chart-col-signatories = Signatories
register-chart-col-joined = Signed up that quarter
register-chart-col-left = Withdrew that quarter
register-search-heading = Search the register
register-search-label = Name, postcode or registered number
register-search-hint = For example, larder, SN15 or 1123456
register-on-label = Show the register on a past date (optional)
register-on-hint = For example, 31/03/2025
register-sector-label = Sector
register-kind-label = Kind of organisation
register-area-label = Area of work
register-any = Any
register-include-all = Include organisations that have not signed up or have withdrawn
register-search-button = Search
register-shown = Showing { $from } to { $to } of { $total } organisations
register-none-found = No organisations match your search.
register-table-caption = Organisations
register-col-name = Organisation
register-col-kind = Kind
register-col-standing = Standing
register-col-since = Signed up
register-col-champion = Compact champion
register-no-champion = None named
register-download-heading = Download this list
register-download-csv = Download as CSV (for spreadsheets)
register-download-json = Download as JSON (for other systems)
register-error-date = Enter the date as day, month and year, for example 31/03/2025
register-error-date-too-late = Enter a date from { $earliest } to today: the register cannot be shown on a date to come
register-error-date-too-early = Enter a date from { $earliest } to today: there were no Compacts before 1998
register-error-sector = Choose a sector from the list
register-error-kind = Choose a kind of organisation from the list
register-error-standing = Choose whether to include organisations that have not signed up
organisation-signatory-since = A signatory since { $date }.
organisation-withdrew = Withdrew on { $date }. { $reason }
organisation-not-signed = Not signed up to this Compact.
organisation-action-champion = Change the Compact champion
organisation-action-withdraw = Record a withdrawal
organisation-action-record-sign-up = Record a sign-up
organisation-action-ask-sign-up = Ask to sign up to this Compact
organisation-details = About the organisation
organisation-kind = Kind
organisation-sector = Sector
organisation-charity-number = Charity number
organisation-company-number = Company number
organisation-address = Address
organisation-postcode = Postcode
organisation-email = E-mail
organisation-website = Website
organisation-areas = Areas of work
organisation-status = Status
organisation-active = Active
organisation-closed = Closed
organisation-champion = Compact champion
organisation-no-champion = No Compact champion has been named.
organisation-not-trained = Not trained yet
organisation-findings = What the checks found
organisation-findings-none = Nothing is late or due for this organisation.
organisation-kitemark = Compact kitemark
organisation-kitemark-alt = Compact kitemark: a signatory of this Compact
organisation-kitemark-check = Check this badge
organisation-kitemark-embed = Code to put the badge on your website
organisation-elsewhere = Other Compacts
organisation-elsewhere-since = A signatory since { $date }
organisation-elsewhere-withdrawn = A signatory from { $from } to { $to }
organisation-history = Sign-ups to this Compact
organisation-history-none = This organisation has never signed up to this Compact.
organisation-col-signed-on = Signed on
organisation-col-signed-by = Signed by
organisation-col-edition = Edition agreed to
organisation-col-withdrawn = Withdrew
organisation-consultations = Consultations it runs
organisation-funding = Funding
organisation-funding-gives = Funds
organisation-funding-receives = Funded by
organisation-col-title = Title
organisation-col-opened = Opened
organisation-col-closes = Closes
organisation-col-role = Role
organisation-col-other = With
organisation-col-amount = Amount
organisation-col-period = Period
organisation-done-signed-up = The sign-up has been recorded.
organisation-done-requested = Your request has been sent to the Compact's secretariat, who will decide on it.
organisation-done-champion = The Compact champion has been saved.
organisation-done-withdrawn = The withdrawal has been recorded. The organisation's badge no longer stands.
champion-name = Name
champion-role = Role
champion-contact = Contact
champion-appointed-on = Named on
champion-trained-on = Trained on
champion-title = Compact champion
champion-intro = The Compact champion keeps the Compact alive within { $organisation }: they know it, explain it to colleagues and are the first contact about it.
champion-button = Save the champion
signup-title-record = Record a sign-up: { $organisation }
signup-title-ask = Ask to sign up: { $organisation }
signup-edition = Signing up means agreeing to { $compact }, edition: { $edition }.
signup-intro-record = Use this form when you hold the signed agreement. The sign-up is recorded at once.
signup-intro-ask = The Compact's secretariat will check your request and then add your organisation to the register.
signup-authority = The person signing has the authority to commit the organisation to the Compact
signup-button-record = Record the sign-up
signup-button-ask = Send the request
signup-error-authority = Confirm that the person signing has the authority to commit the organisation
signup-refused-already = This organisation is already a signatory, since { $date }
signup-refused-before-withdrawal = This organisation withdrew on { $date }: a new sign-up must be on or after that date
withdraw-title = Record a withdrawal
withdraw-intro = { $organisation } has been a signatory since { $date }.
withdraw-warning = From the date of withdrawal the organisation is no longer a signatory, and its badge no longer stands. Its past sign-up stays on record.
withdraw-button = Record the withdrawal
warning-prefix = Warning
hint-date = For example, 25/11/2026
hint-date-optional = Leave this empty if it has not happened yet. For example, 25/11/2026
label-signed-on = Date signed
label-signed-by = Name of the person who signed
label-signer-role = Their role in the organisation
label-champion-name = Champion's name
label-champion-role = Champion's role in the organisation
label-champion-contact = Champion's e-mail or phone number
label-champion-appointed-on = Date the champion was named
label-champion-trained-on = Date the champion was trained (optional)
label-withdrawn-on = Date of withdrawal
label-reason = Reason for withdrawing
field-signed-on = the date it was signed
field-signed-by = the name of the person who signed
field-signer-role = the signer's role
field-champion-name = the champion's name
field-champion-role = the champion's role
field-champion-contact = how to contact the champion
field-champion-appointed-on = the date the champion was named
field-champion-trained-on = the date the champion was trained
field-withdrawn-on = the date of withdrawal
field-reason = the reason for withdrawing
field-authority = confirmation of authority
form-error-missing = Enter { $what }
form-error-not-a-date = Enter { $what } as a real date, for example 25/11/2026
form-error-in-future = Enter { $what } as today or an earlier date
form-error-too-long = Enter { $what } in { $max } characters or fewer
form-error-too-early-champion-appointed-on = The champion cannot be named before the organisation signed up, on { $earliest }
form-error-too-early-champion-trained-on = The training date must be on or after the date the champion was named, { $earliest }
form-error-too-early-withdrawn-on = The withdrawal cannot be before the date the organisation signed up, { $earliest }
form-error-too-early-edition = Enter { $what } as a date from { $earliest }, when this edition of the Compact began, to today
form-error-too-early-compacts-began = Enter { $what } as a date from { $earliest } to today: there were no Compacts before 1998
requests-title = Sign-up requests
requests-intro = Organisations' own people ask here to sign up. Check that the signer has authority, then approve or refuse.
requests-pending = Waiting for a decision
requests-none = No requests are waiting.
requests-decided = Recently decided
request-organisation = Organisation
request-requested-by = Asked by
request-requested-on = Asked on
request-status = Status
request-pending = Waiting
request-approved = Approved
request-refused = Refused
request-title = Sign-up request: { $organisation }
request-edition = Edition agreed to
request-note = Note on the decision
request-see-organisation = See the organisation's page
request-decision = Your decision
request-approve = Approve: add the organisation to the register
request-refuse = Refuse
request-note-label = Note (optional)
request-note-hint = Say why, if you refuse. The note is kept with the decision.
request-button = Save the decision
request-error-decision = Choose whether to approve or refuse the request
request-error-decided = This request has already been decided
task-requests = Decide on sign-up requests
task-requests-waiting = { $count } waiting
task-organisation = { $organisation } in the register
task-organisation-not-signed = Not signed up
task-organisation-no-champion = No Compact champion
task-organisation-signed = Signed up
compact-see-register = See who has signed up: the register of signatories
compact-sign-up-members = If you have an account for your organisation, sign in and open its page in the register to ask to sign up.
register-add-organisation = Enter a new organisation in the register
organisation-action-details = Change the organisation's details
organisation-done-added = The organisation has been entered in the register.
organisation-done-details = The organisation's details have been saved.
organisation-form-title-new = Enter a new organisation
organisation-form-title-change = Change the details: { $organisation }
organisation-form-intro-new = For an organisation that is not in the register yet. To add many at once, import a file (see the import guide).
organisation-form-intro-change = These details are shown on the public register, except the contact details of the Compact champion.
organisation-form-choose-kind = Choose a kind
organisation-form-closed = The organisation has closed
organisation-form-button = Save the details
label-name = Name of the organisation
label-kind = Kind of organisation
label-charity-number = Charity number (optional)
label-company-number = Company number (optional)
label-address = Address, without the postcode (optional)
label-postcode = Postcode (optional)
label-website = Website (optional)
label-email = E-mail address for the Compact (optional)
label-areas-of-work = Areas of work, separated by commas (optional)
field-name = the organisation's name
field-kind = the kind of organisation
form-error-format-name = Enter the name on one line, in 300 characters or fewer
form-error-format-kind = Choose a kind of organisation from the list
form-error-format-charity-number = Enter a charity number like 1123456, 1123456-1, SC012345 or NIC100002
form-error-format-company-number = Enter a company number of 8 characters, like 01234567 or SC123456
form-error-format-postcode = Enter a UK postcode, like SN15 1ER
form-error-format-website = Enter a web address, like https://www.example.org
form-error-format-email = Enter an e-mail address, like info@example.org
register-import = Import organisations from a file
import-title = Import organisations
import-intro = Upload a CSV file of organisations: the Charity Commission's register extract, or Compact's own layout (name, kind, charity number, company number, address, postcode, website, e-mail, areas of work, active). Good rows are saved even if others are refused; refused rows are listed with the reason.
import-again = Importing the same file again changes nothing: organisations are found again by charity number, company number or name. Files over 2 MB are imported with the command compact import organisations.
import-file-label = The file
import-file-hint = A .csv file, or the extract's .txt file (tab-separated), with its header row
import-format-legend = Layout of the file
import-format-auto = Work it out from the header row
import-format-charity-commission = Charity Commission register extract
import-format-compact = Compact's own layout
import-dry-run = Only check the file: show what would happen, and save nothing
import-button = Import
import-done = The import is done
import-done-dry-run = The file was checked: nothing was saved
import-created = New organisations
import-updated = Organisations updated
import-unchanged = Organisations already up to date
import-rejected = Rows refused
import-problems = Rows refused, and why
import-col-row = Row
import-col-column = Column
import-col-problem = Problem (in English)
import-more-problems = And { $count } more problems: import the file with the command compact import organisations for the full report.
import-another = Import another file
import-error-no-file = Choose a file to import
import-error-upload = The file could not be received: try again, or use a smaller file
import-error-unreadable = The file cannot be read: { $detail }
error-too-many-title = Too many requests
forgot-error-too-many = Too many requests for password links have come from your connection. Try again in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}.

## Consultations

nav-consultations = Consultations
consultations-title = Consultations
consultations-intro = Consultations that public bodies run under the Compact. Open ones take responses from voluntary and community organisations; closed ones say what was heard and what changed.
consultations-start = Start a consultation
consultations-current = Open for responses
consultations-awaiting = Closed, awaiting feedback
consultations-past = Past consultations
consultations-drafts = Drafts (not public)
consultations-none = None at present.
consultations-col-title = Consultation
consultations-col-lead = Run by
consultations-col-when = When
consultations-feeds = Follow new consultations and their feedback:
consultations-feed-atom = Atom feed
consultations-feed-ics = closing dates for your calendar (iCalendar)
consultation-days-left = { $days ->
    [0] Closes today
    [one] Closes tomorrow
   *[other] { $days } days left, closes { $date }
}
consultation-opens-on = Opens on { $date }
consultation-closed-on = Closed on { $date }
consultation-feedback-on = Feedback published on { $date }
consultation-status-draft = Draft
consultation-status-upcoming = Opens later
consultation-status-open = Open
consultation-status-awaiting = Awaiting feedback
consultation-status-past = Closed
consultation-lead = Run by
consultation-opens = Opens
consultation-closes = Closes
consultation-sectors = Sectors affected
consultation-areas = Areas of work affected
consultation-characteristics = Protected characteristics affected
consultation-contact = Contact
consultation-summary = Summary
consultation-proposal = What is proposed
consultation-how-to-respond = How to respond
consultation-resources = Resources agreed for the voluntary and community sector's part
consultation-documents = Documents
consultation-reason = Why the period is shorter
consultation-standing = Standing under the Compact
consultation-standard-reason = { $compact }'s standard is { $weeks } weeks: close on or after { $date }, or give the reason.
consultation-standard-no-exception = { $compact }'s standard is { $weeks } weeks: close on or after { $date }. It makes no exception for shorter periods.
consultation-standard-weeks = { $compact }'s standard is { $weeks } weeks from the opening date.
consultation-standard-none = { $compact } sets no length for consultations.
consultation-meets = The period meets the standard.
consultation-shorter-with-reason = The period is shorter than the standard, with a stated reason: the rules engine notes it as advisory.
consultation-shorter-without-reason = The period is shorter than the standard and no reason is given: the rules engine records this as a finding once the consultation is published.
consultation-shorter-no-exception = The period is shorter than the standard: the rules engine records this as a finding once the consultation is published.
consultation-feedback-due = Feedback is due by { $date }.
consultation-no-findings = The rules engine finds nothing about this consultation today.
consultation-draft-no-findings = The rules engine checks a consultation once it is published.
consultation-responses = Responses
consultation-response-count = { $count ->
    [0] No responses received yet.
    [one] 1 response received.
   *[other] { $count } responses received.
}
consultation-response-received = Received { $channel } on { $date }
consultation-confidential = Confidential
consultation-feedback = You said, we did
consultation-heard = What we heard
consultation-changed = What changed, and why
consultation-decision = The decision
consultation-decided-on = Decided on
consultation-feedback-published = Feedback published on
consultation-actions = What you can do
consultation-edit = Change the draft
consultation-publish = Publish the consultation
consultation-respond = Respond to this consultation
consultation-record-response = Record a response received by e-mail, letter or at a meeting
consultation-give-feedback = Publish feedback
channel-online = online
channel-email = by e-mail
channel-letter = by letter
channel-meeting = at a meeting
channel-other = another way
characteristic-age = Age
characteristic-disability = Disability
characteristic-gender-reassignment = Gender reassignment
characteristic-marriage-and-civil-partnership = Marriage and civil partnership
characteristic-pregnancy-and-maternity = Pregnancy and maternity
characteristic-race = Race
characteristic-religion-or-belief = Religion or belief
characteristic-sex = Sex
characteristic-sexual-orientation = Sexual orientation
consultation-new-title = Start a consultation
consultation-edit-title = Change the draft
consultation-form-intro = The consultation stays a draft, seen only by the lead's officers and the Compact's secretariat, until it is published.
consultation-save = Save the draft
consultation-publish-title = Publish the consultation
consultation-publish-intro = Once published, “{ $title }” is public, takes responses from { $opens } to { $closes }, and is checked against the Compact.
consultation-publish-button = Publish
consultation-respond-title = Respond to the consultation
consultation-respond-intro = Your response to “{ $title }”, for { $organisation }. Only the lead's officers and the Compact's secretariat read responses; the public sees how many were received.
consultation-respond-button = Send the response
consultation-record-title = Record a response
consultation-record-intro = A response to “{ $title }” received other than through this service.
consultation-record-button = Record the response
consultation-feedback-title = Publish feedback
consultation-feedback-intro = Tell respondents what you heard, what changed and why, and what was decided. The feedback is dated today, { $date }.
consultation-feedback-button = Publish the feedback
consultation-done-saved = The draft was saved.
consultation-done-published = The consultation is published.
consultation-done-responded = Your response was sent.
consultation-done-recorded = The response was recorded.
consultation-done-feedback = The feedback is published.
organisation-col-consultation = Consultation
label-lead = Public body running the consultation
label-title = Title
label-summary = Summary
label-proposal = What is proposed
label-sectors = Sectors affected
label-characteristics = Protected characteristics affected
label-opened-on = Opens on
label-closes-on = Closes on
label-shorter-period-reason = Why the period is shorter than the Compact's standard, if it is
label-documents = Documents (optional)
label-how-to-respond = How to respond
label-resources = Resources agreed for the voluntary and community sector's part (optional)
label-contact-name = Contact's name
label-contact-email = Contact's e-mail address
label-body = Response
label-confidential = Keep this response confidential
label-received-on = Received on
label-channel = How it was received
label-organisation = The responding organisation's number in the register (optional)
label-respondent-name = The person or group responding, if not an organisation of the register
label-heard = What we heard
label-changed = What changed, and why
label-decision = The decision
label-decided-on = Decided on
hint-documents = One a line: its title, then its address starting https://. Up to 20.
hint-areas-of-work = Short phrases, separated by commas, for example: older people, housing
field-lead = the public body running the consultation
field-title = a title
field-summary = a summary
field-proposal = what is proposed
field-sectors = the sectors affected
field-areas-of-work = each area of work
field-characteristics = the protected characteristics
field-opened-on = the opening date
field-closes-on = the closing date
field-shorter-period-reason = the reason
field-documents = the documents
field-how-to-respond = how to respond
field-resources = the resources agreed
field-contact-name = the contact's name
field-contact-email = the contact's e-mail address
field-body = the response
field-received-on = the date it was received
field-channel = how it was received
field-organisation = the organisation's number
field-respondent-name = who responded
field-heard = what you heard
field-changed = what changed, and why
field-decision = the decision
field-decided-on = the date of the decision
form-error-format-lead = Choose a public body of the register to run the consultation
form-error-format-sectors = Choose sectors from the list
form-error-format-characteristics = Choose protected characteristics from the list
form-error-format-documents = Give each document a title and an address starting https://, one a line
form-error-format-contact-email = Enter an e-mail address, like consult@example.org
form-error-format-channel = Choose e-mail, letter, meeting or another way
form-error-format-organisation = Enter the organisation's number in the register, like 12
form-error-too-early-closes-on = The closing date must be after the opening date: { $earliest } or later
form-error-too-early-received-on = A response cannot be received before the consultation opened: enter { $earliest } or later
form-error-too-early-decided-on = The decision cannot come before the consultation opened: enter { $earliest } or later
form-error-too-late-opened-on = A consultation can be set to open up to a year ahead: enter { $latest } or earlier
form-error-too-late-closes-on = A consultation runs for a year at most: close on { $latest } or earlier
form-error-too-many-documents = Link up to { $max } documents
form-error-too-many-areas-of-work = Name up to { $max } areas of work
conflict-consultation-published = This consultation was published on { $date }; a published consultation is not changed.
conflict-consultation-not-open = This consultation takes responses from { $opened } to { $closes }.
conflict-consultation-not-closed = Feedback is published after the consultation closes on { $date }.
conflict-feedback-published = Feedback on this consultation was published on { $date }.
conflict-consultation-draft = This consultation is still a draft: publish it first.

grants-import-title = Import grants (360Giving)
grants-import-intro = Upload a funder's grants as 360Giving data: a JSON data package, or the standard's spreadsheet layout saved as CSV. Each grant becomes a funding agreement of this Compact. Funders and recipients are found in the register by charity or company number, or by name, and entered when they are not there.
grants-import-again = A file with any problem imports nothing, and every problem is listed. Importing the same file again changes nothing: each agreement is found again by its grant identifier. Files over 2 MB are imported with the command compact import 360giving.
grants-import-file-hint = A .json or .csv file in the 360Giving Data Standard
grants-import-format-auto = Work it out from the file
grants-import-format-json = JSON data package
grants-import-format-csv = Spreadsheet (CSV)
grants-import-created = New agreements
grants-import-updated = Agreements updated
grants-import-unchanged = Agreements already up to date
grants-import-organisations-found = Organisations found in the register
grants-import-organisations-created = Organisations entered in the register
grants-import-refused = Nothing was imported: the file has { $count ->
    [one] 1 problem
   *[other] { $count } problems
} to correct, listed below
grants-import-problems = Problems to correct
grants-import-col-where = Where
grants-import-col-field = Field
grants-import-grant = Grant { $number }
grants-import-row = Row { $number }
grants-import-more-problems = And { $count } more problems: import the file with the command compact import 360giving for the full list.
