//! Tokens to the parts of a moment: clock tokens and month names are joined ("10 h 30", "3
//! décembre"), the day, weekday and time are each taken at most once. A bare number next to a
//! day is its hour on the 24-hour clock ("tomorrow 9", "mardi 14"), from 7 to 23 (or with a
//! part of the day: "ce soir 8"): "tuesday 3" is not read as 03:00. After "next month" /
//! "mois prochain", the first number is the day of that month ("next month on the 3rd").
//!
//! Checking the parts against the calendar is [`super::calendar`]. This module must not read
//! the clock or read words: that is [`super::words`] and [`super::tokens`].

use super::token::{Clock, Meridiem, Tok};
use super::WhenError;
use chrono::Weekday;

/// The day named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Day {
    /// Today (0), tomorrow (1), in two weeks (14)…
    Offset(u32),
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// Written with slashes: the reader's date order says which number is the day.
    Slash {
        year: Option<i32>,
        first: u32,
        second: u32,
    },
    /// The same day of the month, this many months ahead.
    MonthsAhead(u32),
    /// This day of next month.
    OfNextMonth(u32),
}

/// What the input said, before it is checked against the calendar.
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub(super) day: Option<Day>,
    pub(super) weekday: Option<Weekday>,
    pub(super) clock: Option<Clock>,
    /// Part of the day from "ce soir", "this morning": "ce soir 8h" is 20:00.
    pub(super) hint: Option<Meridiem>,
}

pub(super) fn assemble(tokens: Vec<Tok>) -> Result<Parts, WhenError> {
    let tokens = merge_clocks(tokens);
    let tokens = merge_month_dates(tokens)?;
    let mut parts = Parts::default();
    let mut next = false;
    let mut next_month = false;
    let mut numbers: Vec<u32> = Vec::new();
    let mut ordinals: Vec<u32> = Vec::new();
    let once = |taken: bool| {
        if taken {
            Err(WhenError::Unrecognised)
        } else {
            Ok(())
        }
    };
    for tok in tokens {
        match tok {
            Tok::Clock(c) => {
                once(parts.clock.is_some())?;
                parts.clock = Some(c);
            }
            Tok::Weekday(w) => {
                once(parts.weekday.is_some())?;
                parts.weekday = Some(w);
            }
            Tok::Next => {
                once(next)?;
                next = true;
            }
            Tok::DayOffset(n, hint) => {
                once(parts.day.is_some())?;
                parts.day = Some(Day::Offset(n));
                parts.hint = hint;
            }
            Tok::Date { year, month, day } => {
                once(parts.day.is_some())?;
                parts.day = Some(Day::Date { year, month, day });
            }
            Tok::SlashDate {
                year,
                first,
                second,
            } => {
                once(parts.day.is_some())?;
                parts.day = Some(Day::Slash {
                    year,
                    first,
                    second,
                });
            }
            Tok::MonthsAhead(n) => {
                once(parts.day.is_some())?;
                parts.day = Some(Day::MonthsAhead(n));
            }
            Tok::NextMonth => {
                once(next_month || parts.day.is_some())?;
                next_month = true;
            }
            Tok::Num(n, 1..=2) => numbers.push(n),
            Tok::Ordinal(n) => ordinals.push(n),
            Tok::Num(..) | Tok::HourMark | Tok::Meridiem(_) | Tok::Month(_) | Tok::Filler => {
                return Err(WhenError::Unrecognised)
            }
        }
    }
    if next && (parts.weekday.is_none() || parts.day.is_some()) {
        return Err(WhenError::Unrecognised);
    }
    if next_month {
        once(parts.day.is_some())?;
        let day = match (ordinals.pop(), numbers.is_empty()) {
            (Some(d), _) => d,
            (None, false) => numbers.remove(0),
            (None, true) => return Err(WhenError::Unrecognised),
        };
        parts.day = Some(Day::OfNextMonth(day));
    }
    if !ordinals.is_empty() {
        return Err(WhenError::Unrecognised);
    }
    match numbers.as_slice() {
        [] => {}
        [hour] if parts.clock.is_none() && bare_hour(*hour, parts.hint) => {
            parts.clock = Some(Clock {
                hour: *hour,
                minute: 0,
                meridiem: None,
                open_minutes: false,
            });
        }
        _ => return Err(WhenError::Unrecognised),
    }
    Ok(parts)
}

