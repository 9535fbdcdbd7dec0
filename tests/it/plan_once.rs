//! Planning agreements further from several processes on one database (issue 17): two
//! dispatchers, each on its own pool as two `suivi run` would be, plan thousands of due
//! agreements at once; each delivery is written once, each agreement's next planning instant
//! once, and between them everything is planned. And a batch whose writing fails: the others
//! of the batch are planned one by one, the failing agreement is marked and planned again
//! later. On SQLite (two pools on one file) and on PostgreSQL (`SUIVI_TEST_DATABASE`).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use suivi::outbox::{Dispatcher, Tuning};

use crate::common::*;
use crate::faults::corrupt_agreement::seed_agreements;

/// An agreement whose deliveries the database refuses (a trigger), in the second test.
const REFUSED: i64 = 700;
/// An agreement whose rhythm cannot be read, in the second test.
const UNREADABLE: i64 = 800;

/// Triggers that record every delivery the planners try to insert (before the key is
/// checked: a second insert of the same key is recorded too) and every write of an
/// agreement's `next_plan_at`, in `plan_log`.
async fn log_writes(env: &Env) {
    let script = if test_server().is_some() {
        "CREATE TABLE plan_log (what TEXT NOT NULL, ref TEXT NOT NULL);
         CREATE FUNCTION log_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN INSERT INTO plan_log VALUES ('delivery', NEW.key); RETURN NEW; END $$;
         CREATE TRIGGER log_delivery BEFORE INSERT ON deliveries
           FOR EACH ROW EXECUTE FUNCTION log_delivery();
         CREATE FUNCTION log_next() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN INSERT INTO plan_log VALUES ('next', NEW.id::text); RETURN NEW; END $$;
         CREATE TRIGGER log_next AFTER UPDATE OF next_plan_at ON agreements
           FOR EACH ROW EXECUTE FUNCTION log_next();"
    } else {
        "CREATE TABLE plan_log (what TEXT NOT NULL, ref TEXT NOT NULL);
         CREATE TRIGGER log_delivery BEFORE INSERT ON deliveries
           BEGIN INSERT INTO plan_log VALUES ('delivery', NEW.key); END;
         CREATE TRIGGER log_next AFTER UPDATE OF next_plan_at ON agreements
           BEGIN INSERT INTO plan_log VALUES ('next', CAST(NEW.id AS TEXT)); END;"
    };
    sqlx::raw_sql(script)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
}

/// A trigger that refuses every delivery of support [`REFUSED`] (`on`), or its removal.
async fn refuse(env: &Env, on: bool) {
    let script = match (test_server().is_some(), on) {
        (true, true) => format!(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW.support_id = {REFUSED} THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER refuse BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION refuse();"
        ),
        (false, true) => format!(
            "CREATE TRIGGER refuse BEFORE INSERT ON deliveries WHEN NEW.support_id = {REFUSED}
               BEGIN SELECT RAISE(ABORT, 'refused'); END;"
        ),
        (true, false) => "DROP TRIGGER refuse ON deliveries".to_owned(),
        (false, false) => "DROP TRIGGER refuse".to_owned(),
    };
    sqlx::raw_sql(&script)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
}

async fn count(env: &Env, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    n
}

/// Plans with `planner` until nothing is due at `now`: how many agreements it took.
async fn plan_all(planner: &Dispatcher, now: DateTime<Utc>) -> usize {
    let mut taken = 0;
    loop {
        match planner.plan_due(now).await.unwrap() {
            0 => return taken,
            n => taken += n,
        }
    }
}

async fn planner(env: &Env) -> Arc<Dispatcher> {
    Dispatcher::new(
        live_desk(env).await,
        TestNotifier::new(env),
        Tuning::default(),
    )
}

/// (next_plan_at, plan_error, plan_failures) of an agreement.
async fn agreement(env: &Env, id: i64) -> (Option<String>, Option<String>, i64) {
    sqlx::query_as("SELECT next_plan_at, plan_error, plan_failures FROM agreements WHERE id = $1")
        .bind(id)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap()
}

