//! Uploading and removing a consultation's documents through the use
//! cases, on both engines: who may, when, the limit shared with the links,
//! and that a refusal writes nothing.

mod consultation_world;

use compact_app::Error;
use compact_core::consultation::{DocumentInput, UploadInput, MAX_DOCUMENTS};
use compact_core::refusal::{Conflict, Missing, Refusal};
use compact_core::register::Problem;
use compact_core::DocumentId;
use compact_store::testing::TestDatabase;
use compact_store::{test_on_both_engines, Engine};
use consultation_world::{audit_count, input, refusal, world};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n";

fn pdf(title: &str) -> UploadInput<'_> {
    UploadInput {
        title,
        file_name: "paper.pdf",
        bytes: PDF,
    }
}

test_on_both_engines!(documents_follow_the_drafts_rules_and_its_limit);
async fn documents_follow_the_drafts_rules_and_its_limit(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let app = &w.app;
    let id = app
        .draft_consultation(
            &w.officer,
            "wiltshire",
            None,
            &input("1/4/2026", "30/6/2026"),
        )
        .await
        .unwrap();

    // Who may not: nothing is written.
    let before = audit_count(&w.store).await;
    for (who, expected) in [
        (&w.member, Refusal::NotFound(Missing::Consultation)),
        (&w.group, Refusal::NotFound(Missing::Consultation)),
        (&w.police_officer, Refusal::NotFound(Missing::Consultation)),
    ] {
        let refused = app
            .upload_consultation_document(who, "wiltshire", id, &pdf("Paper"))
            .await;
        assert_eq!(refusal(refused), expected);
    }
    assert_eq!(audit_count(&w.store).await, before);

    // The draft links one document: 19 uploads fill it.
    for n in 0..MAX_DOCUMENTS - 1 {
        let title = format!("Paper {n}");
        app.upload_consultation_document(&w.officer, "wiltshire", id, &pdf(&title))
            .await
            .unwrap();
    }
    let full = app
        .upload_consultation_document(&w.secretariat, "wiltshire", id, &pdf("One more"))
        .await;
    match refusal(full) {
        Refusal::Invalid(problems) => {
            assert_eq!(problems[0].field, "file");
            assert_eq!(problems[0].problem, Problem::TooMany);
        }
        other => panic!("expected too many, got {other:?}"),
    }
    // Nor can the draft link another document beside them.
    let mut more = input("1/4/2026", "30/6/2026");
    more.documents = DocumentInput::from_lines(
        "Draft plan https://example.org/plan.pdf\nMap https://example.org/map.pdf",
    );
    let refused = app
        .update_consultation(&w.officer, "wiltshire", id, &more)
        .await;
    assert!(matches!(refusal(refused), Refusal::Invalid(p) if p[0].field == "documents"));

    // Removing one makes room; a document of another number is not found.
    let documents = w.store.consultation_documents(id).await.unwrap();
    app.remove_consultation_document(&w.officer, "wiltshire", id, documents[0].id)
        .await
        .unwrap();
    let gone = app
        .remove_consultation_document(&w.officer, "wiltshire", id, documents[0].id)
        .await;
    assert_eq!(refusal(gone), Refusal::NotFound(Missing::Document));
    app.upload_consultation_document(&w.officer, "wiltshire", id, &pdf("Replacement"))
        .await
        .unwrap();

    // Published, the documents are anyone's to read and no one's to change.
    app.publish_consultation(&w.officer, "wiltshire", id)
        .await
        .unwrap();
    let public = compact_app::Acting::public();
    let (document, bytes) = app
        .consultation_document(&public, "wiltshire", id, documents[1].id)
        .await
        .unwrap();
    assert_eq!(bytes, PDF);
    assert_eq!(document.title, "Paper 1");
    let late = app
        .upload_consultation_document(&w.officer, "wiltshire", id, &pdf("Late"))
        .await;
    assert!(matches!(
        refusal(late),
        Refusal::Conflict(Conflict::ConsultationPublished { .. })
    ));
    let late = app
        .remove_consultation_document(&w.officer, "wiltshire", id, documents[1].id)
        .await;
    assert!(matches!(late, Err(Error::Refused(Refusal::Conflict(_)))));
    let missing = app
        .consultation_document(&public, "wiltshire", id, DocumentId(9999))
        .await;
    assert_eq!(refusal(missing), Refusal::NotFound(Missing::Document));
}
