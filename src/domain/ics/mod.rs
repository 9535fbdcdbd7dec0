//! Calendar files (RFC 5545) for an agreed schedule of exchanges, so people can add the series to
//! their own calendar.
//!
//! The file must expand, in any calendar client, to exactly the instants the bot reminds about
//! ([`Schedule::exchange`]): the event starts at the first exchange's local wall time with a
//! `TZID`, the recurrence is an `RRULE` computed in that wall time (so a weekly 10:00 Paris event
//! stays at 10:00 Paris after a DST change), and a `VTIMEZONE` generated from chrono-tz lists
//! every UTC offset change over the series' span as explicit dates. RFC 5545's own rules for
//! local times that do not exist (use the offset before the gap) or occur twice (the first) are
//! the product's DST policy, so the two agree there too. A monthly series on the 29th, 30th or
//! 31st uses `BYMONTHDAY=28,29,30,31;BYSETPOS=-1` so that shorter months fall on their last day,
//! as [`Schedule`] does; a weekday of the month is `BYDAY=2TU` or `BYDAY=-1FR`. A series
//! without end lists `count` exchanges (`COUNT`); an ended one lists its own: `COUNT` for a
//! number of sessions, `UNTIL` (the last exchange, in UTC as RFC 5545 requires beside a `TZID`)
//! for an end date or a span. A listing shorter than the series is never silent: [`cap`] says
//! where it stops, for the event's note.
//!
//! **Why hand-written, not a calendar crate.** What matters here is not writing iCalendar
//! syntax (a few lines, folded at 75 octets) but that the file agree, instant for instant, with
//! the series the bot reminds about: the `RRULE` derived from the [`Schedule`]'s rule and end,
//! and a `VTIMEZONE` of explicit onsets taken from chrono-tz over the series' span. A generic
//! iCalendar crate would still leave both to this code, and would add a dependency for the
//! syntax alone. The agreement is proven, not assumed: the tests expand every file with the
//! `rrule` crate (an independent RFC 5545 implementation, dev-dependency only) and read the
//! `VTIMEZONE` back (`tests.rs`, `tests_series.rs`).
//!
//! Pure text generation: no I/O, and the stamp time is passed in.

use super::cadence::{End, Rule, Schedule};
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// The product identifier written in every calendar file.
pub const PRODID: &str = "-//suivi//suivi//EN";

/// How far back to look for the offset change in force at the first exchange.
const LOOK_BACK_DAYS: i64 = 3 * 366;

/// Most exchanges an ended series lists: ends are checked when typed (at most three years), so
/// only a hand-made cadence reaches this.
const MAX_LISTED: u32 = 2000;

/// An RFC 5545 calendar (CRLF line endings, lines folded at 75 octets) holding one recurring
/// event: the exchanges of `schedule` (the first `count` of them, at least one, when the series
/// has no end; all of them when it has one), with the given `uid`, `summary` and `description`
/// (escaped here), stamped `dtstamp`. A series whose end leaves no exchange gives a calendar
/// with its time zone and no event.
///
/// The event has no end time: RFC 5545 reads that as an event at an instant, which is all the
/// bot knows of an exchange.
pub fn calendar(
    schedule: &Schedule,
    count: u32,
    uid: &str,
    summary: &str,
    description: &str,
    dtstamp: DateTime<Utc>,
) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    let series = Series::of(schedule, count);
    let tzid = schedule.tz().name();
    match &series {
        Some(series) => {
            vtimezone(schedule.tz(), series.first, series.last, &mut lines);
            let event = |uid: &str, start: NaiveDateTime, rule: Option<String>| {
                let mut event = vec![
                    "BEGIN:VEVENT".to_owned(),
                    format!("UID:{}", escape_text(uid)),
                    format!("DTSTAMP:{}", utc_stamp(dtstamp)),
                    format!("DTSTART;TZID={tzid}:{}", local_stamp(start)),
                ];
                event.extend(rule.map(|r| format!("RRULE:{r}")));
                event.push(format!("SUMMARY:{}", escape_text(summary)));
                if !description.is_empty() {
                    event.push(format!("DESCRIPTION:{}", escape_text(description)));
                }
                event.push("END:VEVENT".to_owned());
                event
            };
            // A first exchange kept off the rhythm is an event of its own, listed first.
            if let Some(lead) = schedule.lead() {
                lines.extend(event(&format!("first-{uid}"), lead, None));
            }
            if series.rest > 0 {
                lines.extend(event(uid, series.start, Some(rrule(schedule, series))));
            }
        }
        None => {
            let at = super::cadence::resolve_local(schedule.anchor(), schedule.tz());
            vtimezone(schedule.tz(), at, at, &mut lines);
        }
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in &lines {
        out.push_str(&fold(line));
        out.push_str("\r\n");
    }
    out
}

