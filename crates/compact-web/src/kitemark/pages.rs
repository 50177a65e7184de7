//! The kitemark's public routes: the verification page a badge links to,
//! the badge image itself and the published key list.

use super::badge::Badge;
use super::{current_sign_up, verify, Status, Verification};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Lang, Tr};
use crate::pages::{render, OrInternal, PageError};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use compact_core::kitemark::Forgery;
use compact_core::OrganisationId;

/// Where the published key list is served.
pub const KEYS_PATH: &str = crate::routes::KITEMARK_KEYS;

/// The badge and the key list: resources rather than pages, fetched by
/// other websites and scripts, so they are merged outside the cookie layer
/// (a `Set-Cookie` would stop caches from sharing them) and are not in the
/// browser tests' list of pages.
pub fn resource_routes() -> Router<AppState> {
    Router::new()
        .route(crate::routes::KITEMARK_BADGE, get(badge))
        .route(KEYS_PATH, get(keys))
}

#[derive(Template)]
#[template(path = "kitemark/verify.html")]
struct VerifyPage {
    frame: Frame,
    /// `valid`, `revoked` or `forged`: which panel the page shows.
    outcome: &'static str,
    heading: String,
    message: String,
    /// Why a link could not be read, in English as the core words it.
    malformed_detail: Option<String>,
    details_heading: String,
    details: Vec<(String, String)>,
    keys_path: &'static str,
}

/// `GET /kitemark/verify?...`: whether a badge is genuine and still stands.
pub async fn verify_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let checked = verify(&state, query.as_deref().unwrap_or_default())
        .await
        .or_internal(&visit)?;
    let t = Tr::new(visit.lang);
    let page = verify_view(&visit, &t, checked);
    Ok(render(&page))
}

fn verify_view(visit: &Visit, t: &Tr, v: Verification) -> VerifyPage {
    let organisation = v
        .claim
        .as_ref()
        .map(|c| c.organisation_name().to_string())
        .unwrap_or_default();
    let compact = v
        .compact_name
        .clone()
        .or_else(|| v.claim.as_ref().map(|c| c.compact().to_string()))
        .unwrap_or_default();
    let names = [
        ("organisation", organisation.clone().into()),
        ("compact", super::after_the(&compact).into()),
    ];
    let mut details = Vec::new();
    if let Some(claim) = &v.claim {
        details.push((t.get("kitemark-organisation"), organisation.clone()));
        details.push((t.get("kitemark-compact"), compact.clone()));
        details.push((t.get("kitemark-signed-on"), t.date(&claim.signed_on())));
    }
    let (outcome, heading, message, malformed_detail) = match &v.status {
        Status::Valid => (
            "valid",
            t.get("kitemark-verified"),
            t.with("kitemark-verified-body", &names),
            None,
        ),
        Status::Revoked { withdrawn_on } => {
            let message = match withdrawn_on {
                Some(date) => {
                    details.push((t.get("kitemark-withdrawn-on"), t.date(date)));
                    let mut args = names.to_vec();
                    args.push(("date", t.date(date).into()));
                    t.with("kitemark-revoked-on", &args)
                }
                None => t.with("kitemark-revoked-removed", &names),
            };
            ("revoked", t.get("kitemark-revoked"), message, None)
        }
        Status::Forged(forgery) => {
            let (key, detail) = match forgery {
                Forgery::Malformed(e) => ("kitemark-forged-malformed", Some(e.to_string())),
                Forgery::UnknownKey(_) => ("kitemark-forged-unknown-key", None),
                Forgery::BadSignature => ("kitemark-forged-bad-signature", None),
            };
            ("forged", t.get("kitemark-forged"), t.get(key), detail)
        }
    };
    if let (Some(claim), false) = (&v.claim, matches!(v.status, Status::Forged(_))) {
        details.push((t.get("kitemark-key"), claim.key().to_string()));
    }
    let in_compact = match (&v.status, &v.claim, &v.compact_name) {
        (Status::Forged(_), _, _) => None,
        (_, Some(claim), Some(name)) => Some((claim.compact().to_string(), name.clone())),
        _ => None,
    };
    let frame = Frame::new(
        visit,
        t.get("kitemark-verify-title"),
        in_compact
            .as_ref()
            .map(|(slug, name)| InCompact { slug, name }),
        Section::Other,
    );
    VerifyPage {
        frame,
        outcome,
        heading,
        message,
        malformed_detail,
        details_heading: t.get(if matches!(v.status, Status::Forged(_)) {
            "kitemark-claims-heading"
        } else {
            "kitemark-details-heading"
        }),
        details,
        keys_path: KEYS_PATH,
    }
}

/// `GET /compacts/{slug}/organisations/{id}/kitemark.svg`: the badge of a
/// current signatory, in English or, with `?lang=cy`, Welsh. Only the query
/// chooses the language: the badge sits on other websites, where our
/// language cookie means nothing.
pub async fn badge(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return no_badge();
    };
    let lang = query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse)
        .unwrap_or_default();
    let compact = match state.app.store.find_compact(&slug).await {
        Ok(Some(compact)) => compact,
        Ok(None) => return no_badge(),
        Err(e) => return failed(e),
    };
    let signups = match state
        .app
        .store
        .signups_here(compact.id, OrganisationId(id))
        .await
    {
        Ok(signups) => signups,
        Err(e) => return failed(e),
    };
    let Some(sign_up) = current_sign_up(&signups, state.today()) else {
        return no_badge();
    };
    let svg = match Badge::new(lang, &compact.name, sign_up.signed_on).render() {
        Ok(svg) => svg,
        Err(e) => return failed(e),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml; charset=utf-8"),
            ),
            // An hour: a withdrawal shows on the badge within that, and a
            // busy website does not ask for it on every page view.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
            // Opened on its own, the image may run nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
            ),
        ],
        svg,
    )
        .into_response()
}

fn no_badge() -> Response {
    (
        StatusCode::NOT_FOUND,
        "There is no badge here: the organisation is not a current signatory of this Compact.\n",
    )
        .into_response()
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "kitemark badge failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service.\n",
    )
        .into_response()
}

/// `GET /kitemark/keys.json`: every public key that ever signed a badge,
/// for checking links offline.
pub async fn keys(State(state): State<AppState>) -> Response {
    let Some(ring) = &state.kitemark else {
        return (StatusCode::NOT_FOUND, "No kitemark keys are set up.\n").into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        ring.public_keys().to_json(),
    )
        .into_response()
}
