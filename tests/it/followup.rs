//! The follow-up between exchanges, through the real service, a real SQLite file, the real
//! dispatcher and a clock the tests move: reminders, daylight-saving changes, downtimes,
//! nudges, failures and retries, and the calendar file against the reminders.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use suivi::conversation::Calendar;
use suivi::domain::cadence::{Cadence, Schedule};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::outbox::payload::nonce_of;
use suivi::outbox::plan::{next_reminders, Sides};
use suivi::store::DeliveryKind::{Nudge, Prompt, Reminder};
use suivi::store::DeliveryStatus;

use crate::common::*;

const NEW_YORK: Tz = chrono_tz::America::New_York;

fn texts(seen: &[Seen]) -> Vec<(DateTime<Utc>, &str)> {
    seen.iter().map(|s| (s.at, s.text.as_str())).collect()
}

#[tokio::test]
async fn each_side_is_reminded_in_their_language_and_zone_one_exchange_at_a_time() {
    let (_env, live) = agreed(Lang::Fr, Lang::En).await;
    // The advisor moves to New York after the agreement: reminders follow them.
    live.desk
        .set_timezone(&advisor(Lang::En), NEW_YORK)
        .await
        .unwrap();
    live.settle().await;
    assert_eq!(count_kind(live.desk.store(), Reminder).await, 4);

    live.run_until(at("2026-12-01T08:59:59Z")).await;
    let fr = |lead: &str, day: &str| {
        format!(
            "Rappel\u{202f}: votre prochain échange avec Claire a lieu {lead}, le mardi {day} décembre 2026 à 10\u{202f}h, heure de Paris.\n\
             Moyens\u{202f}: courriel et en présentiel.\nVos engagements\u{202f}: {}\nSes engagements\u{202f}: {}",
            FR.commitments, FR.advisor_commitments
        )
    };
    let en = |lead: &str, day: &str| {
        format!(
            "Reminder: your next exchange with Moussa is {lead}, on Tuesday, December {day}, 2026 at 4:00 AM, New York time.\n\
             Means: email and in person.\nYour commitments: {}\nTheir commitments: {}",
            FR.advisor_commitments, FR.commitments
        )
    };
    let n = live.notifier.sent(BENEFICIARY, Reminder);
    assert_eq!(
        texts(&n),
        [
            (at("2026-11-30T09:00:00Z"), fr("demain", "1er").as_str()),
            (
                at("2026-12-01T08:00:00Z"),
                fr("dans 1 heure", "1er").as_str()
            ),
        ]
    );
    let n = live.notifier.sent(ADVISOR, Reminder);
    assert_eq!(
        texts(&n),
        [
            (at("2026-11-30T09:00:00Z"), en("tomorrow", "1").as_str()),
            (at("2026-12-01T08:00:00Z"), en("in 1 hour", "1").as_str()),
        ]
    );
    // Rolling horizon: the exchange of 15 December is planned once the first one has passed.
    assert_eq!(count_kind(live.desk.store(), Reminder).await, 4);
    live.run_until(at("2026-12-01T09:00:00Z")).await;
    assert_eq!(count_kind(live.desk.store(), Reminder).await, 8);
    live.run_until(at("2026-12-15T09:00:00Z")).await;
    assert_eq!(count_kind(live.desk.store(), Reminder).await, 12);

    let n = live.notifier.sent(BENEFICIARY, Reminder);
    assert_eq!(n.len(), 4);
    assert_eq!(n[2].at, at("2026-12-14T09:00:00Z"));
    assert_eq!(n[3].text, fr("dans 1 heure", "15"));
    assert_eq!(
        live.notifier.sent(ADVISOR, Reminder)[3].text,
        en("in 1 hour", "15")
    );
    let rows = deliveries(live.desk.store(), BENEFICIARY, Reminder).await;
    assert!(
        rows[..4].iter().all(|r| r.status == DeliveryStatus::Sent),
        "{rows:#?}"
    );
}

