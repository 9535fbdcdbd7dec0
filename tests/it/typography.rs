//! French typography, checked on what people read: every French message is rendered (every
//! variant of every selector, with sample arguments) and its punctuation checked.
//!
//! The rule (locales/fr/main.ftl states it): a narrow no-break space, U+202F, before « : ; ? ! »
//! and after «, and never a plain space or U+00A0 there.
//!
//! Not prose, so left out of the check before it runs: URLs (`http://127.0.0.1:PORT`), times
//! and formats typed by people (`09:00`, `HH:MM`, `14:30`), and `/commands` with their
//! arguments (`/wait 3j`, `Europe/Paris`).

use std::collections::BTreeMap;

use fluent_syntax::ast;
use suivi::domain::prompt::{Arg, Msg};
use suivi::i18n::{I18n, Lang};

const NNBSP: char = '\u{202f}';

use crate::ftl::{collect_pattern, Vars};

/// Every French message and attribute, with its variables.
fn french_messages() -> BTreeMap<String, Vars> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/fr");
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
                    // Command names are identifiers Discord requires, not prose.
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

/// A sample value: numbers for what selects on numbers, names otherwise.
fn sample(key: &str) -> Arg {
    match key.parse::<i64>() {
        Ok(n) => Arg::Num(n),
        Err(_) => Arg::Text(key.to_owned()),
    }
}

/// Every rendering of a message: the plain one, then each selector on each of its keys and on
/// 0, 1, 2 and 21.
fn renderings(i18n: &I18n, id: &str, vars: &Vars) -> Vec<String> {
    if let Some((msg, attr)) = id.split_once('.') {
        return vec![i18n.attr(Lang::Fr, msg, attr).unwrap()];
    }
    let base = |over: Option<(&str, Arg)>| {
        let mut m = Msg::new(id);
        for (name, keys) in vars {
            let value = match &over {
                Some((n, v)) if n == name => v.clone(),
                _ if !keys.is_empty() => sample("2"),
                _ => Arg::Text("Claire".to_owned()),
            };
            m = m.arg(leak(name), value);
        }
        i18n.msg(Lang::Fr, &m)
    };
    let mut out = vec![base(None)];
    for (name, keys) in vars {
        let extra = ["0", "1", "2", "21"];
        for key in keys.iter().map(String::as_str).chain(extra) {
            out.push(base(Some((name, sample(key)))));
        }
    }
    out
}

