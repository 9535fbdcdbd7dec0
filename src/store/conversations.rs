//! Conversations (opening and closing), their answers log, and the agreements they end in.
//!
//! One input is saved in one transaction: the engine's state, the answer that changed, and,
//! when both sides confirmed, the agreement and its tasks. A crash leaves either all or none.

use chrono::{DateTime, Utc};

use super::outbox::{cancel_nudges, insert, NewDelivery};
use super::{id, ts, Store, StoreError};
use crate::domain::agreement::{Agreement, Choice};

/// A conversation with the support it belongs to.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ConversationRow {
    pub id: i64,
    pub session_id: i64,
    pub support_id: i64,
    pub guild_id: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub kind: String,
    pub step: String,
    pub state: String,
    pub status: String,
    /// Bumped by every write: a save made on an older version lost a race.
    pub version: i64,
    /// The version at which the question now asked was first asked: an answer to an older
    /// question is refused.
    pub asked_version: i64,
    /// What language negotiation needs, read with the row so a step asks once (SPEC §6).
    pub advisor_lang: Option<String>,
    pub advisor_locale: Option<String>,
    pub beneficiary_lang: Option<String>,
    pub beneficiary_locale: Option<String>,
    pub guild_lang: Option<String>,
    pub guild_locale: Option<String>,
    /// How each side is named to the other in the messages of this conversation.
    pub advisor_name: Option<String>,
    pub beneficiary_name: Option<String>,
}

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
    pub tasks: &'a [crate::domain::talk::Effect],
    /// The support ends with this step (the beneficiary chose to stop, both confirmed).
    pub end_support: bool,
}

const SELECT: &str = "SELECT c.id, c.session_id, s.id AS support_id, s.guild_id, s.advisor_id, s.beneficiary_id,
        c.kind, c.step, c.state, c.status, c.version, c.asked_version,
        pa.lang AS advisor_lang, pa.last_locale AS advisor_locale,
        pb.lang AS beneficiary_lang, pb.last_locale AS beneficiary_locale,
        g.lang AS guild_lang, g.preferred_locale AS guild_locale,
        pa.display_name AS advisor_name, pb.display_name AS beneficiary_name
    FROM conversations c JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
    LEFT JOIN people pa ON pa.id = s.advisor_id LEFT JOIN people pb ON pb.id = s.beneficiary_id
    LEFT JOIN guilds g ON g.id = s.guild_id";

/// A conversation to begin, with everything it needs created in the same transaction.
pub struct Start<'a> {
    pub guild: u64,
    /// (id, display name, locale of the interaction)
    pub advisor: (u64, &'a str, Option<&'a str>),
    /// (id, display name)
    pub beneficiary: (u64, &'a str),
    /// The work session to continue; `None` opens a new one.
    pub session: Option<i64>,
    /// `opening`, `closing`, `checkin`.
    pub kind: &'a str,
    pub step: &'a str,
    pub state: &'a str,
}

