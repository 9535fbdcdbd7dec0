//! Recurrence in local wall time: how often two people agreed to talk, when each exchange
//! falls, and when the series stops.
//!
//! A [`Schedule`] is the agreed first exchange (a *local* wall time in an IANA time zone) plus a
//! [`Cadence`]: a [`Rule`] (every n days, weeks or months, or the nth weekday of every n months)
//! and an optional [`End`] (a last date, a number of exchanges, a span from the first exchange).
//! Occurrences are computed in wall time first ("every 2 weeks, Tuesday 10:00 Europe/Paris"
//! stays at 10:00 across daylight-saving changes) and only then turned into UTC instants by
//! [`resolve_local`], which applies the product's DST policy: a wall time that does not exist
//! (spring-forward gap) is shifted forward by the gap; an ambiguous one (fall-back overlap)
//! takes the first occurrence. A monthly series keeps the anchor's day of month, clamped to the
//! last day of shorter months, without drifting; a weekday of the month ("the last Friday") is
//! found again in each month of the series.
//!
//! **Why hand-written, not a recurrence crate.** The `rrule` crate expands RFC 5545 rules, but
//! the product needs what RRULE does not say: the nth exchange found directly (no iteration from
//! the start), the next one after an instant, the check-in *midpoints* between two exchanges,
//! an end given as a span from the first exchange, a first exchange off the rhythm, a monthly
//! day clamped to short months, and the product's own DST policy applied to wall times. So the
//! series is computed here and `rrule` is kept as an *independent check* in tests (a
//! dev-dependency only): `ics/tests_series.rs` expands the calendar file of any series with it
//! (a property test over days, weeks, months, nth and last weekdays, with and without ends,
//! across DST changes, leap years and month ends) and requires exactly the exchanges of the
//! [`Schedule`]; `tests/it/schedule/preview.rs` does the same through `suivi schedule preview
//! --ics`. Midpoints have no RRULE counterpart: property tests in `tests.rs` hold each one
//! strictly between its two exchanges.
//!
//! This module is pure: no I/O, no clock. "Now" is always passed in. Parsing what people type is
//! in `when`; calendar files are in `ics`. Rooms: `rule` (the values and their limits), `wire`
//! (the stored JSON), `schedule` (the series), `months` (calendar arithmetic), `describe` (how it reads in a message),
//! `preview` (what `suivi schedule preview` computes).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

mod days;
mod describe;
mod months;
pub mod preview;
mod rule;
mod schedule;
mod wire;

pub use describe::date_msg;
pub use rule::{Cadence, CadenceError, End, Nth, Rule, Unit};
pub use schedule::Schedule;

/// Turns a local wall time in `tz` into an instant, with the product's DST policy.
///
/// - A wall time that exists once maps to that instant.
/// - A wall time in a spring-forward gap is shifted forward by the gap: 02:30 on the morning
///   Europe/Paris jumps from 02:00 to 03:00 becomes 03:30 CEST (01:30 UTC).
/// - An ambiguous wall time in a fall-back overlap takes the first (earlier) instant: 02:30 on
///   the morning Europe/Paris goes back from 03:00 to 02:00 is 02:30 CEST (00:30 UTC).
pub fn resolve_local(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    use chrono::LocalResult;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // In a gap. The offset in force just before the gap, applied to the wall time,
            // gives the instant whose wall time is `local` shifted forward by the gap.
            let before = offset_before_gap(local, tz);
            (local - chrono::Duration::seconds(i64::from(before))).and_utc()
        }
    }
}

/// The UTC offset (seconds) in force just before the gap containing `local`: the offset of the
/// latest existing wall time before it, found by stepping back an hour at a time (real gaps
/// last at most a day).
fn offset_before_gap(local: NaiveDateTime, tz: Tz) -> i32 {
    use chrono::{LocalResult, Offset};
    let mut probe = local;
    for _ in 0..48 {
        probe -= chrono::Duration::hours(1);
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.offset().fix().local_minus_utc(),
            // The later instant of an overlap carries the offset that runs into the gap.
            LocalResult::Ambiguous(a, b) => return a.max(b).offset().fix().local_minus_utc(),
            LocalResult::None => {}
        }
    }
    0
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_end;
