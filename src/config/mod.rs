//! `bot.toml` plus the environment, read once into one validated [`Config`].
//!
//! Every problem in the file is collected, not just the first: each names the key, the line
//! and how to fix it, as a Fluent message (`locales/*/operator.ftl`), so `suivi check` can print
//! them all in the operator's language. Environment variables `SUIVI_<KEY>` (top level) and
//! `SUIVI_<SECTION>_<KEY>` override the file. The bot token is never read from `bot.toml`: it
//! comes from `DISCORD_TOKEN` or the file named by `token_file`, and is never printed.

use std::path::{Path, PathBuf};

use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use toml_edit::{ImDocument, Value};

use crate::domain::answer::OwnWordsPolicy;
use crate::domain::localized::Localized;
use crate::i18n::Lang;

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub language: Lang,
    pub timezone: Tz,
    /// The SQLite file, relative to the working directory.
    pub database: PathBuf,
    pub token_file: Option<PathBuf>,
    /// The text "what an advisor can be called on for", shown during every closing: one text,
    /// or one per language (`called_on_for = { fr = "...", en = "..." }`).
    pub called_on_for: Localized,
    pub own_words: OwnWordsPolicy,
    /// Hours before an unanswered prompt is sent again, and how many times.
    pub nudge_delay_hours: u32,
    pub nudge_max: u32,
    /// Minutes before each exchange at which both sides are reminded.
    pub reminder_leads_minutes: Vec<u32>,
    /// How long before its due time a reminder may be sent when a burst could not otherwise
    /// go out by then at Discord's limit (`reminders.max_early`); 0: never early.
    pub reminder_max_early_minutes: u32,
    pub digest_day: Weekday,
    pub digest_time: NaiveTime,
    pub retention_days: u32,
    /// Days a sent, skipped or cancelled delivery is kept (for the digest and the audit)
    /// before the dispatcher deletes it.
    pub outbox_keep_days: u32,
    /// Seconds a claimed delivery stays its process's: what a killed process held goes again
    /// from another once this has passed (`[outbox] lease_seconds`).
    pub outbox_lease_seconds: u32,
    /// Discord's API base: only tests set it (the loopback double); unset in production.
    pub discord_api_base: Option<String>,
    /// Guilds where commands are registered at once (development); empty: global commands.
    pub development_guilds: Vec<u64>,
    /// `suivi status --health`: minutes the gateway may be not ready, deliveries failed for good
    /// within an hour, seconds between a process's heartbeats (gone after three missed).
    pub health_gateway_grace_minutes: u32,
    pub health_failed_per_hour: u32,
    pub health_heartbeat_seconds: u32,
}

/// One problem in the configuration, localised when shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `section.key`, or `environment SUIVI_...`; empty for a problem of the whole file.
    pub key: String,
    pub line: Option<usize>,
    /// The column (in characters, from 1), for a syntax error.
    pub column: Option<usize>,
    /// The Fluent message saying what is wrong and how to fix it.
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} configuration problem(s)", .0.len())]
pub struct ConfigErrors(pub Vec<Problem>);

/// Environment variables the command line reads (clap's `env =`), not settings: `suivi`
/// takes `--config` from `SUIVI_CONFIG`, as the systemd unit and the container set it. The
/// test suite's `SUIVI_TEST_DATABASE` (the PostgreSQL server it tests on) is not one either.
pub const COMMAND_LINE_VARS: &[&str] = &["SUIVI_CONFIG", "SUIVI_TEST_DATABASE"];

/// Most reminders before one exchange (`reminders.lead_times`).
pub const MAX_LEADS: usize = 5;

/// Longest `called_on_for` text, in characters, per language: it is shown in every closing.
pub const MAX_CALLED_ON_FOR_CHARS: usize = 2000;

