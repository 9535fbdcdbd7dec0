//! The follow-up when things change: sends that fail, a question that never arrived, a
//! support paused, resumed or ended, consent withdrawn, two processes writing at once, a crash
//! while sending. Through the real service, a real SQLite file, the real dispatcher and a clock
//! the tests move.

use chrono::Duration;
use suivi::clock::Clock;
use suivi::conversation::{Change, DeskError};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::outbox::SendError;
use suivi::store::DeliveryKind::{self, Notice, Prompt, Reminder};
use suivi::store::DeliveryStatus;

use crate::common::*;

const TRANSIENT: SendError = SendError::Transient { retry_after: None };

#[tokio::test]
async fn a_transient_failure_is_retried_after_its_backoff_and_delivered_once() {
    let env = env().await;
    let live = Live::start(&env).await;
    live.notifier.fail(Some(BENEFICIARY), 2, TRANSIENT);
    let (_, t0) = started(&env, Lang::Fr).await;
    live.settle().await;
    let store = live.desk.store();
    let id = live.notifier.tries()[0].delivery;
    // Tried once and failed at t0; the retry waits 2 s (± 25 %), doubling after each try.
    for (tries, (low, high)) in [(1, (1500, 2500)), (2, (3000, 5000))] {
        let row = store.delivery(id).await.unwrap().unwrap();
        assert_eq!((row.status, row.attempts), (DeliveryStatus::Planned, tries));
        let due = at(&row.due_at);
        let last = live.notifier.tries().last().unwrap().at;
        let wait = (due - last).num_milliseconds();
        assert!((low..=high).contains(&wait), "try {tries}: waits {wait} ms");
        env.clock.set(due - Duration::milliseconds(1));
        live.settle().await;
        assert_eq!(
            live.notifier.tries().len(),
            tries as usize,
            "not before the backoff"
        );
        env.clock.set(due);
        live.settle().await;
    }
    let row = store.delivery(id).await.unwrap().unwrap();
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Sent, 3));
    let tries = live.notifier.tries();
    assert_eq!(
        tries.iter().map(|t| t.ok).collect::<Vec<_>>(),
        [false, false, true]
    );
    assert!(tries
        .iter()
        .all(|t| t.nonce == tries[0].nonce && t.delivery == id));
    assert!(tries[0].at == t0 && tries[2].at > t0 + Duration::milliseconds(4500));
    assert_eq!(live.notifier.sent(BENEFICIARY, Prompt).len(), 1);
    assert!(live.notifier.sent(ADVISOR, Notice).is_empty());
}

#[tokio::test]
async fn a_failure_that_lasts_is_recorded_and_the_advisor_told() {
    let env = env().await;
    let live = Live::start(&env).await;
    live.notifier.fail(Some(BENEFICIARY), usize::MAX, TRANSIENT);
    let (_, t0) = started(&env, Lang::En).await;
    live.run_for(Duration::minutes(30)).await;
    let tries = live.notifier.tries();
    let to_b: Vec<&Seen> = tries.iter().filter(|t| t.to == BENEFICIARY).collect();
    assert_eq!(to_b.len(), 6, "max_attempts is 6: {to_b:#?}");
    let row = live
        .desk
        .store()
        .delivery(to_b[0].delivery)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.status, row.attempts, row.last_error.as_deref()),
        (DeliveryStatus::Failed, 6, Some("transient"))
    );
    // Backoff doubles: about 2, 4, 8, 16 and 32 s between tries.
    for (k, pair) in to_b.windows(2).enumerate() {
        let wait = (pair[1].at - pair[0].at).num_milliseconds();
        let base = 2000 << k;
        assert!(wait >= base * 3 / 4 && wait <= base * 5 / 4, "{k}: {wait}");
    }
    let told = live.notifier.sent(ADVISOR, Notice);
    assert_eq!(told.len(), 1);
    assert_eq!(
        told[0].text,
        "A message for Moussa could not be delivered (their direct messages may be closed, or Discord refused it). Please get in touch with them another way."
    );
    assert!(told[0].at > t0 + Duration::seconds(45));
}

