# Tudalennau Compact yn Gymraeg. Mae gan bob neges yma efaill yn en.ftl.
# Messages a native speaker should review are listed in REVIEW.md.

service-name = Compact
skip-link = Neidio i'r prif gynnwys
title-error-prefix = Gwall:
error-prefix = Gwall:
language-label = Iaith
nav-service-label = Gwybodaeth am y gwasanaeth
nav-menu-label = Dewislen
nav-home = Hafan
nav-findings = Canfyddiadau
nav-audit = Log archwilio
nav-account = Eich cyfrif
nav-sign-in = Mewngofnodi
nav-sign-out = Allgofnodi
breadcrumbs-label = Briwsion bara
phase-tag = Beta
phase-text = Mae hwn yn wasanaeth newydd. Dywedwch wrth ysgrifenyddiaeth y Compact beth yw eich barn amdano.
footer-heading = Ynglŷn â'r gwasanaeth hwn
footer-about = Mae Compact yn dangos sut mae'r cytundeb rhwng cyrff cyhoeddus a'r sector gwirfoddol a chymunedol yn cael ei gadw.
footer-api = Data ac API
notice-success = Llwyddiant
notice-important = Pwysig
error-summary-title = Mae problem wedi codi
error-go-home = Mynd i'r hafan
error-not-found-title = Heb ddod o hyd i'r dudalen
error-not-found = Os teipioch chi'r cyfeiriad gwe, gwiriwch ei fod yn gywir.
error-server-title = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
error-server = Rhowch gynnig arall arni yn nes ymlaen.
error-forbidden-title = Ni allwch weld y dudalen hon
error-forbidden = Nid yw eich cyfrif yn rhoi mynediad i'r dudalen hon. Gofynnwch i ysgrifenyddiaeth y Compact os ydych chi'n credu y dylai.
error-form-expired = Roedd y ffurflen wedi dod i ben. Rhowch gynnig arall arni.

month-1 = Ionawr
month-2 = Chwefror
month-3 = Mawrth
month-4 = Ebrill
month-5 = Mai
month-6 = Mehefin
month-7 = Gorffennaf
month-8 = Awst
month-9 = Medi
month-10 = Hydref
month-11 = Tachwedd
month-12 = Rhagfyr

# Gyda rhifolion, mae'r enw yn aros yn unigol: "12 wythnos".
weeks = { $count } wythnos
days = { $count } diwrnod
months = { $count } mis
years = { $count ->
    [one] 1 flwyddyn
   *[other] { $count } blynedd
}

compacts-title = Compactau lleol
compacts-intro = Cytundeb yw pob Compact rhwng cyrff cyhoeddus ardal a'i mudiadau gwirfoddol, cymunedol a mentrau cymdeithasol.
compacts-none = Nid oes Compact yn y gwasanaeth hwn eto.

compact-area = Ardal
compact-edition = Argraffiad
compact-edition-date = Dyddiad
compact-managed-by = Yn cael ei redeg gan
compact-contact = Cysylltu
compact-intro = Y Compact hwn yw'r cytundeb rhwng cyrff cyhoeddus { $area } a'i mudiadau gwirfoddol, cymunedol a mentrau cymdeithasol. Mae'n nodi sut y byddan nhw'n cydweithio a beth y gall pob un ei ddisgwyl gan y llall.
compact-languages-note = Dangosir testun y Compact ei hun yn yr iaith y cafodd ei ysgrifennu ynddi.
compact-principles = Egwyddorion a rennir
compact-commitments-promise = Addewidion
compact-commitments-strand = Llinynnau
compact-commitments-theme = Themâu
compact-undertakings-by-joint = Gyda'n gilydd
compact-undertakings-by-public = Bydd cyrff cyhoeddus yn
compact-undertakings-by-vcse = Bydd mudiadau gwirfoddol a chymunedol yn
compact-general-undertakings = Ymrwymiadau eraill
compact-standards = Beth mae'r Compact yn ei addo, mewn geiriau syml
compact-standards-none = Nid yw'r Compact hwn yn gosod terfynau amser y gellir eu gwirio.
compact-codes = Codau ymarfer
compact-code-status = Statws
compact-bodies = Pwy sy'n rhedeg y Compact
compact-seats = { $count ->
    [one] 1 sedd
   *[other] { $count } sedd
}
compact-disputes = Os aiff pethau o chwith
compact-dispute-stage = Cam { $number }: { $name }
compact-review = Adolygu'r Compact
compact-review-annual = Caiff ei adolygu bob blwyddyn.
compact-review-report = Cyhoeddir adroddiad blynyddol.
compact-review-meeting = Cynhelir cyfarfod blynyddol.
compact-sign-up = Sut i ymuno
compact-sign-up-text = Gall unrhyw gorff cyhoeddus neu fudiad gwirfoddol a chymunedol yn yr ardal ymuno â'r Compact. Cysylltwch â { $who } i ofyn.
compact-see-findings = Gweld sut mae'r Compact yn cael ei gadw

