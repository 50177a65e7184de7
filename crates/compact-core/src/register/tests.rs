use super::*;
use crate::definition::OrganisationKind::{self, *};
use crate::model::Records;
use crate::rules::fixtures::{champion, date as d, organisation, signatory};
use proptest::prelude::*;

fn withdrawn(mut s: Signatory, on: Date) -> Signatory {
    s.withdrawn_on = Some(on);
    s.withdrawal_reason = Some("Closed".into());
    s
}

fn sample() -> Records {
    let mut council = organisation(1, "Wiltshire Council", LocalAuthority);
    council.areas_of_work = vec!["Housing".into()];
    let mut larder = organisation(2, "trowbridge larder", Charity);
    larder.areas_of_work = vec!["food poverty".into(), "older people".into()];
    larder.postcode = "BA14 8JN".parse().ok();
    larder.charity_number = "1123456".parse().ok();
    let shop = organisation(3, "Corner Shop Ltd", Business);
    let choir = organisation(4, "Amesbury Choir", CommunityGroup);
    Records {
        organisations: vec![council, larder, shop, choir],
        signatories: vec![
            signatory(10, 1, d(2020, 1, 10)),
            withdrawn(signatory(11, 2, d(2021, 5, 1)), d(2023, 6, 30)),
            signatory(12, 2, d(2024, 2, 1)),
            withdrawn(signatory(13, 3, d(2022, 1, 1)), d(2022, 12, 31)),
        ],
        ..Records::default()
    }
}

fn standing(records: &Records, id: i64, on: Date) -> Standing {
    Register::on(records, on)
        .entry(crate::ids::OrganisationId(id))
        .map(|e| e.standing)
        .unwrap()
}

#[test]
fn standing_follows_every_sign_up_and_withdrawal() {
    let r = sample();
    for (id, on, expected) in [
        (1, d(2020, 1, 9), Standing::NotSigned),
        (1, d(2020, 1, 10), Standing::Signatory),
        (2, d(2021, 4, 30), Standing::NotSigned),
        (2, d(2021, 5, 1), Standing::Signatory),
        (2, d(2023, 6, 29), Standing::Signatory),
        // A withdrawal takes effect on its date.
        (2, d(2023, 6, 30), Standing::Withdrawn),
        (2, d(2024, 1, 31), Standing::Withdrawn),
        // Signed up again.
        (2, d(2024, 2, 1), Standing::Signatory),
        (3, d(2023, 1, 1), Standing::Withdrawn),
        (4, d(2026, 1, 1), Standing::NotSigned),
    ] {
        assert_eq!(standing(&r, id, on), expected, "organisation {id} on {on}");
    }
}

#[test]
fn the_register_is_sorted_by_name_without_regard_to_case() {
    let r = sample();
    let register = Register::on(&r, d(2026, 1, 1));
    let names: Vec<&str> = register
        .entries
        .iter()
        .map(|e| e.organisation.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Amesbury Choir",
            "Corner Shop Ltd",
            "trowbridge larder",
            "Wiltshire Council"
        ]
    );
}

#[test]
fn searches_filter_by_words_sector_kind_area_and_standing() {
    let r = sample();
    let register = Register::on(&r, d(2026, 1, 1));
    let names = |filter: Filter| -> Vec<String> {
        register
            .search(&filter)
            .iter()
            .map(|e| e.organisation.name.clone())
            .collect()
    };
    let all = Filter::default();
    assert_eq!(names(all.clone()).len(), 4);
    assert_eq!(
        names(Filter {
            text: "LARDER trow".into(),
            ..all.clone()
        }),
        ["trowbridge larder"]
    );
    assert_eq!(
        names(Filter {
            text: "ba14 8jn".into(),
            ..all.clone()
        }),
        ["trowbridge larder"]
    );
    assert_eq!(
        names(Filter {
            text: "1123456".into(),
            ..all.clone()
        }),
        ["trowbridge larder"]
    );
    assert!(names(Filter {
        text: "larder council".into(),
        ..all.clone()
    })
    .is_empty());
    assert_eq!(
        names(Filter {
            sector: Some(Sector::Vcse),
            ..all.clone()
        }),
        ["Amesbury Choir", "trowbridge larder"]
    );
    assert_eq!(
        names(Filter {
            kind: Some(Business),
            ..all.clone()
        }),
        ["Corner Shop Ltd"]
    );
    assert_eq!(
        names(Filter {
            area: Some("OLDER PEOPLE".into()),
            ..all.clone()
        }),
        ["trowbridge larder"]
    );
    assert_eq!(
        names(Filter {
            signatories_only: true,
            ..all.clone()
        }),
        ["trowbridge larder", "Wiltshire Council"]
    );
}

