//! Rows saved before states and payloads carried a version (`tests/golden/*/v0/`), read by
//! today's code, and the versions in the database itself.

use suivi::conversation::saved::{read_state, STATE_VERSION};
use suivi::conversation::State;
use suivi::domain::checkin::CheckStep;
use suivi::domain::closing::Step;
use suivi::i18n::Lang;
use suivi::outbox::payload::PAYLOAD_VERSION;
use suivi::outbox::Payload;

use super::{at, closing, read, FIRST, NEXT_STEP};

/// Rows saved before states carried a version (and before some later fields existed).
#[test]
fn unversioned_states_read_as_version_zero() {
    let c = closing(0, "closing_legacy.json");
    assert_eq!(c.step, Step::FirstExchange);
    assert!(
        matches!(&c.called_on_for, suivi::domain::localized::Localized::One(t) if t == "• relire vos documents")
    );
    let next = c.answers.next_step.as_ref().map(|a| a.as_str());
    assert_eq!(next, Some(NEXT_STEP));
    assert_eq!((c.question, c.advisor_asked), (0, false), "absent then");

    let State::Opening(o) = read_state(&read("state", 0, "opening_legacy.json")).unwrap() else {
        panic!("opening_legacy.json");
    };
    assert_eq!((o.advisor, o.beneficiary, o.is_done()), (1, 2, false));
    let State::Checkin(c) = read_state(&read("state", 0, "checkin_legacy.json")).unwrap() else {
        panic!("checkin_legacy.json");
    };
    assert_eq!(c.step, CheckStep::Task(0));
    assert!(c.added.is_empty() && !c.paused);
    assert_eq!((c.question, o.question), (None, None), "not numbered then");
}

#[test]
fn unversioned_payloads_read_as_version_zero() {
    let p = |name: &str| Payload::from_json(&read("payload", 0, name)).unwrap();
    let reminder = Payload::Reminder {
        exchange: at("2026-12-01T09:00:00Z"),
        lead_minutes: 60,
    };
    assert_eq!(p("reminder_legacy.json"), reminder);
    let Payload::Digest {
        coordinator, since, ..
    } = p("digest_legacy.json")
    else {
        panic!("digest_legacy.json");
    };
    assert_eq!((coordinator, since), (false, None), "absent then");
    let Payload::Prompts {
        prompts, calendar, ..
    } = p("prompts_legacy.json")
    else {
        panic!("prompts_legacy.json");
    };
    assert_eq!((prompts[0].token, calendar), (None, None));
}

/// What the service saves is today's versioned shape, and an unversioned row saved before
/// carries on through the service (answered, then saved back with its version).
#[tokio::test]
async fn the_database_holds_versioned_rows_and_old_rows_carry_on() {
    use crate::common::env;
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    let pool = env.desk.store().pool();
    let state = |id: i64| async move {
        let (s,): (String,) = sqlx::query_as("SELECT state FROM conversations WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();
        s
    };
    let saved = state(closing).await;
    assert!(
        saved.starts_with(&format!("{{\"v\":{STATE_VERSION},")),
        "{saved}"
    );
    let State::Closing(c) = read_state(&saved).unwrap() else {
        panic!("not a closing: {saved}");
    };
    assert_eq!(c.step, Step::ReviewMatch);
    // An unversioned closing row, as saved before, is answered and saved back versioned.
    let old = read("state", 0, "closing_legacy.json")
        .replacen(
            "\"advisor\":1,",
            &format!("\"advisor\":{},", crate::common::ADVISOR),
            1,
        )
        .replacen(
            "\"beneficiary\":2,",
            &format!("\"beneficiary\":{},", crate::common::BENEFICIARY),
            1,
        );
    sqlx::query("UPDATE conversations SET state = $1, step = 'first_exchange' WHERE id = $2")
        .bind(&old)
        .bind(closing)
        .execute(pool)
        .await
        .unwrap();
    let shown = env.text(closing, Lang::Fr, FIRST).await;
    assert!(
        shown.contains("2 décembre"),
        "the date is read back: {shown}"
    );
    assert_eq!(env.step(closing).await, "first_exchange_check");
    let saved = state(closing).await;
    assert!(
        saved.starts_with(&format!("{{\"v\":{STATE_VERSION},")),
        "{saved}"
    );
    let State::Closing(c) = read_state(&saved).unwrap() else {
        panic!("not a closing: {saved}");
    };
    let next = c.answers.next_step.as_ref().map(|a| a.as_str());
    assert_eq!(next, Some(NEXT_STEP), "the old answers are kept");

    let payloads: Vec<(String,)> =
        sqlx::query_as("SELECT payload FROM deliveries WHERE conversation_id = $1")
            .bind(closing)
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(!payloads.is_empty(), "the read-back is planned");
    for (p,) in &payloads {
        assert!(p.starts_with(&format!("{{\"v\":{PAYLOAD_VERSION},")), "{p}");
        let prompts = match Payload::from_json(p) {
            Ok(Payload::Prompts { prompts, .. } | Payload::Nudge { prompts, .. }) => prompts,
            other => panic!("{other:?}"),
        };
        assert_eq!(prompts[0].body[0].id, "closing-date-readback", "{p}");
    }
}
