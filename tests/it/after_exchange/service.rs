//! The question after an exchange and its answers, through the service and the dispatcher
//! (what each person would read comes from the test notifier).

use chrono::{DateTime, Duration, Utc};
use suivi::conversation::{AfterChoice, AfterDone, DeskError, DigestScope};
use suivi::domain::access::Actor;
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::store::DeliveryKind;

use crate::common::*;

/// The first agreed exchange: Tuesday 1 December 2026, 10:00 in Paris.
pub(super) fn first() -> DateTime<Utc> {
    at("2026-12-01T09:00:00Z")
}

/// How the question begins, in each language, for the first exchange.
fn question_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Votre échange avec Moussa était prévu le mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris. A-t-il eu lieu\u{202f}?",
        Lang::En | Lang::EnGb => "Your exchange with Moussa was planned on Tuesday, December 1, 2026 at 10:00 AM, Paris time. Did it take place?",
    }
}

fn labels(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Fr => vec![
            "Oui — clôturer maintenant",
            "Il a été déplacé",
            "Il n’a pas eu lieu",
        ],
        Lang::En | Lang::EnGb => vec![
            "Yes — close it now",
            "It was moved",
            "It did not take place",
        ],
    }
}

/// The questions after an exchange the advisor received.
fn questions(live: &Live) -> Vec<Seen> {
    live.notifier
        .sent(ADVISOR, DeliveryKind::Notice)
        .into_iter()
        .filter(|s| s.text.contains("était prévu le") || s.text.contains("was planned on"))
        .collect()
}

/// The row the question about the exchange at `exchange` stands on.
pub(super) async fn outcome_row(
    store: &suivi::store::Store,
    exchange: DateTime<Utc>,
) -> (i64, Option<String>, Option<String>) {
    let stamp = exchange.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sqlx::query_as(
        "SELECT id, outcome, checkin_missed_at FROM exchange_outcomes WHERE exchange_at = $1",
    )
    .bind(stamp)
    .fetch_one(store.pool())
    .await
    .unwrap()
}

