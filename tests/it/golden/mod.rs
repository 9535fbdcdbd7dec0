//! Golden files of what is saved: conversation states (`conversations.state`) and delivery
//! payloads (`deliveries.payload`), as written by the code of their version, under
//! `tests/golden/`. Every later version must read them all (`v0/` holds rows saved before
//! states and payloads carried a version), and today's writer must still produce today's files
//! byte for byte: a change of shape shows here, and comes with a new version, its migration
//! (`conversation::saved`, `Payload::from_json`) and a new golden directory — never by
//! rewriting the files of a version already shipped.
//!
//! To write a new version's files: bump the version, then run this module once with
//! `SUIVI_WRITE_GOLDEN=1` (it writes only the files of the current version).

use std::path::PathBuf;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};
use suivi::conversation::saved::{read_state, write_state, STATE_VERSION};
use suivi::conversation::{Calendar, DigestScope, State};
use suivi::domain::agreement::Frequency;
use suivi::domain::answer::OwnWordsPolicy;
use suivi::domain::cadence::{Cadence, Schedule};
use suivi::domain::checkin::{CheckIn, CheckStep, TaskItem, TaskStatus};
use suivi::domain::closing::{Closing, Ctx, Input, Step, DATE_KEEP};
use suivi::domain::opening::Opening;
use suivi::domain::prompt::{Arg, Expect, Msg};
use suivi::domain::talk::Conversation;
use suivi::i18n::{I18n, Lang};
use suivi::outbox::payload::PAYLOAD_VERSION;
use suivi::outbox::Payload;

use crate::common::start;

const ADVISOR: u64 = 1;
const BENEFICIARY: u64 = 2;
const NEXT_STEP: &str = "Rédiger une convention avec la commune";
const TASK: &str = "écrire au maire";
/// A Wednesday, while the rhythm is "every Tuesday": off the rhythm.
const FIRST: &str = "2026-12-02 10:00";

fn dir(kind: &str, version: u64) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(kind)
        .join(format!("v{version}"))
}

