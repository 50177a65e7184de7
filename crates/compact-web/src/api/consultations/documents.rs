//! A draft's uploaded documents through the API: uploading one (a
//! multipart body of `title` and `file`) and removing one, through the
//! same use cases as the page, so the same checks and refusals.

use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::params::ApiPath;
use crate::api::register::IdParam;
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use compact_core::consultation::UploadInput;
use compact_core::{ConsultationId, DocumentId};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// A document to upload, as `multipart/form-data`.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Only its derived schema is used.
pub struct UploadBody {
    /// The document's title, as readers will see it.
    #[schema(example = "Draft library strategy")]
    title: String,
    /// The file: PDF, Word (.docx), OpenDocument (.odt, .ods), Excel
    /// (.xlsx), CSV or plain text (.txt), up to 10 MiB. Its kind is read
    /// from its contents and its name's extension together.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The document an upload made.
#[derive(Debug, Serialize, ToSchema)]
pub struct Uploaded {
    pub id: i64,
    /// Where it is downloaded from.
    #[schema(example = "/api/v1/compacts/wiltshire/consultations/3/documents/1")]
    pub url: String,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Only its derived description is used.
pub struct DocumentParam {
    /// The uploaded document's number.
    #[param(minimum = 1, example = 1)]
    document: i64,
}

/// Where the API downloads an uploaded document from.
pub fn download_url(slug: &str, id: ConsultationId, document: DocumentId) -> String {
    format!(
        "/api/v1{}",
        crate::routes::consultation_document(slug, id, document)
    )
}

fn read_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large(crate::UPLOAD_BODY_LIMIT_BYTES)
    } else {
        ApiError::bad_request(
            "The body is not the multipart/form-data expected (a title and a file).",
        )
    }
}

/// Upload a document to a draft (whoever may change the draft). Its links
/// and uploads together are at most 20.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/consultations/{id}/documents",
    operation_id = "upload_consultation_document",
    tag = "consultations",
    params(SlugParam, IdParam),
    request_body(content = UploadBody, content_type = "multipart/form-data"),
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The document was uploaded", body = Uploaded),
        (status = 400, description = "The body is not multipart/form-data", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not change it", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 409, description = "It is published, so it no longer changes, or it has as many documents as it may", body = ErrorBody),
        (status = 413, description = "The body is larger than 10 MiB and the form's fields", body = ErrorBody),
        (status = 422, description = "The title or the file needs correcting: missing, empty, too large, or not a kind taken", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Uploaded>), ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError::bad_request("Send the document as multipart/form-data, with a title and a file.")
    })?;
    let (mut title, mut file_name, mut bytes) = (String::new(), String::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let sent_name = field.file_name().unwrap_or_default().to_string();
        let data = field.bytes().await.map_err(read_error)?;
        match name.as_str() {
            "title" => title = String::from_utf8_lossy(&data).into_owned(),
            "file" => {
                file_name = sent_name;
                bytes = data.to_vec();
            }
            _ => {}
        }
    }
    let id = ConsultationId(id);
    let input = UploadInput {
        title: &title,
        file_name: &file_name,
        bytes: &bytes,
    };
    let document = state
        .app
        .upload_consultation_document(&caller.acting(), &slug, id, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Uploaded {
            id: document.0,
            url: download_url(&slug, id, document),
        }),
    ))
}

/// Download an uploaded document: anyone once the consultation is
/// published, and a draft's only by those who may see the draft (404
/// otherwise). Sent as an attachment with its stored media type.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/consultations/{id}/documents/{document}",
    operation_id = "download_consultation_document",
    tag = "consultations",
    params(SlugParam, IdParam, DocumentParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The file, with its media type", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, description = "A number in the address is not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact, consultation or document", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id, document)): ApiPath<(String, i64, i64)>,
) -> Result<axum::response::Response, ApiError> {
    let (document, bytes) = state
        .app
        .consultation_document(
            &caller.acting(),
            &slug,
            ConsultationId(id),
            DocumentId(document),
        )
        .await?;
    Ok(crate::pages::consultations::documents::file_response(
        &document, bytes,
    ))
}

/// Remove a document uploaded to a draft (whoever may change the draft).
#[utoipa::path(
    delete,
    path = "/api/v1/compacts/{slug}/consultations/{id}/documents/{document}",
    operation_id = "remove_consultation_document",
    tag = "consultations",
    params(SlugParam, IdParam, DocumentParam),
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The document was removed"),
        (status = 400, description = "A number in the address is not a number", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not change it", body = ErrorBody),
        (status = 404, description = "No such Compact, consultation or document", body = ErrorBody),
        (status = 409, description = "It is published, so it no longer changes", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id, document)): ApiPath<(String, i64, i64)>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .remove_consultation_document(
            &caller.acting(),
            &slug,
            ConsultationId(id),
            DocumentId(document),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
