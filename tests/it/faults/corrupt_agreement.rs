//! One corrupt agreement among 1,000 (its rhythm cannot be read): the 999 others are planned
//! and their reminders delivered; the bad one is marked for the operator (`suivi status`), and
//! the dispatcher does not come back to it in a loop.

use chrono::Duration;
use suivi::clock::Clock;
use suivi::store::DeliveryKind;

use crate::common::*;

const AGREEMENTS: i64 = 1_000;
const BAD: i64 = 500;
const ADVISOR_ID: i64 = 600_000_000_000_000_000;
const BENEFICIARIES: i64 = 700_000_000_000_000_000;

/// `count` active weekly agreements, first exchange Tuesday 1 December 2026 at 10:00 Paris,
/// all due for planning at 2026-11-28 10:00 UTC; the one with id `bad` (if any) has a rhythm
/// nobody can read. Also seeds the planning tests of several processes (`plan_once`).
pub(crate) async fn seed_agreements(env: &Env, count: i64, bad: Option<i64>) {
    let now = "2026-11-28T10:00:00.000Z";
    let bad = bad.unwrap_or(-1);
    let n = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})"
    );
    let script = format!(
        "{n} INSERT INTO people (id, display_name, created_at, updated_at)
           SELECT {BENEFICIARIES} + i, 'B' || i, 't', 't' FROM n
           UNION ALL SELECT {ADVISOR_ID}, 'Claire', 't', 't';
         {n} INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at)
           SELECT i, {GUILD}, {ADVISOR_ID}, {BENEFICIARIES} + i, 'active', 't', 't', '{now}' FROM n;
         {n} INSERT INTO work_sessions (id, support_id, opened_at) SELECT i, i, 't' FROM n;
         {n} INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at)
           SELECT i, i, 'closing', 'agreed', '{{}}', 'done', 't', 't' FROM n;
         {n} INSERT INTO agreements (id, support_id, conversation_id, cadence, first_exchange_local,
             first_exchange_utc, timezone, means, beneficiary_commitments, advisor_commitments,
             relay_consent, relay_consent_at, beneficiary_confirmed_at, advisor_confirmed_at,
             status, created_at, next_plan_at)
           SELECT i, i, i, CASE i WHEN {bad} THEN '{{\"unit\":' ELSE '{{\"unit\":\"weeks\",\"every\":1}}' END,
             '2026-12-01T10:00:00', '2026-12-01T09:00:00Z', 'Europe/Paris', 'email', 'écrire', 'relire',
             0, '{now}', 't', 't', 'active', 't', '{now}' FROM n;"
    );
    sqlx::raw_sql(&script)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn one_unreadable_agreement_among_a_thousand_is_marked_and_the_others_are_delivered() {
    let env = env().await;
    seed_agreements(&env, AGREEMENTS, Some(BAD)).await;
    let live = Live::start(&env).await;
    // Up to the day-before reminders (Monday 30 November, 10:00 Paris).
    live.run_until(at("2026-11-30T09:00:00Z")).await;
    let store = live.desk.store();
    let bad = store.unplannable_agreements().await.unwrap();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(
        (
            bad[0].agreement_id,
            bad[0].plan_failures,
            bad[0].plan_error.as_str()
        ),
        (BAD, 1, "unreadable")
    );
    let reminders: Vec<_> = live
        .notifier
        .tries()
        .into_iter()
        .filter(|t| t.ok && t.kind == DeliveryKind::Reminder)
        .collect();
    assert_eq!(
        reminders.len() as i64,
        2 * (AGREEMENTS - 1),
        "both sides of 999"
    );
    assert!(reminders.iter().all(|t| t.to as i64 != BENEFICIARIES + BAD));
    let (planned_bad,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE support_id = $1")
            .bind(BAD)
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(planned_bad, 0);
    // Not planned again by itself: no pass comes back to it.
    let (next,): (Option<String>,) =
        sqlx::query_as("SELECT next_plan_at FROM agreements WHERE id = $1")
            .bind(BAD)
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(next, None);
    assert!(env.clock.now() >= at("2026-11-30T09:00:00Z") - Duration::seconds(1));
    live.stop().await;
}
