//! The follow-up of agreements: the row the planner reads ([`PlanRow`]; the batches are taken
//! and written by `outbox/planning.rs`), the active agreement of a support (reminders are
//! rendered from it when sent), and the changes to a support (pause, resume, end, relay
//! consent), each in one transaction with what it plans.

use chrono::{DateTime, Utc};

use super::conversations::abandon_conversations;
use super::outbox::{cancel_follow_up, insert, NewDelivery};
use super::{id, ts, Store, StoreError};
use crate::store::words::stored_words;
use crate::store::words::Flag;

/// An agreement whose next exchange must be planned.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PlanRow {
    pub agreement_id: i64,
    pub support_id: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub cadence: String,
    pub first_exchange_local: String,
    pub timezone: String,
    /// Where the rhythm starts when the first exchange is off it (local wall time).
    pub rhythm_from_local: Option<String>,
}

/// An agreement with its support, as reminders and `/plan` read it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub support_id: i64,
    pub guild_id: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub conversation_id: i64,
    pub cadence: String,
    pub first_exchange_local: String,
    pub timezone: String,
    /// Comma-separated ids of [`crate::domain::agreement::Means`].
    pub means: String,
    /// The other means in the beneficiary's words (the id `other` in `means`).
    pub other_means: Option<String>,
    pub beneficiary_commitments: String,
    pub advisor_commitments: String,
    #[sqlx(try_from = "Flag")]
    pub relay_consent: bool,
    pub relay_consent_at: String,
    pub status: AgreementStatus,
    pub support_status: SupportStatus,
    /// Where the rhythm starts when the first exchange is off it (local wall time).
    pub rhythm_from_local: Option<String>,
}

/// An agreement's state, stored as its lower-case name: the one in force, one a later
/// agreement replaced, or the last of a support that ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementStatus {
    Active,
    Superseded,
    Ended,
}

stored_words!(AgreementStatus {
    Active => "active",
    Superseded => "superseded",
    Ended => "ended",
});

/// A support's state, stored as its lower-case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportStatus {
    Active,
    Paused,
    Ended,
}

stored_words!(SupportStatus {
    Active => "active",
    Paused => "paused",
    Ended => "ended",
});

const AGREEMENT: &str = "SELECT a.id, a.support_id, s.guild_id, s.advisor_id, s.beneficiary_id, a.conversation_id,
        a.cadence, a.first_exchange_local, a.timezone, a.means, a.other_means, a.beneficiary_commitments,
        a.advisor_commitments, a.relay_consent, a.relay_consent_at, a.status, s.status AS support_status,
        a.rhythm_from_local
    FROM agreements a JOIN supports s ON s.id = a.support_id";

impl Store {
    /// The active agreement of a support.
    pub async fn active_agreement(&self, support: i64) -> Result<Option<AgreementRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{AGREEMENT} WHERE a.support_id = $1 AND a.status = 'active' ORDER BY a.id DESC LIMIT 1"
        ))
        .bind(support)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The agreements of a person's supports that are not ended (either side), most recent
    /// contact first.
    pub async fn agreements_of(&self, user: u64) -> Result<Vec<AgreementRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{AGREEMENT} WHERE (s.advisor_id = $1 OR s.beneficiary_id = $1) AND a.status = 'active'
             AND s.status != 'ended' ORDER BY s.last_contact_at DESC"
        ))
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Writes a change to a support ([`SupportChange`]) and plans the `notices` that announce
    /// it, in one transaction.
    pub async fn change_support(
        &self,
        support: i64,
        change: SupportChange,
        notices: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        match change {
            SupportChange::Status(status) => set_status(&mut tx, support, status, &at).await?,
            SupportChange::RelayConsent { person, relay } => {
                set_consent(&mut tx, support, person, relay, &at).await?
            }
        }
        insert(&mut tx, self.audience, notices, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The consent history of a support: (relay, at), oldest first.
    pub async fn consent_events(&self, support: i64) -> Result<Vec<(bool, String)>, StoreError> {
        let rows: Vec<(Flag, String)> = sqlx::query_as(
            "SELECT relay, at FROM consent_events WHERE support_id = $1 ORDER BY id",
        )
        .bind(support)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(Flag(r), at)| (r, at)).collect())
    }

    /// Plans the agreements of `user`'s supports again from now (their time zone changed).
    pub async fn replan_for(&self, user: u64, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE agreements SET next_plan_at = $1 WHERE status = 'active' AND next_plan_at IS NOT NULL
               AND support_id IN (SELECT id FROM supports WHERE advisor_id = $2 OR beneficiary_id = $2)",
        )
        .bind(ts(now))
        .bind(id(user))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// A support, as the scheduler and the changes read it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SupportRow {
    pub id: i64,
    pub guild_id: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub status: SupportStatus,
}

