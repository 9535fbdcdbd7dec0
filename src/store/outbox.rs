//! The outbox (`deliveries`): what must be sent, planned in the same transaction as the change
//! that caused it; claimed with a lease, acknowledged after sending, retried or recorded as
//! failed. Keys make planning idempotent. Payloads are opaque JSON here: the scheduler renders
//! them. Nothing here logs a payload.

use chrono::{DateTime, Duration, Utc};
use sqlx::{Sqlite, Transaction};

use super::{id, ts, Store, StoreError};

/// What a delivery is, for the digest and the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryKind {
    /// Questions and answers of a conversation.
    Prompt,
    Reminder,
    Checkin,
    Nudge,
    Digest,
    /// Something a person is told (a support paused, a message that could not be delivered).
    Notice,
}

impl DeliveryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryKind::Prompt => "prompt",
            DeliveryKind::Reminder => "reminder",
            DeliveryKind::Checkin => "checkin",
            DeliveryKind::Nudge => "nudge",
            DeliveryKind::Digest => "digest",
            DeliveryKind::Notice => "notice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "prompt" => DeliveryKind::Prompt,
            "reminder" => DeliveryKind::Reminder,
            "checkin" => DeliveryKind::Checkin,
            "nudge" => DeliveryKind::Nudge,
            "digest" => DeliveryKind::Digest,
            "notice" => DeliveryKind::Notice,
            _ => return None,
        })
    }
}

/// Whose deliveries a dispatcher sends. The console and the bot may open the same file: the
/// console's people have ids below [`CONSOLE_IDS_BELOW`] (Discord ids are never that small),
/// and each dispatcher sends only to its own, so neither takes the other's letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Every recipient (tests, benchmarks).
    #[default]
    All,
    /// The console's people.
    Console,
    /// Everyone else: Discord users.
    Discord,
}

/// The console's people have ids below this.
pub const CONSOLE_IDS_BELOW: i64 = 1000;

impl Audience {
    pub(crate) fn code(self) -> i64 {
        match self {
            Audience::All => 0,
            Audience::Console => 1,
            Audience::Discord => 2,
        }
    }
}

/// The SQL condition on a recipient column for an audience bound as `?A`.
macro_rules! audience_sql {
    ($col:literal, $param:literal) => {
        concat!(
            "(",
            $param,
            " = 0 OR (",
            $param,
            " = 1 AND ",
            $col,
            " < 1000) OR (",
            $param,
            " = 2 AND ",
            $col,
            " >= 1000))"
        )
    };
}

/// A delivery to plan.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    /// Idempotency key: what, which occurrence, who.
    pub key: String,
    pub kind: DeliveryKind,
    pub recipient: u64,
    pub support: Option<i64>,
    pub conversation: Option<i64>,
    /// Deliveries of one series: after a downtime only the latest due one is sent.
    pub series: Option<String>,
    pub due: DateTime<Utc>,
    /// Past this, the delivery is skipped instead of sent.
    pub expires: Option<DateTime<Utc>>,
    /// JSON of what to render.
    pub payload: String,
}

/// A claimed delivery, to send.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub key: String,
    pub kind: String,
    pub recipient_id: i64,
    pub support_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub due_at: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i64,
}

/// A delivery as the digest and the tests read it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub key: String,
    pub kind: String,
    pub recipient_id: i64,
    pub support_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub due_at: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub route: Option<String>,
    pub sent_at: Option<String>,
}