/// `reminders.max_early` when not given, and its largest value, in minutes.
pub const DEFAULT_MAX_EARLY_MINUTES: u32 = 10;
pub const MAX_MAX_EARLY_MINUTES: u32 = 60;
/// The digest's time when `[digest] time` is not given (the README's documented default).
pub const DEFAULT_DIGEST_TIME: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// Keys, with the kind of value each takes.
const KEYS: &[(&str, &str, Kind)] = &[
    ("", "language", Kind::Str),
    ("", "timezone", Kind::Str),
    ("", "database", Kind::Str),
    ("", "token_file", Kind::Str),
    ("", "called_on_for", Kind::Str),
    ("called_on_for", "fr", Kind::Str),
    ("called_on_for", "en", Kind::Str),
    ("own_words", "max_chars", Kind::Int),
    ("own_words", "similarity", Kind::Float),
    ("own_words", "fillers", Kind::StrList),
    ("nudges", "delay_hours", Kind::Int),
    ("nudges", "max", Kind::Int),
    ("reminders", "lead_times", Kind::StrList),
    ("reminders", "max_early", Kind::Str),
    ("digest", "day", Kind::Str),
    ("digest", "time", Kind::Str),
    ("retention", "days", Kind::Int),
    ("outbox", "keep_days", Kind::Int),
    ("outbox", "lease_seconds", Kind::Int),
    ("discord", "api_base", Kind::Str),
    ("discord", "development_guilds", Kind::IntList),
    ("health", "gateway_grace_minutes", Kind::Int),
    ("health", "failed_per_hour", Kind::Int),
    ("health", "heartbeat_seconds", Kind::Int),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Str,
    Int,
    Float,
    StrList,
    IntList,
}

impl Config {
    /// Reads `path` (a missing file is a problem) and the process environment.
    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigErrors(vec![Problem {
                key: String::new(),
                line: None,
                column: None,
                id: "config-unreadable",
                args: vec![("detail", e.to_string())],
            }])
        })?;
        Self::parse(&text, &std::env::vars().collect::<Vec<_>>())
    }

    /// The `language` the file (or `SUIVI_LANGUAGE`) names, read even when the rest of the
    /// file has problems, so they can be reported in it. `None` when it cannot be known.
    pub fn language_of(path: &Path) -> Option<Lang> {
        if let Some(l) = std::env::var("SUIVI_LANGUAGE")
            .ok()
            .and_then(|l| Lang::parse(&l))
        {
            return Some(l);
        }
        let text = std::fs::read_to_string(path).ok()?;
        if let Ok(doc) = ImDocument::parse(text.as_str()) {
            return doc.get("language")?.as_str().and_then(Lang::parse);
        }
        // A file with a syntax error elsewhere: its top-level `language = "…"` line.
        text.lines()
            .take_while(|l| !l.trim_start().starts_with('['))
            .filter_map(|l| l.split_once('='))
            .find(|(k, _)| k.trim() == "language")
            .and_then(|(_, v)| {
                let v = v.split('#').next().unwrap_or_default();
                Lang::parse(v.trim().trim_matches(['"', '\'']))
            })
    }

    /// Parses the file's text with the given environment.
    pub fn parse(text: &str, env: &[(String, String)]) -> Result<Config, ConfigErrors> {
        let doc = match ImDocument::parse(text.to_owned()) {
            Ok(d) => d,
            Err(e) => {
                // The file's name is the operator's (`--config`): the caller prints it.
                let start = e.span().map(|s| s.start);
                // The parser's English stays here: the operator reads the kind of mistake.
                let kind = syntax::kind(e.message()).to_owned();
                return Err(ConfigErrors(vec![Problem {
                    key: String::new(),
                    line: start.map(|s| line_of(text, s)),
                    column: start.map(|s| column_of(text, s)),
                    id: "config-syntax",
                    args: vec![("kind", kind)],
                }]));
            }
        };
        let mut r = Reader {
            doc: &doc,
            text,
            problems: Vec::new(),
            env: Vec::new(),
        };
        r.check_unknown();
        r.env = parse_env(env, &mut r.problems);
        let language = r.parsed("", "language", Lang::Fr, "config-bad-language", Lang::parse);
        let default_fillers = OwnWordsPolicy::default().fillers;
        let config = Config {
            language,
            timezone: r.parsed(
                "",
                "timezone",
                chrono_tz::Europe::Paris,
                "config-bad-timezone",
                |s| s.parse().ok(),
            ),
            database: PathBuf::from(r.database()),
            token_file: r
                .string("", "token_file")
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
            called_on_for: r.localized("called_on_for"),
            own_words: OwnWordsPolicy {
                max_chars: r.int("own_words", "max_chars", 1500, 20, 4000) as usize,
                similarity: r.float("own_words", "similarity", 0.85),
                // The built-in fillers stay; the file adds its own.
                fillers: default_fillers
                    .into_iter()
                    .chain(r.strings("own_words", "fillers").unwrap_or_default())
                    .collect(),
            },
            nudge_delay_hours: r.int("nudges", "delay_hours", 48, 1, 24 * 30) as u32,
            nudge_max: r.int("nudges", "max", 1, 0, 3) as u32,
            reminder_leads_minutes: r.leads(),
            reminder_max_early_minutes: r.max_early(),
            digest_day: r.parsed(
                "digest",
                "day",
                Weekday::Mon,
                "config-bad-weekday",
                parse_weekday,
            ),
            digest_time: r.parsed(
                "digest",
                "time",
                DEFAULT_DIGEST_TIME,
                "config-bad-time",
                |s| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok(),
            ),
            retention_days: r.int("retention", "days", 730, 30, 3650) as u32,
            outbox_keep_days: r.int("outbox", "keep_days", 30, 1, 3650) as u32,
            outbox_lease_seconds: r.int("outbox", "lease_seconds", 120, 30, 3600) as u32,
            // Tests only: the bot token goes wherever this points, so only a loopback
            // address is accepted.
            discord_api_base: r
                .parsed(
                    "discord",
                    "api_base",
                    None,
                    "config-api-base-not-loopback",
                    |s| Self::loopback_base(s).map(Some),
                )
                .filter(|s: &String| !s.is_empty()),
            development_guilds: r.ints("discord", "development_guilds"),
            health_gateway_grace_minutes: r.int("health", "gateway_grace_minutes", 5, 1, 24 * 60)
                as u32,
            health_failed_per_hour: r.int("health", "failed_per_hour", 10, 1, 100_000) as u32,
            health_heartbeat_seconds: r.int("health", "heartbeat_seconds", 60, 1, 3600) as u32,
        };
        r.check_called_on_for(&config.called_on_for);
        if config.called_on_for.is_empty() {
            r.push(
                "called_on_for",
                None,
                "config-missing-called-on-for",
                Vec::new(),
            );
        }
        if r.problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(r.problems))
        }
    }

    /// `api_base` as given when its host is a loopback address (127.0.0.0/8, ::1, localhost),
    /// `None` otherwise. The empty string stands for unset.
    pub fn loopback_base(s: &str) -> Option<String> {
        let s = s.trim();
        if s.is_empty() {
            return Some(String::new());
        }
        let rest = s
            .strip_prefix("http://")
            .or_else(|| s.strip_prefix("https://"))?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.contains('@') {
            return None;
        }
        let host = if let Some(v6) = authority.strip_prefix('[') {
            v6.split(']').next().unwrap_or("")
        } else {
            authority.rsplit_once(':').map_or(authority, |(h, _)| h)
        };
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        loopback.then(|| s.to_owned())
    }
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let fr = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    if let Some(i) = fr.iter().position(|d| *d == s) {
        return Some(Weekday::try_from(i as u8).unwrap_or(Weekday::Mon));
    }
    s.parse().ok()
}