/// One closing agreed in `tz` (the beneficiary's, set before it starts) weekly at 10:00 on the
/// Tuesday after `start`: the one-hour reminders of its first two exchanges to the beneficiary,
/// as (sent at, text).
async fn one_hour_reminders(start: DateTime<Utc>, tz: Tz) -> Vec<(DateTime<Utc>, String)> {
    let env = env().await;
    env.clock.set(start);
    let live = Live::start(&env).await;
    live.desk
        .set_timezone(&beneficiary(Lang::En), tz)
        .await
        .unwrap();
    let (closing, _) = to_recap(&env, Lang::En, &EN, false).await;
    env.choose(closing, Lang::En, "edit").await;
    env.choose(closing, Lang::En, "frequency").await;
    let recap = env.choose(closing, Lang::En, "weekly").await;
    assert!(
        recap.contains("The next exchanges take place every week"),
        "{recap}"
    );
    agree(&env, closing, Lang::En, Lang::En, &EN).await;
    live.run_for(Duration::days(11)).await;
    live.notifier
        .sent(BENEFICIARY, Reminder)
        .into_iter()
        .filter(|s| s.text.contains(" is in 1 hour, "))
        .map(|s| (s.at, s.text))
        .collect()
}

#[tokio::test]
async fn reminders_keep_the_agreed_wall_time_across_daylight_saving_changes() {
    const PARIS: Tz = chrono_tz::Europe::Paris;
    // All in 2027: (start, zone, [(day of the exchange, its one-hour reminder in UTC)]).
    let cases = [
        // Paris springs forward on Sunday 28 March: 10:00 is 09:00 UTC, then 08:00 UTC.
        (
            "03-20T10:00",
            PARIS,
            [("March 23", "03-23T08:00"), ("March 30", "03-30T07:00")],
        ),
        // Paris falls back on Sunday 31 October: 08:00 UTC, then 09:00 UTC.
        (
            "10-23T10:00",
            PARIS,
            [("October 26", "10-26T07:00"), ("November 2", "11-02T08:00")],
        ),
        // New York springs forward on Sunday 14 March: 15:00 UTC, then 14:00 UTC.
        (
            "03-06T15:00",
            NEW_YORK,
            [("March 9", "03-09T14:00"), ("March 16", "03-16T13:00")],
        ),
        // New York falls back on Sunday 7 November: 14:00 UTC, then 15:00 UTC.
        (
            "10-30T15:00",
            NEW_YORK,
            [("November 2", "11-02T13:00"), ("November 9", "11-09T14:00")],
        ),
    ];
    let in_2027 = |s: &str| at(&format!("2027-{s}:00Z"));
    let i18n = suivi::i18n::I18n::load().unwrap();
    for (start, tz, expected) in cases {
        let got = one_hour_reminders(in_2027(start), tz).await;
        assert_eq!(got.len(), 2, "{start}: {got:#?}");
        for ((sent, text), (day, utc)) in got.iter().zip(expected) {
            assert_eq!(*sent, in_2027(utc), "{start}: {text}");
            let when = format!(
                "is in 1 hour, on Tuesday, {day}, 2027 at 10:00 AM, {}.",
                i18n.zone(Lang::En, tz)
            );
            assert!(text.contains(&when), "{text}");
        }
    }
}

/// (status, last_error) of the reminders to `to`, oldest due first.
async fn reminder_states(live: &Live, to: u64) -> Vec<(String, DeliveryStatus, Option<String>)> {
    deliveries(live.desk.store(), to, Reminder)
        .await
        .into_iter()
        .map(|d| (d.due_at, d.status, d.last_error))
        .collect()
}

fn state(
    due: &str,
    status: DeliveryStatus,
    error: Option<&str>,
) -> (String, DeliveryStatus, Option<String>) {
    (due.into(), status, error.map(Into::into))
}

#[tokio::test]
async fn after_an_hour_down_the_day_before_reminder_is_sent_once_late() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    let (desk, notifier) = live.stop().await;
    // Down from before the 24 h reminder (30 November 09:00 UTC) until an hour after it.
    env.clock.set(at("2026-11-30T10:00:00Z"));
    let live = Live::start_on(&env, desk, notifier);
    live.settle().await;
    for to in [BENEFICIARY, ADVISOR] {
        let sent = live.notifier.sent(to, Reminder);
        assert_eq!(sent.len(), 1, "{sent:#?}");
        assert_eq!(sent[0].at, at("2026-11-30T10:00:00Z"));
    }
    assert!(live.notifier.sent(BENEFICIARY, Reminder)[0]
        .text
        .contains("a lieu demain, le mardi 1er décembre 2026 à 10\u{202f}h"));
    live.run_until(at("2026-12-01T09:00:00Z")).await;
    for to in [BENEFICIARY, ADVISOR] {
        let sent = live.notifier.sent(to, Reminder);
        assert_eq!(
            sent.len(),
            2,
            "once late, then the one-hour reminder: {sent:#?}"
        );
        assert_eq!(sent[1].at, at("2026-12-01T08:00:00Z"));
        assert_eq!(
            reminder_states(&live, to).await[..2],
            [
                state("2026-11-30T09:00:00.000Z", DeliveryStatus::Sent, None),
                state("2026-12-01T08:00:00.000Z", DeliveryStatus::Sent, None)
            ]
        );
    }
}

