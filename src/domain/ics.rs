//! Calendar files (RFC 5545) for an agreed schedule of exchanges, so people can add the series to
//! their own calendar.
//!
//! The file must expand, in any calendar client, to exactly the instants the bot reminds about
//! ([`Schedule::occurrence`]): the event starts at the anchor's local wall time with a `TZID`,
//! the recurrence is an `RRULE` computed in that wall time (so a weekly 10:00 Paris event stays at
//! 10:00 Paris after a DST change), and a `VTIMEZONE` generated from chrono-tz lists every UTC
//! offset change over the series' span as explicit dates. RFC 5545's own rules for local times
//! that do not exist (use the offset before the gap) or occur twice (the first) are the product's
//! DST policy, so the two agree there too. A monthly series on the 29th, 30th or 31st uses
//! `BYMONTHDAY=28,29,30,31;BYSETPOS=-1` so that shorter months fall on their last day, as
//! [`Schedule`] does.
//!
//! Pure text generation: no I/O, and the stamp time is passed in.

use super::cadence::{Cadence, Schedule};
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// The product identifier written in every calendar file.
pub const PRODID: &str = "-//suivi//suivi//EN";

/// How far back to look for the offset change in force at the first exchange.
const LOOK_BACK_DAYS: i64 = 3 * 366;

/// An RFC 5545 calendar (CRLF line endings, lines folded at 75 octets) holding one recurring
/// event: the first `count` exchanges of `schedule` (at least one), with the given `uid`,
/// `summary` and `description` (escaped here), stamped `dtstamp`.
///
/// The event has no end time: RFC 5545 reads that as an event at an instant, which is all the
/// bot knows of an exchange.
///
/// # Panics
/// As [`Schedule::occurrence`], only for a `count` reaching past chrono's calendar range.
pub fn calendar(
    schedule: &Schedule,
    count: u32,
    uid: &str,
    summary: &str,
    description: &str,
    dtstamp: DateTime<Utc>,
) -> String {
    let count = count.max(1);
    let tzid = schedule.tz().name();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    vtimezone(schedule, count, &mut lines);
    lines.extend([
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(uid)),
        format!("DTSTAMP:{}", dtstamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID={tzid}:{}", local_stamp(schedule.anchor())),
        format!("RRULE:{}", rrule(schedule, count)),
        format!("SUMMARY:{}", escape_text(summary)),
    ]);
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(description)));
    }
    lines.extend(["END:VEVENT".to_owned(), "END:VCALENDAR".to_owned()]);
    let mut out = String::new();
    for line in &lines {
        out.push_str(&fold(line));
        out.push_str("\r\n");
    }
    out
}

