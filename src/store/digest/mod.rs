//! What the advisor digest reads, and when each advisor's next digest is due. Reads only; the
//! digest's rules (what is urgent, what is confidential) live in `domain::digest`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{id, ts, Store, StoreError};
use crate::store::NewDelivery;

/// The supports a digest covers, as a condition on `supports s`: not ended, of the advisor
/// `?1` (or any when NULL), in the guild `?2` (or any when NULL).
pub(super) const SCOPE: &str =
    "s.status != 'ended' AND (?1 IS NULL OR s.advisor_id = ?1) AND (?2 IS NULL OR s.guild_id = ?2)";

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
    /// The active agreement: (cadence JSON, first exchange local, zone, relay, relay date,
    /// where the rhythm starts when the first exchange is off it).
    pub agreement: Option<(String, String, String, bool, String, Option<String>)>,
    /// The last contact, or the end: retention counts from it.
    pub retention_from: String,
    /// The beneficiary said they did not know the next step (and got help) since the last
    /// digest.
    pub next_step_unsure: bool,
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

    /// Everything the digest says about every support it covers (an advisor's, or with
    /// `guild` every support of a guild; not ended), since `since`, in the order of
    /// [`Store::supports_for_digest`]: the same rows as [`Store::standing`] for each of them,
    /// read with eight queries in one read transaction whatever the number of supports
    /// (per support, six round trips cost ≈ 1 ms: half a second for 500 beneficiaries, while
    /// the dispatcher that builds the digest sends nothing else; see `BENCHMARKS.md`).
    pub async fn standings(
        &self,
        advisor: Option<u64>,
        guild: Option<u64>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<StandingRow>, StoreError> {
        let since = since.map(ts).unwrap_or_default();
        let (advisor, guild) = (advisor.map(id), guild.map(id));
        let mut tx = self.pool.begin().await?;
        #[allow(clippy::type_complexity)]
        let heads: Vec<(i64, i64, i64, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT s.id, s.advisor_id, s.beneficiary_id, COALESCE(pb.display_name, ''), COALESCE(pa.display_name, ''), s.status,
                    MIN(s.last_contact_at, COALESCE(s.ended_at, s.last_contact_at))
             FROM supports s LEFT JOIN people pb ON pb.id = s.beneficiary_id LEFT JOIN people pa ON pa.id = s.advisor_id
             WHERE {SCOPE} ORDER BY s.id"
        ))
        .bind(advisor)
        .bind(guild)
        .fetch_all(&mut *tx)
        .await?;
        // The latest active agreement of each support comes first.
        type AgreementCols = (
            i64,
            i64,
            String,
            String,
            String,
            bool,
            String,
            Option<String>,
        );
        let agreements: Vec<AgreementCols> = sqlx::query_as(&format!(
            "SELECT a.support_id, a.id, a.cadence, a.first_exchange_local, a.timezone, a.relay_consent, a.relay_consent_at,
                    a.rhythm_from_local
             FROM agreements a JOIN supports s ON s.id = a.support_id
             WHERE a.status = 'active' AND {SCOPE} ORDER BY a.support_id, a.id DESC"
        ))
        .bind(advisor)
        .bind(guild)
        .fetch_all(&mut *tx)
        .await?;
        let tasks: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(&format!(
            "SELECT t.agreement_id, t.text, t.status, t.blocker
             FROM tasks t JOIN agreements a ON a.id = t.agreement_id JOIN supports s ON s.id = a.support_id
             WHERE a.status = 'active' AND {SCOPE} ORDER BY t.agreement_id, t.position, t.id"
        ))
        .bind(advisor)
        .bind(guild)
        .fetch_all(&mut *tx)
        .await?;
        let waiting: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT w.support_id, MIN(c.updated_at)
             FROM conversations c JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
             WHERE c.status = 'active' AND {SCOPE} GROUP BY w.support_id"
        ))
        .bind(advisor)
        .bind(guild)
        .fetch_all(&mut *tx)
        .await?;
        let missed: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT d.support_id, COUNT(*) FROM deliveries d JOIN supports s ON s.id = d.support_id
             WHERE d.status IN ('skipped', 'failed') AND d.kind != 'notice' AND d.due_at > ?3 AND {SCOPE}
             GROUP BY d.support_id"
        ))
        .bind(advisor)
        .bind(guild)
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?;
        let new_answers: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT w.support_id, COUNT(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id
               JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
             WHERE a.answered_at > ?3 AND {SCOPE} GROUP BY w.support_id"
        ))
        .bind(advisor)
        .bind(guild)
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?;
        // The latest answer to "continue the support?" ever, and the latest synthesis since.
        let latest: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT support_id, field, value FROM (
               SELECT w.support_id, a.field, a.value,
                      ROW_NUMBER() OVER (PARTITION BY w.support_id, a.field ORDER BY a.answered_at DESC) AS n
               FROM answers a JOIN conversations c ON c.id = a.conversation_id
                 JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
               WHERE (a.field = 'review_continue' AND a.answered_at > ''
                      OR a.field IN ('synthesis', 'next_step_unsure') AND a.answered_at > ?3)
                      AND {SCOPE})
             WHERE n = 1"
        ))
        .bind(advisor)
        .bind(guild)
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let mut agreement_of = HashMap::new();
        for (support, aid, cadence, first, zone, relay, at, from) in agreements {
            agreement_of
                .entry(support)
                .or_insert((aid, (cadence, first, zone, relay, at, from)));
        }
        let mut tasks_of: HashMap<i64, Vec<(String, String, Option<String>)>> = HashMap::new();
        for (aid, text, status, blocker) in tasks {
            tasks_of
                .entry(aid)
                .or_default()
                .push((text, status, blocker));
        }
        let mut waiting: HashMap<i64, String> = waiting.into_iter().collect();
        let missed: HashMap<i64, i64> = missed.into_iter().collect();
        let new_answers: HashMap<i64, i64> = new_answers.into_iter().collect();
        let (mut wants, mut synthesis) = (HashMap::new(), HashMap::new());
        let mut unsure = std::collections::HashSet::new();
        for (support, field, value) in latest {
            match field.as_str() {
                "review_continue" => wants.insert(support, value),
                "next_step_unsure" => {
                    unsure.insert(support);
                    None
                }
                _ => synthesis.insert(support, value),
            };
        }
        Ok(heads
            .into_iter()
            .map(
                |(
                    support,
                    advisor_id,
                    beneficiary_id,
                    beneficiary_name,
                    advisor_name,
                    status,
                    retention_from,
                )| {
                    let agreement = agreement_of.remove(&support);
                    StandingRow {
                        support,
                        advisor_id,
                        beneficiary_id,
                        beneficiary_name,
                        advisor_name,
                        status,
                        tasks: agreement
                            .as_ref()
                            .and_then(|(aid, _)| tasks_of.remove(aid))
                            .unwrap_or_default(),
                        waiting_since: waiting.remove(&support),
                        missed: missed.get(&support).copied().unwrap_or(0),
                        new_answers: new_answers.get(&support).copied().unwrap_or(0),
                        wants_continue: wants.remove(&support),
                        synthesis: synthesis.remove(&support),
                        agreement: agreement.map(|(_, a)| a),
                        retention_from,
                        next_step_unsure: unsure.contains(&support),
                    }
                },
            )
            .collect())
    }

    /// Everything the digest says about one support, since `since` (six queries; a digest
    /// reads all its supports at once with [`Store::standings`]).
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
        type Cols = (i64, String, String, String, bool, String, Option<String>);
        let agreement: Option<Cols> = sqlx::query_as(
            "SELECT id, cadence, first_exchange_local, timezone, relay_consent, relay_consent_at,
                    rhythm_from_local
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
        let next_step_unsure = latest("next_step_unsure", Some(since.clone()))
            .await?
            .is_some();
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
            agreement: agreement.map(|(_, c, f, tz, r, at, from)| (c, f, tz, r, at, from)),
            retention_from,
            next_step_unsure,
        }))
    }

    /// Advisors of `audience` whose digest is due by `now`, among those who follow a support.
    pub async fn digests_due(
        &self,
        now: DateTime<Utc>,
        audience: super::Audience,
    ) -> Result<Vec<DigestDue>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT advisor_id, day, time, timezone, next_at, last_sent_at FROM digest_settings
             WHERE next_at IS NOT NULL AND next_at <= ?1 AND (?2 = 'all' OR audience = ?2)
               AND advisor_id IN (SELECT advisor_id FROM supports WHERE status != 'ended')",
        )
        .bind(ts(now))
        .bind(audience.filter())
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
            "INSERT INTO digest_settings (advisor_id, day, time, timezone, next_at, audience) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (advisor_id) DO UPDATE SET day = ?2, time = ?3, timezone = ?4, next_at = ?5",
        )
        .bind(id(advisor))
        .bind(day)
        .bind(time)
        .bind(timezone)
        .bind(next_at.map(ts))
        .bind(self.audience.column())
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
            "INSERT INTO digest_settings (advisor_id, next_at, audience) VALUES (?, ?, ?)
             ON CONFLICT (advisor_id) DO UPDATE SET next_at = COALESCE(next_at, excluded.next_at)",
        )
        .bind(id(advisor))
        .bind(ts(next_at))
        .bind(self.audience.column())
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
        super::outbox::insert(&mut tx, self.audience, std::slice::from_ref(delivery), now).await?;
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

    /// Moves an advisor's next digest to `at` without planning one (planning it failed).
    pub async fn defer_digest(&self, advisor: u64, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE digest_settings SET next_at = ? WHERE advisor_id = ?")
            .bind(ts(at))
            .bind(id(advisor))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The earliest digest of this handle's audience due (the scheduler wakes for it).
    pub async fn next_digest_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let (at,): (Option<String>,) = sqlx::query_as(
            "SELECT MIN(next_at) FROM digest_settings WHERE next_at IS NOT NULL AND audience = ?",
        )
        .bind(self.audience.column())
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

#[cfg(test)]
mod tests {
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
}
