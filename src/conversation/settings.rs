//! What adapters read and change about people and servers, through the service (adapters
//! never reach the store): a person's language, a server's settings and roles, where a
//! person's fallback thread is, where a prompt went. Access rules stay in `domain::access`;
//! a server's settings change through [`Desk::setup`], which checks them.

use super::{Desk, DeskError};
use crate::store::ConversationRow;

impl Desk {
    /// Saves a person's language.
    pub async fn set_language(&self, user: u64, lang: crate::i18n::Lang) -> Result<(), DeskError> {
        let now = self.clock.now();
        Ok(self.store.set_person_lang(user, lang.code(), now).await?)
    }

    /// The role whose members are advisors in a server.
    pub(super) async fn advisor_role_of(&self, guild: u64) -> Result<Option<u64>, DeskError> {
        Ok(self
            .store
            .guild(guild)
            .await?
            .and_then(|g| g.advisor_role_id)
            .map(|r| r as u64))
    }

    /// The private thread standing in for a person's closed DMs, if any.
    pub async fn fallback_thread_of(&self, user: u64) -> Result<Option<u64>, DeskError> {
        Ok(self.store.fallback_thread(user).await?)
    }

    /// Remembers (or forgets) a person's fallback thread.
    pub async fn remember_fallback_thread(
        &self,
        user: u64,
        thread: Option<u64>,
    ) -> Result<(), DeskError> {
        Ok(self.store.set_fallback_thread(user, thread).await?)
    }

    /// A server's fallback channel.
    pub async fn fallback_channel_of(&self, guild: u64) -> Result<Option<u64>, DeskError> {
        Ok(self
            .store
            .guild(guild)
            .await?
            .and_then(|g| g.fallback_channel_id)
            .map(|c| c as u64))
    }

    /// Where the latest prompt of a conversation to a person stands (`None`: there is none).
    pub async fn latest_prompt(
        &self,
        conversation: i64,
        to: u64,
    ) -> Result<Option<crate::outbox::PromptFate>, DeskError> {
        let row = self.store.latest_prompt_status(conversation, to).await?;
        Ok(row.map(|(status, route)| crate::outbox::PromptFate::of(status, route.as_deref())))
    }

    /// The conversations in progress a person takes part in.
    pub async fn conversations_of(&self, user: u64) -> Result<Vec<ConversationRow>, DeskError> {
        Ok(self.store.active_conversations_of(user).await?)
    }

    /// Closes the database (shutdown).
    pub async fn close(&self) {
        self.store.close().await;
    }
}
