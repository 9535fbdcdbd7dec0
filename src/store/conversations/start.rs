//! Beginning a conversation: both people recorded, the support made active, the work session
//! opened or continued, the conversation it replaces abandoned, all in one transaction.

use chrono::{DateTime, Utc};

use crate::store::outbox::{insert, NewDelivery};
use crate::store::{id, ts, Audience, Store, StoreError};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

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
            sqlx::query_as("SELECT id FROM conversations WHERE origin = $1")
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
}

/// Records that `actor` (id, display name, locale) was heard from in `support` at `at`: their
/// name and locale kept up to date, the support's last contact moved.
pub(crate) async fn note_contact(
    tx: &mut Tx<'_>,
    actor: (u64, &str, Option<&str>),
    support: i64,
    at: &str,
) -> Result<(), StoreError> {
    keep_person(tx, actor, at).await?;
    sqlx::query("UPDATE supports SET last_contact_at = $1 WHERE id = $2")
        .bind(at)
        .bind(support)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A person recorded, or their name (unless empty) and locale (unless unknown) brought up to
/// date.
async fn keep_person(
    tx: &mut Tx<'_>,
    (person, name, locale): (u64, &str, Option<&str>),
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO people (id, display_name, last_locale, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (id) DO UPDATE SET
           display_name = CASE WHEN $2 = '' THEN people.display_name ELSE $2 END,
           last_locale = COALESCE($3, people.last_locale), updated_at = $4",
    )
    .bind(id(person))
    .bind(name)
    .bind(locale)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The writes that begin a conversation, inside the caller's transaction.
async fn start_in(
    tx: &mut Tx<'_>,
    audience: Audience,
    start: &Start<'_>,
    origin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(i64, i64), StoreError> {
    let at = ts(now);
    keep_person(tx, start.advisor, &at).await?;
    keep_person(tx, (start.beneficiary.0, start.beneficiary.1, None), &at).await?;
    let support = activate_support(tx, audience, start, &at).await?;
    let session = match start.session {
        Some(s) => s,
        None => open_session(tx, support, &at).await?,
    };
    abandon_active(tx, support, &at).await?;
    let (cid,): (i64,) = sqlx::query_as(
        "INSERT INTO conversations (session_id, kind, step, state, status, created_at, updated_at, origin)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7) RETURNING id",
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

/// The support between the two people, created or made active again.
async fn activate_support(
    tx: &mut Tx<'_>,
    audience: Audience,
    start: &Start<'_>,
    at: &str,
) -> Result<i64, StoreError> {
    let (support,): (i64,) = sqlx::query_as(
        "INSERT INTO supports (guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at, audience)
         VALUES ($1, $2, $3, 'active', $4, $4, $4, $5)
         ON CONFLICT (guild_id, advisor_id, beneficiary_id) DO UPDATE SET
           status = 'active', ended_at = NULL, updated_at = $4, last_contact_at = $4
         RETURNING id",
    )
    .bind(id(start.guild))
    .bind(id(start.advisor.0))
    .bind(id(start.beneficiary.0))
    .bind(at)
    .bind(audience.column())
    .fetch_one(&mut **tx)
    .await?;
    Ok(support)
}

async fn open_session(tx: &mut Tx<'_>, support: i64, at: &str) -> Result<i64, StoreError> {
    let (sid,): (i64,) = sqlx::query_as(
        "INSERT INTO work_sessions (support_id, opened_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(support)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(sid)
}

/// The support's unfinished conversation is replaced: abandoned, and its questions no longer
/// asked (their nudges, and any prompt still waiting to be sent, cancelled).
async fn abandon_active(tx: &mut Tx<'_>, support: i64, at: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE deliveries SET status = 'cancelled'
         WHERE kind IN ('nudge', 'prompt') AND status = 'planned' AND conversation_id IN
           (SELECT id FROM conversations WHERE status = 'active' AND session_id IN
             (SELECT id FROM work_sessions WHERE support_id = $1))",
    )
    .bind(support)
    .execute(&mut **tx)
    .await?;
    abandon_conversations(tx, support, at).await
}

/// The support's conversations in progress are abandoned (a new one replaces them, or the
/// support ended).
pub(crate) async fn abandon_conversations(
    tx: &mut Tx<'_>,
    support: i64,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE conversations SET status = 'abandoned', updated_at = $1, version = version + 1
         WHERE status = 'active' AND session_id IN (SELECT id FROM work_sessions WHERE support_id = $2)",
    )
    .bind(at)
    .bind(support)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
