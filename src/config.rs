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
use toml_edit::{ImDocument, Item, Value};

use crate::domain::answer::OwnWordsPolicy;
use crate::i18n::Lang;

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub language: Lang,
    pub timezone: Tz,
    /// The SQLite file, relative to the working directory.
    pub database: PathBuf,
    pub token_file: Option<PathBuf>,
    /// The text "what an advisor can be called on for", shown during every closing.
    pub called_on_for: String,
    pub own_words: OwnWordsPolicy,
    /// Hours before an unanswered prompt is sent again, and how many times.
    pub nudge_delay_hours: u32,
    pub nudge_max: u32,
    /// Minutes before each exchange at which both sides are reminded.
    pub reminder_leads_minutes: Vec<u32>,
    pub digest_day: Weekday,
    pub digest_time: NaiveTime,
    pub retention_days: u32,
    /// Discord's API base. Only tests set it (to the loopback double); production leaves it
    /// unset and keeps serenity's rate limiter on.
    pub discord_api_base: Option<String>,
    /// Guilds where commands are registered at once (development); empty: global commands.
    pub development_guilds: Vec<u64>,
}

/// One problem in the configuration, localised when shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `section.key`, or `environment SUIVI_...`.
    pub key: String,
    pub line: Option<usize>,
    /// The Fluent message saying what is wrong and how to fix it.
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} configuration problem(s)", .0.len())]
pub struct ConfigErrors(pub Vec<Problem>);

