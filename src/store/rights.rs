//! Data rights and retention in the store: everything held about one person (as JSON built by
//! the database itself, `src/store/export_sql.rs`), erasing it, purging supports past their
//! retention, and the audit of who did which of these when — never the content. Erasure runs
//! with `secure_delete` (set on every SQLite connection) and ends with a truncating WAL
//! checkpoint, so an erased sentence is left neither in the database file nor in its
//! write-ahead log.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::export_sql::{SECTIONS, SECTIONS_PG};
use super::outbox::insert;
use super::{id, ts, NewDelivery, Store, StoreError};
use crate::store::words::Flag;

/// How long a truncating checkpoint may hold back writers while it waits for a reader.
const TRUNCATE_ATTEMPT: std::time::Duration = std::time::Duration::from_millis(100);
/// The pause between two attempts, with no lock held.
const TRUNCATE_PAUSE: std::time::Duration = std::time::Duration::from_millis(150);
/// How long attempts go on before the caller is told (the store's busy timeout).
const TRUNCATE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// What an erasure removed, in numbers (for the audit and the person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Erased {
    pub supports: u64,
    pub deliveries: u64,
}

impl Store {
    /// Everything held about `user`, by section (see `docs/export-schema.json`).
    pub async fn export_sections(
        &self,
        user: u64,
    ) -> Result<Vec<(&'static str, Value)>, StoreError> {
        let sections = match self.backend {
            super::Backend::Sqlite => SECTIONS,
            super::Backend::Postgres => SECTIONS_PG,
        };
        let mut out = Vec::with_capacity(sections.len());
        for (name, sql) in sections {
            let row: Option<(Option<String>,)> = sqlx::query_as(sql)
                .bind(id(user))
                .fetch_optional(&self.pool)
                .await?;
            let value = match row.and_then(|(v,)| v) {
                Some(text) => {
                    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?
                }
                None => Value::Null,
            };
            out.push((*name, value));
        }
        Ok(out)
    }

