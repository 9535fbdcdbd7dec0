//! Closings not finished: the one in progress, and those left when the advisor started again.
//! `/plan` shows what they hold so far, so nothing a beneficiary wrote disappears from view.

use chrono::{DateTime, Utc};

use super::{id, Store, StoreError};

/// A closing not finished, as `/plan` reads it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UnfinishedRow {
    pub id: i64,
    /// Active (in progress) or abandoned (left when another was started).
    pub status: super::ConversationStatus,
    pub state: String,
    pub created_at: String,
    pub updated_at: String,
}

impl UnfinishedRow {
    pub fn started(&self) -> Option<DateTime<Utc>> {
        self.created_at.parse().ok()
    }

    /// When it was left (for an abandoned one) or last answered.
    pub fn last_change(&self) -> Option<DateTime<Utc>> {
        self.updated_at.parse().ok()
    }
}

/// The closings of beneficiary `?1` in guild `?2`, to which conditions are added.
const CLOSINGS: &str = "SELECT c.id, c.status, c.state, c.created_at, c.updated_at
    FROM conversations c JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
    WHERE s.beneficiary_id = $1 AND s.guild_id = $2 AND c.kind = 'closing'";

impl Store {
    /// The closings of `beneficiary` in `guild` begun since the last one agreed, most recent
    /// first (at most `limit`).
    pub async fn unfinished_closings(
        &self,
        beneficiary: u64,
        guild: u64,
        limit: u32,
    ) -> Result<Vec<UnfinishedRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{CLOSINGS}
               AND c.status IN ('active', 'abandoned')
               AND c.id > COALESCE((SELECT MAX(c2.id) FROM conversations c2
                   JOIN work_sessions w2 ON w2.id = c2.session_id
                   WHERE w2.support_id = s.id AND c2.kind = 'closing' AND c2.status = 'done'), 0)
             ORDER BY c.id DESC LIMIT $3"
        ))
        .bind(id(beneficiary))
        .bind(id(guild))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The closing with which the beneficiary ended their support in `guild` (they chose not
    /// to continue), if their last support there ended that way: `/plan` shows it.
    pub async fn ended_closing(
        &self,
        beneficiary: u64,
        guild: u64,
    ) -> Result<Option<UnfinishedRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{CLOSINGS}
               AND c.status = 'done' AND s.status = 'ended'
               AND NOT EXISTS (SELECT 1 FROM supports s2 WHERE s2.beneficiary_id = $1
                   AND s2.guild_id = $2 AND s2.status != 'ended')
             ORDER BY c.id DESC LIMIT 1"
        ))
        .bind(id(beneficiary))
        .bind(id(guild))
        .fetch_optional(&self.pool)
        .await?)
    }
}
