//! What the pages' forms and lists share: a labelled text field in the
//! page's language, the status a form answers with, and page links.

use crate::components::{page_numbers, Input, PageItem, Pagination};
use crate::i18n::Tr;
use axum::http::StatusCode;

/// A text field, rendered: its label from the message `label_key`, the
/// value typed before (never for passwords) and its error, if any.
pub fn field(
    t: &Tr,
    id: &str,
    label_key: &str,
    kind: &'static str,
    value: Option<String>,
    error: Option<String>,
    autocomplete: &'static str,
) -> Input {
    Input {
        id: id.into(),
        name: id.into(),
        label: t.get(label_key),
        input_type: kind,
        value,
        hint: None,
        error,
        error_prefix: t.get("error-prefix"),
        autocomplete: Some(autocomplete),
        spellcheck_off: kind == "email",
        classes: None,
    }
}

/// 200 for a fresh form, 422 for one sent back with errors.
pub fn status(has_errors: bool) -> StatusCode {
    if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// Links to the pages of a long list, or nothing when it fits on one.
/// `href` makes the address of page `n`.
pub fn pagination(
    t: &Tr,
    page: u32,
    pages: u32,
    href: impl Fn(u32) -> String,
) -> Option<Pagination> {
    if pages <= 1 {
        return None;
    }
    let page = page.clamp(1, pages);
    Some(Pagination {
        label: t.get("pagination-label"),
        previous: (page > 1).then(|| href(page - 1)),
        next: (page < pages).then(|| href(page + 1)),
        previous_text: t.get("pagination-previous"),
        next_text: t.get("pagination-next"),
        page_word: t.get("pagination-page"),
        page_label: t.get("pagination-page-label"),
        items: page_numbers(page, pages)
            .into_iter()
            .map(|n| PageItem {
                number: n,
                href: n.map(&href).unwrap_or_default(),
                current: n == Some(page),
            })
            .collect(),
    })
}