/// When a calendar of `schedule` lists fewer exchanges than the series holds (a series without
/// end lists `count` of them): how many it lists and the last one, so the file's note can say
/// where it stops instead of leaving the series silently capped. `None` when it lists them all.
pub fn cap(schedule: &Schedule, count: u32) -> Option<(u32, DateTime<Utc>)> {
    let listed = match (schedule.exchange_count(), schedule.cadence().end()) {
        (None, _) => count.max(1),
        (Some(n), end) if n > MAX_LISTED && !matches!(end, Some(End::Count(_))) => MAX_LISTED,
        (Some(_), _) => return None,
    };
    Some((listed, schedule.exchange(listed.checked_sub(1)?)?))
}

/// The exchanges a calendar lists.
struct Series {
    /// The wall time of the rhythm's first exchange: the recurring event's `DTSTART` (the
    /// first exchange, unless it is off the rhythm and listed on its own).
    start: NaiveDateTime,
    /// How many exchanges the recurring event lists.
    rest: u32,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
    /// `COUNT=n` or `UNTIL=…`.
    bound: String,
}

impl Series {
    fn of(schedule: &Schedule, count: u32) -> Option<Series> {
        let (listed, by_date) = match (schedule.exchange_count(), schedule.cadence().end()) {
            (None, _) => (count.max(1), false),
            (Some(n), Some(End::Count(_))) => (n, false),
            (Some(n), _) if n > MAX_LISTED => (MAX_LISTED, false),
            (Some(n), _) => (n, true),
        };
        let first = schedule.exchange(0)?;
        let last = schedule.exchange(listed.checked_sub(1)?)?;
        let skip = u32::from(schedule.lead().is_some());
        let rest = listed.saturating_sub(skip);
        let start = schedule
            .local_exchange(skip)
            .or_else(|| schedule.local_exchange(0))?;
        let bound = if by_date {
            format!("UNTIL={}", utc_stamp(last))
        } else {
            format!("COUNT={rest}")
        };
        Some(Series {
            start,
            rest,
            first,
            last,
            bound,
        })
    }
}

/// The `RRULE` value of the listed exchanges.
fn rrule(schedule: &Schedule, series: &Series) -> String {
    let cadence = schedule.cadence();
    let freq = match cadence.rule() {
        Rule::Days(_) => "DAILY",
        Rule::Weeks(_) => "WEEKLY",
        Rule::Months(_) | Rule::MonthlyWeekday { .. } => "MONTHLY",
    };
    let mut rule = format!("FREQ={freq};INTERVAL={};{}", cadence.every(), series.bound);
    match cadence.rule() {
        Rule::Months(_) if series.start.day() > 28 => {
            // The anchor's day where the month has it, else the month's last day.
            let days: Vec<String> = (28..=series.start.day()).map(|d| d.to_string()).collect();
            rule.push_str(&format!(";BYMONTHDAY={};BYSETPOS=-1", days.join(",")));
        }
        Rule::MonthlyWeekday { nth, weekday, .. } => {
            rule.push_str(&format!(";BYDAY={}{}", nth.signed(), weekday_code(weekday)));
        }
        _ => {}
    }
    rule
}

/// RFC 5545's two-letter weekday.
fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// A UTC offset change of the zone.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    /// Offset (seconds east of UTC) before and after.
    from: i32,
    to: i32,
    /// Whether the offset after is daylight-saving time.
    dst: bool,
    /// The abbreviation after, when the zone has one ("CEST").
    name: Option<String>,
}

