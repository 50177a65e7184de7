//! The web service of Compact.
//!
//! Handlers are thin: they read from the store, ask the core, and render a
//! template. Nothing here decides whether a Compact is kept.

pub mod api;
mod assets;
pub mod components;
pub mod csrf;
pub mod feeds;
pub mod frame;
pub mod i18n;
pub mod kitemark;
pub mod mail;
mod open_data;
mod pages;
mod public_pages;
pub mod routes;
pub mod security;
pub mod session;
pub mod views;

use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use compact_app::{App, Clock};
use compact_store::Store;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use assets::url as asset_url;

/// Requests larger than this are refused (413) before they are read.
const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;
/// An upload of a consultation's document, on its page or through the API:
/// the largest file taken and room for the form's other fields and the
/// multipart framing, and no more.
pub(crate) const UPLOAD_BODY_LIMIT_BYTES: usize =
    compact_core::consultation::MAX_UPLOAD_BYTES + 64 * 1024;

/// Whether a request uploads a consultation's document (a `POST` to
/// `/compacts/{slug}/consultations/{id}/documents`, on a page or in the
/// API).
fn is_document_upload(method: &axum::http::Method, path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    method == axum::http::Method::POST
        && matches!(
            parts.as_slice(),
            ["compacts", _, "consultations", _, "documents"]
        )
}

/// Limit each request's body: the uploads of documents to
/// [`UPLOAD_BODY_LIMIT_BYTES`], every other request to
/// [`BODY_LIMIT_BYTES`]. A body declared larger is refused (413) before it
/// is read; one that grows larger while read fails its extractor with 413.
/// For uploads the extractors' own limit (`DefaultBodyLimit`, 2 MB unless
/// set) is raised to match, so it does not cut them short.
async fn body_limit(
    request: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use tower::{Layer, ServiceExt};
    let upload = is_document_upload(request.method(), request.uri().path());
    let limit = if upload {
        UPLOAD_BODY_LIMIT_BYTES
    } else {
        BODY_LIMIT_BYTES
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return if request.uri().path().starts_with("/api") {
            api::errors::ApiError::too_large(limit).into_response()
        } else {
            StatusCode::PAYLOAD_TOO_LARGE.into_response()
        };
    }
    if !upload {
        let (parts, body) = request.into_parts();
        let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
        return next.run(Request::from_parts(parts, body)).await;
    }
    // Uploads are read only by the multipart extractor, which keeps to
    // `DefaultBodyLimit` and answers 413 when a body outgrows it.
    match axum::extract::DefaultBodyLimit::max(limit)
        .layer(next)
        .oneshot(request)
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// A request that takes longer than this is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases, with the database, the clock and the definitions.
    pub app: App,
    pub settings: Arc<Settings>,
    /// The kitemark's keys; without them no badges are issued or checked.
    pub kitemark: Option<Arc<compact_store::KeyRing>>,
    /// The public's most read pages, kept per data version (see
    /// `public_pages.rs`).
    public_pages: Arc<public_pages::PublicPages>,
}

impl AppState {
    pub fn new(store: Store, settings: Settings) -> AppState {
        AppState {
            app: App::new(store, Clock::System),
            settings: Arc::new(settings),
            kitemark: None,
            public_pages: Arc::default(),
        }
    }

    /// The state with another clock (tests fix the date with one).
    pub fn with_clock(mut self, clock: Clock) -> AppState {
        self.app.clock = clock;
        self
    }

    /// Today's date in London, by the application's clock.
    pub fn today(&self) -> compact_core::Date {
        self.app.clock.today()
    }

    /// The state with kitemark keys, so badges are issued and checked.
    pub fn with_kitemark(mut self, keys: compact_store::KeyRing) -> AppState {
        self.kitemark = Some(Arc::new(keys));
        self
    }
}

/// How this server is reached and how it sends mail.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people use to reach Compact, e.g.
    /// `https://compact.example.org`, for links in e-mail. Never taken from
    /// a request's Host header, which a caller controls.
    pub public_url: String,
    /// Where mail goes; without it messages wait in the outbox.
    pub mail: Option<mail::MailSettings>,
    /// The directory of the kitemark's signing keys (see
    /// `docs/kitemark.md`); without it no badges are issued.
    pub kitemark_keys: Option<std::path::PathBuf>,
}

impl Settings {
    /// Settings for a server reached directly at `addr`, with no mail.
    pub fn local(addr: SocketAddr) -> Settings {
        Settings {
            public_url: format!("http://{addr}"),
            mail: None,
            kitemark_keys: None,
        }
    }
}

/// One page of the service: its address, what answers a visit, and what
/// answers its form when it has one.
pub struct PageRoute {
    pub path: &'static str,
    pub page: MethodRouter<AppState>,
    /// The handler of the page's form (POST). Each takes its fields through
    /// [`csrf::CsrfForm`] or [`csrf::CsrfUpload`]; a test posts to every
    /// one without a token.
    pub form: Option<MethodRouter<AppState>>,
}

fn page(path: &'static str, page: MethodRouter<AppState>) -> PageRoute {
    PageRoute {
        path,
        page,
        form: None,
    }
}

