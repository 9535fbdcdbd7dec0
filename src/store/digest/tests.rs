//! The digest's reads on supports in every state, in two guilds and for two advisors.

use super::*;

/// Supports in every state the digest reads, in two guilds and for two advisors.
const SEED: &str = "
    INSERT INTO people (id, display_name, created_at, updated_at) VALUES
      (1, 'Claire', 't', 't'), (2, 'Paul', 't', 't'), (10, 'Awa', 't', 't'), (11, 'Moussa', 't', 't'),
      (12, 'Fatou', 't', 't'), (13, 'Ibrahima', 't', 't'), (14, 'Léa', 't', 't');
    INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at) VALUES
      (1, 7, 1, 10, 'active', 't', 't', 't'), (2, 7, 1, 11, 'paused', 't', 't', 't'),
      (3, 7, 1, 12, 'ended', 't', 't', 't'), (4, 7, 2, 13, 'active', 't', 't', 't'),
      (5, 8, 1, 14, 'active', 't', 't', 't'), (6, 7, 1, 14, 'active', 't', 't', 't');
    INSERT INTO work_sessions (id, support_id, opened_at) VALUES
      (1, 1, 't'), (2, 1, 't'), (3, 2, 't'), (4, 3, 't'), (5, 4, 't'), (6, 5, 't');
    INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at) VALUES
      (1, 1, 'closing', 'agreed', '{}', 'done', 't', '2026-11-01T10:00:00.000Z'),
      (2, 2, 'closing', 'agreed', '{}', 'done', 't', '2026-11-20T10:00:00.000Z'),
      (3, 2, 'checkin', 'task_1', '{}', 'active', 't', '2026-11-25T10:00:00.000Z'),
      (4, 3, 'checkin', 'task_0', '{}', 'active', 't', '2026-11-24T10:00:00.000Z'),
      (5, 3, 'opening', 'x', '{}', 'active', 't', '2026-11-23T10:00:00.000Z'),
      (6, 4, 'closing', 'agreed', '{}', 'done', 't', 't'),
      (7, 5, 'closing', 'agreed', '{}', 'done', 't', 't'),
      (8, 6, 'closing', 'agreed', '{}', 'done', 't', 't'),
      (9, 3, 'checkin', 'task_0', '{}', 'abandoned', 't', '2026-11-22T10:00:00.000Z');
    INSERT INTO answers (conversation_id, field, value, answered_at) VALUES
      (1, 'review_continue', 'no', '2026-11-01T09:00:00.000Z'),
      (1, 'synthesis', 'ancienne', '2026-11-01T09:10:00.000Z'),
      (2, 'review_continue', 'not_sure', '2026-11-20T09:00:00.000Z'),
      (2, 'synthesis', 'nouvelle', '2026-11-20T09:10:00.000Z'),
      (3, 'task-1', 'blocked', '2026-11-25T09:00:00.000Z'),
      (4, 'review_continue', 'yes', '2026-11-24T09:00:00.000Z'),
      (5, 'synthesis', 'vieille', '2026-11-10T09:00:00.000Z'),
      (5, 'means', 'à la limite', '2026-11-15T00:00:00.000Z'),
      (9, 'task-5', 'done', '2026-11-22T09:00:00.000Z'),
      (6, 'synthesis', 'fin', '2026-11-26T09:00:00.000Z'),
      (7, 'synthesis', 'autre', '2026-11-26T09:00:00.000Z'),
      (8, 'review_continue', 'no', '2026-11-26T09:00:00.000Z');
    INSERT INTO agreements (id, support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc, timezone,
        means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at, beneficiary_confirmed_at,
        advisor_confirmed_at, status, created_at) VALUES
      (1, 1, 1, '{\"unit\":\"weeks\",\"every\":2}', '2026-11-03T10:00:00', 'u', 'Europe/Paris', '', '', '', 1, 'r1', 't', 't', 'superseded', 't'),
      (2, 1, 2, '{\"unit\":\"weeks\",\"every\":1}', '2026-11-24T10:00:00', 'u', 'Africa/Dakar', '', '', '', 0, 'r2', 't', 't', 'active', 't'),
      (3, 2, 4, '{\"unit\":\"months\",\"every\":1}', '2026-11-24T10:00:00', 'u', 'Europe/Paris', '', '', '', 1, 'r3', 't', 't', 'active', 't'),
      (4, 4, 6, '{\"unit\":\"weeks\",\"every\":2}', '2026-11-24T10:00:00', 'u', 'Europe/Paris', '', '', '', 1, 'r4', 't', 't', 'active', 't'),
      (5, 5, 7, '{\"unit\":\"weeks\",\"every\":2}', '2026-11-24T10:00:00', 'u', 'Europe/Paris', '', '', '', 1, 'r5', 't', 't', 'active', 't'),
      (6, 2, 5, '{\"unit\":\"weeks\",\"every\":3}', '2026-11-25T10:00:00', 'u', 'Europe/Paris', '', '', '', 0, 'r6', 't', 't', 'active', 't');
    INSERT INTO tasks (id, support_id, agreement_id, position, text, status, updated_at, blocker) VALUES
      (1, 1, 1, 0, 'ancienne tâche', 'done', 't', NULL),
      (2, 1, 2, 1, 'budget', 'blocked', 't', 'personne à qui demander'),
      (3, 1, 2, 0, 'convention', 'in_progress', 't', NULL),
      (4, 1, 2, 1, 'bureau', 'done', 't', NULL),
      (5, 2, 3, 0, 'local', 'not_started', 't', NULL),
      (6, 2, 6, 0, 'statuts', 'blocked', 't', NULL),
      (7, 4, 4, 0, 'autre', 'blocked', 't', 'secret');
    INSERT INTO deliveries (key, kind, recipient_id, support_id, due_at, payload, status, created_at) VALUES
      ('a', 'reminder', 10, 1, '2026-11-26T09:00:00.000Z', '{}', 'skipped', 't'),
      ('b', 'prompt', 10, 1, '2026-11-26T10:00:00.000Z', '{}', 'failed', 't'),
      ('c', 'notice', 10, 1, '2026-11-26T11:00:00.000Z', '{}', 'failed', 't'),
      ('d', 'prompt', 10, 1, '2026-11-10T10:00:00.000Z', '{}', 'failed', 't'),
      ('e', 'prompt', 10, 1, '2026-11-26T12:00:00.000Z', '{}', 'sent', 't'),
      ('f', 'checkin', 11, 2, '2026-11-26T12:00:00.000Z', '{}', 'skipped', 't'),
      ('g', 'checkin', 13, 4, '2026-11-26T12:00:00.000Z', '{}', 'skipped', 't');
