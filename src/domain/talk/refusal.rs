//! Refusals every kind of conversation shares: an input from someone who may not give it
//! ([`Refusal`], addressed to that person), and the kind re-ask for an answer the own-words
//! check did not take (not an error: the question comes again).

use crate::domain::answer::{AnswerError, OwnWordsPolicy};
use crate::domain::prompt::{Arg, Msg};

/// Refusals addressed to the person who acted, not to the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("this person takes no part in the conversation")]
    NotParticipant,
    #[error("the advisor cannot answer for the beneficiary")]
    AdvisorCannotAnswer,
    #[error("only the advisor can do this")]
    AdvisorOnly,
    #[error("the beneficiary has not confirmed the recap yet")]
    NotReadyForAdvisor,
    #[error("the conversation is over")]
    Finished,
}

impl Refusal {
    pub fn message_id(&self) -> &'static str {
        match self {
            Refusal::NotParticipant => "closing-error-not-participant",
            Refusal::AdvisorCannotAnswer => "closing-error-advisor-cannot-answer",
            Refusal::AdvisorOnly => "closing-error-advisor-only",
            Refusal::NotReadyForAdvisor => "closing-error-not-ready",
            Refusal::Finished => "closing-error-finished",
        }
    }

    /// The rule of the conversations the beneficiary alone answers (the opening, the
    /// check-in): the advisor cannot answer for them, nobody else takes part, and nothing is
    /// answered once the conversation is over.
    pub fn beneficiary_only(
        actor: u64,
        (advisor, beneficiary): (u64, u64),
        done: bool,
    ) -> Result<(), Refusal> {
        if actor == advisor && actor != beneficiary {
            return Err(Refusal::AdvisorCannotAnswer);
        }
        if actor != beneficiary {
            return Err(Refusal::NotParticipant);
        }
        if done {
            return Err(Refusal::Finished);
        }
        Ok(())
    }
}

/// The kind re-ask for an answer the own-words check refused.
pub(crate) fn answer_error(e: AnswerError, policy: &OwnWordsPolicy) -> Msg {
    let msg = Msg::new(e.message_id());
    match e {
        AnswerError::TooLong { len, max } => msg
            .arg("length", Arg::Num(len as i64))
            .arg("max", Arg::Num(max as i64)),
        _ => msg
            .arg("length", Arg::Num(0))
            .arg("max", Arg::Num(policy.max_chars as i64)),
    }
}

/// The kind re-ask for a refused answer, followed by an example of what the question asks
/// for (`answer-example-*`); a too long answer only needs shortening.
pub(crate) fn answer_refused(e: AnswerError, policy: &OwnWordsPolicy, example: &str) -> Msg {
    if matches!(e, AnswerError::TooLong { .. }) {
        return answer_error(e, policy);
    }
    Msg::new("answer-refused")
        .arg("why", Arg::Msg(Box::new(answer_error(e, policy))))
        .arg("example", Arg::Msg(Box::new(Msg::new(example))))
}
