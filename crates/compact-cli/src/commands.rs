//! What each command does. Parsing lives in `cli`; decisions live in core.

use crate::cli::{
    AuditCommand, Cli, Command, CompactsCommand, ExportCommand, ImportCommand, OutputFormat,
    TokenCommand, UserCommand, WebOptions,
};
use crate::{accounts, definitions, demo_data, export, import, kitemark, shutdown};
use anyhow::{anyhow, bail, Context, Result};
use compact_core::calendar::{self, Date};
use compact_core::definition::{self, Definition};
use compact_core::model::Records;
use compact_core::rules::{self, Finding, Severity};
use compact_core::spreadsheets::SheetKind;
use compact_store::{Actor, MigrationState, Store};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

/// Write a line to standard output. When the reader has gone away
/// (`compact check | head`), stop quietly, as command-line tools do.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::commands::emit(&format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use say;

pub(crate) fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Demo {
            compact,
            file,
            addr,
            no_serve,
        } => {
            // Beside the demo database unless a directory is given.
            let keys = kitemark::keys_dir(
                cli.kitemark_keys.as_deref(),
                &format!("sqlite://{}", file.display()),
            )?;
            demo(&compact, &file, addr, no_serve, &keys).await
        }
        Command::Serve { addr, web } => {
            let mut settings = web_settings(&web, addr);
            settings.kitemark_keys = Some(kitemark::keys_dir(
                cli.kitemark_keys.as_deref(),
                &cli.database,
            )?);
            serve(Store::open(&cli.database).await?, addr, settings).await
        }
        Command::Migrate { status } => migrate(&cli.database, status).await,
        Command::Backup { file } => {
            let store = Store::open(&cli.database).await?;
            store.backup(&file).await?;
            say!("Backed up {} to {}", store.describe(), file.display());
            Ok(())
        }
        Command::Check {
            compact,
            as_of,
            format,
            records,
        } => {
            let as_of = as_of.unwrap_or_else(calendar::today_in_london);
            check(
                &cli.database,
                compact.as_deref(),
                as_of,
                format,
                records.as_deref(),
            )
            .await
        }
        Command::Compacts {
            command: CompactsCommand::List,
        } => {
            list_shipped();
            Ok(())
        }
        Command::Compacts {
            command: CompactsCommand::Show { name, format },
        } => show(&name, format),
        Command::Init { compact } => {
            let store = Store::open(&cli.database).await?;
            let loaded = definitions::load(&compact)?;
            let identity = &loaded.definition.identity;
            store
                .create_compact(
                    &identity.slug,
                    &identity.name,
                    &loaded.source,
                    &Actor::system("compact init"),
                )
                .await?;
            say!(
                "Set up {} ({}) in {}",
                identity.name,
                identity.slug,
                store.describe()
            );
            let keys = kitemark::keys_dir(cli.kitemark_keys.as_deref(), &cli.database)?;
            kitemark::ensure_keys(&keys, &store, &Actor::system("compact init")).await?;
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    compact,
                    email,
                    name,
                    role,
                    organisation,
                },
        } => {
            let store = Store::open(&cli.database).await?;
            accounts::user_add(
                &store,
                &compact,
                &email,
                &name,
                role.into(),
                organisation.as_deref(),
            )
            .await
        }
        Command::User {
            command: UserCommand::List { compact },
        } => accounts::user_list(&Store::open(&cli.database).await?, &compact).await,
        Command::Token {
            command: TokenCommand::Create { email, name },
        } => accounts::token_create(&Store::open(&cli.database).await?, &email, &name).await,
        Command::Audit { command } => {
            let store = Store::open(&cli.database).await?;
            let dir = kitemark::keys_dir(cli.kitemark_keys.as_deref(), &cli.database)?;
            match command {
                AuditCommand::Verify { checkpoint } => {
                    accounts::audit_verify(&store, &dir, checkpoint.as_deref()).await
                }
                AuditCommand::Checkpoint => accounts::audit_checkpoint(&store, &dir).await,
            }
        }
        Command::Kitemark { command } => {
            kitemark::run(cli.kitemark_keys.as_deref(), &cli.database, &command).await
        }
        Command::Import {
            command:
                ImportCommand::Organisations {
                    compact,
                    file,
                    format,
                    errors,
                    dry_run,
                },
        } => {
            import::organisations(
                &cli.database,
                &compact,
                &file,
                format.map(Into::into),
                errors.as_deref(),
                dry_run,
            )
            .await
        }
        Command::Import {
            command: ImportCommand::Consultations(args),
        } => import::spreadsheet(&cli.database, SheetKind::Consultations, &args).await,
        Command::Import {
            command: ImportCommand::Agreements(args),
        } => import::spreadsheet(&cli.database, SheetKind::Agreements, &args).await,
        Command::Import {
            command: ImportCommand::Payments(args),
        } => import::spreadsheet(&cli.database, SheetKind::Payments, &args).await,
        Command::Import {
            command: ImportCommand::Changes(args),
        } => import::spreadsheet(&cli.database, SheetKind::Changes, &args).await,
        Command::Import {
            command:
                ImportCommand::Giving360 {
                    compact,
                    file,
                    format,
                    dry_run,
                },
        } => export::import_grants(&cli.database, &compact, &file, format, dry_run).await,
        Command::Export {
            command:
                ExportCommand::Giving360 {
                    compact,
                    format,
                    output,
                },
        } => export::grants(&cli.database, &compact, format, output.as_deref()).await,
    }
}