#[tokio::test]
async fn after_a_week_down_nothing_stale_is_sent_and_no_burst() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    let (desk, notifier) = live.stop().await;
    // Down over the whole first exchange (1 December): its reminders are no use any more.
    env.clock.set(at("2026-12-05T10:00:00Z"));
    let live = Live::start_on(&env, desk, notifier);
    live.settle().await;
    assert!(live.notifier.sent(BENEFICIARY, Reminder).is_empty());
    assert!(live.notifier.sent(ADVISOR, Reminder).is_empty());
    let (desk, notifier) = live.stop().await;
    // Down again for ten days, until half an hour before the exchange of 15 December: both
    // its reminders fell due; only the latest is worth sending, once.
    env.clock.set(at("2026-12-15T08:30:00Z"));
    let live = Live::start_on(&env, desk, notifier);
    live.run_until(at("2026-12-20T00:00:00Z")).await;
    for to in [BENEFICIARY, ADVISOR] {
        let sent = live.notifier.sent(to, Reminder);
        assert_eq!(sent.len(), 1, "{sent:#?}");
        assert_eq!(sent[0].at, at("2026-12-15T08:30:00Z"));
        assert!(
            sent[0].text.contains("15 décembre 2026 à 10\u{202f}h"),
            "{}",
            sent[0].text
        );
        assert!(sent[0].text.contains("dans 1 heure"), "{}", sent[0].text);
        assert_eq!(
            reminder_states(&live, to).await[..4],
            [
                state(
                    "2026-11-30T09:00:00.000Z",
                    DeliveryStatus::Skipped,
                    Some("stale")
                ),
                state(
                    "2026-12-01T08:00:00.000Z",
                    DeliveryStatus::Skipped,
                    Some("stale")
                ),
                state(
                    "2026-12-14T09:00:00.000Z",
                    DeliveryStatus::Skipped,
                    Some("stale")
                ),
                state("2026-12-15T08:00:00.000Z", DeliveryStatus::Sent, None),
            ]
        );
    }
}

/// The notifier's letters of `kind` to the beneficiary, as text.
fn to_beneficiary(live: &Live, kind: suivi::store::DeliveryKind) -> Vec<String> {
    live.notifier
        .sent(BENEFICIARY, kind)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[tokio::test]
async fn an_unanswered_question_is_asked_again_once() {
    let env = env().await;
    let live = Live::start(&env).await;
    // The beneficiary presses Start: the first question goes out through the outbox.
    let (closing, t0) = started(&env, Lang::Fr).await;
    live.run_until(t0 + Duration::hours(47)).await;
    assert_eq!(to_beneficiary(&live, Prompt).len(), 1);
    assert!(to_beneficiary(&live, Nudge).is_empty());
    live.run_until(t0 + Duration::hours(48)).await;
    let nudges = live.notifier.sent(BENEFICIARY, Nudge);
    assert_eq!(nudges.len(), 1);
    assert_eq!(nudges[0].at, t0 + Duration::hours(48));
    assert!(
        nudges[0]
            .text
            .starts_with("Petit rappel\u{202f}: cette question attend toujours votre réponse"),
        "{}",
        nudges[0].text
    );
    assert!(nudges[0]
        .text
        .contains("correspondaient-ils à vos attentes"));
    // Never a second time, however long it waits.
    live.run_for(Duration::weeks(3)).await;
    assert_eq!(to_beneficiary(&live, Nudge).len(), 1);

    // Answered: the next question's nudge is planned, and cancelled by an answer before it.
    env.choose(closing, Lang::Fr, "yes").await;
    live.run_for(Duration::hours(24)).await;
    env.say(closing, &beneficiary(Lang::Fr), Input::Skip)
        .await
        .unwrap();
    live.run_for(Duration::hours(30)).await;
    assert_eq!(
        to_beneficiary(&live, Nudge).len(),
        1,
        "the answered question is not nudged"
    );
    let rows = deliveries(env.desk.store(), BENEFICIARY, Nudge).await;
    let statuses: Vec<DeliveryStatus> = rows.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            DeliveryStatus::Sent,
            DeliveryStatus::Cancelled,
            DeliveryStatus::Planned
        ],
        "{rows:#?}"
    );
    live.run_for(Duration::hours(18)).await;
    let nudges = to_beneficiary(&live, Nudge);
    assert_eq!(nudges.len(), 2);
    assert!(
        nudges[1].contains("Souhaitez-vous poursuivre l’appui"),
        "the question now waiting: {}",
        nudges[1]
    );
}