#[tokio::test]
async fn closed_direct_messages_fail_at_once_and_the_advisor_is_told() {
    let env = env().await;
    let live = Live::start(&env).await;
    live.notifier
        .fail(Some(BENEFICIARY), 1, SendError::DmClosed);
    started(&env, Lang::Fr).await;
    live.settle().await;
    let rows = deliveries(live.desk.store(), BENEFICIARY, Prompt).await;
    assert_eq!(
        (
            rows[0].status,
            rows[0].attempts,
            rows[0].last_error.as_deref()
        ),
        (DeliveryStatus::Failed, 1, Some("dm_closed"))
    );
    let told = live.notifier.sent(ADVISOR, Notice);
    assert_eq!(told.len(), 1);
    assert!(
        told[0]
            .text
            .starts_with("Je ne peux pas envoyer de message privé à Moussa")
            && told[0].text.contains("salon de secours"),
        "{}",
        told[0].text
    );
}

/// (step, version) of a conversation.
async fn at_step(env: &Env, closing: i64) -> (String, i64) {
    let row = env
        .desk
        .store()
        .conversation(closing)
        .await
        .unwrap()
        .unwrap();
    (row.step, row.version)
}

async fn answers_count(env: &Env) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_question_that_never_arrived_is_sent_again_before_an_answer_is_taken() {
    let env = env().await;
    let live = Live::start(&env).await;
    let (closing, _) = started(&env, Lang::Fr).await;
    live.settle().await;
    live.notifier.fail(Some(BENEFICIARY), 1, SendError::Gone);
    env.choose(closing, Lang::Fr, "yes").await;
    live.settle().await;
    let last_to_b = |live: &Live| {
        let tries = live.notifier.tries();
        tries
            .into_iter()
            .rev()
            .find(|t| t.to == BENEFICIARY)
            .unwrap()
    };
    let lost = last_to_b(&live);
    assert!(!lost.ok && lost.text.contains("Vous reste-t-il des questions"));
    let before = (at_step(&env, closing).await, answers_count(&env).await);

    // The beneficiary writes anyway (through the bot's own service, the one that rings).
    let err = live
        .desk
        .text_from(&beneficiary(Lang::Fr), FR.questions)
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Undelivered), "{err:?}");
    assert!(env
        .i18n
        .text(Lang::Fr, err.message_id())
        .starts_with("Votre message n’a pas été enregistré"));
    assert_eq!(
        (at_step(&env, closing).await, answers_count(&env).await),
        before
    );
    assert_eq!(before.0 .0, "review_questions");
    live.settle().await;
    let again = last_to_b(&live);
    assert!(again.ok);
    assert_eq!(
        (again.delivery, &again.nonce, &again.text),
        (lost.delivery, &lost.nonce, &lost.text)
    );
    // Now it is there: the next message is the answer.
    live.desk
        .text_from(&beneficiary(Lang::Fr), FR.questions)
        .await
        .unwrap();
    assert_eq!(
        env.answer(closing, "review_questions").await.as_deref(),
        Some(FR.questions)
    );
}

/// Every letter to `to` of `kind`, as text.
fn letters(live: &Live, to: u64, kind: DeliveryKind) -> Vec<String> {
    live.notifier
        .sent(to, kind)
        .into_iter()
        .filter(|s| !crate::after_exchange::is_after_question(s))
        .map(|s| s.text)
        .collect()
}

/// (due, status) of the reminders, both sides, oldest first.
async fn reminder_rows(live: &Live) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT due_at, status FROM deliveries WHERE kind = 'reminder' ORDER BY due_at, id",
    )
    .fetch_all(live.desk.store().pool())
    .await
    .unwrap()
}

async fn statuses(live: &Live) -> (String, String) {
    sqlx::query_as(
        "SELECT s.status, a.status FROM supports s JOIN agreements a ON a.support_id = s.id",
    )
    .fetch_one(live.desk.store().pool())
    .await
    .unwrap()
}

