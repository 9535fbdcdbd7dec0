//! Weekdays of the month: "le 2e mardi de chaque mois", "tous les derniers vendredis du mois",
//! "the last Friday of every month", "every first Monday", "the first Monday of every other
//! month", "tous les 3 mois, le premier lundi".
//!
//! A rank ("2e", "deuxième", "second", "last") followed by a weekday ("mardi", "mardis",
//! "Tuesday") is looked for anywhere in the phrase; what is left, once the small words are
//! dropped, must say how many months apart ("de chaque mois", "every other month", nothing at
//! all). This module only reads words: the cadence is built and checked by
//! [`Cadence::monthly_weekday`].

use chrono::Weekday;

use super::words::number_word;
use super::WhenError;
use crate::domain::cadence::{Cadence, Nth};

/// A rank as typed: a number from the start of the month (not yet checked), or the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    Number(u32),
    Last,
}

/// Words that carry no meaning around a weekday of the month.
const SMALL_WORDS: &[&str] = &[
    "le", "la", "les", "l", "the", "on", "of", "de", "du", "d", "des", "in", "a", "au",
];

/// Words meaning "every" before a period.
const EVERY: &[&str] = &["chaque", "every", "each", "tous", "toutes", "tout"];

/// The cadence a weekday-of-the-month phrase names: `None` if the phrase has no rank followed
/// by a weekday, or if the rest is not a number of months; `Some(Err(_))` when it was
/// understood but cannot be (the 5th Tuesday, every 13 months).
pub(super) fn monthly_weekday(words: &[&str]) -> Option<Result<Cadence, WhenError>> {
    let i = (0..words.len().saturating_sub(1))
        .find(|&i| rank(words[i]).is_some() && weekday(words[i + 1]).is_some())?;
    let (rank, weekday) = (rank(words[i])?, weekday(words[i + 1])?);
    let rest: Vec<&str> = words[..i]
        .iter()
        .chain(&words[i + 2..])
        .copied()
        .filter(|w| !SMALL_WORDS.contains(w))
        .collect();
    let every = months_apart(&rest)?;
    let nth = match rank {
        Rank::Last => Ok(Nth::Last),
        Rank::Number(n) => Nth::from_number(n),
    };
    Some(
        nth.and_then(|nth| Cadence::monthly_weekday(every, nth, weekday))
            .map_err(WhenError::from),
    )
}

/// A weekly rhythm on a weekday: "tous les mardis", "chaque mardi", "every Tuesday", "on
/// Tuesdays", "every other Tuesday", "un mardi sur deux", "toutes les 2 semaines le mardi",
/// "weekly on Tuesdays": (weeks apart, weekday), or `None`.
pub(super) fn weekly_weekday(words: &[&str]) -> Option<(u32, Weekday)> {
    let every = |w: &&str| EVERY.contains(w);
    let (last, rest) = words.split_last()?;
    if let Some(day) = weekday(last) {
        let mut rest = rest;
        while let [init @ .., "le" | "les" | "on" | "the"] = rest {
            rest = init;
        }
        let weeks = match rest {
            // "every Tuesday", "chaque mardi", "tous les mardis", "on Tuesdays"
            [] if last.ends_with('s') => Some(1),
            [q] if every(q) => Some(1),
            // "every other Tuesday", "every 2 Tuesdays"
            [q, n] if every(q) && number_word(n).is_some() => number_word(n),
            // "every week on Tuesday", "toutes les 2 semaines le mardi", "weekly on Tuesdays"
            _ => match super::frequency::frequency(rest)? {
                (super::frequency::Unit::Weeks, n) => Some(n),
                _ => None,
            },
        };
        return weeks.map(|n| (n, day));
    }
    // "un mardi sur deux"
    match words {
        ["un" | "1", day, "sur", n] => Some((number_word(n)?, weekday(day)?)),
        _ => None,
    }
}

/// How many months a period word stands for: "mois" 1, "trimestre" 3, "semestre" 6.
fn period(w: &str) -> Option<u32> {
    match w {
        "mois" | "month" | "months" => Some(1),
        "trimestre" | "trimestres" | "quarter" | "quarters" => Some(3),
        "semestre" | "semestres" => Some(6),
        _ => None,
    }
}

