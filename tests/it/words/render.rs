//! Every message of every locale file, rendered with placeholder values (every variant of
//! every selector): no English word inside French output, no French word inside English
//! output, nothing left unrendered. The words are those a reader would notice; technical
//! words that are the same in both languages (Discord, /commands, URLs) are not prose.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use suivi::domain::prompt::{Arg, Msg};
use suivi::i18n::{I18n, Lang};

/// English words that have no business in a French sentence.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "your",
    "you",
    "advisor",
    "beneficiary",
    "please",
    "will",
    "would",
    "which",
    "when",
    "what",
    "from",
    "this",
    "that",
    "have",
    "has",
    "is",
    "are",
    "of",
    "to",
    "for",
    "not",
    "yes",
    "none",
    "nothing",
    "done",
    "task",
    "tasks",
    "thanks",
    "thank",
    "next",
    "step",
    "recap",
    "means",
    "blocked",
    "waiting",
    "since",
    "reminder",
    "they",
    "their",
    "answer",
    "here",
    "there",
    "now",
    "today",
    "tomorrow",
];

/// French words that have no business in an English sentence.
const FRENCH: &[&str] = &[
    "le",
    "les",
    "vous",
    "votre",
    "vos",
    "avec",
    "pour",
    "est",
    "une",
    "des",
    "du",
    "au",
    "aux",
    "sur",
    "pas",
    "et",
    "chargé",
    "bénéficiaire",
    "merci",
    "oui",
    "non",
    "aucun",
    "aucune",
    "rien",
    "appui",
    "séance",
    "tâche",
    "tâches",
    "échange",
    "échanges",
    "prochain",
    "résumé",
    "accord",
    "moyens",
    "bloquée",
    "bloqué",
    "demain",
    "aujourd",
    "heure",
    "semaine",
    "mois",
];

/// A word that is the same in both languages or not prose at all.
const NEUTRAL: &[&str] = &["discord", "suivi", "ics", "id", "utc", "ok"];

use crate::ftl::{collect_pattern, Vars};

/// Every message and attribute of a locale folder (command names, identifiers Discord
/// requires, left out), with its variables.
fn messages(folder: &str) -> BTreeMap<String, Vars> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(folder);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let res = fluent_syntax::parser::parse(text.as_str()).unwrap();
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                if let Some(v) = &m.value {
                    let mut vars = Vars::new();
                    collect_pattern(v, &mut vars);
                    out.insert(m.id.name.to_owned(), vars);
                }
                for a in &m.attributes {
                    if a.id.name == "name" {
                        continue;
                    }
                    let mut vars = Vars::new();
                    collect_pattern(&a.value, &mut vars);
                    out.insert(format!("{}.{}", m.id.name, a.id.name), vars);
                }
            }
        }
    }
    out
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// A placeholder value: a number for what selects on numbers, the key itself for other
/// selectors, a name (the same in both languages) otherwise.
fn sample(key: &str) -> Arg {
    match key.parse::<i64>() {
        Ok(n) => Arg::Num(n),
        Err(_) => Arg::Text(key.to_owned()),
    }
}

/// Every rendering of a message: the plain one, then each selector on each of its keys and
/// on 0, 1, 2 and 21.
fn renderings(i18n: &I18n, lang: Lang, id: &str, vars: &Vars) -> Vec<String> {
    if let Some((msg, attr)) = id.split_once('.') {
        return vec![i18n
            .attr(lang, msg, attr)
            .unwrap_or_else(|| format!("[{id}]"))];
    }
    let base = |over: Option<(&str, Arg)>| {
        let mut m = Msg::new(id);
        for (name, keys) in vars {
            let value = match &over {
                Some((n, v)) if n == name => v.clone(),
                _ if !keys.is_empty() => sample("2"),
                _ => Arg::Text("Awa".to_owned()),
            };
            m = m.arg(leak(name), value);
        }
        i18n.msg(lang, &m)
    };
    let mut out = vec![base(None)];
    for (name, keys) in vars {
        for key in keys.iter().map(String::as_str).chain(["0", "1", "2", "21"]) {
            out.push(base(Some((name, sample(key)))));
        }
    }
    out
}

/// The words of a rendered text a reader would read as prose: URLs, `/commands`, zones
/// (`Europe/Paris`), `--options`, `[sections]`, `key = value` and code in backquotes left out.
fn prose_words(text: &str) -> Vec<String> {
    // A section of the README is named as the README writes it, in English.
    let text = match text.find("README, «") {
        Some(start) => match text[start..].find('»') {
            Some(end) => format!("{}{}", &text[..start], &text[start + end..]),
            None => text.to_owned(),
        },
        None => text.to_owned(),
    };
    let mut words = Vec::new();
    let mut in_code = false;
    // The argument typed after a command ("/role beneficiary") is what the person types.
    let mut after_command = false;
    for token in text.split_whitespace() {
        let command = token.trim_start_matches(['(', '«', '"']).starts_with('/');
        let argument = std::mem::replace(&mut after_command, command);
        if argument && token.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let ticks = token.matches('`').count();
        let code = in_code || ticks > 0;
        if ticks % 2 == 1 {
            in_code = !in_code;
        }
        let technical = code
            || token.contains('/')
            || token.starts_with("--")
            || token.starts_with('[')
            || token.contains('=')
            || token.contains('_')
            || token.contains('@');
        if technical {
            continue;
        }
        for w in token.split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                words.push(w.to_lowercase());
            }
        }
    }
    words
}

/// What is wrong with every rendering of every message of `folder`: foreign words, messages
/// that did not render.
fn problems(lang: Lang, folder: &str, foreign: &[&str]) -> (usize, Vec<String>) {
    let i18n = I18n::load().unwrap();
    let all = messages(folder);
    let mut bad = BTreeSet::new();
    for (id, vars) in &all {
        for text in renderings(&i18n, lang, id, vars) {
            if text.starts_with('[') && text.ends_with(']') && !text.contains(' ') {
                bad.insert(format!("{id} did not render: {text}"));
            }
            if text.contains("{ $") || text.contains("{$") {
                bad.insert(format!("{id} left a placeable: {text}"));
            }
            for w in prose_words(&text) {
                if foreign.contains(&w.as_str()) && !NEUTRAL.contains(&w.as_str()) {
                    bad.insert(format!("{id}: {w:?} in «{text}»"));
                }
            }
        }
    }
    (all.len(), bad.into_iter().collect())
}

#[test]
fn no_english_word_inside_french_output() {
    let (count, bad) = problems(Lang::Fr, "fr", ENGLISH);
    assert!(count > 150, "{count} messages");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn no_french_word_inside_english_output() {
    let (count, bad) = problems(Lang::En, "en-US", FRENCH);
    assert!(count > 150, "{count} messages");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_word_lists_catch_a_placeholder_left_in_a_sentence() {
    // The check is not empty: the sentences the issue reported are caught.
    let words = prose_words("avec advisor, beneficiary est arrivé·e");
    assert!(words.iter().any(|w| ENGLISH.contains(&w.as_str())));
    let words = prose_words("Questions left: non");
    assert!(words.iter().any(|w| FRENCH.contains(&w.as_str())));
}
