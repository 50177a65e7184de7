//! The outbox sender against a real SMTP conversation: a small SMTP sink on
//! a local port that keeps what it is sent, or refuses it on request.

use compact_store::testing::TestDatabase;
use compact_store::{test_on_both_engines, Engine};
use compact_web::mail::{MailSettings, Sender};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// What the sink received: one string per message (its DATA).
type Inbox = Arc<Mutex<Vec<String>>>;

/// Start an SMTP sink; when `refuse` is set it answers MAIL with a
/// temporary failure, as a busy server would.
async fn smtp_sink(refuse: bool) -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Inbox = Arc::default();
    let kept = inbox.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            kept.lock().unwrap().push(std::mem::take(message));
                            data = None;
                            write.write_all(b"250 kept\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "MAIL" if refuse => b"451 try again later\r\n",
                        "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 ok\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"502 not implemented\r\n",
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, inbox)
}

fn settings(port: u16) -> MailSettings {
    MailSettings {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "Compact <compact@example.org>".into(),
    }
}

async fn queue(db: &TestDatabase) {
    db.store
        .enqueue_email(
            "member@example.org",
            "Choose a new password",
            "Open this link: http://example.org/reset-password/abc",
        )
        .await
        .unwrap();
}

test_on_both_engines!(queued_mail_is_delivered_once);
async fn queued_mail_is_delivered_once(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    queue(&db).await;
    let (port, inbox) = smtp_sink(false).await;
    let sender = Sender::new(&settings(port)).unwrap();
    let now = chrono::Utc::now();
    assert_eq!(sender.send_due(&db.store, now).await.unwrap(), 1);
    // Sent messages leave the queue: a second look sends nothing.
    assert_eq!(sender.send_due(&db.store, now).await.unwrap(), 0);
    let inbox = inbox.lock().unwrap();
    assert_eq!(inbox.len(), 1);
    assert!(inbox[0].contains("Subject: Choose a new password"));
    assert!(inbox[0].contains("To: member@example.org"));
    assert!(inbox[0].contains("reset-password/abc"));
}

test_on_both_engines!(a_refused_message_is_retried_later_not_lost);
async fn a_refused_message_is_retried_later_not_lost(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    queue(&db).await;
    let (busy, _) = smtp_sink(true).await;
    let now = chrono::Utc::now();
    let sender = Sender::new(&settings(busy)).unwrap();
    assert_eq!(sender.send_due(&db.store, now).await.unwrap(), 0);
    // Not due again straight away...
    assert!(db.store.due_emails(now, 10).await.unwrap().is_empty());
    let later = now + chrono::Duration::minutes(2);
    let waiting = db.store.due_emails(later, 10).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
    assert!(waiting[0]
        .last_error
        .as_deref()
        .unwrap_or("")
        .contains("451"));
    // ...and delivered once the server takes it.
    let (port, inbox) = smtp_sink(false).await;
    let sender = Sender::new(&settings(port)).unwrap();
    assert_eq!(sender.send_due(&db.store, later).await.unwrap(), 1);
    assert_eq!(inbox.lock().unwrap().len(), 1);
}

#[test]
fn bad_mail_settings_are_refused_with_a_reason() {
    let bad_url = Sender::new(&MailSettings {
        smtp_url: "carrier-pigeon://loft".into(),
        from: "compact@example.org".into(),
    });
    assert!(bad_url.is_err());
    let bad_from = Sender::new(&MailSettings {
        smtp_url: "smtp://127.0.0.1:25".into(),
        from: "not an address".into(),
    });
    let message = bad_from.err().unwrap().to_string();
    assert!(message.contains("not an address"), "{message}");
}
