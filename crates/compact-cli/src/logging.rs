//! Structured logs (tracing) to standard error, as text or JSON.

use crate::cli::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// `RUST_LOG` overrides the level chosen with `-v`.
pub fn init(format: LogFormat, verbose: u8) {
    let default = match verbose {
        0 => "info,sqlx=warn",
        1 => "debug,sqlx=info",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder
            .with_target(false)
            .with_ansi(std::io::stderr().is_terminal())
            .init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}
