//! What an operator needs from the database: an online, consistent copy while the bot runs
//! (`suivi backup`), and the figures of `suivi status`.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{set_private, ts, Store, StoreError};

/// The figures `suivi status` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Health {
    pub database_bytes: u64,
    pub conversations_in_progress: i64,
    pub deliveries_planned: i64,
    /// Planned and due for more than a minute (the dispatcher is behind or stopped).
    pub deliveries_late: i64,
    pub deliveries_failed: i64,
    pub supports_active: i64,
    /// The last gateway event the bot saw (RFC 3339), if it recorded one.
    pub last_gateway_event: Option<String>,
}

impl Store {
    /// Writes a consistent copy of the database to `target` (which must not exist), mode
    /// 0600, while others keep reading and writing (`VACUUM INTO` reads one snapshot).
    pub async fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO ?")
            .bind(target.display().to_string())
            .execute(&self.pool)
            .await?;
        set_private(target)?;
        Ok(())
    }

    /// The figures of `suivi status`.
    pub async fn health(&self, path: &Path, now: DateTime<Utc>) -> Result<Health, StoreError> {
        let late = ts(now - chrono::Duration::minutes(1));
        let (conv, planned, late, failed, active): (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM conversations WHERE status = 'active'),
                    (SELECT COUNT(*) FROM deliveries WHERE status = 'planned'),
                    (SELECT COUNT(*) FROM deliveries WHERE status = 'planned' AND due_at < ?1),
                    (SELECT COUNT(*) FROM deliveries WHERE status = 'failed'),
                    (SELECT COUNT(*) FROM supports WHERE status = 'active')",
        )
        .bind(late)
        .fetch_one(&self.pool)
        .await?;
        let last: Option<(String,)> =
            sqlx::query_as("SELECT value FROM runtime WHERE key = 'gateway-seen'")
                .fetch_optional(&self.pool)
                .await?;
        let mut bytes = 0;
        for suffix in ["", "-wal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            bytes += std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        }
        Ok(Health {
            database_bytes: bytes,
            conversations_in_progress: conv,
            deliveries_planned: planned,
            deliveries_late: late,
            deliveries_failed: failed,
            supports_active: active,
            last_gateway_event: last.map(|(s,)| s),
        })
    }

    /// Records that the gateway was heard from (for `suivi status`).
    pub async fn gateway_seen(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO runtime (key, value) VALUES ('gateway-seen', ?1)
             ON CONFLICT (key) DO UPDATE SET value = ?1",
        )
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
