//! The command line: every command, option and help text.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use compact_core::access::Role;
use compact_core::calendar;
use compact_core::date_ranges::{self, OutOfRange};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Compact runs a Local Compact: the agreement between public bodies and the
/// voluntary, community and social enterprise sector in one area. It keeps
/// the register of signatories, records consultations, funding decisions,
/// disputes and reviews, and checks them against the Compact's own time
/// limits.
///
/// Start with `compact demo` to try it with sample data.
#[derive(Debug, Parser)]
#[command(name = "compact", version, max_term_width = 100)]
pub struct Cli {
    /// Where the data is kept: sqlite://FILE (one file on this computer, the
    /// default) or postgres://USER@HOST:PORT/DATABASE.
    #[arg(long, global = true, env = "COMPACT_DATABASE_URL", default_value = compact_store::DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database: String,

    /// How log lines are written: plain text for people, or JSON for log
    /// collectors.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// The directory of the kitemark's signing keys, kept apart from the
    /// database (back it up separately). Default: FILE.kitemark/ beside an
    /// SQLite database FILE, or compact-kitemark/ in the working directory
    /// for PostgreSQL.
    #[arg(long, global = true, env = "COMPACT_KITEMARK_KEYS", value_name = "DIR")]
    pub kitemark_keys: Option<PathBuf>,

