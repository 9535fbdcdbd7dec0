//! What the advisor digest reads, and when each advisor's next digest is due. Reads only; the
//! digest's rules (what is urgent, what is confidential) live in `domain::digest`.

use chrono::{DateTime, Utc};

use super::{id, ts, Store, StoreError};
use crate::store::NewDelivery;

/// One support as the digest reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StandingRow {
    pub support: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub beneficiary_name: String,
    pub advisor_name: String,
    pub status: String,
    /// (text, status, blocker)
    pub tasks: Vec<(String, String, Option<String>)>,
    /// The oldest unanswered question's last change, when a conversation is in progress.
    pub waiting_since: Option<String>,
    /// Deliveries skipped or failed since the last digest.
    pub missed: i64,
    pub new_answers: i64,
    /// The beneficiary's latest answer to "continue the support?".
    pub wants_continue: Option<String>,
    /// A synthesis written since the last digest.
    pub synthesis: Option<String>,
    /// The active agreement: (cadence JSON, first exchange local, zone, relay, relay date).
    pub agreement: Option<(String, String, String, bool, String)>,
    /// The last contact, or the end: retention counts from it.
    pub retention_from: String,
}

/// An advisor whose digest is due.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DigestDue {
    pub advisor_id: i64,
    pub day: Option<i64>,
    pub time: Option<String>,
    pub timezone: Option<String>,
    pub next_at: Option<String>,
    pub last_sent_at: Option<String>,
}

