//! The one shape of every conversation suivi holds (the opening, the closing, the check-in):
//! a state saved after every input, an input from one person, a [`Turn`] back — the prompts
//! to send, the answer to log, and what the input changes beyond the conversation
//! ([`Effect`]). A new kind of conversation is one file implementing [`Conversation`] and its
//! messages; the service and the adapters need no new branch.

use super::agreement::Agreement;
use super::checkin::TaskStatus;
use super::closing::{ClosingError, Ctx, Input};
use super::prompt::Prompt;

/// What an input changes beyond the conversation's own state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The expectations stated when a work session opened.
    Expectations(String),
    /// Both sides confirmed the closing.
    Agreement(Box<Agreement>),
    /// Both sides confirmed the closing, and the beneficiary chose to stop: the support ends.
    EndSupport,
    /// A task's status changed (with what is in the way, when blocked).
    TaskStatus {
        task: i64,
        status: TaskStatus,
        blocker: Option<String>,
    },
    /// A task added by the beneficiary, in their own words.
    NewTask(String),
}

/// What one input produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Turn {
    pub prompts: Vec<Prompt>,
    /// The answers log's field and the text recorded.
    pub recorded: Option<(String, String)>,
    pub effects: Vec<Effect>,
}

impl Turn {
    pub fn with(prompts: Vec<Prompt>) -> Self {
        Turn {
            prompts,
            ..Default::default()
        }
    }
}

/// A conversation, whatever its kind.
pub trait Conversation {
    /// Stored in `conversations.kind`.
    fn kind(&self) -> &'static str;
    /// Stored in `conversations.step`.
    fn step_id(&self) -> String;
    fn is_done(&self) -> bool;
    /// The prompt the person is at (sent again after a restart, or on request).
    fn current(&self) -> Prompt;
    /// Applies one input from `actor`; refusals addressed to that person come back as `Err`.
    fn apply(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, ClosingError>;
}

impl Conversation for super::opening::Opening {
    fn kind(&self) -> &'static str {
        "opening"
    }

    fn step_id(&self) -> String {
        "expectations".to_owned()
    }

    fn is_done(&self) -> bool {
        super::opening::Opening::is_done(self)
    }

    fn current(&self) -> Prompt {
        super::opening::Opening::current(self)
    }

    fn apply(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, ClosingError> {
        let prompts = super::opening::Opening::apply(self, actor, input, ctx.policy, ctx.texts)?;
        let mut turn = Turn::with(prompts);
        if let Some(e) = &self.expectations {
            let text = e.as_str().to_owned();
            turn.recorded = Some(("expectations".to_owned(), text.clone()));
            turn.effects.push(Effect::Expectations(text));
        }
        Ok(turn)
    }
}

impl Conversation for super::closing::Closing {
    fn kind(&self) -> &'static str {
        "closing"
    }

    fn step_id(&self) -> String {
        self.step.id()
    }

    fn is_done(&self) -> bool {
        self.is_agreed()
    }

    fn current(&self) -> Prompt {
        super::closing::Closing::current(self)
    }

    fn apply(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, ClosingError> {
        let outcome = super::closing::Closing::apply(self, actor, input, ctx)?;
        let mut turn = Turn::with(outcome.prompts);
        turn.recorded = outcome.recorded.map(|(s, v)| (s.id(), v));
        if let Some(a) = outcome.agreement {
            turn.effects.push(Effect::Agreement(Box::new(a)));
        }
        if self.is_agreed() && self.stops() {
            turn.effects.push(Effect::EndSupport);
        }
        Ok(turn)
    }
}
