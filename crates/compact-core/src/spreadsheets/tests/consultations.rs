//! Table tests of spreadsheets of consultations.

use super::*;

const HEADER: &str = "Reference,Lead,Title,Summary,Proposal,Sectors,Characteristics,Opened on,\
    Closes on,Documents,How to respond,Contact name,Contact email,Status,Feedback heard,\
    Feedback changed,Decision,Decided on,Feedback published on\n";

/// Cells changed from the good row: (column, cell) pairs.
type Changes<'a> = &'a [(&'a str, &'a str)];

/// A row of [`HEADER`] with `changes` (column, cell) made to a good row:
/// a twelve-week consultation with its feedback.
fn row(changes: &[(&str, &str)]) -> String {
    let mut cells = vec![
        ("reference", "WC-C1"),
        ("lead", "Wigan Council"),
        ("title", "Day services review"),
        ("summary", "How day services are run."),
        ("proposal", "Merge two centres."),
        ("sectors", "Public; VCSE"),
        ("characteristics", "Age; Religion or belief"),
        ("opened_on", "2026-01-05"),
        ("closes_on", "30/03/2026"),
        (
            "documents",
            "Draft plan https://example.org/plan.pdf; Map https://example.org/map.pdf",
        ),
        ("how_to_respond", "Write to us."),
        ("contact_name", "Ann Lee"),
        ("contact_email", "ann@wigan.example"),
        ("status", ""),
        ("feedback_heard", "Keep both sites."),
        ("feedback_changed", "One site stays open."),
        ("decision", "Merge with one site kept."),
        ("decided_on", "2026-04-20"),
        ("feedback_published_on", "2026-04-27"),
    ];
    for (column, cell) in changes {
        let at = cells.iter().position(|(c, _)| c == column).unwrap();
        cells[at].1 = cell;
    }
    let quoted: Vec<String> = cells.iter().map(|(_, c)| format!("\"{c}\"")).collect();
    format!("{HEADER}{}\n", quoted.join(","))
}

fn created(planned: &PlannedRow) -> ConsultationRecord {
    match &planned.planned {
        Planned::Create(RecordPlan::Consultation(c)) => (**c).clone(),
        other => panic!("row {} was not created: {other:?}", planned.row),
    }
}

/// The record the good row makes, stored under its reference as number 5.
fn stored(changes: &[(&str, &str)]) -> StoredRecords {
    let mut c = created(&plan_of(&row(changes), &StoredRecords::default(), &anyone)[0]);
    c.id = crate::ids::ConsultationId(5);
    StoredRecords {
        consultations: vec![("WC-C1".into(), c)],
        ..Default::default()
    }
}

#[test]
fn a_good_row_is_a_published_consultation_with_its_lists_and_feedback() {
    let planned = plan_of(&row(&[]), &StoredRecords::default(), &anyone);
    assert_eq!(
        read_sheet(row(&[]).as_bytes(), None).unwrap().kind,
        SheetKind::Consultations
    );
    let c = created(&planned[0]);
    use crate::definition::{ProtectedCharacteristic as P, Sector};
    assert_eq!(c.lead, OrganisationId(1));
    assert_eq!(c.status, crate::consultation::Status::Published);
    assert_eq!(c.details.sectors, [Sector::Public, Sector::Vcse]);
    assert_eq!(c.details.characteristics, [P::Age, P::ReligionOrBelief]);
    assert_eq!(c.details.documents.len(), 2);
    assert_eq!(c.details.documents[1].title, "Map");
    assert_eq!(
        c.details.closes_on,
        NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()
    );
    assert_eq!(c.feedback.unwrap().decision, "Merge with one site kept.");
    assert_eq!(
        c.feedback_published_on,
        NaiveDate::from_ymd_opt(2026, 4, 27)
    );
    let draft = created(
        &plan_of(
            &row(&[
                ("status", "Draft"),
                ("feedback_heard", ""),
                ("feedback_changed", ""),
                ("decision", ""),
                ("decided_on", ""),
                ("feedback_published_on", ""),
            ]),
            &StoredRecords::default(),
            &anyone,
        )[0],
    );
    assert_eq!(draft.status, crate::consultation::Status::Draft);
    assert_eq!((draft.feedback, draft.feedback_published_on), (None, None));
}

