//! A consultation's uploaded documents: uploading and removing them while
//! it is a draft (whoever may change the draft), and reading one (whoever
//! may see the consultation: a draft's documents are as private as the
//! draft). The checks run in the order of the other changes: signed in,
//! found, allowed, still a draft, then the fields.

use crate::register::Loaded;
use crate::{Acting, App, Result};
use compact_core::consultation::UploadInput;
use compact_core::refusal::{Missing, Refusal};
use compact_core::{ConsultationId, DocumentId};
use compact_store::{StoredConsultation, StoredDocument};

impl App {
    /// The draft `acting` would upload documents to or remove them from,
    /// with the documents it has.
    pub async fn documents_target(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
    ) -> Result<(Loaded, StoredConsultation, Vec<StoredDocument>)> {
        let (compact, c) = self.draft_target(acting, slug, id).await?;
        let documents = self.store.consultation_documents(id).await?;
        Ok((compact, c, documents))
    }

    /// Upload a document to a draft. Its links and uploads together stay
    /// within the limit, checked here and again under the write lock.
    pub async fn upload_consultation_document(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        input: &UploadInput<'_>,
    ) -> Result<DocumentId> {
        let (compact, c, documents) = self.documents_target(acting, slug, id).await?;
        let upload = input.check(c.details.documents.len() + documents.len())?;
        Ok(self
            .store
            .add_consultation_document(
                compact.id(),
                id,
                &upload,
                input.bytes,
                acting.account,
                &acting.actor,
            )
            .await?)
    }

    /// Remove a document uploaded to a draft.
    pub async fn remove_consultation_document(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        document: DocumentId,
    ) -> Result<()> {
        let (compact, _) = self.draft_target(acting, slug, id).await?;
        self.store
            .remove_consultation_document(compact.id(), id, document, &acting.actor)
            .await?;
        Ok(())
    }

    /// One uploaded document with its bytes, for whoever may see the
    /// consultation; anyone else is told it is not found.
    pub async fn consultation_document(
        &self,
        acting: &Acting,
        slug: &str,
        id: ConsultationId,
        document: DocumentId,
    ) -> Result<(StoredDocument, Vec<u8>)> {
        let (_, c) = self.visible_consultation(acting, slug, id).await?;
        Ok(self
            .store
            .consultation_document(c.id, document)
            .await?
            .ok_or(Refusal::NotFound(Missing::Document))?)
    }
}
