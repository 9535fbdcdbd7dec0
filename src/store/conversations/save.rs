//! Saving one input: the conversation's new state, the answer, the expectations, the
//! agreement with its tasks, the check-in's task changes and the end of the support, each
//! written by its own function below, all in one transaction.

use chrono::{DateTime, Utc};

use super::ConversationStatus;
use crate::domain::agreement::{Agreement, Choice, Relay};
use crate::domain::talk::Effect;
use crate::store::outbox::{cancel_nudges, insert, NewDelivery};
use crate::store::words::Flag;
use crate::store::{ts, AgreementStatus, Store, StoreError};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// Everything one input changes.
pub struct StepSave<'a> {
    pub conversation: i64,
    /// From the loaded row, so the save need not look them up again.
    pub session: i64,
    pub support: i64,
    /// The person who acted: (id, display name, locale of the interaction), recorded in the
    /// same transaction.
    pub actor: (u64, &'a str, Option<&'a str>),
    pub step: &'a str,
    pub state: &'a str,
    pub done: bool,
    /// The answer field that changed and its text.
    pub answer: Option<(&'a str, &'a str)>,
    /// For an opening: the expectations to put on the work session.
    pub expectations: Option<&'a str>,
    /// When both sides confirmed.
    pub agreement: Option<&'a Agreement>,
    /// The version read with the row: the save is refused if another one came first.
    pub version: i64,
    /// The version at which the question asked after this step was first asked: the new
    /// version when the step changed the question, else the one read.
    pub asked_version: i64,
    /// What this step sends, planned in the same transaction.
    pub deliveries: &'a [NewDelivery],
    /// With an agreement: its first reminders, and when to plan the following ones. Their
    /// keys and payloads do not depend on the agreement's id.
    pub reminders: &'a [NewDelivery],
    pub next_plan_at: Option<DateTime<Utc>>,
    /// Task changes from a check-in: statuses (with blockers) and tasks added.
    pub tasks: &'a [Effect],
    /// The support ends with this step (the beneficiary chose to stop, both confirmed).
    pub end_support: bool,
}

impl Store {
    /// Saves one input's effects atomically; the agreement's id when one was made.
    pub async fn save_step(
        &self,
        save: StepSave<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        advance(&mut tx, &save, &at).await?;
        // The questions asked before this step are answered or replaced: no nudge for them.
        cancel_nudges(&mut tx, save.conversation).await?;
        insert(&mut tx, self.audience, save.deliveries, now).await?;
        if let Some((field, value)) = save.answer {
            record_answer(&mut tx, save.conversation, field, value, &at).await?;
        }
        super::note_contact(&mut tx, save.actor, save.support, &at).await?;
        if let Some(expectations) = save.expectations {
            set_expectations(&mut tx, save.session, expectations, &at).await?;
        }
        let mut agreement_id = None;
        if let Some(a) = save.agreement {
            agreement_id = Some(save_agreement(&mut tx, &save, a, &at).await?);
            close_session(&mut tx, save.session, &at).await?;
            record_consent(&mut tx, save.support, a).await?;
            if !save.end_support {
                insert(&mut tx, self.audience, save.reminders, now).await?;
            }
        }
        for effect in save.tasks {
            change_task(&mut tx, save.support, effect, &at).await?;
        }
        if save.end_support {
            end_support(&mut tx, save.support, save.session, &at).await?;
        }
        tx.commit().await?;
        Ok(agreement_id)
    }
}

