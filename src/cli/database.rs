//! `suivi check`, `suivi migrate` and `suivi migrate --to postgres://…`: the operator's look at the configuration and the
//! database. `check` only reads and reports — it creates no file or folder (a probe file in
//! the database's folder, removed at once, is how it knows SQLite can write there) and
//! migrates nothing; `migrate` creates or upgrades the file, never the folder it goes in.

use std::path::Path;
use std::process::ExitCode;

use super::operator::{print_problems, store_failed, text_with, Out, Stop, BAD_INPUT};
use crate::config::{Config, ConfigErrors};
use crate::domain::prompt::{Arg, Msg};
use crate::i18n::{I18n, Lang};
use crate::store::copy::{self, CopyError, CopyReport};
use crate::store::{redact, Inspection, Store, Target};

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
    let db = config.database.display().to_string();
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
    let done = out
        .line(&said)
        .and_then(|()| out.line(&i18n.text(lang, "check-ok")));
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => stop.0,
    }
}

/// Creates or migrates the database at `path` (a backup first when an existing file changes).
/// A missing folder is refused with the fix: create it first. With `--to`, copies it to
/// PostgreSQL instead ([`migrate_to`]).
pub async fn migrate(i18n: &I18n, lang: Lang, path: &Path, to: Option<String>) -> ExitCode {
    if let Some(url) = to {
        return migrate_to(i18n, lang, path, &url).await;
    }
    let report = match Store::open(path).await {
        Ok((store, report)) => {
            store.close().await;
            report
        }
        Err(e) => return store_failed(i18n, lang, &e),
    };
    let msg = Msg::new("migrate-done")
        .text("path", path.display().to_string())
        .arg("count", Arg::Num(report.applied as i64));
    match Out.line(&i18n.msg(lang, &msg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => stop.0,
    }
}

/// `suivi migrate --to postgres://…`: copies the SQLite database at `path` into an empty
/// PostgreSQL database and prints, per table, the rows copied and whether both sides' checksums
/// agree. Exit 0 when every table agrees; 1 on any difference (nothing is kept) or failure;
/// 2 when the URL is not PostgreSQL's. The URL is printed without its password.
pub async fn migrate_to(i18n: &I18n, lang: Lang, path: &Path, url: &str) -> ExitCode {
    let target = redact(url);
    // `database` may name a file as a `sqlite:` URL; a server has nothing to copy from.
    let path = match Target::of(path) {
        Target::File(file) => file,
        Target::Server(server) => {
            let args = [("source", redact(&server))];
            eprintln!(
                "{}",
                text_with(i18n, lang, "migrate-to-source-server", &args)
            );
            return ExitCode::FAILURE;
        }
    };
    let path = path.as_path();
    let shown = path.display().to_string();
    let start = text_with(
        i18n,
        lang,
        "migrate-to-start",
        &[("path", shown.clone()), ("target", target.clone())],
    );
    if let Err(stop) = Out.line(&start) {
        return stop.0;
    }
    match copy::copy_to_postgres(path, url).await {
        Ok(report) => {
            let done = i18n.msg(
                lang,
                &Msg::new("migrate-to-done")
                    .arg("tables", Arg::Num(report.tables.len() as i64))
                    .arg("rows", Arg::Num(report.rows()))
                    .text("target", target),
            );
            let printed = Out
                .write(&report_table(i18n, lang, &report))
                .and_then(|()| Out.line(&done));
            match printed {
                Ok(()) => ExitCode::SUCCESS,
                Err(stop) => stop.0,
            }
        }
        Err(CopyError::Mismatch(report)) => {
            let _ = Out.write(&report_table(i18n, lang, &report));
            let differing = report.tables.iter().filter(|t| !t.ok()).count();
            let msg = Msg::new("migrate-to-mismatch")
                .text("path", shown)
                .text("target", target)
                .arg("count", Arg::Num(differing as i64));
            eprintln!("{}", i18n.msg(lang, &msg));
            ExitCode::FAILURE
        }
        Err(CopyError::NotPostgres { url }) => {
            eprintln!(
                "{}",
                text_with(i18n, lang, "migrate-to-not-postgres", &[("url", url)])
            );
            ExitCode::from(BAD_INPUT)
        }
        Err(e) => {
            eprintln!("{}", copy_problem(i18n, lang, &e, &target));
            ExitCode::FAILURE
        }
    }
}

/// The per-table lines: name, rows (source, and target when they differ), the start of the
/// checksum, and whether both sides agree.
fn report_table(i18n: &I18n, lang: Lang, report: &CopyReport) -> String {
    let head = [
        i18n.text(lang, "migrate-to-head-table"),
        i18n.text(lang, "migrate-to-head-rows"),
        i18n.text(lang, "migrate-to-head-checksum"),
    ];
    let width = report
        .tables
        .iter()
        .map(|t| t.name.chars().count())
        .chain([head[0].chars().count()])
        .max()
        .unwrap_or(0);
    let mut out = format!("{:<width$}  {:>12}  {}\n", head[0], head[1], head[2]);
    for t in &report.tables {
        let rows = if t.source_rows == t.target_rows {
            t.source_rows.to_string()
        } else {
            format!("{} → {}", t.source_rows, t.target_rows)
        };
        let verdict = i18n.text(
            lang,
            if t.ok() {
                "migrate-to-same"
            } else {
                "migrate-to-differs"
            },
        );
        let sum: String = t.source_checksum.chars().take(16).collect();
        out.push_str(&format!(
            "{:<width$}  {rows:>12}  {sum} {verdict}\n",
            t.name
        ));
    }
    out
}

/// Why the copy did not happen, in the operator's language, with what to do.
fn copy_problem(i18n: &I18n, lang: Lang, e: &CopyError, target: &str) -> String {
    let shown = |p: &Path| p.display().to_string();
    let target = || ("target", target.to_owned());
    let (id, args): (&str, Vec<(&str, String)>) = match e {
        CopyError::SourceMissing { path } => {
            ("migrate-to-source-missing", vec![("path", shown(path))])
        }
        CopyError::Source { path, source } => (
            "migrate-to-source-failed",
            vec![("path", shown(path)), ("detail", source.to_string())],
        ),
        CopyError::SourcePending { path, pending } => {
            let msg = Msg::new("migrate-to-source-pending")
                .text("path", shown(path))
                .arg("count", Arg::Num(*pending as i64));
            return i18n.msg(lang, &msg);
        }
        CopyError::SourceNewer { path, version } => (
            "migrate-to-source-newer",
            vec![("path", shown(path)), ("version", version.to_string())],
        ),
        CopyError::Connect { source, .. } => (
            "migrate-to-connect",
            vec![target(), ("detail", source.to_string())],
        ),
        CopyError::NotEmpty { tables, .. } => {
            let listed: Vec<String> = tables.iter().map(|(t, n)| format!("{t} ({n})")).collect();
            (
                "migrate-to-not-empty",
                vec![target(), ("tables", listed.join(", "))],
            )
        }
        CopyError::Migrate { source, .. } => (
            "migrate-to-migrate-failed",
            vec![target(), ("detail", source.to_string())],
        ),
        CopyError::SchemaDiffers { lines } => (
            "migrate-to-schema-differs",
            vec![target(), ("detail", lines.join("; "))],
        ),
        CopyError::BadValue {
            table,
            column,
            detail,
        } => (
            "migrate-to-bad-value",
            vec![
                ("table", table.clone()),
                ("column", column.clone()),
                ("detail", detail.clone()),
            ],
        ),
        other => (
            "migrate-to-failed",
            vec![target(), ("detail", other.to_string())],
        ),
    };
    text_with(i18n, lang, id, &args)
}