#[tokio::test]
async fn a_replaced_conversation_is_not_nudged() {
    let env = env().await;
    let live = Live::start(&env).await;
    let (opening, _) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr))
        .open_session()
        .await
        .unwrap();
    env.desk
        .current(opening, &beneficiary(Lang::Fr))
        .await
        .unwrap();
    live.settle().await;
    // The advisor closes the session before the expectations were given: the opening is
    // replaced, and only the question now waiting may be asked again.
    let (_, t0) = started(&env, Lang::Fr).await;
    live.run_until(t0 + Duration::days(7)).await;
    let nudges = to_beneficiary(&live, Nudge);
    assert_eq!(nudges.len(), 1, "{nudges:#?}");
    assert!(nudges[0].contains("correspondaient-ils à vos attentes"));
    let rows = deliveries(env.desk.store(), BENEFICIARY, Nudge).await;
    let of_opening: Vec<DeliveryStatus> = rows
        .iter()
        .filter(|r| r.conversation_id == Some(opening))
        .map(|r| r.status)
        .collect();
    assert_eq!(of_opening, [DeliveryStatus::Cancelled]);
}

#[tokio::test]
async fn a_delivery_claimed_before_a_crash_is_sent_again_at_start_with_the_same_nonce() {
    let env = env().await;
    let (closing, t0) = started(&env, Lang::Fr).await;
    // A dispatcher claimed the question and died before acknowledging it.
    let store = env.desk.store();
    let claimed = store
        .claim(t0, Duration::seconds(120), 8, suivi::store::Audience::All)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    // The dispatcher that starts is the only one for its audience: what was left claimed
    // belongs to a process that is gone, and is sent again at once, not after the lease.
    let live = Live::start(&env).await;
    live.settle().await;
    let sent = live.notifier.sent(BENEFICIARY, Prompt);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].at, t0);
    assert_eq!(sent[0].delivery, claimed[0].id);
    assert_eq!(sent[0].nonce, nonce_of(&claimed[0].key));
    assert!(sent[0].text.contains("correspondaient-ils à vos attentes"));
    let row = store.delivery(claimed[0].id).await.unwrap().unwrap();
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Sent, 2));

    // A crash in the middle of a send: the next dispatcher sends the same letter, same nonce.
    live.notifier.fault(Some(BENEFICIARY), 1, Fault::Hang);
    // Through the dispatcher's own service, whose bell wakes it (no settle: the send hangs).
    let yes = Input::Choice("yes".into());
    live.desk
        .input(closing, &beneficiary(Lang::Fr), yes)
        .await
        .unwrap();
    live.notifier.wait_tries(2).await;
    let (desk, notifier) = live.crash().await;
    let first = notifier.tries().last().unwrap().clone();
    assert!(!first.ok && first.text.contains("Vous reste-t-il des questions"));
    let live = Live::start_on(&env, desk, notifier);
    live.run_for(Duration::minutes(5)).await;
    let sent = live.notifier.sent(BENEFICIARY, Prompt);
    assert_eq!(sent.len(), 2);
    assert_eq!(
        (sent[1].delivery, &sent[1].nonce),
        (first.delivery, &first.nonce)
    );
}