/// The `RRULE` value for `count` exchanges of `schedule`.
fn rrule(schedule: &Schedule, count: u32) -> String {
    let cadence = schedule.cadence();
    let freq = match cadence {
        Cadence::Days(_) => "DAILY",
        Cadence::Weeks(_) => "WEEKLY",
        Cadence::Months(_) => "MONTHLY",
    };
    let mut rule = format!("FREQ={freq};INTERVAL={};COUNT={count}", cadence.every());
    let day = schedule.anchor().day();
    if matches!(cadence, Cadence::Months(_)) && day > 28 {
        // The anchor's day where the month has it, else the month's last day.
        let days: Vec<String> = (28..=day).map(|d| d.to_string()).collect();
        rule.push_str(&format!(";BYMONTHDAY={};BYSETPOS=-1", days.join(",")));
    }
    rule
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

/// Appends a `VTIMEZONE` for the schedule's zone covering its first `count` exchanges: the
/// offset change in force at the first exchange, then every change up to the last, grouped into
/// one `STANDARD`/`DAYLIGHT` observance per kind of change with explicit `RDATE`s.
fn vtimezone(schedule: &Schedule, count: u32, lines: &mut Vec<String>) {
    let tz = schedule.tz();
    let first = schedule.occurrence(0);
    let last = schedule.occurrence(count - 1);
    let before = transitions(tz, first - Duration::days(LOOK_BACK_DAYS), first);
    let mut all: Vec<Transition> = before.last().cloned().into_iter().collect();
    all.extend(transitions(tz, first, last));
    if all.is_empty() {
        // No change in years: one observance from the epoch.
        let (offset, dst, name) = offset_at(tz, first);
        all.push(Transition {
            at: Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap()
                - Duration::seconds(offset.into()),
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
mod tests {
    use super::*;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Paris;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
    }

    fn weekly_paris() -> Schedule {
        Schedule::new(local("2026-03-17 10:00"), Paris, Cadence::WEEKLY)
    }

    fn monthly_31st() -> Schedule {
        Schedule::new(local("2026-01-31 18:00"), Paris, Cadence::MONTHLY)
    }

    /// Content lines, unfolded.
    fn unfold(text: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for physical in text.split("\r\n") {
            match physical.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None if !physical.is_empty() => lines.push(physical.to_owned()),
                None => {}
            }
        }
        lines
    }

    fn value<'a>(lines: &'a [String], name: &str) -> &'a str {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name}"))
    }

    /// Expands the event's DTSTART and RRULE with an independent RFC 5545 implementation.
    fn expand(text: &str) -> Vec<DateTime<Utc>> {
        let lines = unfold(text);
        let event = &lines[lines.iter().position(|l| l == "BEGIN:VEVENT").unwrap()..];
        let dtstart = event.iter().find(|l| l.starts_with("DTSTART")).unwrap();
        let rule = event.iter().find(|l| l.starts_with("RRULE:")).unwrap();
        let set: rrule::RRuleSet = format!("{dtstart}\n{rule}").parse().unwrap();
        set.all(u16::MAX)
            .dates
            .into_iter()
            .map(|d| d.with_timezone(&Utc))
            .collect()
    }

    /// Reads the VTIMEZONE back: (onset instant, offset before, offset after), sorted.
    fn onsets(text: &str) -> Vec<(DateTime<Utc>, i64, i64)> {
        let parse_offset = |v: &str| {
            let sign = if v.starts_with('-') { -1 } else { 1 };
            let d: Vec<i64> = v.as_bytes()[1..]
                .chunks(2)
                .map(|c| std::str::from_utf8(c).unwrap().parse().unwrap())
                .collect();
            sign * (d[0] * 3600 + d[1] * 60 + d.get(2).copied().unwrap_or(0))
        };
        let parse_local = |v: &str| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").unwrap();
        let mut out = Vec::new();
        let (mut starts, mut from, mut to) = (Vec::new(), 0, 0);
        for line in unfold(text) {
            if line == "BEGIN:STANDARD" || line == "BEGIN:DAYLIGHT" {
                starts.clear();
            } else if let Some(v) = line.strip_prefix("DTSTART:") {
                starts.push(parse_local(v));
            } else if let Some(v) = line.strip_prefix("RDATE:") {
                starts.extend(v.split(',').map(parse_local));
            } else if let Some(v) = line.strip_prefix("TZOFFSETFROM:") {
                from = parse_offset(v);
            } else if let Some(v) = line.strip_prefix("TZOFFSETTO:") {
                to = parse_offset(v);
            } else if line == "END:STANDARD" || line == "END:DAYLIGHT" {
                for s in &starts {
                    out.push(((*s - Duration::seconds(from)).and_utc(), from, to));
                }
            }
        }
        out.sort();
        out
    }

    /// Resolves a wall time with the VTIMEZONE alone, by RFC 5545's rules (a gap uses the
    /// offset before it; an overlap the first instant).
    fn resolve_with(onsets: &[(DateTime<Utc>, i64, i64)], wall: NaiveDateTime) -> DateTime<Utc> {
        let offset_at = |u: DateTime<Utc>| {
            onsets
                .iter()
                .rev()
                .find(|o| o.0 <= u)
                .map(|o| o.2)
                .expect("instant not covered by VTIMEZONE")
        };
        let mut candidates: Vec<DateTime<Utc>> = onsets
            .iter()
            .flat_map(|o| [o.1, o.2])
            .map(|off| (wall - Duration::seconds(off)).and_utc())
            .filter(|u| u.naive_utc() + Duration::seconds(offset_at(*u)) == wall)
            .collect();
        candidates.sort();
        match candidates.first() {
            Some(u) => *u,
            None => {
                let gap = onsets
                    .iter()
                    .find(|o| {
                        let start = o.0.naive_utc() + Duration::seconds(o.1);
                        let end = o.0.naive_utc() + Duration::seconds(o.2);
                        start <= wall && wall < end
                    })
                    .unwrap();
                (wall - Duration::seconds(gap.1)).and_utc()
            }
        }
    }

    fn check_against_schedule(s: &Schedule, count: u32) {
        let text = calendar(s, count, "uid-1@suivi", "Échange", "", stamp());
        let wanted: Vec<DateTime<Utc>> = (0..count).map(|n| s.occurrence(n)).collect();
        assert_eq!(expand(&text), wanted, "RRULE expansion\n{text}");
        let onsets = onsets(&text);
        for n in 0..count {
            assert_eq!(
                resolve_with(&onsets, s.local_occurrence(n)),
                s.occurrence(n),
                "VTIMEZONE, n = {n}\n{text}"
            );
        }
    }

    #[test]
    fn weekly_paris_expands_to_the_schedule_across_dst() {
        // 17 March 2026 to early 2028: four changes in the span.
        check_against_schedule(&weekly_paris(), 100);
    }

    #[test]
    fn monthly_31st_expands_to_the_schedule() {
        check_against_schedule(&monthly_31st(), 30);
        let text = calendar(&monthly_31st(), 30, "u", "s", "", stamp());
        assert!(text.contains(
            "RRULE:FREQ=MONTHLY;INTERVAL=1;COUNT=30;BYMONTHDAY=28,29,30,31;BYSETPOS=-1\r\n"
        ));
        let thirtieth = Schedule::new(local("2027-11-30 09:15"), Paris, Cadence::Months(2));
        check_against_schedule(&thirtieth, 20);
        let leap = Schedule::new(local("2028-02-29 09:15"), New_York, Cadence::Months(12));
        check_against_schedule(&leap, 5);
    }

    #[test]
    fn other_cadences_and_zones_expand_to_the_schedule() {
        check_against_schedule(
            &Schedule::new(local("2026-02-24 09:00"), New_York, Cadence::BIWEEKLY),
            40,
        );
        check_against_schedule(
            &Schedule::new(local("2026-10-20 19:30"), Paris, Cadence::Days(3)),
            60,
        );
        check_against_schedule(
            &Schedule::new(
                local("2026-09-01 08:00"),
                chrono_tz::Australia::Sydney,
                Cadence::WEEKLY,
            ),
            30,
        );
        check_against_schedule(
            &Schedule::new(
                local("2026-09-01 08:00"),
                chrono_tz::Asia::Tokyo,
                Cadence::MONTHLY,
            ),
            12,
        );
    }

    #[test]
    fn the_vtimezone_alone_resolves_gaps_and_overlaps_as_the_bot_does() {
        // Every Sunday 02:30 Paris: 29 March 2026 is in the gap, 25 October in the overlap.
        let s = Schedule::new(local("2026-03-01 02:30"), Paris, Cadence::WEEKLY);
        check_against_schedule(&s, 60);
        let text = calendar(&s, 60, "u", "s", "", stamp());
        let onsets = onsets(&text);
        for n in 0..60 {
            assert_eq!(
                resolve_with(&onsets, s.local_occurrence(n)),
                s.occurrence(n),
                "n = {n}"
            );
        }
    }

    #[test]
    fn layout_and_properties() {
        let text = calendar(
            &weekly_paris(),
            10,
            "abc@suivi",
            "Échange avec Lina",
            "Visio",
            stamp(),
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(!text.replace("\r\n", "").contains('\r'));
        let lines = unfold(&text);
        assert_eq!(
            value(&lines, "DTSTART;TZID="),
            "Europe/Paris:20260317T100000"
        );
        assert_eq!(value(&lines, "RRULE:"), "FREQ=WEEKLY;INTERVAL=1;COUNT=10");
        assert_eq!(value(&lines, "DTSTAMP:"), "20260310T120000Z");
        assert_eq!(value(&lines, "UID:"), "abc@suivi");
        assert_eq!(value(&lines, "SUMMARY:"), "Échange avec Lina");
        assert_eq!(value(&lines, "DESCRIPTION:"), "Visio");
        assert_eq!(value(&lines, "TZID:"), "Europe/Paris");
        // In force on 17 March: the October 2025 change to CET; then March 2026 to CEST.
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20251026T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
        ));
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
        ));
        let long = calendar(&weekly_paris(), 100, "u", "s", "", stamp());
        assert!(
            long.contains("DTSTART:20251026T030000\r\nRDATE:20261025T030000,20271031T030000\r\n")
        );
        assert_eq!(
            calendar(&weekly_paris(), 0, "u", "s", "", stamp())
                .matches("COUNT=1\r\n")
                .count(),
            1
        );
    }

    #[test]
    fn zones_without_changes_get_one_observance() {
        let s = Schedule::new(
            local("2026-09-01 08:00"),
            chrono_tz::Asia::Tokyo,
            Cadence::WEEKLY,
        );
        let text = calendar(&s, 5, "u", "s", "", stamp());
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\n"
        ));
    }

    #[test]
    fn text_is_escaped_and_folded_without_splitting_characters() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        let description =
            "Prochaine étape : finir le dossier, puis l'envoyer ; « merci » 🎉\n".repeat(8);
        let text = calendar(&weekly_paris(), 3, "u", "s", &description, stamp());
        for physical in text.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical:?}",
                physical.len()
            );
        }
        let lines = unfold(&text);
        assert_eq!(value(&lines, "DESCRIPTION:"), escape_text(&description));
        assert_eq!(utc_offset(-16_200), "-0430");
        assert_eq!(utc_offset(561), "+000921");
    }
}
