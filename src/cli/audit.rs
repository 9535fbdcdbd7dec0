//! `suivi audit [--user ID] [--since DATE]`: who exported, erased or purged what, and when,
//! one sentence a line in the operator's language ("vendredi 4 décembre 2026 à 14:05, heure de
//! Paris — export des données de la personne 502, par l’opérateur·rice…"), never the content.

use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::operator::{store_failed, Out, BAD_INPUT};
use crate::domain::prompt::{Arg, Msg};
use crate::i18n::{I18n, Lang};
use crate::store::Store;

/// One line of the audit table: (at, actor, action, subject, detail).
type Row = (String, Option<i64>, String, Option<i64>, String);

/// Prints the audit lines, newest first; dates in `tz`.
pub async fn audit(
    i18n: &I18n,
    lang: Lang,
    tz: Tz,
    path: &Path,
    user: Option<u64>,
    since: Option<&str>,
) -> ExitCode {
    let since = match since.map(parse_since) {
        Some(Some(t)) => Some(t),
        Some(None) => {
            eprintln!("{}", i18n.text(lang, "ops-bad-since"));
            return ExitCode::from(BAD_INPUT);
        }
        None => None,
    };
    let store = match Store::open_read(path, false).await {
        Ok(s) => s,
        Err(e) => return store_failed(i18n, lang, &e),
    };
    let lines = store.audit_lines(user, since).await;
    store.close().await;
    let lines = match lines {
        Ok(l) => l,
        Err(e) => return store_failed(i18n, lang, &e),
    };
    if lines.is_empty() {
        return match Out.line(&i18n.text(lang, "ops-audit-empty")) {
            Ok(()) => ExitCode::SUCCESS,
            Err(stop) => stop.0,
        };
    }
    for row in &lines {
        if let Err(stop) = Out.line(&line(i18n, lang, row, tz)) {
            return stop.0;
        }
    }
    ExitCode::SUCCESS
}

/// One audit line as a sentence: when, what, about whom, by whom, and its figures.
fn line(i18n: &I18n, lang: Lang, (at, actor, action, subject, detail): &Row, tz: Tz) -> String {
    let when = DateTime::parse_from_rfc3339(at)
        .map(|t| Arg::When(t.with_timezone(&Utc), tz))
        .unwrap_or_else(|_| Arg::Text(at.clone()));
    let by = match (actor, action.as_str()) {
        (None, "purge") => "retention",
        (None, _) => "operator",
        (Some(a), _) if Some(*a) == *subject => "self",
        (Some(_), _) => "other",
    };
    let figure = |key: &str| {
        detail
            .split_whitespace()
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let id = match action.as_str() {
        "export" => "ops-audit-export",
        "erase" => "ops-audit-erase",
        "purge" => "ops-audit-purge",
        _ => "ops-audit-other",
    };
    let shown = |p: &Option<i64>| p.map_or_else(|| "-".to_owned(), |p| p.to_string());
    let who = Msg::new("ops-audit-by")
        .text("by", by)
        .text("actor", shown(actor));
    let msg = Msg::new(id)
        .arg("when", when)
        .text("who", i18n.msg(lang, &who))
        .text("subject", shown(subject))
        .text("action", action.clone())
        .text("detail", detail.clone())
        .arg("sections", Arg::Num(figure("sections")))
        .arg("supports", Arg::Num(figure("supports")))
        .arg("deliveries", Arg::Num(figure("deliveries")))
        .arg("support", Arg::Num(figure("support")));
    i18n.msg(lang, &msg)
}

/// "2027-01-31" or an RFC 3339 instant.
fn parse_since(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}