/// Keys, with the kind of value each takes.
const KEYS: &[(&str, &str, Kind)] = &[
    ("", "language", Kind::Str),
    ("", "timezone", Kind::Str),
    ("", "database", Kind::Str),
    ("", "token_file", Kind::Str),
    ("", "called_on_for", Kind::Str),
    ("own_words", "max_chars", Kind::Int),
    ("own_words", "similarity", Kind::Float),
    ("own_words", "fillers", Kind::StrList),
    ("nudges", "delay_hours", Kind::Int),
    ("nudges", "max", Kind::Int),
    ("reminders", "lead_times", Kind::StrList),
    ("digest", "day", Kind::Str),
    ("digest", "time", Kind::Str),
    ("retention", "days", Kind::Int),
    ("discord", "api_base", Kind::Str),
    ("discord", "development_guilds", Kind::IntList),
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
                key: path.display().to_string(),
                line: None,
                id: "config-unreadable",
                args: vec![("detail", e.to_string())],
            }])
        })?;
        Self::parse(&text, &std::env::vars().collect::<Vec<_>>())
    }

    /// Parses the file's text with the given environment.
    pub fn parse(text: &str, env: &[(String, String)]) -> Result<Config, ConfigErrors> {
        let doc = match ImDocument::parse(text.to_owned()) {
            Ok(d) => d,
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start));
                return Err(ConfigErrors(vec![Problem {
                    key: "bot.toml".into(),
                    line,
                    id: "config-syntax",
                    args: vec![("detail", e.message().trim().to_owned())],
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
            database: PathBuf::from(
                r.string("", "database")
                    .unwrap_or_else(|| "suivi.db".into()),
            ),
            token_file: r
                .string("", "token_file")
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
            called_on_for: r
                .string("", "called_on_for")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            own_words: OwnWordsPolicy {
                max_chars: r.int("own_words", "max_chars", 1500, 20, 4000) as usize,
                similarity: r.float("own_words", "similarity", 0.85),
                fillers: r.strings("own_words", "fillers").unwrap_or(default_fillers),
            },
            nudge_delay_hours: r.int("nudges", "delay_hours", 48, 1, 24 * 30) as u32,
            nudge_max: r.int("nudges", "max", 1, 0, 3) as u32,
            reminder_leads_minutes: r.leads(),
            digest_day: r.parsed(
                "digest",
                "day",
                Weekday::Mon,
                "config-bad-weekday",
                parse_weekday,
            ),
            digest_time: r.parsed("digest", "time", NaiveTime::MIN, "config-bad-time", |s| {
                NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
            }),
            retention_days: r.int("retention", "days", 730, 30, 3650) as u32,
            discord_api_base: r.string("discord", "api_base").filter(|s| !s.is_empty()),
            development_guilds: r.ints("discord", "development_guilds"),
        };
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

    /// The bot token: `DISCORD_TOKEN`, else the file named by `token_file`. Never logged.
    pub fn token(&self) -> Result<Token, Problem> {
        if let Ok(t) = std::env::var("DISCORD_TOKEN") {
            if !t.trim().is_empty() {
                return Ok(Token(t.trim().to_owned()));
            }
        }
        let missing = || Problem {
            key: "DISCORD_TOKEN".into(),
            line: None,
            id: "config-no-token",
            args: Vec::new(),
        };
        let path = self.token_file.as_ref().ok_or_else(missing)?;
        let text = std::fs::read_to_string(path).map_err(|e| Problem {
            key: "token_file".into(),
            line: None,
            id: "config-token-file-unreadable",
            args: vec![
                ("path", path.display().to_string()),
                ("detail", e.kind().to_string()),
            ],
        })?;
        let t = text.trim();
        if t.is_empty() {
            return Err(missing());
        }
        Ok(Token(t.to_owned()))
    }
}

/// The bot token. Its `Debug` does not show it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Wraps a token obtained elsewhere (tests, a secret manager).
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<hidden>)")
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

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
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
        if !name.starts_with("SUIVI_") {
            continue;
        }
        let Some((s, k, _)) = KEYS.iter().find(|(s, k, _)| env_name(s, k) == *name) else {
            problems.push(Problem {
                key: name.clone(),
                line: None,
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

struct Reader<'a> {
    doc: &'a ImDocument<String>,
    text: &'a str,
    problems: Vec<Problem>,
    env: Vec<(String, Value)>,
}

impl Reader<'_> {
    fn push(
        &mut self,
        key: &str,
        line: Option<usize>,
        id: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.problems.push(Problem {
            key: key.to_owned(),
            line,
            id,
            args,
        });
    }

    /// Keys and sections the file has but suivi does not know: likely typos.
    fn check_unknown(&mut self) {
        let mut found = Vec::new();
        for (name, item) in self.doc.iter() {
            match item {
                Item::Table(t) => {
                    for (k, v) in t.iter() {
                        found.push((name.to_owned(), k.to_owned(), v.span()));
                    }
                }
                other => found.push((String::new(), name.to_owned(), other.span())),
            }
        }
        for (section, key, span) in found {
            if key == "token" {
                let line = span.map(|s| line_of(self.text, s.start));
                self.push(&key, line, "config-token-in-file", Vec::new());
                continue;
            }
            if !KEYS.iter().any(|(s, k, _)| *s == section && *k == key) {
                let full = if section.is_empty() {
                    key.clone()
                } else {
                    format!("{section}.{key}")
                };
                let line = span.map(|s| line_of(self.text, s.start));
                let known = KEYS
                    .iter()
                    .map(|(s, k, _)| {
                        if s.is_empty() {
                            (*k).to_owned()
                        } else {
                            format!("{s}.{k}")
                        }
                    })
                    .max_by(|a, b| {
                        strsim::jaro_winkler(a, &full).total_cmp(&strsim::jaro_winkler(b, &full))
                    })
                    .unwrap_or_default();
                self.push(
                    &full,
                    line,
                    "config-unknown-key",
                    vec![("suggestion", known)],
                );
            }
        }
    }

    /// The value of a key (environment first), with the line it stands on in the file.
    fn value(&self, section: &str, key: &str) -> Option<(Value, Option<usize>, String)> {
        let full = if section.is_empty() {
            key.to_owned()
        } else {
            format!("{section}.{key}")
        };
        if let Some((_, v)) = self
            .env
            .iter()
            .find(|(k, _)| *k == format!("{section}.{key}"))
        {
            return Some((
                v.clone(),
                None,
                format!("{full} ({})", env_name(section, key)),
            ));
        }
        let item = if section.is_empty() {
            self.doc.get(key)?
        } else {
            self.doc.get(section)?.get(key)?
        };
        let line = item.span().map(|s| line_of(self.text, s.start));
        Some((item.as_value()?.clone(), line, full))
    }

    fn wrong_type(&mut self, key: &str, line: Option<usize>, kind: Kind) {
        let expected = match kind {
            Kind::Str => "text",
            Kind::Int => "integer",
            Kind::Float => "number",
            Kind::StrList => "list-of-text",
            Kind::IntList => "list-of-integers",
        };
        self.push(
            key,
            line,
            "config-wrong-type",
            vec![("expected", expected.to_owned())],
        );
    }

    fn string(&mut self, section: &str, key: &str) -> Option<String> {
        let (v, line, full) = self.value(section, key)?;
        match v {
            Value::String(s) => Some(s.value().clone()),
            _ => {
                self.wrong_type(&full, line, Kind::Str);
                None
            }
        }
    }

    fn parsed<T>(
        &mut self,
        section: &str,
        key: &str,
        default: T,
        id: &'static str,
        f: impl Fn(&str) -> Option<T>,
    ) -> T {
        let Some((v, line, full)) = self.value(section, key) else {
            return default;
        };
        match v {
            Value::String(s) => f(s.value()).unwrap_or_else(|| {
                self.push(&full, line, id, vec![("value", s.value().clone())]);
                default
            }),
            _ => {
                self.wrong_type(&full, line, Kind::Str);
                default
            }
        }
    }

    fn int(&mut self, section: &str, key: &str, default: i64, min: i64, max: i64) -> i64 {
        let Some((v, line, full)) = self.value(section, key) else {
            return default;
        };
        match v {
            Value::Integer(i) if (min..=max).contains(i.value()) => *i.value(),
            Value::Integer(i) => {
                let args = vec![
                    ("value", i.value().to_string()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ];
                self.push(&full, line, "config-out-of-range", args);
                default
            }
            _ => {
                self.wrong_type(&full, line, Kind::Int);
                default
            }
        }
    }

    fn float(&mut self, section: &str, key: &str, default: f64) -> f64 {
        let Some((v, line, full)) = self.value(section, key) else {
            return default;
        };
        let x = match v {
            Value::Float(f) => *f.value(),
            Value::Integer(i) => *i.value() as f64,
            _ => {
                self.wrong_type(&full, line, Kind::Float);
                return default;
            }
        };
        if (0.5..=1.0).contains(&x) {
            x
        } else {
            let args = vec![
                ("value", x.to_string()),
                ("min", "0.5".into()),
                ("max", "1.0".into()),
            ];
            self.push(&full, line, "config-out-of-range", args);
            default
        }
    }

    fn strings(&mut self, section: &str, key: &str) -> Option<Vec<String>> {
        let (v, line, full) = self.value(section, key)?;
        let list = match &v {
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        if list.is_none() {
            self.wrong_type(&full, line, Kind::StrList);
        }
        list
    }

    fn ints(&mut self, section: &str, key: &str) -> Vec<u64> {
        let Some((v, line, full)) = self.value(section, key) else {
            return Vec::new();
        };
        let list = match &v {
            Value::Array(a) => a
                .iter()
                .map(|x| match x {
                    Value::Integer(i) => u64::try_from(*i.value()).ok(),
                    Value::String(s) => s.value().parse().ok(),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        list.unwrap_or_else(|| {
            self.wrong_type(&full, line, Kind::IntList);
            Vec::new()
        })
    }

    fn leads(&mut self) -> Vec<u32> {
        let Some(list) = self.strings("reminders", "lead_times") else {
            return vec![24 * 60, 60];
        };
        let line = self
            .value("reminders", "lead_times")
            .and_then(|(_, l, _)| l);
        let mut out = Vec::new();
        for s in list {
            match parse_lead(&s) {
                Some(m) => out.push(m),
                None => self.push(
                    "reminders.lead_times",
                    line,
                    "config-bad-duration",
                    vec![("value", s)],
                ),
            }
        }
        out.sort_unstable_by(|a, b| b.cmp(a));
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = include_str!("../bot.toml");

    #[test]
    fn the_example_file_is_valid() {
        let c = Config::parse(GOOD, &[]).unwrap();
        assert_eq!(c.language, Lang::Fr);
        assert_eq!(c.timezone, chrono_tz::Europe::Paris);
        assert_eq!(c.reminder_leads_minutes, vec![1440, 60]);
        assert!(!c.called_on_for.is_empty());
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "language = \"de\"\ntimezone = \"Mars/Olympus\"\ncalled_on_for = \"x\"\ntoken = \"abc\"\n[own_words]\nmax_char = 3\nsimilarity = 7\n[digest]\ntime = \"25:00\"\n";
        let errs = Config::parse(text, &[]).unwrap_err().0;
        let got: Vec<_> = errs
            .iter()
            .map(|p| (p.key.as_str(), p.line, p.id))
            .collect();
        assert!(
            got.contains(&("language", Some(1), "config-bad-language")),
            "{got:?}"
        );
        assert!(
            got.contains(&("timezone", Some(2), "config-bad-timezone")),
            "{got:?}"
        );
        assert!(
            got.contains(&("token", Some(4), "config-token-in-file")),
            "{got:?}"
        );
        assert!(
            got.contains(&("own_words.max_char", Some(6), "config-unknown-key")),
            "{got:?}"
        );
        assert!(
            got.contains(&("own_words.similarity", Some(7), "config-out-of-range")),
            "{got:?}"
        );
        assert!(
            got.contains(&("digest.time", Some(9), "config-bad-time")),
            "{got:?}"
        );
        let suggestion = errs
            .iter()
            .find(|p| p.id == "config-unknown-key")
            .map(|p| p.args[0].1.clone());
        assert_eq!(suggestion.as_deref(), Some("own_words.max_chars"));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let errs = Config::parse("language = \"fr\"\n[digest\n", &[])
            .unwrap_err()
            .0;
        assert_eq!(errs[0].id, "config-syntax");
        assert_eq!(errs[0].line, Some(2));
    }

    #[test]
    fn environment_overrides_the_file() {
        let env = vec![
            ("SUIVI_LANGUAGE".to_owned(), "en".to_owned()),
            ("SUIVI_OWN_WORDS_MAX_CHARS".to_owned(), "300".to_owned()),
            ("SUIVI_DATABASE".to_owned(), "/tmp/x.db".to_owned()),
        ];
        let c = Config::parse(GOOD, &env).unwrap();
        assert_eq!(c.language, Lang::En);
        assert_eq!(c.own_words.max_chars, 300);
        assert_eq!(c.database, PathBuf::from("/tmp/x.db"));
        let bad = vec![
            ("SUIVI_NUDGES_MAX".to_owned(), "9".to_owned()),
            ("SUIVI_NOPE".to_owned(), "1".to_owned()),
        ];
        let errs = Config::parse(GOOD, &bad).unwrap_err().0;
        assert_eq!(errs.len(), 2, "{errs:?}");
    }

    #[test]
    fn token_is_hidden_in_debug() {
        assert_eq!(format!("{:?}", Token("secret".into())), "Token(<hidden>)");
    }
}