impl Store {
    pub async fn support_row(&self, support: i64) -> Result<Option<SupportRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, guild_id, advisor_id, beneficiary_id, status FROM supports WHERE id = $1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The supports a person takes part in (either side), not ended, most recent contact first.
    pub async fn support_rows_of(&self, user: u64) -> Result<Vec<SupportRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, guild_id, advisor_id, beneficiary_id, status FROM supports
             WHERE (advisor_id = $1 OR beneficiary_id = $1) AND status != 'ended'
             ORDER BY last_contact_at DESC, id DESC",
        )
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?)
    }
}

/// A task of an agreement, as the check-in asks about it and the digest shows it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TaskRow {
    pub id: i64,
    pub text: String,
    pub status: TaskState,
    pub blocker: Option<String>,
    pub blocker_at: Option<String>,
    pub updated_at: String,
}

/// Where a task stands, stored as its snake-case name (the schema's `CHECK` lists them). The
/// domain's `TaskStatus` is the same four words; the service maps one to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    NotStarted,
    InProgress,
    Done,
    Blocked,
}

stored_words!(TaskState {
    NotStarted => "not_started",
    InProgress => "in_progress",
    Done => "done",
    Blocked => "blocked",
});

impl Store {
    /// The tasks of an agreement, in order.
    pub async fn tasks_of(&self, agreement: i64) -> Result<Vec<TaskRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, text, status, blocker, blocker_at, updated_at FROM tasks
             WHERE agreement_id = $1 ORDER BY position, id",
        )
        .bind(agreement)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// A change to a support that its other side is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportChange {
    /// Paused, resumed or ended. A pause or an end cancels what was planned (reminders,
    /// check-ins, nudges); a resume plans again from now; an end also closes the agreement and
    /// any conversation in progress.
    Status(SupportStatus),
    /// The relay consent given or withdrawn by `person`, with its date, on the active
    /// agreement and in the consent history.
    RelayConsent { person: u64, relay: bool },
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

async fn set_status(
    tx: &mut Tx,
    support: i64,
    status: SupportStatus,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE supports SET status = $1, updated_at = $2, last_contact_at = $2,
           ended_at = CASE WHEN $1 = 'ended' THEN $2 ELSE ended_at END WHERE id = $3",
    )
    .bind(status)
    .bind(at)
    .bind(support)
    .execute(&mut **tx)
    .await?;
    match status {
        SupportStatus::Active => {
            sqlx::query(
                "UPDATE agreements SET next_plan_at = $1 WHERE support_id = $2 AND status = 'active'",
            )
            .bind(at)
            .bind(support)
            .execute(&mut **tx)
            .await?;
        }
        SupportStatus::Paused | SupportStatus::Ended => {
            cancel_follow_up(tx, support).await?;
            let agreement_status = if status == SupportStatus::Ended {
                AgreementStatus::Ended
            } else {
                AgreementStatus::Active
            };
            sqlx::query(
                "UPDATE agreements SET next_plan_at = NULL, status = $1 WHERE support_id = $2 AND status = 'active'",
            )
            .bind(agreement_status)
            .bind(support)
            .execute(&mut **tx)
            .await?;
        }
    }
    if status == SupportStatus::Ended {
        abandon_conversations(tx, support, at).await?;
        sqlx::query(
            "UPDATE deliveries SET status = 'cancelled' WHERE support_id = $1 AND status = 'planned' AND kind = 'prompt'",
        )
        .bind(support)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn set_consent(
    tx: &mut Tx,
    support: i64,
    person: u64,
    relay: bool,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE agreements SET relay_consent = $1, relay_consent_at = $2 WHERE support_id = $3 AND status = 'active'",
    )
    .bind(Flag(relay))
    .bind(at)
    .bind(support)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO consent_events (support_id, person_id, relay, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(support)
    .bind(id(person))
    .bind(Flag(relay))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
