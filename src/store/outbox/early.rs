//! What the dispatcher needs to send a burst of reminders early (`reminders.max_early`): the
//! deliveries still to send up to an instant, in the order they will go, and a claim of
//! reminders not yet due. The planning itself (how early) is the dispatcher's; only the SQL is
//! here. Placeholders are `$n`, in order of first use (SQLite numbers `$n` by appearance).

use std::hash::BuildHasher;

use chrono::{DateTime, Duration, Utc};

use super::claim::fresh;
use super::{audience_sql, Audience, Claimed, DeliveryKind};
use crate::store::{ts, Backend, Store, StoreError};

fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A claim token of its own (random, from the standard library's hasher keys): every row of
/// one early claim carries it, and outcomes are recorded only under it.
fn token() -> String {
    let n = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
    format!("{n:016x}")
}

impl Store {
    /// Every delivery of `audience` still to send and due up to `until` (planned, or claimed
    /// and not acknowledged yet), in due order: its due instant and kind. Overdue ones are
    /// included: they go first and take their share of the pace.
    pub async fn pending_until(
        &self,
        until: DateTime<Utc>,
        audience: Audience,
    ) -> Result<Vec<(DateTime<Utc>, DeliveryKind)>, StoreError> {
        let rows: Vec<(String, DeliveryKind)> = sqlx::query_as(concat!(
            "SELECT due_at, kind FROM deliveries
             WHERE status IN ('planned', 'claimed') AND due_at <= $1 AND ",
            audience_sql!("audience", "$2"),
            " ORDER BY due_at, id"
        ))
        .bind(ts(until))
        .bind(audience.filter())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(due, kind)| Some((parse(&due)?, kind)))
            .collect())
    }

    /// How many deliveries of `audience` are still to send up to `until` (as
    /// [`Store::pending_until`] counts them), and the due instant of the first reminder among
    /// them due after `now`: enough to know, most of the time, that no burst is coming.
    pub async fn pending_summary(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        audience: Audience,
    ) -> Result<(i64, Option<DateTime<Utc>>), StoreError> {
        let (n, first): (i64, Option<String>) = sqlx::query_as(concat!(
            "SELECT COUNT(*), MIN(CASE WHEN kind = 'reminder' AND due_at > $1 THEN due_at END)
             FROM deliveries
             WHERE status IN ('planned', 'claimed') AND due_at <= $2 AND ",
            audience_sql!("audience", "$3")
        ))
        .bind(ts(now))
        .bind(ts(until))
        .bind(audience.filter())
        .fetch_one(&self.pool)
        .await?;
        Ok((n, first.as_deref().and_then(parse)))
    }

    /// The due instant of the first planned reminder of `audience` due after `after`: when the
    /// next one enters the dispatcher's early window.
    pub async fn next_reminder_after(
        &self,
        after: DateTime<Utc>,
        audience: Audience,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(concat!(
            "SELECT due_at FROM deliveries
             WHERE status = 'planned' AND due_at > $1 AND kind = 'reminder' AND ",
            audience_sql!("audience", "$2"),
            " ORDER BY due_at LIMIT 1"
        ))
        .bind(ts(after))
        .bind(audience.filter())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(s,)| parse(&s)))
    }

    /// Claims up to `limit` planned reminders due after `now` and up to `until`, in due order,
    /// for `lease`: sent early because a burst could not otherwise go out by their due times.
    /// Only reminders: nothing else is ever claimed before it is due. A reminder no longer
    /// worth sending (past its exchange, or superseded in its series) is not taken.
    pub async fn claim_early(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        lease: Duration,
        limit: u32,
        audience: Audience,
    ) -> Result<Vec<Claimed>, StoreError> {
        if until <= now || limit == 0 {
            return Ok(Vec::new());
        }
        self.wrote();
        Ok(sqlx::query_as(&format!(
            "WITH picked AS (
               SELECT d.id FROM deliveries d
               WHERE d.status = 'planned' AND d.kind = 'reminder' AND d.due_at > $1
                 AND d.due_at <= $2 AND {} AND {}
               ORDER BY d.due_at, d.id LIMIT $4{})
             UPDATE deliveries SET status = 'claimed', claimed_until = $5,
               attempts = attempts + 1, claim_token = $6
             WHERE id IN (SELECT id FROM picked)
             RETURNING id, key, kind, recipient_id, support_id, conversation_id, due_at, payload,
               attempts, claim_token",
            audience_sql!("d.audience", "$3"),
            fresh("d", self.backend),
            // Several processes on one server claim disjoint rows; one SQLite file has one.
            match self.backend {
                Backend::Sqlite => "",
                Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            },
        ))
        .bind(ts(now))
        .bind(ts(until))
        .bind(audience.filter())
        .bind(i64::from(limit))
        .bind(ts(now + lease))
        .bind(token())
        .fetch_all(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::claim::tests::{at, reminder, store};
    use crate::store::{Audience, DeliveryKind, NewDelivery};

    fn digest(key: &str, due: &str) -> NewDelivery {
        NewDelivery {
            kind: DeliveryKind::Digest,
            ..reminder(key, None, due)
        }
    }

    #[tokio::test]
    async fn only_reminders_are_claimed_early_in_due_order_and_never_a_stale_one() {
        let (s, _dir) = store().await;
        let now = at("2027-01-04T08:55:00Z");
        let mut stale = reminder("stale", None, "2027-01-04T09:00:01Z");
        stale.expires = Some(now);
        s.plan(
            &[
                reminder("r2", None, "2027-01-04T09:00:02Z"),
                reminder("r1", None, "2027-01-04T09:00:01Z"),
                digest("d", "2027-01-04T09:00:00Z"),
                reminder("late", None, "2027-01-04T09:10:00Z"),
                stale,
            ],
            now,
        )
        .await
        .expect("plan");
        let until = at("2027-01-04T09:05:00Z");
        let got = s
            .claim_early(now, until, Duration::minutes(2), 10, Audience::All)
            .await
            .expect("claim");
        let mut keys: Vec<_> = got
            .iter()
            .map(|c| (c.due_at.clone(), c.key.clone()))
            .collect();
        keys.sort();
        let keys: Vec<_> = keys.into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            keys,
            ["r1", "r2"],
            "the digest waits for its time, the stale one stays"
        );
        assert!(got
            .iter()
            .all(|c| c.attempts == 1 && c.claim_token.len() == 16));
        // Claimed rows still count as to send, the digest too; the reminder at 09:10 is past.
        let pending = s
            .pending_until(until, Audience::All)
            .await
            .expect("pending");
        let kinds: Vec<_> = pending.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            kinds,
            [
                DeliveryKind::Digest,
                DeliveryKind::Reminder,
                DeliveryKind::Reminder,
                DeliveryKind::Reminder
            ]
        );
        assert_eq!(
            s.pending_summary(now, until, Audience::All)
                .await
                .expect("summary"),
            (4, Some(at("2027-01-04T09:00:01Z")))
        );
        assert_eq!(
            s.next_reminder_after(until, Audience::All)
                .await
                .expect("next"),
            Some(at("2027-01-04T09:10:00Z"))
        );
        // An early claim is acknowledged like any other.
        assert!(s
            .acknowledge(&got[0], "dm", now)
            .await
            .expect("acknowledge"));
        assert!(s
            .claim_early(now, until, Duration::minutes(2), 10, Audience::All)
            .await
            .expect("claim")
            .is_empty());
        assert!(s
            .claim_early(now, until, Duration::minutes(2), 10, Audience::Console)
            .await
            .expect("another audience")
            .is_empty());
    }
}
