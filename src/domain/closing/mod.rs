//! The closing conversation as a state machine: `(state, input, now) -> (state, prompts)`.
//!
//! It implements the guide's "Clore un temps de travail" (SPEC §2): review the session against
//! the expectations, have the beneficiary state the next step, tasks and means in their own
//! words, show what the advisor can be called on for, ask the relay consent, set the next
//! exchanges together, restate each side's commitments, the optional synthesis, then the recap
//! confirmed by the beneficiary and by the advisor. The method's rules (SPEC §3) live here: only
//! the beneficiary answers their prompts; the advisor can add their own commitments, confirm or
//! propose a change, never write the beneficiary's words.
//!
//! No I/O: the caller loads the state, calls [`Closing::apply`], saves the state and renders the
//! prompts. See `recap/` for the steps, the per-step questions and the recap, `answers.rs` for how each
//! step's answer is read, `advisor.rs` for the advisor's side, `dates.rs` for the first
//! exchange read back in full and a first date off the rhythm.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::agreement::{Agreement, Continue, FirstExchange, Frequency, Match, Means, Relay};
use super::answer::Answer;
use super::cadence::Cadence;
use super::localized::Localized;
use super::prompt::{Msg, Prompt, Role};
use super::talk::{Asked, Conversation, Effect, QuestionKey, Turn};

pub mod recap;

pub use recap::{question_id, Step};

mod advisor;
mod answers;
mod dates;
mod flow;

pub use dates::{rhythm_start, DATE_CHANGE, DATE_KEEP, DATE_OK, DATE_TAKE};

pub(crate) use super::talk::{answer_error, answer_refused};
pub use super::talk::{Ctx, Input, PromptTexts, Refusal as ClosingError};

/// Every answer given so far. `None` is "not answered yet" or, for optional steps, "skipped".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub review_match: Option<Match>,
    pub questions: Option<Answer>,
    pub wants_continue: Option<Continue>,
    pub next_step: Option<Answer>,
    pub tasks: Vec<Answer>,
    pub means: Option<Answer>,
    pub future_needs: Option<Answer>,
    pub relay: Option<Relay>,
    pub relay_at: Option<DateTime<Utc>>,
    pub frequency: Option<Frequency>,
    pub cadence: Option<Cadence>,
    pub first_exchange: Option<FirstExchange>,
    pub exchange_means: Vec<Means>,
    /// The other means, in the beneficiary's words, when they picked "another means".
    #[serde(default)]
    pub other_means: Option<Answer>,
    pub commitments: Option<Answer>,
    pub synthesis: Option<Answer>,
    pub advisor_commitments: Option<Answer>,
    pub advisor_proposal: Option<Answer>,
    /// Where the rhythm starts when the beneficiary kept a first exchange off it (see
    /// `dates.rs`); `None` when the first exchange is on the rhythm.
    #[serde(default)]
    pub rhythm_from: Option<chrono::NaiveDateTime>,
    /// The weekday a typed weekly rhythm named ("tous les mardis"), to tell whether the first
    /// exchange is on it.
    #[serde(default)]
    pub rhythm_weekday: Option<chrono::Weekday>,
    /// Next year's date offered when the date typed had passed this year ("Le 3 décembre à
    /// 9 h est passé. Vouliez-vous dire le 3 décembre 2027 ?"): a "oui" takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed_suggestion: Option<chrono::NaiveDateTime>,
}

/// The state of one closing conversation, saved after every input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closing {
    pub advisor: u64,
    pub beneficiary: u64,
    /// The expectations the beneficiary stated when the session opened, recalled in the review.
    pub expectations: Option<String>,
    pub synthesis_requested: bool,
    /// The "what an advisor can be called on for" text, as configured when the closing began,
    /// in each language (a plain string in states saved before languages were told apart).
    pub called_on_for: Localized,
    /// The beneficiary's time zone: typed dates are read in it.
    pub tz: Tz,
    pub step: Step,
    history: Vec<Step>,
    editing: bool,
    pub paused: bool,
    pub answers: Answers,
    pub beneficiary_confirmed_at: Option<DateTime<Utc>>,
    pub advisor_confirmed_at: Option<DateTime<Utc>>,
    /// Whether the advisor was asked for their commitments (once the beneficiary reached
    /// theirs). Absent from states saved before the advisor was asked then: `false`.
    #[serde(default)]
    pub advisor_asked: bool,
    /// Whether the advisor was told that the beneficiary waits for their commitments at the
    /// recap (once).
    #[serde(default)]
    pub advisor_told_waiting: bool,
    /// The number of the question now asked (see [`Conversation::apply`]). States saved
    /// before questions were numbered start at 0: their buttons, which carry none, are refused.
    #[serde(default)]
    pub question: u32,
}

/// What an input produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub prompts: Vec<Prompt>,
    /// The answer field that changed, with its stored text, for the answers log.
    pub recorded: Option<(Step, String)>,
    /// Set once, when both sides have confirmed.
    pub agreement: Option<Agreement>,
}

impl Outcome {
    fn with(prompts: Vec<Prompt>) -> Self {
        Outcome {
            prompts,
            ..Default::default()
        }
    }
}

