//! Running the real `compact` binary in tests.

#![allow(dead_code)] // each test file uses its own part of this

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A key directory no command has used yet.
fn fresh_keys_dir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "kitemark-keys-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

pub fn compact() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_compact"));
    command
        .env_remove("COMPACT_DATABASE_URL")
        .env_remove("COMPACT_PASSWORD")
        // `init` and `serve` make kitemark keys; on PostgreSQL the default
        // is ./compact-kitemark/, which would land in the source tree. Each
        // command gets a directory of its own, so whether a key is made
        // (and audited) never depends on which test ran first.
        .env("COMPACT_KITEMARK_KEYS", fresh_keys_dir())
        .env("RUST_LOG", "info");
    command
}

pub fn run(args: &[&str]) -> Output {
    compact().args(args).output().expect("run compact")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A `compact serve` (or `demo`) running in the background on a free port.
pub struct Server {
    pub child: Child,
    pub address: String,
}

impl Server {
    /// Start `compact ARGS --addr 127.0.0.1:0 --log-format json` and wait
    /// until it says where it listens.
    pub fn start(args: &[&str]) -> Server {
        let mut child = compact()
            .args(args)
            .args(["--addr", "127.0.0.1:0", "--log-format", "json"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start compact");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let deadline = Instant::now() + Duration::from_secs(60);
        let address = loop {
            assert!(Instant::now() < deadline, "the server did not start");
            let line = lines
                .next()
                .expect("the server exited before listening")
                .expect("read a log line");
            let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
                panic!("a log line that is not JSON: {line}");
            };
            if let Some(address) = entry.get("address").and_then(|a| a.as_str()) {
                break address.to_string();
            }
        };
        // Keep draining the logs so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, address }
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        http_get(&self.address, path)
    }

    /// Send SIGTERM and wait for the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("send SIGTERM");
        self.child.wait().expect("wait for the server")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET: (status, headers, body).
pub fn http_get(address: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}