fn form(
    path: &'static str,
    page: MethodRouter<AppState>,
    form: MethodRouter<AppState>,
) -> PageRoute {
    PageRoute {
        path,
        page,
        form: Some(form),
    }
}

pub use compact_app::error_chain;

/// Every page of the service: a person reads these in a browser. The router
/// is built from this list, and the browser tests must visit each one (a
/// test compares it with `tests/browser/pages.json`).
pub fn page_routes() -> Vec<PageRoute> {
    use pages::consultations::{
        self as consult, documents as cdocs, forms as cforms, responses as cresp,
    };
    use pages::register_forms::{champion, details, requests, sign_up, withdraw};
    use pages::{
        account, audit, compacts, findings, grants_import, import, organisation, records_import,
        register, reset,
    };
    use routes as r;
    let mut all = vec![
        page(r::HOME, get(compacts::home)),
        page(r::COMPACT, get(compacts::compact_home)),
        page(r::REGISTER, get(register::register)),
        form(r::IMPORT, get(import::import_form), post(import::import)),
        form(
            r::GRANTS_IMPORT,
            get(grants_import::grants_import_form),
            post(grants_import::grants_import),
        ),
        form(
            r::RECORDS_IMPORT,
            get(records_import::records_import_form),
            post(records_import::records_import),
        ),
        form(
            r::NEW_ORGANISATION,
            get(details::new_form),
            post(details::create),
        ),
        page(r::ORGANISATION, get(organisation::organisation)),
        form(
            r::DETAILS,
            get(details::details_form),
            post(details::change_details),
        ),
        form(
            r::SIGN_UP,
            get(sign_up::sign_up_form),
            post(sign_up::sign_up),
        ),
        form(
            r::CHAMPION,
            get(champion::champion_form),
            post(champion::champion),
        ),
        form(
            r::WITHDRAW,
            get(withdraw::withdraw_form),
            post(withdraw::withdraw),
        ),
        page(r::SIGN_UP_REQUESTS, get(requests::requests)),
        form(
            r::SIGN_UP_REQUEST,
            get(requests::request),
            post(requests::decide),
        ),
        page(r::CONSULTATIONS, get(consult::list)),
        form(
            r::NEW_CONSULTATION,
            get(cforms::new_form),
            post(cforms::create),
        ),
        page(r::CONSULTATION, get(consult::consultation)),
        form(
            r::EDIT_CONSULTATION,
            get(cforms::edit_form),
            post(cforms::update),
        ),
        form(
            r::PUBLISH_CONSULTATION,
            get(cforms::publish_form),
            post(cforms::publish),
        ),
        form(r::RESPOND, get(cresp::respond_form), post(cresp::respond)),
        form(
            r::RECORD_RESPONSE,
            get(cresp::record_form),
            post(cresp::record),
        ),
        form(
            r::FEEDBACK,
            get(cresp::feedback_form),
            post(cresp::feedback),
        ),
        form(
            r::CONSULTATION_DOCUMENTS,
            get(cdocs::documents_form),
            post(cdocs::upload),
        ),
        page(r::FINDINGS, get(findings::findings)),
        page(r::AUDIT, get(audit::audit)),
        page(r::KITEMARK_VERIFY, get(kitemark::pages::verify_page)),
        form(
            r::SIGN_IN,
            get(account::sign_in_page),
            post(account::sign_in),
        ),
        page(r::ACCOUNT, get(account::account_page)),
        form(
            r::FORGOT_PASSWORD,
            get(reset::forgot_password_page),
            post(reset::forgot_password),
        ),
        form(
            r::RESET_PASSWORD,
            get(reset::reset_password_page),
            post(reset::reset_password),
        ),
    ];
    // Kept apart, so other pages' routes can be added beside them.
    all.extend(funding_routes());
    all
}

/// The funding pages: a Compact's agreements, their payments and changes.
fn funding_routes() -> Vec<PageRoute> {
    use pages::funding::{agreement_form, change_form, impact, payment, view};
    use routes as r;
    vec![
        page(r::FUNDING, get(pages::funding::list)),
        form(
            r::NEW_AGREEMENT,
            get(agreement_form::new_form),
            post(agreement_form::create),
        ),
        page(r::AGREEMENT, get(view::agreement)),
        form(
            r::EDIT_AGREEMENT,
            get(agreement_form::edit_form),
            post(agreement_form::update),
        ),
        form(
            r::NEW_PAYMENT,
            get(payment::payment_form),
            post(payment::record_payment),
        ),
        form(
            r::PAYMENT_PAID,
            get(payment::paid_form),
            post(payment::record_paid),
        ),
        form(
            r::NEW_CHANGE,
            get(change_form::change_form),
            post(change_form::record_change),
        ),
        page(r::CHANGE, get(view::change)),
        form(
            r::NEW_STEP,
            get(change_form::step_form),
            post(change_form::record_step),
        ),
        form(
            r::IMPACT_ASSESSMENT,
            get(impact::impact_form),
            post(impact::record_impact),
        ),
    ]
}

