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
//! prompts. See `recap.rs` for the recap and the per-step questions.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::agreement::{
    Agreement, Choice, Continue, FirstExchange, Frequency, Match, Means, RecapAction, Relay,
};
use super::answer::{parse_tasks, Answer, AnswerError, OwnWordsPolicy};
use super::cadence::Cadence;
use super::prompt::{Msg, Prompt, Role};
use super::when;

pub use super::recap::{question_id, Step};

/// The rendered texts of a question in every language, for the own-words check. Implemented by
/// `i18n`; the domain only knows message ids.
pub trait PromptTexts {
    fn texts(&self, message_id: &str) -> Vec<String>;
}

/// What the engine needs besides the state and the input.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub policy: &'a OwnWordsPolicy,
    pub texts: &'a dyn PromptTexts,
}

/// Something a participant does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Free text typed by the beneficiary.
    Text(String),
    /// One option picked (its stable id).
    Choice(String),
    /// Several options picked.
    Choices(Vec<String>),
    Back,
    Skip,
    Pause,
    Resume,
    /// Show the current prompt again (after a restart, or on request).
    Show,
    /// The advisor's own commitments.
    AdvisorCommitments(String),
    AdvisorConfirm,
    /// The advisor proposes a change instead of confirming; the beneficiary decides.
    AdvisorPropose(String),
}

/// Refusals addressed to the person who acted, not to the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClosingError {
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

impl ClosingError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ClosingError::NotParticipant => "closing-error-not-participant",
            ClosingError::AdvisorCannotAnswer => "closing-error-advisor-cannot-answer",
            ClosingError::AdvisorOnly => "closing-error-advisor-only",
            ClosingError::NotReadyForAdvisor => "closing-error-not-ready",
            ClosingError::Finished => "closing-error-finished",
        }
    }
}

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
    pub commitments: Option<Answer>,
    pub synthesis: Option<Answer>,
    pub advisor_commitments: Option<Answer>,
    pub advisor_proposal: Option<Answer>,
}

