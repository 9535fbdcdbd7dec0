//! The operator's commands for data rights and for running suivi: `data export`, `data erase`
//! (confirmed on a terminal, `--yes` for scripts), `audit`, `backup` (an online copy while the
//! bot runs) and `status` (`--health` for a service manager: exit 0 healthy, 1 not).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::operator::{store_failed, text_with, Out, BAD_INPUT};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::conversation::Desk;
use crate::i18n::{I18n, Lang};
use crate::store::{Inspection, Store};

/// How long a due delivery may wait before `status --health` says the dispatcher is behind.
const LATE_MINUTES: i64 = 5;

async fn open_existing(i18n: &I18n, lang: Lang, path: &Path) -> Result<Store, ExitCode> {
    match Store::inspect(path).await {
        Ok(Inspection::Missing) => {
            eprintln!(
                "{}",
                text_with(
                    i18n,
                    lang,
                    "check-database-missing",
                    &[("path", path.display().to_string())]
                )
            );
            Err(ExitCode::FAILURE)
        }
        Ok(_) => match Store::open(path).await {
            Ok((s, _)) => Ok(s),
            Err(e) => Err(store_failed(i18n, lang, &e)),
        },
        Err(e) => Err(store_failed(i18n, lang, &e)),
    }
}

fn desk(store: Store, i18n: Arc<I18n>, config: Config) -> Desk {
    Desk::new(store, i18n, Arc::new(config), Arc::new(SystemClock))
}