/// Whether a bare number is read as an hour: 7 to 23, or 1 to 12 after a part of the day.
fn bare_hour(hour: u32, hint: Option<Meridiem>) -> bool {
    match hint {
        Some(_) => (1..=12).contains(&hour),
        None => (7..=23).contains(&hour),
    }
}

/// Joins "10 h 30", "10h 30", "10 heures", "2 pm", "10:30 am", "3h de l'après-midi".
fn merge_clocks(tokens: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(tok) = iter.next() {
        let merged = match (tok, iter.peek().copied()) {
            (Tok::Num(hour, 1..=2), Some(Tok::HourMark)) => {
                iter.next();
                let minute = match iter.peek() {
                    Some(&Tok::Num(m, 2)) => {
                        iter.next();
                        Some(m)
                    }
                    _ => None,
                };
                Tok::Clock(Clock {
                    hour,
                    minute: minute.unwrap_or(0),
                    meridiem: None,
                    open_minutes: minute.is_none(),
                })
            }
            (Tok::Num(hour, 1..=2), Some(Tok::Meridiem(m))) => {
                iter.next();
                Tok::Clock(Clock {
                    hour,
                    minute: 0,
                    meridiem: Some(m),
                    open_minutes: false,
                })
            }
            (Tok::Clock(c), Some(Tok::Num(minute, 2))) if c.open_minutes => {
                iter.next();
                Tok::Clock(Clock {
                    minute,
                    open_minutes: false,
                    ..c
                })
            }
            _ => tok,
        };
        // A meridiem right after a clock without one belongs to it: "10:30 am", "3h du matin".
        match (merged, iter.peek().copied()) {
            (Tok::Clock(c), Some(Tok::Meridiem(m))) if c.meridiem.is_none() => {
                iter.next();
                out.push(Tok::Clock(Clock {
                    meridiem: Some(m),
                    open_minutes: false,
                    ..c
                }));
            }
            _ => out.push(merged),
        }
    }
    out
}

