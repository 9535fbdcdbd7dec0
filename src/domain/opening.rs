//! Opening a work session: the beneficiary states their expectations, in their own words, so
//! that the closing can review the session against them ("reprendre les attentes exprimées").
//!
//! A one-question conversation with the same rules as the closing: only the beneficiary
//! answers, the own-words check applies, it can be paused and shown again.

use serde::{Deserialize, Serialize};

use super::answer::{Answer, OwnWordsPolicy};
use super::prompt::{Controls, Expect, Msg, Prompt, Role};
use super::talk::{
    answer_refused, Conversation, Ctx, Effect, Input, PromptTexts, QuestionKey, Refusal, Turn,
};

/// The Fluent id of the expectations question.
pub const QUESTION: &str = "opening-expectations";

/// The state of an opening conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opening {
    pub advisor: u64,
    pub beneficiary: u64,
    pub expectations: Option<Answer>,
    pub paused: bool,
    /// The number of the question now asked (see [`Conversation::apply`]); `None` in a state
    /// saved before openings numbered their question.
    #[serde(default)]
    pub question: Option<u32>,
}

impl Opening {
    pub fn new(advisor: u64, beneficiary: u64) -> Self {
        Opening {
            advisor,
            beneficiary,
            expectations: None,
            paused: false,
            question: Some(0),
        }
    }

    pub fn is_done(&self) -> bool {
        self.expectations.is_some()
    }

    /// The question, or the thanks once answered (unnumbered: see [`Conversation::current`]).
    fn question_prompt(&self) -> Prompt {
        if self.is_done() {
            return Prompt::info(Role::Beneficiary, Msg::new("opening-thanks"));
        }
        let controls = Controls {
            back: false,
            skip: false,
            pause: true,
        };
        Prompt::new(Role::Beneficiary, vec![Msg::new(QUESTION)], Expect::Text)
            .with_controls(controls)
    }

    /// Applies the beneficiary's input; returns the prompts to send.
    pub fn apply(
        &mut self,
        actor: u64,
        input: Input,
        policy: &OwnWordsPolicy,
        texts: &dyn PromptTexts,
    ) -> Result<Vec<Prompt>, Refusal> {
        Refusal::beneficiary_only(actor, (self.advisor, self.beneficiary), self.is_done())?;
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
                            self.question_prompt(),
                            Prompt::info(Role::Advisor, Msg::new("opening-advisor-told")),
                        ])
                    }
                    Err(e) => {
                        let mut p = self.question_prompt();
                        let refusal = answer_refused(e, policy, "answer-example-expectations");
                        p.body.insert(0, refusal);
                        Ok(vec![p])
                    }
                }
            }
            _ => {
                let resumed = std::mem::replace(&mut self.paused, false);
                let mut p = self.question_prompt();
                if resumed {
                    p.body.insert(0, Msg::new("closing-resumed"));
                }
                Ok(vec![p])
            }
        }
    }
}

impl Conversation for Opening {
    fn kind(&self) -> &'static str {
        "opening"
    }

    fn finished_message(&self) -> &'static str {
        "opening-error-finished"
    }

    fn step_id(&self) -> String {
        "expectations".to_owned()
    }

    fn is_done(&self) -> bool {
        Opening::is_done(self)
    }

    fn asking(&self) -> Prompt {
        self.question_prompt()
    }

    /// One question, then the thanks.
    fn question_key(&self) -> QuestionKey {
        QuestionKey::of(&self.is_done())
    }

    fn respond(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, Refusal> {
        let prompts = Opening::apply(self, actor, input, ctx.policy, ctx.texts)?;
        let mut turn = Turn::with(prompts);
        if let Some(e) = &self.expectations {
            let text = e.as_str().to_owned();
            turn.recorded = Some(("expectations".to_owned(), text.clone()));
            turn.effects.push(Effect::Expectations(text));
        }
        Ok(turn)
    }

    fn question_number(&self) -> Option<u32> {
        self.question
    }

    fn set_question_number(&mut self, n: u32) {
        self.question = Some(n);
    }
}