/// `suivi data export --user ID [--out FILE]`.
pub async fn export(
    i18n: Arc<I18n>,
    lang: Lang,
    config: Config,
    user: u64,
    out: Option<&Path>,
) -> ExitCode {
    let store = match open_existing(&i18n, lang, &config.database).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let desk = desk(store.clone(), i18n.clone(), config);
    let doc = match desk.export_data(user, None).await {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    store.close().await;
    let json = match serde_json::to_string_pretty(&doc) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match out {
        Some(path) => {
            if let Err(e) = write_private(path, json.as_bytes()) {
                eprintln!(
                    "{}",
                    text_with(
                        i18n.as_ref(),
                        lang,
                        "ops-write-failed",
                        &[
                            ("path", path.display().to_string()),
                            ("detail", e.to_string())
                        ]
                    )
                );
                return ExitCode::FAILURE;
            }
            let summary = i18n.msg(lang, &Desk::export_summary(&doc));
            match Out.line(&summary) {
                Ok(()) => ExitCode::SUCCESS,
                Err(stop) => stop.0,
            }
        }
        None => match Out.line(&json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(stop) => stop.0,
        },
    }
}

/// A file readable by its owner only (it holds a person's data).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

/// `suivi data erase --user ID [--yes]`.
pub async fn erase(i18n: Arc<I18n>, lang: Lang, config: Config, user: u64, yes: bool) -> ExitCode {
    if !yes {
        if !std::io::stdin().is_terminal() {
            eprintln!("{}", i18n.text(lang, "ops-erase-needs-yes"));
            return ExitCode::from(BAD_INPUT);
        }
        eprint!(
            "{} ",
            text_with(
                &i18n,
                lang,
                "ops-erase-confirm",
                &[("user", user.to_string())]
            )
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).is_err()
            || answer.trim() != user.to_string()
        {
            eprintln!("{}", i18n.text(lang, "rights-erase-kept"));
            return ExitCode::FAILURE;
        }
    }
    let store = match open_existing(&i18n, lang, &config.database).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let desk = desk(store.clone(), i18n.clone(), config);
    let result = desk.erase_data(user, None).await;
    store.close().await;
    match result {
        Ok(e) => {
            let msg = crate::domain::prompt::Msg::new("ops-erased")
                .text("user", user.to_string())
                .arg(
                    "supports",
                    crate::domain::prompt::Arg::Num(i64::try_from(e.supports).unwrap_or(i64::MAX)),
                )
                .arg(
                    "deliveries",
                    crate::domain::prompt::Arg::Num(
                        i64::try_from(e.deliveries).unwrap_or(i64::MAX),
                    ),
                );
            let text = i18n.msg(lang, &msg);
            match Out.line(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(stop) => stop.0,
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `suivi audit [--user ID] [--since DATE]`: who exported, erased or purged what, and when.
pub async fn audit(
    i18n: &I18n,
    lang: Lang,
    config: &Config,
    user: Option<u64>,
    since: Option<&str>,
) -> ExitCode {
    let since = match since.map(parse_since) {
        Some(Some(t)) => Some(t),
        Some(None) => {
            eprintln!("{}", i18n.text(lang, "ops-bad-since"));
            return ExitCode::from(BAD_INPUT);
        }
        None => None,
    };
    let store = match open_existing(i18n, lang, &config.database).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let lines = store.audit_lines(user, since).await;
    store.close().await;
    let lines = match lines {
        Ok(l) => l,
        Err(e) => return store_failed(i18n, lang, &e),
    };
    if lines.is_empty() {
        return match Out.line(&i18n.text(lang, "ops-audit-empty")) {
            Ok(()) => ExitCode::SUCCESS,
            Err(stop) => stop.0,
        };
    }
    for (at, actor, action, subject, detail) in lines {
        let actor = actor.map_or_else(|| "-".to_owned(), |a| a.to_string());
        let subject = subject.map_or_else(|| "-".to_owned(), |s| s.to_string());
        if let Err(stop) = Out.line(&format!(
            "{at}\t{action}\tby={actor}\tsubject={subject}\t{detail}"
        )) {
            return stop.0;
        }
    }
    ExitCode::SUCCESS
}

/// "2027-01-31" or an RFC 3339 instant.
fn parse_since(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// `suivi backup FILE`: a consistent copy while the bot runs.
pub async fn backup(i18n: &I18n, lang: Lang, config: &Config, target: &Path) -> ExitCode {
    if target.exists() {
        eprintln!(
            "{}",
            text_with(
                i18n,
                lang,
                "ops-backup-exists",
                &[("path", target.display().to_string())]
            )
        );
        return ExitCode::from(BAD_INPUT);
    }
    let store = match open_existing(i18n, lang, &config.database).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    let done = store.backup_to(target).await;
    store.close().await;
    match done {
        Ok(()) => {
            let text = text_with(
                i18n,
                lang,
                "ops-backup-done",
                &[
                    ("path", target.display().to_string()),
                    ("ms", started.elapsed().as_millis().to_string()),
                ],
            );
            match Out.line(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(stop) => stop.0,
            }
        }
        Err(e) => store_failed(i18n, lang, &e),
    }
}

/// `suivi status [--health]`.
pub async fn status(i18n: &I18n, lang: Lang, config: &Config, health_only: bool) -> ExitCode {
    let store = match open_existing(i18n, lang, &config.database).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let now = SystemClock.now();
    let h = store.health(&config.database, now).await;
    let late = store
        .health(
            &config.database,
            now - chrono::Duration::minutes(LATE_MINUTES - 1),
        )
        .await;
    let unplannable = store.unplannable_agreements().await;
    store.close().await;
    let (h, late) = match (h, late) {
        (Ok(h), Ok(l)) => (h, l.deliveries_late),
        (Err(e), _) | (_, Err(e)) => return store_failed(i18n, lang, &e),
    };
    let healthy = late == 0;
    if health_only {
        return if healthy {
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "{}",
                text_with(i18n, lang, "ops-unhealthy", &[("count", late.to_string())])
            );
            ExitCode::FAILURE
        };
    }
    let text = text_with(
        i18n,
        lang,
        "ops-status",
        &[
            ("version", env!("CARGO_PKG_VERSION").to_owned()),
            ("path", config.database.display().to_string()),
            ("kib", (h.database_bytes / 1024).to_string()),
            ("conversations", h.conversations_in_progress.to_string()),
            ("supports", h.supports_active.to_string()),
            ("planned", h.deliveries_planned.to_string()),
            ("late", h.deliveries_late.to_string()),
            ("failed", h.deliveries_failed.to_string()),
            (
                "gateway",
                h.last_gateway_event.unwrap_or_else(|| "-".to_owned()),
            ),
        ],
    );
    let text = match unplannable {
        Ok(u) if !u.is_empty() => {
            let ids: Vec<String> = u.iter().map(|a| a.agreement_id.to_string()).collect();
            let line = text_with(
                i18n,
                lang,
                "ops-status-unplannable",
                &[("count", u.len().to_string()), ("ids", ids.join(", "))],
            );
            format!("{text}\n{line}")
        }
        Ok(_) => text,
        Err(e) => return store_failed(i18n, lang, &e),
    };
    match Out.line(&text) {
        Ok(()) if healthy => ExitCode::SUCCESS,
        Ok(()) => ExitCode::FAILURE,
        Err(stop) => stop.0,
    }
}
