//! The web service of Compact.
//!
//! Handlers are thin: they read from the store, ask the core, and render a
//! template. Nothing here decides whether a Compact is kept.

mod assets;
mod pages;

use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::routing::get;
use axum::Router;
use compact_store::Store;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use assets::url as asset_url;

/// Requests larger than this are refused (413) before they are read.
const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;
/// A request that takes longer than this is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/compacts/{slug}", get(pages::compact_home))
        .route("/healthz", get(pages::health))
        .route("/assets/{file}", get(assets::serve))
        .with_state(state)
        .layer(
            // Outermost first: every request gets an id, and every log line
            // of its handling carries it.
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(CompressionLayer::new())
                .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
                // Innermost, so its own 408 response is a plain body.
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT)),
        )
}

/// Serve on `addr` until `shutdown` completes, then finish the requests in
/// flight and return.
pub async fn serve(
    store: Store,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, url = %format!("http://{local}/"), "Compact is serving");
    axum::serve(listener, router(AppState { store }))
        .with_graceful_shutdown(shutdown)
        .await
}
