//! After an agreed exchange (`exchange_outcomes`): whether it took place, as the advisor
//! answered the question asked once after it, and whether a check-in was still waiting when
//! it came (closed as missed). No text a person typed is kept here: choices and instants only.

use chrono::{DateTime, Utc};

use super::{id, ts, Store, StoreError};
use crate::store::words::stored_words;
use crate::store::words::Flag;

/// What the advisor answered about an exchange, stored as its snake-case name (`not_held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It took place: the closing was started.
    Held,
    /// It was moved: the reschedule was opened.
    Moved,
    /// It did not take place.
    NotHeld,
}

stored_words!(Outcome {
    Held => "held",
    Moved => "moved",
    NotHeld => "not_held",
});

/// One exchange of a support, after it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutcomeRow {
    pub id: i64,
    pub support_id: i64,
    pub exchange_at: String,
    pub outcome: Option<Outcome>,
    pub asked_at: Option<String>,
    pub answered_at: Option<String>,
    pub checkin_missed_at: Option<String>,
}

impl OutcomeRow {
    /// The agreed instant of the exchange.
    pub fn exchange(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.exchange_at)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    pub fn answer(&self) -> Option<Outcome> {
        self.outcome
    }
}

/// What the digest says about exchanges: for one support, an exchange that did not take
/// place, or one before which a check-in went unanswered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterNote {
    pub support: i64,
    pub exchange_at: String,
    pub not_held: bool,
    pub checkin_missed: bool,
}

const COLUMNS: &str =
    "id, support_id, exchange_at, outcome, asked_at, answered_at, checkin_missed_at";

impl Store {
    /// The row of the exchange of `support` at `exchange`, created if it is the first time
    /// (the question about it is being sent).
    pub async fn exchange_to_ask(
        &self,
        support: i64,
        exchange: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<OutcomeRow, StoreError> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO exchange_outcomes (support_id, exchange_at, asked_at) VALUES ($1, $2, $3)
             ON CONFLICT (support_id, exchange_at) DO UPDATE SET asked_at = COALESCE(exchange_outcomes.asked_at, $3)",
        )
        .bind(support)
        .bind(ts(exchange))
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
        let row: OutcomeRow = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM exchange_outcomes WHERE support_id = $1 AND exchange_at = $2"
        ))
        .bind(support)
        .bind(ts(exchange))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// One exchange's row.
    pub async fn exchange_outcome(&self, outcome: i64) -> Result<Option<OutcomeRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM exchange_outcomes WHERE id = $1"
        ))
        .bind(outcome)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records the advisor's answer, unless one was recorded meanwhile (`false`). "Moved"
    /// may be given again (the form to propose the new date is opened again).
    pub async fn answer_exchange(
        &self,
        outcome: i64,
        answer: Outcome,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE exchange_outcomes SET outcome = $1, answered_at = $2
             WHERE id = $3 AND (outcome IS NULL OR (outcome = 'moved' AND $1 = 'moved'))",
        )
        .bind(answer)
        .bind(ts(now))
        .bind(outcome)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Closes the check-ins of `support` begun before `exchange` and still waiting: their
    /// question is no longer asked (nudges cancelled), and the exchange records the miss for
    /// the digest. Returns how many were closed.
    pub async fn close_missed_checkins(
        &self,
        support: i64,
        exchange: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let waiting = "SELECT c.id FROM conversations c JOIN work_sessions w ON w.id = c.session_id
             WHERE c.status = 'active' AND c.kind = 'checkin' AND w.support_id = $1 AND c.created_at < $2";
        sqlx::query(&format!(
            "UPDATE deliveries SET status = 'cancelled'
             WHERE kind IN ('nudge', 'prompt') AND status = 'planned' AND conversation_id IN ({waiting})"
        ))
        .bind(support)
        .bind(ts(exchange))
        .execute(&mut *tx)
        .await?;
        let closed = sqlx::query(&format!(
            "UPDATE conversations SET status = 'abandoned', updated_at = $3, version = version + 1
             WHERE id IN ({waiting})"
        ))
        .bind(support)
        .bind(ts(exchange))
        .bind(ts(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if closed > 0 {
            sqlx::query(
                "INSERT INTO exchange_outcomes (support_id, exchange_at, checkin_missed_at) VALUES ($1, $2, $3)
                 ON CONFLICT (support_id, exchange_at) DO UPDATE SET checkin_missed_at = $3",
            )
            .bind(support)
            .bind(ts(exchange))
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(closed)
    }

    /// What the digest says about exchanges since `since`, for the supports it covers (an
    /// advisor's, or a guild's; not ended), in one query.
    pub async fn after_notes(
        &self,
        advisor: Option<u64>,
        guild: Option<u64>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<AfterNote>, StoreError> {
        let rows: Vec<(i64, String, Flag, Flag)> = sqlx::query_as(
            "SELECT o.support_id, o.exchange_at,
                    CASE WHEN o.outcome = 'not_held' AND o.answered_at > $3 THEN 1 ELSE 0 END,
                    CASE WHEN o.checkin_missed_at > $3 THEN 1 ELSE 0 END
             FROM exchange_outcomes o JOIN supports s ON s.id = o.support_id
             WHERE s.status != 'ended' AND ($1 IS NULL OR s.advisor_id = $1) AND ($2 IS NULL OR s.guild_id = $2)
               AND ((o.outcome = 'not_held' AND o.answered_at > $3) OR o.checkin_missed_at > $3)
             ORDER BY o.support_id, o.exchange_at",
        )
        .bind(advisor.map(id))
        .bind(guild.map(id))
        .bind(since.map(ts).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(support, exchange_at, Flag(not_held), Flag(checkin_missed))| AfterNote {
                    support,
                    exchange_at,
                    not_held,
                    checkin_missed,
                },
            )
            .collect())
    }
}