#[test]
fn signatories_are_counted_by_sector_on_the_date() {
    let r = sample();
    let count = |on| Register::on(&r, on).signatories_by_sector();
    assert_eq!(
        count(d(2022, 6, 1)),
        [(Sector::Public, 1), (Sector::Vcse, 1), (Sector::Private, 1)]
    );
    assert_eq!(
        count(d(2023, 7, 1)),
        [(Sector::Public, 1), (Sector::Vcse, 0), (Sector::Private, 0)]
    );
}

#[test]
fn areas_of_work_are_listed_once_each() {
    let r = sample();
    assert_eq!(
        Register::on(&r, d(2026, 1, 1)).areas_of_work(),
        ["Housing", "food poverty", "older people"]
    );
}

#[test]
fn growth_has_a_point_per_quarter_ending_on_the_date_asked() {
    let r = sample();
    let points = growth(&r.signatories, d(2024, 2, 10));
    assert_eq!(points.first().map(|p| p.on), Some(d(2020, 3, 31)));
    assert_eq!(points.last().map(|p| p.on), Some(d(2024, 2, 10)));
    // 2020 Q1 to 2024 Q1 inclusive.
    assert_eq!(points.len(), 17);
    let at = |on| points.iter().find(|p| p.on == on).unwrap();
    assert_eq!(at(d(2020, 3, 31)).signatories, 1);
    assert_eq!(at(d(2020, 3, 31)).joined, 1);
    assert_eq!(
        at(d(2022, 12, 31)).signatories,
        2,
        "the shop withdrew on its last day"
    );
    assert_eq!(at(d(2022, 12, 31)).left, 1);
    assert_eq!(at(d(2023, 6, 30)).signatories, 1);
    assert_eq!(at(d(2024, 2, 10)).signatories, 2);
    assert!(growth(&r.signatories, d(2019, 1, 1)).is_empty());
}

#[test]
fn a_sign_up_form_is_read_with_every_problem_reported() {
    let today = d(2026, 11, 25);
    let good = SignUpInput {
        signed_on: "20/11/2026".into(),
        signed_by: " Amira Khan ".into(),
        signer_role: "Chair of Trustees".into(),
        authority_confirmed: true,
        champion: ChampionInput {
            name: "Tom Price".into(),
            role: "Operations manager".into(),
            contact: "tom@example.org".into(),
            appointed_on: String::new(),
            trained_on: String::new(),
        },
    };
    let signed = good.check(today, None).unwrap();
    assert_eq!(signed.signed_on, d(2026, 11, 20));
    assert_eq!(
        signed.signed_by_with_role(),
        "Amira Khan, Chair of Trustees"
    );
    assert_eq!(signed.champion.appointed_on, d(2026, 11, 20));
    assert_eq!(signed.champion.trained_on, None);

    let problems = |input: &SignUpInput| -> Vec<(&str, Problem)> {
        input
            .check(today, None)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect()
    };
    assert_eq!(
        problems(&SignUpInput::default()),
        [
            ("signed_on", Problem::Missing),
            ("signed_by", Problem::Missing),
            ("signer_role", Problem::Missing),
            ("champion_name", Problem::Missing),
            ("champion_role", Problem::Missing),
            ("champion_contact", Problem::Missing),
            ("authority", Problem::Missing),
        ]
    );
    let mut late = good.clone();
    late.signed_on = "26/11/2026".into();
    late.champion.trained_on = "31/02/2026".into();
    assert_eq!(
        problems(&late),
        [
            ("signed_on", Problem::InFuture),
            ("champion_trained_on", Problem::NotADate)
        ]
    );
    let mut early = good.clone();
    early.champion.trained_on = "1/11/2026".into();
    early.signed_by = "x".repeat(MAX_TEXT + 1);
    assert_eq!(
        problems(&early),
        [
            ("signed_by", Problem::TooLong),
            ("champion_trained_on", Problem::TooEarly)
        ]
    );
}

#[test]
fn a_withdrawal_cannot_come_before_the_signing_or_after_today() {
    let today = d(2026, 11, 25);
    let signed = d(2024, 1, 1);
    let input = |on: &str, reason: &str| WithdrawalInput {
        withdrawn_on: on.into(),
        reason: reason.into(),
    };
    assert_eq!(
        input("1/1/2024", "Merged").check(today, signed),
        Ok((d(2024, 1, 1), "Merged".to_string()))
    );
    let problems = |i: WithdrawalInput| i.check(today, signed).unwrap_err();
    assert_eq!(
        problems(input("31/12/2023", "Merged"))[0].problem,
        Problem::TooEarly
    );
    assert_eq!(
        problems(input("26/11/2026", "Merged"))[0].problem,
        Problem::InFuture
    );
    assert_eq!(problems(input("1/1/2025", " "))[0].field, "reason");
}

