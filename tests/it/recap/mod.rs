//! Issue 15, items 7 and 8, in both languages: the agreement said once per person with its
//! calendar file carrying names, means and where a series goes on (`once`, `calendar`); the
//! operator's words — the audit as sentences, the export addressed to the operator, `--lang`
//! for every message, TOML errors in the operator's language, the console's ids (`operator`).

mod calendar;
mod once;
mod operator;

use std::path::Path;
use std::process::Command;

/// The binary with the example configuration (or `config`), `LANG` as given, nothing else
/// from the environment.
pub(crate) fn suivi(lang: &str, config: Option<&Path>) -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.arg("--config")
        .arg(config.map_or_else(|| root.join("bot.toml"), Path::to_path_buf))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("SUIVI_CONFIG")
        .env_remove("SUIVI_LANGUAGE")
        .env_remove("SUIVI_DATABASE")
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::null());
    c
}

/// An `.ics` text as a calendar shows it: lines unfolded, TEXT escapes read.
pub(crate) fn unfolded(ics: &str) -> String {
    unfolded_value(&ics.replace("\r\n ", ""))
}

/// The value of the first `NAME:` line of an unfolded calendar.
pub(crate) fn field(ics: &str, name: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(unfolded_value)
        .unwrap_or_default()
}

fn unfolded_value(v: &str) -> String {
    v.replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}
