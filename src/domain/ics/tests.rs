//! Tests of [`super`]: the calendar files it writes (line folding, escaping, the `RRULE` and the
//! generated `VTIMEZONE`) against the schedule's own occurrences. Test-only; kept apart so the
//! module itself stays short.

use super::*;
use crate::domain::cadence::Cadence;
use chrono_tz::America::New_York;
use chrono_tz::Europe::Paris;

pub(super) fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub(super) fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

fn weekly_paris() -> Schedule {
    Schedule::new(local("2026-03-17 10:00"), Paris, Cadence::WEEKLY)
}

fn monthly_31st() -> Schedule {
    Schedule::new(local("2026-01-31 18:00"), Paris, Cadence::MONTHLY)
}

/// Content lines, unfolded.
pub(super) fn unfold(text: &str) -> Vec<String> {
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

pub(super) fn value<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(name))
        .unwrap_or_else(|| panic!("no {name}"))
}

/// Expands the event's DTSTART and RRULE with an independent RFC 5545 implementation.
pub(super) fn expand(text: &str) -> Vec<DateTime<Utc>> {
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
pub(super) fn onsets(text: &str) -> Vec<(DateTime<Utc>, i64, i64)> {
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
pub(super) fn resolve_with(
    onsets: &[(DateTime<Utc>, i64, i64)],
    wall: NaiveDateTime,
) -> DateTime<Utc> {
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
    assert!(text
        .contains("RRULE:FREQ=MONTHLY;INTERVAL=1;COUNT=30;BYMONTHDAY=28,29,30,31;BYSETPOS=-1\r\n"));
    let thirtieth = Schedule::new(
        local("2027-11-30 09:15"),
        Paris,
        Cadence::months(2).unwrap(),
    );
    check_against_schedule(&thirtieth, 20);
    let leap = Schedule::new(
        local("2028-02-29 09:15"),
        New_York,
        Cadence::months(12).unwrap(),
    );
    check_against_schedule(&leap, 5);
}

#[test]
fn other_cadences_and_zones_expand_to_the_schedule() {
    check_against_schedule(
        &Schedule::new(local("2026-02-24 09:00"), New_York, Cadence::BIWEEKLY),
        40,
    );
    check_against_schedule(
        &Schedule::new(local("2026-10-20 19:30"), Paris, Cadence::days(3).unwrap()),
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
    assert!(long.contains("DTSTART:20251026T030000\r\nRDATE:20261025T030000,20271031T030000\r\n"));
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
