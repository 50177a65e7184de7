//! The funding pages: a Compact's agreements, one agreement with its
//! payments and changes, one change with the reduction procedure as a task
//! list and its equality impact assessment, and the forms that record
//! each of these.
//!
//! As with the register's forms, each handler reads the request, calls the
//! use case (which decides who may record and checks every field), and
//! renders what comes back: a redirect to the page with a notice, the form
//! again with every problem beside its field (422), the reason the records
//! forbid it (409), or the error page.

pub mod agreement_form;
pub mod change_form;
pub mod impact;
pub mod payment;
pub mod view;

use super::register_forms::{refused_page, Faults};
use super::{forms, render, PageError};
use crate::components::{Field, Pagination, Select, SelectOption};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::pages::register_forms::Fields;
use crate::routes;
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use compact_app::funding::ChangeView;
use compact_app::register::Loaded;
use compact_core::model::{AgreementKind, ChangeKind, FundingAgreement};
use compact_core::{AgreementId, Date, FundingChangeId, OrganisationId};
use compact_store::{AgreementFilter, FundingParty};
use serde::Deserialize;

/// How many agreements a page of the list shows.
const PER_PAGE: u32 = 50;

/// The longest recipient search read: longer than any name, short enough
/// that the words compared stay few.
const MAX_SEARCH_CHARS: usize = 200;