/// The conversation's new step and state, refused when another write came first.
async fn advance(tx: &mut Tx<'_>, save: &StepSave<'_>, at: &str) -> Result<(), StoreError> {
    let changed = sqlx::query(
        "UPDATE conversations SET step = $1, state = $2, status = $3, updated_at = $4, version = version + 1,
           asked_version = $5
         WHERE id = $6 AND version = $7 AND status = 'active'",
    )
    .bind(save.step)
    .bind(save.state)
    .bind(if save.done {
        ConversationStatus::Done
    } else {
        ConversationStatus::Active
    })
    .bind(at)
    .bind(save.asked_version)
    .bind(save.conversation)
    .bind(save.version)
    .execute(&mut **tx)
    .await?;
    // Another write came first, or the conversation ended or was replaced meanwhile (an
    // ended conversation is never saved back to active): the caller reads it again.
    if changed.rows_affected() == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

/// The answers log: one row per field, the latest answer kept.
async fn record_answer(
    tx: &mut Tx<'_>,
    conversation: i64,
    field: &str,
    value: &str,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO answers (conversation_id, field, value, answered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id, field) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at",
    )
    .bind(conversation)
    .bind(field)
    .bind(value)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn set_expectations(
    tx: &mut Tx<'_>,
    session: i64,
    expectations: &str,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE work_sessions SET expectations = $1, expectations_at = $2 WHERE id = $3")
        .bind(expectations)
        .bind(at)
        .bind(session)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The agreement both sides confirmed, replacing the support's active one, with its tasks.
async fn save_agreement(
    tx: &mut Tx<'_>,
    save: &StepSave<'_>,
    a: &Agreement,
    at: &str,
) -> Result<i64, StoreError> {
    sqlx::query(
        "UPDATE agreements SET status = 'superseded' WHERE support_id = $1 AND status = 'active'",
    )
    .bind(save.support)
    .execute(&mut **tx)
    .await?;
    let cadence =
        serde_json::to_string(&a.cadence).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let (status, next_plan_at) = if save.end_support {
        (AgreementStatus::Ended, None)
    } else {
        (AgreementStatus::Active, save.next_plan_at.map(ts))
    };
    let means: Vec<&str> = a.means.iter().map(|m| m.id()).collect();
    let local = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let (aid,): (i64,) = sqlx::query_as(
        "INSERT INTO agreements (support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc,
           timezone, means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at,
           beneficiary_confirmed_at, advisor_confirmed_at, status, created_at, next_plan_at, other_means,
           rhythm_from_local)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(save.support)
    .bind(save.conversation)
    .bind(cadence)
    .bind(local(a.first.local))
    .bind(ts(a.first.utc))
    .bind(a.first.tz.name())
    .bind(means.join(","))
    .bind(a.beneficiary_commitments.as_str())
    .bind(a.advisor_commitments.as_str())
    .bind(Flag(a.relay == Relay::Yes))
    .bind(ts(a.relay_at))
    .bind(ts(a.beneficiary_confirmed_at))
    .bind(ts(a.advisor_confirmed_at))
    .bind(status)
    .bind(at)
    .bind(next_plan_at)
    .bind(a.other_means.as_ref().map(|m| m.as_str()))
    .bind(a.rhythm_from.map(local))
    .fetch_one(&mut **tx)
    .await?;
    for (i, task) in a.tasks.iter().enumerate() {
        sqlx::query(
            "INSERT INTO tasks (support_id, agreement_id, position, text, status, updated_at)
             VALUES ($1, $2, $3, $4, 'not_started', $5)",
        )
        .bind(save.support)
        .bind(aid)
        .bind(i as i64)
        .bind(task.as_str())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(aid)
}

async fn close_session(tx: &mut Tx<'_>, session: i64, at: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE work_sessions SET closed_at = $1 WHERE id = $2")
        .bind(at)
        .bind(session)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The relay consent given with the agreement, in the consent history.
async fn record_consent(tx: &mut Tx<'_>, support: i64, a: &Agreement) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO consent_events (support_id, person_id, relay, at)
         SELECT id, beneficiary_id, $1, $2 FROM supports WHERE id = $3",
    )
    .bind(Flag(a.relay == Relay::Yes))
    .bind(ts(a.relay_at))
    .bind(support)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A check-in's change to the tasks: a status (with its blocker), or a task added to the
/// active agreement.
async fn change_task(
    tx: &mut Tx<'_>,
    support: i64,
    effect: &Effect,
    at: &str,
) -> Result<(), StoreError> {
    match effect {
        Effect::TaskStatus {
            task,
            status,
            blocker,
        } => {
            sqlx::query(
                "UPDATE tasks SET status = $1, updated_at = $2,
                   blocker = CASE WHEN $1 = 'blocked' THEN COALESCE($3, blocker) ELSE NULL END,
                   blocker_at = CASE WHEN $1 = 'blocked' AND $3 IS NOT NULL THEN $2
                                     WHEN $1 = 'blocked' THEN blocker_at ELSE NULL END
                 WHERE id = $4 AND support_id = $5",
            )
            .bind(status.id())
            .bind(at)
            .bind(blocker.as_deref())
            .bind(task)
            .bind(support)
            .execute(&mut **tx)
            .await?;
        }
        Effect::NewTask(text) => {
            sqlx::query(
                "INSERT INTO tasks (support_id, agreement_id, position, text, status, updated_at)
                 SELECT $1, a.id, (SELECT COALESCE(MAX(position), -1) + 1 FROM tasks WHERE agreement_id = a.id),
                        $2, 'not_started', $3
                 FROM agreements a WHERE a.support_id = $1 AND a.status = 'active'
                 ORDER BY a.id DESC LIMIT 1",
            )
            .bind(support)
            .bind(text)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// The support ends (the beneficiary chose to stop and both confirmed): its work session
/// closes with it.
async fn end_support(
    tx: &mut Tx<'_>,
    support: i64,
    session: i64,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE supports SET status = 'ended', ended_at = $1, updated_at = $1 WHERE id = $2",
    )
    .bind(at)
    .bind(support)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE work_sessions SET closed_at = COALESCE(closed_at, $1) WHERE id = $2")
        .bind(at)
        .bind(session)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