/// The number of months between exchanges named by what surrounds the weekday, `None` if it
/// is not that.
fn months_apart(rest: &[&str]) -> Option<u32> {
    let every = |w: &&str| EVERY.contains(w);
    match rest {
        // "le 2e mardi", "every first Monday", "du mois", "de chaque mois", "every month"
        [] => Some(1),
        [q] if every(q) => Some(1),
        [w] => period(w).or_else(|| adjective(w)),
        [q, w] if every(q) => period(w),
        ["once", w] => period(w),
        ["une" | "1", "fois", "par", w] => period(w),
        // "tous les 2 mois", "every other month", "every 3 months"
        [q, n, w] if every(q) => Some(number_word(n)?.saturating_mul(period(w)?)),
        // "un mois sur deux"
        ["un" | "une" | "1", w, "sur", n] => Some(number_word(n)?.saturating_mul(period(w)?)),
        // "tous les premiers lundis de chaque mois": one "every" too many.
        [q, more @ ..] if every(q) && more.len() >= 2 => months_apart(more),
        _ => None,
    }
}

fn adjective(w: &str) -> Option<u32> {
    match w {
        "mensuel" | "mensuelle" | "mensuellement" | "monthly" => Some(1),
        "bimestriel" | "bimestrielle" => Some(2),
        "trimestriel" | "trimestrielle" | "quarterly" => Some(3),
        "semestriel" | "semestrielle" => Some(6),
        _ => None,
    }
}

/// "1er", "2e", "2ème", "2nd", "deuxième", "second", "dernier", "last"…
fn rank(w: &str) -> Option<Rank> {
    let n = match w {
        "premier" | "premiers" | "premiere" | "premieres" | "first" => 1,
        "deuxieme" | "deuxiemes" | "second" | "seconde" | "seconds" | "secondes" => 2,
        "troisieme" | "troisiemes" | "third" => 3,
        "quatrieme" | "quatriemes" | "fourth" => 4,
        "cinquieme" | "cinquiemes" | "fifth" => 5,
        "sixieme" | "sixth" => 6,
        "dernier" | "derniers" | "derniere" | "dernieres" | "last" => return Some(Rank::Last),
        _ => {
            const SUFFIXES: &[&str] = &[
                "er", "re", "ere", "e", "es", "eme", "emes", "ieme", "iemes", "nd", "st", "rd",
                "th",
            ];
            return SUFFIXES.iter().find_map(|s| {
                let digits = w.strip_suffix(s)?;
                let ok =
                    (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
                let n: u32 = digits.parse().ok().filter(|_| ok)?;
                (n > 0).then_some(Rank::Number(n))
            });
        }
    };
    Some(Rank::Number(n))
}

/// A weekday name, singular or plural, French or English.
fn weekday(w: &str) -> Option<Weekday> {
    use Weekday::*;
    let name = |w: &str| match w {
        "lundi" | "monday" | "mon" => Some(Mon),
        "mardi" | "tuesday" | "tue" | "tues" => Some(Tue),
        "mercredi" | "wednesday" | "wed" => Some(Wed),
        "jeudi" | "thursday" | "thu" | "thur" | "thurs" => Some(Thu),
        "vendredi" | "friday" | "fri" => Some(Fri),
        "samedi" | "saturday" | "sat" => Some(Sat),
        "dimanche" | "sunday" | "sun" => Some(Sun),
        _ => None,
    };
    name(w).or_else(|| name(w.strip_suffix('s')?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_weekdays() {
        for (w, r) in [
            ("1er", Rank::Number(1)),
            ("1re", Rank::Number(1)),
            ("2e", Rank::Number(2)),
            ("2eme", Rank::Number(2)),
            ("2nd", Rank::Number(2)),
            ("3rd", Rank::Number(3)),
            ("4th", Rank::Number(4)),
            ("5e", Rank::Number(5)),
            ("derniers", Rank::Last),
            ("premieres", Rank::Number(1)),
        ] {
            assert_eq!(rank(w), Some(r), "{w}");
        }
        for w in ["0e", "e", "123e", "2x", "mardi"] {
            assert_eq!(rank(w), None, "{w}");
        }
        assert_eq!(weekday("mardis"), Some(Weekday::Tue));
        assert_eq!(weekday("fridays"), Some(Weekday::Fri));
        assert_eq!(weekday("mois"), None);
    }
}
