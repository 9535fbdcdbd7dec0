//! The advisor digest: where every beneficiary stands, most urgent first — blocked tasks and
//! what is in the way, questions waiting for an answer, messages that could not be delivered
//! or were skipped, a wish to stop or doubts about continuing, the next exchange, task
//! progress at a glance (`▰▰▰▱▱ 3/5`), new answers, relay consent, a synthesis to read. A
//! period with nothing new is one short line.
//!
//! Confidentiality is decided here, by the caller's view: blockers and syntheses are shown
//! only when the reader is the beneficiary's own advisor (a coordinator sees that a task is
//! blocked, not why). Pure: no I/O, "now" and the reader's zone come in.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::agreement::Continue;
use super::checkin::TaskStatus;
use super::prompt::{Arg, Msg};

/// One beneficiary, as the digest sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub name: String,
    /// Whose beneficiary this is (a coordinator's view names the advisor).
    pub advisor_name: String,
    /// Whether the reader is this beneficiary's advisor (confidential parts shown).
    pub own: bool,
    pub paused: bool,
    /// (task, status, what is in the way)
    pub tasks: Vec<(String, TaskStatus, Option<String>)>,
    pub waiting_since: Option<DateTime<Utc>>,
    pub missed: u32,
    pub wants: Option<Continue>,
    pub next_exchange: Option<DateTime<Utc>>,
    pub new_answers: u32,
    /// Relay consent and its date.
    pub relay: Option<(bool, DateTime<Utc>)>,
    pub synthesis: Option<String>,
    /// When this support's data will be purged, if that is within the warning period.
    pub purge_on: Option<DateTime<Utc>>,
    /// Exchanges that did not take place, as the advisor answered after them.
    pub not_held: Vec<DateTime<Utc>>,
    /// Exchanges before which a check-in went unanswered (closed as missed).
    pub checkins_missed: Vec<DateTime<Utc>>,
    /// What could not be delivered, and to whom (never its text); `missed` counts them.
    pub missed_what: Vec<Missed>,
}

/// Messages of one kind to one side that could not be delivered or came too late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    /// The delivery's kind: "reminder", "checkin", "nudge", "prompt"…
    pub kind: String,
    /// Whether they were for the beneficiary (else for the advisor).
    pub to_beneficiary: bool,
    pub count: u32,
}

/// Where a digest's counts start: the weekly digest before it, or the start of the support
/// when there was none. On-demand and weekly digests count from the same mark.
pub fn mark(since: Option<DateTime<Utc>>, tz: Tz) -> Msg {
    match since {
        Some(at) => Msg::new("digest-mark")
            .text("mark", "weekly")
            .arg("since", Arg::When(at, tz)),
        None => Msg::new("digest-mark")
            .text("mark", "start")
            .text("since", ""),
    }
}

/// Whether two instants fall in the same week (Monday to Sunday) in `tz`: two weekly digests
/// never do.
pub fn same_week(a: DateTime<Utc>, b: DateTime<Utc>, tz: Tz) -> bool {
    a.with_timezone(&tz).iso_week() == b.with_timezone(&tz).iso_week()
}

impl Standing {
    fn blocked(&self) -> usize {
        self.tasks
            .iter()
            .filter(|(_, s, _)| *s == TaskStatus::Blocked)
            .count()
    }

    /// Higher is more urgent.
    fn urgency(&self) -> u32 {
        let wants = match self.wants {
            Some(Continue::No) => 30,
            Some(Continue::NotSure) => 20,
            _ => 0,
        };
        self.blocked() as u32 * 100
            + u32::from(self.waiting_since.is_some()) * 40
            + self.missed.min(9) * 10
            + wants
            + u32::from(self.synthesis.is_some() && self.own) * 5
            + u32::from(self.purge_on.is_some()) * 15
            + (self.not_held.len() + self.checkins_missed.len()).min(9) as u32 * 10
    }

    fn has_news(&self) -> bool {
        self.urgency() > 0 || self.new_answers > 0
    }
}

/// "▰▰▰▱▱ 3/5": done tasks over all, at most ten cells.
pub fn progress_bar(done: usize, total: usize) -> String {
    if total == 0 {
        return String::new();
    }
    let cells = total.min(10);
    let filled = (done * cells + total / 2) / total;
    let filled = filled.min(cells);
    format!(
        "{}{} {done}/{total}",
        "▰".repeat(filled),
        "▱".repeat(cells - filled)
    )
}

