//! What the operator reads: one rule for the language of every message, configuration
//! problems with their place, and standard output that a closed pipe (`suivi … | head`) ends
//! quietly instead of a panic or an error.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::config::{Config, ConfigErrors, Problem};
use crate::domain::prompt::{Arg, Msg};
use crate::domain::when::DateOrder;
use crate::i18n::{I18n, Lang};
use crate::store::{FullFile, StoreError};

/// The exit code of a command line that asks for something suivi cannot do (`--lang de`).
pub const BAD_INPUT: u8 = 2;

/// The language of the operator's messages, success and errors alike: `LANG` when it names
/// French or English, then `bot.toml`'s `language` (with its `SUIVI_LANGUAGE` override), then
/// `language`'s default, French. A file that does not load still gives its `language` when
/// it can be read.
pub fn operator_lang(config: Option<&Config>, path: &Path) -> Lang {
    let from_env = std::env::var("LANG").ok().and_then(|l| Lang::parse(&l));
    from_env
        .or_else(|| config.map(|c| c.language))
        .or_else(|| Config::language_of(path))
        .unwrap_or(Lang::Fr)
}

/// How the operator writes numeric dates ("12/10"): from `--lang` when given (`en-US` month
/// first, `en-GB` and `fr` day first, plain `en` unknown), else from `LANG` when it names a
/// language suivi speaks, else day first in French and unknown in English.
pub fn date_order(flag: Option<&str>, lang: Lang) -> DateOrder {
    let env = std::env::var("LANG")
        .ok()
        .filter(|l| Lang::parse(l).is_some());
    match flag.map(str::to_owned).or(env) {
        Some(locale) => DateOrder::of_locale(&locale),
        None if lang == Lang::Fr => DateOrder::DayFirst,
        None => DateOrder::Unknown,
    }
}

/// Reads a `--lang` value; an unknown language is refused with the list of those suivi
/// speaks (`Err` carries the message, in `lang`).
pub fn lang_flag(i18n: &I18n, lang: Lang, value: Option<&str>) -> Result<Option<Lang>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    match Lang::parse(value) {
        Some(l) => Ok(Some(l)),
        None => {
            let known: Vec<String> = Lang::ALL
                .iter()
                .map(|l| format!("{} ({})", l.short(), i18n.text(lang, l.name_id())))
                .collect();
            let languages = i18n.join(lang, &known);
            let args = [("value", value.trim()), ("languages", languages.as_str())];
            Err(i18n.text_with(lang, "cli-unknown-language", &args))
        }
    }
}

/// Standard output for the operator. A write that fails because the reader went away (a
/// closed pipe) ends the command quietly and successfully; any other failure is reported.
pub struct Out;

/// Standard output cannot be written any more: the command stops with this exit code.
#[derive(Debug)]
pub struct Stop(pub ExitCode);

impl Out {
    /// Writes `text` and a line break.
    pub fn line(&self, text: &str) -> Result<(), Stop> {
        self.write(&format!("{text}\n"))
    }

    /// Writes `text` as is.
    pub fn write(&self, text: &str) -> Result<(), Stop> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| stop(&e))
    }
}

/// How a failed write to standard output ends the command: quietly when the reader went away
/// (`suivi … | head`), with the error otherwise (a full disk behind a redirection).
pub fn stop(e: &std::io::Error) -> Stop {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Stop(ExitCode::SUCCESS);
    }
    eprintln!("{e}");
    Stop(ExitCode::FAILURE)
}

/// A message with string arguments.
pub fn text_with(i18n: &I18n, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    i18n.text_with(lang, id, &args)
}

/// Prints a database problem, with the fix when there is one, and fails.
pub fn store_failed(i18n: &I18n, lang: Lang, e: &StoreError) -> ExitCode {
    eprintln!("{}", store_problem(i18n, lang, e));
    ExitCode::FAILURE
}

/// A database problem in the operator's language: what is wrong, where, and what to do.
pub fn store_problem(i18n: &I18n, lang: Lang, e: &StoreError) -> String {
    let shown = |p: &Path| p.display().to_string();
    let (id, args): (&str, Vec<(&str, String)>) = match e {
        StoreError::NoDirectory { path, dir } => (
            "store-no-directory",
            vec![("path", shown(path)), ("dir", shown(dir))],
        ),
        StoreError::NoPath => ("store-no-path", vec![]),
        StoreError::Missing { path } => ("check-database-missing", vec![("path", shown(path))]),
        StoreError::NotWritable { path, source } => (
            "store-not-writable",
            vec![("path", shown(path)), ("detail", source.kind().to_string())],
        ),
        StoreError::FolderNotWritable { dir, source } => (
            "store-folder-not-writable",
            vec![("dir", shown(dir)), ("detail", source.kind().to_string())],
        ),
        StoreError::Damaged { path, detail } => (
            "store-damaged",
            vec![("path", shown(path)), ("detail", detail.clone())],
        ),
        StoreError::Newer { path, theirs, ours } => (
            "store-newer",
            vec![
                ("path", shown(path)),
                ("theirs", theirs.to_string()),
                ("ours", ours.to_string()),
                ("version", env!("CARGO_PKG_VERSION").to_owned()),
            ],
        ),
        StoreError::MigrationFailed {
            path,
            version,
            detail,
        } => (
            "store-migration-failed",
            vec![
                ("path", shown(path)),
                ("migration", version.to_string()),
                ("detail", detail.clone()),
            ],
        ),
        StoreError::NeedsMigration { path, count } => {
            let msg = Msg::new("store-needs-migration")
                .text("path", shown(path))
                .arg("count", Arg::Num(i64::try_from(*count).unwrap_or(i64::MAX)));
            return i18n.msg(lang, &msg);
        }
        StoreError::DiskFull { path, file } => (
            match file {
                FullFile::Database => "store-full-database",
                FullFile::Journal => "store-full-journal",
                FullFile::Backup => "store-full-backup",
            },
            vec![("path", shown(path))],
        ),
        StoreError::Unreachable { server, detail } => (
            "store-unreachable",
            vec![("server", server.clone()), ("detail", detail.clone())],
        ),
        StoreError::ServerRefused { url, detail } => (
            "store-server-refused",
            vec![("url", url.clone()), ("detail", detail.clone())],
        ),
        StoreError::BackupOnServer { command } => {
            ("store-backup-on-server", vec![("command", command.clone())])
        }
        other => ("store-error", vec![("detail", other.to_string())]),
    };
    text_with(i18n, lang, id, &args)
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

/// "bot.toml, line 3, timezone: … how to fix it"; a problem of the whole file names the file,
/// and the line and column when it has them, once.
pub fn render_problem(i18n: &I18n, lang: Lang, path: &Path, p: &Problem) -> String {
    let args: Vec<(&str, &str)> = p.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let detail = i18n.text_with(lang, p.id, &args);
    let mut place = path.display().to_string();
    if let Some(line) = p.line {
        let line = i18n.text_with(lang, "config-line", &[("line", &line.to_string())]);
        place = format!("{place}, {line}");
    }
    if let Some(column) = p.column {
        let column = i18n.text_with(lang, "config-column", &[("column", &column.to_string())]);
        place = format!("{place}, {column}");
    }
    if !p.key.is_empty() {
        place = format!("{place}, {}", p.key);
    }
    i18n.text_with(
        lang,
        "config-problem",
        &[("where", &place), ("detail", &detail)],
    )
}