fn rows(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(d, s)| (d.to_string(), s.to_string()))
        .collect()
}

#[tokio::test]
async fn a_paused_support_sends_nothing_until_resumed_and_an_ended_one_nothing_more() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    let claire = advisor(Lang::Fr);
    live.desk
        .change_support(GUILD, &claire, Some(BENEFICIARY), Change::Pause)
        .await
        .unwrap();
    live.run_for(Duration::weeks(5)).await;
    // The four reminders of the first exchange were cancelled by the pause; cancelled rows
    // are pruned after `[outbox] keep_days` (30): nothing is left, nothing was planned.
    assert_eq!(
        reminder_rows(&live).await,
        rows(&[]),
        "nothing planned while paused"
    );
    assert!(live.notifier.sent(BENEFICIARY, Reminder).is_empty());
    assert!(live.notifier.sent(ADVISOR, Reminder).is_empty());
    assert_eq!(
        letters(&live, BENEFICIARY, Notice),
        ["Claire a mis l’appui en pause. Aucun rappel ne sera envoyé avant la reprise (/appui reprendre)."]
    );

    // Resumed on Saturday 2 January: the next exchange is Tuesday 12 January.
    assert_eq!(env.clock.now(), at("2027-01-02T10:00:00Z"));
    live.desk
        .change_support(GUILD, &claire, Some(BENEFICIARY), Change::Resume)
        .await
        .unwrap();
    live.settle().await;
    assert!(letters(&live, BENEFICIARY, Notice)[1].starts_with("Claire a repris l’appui."));
    let planned: Vec<_> = reminder_rows(&live).await;
    assert_eq!(
        planned,
        rows(&[
            ("2027-01-11T09:00:00.000Z", "planned"),
            ("2027-01-11T09:00:00.000Z", "planned"),
            ("2027-01-12T08:00:00.000Z", "planned"),
            ("2027-01-12T08:00:00.000Z", "planned"),
        ])
    );
    live.run_until(at("2027-01-12T09:00:00Z")).await;
    let got = letters(&live, BENEFICIARY, Reminder);
    assert_eq!(got.len(), 2);
    assert!(
        got[1].contains("dans 1 heure, le mardi 12 janvier 2027 à 10\u{202f}h"),
        "{}",
        got[1]
    );

    // Ended by the beneficiary: the advisor is told, and nothing more is sent.
    live.desk
        .change_support(GUILD, &beneficiary(Lang::Fr), None, Change::End)
        .await
        .unwrap();
    let before = live.notifier.tries().len();
    live.run_for(Duration::weeks(8)).await;
    let after = live.notifier.tries();
    assert_eq!(after.len(), before + 1, "{:#?}", &after[before..]);
    assert_eq!(
        after[before].text,
        "Moussa a mis fin à l’appui. Plus aucun message ne sera envoyé à son sujet."
    );
    assert_eq!(statuses(&live).await, ("ended".into(), "ended".into()));
    // What is left (sent and cancelled rows older than 30 days are pruned) was cancelled.
    let left: Vec<_> = reminder_rows(&live).await;
    assert!(left.iter().all(|(_, s)| s == "cancelled"), "{left:?}");
}

#[tokio::test]
async fn withdrawing_the_relay_consent_is_dated_and_the_advisor_told() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    let agreed_at = "2026-11-28T10:00:00.000Z";
    env.clock.set(at("2026-12-03T16:20:00Z"));
    live.desk
        .set_relay_consent(GUILD, &beneficiary(Lang::Fr), false)
        .await
        .unwrap();
    live.settle().await;
    let support = live
        .desk
        .support_of(GUILD, BENEFICIARY, None)
        .await
        .unwrap();
    assert_eq!(
        live.desk.store().consent_events(support.id).await.unwrap(),
        [
            (true, agreed_at.to_owned()),
            (false, "2026-12-03T16:20:00.000Z".to_owned())
        ]
    );
    let a = live
        .desk
        .store()
        .active_agreement(support.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!a.relay_consent);
    assert_eq!(a.relay_consent_at, "2026-12-03T16:20:00.000Z");
    let told = letters(&live, ADVISOR, Notice);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].starts_with("Moussa a retiré son accord") && told[0].contains("ne relayez plus"),
        "{}",
        told[0]
    );
}