/// The digest's paragraphs, most urgent beneficiary first; each beneficiary is one paragraph
/// (a split never cuts one).
///
/// `since` is the mark the counts start from ([`mark`]): the previous weekly digest, or the
/// start of the support.
pub fn digest(
    mut items: Vec<Standing>,
    tz: Tz,
    coordinator_view: bool,
    since: Option<DateTime<Utc>>,
) -> Vec<Msg> {
    let count = items.len() as i64;
    if items.is_empty() {
        return vec![Msg::new("digest-empty")];
    }
    if !items.iter().any(Standing::has_news) {
        return vec![Msg::new("digest-nothing-new")
            .arg("count", Arg::Num(count))
            .arg("mark", Arg::Msg(Box::new(mark(since, tz))))];
    }
    items.sort_by(|a, b| b.urgency().cmp(&a.urgency()).then(a.name.cmp(&b.name)));
    let mut out = vec![Msg::new("digest-title")
        .arg("count", Arg::Num(count))
        .arg("mark", Arg::Msg(Box::new(mark(since, tz))))];
    out.extend(items.iter().map(|s| item(s, tz, coordinator_view)));
    out
}

fn item(s: &Standing, tz: Tz, coordinator_view: bool) -> Msg {
    let done = s
        .tasks
        .iter()
        .filter(|(_, st, _)| *st == TaskStatus::Done)
        .count();
    let mut lines = Vec::new();
    if coordinator_view {
        lines.push(Msg::new("digest-advisor").text("advisor", s.advisor_name.clone()));
    }
    if s.paused {
        lines.push(Msg::new("digest-paused"));
    }
    for (task, status, blocker) in &s.tasks {
        if *status != TaskStatus::Blocked {
            continue;
        }
        lines.push(match (blocker, s.own) {
            (Some(b), true) => Msg::new("digest-blocked")
                .text("task", task.clone())
                .text("blocker", b.clone()),
            _ => Msg::new("digest-blocked-no-detail").text("task", task.clone()),
        });
    }
    if let Some(since) = s.waiting_since {
        lines.push(Msg::new("digest-waiting").arg("since", Arg::When(since, tz)));
    }
    if s.missed > 0 {
        let what = s
            .missed_what
            .iter()
            .map(|m| {
                let whom = match (m.to_beneficiary, s.name.trim().is_empty()) {
                    (false, _) => "advisor",
                    (true, false) => "beneficiary",
                    (true, true) => "unnamed",
                };
                Msg::new("digest-missed-item")
                    .text("kind", m.kind.clone())
                    .arg("count", Arg::Num(i64::from(m.count)))
                    .text("whom", whom)
                    .text("name", s.name.clone())
            })
            .collect();
        lines.push(
            Msg::new("digest-missed")
                .arg("count", Arg::Num(i64::from(s.missed)))
                .arg("what", Arg::Msgs(what)),
        );
    }
    for at in &s.not_held {
        lines.push(Msg::new("digest-after-not-held").arg("when", Arg::When(*at, tz)));
    }
    for at in &s.checkins_missed {
        lines.push(Msg::new("digest-after-checkin-missed").arg("when", Arg::When(*at, tz)));
    }
    match s.wants {
        Some(Continue::No) => lines.push(Msg::new("digest-wants-stop")),
        Some(Continue::NotSure) => lines.push(Msg::new("digest-wants-unsure")),
        _ => {}
    }
    if let Some(next) = s.next_exchange {
        lines.push(Msg::new("digest-next").arg("when", Arg::When(next, tz)));
    }
    if s.new_answers > 0 {
        lines.push(Msg::new("digest-new-answers").arg("count", Arg::Num(i64::from(s.new_answers))));
    }
    if let Some((relay, at)) = s.relay {
        let id = if relay {
            "digest-relay-yes"
        } else {
            "digest-relay-no"
        };
        lines.push(Msg::new(id).arg("since", Arg::When(at, tz)));
    }
    if let Some(at) = s.purge_on {
        lines.push(Msg::new("digest-purge-soon").arg("when", Arg::When(at, tz)));
    }
    if let (Some(text), true) = (&s.synthesis, s.own) {
        lines.push(Msg::new("digest-synthesis").text("text", text.clone()));
    }
    Msg::new("digest-item")
        .text("name", s.name.clone())
        .text("bar", progress_bar(done, s.tasks.len()))
        .arg("lines", Arg::Block(lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(name: &str) -> Standing {
        Standing {
            name: name.into(),
            advisor_name: "Claire".into(),
            own: true,
            paused: false,
            tasks: vec![
                ("écrire au maire".into(), TaskStatus::Done, None),
                ("budget".into(), TaskStatus::InProgress, None),
            ],
            waiting_since: None,
            missed: 0,
            wants: None,
            next_exchange: None,
            new_answers: 0,
            relay: None,
            synthesis: None,
            purge_on: None,
            not_held: Vec::new(),
            checkins_missed: Vec::new(),
            missed_what: Vec::new(),
        }
    }

    #[test]
    fn the_bar_shows_progress_at_a_glance() {
        assert_eq!(progress_bar(3, 5), "▰▰▰▱▱ 3/5");
        assert_eq!(progress_bar(0, 2), "▱▱ 0/2");
        assert_eq!(progress_bar(20, 20), "▰▰▰▰▰▰▰▰▰▰ 20/20");
        assert_eq!(progress_bar(0, 0), "");
    }

    #[test]
    fn blocked_comes_first_and_its_reason_only_for_the_advisor() {
        let calm = standing("Awa");
        let mut blocked = standing("Moussa");
        blocked.tasks[1] = (
            "budget".into(),
            TaskStatus::Blocked,
            Some("personne à qui demander".into()),
        );
        let out = digest(
            vec![calm.clone(), blocked.clone()],
            chrono_tz::Europe::Paris,
            false,
            None,
        );
        assert_eq!(out[0].id, "digest-title");
        let first = &out[1];
        assert!(format!("{first:?}").contains("Moussa"));
        assert!(format!("{first:?}").contains("personne à qui demander"));
        // A coordinator who is not the advisor sees the block, not why.
        blocked.own = false;
        let out = digest(vec![calm, blocked], chrono_tz::Europe::Paris, true, None);
        assert!(!format!("{out:?}").contains("personne à qui demander"));
        assert!(format!("{out:?}").contains("digest-blocked-no-detail"));
    }

    #[test]
    fn exchanges_that_did_not_take_place_are_news() {
        let mut awa = standing("Awa");
        let at = "2026-12-01T09:00:00Z".parse().unwrap();
        awa.not_held.push(at);
        awa.checkins_missed.push(at);
        let out = digest(
            vec![standing("Moussa"), awa],
            chrono_tz::Europe::Paris,
            false,
            None,
        );
        assert_eq!(out[0].id, "digest-title");
        let first = format!("{:?}", out[1]);
        assert!(first.contains("Awa"), "{first}");
        assert!(first.contains("digest-after-not-held"), "{first}");
        assert!(first.contains("digest-after-checkin-missed"), "{first}");
    }

    #[test]
    fn counts_say_where_they_start() {
        let mut s = standing("Awa");
        s.new_answers = 2;
        let paris = chrono_tz::Europe::Paris;
        let first = format!("{:?}", digest(vec![s.clone()], paris, false, None));
        assert!(first.contains("\"start\""), "{first}");
        let at: DateTime<Utc> = "2026-11-30T08:00:00Z".parse().expect("an instant");
        let later = format!("{:?}", digest(vec![s], paris, false, Some(at)));
        assert!(later.contains("\"weekly\""), "{later}");
    }

    #[test]
    fn weeks_are_read_in_the_zone() {
        let monday: DateTime<Utc> = "2026-11-30T08:00:00Z".parse().expect("an instant");
        let same_day_later = monday + chrono::Duration::hours(6);
        let next_monday = monday + chrono::Duration::days(7);
        assert!(same_week(
            monday,
            same_day_later,
            chrono_tz::America::New_York
        ));
        assert!(!same_week(monday, next_monday, chrono_tz::Europe::Paris));
    }

    #[test]
    fn nothing_new_is_one_short_line() {
        let out = digest(
            vec![standing("Awa"), standing("Moussa")],
            chrono_tz::Europe::Paris,
            false,
            None,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].id, "digest-nothing-new");
    }
}