#[test]
fn a_champion_is_not_trained_before_appointment() {
    let today = d(2026, 11, 25);
    let input = ChampionInput {
        name: "Jo".into(),
        role: "Manager".into(),
        contact: "01225 000000".into(),
        appointed_on: "1/6/2025".into(),
        trained_on: "2/6/2025".into(),
    };
    assert_eq!(
        input.check(today, d(2025, 1, 1)),
        Ok(champion("Jo", d(2025, 6, 1), Some(d(2025, 6, 2))).with("Manager", "01225 000000"))
    );
    let mut before_signing = input.clone();
    before_signing.appointed_on = "31/12/2024".into();
    assert_eq!(
        before_signing.check(today, d(2025, 1, 1)).unwrap_err()[0],
        FieldProblem::out_of_range(
            "champion_appointed_on",
            crate::date_ranges::OutOfRange::TooEarly,
            crate::date_ranges::after_signing(d(2025, 1, 1), today)
        )
    );
}

#[test]
fn sign_up_dates_are_refused_outside_their_range_with_the_range() {
    use crate::date_ranges::{DateRange, Since};
    let today = d(2026, 12, 1);
    let edition = Some(d(2009, 11, 1));
    let input = |signed_on: &str| SignUpInput {
        signed_on: signed_on.into(),
        signed_by: "Amira Khan".into(),
        signer_role: "Chair".into(),
        authority_confirmed: true,
        champion: ChampionInput {
            name: "Tom Price".into(),
            role: "Manager".into(),
            contact: "tom@example.org".into(),
            appointed_on: String::new(),
            trained_on: String::new(),
        },
    };
    let since_edition = DateRange {
        earliest: d(2009, 11, 1),
        latest: today,
        since: Since::Edition,
    };
    let since_1998 = DateRange {
        earliest: d(1998, 1, 1),
        latest: today,
        since: Since::CompactsBegan,
    };
    let cases = [
        // (typed, edition date, problem and range, or the date read)
        (
            "01/01/0001",
            edition,
            Err((Problem::TooEarly, since_edition)),
        ),
        (
            "1000-01-01",
            edition,
            Err((Problem::TooEarly, since_edition)),
        ),
        (
            "31/10/2009",
            edition,
            Err((Problem::TooEarly, since_edition)),
        ),
        ("1/11/2009", edition, Ok(d(2009, 11, 1))),
        ("1/12/2026", edition, Ok(today)),
        (
            "2/12/2026",
            edition,
            Err((Problem::InFuture, since_edition)),
        ),
        (
            "9999-12-31",
            edition,
            Err((Problem::InFuture, since_edition)),
        ),
        ("31/12/1997", None, Err((Problem::TooEarly, since_1998))),
        ("1/1/1998", None, Ok(d(1998, 1, 1))),
    ];
    for (typed, edition, expected) in cases {
        let got = input(typed).check(today, edition);
        match expected {
            Ok(date) => assert_eq!(got.map(|s| s.signed_on), Ok(date), "{typed}"),
            Err((problem, range)) => assert_eq!(
                got.unwrap_err(),
                [FieldProblem {
                    field: "signed_on",
                    problem,
                    range: Some(range)
                }],
                "{typed}"
            ),
        }
    }
}

trait WithContact {
    fn with(self, role: &str, contact: &str) -> Self;
}

impl WithContact for crate::model::Champion {
    fn with(mut self, role: &str, contact: &str) -> Self {
        self.role = role.into();
        self.contact = contact.into();
        self
    }
}

fn any_kind() -> impl Strategy<Value = OrganisationKind> {
    prop::sample::select(OrganisationKind::ALL.to_vec())
}

fn any_records() -> impl Strategy<Value = Records> {
    let orgs = prop::collection::vec(any_kind(), 1..30);
    let signups = prop::collection::vec(
        (0usize..30, 0u32..3000, prop::option::of(0u32..1500)),
        0..60,
    );
    (orgs, signups).prop_map(|(kinds, signups)| {
        let organisations: Vec<_> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| organisation(i as i64 + 1, &format!("Org {i}"), *k))
            .collect();
        let start = d(2018, 1, 1);
        let signatories = signups
            .into_iter()
            .enumerate()
            .map(|(i, (org, from, length))| {
                let org = (org % organisations.len()) as i64 + 1;
                let signed_on = crate::calendar::days_after(start, from);
                let mut s = signatory(i as i64 + 1, org, signed_on);
                s.withdrawn_on = length.map(|l| crate::calendar::days_after(signed_on, l));
                s
            })
            .collect();
        Records {
            organisations,
            signatories,
            ..Records::default()
        }
    })
}

