//! Documents uploaded to a consultation, through its page and the API, on
//! both engines: what is uploaded downloads byte for byte with headers
//! that keep a browser from running it, a draft's documents are as
//! private as the draft, the kinds and sizes are limited, and removing one
//! is audited.

mod support;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use compact_core::consultation::{Details, MAX_UPLOAD_BYTES};
use compact_core::ConsultationId;
use compact_store::{test_on_both_engines, Actor, AuditFilter, Engine};
use http_body_util::BodyExt;
use support::web::{csrf_token, Browser, TestApp};
use tower::ServiceExt;

test_on_both_engines!(an_uploaded_document_downloads_as_it_was_sent);
test_on_both_engines!(files_of_the_wrong_kind_or_size_are_refused_on_the_form);
test_on_both_engines!(removing_a_document_is_audited);
test_on_both_engines!(the_api_uploads_lists_and_removes_documents);

const PDF: &[u8] =
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

/// A draft led by the council, saved straight to the store.
async fn draft(app: &TestApp) -> (ConsultationId, String) {
    let today = compact_core::calendar::today_in_london();
    let details = Details {
        title: "Library opening hours".into(),
        summary: "Shorter evening hours.".into(),
        proposal: "Close at 6pm.".into(),
        opened_on: today,
        closes_on: today + chrono::Duration::days(90),
        how_to_respond: "Online.".into(),
        contact_name: "Ana Jones".into(),
        contact_email: "ana@example.org".into(),
        ..Details::default()
    };
    let id = app
        .store
        .create_consultation(app.compact, app.council, &details, &Actor::system("test"))
        .await
        .unwrap();
    (id, format!("/compacts/blackpool/consultations/{id}"))
}

/// A multipart body of `fields` and one file, as a browser sends it.
fn multipart(fields: &[(&str, &str)], file_name: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "compact-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Upload `file` as `file_name` on the documents page of `path`.
async fn upload(
    app: &TestApp,
    browser: &mut Browser,
    path: &str,
    title: &str,
    file_name: &str,
    file: &[u8],
) -> support::web::Page {
    let documents = format!("{path}/documents");
    let form = app.get(browser, &documents).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = csrf_token(&form.body);
    let (content_type, body) =
        multipart(&[("csrf_token", &token), ("title", title)], file_name, file);
    let request = Request::post(&documents)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, browser.cookie_header())
        .body(Body::from(body))
        .unwrap();
    app.request(browser, request).await
}

