//! What `suivi schedule preview` computes: a rhythm, a first exchange and a time zone as typed,
//! turned into a [`Schedule`] and its first exchanges, or into the message that says what to
//! change.
//!
//! Pure: the command line reads the arguments, passes "now", prints and writes files. The first
//! exchange is read as `YYYY-MM-DD HH:MM` (also `T` and seconds), or as people type it ("mardi
//! 10h", read by [`parse_moment`] against "now" in that zone); it must be to come.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{resolve_local, CadenceError, Schedule};
use crate::domain::prompt::{Arg, Msg};
use crate::domain::when::{parse_cadence, parse_moment, WhenError};

/// Most exchanges a preview prints; a larger `--count` is capped.
pub const MAX_PREVIEW: u32 = 500;

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
        }
    }
}

/// The schedule that `every`, `at` and `zone` describe, and its first `count` exchanges (capped
/// at [`MAX_PREVIEW`]), read at `now`.
pub fn preview(
    every: &str,
    at: &str,
    zone: &str,
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
    let anchor = first_exchange(at, now, tz).map_err(PreviewError::At)?;
    let cadence = parse_cadence(every, now, tz).map_err(PreviewError::Every)?;
    let schedule = Schedule::try_new(anchor, tz, cadence).map_err(PreviewError::Schedule)?;
    let exchanges = (0..count.min(MAX_PREVIEW))
        .map_while(|n| schedule.exchange(n))
        .collect();
    Ok(Preview {
        schedule,
        exchanges,
    })
}

/// The first exchange's wall time: a written date and time, else what people type.
fn first_exchange(at: &str, now: DateTime<Utc>, tz: Tz) -> Result<NaiveDateTime, WhenError> {
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
        None => parse_moment(at, now, tz).map(|m| m.local),
    }
}
