//! A draft's uploaded documents: the page that lists them with a button to
//! remove each and a form to upload another, and the download of one
//! document. The use cases decide; these handlers only translate.

use super::file_label;
use crate::components::{ErrorSummary, Input};
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::frame::Frame;
use crate::i18n::{Arg, Tr};
use crate::pages::register_forms::{refused_page, sent, Faults, Fields, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, ConsultationDone};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::Loaded;
use compact_core::consultation::{UploadInput, MAX_DOCUMENTS, MAX_UPLOAD_BYTES};
use compact_core::{ConsultationId, DocumentId};
use compact_store::{StoredConsultation, StoredDocument};

/// An uploaded document as the page lists it.
pub struct Row {
    pub title: String,
    pub href: String,
    /// "PDF, 240 KB".
    pub about: String,
    pub remove: String,
    pub remove_hidden: String,
}

#[derive(Template)]
#[template(path = "consultation_documents.html")]
struct DocumentsPage {
    frame: Frame,
    error_summary: Option<ErrorSummary>,
    intro: String,
    limits: String,
    rows: Vec<Row>,
    action: String,
    title: Input,
    file_error: Option<String>,
}

fn documents_page(
    visit: &Visit,
    target: &(Loaded, StoredConsultation, Vec<StoredDocument>),
    typed_title: &str,
    faults: &Faults,
    done: Option<ConsultationDone>,
) -> Response {
    let t = Tr::new(visit.lang);
    let (compact, c, documents) = target;
    let slug = &compact.stored.slug;
    let mut frame = super::form_frame(visit, &t, compact, c, t.get("consultation-documents-title"));
    if let Some(done) = done {
        frame = frame.with_notice(t.get(super::done_message(done)), true);
    }
    let fields = Fields { t: &t, faults };
    let error_summary = fields.summary(&mut frame, "file");
    let rows = documents
        .iter()
        .map(|d| Row {
            title: d.title.clone(),
            href: routes::consultation_document(slug, c.id, d.id),
            about: file_label(&t, d),
            remove: routes::remove_consultation_document(slug, c.id, d.id),
            remove_hidden: t.with(
                "consultation-document-remove-hidden",
                &[("title", Arg::Text(d.title.clone()))],
            ),
        })
        .collect();
    let page = DocumentsPage {
        error_summary,
        intro: t.get("consultation-documents-intro"),
        limits: t.with(
            "consultation-documents-limits",
            &[
                ("max", Arg::Text(t.size(MAX_UPLOAD_BYTES as u64))),
                ("count", MAX_DOCUMENTS.into()),
            ],
        ),
        rows,
        action: routes::consultation_documents(slug, c.id),
        title: Input {
            id: "title".into(),
            name: "title".into(),
            label: t.get("label-document-title"),
            input_type: "text",
            value: Some(typed_title.to_string()).filter(|v| !v.is_empty()),
            hint: Some(t.get("hint-document-title")),
            error: fields.error("title"),
            error_prefix: t.get("error-prefix"),
            autocomplete: Some("off"),
            spellcheck_off: false,
            classes: None,
        },
        file_error: fields.error("file"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

#[derive(serde::Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn documents_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<DoneQuery>,
) -> Response {
    let target = state
        .app
        .documents_target(&visit.acting(), &slug, ConsultationId(id))
        .await;
    match target {
        Ok(target) => {
            let done = query.done.as_deref().and_then(ConsultationDone::parse);
            documents_page(&visit, &target, "", &Faults::default(), done)
        }
        Err(e) => refused_page(&visit, e),
    }
}

fn done(slug: &str, id: ConsultationId, done: ConsultationDone) -> Response {
    let to = format!(
        "{}?done={}",
        routes::consultation_documents(slug, id),
        done.as_str()
    );
    Redirect::to(&to).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    upload: CsrfUpload,
) -> Result<Response, PageError> {
    let visit = &upload.visit;
    let id = ConsultationId(id);
    let title = upload.field("title").unwrap_or_default().to_string();
    let input = UploadInput {
        title: &title,
        file_name: &upload.file_name,
        bytes: &upload.file,
    };
    let result = state
        .app
        .upload_consultation_document(&visit.acting(), &slug, id, &input)
        .await;
    match sent(visit, result)? {
        Sent::Done(_) => Ok(done(&slug, id, ConsultationDone::Uploaded)),
        Sent::Again(faults) => {
            let target = state.app.documents_target(&visit.acting(), &slug, id).await;
            Ok(match target {
                Ok(target) => documents_page(visit, &target, &title, &faults, None),
                Err(e) => refused_page(visit, e),
            })
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    Path((slug, id, document)): Path<(String, i64, i64)>,
    CsrfForm { visit, .. }: CsrfForm<Vec<(String, String)>>,
) -> Response {
    let id = ConsultationId(id);
    let result = state
        .app
        .remove_consultation_document(&visit.acting(), &slug, id, DocumentId(document))
        .await;
    match result {
        Ok(()) => done(&slug, id, ConsultationDone::Removed),
        Err(e) => refused_page(&visit, e),
    }
}

/// One uploaded document, as a file to save rather than a page to show:
/// its stored type, `attachment` with its name, and a policy that lets
/// nothing in it run if a browser shows it all the same.
pub async fn download(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id, document)): Path<(String, i64, i64)>,
) -> Result<Response, PageError> {
    let (document, bytes) = state
        .app
        .consultation_document(
            &visit.acting(),
            &slug,
            ConsultationId(id),
            DocumentId(document),
        )
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    Ok(file_response(&document, bytes))
}

/// The response that sends an uploaded document.
pub fn file_response(document: &StoredDocument, bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    let header_value = |text: String| {
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
    };
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(document.file_type.media_type()),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        header_value(content_disposition(&document.file_name)),
    );
    headers.insert(
        header::CONTENT_LENGTH,
        header_value(document.size.to_string()),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    // A draft's document is private, and a published one may be removed
    // before publication: no shared cache keeps either.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}

/// `Content-Disposition: attachment` naming the file (RFC 6266): a quoted
/// ASCII name for every browser, and the name itself in UTF-8 (RFC 8187)
/// when it has other letters.
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if ascii == file_name {
        return format!("attachment; filename=\"{ascii}\"");
    }
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn the_file_name_is_quoted_and_given_in_utf8_when_it_needs_it() {
        assert_eq!(
            content_disposition("plan.pdf"),
            "attachment; filename=\"plan.pdf\""
        );
        assert_eq!(
            content_disposition("ffigurau-â.ods"),
            "attachment; filename=\"ffigurau-_.ods\"; filename*=UTF-8''ffigurau-%C3%A2.ods"
        );
    }
}
