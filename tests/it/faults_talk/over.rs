//! A conversation over (answered to its end, replaced by a new one, or ended with the support)
//! never opens again by itself: not by a late answer, a save that read it before, a nudge left
//! in flight by a crash, or the support resumed.

use suivi::conversation::{Change, DeskError};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::store::DeliveryStatus;
use suivi::store::{DeliveryKind, StepSave};

use super::*;

fn end() -> Change {
    Change::End
}

async fn end_support(env: &Env) {
    env.desk
        .change_support(GUILD, &advisor(Lang::Fr), Some(BENEFICIARY), end())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_late_answer_or_click_to_a_replaced_conversation_changes_nothing() {
    let env = env().await;
    let me = beneficiary(Lang::Fr);
    let (first, _) = closing_at_next_step(&env).await;
    let (second, _) = closing_at_next_step(&env).await;
    let replaced = versions(&env.desk, first).await;
    assert_eq!(replaced.2, "abandoned");
    let logged = answers(&env.desk, first).await;
    for input in [
        Input::Text("Rédiger la convention avec la commune de Thiès".into()),
        Input::Skip,
        Input::Resume,
        Input::Show,
    ] {
        let err = env.say(first, &me, input).await.unwrap_err();
        assert!(
            matches!(err, DeskError::Over("desk-conversation-replaced")),
            "{err:?}"
        );
    }
    // The advisor resuming it from an old button: refused the same way.
    let err = env
        .desk
        .resume_closing(first, &advisor(Lang::Fr))
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Over(_)), "{err:?}");
    assert_eq!(versions(&env.desk, first).await, replaced);
    assert_eq!(answers(&env.desk, first).await, logged);
    // A message goes to the conversation in progress, not to the replaced one.
    env.desk
        .text_from(&me, "Rédiger la convention avec la commune de Thiès")
        .await
        .unwrap();
    assert!(answers(&env.desk, second)
        .await
        .iter()
        .any(|(f, _)| f == "next_step"));
    assert_eq!(versions(&env.desk, first).await, replaced);
}