#[tokio::test]
async fn a_reminder_claimed_before_a_crash_is_not_sent_after_its_exchange() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    // The one-hour reminders are being sent when the process dies, for a week.
    live.run_until(at("2026-12-01T07:59:00Z")).await;
    let before = live.notifier.tries().len();
    live.notifier.fault(None, usize::MAX, Fault::Hang);
    env.clock.set(at("2026-12-01T08:00:00Z"));
    live.notifier.wait_tries(before + 1).await;
    let (desk, _) = live.crash().await;
    let rows = deliveries(desk.store(), BENEFICIARY, Reminder).await;
    assert!(
        rows.iter().any(|r| r.status == DeliveryStatus::Claimed),
        "{rows:#?}"
    );
    env.clock.set(at("2026-12-08T10:00:00Z"));
    let live = Live::start_on(&env, desk, TestNotifier::new(&env));
    live.settle().await;
    // (The advisor's weekly digest, due during the downtime, is still worth sending once, and
    // so is the question whether the exchange held meanwhile took place.)
    let late: Vec<_> = live
        .notifier
        .tries()
        .into_iter()
        .filter(|s| s.kind != suivi::store::DeliveryKind::Digest)
        .filter(|s| !crate::after_exchange::is_after_question(s))
        .collect();
    assert!(
        late.is_empty(),
        "a reminder for an exchange already held: {late:#?}"
    );
    for to in [BENEFICIARY, ADVISOR] {
        let states = reminder_states(&live, to).await;
        assert_eq!(
            states[1],
            state(
                "2026-12-01T08:00:00.000Z",
                DeliveryStatus::Skipped,
                Some("stale")
            )
        );
    }
}

#[test]
fn the_calendar_file_lists_exactly_the_exchanges_reminded_about() {
    let i18n = suivi::i18n::I18n::load().unwrap();
    let paris = chrono_tz::Europe::Paris;
    let schedules = [
        Schedule::new(
            "2027-03-16T10:00:00".parse().unwrap(),
            paris,
            Cadence::WEEKLY,
        ),
        Schedule::new(
            "2027-10-05T18:30:00".parse().unwrap(),
            NEW_YORK,
            Cadence::BIWEEKLY,
        ),
        Schedule::new(
            "2027-01-31T09:00:00".parse().unwrap(),
            paris,
            Cadence::MONTHLY,
        ),
        // On 28 March, 02:30 in Paris does not exist: that exchange is at 03:30.
        Schedule::new(
            "2027-03-21T02:30:00".parse().unwrap(),
            paris,
            Cadence::WEEKLY,
        ),
    ];
    let sides = Sides {
        support: 1,
        advisor: ADVISOR,
        beneficiary: BENEFICIARY,
    };
    for schedule in schedules {
        // What the planner reminds about, one exchange after the other.
        let mut now: DateTime<Utc> = at("2027-01-01T00:00:00Z");
        let mut planned = Vec::new();
        for _ in 0..10 {
            let (ds, next) = next_reminders(sides, &schedule, &[1440, 60], now);
            let exchange = next.unwrap();
            // Four reminders, and (after the first exchange) the check-in half-way before it.
            let (checkins, ds): (Vec<_>, Vec<_>) = ds
                .into_iter()
                // (The question to the advisor after the exchange is no reminder.)
                .filter(|d| !d.key.starts_with("after:"))
                .partition(|d| d.kind == suivi::store::DeliveryKind::Checkin);
            assert_eq!(ds.len(), 4);
            assert!(checkins.len() <= 1);
            assert!(checkins.iter().all(|c| c.due > now && c.due < exchange));
            for d in &ds {
                assert_eq!(d.expires, Some(exchange));
                assert!(
                    d.due == exchange - Duration::hours(24)
                        || d.due == exchange - Duration::hours(1)
                );
            }
            planned.push(exchange);
            now = exchange;
        }
        let cal = Calendar {
            schedule: schedule.clone(),
            uid: "agreement-1@suivi".into(),
            stamp: now,
            people: None,
            means: Vec::new(),
        };
        let listed = ics_instants(&cal.ics(&i18n, Lang::Fr));
        assert_eq!(listed[..10], planned[..], "{schedule:?}");
    }
}

/// DTSTART and RRULE of the calendar's event, expanded by an independent implementation.
fn ics_instants(text: &str) -> Vec<DateTime<Utc>> {
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    let event = &lines[lines.iter().position(|l| *l == "BEGIN:VEVENT").unwrap()..];
    let dtstart = event.iter().find(|l| l.starts_with("DTSTART")).unwrap();
    let rule = event.iter().find(|l| l.starts_with("RRULE:")).unwrap();
    let set: rrule::RRuleSet = format!("{dtstart}\n{rule}").parse().unwrap();
    set.all(100)
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        .collect()
}