";

/// The digest's rows, read for all supports at once, are the rows read one by one.
#[tokio::test]
async fn standings_read_at_once_are_the_rows_read_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("suivi.db")).await.unwrap();
    sqlx::raw_sql(SEED).execute(store.pool()).await.unwrap();
    let since: DateTime<Utc> = "2026-11-15T00:00:00Z".parse().unwrap();
    for (advisor, guild) in [
        (Some(1), None),
        (Some(2), None),
        (None, Some(7)),
        (None, Some(8)),
        (Some(1), Some(8)),
        (Some(3), None),
    ] {
        for since in [None, Some(since)] {
            let mut one_by_one = Vec::new();
            for s in store.supports_for_digest(advisor, guild).await.unwrap() {
                one_by_one.extend(store.standing(s, since).await.unwrap());
            }
            let at_once = store.standings(advisor, guild, since).await.unwrap();
            assert_eq!(at_once, one_by_one, "{advisor:?} {guild:?} {since:?}");
        }
    }
    let mine = store.standings(Some(1), None, Some(since)).await.unwrap();
    let ids: Vec<i64> = mine.iter().map(|r| r.support).collect();
    assert_eq!(
        ids,
        [1, 2, 5, 6],
        "ended supports and other advisors' are left out"
    );
    let first = &mine[0];
    assert_eq!(
        first.tasks.len(),
        3,
        "the tasks of the active agreement only"
    );
    assert_eq!(first.tasks[0].0, "convention");
    assert_eq!(first.missed, 2);
    assert_eq!(first.new_answers, 3);
    assert_eq!(first.wants_continue.as_deref(), Some("not_sure"));
    assert_eq!(first.synthesis.as_deref(), Some("nouvelle"));
    assert_eq!(
        first.waiting_since.as_deref(),
        Some("2026-11-25T10:00:00.000Z")
    );
    assert_eq!(mine[1].agreement.as_ref().map(|a| a.4.as_str()), Some("r6"));
    assert_eq!(
        mine[1].waiting_since.as_deref(),
        Some("2026-11-23T10:00:00.000Z")
    );
    assert_eq!(
        mine[1].synthesis, None,
        "a synthesis from before the last digest"
    );
    assert!(mine[3].agreement.is_none() && mine[3].tasks.is_empty() && mine[3].missed == 0);
}