/// A GET's status, headers and raw bytes.
async fn download(app: &TestApp, browser: &Browser, path: &str) -> (StatusCode, HeaderMap, Bytes) {
    let request = Request::get(path)
        .header(header::COOKIE, browser.cookie_header())
        .body(Body::empty())
        .unwrap();
    let response = app.app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    (
        parts.status,
        parts.headers,
        body.collect().await.unwrap().to_bytes(),
    )
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

async fn an_uploaded_document_downloads_as_it_was_sent(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (id, path) = draft(&app).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let sent = upload(
        &app,
        &mut officer,
        &path,
        "Draft plan",
        "Draft Plan (v2).pdf",
        PDF,
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let listed = app
        .get(&mut officer, sent.location.as_deref().unwrap())
        .await
        .body;
    assert!(listed.contains("The document was uploaded."), "{listed}");
    assert!(listed.contains("PDF, 65 bytes"), "{listed}");
    let document = app
        .store
        .consultation_documents(id)
        .await
        .unwrap()
        .remove(0);
    let address = format!("{path}/documents/{}", document.id);

    let (status, headers, bytes) = download(&app, &officer, &address).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&bytes[..], PDF);
    assert_eq!(
        header_text(&headers, header::CONTENT_TYPE),
        "application/pdf"
    );
    assert_eq!(
        header_text(&headers, header::CONTENT_DISPOSITION),
        "attachment; filename=\"Draft-Plan-v2.pdf\""
    );
    assert_eq!(
        header_text(&headers, header::CONTENT_LENGTH),
        PDF.len().to_string()
    );
    assert_eq!(
        header_text(&headers, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    assert!(header_text(&headers, header::CONTENT_SECURITY_POLICY).contains("sandbox"));

    // A draft's document is not found by anyone who may not see the draft.
    for browser in [Browser::default(), app.sign_in("member@example.org").await] {
        let (status, _, bytes) = download(&app, &browser, &address).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!bytes.starts_with(b"%PDF"));
    }
    let secretariat = app.sign_in("secretariat@example.org").await;
    assert_eq!(
        download(&app, &secretariat, &address).await.0,
        StatusCode::OK
    );

    // Published, anyone downloads it, and the page lists it beside the links.
    app.store
        .publish_consultation(app.compact, id, &Actor::system("test"))
        .await
        .unwrap();
    let (status, _, bytes) = download(&app, &Browser::default(), &address).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&bytes[..], PDF);
    let page = app.get(&mut Browser::default(), &path).await.body;
    assert!(page.contains(&address), "{page}");
    assert!(page.contains("Draft plan"));
    assert!(page.contains("PDF, 65 bytes"));
    // A published consultation's documents no longer change.
    let again = app.get(&mut officer, &format!("{path}/documents")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // No such document is not found.
    let (status, ..) = download(&app, &officer, &format!("{path}/documents/999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn files_of_the_wrong_kind_or_size_are_refused_on_the_form(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (id, path) = draft(&app).await;
    let mut public = Browser::default();
    assert_eq!(
        app.get(&mut public, &format!("{path}/documents"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, &format!("{path}/documents"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut officer = app.sign_in("officer@example.org").await;

    let renamed = upload(&app, &mut officer, &path, "Plan", "setup.pdf", EXE).await;
    assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        renamed
            .body
            .contains("The file must be a PDF, Word (.docx)"),
        "{}",
        renamed.body
    );
    assert!(renamed.body.contains("value=\"Plan\""), "the title is kept");

    let mut over = PDF.to_vec();
    over.resize(MAX_UPLOAD_BYTES + 1, b' ');
    let large = upload(&app, &mut officer, &path, "Plan", "plan.pdf", &over).await;
    assert_eq!(
        large.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        large.body
    );
    assert!(
        large.body.contains("The file must be 10 MB or smaller"),
        "{}",
        large.body
    );

    let empty = upload(&app, &mut officer, &path, "", "plan.pdf", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("The file chosen is empty"));
    assert!(empty.body.contains("Enter a title"));

    // A body beyond the upload's limit is not read at all.
    over.resize(MAX_UPLOAD_BYTES + 200 * 1024, b' ');
    let refused = upload(&app, &mut officer, &path, "Plan", "plan.pdf", &over).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        refused.body.contains("up to 10 MB each"),
        "{}",
        refused.body
    );
    assert!(app
        .store
        .consultation_documents(id)
        .await
        .unwrap()
        .is_empty());

    // In Welsh, the same refusal in Welsh.
    let mut welsh = app.sign_in("officer@example.org").await;
    welsh.cookies.push(("compact_lang".into(), "cy".into()));
    let renamed = upload(&app, &mut welsh, &path, "Cynllun", "setup.pdf", EXE).await;
    assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        renamed
            .body
            .contains("Rhaid i&#39;r ffeil fod yn ffeil PDF")
            || renamed.body.contains("Rhaid i'r ffeil fod yn ffeil PDF"),
        "{}",
        renamed.body
    );
}

async fn removing_a_document_is_audited(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (id, path) = draft(&app).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let sent = upload(
        &app,
        &mut officer,
        &path,
        "Figures",
        "figures.csv",
        b"name,amount\nA,1\n",
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let document = app
        .store
        .consultation_documents(id)
        .await
        .unwrap()
        .remove(0);
    let address = format!("{path}/documents/{}", document.id);
    assert_eq!(download(&app, &officer, &address).await.0, StatusCode::OK);

    // Without the form's token nothing is removed.
    let forged = app
        .post(&mut officer, &format!("{address}/remove"), &[])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let form = app.get(&mut officer, &format!("{path}/documents")).await;
    let token = csrf_token(&form.body);
    let mut member = app.sign_in("member@example.org").await;
    let member_form = app.get(&mut member, "/account").await;
    let member_token = csrf_token(&member_form.body);
    let refused = app
        .post(
            &mut member,
            &format!("{address}/remove"),
            &[("csrf_token", &member_token)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let removed = app
        .post(
            &mut officer,
            &format!("{address}/remove"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(
        download(&app, &officer, &address).await.0,
        StatusCode::NOT_FOUND
    );
    let again = app
        .post(
            &mut officer,
            &format!("{address}/remove"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    let (entries, _) = app
        .store
        .audit_entries(
            &AuditFilter {
                action_prefix: Some("consultation.document".into()),
                ..AuditFilter::default()
            },
            1,
            10,
        )
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "consultation.document_remove",
            "consultation.document_upload"
        ]
    );
    let kept = entries[1].after.as_ref().unwrap();
    assert_eq!(kept["title"], "Figures");
    assert_eq!(kept["file_name"], "figures.csv");
    assert_eq!(kept["media_type"], "text/csv; charset=utf-8");
    assert_eq!(kept["size"], 16);
    assert_eq!(kept["sha256"], document.sha256.as_str());
    assert_eq!(
        entries[0].before.as_ref().unwrap()["sha256"],
        document.sha256.as_str()
    );
    assert!(!entries
        .iter()
        .any(|e| format!("{:?}{:?}", e.before, e.after).contains("amount")));
}

async fn the_api_uploads_lists_and_removes_documents(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (id, page) = draft(&app).await;
    let api = format!("/api/v1{page}");
    let documents = format!("{api}/documents");
    let officer = app.api_token("officer").await;
    let member = app.api_token("member").await;
    let pdf = || multipart(&[("title", "Draft plan")], "plan.pdf", PDF);

    let (status, _) = app
        .call_api(Method::POST, &documents, None, Some(pdf()))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .call_api(Method::POST, &documents, Some(&member), Some(pdf()))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a draft the member may not see"
    );
    let (status, _) = app
        .call_api(
            Method::POST,
            "/api/v1/compacts/blackpool/consultations/999/documents",
            Some(&officer),
            Some(pdf()),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app
        .call_api(
            Method::POST,
            &documents,
            Some(&officer),
            Some(("application/json".into(), b"{}".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = app
        .call_api(
            Method::POST,
            &documents,
            Some(&officer),
            Some(multipart(&[("title", "Setup")], "setup.pdf", EXE)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "file");
    assert_eq!(body["error"]["fields"][0]["problem"], "wrong_format");
    let mut over = PDF.to_vec();
    over.resize(MAX_UPLOAD_BYTES + 1, b' ');
    let (status, body) = app
        .call_api(
            Method::POST,
            &documents,
            Some(&officer),
            Some(multipart(&[("title", "Big")], "big.pdf", &over)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 10 MiB"),
        "{body}"
    );
    over.resize(MAX_UPLOAD_BYTES + 200 * 1024, b' ');
    let (status, body) = app
        .call_api(
            Method::POST,
            &documents,
            Some(&officer),
            Some(multipart(&[("title", "Big")], "big.pdf", &over)),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");

    let (status, body) = app
        .call_api(Method::POST, &documents, Some(&officer), Some(pdf()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let url = body["url"].as_str().unwrap().to_string();
    let (status, shown) = app.call_api(Method::GET, &api, Some(&officer), None).await;
    assert_eq!(status, StatusCode::OK);
    let listed = &shown["uploaded_documents"][0];
    assert_eq!(listed["url"], url.as_str());
    assert_eq!(listed["title"], "Draft plan");
    assert_eq!(listed["media_type"], "application/pdf");
    assert_eq!(listed["size"], PDF.len());
    assert!(url.starts_with("/api/v1/"), "{url}");
    let (status, headers, bytes) = download(&app, &Browser::default(), &url).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{headers:?}");
    assert!(!bytes.starts_with(b"%PDF"));
    // The officer's token downloads the draft's document.
    let request = Request::get(&url)
        .header(header::AUTHORIZATION, format!("Bearer {officer}"))
        .body(Body::empty())
        .unwrap();
    let response = app.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_text(response.headers(), header::CONTENT_DISPOSITION),
        "attachment; filename=\"plan.pdf\""
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&bytes[..], PDF);

    let remove = format!("{documents}/{}", body["id"]);
    let (status, _) = app
        .call_api(Method::DELETE, &remove, Some(&member), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call_api(Method::DELETE, &remove, Some(&officer), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .call_api(Method::DELETE, &remove, Some(&officer), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Published: documents no longer change.
    app.store
        .publish_consultation(app.compact, id, &Actor::system("test"))
        .await
        .unwrap();
    let (status, _) = app
        .call_api(Method::POST, &documents, Some(&officer), Some(pdf()))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let secretariat_token = app.api_token("group").await;
    let (status, _) = app
        .call_api(
            Method::POST,
            &documents,
            Some(&secretariat_token),
            Some(pdf()),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the Compact Group sees it but may not change it"
    );
}
