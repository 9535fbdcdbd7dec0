//! Reading `bot.toml` key by key: each value checked for its kind and range, every problem
//! collected with its line (never the first one only), environment overrides applied.

use toml_edit::{ImDocument, Item, Value};

use super::{
    env_name, line_of, parse_lead, parse_max_early, Kind, Problem, DEFAULT_MAX_EARLY_MINUTES, KEYS,
    MAX_CALLED_ON_FOR_CHARS, MAX_LEADS,
};
use crate::domain::localized::Localized;
use crate::i18n::Lang;

pub(super) struct Reader<'a> {
    pub(super) doc: &'a ImDocument<String>,
    pub(super) text: &'a str,
    pub(super) problems: Vec<Problem>,
    pub(super) env: Vec<(String, Value)>,
}

impl Reader<'_> {
    pub(super) fn push(
        &mut self,
        key: &str,
        line: Option<usize>,
        id: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.problems.push(Problem {
            key: key.to_owned(),
            line,
            column: None,
            id,
            args,
        });
    }

    /// Keys and sections the file has but suivi does not know: likely typos.
    pub(super) fn check_unknown(&mut self) {
        let mut found = Vec::new();
        for (name, item) in self.doc.iter() {
            // A key of the top level stays a key even when written as a table
            // (`called_on_for = { fr = "…" }`); a section may be written either way:
            // `[own_words]` or `own_words = { max_chars = 100 }`.
            let top_key = KEYS.iter().any(|(s, k, _)| s.is_empty() && *k == name);
            match item {
                Item::Table(t) => {
                    for (k, v) in t.iter() {
                        found.push((name.to_owned(), k.to_owned(), v.span()));
                    }
                }
                Item::Value(Value::InlineTable(t)) if !top_key => {
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
    pub(super) fn value(&self, section: &str, key: &str) -> Option<(Value, Option<usize>, String)> {
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

    pub(super) fn wrong_type(&mut self, key: &str, line: Option<usize>, kind: Kind) {
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

    pub(super) fn string(&mut self, section: &str, key: &str) -> Option<String> {
        let (v, line, full) = self.value(section, key)?;
        match v {
            Value::String(s) => Some(s.value().clone()),
            _ => {
                self.wrong_type(&full, line, Kind::Str);
                None
            }
        }
    }

    /// A text given once for every language, or per language: `key = { fr = "...", en = "..." }`
    /// or a `[key]` section (each language also from `SUIVI_<KEY>_FR`, `SUIVI_<KEY>_EN`).
    pub(super) fn localized(&mut self, key: &str) -> Localized {
        let mut texts: Vec<(&'static str, String)> = Vec::new();
        match self.value("", key) {
            Some((Value::String(s), ..)) => return Localized::One(s.value().trim().to_owned()),
            Some((Value::InlineTable(t), line, full)) => {
                for (lang, v) in t.iter() {
                    match (Lang::parse(lang), v.as_str()) {
                        (Some(l), Some(text)) => texts.push((l.code(), text.to_owned())),
                        (None, _) => self.push(
                            &format!("{full}.{lang}"),
                            line,
                            "config-bad-language",
                            vec![("value", lang.to_owned())],
                        ),
                        (Some(_), None) => {
                            self.wrong_type(&format!("{full}.{lang}"), line, Kind::Str)
                        }
                    }
                }
            }
            Some((_, line, full)) => self.wrong_type(&full, line, Kind::Str),
            None => {}
        }
        for lang in Lang::ALL {
            let short = lang.code().split('-').next().unwrap_or_default();
            if let Some(text) = self.string(key, short) {
                texts.retain(|(c, _)| *c != lang.code());
                texts.push((lang.code(), text));
            }
        }
        Localized::per_lang(texts)
    }

    pub(super) fn parsed<T>(
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

    pub(super) fn int(
        &mut self,
        section: &str,
        key: &str,
        default: i64,
        min: i64,
        max: i64,
    ) -> i64 {
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

    pub(super) fn float(&mut self, section: &str, key: &str, default: f64) -> f64 {
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

    pub(super) fn strings(&mut self, section: &str, key: &str) -> Option<Vec<String>> {
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

    pub(super) fn ints(&mut self, section: &str, key: &str) -> Vec<u64> {
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

    /// The database file: `suivi.db` when unset; an empty path is refused (`run` could not
    /// open it).
    pub(super) fn database(&mut self) -> String {
        let line = self.value("", "database").and_then(|(_, l, _)| l);
        let full = self
            .value("", "database")
            .map_or_else(|| "database".to_owned(), |(_, _, f)| f);
        match self.string("", "database") {
            None => "suivi.db".into(),
            Some(s) if s.trim().is_empty() => {
                self.push(&full, line, "config-empty-database", Vec::new());
                "suivi.db".into()
            }
            Some(s) => s,
        }
    }

    pub(super) fn leads(&mut self) -> Vec<u32> {
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
        if out.len() > MAX_LEADS {
            self.push(
                "reminders.lead_times",
                line,
                "config-too-many-leads",
                vec![
                    ("count", out.len().to_string()),
                    ("max", MAX_LEADS.to_string()),
                ],
            );
            out.truncate(MAX_LEADS);
        }
        out
    }

    /// `reminders.max_early`: a duration from "0m" to an hour.
    pub(super) fn max_early(&mut self) -> u32 {
        self.parsed(
            "reminders",
            "max_early",
            DEFAULT_MAX_EARLY_MINUTES,
            "config-bad-max-early",
            parse_max_early,
        )
    }

    /// Refuses a `called_on_for` text longer than [`MAX_CALLED_ON_FOR_CHARS`] in any language.
    pub(super) fn check_called_on_for(&mut self, texts: &Localized) {
        let line = self.value("", "called_on_for").and_then(|(_, l, _)| l);
        let long: Vec<(String, usize)> = match texts {
            Localized::One(t) => vec![(String::new(), t.chars().count())],
            Localized::PerLang(map) => map
                .iter()
                .map(|(code, t)| (code.clone(), t.chars().count()))
                .collect(),
        };
        for (code, len) in long {
            if len > MAX_CALLED_ON_FOR_CHARS {
                let short = code.split('-').next().unwrap_or_default();
                let key = if short.is_empty() {
                    "called_on_for".to_owned()
                } else {
                    format!("called_on_for.{short}")
                };
                self.push(
                    &key,
                    line,
                    "config-called-on-for-too-long",
                    vec![
                        ("len", len.to_string()),
                        ("max", MAX_CALLED_ON_FOR_CHARS.to_string()),
                    ],
                );
            }
        }
    }
}
