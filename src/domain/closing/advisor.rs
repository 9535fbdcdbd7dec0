//! The advisor's side of the closing: their own commitments, their confirmation, or a change
//! they propose — which sends the recap back to the beneficiary, who decides. The advisor never
//! writes the beneficiary's answers.

use super::recap::Step;
use super::{answer_error, Closing, ClosingError, Ctx, Outcome};
use crate::domain::agreement::Agreement;
use crate::domain::answer::{Answer, OwnWordsPolicy};
use crate::domain::prompt::{Msg, Prompt, Role};

impl Closing {
    /// The advisor's own commitments, entered (or changed) at any time before the agreement.
    /// The beneficiary confirms a recap that holds them: if they are waiting at the recap, or
    /// confirmed it before a change, they get the new recap to confirm.
    pub(super) fn advisor_commitments(&mut self, text: &str, ctx: &Ctx<'_>) -> Outcome {
        let advisor_policy = OwnWordsPolicy {
            fillers: Vec::new(),
            ..ctx.policy.clone()
        };
        let a = match Answer::parse(text, &advisor_policy, &[]) {
            Ok(a) => a,
            Err(e) => {
                return Outcome::with(vec![Prompt::info(
                    Role::Advisor,
                    answer_error(e, ctx.policy),
                )])
            }
        };
        let stored = a.as_str().to_owned();
        let before = self.answers.advisor_commitments.replace(a);
        self.advisor_asked = true;
        let changed = before.as_ref().map(Answer::as_str) != Some(stored.as_str());
        let notice = if before.is_none() {
            "closing-advisor-commitments-added"
        } else {
            "closing-advisor-commitments-changed"
        };
        let (to_advisor, to_beneficiary) = match self.step {
            Step::AwaitingAdvisor if changed => {
                // Confirmed without these commitments: the beneficiary confirms again.
                self.beneficiary_confirmed_at = None;
                self.step = Step::Recap;
                ("closing-advisor-commitments-reconfirm", Some(notice))
            }
            Step::Recap if changed => ("closing-advisor-commitments-sent", Some(notice)),
            Step::AwaitingAdvisor | Step::Recap => ("closing-advisor-commitments-unchanged", None),
            _ => ("closing-advisor-commitments-saved", None),
        };
        let mut prompts = vec![Prompt::info(Role::Advisor, Msg::new(to_advisor))];
        if self.step == Step::AwaitingAdvisor {
            prompts.push(super::recap::advisor_review(self));
        }
        if let Some(notice) = to_beneficiary {
            let mut recap = self.current();
            recap.body.insert(0, Msg::new(notice));
            prompts.push(recap);
        }
        Outcome {
            prompts,
            recorded: Some((Step::AdvisorCommitments, stored)),
            agreement: None,
        }
    }

    pub(super) fn advisor_confirm(&mut self, ctx: &Ctx<'_>) -> Result<Outcome, ClosingError> {
        if self.step != Step::AwaitingAdvisor {
            return Err(ClosingError::NotReadyForAdvisor);
        }
        if self.stops() {
            return self.advisor_confirm_ending(ctx);
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
            other_means: a.other_means.clone(),
            tasks: a.tasks.clone(),
            beneficiary_commitments: commitments,
            advisor_commitments,
            relay,
            relay_at: a.relay_at.unwrap_or(ctx.now),
            beneficiary_confirmed_at: b_at,
            advisor_confirmed_at: ctx.now,
            rhythm_from: a.rhythm_from,
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

    /// The beneficiary chose to stop: both confirmed the recap, no exchange is planned, and
    /// the caller ends the support.
    fn advisor_confirm_ending(&mut self, ctx: &Ctx<'_>) -> Result<Outcome, ClosingError> {
        if self.beneficiary_confirmed_at.is_none() {
            return Err(ClosingError::NotReadyForAdvisor);
        }
        // No commitments are asked of either side: nothing comes next.
        self.advisor_confirmed_at = Some(ctx.now);
        self.step = Step::Agreed;
        // The advisor is told once that the support ended (by the service, which ends it):
        // the recap goes to the beneficiary.
        Ok(Outcome::with(vec![super::recap::agreed(
            self,
            Role::Beneficiary,
        )]))
    }

    pub(super) fn advisor_propose(
        &mut self,
        text: &str,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome, ClosingError> {
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
