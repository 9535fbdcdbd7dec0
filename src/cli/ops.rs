//! The operator's commands for data rights and for running suivi: `data export`, `data erase`
//! (confirmed on a terminal, `--yes` for scripts), `backup` (an online copy while the
//! bot runs) and `status` (`--health` for a service manager: exit 0 healthy, 1 not).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::operator::{store_failed, text_with, Out, BAD_INPUT};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::conversation::Desk;
use crate::i18n::{I18n, Lang};
use crate::store::Store;

fn desk(store: Store, i18n: Arc<I18n>, config: Config) -> Desk {
    Desk::new(store, i18n, Arc::new(config), Arc::new(SystemClock))
}

/// `suivi data export --user ID [--out FILE] [--db FILE]`. Audited once the document has
/// been written out, never when writing it failed.
pub async fn export(
    i18n: Arc<I18n>,
    lang: Lang,
    config: Config,
    path: &Path,
    user: u64,
    out: Option<&Path>,
) -> ExitCode {
    let write_failed = |file: &Path, detail: String| {
        let args = [("path", file.display().to_string()), ("detail", detail)];
        eprintln!(
            "{}",
            text_with(i18n.as_ref(), lang, "ops-write-failed", &args)
        );
        ExitCode::FAILURE
    };
    if let Some(file) = out.filter(|f| f.exists()) {
        let exists = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
        return write_failed(file, exists.to_string());
    }
    let store = match Store::open_current(path).await {
        Ok(s) => s,
        Err(e) => return store_failed(&i18n, lang, &e),
    };
    let desk = desk(store.clone(), i18n.clone(), config);
    let doc = match desk.export_document(user).await {
        Ok(d) => d,
        Err(e) => {
            store.close().await;
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let json = match serde_json::to_string_pretty(&doc) {
        Ok(j) => j,
        Err(e) => {
            store.close().await;
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let written = match out {
        Some(file) => match write_private(file, json.as_bytes()) {
            Ok(()) => Out.line(&i18n.msg(lang, &Desk::export_summary_for_operator(&doc, user))),
            Err(e) => {
                store.close().await;
                return write_failed(file, e.to_string());
            }
        },
        None => Out.line(&json),
    };
    // A reader that went away (`| head`) did not get the document: not an export.
    let code = match written {
        Ok(()) => match desk.record_export(user, None, &doc).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Err(stop) => stop.0,
    };
    store.close().await;
    code
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

/// `suivi data erase --user ID [--yes] [--db FILE]`. Someone the database holds nothing
/// about is reported as such: nothing erased, nobody told, nothing audited.
pub async fn erase(
    i18n: Arc<I18n>,
    lang: Lang,
    config: Config,
    path: &Path,
    user: u64,
    yes: bool,
) -> ExitCode {
    let store = match Store::open_current(path).await {
        Ok(s) => s,
        Err(e) => return store_failed(&i18n, lang, &e),
    };
    match store.holds_anything_about(user).await {
        Ok(true) => {}
        Ok(false) => {
            store.close().await;
            let text = text_with(
                &i18n,
                lang,
                "ops-erase-nobody",
                &[("user", user.to_string())],
            );
            eprintln!("{text}");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            store.close().await;
            return store_failed(&i18n, lang, &e);
        }
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            store.close().await;
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
            store.close().await;
            eprintln!("{}", i18n.text(lang, "rights-erase-kept"));
            return ExitCode::FAILURE;
        }
    }
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
        Err(crate::conversation::DeskError::Store(e)) => store_failed(&i18n, lang, &e),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `suivi backup FILE [--db FILE]`: a consistent copy while the bot runs. The copy is
/// private from its first byte; a failed or interrupted copy (SIGINT, SIGTERM) leaves no
/// partial file behind.
pub async fn backup(i18n: &I18n, lang: Lang, path: &Path, target: &Path) -> ExitCode {
    let shown = target.display().to_string();
    if target.exists() {
        eprintln!(
            "{}",
            text_with(i18n, lang, "ops-backup-exists", &[("path", shown)])
        );
        return ExitCode::from(BAD_INPUT);
    }
    if let Some(dir) = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.is_dir())
    {
        let args = [("path", shown), ("dir", dir.display().to_string())];
        eprintln!("{}", text_with(i18n, lang, "ops-backup-no-folder", &args));
        return ExitCode::FAILURE;
    }
    // A copy before migrating is a reason to take one: a file still to migrate is copied too.
    let store = match Store::open_read(path, true).await {
        Ok(s) => s,
        Err(e) => return store_failed(i18n, lang, &e),
    };
    // A server's database is copied by its own tool: the command to run, nothing written.
    let stamp = chrono::Utc::now().format("%Y%m%d").to_string();
    if let Some(command) = store.dump_command(&stamp) {
        store.close().await;
        return store_failed(
            i18n,
            lang,
            &crate::store::StoreError::BackupOnServer { command },
        );
    }
    let started = std::time::Instant::now();
    let partial = crate::store::partial_path(target);
    let done = tokio::select! {
        done = store.backup_to_via(target, &partial) => Some(done),
        () = stop_requested() => None,
    };
    let done = match done {
        Some(d) => d,
        None => {
            remove_partial(&partial);
            eprintln!(
                "{}",
                text_with(i18n, lang, "ops-backup-interrupted", &[("path", shown)])
            );
            return ExitCode::from(130);
        }
    };
    store.close().await;
    match done {
        Ok(()) => {
            let text = text_with(
                i18n,
                lang,
                "ops-backup-done",
                &[
                    ("path", shown),
                    ("ms", started.elapsed().as_millis().to_string()),
                ],
            );
            match Out.line(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(stop) => stop.0,
            }
        }
        Err(e @ crate::store::StoreError::DiskFull { .. }) => store_failed(i18n, lang, &e),
        Err(e) => {
            let detail = match &e {
                crate::store::StoreError::File { source, .. } => source.to_string(),
                other => other.to_string(),
            };
            let args = [("path", shown), ("detail", detail)];
            eprintln!("{}", text_with(i18n, lang, "ops-backup-failed", &args));
            ExitCode::FAILURE
        }
    }
}

/// Removes a backup's partial copy and the rollback journal SQLite keeps beside it.
fn remove_partial(partial: &Path) {
    let mut journal = partial.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(partial);
    let _ = std::fs::remove_file(journal);
}

/// Resolves when SIGINT or SIGTERM arrives (never, if they cannot be listened to).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            return;
        }
    }
    std::future::pending::<()>().await;
}

/// `suivi status [--health] [--db FILE]`: the figures, and whether suivi is doing its job
/// ([`super::health::verdict`]): each reason it is not on its own line, exit 1. Read-only.
pub async fn status(
    i18n: &I18n,
    lang: Lang,
    config: &Config,
    path: &Path,
    health_only: bool,
) -> ExitCode {
    let store = match Store::open_read(path, false).await {
        Ok(s) => s,
        Err(e) => return store_failed(i18n, lang, &e),
    };
    let now = SystemClock.now();
    let server = super::database::server_line(i18n, lang, path).await;
    let h = store.health(path, now).await;
    let unwell = super::health::verdict_and_processes(&store, config, now).await;
    let unplannable = store.unplannable_agreements().await;
    store.close().await;
    let (h, (unwell, processes)) = match (h, unwell) {
        (Ok(h), Ok(u)) => (h, u),
        (Err(e), _) | (_, Err(e)) => return store_failed(i18n, lang, &e),
    };
    let server = match server {
        Some(Ok(line)) => Some(line),
        Some(Err(e)) => return store_failed(i18n, lang, &e),
        None => None,
    };
    let healthy = unwell.is_empty();
    // On a server: which one, that it answered, its schema (both with and without --health).
    if let Some(Err(stop)) = server.as_ref().map(|line| Out.line(line)) {
        return stop.0;
    }
    // Several processes share the gateway: each one, on its line (healthy or not).
    for (id, args) in &processes {
        if let Err(stop) = Out.line(&text_with(i18n, lang, id, args)) {
            return stop.0;
        }
    }
    for u in &unwell {
        let (id, args) = u.message();
        eprintln!("{}", text_with(i18n, lang, id, &args));
    }
    if health_only {
        return if healthy {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let text = text_with(
        i18n,
        lang,
        "ops-status",
        &[
            ("version", env!("CARGO_PKG_VERSION").to_owned()),
            ("path", crate::store::redact(&path.display().to_string())),
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
