//! What a person types in a private conversation: taken as the answer to the question they
//! have in front of them.

use super::{Desk, DeskError, Outgoing, Sent, Who};
use crate::domain::closing::Input;

impl Desk {
    /// Free text from a person in a private conversation: goes to their active conversation.
    pub async fn text_from(&self, who: &Who, text: &str) -> Result<Vec<Outgoing>, DeskError> {
        let row = self
            .store
            .active_conversation_for(who.id)
            .await?
            .ok_or(DeskError::NoConversation)?;
        let undelivered = self.store.undelivered_prompts(row.id, who.id).await?;
        if !undelivered.is_empty() {
            self.store
                .replan_failed(&undelivered, self.clock.now())
                .await?;
            self.ring();
            return Err(DeskError::Undelivered);
        }
        // What the person has in front of them: the latest question that reached them.
        let sent = match self.store.seen_version(row.id, who.id).await? {
            Some(v) => Sent::AsOf(v),
            None => Sent::Now,
        };
        self.answer(row.id, who, Input::Text(text.to_owned()), sent)
            .await
    }
}
