//! Funding agreements: length, payments and exit strategies.

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::{AgreementLength, Definition, ExitStrategy, Strength};
use compact_core::model::{ChangeKind, FundingAgreement, Records};
use compact_core::rules::fixtures::{self, agreement, change, date as d, payment};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::{AgreementId, Date, PaymentId};

const SHORT: RuleId = RuleId::FundingAgreementShorterThanPreferred;
const LATE: RuleId = RuleId::FundingPaymentLate;
const EXIT: RuleId = RuleId::FundingNoExitStrategy;

fn findings(
    def: &Definition,
    agreements: Vec<FundingAgreement>,
    as_of: Date,
    rule: RuleId,
) -> Vec<Finding> {
    let records = Records {
        agreements,
        ..Records::default()
    };
    let mut all = check(def, &records, as_of);
    all.retain(|f| f.rule == rule);
    all
}

fn run(def: &Definition, a: FundingAgreement, as_of: Date, rule: RuleId) -> Vec<Severity> {
    findings(def, vec![a], as_of, rule)
        .iter()
        .map(|f| f.severity)
        .collect()
}

#[test]
fn the_agreement_length_table() {
    let soft = fixtures::wiltshire();
    let mut firm = fixtures::wiltshire();
    firm.standards.agreement_length = Some(AgreementLength {
        preferred_years: 3,
        strength: Strength::Firm,
    });
    let as_of = d(2027, 6, 1);
    let cases: Vec<(&str, &Definition, Date, Date, Vec<Severity>)> = vec![
        (
            "1 April to 31 March three years on",
            &soft,
            d(2024, 4, 1),
            d(2027, 3, 31),
            vec![],
        ),
        (
            "a day short",
            &soft,
            d(2024, 4, 1),
            d(2027, 3, 30),
            vec![Severity::Advisory],
        ),
        (
            "a day short, firm",
            &firm,
            d(2024, 4, 1),
            d(2027, 3, 30),
            vec![Severity::Breach],
        ),
        (
            "one year",
            &soft,
            d(2026, 4, 1),
            d(2027, 3, 31),
            vec![Severity::Advisory],
        ),
        (
            "from 29 February",
            &soft,
            d(2024, 2, 29),
            d(2027, 2, 27),
            vec![],
        ),
        (
            "from 29 February, a day short",
            &soft,
            d(2024, 2, 29),
            d(2027, 2, 26),
            vec![Severity::Advisory],
        ),
        (
            "ends before it starts",
            &soft,
            d(2026, 4, 1),
            d(2026, 3, 1),
            vec![Severity::Advisory],
        ),
        (
            "starts after as_of",
            &soft,
            d(2027, 6, 2),
            d(2028, 3, 31),
            vec![],
        ),
        (
            "starts on as_of",
            &soft,
            d(2027, 6, 1),
            d(2028, 3, 31),
            vec![Severity::Advisory],
        ),
    ];
    for (case, def, starts, ends, expected) in cases {
        assert_eq!(
            run(def, agreement(1, starts, ends), as_of, SHORT),
            expected,
            "{case}"
        );
    }
    let f = &findings(
        &soft,
        vec![agreement(4, d(2026, 4, 1), d(2027, 3, 31))],
        as_of,
        SHORT,
    )[0];
    assert_eq!(
        f.explanation,
        "Runs from 1 April 2026 to 31 March 2027, less than 3 years; this Compact prefers \
         agreements, wherever possible, of at least 3 years."
    );
    assert_eq!(f.subject.record, RecordRef::Agreement(AgreementId(4)));
}