async fn asked_once_after_the_exchange(lang: Lang) {
    let (_env, live) = agreed(lang, lang).await;
    live.run_until(first() + Duration::minutes(59)).await;
    assert!(questions(&live).is_empty(), "not before the grace");
    live.run_until(first() + Duration::hours(1)).await;
    let q = questions(&live);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].at, first() + Duration::hours(1));
    assert!(q[0].text.starts_with(question_text(lang)), "{}", q[0].text);
    assert_eq!(q[0].choices, labels(lang));
    // Days later, nothing asked again about that exchange.
    live.run_until(first() + Duration::days(3)).await;
    assert_eq!(questions(&live).len(), 1);
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_advisor_is_asked_once_after_the_exchange_in_french() {
    asked_once_after_the_exchange(Lang::Fr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_advisor_is_asked_once_after_the_exchange_in_english() {
    asked_once_after_the_exchange(Lang::En).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_before_the_question_still_asks_it_once() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    live.run_until(first() - Duration::minutes(30)).await;
    let (_, notifier) = live.stop().await;
    // A new process on the same file.
    let live = Live::start_on(&env, live_desk(&env).await, notifier);
    live.run_until(first() + Duration::hours(3)).await;
    assert_eq!(questions(&live).len(), 1);
    // And again after it was asked: not asked twice.
    let (_, notifier) = live.stop().await;
    let live = Live::start_on(&env, live_desk(&env).await, notifier);
    live.run_until(first() + Duration::days(1)).await;
    assert_eq!(questions(&live).len(), 1);
    live.stop().await;
}

async fn not_held_is_recorded_for_the_digest(lang: Lang) {
    let (_env, live) = agreed(lang, lang).await;
    live.run_until(first() + Duration::hours(1)).await;
    assert_eq!(questions(&live).len(), 1);
    let (row, outcome, _) = outcome_row(live.desk.store(), first()).await;
    assert_eq!(outcome, None);
    let me = advisor(lang);
    let done = live
        .desk
        .answer_after(row, &me, AfterChoice::NotHeld)
        .await
        .unwrap();
    let AfterDone::Recorded(msg) = done else {
        panic!("{done:?}")
    };
    let said = live.desk.i18n().msg(lang, &msg);
    let expected = match lang {
        Lang::Fr => "C’est noté\u{202f}: l’échange avec Moussa prévu le mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris n’a pas eu lieu.",
        Lang::En | Lang::EnGb => "Noted: the exchange with Moussa planned on Tuesday, December 1, 2026 at 10:00 AM, Paris time did not take place.",
    };
    assert!(said.starts_with(expected), "{said}");
    assert_eq!(
        outcome_row(live.desk.store(), first()).await.1.as_deref(),
        Some("not_held")
    );
    // A later click on the same question is refused, saying what was answered.
    let again = live
        .desk
        .answer_after(row, &me, AfterChoice::Held)
        .await
        .unwrap_err();
    let refused = live.desk.i18n().msg(lang, &again.msg());
    let expected = match lang {
        Lang::Fr => "Vous avez déjà répondu pour l’échange prévu le mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris\u{202f}: «\u{202f}Il n’a pas eu lieu\u{202f}».",
        Lang::En | Lang::EnGb => "You already answered for the exchange planned on Tuesday, December 1, 2026 at 10:00 AM, Paris time: \"It did not take place\".",
    };
    assert!(refused.starts_with(expected), "{refused}");
    assert_eq!(
        outcome_row(live.desk.store(), first()).await.1.as_deref(),
        Some("not_held"),
        "nothing changed"
    );
    // Someone else cannot answer it.
    let other = live
        .desk
        .answer_after(row, &beneficiary(lang), AfterChoice::Held)
        .await;
    assert!(matches!(
        other,
        Err(DeskError::Rejected(_) | DeskError::Invalid(_))
    ));
    // The digest says it.
    let digest = live
        .desk
        .digest_prompt(&Actor::person(ADVISOR), DigestScope::Mine, None)
        .await
        .unwrap();
    let text = live.desk.i18n().prompt_body(lang, &digest);
    let line = match lang {
        Lang::Fr => "✗ Échange du mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris\u{202f}: il n’a pas eu lieu.",
        Lang::En | Lang::EnGb => "✗ Exchange of Tuesday, December 1, 2026 at 10:00 AM, Paris time: it did not take place.",
    };
    assert!(text.contains(line), "{text}");
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exchange_that_did_not_take_place_shows_in_the_digest_in_french() {
    not_held_is_recorded_for_the_digest(Lang::Fr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exchange_that_did_not_take_place_shows_in_the_digest_in_english() {
    not_held_is_recorded_for_the_digest(Lang::En).await;
}

/// The new closing's own commitments, unlike the first agreement's.
fn new_commitments(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Fr => (
            "Présenter le budget au bureau avant la fin janvier",
            "Organiser une rencontre avec la région",
        ),
        Lang::En | Lang::EnGb => (
            "Present the budget to the board before the end of January",
            "Arrange a meeting with the region",
        ),
    }
}

/// The beneficiary answers the closing `cid` to its end with the new commitments; both sides
/// confirm.
async fn close_again(live: &Live, cid: i64, lang: Lang) {
    let s = if lang == Lang::Fr { &FR } else { &EN };
    let (theirs, mine) = new_commitments(lang);
    let b = beneficiary(lang);
    let a = advisor(lang);
    let say = |who: &suivi::conversation::Who, input: Input| {
        let who = who.clone();
        async move { live.desk.input(cid, &who, input).await.unwrap() }
    };
    let text = |t: &str| Input::Text(t.to_owned());
    let choice = |c: &str| Input::Choice(c.to_owned());
    say(&b, choice("partly")).await;
    say(&b, text(s.questions)).await;
    say(&b, choice("yes")).await;
    say(&b, text(s.next_step)).await;
    say(&b, text(s.tasks)).await;
    say(&b, text(s.means)).await;
    say(&b, text(s.future)).await;
    say(&b, choice("next")).await;
    say(&b, choice("yes")).await;
    say(&b, choice("biweekly")).await;
    say(&b, text(s.first)).await;
    say(&b, choice("date_ok")).await;
    say(&b, Input::Choices(vec!["email".into(), "in_person".into()])).await;
    say(&a, Input::AdvisorCommitments(mine.into())).await;
    say(&b, text(theirs)).await;
    say(&b, choice("confirm")).await;
    say(&a, Input::AdvisorConfirm).await;
    live.settle().await;
}

async fn yes_starts_the_closing_and_reminders_carry_the_new_commitments(lang: Lang) {
    let (env, live) = agreed(lang, lang).await;
    let s = if lang == Lang::Fr { &FR } else { &EN };
    live.run_until(first() + Duration::hours(1)).await;
    let (row, _, _) = outcome_row(live.desk.store(), first()).await;
    let done = live
        .desk
        .answer_after(row, &advisor(lang), AfterChoice::Held)
        .await
        .unwrap();
    let AfterDone::Closing { conversation, msg } = done else {
        panic!("{done:?}")
    };
    let said = live.desk.i18n().msg(lang, &msg);
    let expected = match lang {
        Lang::Fr => "La clôture du temps de travail avec Moussa commence",
        Lang::En | Lang::EnGb => "The closing of the work session with Moussa begins",
    };
    assert!(said.starts_with(expected), "{said}");
    live.settle().await;
    // Its first question reached the beneficiary, as if they had pressed Start.
    let prompts: Vec<Seen> = live
        .notifier
        .sent(BENEFICIARY, DeliveryKind::Prompt)
        .into_iter()
        .filter(|p| p.conversation == Some(conversation))
        .collect();
    assert_eq!(prompts.len(), 1, "{prompts:#?}");
    assert_eq!(env.step(conversation).await, "review_match");
    assert_eq!(
        outcome_row(live.desk.store(), first()).await.1.as_deref(),
        Some("held")
    );

    close_again(&live, conversation, lang).await;
    assert_eq!(env.step(conversation).await, "agreed");
    // Every reminder sent from now on carries the new commitments, never the old ones.
    let before = live.notifier.tries().len();
    live.run_for(Duration::days(30)).await;
    let reminders: Vec<Seen> = live.notifier.tries()[before..]
        .iter()
        .filter(|t| t.ok && t.kind == DeliveryKind::Reminder)
        .cloned()
        .collect();
    assert!(reminders.len() >= 4, "{reminders:#?}");
    let (theirs, mine) = new_commitments(lang);
    for r in &reminders {
        let expected = if r.to == BENEFICIARY { theirs } else { mine };
        assert!(r.text.contains(expected), "{}", r.text);
        assert!(!r.text.contains(s.commitments), "{}", r.text);
        assert!(!r.text.contains(s.advisor_commitments), "{}", r.text);
    }
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yes_starts_the_closing_and_later_reminders_carry_its_commitments_in_french() {
    yes_starts_the_closing_and_reminders_carry_the_new_commitments(Lang::Fr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yes_starts_the_closing_and_later_reminders_carry_its_commitments_in_english() {
    yes_starts_the_closing_and_reminders_carry_the_new_commitments(Lang::En).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moved_proposes_the_new_date_to_the_beneficiary() {
    let (_env, live) = agreed(Lang::En, Lang::En).await;
    live.run_until(first() + Duration::hours(1)).await;
    let (row, _, _) = outcome_row(live.desk.store(), first()).await;
    let me = advisor(Lang::En);
    let done = live
        .desk
        .answer_after(row, &me, AfterChoice::Moved)
        .await
        .unwrap();
    assert!(matches!(done, AfterDone::Moved { .. }), "{done:?}");
    // "It was moved" may be given again (the form is opened again); nothing else may.
    live.desk
        .answer_after(row, &me, AfterChoice::Moved)
        .await
        .unwrap();
    assert!(live
        .desk
        .answer_after(row, &me, AfterChoice::NotHeld)
        .await
        .is_err());
    let msg = live
        .desk
        .propose_after(row, &me, "thursday 2pm")
        .await
        .unwrap();
    let said = live.desk.i18n().msg(Lang::En, &msg);
    assert!(said.contains("December 3, 2026"), "{said}");
    // Thursday is off the Tuesdays' rhythm: the advisor chooses to take it once.
    let (pending,): (i64,) = sqlx::query_as("SELECT id FROM reschedules WHERE status = 'pending'")
        .fetch_one(live.desk.store().pool())
        .await
        .unwrap();
    live.desk
        .decide_reschedule(pending, &me, suivi::conversation::Decision::Once)
        .await
        .unwrap();
    live.settle().await;
    let proposal: Vec<Seen> = live
        .notifier
        .sent(BENEFICIARY, DeliveryKind::Notice)
        .into_iter()
        .filter(|n| n.text.contains("proposes a change"))
        .collect();
    assert_eq!(proposal.len(), 1, "{proposal:#?}");
    assert!(
        proposal[0].text.contains("December 3, 2026"),
        "{}",
        proposal[0].text
    );
    assert_eq!(proposal[0].choices, vec!["Accept", "Decline"]);
    assert_eq!(
        outcome_row(live.desk.store(), first()).await.1.as_deref(),
        Some("moved")
    );
    live.stop().await;
}

async fn a_waiting_checkin_is_closed_as_missed(lang: Lang) {
    let (env, live) = agreed(lang, lang).await;
    // The check-in half-way to the second exchange (Tuesday 8 December) is asked, and never
    // answered.
    let second = at("2026-12-15T09:00:00Z");
    live.run_until(at("2026-12-08T09:00:00Z")).await;
    let asked = live.notifier.sent(BENEFICIARY, DeliveryKind::Prompt);
    let checkin = asked
        .iter()
        .rev()
        .find_map(|p| p.conversation)
        .expect("the check-in was asked");
    let status = |cid: i64| {
        let pool = env.desk.store().pool().clone();
        async move {
            sqlx::query_as::<_, (String,)>("SELECT status FROM conversations WHERE id = $1")
                .bind(cid)
                .fetch_one(&pool)
                .await
                .unwrap()
                .0
        }
    };
    assert_eq!(status(checkin).await, "active");
    live.run_until(second + Duration::hours(1)).await;
    assert_eq!(
        status(checkin).await,
        "abandoned",
        "closed, not left waiting"
    );
    let (_, _, missed) = outcome_row(live.desk.store(), second).await;
    assert!(missed.is_some());
    // Its reminders to answer are not sent any more.
    let nudges: Vec<(String,)> = sqlx::query_as(
        "SELECT status FROM deliveries WHERE kind = 'nudge' AND conversation_id = $1 AND status = 'planned'",
    )
    .bind(checkin)
    .fetch_all(env.desk.store().pool())
    .await
    .unwrap();
    assert!(nudges.is_empty(), "{nudges:?}");
    // An answer now is refused, never taken.
    let late = live
        .desk
        .input(checkin, &beneficiary(lang), Input::Choice("done".into()))
        .await;
    assert!(matches!(late, Err(DeskError::Over(_))), "{late:?}");
    let digest = live
        .desk
        .digest_prompt(&Actor::person(ADVISOR), DigestScope::Mine, None)
        .await
        .unwrap();
    let text = live.desk.i18n().prompt_body(lang, &digest);
    let line = match lang {
        Lang::Fr => "✗ Point d’étape sans réponse avant l’échange du mardi 15 décembre 2026 à 10\u{202f}h, heure de Paris.",
        Lang::En | Lang::EnGb => "✗ Check-in unanswered before the exchange of Tuesday, December 15, 2026 at 10:00 AM, Paris time.",
    };
    assert!(text.contains(line), "{text}");
    // Nothing waits any more.
    let waiting = match lang {
        Lang::Fr => "attend une réponse",
        Lang::En | Lang::EnGb => "waiting for an answer",
    };
    assert!(!text.contains(waiting), "{text}");
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkin_unanswered_at_its_exchange_is_closed_as_missed_in_french() {
    a_waiting_checkin_is_closed_as_missed(Lang::Fr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkin_unanswered_at_its_exchange_is_closed_as_missed_in_english() {
    a_waiting_checkin_is_closed_as_missed(Lang::En).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_happened_after_each_exchange_is_exported_and_erased_with_the_person() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    live.run_until(first() + Duration::hours(1)).await;
    let (row, _, _) = outcome_row(live.desk.store(), first()).await;
    live.desk
        .answer_after(row, &advisor(Lang::Fr), AfterChoice::NotHeld)
        .await
        .unwrap();
    let stamp = first().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    for who in [BENEFICIARY, ADVISOR] {
        let doc = env.desk.export_data(who, Some(who)).await.unwrap();
        let errors: Vec<String> = crate::rights::schema()
            .iter_errors(&doc)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
        let exchanges = doc["exchanges"].as_array().unwrap();
        assert_eq!(exchanges.len(), 1, "{doc:#}");
        assert_eq!(exchanges[0]["exchange_at"], stamp.as_str());
        assert_eq!(exchanges[0]["outcome"], "not_held");
    }
    env.desk
        .erase_data(BENEFICIARY, Some(BENEFICIARY))
        .await
        .unwrap();
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM exchange_outcomes")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    let doc = env
        .desk
        .export_data(BENEFICIARY, Some(BENEFICIARY))
        .await
        .unwrap();
    assert_eq!(
        doc["exchanges"].as_array().map(Vec::len),
        Some(0),
        "{doc:#}"
    );
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_question_when_the_advisor_is_already_closing_the_work_session() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    live.run_until(first() + Duration::minutes(10)).await;
    // The advisor runs `/session close` right after the exchange, as suivi would have asked.
    started(&env, Lang::Fr).await;
    live.run_until(first() + Duration::hours(2)).await;
    assert!(questions(&live).is_empty(), "{:#?}", questions(&live));
    let (status,): (String,) = sqlx::query_as(
        "SELECT status FROM deliveries WHERE key LIKE 'after:%' ORDER BY due_at LIMIT 1",
    )
    .fetch_one(env.desk.store().pool())
    .await
    .unwrap();
    assert_eq!(status, "skipped");
    live.stop().await;
}
