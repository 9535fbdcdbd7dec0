//! What people read, rendered from every message of every locale file in each way of writing
//! (French, American and British English), every variant of every selector: no parenthesis
//! opens inside another, and every date and time is written the reader's way.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use fluent_syntax::ast;
use suivi::domain::prompt::{Arg, Msg};
use suivi::i18n::{I18n, Lang};

use crate::ftl::{collect_pattern, Vars};

/// Every message of a locale folder (values only: attributes are command names and
/// descriptions), with its variables; `$style` is given by the renderer, not by the code.
fn messages(folder: &str) -> BTreeMap<String, Vars> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(folder);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let res = fluent_syntax::parser::parse(text.as_str()).unwrap();
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                if let Some(v) = &m.value {
                    let mut vars = Vars::new();
                    collect_pattern(v, &mut vars);
                    vars.remove("style");
                    out.insert(m.id.name.to_owned(), vars);
                }
            }
        }
    }
    out
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// Tuesday 1 December 2026, 14:30 in Paris: an afternoon, so AM/PM and 24 hours differ.
fn afternoon() -> DateTime<Utc> {
    chrono_tz::Europe::Paris
        .with_ymd_and_hms(2026, 12, 1, 14, 30, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A value like the one the code gives: an instant for what names a moment, a zone for a
/// zone, a number for what selects on numbers, a name otherwise.
fn sample(name: &str, key: Option<&str>) -> Arg {
    if let Some(key) = key {
        return match key.parse::<i64>() {
            Ok(n) => Arg::Num(n),
            Err(_) => Arg::Text(key.to_owned()),
        };
    }
    match name {
        "when" | "next" | "at" | "since" | "planned" | "first" => {
            Arg::When(afternoon(), chrono_tz::Europe::Paris)
        }
        "zone" => Arg::Zone(chrono_tz::Africa::Dakar),
        _ => Arg::Text("Claire".to_owned()),
    }
}

/// Every rendering of a message in `lang`: the plain one, then each selector on each of its
/// keys and on 0, 1, 2 and 21.
fn renderings(i18n: &I18n, lang: Lang, id: &str, vars: &Vars) -> Vec<String> {
    let render = |over: Option<(&str, &str)>| {
        let mut m = Msg::new(leak(id));
        for (name, keys) in vars {
            let value = match over {
                Some((n, k)) if n == name => sample(name, Some(k)),
                _ if !keys.is_empty() => sample(name, Some("2")),
                _ => sample(name, None),
            };
            m = m.arg(leak(name), value);
        }
        i18n.msg(lang, &m)
    };
    let mut out = vec![render(None)];
    for (name, keys) in vars {
        for key in keys.iter().map(String::as_str).chain(["0", "1", "2", "21"]) {
            out.push(render(Some((name, key))));
        }
    }
    out
}

/// Where a parenthesis opens inside another, or closes one never opened.
fn nesting(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut depth = 0i32;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => continue,
        }
        if !(0..=1).contains(&depth) {
            let from = i.saturating_sub(40);
            return Some(format!("…{}", chars[from..].iter().collect::<String>()));
        }
    }
    None
}

#[test]
fn no_message_nests_parentheses_in_any_language_or_style() {
    let i18n = I18n::load().unwrap();
    let mut bad = Vec::new();
    let mut count = 0;
    for (lang, folder) in [(Lang::Fr, "fr"), (Lang::En, "en-US"), (Lang::EnGb, "en-US")] {
        let all = messages(folder);
        // The texts that can stand for a rhythm or a date inside another message's
        // parentheses ("the rhythm agreed (every 2 weeks until 30 June 2027)").
        let inner: Vec<String> = all
            .iter()
            .filter(|(id, _)| id.starts_with("cadence-") || id.starts_with("date-"))
            .flat_map(|(id, vars)| renderings(&i18n, lang, id, vars))
            .collect();
        for (id, vars) in &all {
            for text in renderings(&i18n, lang, id, vars) {
                count += 1;
                if let Some(at) = nesting(&text) {
                    bad.push(format!("{} {id}: {at}", lang.code()));
                }
            }
        }
        for text in &inner {
            if text.contains('(') {
                bad.push(format!(
                    "{}: a rhythm or date with parentheses: {text}",
                    lang.code()
                ));
            }
        }
    }
    assert!(count > 1000, "{count}");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_check_finds_a_nested_parenthesis() {
    assert!(nesting("Paris time (Europe/Paris (UTC+1))").is_some());
    assert!(nesting("Paris time (Europe/Paris), (UTC+1)").is_none());
    assert!(nesting("a) b").is_some());
}

#[test]
fn every_date_a_british_reader_reads_is_day_first_on_24_hours() {
    let i18n = I18n::load().unwrap();
    let all = messages("en-US");
    let mut dated = 0;
    for (id, vars) in &all {
        if !vars
            .keys()
            .any(|v| matches!(sample(v, None), Arg::When(..)))
        {
            continue;
        }
        for (lang, said, unsaid) in [
            (
                Lang::EnGb,
                "Tuesday 1 December 2026 at 14:30",
                ["PM", "December 1"],
            ),
            (
                Lang::En,
                "Tuesday, December 1, 2026 at 2:30 PM",
                ["14:30", "1 December"],
            ),
        ] {
            for text in renderings(&i18n, lang, id, vars) {
                if !text.contains("2026") {
                    continue;
                }
                dated += 1;
                assert!(text.contains(said), "{} {id}: {text}", lang.code());
                for u in unsaid {
                    assert!(!text.contains(u), "{} {id}: {text}", lang.code());
                }
            }
        }
    }
    assert!(dated > 20, "{dated}");
}
