//! Signatories' Compact champions.
//!
//! Needs `standards.champion`. Only organisations that are signatories on
//! `as_of` are checked: one that has withdrawn no longer owes a champion.

use super::context::Ctx;
use super::finding::{
    commits, days, days_late, long, severity_of, words, Draft, RecordRef, Subject,
};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::calendar;
use crate::model::Signatory;

pub(super) fn check(ctx: &Ctx, out: &mut Findings) {
    let Some(standard) = &ctx.def.standards.champion else {
        return;
    };
    for s in &ctx.records.signatories {
        if !s.is_current_on(ctx.as_of) {
            continue;
        }
        // A champion appointed after `as_of` has not been appointed yet.
        let champion = s.champion.as_ref().filter(|c| ctx.known(c.appointed_on));
        match champion {
            None if standard.required => {
                let finding = Draft::new(
                    RuleId::SignatoryNoChampion,
                    severity_of(standard.strength),
                    subject(ctx, s),
                    s.signed_on,
                )
                .at("signed", s.signed_on)
                .because(out.text(format_args!(
                    "A signatory since {} with no Compact champion recorded; this Compact {} a \
                     champion in every signatory organisation.",
                    long(s.signed_on),
                    commits(standard.strength)
                )));
                out.push(finding);
            }
            None => {}
            Some(champion) => {
                let Some(within) = standard.trained_within_days else {
                    continue;
                };
                let deadline = calendar::within_days(champion.appointed_on, within);
                let rule_words = words(|f| {
                    write!(
                        f,
                        "this Compact {} training champions within {} of appointment",
                        commits(standard.strength),
                        days(i64::from(within))
                    )
                });
                let draft = |severity| {
                    Draft::new(
                        RuleId::SignatoryChampionNotTrained,
                        severity,
                        subject(ctx, s),
                        deadline,
                    )
                    .at("appointed", champion.appointed_on)
                    .at("training_due", deadline)
                };
                let who = &champion.name;
                let finding = match ctx.happened(champion.trained_on) {
                    Some(trained) if trained > deadline => draft(severity_of(standard.strength))
                        .at("trained", trained)
                        .because(out.text(format_args!(
                            "The champion, {who}, appointed on {}, was trained on {}, {} after \
                             the deadline of {}; {rule_words}.",
                            long(champion.appointed_on),
                            long(trained),
                            days_late(deadline, trained),
                            long(deadline)
                        ))),
                    Some(_) => continue,
                    None if deadline < ctx.as_of => {
                        draft(severity_of(standard.strength)).because(out.text(format_args!(
                            "The champion, {who}, appointed on {}, has not been trained; training \
                             was due by {}, as {rule_words}.",
                            long(champion.appointed_on),
                            long(deadline)
                        )))
                    }
                    None if calendar::is_due_soon(deadline, ctx.as_of) => draft(Severity::Due)
                        .because(out.text(format_args!(
                            "The champion, {who}, appointed on {}, is due to be trained by {}: \
                             {rule_words}.",
                            long(champion.appointed_on),
                            long(deadline)
                        ))),
                    None => continue,
                };
                out.push(finding);
            }
        }
    }
}

fn subject(ctx: &Ctx, s: &Signatory) -> Subject {
    Subject::new(
        RecordRef::Signatory(s.id),
        ctx.organisation_name(s.organisation),
    )
}