code-status-planned = Wedi'i gynllunio
code-status-draft = Drafft
code-status-adopted = Wedi'i fabwysiadu
code-status-under_review = Yn cael ei adolygu
code-status-withdrawn = Wedi'i dynnu'n ôl

strength-firm = ymrwymiad cadarn
strength-softened = ymrwymiad "lle bynnag y bo modd"

standard-consultation = Mae ymgynghoriadau'n para o leiaf { $weeks } ({ $strength }).
standard-consultation-reason = Rhaid rhoi rheswm dros ymgynghoriad byrrach.
standard-consultation-feedback = Cyhoeddir adborth o fewn { $days } i ymgynghoriad gau.
standard-funding-notice = Mae mudiadau'n cael o leiaf { $weeks } o rybudd am newid i'w cyllid ({ $strength }).
standard-reduction = Cyn lleihau neu ddod â chyllid i ben: ymgynghoriad o { $weeks } o leiaf, a { $months } o rybudd ffurfiol ({ $strength }).
standard-reduction-criteria = Cyhoeddir meini prawf y penderfyniad pan fydd yr ymgynghoriad yn agor.
standard-reduction-eia = Gwneir asesiad effaith cydraddoldeb ar y cyd cyn y penderfyniad.
standard-agreement-length = Mae cytundebau cyllid yn para { $years } neu fwy lle bo modd ({ $strength }).
standard-payment = Gwneir taliadau ar y dyddiadau a gytunwyd ({ $strength }).
standard-exit = Mae gan bob cytundeb cyllid strategaeth ymadael a gytunwyd ({ $strength }).
standard-champion = Mae pob llofnodwr yn enwi hyrwyddwr Compact ({ $strength }).
standard-champion-trained = Caiff hyrwyddwyr eu hyfforddi o fewn { $days } i gael eu henwi.

findings-title = Sut mae'r Compact yn cael ei gadw
findings-intro = Mae'r canfyddiadau hyn yn cymharu'r hyn a gofnodwyd â therfynau amser y Compact ei hun, ar { $date }.
findings-breach = Achosion o dorri
findings-advisory = Cynghorol
findings-due = Yn ddyledus cyn bo hir
findings-none = Dim i'w adrodd.
findings-confidential-hidden = { $count ->
    [one] Mae 1 canfyddiad am anghydfod yn gyfrinachol: mae'n cael ei gyfrif ond nid ei ddangos.
   *[other] Mae { $count } canfyddiad am anghydfodau yn gyfrinachol: maen nhw'n cael eu cyfrif ond nid eu dangos.
}
findings-table-caption = Canfyddiadau, y mwyaf difrifol yn gyntaf
findings-col-severity = Difrifoldeb
findings-col-rule = Rheol
findings-col-subject = Ynglŷn â
findings-col-date = Dyddiad
findings-col-why = Pam
severity-breach = Torri
severity-advisory = Cynghorol
severity-due = Yn ddyledus cyn bo hir
findings-shown = Yn dangos { $from } i { $to } o { $total }
pagination-label = Tudalennau
pagination-previous = Blaenorol
pagination-next = Nesaf
pagination-page = tudalen
pagination-page-label = Tudalen