/// The forms that are not pages of their own: the sign-out button.
pub fn button_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (routes::SIGN_OUT, post(pages::account::sign_out)),
        (
            routes::REMOVE_CONSULTATION_DOCUMENT,
            post(pages::consultations::documents::remove),
        ),
    ]
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for route in page_routes() {
        let handlers = match route.form {
            Some(form) => route.page.merge(form),
            None => route.page,
        };
        router = router.route(route.path, handlers);
    }
    for (path, button) in button_routes() {
        router = router.route(path, button);
    }
    router
        // The register's downloads: the same list as the page, as data.
        .route(routes::REGISTER_CSV, get(pages::register::register_csv))
        .route(routes::REGISTER_JSON, get(pages::register::register_json))
        // A consultation's uploaded document: a file, not a page.
        .route(
            routes::CONSULTATION_DOCUMENT,
            get(pages::consultations::documents::download),
        )
        .route("/healthz", get(pages::health))
        .route("/assets/{file}", get(assets::serve))
        .fallback(pages::not_found)
        // Inside the cookie layer: a kept page is the same bytes for every
        // visitor, and their cookies are added around it.
        .layer(axum::middleware::from_fn_with_state(state.clone(), public_pages::serve))
        .layer(axum::middleware::from_fn(session::visitor_cookies))
        // After the cookie layer: the API sets no cookies. Its public answers
        // are kept as the pages are.
        .merge(api::router().layer(axum::middleware::from_fn_with_state(
            state.clone(),
            public_pages::serve,
        )))
        .merge(kitemark::pages::resource_routes()) // nor do the badge and keys,
        .route(crate::routes::AUDIT_CHECKPOINT, get(pages::audit::published_checkpoint)) // nor the checkpoint,
        .route(crate::routes::GRANTS_JSON, get(open_data::grants_json)) // nor open data
        .route(crate::routes::GRANTS_CSV, get(open_data::grants_csv))
        .merge(pages::records_import::example_routes()) // nor the example files,
        // nor the consultation feeds, read by feed readers and calendars.
        .route(crate::routes::CONSULTATIONS_ATOM, get(feeds::compact_atom))
        .route(crate::routes::CONSULTATIONS_ICS, get(feeds::compact_ics))
        .route(crate::routes::LEAD_CONSULTATIONS_ATOM, get(feeds::lead_atom))
        .route(crate::routes::LEAD_CONSULTATIONS_ICS, get(feeds::lead_ics))
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
                .layer(axum::middleware::from_fn(security::headers))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(CompressionLayer::new())
                // Inside compression and outside the limits below, so their
                // bare answers become pages too.
                .layer(axum::middleware::from_fn(pages::errors::as_pages))
                .layer(axum::middleware::from_fn(body_limit))
                // Innermost, so its own 408 response is a plain body.
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT)),
        )
}

/// Serve on `addr` until `shutdown` completes, then finish the requests in
/// flight and return. With mail settings, the outbox is sent meanwhile.
pub async fn serve(
    store: Store,
    addr: SocketAddr,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, url = %format!("http://{local}/"), "Compact is serving");
    let (stop_mail, mail_stopped) = tokio::sync::oneshot::channel::<()>();
    let sender = match &settings.mail {
        Some(mail) => {
            let sender = mail::Sender::new(mail)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
            let store = store.clone();
            Some(tokio::spawn(sender.run(store, async move {
                let _ = mail_stopped.await;
            })))
        }
        None => {
            tracing::warn!("no mail server is set: e-mail waits in the outbox until one is");
            None
        }
    };
    let keys = match &settings.kitemark_keys {
        Some(dir) => Some(
            // A database set up before badges existed gets its first key
            // here, so upgrading needs no extra step.
            compact_store::KeyRing::open_or_create(dir)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
        ),
        None => None,
    };
    if let Some(keys) = keys.as_ref().filter(|k| k.created_now()) {
        store
            .record_kitemark_key(
                &keys.current().id().to_string(),
                &[],
                &compact_store::Actor::system("compact serve"),
            )
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    let mut state = AppState::new(store, settings);
    if let Some(dir) = &state.settings.kitemark_keys {
        // The audit log's checkpoint key lives beside the kitemark's keys,
        // outside the database.
        let audit_keys = compact_store::AuditKeys::open_or_create(dir)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        state.app = state.app.clone().with_audit_keys(audit_keys);
    }
    if let Some(keys) = keys {
        tracing::info!(dir = %keys.dir().display(), key = %keys.current().id(), "kitemark badges are signed");
        state = state.with_kitemark(keys);
    }
    let checkpoints = tokio::spawn(sign_audit_checkpoints(state.app.clone()));
    let served = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    checkpoints.abort();
    let _ = stop_mail.send(());
    if let Some(sender) = sender {
        let _ = sender.await;
    }
    served
}

/// Sign a checkpoint of the audit log now and then while serving (see
/// `compact_app::audit`); a failure is logged and tried again next time.
async fn sign_audit_checkpoints(app: App) {
    let mut every = tokio::time::interval(compact_app::audit::CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = app.checkpoint_audit().await {
            tracing::error!(error = %compact_app::error_chain(&e), "cannot sign an audit checkpoint");
        }
    }
}