/// "24h", "90m", "1d" → minutes.
fn parse_lead(s: &str) -> Option<u32> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u32 = num.parse().ok()?;
    let m = match unit.trim() {
        "m" | "min" => n,
        "h" => n.checked_mul(60)?,
        "d" | "j" => n.checked_mul(24 * 60)?,
        _ => return None,
    };
    (1..=14 * 24 * 60).contains(&m).then_some(m)
}

/// "10m", "1h", "0" → minutes, from 0 to [`MAX_MAX_EARLY_MINUTES`].
fn parse_max_early(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
        // A bare number only for 0: any other needs its unit.
        return (s.parse::<u32>().ok()? == 0).then_some(0);
    }
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u32 = num.parse().ok()?;
    let m = match unit.trim() {
        "m" | "min" => n,
        "h" => n.checked_mul(60)?,
        _ => return None,
    };
    (m <= MAX_MAX_EARLY_MINUTES).then_some(m)
}

fn env_name(section: &str, key: &str) -> String {
    if section.is_empty() {
        format!("SUIVI_{}", key.to_uppercase())
    } else {
        format!("SUIVI_{}_{}", section.to_uppercase(), key.to_uppercase())
    }
}

/// Environment overrides, parsed as TOML values where they parse, else as strings.
fn parse_env(env: &[(String, String)], problems: &mut Vec<Problem>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (name, raw) in env {
        if !name.starts_with("SUIVI_") || COMMAND_LINE_VARS.contains(&name.as_str()) {
            continue;
        }
        let Some((s, k, _)) = KEYS.iter().find(|(s, k, _)| env_name(s, k) == *name) else {
            problems.push(Problem {
                key: name.clone(),
                line: None,
                column: None,
                id: "config-unknown-env",
                args: Vec::new(),
            });
            continue;
        };
        let value = raw
            .parse::<Value>()
            .unwrap_or_else(|_| Value::from(raw.as_str()));
        out.push((format!("{s}.{k}"), value));
    }
    out
}

mod reader;
mod syntax;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_called_on_for;
#[cfg(test)]
mod tests_limits;
#[cfg(test)]
mod tests_max_early;
mod token;

use reader::Reader;
use syntax::{column_of, line_of};
pub use token::Token;
