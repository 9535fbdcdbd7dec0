//! A whole rhythm as typed: a rule ("toutes les 2 semaines", "le dernier vendredi du mois"),
//! optionally followed by an end ("jusqu'au 30 juin", "pour 6 séances", "for 3 months").
//!
//! The phrase is first read whole as a rule; otherwise it is cut before each word that may open
//! an end, and the first cut where both sides are understood wins. A rule understood with an end
//! that is not gets [`WhenError::EndUnrecognised`], so the person learns which half to change.
//! This module only splits and assembles: the rule is read by `frequency` and `weekday`, the end
//! by `ends`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::ends::{may_start, read_end};
use super::frequency::{frequency, Unit};
use super::weekday::monthly_weekday;
use super::words::normalise;
use super::WhenError;
use crate::domain::cadence::Cadence;

pub(super) fn parse(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Cadence, WhenError> {
    let words = normalise(input).map_err(|e| match e {
        WhenError::Empty => WhenError::Empty,
        _ => WhenError::BadFrequency,
    })?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if let Some(rule) = read_rule(&words) {
        return rule;
    }
    let mut rule_without_end = None;
    for i in 1..words.len() {
        if !may_start(&words, i) {
            continue;
        }
        let Some(rule) = read_rule(&words[..i]) else {
            continue;
        };
        match read_end(&words[i..], now, tz) {
            Some(end) => return rule.and_then(|c| Ok(c.with_end(end?)?)),
            None => {
                rule_without_end.get_or_insert(rule);
            }
        }
    }
    match rule_without_end {
        Some(Err(e)) => Err(e),
        Some(Ok(_)) => Err(WhenError::EndUnrecognised),
        None => Err(WhenError::BadFrequency),
    }
}

/// The rule `words` name: `None` if they are not a rule; `Some(Err(_))` for one understood but
/// out of range.
fn read_rule(words: &[&str]) -> Option<Result<Cadence, WhenError>> {
    if let Some(rule) = monthly_weekday(words) {
        return Some(rule);
    }
    let cadence = match frequency(words)? {
        (Unit::FrenchDays, 8) => Cadence::weeks(1),
        (Unit::FrenchDays, 15) => Cadence::weeks(2),
        (Unit::Days | Unit::FrenchDays, n) => Cadence::days(n),
        (Unit::Weeks, n) => Cadence::weeks(n),
        (Unit::Months, n) => Cadence::months(n),
    };
    Some(cadence.map_err(WhenError::from))
}
