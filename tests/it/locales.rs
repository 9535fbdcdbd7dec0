//! Locale parity, plural rules, and every message the code names exists.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use suivi::domain::agreement::{Choice, Continue, Frequency, Match, Means, RecapAction, Relay};
use suivi::domain::prompt::{Arg, Msg};
use suivi::i18n::{I18n, Lang};

type Vars = BTreeMap<String, BTreeSet<String>>;

fn collect_pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            collect_expr(expression, out);
        }
    }
}

fn collect_expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, out);
            for v in variants {
                collect_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => collect_inline(i, out),
    }
}

fn collect_inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => collect_expr(expression, out),
        _ => {}
    }
}

fn messages(lang: &str) -> Vars {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = Vars::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let res = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, e)| panic!("{path:?}: {e:?}"));
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(v) = &m.value {
                    collect_pattern(v, &mut vars);
                }
                assert!(
                    out.insert(m.id.name.to_owned(), vars).is_none(),
                    "{} defined twice in {lang}",
                    m.id.name
                );
                for a in &m.attributes {
                    let mut vars = BTreeSet::new();
                    collect_pattern(&a.value, &mut vars);
                    out.insert(format!("{}.{}", m.id.name, a.id.name), vars);
                }
            }
        }
    }
    out
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_variables() {
    let en = messages("en-US");
    let fr = messages("fr");
    let only_en: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    let only_fr: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing in fr: {only_en:?}");
    assert!(only_fr.is_empty(), "missing in en-US: {only_fr:?}");
    let differ: Vec<_> = en
        .iter()
        .filter(|(k, v)| fr.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert!(differ.is_empty(), "variables differ: {differ:?}");
    assert!(en.len() > 150, "{}", en.len());
}

#[test]
fn every_message_the_code_names_exists() {
    let i18n = I18n::load().unwrap();
    let mut ids: Vec<String> = Vec::new();
    fn choices<C: Choice>(ids: &mut Vec<String>) {
        ids.extend(C::ALL.iter().map(|c| c.label_id()));
    }
    choices::<Match>(&mut ids);
    choices::<Continue>(&mut ids);
    choices::<Relay>(&mut ids);
    choices::<Frequency>(&mut ids);
    choices::<Means>(&mut ids);
    choices::<RecapAction>(&mut ids);
    ids.extend((1..=7).map(|d| format!("weekday-{d}")));
    ids.extend((1..=12).map(|m| format!("month-{m}")));
    // Ids written literally in the sources.
    let re_like = |s: &str| {
        s.len() > 3
            && s.contains('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
    };
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for lit in text.split('"').skip(1).step_by(2) {
                let prefixes = [
                    "closing-",
                    "opening-",
                    "recap-",
                    "answer-",
                    "when-",
                    "config-",
                    "console-",
                    "check-",
                    "desk-",
                    "choice-",
                    "control-",
                    "cmd-",
                    "discord-",
                    "plan-",
                    "settings-",
                    "setup-",
                    "help-",
                ];
                if re_like(lit)
                    && prefixes.iter().any(|p| lit.starts_with(p))
                    && !lit.ends_with('-')
                {
                    ids.push(lit.to_owned());
                }
            }
        }
    }
    let missing: Vec<_> = ids
        .iter()
        .filter(|id| Lang::ALL.iter().any(|l| !i18n.has(*l, id)))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn french_zero_takes_the_singular_and_english_the_plural() {
    let i18n = I18n::load().unwrap();
    let failed = |lang, n| i18n.msg(lang, &Msg::new("check-failed").arg("count", Arg::Num(n)));
    assert_eq!(failed(Lang::Fr, 0), "0 problème trouvé.");
    assert_eq!(failed(Lang::Fr, 1), "1 problème trouvé.");
    assert_eq!(failed(Lang::Fr, 2), "2 problèmes trouvés.");
    assert_eq!(failed(Lang::En, 0), "0 problems found.");
    assert_eq!(failed(Lang::En, 1), "One problem found.");
    let weeks = |lang, n| i18n.msg(lang, &Msg::new("cadence-weeks").arg("count", Arg::Num(n)));
    assert_eq!(weeks(Lang::Fr, 1), "chaque semaine");
    assert_eq!(weeks(Lang::En, 3), "every 3 weeks");
}

#[test]
fn output_carries_no_bidi_isolation_marks() {
    let i18n = I18n::load().unwrap();
    let msg =
        suivi::domain::prompt::Msg::new("recap-next-step").text("text", "Rédiger la convention");
    for lang in Lang::ALL {
        let s = i18n.msg(*lang, &msg);
        assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
        assert!(s.ends_with("Rédiger la convention"));
    }
}
