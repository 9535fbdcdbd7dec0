//! What people type about time, in French and English, turned into domain values: a moment
//! ("mardi 10h", "tuesday 10am", "2026-12-01 14:30", "demain 9h") and a frequency ("toutes les
//! 2 semaines", "every 2 weeks").
//!
//! Parsing never guesses: a day without a time, a time without a day, a date that does not
//! exist or an instant in the past is a [`WhenError`], which maps to a Fluent message id so the
//! person gets a localised explanation with an example. Input is matched case- and
//! accent-insensitively; words such as "le", "à", "at", "on" and commas are ignored.
//!
//! This module is pure: "now" and the person's time zone are arguments, and a wall time is turned
//! into an instant only through [`resolve_local`](super::cadence::resolve_local) (the product's
//! DST policy). It must not read the clock or know about Discord.
//!
//! Parsing a moment runs in steps, one sub-module each: `words` normalises the text and holds
//! the vocabulary, `tokens` turns words into tokens, `moment` assembles the tokens and checks
//! them against the calendar. `frequency` reads rhythms.

mod frequency;
mod moment;
mod tokens;
mod words;

#[cfg(test)]
mod testing;

use super::cadence::Cadence;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use frequency::{frequency, Unit};
use moment::{assemble, resolve};
use tokens::tokenize;
use words::normalise;

/// How far ahead a moment may be.
pub const MAX_MONTHS_AHEAD: u32 = 24;

/// Why a date, time or frequency typed by a person was not accepted. Each variant has a Fluent
/// message id ([`WhenError::message_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    /// Nothing was typed.
    #[error("nothing was typed")]
    Empty,
    /// A day without a time ("mardi", "demain"): never guess the hour.
    #[error("a day was given without a time")]
    NoTime,
    /// A time without a day ("14h"): never guess the day.
    #[error("a time was given without a day")]
    NoDay,
    /// Not a date, time or frequency this parser knows.
    #[error("not a recognised date and time")]
    Unrecognised,
    /// The moment is already past.
    #[error("that moment is in the past")]
    InPast,
    /// The moment is more than [`MAX_MONTHS_AHEAD`] months ahead.
    #[error("that moment is too far ahead")]
    TooFar,
    /// A date or time that does not exist: "31 février", "2026-02-30", "25h", "13pm".
    #[error("that date or time does not exist")]
    InvalidDate,
    /// A weekday that contradicts the date ("lundi 3 décembre" when the 3rd is a Thursday).
    #[error("the weekday does not match the date")]
    WeekdayMismatch,
    /// Not a frequency this parser knows, or an interval out of range.
    #[error("not a recognised frequency")]
    BadFrequency,
}

impl WhenError {
    /// The Fluent message id explaining this error to the person, with an example.
    pub fn message_id(&self) -> &'static str {
        match self {
            WhenError::Empty => "when-error-empty",
            WhenError::NoTime => "when-error-no-time",
            WhenError::NoDay => "when-error-no-day",
            WhenError::Unrecognised => "when-error-unrecognised",
            WhenError::InPast => "when-error-in-past",
            WhenError::TooFar => "when-error-too-far",
            WhenError::InvalidDate => "when-error-invalid-date",
            WhenError::WeekdayMismatch => "when-error-weekday-mismatch",
            WhenError::BadFrequency => "when-error-bad-frequency",
        }
    }
}

/// A moment a person named: the wall time they meant, in their zone, and the instant it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The wall time as meant (before the DST policy: 02:30 on a spring-forward night stays
    /// 02:30 here). Use this as a [`super::cadence::Schedule`] anchor.
    pub local: NaiveDateTime,
    /// The person's time zone.
    pub tz: Tz,
    /// `resolve_local(local, tz)`.
    pub utc: DateTime<Utc>,
}

