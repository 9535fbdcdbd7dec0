//! The outbox (`deliveries`): what must be sent, planned in the same transaction as the change
//! that caused it; claimed with a lease, acknowledged after sending, retried or recorded as
//! failed. Keys make planning idempotent. Payloads are opaque JSON here: the scheduler renders
//! them. Nothing here logs a payload.

use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::{id, ts, Store, StoreError};
use crate::store::words::stored_words;

mod claim;
mod early;
mod planning;
mod presence;
mod wake;

pub use planning::{AgreementPlan, PlanBatch, Plans};
pub use presence::Presence;
pub use wake::Unplannable;

/// What a delivery is, for the digest and the operator; stored as its lower-case name (the
/// `kind` column's CHECK lists them).
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

stored_words!(DeliveryKind {
    Prompt => "prompt",
    Reminder => "reminder",
    Checkin => "checkin",
    Nudge => "nudge",
    Digest => "digest",
    Notice => "notice",
});

impl std::fmt::Display for DeliveryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a delivery stands; stored as its lower-case name (the `status` column's CHECK).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// To send at its due time (again, after a transient failure).
    Planned,
    /// Taken by a dispatcher under a lease.
    Claimed,
    Sent,
    /// Not sent, for good (the person may write: it is sent again then).
    Failed,
    /// No longer worth sending (stale, obsolete).
    Skipped,
    /// Withdrawn before it was due (a pause, an answer).
    Cancelled,
}

stored_words!(DeliveryStatus {
    Planned => "planned",
    Claimed => "claimed",
    Sent => "sent",
    Failed => "failed",
    Skipped => "skipped",
    Cancelled => "cancelled",
});

/// Whose rows a dispatcher handles. The console and the bot may open the same file: every
/// delivery, support and digest setting records the audience it was written for (the
/// `audience` column, set from the [`Store`] handle that wrote it), and each dispatcher claims,
/// plans and moves only its own, so neither takes the other's letters nor moves the other's
/// clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Every row (tests, benchmarks). Writes as the bot.
    #[default]
    All,
    /// The console's people.
    Console,
    /// Discord users: the bot.
    Discord,
}

impl Audience {
    /// The value of the `audience` column of what this audience writes.
    pub(crate) fn column(self) -> &'static str {
        match self {
            Audience::Console => "console",
            Audience::All | Audience::Discord => "discord",
        }
    }

    /// The value bound to an `(?N = 'all' OR audience = ?N)` filter.
    pub(crate) fn filter(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::Console => "console",
            Audience::Discord => "discord",
        }
    }
}

/// The SQL condition "the row at `$col` belongs to the audience bound as `$param`".
macro_rules! audience_sql {
    ($col:literal, $param:literal) => {
        concat!("(", $param, " = 'all' OR ", $col, " = ", $param, ")")
    };
}
pub(crate) use audience_sql;

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

/// Declares a struct read from a `deliveries` row: the columns every such reading has, then
/// its own (read by name: the order of the columns does not matter).
macro_rules! delivery_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
        pub struct $name {
            pub id: i64,
            pub key: String,
            pub kind: DeliveryKind,
            pub recipient_id: i64,
            pub support_id: Option<i64>,
            pub conversation_id: Option<i64>,
            pub due_at: String,
            /// Sends tried (a claimed one's: including this one).
            pub attempts: i64,
            $($(#[$fmeta])* pub $field: $ty,)*
        }
    };
}

delivery_struct!(
    /// A claimed delivery, to send.
    Claimed {
        payload: String,
        /// Written by this claim: its outcome is recorded only under it.
        claim_token: String,
    }
);

delivery_struct!(
    /// A delivery as the digest and the tests read it.
    DeliveryRow {
        status: DeliveryStatus,
        last_error: Option<String>,
        route: Option<String>,
        sent_at: Option<String>,
    }
);

/// Plans deliveries inside a transaction. An existing key is left as it is (planning twice is a
/// no-op), unless it was cancelled: then it is planned again (a support resumed).
pub(crate) async fn insert(
    tx: &mut Transaction<'_, Any>,
    audience: Audience,
    deliveries: &[NewDelivery],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for d in deliveries {
        insert_rows(tx, audience, &[d], now).await?;
    }
    Ok(())
}

/// The statement planning `rows` deliveries at once, by [`insert`]'s rule: `$1` the instant,
/// `$2` the audience, then nine parameters a delivery.
fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let p: Vec<String> = (0..9).map(|k| format!("${}", 3 + 9 * i + k)).collect();
            format!("({}, 'planned', $1, $2)", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO deliveries (key, kind, recipient_id, support_id, conversation_id, series, due_at,
           expires_at, payload, status, created_at, audience)
         VALUES {}
         ON CONFLICT (key) DO UPDATE SET status = 'planned', due_at = excluded.due_at,
           expires_at = excluded.expires_at, payload = excluded.payload, attempts = 0, last_error = NULL
         WHERE deliveries.status = 'cancelled'",
        values.join(", ")
    )
}

