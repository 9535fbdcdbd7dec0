//! Claiming due deliveries and recording what became of them. A claim takes a lease and writes
//! a fresh token on each row; every outcome (sent, retry later, released, given up) is recorded
//! only under that token, so a late acknowledgement after the lease ran out and another claim
//! took the row changes nothing. A sent (or skipped) row keeps no message text: its payload is
//! cut down to its type, the key, kind, times and status stay for the digest and the audit.
//!
//! A row is this claim's when it carries its token (`id = … AND claim_token = …`): a claim
//! writes the token and every outcome, [`Store::skip_stale`] too, clears it with the status,
//! so a token is only ever on a claimed row. The status is not compared again: that let
//! PostgreSQL find the row through `deliveries_due` (status, due_at), walking every claimed
//! row on each acknowledgement, instead of by its primary key.

use chrono::{DateTime, Duration, Utc};

use super::{audience_sql, insert, Audience, Claimed, DeliveryStatus, NewDelivery};
use crate::store::{ts, Backend, Store, StoreError};

/// What a delivery's payload becomes once it no longer has to be sent: its type only.
const TEXT_FREE: &str =
    "CASE WHEN json_valid(payload) THEN json_object('type', json_extract(payload, '$.type')) ELSE '{}' END";

/// [`TEXT_FREE`] on PostgreSQL (15 has no `IS JSON`: a payload is JSON when it is an object,
/// as suivi writes them; anything else is emptied).
const TEXT_FREE_PG: &str = "CASE WHEN payload LIKE '{%}' THEN json_build_object('type', CAST(payload AS json) ->> 'type')::text ELSE '{}' END";

/// A fresh claim token: 16 hex digits.
const TOKEN_PG: &str = "substr(md5(random()::text || clock_timestamp()::text), 1, 16)";

/// Rows pruned per transaction, so a large purge never holds the write lock for long.
const PRUNE_CHUNK: i64 = 2000;