/// Parses a date and time typed by a person in time zone `tz`, at instant `now`.
///
/// Accepted: a weekday ("mardi 10h", "next tuesday 9:00": the next such day, 1 to 7 days ahead),
/// a relative day ("demain 9h", "today 6pm", "ce soir 8h" = 20:00), a dated day ("3 décembre
/// 14h30", "Dec 3 at 2:30pm", "01/12/2026 14h30", "1/12 14h", "2026-12-01T14:30"; day/month
/// order for slash dates; without a year, the next such date still to come). Times: "10h",
/// "10h30", "10:30", "10 heures", "10am", "2:30 pm", "midi", "noon", "minuit". A weekday next to a
/// date must match it.
pub fn parse_moment(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Moment, WhenError> {
    let words = normalise(input)?;
    let tokens = tokenize(&words)?;
    let parts = assemble(tokens)?;
    resolve(parts, now, tz)
}

/// Parses a frequency typed by a person: "toutes les 2 semaines", "tous les mois",
/// "hebdomadaire", "une semaine sur deux", "every other week", "fortnightly", "every 3 days".
///
/// French "tous les huit jours" and "tous les quinze jours" are the idioms for every week and
/// every two weeks (same weekday), and are read as such.
pub fn parse_cadence(input: &str) -> Result<Cadence, WhenError> {
    let words = normalise(input).map_err(|e| match e {
        WhenError::Empty => WhenError::Empty,
        _ => WhenError::BadFrequency,
    })?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let (unit, every) = frequency(&words).ok_or(WhenError::BadFrequency)?;
    let cadence = match (unit, every) {
        (Unit::FrenchDays, 8) => Cadence::weeks(1),
        (Unit::FrenchDays, 15) => Cadence::weeks(2),
        (Unit::Days | Unit::FrenchDays, n) => Cadence::days(n),
        (Unit::Weeks, n) => Cadence::weeks(n),
        (Unit::Months, n) => Cadence::months(n),
    };
    cadence.map_err(|_| WhenError::BadFrequency)
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::domain::cadence::resolve_local;
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;

    #[test]
    fn errors() {
        fails_with(&["", "   ", " , "], WhenError::Empty);
        fails_with(
            &[
                "mardi",
                "demain",
                "3 décembre",
                "2026-12-01",
                "next tuesday",
                "ce soir",
            ],
            WhenError::NoTime,
        );
        fails_with(&["14h", "10:30", "à midi", "2pm"], WhenError::NoDay);
        fails_with(
            &[
                "blah",
                "mardi 10",
                "tuesday at 10",
                "mardi mercredi 10h",
                "demain mardi prochain 10h",
                "next 10h",
                "décembre 14h",
                "10h 11h demain",
                "mar 10h",
                "tuesday pm",
                "mardi 10h5",
                "01-12-2026 10h",
            ],
            WhenError::Unrecognised,
        );
        fails_with(
            &[
                "aujourd'hui 8h",
                "today 9am",
                "2026-11-01 10:00",
                "ce matin 7h",
            ],
            WhenError::InPast,
        );
        fails_with(
            &["2029-01-01 10:00", "1 janvier 2030 10h"],
            WhenError::TooFar,
        );
        fails_with(
            &[
                "31 février 10h",
                "2026-02-30 10:00",
                "mardi 25h",
                "demain 24h",
                "demain 10h75",
                "demain 13pm",
                "tomorrow 0am",
                "32/01 10h",
                "1/13 10h",
                "29 février 10h",
            ],
            WhenError::InvalidDate,
        );
        fails_with(
            &["lundi 3 décembre 10h", "demain lundi 10h"],
            WhenError::WeekdayMismatch,
        );
        let long = "mardi ".repeat(100);
        fails_with(&[long.as_str()], WhenError::Unrecognised);
    }

    #[test]
    fn message_ids() {
        assert_eq!(WhenError::NoTime.message_id(), "when-error-no-time");
        assert_eq!(
            WhenError::BadFrequency.message_id(),
            "when-error-bad-frequency"
        );
        assert_eq!(
            WhenError::WeekdayMismatch.message_id(),
            "when-error-weekday-mismatch"
        );
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(input in "\\PC{0,300}", now in arb_now(), z in 0usize..5) {
            if let Ok(m) = parse_moment(&input, now, ZONES[z]) {
                prop_assert!(m.utc > now);
            }
            let _ = parse_cadence(&input);
        }

        #[test]
        fn never_panics_on_plausible_words(
            words in prop::collection::vec(prop::sample::select(vec![
                "mardi", "next", "prochain", "demain", "ce", "soir", "10h", "10", "h", "30", "am", "pm",
                "3", "décembre", "dec", "2026", "1er", "3rd", "midi", "14:30", "2026-12-01T14:30",
                "31/12", "29/02/2027", "99", "9999", "le", "à", "de", "l'après-midi", "du", "matin",
                "toutes", "les", "semaines", "every", "other", "week", "0", "00:00", "25h", "12pm",
            ]), 0..8),
            now in arb_now(),
        ) {
            let input = words.join(" ");
            if let Ok(m) = parse_moment(&input, now, Paris) {
                prop_assert!(m.utc > now);
                prop_assert_eq!(m.utc, resolve_local(m.local, Paris));
            }
            let _ = parse_cadence(&input);
        }
    }
}
