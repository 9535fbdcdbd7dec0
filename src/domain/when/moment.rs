//! Tokens to a moment: clock tokens and month names are joined ("10 h 30", "3 décembre"), the
//! day, weekday and time are each taken at most once, and the result is checked against the
//! calendar in the person's time zone (next such weekday, next such date, past, too far, a
//! weekday that contradicts the date).
//!
//! Wall times become instants only through [`resolve_local`], the product's DST policy. This
//! module must not read the clock ("now" is an argument) or read words: that is
//! [`super::words`] and [`super::tokens`].

use super::tokens::{Clock, Meridiem, Tok};
use super::{Moment, WhenError, MAX_MONTHS_AHEAD};
use crate::domain::cadence::resolve_local;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

/// The day named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    Offset(u32),
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
}

/// What the input said, before it is checked against the calendar.
#[derive(Debug, Default)]
pub(super) struct Parts {
    day: Option<Day>,
    weekday: Option<Weekday>,
    clock: Option<Clock>,
    /// Part of the day from "ce soir", "this morning": "ce soir 8h" is 20:00.
    hint: Option<Meridiem>,
}

pub(super) fn assemble(tokens: Vec<Tok>) -> Result<Parts, WhenError> {
    let tokens = merge_clocks(tokens);
    let tokens = merge_month_dates(tokens)?;
    let mut parts = Parts::default();
    let mut next = false;
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
            Tok::Num(..)
            | Tok::Ordinal(_)
            | Tok::HourMark
            | Tok::Meridiem(_)
            | Tok::Month(_)
            | Tok::Filler => return Err(WhenError::Unrecognised),
        }
    }
    if next && (parts.weekday.is_none() || parts.day.is_some()) {
        return Err(WhenError::Unrecognised);
    }
    Ok(parts)
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

pub(super) fn resolve(parts: Parts, now: DateTime<Utc>, tz: Tz) -> Result<Moment, WhenError> {
    if parts.day.is_none() && parts.weekday.is_none() && parts.clock.is_none() {
        return Err(WhenError::Unrecognised);
    }
    let time = parts.clock.map(|c| wall_time(c, parts.hint)).transpose()?;
    if let Some(Day::Date { year, month, day }) = parts.day {
        let exists = |y: i32| NaiveDate::from_ymd_opt(y, month, day).is_some();
        let this_year = now.with_timezone(&tz).year();
        let valid = match year {
            Some(y) => exists(y),
            None => exists(this_year) || exists(this_year + 1),
        };
        if !valid {
            return Err(WhenError::InvalidDate);
        }
    }
    let time = match (time, parts.day.is_some() || parts.weekday.is_some()) {
        (Some(t), true) => t,
        (None, _) => return Err(WhenError::NoTime),
        (Some(_), false) => return Err(WhenError::NoDay),
    };
    let today = now.with_timezone(&tz).date_naive();
    let date = match (parts.day, parts.weekday) {
        (Some(Day::Offset(n)), _) => today.checked_add_days(Days::new(n.into())),
        (
            Some(Day::Date {
                year: Some(y),
                month,
                day,
            }),
            _,
        ) => NaiveDate::from_ymd_opt(y, month, day),
        (
            Some(Day::Date {
                year: None,
                month,
                day,
            }),
            _,
        ) => [today.year(), today.year() + 1]
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .find(|d| resolve_local(d.and_time(time), tz) > now)
            .or_else(|| NaiveDate::from_ymd_opt(today.year(), month, day)),
        (None, Some(w)) => {
            let ahead = (w.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
            today.checked_add_days(Days::new(if ahead == 0 { 7 } else { ahead.into() }))
        }
        (None, None) => None,
    }
    .ok_or(WhenError::Unrecognised)?;
    if parts.weekday.is_some_and(|w| w != date.weekday()) {
        return Err(WhenError::WeekdayMismatch);
    }
    let local = date.and_time(time);
    let utc = resolve_local(local, tz);
    if utc <= now {
        return Err(WhenError::InPast);
    }
    if now
        .checked_add_months(Months::new(MAX_MONTHS_AHEAD))
        .is_none_or(|limit| utc > limit)
    {
        return Err(WhenError::TooFar);
    }
    Ok(Moment { local, tz, utc })
}

/// A typed clock time as a wall time: 12-hour times need 1..=12, 24-hour times 0..=23.
fn wall_time(c: Clock, hint: Option<Meridiem>) -> Result<NaiveTime, WhenError> {
    let hour = match (c.meridiem, hint) {
        (Some(_), _) if !(1..=12).contains(&c.hour) => return Err(WhenError::InvalidDate),
        (Some(Meridiem::Am), _) => c.hour % 12,
        (Some(Meridiem::Pm), _) => c.hour % 12 + 12,
        (None, Some(Meridiem::Pm)) if (1..=11).contains(&c.hour) => c.hour + 12,
        (None, _) => c.hour,
    };
    NaiveTime::from_hms_opt(hour, c.minute, 0).ok_or(WhenError::InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::super::parse_moment;
    use super::super::testing::*;
    use super::*;
    use chrono::{TimeZone, Timelike};
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

    const FR_DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const EN_DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    proptest! {
        #[test]
        fn weekday_and_time_in_both_languages(
            day in 0usize..7, hour in 0u32..24, minute in 0u32..60,
            form in 0usize..6, now in arb_now(), z in 0usize..5,
        ) {
            let tz = ZONES[z];
            let (h12, ampm) = match hour { 0 => (12, "am"), 1..=11 => (hour, "am"), 12 => (12, "pm"), _ => (hour - 12, "pm") };
            let input = match form {
                0 => format!("{} {hour}h{minute:02}", FR_DAYS[day]),
                1 => format!("{} à {hour}:{minute:02}", FR_DAYS[day].to_uppercase()),
                2 => format!("{} prochain {hour} h {minute:02}", FR_DAYS[day]),
                3 => format!("{} {h12}:{minute:02} {ampm}", EN_DAYS[day]),
                4 => format!("next {} at {h12}:{minute:02}{ampm}", EN_DAYS[day]),
                _ => format!("on {}, {hour}:{minute:02}", EN_DAYS[day]),
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
