//! The demo's consultations, funding agreements and changes to them.

use super::*;

impl Generator<'_> {
    pub(super) fn consultations(&mut self, public: &[OrganisationId]) -> Vec<ConsultationId> {
        const TOPICS: &[&str] = &[
            "Library opening hours",
            "Adult social care charging",
            "Youth services review",
            "Community safety plan",
            "Public health priorities",
            "Household waste collections",
            "Day services for older people",
            "Homelessness strategy",
            "Carers' strategy refresh",
            "Community grants scheme",
            "Children's centres",
            "Mental health crisis support",
        ];
        let standard_weeks = self
            .definition
            .standards
            .consultation
            .as_ref()
            .map(|c| c.weeks)
            .unwrap_or(12);
        let feedback_days = self
            .definition
            .standards
            .consultation
            .as_ref()
            .and_then(|c| c.feedback_within_days);
        let mut ids = Vec::new();
        for n in 0..60 {
            let opened_on = days_before(self.today, self.rng.gen_range(0..1_100));
            let short = self.chance(18);
            let weeks = if short {
                self.rng.gen_range(4..standard_weeks.max(5))
            } else {
                standard_weeks + self.rng.gen_range(0..3)
            };
            let closes_on = weeks_after(opened_on, weeks);
            let id = ConsultationId(self.id());
            let topic = TOPICS[n % TOPICS.len()];
            let year = opened_on.year();
            let feedback_published_on = match feedback_days {
                Some(days) if closes_on < self.today && !self.chance(12) => Some(days_after(
                    closes_on,
                    self.rng.gen_range(days / 2..days + 1),
                ))
                .filter(|d| *d <= self.today),
                _ => None,
            };
            let record = Consultation {
                id,
                title: format!("{topic} {year}"),
                lead: *self.pick(public),
                opened_on,
                closes_on,
                shorter_period_reason: (short && self.chance(60))
                    .then(|| "A statutory deadline left less time".to_string()),
                criteria_published_on: Some(opened_on),
                feedback_published_on,
            };
            self.records.consultations.push(record);
            ids.push(id);
        }
        ids
    }

    pub(super) fn agreements(
        &mut self,
        public: &[OrganisationId],
        vcse: &[OrganisationId],
        consultations: &[ConsultationId],
    ) {
        let preferred_years = self
            .definition
            .standards
            .agreement_length
            .as_ref()
            .map(|a| a.preferred_years)
            .unwrap_or(3);
        for _ in 0..450 {
            let starts_on =
                NaiveDate::from_ymd_opt(self.today.year() - self.rng.gen_range(0..4), 4, 1)
                    .unwrap_or(self.today);
            let years = if self.chance(10) { 1 } else { preferred_years };
            let ends_on = days_before(months_after(starts_on, years * 12), 1);
            let annual = i64::from(self.rng.gen_range(5_000u32..250_000)) * 100;
            let id = AgreementId(self.id());
            let mut payments = Vec::new();
            let mut due_on = starts_on;
            while due_on <= ends_on && due_on <= days_after(self.today, 60) {
                let paid_on = (due_on <= self.today && self.rng.gen_range(0..1000) >= 5)
                    .then(|| {
                        if self.chance(2) {
                            days_after(due_on, self.rng.gen_range(1..40))
                        } else {
                            due_on
                        }
                    })
                    .filter(|d| *d <= self.today);
                payments.push(Payment {
                    id: PaymentId(self.id()),
                    due_on,
                    amount: Pence(annual / 4),
                    paid_on,
                });
                due_on = months_after(due_on, 3);
            }
            let changes = if self.chance(6) {
                vec![self.change(starts_on, ends_on, annual, consultations)]
            } else {
                Vec::new()
            };
            let record = FundingAgreement {
                id,
                title: format!("{} grant", self.pick(CAUSES)),
                funder: *self.pick(&public[..2]),
                recipient: *self.pick(vcse),
                kind: if self.chance(70) {
                    AgreementKind::Grant
                } else {
                    AgreementKind::Contract
                },
                amount: Pence(annual * i64::from(years)),
                starts_on,
                ends_on,
                exit_strategy_agreed_on: (!self.chance(10)).then_some(starts_on),
                exit_strategy_summary: String::new(),
                purpose: String::new(),
                paid_in: None,
                monitoring: String::new(),
                full_cost_recovery: None,
                payments,
                changes,
            };
            self.records.agreements.push(record);
        }
    }

    fn change(
        &mut self,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        annual: i64,
        consultations: &[ConsultationId],
    ) -> FundingChange {
        let procedure = self.definition.standards.reduction.clone();
        let notice_months = procedure
            .as_ref()
            .map(|p| p.formal_notice_months)
            .unwrap_or(3);
        let decided_on = days_before(self.today, self.rng.gen_range(0..400)).max(starts_on);
        let notice_given_on = days_after(decided_on, self.rng.gen_range(0..10));
        let effective_on = if self.chance(75) {
            months_after(notice_given_on, notice_months)
        } else {
            days_after(notice_given_on, self.rng.gen_range(20..60))
        }
        .min(ends_on);
        let consultation = self.chance(70).then(|| *self.pick(consultations));
        let impact_assessment = self.chance(75).then(|| ImpactAssessment {
            completed_on: days_before(decided_on, self.rng.gen_range(1..30)),
            joint: self.chance(80),
            characteristics: ProtectedCharacteristic::ALL.to_vec(),
            entries: Vec::new(),
            participants: Vec::new(),
        });
        FundingChange {
            id: FundingChangeId(self.id()),
            kind: if self.chance(80) {
                ChangeKind::Reduction
            } else {
                ChangeKind::Termination
            },
            new_amount: Some(Pence(annual * 3 / 4)),
            decided_on,
            notice_given_on: Some(notice_given_on),
            effective_on,
            consultation,
            impact_assessment,
            steps: Vec::new(),
        }
    }
}
