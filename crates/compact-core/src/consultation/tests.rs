use super::*;
use crate::date_ranges::Since;
use crate::register::{FieldProblem, Problem};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 1, 10);

fn today() -> Date {
    d(TODAY.0, TODAY.1, TODAY.2)
}

const CHOICES: Choices = Choices {
    sectors: &[Sector::Public, Sector::Vcse],
    characteristics: &[
        ProtectedCharacteristic::Age,
        ProtectedCharacteristic::Disability,
    ],
};

fn good() -> ConsultationInput {
    ConsultationInput {
        title: "Library opening hours".into(),
        summary: "Shorter evening hours at three branches.".into(),
        proposal: "Close at 6pm rather than 8pm on weekdays.".into(),
        sectors: vec!["vcse".into()],
        areas_of_work: vec!["older people".into(), " Older People ".into(), "".into()],
        characteristics: vec!["age".into()],
        opened_on: "5/1/2026".into(),
        closes_on: "2026-03-30".into(),
        shorter_period_reason: "".into(),
        documents: DocumentInput::from_lines(
            "Draft plan https://example.org/plan.pdf\n\n  Map of branches  https://example.org/map ",
        ),
        how_to_respond: "Use the form, or write to the library service.".into(),
        resources: "".into(),
        contact_name: "Ana Jones".into(),
        contact_email: "ana@example.org".into(),
    }
}

fn problems(input: &ConsultationInput) -> Vec<(&'static str, Problem)> {
    match input.check(today(), CHOICES) {
        Ok(_) => Vec::new(),
        Err(ps) => ps.iter().map(|p| (p.field, p.problem)).collect(),
    }
}

#[test]
fn a_complete_consultation_reads() {
    let details = good().check(today(), CHOICES).unwrap();
    assert_eq!(details.opened_on, d(2026, 1, 5));
    assert_eq!(details.closes_on, d(2026, 3, 30));
    // Areas are kept once each, without blanks.
    assert_eq!(details.areas_of_work, vec!["older people".to_string()]);
    assert_eq!(details.sectors, vec![Sector::Vcse]);
    assert_eq!(details.documents.len(), 2);
    assert_eq!(details.documents[1].title, "Map of branches");
    assert_eq!(details.documents[1].url, "https://example.org/map");
    assert_eq!(details.resources, None);
    assert_eq!(details.shorter_period_reason, None);
}

#[test]
fn every_problem_is_reported_at_once() {
    type Change = fn(&mut ConsultationInput);
    let cases: Vec<(Change, Vec<(&str, Problem)>)> = vec![
        (|i| i.title = " ".into(), vec![("title", Problem::Missing)]),
        (
            |i| {
                i.summary.clear();
                i.contact_email = "not an address".into();
            },
            vec![
                ("summary", Problem::Missing),
                ("contact_email", Problem::WrongFormat),
            ],
        ),
        (
            |i| i.proposal = "x".repeat(MAX_LONG_TEXT + 1),
            vec![("proposal", Problem::TooLong)],
        ),
        (
            |i| i.sectors = vec!["private".into()],
            vec![("sectors", Problem::WrongFormat)],
        ),
        (
            |i| i.characteristics = vec!["height".into()],
            vec![("characteristics", Problem::WrongFormat)],
        ),
        (
            |i| i.opened_on = "31/02/2026".into(),
            vec![("opened_on", Problem::NotADate)],
        ),
        (
            |i| {
                i.opened_on = "1997-12-31".into();
                i.closes_on = "1998-03-31".into();
            },
            vec![("opened_on", Problem::TooEarly)],
        ),
        (
            |i| {
                i.opened_on = "2027-02-01".into();
                i.closes_on = "2027-06-01".into();
            },
            vec![("opened_on", Problem::TooLate)],
        ),
        (
            |i| i.closes_on = "2026-01-05".into(),
            vec![("closes_on", Problem::TooEarly)],
        ),
        (
            |i| i.closes_on = "2027-01-06".into(),
            vec![("closes_on", Problem::TooLate)],
        ),
        (
            |i| i.documents = DocumentInput::from_lines("Plan http://example.org/plan"),
            vec![("documents", Problem::WrongFormat)],
        ),
        (
            |i| i.documents = DocumentInput::from_lines("Just a title"),
            vec![("documents", Problem::WrongFormat)],
        ),
        (
            |i| {
                i.documents = (0..21)
                    .map(|n| DocumentInput {
                        title: format!("Part {n}"),
                        url: format!("https://example.org/{n}"),
                    })
                    .collect()
            },
            vec![("documents", Problem::TooMany)],
        ),
        (
            |i| i.areas_of_work = (0..21).map(|n| format!("area {n}")).collect(),
            vec![("areas_of_work", Problem::TooMany)],
        ),
        (
            |i| {
                i.how_to_respond.clear();
                i.contact_name.clear();
                i.contact_email.clear();
                i.closes_on.clear();
            },
            vec![
                ("closes_on", Problem::Missing),
                ("how_to_respond", Problem::Missing),
                ("contact_name", Problem::Missing),
                ("contact_email", Problem::Missing),
            ],
        ),
        // Shorter than the standard is the engine's finding, not a refusal.
        (|i| i.closes_on = "2026-01-20".into(), vec![]),
    ];
    for (i, (change, expected)) in cases.into_iter().enumerate() {
        let mut input = good();
        change(&mut input);
        assert_eq!(problems(&input), expected, "case {i}");
    }
}