#[test]
fn bad_consultation_rows_are_refused_naming_the_column() {
    let cases: &[(Changes, &str, &str)] = &[
        (&[("lead", "Leigh Food Bank")], "lead", "not a public body"),
        (&[("lead", "Nobody")], "lead", "no organisation"),
        (&[("lead", "")], "lead", "empty"),
        (&[("status", "closed")], "status", "published, draft"),
        (&[("sectors", "everyone")], "sectors", "semicolons"),
        (
            &[("characteristics", "Age; height")],
            "characteristics",
            "religion or belief",
        ),
        (&[("closes_on", "2026-01-01")], "closes_on", "on or after"),
        (&[("documents", "Draft plan")], "documents", "https://"),
        (&[("contact_email", "ann")], "contact_email", "email"),
        (&[("title", "")], "title", "empty"),
        (&[("status", "draft")], "status", "a draft has no feedback"),
        (
            &[("feedback_published_on", "2026-03-30")],
            "feedback_published_on",
            "after the closing date, 2026-03-30",
        ),
        (
            &[("feedback_published_on", "2026-07-01")],
            "feedback_published_on",
            "on or before 2026-06-01",
        ),
        (
            &[("feedback_published_on", "")],
            "feedback_published_on",
            "empty",
        ),
        (&[("decided_on", "")], "decided_on", "empty"),
        (
            &[("decided_on", "2026-05-01")],
            "feedback_published_on",
            "on or after the decision's date, 2026-05-01",
        ),
        (&[("feedback_heard", "")], "feedback_heard", "empty"),
    ];
    for (changes, column, words) in cases {
        let planned = plan_of(&row(changes), &StoredRecords::default(), &anyone);
        let problems = refused(&planned[0]);
        assert!(
            problems
                .iter()
                .any(|(c, p)| c == column && p.contains(words)),
            "{changes:?}: {problems:?}"
        );
    }
}

#[test]
fn an_officer_may_import_only_the_consultations_of_a_body_they_act_for() {
    let only_nhs = |id: OrganisationId| id == OrganisationId(3);
    let problems = refused(&plan_of(&row(&[]), &StoredRecords::default(), &only_nhs)[0]);
    assert!(
        problems.iter().any(|(c, p)| c == "lead"
            && p.contains("you do not act for Wigan Council")
            && p.contains("consultations")),
        "{problems:?}"
    );
    let theirs = plan_of(
        &row(&[("lead", "NHS Wigan")]),
        &StoredRecords::default(),
        &only_nhs,
    );
    assert_eq!(created(&theirs[0]).lead, OrganisationId(3));
}

#[test]
fn a_consultation_may_appear_once_in_a_file_per_lead() {
    let text = row(&[]);
    let again = text.lines().nth(1).unwrap();
    let other_lead = row(&[("lead", "NHS Wigan")]);
    let other_lead = other_lead.lines().nth(1).unwrap();
    let planned = plan_of(
        &format!("{text}{again}\n{other_lead}\n"),
        &StoredRecords::default(),
        &anyone,
    );
    assert!(matches!(planned[0].planned, Planned::Create(_)));
    assert!(refused(&planned[1])
        .iter()
        .any(|(c, p)| c == "reference" && p.contains("row 2")));
    assert!(matches!(planned[2].planned, Planned::Create(_)));
}

