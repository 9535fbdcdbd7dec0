//! Words to tokens: each normalised word (or phrase) becomes a token such as a weekday, a month,
//! a number, a clock time ("14h30", "2pm") or a written date ("01/12/2026", "2026-12-01T14:30").
//!
//! Tokens are not yet validated: "25h" is a clock token here and is refused later. This module
//! must not join tokens ("10 h 30", "3 décembre") or look at the calendar; that is
//! [`super::moment`].

use super::token::{Clock, Meridiem, Tok};
use super::words::{digits, number_word, word_token, PHRASES};
use super::WhenError;

pub(super) fn tokenize(words: &[String]) -> Result<Vec<Tok>, WhenError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        for (phrase, tok) in PHRASES {
            let matches = words.len() - i >= phrase.len()
                && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w);
            if matches {
                tokens.push(*tok);
                i += phrase.len();
                continue 'words;
            }
        }
        if let Some((tok, len)) = ahead(&words[i..])? {
            tokens.push(tok);
            i += len;
            continue;
        }
        let w = words[i].as_str();
        match word_token(w) {
            Some(Tok::Filler) => {}
            Some(tok) => tokens.push(tok),
            None => tokens.extend(numeric_word(w).ok_or(WhenError::Unrecognised)?),
        }
        i += 1;
    }
    Ok(tokens)
}

/// "in two weeks", "dans 15 jours", "in 3 months": a day offset (or months ahead) and how many
/// words it took; `Ok(None)` if the words do not start so. The French idioms "dans 8 jours"
/// and "dans 15 jours" mean one and two weeks, as "tous les 15 jours" does for a rhythm.
fn ahead(words: &[String]) -> Result<Option<(Tok, usize)>, WhenError> {
    let [opener, n, unit, ..] = words else {
        return Ok(None);
    };
    if !matches!(opener.as_str(), "in" | "dans") {
        return Ok(None);
    }
    let n = match n.as_str() {
        "a" | "an" => 1,
        other => match number_word(other) {
            Some(n) => n,
            None => return Ok(None),
        },
    };
    let days = |per: u32| {
        n.checked_mul(per)
            .filter(|d| *d <= 3 * 366)
            .map(|d| Some((Tok::DayOffset(d, None), 3)))
            .ok_or(WhenError::TooFar)
    };
    match unit.as_str() {
        "jour" | "jours" if n == 8 => Ok(Some((Tok::DayOffset(7, None), 3))),
        "jour" | "jours" if n == 15 => Ok(Some((Tok::DayOffset(14, None), 3))),
        "jour" | "jours" | "day" | "days" => days(1),
        "semaine" | "semaines" | "week" | "weeks" => days(7),
        "mois" | "month" | "months" => Ok(Some((Tok::MonthsAhead(n), 3))),
        _ => Ok(None),
    }
}

/// "14h30", "10:30", "2pm", "10:30am", "14:30:00": a clock time, or `None`.
fn clock_word(w: &str) -> Option<Clock> {
    let (body, meridiem) = match w.strip_suffix("am") {
        Some(b) => (b, Some(Meridiem::Am)),
        None => match w.strip_suffix("pm") {
            Some(b) => (b, Some(Meridiem::Pm)),
            None => (w, None),
        },
    };
    let make = |hour, minute, open_minutes| Clock {
        hour,
        minute,
        meridiem,
        open_minutes,
    };
    if let Some((h, m)) = body.split_once('h') {
        let hour = digits(h, 1..=2)?;
        return match m {
            "" => Some(make(hour, 0, meridiem.is_none())),
            _ => Some(make(hour, digits(m, 2..=2)?, false)),
        };
    }
    let mut parts = body.split(':');
    let hour = digits(parts.next()?, 1..=2)?;
    let clock = match parts.next() {
        None if meridiem.is_some() => make(hour, 0, false),
        None => return None,
        Some(m) => make(hour, digits(m, 2..=2)?, false),
    };
    match parts.next() {
        None => Some(clock),
        Some(s) if digits(s, 2..=2)? <= 59 && parts.next().is_none() => Some(clock),
        Some(_) => None,
    }
}

/// "2026-12-01", "01/12/2026", "1/12", "2026/12/01": a date, or `None`.
fn date_word(w: &str) -> Option<Tok> {
    let date = |year, month, day| Some(Tok::Date { year, month, day });
    let parts: Vec<&str> = w.split(['-', '/']).collect();
    let sep_is = |c: char| w.contains(c);
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => date(
            Some(i32::try_from(digits(y, 4..=4)?).ok()?),
            digits(m, 1..=2)?,
            digits(d, 1..=2)?,
        ),
        [a, b, y] if sep_is('/') && !sep_is('-') => {
            let year = match y.len() {
                2 => 2000 + digits(y, 2..=2)?,
                _ => digits(y, 4..=4)?,
            };
            Some(Tok::SlashDate {
                year: Some(i32::try_from(year).ok()?),
                first: digits(a, 1..=2)?,
                second: digits(b, 1..=2)?,
            })
        }
        [a, b] if sep_is('/') => Some(Tok::SlashDate {
            year: None,
            first: digits(a, 1..=2)?,
            second: digits(b, 1..=2)?,
        }),
        _ => None,
    }
}