/// A date as the forms show it for correcting.
pub(crate) fn typed(date: Option<Date>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// The frame of a funding page: the Compact, its funding, then `trail`.
pub(crate) fn funding_frame(
    visit: &Visit,
    t: &Tr,
    compact: &Loaded,
    title: String,
    trail: Vec<(String, Option<String>)>,
) -> Frame {
    let slug = &compact.stored.slug;
    let mut crumbs = vec![
        (compact.stored.name.clone(), Some(routes::compact(slug))),
        (t.get("funding-title"), Some(routes::funding(slug))),
    ];
    crumbs.extend(trail);
    crumbs.push((title.clone(), None));
    Frame::new(
        visit,
        title,
        Some(InCompact {
            slug,
            name: &compact.stored.name,
        }),
        Section::Funding,
    )
    .with_breadcrumbs(crumbs)
}

/// The agreement a form is about, refused (as the page answers refusals)
/// unless the visitor may record its funding: what every form about one
/// agreement starts from, and shows again when sent back.
pub(crate) async fn agreement_target(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: AgreementId,
) -> Result<(Loaded, FundingAgreement), PageError> {
    state
        .app
        .agreement_to_record(&visit.acting(), slug, id)
        .await
        .map_err(|e| PageError::from_app(visit, e))
}

/// The change a form is about, as its page shows it, refused (with the
/// refusal's own page) unless the visitor may record it.
pub(crate) async fn change_to_record(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: AgreementId,
    change: FundingChangeId,
) -> Result<ChangeView, Response> {
    let acting = visit.acting();
    let view = match state.app.change_to_record(&acting, slug, id, change).await {
        Ok(_) => state.app.change_view(&acting, slug, id, change).await,
        Err(e) => Err(e),
    };
    view.map_err(|e| refused_page(visit, e))
}

/// The breadcrumb of an agreement's own page, for the pages below it.
pub(crate) fn agreement_crumb(
    slug: &str,
    agreement: &FundingAgreement,
) -> (String, Option<String>) {
    (
        agreement.title.clone(),
        Some(routes::agreement(slug, agreement.id)),
    )
}

pub(crate) fn agreement_kind_name(t: &Tr, kind: AgreementKind) -> String {
    t.get(match kind {
        AgreementKind::Grant => "funding-kind-grant",
        AgreementKind::Contract => "funding-kind-contract",
    })
}

pub(crate) fn change_kind_name(t: &Tr, kind: ChangeKind) -> String {
    t.get(match kind {
        ChangeKind::Variation => "funding-change-variation",
        ChangeKind::Reduction => "funding-change-reduction",
        ChangeKind::Termination => "funding-change-termination",
    })
}

/// A select box of `choices` (value, words), with a first empty choice
/// when `blank` names one.
pub(crate) fn select(
    fields: &Fields,
    name: &'static str,
    blank: Option<&str>,
    choices: Vec<(String, String)>,
    selected: &str,
) -> Field {
    let t = fields.t;
    let mut options: Vec<SelectOption> = blank
        .map(|key| SelectOption {
            value: String::new(),
            text: t.get(key),
            selected: selected.is_empty(),
        })
        .into_iter()
        .collect();
    options.extend(choices.into_iter().map(|(value, text)| SelectOption {
        selected: value == selected,
        value,
        text,
    }));
    Field::Select(Select {
        id: name.into(),
        name: name.into(),
        label: t.get(&format!("label-{}", name.replace('_', "-"))),
        options,
        error: fields.error(name),
        error_prefix: t.get("error-prefix"),
    })
}

/// The faults of a form whose fields the core names generically (`kind`),
/// renamed to the form's own names so each problem sits beside its field.
pub(crate) fn renamed(mut faults: Faults, names: &[(&str, &'static str)]) -> Faults {
    for p in &mut faults.problems {
        if let Some((_, to)) = names.iter().find(|(from, _)| *from == p.field) {
            p.field = to;
        }
    }
    faults
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    funder: String,
    #[serde(default)]
    recipient: String,
    /// Words of the recipient's name or numbers, typed in the search box.
    #[serde(default)]
    search: String,
    #[serde(default)]
    page: String,
}

impl ListQuery {
    /// A number chosen in a filter; anything else filters nothing, as the
    /// filter's "any" choice does.
    fn organisation(text: &str) -> Option<OrganisationId> {
        text.trim().parse().ok().map(OrganisationId)
    }

    /// The recipient search, bounded as every typed input is.
    fn search(&self) -> Option<String> {
        let search: String = self.search.trim().chars().take(MAX_SEARCH_CHARS).collect();
        Some(search).filter(|s| !s.is_empty())
    }

    fn filter(&self) -> AgreementFilter {
        AgreementFilter {
            funder: Self::organisation(&self.funder),
            recipient: Self::organisation(&self.recipient),
            recipient_search: self.search(),
        }
    }

    /// The query of the list's other pages: the same filters.
    fn without_page(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(f) = Self::organisation(&self.funder) {
            query.append_pair("funder", &f.0.to_string());
        }
        if let Some(r) = Self::organisation(&self.recipient) {
            query.append_pair("recipient", &r.0.to_string());
        }
        if let Some(search) = self.search() {
            query.append_pair("search", &search);
        }
        query.finish()
    }
}

/// One row of the list.
pub struct ListRow {
    pub href: String,
    pub title: String,
    pub funder: String,
    pub recipient: String,
    pub amount: String,
    pub period: String,
    /// The findings about it as tags: words and the tag's class.
    pub standing: Vec<(String, &'static str)>,
}

/// A filter's choices: value, words, whether chosen.
pub struct Choice {
    pub value: String,
    pub text: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "funding/list.html")]
struct ListPage {
    frame: Frame,
    intro: String,
    new_href: Option<String>,
    /// The page importing a council's spreadsheet, for those who may record.
    import_href: Option<String>,
    json_href: String,
    csv_href: String,
    action: String,
    funders: Vec<Choice>,
    search: String,
    rows: Vec<ListRow>,
    shown: String,
    pagination: Option<Pagination>,
}

/// The findings counted for an agreement as tags: one per severity found,
/// or one saying there are none.
pub(crate) fn standing(t: &Tr, counts: [usize; 3]) -> Vec<(String, &'static str)> {
    let keys = [
        ("funding-standing-breach", "govuk-tag--red"),
        ("funding-standing-advisory", "govuk-tag--yellow"),
        ("funding-standing-due", "govuk-tag--blue"),
    ];
    let tags: Vec<(String, &'static str)> = counts
        .iter()
        .zip(keys)
        .filter(|(n, _)| **n > 0)
        .map(|(n, (key, class))| (t.with(key, &[("count", Arg::Number(*n as i64))]), class))
        .collect();
    if tags.is_empty() {
        vec![(t.get("funding-standing-none"), "govuk-tag--green")]
    } else {
        tags
    }
}

fn choices(parties: &[FundingParty], chosen: Option<OrganisationId>) -> Vec<Choice> {
    parties
        .iter()
        .map(|p| Choice {
            value: p.id.0.to_string(),
            text: p.name.clone(),
            selected: Some(p.id) == chosen,
        })
        .collect()
}

/// The Compact's agreements, filtered by funder and by the recipient's
/// name or numbers.
pub async fn list(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = query.page.trim().parse::<u32>().unwrap_or(1).max(1);
    let list = state
        .app
        .agreements(&visit.acting(), &slug, query.filter(), page, PER_PAGE)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    let rows: Vec<ListRow> = list
        .rows
        .iter()
        .map(|(a, counts)| ListRow {
            href: routes::agreement(&slug, a.id),
            title: a.title.clone(),
            funder: a.funder_name.clone(),
            recipient: a.recipient_name.clone(),
            amount: a.amount.to_string(),
            period: period(&t, a.starts_on, a.ends_on),
            standing: standing(&t, *counts),
        })
        .collect();
    let start = i64::from(list.page - 1) * i64::from(PER_PAGE);
    let shown = t.with(
        "funding-shown",
        &[
            ("from", Arg::Number((start + 1).min(list.total))),
            ("to", Arg::Number(start + rows.len() as i64)),
            ("total", Arg::Number(list.total)),
        ],
    );
    let filter = query.filter();
    let rest = query.without_page();
    let frame = Frame::new(
        &visit,
        t.get("funding-title"),
        Some(InCompact {
            slug: &slug,
            name: &list.compact.stored.name,
        }),
        Section::Funding,
    )
    .with_breadcrumbs(vec![
        (
            list.compact.stored.name.clone(),
            Some(routes::compact(&slug)),
        ),
        (t.get("funding-title"), None),
    ]);
    let page_view = ListPage {
        intro: t.get("funding-intro"),
        new_href: list.may_create.then(|| routes::new_agreement(&slug)),
        import_href: list.may_create.then(|| routes::records_import(&slug)),
        json_href: routes::grants_json(&slug),
        csv_href: routes::grants_csv(&slug),
        action: routes::funding(&slug),
        funders: choices(&list.funders, filter.funder),
        search: filter.recipient_search.clone().unwrap_or_default(),
        rows,
        shown,
        pagination: forms::pagination(&t, list.page, list.pages, |n| {
            let page = format!("page={n}");
            routes::funding_with(
                &slug,
                &if rest.is_empty() {
                    page
                } else {
                    format!("{rest}&{page}")
                },
            )
        }),
        frame,
    };
    Ok(render(&page_view))
}

/// From one date to another, in the page's language.
pub(crate) fn period(t: &Tr, from: Date, to: Date) -> String {
    t.with(
        "funding-period",
        &[
            ("from", Arg::Text(t.date(&from))),
            ("to", Arg::Text(t.date(&to))),
        ],
    )
}
