//! The findings page: what the rules engine reports for a Compact today.
//! Everyone sees the counts; dispute findings are confidential, so only the
//! secretariat, the Compact Group and the parties to a dispute see them.

use super::{forms, load_compact, render, OrInternal, PageError};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::views::FindingsView;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use compact_core::rules::{Finding, RuleId, Severity};
use serde::Deserialize;

const PER_PAGE: usize = 50;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

pub struct Row {
    pub severity: String,
    pub tag_class: &'static str,
    /// The rule's name in the page's language, and its stable id.
    pub rule_name: String,
    pub rule: &'static str,
    pub subject: String,
    /// The page of the record the finding is about, where it has one.
    pub href: Option<String>,
    pub date: String,
    /// The dates the finding turns on, labelled in the page's language.
    pub dates: Vec<(String, String)>,
    /// The engine's explanation, which is written in English.
    pub why: String,
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsPage {
    frame: Frame,
    intro: String,
    counts: [(String, usize); 3],
    hidden: Option<String>,
    rows: Vec<Row>,
    shown: String,
    pagination: Option<crate::components::Pagination>,
    english_only: bool,
}

pub async fn findings(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let findings = state
        .app
        .findings(&loaded.stored)
        .await
        .or_internal(&visit)?;
    let view = FindingsView::of(&findings, &visit.viewer());
    let t = Tr::new(visit.lang);
    let pages = view.visible.len().div_ceil(PER_PAGE).max(1) as u32;
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let start = (page as usize - 1) * PER_PAGE;
    let rows: Vec<Row> = view
        .visible
        .iter()
        .skip(start)
        .take(PER_PAGE)
        .map(|f| Row {
            href: record_page(&slug, f),
            ..row(&t, f)
        })
        .collect();
    let shown = t.with(
        "findings-shown",
        &[
            ("from", (start + 1).min(view.visible.len()).into()),
            ("to", (start + rows.len()).into()),
            ("total", view.visible.len().into()),
        ],
    );
    let frame = Frame::new(
        &visit,
        t.get("findings-title"),
        Some(InCompact {
            slug: &slug,
            name: &loaded.stored.name,
        }),
        Section::Findings,
    )
    .with_breadcrumbs(vec![
        (
            loaded.stored.name.clone(),
            Some(crate::routes::compact(&slug)),
        ),
        (t.get("findings-title"), None),
    ]);
    let page_view = FindingsPage {
        intro: t.with("findings-intro", &[("date", t.date(&view.as_of).into())]),
        counts: [
            (t.get("findings-breach"), view.counts[0]),
            (t.get("findings-advisory"), view.counts[1]),
            (t.get("findings-due"), view.counts[2]),
        ],
        hidden: (view.hidden > 0).then(|| {
            t.with(
                "findings-confidential-hidden",
                &[("count", view.hidden.into())],
            )
        }),
        rows,
        shown,
        pagination: forms::pagination(&t, page, pages, |n| crate::routes::findings_page(&slug, n)),
        english_only: visit.lang != crate::i18n::Lang::En,
        frame,
    };
    Ok(render(&page_view))
}

pub fn row(t: &Tr, f: &Finding) -> Row {
    let (key, tag_class) = match f.severity {
        Severity::Breach => ("severity-breach", "govuk-tag--red"),
        Severity::Advisory => ("severity-advisory", "govuk-tag--yellow"),
        Severity::Due => ("severity-due", "govuk-tag--blue"),
    };
    Row {
        severity: t.get(key),
        tag_class,
        rule_name: t.get(&rule_key(f.rule)),
        rule: f.rule.as_str(),
        subject: f.subject.label.clone(),
        href: None,
        date: t.date(&f.date),
        dates: f
            .dates
            .iter()
            .map(|d| (t.get(&format!("date-{}", d.label)), t.date(&d.date)))
            .collect(),
        why: f.explanation.clone(),
    }
}

/// The page of the record a finding is about, so a finding leads to what
/// can be done about it.
pub fn record_page(slug: &str, finding: &compact_core::rules::Finding) -> Option<String> {
    use crate::routes;
    use compact_core::rules::RecordRef;
    // A payment or a change is shown within its agreement, which the
    // finding names as its context.
    let agreement = match finding.context.as_ref().map(|c| &c.record) {
        Some(RecordRef::Agreement(id)) => Some(*id),
        _ => None,
    };
    match &finding.subject.record {
        RecordRef::Compact(_) => Some(routes::compact(slug)),
        RecordRef::Consultation(id) => Some(routes::consultation(slug, *id)),
        RecordRef::Agreement(id) => Some(routes::agreement(slug, *id)),
        RecordRef::FundingChange(id) => agreement.map(|a| routes::change(slug, a, *id)),
        RecordRef::Payment(id) => agreement.map(|a| routes::payment(slug, a, *id)),
        // Sign-ups, disputes, the Compact Group's bodies, reviews and
        // milestones have no page of their own yet.
        _ => None,
    }
}

/// The message naming a rule: its id with dashes for dots, which Fluent
/// does not allow in names.
pub fn rule_key(rule: RuleId) -> String {
    format!("rule-{}", rule.as_str().replace('.', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn each_finding_links_to_the_page_of_its_record() {
        use compact_core::rules::{Finding, RecordRef, Subject};
        use compact_core::*;
        let agreement = Subject::new(RecordRef::Agreement(AgreementId(7)), "Grant");
        let finding = |record, context: Option<Subject>| Finding {
            rule: RuleId::ALL[0],
            severity: Severity::Breach,
            subject: Subject::new(record, "it"),
            context,
            date: Date::from_ymd_opt(2026, 4, 1).unwrap(),
            dates: Vec::new(),
            explanation: String::new(),
            confidential: false,
        };
        let cases = [
            (
                finding(RecordRef::Compact("w".into()), None),
                Some("/compacts/w"),
            ),
            (
                finding(RecordRef::Consultation(ConsultationId(3)), None),
                Some("/compacts/w/consultations/3"),
            ),
            (
                finding(RecordRef::Agreement(AgreementId(7)), None),
                Some("/compacts/w/funding/7"),
            ),
            (
                finding(
                    RecordRef::FundingChange(FundingChangeId(9)),
                    Some(agreement.clone()),
                ),
                Some("/compacts/w/funding/7/changes/9"),
            ),
            (
                finding(RecordRef::Payment(PaymentId(4)), Some(agreement.clone())),
                Some("/compacts/w/funding/7#payment-4"),
            ),
            // Without its agreement, a change has nowhere to lead.
            (
                finding(RecordRef::FundingChange(FundingChangeId(9)), None),
                None,
            ),
            (finding(RecordRef::Dispute(DisputeId(1)), None), None),
        ];
        for (f, expected) in cases {
            assert_eq!(record_page("w", &f).as_deref(), expected, "{:?}", f.subject);
        }
    }

    #[test]
    fn every_rule_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for rule in RuleId::ALL {
                let key = rule_key(*rule);
                assert_ne!(t.get(&key), key, "{} in {}", rule, lang.code());
            }
        }
    }
}
