//! Documents uploaded to a consultation: their bytes are kept in the
//! database (see migration 0011), read one at a time, and listed without
//! them. Uploading and removing are write transactions with their audit
//! entry, which records the document's title, name, type, size and hash,
//! never its bytes. Whether the consultation is still a draft, and how
//! many documents it has, are checked again under the write lock.

use super::write::{must_be_draft, subject, StateRow, STATE};
use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::WritePool;
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use compact_core::consultation::{FileType, NewUpload, MAX_DOCUMENTS};
use compact_core::refusal::Conflict;
use compact_core::{AccountId, CompactId, ConsultationId, DocumentId};
use serde_json::json;

/// An uploaded document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: DocumentId,
    pub consultation: ConsultationId,
    pub title: String,
    pub file_name: String,
    pub file_type: FileType,
    pub size: u64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

type DocumentRow = (i64, i64, String, String, String, i64, String, DateTime<Utc>);

/// A document's row with its bytes.
type ContentRow = (
    i64,
    i64,
    String,
    String,
    String,
    i64,
    String,
    DateTime<Utc>,
    Vec<u8>,
);

const DOCUMENT_COLUMNS: &str =
    "id, consultation_id, title, file_name, media_type, size, sha256, uploaded_at";

impl TryFrom<DocumentRow> for StoredDocument {
    type Error = StoreError;

    fn try_from(row: DocumentRow) -> Result<StoredDocument> {
        let (id, consultation, title, file_name, media_type, size, sha256, uploaded_at) = row;
        let file_type =
            FileType::from_media_type(&media_type).ok_or_else(|| StoreError::Corrupt {
                table: "consultation_documents",
                column: "media_type",
                value: media_type.clone(),
                reason: "not a kind of document the service takes".into(),
            })?;
        Ok(StoredDocument {
            id: DocumentId(id),
            consultation: ConsultationId(consultation),
            title,
            file_name,
            file_type,
            size: u64::try_from(size).unwrap_or_default(),
            sha256,
            uploaded_at,
        })
    }
}

/// What the audit log keeps of a document: everything but its bytes.
fn audited(id: DocumentId, upload: &NewUpload) -> serde_json::Value {
    json!({
        "document": id,
        "title": upload.title,
        "file_name": upload.file_name,
        "media_type": upload.file_type.media_type(),
        "size": upload.size,
        "sha256": upload.sha256,
    })
}

impl Store {
    /// The documents uploaded to `consultation`, oldest first, without
    /// their bytes.
    pub async fn consultation_documents(
        &self,
        consultation: ConsultationId,
    ) -> Result<Vec<StoredDocument>> {
        let rows: Vec<DocumentRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM consultation_documents WHERE consultation_id = $1 \
                 ORDER BY id LIMIT {MAX_DOCUMENTS}"
            ))
            .bind(consultation.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(StoredDocument::try_from).collect()
    }

    /// One document of `consultation`, with its bytes.
    pub async fn consultation_document(
        &self,
        consultation: ConsultationId,
        document: DocumentId,
    ) -> Result<Option<(StoredDocument, Vec<u8>)>> {
        let row: Option<ContentRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {DOCUMENT_COLUMNS}, content FROM consultation_documents \
                 WHERE consultation_id = $1 AND id = $2"
            ))
            .bind(consultation.0)
            .bind(document.0)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(id, c, title, name, media, size, sha, at, content)| {
            Ok((
                StoredDocument::try_from((id, c, title, name, media, size, sha, at))?,
                content,
            ))
        })
        .transpose()
    }

    /// Keep a document uploaded to the draft `id` of `compact`, as long as
    /// its links and uploads stay within [`MAX_DOCUMENTS`].
    pub async fn add_consultation_document(
        &self,
        compact: CompactId,
        id: ConsultationId,
        upload: &NewUpload,
        bytes: &[u8],
        uploaded_by: Option<AccountId>,
        actor: &Actor,
    ) -> Result<DocumentId> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let state: Option<StateRow> = sqlx::query_as(STATE).bind(compact.0).bind(id.0)
                .fetch_optional(&mut *tx).await?;
            must_be_draft(&state.ok_or(StoreError::NoSuchConsultation(id))?)?;
            let links: String = sqlx::query_scalar("SELECT documents FROM consultations WHERE id = $1")
                .bind(id.0).fetch_one(&mut *tx).await?;
            let links = serde_json::from_str::<Vec<serde_json::Value>>(&links).map(|l| l.len()).unwrap_or(0);
            let uploads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consultation_documents WHERE consultation_id = $1")
                .bind(id.0).fetch_one(&mut *tx).await?;
            if links + usize::try_from(uploads).unwrap_or(usize::MAX) >= MAX_DOCUMENTS {
                return Err(StoreError::Refused(Conflict::TooManyDocuments { max: MAX_DOCUMENTS }));
            }
            let document: i64 = sqlx::query_scalar(
                "INSERT INTO consultation_documents (consultation_id, title, file_name, media_type, size, sha256, \
                 content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(id.0).bind(&upload.title).bind(&upload.file_name).bind(upload.file_type.media_type())
            .bind(i64::try_from(upload.size).unwrap_or(i64::MAX)).bind(&upload.sha256).bind(bytes)
            .bind(uploaded_by.map(|a| a.0)).bind(now())
            .fetch_one(&mut *tx).await?;
            let document = DocumentId(document);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_DOCUMENT_UPLOAD,
                subject: subject(id),
                before: None,
                after: Some(audited(document, upload)),
            })
            .await?;
            tx.commit().await?;
            Ok(document)
        })
    }

    /// Remove a document uploaded to the draft `id` of `compact`.
    pub async fn remove_consultation_document(
        &self,
        compact: CompactId,
        id: ConsultationId,
        document: DocumentId,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let state: Option<StateRow> = sqlx::query_as(STATE).bind(compact.0).bind(id.0)
                .fetch_optional(&mut *tx).await?;
            must_be_draft(&state.ok_or(StoreError::NoSuchConsultation(id))?)?;
            let row: Option<DocumentRow> = sqlx::query_as(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM consultation_documents WHERE consultation_id = $1 AND id = $2"
            ))
            .bind(id.0).bind(document.0)
            .fetch_optional(&mut *tx).await?;
            let stored = StoredDocument::try_from(row.ok_or(StoreError::NoSuchDocument(document))?)?;
            sqlx::query("DELETE FROM consultation_documents WHERE consultation_id = $1 AND id = $2")
                .bind(id.0).bind(document.0)
                .execute(&mut *tx).await?;
            let before = NewUpload {
                title: stored.title,
                file_name: stored.file_name,
                file_type: stored.file_type,
                size: stored.size,
                sha256: stored.sha256,
            };
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_DOCUMENT_REMOVE,
                subject: subject(id),
                before: Some(audited(document, &before)),
                after: None,
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
