//! What the digest says about each support it covers: its people, agreement, tasks, waiting
//! questions, missed deliveries and new answers, read for all supports at once or for one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::SCOPE;
use crate::store::words::Flag;
use crate::store::{id, ts, Store, StoreError, SupportStatus};

/// One support as the digest reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct StandingRow {
    pub support: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub beneficiary_name: String,
    pub advisor_name: String,
    pub status: SupportStatus,
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

/// The columns of a support every standing starts from, read by [`HEAD`].
#[derive(sqlx::FromRow)]
struct Head {
    support: i64,
    advisor_id: i64,
    beneficiary_id: i64,
    beneficiary_name: String,
    advisor_name: String,
    status: SupportStatus,
    retention_from: String,
}

/// The [`Head`] of supports `s`, to which a `WHERE` is added.
const HEAD: &str = "SELECT s.id AS support, s.advisor_id, s.beneficiary_id,
        COALESCE(pb.display_name, '') AS beneficiary_name, COALESCE(pa.display_name, '') AS advisor_name, s.status,
        CASE WHEN s.ended_at < s.last_contact_at THEN s.ended_at ELSE s.last_contact_at END AS retention_from
    FROM supports s LEFT JOIN people pb ON pb.id = s.beneficiary_id LEFT JOIN people pa ON pa.id = s.advisor_id";

impl From<Head> for StandingRow {
    fn from(h: Head) -> Self {
        StandingRow {
            support: h.support,
            advisor_id: h.advisor_id,
            beneficiary_id: h.beneficiary_id,
            beneficiary_name: h.beneficiary_name,
            advisor_name: h.advisor_name,
            status: h.status,
            retention_from: h.retention_from,
            tasks: Vec::new(),
            waiting_since: None,
            missed: 0,
            new_answers: 0,
            wants_continue: None,
            synthesis: None,
            agreement: None,
            next_step_unsure: false,
        }
    }
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
               AND ($1 IS NULL OR advisor_id = $1) AND ($2 IS NULL OR guild_id = $2)
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
        let heads: Vec<Head> = sqlx::query_as(&format!("{HEAD} WHERE {SCOPE} ORDER BY s.id"))
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
            Flag,
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
             WHERE d.status IN ('skipped', 'failed') AND d.kind != 'notice' AND d.due_at > $3 AND {SCOPE}
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
             WHERE a.answered_at > $3 AND {SCOPE} GROUP BY w.support_id"
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
                      OR a.field IN ('synthesis', 'next_step_unsure') AND a.answered_at > $3)
                      AND {SCOPE}) latest
             WHERE n = 1"
        ))
        .bind(advisor)
        .bind(guild)
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let mut agreement_of = HashMap::new();
        for (support, aid, cadence, first, zone, Flag(relay), at, from) in agreements {
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
            .map(|head| {
                let support = head.support;
                let agreement = agreement_of.remove(&support);
                StandingRow {
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
                    next_step_unsure: unsure.contains(&support),
                    ..head.into()
                }
            })
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
        let head: Option<Head> = sqlx::query_as(&format!("{HEAD} WHERE s.id = $1"))
            .bind(support)
            .fetch_optional(&self.pool)
            .await?;
        let Some(head) = head else {
            return Ok(None);
        };
        type Cols = (i64, String, String, String, Flag, String, Option<String>);
        let agreement: Option<Cols> = sqlx::query_as(
            "SELECT id, cadence, first_exchange_local, timezone, relay_consent, relay_consent_at,
                    rhythm_from_local
             FROM agreements WHERE support_id = $1 AND status = 'active' ORDER BY id DESC LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        let tasks: Vec<(String, String, Option<String>)> = match &agreement {
            Some((aid, ..)) => {
                sqlx::query_as(
                    "SELECT text, status, blocker FROM tasks WHERE agreement_id = $1 ORDER BY position, id",
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
                 WHERE w.support_id = $1 AND c.status = 'active'),
               (SELECT COUNT(*) FROM deliveries WHERE support_id = $1 AND status IN ('skipped', 'failed')
                 AND kind != 'notice' AND due_at > $2),
               (SELECT COUNT(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id
                 JOIN work_sessions w ON w.id = c.session_id WHERE w.support_id = $1 AND a.answered_at > $2)",
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
                     WHERE w.support_id = $1 AND a.field = $2 AND a.answered_at > $3
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
            tasks,
            waiting_since,
            missed,
            new_answers,
            wants_continue,
            synthesis,
            agreement: agreement.map(|(_, c, f, tz, Flag(r), at, from)| (c, f, tz, r, at, from)),
            next_step_unsure,
            ..head.into()
        }))
    }
}
