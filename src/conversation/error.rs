//! Why an input was not applied: each reason maps to a message for the person who acted.

use super::ChangeError;
use crate::domain::talk::Refusal;
use crate::store::StoreError;

/// Why an input was not applied. Each maps to a message for the person who acted.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("refused: {0}")]
    Refused(#[from] Refusal),
    #[error("no conversation is waiting for this person")]
    NoConversation,
    /// The question this message would answer never reached the person: it is sent again
    /// first, and the message is not taken as an answer.
    #[error("the current question had not been delivered")]
    Undelivered,
    /// A closing the beneficiary has begun answering is not finished: the advisor chooses to
    /// resume it or to start again ([`Desk::restart`]).
    #[error("a closing is in progress")]
    InProgress(i64),
    /// A click on a question already answered (or replaced): not applied; the question now
    /// asked was sent again.
    #[error("the question was already answered")]
    Stale,
    /// A typed answer to a question that changed before it arrived (it was answered from
    /// elsewhere, or moved on): not applied, never taken for an answer to the question now
    /// asked, which was sent again with a word saying why.
    #[error("the question changed before the answer arrived")]
    Moved,
    /// The conversation is over (answered to its end, or replaced or ended): nothing was
    /// applied. The id names the message that says so for its kind.
    #[error("the conversation is over")]
    Over(&'static str),
    /// Another process kept changing the conversation: the input was not applied.
    #[error("the conversation changed meanwhile")]
    Busy,
    #[error(transparent)]
    Change(#[from] ChangeError),
    /// Something typed that cannot be used; the id names the message that says what to do.
    #[error("invalid input: {0}")]
    Invalid(&'static str),
    /// Something typed that cannot be used, with the message (and its values) that says why.
    #[error("invalid input: {}", .0.id)]
    Rejected(crate::domain::prompt::Msg),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DeskError {
    pub fn message_id(&self) -> &'static str {
        match self {
            DeskError::Refused(e) => e.message_id(),
            DeskError::NoConversation => "desk-no-conversation",
            DeskError::Undelivered => "desk-prompt-resent",
            DeskError::Stale => "desk-question-answered",
            DeskError::Moved => "desk-answer-moved",
            DeskError::Over(id) => id,
            DeskError::InProgress(_) => "desk-closing-in-progress",
            DeskError::Busy => "desk-busy",
            DeskError::Change(e) => e.message_id(),
            DeskError::Invalid(id) => id,
            DeskError::Rejected(_) => "desk-invalid",
            DeskError::Store(e) if e.is_disk_full() => "desk-storage-full",
            DeskError::Store(_) => "desk-store-error",
        }
    }

    /// The message for the person who acted, with its values.
    pub fn msg(&self) -> crate::domain::prompt::Msg {
        match self {
            DeskError::Rejected(m) => m.clone(),
            other => crate::domain::prompt::Msg::new(other.message_id()),
        }
    }
}
