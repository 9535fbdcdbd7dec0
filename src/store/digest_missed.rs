//! What the digest says could not be delivered: by support, kind and side, never the text.

use chrono::{DateTime, Utc};

use super::{id, ts, Store, StoreError};
use crate::store::words::Flag;

/// Messages of one support, of one kind, to one side, skipped or failed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MissedRow {
    pub support: i64,
    pub kind: String,
    /// For the beneficiary (else for the advisor).
    #[sqlx(try_from = "Flag")]
    pub to_beneficiary: bool,
    pub count: i64,
}

impl Store {
    /// The deliveries skipped or failed since `since` (every one when `None`) of the supports
    /// a digest covers (as [`Store::standings`] chooses them), counted by support, kind and side.
    pub async fn missed_by_kind(
        &self,
        advisor: Option<u64>,
        guild: Option<u64>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<MissedRow>, StoreError> {
        let since = since.map(ts).unwrap_or_default();
        Ok(sqlx::query_as(&format!(
            "SELECT d.support_id AS support, d.kind AS kind,
                    d.recipient_id = s.beneficiary_id AS to_beneficiary, COUNT(*) AS count
             FROM deliveries d JOIN supports s ON s.id = d.support_id
             WHERE d.status IN ('skipped', 'failed') AND d.kind != 'notice' AND d.due_at > $3
               AND {}
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            super::digest::SCOPE
        ))
        .bind(advisor.map(id))
        .bind(guild.map(id))
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }
}