/// Joins a month name with its day and optional year: "3 décembre", "le 1er décembre 2026",
/// "December 3", "Dec 3rd 2026".
pub(super) fn merge_month_dates(tokens: Vec<Tok>) -> Result<Vec<Tok>, WhenError> {
    let mut slots: Vec<Option<Tok>> = tokens.into_iter().map(Some).collect();
    let day_at = |slots: &[Option<Tok>], i: usize| match slots.get(i).copied().flatten() {
        Some(Tok::Num(d, 1..=2) | Tok::Ordinal(d)) => Some(d),
        _ => None,
    };
    for i in 0..slots.len() {
        let Some(Tok::Month(month)) = slots[i] else {
            continue;
        };
        let (day, day_index) = match i
            .checked_sub(1)
            .and_then(|j| day_at(&slots, j).map(|d| (d, j)))
        {
            Some(found) => found,
            None => day_at(&slots, i + 1)
                .map(|d| (d, i + 1))
                .ok_or(WhenError::Unrecognised)?,
        };
        let year_index = i.max(day_index) + 1;
        let year = match slots.get(year_index).copied().flatten() {
            Some(Tok::Num(y, 4)) => {
                slots[year_index] = None;
                Some(i32::try_from(y).map_err(|_| WhenError::Unrecognised)?)
            }
            _ => None,
        };
        slots[day_index] = None;
        slots[i] = Some(Tok::Date { year, month, day });
    }
    Ok(slots.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::super::parse_moment;
    use super::super::testing::*;
    use chrono::{Datelike, TimeZone, Timelike, Utc};
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;

    #[test]
    fn weekdays_mean_the_next_such_day() {
        parses_to(
            &[
                "mardi 10h",
                "MARDI   10H",
                "Mardi, à 10h",
                "tuesday 10am",
                "tue 10 am",
                "mardi 10 h",
            ],
            "2026-11-24 10:00",
        );
        parses_to(
            &[
                "mardi 10h30",
                "mardi à 10:30",
                "tuesday 10:30 am",
                "Tuesday 10:30am",
                "mardi 10 h 30",
            ],
            "2026-11-24 10:30",
        );
        parses_to(
            &[
                "mardi prochain 14h",
                "prochain mardi 14h",
                "Tuesday at 2pm",
                "tuesday 2 p.m.",
            ],
            "2026-11-24 14:00",
        );
        parses_to(
            &["next tuesday 9:00", "this tuesday 9h"],
            "2026-11-24 09:00",
        );
        parses_to(
            &["mercredi 8h", "wed 8am", "on wednesday at 8:00"],
            "2026-11-18 08:00",
        );
        parses_to(
            &["lun 17h45", "monday 5:45pm", "Lundi à 17h45"],
            "2026-11-23 17:45",
        );
        parses_to(
            &["dimanche 11h", "sunday 11am", "dim 11h"],
            "2026-11-22 11:00",
        );
        parses_to(
            &["mardi midi", "tuesday noon", "mardi 12h", "tuesday 12pm"],
            "2026-11-24 12:00",
        );
    }

    #[test]
    fn day_in_the_persons_time_zone() {
        // 23:30 UTC on the 17th: already the 18th in Paris, still the 17th in New York.
        let now = Utc.with_ymd_and_hms(2026, 11, 17, 23, 30, 0).unwrap();
        let paris = parse_moment("demain 9h", now, Paris).unwrap();
        assert_eq!(paris.local, local("2026-11-19 09:00"));
        assert_eq!(
            paris.utc,
            Utc.with_ymd_and_hms(2026, 11, 19, 8, 0, 0).unwrap()
        );
        let ny = parse_moment("tomorrow 9am", now, New_York).unwrap();
        assert_eq!(ny.local, local("2026-11-18 09:00"));
        assert_eq!(
            ny.utc,
            Utc.with_ymd_and_hms(2026, 11, 18, 14, 0, 0).unwrap()
        );
        let wed = parse_moment("mercredi 9h", now, New_York).unwrap();
        assert_eq!(wed.local, local("2026-11-18 09:00"));
        let wed = parse_moment("mercredi 9h", now, Paris).unwrap();
        assert_eq!(wed.local, local("2026-11-25 09:00"));
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_moves_forward() {
        let m = parse_moment("2027-03-28 02:30", now(), Paris).unwrap();
        assert_eq!(m.local, local("2027-03-28 02:30"));
        assert_eq!(m.utc, Utc.with_ymd_and_hms(2027, 3, 28, 1, 30, 0).unwrap()); // 03:30 CEST
        let m = parse_moment("2027-10-31 02:30", now(), Paris).unwrap();
        assert_eq!(m.utc, Utc.with_ymd_and_hms(2027, 10, 31, 0, 30, 0).unwrap());
        // first 02:30
    }

    proptest! {
        #[test]
        fn weekday_and_time_in_both_languages(
            day in 0usize..7, hour in 0u32..24, minute in 0u32..60,
            form in 0usize..6, now in arb_now(), z in 0usize..5,
        ) {
            let tz = ZONES[z];
            let (h12, ampm) = match hour { 0 => (12, "am"), 1..=11 => (hour, "am"), 12 => (12, "pm"), _ => (hour - 12, "pm") };
            let en_day = DAYS_EN[day].to_lowercase();
            let input = match form {
                0 => format!("{} {hour}h{minute:02}", DAYS_FR[day]),
                1 => format!("{} à {hour}:{minute:02}", DAYS_FR[day].to_uppercase()),
                2 => format!("{} prochain {hour} h {minute:02}", DAYS_FR[day]),
                3 => format!("{} {h12}:{minute:02} {ampm}", en_day),
                4 => format!("next {} at {h12}:{minute:02}{ampm}", en_day),
                _ => format!("on {}, {hour}:{minute:02}", en_day),
            };
            let m = parse_moment(&input, now, tz).unwrap();
            let today = now.with_timezone(&tz).date_naive();
            prop_assert!(m.utc > now);
            prop_assert_eq!(m.local.weekday().num_days_from_monday() as usize, day);
            prop_assert_eq!((m.local.hour(), m.local.minute()), (hour, minute));
            prop_assert!((1..=7).contains(&(m.local.date() - today).num_days()));
            let seen = m.utc.with_timezone(&tz).naive_local();
            if tz.from_local_datetime(&m.local).earliest().is_some() {
                prop_assert_eq!(seen, m.local);
            } else {
                prop_assert!(seen > m.local);
            }
        }

    }
}