    /// Whether anything at all is held about `user` (as a person, a beneficiary, an advisor,
    /// a recipient or in a consent): an erasure for nobody is said to be one.
    pub async fn holds_anything_about(&self, user: u64) -> Result<bool, StoreError> {
        let (Flag(held),): (Flag,) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM people WHERE id = $1)
                 OR EXISTS (SELECT 1 FROM supports WHERE beneficiary_id = $1 OR advisor_id = $1)
                 OR EXISTS (SELECT 1 FROM deliveries WHERE recipient_id = $1)
                 OR EXISTS (SELECT 1 FROM consent_events WHERE person_id = $1)
                 OR EXISTS (SELECT 1 FROM digest_settings WHERE advisor_id = $1)",
        )
        .bind(id(user))
        .fetch_one(&self.pool)
        .await?;
        Ok(held)
    }

    /// The advisors of the supports `user` is the beneficiary of (told when they erase).
    pub async fn advisors_of(&self, user: u64) -> Result<Vec<u64>, StoreError> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT advisor_id FROM supports WHERE beneficiary_id = $1 AND status != 'ended'",
        )
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(a,)| a as u64).collect())
    }

    /// Erases what is held about `user`: the supports they are the beneficiary of (with their
    /// sessions, answers, agreements, tasks, check-ins, consents and deliveries), their own
    /// commitments and settings as an advisor, every delivery to them, and their person row.
    /// The supports they follow as an advisor stay (they are their beneficiaries' data), with
    /// the advisor's commitments blanked. `notices` (to the advisors told) are planned in the
    /// same transaction; the audit records the numbers.
    pub async fn erase_person(
        &self,
        user: u64,
        actor: Option<u64>,
        notices: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<Erased, StoreError> {
        let uid = id(user);
        let mut tx = self.write().await?;
        let deliveries = sqlx::query("DELETE FROM deliveries WHERE recipient_id = $1")
            .bind(uid)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "DELETE FROM exchange_outcomes WHERE support_id IN (SELECT id FROM supports WHERE beneficiary_id = $1)",
        )
        .bind(uid)
        .execute(&mut *tx)
        .await?;
        let supports = sqlx::query("DELETE FROM supports WHERE beneficiary_id = $1")
            .bind(uid)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        for sql in [
            "UPDATE agreements SET advisor_commitments = '' WHERE support_id IN (SELECT id FROM supports WHERE advisor_id = $1)",
            "DELETE FROM answers WHERE field IN ('advisor_commitments', 'advisor_proposal') AND conversation_id IN
               (SELECT c.id FROM conversations c JOIN work_sessions w ON w.id = c.session_id
                JOIN supports s ON s.id = w.support_id WHERE s.advisor_id = $1)",
            "DELETE FROM digest_settings WHERE advisor_id = $1",
            "DELETE FROM consent_events WHERE person_id = $1",
            "DELETE FROM reschedules WHERE proposed_by = $1",
            "DELETE FROM people WHERE id = $1",
        ] {
            sqlx::query(sql).bind(uid).execute(&mut *tx).await?;
        }
        insert(&mut tx, self.audience, notices, now).await?;
        let line = AuditLine {
            at: now,
            actor,
            action: "erase",
            subject: Some(user),
            detail: format!("supports={supports} deliveries={deliveries}"),
        };
        audit_in(&mut tx, &line).await?;
        tx.commit().await?;
        self.truncate_wal().await?;
        Ok(Erased {
            supports,
            deliveries,
        })
    }

    /// Supports ended, or without contact, since before `cutoff`: (support, advisor,
    /// beneficiary).
    pub async fn supports_past(
        &self,
        cutoff: DateTime<Utc>,
    ) -> Result<Vec<(i64, i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, advisor_id, beneficiary_id FROM supports
             WHERE (ended_at IS NOT NULL AND ended_at < $1) OR last_contact_at < $1",
        )
        .bind(ts(cutoff))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Purges supports past their retention (everything that hangs on them), with an audit
    /// line each; then truncates the write-ahead log.
    pub async fn purge_supports(
        &self,
        supports: &[(i64, i64, i64)],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        if supports.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write().await?;
        let mut n = 0;
        for (support, _, beneficiary) in supports {
            n += sqlx::query("DELETE FROM supports WHERE id = $1")
                .bind(support)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let line = AuditLine {
                at: now,
                actor: None,
                action: "purge",
                subject: Some(*beneficiary as u64),
                detail: format!("support={support}"),
            };
            audit_in(&mut tx, &line).await?;
        }
        tx.commit().await?;
        match self.truncate_wal().await {
            // The purge is done; the next erasure or purge empties the log. Failing the
            // scheduler's pass would hold back every delivery while the backup runs.
            Err(StoreError::LogInUse) => {
                tracing::warn!(
                    "retention: purged, but a reader kept the write-ahead log from being emptied"
                );
            }
            other => other?,
        }
        Ok(n)
    }

    /// Records an audit line.
    pub async fn audit(&self, line: &AuditLine<'_>) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        audit_in(&mut tx, line).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Audit lines, newest first: (at, actor, action, subject, detail).
    pub async fn audit_lines(
        &self,
        subject: Option<u64>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<(String, Option<i64>, String, Option<i64>, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT at, actor_id, action, subject_id, detail FROM audit
             WHERE ($1 IS NULL OR subject_id = $1) AND ($2 IS NULL OR at >= $2)
             ORDER BY at DESC, id DESC",
        )
        .bind(subject.map(id))
        .bind(since.map(ts))
        .fetch_all(&self.pool)
        .await?)
    }

    /// When a periodic job is next due.
    pub async fn job_due(&self, name: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT next_at FROM jobs WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .and_then(|(s,)| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    pub async fn set_job_due(&self, name: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO jobs (name, next_at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET next_at = $2",
        )
        .bind(name)
        .bind(ts(at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Copies the write-ahead log into the database and empties it, so that nothing erased
    /// stays in the log.
    ///
    /// A connection still reading an older snapshot (a `suivi backup` in progress: `VACUUM
    /// INTO` reads one snapshot from start to end) keeps the log from being emptied, and a
    /// truncating checkpoint holds back every writer, in every process, while it waits for
    /// it. So each attempt runs on a connection of its own whose busy timeout is
    /// [`TRUNCATE_ATTEMPT`], the next one comes a little later with no lock held, and after
    /// [`TRUNCATE_PATIENCE`] the caller is told ([`StoreError::LogInUse`]) instead of being
    /// left to believe that the log is empty (`PRAGMA wal_checkpoint` reports "busy" in its
    /// result row, not as an error).
    /// PostgreSQL has no such log: nothing to do there.
    pub async fn truncate_wal(&self) -> Result<(), StoreError> {
        use sqlx::Connection;
        if self.backend == super::Backend::Postgres {
            return Ok(());
        }
        let options = super::sqlite::options_for(&self.path)?.busy_timeout(TRUNCATE_ATTEMPT);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
        let deadline = tokio::time::Instant::now() + TRUNCATE_PATIENCE;
        let emptied = loop {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&mut conn)
                .await?;
            if busy == 0 {
                break true;
            }
            if tokio::time::Instant::now() >= deadline {
                break false;
            }
            tokio::time::sleep(TRUNCATE_PAUSE).await;
        };
        conn.close().await?;
        if emptied {
            Ok(())
        } else {
            Err(StoreError::LogInUse)
        }
    }
}

/// One line of the audit: who (`None`: the system) did what to whose data, and when — never
/// the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine<'a> {
    pub at: DateTime<Utc>,
    pub actor: Option<u64>,
    pub action: &'a str,
    pub subject: Option<u64>,
    pub detail: String,
}

async fn audit_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    line: &AuditLine<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit (at, actor_id, action, subject_id, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ts(line.at))
    .bind(line.actor.map(id))
    .bind(line.action)
    .bind(line.subject.map(id))
    .bind(line.detail.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
