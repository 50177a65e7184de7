//! Forms that cannot forget their CSRF check.
//!
//! Every handler that changes something from a form takes its fields
//! through [`CsrfForm`] (or [`CsrfUpload`] for a file), which reads the
//! body, compares the token it carries with the visitor's own, and only
//! then hands the fields over. A form without the right token never
//! reaches the handler: the visitor gets the "form expired" page, in their
//! language, and nothing changes.

use crate::pages::PageError;
use crate::session::Visit;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The fields of a form whose CSRF token matched, and the visit it came
/// from.
pub struct CsrfForm<T> {
    pub visit: Visit,
    pub fields: T,
}

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf_token: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, PageError> {
        let (mut parts, body) = request.into_parts();
        let visit = visit_of(&mut parts, state).await;
        let request = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| PageError::too_large(&visit))?;
        // The token first: a form from elsewhere is refused before its
        // fields are even read.
        let token: Token =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| PageError::form_expired(&visit))?;
        if !visit.csrf_matches(&token.csrf_token) {
            return Err(PageError::form_expired(&visit));
        }
        let fields = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            // Our own forms only send text fields, each defaulted, so a
            // body that does not read was not made by them.
            tracing::info!(error = %e, "a form's fields do not read");
            PageError::bad_request(&visit)
        })?;
        Ok(CsrfForm { visit, fields })
    }
}

/// An uploaded file with the form's other fields, once its CSRF token
/// matched.
pub struct CsrfUpload {
    pub visit: Visit,
    /// The text fields, by name.
    pub fields: Vec<(String, String)>,
    /// The file's bytes (empty when none was chosen).
    pub file: Vec<u8>,
    /// The file's name as the browser sent it (empty when none was
    /// chosen); only a hint, to be checked and cleaned.
    pub file_name: String,
}

impl CsrfUpload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The name of the file field of an upload form.
const FILE_FIELD: &str = "file";

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, PageError> {
        let (mut parts, body) = request.into_parts();
        let visit = visit_of(&mut parts, state).await;
        let request = Request::from_parts(parts, body);
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|_| PageError::form_expired(&visit))?;
        let mut upload = CsrfUpload {
            visit,
            fields: Vec::new(),
            file: Vec::new(),
            file_name: String::new(),
        };
        let mut token = None;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) => return Err(upload_error(&upload.visit, e)),
            };
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| upload_error(&upload.visit, e))?;
            if name == FILE_FIELD {
                upload.file = bytes.to_vec();
                upload.file_name = file_name;
            } else {
                let text = String::from_utf8_lossy(&bytes).trim().to_string();
                if name == "csrf_token" {
                    token = Some(text);
                } else {
                    upload.fields.push((name, text));
                }
            }
        }
        if !upload
            .visit
            .csrf_matches(token.as_deref().unwrap_or_default())
        {
            return Err(PageError::form_expired(&upload.visit));
        }
        Ok(upload)
    }
}

fn upload_error(visit: &Visit, e: axum::extract::multipart::MultipartError) -> PageError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        PageError::too_large(visit)
    } else {
        PageError::bad_request(visit)
    }
}

async fn visit_of(parts: &mut axum::http::request::Parts, state: &AppState) -> Visit {
    match Visit::from_request_parts(parts, state).await {
        Ok(visit) => visit,
        Err(never) => match never {},
    }
}