#[tokio::test]
async fn a_save_that_read_the_conversation_before_it_ended_does_not_bring_it_back() {
    let env = env().await;
    let (closing, _) = closing_at_next_step(&env).await;
    // Another process read it, then the advisor ended the support, then that process saves.
    let row = env.desk.conversation(closing).await.unwrap().unwrap();
    let logged = answers(&env.desk, closing).await;
    end_support(&env).await;
    let save = StepSave {
        conversation: closing,
        session: row.session_id,
        support: row.support_id,
        actor: (BENEFICIARY, "Moussa", None),
        step: "tasks",
        state: &row.state,
        done: false,
        answer: Some(("next_step", "Rédiger la convention")),
        expectations: None,
        agreement: None,
        version: row.version,
        asked_version: row.version + 1,
        deliveries: &[],
        reminders: &[],
        next_plan_at: None,
        tasks: &[],
        end_support: false,
    };
    let err = env
        .desk
        .store()
        .save_step(save, suivi::clock::Clock::now(&*env.clock))
        .await
        .unwrap_err();
    assert!(matches!(err, suivi::store::StoreError::Conflict), "{err:?}");
    let (_, _, status) = versions(&env.desk, closing).await;
    assert_eq!(status, "abandoned");
    assert_eq!(answers(&env.desk, closing).await, logged);
    // Nothing waits for an answer now; the support taken up again with a new session brings
    // back nothing of the old conversation.
    let err = env
        .desk
        .text_from(&beneficiary(Lang::Fr), "Rédiger la convention")
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::NoConversation), "{err:?}");
    let (opening, _) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr))
        .open_session()
        .await
        .unwrap();
    env.desk
        .text_from(&beneficiary(Lang::Fr), "Trouver des partenaires au Sénégal")
        .await
        .unwrap();
    assert_eq!(versions(&env.desk, closing).await.2, "abandoned");
    assert_eq!(answers(&env.desk, closing).await, logged);
    assert_eq!(answers(&env.desk, opening).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nudge_left_in_flight_by_a_crash_is_not_sent_once_the_support_ended() {
    let env = env().await;
    let live = Live::start(&env).await;
    let (closing, _) = closing_at_next_step(&env).await;
    env.desk
        .current(closing, &beneficiary(Lang::Fr))
        .await
        .unwrap();
    live.settle().await;
    // The nudge of the question falls due; its send never returns (the process dies).
    live.notifier.fault(Some(BENEFICIARY), 1, Fault::Hang);
    let nudges = deliveries(env.desk.store(), BENEFICIARY, DeliveryKind::Nudge).await;
    let due = nudges
        .iter()
        .find(|d| d.status == DeliveryStatus::Planned)
        .map(|d| at(&d.due_at))
        .expect("the question's nudge");
    env.clock.set(due);
    live.notifier
        .wait_tries(live.notifier.tries().len() + 1)
        .await;
    let (desk, notifier) = live.crash().await;
    // Meanwhile the advisor ended the support: the conversation is abandoned.
    end_support(&env).await;
    assert_eq!(versions(&env.desk, closing).await.2, "abandoned");
    // Started again, the dispatcher takes the nudge back, and does not send it.
    let live = Live::start_on(&env, desk, notifier);
    live.settle().await;
    let rows = deliveries(env.desk.store(), BENEFICIARY, DeliveryKind::Nudge).await;
    assert!(
        rows.iter()
            .all(|d| d.status != DeliveryStatus::Sent && d.status != DeliveryStatus::Claimed),
        "{rows:#?}"
    );
    assert!(live
        .notifier
        .sent(BENEFICIARY, DeliveryKind::Nudge)
        .is_empty());
    assert_eq!(versions(&env.desk, closing).await.2, "abandoned");
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_left_in_flight_by_a_crash_is_not_asked_once_replaced() {
    let env = env().await;
    let live = Live::start(&env).await;
    let (first, _) = closing_at_next_step(&env).await;
    live.settle().await;
    // The question is shown again; its send never returns (the process dies).
    live.notifier.fault(Some(BENEFICIARY), 1, Fault::Hang);
    let tries = live.notifier.tries().len();
    live.desk
        .current(first, &beneficiary(Lang::Fr))
        .await
        .unwrap();
    live.notifier.wait_tries(tries + 1).await;
    let (desk, notifier) = live.crash().await;
    // Meanwhile the advisor starts the closing again: the first one is replaced.
    let (second, _) = closing_at_next_step(&env).await;
    assert_eq!(versions(&env.desk, first).await.2, "abandoned");
    // Started again, the dispatcher takes the question back, and does not ask it.
    let live = Live::start_on(&env, desk, notifier);
    live.settle().await;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM deliveries WHERE conversation_id = $1 AND key LIKE 'again:%'",
    )
    .bind(first)
    .fetch_all(env.desk.store().pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let (question, status) = &rows[0];
    assert_eq!(status, "skipped");
    let tries = live.notifier.tries();
    assert!(
        tries.iter().all(|t| !(t.ok && t.delivery == *question)),
        "{tries:#?}"
    );
    assert_eq!(versions(&env.desk, first).await.2, "abandoned");
    assert_eq!(versions(&env.desk, second).await.2, "active");
    live.stop().await;
}

#[tokio::test]
async fn a_finished_closing_says_the_agreement_is_saved_and_stays_finished() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    agree(&env, closing, Lang::Fr, Lang::Fr, &FR).await;
    let done = versions(&env.desk, closing).await;
    assert_eq!(done.2, "done");
    let err = env
        .say(closing, &beneficiary(Lang::Fr), Input::Back)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DeskError::Over("closing-error-finished")),
        "{err:?}"
    );
    assert_eq!(versions(&env.desk, closing).await, done);
}
