//! The command-line surface: `suivi run | migrate | check | console | schedule preview`.
//!
//! Each command loads the configuration, reports problems in the operator's language and exits
//! non-zero on failure. The operator's language is one rule for every message, success or
//! error: `LANG` when it names French or English, then `bot.toml`'s `language`
//! ([`operator_lang`]). A closed standard output (`suivi … | head`) ends a command quietly.
//! Nothing here prints a token or an answer. `database.rs` holds `check` and `migrate`,
//! `preview.rs` `schedule preview`, `run.rs` `run` (and its `--shards`), `operator.rs` what
//! the operator reads.

mod audit;
mod database;
pub mod health;
mod operator;
mod ops;
mod preview;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::console::ConsoleError;
use crate::conversation::Desk;
use crate::i18n::I18n;
use crate::store::Store;
use operator::{lang_flag, store_failed, BAD_INPUT};
pub use operator::{operator_lang, print_problems, render_problem};
use preview::{schedule_preview, PreviewArgs};

/// suivi: support missions on Discord.
#[derive(Debug, Parser)]
#[command(name = "suivi", version, about)]
pub struct Cli {
    /// The configuration file.
    #[arg(long, global = true, default_value = "bot.toml", env = "SUIVI_CONFIG")]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot on Discord.
    Run {
        /// The shards of Discord's gateway this process runs: one (`2`) or a range (`0-1`),
        /// numbered from 0; needs --shard-count. Several processes need a PostgreSQL database.
        #[arg(long, value_name = "A-B")]
        shards: Option<String>,
        /// How many shards the bot runs across all its processes, or `auto` for Discord's
        /// recommended count (all run here). Alone, this process runs every shard.
        #[arg(long, value_name = "N|auto")]
        shard_count: Option<String>,
    },
    /// Create or migrate the database, then exit; with --to, copy it to PostgreSQL instead.
    Migrate {
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Copy it into this empty PostgreSQL database (postgres://user@host/name), verified.
        #[arg(long, value_name = "URL")]
        to: Option<String>,
    },
    /// Check the configuration, the locales and the database; exit non-zero on any problem.
    Check,
    /// Play the closing conversation in a terminal (both sides), over the real database.
    Console {
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Language of the console: fr, en, en-US or en-GB (default: `language` in bot.toml);
        /// en-US reads "12/10" as December 10, en-GB and fr as 12 October. Any other is
        /// refused, exit code 2.
        #[arg(long)]
        lang: Option<String>,
    },
    /// A person's data: export it, or erase it (data-rights requests).
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Who exported, erased or purged what, and when (never the content).
    Audit {
        /// Only what concerns this person (a Discord user id).
        #[arg(long, value_parser = discord_id())]
        user: Option<u64>,
        /// Only since this date (YYYY-MM-DD, or an RFC 3339 instant).
        #[arg(long)]
        since: Option<String>,
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Write a consistent copy of the database while the bot runs.
    Backup {
        /// The copy to write (must not exist yet).
        file: PathBuf,
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Version, database size, conversations in progress, deliveries planned, late and failed,
    /// the last gateway event. Exit 1 when deliveries are late.
    Status {
        /// Print nothing when healthy; exit 0 healthy, 1 not (for a service manager).
        #[arg(long)]
        health: bool,
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Try a rhythm of exchanges without the bot.
    Schedule {
        #[command(subcommand)]
        command: ScheduleCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Everything held about a person, as JSON (docs/export-schema.json).
    Export {
        /// The person's Discord user id.
        #[arg(long, value_parser = discord_id())]
        user: u64,
        /// Write it to this file (mode 0600, never over an existing one) instead of standard
        /// output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Erase everything held about a person (asks for confirmation on a terminal).
    Erase {
        /// The person's Discord user id.
        #[arg(long, value_parser = discord_id())]
        user: u64,
        /// Do not ask (scripts).
        #[arg(long)]
        yes: bool,
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Print the exchanges a typed rhythm gives, one UTC instant (RFC 3339) per line.
    Preview {
        /// The rhythm as people type it: "every 2 weeks", "le dernier vendredi du mois
        /// jusqu'au 30 juin".
        #[arg(long)]
        every: String,
        /// The first exchange: "2027-03-02 10:00", or as people type it ("mardi 10h").
        #[arg(long)]
        at: String,
        /// The IANA time zone the rhythm is agreed in: Europe/Paris.
        #[arg(long)]
        tz: String,
        /// How many exchanges to print (an ended series may print fewer).
        #[arg(long, default_value_t = 10)]
        count: u32,
        /// Language of the messages: fr or en (default: LANG, then bot.toml). Any other is
        /// refused, exit code 2. It also says how "12/10" reads: en-US December 10, en-GB and
        /// fr 12 October; with plain en, a date the two orders read differently is refused.
        #[arg(long)]
        lang: Option<String>,
        /// Also write the calendar file (.ics) of the series here (never over an existing
        /// file without --force).
        #[arg(long)]
        ics: Option<PathBuf>,
        /// Replace the --ics file if it exists.
        #[arg(long)]
        force: bool,
        /// "Now", as an RFC 3339 instant, for reproducible output (default: the real clock).
        #[arg(long, hide = true)]
        now: Option<String>,
    },
}

/// Logs go to standard error; `RUST_LOG` tunes them. The console is quiet by default.
pub fn init_logging(cli: &Cli) {
    let default = match cli.command {
        Command::Console { .. }
        | Command::Schedule { .. }
        | Command::Data { .. }
        | Command::Audit { .. }
        | Command::Backup { .. }
        | Command::Status { .. } => "warn",
        _ => "info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a journal or a log file gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// Runs a command to its end.
pub async fn run(cli: Cli) -> ExitCode {
    let i18n = match I18n::load() {
        Ok(i) => Arc::new(i),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Command::Schedule {
        command:
            ScheduleCommand::Preview {
                every,
                at,
                tz,
                count,
                lang,
                ics,
                force,
                now,
            },
    } = &cli.command
    {
        // No configuration needed: it only breaks the tie for the language.
        let operator = operator_lang(None, &cli.config);
        let lang_of = match lang_flag(&i18n, operator, lang.as_deref()) {
            Ok(l) => l.unwrap_or(operator),
            Err(refusal) => return refuse(&refusal),
        };
        let args = PreviewArgs {
            every,
            at,
            tz,
            order: operator::date_order(lang.as_deref(), lang_of),
            count: *count,
            ics: ics.as_deref(),
            force: *force,
            now: now.as_deref(),
        };
        return schedule_preview(&i18n, lang_of, &args);
    }
    let config = match Config::load(&cli.config) {
        Ok(c) => c,
        Err(errs) => {
            // `--lang en` is every message of the command, its configuration problems too.
            let lang =
                lang_of_command(&cli.command).unwrap_or_else(|| operator_lang(None, &cli.config));
            print_problems(&i18n, lang, &cli.config, &errs);
            return ExitCode::FAILURE;
        }
    };
    let lang = operator_lang(Some(&config), &cli.config);
    let database = |db: Option<PathBuf>| db.unwrap_or_else(|| config.database.clone());
    match cli.command {
        Command::Data {
            command: DataCommand::Export { user, out, db },
        } => {
            let path = database(db);
            ops::export(i18n, lang, config, &path, user, out.as_deref()).await
        }
        Command::Data {
            command: DataCommand::Erase { user, yes, db },
        } => {
            let path = database(db);
            ops::erase(i18n, lang, config, &path, user, yes).await
        }
        Command::Audit { user, since, db } => {
            let tz = config.timezone;
            audit::audit(&i18n, lang, tz, &database(db), user, since.as_deref()).await
        }
        Command::Backup { file, db } => ops::backup(&i18n, lang, &database(db), &file).await,
        Command::Status { health, db } => {
            ops::status(&i18n, lang, &config, &database(db), health).await
        }
        Command::Check => database::check(&i18n, lang, &cli.config, &config).await,
        Command::Migrate { db, to } => database::migrate(&i18n, lang, &database(db), to).await,
        Command::Console {
            db,
            lang: console_lang,
        } => {
            // The conversation's language: --lang, else the one people get by default.
            let lang = match lang_flag(&i18n, lang, console_lang.as_deref()) {
                Ok(l) => l.unwrap_or(config.language),
                Err(refusal) => return refuse(&refusal),
            };
            let path = database(db);
            let store = match Store::open(&path).await {
                Ok((s, _)) => s,
                Err(e) => return store_failed(&i18n, lang, &e),
            };
            // The real time, which `/wait` moves forward to show the follow-up.
            let clock = Arc::new(crate::clock::ShiftedClock::default());
            // The console's rows are its own audience: its moved clock never touches the bot's.
            let mine = store.for_audience(crate::store::Audience::Console);
            let i18n_said = i18n.clone();
            let desk = Arc::new(Desk::new(mine, i18n, Arc::new(config), clock));
            let stdin = tokio::io::BufReader::new(tokio::io::stdin());
            let echo = !std::io::IsTerminal::is_terminal(&std::io::stdin());
            let mut stdout = std::io::stdout();
            let result =
                crate::console::run_as(desk, stdin, &mut stdout, lang, console_lang, echo).await;
            store.close().await;
            match result {
                Ok(()) => ExitCode::SUCCESS,
                // `suivi console … | head`: the reader left; everything is saved.
                Err(ConsoleError::Io(e)) => operator::stop(&e).0,
                Err(ConsoleError::Desk(e)) => {
                    eprintln!("{}", i18n_said.msg(lang, &e.msg()));
                    ExitCode::FAILURE
                }
            }
        }
        // Answered above, before the configuration is read.
        Command::Schedule { .. } => ExitCode::SUCCESS,
        Command::Run {
            shards,
            shard_count,
        } => {
            let flags = (shards.as_deref(), shard_count.as_deref());
            run::run(&i18n, lang, &cli.config, config, flags).await
        }
    }
}

/// The language a command's own `--lang` names, when it names one suivi speaks.
fn lang_of_command(command: &Command) -> Option<crate::i18n::Lang> {
    match command {
        Command::Console { lang, .. } => lang.as_deref().and_then(crate::i18n::Lang::parse),
        _ => None,
    }
}

/// A Discord id as the command line takes it: snowflakes are positive and below 2^63 (they
/// are stored as SQLite integers); a larger number is refused, never wrapped.
fn discord_id() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=i64::MAX.unsigned_abs())
}

/// A command line asking for what suivi cannot do: the reason, and exit code 2.
pub(crate) fn refuse(reason: &str) -> ExitCode {
    eprintln!("{reason}");
    ExitCode::from(BAD_INPUT)
}