/// A word made of digits: a number, an ordinal, a clock time, a date, or an ISO date-time.
fn numeric_word(w: &str) -> Option<Vec<Tok>> {
    if let Some(n) = digits(w, 1..=9) {
        return Some(vec![Tok::Num(n, w.len())]);
    }
    for suffix in ["er", "ere", "re", "st", "nd", "rd", "th", "e", "eme"] {
        if let Some(n) = w.strip_suffix(suffix).and_then(|n| digits(n, 1..=2)) {
            return Some(vec![Tok::Ordinal(n)]);
        }
    }
    if let Some(c) = clock_word(w) {
        return Some(vec![Tok::Clock(c)]);
    }
    if let Some((d, t)) = w.split_once('t') {
        let time =
            clock_word(t).filter(|c| c.meridiem.is_none() && !c.open_minutes && t.contains(':'))?;
        return Some(vec![date_word(d)?, Tok::Clock(time)]);
    }
    date_word(w).map(|d| vec![d])
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{parse_moment, parse_moment_for, DateOrder, WhenError};
    use chrono::{Duration, NaiveDate, Timelike};
    use chrono_tz::Europe::Paris;

    #[test]
    fn numeric_dates_in_the_readers_order() {
        let read = |input: &str, order| parse_moment_for(input, now(), Paris, order);
        let on = |s: &str| Ok(local(s));
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let ambiguous = |(y, m, d), (y2, m2, d2)| {
            Err(WhenError::AmbiguousDate {
                day_first: date(y, m, d),
                month_first: date(y2, m2, d2),
            })
        };
        use DateOrder::{DayFirst, MonthFirst, Unknown};
        for (input, order, want) in [
            ("12/12 10h", Unknown, on("2026-12-12 10:00")),
            ("12/10/2027 10:00", DayFirst, on("2027-10-12 10:00")),
            ("12/10/2027 10am", MonthFirst, on("2027-12-10 10:00")),
            ("12/10 10am", MonthFirst, on("2026-12-10 10:00")),
            ("12/31 10am", Unknown, on("2026-12-31 10:00")),
            ("31/12 10am", Unknown, on("2026-12-31 10:00")),
            ("12/31 10am", DayFirst, Err(WhenError::InvalidDate)),
            ("31/12 10am", MonthFirst, Err(WhenError::InvalidDate)),
            (
                "12/10 10am",
                Unknown,
                ambiguous((2026, 10, 12), (2026, 12, 10)),
            ),
            (
                "1/2/2027 9am",
                Unknown,
                ambiguous((2027, 2, 1), (2027, 1, 2)),
            ),
        ] {
            let got = read(input, order).map(|m| m.local);
            assert_eq!(got, want, "{input} read {order:?}");
        }
        // ISO dates and dates with a month name are the same for every reader.
        for order in [
            DateOrder::DayFirst,
            DateOrder::MonthFirst,
            DateOrder::Unknown,
        ] {
            assert_eq!(
                read("2026-12-10 10:00", order).map(|m| m.local),
                on("2026-12-10 10:00")
            );
            assert_eq!(
                read("10 December 10am", order).map(|m| m.local),
                on("2026-12-10 10:00")
            );
        }
    }
    use proptest::prelude::*;

    #[test]
    fn dated_days() {
        parses_to(
            &[
                "2026-12-01 14:30",
                "2026-12-01T14:30",
                "2026-12-01 14h30",
                "01/12/2026 14h30",
                "1/12/26 14:30",
                "le 1er décembre à 14h30",
                "1 dec 14:30",
            ],
            "2026-12-01 14:30",
        );
        parses_to(&["1/12 14h", "01/12 à 14h"], "2026-12-01 14:00");
        parses_to(
            &[
                "3 décembre 14h",
                "le 3 décembre à 14h",
                "December 3 2pm",
                "3 December 14:00",
                "Dec 3 at 2pm",
                "dec. 3rd, 2026 at 2 pm",
                "jeudi 3 décembre 14h",
            ],
            "2026-12-03 14:00",
        );
        parses_to(
            &[
                "le 3 décembre à 14h30",
                "Dec 3 at 2:30pm",
                "DÉCEMBRE 3 14H30",
            ],
            "2026-12-03 14:30",
        );
        // Without a year, this year's date; one already past is asked about, never moved.
        fails_with(
            &["15/11 10h", "15 novembre 10h"],
            WhenError::Passed {
                typed: local("2026-11-15 10:00"),
                suggestion: NaiveDate::from_ymd_opt(2027, 11, 15).unwrap(),
            },
        );
        parses_to(&["17/11 10h"], "2026-11-17 10:00");
        fails_with(
            &["17/11 8h", "le 17 novembre à 8h", "November 17 8am"],
            WhenError::Passed {
                typed: local("2026-11-17 08:00"),
                suggestion: NaiveDate::from_ymd_opt(2027, 11, 17).unwrap(),
            },
        );
        // With a year, a past date is simply past.
        fails_with(&["15/11/2026 10h"], WhenError::InPast);
        parses_to(
            &["14 février 2027 9h", "February 14th 2027 9am"],
            "2027-02-14 09:00",
        );
    }

    proptest! {
        #[test]
        fn iso_datetimes_round_trip(now in arb_now(), ahead in 3i64 * 3600..86_400 * 700, z in 0usize..5, t in any::<bool>()) {
            let tz = ZONES[z];
            let wanted = (now + Duration::seconds(ahead)).with_timezone(&tz).naive_local();
            let wanted = wanted.date().and_hms_opt(wanted.hour(), wanted.minute(), 0).unwrap();
            let format = if t { "%Y-%m-%dT%H:%M" } else { "%Y-%m-%d %H:%M" };
            let m = parse_moment(&wanted.format(format).to_string(), now, tz).unwrap();
            prop_assert_eq!(m.local, wanted);
            let french = wanted.format("%d/%m/%Y %Hh%M").to_string();
            prop_assert_eq!(parse_moment(&french, now, tz).unwrap().local, wanted);
        }
    }
}
