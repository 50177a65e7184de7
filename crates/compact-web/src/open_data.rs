//! A Compact's funding agreements as 360Giving open data, for anyone:
//! `/compacts/{slug}/funding/360giving.json` (a data package) and
//! `.csv` (the standard's spreadsheet layout).
//!
//! The file is sent as it is written, a batch of agreements at a time
//! (see `compact_app::grants`), so a large Compact's export holds no more
//! in memory than one batch, and the first bytes leave at once.

use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use compact_app::grants::GrantsFormat;
use std::convert::Infallible;

/// How many written batches may wait for a slow reader before the export
/// waits for it in turn.
const QUEUED: usize = 4;

pub async fn grants_json(state: State<AppState>, slug: Path<String>) -> Response {
    grants(state, slug, GrantsFormat::Json).await
}

pub async fn grants_csv(state: State<AppState>, slug: Path<String>) -> Response {
    grants(state, slug, GrantsFormat::Csv).await
}

async fn grants(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    format: GrantsFormat,
) -> Response {
    // A Compact that does not exist answers 404 before anything is sent.
    if let Err(e) = state.app.compact(&slug).await {
        let status = e
            .refusal()
            .map(|r| r.kind().http_status())
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return (status, "There is no such Compact.\n").into_response();
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(QUEUED);
    let app = state.app.clone();
    let export_slug = slug.clone();
    tokio::spawn(async move {
        let result = app
            .export_grants(&export_slug, format, |chunk| {
                let sender = sender.clone();
                async move { sender.send(Bytes::from(chunk)).await.is_ok() }
            })
            .await;
        if let Err(e) = result {
            // The answer has begun; the reader sees a cut-off file, and
            // the cause goes to the log.
            tracing::error!(error = %compact_app::error_chain(&e), "the 360Giving export failed");
        }
    });
    let body = Body::from_stream(futures_util::stream::unfold(receiver, |mut r| async move {
        r.recv().await.map(|chunk| (Ok::<_, Infallible>(chunk), r))
    }));
    let (content_type, extension) = match format {
        GrantsFormat::Json => ("application/json", "json"),
        GrantsFormat::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    let disposition = format!("attachment; filename=\"{slug}-360giving.{extension}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}
