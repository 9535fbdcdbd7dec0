//! Opening a work session: the beneficiary states their expectations, in their own words, so
//! that the closing can review the session against them ("reprendre les attentes exprimées").
//!
//! A one-question conversation with the same rules as the closing: only the beneficiary
//! answers, the own-words check applies, it can be paused and shown again.

use serde::{Deserialize, Serialize};

use super::answer::{Answer, OwnWordsPolicy};
use super::closing::{ClosingError, Input, PromptTexts};
use super::prompt::{Controls, Expect, Msg, Prompt, Role};

/// The Fluent id of the expectations question.
pub const QUESTION: &str = "opening-expectations";

/// The state of an opening conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opening {
    pub advisor: u64,
    pub beneficiary: u64,
    pub expectations: Option<Answer>,
    pub paused: bool,
}

impl Opening {
    pub fn new(advisor: u64, beneficiary: u64) -> Self {
        Opening {
            advisor,
            beneficiary,
            expectations: None,
            paused: false,
        }
    }

    pub fn is_done(&self) -> bool {
        self.expectations.is_some()
    }

    /// The question, or the thanks once answered.
    pub fn current(&self) -> Prompt {
        if self.is_done() {
            return Prompt::info(Role::Beneficiary, Msg::new("opening-thanks"));
        }
        Prompt {
            to: Role::Beneficiary,
            body: vec![Msg::new(QUESTION)],
            expect: Expect::Text,
            controls: Controls {
                back: false,
                skip: false,
                pause: true,
            },
            token: None,
            asked: None,
        }
    }

    /// Applies the beneficiary's input; returns the prompts to send.
    pub fn apply(
        &mut self,
        actor: u64,
        input: Input,
        policy: &OwnWordsPolicy,
        texts: &dyn PromptTexts,
    ) -> Result<Vec<Prompt>, ClosingError> {
        if actor == self.advisor && actor != self.beneficiary {
            return Err(ClosingError::AdvisorCannotAnswer);
        }
        if actor != self.beneficiary {
            return Err(ClosingError::NotParticipant);
        }
        if self.is_done() {
            return Err(ClosingError::Finished);
        }
        match input {
            Input::Pause => {
                self.paused = true;
                Ok(vec![Prompt::info(
                    Role::Beneficiary,
                    Msg::new("closing-paused"),
                )])
            }
            Input::Text(t) if !self.paused => {
                let refs = texts.texts(QUESTION);
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                match Answer::parse(&t, policy, &refs) {
                    Ok(a) => {
                        self.expectations = Some(a);
                        Ok(vec![
                            self.current(),
                            Prompt::info(Role::Advisor, Msg::new("opening-advisor-told")),
                        ])
                    }
                    Err(e) => {
                        let mut p = self.current();
                        let refusal = super::closing::answer_refused(
                            e,
                            policy,
                            "answer-example-expectations",
                        );
                        p.body.insert(0, refusal);
                        Ok(vec![p])
                    }
                }
            }
            _ => {
                let resumed = std::mem::replace(&mut self.paused, false);
                let mut p = self.current();
                if resumed {
                    p.body.insert(0, Msg::new("closing-resumed"));
                }
                Ok(vec![p])
            }
        }
    }
}