/// Blanks what is not prose: a word with a `/` (a URL, a `/command`, `Europe/Paris`) becomes
/// `x`, and `HH:MM` goes; the spaces around are kept as they are.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('/') {
            out.push('x');
        } else {
            out.push_str(&word.replace("HH:MM", "x"));
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The problems of one rendered French text, each with the text around it.
fn problems(text: &str) -> Vec<String> {
    let kept = prose(text);
    let chars: Vec<char> = kept.chars().collect();
    let mut out = Vec::new();
    let around = |i: usize| {
        let from = i.saturating_sub(20);
        let to = (i + 20).min(chars.len());
        chars[from..to].iter().collect::<String>()
    };
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        match c {
            ':' | ';' | '?' | '!' | '»' => {
                // A time or a number (09:00, 14:30) is not punctuation.
                if c == ':'
                    && before.is_some_and(|b| b.is_ascii_digit())
                    && after.is_some_and(|a| a.is_ascii_digit())
                {
                    continue;
                }
                match before {
                    Some(NNBSP) => {}
                    Some(b) => out.push(format!("{c:?} after {b:?}: …{}…", around(i))),
                    None => out.push(format!("{c:?} opens the text")),
                }
                if before == Some(NNBSP) && i >= 2 && matches!(chars[i - 2], ' ' | '\u{a0}' | NNBSP)
                {
                    out.push(format!("{c:?} after two spaces: …{}…", around(i)));
                }
            }
            '«' if after != Some(NNBSP) => {
                out.push(format!("«\u{202f}followed by {after:?}: …{}…", around(i)));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_french_message_puts_a_narrow_no_break_space_before_high_punctuation() {
    let i18n = I18n::load().unwrap();
    let messages = french_messages();
    assert!(messages.len() > 150, "{}", messages.len());
    let mut bad = Vec::new();
    for (id, vars) in &messages {
        for text in renderings(&i18n, id, vars) {
            assert!(!text.starts_with('['), "{id} did not render: {text}");
            for p in problems(&text) {
                bad.push(format!("{id}: {p}"));
            }
        }
    }
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_check_catches_what_it_should() {
    assert!(problems("Bonjour\u{202f}! «\u{202f}Oui\u{202f}» Fuseau\u{202f}: 09:00").is_empty());
    assert!(problems("Voir http://127.0.0.1:PORT et /wait 3j").is_empty());
    assert_eq!(problems("Bonjour !").len(), 1, "a plain space");
    assert_eq!(problems("Bonjour\u{a0}!").len(), 1, "a no-break space");
    assert_eq!(problems("Bonjour!").len(), 1, "no space");
    assert_eq!(problems("« Oui\u{202f}»").len(), 1, "a plain space after «");
    assert_eq!(
        problems("«\u{202f}Oui »").len(),
        1,
        "a plain space before »"
    );
}

/// The forms the one inclusive rule (locales/fr/main.ftl) replaces: doublets, `chargé·e·s`,
/// masculine-only titles, and the guide's "vis-à-vis" (now "en présentiel").
const NOT_THE_RULE: &[&str] = &[
    "le ou la ",
    "du ou de la ",
    "au ou à la ",
    "il ou elle",
    "ce ou cette ",
    "un ou une ",
    "chargé·e·s",
    "chargé de mission",
    "chargés de mission",
    "administrateurs",
    "vis-à-vis",
];

#[test]
fn every_french_message_follows_one_inclusive_rule() {
    let i18n = I18n::load().unwrap();
    let mut bad = Vec::new();
    for (id, vars) in &french_messages() {
        for text in renderings(&i18n, id, vars) {
            let lower = text.to_lowercase();
            for form in NOT_THE_RULE {
                if lower.contains(form) {
                    bad.push(format!("{id}: {form:?} in {text}"));
                }
            }
        }
    }
    bad.dedup();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let french = &readme[readme.find("## Pour les chargé·es de mission").unwrap()..];
    let french = french.split("\n## ").next().unwrap().to_lowercase();
    for form in NOT_THE_RULE {
        assert!(
            !french.contains(form),
            "{form:?} in the README's French section"
        );
    }
    assert!(
        problems(&prose_only(&french)).is_empty(),
        "{:?}",
        problems(&prose_only(&french))
    );
}

/// The README's prose: code spans (`/seance ouvrir`, `retention.days`) left out.
fn prose_only(markdown: &str) -> String {
    markdown.split('`').step_by(2).collect::<Vec<_>>().join("x")
}

#[test]
fn numbers_take_their_plural_through_fluent() {
    let i18n = I18n::load().unwrap();
    let done = |lang, n| {
        i18n.msg(
            lang,
            &Msg::new("migrate-done")
                .text("path", "suivi.db")
                .arg("count", Arg::Num(n)),
        )
    };
    assert_eq!(
        done(Lang::Fr, 0),
        "La base suivi.db est à jour (0 migration appliquée)."
    );
    assert_eq!(
        done(Lang::Fr, 1),
        "La base suivi.db est à jour (1 migration appliquée)."
    );
    assert_eq!(
        done(Lang::Fr, 2),
        "La base suivi.db est à jour (2 migrations appliquées)."
    );
    assert_eq!(
        done(Lang::En, 0),
        "Database suivi.db is up to date (0 migrations applied)."
    );
    assert_eq!(
        done(Lang::En, 1),
        "Database suivi.db is up to date (1 migration applied)."
    );
    // A count given as text by the adapters selects the same way.
    let late = |lang, n: &str| i18n.text_with(lang, "ops-unhealthy", &[("count", n)]);
    assert!(late(Lang::Fr, "1").contains("1 message est dû depuis"));
    assert!(late(Lang::Fr, "3").contains("3 messages sont dus depuis"));
    assert!(late(Lang::En, "1").contains("1 delivery has been due"));
}

#[test]
fn the_recap_review_reads_as_a_sentence() {
    let i18n = I18n::load().unwrap();
    let review = |lang, m: &str, c: &str| {
        i18n.msg(
            lang,
            &Msg::new("recap-review")
                .text("match", m)
                .text("continue", c),
        )
    };
    assert_eq!(
        review(Lang::Fr, "partly", "yes"),
        "Les attentes exprimées en début de séance ont été en partie satisfaites, et l’appui se poursuit."
    );
    assert_eq!(
        review(Lang::En, "no", "not_sure"),
        "The expectations stated at the start of the session were not met, and whether the support continues is still to be decided."
    );
    assert_eq!(
        review(Lang::Fr, "none", "none"),
        "Les attentes n’ont pas encore été passées en revue."
    );
}

#[test]
fn the_french_time_examples_are_written_like_the_dates_and_still_understood() {
    let i18n = I18n::load().unwrap();
    let now = crate::schedule::now();
    let mut checked = 0;
    for id in [
        "when-error-no-time",
        "when-error-unrecognised",
        "when-error-in-past",
    ] {
        let text = i18n.text(Lang::Fr, id);
        for quoted in text.split('«').skip(1) {
            let example = quoted.split('»').next().unwrap().trim_matches(NNBSP);
            if !example.contains(&format!("{NNBSP}h")) {
                continue;
            }
            assert!(!example.contains(":"), "{example}");
            let parsed = suivi::domain::when::parse_moment(example, now, chrono_tz::Europe::Paris);
            assert!(parsed.is_ok(), "{id}: {example:?} gives {parsed:?}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked}");
}
