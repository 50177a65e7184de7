//! The demo's disputes, the Compact's bodies and seats, and its annual reviews.

use super::*;

impl Generator<'_> {
    pub(super) fn disputes(&mut self, public: &[OrganisationId], vcse: &[OrganisationId]) {
        let Some(procedure) = self.definition.disputes.clone() else {
            return;
        };
        const ISSUES: &[&str] = &[
            "Grant cut without notice",
            "Consultation too short",
            "Late payment of contract fees",
            "Exclusion from a commissioning panel",
            "Change to service specification mid-year",
            "Monitoring demands out of proportion",
        ];
        for n in 0..12 {
            let raised_on = days_before(self.today, self.rng.gen_range(3..500));
            let mut events = Vec::new();
            let mut on = raised_on;
            let stages_reached = self.rng.gen_range(1..=procedure.stages.len().max(1));
            for (index, stage) in procedure.stages.iter().take(stages_reached).enumerate() {
                if index > 0 {
                    on = days_after(on, self.rng.gen_range(3..20));
                    events.push(self.event(&stage.id, DisputeEventKind::StageEntered, on));
                }
                for deadline in &stage.deadlines {
                    let late = self.chance(20);
                    let took = if late {
                        deadline.days + self.rng.gen_range(1..10)
                    } else {
                        self.rng.gen_range(1..=deadline.days.max(1))
                    };
                    if deadline.from != DisputeEventKind::StageEntered
                        && deadline.from != DisputeEventKind::Raised
                    {
                        on = days_after(on, self.rng.gen_range(2..10));
                        events.push(self.event(&stage.id, deadline.from, on));
                    }
                    let happened = days_after(on, took);
                    if happened <= self.today {
                        on = happened;
                        events.push(self.event(&stage.id, deadline.until, on));
                    }
                }
            }
            if on < days_before(self.today, 30) {
                let last_stage = procedure
                    .stages
                    .get(stages_reached - 1)
                    .map(|s| s.id.clone())
                    .unwrap_or_default();
                events.push(self.event(&last_stage, DisputeEventKind::Resolved, days_after(on, 5)));
            }
            events.retain(|e| e.on <= self.today);
            let record = DisputeCase {
                id: DisputeId(self.id()),
                title: ISSUES[n % ISSUES.len()].to_string(),
                raised_by: *self.pick(vcse),
                against: *self.pick(public),
                raised_on,
                summary: "Details held in confidence by the secretariat.".into(),
                events,
            };
            self.records.disputes.push(record);
        }
    }

    fn event(&mut self, stage: &str, kind: DisputeEventKind, on: NaiveDate) -> DisputeEvent {
        DisputeEvent {
            id: DisputeEventId(self.id()),
            stage: stage.to_string(),
            kind,
            on,
            note: String::new(),
        }
    }

    pub(super) fn seats(&mut self, public: &[OrganisationId], vcse: &[OrganisationId]) {
        let bodies = self.definition.bodies.clone();
        for body in &bodies {
            let mut chairs_needed: Vec<Sector> = body
                .chairs
                .as_ref()
                .map(|c| c.one_from_each.clone())
                .unwrap_or_default();
            for allocation in &body.seats {
                let sector = self
                    .definition
                    .constituency(&allocation.constituency)
                    .map(|c| c.sector);
                // Leave the odd seat vacant, as happens in real life.
                let filled = if self.chance(15) {
                    allocation.count.saturating_sub(1)
                } else {
                    allocation.count
                };
                for n in 0..filled {
                    let mut roles: Vec<String> = allocation
                        .requirements
                        .iter()
                        .filter(|r| n < r.at_least)
                        .map(|r| r.role.clone())
                        .collect();
                    if let Some(pos) = chairs_needed.iter().position(|s| Some(*s) == sector) {
                        chairs_needed.remove(pos);
                        roles.push("chair".into());
                    }
                    let organisation = match sector {
                        Some(Sector::Public) => Some(*self.pick(public)),
                        Some(Sector::Vcse) => Some(*self.pick(vcse)),
                        _ => None,
                    };
                    let from = days_before(self.today, self.rng.gen_range(30..900));
                    let holder = if roles.iter().any(|r| r == "elected_councillor") {
                        format!("Cllr {}", self.person())
                    } else {
                        self.person()
                    };
                    let record = SeatHolding {
                        id: SeatId(self.id()),
                        body: body.id.clone(),
                        constituency: allocation.constituency.clone(),
                        holder,
                        organisation,
                        roles,
                        from,
                        until: None,
                    };
                    self.records.seats.push(record);
                }
            }
        }
    }

    pub(super) fn reviews(&mut self) {
        let Some(cycle) = self.definition.review.clone() else {
            return;
        };
        let areas = if cycle.action_plan_areas.is_empty() {
            vec!["general".to_string()]
        } else {
            cycle.action_plan_areas.clone()
        };
        // Yearly reviews, the latest one running a little late.
        for years_ago in (1..=3).rev() {
            let completed_on = if years_ago == 1 {
                days_before(self.today, self.rng.gen_range(300..420))
            } else {
                NaiveDate::from_ymd_opt(self.today.year() - years_ago, 3, 31).unwrap_or(self.today)
            };
            let id = ReviewId(self.id());
            let record = AnnualReview {
                id,
                year: completed_on.year() - 1,
                completed_on,
                report_published_on: cycle.annual_report.then(|| days_after(completed_on, 30)),
                meeting_held_on: cycle.annual_meeting.then(|| days_after(completed_on, 45)),
            };
            self.records.reviews.push(record);
            for area in &areas {
                let due_on = months_after(completed_on, self.rng.gen_range(3..12));
                let done_on = (due_on < self.today && !self.chance(25))
                    .then(|| days_before(due_on, self.rng.gen_range(0..20)));
                let record = Milestone {
                    id: MilestoneId(self.id()),
                    review: Some(id),
                    area: area.clone(),
                    title: format!("Action on {area}"),
                    due_on,
                    done_on,
                };
                self.records.milestones.push(record);
            }
        }
    }
}