    /// Show more detail in the logs (repeat for even more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

/// How people reach the server and how it sends e-mail.
#[derive(Debug, Clone, clap::Args)]
pub struct WebOptions {
    /// The address people type to reach Compact, used in links sent by
    /// e-mail (for example https://compact.example.org). Defaults to
    /// http:// and the address served on.
    #[arg(long, env = "COMPACT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The mail server that sends password-reset e-mail, for example
    /// smtp://USER:PASSWORD@mail.example.org:587?tls=required. Without it,
    /// messages wait in the database until one is set.
    #[arg(long, env = "COMPACT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The address e-mail comes from.
    #[arg(
        long,
        env = "COMPACT_MAIL_FROM",
        default_value = "Compact <compact@localhost>"
    )]
    pub mail_from: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Try Compact: create a fresh demo database with a shipped Compact and
    /// realistic sample records, then serve it in your browser.
    ///
    /// The demo database is a separate file (compact-demo.db by default),
    /// replaced each time this runs; your own data is never touched.
    Demo {
        /// Which shipped Compact to load (see `compact compacts list`).
        #[arg(long, default_value = "wiltshire")]
        compact: String,
        /// The demo database file, replaced each time.
        #[arg(long, default_value = "compact-demo.db")]
        file: PathBuf,
        /// The address to serve on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Create the demo database but do not start the web server.
        #[arg(long)]
        no_serve: bool,
    },
    /// Serve the web pages and API until stopped (Ctrl+C).
    Serve {
        /// The address to serve on. Use 0.0.0.0:8080 to accept connections
        /// from other computers.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[command(flatten)]
        web: WebOptions,
    },
    /// Bring the database up to date with this version of Compact. This also
    /// happens automatically when Compact starts.
    Migrate {
        /// Only list the changes and whether each has been applied.
        #[arg(long)]
        status: bool,
    },
    /// Copy the database to FILE while Compact keeps running (SQLite only;
    /// for PostgreSQL use pg_dump).
    Backup {
        /// The new file to write. It must not exist yet.
        file: PathBuf,
    },
    /// Check the records against the Compact's standards and list what is
    /// late, missed or due soon.
    Check {
        /// The Compact to check: its short name in this database, or, with
        /// --records, a shipped Compact's name or a definition file.
        #[arg(long)]
        compact: Option<String>,
        /// Check as things stood on this date (YYYY-MM-DD), from 1998-01-01
        /// to today. Default: today.
        #[arg(long, value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Check the records in this JSON file instead of the database (see
        /// docs/records-format.md). Needs --compact.
        #[arg(long)]
        records: Option<PathBuf>,
    },
    /// List or show the Compact definitions shipped with Compact.
    Compacts {
        #[command(subcommand)]
        command: CompactsCommand,
    },
    /// Set up a Compact in the database from a shipped definition or your own
    /// definition file.
    Init {
        /// A shipped Compact's name (see `compact compacts list`) or the path
        /// of a definition file (.toml).
        #[arg(long)]
        compact: String,
    },
    /// Add the people who sign in, give them roles, and list them.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Create API tokens, for scripts and other systems that read the JSON
    /// API.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Check the audit log: the record of every change, who made it and
    /// when.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The kitemark: the signed badge every current signatory may show.
    /// Check a badge's link offline, list the public keys, or make a new
    /// signing key (see docs/kitemark.md).
    Kitemark {
        #[command(subcommand)]
        command: KitemarkCommand,
    },
    /// Import organisations into a Compact's register, or its consultations
    /// and funding, from a file.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Publish a Compact's records as open data.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a Compact's funding agreements as 360Giving data: a JSON data
    /// package or the standard's spreadsheet layout as CSV, written grant
    /// by grant so that any number of agreements fits in memory.
    ///
    /// Example: compact export 360giving --compact wiltshire --output
    /// wiltshire-grants.json
    #[command(name = "360giving")]
    Giving360 {
        /// The Compact, by its short name (e.g. wiltshire).
        #[arg(long)]
        compact: String,
        /// JSON (a data package) or CSV (the flat layout).
        #[arg(long, value_enum, default_value_t = GrantsFormatArg::Json)]
        format: GrantsFormatArg,
        /// The file to write. Default: standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The layouts of a 360Giving file, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GrantsFormatArg {
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Add organisations to a Compact's register, or bring them up to date,
    /// from a CSV file: the Charity Commission's register extract or
    /// Compact's own layout (see docs/import-format.md).
    ///
    /// An organisation already in the register is found by its charity
    /// number, then its company number, then its exact name and postcode,
    /// so importing the same file again changes nothing. Good rows are
    /// imported even when others are refused; the refused rows are listed,
    /// with the reason, in an error report, and the command then exits
    /// with 1.
    ///
    /// Example: compact import organisations --compact wiltshire
    /// publicextract.charity.txt
    Organisations {
        /// The Compact, by its short name (e.g. wiltshire).
        #[arg(long)]
        compact: String,
        /// The CSV file to read.
        file: PathBuf,
        /// The file's layout. Default: worked out from its header row.
        #[arg(long, value_enum)]
        format: Option<ImportFormatArg>,
        /// Where to write the error report, if rows are refused. Default:
        /// next to the file, with .errors.csv added to its name.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
        /// Do everything but save: report what the import would do.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add a public body's consultations to a Compact, or bring them up to
    /// date, from a council's own spreadsheet saved as CSV (see
    /// docs/council-spreadsheets.md): published ones, with their feedback
    /// when it was given, or drafts.
    ///
    /// Each consultation is found again by its lead and the council's
    /// reference, so importing the same file again changes nothing. A
    /// published consultation keeps what it said; only its feedback can be
    /// added. Refused rows are listed in an error report, and the command
    /// then exits with 1.
    ///
    /// Example: compact import consultations --compact wiltshire consultations.csv
    Consultations(SheetArgs),
    /// Add funding agreements to a Compact, or bring them up to date, from
    /// a council's own spreadsheet saved as CSV (see
    /// docs/council-spreadsheets.md).
    ///
    /// Each agreement is found again by its funder and the council's
    /// reference, so importing the same file again changes nothing. Good
    /// rows are imported even when others are refused; the refused rows are
    /// listed, with the column and reason, in an error report, and the
    /// command then exits with 1.
    ///
    /// Example: compact import agreements --compact wiltshire agreements.csv
    Agreements(SheetArgs),
    /// Add the instalments of agreements already imported, or bring them up
    /// to date, from a council's spreadsheet (see
    /// docs/council-spreadsheets.md). Each names its agreement in the
    /// agreement_reference column.
    ///
    /// Example: compact import payments --compact wiltshire payments.csv
    Payments(SheetArgs),
    /// Add the variations, reductions and terminations of agreements
    /// already imported, or bring them up to date, from a council's
    /// spreadsheet (see docs/council-spreadsheets.md).
    ///
    /// Example: compact import changes --compact wiltshire changes.csv
    Changes(SheetArgs),
    /// Add a funder's grants to a Compact's funding agreements from a
    /// 360Giving file: a JSON data package or the standard's spreadsheet
    /// layout as CSV (UTF-8 or Windows-1252).
    ///
    /// Organisations are found by their charity or company number, or
    /// their name, and entered when they are not in the register; each
    /// agreement is found by its grant identifier, so importing the same
    /// file again changes nothing. A file with any problem imports nothing:
    /// every problem is listed by grant (or row) and field.
    ///
    /// Example: compact import 360giving --compact wiltshire grants.json
    #[command(name = "360giving")]
    Giving360 {
        /// The Compact, by its short name (e.g. wiltshire).
        #[arg(long)]
        compact: String,
        /// The file to read.
        file: PathBuf,
        /// JSON or CSV. Default: from the file's extension.
        #[arg(long, value_enum)]
        format: Option<GrantsFormatArg>,
        /// Check everything but save nothing: report what the import would do.
        #[arg(long)]
        dry_run: bool,
    },
}

/// What every import of a council's spreadsheet takes.
#[derive(Debug, clap::Args)]
pub struct SheetArgs {
    /// The Compact, by its short name (e.g. wiltshire).
    #[arg(long)]
    pub compact: String,
    /// The CSV file to read.
    pub file: PathBuf,
    /// Where to write the error report, if rows are refused. Default: next
    /// to the file, with .errors.csv added to its name.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Do everything but save: report what the import would do.
    #[arg(long)]
    pub dry_run: bool,
}

/// The layouts of an import file, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormatArg {
    /// The Charity Commission for England and Wales's register extract
    /// (publicextract.charity), tab- or comma-separated.
    CharityCommission,
    /// Compact's own layout: name,kind,charity_number,... (see
    /// docs/import-format.md).
    Compact,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Give someone a role in a Compact, creating their account first if
    /// they have none.
    ///
    /// The new account's password is taken from the COMPACT_PASSWORD
    /// variable when it is set; otherwise you are asked to type it twice (it
    /// is not shown). It needs at least 12 characters. Someone who already
    /// has an account keeps their password and gains the role.
    ///
    /// Example: compact user add --compact wiltshire --email jo@example.org
    /// --name "Jo Bloggs" --role officer --organisation "Wiltshire Council"
    Add {
        /// The Compact, by its short name (e.g. wiltshire).
        #[arg(long)]
        compact: String,
        /// Their e-mail address, which they sign in with.
        #[arg(long)]
        email: String,
        /// Their name, as others will see it.
        #[arg(long)]
        name: String,
        /// What they may do in this Compact.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// For an officer or a member: the organisation they act for, by its
        /// number or its exact name.
        #[arg(long)]
        organisation: Option<String>,
    },
    /// List the people who hold a role in a Compact.
    List {
        /// The Compact, by its short name (e.g. wiltshire).
        #[arg(long)]
        compact: String,
    },
}

