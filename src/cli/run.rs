//! `suivi run`: the shards asked for, the token, `suivi check`'s gate on the database, then
//! the bot until a signal; why it could not start or had to stop, on one line in the
//! operator's language.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::{AppError, Bot, Options, ShutdownSignal};
use crate::clock::SystemClock;
use crate::config::{Config, ConfigErrors};
use crate::discord::{Shards, ShardsError};
use crate::i18n::{I18n, Lang};
use crate::store::Store;

use super::operator::{store_failed, text_with};
use super::{print_problems, refuse};

/// Runs the bot; `flags`: `--shards` and `--shard-count` as typed.
pub(super) async fn run(
    i18n: &I18n,
    lang: Lang,
    config_path: &Path,
    config: Config,
    flags: (Option<&str>, Option<&str>),
) -> ExitCode {
    let shards = match Shards::parse(flags.0, flags.1) {
        Ok(s) => s,
        Err(e) => return refuse(&shards_refusal(i18n, lang, &e)),
    };
    let token = match config.token() {
        Ok(t) => t,
        Err(p) => {
            print_problems(i18n, lang, config_path, &ConfigErrors(vec![p]));
            return ExitCode::FAILURE;
        }
    };
    // `suivi check`'s gate, read-only, with its messages: a folder or file that
    // cannot be written, damaged pages, a schema from a newer suivi or a failed
    // migration stop the start here rather than at the first person's answer.
    if let Err(e) = Store::verify(&config.database).await {
        return store_failed(i18n, lang, &e);
    }
    // Listening for SIGTERM/SIGINT before connecting: a stop asked while the bot
    // starts is a clean stop too.
    let signal = ShutdownSignal::listen();
    let options = Options {
        shards,
        ..Default::default()
    };
    let bot = match Bot::start_with(config, &token, Arc::new(SystemClock), options).await {
        Ok(b) => b,
        Err(e) => return run_failed(i18n, lang, &e, shards.is_sharded()),
    };
    match bot.run_until_signal(signal).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => run_failed(i18n, lang, &e, shards.is_sharded()),
    }
}

/// Why `suivi run` stopped, on one line in the operator's language; exit 1. `sharded`: the
/// command line named shards, so a database already in use says that several processes need
/// PostgreSQL.
fn run_failed(i18n: &I18n, lang: Lang, e: &AppError, sharded: bool) -> ExitCode {
    use crate::discord::{Fatal, StartError};
    use crate::store::LockError;
    let line = match e {
        AppError::Locked(LockError::Held { database, pid }) => text_with(
            i18n,
            lang,
            if sharded {
                "run-locked-shards"
            } else {
                "run-locked"
            },
            &[
                ("pid", pid.clone()),
                ("path", database.display().to_string()),
            ],
        ),
        AppError::Fatal(Fatal::RegistrationRefused { status, reason }) => text_with(
            i18n,
            lang,
            "run-commands-refused",
            &[("status", status.to_string()), ("reason", reason.clone())],
        ),
        AppError::Fatal(Fatal::RegistrationFailed { tries, last }) => text_with(
            i18n,
            lang,
            "run-commands-failed",
            &[("tries", tries.to_string()), ("detail", last.clone())],
        ),
        AppError::Start(StartError::NoLoopbackGateway { base, detail }) => text_with(
            i18n,
            lang,
            "run-no-loopback-gateway",
            &[("base", base.clone()), ("detail", detail.clone())],
        ),
        AppError::Store(s) => return store_failed(i18n, lang, s),
        other => text_with(i18n, lang, "run-failed", &[("detail", other.to_string())]),
    };
    eprintln!("{line}");
    ExitCode::FAILURE
}

/// Why `--shards` / `--shard-count` were refused, in the operator's language.
fn shards_refusal(i18n: &I18n, lang: Lang, e: &ShardsError) -> String {
    match e {
        ShardsError::BadRange(value) => {
            text_with(i18n, lang, "run-shards-bad", &[("value", value.clone())])
        }
        ShardsError::BadCount(value) => text_with(
            i18n,
            lang,
            "run-shard-count-bad",
            &[("value", value.clone())],
        ),
        ShardsError::NoCount => text_with(i18n, lang, "run-shards-no-count", &[]),
        ShardsError::RangeWithAuto => text_with(i18n, lang, "run-shards-auto", &[]),
        ShardsError::OutOfRange { range, count } => text_with(
            i18n,
            lang,
            "run-shards-out-of-range",
            &[
                ("value", range.clone()),
                ("count", count.to_string()),
                ("last", count.saturating_sub(1).to_string()),
            ],
        ),
    }
}
