//! When the dispatcher must look next, and what it records about itself for the operator.
//!
//! The wake-up time is the earliest instant at which something can really be done: a delivery
//! that can be claimed (one waiting behind an earlier unsent delivery of its conversation — in
//! retry back-off, say — cannot be claimed before that one, so it does not count), a lease that
//! runs out, or a housekeeping job (planning an agreement further, a digest, the retention
//! purge) falling due. Each is asked for its audience only.

use chrono::{DateTime, Utc};

use super::claim::unblocked;
use super::{audience_sql, Audience};
use crate::store::{ts, Store, StoreError};

/// An agreement the dispatcher could not plan, for `suivi status`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Unplannable {
    pub agreement_id: i64,
    pub support_id: i64,
    /// Failures in a row.
    pub plan_failures: i64,
    /// A classification ('unreadable', 'store'), never text.
    pub plan_error: String,
}

/// The `runtime` key of the dispatcher's heartbeat.
const PASS_KEY: &str = "dispatcher-pass";

fn parse(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl Store {
    /// When the dispatcher must next look: the earliest delivery that can be claimed, lease to
    /// run out or job to run.
    pub async fn next_wake(&self, audience: Audience) -> Result<Option<DateTime<Utc>>, StoreError> {
        let sends = self.delivery_wake(audience).await?;
        let jobs = self.jobs_wake(audience).await?;
        Ok(sends.into_iter().chain(jobs).min())
    }

    /// The earliest instant a delivery of `audience` can be claimed: a planned one due (not
    /// waiting behind an earlier unsent one of its conversation: that one's own time counts),
    /// or a lease running out.
    pub async fn delivery_wake(
        &self,
        audience: Audience,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let (at,): (Option<String>,) = sqlx::query_as(&format!(
            "SELECT MIN(t) FROM (
               SELECT t FROM (SELECT d.due_at AS t FROM deliveries d
                 WHERE d.status = 'planned' AND {aud} AND {free} ORDER BY d.due_at LIMIT 1) planned
               UNION ALL
               SELECT t FROM (SELECT d.claimed_until AS t FROM deliveries d
                 WHERE d.status = 'claimed' AND {aud} AND {free} ORDER BY d.claimed_until LIMIT 1) leased
             ) due",
            aud = audience_sql!("d.audience", "$1"),
            free = unblocked("d"),
        ))
        .bind(audience.filter())
        .fetch_one(&self.pool)
        .await?;
        Ok(parse(at))
    }

    /// The earliest housekeeping the dispatcher of `audience` has to do: an agreement to plan
    /// further, a digest to plan, a periodic job (the bot's only: the console runs none).
    pub async fn jobs_wake(&self, audience: Audience) -> Result<Option<DateTime<Utc>>, StoreError> {
        let (a, b, c): (Option<String>, Option<String>, Option<String>) =
            sqlx::query_as(concat!(
                "SELECT (SELECT a.next_plan_at FROM agreements a JOIN supports s ON s.id = a.support_id
                  WHERE a.status = 'active' AND a.next_plan_at IS NOT NULL AND s.status = 'active' AND ",
                audience_sql!("s.audience", "$1"),
                " ORDER BY a.next_plan_at LIMIT 1),
                 (SELECT MIN(next_at) FROM digest_settings WHERE next_at IS NOT NULL AND ",
                audience_sql!("audience", "$1"),
                " AND advisor_id IN (SELECT advisor_id FROM supports WHERE status != 'ended')),
                 (SELECT MIN(next_at) FROM jobs WHERE $1 != 'console')"
            ))
            .bind(audience.filter())
            .fetch_one(&self.pool)
            .await?;
        Ok([a, b, c].into_iter().filter_map(|t| parse(Some(t?))).min())
    }

    /// Records that planning `agreement` failed (`error`: a classification, never text):
    /// counted, and tried again at `retry_at` (`None`: not again by itself — the agreement is
    /// unreadable, the operator must look).
    pub async fn record_plan_failure(
        &self,
        agreement: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE agreements SET plan_failures = plan_failures + 1, plan_error = $1, next_plan_at = $2
             WHERE id = $3",
        )
        .bind(error)
        .bind(retry_at.map(ts))
        .bind(agreement)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The active agreements whose planning failed last time, for the operator.
    pub async fn unplannable_agreements(&self) -> Result<Vec<Unplannable>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id AS agreement_id, support_id, plan_failures, plan_error FROM agreements
             WHERE status = 'active' AND plan_error IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records that the dispatcher completed a pass at `at` (for `suivi status --health`).
    pub async fn dispatcher_pass(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.wrote();
        sqlx::query(
            "INSERT INTO runtime (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = $2",
        )
        .bind(PASS_KEY)
        .bind(ts(at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// When the dispatcher last recorded a completed pass (it records at most every so often:
    /// see `outbox::dispatcher`'s `HEARTBEAT`).
    pub async fn dispatcher_last_pass(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let v: Option<(String,)> = sqlx::query_as("SELECT value FROM runtime WHERE key = $1")
            .bind(PASS_KEY)
            .fetch_optional(&self.pool)
            .await?;
        Ok(parse(v.map(|(s,)| s)))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::claim::tests::{at, reminder, store};
    use crate::store::{Audience, Claimed, DeliveryKind, NewDelivery, Store};

    /// What every dispatcher would claim at `now` (a 2-minute lease, 8 at most).
    async fn claim_all(s: &Store, now: chrono::DateTime<chrono::Utc>) -> Vec<Claimed> {
        s.claim(now, Duration::minutes(2), 8, Audience::All)
            .await
            .expect("claim")
    }

    /// The claimed row failed for now and waits until `retry`.
    async fn fails_until(s: &Store, c: &Claimed, retry: chrono::DateTime<chrono::Utc>) {
        assert!(s.retry_later(c, retry, "transient").await.expect("retry"));
    }

    fn prompt(key: &str, conversation: i64, due: &str) -> NewDelivery {
        NewDelivery {
            kind: DeliveryKind::Prompt,
            conversation: Some(conversation),
            ..reminder(key, None, due)
        }
    }

    #[tokio::test]
    async fn a_row_behind_a_blocker_in_back_off_wakes_at_the_blockers_retry_not_now() {
        let (s, _dir) = store().await;
        let now = at("2027-01-04T10:00:00Z");
        sqlx::raw_sql(
            "INSERT INTO people (id, display_name, created_at, updated_at) VALUES (1, 'A', 't', 't'), (2, 'B', 't', 't');
             INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at)
               VALUES (1, 7, 1, 2, 'active', 't', 't', 't');
             INSERT INTO work_sessions (id, support_id, opened_at) VALUES (1, 1, 't');
             INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at)
               VALUES (7, 1, 'closing', 'x', '{}', 'active', 't', 't');",
        )
        .execute(s.pool())
        .await
        .expect("a conversation");
        s.plan(&[prompt("q1", 7, "2027-01-04T10:00:00Z")], now)
            .await
            .expect("plan");
        let c = claim_all(&s, now).await;
        // The first question fails and waits 30 s; the second is planned meanwhile, due now.
        let retry = now + Duration::seconds(30);
        fails_until(&s, &c[0], retry).await;
        s.plan(&[prompt("q2", 7, "2027-01-04T10:00:00Z")], now)
            .await
            .expect("plan");
        assert!(claim_all(&s, now).await.is_empty());
        assert_eq!(s.next_wake(Audience::All).await.expect("wake"), Some(retry));
    }

    #[tokio::test]
    async fn a_row_in_back_off_wakes_at_its_due_time_and_a_lease_when_it_runs_out() {
        let (s, _dir) = store().await;
        let now = at("2027-01-04T10:00:00Z");
        s.plan(&[reminder("a", None, "2027-01-04T10:00:00Z")], now)
            .await
            .expect("plan");
        let c = claim_all(&s, now).await;
        assert_eq!(
            s.next_wake(Audience::All).await.expect("wake"),
            Some(now + Duration::minutes(2)),
            "the lease"
        );
        let retry = now + Duration::seconds(4);
        fails_until(&s, &c[0], retry).await;
        assert_eq!(s.next_wake(Audience::All).await.expect("wake"), Some(retry));
        // Another audience's dispatcher has nothing to do.
        assert_eq!(s.next_wake(Audience::Console).await.expect("wake"), None);
    }
}