/// The roles, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Runs the Compact: may do everything in it, including managing people.
    Secretariat,
    /// Acts for one public body (give --organisation).
    Officer,
    /// Acts for one voluntary or community organisation (give
    /// --organisation).
    Member,
    /// Sits on the Compact Group or Board: reads every finding.
    Group,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Secretariat => Role::Secretariat,
            RoleArg::Officer => Role::Officer,
            RoleArg::Member => Role::Member,
            RoleArg::Group => Role::Group,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for someone's account and print it, once. A
    /// script sends it as the header "Authorization: Bearer TOKEN" and may
    /// then do what that person may do.
    Create {
        /// The e-mail address of the account the token acts for.
        #[arg(long)]
        email: String,
        /// What will use the token, e.g. "monthly report script", so it can
        /// be recognised (and revoked) later.
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KitemarkCommand {
    /// Check a badge's link without going online: whether its signature is
    /// one of ours and what it vouches for. Exits with 0 when it is
    /// genuine and 1 when it is forged. Whether the organisation has since
    /// withdrawn can only be seen on the link's page.
    ///
    /// Example: compact kitemark verify
    /// 'https://compact.example.org/kitemark/verify?compact=...' --keys
    /// keys.json
    Verify {
        /// The verification link, or only its query string.
        link: String,
        /// A copy of the public key list (keys.json, as served at
        /// /kitemark/keys.json). Default: the key directory's own list.
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
    },
    /// Make a new signing key. New badges are signed with it; badges signed
    /// with the older keys stay genuine. Restart `compact serve` afterwards.
    Rotate,
    /// Print the public key list (JSON), as served at /kitemark/keys.json.
    Keys,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry of the audit log has been changed or removed
    /// since it was written: the chain of hashes, and the signed
    /// checkpoints (with the checkpoint key in the key directory, their
    /// signatures too). Exits with 1, naming the entries concerned, when
    /// one has.
    Verify {
        /// A checkpoint published earlier (the JSON of
        /// /audit/checkpoint.json, saved): check the log still holds it.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
    },
    /// Sign a checkpoint of the log as it stands now (the service signs
    /// one every few minutes while it runs). Refused when the log does not
    /// verify.
    Checkpoint,
}

#[derive(Debug, Subcommand)]
pub enum CompactsCommand {
    /// List the shipped Compact definitions.
    List,
    /// Show one Compact definition in full: a shipped name or a file path.
    Show {
        /// A shipped Compact's name or a definition file.
        name: String,
        /// Print the definition as JSON instead of a readable summary.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!("{text:?} is not a date in the form YYYY-MM-DD, for example 2026-03-31")
    })
}

/// A date to check the records as of, in the range the register's date has
/// (see `compact_core::date_ranges::register_date`): the rules work out
/// deadlines period by period up to it, so a date centuries away would
/// only make the check slow.
fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    as_of_in_range(parse_date(text)?, calendar::today_in_london())
}

fn as_of_in_range(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    let range = date_ranges::register_date(today);
    range.check(date).map_err(|side| {
        format!(
            "{date} is {}: check as of a date from {} to today ({})",
            match side {
                OutOfRange::TooEarly => "too early",
                OutOfRange::TooLate => "after today",
            },
            calendar::format_long(range.earliest),
            calendar::format_long(range.latest),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn as_of_dates_run_from_1998_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let date = |text| parse_date(text).unwrap();
        for (text, expected) in [
            ("1998-01-01", Ok(())),
            ("2026-12-01", Ok(())),
            ("1997-12-31", Err("1997-12-31 is too early: check as of a date from 1 January 1998 to today (1 December 2026)")),
            ("2026-12-02", Err("2026-12-02 is after today: check as of a date from 1 January 1998 to today (1 December 2026)")),
            ("9999-12-31", Err("9999-12-31 is after today: check as of a date from 1 January 1998 to today (1 December 2026)")),
        ] {
            assert_eq!(
                as_of_in_range(date(text), today).map(|_| ()),
                expected.map_err(String::from),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_must_be_iso() {
        assert!(parse_date("2026-03-31").is_ok());
        assert!(parse_date("31/03/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("2026-02-30").is_err());
    }
}
