//! The Design System components Compact uses, each a small template of its
//! own with the parameters the page fills in. Their HTML follows the
//! govuk-frontend package's own, and a test renders each from the
//! examples (`fixtures.json`) the package ships and compares the two.
//!
//! Pages hold components as values and put them in place with
//! `{{ component }}`. Each component type is marked [`HtmlSafe`]: its own
//! template has escaped everything in it, so the page writes its output as
//! it is. No page writes a string built in Rust unescaped.

use askama::filters::HtmlSafe;
use askama::Template;
use serde::Deserialize;

#[derive(Template, Debug, Clone, Deserialize)]
#[template(path = "components/skip_link.html")]
pub struct SkipLink {
    pub text: String,
    pub href: String,
}

#[derive(Template, Debug, Clone, Deserialize)]
#[template(path = "components/generic_header.html")]
#[serde(rename_all = "camelCase")]
pub struct GenericHeader {
    pub logo_text: String,
    #[serde(default = "home", rename = "url")]
    pub href: String,
}

fn home() -> String {
    "/".into()
}

#[derive(Template, Debug, Clone, Deserialize)]
#[template(path = "components/language_navigation.html")]
pub struct LanguageNavigation {
    #[serde(default = "language_label")]
    pub label: String,
    pub items: Vec<LanguageItem>,
    #[serde(default)]
    pub classes: Option<String>,
}

