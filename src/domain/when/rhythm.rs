//! A whole rhythm as typed: a rule ("toutes les 2 semaines", "le dernier vendredi du mois"),
//! optionally followed by an end ("jusqu'au 30 juin", "pour 6 séances", "for 3 months").
//!
//! The phrase is first read whole as a rule; otherwise it is cut before each word that may open
//! an end, and the first cut where both sides are understood wins. A rule understood with an end
//! that is not gets [`WhenError::EndUnrecognised`], so the person learns which half to change.
//! This module only splits and assembles: the rule is read by `frequency` and `weekday`, the end
//! by `ends`.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

use super::ends::{may_start, read_end};
use super::frequency::{frequency, Unit};
use super::weekday::{monthly_weekday, weekly_weekday};
use super::words::normalise;
use super::WhenError;
use crate::domain::cadence::Cadence;

/// A rhythm as typed: its cadence and, for "every Tuesday", the weekday it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rhythm {
    pub cadence: Cadence,
    /// The weekday a weekly rhythm was named by ("tous les mardis"); `None` when the phrase
    /// named none ("every week") or is a weekday of the month (carried by the cadence).
    pub weekday: Option<Weekday>,
}

impl Rhythm {
    /// Whether a first exchange on `first` falls on the weekday named: `Ok(())` if so (or if
    /// none was named), else `Err` with the next date on that weekday after `first`, for the
    /// person to choose between the two.
    pub fn on_rhythm(&self, first: NaiveDate) -> Result<(), NaiveDate> {
        match self.weekday {
            Some(w) if w != first.weekday() => {
                let ahead =
                    (w.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7;
                Err(first
                    .checked_add_days(Days::new(ahead.into()))
                    .unwrap_or(first))
            }
            _ => Ok(()),
        }
    }
}

pub(super) fn parse(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Rhythm, WhenError> {
    let words = normalise(input).map_err(|e| match e {
        WhenError::Empty => WhenError::Empty,
        _ => WhenError::BadFrequency,
    })?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let negative = |w: &&str| {
        w.strip_prefix('-')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    if words.iter().any(negative) {
        return Err(WhenError::NegativeFrequency);
    }
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
            Some(end) => {
                return rule.and_then(|r| {
                    Ok(Rhythm {
                        cadence: r.cadence.with_end(end?)?,
                        ..r
                    })
                })
            }
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
fn read_rule(words: &[&str]) -> Option<Result<Rhythm, WhenError>> {
    let plain = |c: Result<Cadence, WhenError>| {
        c.map(|cadence| Rhythm {
            cadence,
            weekday: None,
        })
    };
    if let Some(rule) = monthly_weekday(words) {
        return Some(plain(rule));
    }
    if let Some((weeks, weekday)) = weekly_weekday(words) {
        return Some(
            Cadence::weeks(weeks)
                .map(|cadence| Rhythm {
                    cadence,
                    weekday: Some(weekday),
                })
                .map_err(WhenError::from),
        );
    }
    let cadence = match frequency(words)? {
        (Unit::FrenchDays, 8) => Cadence::weeks(1),
        (Unit::FrenchDays, 15) => Cadence::weeks(2),
        (Unit::Days | Unit::FrenchDays, n) => Cadence::days(n),
        (Unit::Weeks, n) => Cadence::weeks(n),
        (Unit::Months, n) => Cadence::months(n),
    };
    Some(plain(cadence.map_err(WhenError::from)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{now, DAYS_EN, DAYS_FR};
    use super::*;
    use crate::domain::cadence::{End, Nth, Unit};
    use chrono::{Datelike, Duration, Weekday};
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;

    const NTH: [Nth; 5] = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last];
    const RANK_FR: [&str; 5] = ["premier", "2e", "troisième", "4ème", "dernier"];
    const RANK_EN: [&str; 5] = ["first", "2nd", "third", "4th", "last"];
    const MONTH_FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const MONTH_EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    proptest! {
        /// A phrase composed from a cadence and an end, in either language, reads back as them.
        #[test]
        fn composed_phrases_read_back(
            kind in 0usize..4,
            n in 1u32..=12,
            nth in 0usize..5,
            day in 0usize..7,
            end in 0usize..4,
            k in 1u32..=36,
            ahead in 0i64..1000,
            french in any::<bool>(),
        ) {
            let weekday = Weekday::try_from(u8::try_from(day).unwrap()).unwrap();
            let (rule, cadence) = match (kind, french) {
                (0, true) => (format!("tous les {n} jours"), match n {
                    8 => Cadence::weeks(1),
                    _ => Cadence::days(n),
                }),
                (0, false) => (format!("every {n} days"), Cadence::days(n)),
                (1, true) => (format!("toutes les {n} semaines"), Cadence::weeks(n)),
                (1, false) => (format!("every {n} weeks"), Cadence::weeks(n)),
                (2, true) => (format!("tous les {n} mois"), Cadence::months(n)),
                (2, false) => (format!("every {n} months"), Cadence::months(n)),
                (_, true) => (
                    format!("le {} {} tous les {n} mois", RANK_FR[nth], DAYS_FR[day]),
                    Cadence::monthly_weekday(n, NTH[nth], weekday),
                ),
                (_, false) => (
                    format!("the {} {} of every {n} months", RANK_EN[nth], DAYS_EN[day]),
                    Cadence::monthly_weekday(n, NTH[nth], weekday),
                ),
            };
            let cadence = cadence.unwrap();
            let date = now().with_timezone(&Paris).date_naive() + Duration::days(ahead);
            let (m, y) = (date.month0() as usize, date.year());
            let (phrase, expected) = match (end, french) {
                (0, _) => (rule, cadence),
                (1, true) => (
                    format!("{rule} jusqu'au {} {} {y}", date.day(), MONTH_FR[m]),
                    cadence.with_end(End::Until(date)).unwrap(),
                ),
                (1, false) => (
                    format!("{rule} until {} {}, {y}", MONTH_EN[m], date.day()),
                    cadence.with_end(End::Until(date)).unwrap(),
                ),
                (2, true) => (format!("{rule} pour {k} séances"), cadence.with_end(End::Count(k)).unwrap()),
                (2, false) => (format!("{rule} for {k} sessions"), cadence.with_end(End::Count(k)).unwrap()),
                (_, true) => (
                    format!("{rule} pendant {k} mois"),
                    cadence.with_end(End::For(Unit::Months, k)).unwrap(),
                ),
                (_, false) => (
                    format!("{rule} for {k} months"),
                    cadence.with_end(End::For(Unit::Months, k)).unwrap(),
                ),
            };
            prop_assert_eq!(parse(&phrase, now(), Paris).map(|r| r.cadence), Ok(expected), "{}", phrase);
        }

        #[test]
        fn never_panics_on_rhythm_words(
            words in prop::collection::vec(prop::sample::select(vec![
                "le", "2e", "5e", "dernier", "mardi", "mardis", "de", "chaque", "mois", "tous",
                "les", "jusqu'au", "jusqu'en", "30", "juin", "2020", "fin", "pour", "6", "0",
                "séances", "fois", "pendant", "an", "the", "last", "friday", "of", "every",
                "month", "until", "june", "for", "sessions", "times", "a", "year", "weeks",
                "other", "semaines", "sur", "deux", "d'ici", "999999", "31/06", "2027-06-30",
            ]), 0..10),
        ) {
            let input = words.join(" ");
            if let Ok(r) = parse(&input, now(), Paris) {
                if let Some(End::Until(d)) = r.cadence.end() {
                    prop_assert!(d >= now().with_timezone(&Paris).date_naive());
                }
            }
        }
    }

    #[test]
    fn weekday_rhythms_are_weekly_and_keep_their_weekday() {
        use chrono::NaiveDate;
        let tuesdays = |weeks| Rhythm {
            cadence: Cadence::weeks(weeks).unwrap(),
            weekday: Some(Weekday::Tue),
        };
        for (typed, weeks) in [
            ("tous les mardis", 1),
            ("chaque mardi", 1),
            ("every Tuesday", 1),
            ("every tuesday", 1),
            ("on Tuesdays", 1),
            ("le mardi, toutes les semaines", 0),
            ("every week on Tuesday", 1),
            ("weekly on Tuesdays", 1),
            ("toutes les semaines le mardi", 1),
            ("every other Tuesday", 2),
            ("un mardi sur deux", 2),
            ("toutes les 2 semaines le mardi", 2),
        ] {
            let got = parse(typed, now(), Paris);
            if weeks == 0 {
                assert_eq!(got, Err(WhenError::BadFrequency), "{typed}");
            } else {
                assert_eq!(got, Ok(tuesdays(weeks)), "{typed}");
            }
        }
        let r = parse("every Tuesday until June 30", now(), Paris).unwrap();
        assert_eq!(r.weekday, Some(Weekday::Tue));
        assert_eq!(
            r.cadence.end(),
            Some(End::Until(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap()))
        );
        // A first date on another day: the next Tuesday is named, for the person to choose.
        let thursday = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(
            tuesdays(1).on_rhythm(thursday),
            Err(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap())
        );
        assert_eq!(
            tuesdays(1).on_rhythm(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()),
            Ok(())
        );
    }

    #[test]
    fn negative_rhythms_are_refused_not_read_as_positive() {
        for typed in [
            "every -3 weeks",
            "tous les -3 mois",
            "toutes les -2 semaines",
            "every \u{2212}3 days",
            "chaque -1 mois",
            "-3 weeks",
            "every month for -6 sessions",
        ] {
            assert_eq!(
                parse(typed, now(), Paris),
                Err(WhenError::NegativeFrequency),
                "{typed}"
            );
        }
        // Hyphens that join words or dates still do.
        assert!(parse("toutes les semaines jusqu'au 2027-06-30", now(), Paris).is_ok());
        assert!(parse("bi-weekly", now(), Paris).is_ok());
    }
}