#[test]
fn a_date_out_of_range_says_its_range() {
    let mut input = good();
    input.closes_on = "2027-02-01".into();
    let ps = input.check(today(), CHOICES).unwrap_err();
    let range = ps[0].range.unwrap();
    assert_eq!(range.earliest, d(2026, 1, 6));
    assert_eq!(range.latest, d(2027, 1, 5));
    assert_eq!(range.since, Since::Opening);
}

#[test]
fn only_https_addresses_with_a_host_are_documents() {
    for (url, ok) in [
        ("https://example.org", true),
        ("HTTPS://Example.org/a b", false),
        ("https://example.org/a?b=c#d", true),
        ("http://example.org", false),
        ("https://localhost", false),
        ("https://user@example.org", false),
        ("javascript:alert(1)", false),
        ("https://", false),
        ("", false),
    ] {
        assert_eq!(https_url(url).is_some(), ok, "{url}");
    }
}

#[test]
fn documents_read_back_from_their_lines() {
    let docs = vec![
        Document {
            title: "Draft plan".into(),
            url: "https://example.org/plan.pdf".into(),
        },
        Document {
            title: "Easy read".into(),
            url: "https://example.org/easy".into(),
        },
    ];
    let lines = DocumentInput::to_lines(&docs);
    let read: Vec<(String, String)> = DocumentInput::from_lines(&lines)
        .into_iter()
        .map(|d| (d.title, d.url))
        .collect();
    assert_eq!(
        read,
        docs.into_iter()
            .map(|d| (d.title, d.url))
            .collect::<Vec<_>>()
    );
}

#[test]
fn responses_and_feedback_are_checked() {
    let opened = d(2026, 1, 5);
    assert!(ResponseInput::default().check(today()).is_err());
    let online = ResponseInput {
        body: "We support this.".into(),
        confidential: true,
    }
    .check(today())
    .unwrap();
    assert_eq!(online.channel, Channel::Online);
    assert_eq!(online.received_on, today());

    let recorded = |channel: &str, received_on: &str, named: bool, name: &str| {
        RecordedResponseInput {
            body: "Sent by letter.".into(),
            confidential: false,
            received_on: received_on.into(),
            channel: channel.into(),
            organisation_named: named,
            respondent_name: name.into(),
        }
        .check(today(), opened)
        .map_err(|ps| ps.iter().map(|p| (p.field, p.problem)).collect::<Vec<_>>())
    };
    assert!(recorded("letter", "2026-01-06", true, "").is_ok());
    assert_eq!(
        recorded("online", "2026-01-04", false, ""),
        Err(vec![
            ("received_on", Problem::TooEarly),
            ("channel", Problem::WrongFormat),
            ("respondent_name", Problem::Missing),
        ])
    );
    assert_eq!(
        recorded("", "2026-01-11", false, "A resident"),
        Err(vec![
            ("received_on", Problem::InFuture),
            ("channel", Problem::Missing),
        ])
    );

    let feedback = FeedbackInput {
        heard: "Evenings matter to carers.".into(),
        changed: "One branch keeps late opening.".into(),
        decision: "Agreed with the change.".into(),
        decided_on: "2026-01-09".into(),
    };
    assert_eq!(
        feedback.check(today(), opened).unwrap().decided_on,
        d(2026, 1, 9)
    );
    let early = FeedbackInput {
        decided_on: "2026-01-01".into(),
        ..feedback
    };
    let ps: Vec<FieldProblem> = early.check(today(), opened).unwrap_err();
    assert_eq!(ps[0].problem, Problem::TooEarly);
}

#[test]
fn a_published_consultation_moves_through_its_phases() {
    let (opened, closes) = (d(2026, 1, 5), d(2026, 3, 30));
    assert_eq!(phase(opened, closes, false, d(2026, 1, 4)), Phase::Upcoming);
    assert_eq!(phase(opened, closes, false, opened), Phase::Open);
    assert_eq!(phase(opened, closes, false, closes), Phase::Open);
    assert_eq!(
        phase(opened, closes, false, d(2026, 3, 31)),
        Phase::AwaitingFeedback
    );
    assert_eq!(phase(opened, closes, true, d(2026, 3, 31)), Phase::Past);
}

#[test]
fn links_and_uploads_together_are_at_most_the_limit() {
    let mut input = good();
    input.documents = (0..MAX_DOCUMENTS - 3)
        .map(|n| DocumentInput {
            title: format!("Part {n}"),
            url: format!("https://example.org/{n}"),
        })
        .collect();
    assert!(input.check_beside_uploads(today(), CHOICES, 3).is_ok());
    let refused = input.check_beside_uploads(today(), CHOICES, 4).unwrap_err();
    assert_eq!(
        refused
            .iter()
            .map(|p| (p.field, p.problem))
            .collect::<Vec<_>>(),
        vec![("documents", Problem::TooMany)]
    );
}
