//! `suivi check` and `suivi migrate`: the operator's look at the configuration and the
//! database. `check` only reads and reports — it creates no file or folder (a probe file in
//! the database's folder, removed at once, is how it knows SQLite can write there) and
//! migrates nothing; `migrate` creates or upgrades the file, never the folder it goes in.

use std::path::Path;
use std::process::ExitCode;

use super::operator::{print_problems, store_failed, text_with, Out, Stop};
use crate::config::{Config, ConfigErrors};
use crate::domain::prompt::{Arg, Msg};
use crate::i18n::{I18n, Lang};
use crate::store::{database_of, redact, server_of, Inspection, Store, StoreError, Target};

/// Checks the configuration (already loaded), the locales, the token and the database,
/// read-only. It is `run`'s start gate (the systemd unit runs it before each start): it fails,
/// with the message `run` would give, on whatever would stop `run` — no token or a token file
/// others can read, a database path that is empty, a folder or file that cannot be written,
/// damaged pages, a schema from a newer suivi or a failed migration. No database yet, in a
/// folder that can be written, is fine: the first `run` creates it.
pub async fn check(i18n: &I18n, lang: Lang, path: &Path, config: &Config) -> ExitCode {
    let out = Out;
    let lines = || -> Result<(), Stop> {
        out.line(&text_with(
            i18n,
            lang,
            "check-config-ok",
            &[("path", path.display().to_string())],
        ))?;
        let count = I18n::message_ids(Lang::En).len();
        out.line(&text_with(
            i18n,
            lang,
            "check-locales-ok",
            &[("count", count.to_string())],
        ))
    };
    if let Err(stop) = lines() {
        return stop.0;
    }
    // The token is checked as `run` checks it; it is never printed.
    if let Err(problem) = config.token() {
        print_problems(i18n, lang, path, &ConfigErrors(vec![problem]));
        return ExitCode::FAILURE;
    }
    // A server's URL is shown without its password.
    let db = redact(&config.database.display().to_string());
    let said = match Store::verify(&config.database).await {
        Ok(Inspection::Missing) => text_with(i18n, lang, "check-database-missing", &[("path", db)]),
        Ok(Inspection::Present { pending: 0 }) => {
            text_with(i18n, lang, "check-database-ok", &[("path", db)])
        }
        Ok(Inspection::Present { pending }) => i18n.msg(
            lang,
            &Msg::new("check-database-pending")
                .text("path", db)
                .arg("count", Arg::Num(pending as i64)),
        ),
        Err(e) => return store_failed(i18n, lang, &e),
    };
    let server = match server_line(i18n, lang, &config.database).await {
        Some(Ok(line)) => Some(line),
        Some(Err(e)) => return store_failed(i18n, lang, &e),
        None => None,
    };
    let done = server
        .map_or(Ok(()), |line| out.line(&line))
        .and_then(|()| out.line(&said))
        .and_then(|()| out.line(&i18n.text(lang, "check-ok")));
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => stop.0,
    }
}

/// For a database on a PostgreSQL server: the line saying which server and database (never the
/// password), that it answered, and its schema version. `None` for a file.
pub(super) async fn server_line(
    i18n: &I18n,
    lang: Lang,
    setting: &Path,
) -> Option<Result<String, StoreError>> {
    let Target::Server(url) = Target::of(setting) else {
        return None;
    };
    Some(Store::server_schema(&url).await.map(|schema| {
        text_with(
            i18n,
            lang,
            "check-database-server",
            &[
                ("server", server_of(&url)),
                ("database", database_of(&url)),
                ("version", schema.version.to_string()),
            ],
        )
    }))
}

/// Creates or migrates the database at `path` (a backup first when an existing file changes).
/// A missing folder is refused with the fix: create it first.
pub async fn migrate(i18n: &I18n, lang: Lang, path: &Path) -> ExitCode {
    let report = match Store::open(path).await {
        Ok((store, report)) => {
            store.close().await;
            report
        }
        Err(e) => return store_failed(i18n, lang, &e),
    };
    let msg = Msg::new("migrate-done")
        .text("path", redact(&path.display().to_string()))
        .arg("count", Arg::Num(report.applied as i64));
    match Out.line(&i18n.msg(lang, &msg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => stop.0,
    }
}
