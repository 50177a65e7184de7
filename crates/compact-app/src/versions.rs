//! Reading a Compact's data version, shared between requests that arrive
//! together.
//!
//! Every page that shows a Compact's data first reads its version, so that
//! a change committed anywhere (this server, another one on the same
//! database, the `compact` command) shows on the next request. Under load,
//! many requests for one Compact arrive while a read of the version is on
//! its way; instead of each sending its own, a request uses the answer of
//! any read *issued after it arrived*: such a read sees every change
//! committed before the request arrived, which is all "the next request"
//! promises. A request that arrives while an older read is in flight waits
//! for it to finish and then joins (or issues) the next one.

use compact_core::CompactId;
use compact_store::{Result, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::Notify;

#[derive(Default)]
struct Reads {
    /// The last answer, and when the read that gave it was issued.
    latest: Option<(i64, Instant)>,
    /// When the read now in flight was issued.
    in_flight: Option<Instant>,
}

#[derive(Default)]
struct PerCompact {
    reads: Mutex<Reads>,
    done: Notify,
}

/// The data version of each Compact, read as described above.
#[derive(Default)]
pub struct Versions {
    by_compact: Mutex<HashMap<CompactId, Arc<PerCompact>>>,
}

enum Next {
    Answer(i64),
    Read(Instant),
    Wait,
}

impl Versions {
    fn of(&self, compact: CompactId) -> Arc<PerCompact> {
        let mut all = self.by_compact.lock().unwrap_or_else(|e| e.into_inner());
        all.entry(compact).or_default().clone()
    }

    /// The version of `compact` as of a moment after this call began.
    pub async fn current(&self, store: &Store, compact: CompactId) -> Result<i64> {
        let arrived = Instant::now();
        let this = self.of(compact);
        loop {
            let notified = this.done.notified();
            tokio::pin!(notified);
            // Registered before the lock is let go, so a read that finishes
            // in between still wakes this request.
            notified.as_mut().enable();
            let next = {
                let mut reads = this.reads.lock().unwrap_or_else(|e| e.into_inner());
                match (reads.latest, reads.in_flight) {
                    (Some((version, issued)), _) if issued >= arrived => Next::Answer(version),
                    (_, Some(_)) => Next::Wait,
                    (_, None) => {
                        let issued = Instant::now();
                        reads.in_flight = Some(issued);
                        Next::Read(issued)
                    }
                }
            };
            match next {
                Next::Answer(version) => return Ok(version),
                Next::Wait => notified.await,
                Next::Read(issued) => {
                    let mut reading = Reading {
                        this: &this,
                        issued,
                        answer: None,
                    };
                    let read = store.data_version(compact).await;
                    reading.answer = read.as_ref().ok().copied();
                    return read;
                }
            }
        }
    }
}

/// The read in flight: however it ends (answered, failed, or its request
/// dropped half way), the next request may read, and those waiting wake.
struct Reading<'a> {
    this: &'a PerCompact,
    issued: Instant,
    answer: Option<i64>,
}

impl Drop for Reading<'_> {
    fn drop(&mut self) {
        {
            let mut reads = self.this.reads.lock().unwrap_or_else(|e| e.into_inner());
            reads.in_flight = None;
            if let Some(version) = self.answer {
                reads.latest = Some((version, self.issued));
            }
        }
        self.this.done.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use compact_store::testing::{actor, TestDatabase};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_see_every_change_committed_before_they_arrived() {
        let db = TestDatabase::sqlite().await;
        let store = db.store.clone();
        let compact = store
            .create_compact(
                "blackpool",
                "Compact for Blackpool",
                compact_core::definition::shipped("blackpool").unwrap(),
                &actor(),
            )
            .await
            .unwrap();
        let versions = Arc::new(Versions::default());
        for _ in 0..20 {
            let before = store.data_version(compact).await.unwrap();
            // Many requests at once, each must see at least `before`...
            let mut tasks = Vec::new();
            for _ in 0..16 {
                let (versions, store) = (versions.clone(), store.clone());
                tasks.push(tokio::spawn(async move {
                    versions.current(&store, compact).await
                }));
            }
            for task in tasks {
                assert!(task.await.unwrap().unwrap() >= before);
            }
            // ...and a write committed now shows on the very next request.
            let organisation = compact_core::rules::fixtures::organisation(
                0,
                "Fleetwood Larder",
                compact_core::definition::OrganisationKind::Charity,
            );
            store
                .add_organisation(compact, &organisation, &actor())
                .await
                .unwrap();
            let after = store.data_version(compact).await.unwrap();
            assert!(after > before);
            assert_eq!(versions.current(&store, compact).await.unwrap(), after);
        }
        db.finish().await;
    }

    #[tokio::test]
    async fn a_read_dropped_half_way_lets_the_next_request_read() {
        let db = TestDatabase::sqlite().await;
        let store = db.store.clone();
        let versions = Versions::default();
        let compact = CompactId(1);
        // Start a read and drop it at once: it must not leave the others
        // waiting for an answer that never comes.
        {
            let read = versions.current(&store, compact);
            tokio::pin!(read);
            let _ = futures_poll_once(read.as_mut()).await;
        }
        let answered = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            versions.current(&store, compact),
        )
        .await;
        assert!(answered.is_ok(), "the next request was not left waiting");
        db.finish().await;
    }

    /// Poll a future once, whatever it says.
    async fn futures_poll_once<F: std::future::Future + Unpin>(mut future: F) {
        std::future::poll_fn(|cx| {
            let _ = std::pin::Pin::new(&mut future).poll(cx);
            std::task::Poll::Ready(())
        })
        .await
    }
}