impl Store {
    /// Marks as skipped what fell due but is no longer worth sending: past its expiry (the
    /// exchange has begun), or followed in its series by a later one also due (after a
    /// downtime, one reminder per exchange, not a burst). Returns how many. [`Store::claim`]
    /// never takes such a row, so this may run after claiming.
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
        self.wrote();
        let done = sqlx::query(&format!(
            "UPDATE deliveries SET status = 'skipped', last_error = 'stale', claimed_until = NULL,
               claim_token = NULL, payload = {}
             WHERE ((status = 'planned' AND due_at <= $1) OR (status = 'claimed' AND claimed_until <= $1))
               AND {} AND NOT ({})",
            self.text_free(),
            audience_sql!("audience", "$2"),
            fresh("deliveries", self.backend)
        ))
        .bind(ts(now))
        .bind(audience.filter())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Claims up to `limit` due deliveries (and those whose lease ran out: a crash while
    /// sending) for `lease`, each under a fresh token. A delivery waits while an earlier one of
    /// the same conversation to the same person is unsent, so questions arrive in order; a
    /// stale one (see [`Store::skip_stale`]) is never taken.
    ///
    /// The planned and the expired-lease candidates are taken by two separate scans, each in
    /// `deliveries_due` order and stopped at `limit`, then merged: one `OR` over both made
    /// SQLite collect and sort every due row on each claim (a backlog of 400,000 due rows:
    /// ≈ 0.3 s per batch instead of ≈ 1 ms), and PostgreSQL too (20,000 due rows: 14 ms a
    /// claim instead of 2 ms).
    pub async fn claim(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
        audience: Audience,
    ) -> Result<Vec<Claimed>, StoreError> {
        self.wrote();
        let planned = due_scan("d.status = 'planned' AND d.due_at <= $1", self.backend);
        let lapsed = due_scan(
            "d.status = 'claimed' AND d.claimed_until <= $1",
            self.backend,
        );
        let returning =
            "RETURNING id, key, kind, recipient_id, support_id, conversation_id, due_at,
               payload, attempts, claim_token";
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "UPDATE deliveries SET status = 'claimed', claimed_until = $2, attempts = attempts + 1,
                   claim_token = lower(hex(randomblob(8)))
                 WHERE id IN (
                   SELECT id FROM (
                     SELECT id, due_at FROM ({planned}) c UNION ALL SELECT id, due_at FROM ({lapsed}) c
                     ORDER BY due_at, id LIMIT $3) picked)
                 {returning}"
            ),
            // Each scan locks what it takes, skipping rows another process holds, without the
            // writers' advisory lock: dispatchers in several processes claim disjoint rows at
            // once. The outer condition is checked again on each row (a row claimed meanwhile
            // is not taken twice).
            Backend::Postgres => format!(
                "WITH planned AS ({planned}), lapsed AS ({lapsed})
                 UPDATE deliveries SET status = 'claimed', claimed_until = $2, attempts = attempts + 1,
                   claim_token = {TOKEN_PG}
                 WHERE id IN (
                   SELECT id FROM (SELECT * FROM planned UNION ALL SELECT * FROM lapsed) c
                   ORDER BY due_at, id LIMIT $3)
                   AND ((status = 'planned' AND due_at <= $1) OR (status = 'claimed' AND claimed_until <= $1))
                 {returning}"
            ),
        };
        let mut conn = self.pool.acquire().await?;
        let claimed = sqlx::query_as(&sql)
            .bind(ts(now))
            .bind(ts(now + lease))
            .bind(i64::from(limit))
            .bind(audience.filter())
            .fetch_all(&mut *conn)
            .await;
        // Back to the pool at once (see [`Store::acknowledge`]).
        conn.return_to_pool().await;
        Ok(claimed?)
    }

    /// Records a sent delivery and empties its payload of text. `false`: the claim was no
    /// longer this one's (its lease ran out and another claim took the row), nothing changed.
    pub async fn acknowledge(
        &self,
        claimed: &Claimed,
        route: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.wrote();
        let sql = format!(
            "UPDATE deliveries SET status = 'sent', route = $1, sent_at = $2, claimed_until = NULL,
               claim_token = NULL, payload = {}
             WHERE id = $3 AND claim_token = $4",
            self.text_free()
        );
        let done = sqlx::query(&sql)
            .bind(route)
            .bind(ts(now))
            .bind(claimed.id)
            .bind(&claimed.claim_token);
        // The connection goes back to the pool here rather than from a task spawned when it is
        // dropped: a dispatcher acknowledges a letter after each send, and the next statement
        // found no idle connection until that task had run (a thread hand-off per row).
        let mut conn = self.pool.acquire().await?;
        let done = done.execute(&mut *conn).await;
        conn.return_to_pool().await;
        Ok(done?.rows_affected() == 1)
    }

    /// Puts a delivery back to be tried again at `retry_at`. `false`: not this claim's.
    pub async fn retry_later(
        &self,
        claimed: &Claimed,
        retry_at: DateTime<Utc>,
        reason: &str,
    ) -> Result<bool, StoreError> {
        self.wrote();
        let done = sqlx::query(
            "UPDATE deliveries SET status = 'planned', due_at = $1, claimed_until = NULL,
               claim_token = NULL, last_error = $2
             WHERE id = $3 AND claim_token = $4",
        )
        .bind(ts(retry_at))
        .bind(reason)
        .bind(claimed.id)
        .bind(&claimed.claim_token)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives back claimed deliveries that were not tried (the platform is failing: sending
    /// them now would only fail too): planned again as they were, the try not counted.
    pub async fn release(&self, claimed: &[Claimed]) -> Result<(), StoreError> {
        if claimed.is_empty() {
            return Ok(());
        }
        self.wrote();
        let mut tx = self.write().await?;
        for c in claimed {
            sqlx::query(
                "UPDATE deliveries SET status = 'planned', claimed_until = NULL, claim_token = NULL,
                   attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
                 WHERE id = $1 AND claim_token = $2",
            )
            .bind(c.id)
            .bind(&c.claim_token)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records a delivery that will not be sent (`failed`, `skipped` or `cancelled`), and plans
    /// what must be said about it in the same transaction. A skipped one keeps no text (a
    /// failed one does: the person may write, and it is sent again). `false`: not this
    /// claim's, nothing changed (nothing planned either).
    pub async fn give_up(
        &self,
        claimed: &Claimed,
        status: DeliveryStatus,
        reason: &str,
        then: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.wrote();
        let mut tx = self.write().await?;
        let payload = if status == DeliveryStatus::Skipped {
            self.text_free()
        } else {
            "payload"
        };
        let done = sqlx::query(&format!(
            "UPDATE deliveries SET status = $1, claimed_until = NULL, claim_token = NULL,
               last_error = $2, payload = {payload}
             WHERE id = $3 AND claim_token = $4"
        ))
        .bind(status)
        .bind(reason)
        .bind(claimed.id)
        .bind(&claimed.claim_token)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if status == DeliveryStatus::Failed {
            // A question that could not reach its reader will not reach them as a nudge
            // either: the advisor is told once.
            sqlx::query(
                "UPDATE deliveries SET status = 'cancelled'
                 WHERE kind = 'nudge' AND status = 'planned' AND conversation_id IS NOT NULL
                   AND (conversation_id, recipient_id) =
                       (SELECT conversation_id, recipient_id FROM deliveries WHERE id = $1 AND kind = 'prompt')",
            )
            .bind(claimed.id)
            .execute(&mut *tx)
            .await?;
        }
        insert(&mut tx, self.audience, then, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The expression a payload becomes once it no longer has to be sent.
    fn text_free(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => TEXT_FREE,
            Backend::Postgres => TEXT_FREE_PG,
        }
    }

    /// Deletes the sent, skipped and cancelled deliveries of `audience` due before `before`
    /// (`[outbox] keep_days`), a chunk per transaction. Failed ones stay: the person may
    /// write, and they are sent again. Returns how many.
    pub async fn prune_deliveries(
        &self,
        before: DateTime<Utc>,
        audience: Audience,
    ) -> Result<u64, StoreError> {
        self.wrote();
        let mut total = 0;
        loop {
            let done = sqlx::query(concat!(
                "DELETE FROM deliveries WHERE id IN (
                   SELECT id FROM deliveries
                   WHERE status IN ('sent', 'skipped', 'cancelled') AND due_at < $1 AND ",
                audience_sql!("audience", "$2"),
                " LIMIT $3)"
            ))
            .bind(ts(before))
            .bind(audience.filter())
            .bind(PRUNE_CHUNK)
            .execute(&self.pool)
            .await?;
            total += done.rows_affected();
            if done.rows_affected() < PRUNE_CHUNK as u64 {
                return Ok(total);
            }
        }
    }
}

/// One scan of a claim's candidates (`when`: planned and due, or a lapsed lease), in
/// `deliveries_due` order, stopped at `$3`, unblocked and fresh, of audience `$4`; on a server
/// each row is locked as it is taken, skipping those another process holds.
fn due_scan(when: &str, backend: Backend) -> String {
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    format!(
        "SELECT d.id, d.due_at FROM deliveries d
         WHERE {when} AND {} AND {} AND {}
         ORDER BY d.due_at, d.id LIMIT $3{lock}",
        audience_sql!("d.audience", "$4"),
        unblocked("d"),
        fresh("d", backend),
    )
}

/// "No earlier delivery of the same conversation to the same person is unsent" for the row
/// aliased `d`: questions arrive in order.
pub(super) fn unblocked(d: &str) -> String {
    format!(
        "({d}.conversation_id IS NULL OR NOT EXISTS (
           SELECT 1 FROM deliveries e WHERE e.conversation_id = {d}.conversation_id
             AND e.recipient_id = {d}.recipient_id AND e.status IN ('planned', 'claimed') AND e.id < {d}.id))"
    )
}

/// "Still worth sending at `?1`" for the row aliased `d`: not past its expiry, and no later
/// delivery of its series also due, whether still to send or already sent (claims come before
/// [`Store::skip_stale`] in a pass: the later one may have gone out first).
///
/// The unary `+` (SQLite's way of keeping an index out of a plan, see [`Store::skip_stale`])
/// does not exist for text on PostgreSQL, whose planner needs no such hint.
pub(super) fn fresh(d: &str, backend: Backend) -> String {
    let plus = match backend {
        Backend::Sqlite => "+",
        Backend::Postgres => "",
    };
    format!(
        "(({d}.expires_at IS NULL OR {d}.expires_at > $1)
          AND ({d}.series IS NULL OR NOT EXISTS (
            SELECT 1 FROM deliveries s WHERE s.series = {d}.series AND {plus}s.status != 'cancelled'
              AND {plus}s.due_at > {d}.due_at AND {plus}s.due_at <= $1)))"
    )
}

#[cfg(test)]
#[path = "claim_tests.rs"]
pub(super) mod tests;