impl Closing {
    /// A new closing, at its first step.
    pub fn new(
        advisor: u64,
        beneficiary: u64,
        expectations: Option<String>,
        synthesis_requested: bool,
        called_on_for: Localized,
        tz: Tz,
    ) -> Self {
        Closing {
            advisor,
            beneficiary,
            expectations,
            synthesis_requested,
            called_on_for,
            tz,
            step: Step::ReviewMatch,
            history: Vec::new(),
            editing: false,
            paused: false,
            answers: Answers::default(),
            beneficiary_confirmed_at: None,
            advisor_confirmed_at: None,
            advisor_asked: false,
            advisor_told_waiting: false,
            question: 0,
        }
    }

    /// Whether the beneficiary chose not to continue the support: the closing then sets no
    /// next exchange, and the support ends once both sides confirmed the recap.
    pub fn stops(&self) -> bool {
        self.answers.wants_continue == Some(Continue::No)
    }

    /// Whether the beneficiary has answered anything yet (a closing not begun loses nothing
    /// when replaced).
    pub fn has_begun(&self) -> bool {
        self.step != Step::ReviewMatch
            || !self.history.is_empty()
            || self.answers != Answers::default()
    }

    /// Whether both sides have confirmed.
    pub fn is_agreed(&self) -> bool {
        self.step == Step::Agreed
    }

    /// The prompt the beneficiary is at (or the advisor's, while it waits for them), numbered.
    pub fn current(&self) -> Prompt {
        Conversation::current(self)
    }

    /// Applies one input from `actor`. Refusals come back as `Err`; an answer that fails the
    /// own-words or date check is not an error: it yields a kind re-ask and changes nothing.
    /// Every prompt of the outcome carries the number of the question now asked (see
    /// [`Conversation::apply`]).
    pub fn apply(
        &mut self,
        actor: u64,
        input: Input,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome, ClosingError> {
        let before = Asked::of(self);
        let mut outcome = self.apply_input(actor, input, ctx)?;
        let n = self.renumber(before);
        for p in &mut outcome.prompts {
            p.token = Some(n);
        }
        Ok(outcome)
    }

    fn apply_input(
        &mut self,
        actor: u64,
        input: Input,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome, ClosingError> {
        let role = if actor == self.beneficiary {
            Role::Beneficiary
        } else if actor == self.advisor {
            Role::Advisor
        } else {
            return Err(ClosingError::NotParticipant);
        };
        if self.step == Step::Agreed {
            return Err(ClosingError::Finished);
        }
        match (role, input) {
            (Role::Advisor, Input::AdvisorCommitments(text)) => {
                Ok(self.advisor_commitments(&text, ctx))
            }
            (Role::Advisor, Input::AdvisorConfirm) => self.advisor_confirm(ctx),
            (Role::Advisor, Input::AdvisorPropose(text)) => self.advisor_propose(&text, ctx),
            (Role::Advisor, Input::Show) if self.step == Step::AwaitingAdvisor => {
                Ok(Outcome::with(vec![recap::advisor_review(self)]))
            }
            (Role::Advisor, Input::Show)
                if self.advisor_asked && self.answers.advisor_commitments.is_none() =>
            {
                Ok(Outcome::with(vec![recap::advisor_invite(
                    self,
                    "closing-advisor-invite",
                )]))
            }
            (Role::Advisor, Input::Show) => Ok(Outcome::with(vec![Prompt::info(
                Role::Advisor,
                Msg::new("closing-advisor-waiting-beneficiary"),
            )])),
            (Role::Advisor, _) => Err(ClosingError::AdvisorCannotAnswer),
            (
                Role::Beneficiary,
                Input::AdvisorCommitments(_) | Input::AdvisorConfirm | Input::AdvisorPropose(_),
            ) => Err(ClosingError::AdvisorOnly),
            (Role::Beneficiary, input) => Ok(self.beneficiary_input(input, ctx)),
        }
    }
}

impl Conversation for Closing {
    fn kind(&self) -> &'static str {
        "closing"
    }

    fn finished_message(&self) -> &'static str {
        "closing-error-finished"
    }

    fn step_id(&self) -> String {
        self.step.id()
    }

    fn is_done(&self) -> bool {
        self.is_agreed()
    }

    fn asking(&self) -> Prompt {
        if self.step == Step::AwaitingAdvisor {
            recap::advisor_review(self)
        } else {
            recap::question(self, self.step)
        }
    }

    /// The step, and what its question shows that an input can change while the closing
    /// stays there: the date read back (typed anew at the read-back), and the advisor's
    /// commitments in the recap either side reads (entered at any time; a support that stops
    /// shows none). Everything else a question shows is fixed when the closing begins
    /// (expectations, what an advisor is called on for, the time zone) or changes only with
    /// the step (the beneficiary's answers: each moves the closing on).
    fn question_key(&self) -> QuestionKey {
        let a = &self.answers;
        let date = match self.step {
            Step::FirstExchangeCheck => a.first_exchange.as_ref().map(|f| (f.local, f.utc)),
            _ => None,
        };
        let commitments = match self.step {
            Step::Recap | Step::AwaitingAdvisor if !self.stops() => {
                a.advisor_commitments.as_ref().map(Answer::as_str)
            }
            _ => None,
        };
        QuestionKey::of(&(self.step, date, commitments))
    }

    fn respond(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, ClosingError> {
        let outcome = self.apply_input(actor, input, ctx)?;
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

    fn question_number(&self) -> Option<u32> {
        Some(self.question)
    }

    fn set_question_number(&mut self, n: u32) {
        self.question = n;
    }
}

#[cfg(test)]
mod tests;