impl Store {
    /// The supports an advisor follows (or, with `guild`, every support of a guild), not
    /// ended.
    pub async fn supports_for_digest(
        &self,
        advisor: Option<u64>,
        guild: Option<u64>,
    ) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM supports WHERE status != 'ended'
               AND (?1 IS NULL OR advisor_id = ?1) AND (?2 IS NULL OR guild_id = ?2)
             ORDER BY id",
        )
        .bind(advisor.map(id))
        .bind(guild.map(id))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// Everything the digest says about one support, since `since`.
    pub async fn standing(
        &self,
        support: i64,
        since: Option<DateTime<Utc>>,
    ) -> Result<Option<StandingRow>, StoreError> {
        let since = since.map(ts).unwrap_or_default();
        let head: Option<(i64, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT s.advisor_id, s.beneficiary_id, COALESCE(pb.display_name, ''), COALESCE(pa.display_name, ''), s.status,
                    MIN(s.last_contact_at, COALESCE(s.ended_at, s.last_contact_at))
             FROM supports s LEFT JOIN people pb ON pb.id = s.beneficiary_id LEFT JOIN people pa ON pa.id = s.advisor_id
             WHERE s.id = ?",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        let Some((
            advisor_id,
            beneficiary_id,
            beneficiary_name,
            advisor_name,
            status,
            retention_from,
        )) = head
        else {
            return Ok(None);
        };
        let agreement: Option<(i64, String, String, String, bool, String)> = sqlx::query_as(
            "SELECT id, cadence, first_exchange_local, timezone, relay_consent, relay_consent_at
             FROM agreements WHERE support_id = ? AND status = 'active' ORDER BY id DESC LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        let tasks: Vec<(String, String, Option<String>)> = match &agreement {
            Some((aid, ..)) => {
                sqlx::query_as(
                    "SELECT text, status, blocker FROM tasks WHERE agreement_id = ? ORDER BY position, id",
                )
                .bind(aid)
                .fetch_all(&self.pool)
                .await?
            }
            None => Vec::new(),
        };
        let (waiting_since, missed, new_answers): (Option<String>, i64, i64) = sqlx::query_as(
            "SELECT
               (SELECT MIN(c.updated_at) FROM conversations c JOIN work_sessions w ON w.id = c.session_id
                 WHERE w.support_id = ?1 AND c.status = 'active'),
               (SELECT COUNT(*) FROM deliveries WHERE support_id = ?1 AND status IN ('skipped', 'failed')
                 AND kind != 'notice' AND due_at > ?2),
               (SELECT COUNT(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id
                 JOIN work_sessions w ON w.id = c.session_id WHERE w.support_id = ?1 AND a.answered_at > ?2)",
        )
        .bind(support)
        .bind(&since)
        .fetch_one(&self.pool)
        .await?;
        let latest = |field: &'static str, since: Option<String>| {
            let pool = self.pool.clone();
            async move {
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT a.value FROM answers a JOIN conversations c ON c.id = a.conversation_id
                     JOIN work_sessions w ON w.id = c.session_id
                     WHERE w.support_id = ? AND a.field = ? AND a.answered_at > ?
                     ORDER BY a.answered_at DESC LIMIT 1",
                )
                .bind(support)
                .bind(field)
                .bind(since.unwrap_or_default())
                .fetch_optional(&pool)
                .await?;
                Ok::<_, StoreError>(row.map(|(v,)| v))
            }
        };
        let wants_continue = latest("review_continue", None).await?;
        let synthesis = latest("synthesis", Some(since.clone())).await?;
        Ok(Some(StandingRow {
            support,
            advisor_id,
            beneficiary_id,
            beneficiary_name,
            advisor_name,
            status,
            tasks,
            waiting_since,
            missed,
            new_answers,
            wants_continue,
            synthesis,
            agreement: agreement.map(|(_, c, f, tz, r, at)| (c, f, tz, r, at)),
            retention_from,
        }))
    }

    /// Advisors whose digest is due by `now`, among those who follow a support.
    pub async fn digests_due(&self, now: DateTime<Utc>) -> Result<Vec<DigestDue>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT advisor_id, day, time, timezone, next_at, last_sent_at FROM digest_settings
             WHERE next_at IS NOT NULL AND next_at <= ?
               AND advisor_id IN (SELECT advisor_id FROM supports WHERE status != 'ended')",
        )
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The digest settings of an advisor (none saved: the defaults).
    pub async fn digest_settings(&self, advisor: u64) -> Result<Option<DigestDue>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT advisor_id, day, time, timezone, next_at, last_sent_at FROM digest_settings WHERE advisor_id = ?",
        )
        .bind(id(advisor))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Saves an advisor's choice of day, time and zone, and when their next digest is due.
    pub async fn save_digest_settings(
        &self,
        advisor: u64,
        day: Option<i64>,
        time: Option<&str>,
        timezone: Option<&str>,
        next_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO digest_settings (advisor_id, day, time, timezone, next_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (advisor_id) DO UPDATE SET day = ?2, time = ?3, timezone = ?4, next_at = ?5",
        )
        .bind(id(advisor))
        .bind(day)
        .bind(time)
        .bind(timezone)
        .bind(next_at.map(ts))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Makes sure an advisor has a next digest planned (a first agreement): an existing plan
    /// is left as it is.
    pub async fn ensure_digest(
        &self,
        advisor: u64,
        next_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO digest_settings (advisor_id, next_at) VALUES (?, ?)
             ON CONFLICT (advisor_id) DO UPDATE SET next_at = COALESCE(next_at, excluded.next_at)",
        )
        .bind(id(advisor))
        .bind(ts(next_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Plans a digest delivery and moves the advisor's next one, in one transaction.
    pub async fn plan_digest(
        &self,
        advisor: u64,
        delivery: &NewDelivery,
        next_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        super::outbox::insert(&mut tx, std::slice::from_ref(delivery), now).await?;
        sqlx::query(
            "UPDATE digest_settings SET next_at = ?, last_sent_at = ? WHERE advisor_id = ?",
        )
        .bind(next_at.map(ts))
        .bind(ts(now))
        .bind(id(advisor))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The earliest digest due (the scheduler wakes for it).
    pub async fn next_digest_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let (at,): (Option<String>,) =
            sqlx::query_as("SELECT MIN(next_at) FROM digest_settings WHERE next_at IS NOT NULL")
                .fetch_one(&self.pool)
                .await?;
        Ok(at
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }
}

impl Store {
    /// The role whose members see every advisor's digest in a guild.
    pub async fn coordinator_role(&self, guild: u64) -> Result<Option<u64>, StoreError> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT coordinator_role_id FROM guilds WHERE id = ?")
                .bind(id(guild))
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(r,)| r).map(|r| r as u64))
    }

    /// Sets (or clears) a guild's coordinator role.
    pub async fn set_coordinator_role(
        &self,
        guild: u64,
        role: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guilds (id, coordinator_role_id, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET coordinator_role_id = ?2, updated_at = ?3",
        )
        .bind(id(guild))
        .bind(role.map(id))
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
