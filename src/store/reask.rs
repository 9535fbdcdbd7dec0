//! A question asked again without the conversation changing: an answer refused (not in the
//! person's own words, too long, empty), a request to see the question, an input that came too
//! late. Such an input writes no new version of the conversation, and leaves no growing trail
//! in the outbox: each reader has one "asked again" delivery per conversation, planned again in
//! place under a new key (a new key is a new nonce: Discord must not take the new message for
//! the one before it). Also here: which version of a conversation a person last received.
//!
//! Must not log message texts.

use chrono::{DateTime, Utc};

use super::outbox::{insert, NewDelivery};
use super::{id, ts, Store, StoreError};

/// What asking again writes.
pub struct AskAgain<'a> {
    pub conversation: i64,
    /// The version read: nothing is planned if the conversation moved since (or ended).
    pub version: i64,
    pub support: i64,
    /// The person who acted: (id, display name, locale of the interaction).
    pub actor: (u64, &'a str, Option<&'a str>),
    /// One per reader, each with a `series` naming its one row; its key gets a number (a new
    /// key is a new nonce).
    pub prompts: &'a [NewDelivery],
    /// Planned once: an existing key is left as it is.
    pub nudges: &'a [NewDelivery],
}

impl Store {
    /// Plans the question again, in one transaction; [`StoreError::Conflict`] when the
    /// conversation is no longer at the version read, or no longer active.
    pub async fn ask_again(
        &self,
        again: AskAgain<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        let still: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM conversations WHERE id = $1 AND version = $2 AND status = 'active'",
        )
        .bind(again.conversation)
        .bind(again.version)
        .fetch_optional(&mut *tx)
        .await?;
        if still.is_none() {
            return Err(StoreError::Conflict);
        }
        super::conversations::note_contact(&mut tx, again.actor, again.support, &at).await?;
        for d in again.prompts {
            let Some(series) = &d.series else {
                return Err(StoreError::Corrupt(format!("no series for {}", d.key)));
            };
            let keys: Vec<(String,)> =
                sqlx::query_as("SELECT key FROM deliveries WHERE series = $1")
                    .bind(series)
                    .fetch_all(&mut *tx)
                    .await?;
            let n = keys
                .iter()
                .filter_map(|(k,)| k.rsplit(':').next()?.parse::<u64>().ok())
                .max()
                .unwrap_or(0)
                + 1;
            // The one before is replaced, unless it is being sent right now (its sender
            // finishes it). Planned anew, it comes after what is already planned for the
            // reader, as any new message does.
            sqlx::query("DELETE FROM deliveries WHERE series = $1 AND status != 'claimed'")
                .bind(series)
                .execute(&mut *tx)
                .await?;
            let fresh = NewDelivery {
                key: format!("{}:{n}", d.key),
                ..d.clone()
            };
            insert(&mut tx, self.audience, &[fresh], now).await?;
            behind(&mut tx, again.conversation, d.recipient).await?;
        }
        insert(&mut tx, self.audience, again.nudges, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest version of a conversation of which a prompt reached `recipient` (sent, or
    /// being sent): what they have in front of them. Read from the delivery keys
    /// (`prompt:{conversation}:{version}:{to}`, `again:{conversation}:{version}:{to}:{n}`),
    /// which outlive the payloads. `None` when none did (or they were pruned).
    pub async fn seen_version(
        &self,
        conversation: i64,
        recipient: u64,
    ) -> Result<Option<i64>, StoreError> {
        let reached = "status IN ('sent', 'claimed')";
        let keys: Vec<String> = self
            .prompts_where("key", reached, conversation, recipient)
            .await?;
        Ok(keys
            .iter()
            .filter_map(|k| k.split(':').nth(2)?.parse::<i64>().ok())
            .max())
    }
}

/// Moves the nudges planned for `recipient` in a conversation behind what was just planned:
/// a later delivery to a reader waits for the earlier ones (questions arrive in order), and a
/// nudge due in two days must not hold back the question asked now. Their place in line is
/// their id: each gets the next one, and keeps everything else (nothing refers to a
/// delivery's id; ids are never reused, SQLite takes the largest in the table into account).
async fn behind(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    conversation: i64,
    recipient: u64,
) -> Result<(), StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM deliveries
         WHERE conversation_id = $1 AND recipient_id = $2 AND kind = 'nudge' AND status = 'planned'
         ORDER BY id",
    )
    .bind(conversation)
    .bind(id(recipient))
    .fetch_all(&mut **tx)
    .await?;
    for (row,) in rows {
        sqlx::query(
            "UPDATE deliveries SET id = (SELECT MAX(id) FROM deliveries) + 1 WHERE id = $1",
        )
        .bind(row)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