#[test]
fn the_payment_table() {
    let firm = fixtures::wiltshire();
    let soft = fixtures::warrington();
    let due = d(2026, 4, 1);
    let day = chrono::Duration::days(1);
    // (case, definition, paid, as_of, expected)
    let cases: Vec<(&str, &Definition, Option<Date>, Date, Vec<Severity>)> = vec![
        ("paid on the day", &firm, Some(due), d(2026, 5, 1), vec![]),
        (
            "paid early",
            &firm,
            Some(due - day * 10),
            d(2026, 5, 1),
            vec![],
        ),
        (
            "paid a day late",
            &firm,
            Some(due + day),
            d(2026, 5, 1),
            vec![Severity::Breach],
        ),
        (
            "paid a day late, softened",
            &soft,
            Some(due + day),
            d(2026, 5, 1),
            vec![Severity::Advisory],
        ),
        (
            "unpaid, the day after",
            &firm,
            None,
            due + day,
            vec![Severity::Breach],
        ),
        ("unpaid, due today", &firm, None, due, vec![Severity::Due]),
        (
            "unpaid, due in 14 days",
            &firm,
            None,
            due - day * 14,
            vec![Severity::Due],
        ),
        (
            "unpaid, due in 15 days",
            &firm,
            None,
            due - day * 15,
            vec![],
        ),
        (
            "paid after as_of is unpaid on as_of",
            &firm,
            Some(d(2026, 4, 20)),
            d(2026, 4, 10),
            vec![Severity::Breach],
        ),
    ];
    for (case, def, paid, as_of, expected) in cases {
        let mut a = agreement(1, d(2026, 1, 1), d(2028, 12, 31));
        a.exit_strategy_agreed_on = Some(d(2026, 1, 1));
        a.payments.push(payment(1, due, paid));
        assert_eq!(run(def, a, as_of, LATE), expected, "{case}");
    }
}

#[test]
fn payments_after_a_termination_are_not_owed() {
    let mut a = agreement(1, d(2026, 1, 1), d(2028, 12, 31));
    a.payments = vec![
        payment(1, d(2026, 3, 1), None),
        payment(2, d(2026, 6, 1), None),
    ];
    a.changes.push(change(
        1,
        ChangeKind::Termination,
        d(2026, 1, 15),
        Some(d(2026, 1, 16)),
        d(2026, 5, 1),
    ));
    let found = findings(&fixtures::wiltshire(), vec![a.clone()], d(2026, 9, 1), LATE);
    let ids: Vec<_> = found.iter().map(|f| f.subject.record.clone()).collect();
    assert_eq!(ids, vec![RecordRef::Payment(PaymentId(1))]);
    assert_eq!(
        found[0].context.as_ref().map(|c| c.record.clone()),
        Some(RecordRef::Agreement(AgreementId(1)))
    );
    assert_eq!(
        found[0].explanation,
        "Not paid; the agreed date was 1 March 2026, 184 days ago; this Compact commits to paying \
         on the agreed dates."
    );
    // A termination decided after as_of does not excuse anything yet.
    a.changes[0].decided_on = d(2026, 10, 1);
    assert_eq!(
        findings(&fixtures::wiltshire(), vec![a], d(2026, 9, 1), LATE).len(),
        2
    );
}