async fn demo(
    compact: &str,
    file: &Path,
    addr: SocketAddr,
    no_serve: bool,
    kitemark_keys: &Path,
) -> Result<()> {
    let loaded = definitions::load(compact)?;
    // The demo database is ours to replace; a leftover WAL from an earlier
    // run must go with it or SQLite would replay it into the new file.
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", file.display());
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot replace the demo database {path}"))
            }
        }
    }
    let store = Store::open(&format!("sqlite://{}", file.display())).await?;
    let identity = &loaded.definition.identity;
    let actor = Actor::system("compact demo");
    let id = store
        .create_compact(&identity.slug, &identity.name, &loaded.source, &actor)
        .await?;
    let today = calendar::today_in_london();
    let records = demo_data::generate(&loaded.definition, today, 2026);
    let saved = store.save_records(id, &records, &actor).await?;
    let logins = accounts::demo_accounts(&store, id, &records, &saved, &identity.edition).await?;
    let app = compact_app::App::new(store.clone(), compact_app::Clock::fixed(today));
    let made = demo_data::consultations::make(&app, &identity.slug, today).await?;
    // The first showcase agreement's parties, as the database numbered them.
    let parties = records.agreements.first().and_then(|a| {
        Some((
            *saved.organisations.get(&a.funder)?,
            *saved.organisations.get(&a.recipient)?,
        ))
    });
    if let Some((funder, recipient)) = parties {
        demo_data::cut_by_service::make(&app, &identity.slug, today, funder, recipient).await?;
    }
    let findings = rules::check(&loaded.definition, &records, today);
    say!(
        "Demo database: {} (replaced each time the demo runs)",
        file.display()
    );
    say!("Compact: {}", identity.name);
    say!(
        "Records: {} organisations, {} signatories, {} consultations, {} funding agreements, {} disputes",
        records.organisations.len(),
        records.signatories.len(),
        records.consultations.len(),
        records.agreements.len(),
        records.disputes.len()
    );
    say!("Findings today: {}", summary(&findings));
    if let (Some(first), Some(last)) = (made.first(), made.last()) {
        say!("Consultations run through the service: numbers {first} to {last} (the last a draft)");
    }
    if !kitemark::ensure_keys(kitemark_keys, &store, &actor)
        .await?
        .created_now()
    {
        say!("Kitemark keys: {}", kitemark_keys.display());
    }
    accounts::print_demo_logins(&logins);
    if no_serve {
        return Ok(());
    }
    say!("Open http://{addr}/ in your browser. Press Ctrl+C to stop.");
    let mut settings = compact_web::Settings::local(addr);
    settings.kitemark_keys = Some(kitemark_keys.to_path_buf());
    serve(store, addr, settings).await
}

fn web_settings(options: &WebOptions, addr: SocketAddr) -> compact_web::Settings {
    let mut settings = compact_web::Settings::local(addr);
    if let Some(url) = &options.public_url {
        settings.public_url = url.trim_end_matches('/').to_string();
    }
    settings.mail = options
        .smtp_url
        .as_ref()
        .map(|smtp_url| compact_web::mail::MailSettings {
            smtp_url: smtp_url.clone(),
            from: options.mail_from.clone(),
        });
    settings
}

