//! What a person types in a private conversation: taken as the answer to the question they
//! have in front of them, or refused, and then told why through the outbox, like every other
//! message (nothing is sent from the adapter, so a restart loses nothing).

use super::{notice, Desk, DeskError, Outgoing, Sent, Who};
use crate::domain::talk::Input;

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

    /// A private message from a person: taken as their answer ([`Desk::text_from`]). When it
    /// cannot be, what they are told is planned in the outbox like any other message (keyed
    /// by the platform's message id, so a replayed event plans it once, and a restart does not
    /// lose it). Returns why it was refused, for the log.
    pub async fn direct_message(
        &self,
        who: &Who,
        message: u64,
        text: &str,
    ) -> Result<(), DeskError> {
        let e = match self.text_from(who, text).await {
            Ok(_) => return Ok(()),
            // The question sent again says why.
            Err(e @ DeskError::Moved) => return Err(e),
            Err(e) => e,
        };
        let now = self.clock.now();
        let mut refusal = notice(
            format!("refusal:{message}:{}", who.id),
            who.id,
            None,
            e.msg(),
            now,
        );
        if matches!(e, DeskError::Undelivered) {
            // Read before the question it announces, sent again at `now`.
            refusal.due = now - chrono::Duration::milliseconds(1);
        }
        match self.store.plan(&[refusal], now).await {
            Ok(()) => self.ring(),
            Err(s) => tracing::error!(error = %s, "could not plan the refusal of a message"),
        }
        Err(e)
    }
}
