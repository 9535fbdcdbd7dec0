//! Ends of a rhythm: a last date ("jusqu'au 30 juin", "until June 30", "jusqu'à fin juin",
//! "jusqu'en juin" for the end of June), a number of exchanges ("pour 6 séances", "for 6
//! sessions", "8 fois") or a span from the first exchange ("pendant 3 mois", "for 3 months",
//! "pour un an").
//!
//! An end date without a year is the next such date still to come in the person's time zone;
//! one already past or more than [`Cadence::MAX_END_MONTHS`] months ahead is refused here,
//! where "now" is known. Counts and spans are checked by [`Cadence::with_end`]. This module
//! must not read the rule before the end: that is [`super::rhythm`].

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use super::moment::merge_month_dates;
use super::token::Tok;
use super::tokens::tokenize;
use super::words::{number_word, word_token};
use super::WhenError;
use crate::domain::cadence::{Cadence, End, Unit};

/// Words that open an end ("jusqu'au", "until", "pour", "pendant"…). "jusqu" is "jusqu'" typed
/// without its apostrophe; "d" opens "d'ici".
const OPENERS: &[&str] = &[
    "jusqu'au",
    "jusqu'a",
    "jusqu'aux",
    "jusqu'en",
    "jusqu",
    "until",
    "till",
    "til",
    "through",
    "thru",
    "d",
    "pour",
    "for",
    "sur",
    "pendant",
    "durant",
    "during",
    "over",
    "en",
];

/// Words that may stand between an opener and a count or span ("for the next 3 months").
const SMALL_WORDS: &[&str] = &[
    "les",
    "la",
    "le",
    "the",
    "next",
    "prochains",
    "prochaines",
    "prochain",
    "prochaine",
];

/// Whether an end may start at `words[i]`: an opener, or a number of exchanges ("6 fois").
pub(super) fn may_start(words: &[&str], i: usize) -> bool {
    OPENERS.contains(&words[i])
        || (number_word(words[i]).is_some() && words.get(i + 1).is_some_and(|w| session(w)))
}

/// The end `words` name: `None` if they are not an end; `Some(Err(_))` for an end date that
/// does not exist, is past or is too far.
pub(super) fn read_end(
    words: &[&str],
    now: DateTime<Utc>,
    tz: Tz,
) -> Option<Result<End, WhenError>> {
    let (opener, rest) = words.split_first()?;
    match *opener {
        "jusqu'au" | "jusqu'a" | "jusqu'aux" | "until" | "till" | "til" | "through" | "thru" => {
            end_date(rest, now, tz)
        }
        // "jusqu'en juin": through the end of June.
        "jusqu'en" => match rest {
            [month, year @ ..] if year.len() <= 1 => {
                end_date(&[&["fin", month][..], year].concat(), now, tz)
            }
            _ => None,
        },
        "jusqu" => match rest {
            ["au" | "a" | "aux", date @ ..] => end_date(date, now, tz),
            ["en", month, year @ ..] if year.len() <= 1 => {
                end_date(&[&["fin", month][..], year].concat(), now, tz)
            }
            _ => None,
        },
        "d" => match rest {
            ["ici", date @ ..] => end_date(date, now, tz),
            _ => None,
        },
        "pour" | "for" | "sur" | "pendant" | "durant" | "during" | "over" | "en" => {
            let rest: Vec<&str> = rest
                .iter()
                .copied()
                .filter(|w| !SMALL_WORDS.contains(w))
                .collect();
            count(&rest).or_else(|| span(&rest)).map(Ok)
        }
        _ => count(words).map(Ok),
    }
}

/// A word for an exchange: "séances", "sessions", "fois", "times", "rendez(-vous)"…
fn session(w: &str) -> bool {
    matches!(
        w,
        "seance"
            | "seances"
            | "session"
            | "sessions"
            | "echange"
            | "echanges"
            | "exchange"
            | "exchanges"
            | "rendez"
            | "rdv"
            | "fois"
            | "time"
            | "times"
            | "occurrence"
            | "occurrences"
            | "meeting"
            | "meetings"
            | "reunion"
            | "reunions"
            | "call"
            | "calls"
            | "appel"
            | "appels"
            | "entretien"
            | "entretiens"
            | "rencontre"
            | "rencontres"
    )
}