#[test]
fn the_exit_strategy_table() {
    let def = fixtures::warrington();
    let mut soft = fixtures::warrington();
    soft.standards.exit_strategy = Some(ExitStrategy {
        required: true,
        strength: Strength::Softened,
    });
    let mut not_required = fixtures::warrington();
    not_required.standards.exit_strategy = Some(ExitStrategy {
        required: false,
        strength: Strength::Firm,
    });
    let mut no_notice = fixtures::warrington();
    no_notice.standards.funding_notice = None;
    let mut months = fixtures::wiltshire();
    months.standards.exit_strategy = def.standards.exit_strategy.clone();
    let ends = d(2027, 3, 31);
    let day = chrono::Duration::days(1);
    let cut = || {
        change(
            1,
            ChangeKind::Reduction,
            d(2026, 6, 1),
            Some(d(2026, 6, 1)),
            d(2026, 9, 1),
        )
    };
    // (case, definition, agreed on, a cut, as_of, expected)
    let cases: Vec<(&str, &Definition, Option<Date>, bool, Date, Vec<Severity>)> = vec![
        (
            "none, running, far from the end",
            &def,
            None,
            false,
            d(2026, 6, 1),
            vec![],
        ),
        (
            "none, ends in 14 days",
            &def,
            None,
            false,
            ends - day * 14,
            vec![Severity::Due],
        ),
        // Warrington gives 12 weeks' notice of changes to funding, so the
        // warning comes when that notice would have to begin.
        (
            "none, ends in 15 days, inside the notice period",
            &def,
            None,
            false,
            ends - day * 15,
            vec![Severity::Due],
        ),
        (
            "none, ends in exactly 12 weeks",
            &def,
            None,
            false,
            ends - day * 84,
            vec![Severity::Due],
        ),
        (
            "none, ends in 12 weeks and a day",
            &def,
            None,
            false,
            ends - day * 85,
            vec![],
        ),
        // Without a notice period, the usual fortnight.
        (
            "no notice period, ends in 14 days",
            &no_notice,
            None,
            false,
            ends - day * 14,
            vec![Severity::Due],
        ),
        (
            "no notice period, ends in 15 days",
            &no_notice,
            None,
            false,
            ends - day * 15,
            vec![],
        ),
        // Three months' formal notice before a reduction (Wiltshire's,
        // here with an exit strategy required): notice for an end on 31
        // March can be given up to 31 December.
        (
            "months' notice, ends in three months",
            &months,
            None,
            false,
            d(2026, 12, 31),
            vec![Severity::Due],
        ),
        (
            "months' notice, a day before the notice begins",
            &months,
            None,
            false,
            d(2026, 12, 30),
            vec![],
        ),
        (
            "none, ends today",
            &def,
            None,
            false,
            ends,
            vec![Severity::Due],
        ),
        (
            "none, ended yesterday",
            &def,
            None,
            false,
            ends + day,
            vec![Severity::Breach],
        ),
        (
            "none, ended, softened",
            &soft,
            None,
            false,
            ends + day,
            vec![Severity::Advisory],
        ),
        (
            "agreed on the last day",
            &def,
            Some(ends),
            false,
            ends + day,
            vec![],
        ),
        (
            "agreed after the end",
            &def,
            Some(ends + day),
            false,
            ends + day * 2,
            vec![Severity::Breach],
        ),
        (
            "agreed after as_of",
            &def,
            Some(ends + day * 5),
            false,
            ends + day,
            vec![Severity::Breach],
        ),
        (
            "none, a cut took effect",
            &def,
            None,
            true,
            d(2026, 9, 2),
            vec![Severity::Breach],
        ),
        (
            "agreed before the cut",
            &def,
            Some(d(2026, 8, 1)),
            true,
            d(2026, 9, 2),
            vec![],
        ),
        (
            "not required",
            &not_required,
            None,
            false,
            ends + day,
            vec![],
        ),
    ];
    for (case, def, agreed, with_cut, as_of, expected) in cases {
        let mut a = agreement(1, d(2024, 4, 1), ends);
        a.exit_strategy_agreed_on = agreed;
        if with_cut {
            a.changes.push(cut());
        }
        assert_eq!(run(def, a, as_of, EXIT), expected, "{case}");
    }
}

#[test]
fn funding_rules_are_silent_without_their_standards() {
    let mut a = agreement(1, d(2026, 1, 1), d(2026, 6, 30));
    a.payments.push(payment(1, d(2026, 2, 1), None));
    for def in [fixtures::wigan(), fixtures::blackpool(), fixtures::wales()] {
        let records = Records {
            agreements: vec![a.clone()],
            ..Records::default()
        };
        let found: Vec<_> = check(&def, &records, d(2027, 1, 1))
            .into_iter()
            .filter(|f| f.rule.as_str().starts_with("funding."))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", def.identity.slug);
    }
    // Wiltshire has no exit strategy standard, Warrington no length standard.
    assert!(run(&fixtures::wiltshire(), a.clone(), d(2027, 1, 1), EXIT).is_empty());
    assert!(run(&fixtures::warrington(), a, d(2027, 1, 1), SHORT).is_empty());
}
