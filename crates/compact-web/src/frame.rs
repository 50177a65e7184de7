//! The frame around every page: header with the Compact's name, service
//! navigation, language switch, phase banner, breadcrumbs and footer.
//! Every page template holds a [`Frame`] named `frame` and extends
//! `base.html`.

use crate::components::{
    Breadcrumbs, Crumb, ErrorLink, ErrorSummary, GenericHeader, LanguageItem, LanguageNavigation,
    NotificationBanner, PhaseBanner, SkipLink,
};
use crate::i18n::{Lang, Tr};
use crate::routes;
use crate::session::Visit;

/// A link in the service navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub text: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct Frame {
    pub t: Tr,
    /// The page's own title, before the service name.
    pub title: String,
    /// The Compact's name when the page belongs to one, else "Compact".
    pub service_name: String,
    pub home_href: String,
    pub path: String,
    pub query: String,
    pub nav: Vec<NavLink>,
    pub signed_in: bool,
    pub csrf_token: String,
    pub breadcrumbs: Option<Breadcrumbs>,
    /// A notification banner to show above the content.
    pub notice: Option<NotificationBanner>,
    /// Whether the page shows an error summary; its title then says so.
    pub has_errors: bool,
    pub css: String,
    pub js: String,
    pub favicon: String,
}

/// Which Compact a page belongs to, for its header and navigation.
#[derive(Debug, Clone)]
pub struct InCompact<'a> {
    pub slug: &'a str,
    pub name: &'a str,
}

/// Which navigation item a page sits under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Register,
    Consultations,
    Findings,
    Funding,
    Audit,
    Account,
    SignIn,
    Other,
}

impl Frame {
    pub fn new(
        visit: &Visit,
        title: String,
        compact: Option<InCompact<'_>>,
        section: Section,
    ) -> Frame {
        let t = Tr::new(visit.lang);
        let (service_name, home_href) = match &compact {
            Some(c) => (c.name.to_string(), routes::compact(c.slug)),
            None => (t.get("service-name"), "/".to_string()),
        };
        let mut nav = vec![NavLink {
            text: t.get("nav-home"),
            href: home_href.clone(),
            current: section == Section::Home,
        }];
        if let Some(c) = &compact {
            nav.push(NavLink {
                text: t.get("nav-register"),
                href: routes::register(c.slug),
                current: section == Section::Register,
            });
            // Funding: the Compact's agreements, open to everyone.
            nav.push(NavLink {
                text: t.get("nav-funding"),
                href: routes::funding(c.slug),
                current: section == Section::Funding,
            });
            nav.push(NavLink {
                text: t.get("nav-consultations"),
                href: routes::consultations(c.slug),
                current: section == Section::Consultations,
            });
            nav.push(NavLink {
                text: t.get("nav-findings"),
                href: routes::findings(c.slug),
                current: section == Section::Findings,
            });
            let may_audit = visit.signed_in.as_ref().is_some_and(|_| {
                visit
                    .viewer()
                    .grants()
                    .iter()
                    .any(|g| g.role == compact_core::access::Role::Secretariat)
            });
            if may_audit {
                nav.push(NavLink {
                    text: t.get("nav-audit"),
                    href: routes::audit(c.slug),
                    current: section == Section::Audit,
                });
            }
        }
        if visit.signed_in.is_some() {
            nav.push(NavLink {
                text: t.get("nav-account"),
                href: "/account".into(),
                current: section == Section::Account,
            });
        } else {
            nav.push(NavLink {
                text: t.get("nav-sign-in"),
                href: "/sign-in".into(),
                current: section == Section::SignIn,
            });
        }
        Frame {
            t,
            title,
            service_name,
            home_href,
            path: visit.path.clone(),
            query: visit.query.clone(),
            nav,
            signed_in: visit.signed_in.is_some(),
            csrf_token: visit.csrf_token.clone(),
            breadcrumbs: None,
            notice: None,
            has_errors: false,
            css: crate::asset_url("compact.css"),
            js: crate::asset_url("govuk-frontend.min.js"),
            favicon: crate::asset_url("favicon.ico"),
        }
    }

    /// Breadcrumbs from the home page down to this one (the last is the
    /// current page and not a link).
    pub fn with_breadcrumbs(mut self, trail: Vec<(String, Option<String>)>) -> Frame {
        let items = trail
            .into_iter()
            .map(|(text, href)| Crumb { text, href })
            .collect();
        self.breadcrumbs = Some(Breadcrumbs {
            label: self.t.get("breadcrumbs-label"),
            items,
        });
        self
    }

    pub fn with_notice(mut self, text: String, success: bool) -> Frame {
        let title = if success {
            self.t.get("notice-success")
        } else {
            self.t.get("notice-important")
        };
        self.notice = Some(NotificationBanner {
            title,
            text,
            success,
        });
        self
    }

    /// An error summary for the page's form, or nothing when it has none.
    pub fn error_summary(&mut self, errors: &[ErrorLink]) -> Option<ErrorSummary> {
        if errors.is_empty() {
            return None;
        }
        self.has_errors = true;
        Some(ErrorSummary {
            title: self.t.get("error-summary-title"),
            items: errors.to_vec(),
        })
    }

    pub fn skip_link(&self) -> SkipLink {
        SkipLink {
            text: self.t.get("skip-link"),
            href: "#main-content".into(),
        }
    }

    pub fn header(&self) -> GenericHeader {
        GenericHeader {
            logo_text: self.service_name.clone(),
            href: self.home_href.clone(),
        }
    }

    pub fn phase_banner(&self) -> PhaseBanner {
        PhaseBanner {
            tag: self.t.get("phase-tag"),
            text: self.t.get("phase-text"),
        }
    }

    /// The switch between English and Welsh: the current language as text,
    /// the other as a link to this page in it.
    pub fn language_navigation(&self) -> LanguageNavigation {
        let items = Lang::ALL
            .into_iter()
            .map(|lang| LanguageItem {
                text: lang.endonym().to_string(),
                lang: lang.code().to_string(),
                href: match self.query.as_str() {
                    "" => format!("{}?lang={}", self.path, lang.code()),
                    rest => format!("{}?{rest}&lang={}", self.path, lang.code()),
                },
                current: lang == self.t.lang,
            })
            .collect();
        LanguageNavigation {
            label: self.t.get("language-label"),
            items,
            classes: Some("compact-language-navigation".into()),
        }
    }
}