fn read(kind: &str, version: u64, name: &str) -> String {
    let path = dir(kind, version).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Today's bytes must be the committed ones; `SUIVI_WRITE_GOLDEN=1` writes them instead.
fn same_as_golden(kind: &str, version: u64, name: &str, written: &str) {
    let path = dir(kind, version).join(name);
    if std::env::var_os("SUIVI_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(dir(kind, version)).unwrap();
        std::fs::write(&path, written).unwrap();
        return;
    }
    let golden = read(kind, version, name);
    assert_eq!(
        written,
        golden,
        "{} changed shape: keep this file, add v{} with a migration",
        path.display(),
        version + 1
    );
}

fn ctx<'a>(policy: &'a OwnWordsPolicy, i18n: &'a I18n) -> Ctx<'a> {
    Ctx {
        now: start(),
        policy,
        texts: i18n,
        order: suivi::domain::when::DateOrder::DayFirst,
    }
}

/// The real closing engine, answered as a beneficiary would, up to `target`; the first
/// exchange typed is off a "every Tuesday" rhythm, and is kept (then the rhythm).
fn closing_at(target: Step) -> Closing {
    let (policy, i18n) = (OwnWordsPolicy::default(), I18n::load().unwrap());
    let ctx = ctx(&policy, &i18n);
    let mut c = Closing::new(
        ADVISOR,
        BENEFICIARY,
        Some(String::from("Trouver un local")),
        true,
        "• relire vos documents".into(),
        chrono_tz::Europe::Paris,
    );
    for _ in 0..40 {
        if c.step == target {
            return c;
        }
        if c.step == Step::Recap && c.answers.advisor_commitments.is_none() {
            let mine = Input::AdvisorCommitments(String::from("Relire la convention avant mardi"));
            c.apply(ADVISOR, mine, &ctx).unwrap();
        }
        let input = match (c.step, c.current().expect) {
            (Step::ReviewQuestions | Step::FutureNeeds, _) => Input::Skip,
            (Step::Frequency, _) => Input::Choice(String::from("custom")),
            (Step::CustomFrequency, _) => Input::Text(String::from("tous les mardis")),
            (Step::FirstExchange, _) => Input::Text(String::from(FIRST)),
            (Step::FirstExchangeCheck, _) => Input::Choice(String::from(DATE_KEEP)),
            (Step::Recap, _) => Input::Choice(String::from("confirm")),
            (Step::Tasks, _) => Input::Text(String::from(TASK)),
            (_, Expect::Text) => Input::Text(String::from(NEXT_STEP)),
            (_, Expect::One(opts) | Expect::OneOrText(opts)) => Input::Choice(opts[0].id.clone()),
            (_, Expect::Many(opts)) => Input::Choices(vec![opts[0].id.clone()]),
            (step, Expect::Nothing) => panic!("stuck at {step:?}"),
        };
        c.apply(BENEFICIARY, input, &ctx).unwrap();
    }
    panic!("never reached {target:?}, stopped at {:?}", c.step);
}

fn opening_answered() -> Opening {
    let i18n = I18n::load().unwrap();
    let mut o = Opening::new(ADVISOR, BENEFICIARY);
    o.apply(
        BENEFICIARY,
        Input::Text(String::from("Trouver un local pour l'association")),
        &OwnWordsPolicy::default(),
        &i18n,
    )
    .unwrap();
    o
}

/// A check-in of two tasks, the first answered with its first status.
fn checkin_second_task() -> CheckIn {
    let (policy, i18n) = (OwnWordsPolicy::default(), I18n::load().unwrap());
    let task = |id, text: &str| TaskItem {
        id,
        text: text.into(),
        status: TaskStatus::NotStarted,
        blocker: None,
    };
    let mut c = CheckIn::new(
        ADVISOR,
        BENEFICIARY,
        String::from("Camille"),
        vec![task(11, TASK), task(12, "appeler la mairie")],
    );
    let Expect::One(opts) = c.current().expect else {
        panic!("a task's status is one choice");
    };
    c.apply(
        BENEFICIARY,
        Input::Choice(opts[0].id.clone()),
        &ctx(&policy, &i18n),
    )
    .unwrap();
    c
}

/// Today's states, by file name.
fn states() -> Vec<(&'static str, State)> {
    let closing = |step| State::Closing(Box::new(closing_at(step)));
    vec![
        ("closing_review.json", closing(Step::ReviewMatch)),
        ("closing_read_back.json", closing(Step::FirstExchangeCheck)),
        ("closing_off_rhythm_kept.json", closing(Step::ExchangeMeans)),
        (
            "closing_awaiting_advisor.json",
            closing(Step::AwaitingAdvisor),
        ),
        ("opening.json", State::Opening(opening_answered())),
        (
            "checkin.json",
            State::Checkin(Box::new(checkin_second_task())),
        ),
    ]
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Today's payloads, one per kind, by file name.
fn payloads() -> Vec<(&'static str, Payload)> {
    let prompts = vec![closing_at(Step::FirstExchangeCheck).current()];
    let first = NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap();
    let calendar = Calendar {
        schedule: Schedule::new(first, chrono_tz::Europe::Paris, Cadence::WEEKLY),
        uid: String::from("agreement-7@suivi"),
        stamp: at("2026-11-28T10:00:00Z"),
        people: Some((String::from("Alex"), String::from("Camille"))),
        means: vec![Msg::new("means-inline-phone")],
    };
    vec![
        (
            "prompts.json",
            Payload::Prompts {
                lang: Lang::Fr,
                prompts: prompts.clone(),
                calendar: Some(calendar),
            },
        ),
        (
            "nudge.json",
            Payload::Nudge {
                lang: Lang::En,
                prompts,
            },
        ),
        (
            "reminder.json",
            Payload::Reminder {
                exchange: at("2026-12-01T09:00:00Z"),
                lead_minutes: 60,
            },
        ),
        (
            "notice.json",
            Payload::Notice {
                msg: Msg::new("checkin-blocked-advisor-no-detail")
                    .arg("beneficiary", Arg::Text(String::from("Camille")))
                    .arg("task", Arg::Text(String::from(TASK))),
            },
        ),
        ("check_in.json", Payload::CheckIn),
        (
            "digest.json",
            Payload::Digest {
                scope: DigestScope::Server { guild: 42 },
                coordinator: true,
                since: Some(at("2026-11-21T08:00:00Z")),
            },
        ),
        (
            "after.json",
            Payload::After {
                exchange: at("2026-12-01T09:00:00Z"),
            },
        ),
    ]
}

#[test]
fn todays_writer_produces_the_committed_state_files_byte_for_byte() {
    for (name, state) in states() {
        let written = write_state(&state).unwrap();
        same_as_golden("state", STATE_VERSION, name, &written);
    }
}

#[test]
fn todays_writer_produces_the_committed_payload_files_byte_for_byte() {
    for (name, payload) in payloads() {
        same_as_golden("payload", PAYLOAD_VERSION, name, &payload.to_json());
    }
}

fn closing(kind_version: u64, name: &str) -> Closing {
    match read_state(&read("state", kind_version, name)).unwrap() {
        State::Closing(c) => *c,
        other => panic!("{name}: not a closing: {other:?}"),
    }
}

#[test]
fn every_saved_closing_reads_back_at_its_step_with_its_answers() {
    let first: NaiveDateTime = NaiveDateTime::parse_from_str(FIRST, "%Y-%m-%d %H:%M").unwrap();
    for v in 1..=STATE_VERSION {
        let c = closing(v, "closing_review.json");
        assert_eq!(
            (c.step, c.advisor, c.beneficiary),
            (Step::ReviewMatch, 1, 2)
        );
        assert_eq!(c.expectations.as_deref(), Some("Trouver un local"));
        assert_eq!(c.answers.next_step, None);

        let c = closing(v, "closing_read_back.json");
        assert_eq!(c.step, Step::FirstExchangeCheck);
        let typed = c.answers.first_exchange.as_ref().map(|f| f.local);
        assert_eq!(typed, Some(first));
        assert_eq!(c.answers.frequency, Some(Frequency::Custom));
        assert_eq!(c.answers.rhythm_weekday, Some(Weekday::Tue));
        assert_eq!(c.answers.rhythm_from, None, "not chosen yet");
        let next = c.answers.next_step.as_ref().map(|a| a.as_str());
        assert_eq!(next, Some(NEXT_STEP));
        let tasks: Vec<&str> = c.answers.tasks.iter().map(|a| a.as_str()).collect();
        assert_eq!(tasks, [TASK]);
        assert!(c.question > 0, "questions are numbered");

        // "Keep this date, then the rhythm": the rhythm starts on the next Tuesday.
        let c = closing(v, "closing_off_rhythm_kept.json");
        assert_eq!(c.step, Step::ExchangeMeans);
        let from = c.answers.rhythm_from.expect("the rhythm's start is kept");
        assert_eq!(from.weekday(), Weekday::Tue);
        assert!(from > first && from - first < chrono::Duration::days(7));
        assert_eq!(from.time(), first.time());

        let c = closing(v, "closing_awaiting_advisor.json");
        assert_eq!(c.step, Step::AwaitingAdvisor);
        assert!(c.beneficiary_confirmed_at.is_some());
        assert_eq!(c.advisor_confirmed_at, None);
        assert!(c.answers.rhythm_from.is_some());
        assert!(!c.answers.exchange_means.is_empty());
        assert!(c.answers.commitments.is_some());
        let advisor = c.answers.advisor_commitments.as_ref().map(|a| a.as_str());
        assert_eq!(advisor, Some("Relire la convention avant mardi"));
    }
}

#[test]
fn every_saved_opening_and_checkin_reads_back() {
    for v in 1..=STATE_VERSION {
        let State::Opening(o) = read_state(&read("state", v, "opening.json")).unwrap() else {
            panic!("opening.json: not an opening");
        };
        assert!(o.is_done());
        let said = o.expectations.as_ref().map(|a| a.as_str());
        assert_eq!(said, Some("Trouver un local pour l'association"));

        let State::Checkin(c) = read_state(&read("state", v, "checkin.json")).unwrap() else {
            panic!("checkin.json: not a check-in");
        };
        assert_eq!(c.step, CheckStep::Task(1));
        assert_eq!(c.beneficiary_name, "Camille");
        let tasks: Vec<(i64, &str)> = c.tasks.iter().map(|t| (t.id, t.text.as_str())).collect();
        assert_eq!(tasks, [(11, TASK), (12, "appeler la mairie")]);
        assert_ne!(c.tasks[0].status, TaskStatus::NotStarted, "answered");
        assert_eq!(c.tasks[1].status, TaskStatus::NotStarted);
        // Version 2 numbers every kind's questions; version 1 numbered the closing's only.
        let numbered = (v >= 2).then_some(1);
        assert_eq!(c.question, numbered, "v{v}");
    }
}

#[test]
fn every_saved_payload_reads_back_with_its_fields() {
    for v in 1..=PAYLOAD_VERSION {
        let p = |name: &str| Payload::from_json(&read("payload", v, name)).unwrap();
        let Payload::Prompts {
            lang,
            prompts,
            calendar,
        } = p("prompts.json")
        else {
            panic!("prompts.json");
        };
        assert_eq!((lang, prompts.len()), (Lang::Fr, 1));
        assert_eq!(prompts[0].body[0].id, "closing-date-readback");
        let calendar = calendar.expect("the agreement's calendar");
        assert_eq!(calendar.uid, "agreement-7@suivi");
        assert_eq!(calendar.schedule.cadence(), Cadence::WEEKLY);

        let Payload::Nudge { lang, prompts } = p("nudge.json") else {
            panic!("nudge.json");
        };
        assert_eq!((lang, prompts.len()), (Lang::En, 1));

        let exchange = at("2026-12-01T09:00:00Z");
        let reminder = Payload::Reminder {
            exchange,
            lead_minutes: 60,
        };
        assert_eq!(p("reminder.json"), reminder);
        let Payload::Notice { msg } = p("notice.json") else {
            panic!("notice.json");
        };
        assert_eq!(msg.id, "checkin-blocked-advisor-no-detail");
        assert_eq!(p("check_in.json"), Payload::CheckIn);
        let Payload::Digest {
            scope,
            coordinator,
            since,
        } = p("digest.json")
        else {
            panic!("digest.json");
        };
        assert_eq!(scope, DigestScope::Server { guild: 42 });
        assert!(coordinator);
        assert_eq!(since, Some(at("2026-11-21T08:00:00Z")));
        assert_eq!(p("after.json"), Payload::After { exchange });
    }
}

mod legacy;
