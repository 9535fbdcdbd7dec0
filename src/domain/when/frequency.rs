//! Frequencies: the (unit, interval) named by a rhythm such as "toutes les 2 semaines",
//! "une semaine sur deux", "every other week" or "fortnightly".
//!
//! This module only reads words; turning the result into a
//! [`Cadence`](crate::domain::cadence::Cadence) (and the French idioms "huit jours" and "quinze
//! jours") is [`super::parse_cadence`]. It must not know about dates or times of day.

use super::words::number_word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Days,
    /// "jours": kept apart for the French idioms "huit jours" (a week) and "quinze jours".
    FrenchDays,
    Weeks,
    Months,
}

fn unit_word(w: &str) -> Option<Unit> {
    match w {
        "jour" | "jours" => Some(Unit::FrenchDays),
        "day" | "days" => Some(Unit::Days),
        "semaine" | "semaines" | "week" | "weeks" => Some(Unit::Weeks),
        "mois" | "month" | "months" => Some(Unit::Months),
        _ => None,
    }
}

/// The (unit, interval) a frequency phrase names, or `None`.
pub(super) fn frequency(words: &[&str]) -> Option<(Unit, u32)> {
    let adjective = match words.join(" ").as_str() {
        "quotidien" | "quotidienne" | "journalier" | "journaliere" | "daily" => {
            Some((Unit::Days, 1))
        }
        "hebdomadaire" | "hebdo" | "weekly" => Some((Unit::Weeks, 1)),
        "fortnightly" | "biweekly" | "bi weekly" => Some((Unit::Weeks, 2)),
        "mensuel" | "mensuelle" | "monthly" => Some((Unit::Months, 1)),
        "bimestriel" | "bimestrielle" => Some((Unit::Months, 2)),
        "trimestriel" | "trimestrielle" | "quarterly" => Some((Unit::Months, 3)),
        "semestriel" | "semestrielle" => Some((Unit::Months, 6)),
        _ => None,
    };
    if adjective.is_some() {
        return adjective;
    }
    match words {
        // "une fois par semaine", "once a week", "once every two weeks"
        ["une" | "1", "fois", rest @ ..] | ["once", rest @ ..] => match rest {
            ["par" | "a" | "per", unit] => Some((unit_word(unit)?, 1)),
            _ => frequency(rest),
        },
        // "une semaine sur deux", "un mois sur trois"
        ["un" | "une" | "1", unit, "sur", n] => Some((unit_word(unit)?, number_word(n)?)),
        // "tous les 15 jours", "toutes les semaines", "chaque mois", "every other week"
        ["tous" | "toutes", "les", rest @ ..] | ["chaque" | "every" | "each", rest @ ..] => {
            match rest {
                [unit] => Some((unit_word(unit)?, 1)),
                [n, unit] => Some((unit_word(unit)?, number_word(n)?)),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::now;
    use super::super::{parse_cadence, WhenError};
    use crate::domain::cadence::{Cadence, CadenceError, Unit};
    use chrono_tz::Europe::Paris;

    #[test]
    fn frequencies() {
        let days = |n| Cadence::days(n).unwrap();
        let weeks = |n| Cadence::weeks(n).unwrap();
        let months = |n| Cadence::months(n).unwrap();
        let cases: &[(&[&str], Cadence)] = &[
            (
                &[
                    "toutes les semaines",
                    "chaque semaine",
                    "hebdomadaire",
                    "every week",
                    "weekly",
                    "Une fois par semaine",
                    "once a week",
                    "tous les 8 jours",
                    "each week",
                ],
                Cadence::WEEKLY,
            ),
            (
                &[
                    "toutes les 2 semaines",
                    "toutes les deux semaines",
                    "tous les 15 jours",
                    "tous les quinze jours",
                    "une semaine sur deux",
                    "every 2 weeks",
                    "every two weeks",
                    "fortnightly",
                    "biweekly",
                    "bi-weekly",
                    "every other week",
                    "once every two weeks",
                ],
                Cadence::BIWEEKLY,
            ),
            (
                &[
                    "tous les mois",
                    "chaque mois",
                    "mensuel",
                    "Mensuelle",
                    "every month",
                    "monthly",
                    "une fois par mois",
                    "once a month",
                ],
                Cadence::MONTHLY,
            ),
            (
                &[
                    "tous les 2 mois",
                    "every two months",
                    "bimestriel",
                    "un mois sur deux",
                ],
                months(2),
            ),
            (
                &["trimestriel", "quarterly", "tous les trois mois"],
                months(3),
            ),
            (&["every 3 days", "every three days"], days(3)),
            (&["every 15 days", "every fifteen days"], days(15)),
            (&["tous les 10 jours", "tous les dix jours"], days(10)),
            (
                &["tous les jours", "every day", "daily", "quotidien"],
                days(1),
            ),
            (
                &["toutes les douze semaines", "every twelve weeks"],
                weeks(12),
            ),
        ];
        for (inputs, expected) in cases {
            for input in *inputs {
                assert_eq!(
                    parse_cadence(input, now(), Paris),
                    Ok(*expected),
                    "{input:?}"
                );
                assert_eq!(
                    Cadence::parse(input, now(), Paris),
                    Ok(*expected),
                    "{input:?}"
                );
            }
        }
        assert_eq!(parse_cadence("  ", now(), Paris), Err(WhenError::Empty));
        for bad in [
            "sometimes",
            "bimensuel",
            "twice a week",
            "every week on the moon",
            "semaine",
            "every",
            "mardi 10h",
        ] {
            assert_eq!(
                parse_cadence(bad, now(), Paris),
                Err(WhenError::BadFrequency),
                "{bad:?}"
            );
        }
        let range = |unit, every, max| {
            Err(WhenError::Cadence(CadenceError::OutOfRange {
                unit,
                every,
                max,
            }))
        };
        for (bad, expected) in [
            ("every 0 weeks", Err(WhenError::Cadence(CadenceError::Zero))),
            ("toutes les 53 semaines", range(Unit::Weeks, 53, 52)),
            ("every 13 months", range(Unit::Months, 13, 12)),
            ("tous les 400 jours", range(Unit::Days, 400, 365)),
            ("tous les 123456 jours", range(Unit::Days, 123_456, 365)),
        ] {
            assert_eq!(parse_cadence(bad, now(), Paris), expected, "{bad:?}");
        }
    }
}
