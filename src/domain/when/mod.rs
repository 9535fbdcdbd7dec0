//! What people type about time, in French and English, turned into domain values: a moment
//! ("mardi 10h", "tuesday 10am", "2026-12-01 14:30", "demain 9h") and a rhythm ("toutes les
//! 2 semaines", "every 2 weeks", "le dernier vendredi du mois jusqu'au 30 juin", "every month
//! for 6 sessions").
//!
//! Parsing never guesses: a day without a time, a time without a day, a date that does not
//! exist or an instant in the past is a [`WhenError`], which maps to a Fluent message id so the
//! person gets a localised explanation with an example. Input is matched case- and
//! accent-insensitively; words such as "le", "à", "at", "on" and commas are ignored.
//!
//! One rule for a typed date: it is understood or refused with its own message, never moved to
//! another day, month or year in silence. Without a year, a date is this year's; if that has
//! passed (earlier today or earlier this year), [`WhenError::Passed`] asks whether next year's
//! was meant. A numeric date ("12/10") is read in the person's [`DateOrder`], from their locale;
//! when the locale does not settle it and the two readings differ,
//! [`WhenError::AmbiguousDate`] names both.
//!
//! This module is pure: "now" and the person's time zone are arguments, and a wall time is turned
//! into an instant only through [`resolve_local`](super::cadence::resolve_local) (the product's
//! DST policy). It must not read the clock or know about Discord.
//!
//! Parsing a moment runs in steps, one sub-module each: `words` normalises the text and holds
//! the vocabulary, `tokens` turns words into tokens, `moment` assembles the tokens into parts
//! and `calendar` checks them against the calendar; `order` reads a locale's date order. A
//! rhythm is read by `rhythm`, which splits it into a rule read by `frequency` (every n days,
//! weeks, months) or `weekday` (the nth weekday of the month, or a weekly weekday) and an end
//! read by `ends`. `zones` names time zones by city. `error` holds [`WhenError`] and its
//! messages.

mod calendar;
mod ends;
mod error;
mod frequency;
mod moment;
mod order;
mod rhythm;
mod token;
mod tokens;
mod weekday;
mod words;
mod zones;

#[cfg(test)]
mod testing;

use super::cadence::Cadence;
use calendar::resolve;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use moment::assemble;
use tokens::tokenize;
use words::normalise;

pub use error::WhenError;
pub use order::DateOrder;
pub use rhythm::Rhythm;
pub use zones::{city_of, zone_choices, zone_named, City, CITIES};

/// How far ahead a moment may be.
pub const MAX_MONTHS_AHEAD: u32 = 24;

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
/// Slash dates are read day first ("1/12" is 1 December); see [`parse_moment_for`] for a
/// reader whose order is another or unknown.
pub fn parse_moment(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Moment, WhenError> {
    parse_moment_for(input, now, tz, DateOrder::DayFirst)
}

/// Parses a date and time typed by a person in time zone `tz`, at instant `now`, reading
/// numeric dates in the person's `order`.
///
/// Accepted: a weekday ("mardi 10h", "next tuesday 9:00", "Tuesday 10": the next such day, 1 to
/// 7 days ahead), a relative day ("demain 9h", "tomorrow 9", "today 6pm", "ce soir 8h" = 20:00,
/// "in two weeks at 10", "dans 15 jours à 10 h" = two weeks, "dans 2 mois 10h"), a day of next
/// month ("next month on the 3rd at 10am", "le 3 du mois prochain 10h"), a dated day ("3
/// décembre 14h30", "Dec 3 at 2:30pm", "01/12/2026 14h30", "12/10 10am", "2026-12-01T14:30").
/// Times: "10h", "10h30", "10:30", "10 heures", "10am", "2:30 pm", "midi", "noon", "minuit", or a
/// bare hour from 7 to 23 next to a day. A weekday next to a date must match it.
///
/// A day without a time ("in two weeks", "dans 15 jours") is refused with
/// [`WhenError::NoTime`]: the hour is asked, never taken from the clock. A date without a year
/// is this year's; if it has passed, [`WhenError::Passed`] suggests next year's (see
/// `calendar`). The [`Moment`] returned is what was understood (wall time and zone), for a
/// read-back.
pub fn parse_moment_for(
    input: &str,
    now: DateTime<Utc>,
    tz: Tz,
    order: DateOrder,
) -> Result<Moment, WhenError> {
    let words = normalise(input)?;
    let tokens = tokenize(&words)?;
    let parts = assemble(tokens)?;
    resolve(parts, now, tz, order)
}

/// Parses a rhythm typed by a person, at instant `now`, in time zone `tz` (for end dates):
///
/// - every n days, weeks or months: "toutes les 2 semaines", "tous les mois", "hebdomadaire",
///   "une semaine sur deux", "every other week", "fortnightly", "every 3 days" (French "tous
///   les huit jours" and "tous les quinze jours" are the idioms for every week and every two
///   weeks, and are read as such);
/// - the nth (1st to 4th) or last weekday of every n months: "le 2e mardi de chaque mois",
///   "tous les derniers vendredis du mois", "the last Friday of every month", "every first
///   Monday", "the first Monday of every other month";
/// - optionally followed by an end: "jusqu'au 30 juin", "until June 30" (a date without year is
///   the next one to come; the day is included), "pour 6 séances", "for 6 sessions", "8 fois",
///   "pendant 3 mois", "for 3 months" (from the first exchange).
///
/// A phrase understood but out of range gets its own error ([`WhenError::Cadence`],
/// [`WhenError::EndInPast`]…), never [`WhenError::BadFrequency`]. Whether an end date comes
/// before the first exchange is checked by
/// [`Schedule::try_new`](super::cadence::Schedule::try_new), once that exchange is known.
pub fn parse_cadence(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Cadence, WhenError> {
    rhythm::parse(input, now, tz).map(|r| r.cadence)
}

/// Parses a rhythm as [`parse_cadence`] does, keeping the weekday it names, if any: "tous les
/// mardis", "chaque mardi", "every Tuesday", "every other Tuesday", "toutes les 2 semaines le
/// mardi" are weekly (or every n weeks) rhythms on Tuesdays. The first exchange sets the day of
/// a weekly rhythm; [`Rhythm::on_rhythm`] says whether a typed first date falls on the weekday
/// named, and if not which date does, so the person can choose.
pub fn parse_rhythm(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Rhythm, WhenError> {
    rhythm::parse(input, now, tz)
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
                "mardi 3",
                "tuesday at 10 11",
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
            let _ = parse_cadence(&input, now, ZONES[z]);
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
            let _ = parse_cadence(&input, now, Paris);
        }
    }
}
