//! What `suivi schedule preview` computes: a rhythm, a first exchange and a time zone as typed,
//! turned into a [`Schedule`] and its first exchanges, or into the message that says what to
//! change.
//!
//! Pure: the command line reads the arguments, passes "now", prints and writes files. The first
//! exchange is read as `YYYY-MM-DD HH:MM` (also `T` and seconds), or as people type it ("mardi
//! 10h", read by [`parse_moment_for`] against "now" in that zone); it must be to come.

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{resolve_local, CadenceError, Schedule};
use crate::domain::prompt::{Arg, Msg};
use crate::domain::when::{parse_cadence, parse_moment_for, DateOrder, WhenError};

/// Most exchanges a preview prints; a larger `--count` is capped.
pub const MAX_PREVIEW: u32 = 500;

/// The last year an RFC 3339 instant can be written in (four digits).
pub const LAST_YEAR: i32 = 9999;

/// A previewed series: the schedule and its first exchanges.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub schedule: Schedule,
    /// At most the count asked for; fewer when the series ends first.
    pub exchanges: Vec<DateTime<Utc>>,
}

/// What is wrong with the arguments of a preview.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    /// `--tz` is not an IANA zone name.
    #[error("unknown time zone {0:?}")]
    UnknownZone(String),
    /// `--every` was not accepted.
    #[error("--every: {0}")]
    Every(WhenError),
    /// `--at` was not accepted.
    #[error("--at: {0}")]
    At(WhenError),
    /// The end of the rhythm leaves no exchange after `--at`.
    #[error("{0}")]
    Schedule(CadenceError),
    /// `--count 0`.
    #[error("--count must be at least 1")]
    Count,
    /// The first exchange, or one of those asked for, falls after the year 9999: it cannot be
    /// written as an RFC 3339 instant.
    #[error("an exchange falls after the year {LAST_YEAR}")]
    TooLate,
}

impl PreviewError {
    /// The message to show, saying which option to change and how.
    pub fn msg(&self) -> Msg {
        let about = |option: &str, detail: Msg| {
            Msg::new("schedule-preview-problem")
                .text("option", option)
                .arg("detail", Arg::Msg(Box::new(detail)))
        };
        match self {
            PreviewError::UnknownZone(zone) => {
                Msg::new("schedule-preview-unknown-zone").text("zone", zone.clone())
            }
            PreviewError::Every(e) => about("--every", e.msg()),
            PreviewError::At(e) => about("--at", e.msg()),
            PreviewError::Schedule(e) => about("--every", e.msg()),
            PreviewError::Count => {
                Msg::new("schedule-preview-count").arg("max", Arg::Num(MAX_PREVIEW.into()))
            }
            PreviewError::TooLate => {
                Msg::new("schedule-preview-too-late").arg("year", Arg::Num(LAST_YEAR.into()))
            }
        }
    }
}

/// The schedule that `every`, `at` and `zone` describe, and its first `count` exchanges (capped
/// at [`MAX_PREVIEW`]), read at `now`; a numeric date in `at` is read in `order`.
pub fn preview(
    every: &str,
    at: &str,
    zone: &str,
    order: DateOrder,
    count: u32,
    now: DateTime<Utc>,
) -> Result<Preview, PreviewError> {
    let tz: Tz = zone
        .trim()
        .parse()
        .map_err(|_| PreviewError::UnknownZone(zone.to_owned()))?;
    if count == 0 {
        return Err(PreviewError::Count);
    }
    let anchor = first_exchange(at, now, tz, order).map_err(PreviewError::At)?;
    // Checked before any arithmetic on it.
    if anchor.year() > LAST_YEAR {
        return Err(PreviewError::TooLate);
    }
    let cadence = parse_cadence(every, now, tz).map_err(PreviewError::Every)?;
    let schedule = Schedule::try_new(anchor, tz, cadence).map_err(PreviewError::Schedule)?;
    let exchanges: Vec<DateTime<Utc>> = (0..count.min(MAX_PREVIEW))
        .map_while(|n| schedule.exchange(n))
        .collect();
    if exchanges.iter().any(|t| t.year() > LAST_YEAR) {
        return Err(PreviewError::TooLate);
    }
    Ok(Preview {
        schedule,
        exchanges,
    })
}

/// The first exchange's wall time: a written date and time, else what people type.
fn first_exchange(
    at: &str,
    now: DateTime<Utc>,
    tz: Tz,
    order: DateOrder,
) -> Result<NaiveDateTime, WhenError> {
    let written = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(at.trim(), f).ok());
    match written {
        Some(local) if resolve_local(local, tz) > now => Ok(local),
        Some(_) => Err(WhenError::InPast),
        None => parse_moment_for(at, now, tz, order).map(|m| m.local),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-28T10:00:00Z".parse().expect("an instant")
    }

    #[test]
    fn exchanges_past_the_year_9999_are_refused_not_printed() {
        let r = preview(
            "every week",
            "9999-12-31 23:59",
            "Europe/Paris",
            DateOrder::DayFirst,
            10,
            now(),
        );
        assert_eq!(r, Err(PreviewError::TooLate));
        // One exchange, still in 9999, is fine.
        let p = preview(
            "every week",
            "9999-12-31 23:59",
            "Europe/Paris",
            DateOrder::DayFirst,
            1,
            now(),
        )
        .expect("the last minute of 9999 in Paris is still 9999 in UTC");
        assert_eq!(p.exchanges[0].to_rfc3339(), "9999-12-31T22:59:00+00:00");
        // Years past four digits are refused before any arithmetic.
        for at in [
            "+10000-01-01 10:00",
            "+262143-12-31 23:59",
            "99999-01-01 10:00",
        ] {
            let r = preview(
                "every week",
                at,
                "Europe/Paris",
                DateOrder::DayFirst,
                3,
                now(),
            );
            assert!(
                matches!(r, Err(PreviewError::TooLate | PreviewError::At(_))),
                "{at}: {r:?}"
            );
        }
    }

    #[test]
    fn the_refusal_says_what_to_change() {
        let m = PreviewError::TooLate.msg();
        assert_eq!(m.id, "schedule-preview-too-late");
        assert_eq!(m.args[0].1, Arg::Num(9999));
    }
}