async fn deliveries_of(env: &Env, support: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE support_id = $1")
        .bind(support)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_plan_each_agreement_once_and_everything_between_them() {
    const AGREEMENTS: i64 = 3_000;
    let env = env().await;
    seed_agreements(&env, AGREEMENTS, None).await;
    log_writes(&env).await;
    // Two services on their own pools: two processes on one database.
    let (one, two) = (planner(&env).await, planner(&env).await);
    let now = start();
    let (a, b) = tokio::join!(plan_all(&one, now), plan_all(&two, now));
    assert_eq!(
        (a + b) as i64,
        AGREEMENTS,
        "each agreement taken once between them ({a} + {b})"
    );

    let written = count(&env, "SELECT COUNT(*) FROM deliveries").await;
    let per_agreement = deliveries_of(&env, 1).await;
    assert_eq!(per_agreement, 5, "4 reminders and the question after");
    assert_eq!(written, AGREEMENTS * per_agreement, "everything planned");
    let tried = "SELECT COUNT(*) FROM plan_log WHERE what = 'delivery'";
    assert_eq!(
        count(&env, tried).await,
        written,
        "each delivery written once"
    );
    let nexts = "SELECT COUNT(*) FROM plan_log WHERE what = 'next'";
    assert_eq!(
        count(&env, nexts).await,
        AGREEMENTS,
        "each next_plan_at once"
    );
    let distinct = "SELECT COUNT(DISTINCT ref) FROM plan_log WHERE what = 'next'";
    assert_eq!(count(&env, distinct).await, AGREEMENTS);
    // Each is planned again at its next exchange (Tuesday 1 December, 10:00 Paris), not now.
    let left = "SELECT COUNT(*) FROM agreements
                WHERE next_plan_at IS NULL OR next_plan_at <= '2026-11-28T10:00:00.000Z'";
    assert_eq!(count(&env, left).await, 0);
}

#[tokio::test]
async fn a_batch_that_cannot_be_written_is_planned_one_by_one_and_the_failing_one_later() {
    const AGREEMENTS: i64 = 1_000;
    let env = env().await;
    seed_agreements(&env, AGREEMENTS, Some(UNREADABLE)).await;
    refuse(&env, true).await;
    let one = planner(&env).await;
    let now = start();
    assert_eq!(plan_all(&one, now).await as i64, AGREEMENTS);

    // The 998 others are planned, through the batch or one by one.
    let planned = "SELECT COUNT(*) FROM agreements WHERE plan_error IS NULL
                     AND next_plan_at > '2026-11-28T10:00:00.000Z'";
    assert_eq!(count(&env, planned).await, AGREEMENTS - 2);
    let written = count(&env, "SELECT COUNT(*) FROM deliveries").await;
    assert_eq!(written, (AGREEMENTS - 2) * deliveries_of(&env, 1).await);
    // The unreadable one is marked for the operator and left.
    assert_eq!(
        agreement(&env, UNREADABLE).await,
        (None, Some("unreadable".into()), 1)
    );
    assert_eq!(deliveries_of(&env, UNREADABLE).await, 0);
    // The refused one is marked, nothing of it written, and tried again in 10 minutes.
    let retry = now + Duration::minutes(10);
    let (next, error, failures) = agreement(&env, REFUSED).await;
    assert_eq!(
        (next.map(|n| at(&n)), error.as_deref(), failures),
        (Some(retry), Some("store"), 1)
    );
    assert_eq!(deliveries_of(&env, REFUSED).await, 0);
    // Not before.
    assert_eq!(one.plan_due(retry - Duration::seconds(1)).await.unwrap(), 0);

    // The cause gone, the next pass plans it like the others.
    refuse(&env, false).await;
    assert_eq!(one.plan_due(retry).await.unwrap(), 1);
    let (next, error, failures) = agreement(&env, REFUSED).await;
    assert_eq!((error, failures), (None, 0));
    assert!(next.is_some_and(|n| at(&n) > retry));
    assert_eq!(
        deliveries_of(&env, REFUSED).await,
        deliveries_of(&env, 1).await
    );
    assert_eq!(deliveries_of(&env, UNREADABLE).await, 0);
}