async fn serve(store: Store, addr: SocketAddr, settings: compact_web::Settings) -> Result<()> {
    compact_web::serve(store.clone(), addr, settings, shutdown::signal())
        .await
        .with_context(|| format!("cannot serve on {addr}"))?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn migrate(database: &str, status_only: bool) -> Result<()> {
    let store = Store::connect(database).await?;
    if !status_only {
        let applied = store.migrate().await?;
        say!("Applied {applied} migration(s) to {}", store.describe());
    }
    for m in store.migration_status().await? {
        let state = match m.state {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
        };
        say!("{:>4}  {:<8} {}", m.version, state, m.description);
    }
    Ok(())
}

async fn check(
    database: &str,
    compact: Option<&str>,
    as_of: Date,
    format: OutputFormat,
    records_file: Option<&Path>,
) -> Result<()> {
    let (definition, records) = match records_file {
        Some(path) => {
            let name = compact.ok_or_else(|| {
                anyhow!(
                    "--records needs --compact NAME|FILE to say which Compact's standards apply"
                )
            })?;
            (definitions::load(name)?.definition, read_records(path)?)
        }
        None => {
            let store = Store::open(database).await?;
            let stored = match compact {
                Some(slug) => store.compact(slug).await?,
                None => match store.list_compacts().await?.as_slice() {
                    [only] => only.clone(),
                    [] => bail!("there is no Compact in {} yet; set one up with `compact init --compact NAME`", store.describe()),
                    many => bail!(
                        "this database holds several Compacts ({}); choose one with --compact",
                        many.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                },
            };
            let definition = definition::parse(
                &format!("{}.toml (stored)", stored.slug),
                &stored.definition,
            )
            .map_err(|e| anyhow!("{e}"))?;
            (definition, store.load_records(stored.id).await?)
        }
    };
    let findings = rules::check(&definition, &records, as_of);
    match format {
        OutputFormat::Json => say!("{}", serde_json::to_string_pretty(&findings)?),
        OutputFormat::Table => print_findings(&definition, &findings, as_of),
    }
    Ok(())
}

/// Read a records file, naming the line and column of any mistake.
fn read_records(path: &Path) -> Result<Records> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| anyhow!("{}:{}:{}: {}", path.display(), e.line(), e.column(), e))
}

fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{} breach(es), {} advisory, {} due soon",
        count(Severity::Breach),
        count(Severity::Advisory),
        count(Severity::Due)
    )
}

fn print_findings(definition: &Definition, findings: &[Finding], as_of: Date) {
    say!(
        "{} as of {}",
        definition.identity.name,
        calendar::format_long(as_of)
    );
    say!("{}", summary(findings));
    for f in findings {
        say!("");
        say!(
            "{:<8} {}  {}",
            f.severity.as_str().to_uppercase(),
            f.date,
            f.rule
        );
        say!("         {}", f.subject.label);
        say!("         {}", f.explanation);
    }
}

fn list_shipped() {
    for (slug, source) in definition::SHIPPED {
        match definition::parse(&format!("compacts/{slug}.toml"), source) {
            Ok(d) => say!("{slug:<12} {} ({})", d.identity.name, d.identity.edition),
            Err(e) => say!("{slug:<12} (does not load: {e})"),
        }
    }
}

fn show(name: &str, format: OutputFormat) -> Result<()> {
    let d = definitions::load(name)?.definition;
    if format == OutputFormat::Json {
        say!("{}", serde_json::to_string_pretty(&d)?);
        return Ok(());
    }
    say!("{}", d.identity.name);
    say!("  Area: {}", d.identity.area);
    say!("  Edition: {}", d.identity.edition);
    say!("  Run by: {}", d.identity.managed_by);
    say!("  Principles: {}", d.principles.len());
    say!("  {:?}s: {}", d.commitment_term, d.commitments.len());
    for c in &d.commitments {
        say!("    - {} ({} undertakings)", c.title, c.undertakings.len());
    }
    for b in &d.bodies {
        say!("  {}: {} seats", b.name, b.seat_count());
    }
    let s = &d.standards;
    if let Some(c) = &s.consultation {
        say!("  Consultation: {} weeks ({:?})", c.weeks, c.strength);
    }
    if let Some(n) = &s.funding_notice {
        say!(
            "  Notice of funding changes: {} weeks ({:?})",
            n.weeks,
            n.strength
        );
    }
    if let Some(r) = &s.reduction {
        say!(
            "  Funding reductions: {} weeks' consultation, then {} months' formal notice ({:?})",
            r.consultation_weeks,
            r.formal_notice_months,
            r.strength
        );
    }
    if let Some(a) = &s.agreement_length {
        say!(
            "  Preferred agreement length: {} years ({:?})",
            a.preferred_years,
            a.strength
        );
    }
    if let Some(disputes) = &d.disputes {
        say!(
            "  Dispute stages: {}",
            disputes
                .stages
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(" → ")
        );
    }
    Ok(())
}
