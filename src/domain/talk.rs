//! The one shape of every conversation suivi holds (the opening, the closing, the check-in):
//! a state saved after every input, an input from one person, a [`Turn`] back — the prompts
//! to send, the answer to log, and what the input changes beyond the conversation
//! ([`Effect`]). Every question asked is numbered ([`Conversation::apply`]): the buttons,
//! selects and forms shown with it carry the number, and an input sent with an older one is
//! refused ([`Conversation::accepts`]) rather than taken for an answer to the question asked
//! now. What is asked is compared as a [`QuestionKey`] each kind gives without building the
//! question (building it twice per input was half of a recap step's cost); debug builds check
//! every key against the question built. Options are typed values: adapters render
//! `(id, label)` pairs and hand the id back to [`Pick::from_id`].
//!
//! This module and its vocabulary ([`Input`], [`Ctx`], [`Refusal`], [`Effect`],
//! [`TaskStatus`]) import no kind; the kinds import it.
//!
//! # A fifth kind
//!
//! A new kind of conversation (say, a mid-term review) is one new file in `domain/` and its
//! messages:
//!
//! 1. `domain/review.rs`: its state (`Serialize`/`Deserialize`, with a
//!    `#[serde(default)] question: Option<u32>`), and `impl Conversation for Review`:
//!    [`Conversation::kind`] (stored in `conversations.kind`), [`Conversation::step_id`],
//!    [`Conversation::is_done`], [`Conversation::finished_message`] (what an answer sent
//!    once it is over is told), [`Conversation::asking`] (the question now asked, a
//!    [`Prompt`] naming Fluent ids), [`Conversation::question_key`] (which question that is:
//!    its step, and what it shows that can change while at it), [`Conversation::respond`] (one input: the new state and a
//!    [`Turn`] with its prompts, the answer to log and its [`Effect`]s;
//!    [`Refusal::beneficiary_only`] when the beneficiary alone answers), and the two
//!    accessors of its question number. Numbering, stale-input refusal and typed options come
//!    with the trait; its options are [`crate::domain::prompt::Choice`] enums
//!    (`Opt::all::<…>()`), which every adapter renders and hands back as they are.
//! 2. Its messages: `locales/en-US/review.ftl` and `locales/fr/review.ftl`, added to the
//!    `FILES` list of `i18n`.
//! 3. Its storage: one variant of the service's saved `conversation::State` (the JSON of
//!    `conversations.state`, with a golden file under `tests/golden/state/`), begun by a
//!    service method like `Desk::begin_checkin`. The service applies inputs and saves turns
//!    through the trait alone, and the adapters need no new branch.

mod input;
mod key;
mod refusal;

use serde::{Deserialize, Serialize};

use super::agreement::Agreement;
use super::prompt::{Choice, Prompt};

pub use input::{Ctx, Input, Pick, PromptTexts, Write};
pub use key::QuestionKey;
pub use refusal::Refusal;
pub(crate) use refusal::{answer_error, answer_refused};

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Done,
    InProgress,
    NotStarted,
    Blocked,
}

impl Choice for TaskStatus {
    const GROUP: &'static str = "task";
    const ALL: &'static [Self] = &[
        TaskStatus::Done,
        TaskStatus::InProgress,
        TaskStatus::NotStarted,
        TaskStatus::Blocked,
    ];
    fn id(self) -> &'static str {
        match self {
            TaskStatus::Done => "done",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::NotStarted => "not_started",
            TaskStatus::Blocked => "blocked",
        }
    }
}

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

/// A conversation, whatever its kind. A kind implements its own questions and answers; the
/// numbering of its questions and the refusal of inputs sent with an older one are provided.
pub trait Conversation {
    /// Stored in `conversations.kind`.
    fn kind(&self) -> &'static str;
    /// Stored in `conversations.step`.
    fn step_id(&self) -> String;
    fn is_done(&self) -> bool;
    /// The Fluent id of what a person is told when they answer once the conversation is over
    /// ("this closing is over: the agreement is saved"): each kind says it in its own words.
    fn finished_message(&self) -> &'static str;
    /// The question now asked (or the last word, once done), without its number.
    fn asking(&self) -> Prompt;
    /// Which question is now asked, without building it: its step (and item), and whatever
    /// [`Conversation::asking`] shows that an input can change while the conversation stays
    /// at that step. Equal keys exactly when the questions asked are equal: numbering compares
    /// keys, and debug builds check each comparison against the questions built.
    fn question_key(&self) -> QuestionKey;
    /// Applies one input from `actor` to the kind's state; refusals addressed to that person
    /// come back as `Err`. Called by [`Conversation::apply`], which numbers the questions.
    fn respond(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, Refusal>;
    /// The number of the question now asked, saved with the state; `None` in a state saved
    /// before its kind numbered its questions (the service then gives it one).
    fn question_number(&self) -> Option<u32>;
    fn set_question_number(&mut self, n: u32);

    /// The prompt the person is at (sent again after a restart, or on request), numbered.
    fn current(&self) -> Prompt {
        let mut p = self.asking();
        p.token = self.question_number();
        p
    }

    /// Whether an input sent with the question numbered `token` (`None`: from a message sent
    /// before questions were numbered) applies to the conversation as it stands. An input not
    /// bound to a question ([`Input::bound`]) applies at any time.
    fn accepts(&self, input: &Input, token: Option<u32>) -> bool {
        !input.bound() || token.is_some_and(|t| Some(t) == self.question_number())
    }

    /// Applies one input ([`Conversation::respond`]) and numbers the question: a new number
    /// whenever what is asked changes, carried by every prompt of the turn.
    fn apply(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, Refusal> {
        let before = Asked::of(self);
        let mut turn = self.respond(actor, input, ctx)?;
        let n = self.renumber(before);
        for p in &mut turn.prompts {
            p.token = Some(n);
        }
        Ok(turn)
    }

    /// After an input: the question's number, new if what is asked is no longer `before`.
    fn renumber(&mut self, before: Asked) -> u32 {
        let n = self.question_number().unwrap_or(0);
        let n = if before.changed(self) {
            n.wrapping_add(1)
        } else {
            n
        };
        self.set_question_number(n);
        n
    }
}

/// The question asked before an input ([`Conversation::apply`]), to tell whether the input
/// changed it. Debug builds also keep the question built, and check that the keys and the
/// questions agree: a kind whose key misses something its question shows (or names something
/// it does not) fails its tests, not its users.
pub struct Asked {
    key: QuestionKey,
    #[cfg(debug_assertions)]
    prompt: Prompt,
}

impl Asked {
    /// What `c` asks now.
    pub fn of<C: Conversation + ?Sized>(c: &C) -> Asked {
        Asked {
            key: c.question_key(),
            #[cfg(debug_assertions)]
            prompt: c.asking(),
        }
    }

    /// Whether `c` now asks another question.
    fn changed<C: Conversation + ?Sized>(&self, c: &C) -> bool {
        let changed = c.question_key() != self.key;
        #[cfg(debug_assertions)]
        {
            let shown = c.asking() != self.prompt;
            debug_assert_eq!(
                changed,
                shown,
                "{}: the question key says {} but the question built {} (key {:?} -> {:?})",
                c.kind(),
                if changed { "changed" } else { "unchanged" },
                if shown { "changed" } else { "did not" },
                self.key,
                c.question_key(),
            );
        }
        changed
    }
}
