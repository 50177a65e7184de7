//! Table tests of reading and planning councils' spreadsheets.

use super::*;
use crate::definition::OrganisationKind;
use crate::ids::*;
use chrono::NaiveDate;

fn today() -> crate::Date {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fn directory() -> Directory {
    Directory::new(vec![
        Party {
            id: OrganisationId(1),
            name: "Wigan Council".into(),
            kind: OrganisationKind::LocalAuthority,
            charity_number: None,
            company_number: None,
        },
        Party {
            id: OrganisationId(2),
            name: "Leigh Food Bank".into(),
            kind: OrganisationKind::Charity,
            charity_number: Some("1100001".into()),
            company_number: Some("01234567".into()),
        },
        Party {
            id: OrganisationId(3),
            name: "NHS Wigan".into(),
            kind: OrganisationKind::Nhs,
            charity_number: None,
            company_number: None,
        },
    ])
}

const AGREEMENTS: &str = "Reference,Title,Funder,Recipient,Kind,Amount,Starts on,Ends on\n\
    WC-1,Food parcels,Wigan Council,1100001,Grant,\"£12,500.00\",2025-04-01,31/03/2027\n";

fn plan_of(
    text: &str,
    stored: &StoredRecords,
    may: &dyn Fn(OrganisationId) -> bool,
) -> Vec<PlannedRow> {
    let sheet = read_sheet(text.as_bytes(), None).unwrap();
    plan(&sheet, &directory(), stored, today(), choices(), may)
}

/// What a Compact lets a consultation name as affected: its three sectors
/// and the nine protected characteristics.
fn choices() -> crate::consultation::Choices<'static> {
    use crate::definition::{ProtectedCharacteristic, Sector};
    crate::consultation::Choices {
        sectors: &[Sector::Public, Sector::Vcse, Sector::Private],
        characteristics: &ProtectedCharacteristic::ALL,
    }
}

fn anyone(_: OrganisationId) -> bool {
    true
}

fn refused(planned: &PlannedRow) -> Vec<(String, String)> {
    match &planned.planned {
        Planned::Refused(problems) => problems
            .iter()
            .map(|p| (p.column.clone(), p.problem.clone()))
            .collect(),
        other => panic!("row {} was not refused: {other:?}", planned.row),
    }
}

#[test]
fn the_kind_is_recognised_from_the_header_and_headers_ignore_case_and_spaces() {
    let cases = [
        (
            "reference,title,funder,recipient,kind,amount,starts_on,ends_on\n",
            SheetKind::Agreements,
        ),
        (
            "Reference, Agreement reference ,Due on,Amount\n",
            SheetKind::Payments,
        ),
        (
            "REFERENCE,agreement_reference,kind,decided on,effective on\n",
            SheetKind::Changes,
        ),
    ];
    for (header, kind) in cases {
        assert_eq!(
            read_sheet(header.as_bytes(), None).unwrap().kind,
            kind,
            "{header}"
        );
    }
}

#[test]
fn headers_that_cannot_be_read_refuse_the_whole_file() {
    let cases: [(&str, &str); 5] = [
        ("", "empty"),
        ("name,kind\n", "does not show which records"),
        (
            "reference,agreement_reference,due_on\n",
            "lacks the column(s) amount",
        ),
        (
            "reference,agreement_reference,due_on,amount,colour\n",
            "colour",
        ),
        ("reference,reference,due_on\n", "twice"),
    ];
    for (text, words) in cases {
        let err = read_sheet(text.as_bytes(), None).unwrap_err().to_string();
        assert!(err.contains(words), "{text:?}: {err}");
    }
}

#[test]
fn a_good_agreement_row_is_created_with_amounts_in_pence() {
    let planned = plan_of(AGREEMENTS, &StoredRecords::default(), &anyone);
    let Planned::Create(RecordPlan::Agreement(a)) = &planned[0].planned else {
        panic!("{planned:?}");
    };
    assert_eq!(planned[0].reference, "WC-1");
    assert_eq!(a.amount.0, 1_250_000);
    assert_eq!(a.funder, OrganisationId(1));
    assert_eq!(a.recipient, OrganisationId(2));
    assert_eq!(a.ends_on, NaiveDate::from_ymd_opt(2027, 3, 31).unwrap());
}

#[test]
fn the_same_row_again_is_unchanged_and_a_changed_row_is_an_update() {
    let first = plan_of(AGREEMENTS, &StoredRecords::default(), &anyone);
    let Planned::Create(RecordPlan::Agreement(mut a)) = first[0].planned.clone() else {
        panic!()
    };
    a.id = AgreementId(9);
    let stored = StoredRecords {
        agreements: vec![("WC-1".into(), a)],
        ..Default::default()
    };
    assert_eq!(
        plan_of(AGREEMENTS, &stored, &anyone)[0].planned,
        Planned::Unchanged
    );
    let changed = AGREEMENTS.replace("£12,500.00", "13000");
    let Planned::Update { before, after } = &plan_of(&changed, &stored, &anyone)[0].planned else {
        panic!()
    };
    let (RecordPlan::Agreement(b), RecordPlan::Agreement(a)) = (before, after) else {
        panic!()
    };
    assert_eq!(
        (b.amount.0, a.amount.0, a.id),
        (1_250_000, 1_300_000, AgreementId(9))
    );
}

