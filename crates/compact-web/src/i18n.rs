//! English and Welsh. Every word a page shows comes from the Fluent files in
//! `locales/` (compiled into the binary), so a page can never be half
//! translated: a test checks both files hold the same messages.
//!
//! The language is chosen by `?lang=cy` or `?lang=en` on any page (the
//! header's switch link), remembered in a cookie, and English otherwise.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use chrono::Datelike;
use compact_core::Date;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::LazyLock;

/// The cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "compact_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Cy,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];

    /// The language tag, as `<html lang>` and `?lang=` use it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The other language, which the header offers to switch to.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        }
    }

    /// The language's name in itself, as a switch link shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Cymraeg",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Cy => include_str!("../locales/cy.ftl"),
        }
    }
}

/// The language of this request, from `?lang=` first and the cookie next.
/// Whether it came from the query matters: then the response sets the
/// cookie, so the choice sticks on the next page.
#[derive(Debug, Clone, Copy)]
pub struct RequestLang {
    pub lang: Lang,
    pub chosen_now: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let from_query = parts
            .uri
            .query()
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::parse);
        if let Some(lang) = from_query {
            return Ok(RequestLang {
                lang,
                chosen_now: true,
            });
        }
        let jar = CookieJar::from_request_parts(parts, state).await?;
        let lang = jar
            .get(LANGUAGE_COOKIE)
            .and_then(|c| Lang::parse(c.value()))
            .unwrap_or_default();
        Ok(RequestLang {
            lang,
            chosen_now: false,
        })
    }
}

struct Bundles {
    en: FluentBundle<FluentResource>,
    cy: FluentBundle<FluentResource>,
    /// Every message that takes no arguments, already formatted: most of a
    /// page's words, asked for on every request.
    plain_en: HashMap<String, String>,
    plain_cy: HashMap<String, String>,
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| {
    let (en, cy) = (bundle(Lang::En), bundle(Lang::Cy));
    Bundles {
        plain_en: plain_messages(&en, Lang::En),
        plain_cy: plain_messages(&cy, Lang::Cy),
        en,
        cy,
    }
});

/// The messages of `lang` that format without arguments and without error.
fn plain_messages(bundle: &FluentBundle<FluentResource>, lang: Lang) -> HashMap<String, String> {
    let Ok(resource) = FluentResource::try_new(lang.source().to_string()) else {
        return HashMap::new();
    };
    let mut plain = HashMap::new();
    for entry in resource.entries() {
        let fluent_syntax::ast::Entry::Message(message) = entry else {
            continue;
        };
        let Some(pattern) = bundle.get_message(message.id.name).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            plain.insert(message.id.name.to_string(), text.into_owned());
        }
    }
    plain
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let resource = match FluentResource::try_new(lang.source().to_string()) {
        Ok(resource) => resource,
        // The files are compiled in and checked by tests, so a syntax error
        // cannot reach a running server; keep what parsed if it ever did.
        Err((resource, errors)) => {
            tracing::error!(language = lang.code(), ?errors, "message file has errors");
            resource
        }
    };
    let tag = match lang {
        Lang::En => unic_langid::langid!("en-GB"),
        Lang::Cy => unic_langid::langid!("cy"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Unicode isolation marks would appear as stray characters in copied
    // text and in tests; our arguments are plain names and numbers.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            language = lang.code(),
            ?errors,
            "message file has duplicates"
        );
    }
    bundle
}

/// Words for one language. Templates call `t.get("key")`, or `t.with(...)`
/// for messages that take arguments.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    fn bundle(&self) -> &'static FluentBundle<FluentResource> {
        match self.lang {
            Lang::En => &BUNDLES.en,
            Lang::Cy => &BUNDLES.cy,
        }
    }

    /// The message `key`. A missing message shows its key, so it is
    /// obvious on the page and caught by the tests, never a blank.
    pub fn get(&self, key: &str) -> String {
        let plain = match self.lang {
            Lang::En => &BUNDLES.plain_en,
            Lang::Cy => &BUNDLES.plain_cy,
        };
        match plain.get(key) {
            Some(text) => text.clone(),
            None => self.format(key, None),
        }
    }

    /// The message `key` with arguments, e.g. `t.with("weeks", &[("count", 12.into())])`.
    pub fn with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.clone())),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        self.format(key, Some(&fluent_args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, language = self.lang.code(), "missing message");
            return key.to_string();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "message formatted with errors");
        }
        text.into_owned()
    }

    /// A date the British way: "3 March 2026", "3 Mawrth 2026".
    pub fn date(&self, date: &Date) -> String {
        let month = self.get(&format!("month-{}", date.month()));
        format!("{} {} {}", date.day(), month, date.year())
    }

    /// A file's size as people read it: "812 bytes", "240 KB", "1.5 MB"
    /// (of 1,024 bytes a kilobyte). Kilobytes are rounded up, so a small
    /// file is never "0 KB".
    pub fn size(&self, bytes: u64) -> String {
        const KB: u64 = 1024;
        const MB: u64 = 1024 * 1024;
        if bytes < KB {
            return self.with("size-bytes", &[("count", Arg::Number(bytes as i64))]);
        }
        if bytes < MB {
            let kb = bytes.div_ceil(KB).to_string();
            return self.with("size-kb", &[("size", Arg::Text(kb))]);
        }
        // One decimal place, without a trailing ".0".
        let tenths = (bytes * 10).div_ceil(MB);
        let mb = if tenths % 10 == 0 {
            (tenths / 10).to_string()
        } else {
            format!("{}.{}", tenths / 10, tenths % 10)
        };
        self.with("size-mb", &[("size", Arg::Text(mb))])
    }

    /// An optional date, or a dash.
    pub fn maybe_date(&self, date: &Option<Date>) -> String {
        date.as_ref()
            .map_or_else(|| "–".to_string(), |d| self.date(d))
    }
}

/// An argument to a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(i64::from(n))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let resource = FluentResource::try_new(lang.source().to_string())
            .unwrap_or_else(|(_, errors)| panic!("{} has syntax errors: {errors:?}", lang.code()));
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn english_and_welsh_hold_the_same_messages() {
        let en = keys(Lang::En);
        let cy = keys(Lang::Cy);
        let only_en: Vec<_> = en.difference(&cy).collect();
        let only_cy: Vec<_> = cy.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in Welsh: {only_en:?}");
        assert!(only_cy.is_empty(), "missing in English: {only_cy:?}");
    }

    #[test]
    fn every_message_formats_without_errors() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for key in keys(lang) {
                assert_ne!(tr.get(&key), key, "{key} in {}", lang.code());
            }
        }
    }

    #[test]
    fn dates_are_written_the_british_way_in_both_languages() {
        let date = Date::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(Tr::new(Lang::En).date(&date), "3 March 2026");
        assert_eq!(Tr::new(Lang::Cy).date(&date), "3 Mawrth 2026");
        let leap = Date::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(Tr::new(Lang::En).date(&leap), "29 February 2028");
        assert_eq!(Tr::new(Lang::Cy).date(&leap), "29 Chwefror 2028");
    }

    #[test]
    fn plurals_follow_each_language() {
        let en = Tr::new(Lang::En);
        assert_eq!(en.with("weeks", &[("count", 1u32.into())]), "1 week");
        assert_eq!(en.with("weeks", &[("count", 12u32.into())]), "12 weeks");
        let cy = Tr::new(Lang::Cy);
        assert_eq!(cy.with("weeks", &[("count", 12u32.into())]), "12 wythnos");
    }
}
