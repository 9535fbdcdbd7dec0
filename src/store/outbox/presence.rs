//! A dispatcher's start: ending the leases of deliveries a dead process left claimed, so they
//! go again at once (with the same nonce) instead of after the lease — but only when no other
//! dispatcher of the audience is alive to be sending them.
//!
//! One SQLite file has one dispatcher per audience (the writer lock): the one starting is
//! alone. On a server each dispatcher holds, for as long as it runs, a shared advisory lock on
//! a connection of its own ([`Presence`]); a process that dies, even by SIGKILL, loses its
//! connection and with it the lock. A dispatcher starting takes the exclusive lock for a moment:
//! if it gets it, nobody else is running and every claim is a dead one's; if not, it ends no
//! lease, and what a killed process held comes back to the others when its lease ends.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::{audience_sql, Audience};
use crate::store::{ts, Backend, Store, StoreError};

/// The advisory lock of the dispatchers of one audience ("SUIVID" and the audience).
fn presence_key(audience: Audience) -> i64 {
    let which = match audience.column() {
        "console" => 1,
        _ => 2,
    };
    0x0053_5549_5649_4400 + which
}

/// A running dispatcher's presence on a server: dropped (or the process gone), it ends.
#[derive(Debug, Default)]
pub struct Presence {
    _held: Option<AnyConnection>,
}

impl Store {
    /// Ends the leases of the deliveries of `audience` left claimed by dispatchers that are
    /// gone, when no other is running; returns how many, and this dispatcher's presence (keep
    /// it while it runs).
    pub async fn reclaim_abandoned(
        &self,
        now: DateTime<Utc>,
        audience: Audience,
    ) -> Result<(u64, Presence), StoreError> {
        let (alone, presence) = match self.backend {
            Backend::Sqlite => (true, Presence::default()),
            Backend::Postgres => {
                let key = presence_key(audience);
                let mut conn = self.pool.acquire().await?.detach();
                let (alone,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
                    .bind(key)
                    .fetch_one(&mut conn)
                    .await?;
                if alone {
                    // Still alone until the exclusive lock goes: nobody starts in between.
                    let n = self.end_leases(now, audience).await;
                    sqlx::query("SELECT pg_advisory_lock_shared($1)")
                        .bind(key)
                        .execute(&mut conn)
                        .await?;
                    sqlx::query("SELECT pg_advisory_unlock($1)")
                        .bind(key)
                        .execute(&mut conn)
                        .await?;
                    return Ok((n?, Presence { _held: Some(conn) }));
                }
                sqlx::query("SELECT pg_advisory_lock_shared($1)")
                    .bind(key)
                    .execute(&mut conn)
                    .await?;
                (false, Presence { _held: Some(conn) })
            }
        };
        let n = if alone {
            self.end_leases(now, audience).await?
        } else {
            0
        };
        Ok((n, presence))
    }

    async fn end_leases(&self, now: DateTime<Utc>, audience: Audience) -> Result<u64, StoreError> {
        self.wrote();
        let done = sqlx::query(concat!(
            "UPDATE deliveries SET claimed_until = $1 WHERE status = 'claimed' AND ",
            audience_sql!("audience", "$2")
        ))
        .bind(ts(now))
        .bind(audience.filter())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