#[test]
fn bad_rows_are_refused_naming_the_column_and_what_was_expected() {
    let header = "reference,title,funder,recipient,kind,amount,starts_on,ends_on\n";
    let cases = [
        (
            "WC-1,T,Nobody,1100001,grant,100,2025-04-01,2026-03-31",
            "funder",
            "no organisation",
        ),
        (
            "WC-1,T,1100001,1100001,grant,100,2025-04-01,2026-03-31",
            "funder",
            "public body",
        ),
        (
            "WC-1,T,Wigan Council,Wigan Council,grant,100,2025-04-01,2026-03-31",
            "recipient",
            "VCSE",
        ),
        (
            "WC-1,T,Wigan Council,1100001,gift,100,2025-04-01,2026-03-31",
            "kind",
            "grant, contract",
        ),
        (
            "WC-1,T,Wigan Council,1100001,grant,lots,2025-04-01,2026-03-31",
            "amount",
            "pounds",
        ),
        (
            "WC-1,T,Wigan Council,1100001,grant,100,1st April,2026-03-31",
            "starts_on",
            "31/03/2026",
        ),
        (
            ",T,Wigan Council,1100001,grant,100,2025-04-01,2026-03-31",
            "reference",
            "empty",
        ),
        (
            "WC-1,,Wigan Council,1100001,grant,100,2025-04-01,2026-03-31",
            "title",
            "empty",
        ),
        (
            "WC-1,T,Wigan Council,1100001,grant,100,2025-04-01",
            "",
            "cells",
        ),
    ];
    for (row, column, words) in cases {
        let planned = plan_of(
            &format!("{header}{row}\n"),
            &StoredRecords::default(),
            &anyone,
        );
        let problems = refused(&planned[0]);
        assert!(
            problems
                .iter()
                .any(|(c, p)| c == column && p.contains(words)),
            "{row}: {problems:?}"
        );
        assert_eq!(planned[0].row, 2);
    }
}

#[test]
fn an_officer_may_import_only_the_funding_of_a_body_they_act_for() {
    let only_nhs = |id: OrganisationId| id == OrganisationId(3);
    let problems = refused(&plan_of(AGREEMENTS, &StoredRecords::default(), &only_nhs)[0]);
    assert!(
        problems
            .iter()
            .any(|(c, p)| c == "funder" && p.contains("you do not act for Wigan Council")),
        "{problems:?}"
    );
}

#[test]
fn a_record_may_appear_once_in_a_file() {
    let text = format!("{AGREEMENTS}{}", AGREEMENTS.lines().nth(1).unwrap());
    let planned = plan_of(&text, &StoredRecords::default(), &anyone);
    assert!(matches!(planned[0].planned, Planned::Create(_)));
    let problems = refused(&planned[1]);
    assert!(
        problems
            .iter()
            .any(|(c, p)| c == "reference" && p.contains("row 2")),
        "{problems:?}"
    );
}

fn stored_agreement() -> StoredRecords {
    let first = plan_of(AGREEMENTS, &StoredRecords::default(), &anyone);
    let Planned::Create(RecordPlan::Agreement(mut a)) = first[0].planned.clone() else {
        panic!()
    };
    a.id = AgreementId(9);
    StoredRecords {
        agreements: vec![("WC-1".into(), a)],
        ..Default::default()
    }
}

#[test]
fn payments_and_changes_name_their_agreement_by_its_reference() {
    let stored = stored_agreement();
    let payments = "reference,agreement_reference,due_on,amount,paid_on\nP1,WC-1,2025-04-01,6250,01/04/2025\nP2,WC-9,2025-04-01,6250,\n";
    let planned = plan_of(payments, &stored, &anyone);
    let Planned::Create(RecordPlan::Payment { agreement, payment }) = &planned[0].planned else {
        panic!("{planned:?}")
    };
    assert_eq!((*agreement, payment.amount.0), (AgreementId(9), 625_000));
    let problems = refused(&planned[1]);
    assert!(problems
        .iter()
        .any(|(c, p)| c == "agreement_reference" && p.contains("import the agreements first")));

    let changes = "reference,agreement_reference,kind,decided_on,effective_on,new_amount\nC1,WC-1,reduction,2025-09-01,2025-12-01,\"£20,000\"\n";
    let problems = refused(&plan_of(changes, &stored, &anyone)[0]);
    assert!(
        problems
            .iter()
            .any(|(c, p)| c == "new_amount" && p.contains("less than")),
        "{problems:?}"
    );
}

mod consultations;