/// "6 séances", "six sessions", "8 fois en tout", "12 rendez-vous".
fn count(words: &[&str]) -> Option<End> {
    let words = match words {
        [w @ .., "en", "tout"] | [w @ .., "au", "total"] | [w @ .., "in", "total" | "all"] => w,
        w => w,
    };
    match words {
        [n, w] | [n, w @ "rendez", "vous"] if session(w) => Some(End::Count(number(n)?)),
        _ => None,
    }
}

/// "3 mois", "six semaines", "un an", "a year", "15 jours".
fn span(words: &[&str]) -> Option<End> {
    let (n, w) = match words {
        [n, w] => (number(n)?, *w),
        _ => return None,
    };
    let months = |k: u32| Some(End::For(Unit::Months, n.saturating_mul(k)));
    match w {
        // "pendant huit jours" and "pendant quinze jours" are one and two weeks.
        "jour" | "jours" if n == 8 || n == 15 => Some(End::For(Unit::Weeks, n / 7)),
        "jour" | "jours" | "day" | "days" => Some(End::For(Unit::Days, n)),
        "semaine" | "semaines" | "week" | "weeks" => Some(End::For(Unit::Weeks, n)),
        "mois" | "month" | "months" => months(1),
        "trimestre" | "trimestres" | "quarter" | "quarters" => months(3),
        "semestre" | "semestres" => months(6),
        "an" | "ans" | "annee" | "annees" | "year" | "years" => months(12),
        _ => None,
    }
}

/// A count: digits, a number word, or "a"/"an" in English ("for a year").
fn number(w: &str) -> Option<u32> {
    match w {
        "a" | "an" => Some(1),
        _ => number_word(w),
    }
}

/// An end date: "30 juin", "le 1er mars 2027", "June 30th, 2027", "30/06", "2027-06-30",
/// "fin juin", "the end of June".
fn end_date(words: &[&str], now: DateTime<Utc>, tz: Tz) -> Option<Result<End, WhenError>> {
    let today = now.with_timezone(&tz).date_naive();
    let (year, month, day) = match month_end(words) {
        Some((year, month)) => (year, month, None),
        None => {
            let owned: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            let tokens = merge_month_dates(tokenize(&owned).ok()?).ok()?;
            let mut date = None;
            let mut weekday = None;
            for tok in tokens {
                match tok {
                    Tok::Date { year, month, day } if date.is_none() => {
                        date = Some((year, month, day))
                    }
                    // A rhythm's end is read day first ("30/06"), whatever the reader.
                    Tok::SlashDate {
                        year,
                        first,
                        second,
                    } if date.is_none() => date = Some((year, second, first)),
                    Tok::Weekday(w) if weekday.is_none() => weekday = Some(w),
                    Tok::Filler => {}
                    _ => return None,
                }
            }
            let (year, month, day) = date?;
            (year, month, Some((day, weekday)))
        }
    };
    let exact = |y: i32| match day {
        Some((d, _)) => NaiveDate::from_ymd_opt(y, month, d),
        None => last_day_of(y, month),
    };
    let date = match year {
        Some(y) => exact(y),
        // The next such date to come (today included); a 29 February may be years away.
        None => (today.year()..=today.year() + 4)
            .filter_map(exact)
            .find(|d| *d >= today),
    };
    let Some(date) = date else {
        return Some(Err(WhenError::EndInvalidDate));
    };
    if let Some((_, Some(w))) = day {
        if w != date.weekday() {
            return Some(Err(WhenError::WeekdayMismatch));
        }
    }
    let max_months = Cadence::MAX_END_MONTHS;
    Some(if date < today {
        Err(WhenError::EndInPast { end: date })
    } else if today
        .checked_add_months(Months::new(max_months))
        .is_none_or(|limit| date > limit)
    {
        Err(WhenError::EndTooFar {
            end: date,
            max_months,
        })
    } else {
        Ok(End::Until(date))
    })
}

/// "fin juin", "fin juin 2027", "la fin de juin", "the end of June": (year, month).
fn month_end(words: &[&str]) -> Option<(Option<i32>, u32)> {
    let words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "la" | "l" | "the" | "de" | "du" | "of" | "mois"))
        .collect();
    let (month, year) = match words.as_slice() {
        ["fin" | "end", month] => (*month, None),
        ["fin" | "end", month, year] => (*month, Some(*year)),
        _ => return None,
    };
    let Some(Tok::Month(month)) = word_token(month) else {
        return None;
    };
    let year = match year {
        None => None,
        Some(y) if y.len() == 4 => Some(y.parse().ok()?),
        Some(_) => return None,
    };
    Some((year, month))
}

fn last_day_of(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    next.pred_opt()
}