impl Store {
    /// The support between two people in a guild, if there is one (read only).
    pub async fn find_support(
        &self,
        guild: u64,
        advisor: u64,
        beneficiary: u64,
    ) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM supports WHERE guild_id = ? AND advisor_id = ? AND beneficiary_id = ?",
        )
        .bind(id(guild))
        .bind(id(advisor))
        .bind(id(beneficiary))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(s,)| s))
    }

    /// Begins a conversation in one transaction: both people recorded, the support created or
    /// made active again, the work session opened (or continued), any unfinished conversation
    /// of the support abandoned, the new one saved. Returns (session, conversation).
    pub async fn start_conversation(
        &self,
        start: Start<'_>,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64), StoreError> {
        let mut tx = self.write().await?;
        let ids = start_in(&mut tx, self.audience, &start, None, now).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Begins a conversation the scheduler starts (a check-in), named by `origin` so that a
    /// second start after a crash finds the first; its first deliveries (`plan`, given the
    /// conversation's id) are planned in the same transaction. `None` when it already existed.
    pub async fn start_scheduled_conversation(
        &self,
        start: Start<'_>,
        origin: &str,
        plan: impl FnOnce(i64) -> Vec<NewDelivery>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.write().await?;
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM conversations WHERE origin = ?")
                .bind(origin)
                .fetch_optional(&mut *tx)
                .await?;
        if existing.is_some() {
            return Ok(None);
        }
        let (_, cid) = start_in(&mut tx, self.audience, &start, Some(origin), now).await?;
        insert(&mut tx, self.audience, &plan(cid), now).await?;
        tx.commit().await?;
        Ok(Some(cid))
    }

    /// The conversation a scheduled start (`origin`, a delivery's key) already began, if any.
    pub async fn conversation_of_origin(&self, origin: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM conversations WHERE origin = ?")
            .bind(origin)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(c,)| c))
    }

    /// The work session a support's check-ins belong to: its latest one.
    pub async fn latest_session_of(&self, support: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM work_sessions WHERE support_id = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(s,)| s))
    }

    /// Whether a support has a conversation in progress.
    pub async fn has_active_conversation(&self, support: i64) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT c.id FROM conversations c JOIN work_sessions w ON w.id = c.session_id
             WHERE w.support_id = ? AND c.status = 'active' LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    pub async fn conversation(
        &self,
        conversation: i64,
    ) -> Result<Option<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{SELECT} WHERE c.id = ?"))
            .bind(conversation)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The conversation a beneficiary's free text goes to: their most recent active one.
    pub async fn active_conversation_for(
        &self,
        beneficiary: u64,
    ) -> Result<Option<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE s.beneficiary_id = ? AND c.status = 'active' AND s.status != 'ended'
             ORDER BY c.updated_at DESC, c.id DESC LIMIT 1"
        ))
        .bind(id(beneficiary))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Active conversations in which `user` takes part (either side), most recent first.
    pub async fn active_conversations_of(
        &self,
        user: u64,
    ) -> Result<Vec<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE (s.beneficiary_id = ?1 OR s.advisor_id = ?1) AND c.status = 'active'
             ORDER BY c.updated_at DESC, c.id DESC"
        ))
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Saves one input's effects atomically.
    pub async fn save_step(
        &self,
        save: StepSave<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        let changed = sqlx::query(
            "UPDATE conversations SET step = ?, state = ?, status = ?, updated_at = ?, version = version + 1,
               asked_version = ?
             WHERE id = ? AND version = ? AND status = 'active'",
        )
        .bind(save.step)
        .bind(save.state)
        .bind(if save.done { "done" } else { "active" })
        .bind(&at)
        .bind(save.asked_version)
        .bind(save.conversation)
        .bind(save.version)
        .execute(&mut *tx)
        .await?;
        // Another write came first, or the conversation ended or was replaced meanwhile (an
        // ended conversation is never saved back to active): the caller reads it again.
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        // The questions asked before this step are answered or replaced: no nudge for them.
        cancel_nudges(&mut tx, save.conversation).await?;
        insert(&mut tx, self.audience, save.deliveries, now).await?;
        if let Some((field, value)) = save.answer {
            sqlx::query(
                "INSERT INTO answers (conversation_id, field, value, answered_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (conversation_id, field) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at",
            )
            .bind(save.conversation)
            .bind(field)
            .bind(value)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        let (session, support) = (save.session, save.support);
        note_contact(&mut tx, save.actor, support, &at).await?;
        if let Some(expectations) = save.expectations {
            sqlx::query(
                "UPDATE work_sessions SET expectations = ?, expectations_at = ? WHERE id = ?",
            )
            .bind(expectations)
            .bind(&at)
            .bind(session)
            .execute(&mut *tx)
            .await?;
        }
        let mut agreement_id = None;
        if let Some(a) = save.agreement {
            sqlx::query("UPDATE agreements SET status = 'superseded' WHERE support_id = ? AND status = 'active'")
                .bind(support)
                .execute(&mut *tx)
                .await?;
            let cadence = serde_json::to_string(&a.cadence)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let (status, next_plan_at) = if save.end_support {
                ("ended", None)
            } else {
                ("active", save.next_plan_at.map(ts))
            };
            let means: Vec<&str> = a.means.iter().map(|m| m.id()).collect();
            let (aid,): (i64,) = sqlx::query_as(
                "INSERT INTO agreements (support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc,
                   timezone, means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at,
                   beneficiary_confirmed_at, advisor_confirmed_at, status, created_at, next_plan_at, other_means,
                   rhythm_from_local)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(support)
            .bind(save.conversation)
            .bind(cadence)
            .bind(a.first.local.format("%Y-%m-%dT%H:%M:%S").to_string())
            .bind(ts(a.first.utc))
            .bind(a.first.tz.name())
            .bind(means.join(","))
            .bind(a.beneficiary_commitments.as_str())
            .bind(a.advisor_commitments.as_str())
            .bind(a.relay == crate::domain::agreement::Relay::Yes)
            .bind(ts(a.relay_at))
            .bind(ts(a.beneficiary_confirmed_at))
            .bind(ts(a.advisor_confirmed_at))
            .bind(status)
            .bind(&at)
            .bind(next_plan_at)
            .bind(a.other_means.as_ref().map(|m| m.as_str()))
            .bind(
                a.rhythm_from
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            )
            .fetch_one(&mut *tx)
            .await?;
            for (i, task) in a.tasks.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO tasks (support_id, agreement_id, position, text, status, updated_at)
                     VALUES (?, ?, ?, ?, 'not_started', ?)",
                )
                .bind(support)
                .bind(aid)
                .bind(i as i64)
                .bind(task.as_str())
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE work_sessions SET closed_at = ? WHERE id = ?")
                .bind(&at)
                .bind(session)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO consent_events (support_id, person_id, relay, at)
                 SELECT id, beneficiary_id, ?, ? FROM supports WHERE id = ?",
            )
            .bind(a.relay == crate::domain::agreement::Relay::Yes)
            .bind(ts(a.relay_at))
            .bind(support)
            .execute(&mut *tx)
            .await?;
            if !save.end_support {
                insert(&mut tx, self.audience, save.reminders, now).await?;
            }
            agreement_id = Some(aid);
        }
        for effect in save.tasks {
            match effect {
                crate::domain::talk::Effect::TaskStatus {
                    task,
                    status,
                    blocker,
                } => {
                    sqlx::query(
                        "UPDATE tasks SET status = ?1, updated_at = ?2,
                           blocker = CASE WHEN ?1 = 'blocked' THEN COALESCE(?3, blocker) ELSE NULL END,
                           blocker_at = CASE WHEN ?1 = 'blocked' AND ?3 IS NOT NULL THEN ?2
                                             WHEN ?1 = 'blocked' THEN blocker_at ELSE NULL END
                         WHERE id = ?4 AND support_id = ?5",
                    )
                    .bind(crate::domain::agreement::Choice::id(*status))
                    .bind(&at)
                    .bind(blocker.as_deref())
                    .bind(task)
                    .bind(support)
                    .execute(&mut *tx)
                    .await?;
                }
                crate::domain::talk::Effect::NewTask(text) => {
                    sqlx::query(
                        "INSERT INTO tasks (support_id, agreement_id, position, text, status, updated_at)
                         SELECT ?1, a.id, (SELECT COALESCE(MAX(position), -1) + 1 FROM tasks WHERE agreement_id = a.id),
                                ?2, 'not_started', ?3
                         FROM agreements a WHERE a.support_id = ?1 AND a.status = 'active'
                         ORDER BY a.id DESC LIMIT 1",
                    )
                    .bind(support)
                    .bind(text)
                    .bind(&at)
                    .execute(&mut *tx)
                    .await?;
                }
                _ => {}
            }
        }
        if save.end_support {
            sqlx::query(
                "UPDATE supports SET status = 'ended', ended_at = ?1, updated_at = ?1 WHERE id = ?2",
            )
            .bind(&at)
            .bind(support)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE work_sessions SET closed_at = COALESCE(closed_at, ?) WHERE id = ?")
                .bind(&at)
                .bind(session)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(agreement_id)
    }

    /// The closing conversation behind the active agreement of `beneficiary` in `guild`.
    pub async fn agreed_conversation(
        &self,
        beneficiary: u64,
        guild: u64,
    ) -> Result<Option<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} JOIN agreements a ON a.conversation_id = c.id
             WHERE s.beneficiary_id = ? AND s.guild_id = ? AND a.status = 'active' ORDER BY a.id DESC LIMIT 1"
        ))
        .bind(id(beneficiary))
        .bind(id(guild))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The supports of a person (either side), most recent contact first: (support, guild,
    /// advisor, beneficiary).
    pub async fn supports_of(&self, user: u64) -> Result<Vec<(i64, i64, i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, guild_id, advisor_id, beneficiary_id FROM supports
             WHERE (advisor_id = ?1 OR beneficiary_id = ?1) AND status != 'ended' ORDER BY last_contact_at DESC",
        )
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The writes that begin a conversation, inside the caller's transaction.
/// Records that `actor` (id, display name, locale) was heard from in `support` at `at`: their
/// name and locale kept up to date, the support's last contact moved.
pub(crate) async fn note_contact(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    (actor, name, locale): (u64, &str, Option<&str>),
    support: i64,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO people (id, display_name, last_locale, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (id) DO UPDATE SET
           display_name = CASE WHEN ?2 = '' THEN display_name ELSE ?2 END,
           last_locale = COALESCE(?3, last_locale), updated_at = ?4",
    )
    .bind(id(actor))
    .bind(name)
    .bind(locale)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE supports SET last_contact_at = ? WHERE id = ?")
        .bind(at)
        .bind(support)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn start_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    audience: super::Audience,
    start: &Start<'_>,
    origin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(i64, i64), StoreError> {
    let at = ts(now);
    let people = [
        (start.advisor.0, start.advisor.1, start.advisor.2),
        (start.beneficiary.0, start.beneficiary.1, None),
    ];
    for (person, name, locale) in people {
        sqlx::query(
                "INSERT INTO people (id, display_name, last_locale, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (id) DO UPDATE SET
                   display_name = CASE WHEN ?2 = '' THEN display_name ELSE ?2 END,
                   last_locale = COALESCE(?3, last_locale), updated_at = ?4",
            )
            .bind(id(person))
            .bind(name)
            .bind(locale)
            .bind(&at)
            .execute(&mut **tx)
            .await?;
    }
    let (support,): (i64,) = sqlx::query_as(
            "INSERT INTO supports (guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at, audience)
             VALUES (?1, ?2, ?3, 'active', ?4, ?4, ?4, ?5)
             ON CONFLICT (guild_id, advisor_id, beneficiary_id) DO UPDATE SET
               status = 'active', ended_at = NULL, updated_at = ?4, last_contact_at = ?4
             RETURNING id",
        )
        .bind(id(start.guild))
        .bind(id(start.advisor.0))
        .bind(id(start.beneficiary.0))
        .bind(&at)
        .bind(audience.column())
        .fetch_one(&mut **tx)
        .await?;
    let session = match start.session {
        Some(s) => s,
        None => {
            let (sid,): (i64,) = sqlx::query_as(
                "INSERT INTO work_sessions (support_id, opened_at) VALUES (?, ?) RETURNING id",
            )
            .bind(support)
            .bind(&at)
            .fetch_one(&mut **tx)
            .await?;
            sid
        }
    };
    // The questions of the conversation this one replaces are no longer asked: their
    // nudges, and any still waiting to be sent, are cancelled.
    sqlx::query(
        "UPDATE deliveries SET status = 'cancelled'
             WHERE kind IN ('nudge', 'prompt') AND status = 'planned' AND conversation_id IN
               (SELECT id FROM conversations WHERE status = 'active' AND session_id IN
                 (SELECT id FROM work_sessions WHERE support_id = ?1))",
    )
    .bind(support)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
            "UPDATE conversations SET status = 'abandoned', updated_at = ?1, version = version + 1
             WHERE status = 'active' AND session_id IN (SELECT id FROM work_sessions WHERE support_id = ?2)",
        )
        .bind(&at)
        .bind(support)
        .execute(&mut **tx)
        .await?;
    let (cid,): (i64,) = sqlx::query_as(
            "INSERT INTO conversations (session_id, kind, step, state, status, created_at, updated_at, origin)
             VALUES (?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id",
        )
        .bind(session)
        .bind(start.kind)
        .bind(start.step)
        .bind(start.state)
        .bind(&at)
        .bind(&at)
        .bind(origin)
        .fetch_one(&mut **tx)
        .await?;
    Ok((session, cid))
}
