//! The command-line surface: `suivi run | migrate | check | console`.
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
}

/// Logs go to standard error; `RUST_LOG` tunes them. The console is quiet by default.
pub fn init_logging(cli: &Cli) {
    let default = match cli.command {
        Command::Console { .. } => "warn",
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
    let env_lang = std::env::var("LANG")
        .ok()
        .and_then(|l| Lang::parse(&l))
        .unwrap_or(Lang::En);
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
