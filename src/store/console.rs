//! What the console keeps and reads: its moved clock, kept with its database (how far `/wait`
//! moved it ahead of the real time, so a restart goes on at the same moment of the follow-up),
//! and the answer already given to the question a conversation is at (shown after `/back`).

use super::{Store, StoreError};

/// The runtime key of the console's clock shift, in milliseconds.
const KEY: &str = "console_clock_shift_ms";

impl Store {
    /// How far the console's clock was moved ahead of the real time, in milliseconds; `0` when
    /// it never was (or the stored value cannot be read).
    pub async fn console_clock_shift_ms(&self) -> Result<i64, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM runtime WHERE key = $1")
            .bind(KEY)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .and_then(|(v,)| v.parse::<i64>().ok())
            .filter(|ms| *ms > 0)
            .unwrap_or(0))
    }

    /// Records the console's clock shift.
    pub async fn save_console_clock_shift_ms(&self, ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO runtime (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = $2",
        )
        .bind(KEY)
        .bind(ms.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The answer already recorded for the step `conversation` is at, if any.
    pub async fn answer_at_step(&self, conversation: i64) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT a.value FROM answers a JOIN conversations c ON c.id = a.conversation_id
             WHERE c.id = $1 AND a.field = c.step",
        )
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(v,)| v))
    }
}