/// The state of one closing conversation, saved after every input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closing {
    pub advisor: u64,
    pub beneficiary: u64,
    /// The expectations the beneficiary stated when the session opened, recalled in the review.
    pub expectations: Option<String>,
    pub synthesis_requested: bool,
    /// The "what an advisor can be called on for" text, as configured when the closing began.
    pub called_on_for: String,
    /// The beneficiary's time zone: typed dates are read in it.
    pub tz: Tz,
    pub step: Step,
    history: Vec<Step>,
    editing: bool,
    pub paused: bool,
    pub answers: Answers,
    pub beneficiary_confirmed_at: Option<DateTime<Utc>>,
    pub advisor_confirmed_at: Option<DateTime<Utc>>,
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
        called_on_for: String,
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
        }
    }

    /// Whether both sides have confirmed.
    pub fn is_agreed(&self) -> bool {
        self.step == Step::Agreed
    }

    /// The prompt the beneficiary is at (or the advisor's, while it waits for them).
    pub fn current(&self) -> Prompt {
        if self.step == Step::AwaitingAdvisor {
            return super::recap::advisor_review(self);
        }
        super::recap::question(self, self.step)
    }

    /// Applies one input from `actor`. Refusals come back as `Err`; an answer that fails the
    /// own-words or date check is not an error: it yields a kind re-ask and changes nothing.
    pub fn apply(
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
                Ok(Outcome::with(vec![super::recap::advisor_review(self)]))
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

    fn beneficiary_input(&mut self, input: Input, ctx: &Ctx<'_>) -> Outcome {
        if self.step == Step::AwaitingAdvisor {
            return Outcome::with(vec![Prompt::info(
                Role::Beneficiary,
                Msg::new("closing-waiting-advisor"),
            )]);
        }
        match input {
            Input::Pause => {
                self.paused = true;
                return Outcome::with(vec![Prompt::info(
                    Role::Beneficiary,
                    Msg::new("closing-paused"),
                )]);
            }
            Input::Resume | Input::Show => {
                let was_paused = std::mem::replace(&mut self.paused, false);
                return self.ask_with(was_paused.then(|| Msg::new("closing-resumed")));
            }
            _ if self.paused => {
                // Any answer while paused resumes first: nothing typed before seeing the
                // question again is taken as an answer.
                self.paused = false;
                return self.ask_with(Some(Msg::new("closing-resumed")));
            }
            Input::Back => return self.back(),
            Input::Skip => {
                if !self.step.optional() {
                    return self.ask_with(Some(Msg::new("closing-cannot-skip")));
                }
                self.clear_optional();
                return self.advance(Some((self.step, String::new())));
            }
            _ => {}
        }
        match self.answer(input, ctx) {
            Ok(recorded) => self.advance(recorded),
            Err(notice) => self.ask_with(Some(notice)),
        }
    }

    /// Stores the answer for the current step, or says kindly what to change.
    fn answer(&mut self, input: Input, ctx: &Ctx<'_>) -> Result<Option<(Step, String)>, Msg> {
        let step = self.step;
        let a = &mut self.answers;
        match (step, input) {
            (Step::ReviewMatch, Input::Choice(id)) => {
                choice::<Match>(&id).map(|c| a.review_match = Some(c))?
            }
            (Step::ReviewContinue, Input::Choice(id)) => {
                choice::<Continue>(&id).map(|c| a.wants_continue = Some(c))?
            }
            (Step::Relay, Input::Choice(id)) => {
                let r = choice::<Relay>(&id)?;
                a.relay = Some(r);
                a.relay_at = Some(ctx.now);
            }
            (Step::Frequency, Input::Choice(id)) => {
                let f = choice::<Frequency>(&id)?;
                a.frequency = Some(f);
                if let Some(c) = f.cadence() {
                    a.cadence = Some(c);
                }
            }
            (Step::CalledOnFor, Input::Choice(id)) if id == "next" => {}
            (Step::ExchangeMeans, Input::Choices(ids)) => {
                let mut picked = Vec::new();
                for id in &ids {
                    let m = choice::<Means>(id)?;
                    if !picked.contains(&m) {
                        picked.push(m);
                    }
                }
                if picked.is_empty() {
                    return Err(Msg::new("closing-choose-at-least-one"));
                }
                a.exchange_means = picked;
            }
            (Step::ExchangeMeans, Input::Choice(id)) => {
                a.exchange_means = vec![choice::<Means>(&id)?]
            }
            (Step::Recap, Input::Choice(id)) => match RecapAction::from_id(&id) {
                Some(RecapAction::Confirm) => return self.confirm_recap(ctx).map(|()| None),
                Some(RecapAction::Edit) => {
                    self.step = Step::EditWhich;
                    return Ok(None);
                }
                None => return Err(Msg::new("closing-choose-an-option")),
            },
            (Step::EditWhich, Input::Choice(id)) => {
                match Step::from_id(&id).filter(|s| s.editable()) {
                    Some(target) => {
                        self.editing = true;
                        self.step = target;
                        return Ok(None);
                    }
                    None => return Err(Msg::new("closing-choose-an-option")),
                }
            }
            (Step::CustomFrequency, Input::Text(t)) => {
                a.cadence = Some(when::parse_cadence(&t).map_err(|e| Msg::new(e.message_id()))?);
            }
            (Step::FirstExchange, Input::Text(t)) => {
                let m = when::parse_moment(&t, ctx.now, self.tz)
                    .map_err(|e| Msg::new(e.message_id()))?;
                a.first_exchange = Some(FirstExchange {
                    local: m.local,
                    tz: m.tz,
                    utc: m.utc,
                });
            }
            (Step::Tasks, Input::Text(t)) => {
                let refs = self.references(step, ctx);
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                let tasks =
                    parse_tasks(&t, ctx.policy, &refs).map_err(|e| answer_error(e, ctx.policy))?;
                let text = tasks
                    .iter()
                    .map(Answer::as_str)
                    .collect::<Vec<_>>()
                    .join("\n");
                self.answers.tasks = tasks;
                return Ok(Some((step, text)));
            }
            (s, Input::Text(t)) if s.free_text() => {
                let refs = self.references(step, ctx);
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                let answer = Answer::parse(&t, ctx.policy, &refs)
                    .map_err(|e| answer_error(e, ctx.policy))?;
                let text = answer.as_str().to_owned();
                let slot = match s {
                    Step::ReviewQuestions => &mut self.answers.questions,
                    Step::NextStep => &mut self.answers.next_step,
                    Step::Means => &mut self.answers.means,
                    Step::FutureNeeds => &mut self.answers.future_needs,
                    Step::Commitments => &mut self.answers.commitments,
                    _ => &mut self.answers.synthesis,
                };
                *slot = Some(answer);
                return Ok(Some((step, text)));
            }
            (_, Input::Text(_)) => return Err(Msg::new("closing-choose-an-option")),
            _ => return Err(Msg::new("closing-type-an-answer")),
        };
        Ok(Some((step, self.stored_choice(step))))
    }

    /// The stored form of a choice step's answer, for the answers log.
    fn stored_choice(&self, step: Step) -> String {
        let a = &self.answers;
        match step {
            Step::ReviewMatch => a
                .review_match
                .map(Choice::id)
                .unwrap_or_default()
                .to_owned(),
            Step::ReviewContinue => a
                .wants_continue
                .map(Choice::id)
                .unwrap_or_default()
                .to_owned(),
            Step::Relay => a.relay.map(Choice::id).unwrap_or_default().to_owned(),
            Step::Frequency | Step::CustomFrequency => {
                serde_json::to_string(&a.cadence).unwrap_or_default()
            }
            Step::FirstExchange => a
                .first_exchange
                .as_ref()
                .map(|f| f.utc.to_rfc3339())
                .unwrap_or_default(),
            Step::ExchangeMeans => a
                .exchange_means
                .iter()
                .map(|m| m.id())
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        }
    }

    /// What an answer must not copy: the question in every language and the advisor's words.
    fn references(&self, step: Step, ctx: &Ctx<'_>) -> Vec<String> {
        let mut refs = ctx.texts.texts(question_id(step));
        refs.push(self.called_on_for.clone());
        for a in [
            &self.answers.advisor_commitments,
            &self.answers.advisor_proposal,
        ]
        .into_iter()
        .flatten()
        {
            refs.push(a.as_str().to_owned());
        }
        refs
    }

    fn clear_optional(&mut self) {
        match self.step {
            Step::ReviewQuestions => self.answers.questions = None,
            Step::FutureNeeds => self.answers.future_needs = None,
            _ => {}
        }
    }

    fn confirm_recap(&mut self, ctx: &Ctx<'_>) -> Result<(), Msg> {
        let first_ok = self
            .answers
            .first_exchange
            .as_ref()
            .is_some_and(|f| f.utc > ctx.now);
        if !first_ok {
            self.editing = true;
            self.step = Step::FirstExchange;
            return Err(Msg::new("when-error-in-past"));
        }
        self.beneficiary_confirmed_at = Some(ctx.now);
        self.answers.advisor_proposal = None;
        self.step = Step::AwaitingAdvisor;
        Ok(())
    }

    /// Moves past the current step after an answer.
    fn advance(&mut self, recorded: Option<(Step, String)>) -> Outcome {
        let answered = recorded.as_ref().map(|(s, _)| *s);
        if let Some(step) = answered {
            let custom_pending =
                step == Step::Frequency && self.answers.frequency == Some(Frequency::Custom);
            let was_editing = self.editing;
            let next = if custom_pending {
                Step::CustomFrequency
            } else if was_editing {
                self.editing = false;
                Step::Recap
            } else {
                self.next_after(step)
            };
            if !was_editing {
                self.history.push(step);
            }
            self.step = next;
        }
        let mut outcome = Outcome {
            recorded,
            ..Default::default()
        };
        if self.step == Step::AwaitingAdvisor {
            outcome.prompts.push(Prompt::info(
                Role::Beneficiary,
                Msg::new("closing-sent-to-advisor"),
            ));
            outcome.prompts.push(super::recap::advisor_review(self));
        } else {
            outcome.prompts.push(self.current());
            if answered == Some(Step::Synthesis) {
                let text = self
                    .answers
                    .synthesis
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default();
                outcome.prompts.push(Prompt::info(
                    Role::Advisor,
                    Msg::new("closing-synthesis-alert").text("text", text),
                ));
            }
        }
        outcome
    }

    fn next_after(&self, step: Step) -> Step {
        let order = Step::ORDER;
        let mut i = order
            .iter()
            .position(|s| *s == step)
            .map_or(order.len(), |i| i + 1);
        while let Some(&s) = order.get(i) {
            let skip = (s == Step::CustomFrequency
                && self.answers.frequency != Some(Frequency::Custom))
                || (s == Step::Synthesis && !self.synthesis_requested);
            if !skip {
                return s;
            }
            i += 1;
        }
        Step::Recap
    }

    fn back(&mut self) -> Outcome {
        if self.editing || self.step == Step::EditWhich {
            self.editing = false;
            self.step = Step::Recap;
            return self.ask_with(None);
        }
        match self.history.pop() {
            Some(prev) => {
                self.step = prev;
                self.ask_with(None)
            }
            None => self.ask_with(Some(Msg::new("closing-nothing-before"))),
        }
    }

    fn ask_with(&self, notice: Option<Msg>) -> Outcome {
        let mut prompt = self.current();
        if let Some(n) = notice {
            prompt.body.insert(0, n);
        }
        Outcome::with(vec![prompt])
    }

    fn advisor_commitments(&mut self, text: &str, ctx: &Ctx<'_>) -> Outcome {
        let advisor_policy = OwnWordsPolicy {
            fillers: Vec::new(),
            ..ctx.policy.clone()
        };
        match Answer::parse(text, &advisor_policy, &[]) {
            Ok(a) => {
                let stored = a.as_str().to_owned();
                self.answers.advisor_commitments = Some(a);
                let mut prompts = vec![Prompt::info(
                    Role::Advisor,
                    Msg::new("closing-advisor-commitments-saved"),
                )];
                if self.step == Step::AwaitingAdvisor {
                    prompts.push(super::recap::advisor_review(self));
                }
                Outcome {
                    prompts,
                    recorded: Some((Step::AdvisorCommitments, stored)),
                    agreement: None,
                }
            }
            Err(e) => Outcome::with(vec![Prompt::info(
                Role::Advisor,
                answer_error(e, ctx.policy),
            )]),
        }
    }

    fn advisor_confirm(&mut self, ctx: &Ctx<'_>) -> Result<Outcome, ClosingError> {
        if self.step != Step::AwaitingAdvisor {
            return Err(ClosingError::NotReadyForAdvisor);
        }
        let a = &self.answers;
        let (Some(cadence), Some(first), Some(relay), Some(commitments), Some(b_at)) = (
            a.cadence,
            a.first_exchange.clone(),
            a.relay,
            a.commitments.clone(),
            self.beneficiary_confirmed_at,
        ) else {
            return Err(ClosingError::NotReadyForAdvisor);
        };
        let Some(advisor_commitments) = a.advisor_commitments.clone() else {
            let mut p = super::recap::advisor_review(self);
            p.body
                .insert(0, Msg::new("closing-advisor-commitments-needed"));
            return Ok(Outcome::with(vec![p]));
        };
        self.advisor_confirmed_at = Some(ctx.now);
        self.step = Step::Agreed;
        let agreement = Agreement {
            cadence,
            first,
            means: a.exchange_means.clone(),
            tasks: a.tasks.clone(),
            beneficiary_commitments: commitments,
            advisor_commitments,
            relay,
            relay_at: a.relay_at.unwrap_or(ctx.now),
            beneficiary_confirmed_at: b_at,
            advisor_confirmed_at: ctx.now,
        };
        let prompts = [Role::Beneficiary, Role::Advisor]
            .into_iter()
            .map(|to| super::recap::agreed(self, to))
            .collect();
        Ok(Outcome {
            prompts,
            recorded: None,
            agreement: Some(agreement),
        })
    }

    fn advisor_propose(&mut self, text: &str, ctx: &Ctx<'_>) -> Result<Outcome, ClosingError> {
        if self.step != Step::AwaitingAdvisor {
            return Err(ClosingError::NotReadyForAdvisor);
        }
        let advisor_policy = OwnWordsPolicy {
            fillers: Vec::new(),
            ..ctx.policy.clone()
        };
        let proposal = match Answer::parse(text, &advisor_policy, &[]) {
            Ok(p) => p,
            Err(e) => {
                return Ok(Outcome::with(vec![Prompt::info(
                    Role::Advisor,
                    answer_error(e, ctx.policy),
                )]))
            }
        };
        let stored = proposal.as_str().to_owned();
        self.answers.advisor_proposal = Some(proposal);
        self.beneficiary_confirmed_at = None;
        self.step = Step::Recap;
        let mut to_beneficiary = self.current();
        to_beneficiary.body.insert(
            0,
            Msg::new("closing-advisor-proposed").text("proposal", stored.clone()),
        );
        Ok(Outcome {
            prompts: vec![
                Prompt::info(Role::Advisor, Msg::new("closing-proposal-sent")),
                to_beneficiary,
            ],
            recorded: Some((Step::AdvisorProposal, stored)),
            agreement: None,
        })
    }
}

fn choice<C: Choice>(id: &str) -> Result<C, Msg> {
    C::from_id(id).ok_or_else(|| Msg::new("closing-choose-an-option"))
}

/// The kind re-ask for an answer the own-words check refused.
pub(crate) fn answer_error(e: AnswerError, policy: &OwnWordsPolicy) -> Msg {
    let msg = Msg::new(e.message_id());
    match e {
        AnswerError::TooLong { len, max } => msg
            .arg("length", super::prompt::Arg::Num(len as i64))
            .arg("max", super::prompt::Arg::Num(max as i64)),
        _ => msg
            .arg("length", super::prompt::Arg::Num(0))
            .arg("max", super::prompt::Arg::Num(policy.max_chars as i64)),
    }
}