/// What a row does to the consultation stored from the good row: the same
/// row changes nothing; what the service lets anyone change is an update;
/// what it lets no one change is refused, naming the column.
#[test]
fn a_stored_consultation_changes_only_as_the_service_allows() {
    let published = stored(&[]);
    let without_feedback: &[(&str, &str)] = &[
        ("feedback_heard", ""),
        ("feedback_changed", ""),
        ("decision", ""),
        ("decided_on", ""),
        ("feedback_published_on", ""),
    ];
    let awaiting = stored(without_feedback);
    let draft = stored(&[without_feedback, &[("status", "draft")]].concat());
    let unchanged = |stored: &StoredRecords, changes: &[(&str, &str)]| {
        let planned = plan_of(&row(changes), stored, &anyone);
        assert_eq!(planned[0].planned, Planned::Unchanged, "{changes:?}");
    };
    let updated = |stored: &StoredRecords, changes: &[(&str, &str)]| {
        let planned = plan_of(&row(changes), stored, &anyone);
        let Planned::Update { before, after } = &planned[0].planned else {
            panic!("{changes:?}: {planned:?}")
        };
        let (RecordPlan::Consultation(b), RecordPlan::Consultation(a)) = (before, after) else {
            panic!()
        };
        assert_eq!((b.id.0, a.id.0), (5, 5));
        (**a).clone()
    };
    let refused_at = |stored: &StoredRecords, changes: &[(&str, &str)], column: &str| {
        let problems = refused(&plan_of(&row(changes), stored, &anyone)[0]);
        assert!(
            problems.iter().any(|(c, _)| c == column),
            "{changes:?}: {problems:?}"
        );
    };
    unchanged(&published, &[]);
    // Feedback published on the page stays when the file has none.
    unchanged(&published, without_feedback);
    unchanged(&awaiting, without_feedback);
    unchanged(&draft, &[without_feedback, &[("status", "draft")]].concat());
    // A draft may change and be published; feedback may be added.
    let a = updated(
        &draft,
        &[
            without_feedback,
            &[("status", "draft"), ("title", "Day care")],
        ]
        .concat(),
    );
    assert_eq!(a.details.title, "Day care");
    let a = updated(&draft, without_feedback);
    assert_eq!(a.status, crate::consultation::Status::Published);
    let a = updated(&awaiting, &[]);
    assert!(a.feedback.is_some());
    // A published consultation keeps what it said and its feedback.
    refused_at(&published, &[("title", "Day care")], "title");
    refused_at(&awaiting, &[("closes_on", "2026-04-06")], "closes_on");
    refused_at(&published, &[("status", "draft")], "status");
    refused_at(&published, &[("decision", "Keep both.")], "decision");
    refused_at(
        &published,
        &[("feedback_published_on", "2026-04-28")],
        "feedback_published_on",
    );
}

#[test]
fn a_compact_listing_no_characteristics_says_so() {
    let sheet = read_sheet(row(&[]).as_bytes(), None).unwrap();
    let choices = crate::consultation::Choices {
        sectors: &[
            crate::definition::Sector::Public,
            crate::definition::Sector::Vcse,
        ],
        characteristics: &[],
    };
    let planned = plan(
        &sheet,
        &directory(),
        &StoredRecords::default(),
        today(),
        choices,
        &anyone,
    );
    let problems = refused(&planned[0]);
    assert!(
        problems.iter().any(|(c, p)| c == "characteristics"
            && p == "this Compact lists no protected characteristics: leave this cell empty"),
        "{problems:?}"
    );
}

proptest::proptest! {
    /// Whatever a good row holds, importing it again changes nothing; a
    /// changed title updates a draft and is refused for a published one.
    #[test]
    fn a_row_imported_again_is_unchanged_and_a_new_title_follows_the_status(
        opened_days_ago in 60i64..3000,
        weeks in 1i64..8,
        title in "[A-Za-z][A-Za-z ]{0,40}[a-z]",
        draft in proptest::bool::ANY,
    ) {
        let opened = today() - chrono::Duration::days(opened_days_ago);
        let closes = opened + chrono::Duration::weeks(weeks);
        let (opened, closes) = (opened.to_string(), closes.to_string());
        let mut changes = vec![
            ("title", title.as_str()),
            ("opened_on", opened.as_str()),
            ("closes_on", closes.as_str()),
            ("feedback_heard", ""),
            ("feedback_changed", ""),
            ("decision", ""),
            ("decided_on", ""),
            ("feedback_published_on", ""),
        ];
        if draft {
            changes.push(("status", "draft"));
        }
        let stored = stored(&changes);
        let again = plan_of(&row(&changes), &stored, &anyone);
        proptest::prop_assert_eq!(&again[0].planned, &Planned::Unchanged);
        let renamed = format!("{title} (revised)");
        changes[0] = ("title", renamed.as_str());
        let planned = plan_of(&row(&changes), &stored, &anyone);
        match &planned[0].planned {
            Planned::Update { .. } => proptest::prop_assert!(draft),
            Planned::Refused(problems) => {
                proptest::prop_assert!(!draft);
                proptest::prop_assert_eq!(problems[0].column.as_str(), "title");
            }
            other => proptest::prop_assert!(false, "{:?}", other),
        }
    }
}
