//! The beneficiary's path through the closing: answering, going back, skipping, pausing,
//! editing from the recap and confirming it. The advisor is asked for their commitments when
//! the beneficiary reaches that step, so the recap the beneficiary confirms holds both sides'.

use super::recap::Step;
use super::{Closing, Ctx, Input, Outcome};
use crate::domain::agreement::{Frequency, Means};
use crate::domain::prompt::{Msg, Prompt, Role};

impl Closing {
    pub(super) fn beneficiary_input(&mut self, input: Input, ctx: &Ctx<'_>) -> Outcome {
        let mut outcome = self.beneficiary_step(input, ctx);
        self.ask_advisor_commitments(&mut outcome);
        outcome
    }

    /// Once the beneficiary reaches the commitments (or any later step, in a closing saved
    /// before this rule), the advisor is asked for theirs, once: the recap the beneficiary
    /// confirms then holds both sides' commitments. If the beneficiary then reaches the recap
    /// before the advisor answered, the advisor is told, once, that they are waiting.
    fn ask_advisor_commitments(&mut self, outcome: &mut Outcome) {
        // A support that stops has no commitments "until the next exchange", on either side.
        if self.answers.advisor_commitments.is_some() || self.stops() {
            return;
        }
        let reached = matches!(
            self.step,
            Step::Commitments | Step::Synthesis | Step::Recap | Step::EditWhich
        );
        let waiting = self.step == Step::Recap;
        let id = if reached && !self.advisor_asked {
            "closing-advisor-invite"
        } else if waiting && !self.advisor_told_waiting {
            "closing-advisor-awaited"
        } else {
            return;
        };
        self.advisor_asked = true;
        self.advisor_told_waiting |= waiting;
        outcome.prompts.push(super::recap::advisor_invite(self, id));
    }

    fn beneficiary_step(&mut self, input: Input, ctx: &Ctx<'_>) -> Outcome {
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
        if let (Step::NextStep, Input::Text(t)) = (self.step, &input) {
            if crate::domain::answer::says_dont_know(t) {
                // Not knowing yet is not refused: the question comes again with help, and the
                // answers log keeps it for the advisor's digest.
                let mut outcome = self.ask_with(Some(Msg::new("answer-help-next-step")));
                outcome.recorded = Some((Step::NextStepUnsure, t.trim().to_owned()));
                return outcome;
            }
        }
        match self.answer(input, ctx) {
            Ok(recorded) => self.advance(recorded),
            Err(notice) => self.ask_with(Some(notice)),
        }
    }

    fn clear_optional(&mut self) {
        match self.step {
            Step::ReviewQuestions => self.answers.questions = None,
            Step::FutureNeeds => self.answers.future_needs = None,
            _ => {}
        }
    }

    pub(super) fn confirm_recap(&mut self, ctx: &Ctx<'_>) -> Result<(), Msg> {
        if !self.stops() && self.answers.cadence.is_none() {
            // "Continue" was changed from the recap: the next exchanges are still to set.
            self.step = Step::Frequency;
            return Err(Msg::new("closing-exchanges-needed"));
        }
        if self.answers.advisor_commitments.is_none() && !self.stops() {
            // The recap to confirm holds both sides' commitments: the advisor's are awaited.
            return Err(Msg::new("closing-confirm-needs-advisor"));
        }
        let first_ok = self.stops()
            || self
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
            // A choice that needs words of its own: asked next, even when editing.
            // "Continue" turned to yes from the recap: the steps about what comes next are
            // asked in order, not skipped.
            let resumed =
                step == Step::ReviewContinue && !self.stops() && self.answers.next_step.is_none();
            let custom_pending = resumed
                || (step == Step::Frequency && self.answers.frequency == Some(Frequency::Custom))
                || (step == Step::ExchangeMeans
                    && self.answers.exchange_means.contains(&Means::Other))
                // A date typed is read back before anything else, even when editing.
                || step == Step::FirstExchange;
            // A rhythm changed from the recap that the first exchange agreed is not on: the
            // person chooses at the read-back, never moved in silence.
            let rhythm_changed = matches!(step, Step::Frequency | Step::CustomFrequency)
                && self.answers.first_exchange.is_some();
            let was_editing = self.editing;
            if resumed {
                self.editing = false;
            }
            let next = if custom_pending {
                self.next_after(step)
            } else if was_editing && rhythm_changed && self.off_rhythm().is_some() {
                Step::FirstExchangeCheck
            } else if was_editing {
                self.editing = false;
                Step::Recap
            } else {
                self.next_after(step)
            };
            // A date typed again at its read-back is not a step of its own in the history.
            if !was_editing && self.step == step {
                self.history.push(step);
            }
            self.step = next;
        }
        // The date confirmed at its read-back is logged as the first exchange's answer.
        let recorded = recorded.map(|(step, text)| match step {
            Step::FirstExchangeCheck => (Step::FirstExchange, text),
            _ => (step, text),
        });
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
            let exchanges = matches!(
                s,
                Step::Frequency
                    | Step::CustomFrequency
                    | Step::FirstExchange
                    | Step::FirstExchangeCheck
                    | Step::ExchangeMeans
                    | Step::OtherMeans
            );
            // Stopping here: only the questions that still make sense (the review, the
            // synthesis) are asked; nothing about what comes next.
            let next = matches!(
                s,
                Step::NextStep
                    | Step::Tasks
                    | Step::Means
                    | Step::FutureNeeds
                    | Step::CalledOnFor
                    | Step::Relay
                    | Step::Commitments
            );
            let skip = (s == Step::CustomFrequency
                && self.answers.frequency != Some(Frequency::Custom))
                || (s == Step::OtherMeans && !self.answers.exchange_means.contains(&Means::Other))
                || (s == Step::Synthesis && !self.synthesis_requested)
                || ((exchanges || next) && self.stops());
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
}