/// The offset in force at `t`: seconds east of UTC, whether it is DST, its abbreviation.
fn offset_at(tz: Tz, t: DateTime<Utc>) -> (i32, bool, Option<String>) {
    let offset = tz.offset_from_utc_datetime(&t.naive_utc());
    (
        offset.fix().local_minus_utc(),
        !offset.dst_offset().is_zero(),
        offset.abbreviation().map(str::to_owned),
    )
}

/// Every offset change in `(start, end]`, found by stepping half a day at a time and bisecting
/// to the second (zones do not change offset twice in half a day).
fn transitions(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<Transition> {
    let step = Duration::hours(12);
    let mut found = Vec::new();
    let mut a = start;
    while a < end {
        let b = (a + step).min(end);
        let (from, to) = (offset_at(tz, a).0, offset_at(tz, b).0);
        if from != to {
            // Invariant: offset at `lo` is `from`, at `hi` is not.
            let (mut lo, mut hi) = (a, b);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid).0 == from {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (to, dst, name) = offset_at(tz, hi);
            found.push(Transition {
                at: hi,
                from,
                to,
                dst,
                name,
            });
        }
        a = b;
    }
    found
}

/// Appends a `VTIMEZONE` for `tz` covering the exchanges from `first` to `last`: the offset
/// change in force at the first exchange, then every change up to the last, grouped into one
/// `STANDARD`/`DAYLIGHT` observance per kind of change with explicit `RDATE`s.
fn vtimezone(tz: Tz, first: DateTime<Utc>, last: DateTime<Utc>, lines: &mut Vec<String>) {
    let before = transitions(tz, first - Duration::days(LOOK_BACK_DAYS), first);
    let mut all: Vec<Transition> = before.last().cloned().into_iter().collect();
    all.extend(transitions(tz, first, last));
    if all.is_empty() {
        // No change in years: one observance from the epoch.
        let (offset, dst, name) = offset_at(tz, first);
        all.push(Transition {
            at: DateTime::UNIX_EPOCH - Duration::seconds(offset.into()),
            from: offset,
            to: offset,
            dst,
            name,
        });
    }
    let mut groups: Vec<Vec<&Transition>> = Vec::new();
    for t in &all {
        let same = |g: &&mut Vec<&Transition>| {
            let h = g[0];
            (h.dst, h.from, h.to, &h.name) == (t.dst, t.from, t.to, &t.name)
        };
        match groups.iter_mut().find(same) {
            Some(group) => group.push(t),
            None => groups.push(vec![t]),
        }
    }
    lines.push("BEGIN:VTIMEZONE".to_owned());
    lines.push(format!("TZID:{}", tz.name()));
    for group in groups {
        let head = group[0];
        let kind = if head.dst { "DAYLIGHT" } else { "STANDARD" };
        // Onsets are written in the local time before the change (TZOFFSETFROM).
        let onset =
            |t: &Transition| local_stamp(t.at.naive_utc() + Duration::seconds(t.from.into()));
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", onset(head)));
        if group.len() > 1 {
            let rest: Vec<String> = group[1..].iter().map(|t| onset(t)).collect();
            lines.push(format!("RDATE:{}", rest.join(",")));
        }
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(head.from)));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(head.to)));
        if let Some(name) = &head.name {
            lines.push(format!("TZNAME:{}", escape_text(name)));
        }
        lines.push(format!("END:{kind}"));
    }
    lines.push("END:VTIMEZONE".to_owned());
}

/// An instant as `YYYYMMDDTHHMMSSZ`.
fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A local date-time as `YYYYMMDDTHHMMSS`.
fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// A UTC offset as `+hhmm` (or `+hhmmss` when it has seconds).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma, and line breaks as `\n`.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so no physical line exceeds 75 octets, never splitting a UTF-8
/// character; continuation lines start with a space (without the CRLF of the last line).
fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cap;
#[cfg(test)]
mod tests_series;
