//! The send pace shared by every process sending for one bot on one database: each request
//! about to go out to Discord takes its instant in `send_pace`, under a transaction-level
//! advisory lock on PostgreSQL (or SQLite's write lock), so that the instants the processes
//! take together never put more than the rate in any second. The rule choosing the instant is
//! the outbox's ([`crate::outbox::pace`]); the store only reads and writes the instants.

use chrono::{DateTime, Duration, Utc};

use super::backend::Backend;
use super::{ts, Audience, Store, StoreError};

/// The advisory lock that serialises the pace's transactions (not the writers' lock: taking
/// an instant must not wait for a conversation being saved).
const PACE_KEY: i64 = 0x5355_4956_4950; // "SUIVIP"

/// How long taken instants are kept: longer than the window the rule reads.
const KEEP_SECONDS: i64 = 5;

impl Store {
    /// Takes `n` request instants for `audience`: reads the instants taken from one `window`
    /// before `now` on (ascending), lets `choose` pick the instant, records it `n` times and
    /// returns it. What is older than a few seconds is deleted on the way.
    pub async fn take_pace(
        &self,
        audience: Audience,
        now: DateTime<Utc>,
        n: u32,
        window: Duration,
        choose: impl FnOnce(&[DateTime<Utc>]) -> DateTime<Utc> + Send,
    ) -> Result<DateTime<Utc>, StoreError> {
        let mut tx = match self.backend {
            Backend::Sqlite => self.write().await?,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(PACE_KEY)
                    .execute(&mut *tx)
                    .await?;
                tx
            }
        };
        let column = audience.column();
        sqlx::query("DELETE FROM send_pace WHERE audience = $1 AND at < $2")
            .bind(column)
            .bind(ts(now - Duration::seconds(KEEP_SECONDS)))
            .execute(&mut *tx)
            .await?;
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT at FROM send_pace WHERE audience = $1 AND at >= $2 ORDER BY at")
                .bind(column)
                .bind(ts(now - window))
                .fetch_all(&mut *tx)
                .await?;
        let spent = rows
            .iter()
            .map(|(at,)| {
                DateTime::parse_from_rfc3339(at)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| StoreError::Corrupt(format!("send_pace.at {at:?}: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let at = choose(&spent);
        for _ in 0..n.max(1) {
            sqlx::query("INSERT INTO send_pace (audience, at) VALUES ($1, $2)")
                .bind(column)
                .bind(ts(at))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(at)
    }

    /// The requests of `audience` reserved at `at` were over by `over` (later): they count from
    /// then. Every request reserved at that very instant moves, another process's too: that
    /// only makes the next instants later, never earlier.
    pub async fn finish_pace(
        &self,
        audience: Audience,
        at: DateTime<Utc>,
        over: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE send_pace SET at = $1 WHERE audience = $2 AND at = $3";
        let (over, column, at) = (ts(over), audience.column(), ts(at));
        match self.backend {
            Backend::Sqlite => {
                let mut tx = self.write().await?;
                sqlx::query(sql)
                    .bind(over)
                    .bind(column)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            // No writer's lock: a reservation made meanwhile counted these requests from
            // their reserved instant, as it counts any request still in flight.
            Backend::Postgres => {
                sqlx::query(sql)
                    .bind(over)
                    .bind(column)
                    .bind(at)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }
}
