//! Four hand-written agreements that show what the funding pages do, made
//! before the generated ones so they are the first in the list (and keep
//! their numbers whatever the day): one fully recorded with a payment
//! schedule, one nearing its end with no exit strategy, a cut that follows
//! the Compact's reduction procedure and a cut that breaks it.
//!
//! Dated from today and drawn from no random numbers, so the generated
//! records that follow stay as they were.

use super::*;

impl Generator<'_> {
    /// Quarterly instalments of `each` from `starts_on` to today, paid on
    /// the day due except `late` (paid `late_by` days after).
    fn schedule(&mut self, starts_on: NaiveDate, each: i64, late: usize) -> Vec<Payment> {
        let mut payments = Vec::new();
        let mut due_on = starts_on;
        while due_on <= days_after(self.today, 60) {
            let n = payments.len();
            let paid_on = Some(if n == late {
                days_after(due_on, 45)
            } else {
                due_on
            })
            .filter(|d| *d <= self.today);
            payments.push(Payment {
                id: PaymentId(self.id()),
                due_on,
                amount: Pence(each),
                paid_on,
            });
            due_on = months_after(due_on, 3);
        }
        payments
    }

    pub(super) fn showcase(&mut self, public: &[OrganisationId], vcse: &[OrganisationId]) {
        let (council, nhs) = (public[0], public[1 % public.len()]);
        let recipient = |n: usize| vcse[n % vcse.len()];
        let procedure = self.definition.standards.reduction.clone();
        let weeks = procedure.as_ref().map_or(12, |p| p.consultation_weeks);
        let notice_months = procedure.as_ref().map_or(3, |p| p.formal_notice_months);
        let today = self.today;

        // Fully recorded, one instalment paid late.
        let starts_on = days_before(today, 330);
        let payments = self.schedule(starts_on, 1_500_000, 2);
        let id = AgreementId(self.id());
        self.records.agreements.push(FundingAgreement {
            id,
            title: "Community transport for older people".into(),
            funder: council,
            recipient: recipient(0),
            kind: AgreementKind::Grant,
            amount: Pence(18_000_000),
            starts_on,
            ends_on: days_before(months_after(starts_on, 36), 1),
            exit_strategy_agreed_on: Some(starts_on),
            exit_strategy_summary:
                "Fares and a parish precept replace the grant over the last year".into(),
            purpose: "Door-to-door minibus journeys for people over 65 who cannot use buses".into(),
            paid_in: Some(PaidIn::Advance),
            monitoring: "A quarterly report of journeys made and people carried".into(),
            full_cost_recovery: Some(true),
            payments,
            changes: Vec::new(),
        });

        // Ending in two months with no exit strategy agreed.
        let starts_on = days_before(days_after(today, 60), 3 * 365);
        let payments = self.schedule(starts_on, 900_000, usize::MAX);
        let id = AgreementId(self.id());
        self.records.agreements.push(FundingAgreement {
            id,
            title: "Carers' support hub".into(),
            funder: nhs,
            recipient: recipient(1),
            kind: AgreementKind::Contract,
            amount: Pence(10_800_000),
            starts_on,
            ends_on: days_after(today, 60),
            exit_strategy_agreed_on: None,
            exit_strategy_summary: String::new(),
            purpose: "Advice, breaks and peer support for unpaid carers".into(),
            paid_in: Some(PaidIn::Arrears),
            monitoring: "Carers supported each quarter, and their feedback".into(),
            full_cost_recovery: Some(false),
            payments,
            changes: Vec::new(),
        });

        // A cut that follows the procedure: a consultation of the set length
        // with its criteria published as it opened, a joint assessment, the
        // responses reviewed before the decision, and formal notice.
        let decided_on = days_before(today, 20);
        let opened_on = weeks_before(days_before(decided_on, 14), weeks);
        let closes_on = weeks_after(opened_on, weeks);
        let consultation = ConsultationId(self.id());
        self.records.consultations.push(Consultation {
            id: consultation,
            title: "Consultation on the reduction of the money advice service".into(),
            lead: council,
            opened_on,
            closes_on,
            shorter_period_reason: None,
            criteria_published_on: Some(opened_on),
            feedback_published_on: Some(days_after(closes_on, 7)),
        });
        let notice_given_on = days_after(decided_on, 2);
        let entries = ProtectedCharacteristic::ALL
            .into_iter()
            .map(|c| {
                let negative = matches!(
                    c,
                    ProtectedCharacteristic::Age | ProtectedCharacteristic::Disability
                );
                ImpactEntry {
                    characteristic: c,
                    impact: if negative {
                        Impact::Negative
                    } else {
                        Impact::Neutral
                    },
                    evidence: if negative {
                        "Two in five clients are over 65 or disabled".into()
                    } else {
                        "Clients' monitoring returns".into()
                    },
                    mitigation: if negative {
                        "Home visits are kept; the cut falls on drop-in hours".into()
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let step = |step, done_on, done_by: &str| StepRecord {
            step,
            done_on,
            done_by: done_by.into(),
            note: String::new(),
        };
        let starts_on = days_before(today, 700);
        let payments = self.schedule(starts_on, 2_000_000, usize::MAX);
        let change = FundingChange {
            id: FundingChangeId(self.id()),
            kind: ChangeKind::Reduction,
            new_amount: Some(Pence(20_000_000)),
            decided_on,
            notice_given_on: Some(notice_given_on),
            effective_on: months_after(notice_given_on, notice_months + 1),
            consultation: Some(consultation),
            impact_assessment: Some(ImpactAssessment {
                completed_on: days_before(decided_on, 10),
                joint: true,
                characteristics: ProtectedCharacteristic::ALL.to_vec(),
                entries,
                participants: vec![council, recipient(2)],
            }),
            steps: vec![
                step(ReductionStep::Consultation, opened_on, "Commissioning team"),
                step(
                    ReductionStep::CriteriaPublished,
                    opened_on,
                    "Commissioning team",
                ),
                step(
                    ReductionStep::FeedbackReviewed,
                    days_before(decided_on, 5),
                    "Cabinet member for communities",
                ),
                step(
                    ReductionStep::FormalNotice,
                    notice_given_on,
                    "Head of commissioning",
                ),
            ],
        };
        let id = AgreementId(self.id());
        self.records.agreements.push(FundingAgreement {
            id,
            title: "Money advice service".into(),
            funder: council,
            recipient: recipient(2),
            kind: AgreementKind::Grant,
            amount: Pence(24_000_000),
            starts_on,
            ends_on: days_before(months_after(starts_on, 36), 1),
            exit_strategy_agreed_on: Some(starts_on),
            exit_strategy_summary: "Other funders are approached in the third year".into(),
            purpose: "Free advice on debt, benefits and budgeting".into(),
            paid_in: Some(PaidIn::Advance),
            monitoring: "Clients helped and debt managed, each quarter".into(),
            full_cost_recovery: Some(true),
            payments,
            changes: vec![change],
        });

        // A cut that breaks it: no consultation, an assessment made by the
        // council alone after the decision, and a month's notice.
        let decided_on = days_before(today, 30);
        let notice_given_on = days_after(decided_on, 2);
        let starts_on = days_before(today, 500);
        let payments = self.schedule(starts_on, 600_000, usize::MAX);
        let change = FundingChange {
            id: FundingChangeId(self.id()),
            kind: ChangeKind::Reduction,
            new_amount: Some(Pence(3_600_000)),
            decided_on,
            notice_given_on: Some(notice_given_on),
            effective_on: days_after(notice_given_on, 30),
            consultation: None,
            impact_assessment: Some(ImpactAssessment {
                completed_on: days_after(decided_on, 5),
                joint: false,
                characteristics: ProtectedCharacteristic::ALL.to_vec(),
                entries: Vec::new(),
                participants: vec![council],
            }),
            steps: vec![step(
                ReductionStep::FormalNotice,
                notice_given_on,
                "Youth services manager",
            )],
        };
        let id = AgreementId(self.id());
        self.records.agreements.push(FundingAgreement {
            id,
            title: "Youth club evenings".into(),
            funder: council,
            recipient: recipient(3),
            kind: AgreementKind::Grant,
            amount: Pence(7_200_000),
            starts_on,
            ends_on: days_before(months_after(starts_on, 36), 1),
            exit_strategy_agreed_on: Some(starts_on),
            exit_strategy_summary: "The club seeks lottery funding in its last year".into(),
            purpose: "Three evenings a week of open youth work".into(),
            paid_in: Some(PaidIn::Advance),
            monitoring: "Attendance each term".into(),
            full_cost_recovery: None,
            payments,
            changes: vec![change],
        });
    }
}