/// Plans `rows` (distinct keys) in one statement, by [`insert`]'s rule. The one-row statement
/// is built once: it is on the path of every conversation step.
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    audience: Audience,
    rows: &[&NewDelivery],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    static ONE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| insert_sql(1));
    let many;
    let sql = if rows.len() == 1 {
        ONE.as_str()
    } else {
        many = insert_sql(rows.len());
        many.as_str()
    };
    let mut q = sqlx::query(sql).bind(ts(now)).bind(audience.column());
    for d in rows {
        q = q
            .bind(&d.key)
            .bind(d.kind)
            .bind(id(d.recipient))
            .bind(d.support)
            .bind(d.conversation)
            .bind(&d.series)
            .bind(ts(d.due))
            .bind(d.expires.map(ts))
            .bind(&d.payload);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Cancels what is still planned for a conversation's earlier questions: nudges.
pub(crate) async fn cancel_nudges(
    tx: &mut Transaction<'_, Any>,
    conversation: i64,
) -> Result<(), StoreError> {
    cancel_planned(tx, "conversation_id = $1 AND kind = 'nudge'", conversation).await
}

/// Cancels everything planned for a support except prompts and notices (a pause, an end, a
/// new rhythm): reminders, check-ins, nudges.
pub(crate) async fn cancel_follow_up(
    tx: &mut Transaction<'_, Any>,
    support: i64,
) -> Result<(), StoreError> {
    let rows = "support_id = $1 AND kind IN ('reminder', 'checkin', 'nudge')";
    cancel_planned(tx, rows, support).await
}

/// Cancels the planned deliveries `rows` selects (`$1` is `id`).
async fn cancel_planned(
    tx: &mut Transaction<'_, Any>,
    rows: &'static str,
    id: i64,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "UPDATE deliveries SET status = 'cancelled' WHERE status = 'planned' AND {rows}"
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Plans deliveries in their own transaction.
    pub async fn plan(
        &self,
        deliveries: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        insert(&mut tx, self.audience, deliveries, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The prompts of a conversation to a person that a send was tried for and did not reach
    /// them: failed, or waiting for a retry. (One planned and not tried yet is on its way.)
    pub async fn undelivered_prompts(
        &self,
        conversation: i64,
        recipient: u64,
    ) -> Result<Vec<i64>, StoreError> {
        let tried = "(status = 'failed' OR (status = 'planned' AND attempts > 0))";
        self.prompts_where("id", tried, conversation, recipient)
            .await
    }

    /// `column` of the prompts of a conversation to a person that meet `condition`, in id
    /// order.
    pub(crate) async fn prompts_where<T>(
        &self,
        column: &'static str,
        condition: &'static str,
        conversation: i64,
        recipient: u64,
    ) -> Result<Vec<T>, StoreError>
    where
        T: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any> + Send + Unpin,
    {
        let rows: Vec<(T,)> = sqlx::query_as(&format!(
            "SELECT {column} FROM deliveries WHERE conversation_id = $1 AND recipient_id = $2
               AND kind = 'prompt' AND {condition} ORDER BY id"
        ))
        .bind(conversation)
        .bind(id(recipient))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(v,)| v).collect())
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
                "UPDATE deliveries SET status = 'planned', due_at = $1, attempts = 0
                 WHERE id = $2 AND status IN ('failed', 'planned')",
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
             FROM deliveries WHERE recipient_id = $1 ORDER BY due_at, id",
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
             FROM deliveries WHERE id = $1",
        )
        .bind(delivery)
        .fetch_optional(&self.pool)
        .await?)
    }
}

impl Store {
    /// Where the latest prompt of a conversation to a person stands, and its route.
    pub async fn latest_prompt_status(
        &self,
        conversation: i64,
        recipient: u64,
    ) -> Result<Option<(DeliveryStatus, Option<String>)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT status, route FROM deliveries
             WHERE conversation_id = $1 AND recipient_id = $2 AND kind = 'prompt'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(conversation)
        .bind(id(recipient))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The latest prompt delivery of a conversation to a person.
    pub async fn latest_prompt(
        &self,
        conversation: i64,
        recipient: u64,
    ) -> Result<Option<DeliveryRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, key, kind, recipient_id, support_id, conversation_id, due_at, status, attempts,
                    last_error, route, sent_at
             FROM deliveries WHERE conversation_id = $1 AND recipient_id = $2 AND kind = 'prompt'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(conversation)
        .bind(id(recipient))
        .fetch_optional(&self.pool)
        .await?)
    }
}