/// Plans deliveries inside a transaction. An existing key is left as it is (planning twice is a
/// no-op), unless it was cancelled: then it is planned again (a support resumed).
pub(crate) async fn insert(
    tx: &mut Transaction<'_, Sqlite>,
    deliveries: &[NewDelivery],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let at = ts(now);
    for d in deliveries {
        sqlx::query(
            "INSERT INTO deliveries (key, kind, recipient_id, support_id, conversation_id, series, due_at,
               expires_at, payload, status, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)
             ON CONFLICT (key) DO UPDATE SET status = 'planned', due_at = excluded.due_at,
               expires_at = excluded.expires_at, payload = excluded.payload, attempts = 0, last_error = NULL
             WHERE deliveries.status = 'cancelled'",
        )
        .bind(&d.key)
        .bind(d.kind.as_str())
        .bind(id(d.recipient))
        .bind(d.support)
        .bind(d.conversation)
        .bind(&d.series)
        .bind(ts(d.due))
        .bind(d.expires.map(ts))
        .bind(&d.payload)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Cancels what is still planned for a conversation's earlier questions: nudges.
pub(crate) async fn cancel_nudges(
    tx: &mut Transaction<'_, Sqlite>,
    conversation: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE deliveries SET status = 'cancelled'
         WHERE conversation_id = ? AND kind = 'nudge' AND status = 'planned'",
    )
    .bind(conversation)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Cancels everything planned for a support except prompts and notices (a pause, an end, a
/// new rhythm): reminders, check-ins, nudges.
pub(crate) async fn cancel_follow_up(
    tx: &mut Transaction<'_, Sqlite>,
    support: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE deliveries SET status = 'cancelled'
         WHERE support_id = ? AND status = 'planned' AND kind IN ('reminder', 'checkin', 'nudge')",
    )
    .bind(support)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Makes the leases of deliveries claimed by a process that is gone (this dispatcher is
    /// the only one for its audience, and it is starting) end now: they are sent again at once,
    /// with the same nonce, instead of after the lease.
    pub async fn reclaim_abandoned(
        &self,
        now: DateTime<Utc>,
        audience: Audience,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(concat!(
            "UPDATE deliveries SET claimed_until = ?1 WHERE status = 'claimed' AND ",
            audience_sql!("recipient_id", "?2")
        ))
        .bind(ts(now))
        .bind(audience.code())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Plans deliveries in their own transaction.
    pub async fn plan(
        &self,
        deliveries: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        insert(&mut tx, deliveries, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks as skipped what fell due but is no longer worth sending: past its expiry (the
    /// exchange has begun), or followed in its series by a later one also due (after a
    /// downtime, one reminder per exchange, not a burst). Returns how many.
    ///
    /// Deliveries left claimed by a process that stopped (their lease is over) count as due:
    /// a crash while sending the day-before reminders must not make them go out on the day of
    /// the exchange when the bot comes back.
    ///
    /// The unary `+` keep SQLite from answering the series check with `deliveries_due`
    /// (status, due_at): that walks every planned row due between the two instants for each
    /// due row, quadratic in a burst (10,000 due rows: 9 s; 100,000: minutes, on every pass).
    /// A series has a handful of rows: `deliveries_series` answers it at once.
    pub async fn skip_stale(
        &self,
        now: DateTime<Utc>,
        audience: Audience,
    ) -> Result<u64, StoreError> {
        let now = ts(now);
        let done = sqlx::query(concat!(
            "UPDATE deliveries SET status = 'skipped', last_error = 'stale', claimed_until = NULL
             WHERE ((status = 'planned' AND due_at <= ?1) OR (status = 'claimed' AND claimed_until <= ?1))
               AND ",
            audience_sql!("recipient_id", "?2"),
            " AND (
               (expires_at IS NOT NULL AND expires_at <= ?1)
               OR (series IS NOT NULL AND EXISTS (
                    SELECT 1 FROM deliveries e WHERE e.series = deliveries.series
                      AND (+e.status = 'planned' OR (+e.status = 'claimed' AND e.claimed_until <= ?1))
                      AND +e.due_at > deliveries.due_at AND +e.due_at <= ?1)))"
        ))
        .bind(&now)
        .bind(audience.code())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Claims up to `limit` due deliveries (and those whose lease ran out: a crash while
    /// sending) for `lease`. A delivery waits while an earlier one of the same conversation to
    /// the same person is unsent, so questions arrive in order.
    ///
    /// The planned and the expired-lease candidates are taken by two separate scans, each in
    /// `deliveries_due` order and stopped at `limit`, then merged: one `OR` over both made
    /// SQLite collect and sort every due row on each claim (a backlog of 400,000 due rows:
    /// ≈ 0.3 s per batch instead of ≈ 1 ms).
    pub async fn claim(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
        audience: Audience,
    ) -> Result<Vec<Claimed>, StoreError> {
        Ok(sqlx::query_as(concat!(
            "UPDATE deliveries SET status = 'claimed', claimed_until = ?2, attempts = attempts + 1
             WHERE id IN (
               SELECT id FROM (
                 SELECT id, due_at FROM (
                   SELECT d.id, d.due_at FROM deliveries d
                   WHERE d.status = 'planned' AND d.due_at <= ?1 AND ",
            audience_sql!("d.recipient_id", "?4"),
            "
                     AND (d.conversation_id IS NULL OR NOT EXISTS (
                       SELECT 1 FROM deliveries e WHERE e.conversation_id = d.conversation_id
                         AND e.recipient_id = d.recipient_id AND e.status IN ('planned', 'claimed') AND e.id < d.id))
                   ORDER BY d.due_at, d.id LIMIT ?3)
                 UNION ALL
                 SELECT id, due_at FROM (
                   SELECT d.id, d.due_at FROM deliveries d
                   WHERE d.status = 'claimed' AND d.claimed_until <= ?1 AND ",
            audience_sql!("d.recipient_id", "?4"),
            "
                     AND (d.conversation_id IS NULL OR NOT EXISTS (
                       SELECT 1 FROM deliveries e WHERE e.conversation_id = d.conversation_id
                         AND e.recipient_id = d.recipient_id AND e.status IN ('planned', 'claimed') AND e.id < d.id))
                   ORDER BY d.due_at, d.id LIMIT ?3)
                 ORDER BY due_at, id LIMIT ?3))
             RETURNING id, key, kind, recipient_id, support_id, conversation_id, due_at, payload, attempts"
        ))
        .bind(ts(now))
        .bind(ts(now + lease))
        .bind(i64::from(limit))
        .bind(audience.code())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a sent delivery.
    pub async fn acknowledge(
        &self,
        delivery: i64,
        route: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE deliveries SET status = 'sent', route = ?, sent_at = ?, claimed_until = NULL
             WHERE id = ? AND status = 'claimed'",
        )
        .bind(route)
        .bind(ts(now))
        .bind(delivery)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Puts a delivery back to be tried again at `retry_at`.
    pub async fn retry_later(
        &self,
        delivery: i64,
        retry_at: DateTime<Utc>,
        reason: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE deliveries SET status = 'planned', due_at = ?, claimed_until = NULL, last_error = ?
             WHERE id = ? AND status = 'claimed'",
        )
        .bind(ts(retry_at))
        .bind(reason)
        .bind(delivery)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a delivery that will not be sent (`failed`, `skipped` or `cancelled`), and plans
    /// what must be said about it in the same transaction.
    pub async fn give_up(
        &self,
        delivery: i64,
        status: &str,
        reason: &str,
        then: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE deliveries SET status = ?, claimed_until = NULL, last_error = ?
             WHERE id = ? AND status = 'claimed'",
        )
        .bind(status)
        .bind(reason)
        .bind(delivery)
        .execute(&mut *tx)
        .await?;
        if status == "failed" {
            // A question that could not reach its reader will not reach them as a nudge
            // either: the advisor is told once.
            sqlx::query(
                "UPDATE deliveries SET status = 'cancelled'
                 WHERE kind = 'nudge' AND status = 'planned' AND conversation_id IS NOT NULL
                   AND (conversation_id, recipient_id) =
                       (SELECT conversation_id, recipient_id FROM deliveries WHERE id = ? AND kind = 'prompt')",
            )
            .bind(delivery)
            .execute(&mut *tx)
            .await?;
        }
        insert(&mut tx, then, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the dispatcher must next look: the earliest planned delivery, lease to expire or
    /// agreement to plan further.
    pub async fn next_wake(&self, audience: Audience) -> Result<Option<DateTime<Utc>>, StoreError> {
        #[allow(clippy::type_complexity)]
        let (a, b, c, d, e): (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) =
            sqlx::query_as(concat!(
                "SELECT (SELECT MIN(due_at) FROM deliveries WHERE status = 'planned' AND ",
                audience_sql!("recipient_id", "?1"),
                "), (SELECT MIN(claimed_until) FROM deliveries WHERE status = 'claimed' AND ",
                audience_sql!("recipient_id", "?1"),
                "), (SELECT MIN(a.next_plan_at) FROM agreements a JOIN supports s ON s.id = a.support_id
                  WHERE a.status = 'active' AND a.next_plan_at IS NOT NULL AND s.status = 'active' AND ",
                audience_sql!("s.beneficiary_id", "?1"),
                "), (SELECT MIN(next_at) FROM digest_settings WHERE next_at IS NOT NULL AND ",
                audience_sql!("advisor_id", "?1"),
                " AND advisor_id IN (SELECT advisor_id FROM supports WHERE status != 'ended')),
                 (SELECT MIN(next_at) FROM jobs WHERE ?1 != 1)"
            ))
            .bind(audience.code())
            .fetch_one(&self.pool)
            .await?;
        Ok([a, b, c, d, e]
            .into_iter()
            .flatten()
            .filter_map(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc))
            .min())
    }

    /// The prompts of a conversation to a person that a send was tried for and did not reach
    /// them: failed, or waiting for a retry. (One planned and not tried yet is on its way.)
    pub async fn undelivered_prompts(
        &self,
        conversation: i64,
        recipient: u64,
    ) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM deliveries WHERE conversation_id = ? AND recipient_id = ? AND kind = 'prompt'
               AND (status = 'failed' OR (status = 'planned' AND attempts > 0)) ORDER BY id",
        )
        .bind(conversation)
        .bind(id(recipient))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(i,)| i).collect())
    }

    /// Sends failed prompts again now (the person wrote: they are there).
    pub async fn replan_failed(
        &self,
        deliveries: &[i64],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        for d in deliveries {
            sqlx::query(
                "UPDATE deliveries SET status = 'planned', due_at = ?, attempts = 0
                 WHERE id = ? AND status IN ('failed', 'planned')",
            )
            .bind(ts(now))
            .bind(d)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deliveries to `recipient` (all, oldest first), for tests and the digest.
    pub async fn deliveries_to(&self, recipient: u64) -> Result<Vec<DeliveryRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, key, kind, recipient_id, support_id, conversation_id, due_at, status, attempts,
                    last_error, route, sent_at
             FROM deliveries WHERE recipient_id = ? ORDER BY due_at, id",
        )
        .bind(id(recipient))
        .fetch_all(&self.pool)
        .await?)
    }

    /// One delivery.
    pub async fn delivery(&self, delivery: i64) -> Result<Option<DeliveryRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, key, kind, recipient_id, support_id, conversation_id, due_at, status, attempts,
                    last_error, route, sent_at
             FROM deliveries WHERE id = ?",
        )
        .bind(delivery)
        .fetch_optional(&self.pool)
        .await?)
    }
}

impl Store {
    /// The latest prompt delivery of a conversation to a person.
    pub async fn latest_prompt(
        &self,
        conversation: i64,
        recipient: u64,
    ) -> Result<Option<DeliveryRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, key, kind, recipient_id, support_id, conversation_id, due_at, status, attempts,
                    last_error, route, sent_at
             FROM deliveries WHERE conversation_id = ? AND recipient_id = ? AND kind = 'prompt'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(conversation)
        .bind(id(recipient))
        .fetch_optional(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    fn reminder(key: &str, series: Option<&str>, due: &str) -> NewDelivery {
        NewDelivery {
            key: key.into(),
            kind: DeliveryKind::Reminder,
            recipient: 1,
            support: None,
            conversation: None,
            series: series.map(Into::into),
            due: at(due),
            expires: None,
            payload: "{}".into(),
        }
    }

    /// Keys and attempts, sorted (RETURNING gives no order).
    fn keys(claimed: &[Claimed]) -> Vec<(&str, i64)> {
        let mut k: Vec<_> = claimed
            .iter()
            .map(|c| (c.key.as_str(), c.attempts))
            .collect();
        k.sort_unstable();
        k
    }

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, _) = Store::open(&dir.path().join("t.db")).await.expect("open");
        (store, dir)
    }

    #[tokio::test]
    async fn a_claim_merges_due_rows_and_expired_leases_in_due_order_up_to_the_limit() {
        let (s, _dir) = store().await;
        let now = at("2027-01-04T10:00:00Z");
        let ds: Vec<_> = ["a", "b", "c", "d", "e"]
            .iter()
            .enumerate()
            .map(|(i, k)| reminder(k, None, &format!("2027-01-04T09:0{i}:00Z")))
            .collect();
        s.plan(&ds, now).await.expect("plan");
        // "a" and "b" are claimed and their sender dies; the lease runs out at 10:01.
        let first = s
            .claim(now, Duration::minutes(1), 2, Audience::All)
            .await
            .expect("claim");
        assert_eq!(keys(&first), [("a", 1), ("b", 1)]);
        // Before the lease ends only planned rows come, in due order.
        let next = s
            .claim(now, Duration::minutes(1), 1, Audience::All)
            .await
            .expect("claim");
        assert_eq!(next[0].key, "c");
        // After it, the expired leases ("a", "b", "c", due earlier) and the planned rows
        // ("d", "e") compete by due time.
        let later = now + Duration::minutes(2);
        let again = s
            .claim(later, Duration::minutes(1), 2, Audience::All)
            .await
            .expect("claim");
        assert_eq!(keys(&again), [("a", 2), ("b", 2)]);
        let again = s
            .claim(later, Duration::minutes(1), 2, Audience::All)
            .await
            .expect("claim");
        assert_eq!(keys(&again), [("c", 2), ("d", 1)]);
        let last = s
            .claim(later, Duration::minutes(1), 10, Audience::All)
            .await
            .expect("claim");
        assert_eq!(keys(&last), [("e", 1)]);
    }

    #[tokio::test]
    async fn only_the_latest_due_reminder_of_a_series_survives_a_downtime() {
        let (s, _dir) = store().await;
        let now = at("2027-01-04T10:00:00Z");
        s.plan(
            &[
                reminder("x:1440", Some("x"), "2027-01-03T10:30:00Z"),
                reminder("x:60", Some("x"), "2027-01-04T09:30:00Z"),
                reminder("y:1440", Some("y"), "2027-01-04T09:00:00Z"),
                reminder("y:60", Some("y"), "2027-01-05T08:00:00Z"),
            ],
            now,
        )
        .await
        .expect("plan");
        assert_eq!(s.skip_stale(now, Audience::All).await.expect("skip"), 1);
        let claimed = s
            .claim(now, Duration::minutes(1), 10, Audience::All)
            .await
            .expect("claim");
        assert_eq!(keys(&claimed), [("x:60", 1), ("y:1440", 1)]);
    }
}