fn language_label() -> String {
    "Language".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct LanguageItem {
    pub text: String,
    pub lang: String,
    #[serde(default)]
    pub href: String,
    #[serde(default)]
    pub current: bool,
}

#[derive(Template, Debug, Clone)]
#[template(path = "components/phase_banner.html")]
pub struct PhaseBanner {
    pub tag: String,
    pub text: String,
}

#[derive(Template, Debug, Clone, Deserialize)]
#[template(path = "components/breadcrumbs.html")]
pub struct Breadcrumbs {
    #[serde(default = "breadcrumb_label")]
    pub label: String,
    pub items: Vec<Crumb>,
}

fn breadcrumb_label() -> String {
    "Breadcrumb".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Crumb {
    pub text: String,
    /// None for the current page, which is not a link.
    #[serde(default)]
    pub href: Option<String>,
}

#[derive(Template, Debug, Clone, Deserialize)]
#[template(path = "components/error_summary.html")]
pub struct ErrorSummary {
    #[serde(rename = "titleText")]
    pub title: String,
    #[serde(rename = "errorList")]
    pub items: Vec<ErrorLink>,
}

/// One problem in an error summary, linking to the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorLink {
    pub text: String,
    pub href: String,
}

#[derive(Template, Debug, Clone, Deserialize)]
#[template(path = "components/tag.html")]
pub struct Tag {
    pub text: String,
    #[serde(default)]
    pub classes: Option<String>,
}

/// A text input with its label, hint and error message.
#[derive(Template, Debug, Clone)]
#[template(path = "components/input.html")]
pub struct Input {
    pub id: String,
    pub name: String,
    pub label: String,
    pub input_type: &'static str,
    pub value: Option<String>,
    pub hint: Option<String>,
    pub error: Option<String>,
    /// "Error:" in the page's language, read out before the message.
    pub error_prefix: String,
    pub autocomplete: Option<&'static str>,
    pub spellcheck_off: bool,
    pub classes: Option<String>,
}

impl Input {
    fn described_by(&self) -> Option<String> {
        let ids: Vec<String> = [
            self.hint.as_ref().map(|_| format!("{}-hint", self.id)),
            self.error.as_ref().map(|_| format!("{}-error", self.id)),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A select box with its label and error message.
#[derive(Template, Debug, Clone)]
#[template(path = "components/select.html")]
pub struct Select {
    pub id: String,
    pub name: String,
    pub label: String,
    pub options: Vec<SelectOption>,
    pub error: Option<String>,
    /// "Error:" in the page's language, read out before the message.
    pub error_prefix: String,
}

#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub text: String,
    pub selected: bool,
}

/// A textarea with its label, hint and error message.
#[derive(Template, Debug, Clone)]
#[template(path = "components/textarea.html")]
pub struct Textarea {
    pub id: String,
    pub name: String,
    pub label: String,
    pub value: String,
    pub rows: u32,
    pub hint: Option<String>,
    pub error: Option<String>,
    /// "Error:" in the page's language, read out before the message.
    pub error_prefix: String,
}

impl Textarea {
    fn described_by(&self) -> Option<String> {
        let ids: Vec<String> = [
            self.hint.as_ref().map(|_| format!("{}-hint", self.id)),
            self.error.as_ref().map(|_| format!("{}-error", self.id)),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A group of checkboxes under a legend, sent as one name with a value
/// per box ticked.
#[derive(Template, Debug, Clone)]
#[template(path = "components/checkboxes.html")]
pub struct Checkboxes {
    pub name: String,
    pub legend: String,
    pub items: Vec<CheckboxItem>,
    pub error: Option<String>,
    /// "Error:" in the page's language, read out before the message.
    pub error_prefix: String,
}

#[derive(Debug, Clone)]
pub struct CheckboxItem {
    pub value: String,
    pub text: String,
    pub checked: bool,
}

/// One field of a form: the page template writes each in turn.
#[derive(Debug, Clone)]
pub enum Field {
    Input(Input),
    Select(Select),
    Textarea(Textarea),
    Checkboxes(Checkboxes),
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Input(input) => input.fmt(f),
            Field::Select(select) => select.fmt(f),
            Field::Textarea(textarea) => textarea.fmt(f),
            Field::Checkboxes(boxes) => boxes.fmt(f),
        }
    }
}

#[derive(Template, Debug, Clone)]
#[template(path = "components/summary_list.html")]
pub struct SummaryList {
    pub rows: Vec<SummaryRow>,
}

#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub key: String,
    pub value: String,
}

impl SummaryList {
    pub fn new(rows: impl IntoIterator<Item = (String, String)>) -> SummaryList {
        SummaryList {
            rows: rows
                .into_iter()
                .map(|(key, value)| SummaryRow { key, value })
                .collect(),
        }
    }
}

#[derive(Template, Debug, Clone)]
#[template(path = "components/notification_banner.html")]
pub struct NotificationBanner {
    pub title: String,
    pub text: String,
    pub success: bool,
}

/// A list of tasks with their status, e.g. what the secretariat has to do.
#[derive(Template, Debug, Clone)]
#[template(path = "components/task_list.html")]
pub struct TaskList {
    pub id_prefix: String,
    pub items: Vec<Task>,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub title: String,
    pub href: String,
    pub status: String,
    /// A tag's colour class (e.g. `govuk-tag--blue`) when the status needs
    /// attention; plain text when it is done.
    pub tag_class: Option<String>,
}

#[derive(Template, Debug, Clone, Default)]
#[template(path = "components/pagination.html")]
pub struct Pagination {
    pub label: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub previous_text: String,
    pub next_text: String,
    /// "page", read after Previous and Next by screen readers.
    pub page_word: String,
    /// "Page", before each number for screen readers.
    pub page_label: String,
    pub items: Vec<PageItem>,
}

#[derive(Debug, Clone)]
pub struct PageItem {
    /// None for an ellipsis between page numbers.
    pub number: Option<u32>,
    pub href: String,
    pub current: bool,
}

/// Page numbers to show around `current` of `pages`: the first, the last,
/// the current and its neighbours, with ellipses for the gaps, as the
/// Design System recommends for long lists.
pub fn page_numbers(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    for n in 1..=pages {
        let near = n.abs_diff(current) <= 1;
        if n == 1 || n == pages || near {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

// Each component's template escapes what it is given.
impl HtmlSafe for SkipLink {}
impl HtmlSafe for GenericHeader {}
impl HtmlSafe for LanguageNavigation {}
impl HtmlSafe for PhaseBanner {}
impl HtmlSafe for Breadcrumbs {}
impl HtmlSafe for ErrorSummary {}
impl HtmlSafe for Tag {}
impl HtmlSafe for Input {}
impl HtmlSafe for Select {}
impl HtmlSafe for Field {}
impl HtmlSafe for Textarea {}
impl HtmlSafe for Checkboxes {}
impl HtmlSafe for SummaryList {}
impl HtmlSafe for NotificationBanner {}
impl HtmlSafe for TaskList {}
impl HtmlSafe for Pagination {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_page_lists_keep_the_ends_and_the_neighbours() {
        assert_eq!(page_numbers(1, 1), vec![Some(1)]);
        assert_eq!(
            page_numbers(5, 10),
            vec![Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]
        );
        assert_eq!(page_numbers(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(page_numbers(2, 4), vec![Some(1), Some(2), Some(3), Some(4)]);
    }
}