sign-in-title = Mewngofnodi
sign-in-intro = Mewngofnodwch gyda chyfeiriad e-bost a chyfrinair eich cyfrif Compact.
sign-in-email = Cyfeiriad e-bost
sign-in-password = Cyfrinair
sign-in-button = Mewngofnodi
sign-in-error-email-missing = Rhowch eich cyfeiriad e-bost
sign-in-error-email-format = Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.org
sign-in-error-password-missing = Rhowch eich cyfrinair
sign-in-error-wrong = Nid yw'r cyfeiriad e-bost neu'r cyfrinair yn gywir
sign-in-error-throttled = Gormod o ymdrechion i fewngofnodi i'r cyfrif hwn. Arhoswch 15 munud, yna rhowch gynnig arall arni.
sign-in-no-account = Ysgrifenyddiaeth y Compact sy'n creu cyfrifon. Gofynnwch iddyn nhw os oes angen un arnoch.
signed-out = Rydych wedi allgofnodi.

account-title = Eich cyfrif
account-name = Enw
account-email = Cyfeiriad e-bost
account-roles = Beth gallwch chi ei wneud
account-role-col-compact = Compact
account-role-col-role = Rôl
account-role-col-organisation = Ar ran
account-no-roles = Nid oes gan eich cyfrif rôl eto. Gall ysgrifenyddiaeth y Compact roi un i chi.
role-secretariat = Ysgrifenyddiaeth
role-officer = Swyddog corff cyhoeddus
role-member = Aelod o fudiad
role-group = Aelod o Grŵp y Compact

audit-title = Log archwilio
audit-intro = Pob newid i gofnodion y Compact hwn, y mwyaf diweddar yn gyntaf. Mae pob cofnod yn cario ôl bys yr un o'i flaen, felly mae unrhyw newid diweddarach i'r log yn dangos.
audit-intact = Mae'r log yn gyflawn: gwiriwyd { $count } cofnod.
audit-broken = Mae'r log wedi'i newid wrth gofnod { $seq }: { $reason }
audit-filter = Hidlo
audit-filter-actor = Pwy (cyfeiriad e-bost)
audit-filter-action = Beth (er enghraifft records.import)
audit-filter-button = Hidlo
audit-col-when = Pryd
audit-col-who = Pwy
audit-col-what = Beth
audit-col-subject = Pwnc
audit-none = Dim cofnodion yn cyfateb.

sign-in-forgot = Wedi anghofio eich cyfrinair?
forgot-title = Ailosod eich cyfrinair
forgot-intro = Rhowch gyfeiriad e-bost eich cyfrif. Byddwn yn anfon dolen atoch i ddewis cyfrinair newydd.
forgot-button = Anfon y ddolen
forgot-sent-title = Gwiriwch eich e-bost
forgot-sent = Os oes cyfrif yn defnyddio'r cyfeiriad hwnnw, rydym wedi anfon dolen ato i ddewis cyfrinair newydd. Mae'r ddolen yn gweithio unwaith, o fewn 1 awr.
reset-email-subject = Dewiswch gyfrinair newydd ar gyfer Compact
reset-email-body = Helo { $name },

    Gofynnodd rhywun am ailosod cyfrinair eich cyfrif Compact. Os mai chi oedd hynny, agorwch y ddolen hon o fewn 1 awr i ddewis cyfrinair newydd:

    { $link }

    Os nad chi oedd hynny, gallwch anwybyddu'r e-bost hwn: nid yw eich cyfrinair wedi newid.
reset-title = Dewis cyfrinair newydd
reset-intro = Dewiswch gyfrinair o 12 nod o leiaf. Mae ychydig o eiriau y byddwch yn eu cofio yn gwneud un da.
reset-password = Cyfrinair newydd
reset-confirm = Teipiwch y cyfrinair newydd eto
reset-button = Cadw'r cyfrinair newydd
reset-error-weak = Dewiswch gyfrinair o 12 nod o leiaf nad yw'n un nod wedi'i ailadrodd
reset-error-mismatch = Nid yw'r ddau gyfrinair yr un fath
reset-error-link = Mae'r ddolen hon wedi dod i ben neu wedi'i defnyddio. Gofynnwch am un newydd.
password-reset-done = Mae eich cyfrinair wedi newid. Mewngofnodwch ag ef nawr.