proptest! {
    #[test]
    fn counts_and_growth_agree_with_standings(records in any_records(), day in 0u32..5000) {
        let on = crate::calendar::days_after(d(2018, 1, 1), day);
        let register = Register::on(&records, on);
        let current = register.entries.iter().filter(|e| e.standing == Standing::Signatory).count();
        let by_sector: usize = register.signatories_by_sector().iter().map(|(_, n)| n).sum();
        prop_assert_eq!(by_sector, current);
        let only = register.search(&Filter { signatories_only: true, ..Filter::default() });
        prop_assert_eq!(only.len(), current);
        let points = growth(&records.signatories, on);
        if let Some(last) = points.last() {
            prop_assert_eq!(last.on, on);
            prop_assert_eq!(last.signatories, current);
        } else {
            prop_assert_eq!(current, 0);
        }
        for e in &register.entries {
            match e.standing {
                Standing::Signatory => prop_assert!(e.signatory.unwrap().is_current_on(on)),
                Standing::Withdrawn => prop_assert!(e.signatory.unwrap().withdrawn_on.unwrap() <= on),
                Standing::NotSigned => prop_assert!(e.signatory.is_none()),
            }
        }
    }

    #[test]
    fn every_sector_filter_keeps_only_that_sector(records in any_records(), sector in prop::sample::select(vec![Sector::Public, Sector::Vcse, Sector::Private])) {
        let register = Register::on(&records, d(2030, 1, 1));
        let kept = register.search(&Filter { sector: Some(sector), ..Filter::default() });
        prop_assert!(kept.iter().all(|e| e.organisation.kind.sector() == sector));
        let expected = records.organisations.iter().filter(|o| o.kind.sector() == sector).count();
        prop_assert_eq!(kept.len(), expected);
    }
}

#[test]
fn sign_ups_of_one_organisation_never_overlap() {
    let open = signatory(1, 1, d(2024, 1, 1));
    let closed = withdrawn(signatory(2, 1, d(2020, 1, 1)), d(2023, 3, 31));
    assert_eq!(
        check_new_sign_up(&[&open], d(2026, 1, 1)),
        Err(SignUpRefusal::AlreadySignedUp {
            since: d(2024, 1, 1)
        })
    );
    assert_eq!(check_new_sign_up(&[&closed], d(2023, 3, 31)), Ok(()));
    assert_eq!(
        check_new_sign_up(&[&closed], d(2023, 3, 30)),
        Err(SignUpRefusal::BeforeWithdrawal {
            withdrawn_on: d(2023, 3, 31)
        })
    );
    assert_eq!(check_new_sign_up(&[], d(2023, 3, 30)), Ok(()));
}

#[test]
fn an_organisation_form_is_read_into_a_record() {
    let input = OrganisationInput {
        name: " Trowbridge Larder ".into(),
        kind: "charity".into(),
        charity_number: "1123456".into(),
        company_number: "".into(),
        address: "Unit 4, Canal Road, Trowbridge".into(),
        postcode: "ba14 8jn".into(),
        website: "www.trowbridgelarder.org".into(),
        email: "hello@trowbridgelarder.org".into(),
        areas_of_work: "food poverty; older people, food poverty".into(),
        closed: false,
    };
    let o = input.check(crate::ids::OrganisationId(7)).unwrap();
    assert_eq!(o.name, "Trowbridge Larder");
    assert_eq!(o.kind, Charity);
    assert_eq!(o.postcode.unwrap().as_str(), "BA14 8JN");
    assert_eq!(
        o.areas_of_work,
        ["food poverty", "older people"],
        "each once, in order"
    );
    assert!(o.active);
    // The form filled from the record reads back to the same record.
    let again = OrganisationInput::of(&input.check(crate::ids::OrganisationId(7)).unwrap());
    assert_eq!(
        again.check(crate::ids::OrganisationId(7)),
        input.check(crate::ids::OrganisationId(7))
    );

    let bad = OrganisationInput {
        name: String::new(),
        kind: "bank".into(),
        charity_number: "12".into(),
        company_number: "ABC".into(),
        postcode: "nowhere".into(),
        website: "ftp://x".into(),
        email: "not an email".into(),
        ..OrganisationInput::default()
    };
    let problems: Vec<(&str, Problem)> = bad
        .check(crate::ids::OrganisationId(0))
        .unwrap_err()
        .into_iter()
        .map(|p| (p.field, p.problem))
        .collect();
    assert_eq!(
        problems,
        [
            ("name", Problem::Missing),
            ("kind", Problem::WrongFormat),
            ("charity_number", Problem::WrongFormat),
            ("company_number", Problem::WrongFormat),
            ("postcode", Problem::WrongFormat),
            ("website", Problem::WrongFormat),
            ("email", Problem::WrongFormat),
        ]
    );
}
