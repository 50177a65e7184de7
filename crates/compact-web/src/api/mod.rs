//! The JSON API under `/api/v1`: what the pages show, for scripts and other
//! systems, and its OpenAPI 3.1 document at `/api/openapi.json`.
//!
//! The routes and the document come from one list (`utoipa_axum`'s
//! `routes!` reads each handler's `#[utoipa::path]`), so a route cannot be
//! served without being documented, nor documented without being served.
//! See `docs/api.md` for authentication, errors and pagination.

pub mod account;
pub mod audit;
pub mod auth;
pub mod compacts;
pub mod consultations;
pub mod definition;
pub mod errors;
pub mod findings;
pub mod funding;
pub mod params;
pub mod register;

use crate::AppState;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Compact API",
        version = "1",
        description = "Read a Local Compact's definition, its findings and its audit log. \
            Send a personal API token as `Authorization: Bearer TOKEN`; without one you \
            read what the public may read. Every error has the shape \
            `{\"error\": {\"code\": \"...\", \"message\": \"...\"}}`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    modifiers(&TokenScheme),
    tags(
        (name = "compacts", description = "The Compacts this service runs"),
        (name = "findings", description = "What the rules engine reports"),
        (name = "register", description = "The register of signatories, sign-ups and Compact champions"),
        (name = "consultations", description = "Consultations: drafts, responses and feedback"),
        (name = "funding", description = "Funding agreements, their payments and changes"),
        (name = "audit", description = "The audit log (secretariat only)"),
        (name = "account", description = "The caller's own account"),
        (name = "kitemark", description = "Checking signatories' badges"),
    )
)]
struct ApiDoc;

/// Declares the `api_token` security scheme the operations refer to.
struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut Document) {
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some(
            "A personal API token: `compact token create --email E --name N` prints one.".into(),
        );
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("api_token", SecurityScheme::Http(scheme));
    }
}

/// Every API operation, each registered with its route and its document.
fn operations() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(compacts::list))
        .routes(routes!(compacts::show))
        .routes(routes!(findings::list))
        .routes(routes!(register::list))
        .routes(routes!(register::growth_series))
        .routes(routes!(register::show))
        .routes(routes!(register::changes::sign_up))
        .routes(routes!(register::import::import))
        .routes(routes!(register::import::import_records_sheet))
        .routes(routes!(register::changes::requests))
        .routes(routes!(register::changes::decide))
        .routes(routes!(register::changes::set_champion))
        .routes(routes!(register::changes::withdraw))
        .routes(routes!(consultations::list, consultations::changes::draft))
        .routes(routes!(consultations::show, consultations::changes::update))
        .routes(routes!(consultations::changes::publish))
        .routes(routes!(consultations::changes::respond))
        .routes(routes!(consultations::changes::record))
        .routes(routes!(consultations::changes::feedback))
        .routes(routes!(consultations::documents::upload))
        .routes(routes!(
            consultations::documents::download,
            consultations::documents::remove
        ))
        .routes(routes!(funding::list, funding::changes::create))
        .routes(routes!(funding::show, funding::changes::update))
        .routes(routes!(funding::changes::payment))
        .routes(routes!(funding::changes::paid))
        .routes(routes!(funding::changes::change))
        .routes(routes!(funding::procedure::show_change))
        .routes(routes!(funding::procedure::step))
        .routes(routes!(funding::procedure::impact_assessment))
        .routes(routes!(audit::list))
        .routes(routes!(account::show))
        .routes(routes!(crate::kitemark::api::verify_link))
}

/// The OpenAPI document of the API, as served at [`OPENAPI_PATH`].
pub fn openapi() -> Document {
    operations().into_openapi()
}

/// The API's routes, the document, and JSON answers for everything else
/// under `/api`, to merge into the service's router.
pub fn router() -> Router<AppState> {
    let (routes, document) = operations().split_for_parts();
    // Written once: the document cannot change while the server runs.
    let document = document.to_json().map_err(|e| e.to_string());
    routes
        .route(OPENAPI_PATH, get(move || serve_document(document.clone())))
        // Any other path under /api is a JSON 404, not the HTML page.
        .route("/api", any(errors::not_found))
        .route("/api/", any(errors::not_found))
        .route("/api/{*rest}", any(errors::not_found))
        // Set on every route above: a known path asked with another method
        // answers 405 in the error shape (axum still adds `Allow`).
        .method_not_allowed_fallback(errors::method_not_allowed)
        // Answers depend on the token and may hold confidential findings:
        // no shared cache may keep them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn serve_document(document: Result<String, String>) -> Response {
    match document {
        Ok(json) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            Body::from(json),
        )
            .into_response(),
        Err(e) => errors::ApiError::internal(format!("cannot write the OpenAPI document: {e}"))
            .into_response(),
    }
}