account-tasks = I'w wneud yn { $compact }
task-findings = Edrych ar y canfyddiadau
task-nothing = Dim i'w wneud
task-breaches = { $count ->
    [one] 1 achos o dorri
   *[other] { $count } achos o dorri
}
task-audit = Gwirio'r log archwilio
task-audit-intact = Cyflawn
task-audit-broken = Wedi'i newid

rule-consultation-shorter_than_standard_without_reason = Ymgynghoriad byrrach na'r safon, heb reswm
rule-consultation-shorter_than_standard = Ymgynghoriad byrrach na'r safon, gyda rheswm
rule-consultation-feedback_overdue = Adborth ar ymgynghoriad yn hwyr
rule-funding-change_notice_too_short = Rhy ychydig o rybudd am newid i gyllid
rule-funding-reduction_without_consultation = Torri cyllid heb ymgynghoriad
rule-funding-reduction_consultation_too_short = Ymgynghoriad ar dorri cyllid yn rhy fyr
rule-funding-reduction_criteria_not_published = Meini prawf ar gyfer torri cyllid heb eu cyhoeddi ar y dechrau
rule-funding-reduction_without_impact_assessment = Torri cyllid heb asesiad effaith cydraddoldeb ar y cyd
rule-funding-decision_before_consultation_closed = Penderfynu ar gyllid cyn i'r ymgynghoriad gau
rule-funding-formal_notice_too_short = Rhy ychydig o rybudd ffurfiol am dorri cyllid
rule-funding-agreement_shorter_than_preferred = Cytundeb cyllid yn fyrrach na'r hyn a ffefrir
rule-funding-payment_late = Taliad yn hwyr
rule-funding-no_exit_strategy = Cyllid wedi dod i ben neu wedi'i dorri heb strategaeth ymadael
rule-dispute-stage_deadline_missed = Terfyn amser cam anghydfod wedi'i fethu
rule-governance-composition_mismatch = Nid yw'r seddau'n cyfateb i'r Compact
rule-signatory-no_champion = Llofnodwr heb hyrwyddwr Compact
rule-signatory-champion_not_trained = Hyrwyddwr Compact heb ei hyfforddi mewn pryd
rule-review-annual_review_overdue = Adolygiad blynyddol yn hwyr
rule-review-milestone_overdue = Carreg filltir cynllun gweithredu yn hwyr

date-opened = Agorwyd
date-closes = Yn cau
date-closed = Caewyd
date-required_close = Ni ddylai gau cyn
date-feedback_due = Adborth yn ddyledus erbyn
date-feedback_published = Adborth wedi'i gyhoeddi
date-starts = Yn dechrau
date-ends = Yn gorffen
date-due = Yn ddyledus
date-paid = Talwyd
date-exit_strategy_due = Strategaeth ymadael yn ddyledus erbyn
date-exit_strategy_agreed = Strategaeth ymadael wedi'i chytuno
date-decided = Penderfynwyd
date-effective = Yn dod i rym
date-notice_given = Rhybudd wedi'i roi
date-notice_due_by = Rhybudd yn ddyledus erbyn
date-consultation_opened = Ymgynghoriad wedi agor
date-consultation_closes = Ymgynghoriad yn cau
date-impact_assessment_completed = Asesiad effaith wedi'i gwblhau
date-last_allowed_day = Y diwrnod olaf a ganiateir
date-raised = Codwyd
date-stage_entered = Dechreuodd y cam
date-meeting_held = Cynhaliwyd cyfarfod
date-response_given = Rhoddwyd ymateb
date-investigation_concluded = Daeth yr ymchwiliad i ben
date-ruling_given = Rhoddwyd dyfarniad
date-resolved = Datryswyd
date-withdrawn = Tynnwyd yn ôl
date-as_of = Ar
date-previous_review = Adolygiad blaenorol
date-edition = Dyddiad yr argraffiad
date-review_due = Adolygiad yn ddyledus erbyn
date-review_completed = Adolygiad wedi'i gwblhau
date-milestone_due = Carreg filltir yn ddyledus
date-signed = Ymunodd
date-appointed = Enwyd hyrwyddwr
date-training_due = Hyfforddiant yn ddyledus erbyn
date-trained = Hyfforddwyd
findings-explanation-english = Yr esboniad yn Saesneg