#[tokio::test]
async fn choosing_not_to_continue_ends_the_support_after_the_recap() {
    let env = env().await;
    let live = Live::start(&env).await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    env.choose(closing, Lang::Fr, "edit").await;
    env.choose(closing, Lang::Fr, "review_continue").await;
    let recap = env.choose(closing, Lang::Fr, "no").await;
    assert!(
        recap.contains("Ce récapitulatif vous convient-il"),
        "{recap}"
    );
    agree(&env, closing, Lang::Fr, Lang::Fr, &FR).await;
    live.run_for(Duration::weeks(6)).await;
    assert_eq!(count_kind(live.desk.store(), Reminder).await, 0);
    let (support, active): (String, i64) = sqlx::query_as(
        "SELECT status, (SELECT COUNT(*) FROM agreements WHERE status = 'active') FROM supports",
    )
    .fetch_one(live.desk.store().pool())
    .await
    .unwrap();
    assert_eq!((support.as_str(), active), ("ended", 0));
    let to_advisor = letters(&live, ADVISOR, Prompt);
    let last = to_advisor.last().unwrap();
    assert!(
        last.contains("Moussa a choisi de ne pas poursuivre l’appui.")
            && last.contains("aucun rappel ne sera envoyé"),
        "{last}"
    );
    assert!(live.notifier.tries().iter().all(|t| t.kind != Reminder));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_file_lose_no_input() {
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    env.choose(closing, Lang::Fr, "yes").await;
    env.say(closing, &beneficiary(Lang::Fr), Input::Skip)
        .await
        .unwrap();
    env.choose(closing, Lang::Fr, "yes").await;
    // The bot and a console: two services, two pools, one file.
    let bot = live_desk(&env).await;
    let console = live_desk(&env).await;
    let me = beneficiary(Lang::Fr);
    let answers = [
        (
            "Rédiger la convention avec la commune de Thiès",
            "Écrire au maire de Thiès pour fixer une date",
        ),
        (
            "Un traducteur wolof et deux jours de bénévolat",
            "Former un binôme pour le suivi sur place",
        ),
    ];
    let mut fields = Vec::new();
    for (a, b) in answers {
        let (_, v0) = at_step(&env, closing).await;
        let (ra, rb) = tokio::join!(
            bot.text_from(&me, a),
            console.input(closing, &me, Input::Text(b.into())),
        );
        let mut applied = 0;
        for r in [&ra, &rb] {
            match r {
                Ok(_) => applied += 1,
                // Refused and told, never applied to the next question: the one that lost a
                // race answered a question that was no longer asked.
                Err(DeskError::Busy | DeskError::Moved) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        let (_, v1) = at_step(&env, closing).await;
        assert_eq!(v1 - v0, applied, "one saved state per applied input");
        let given: Vec<&str> = [(a, &ra), (b, &rb)]
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(t, _)| *t)
            .collect();
        fields.push(given);
    }
    // Whatever the order, every applied answer is in the answers log and the state.
    let log: Vec<(String, String)> = sqlx::query_as(
        "SELECT field, value FROM answers WHERE conversation_id = $1 ORDER BY answered_at, field",
    )
    .bind(closing)
    .fetch_all(env.desk.store().pool())
    .await
    .unwrap();
    let state = env
        .desk
        .store()
        .conversation(closing)
        .await
        .unwrap()
        .unwrap()
        .state;
    let applied: Vec<&str> = fields.concat();
    for text in &applied {
        assert!(log.iter().any(|(_, v)| v == text), "{text} lost: {log:#?}");
        assert!(state.contains(text), "{text} missing from the saved state");
    }
    let expected_step = [
        "next_step",
        "tasks",
        "means",
        "future_needs",
        "called_on_for",
    ][applied.len()];
    assert_eq!(at_step(&env, closing).await.0, expected_step);
}
