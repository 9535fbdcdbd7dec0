//! The command-line surface: `suivi run | migrate | check | console | schedule preview`.
//!
//! Each command loads the configuration, reports problems in the operator's language and exits
//! non-zero on failure. Nothing here prints a token or an answer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::clock::SystemClock;
use crate::config::{Config, ConfigErrors, Problem};
use crate::conversation::Desk;
use crate::domain::prompt::{Arg, Msg};
use crate::i18n::{I18n, Lang};
use crate::store::Store;

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
    Run,
    /// Create or migrate the database, then exit.
    Migrate {
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Check the configuration, the locales and the database; exit non-zero on any problem.
    Check,
    /// Play the closing conversation in a terminal (both sides), over the real database.
    Console {
        /// The database file (default: `database` in bot.toml).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Language of the console: fr or en.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Try a rhythm of exchanges without the bot.
    Schedule {
        #[command(subcommand)]
        command: ScheduleCommand,
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
        /// Language of the messages: fr or en (default: LANG, then bot.toml).
        #[arg(long)]
        lang: Option<String>,
        /// Also write the calendar file (.ics) of the series here.
        #[arg(long)]
        ics: Option<PathBuf>,
        /// "Now", as an RFC 3339 instant, for reproducible output (default: the real clock).
        #[arg(long, hide = true)]
        now: Option<String>,
    },
}

/// Logs go to standard error; `RUST_LOG` tunes them. The console is quiet by default.
pub fn init_logging(cli: &Cli) {
    let default = match cli.command {
        Command::Console { .. } | Command::Schedule { .. } => "warn",
        _ => "info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
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
    let lang_from_env = std::env::var("LANG").ok().and_then(|l| Lang::parse(&l));
    if let Command::Schedule {
        command:
            ScheduleCommand::Preview {
                every,
                at,
                tz,
                count,
                lang,
                ics,
                now,
            },
    } = &cli.command
    {
        // No configuration needed: it only breaks the tie for the language.
        let lang = lang
            .as_deref()
            .and_then(Lang::parse)
            .or(lang_from_env)
            .unwrap_or_else(|| Config::load(&cli.config).map_or(Lang::En, |c| c.language));
        let args = PreviewArgs {
            every,
            at,
            tz,
            count: *count,
            ics: ics.as_deref(),
            now: now.as_deref(),
        };
        return schedule_preview(&i18n, lang, &args);
    }
    let env_lang = lang_from_env.unwrap_or(Lang::En);
    let config = match Config::load(&cli.config) {
        Ok(c) => c,
        Err(errs) => {
            print_problems(&i18n, env_lang, &cli.config, &errs);
            return ExitCode::FAILURE;
        }
    };
    let lang = config.language;
    match cli.command {
        Command::Check => check(&i18n, &cli.config, config).await,
        Command::Migrate { db } => {
            let path = db.unwrap_or_else(|| config.database.clone());
            match Store::open(&path).await {
                Ok((store, report)) => {
                    store.close().await;
                    let args = [
                        ("path", path.display().to_string()),
                        ("count", report.applied.to_string()),
                    ];
                    println!("{}", text_with(&i18n, lang, "migrate-done", &args));
                    ExitCode::SUCCESS
                }
                Err(e) => store_failed(&i18n, lang, &e),
            }
        }
        Command::Console {
            db,
            lang: console_lang,
        } => {
            let path = db.unwrap_or_else(|| config.database.clone());
            let lang = console_lang
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(lang);
            let store = match Store::open(&path).await {
                Ok((s, _)) => s,
                Err(e) => return store_failed(&i18n, lang, &e),
            };
            // The real time, which `/wait` moves forward to show the follow-up.
            let clock = Arc::new(crate::clock::ShiftedClock::default());
            let desk = Arc::new(Desk::new(store.clone(), i18n, Arc::new(config), clock));
            let stdin = tokio::io::BufReader::new(tokio::io::stdin());
            let echo = !std::io::IsTerminal::is_terminal(&std::io::stdin());
            let result = crate::console::run(desk, stdin, &mut std::io::stdout(), lang, echo).await;
            store.close().await;
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        // Answered above, before the configuration is read.
        Command::Schedule { .. } => ExitCode::SUCCESS,
        Command::Run => {
            let token = match config.token() {
                Ok(t) => t,
                Err(p) => {
                    print_problems(&i18n, lang, &cli.config, &ConfigErrors(vec![p]));
                    return ExitCode::FAILURE;
                }
            };
            let bot = match crate::app::Bot::start(config, &token, Arc::new(SystemClock)).await {
                Ok(b) => b,
                Err(e) => {
                    eprintln!(
                        "{}",
                        text_with(&i18n, lang, "run-failed", &[("detail", e.to_string())])
                    );
                    return ExitCode::FAILURE;
                }
            };
            match bot.run_until_signal().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!(
                        "{}",
                        text_with(&i18n, lang, "run-failed", &[("detail", e.to_string())])
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The arguments of `suivi schedule preview`.
struct PreviewArgs<'a> {
    every: &'a str,
    at: &'a str,
    tz: &'a str,
    count: u32,
    ics: Option<&'a Path>,
    now: Option<&'a str>,
}

/// Prints the exchanges, one RFC 3339 UTC instant per line, and nothing else on standard
/// output; writes the calendar file if asked. Bad input: a localised message on standard
/// error, exit code 2.
fn schedule_preview(i18n: &I18n, lang: Lang, args: &PreviewArgs<'_>) -> ExitCode {
    use crate::domain::cadence::preview::preview;
    let bad_input = ExitCode::from(2);
    let now = match args.now.map(chrono::DateTime::parse_from_rfc3339) {
        None => chrono::Utc::now(),
        Some(Ok(t)) => t.with_timezone(&chrono::Utc),
        Some(Err(e)) => {
            eprintln!("--now: {e}");
            return bad_input;
        }
    };
    let p = match preview(args.every, args.at, args.tz, args.count, now) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", i18n.msg(lang, &e.msg()));
            return bad_input;
        }
    };
    if let Some(path) = args.ics {
        let uid = format!(
            "preview-{}-{}@suivi",
            p.schedule.anchor().format("%Y%m%dT%H%M"),
            p.schedule.tz().name().replace('/', "-")
        );
        let text = crate::domain::ics::calendar(
            &p.schedule,
            args.count.min(crate::domain::cadence::preview::MAX_PREVIEW),
            &uid,
            &i18n.text(lang, "ics-summary"),
            &i18n.text(lang, "ics-description"),
            now,
        );
        if let Err(e) = std::fs::write(path, text) {
            let args = [
                ("path", path.display().to_string()),
                ("detail", e.to_string()),
            ];
            eprintln!(
                "{}",
                text_with(i18n, lang, "schedule-preview-ics-failed", &args)
            );
            return ExitCode::FAILURE;
        }
    }
    let mut out = String::new();
    for t in &p.exchanges {
        out.push_str(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        out.push('\n');
    }
    print!("{out}");
    ExitCode::SUCCESS
}

async fn check(i18n: &I18n, path: &Path, config: Config) -> ExitCode {
    let lang = config.language;
    println!(
        "{}",
        text_with(
            i18n,
            lang,
            "check-config-ok",
            &[("path", path.display().to_string())]
        )
    );
    let count = I18n::message_ids(Lang::En).len();
    println!(
        "{}",
        text_with(
            i18n,
            lang,
            "check-locales-ok",
            &[("count", count.to_string())]
        )
    );
    match Store::open(&config.database).await {
        Ok((store, _)) => {
            store.close().await;
            let args = [("path", config.database.display().to_string())];
            println!("{}", text_with(i18n, lang, "check-database-ok", &args));
            println!("{}", i18n.text(lang, "check-ok"));
            ExitCode::SUCCESS
        }
        Err(e) => store_failed(i18n, lang, &e),
    }
}

fn store_failed(i18n: &I18n, lang: Lang, e: &crate::store::StoreError) -> ExitCode {
    eprintln!(
        "{}",
        text_with(i18n, lang, "store-error", &[("detail", e.to_string())])
    );
    ExitCode::FAILURE
}

fn text_with(i18n: &I18n, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    i18n.text_with(lang, id, &args)
}

/// Prints every configuration problem, one per line, localised.
pub fn print_problems(i18n: &I18n, lang: Lang, path: &Path, errs: &ConfigErrors) {
    for p in &errs.0 {
        eprintln!("{}", render_problem(i18n, lang, path, p));
    }
    let n = errs.0.len() as i64;
    eprintln!(
        "{}",
        i18n.msg(lang, &Msg::new("check-failed").arg("count", Arg::Num(n)))
    );
}

/// "bot.toml, line 3, timezone: … how to fix it".
pub fn render_problem(i18n: &I18n, lang: Lang, path: &Path, p: &Problem) -> String {
    let args: Vec<(&str, &str)> = p.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let detail = i18n.text_with(lang, p.id, &args);
    let mut place = path.display().to_string();
    if let Some(line) = p.line {
        place = format!(
            "{place}, {}",
            i18n.text_with(lang, "config-line", &[("line", &line.to_string())])
        );
    }
    place = format!("{place}, {}", p.key);
    i18n.text_with(
        lang,
        "config-problem",
        &[("where", &place), ("detail", &detail)],
    )
}
