//! Conversations (opening, closing, check-in), their answers log, and the agreements they end
//! in: the reads here; beginning one in `start.rs`, saving one input in `save.rs`.
//!
//! One input is saved in one transaction: the engine's state, the answer that changed, and,
//! when both sides confirmed, the agreement and its tasks. A crash leaves either all or none.

use super::{id, Store, StoreError};
use crate::store::words::stored_words;

mod save;
mod start;

pub use save::StepSave;
pub use start::Start;
pub(crate) use start::{abandon_conversations, note_contact};

/// Where a conversation stands, stored as its lower-case name: in progress, finished, or
/// replaced by a newer one (or closed as missed) before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationStatus {
    Active,
    Done,
    Abandoned,
}

stored_words!(ConversationStatus {
    Active => "active",
    Done => "done",
    Abandoned => "abandoned",
});

/// A conversation with the support it belongs to.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ConversationRow {
    pub id: i64,
    pub session_id: i64,
    pub support_id: i64,
    pub guild_id: i64,
    pub advisor_id: i64,
    pub beneficiary_id: i64,
    pub kind: String,
    pub step: String,
    pub state: String,
    pub status: ConversationStatus,
    /// Bumped by every write: a save made on an older version lost a race.
    pub version: i64,
    /// The version at which the question now asked was first asked: an answer to an older
    /// question is refused.
    pub asked_version: i64,
    /// What language negotiation needs, read with the row so a step asks once (SPEC §6).
    pub advisor_lang: Option<String>,
    pub advisor_locale: Option<String>,
    pub beneficiary_lang: Option<String>,
    pub beneficiary_locale: Option<String>,
    pub guild_lang: Option<String>,
    pub guild_locale: Option<String>,
    /// How each side is named to the other in the messages of this conversation.
    pub advisor_name: Option<String>,
    pub beneficiary_name: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.session_id, s.id AS support_id, s.guild_id, s.advisor_id, s.beneficiary_id,
        c.kind, c.step, c.state, c.status, c.version, c.asked_version,
        pa.lang AS advisor_lang, pa.last_locale AS advisor_locale,
        pb.lang AS beneficiary_lang, pb.last_locale AS beneficiary_locale,
        g.lang AS guild_lang, g.preferred_locale AS guild_locale,
        pa.display_name AS advisor_name, pb.display_name AS beneficiary_name
    FROM conversations c JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
    LEFT JOIN people pa ON pa.id = s.advisor_id LEFT JOIN people pb ON pb.id = s.beneficiary_id
    LEFT JOIN guilds g ON g.id = s.guild_id";

impl Store {
    /// The support between two people in a guild, if there is one (read only).
    pub async fn find_support(
        &self,
        guild: u64,
        advisor: u64,
        beneficiary: u64,
    ) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM supports WHERE guild_id = $1 AND advisor_id = $2 AND beneficiary_id = $3",
        )
        .bind(id(guild))
        .bind(id(advisor))
        .bind(id(beneficiary))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(s,)| s))
    }

    /// The conversation a scheduled start (`origin`, a delivery's key) already began, if any.
    pub async fn conversation_of_origin(&self, origin: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM conversations WHERE origin = $1")
            .bind(origin)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(c,)| c))
    }

    /// The work session a support's check-ins belong to: its latest one.
    pub async fn latest_session_of(&self, support: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM work_sessions WHERE support_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(s,)| s))
    }

    /// Whether a support has a conversation in progress.
    pub async fn has_active_conversation(&self, support: i64) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT c.id FROM conversations c JOIN work_sessions w ON w.id = c.session_id
             WHERE w.support_id = $1 AND c.status = 'active' LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    pub async fn conversation(
        &self,
        conversation: i64,
    ) -> Result<Option<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
            .bind(conversation)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The conversation a beneficiary's free text goes to: their most recent active one.
    pub async fn active_conversation_for(
        &self,
        beneficiary: u64,
    ) -> Result<Option<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE s.beneficiary_id = $1 AND c.status = 'active' AND s.status != 'ended'
             ORDER BY c.updated_at DESC, c.id DESC LIMIT 1"
        ))
        .bind(id(beneficiary))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Active conversations in which `user` takes part (either side), most recent first.
    pub async fn active_conversations_of(
        &self,
        user: u64,
    ) -> Result<Vec<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE (s.beneficiary_id = $1 OR s.advisor_id = $1) AND c.status = 'active'
             ORDER BY c.updated_at DESC, c.id DESC"
        ))
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The closing conversation behind the active agreement of `beneficiary` in `guild`.
    pub async fn agreed_conversation(
        &self,
        beneficiary: u64,
        guild: u64,
    ) -> Result<Option<ConversationRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} JOIN agreements a ON a.conversation_id = c.id
             WHERE s.beneficiary_id = $1 AND s.guild_id = $2 AND a.status = 'active' ORDER BY a.id DESC LIMIT 1"
        ))
        .bind(id(beneficiary))
        .bind(id(guild))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The supports of a person (either side), most recent contact first: (support, guild,
    /// advisor, beneficiary).
    pub async fn supports_of(&self, user: u64) -> Result<Vec<(i64, i64, i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, guild_id, advisor_id, beneficiary_id FROM supports
             WHERE (advisor_id = $1 OR beneficiary_id = $1) AND status != 'ended' ORDER BY last_contact_at DESC",
        )
        .bind(id(user))
        .fetch_all(&self.pool)
        .await?)
    }
}
