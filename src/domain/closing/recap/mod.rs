//! The steps of the closing, the question each one asks, and the recap both sides read.
//!
//! Questions and recaps are [`Prompt`]s made of Fluent message ids: the wording lives in
//! `locales/` only. The step order follows the guide's page "Clore un temps de travail".

use serde::{Deserialize, Serialize};

use super::Closing;
use crate::domain::agreement::{Choice, Continue, Frequency, Match, Means, RecapAction, Relay};
use crate::domain::prompt::{Arg, Controls, Expect, Msg, Opt, Prompt, Role};
use crate::domain::talk::Pick;

mod summary;

pub use summary::{agreed, cadence_msg, means_msgs, recap, so_far};

/// A step of the closing conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    ReviewMatch,
    ReviewQuestions,
    ReviewContinue,
    NextStep,
    Tasks,
    Means,
    FutureNeeds,
    CalledOnFor,
    Relay,
    Frequency,
    CustomFrequency,
    FirstExchange,
    ExchangeMeans,
    /// The other means, named in the beneficiary's words (asked when they picked "another").
    OtherMeans,
    Commitments,
    Synthesis,
    Recap,
    /// The beneficiary chose "edit" on the recap and picks what to change.
    EditWhich,
    AwaitingAdvisor,
    Agreed,
    /// Not a step the beneficiary is at: names the advisor's commitments in the answers log.
    AdvisorCommitments,
    /// Likewise, the advisor's proposal.
    AdvisorProposal,
    /// The first exchange read back in full, to confirm or correct (after `FirstExchange`).
    FirstExchangeCheck,
    /// Not a step the beneficiary is at: "I don't know" at the next step in the answers log
    /// (help was given, and the advisor's digest says so).
    NextStepUnsure,
}

impl Step {
    /// The beneficiary's path through the closing; some steps are skipped (see `Closing`).
    pub const ORDER: &'static [Step] = &[
        Step::ReviewMatch,
        Step::ReviewQuestions,
        Step::ReviewContinue,
        Step::NextStep,
        Step::Tasks,
        Step::Means,
        Step::FutureNeeds,
        Step::CalledOnFor,
        Step::Relay,
        Step::Frequency,
        Step::CustomFrequency,
        Step::FirstExchange,
        Step::FirstExchangeCheck,
        Step::ExchangeMeans,
        Step::OtherMeans,
        Step::Commitments,
        Step::Synthesis,
        Step::Recap,
    ];

    /// Steps of [`Step::ORDER`] the beneficiary may not change from the recap: what they
    /// only read (the advisor's text), follow-ups asked within another step's change, and
    /// the recap itself.
    const NOT_EDITABLE: &'static [Step] = &[
        Step::CalledOnFor,
        Step::CustomFrequency,
        Step::FirstExchangeCheck,
        Step::OtherMeans,
        Step::Recap,
    ];

    /// The stable id (stored, and used in `custom_id`s).
    pub fn id(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn from_id(id: &str) -> Option<Step> {
        serde_json::from_value(serde_json::Value::String(id.to_owned())).ok()
    }

    /// Optional steps may be skipped.
    pub fn optional(self) -> bool {
        matches!(self, Step::ReviewQuestions | Step::FutureNeeds)
    }

    /// Steps answered in the beneficiary's own words.
    pub fn free_text(self) -> bool {
        matches!(
            self,
            Step::ReviewQuestions
                | Step::NextStep
                | Step::Tasks
                | Step::Means
                | Step::FutureNeeds
                | Step::OtherMeans
                | Step::Commitments
                | Step::Synthesis
        )
    }

    /// Whether the beneficiary may change this step from the recap.
    pub fn editable(self) -> bool {
        Self::ORDER.contains(&self) && !Self::NOT_EDITABLE.contains(&self)
    }

    /// The steps still asked when the beneficiary chose to stop the support: the review and
    /// the synthesis.
    pub fn kept_when_stopping(self) -> bool {
        matches!(
            self,
            Step::ReviewMatch | Step::ReviewQuestions | Step::ReviewContinue | Step::Synthesis
        )
    }
}

/// The Fluent id of a step's question.
pub fn question_id(step: Step) -> &'static str {
    match step {
        Step::ReviewMatch => "closing-review-match",
        Step::ReviewQuestions => "closing-review-questions",
        Step::ReviewContinue => "closing-review-continue",
        Step::NextStep | Step::NextStepUnsure => "closing-next-step",
        Step::Tasks => "closing-tasks",
        Step::Means => "closing-means",
        Step::FutureNeeds => "closing-future-needs",
        Step::CalledOnFor => "closing-called-on-for",
        Step::Relay => "closing-relay",
        Step::Frequency => "closing-frequency",
        Step::CustomFrequency => "closing-custom-frequency",
        Step::FirstExchange => "closing-first-exchange",
        Step::FirstExchangeCheck => "closing-date-check",
        Step::ExchangeMeans => "closing-exchange-means",
        Step::OtherMeans => "closing-other-means",
        Step::Commitments => "closing-commitments",
        Step::Synthesis => "closing-synthesis",
        Step::Recap => "closing-recap-confirm",
        Step::EditWhich => "closing-edit-which",
        Step::AwaitingAdvisor | Step::AdvisorCommitments | Step::AdvisorProposal => {
            "closing-advisor-review"
        }
        Step::Agreed => "closing-agreed",
    }
}

/// The question the beneficiary sees at `step`.
pub fn question(c: &Closing, step: Step) -> Prompt {
    let q = Msg::new(question_id(step));
    let (body, expect) = match step {
        Step::ReviewMatch => {
            let intro = match &c.expectations {
                Some(e) => Msg::new("closing-review-intro").text("expectations", e.clone()),
                None => Msg::new("closing-review-intro-none"),
            };
            (vec![intro, q], Expect::One(Opt::all::<Match>()))
        }
        Step::ReviewContinue => (vec![q], Expect::One(Opt::all::<Continue>())),
        Step::CalledOnFor => (
            vec![Msg::new("closing-called-on-for")
                .arg("text", Arg::Localized(c.called_on_for.clone()))],
            Expect::One(vec![Opt {
                id: "next".into(),
                label: Msg::new("choice-next"),
            }]),
        ),
        Step::Relay => (vec![q], Expect::One(Opt::all::<Relay>())),
        Step::Frequency => (vec![q], Expect::One(Opt::all::<Frequency>())),
        Step::FirstExchange => (vec![q.arg("zone", Arg::Zone(c.tz))], Expect::Text),
        Step::FirstExchangeCheck => c.date_check_question(),
        Step::ExchangeMeans => (vec![q], Expect::Many(Opt::all::<Means>())),
        Step::Recap if c.answers.advisor_commitments.is_none() && !c.stops() => {
            // Nothing to confirm yet: the advisor's commitments are awaited.
            let mut body = recap(c, Role::Beneficiary);
            body.push(Msg::new("closing-recap-waiting-advisor"));
            let edit = Opt {
                id: RecapAction::Edit.id().to_owned(),
                label: Msg::choice(RecapAction::Edit),
            };
            (body, Expect::One(vec![edit]))
        }
        Step::Recap => {
            let mut body = recap(c, Role::Beneficiary);
            body.push(q);
            (body, Expect::One(Opt::all::<RecapAction>()))
        }
        Step::EditWhich => {
            let opts = Step::ORDER
                .iter()
                .filter(|s| s.editable())
                .filter(|s| **s != Step::Synthesis || c.synthesis_requested)
                // A support that stops offers no change to what would have come next.
                .filter(|s| !c.stops() || s.kept_when_stopping())
                .map(|s| Opt {
                    id: s.id(),
                    label: Msg::new(format!("recap-label-{}", s.id())),
                })
                .collect();
            (vec![q], Expect::One(opts))
        }
        Step::AwaitingAdvisor | Step::AdvisorCommitments | Step::AdvisorProposal => {
            (vec![Msg::new("closing-waiting-advisor")], Expect::Nothing)
        }
        Step::Agreed => (vec![Msg::new("closing-error-finished")], Expect::Nothing),
        _ => (vec![q], Expect::Text),
    };
    let controls = Controls {
        back: !matches!(
            step,
            Step::ReviewMatch | Step::AwaitingAdvisor | Step::Agreed
        ),
        skip: step.optional(),
        pause: !matches!(step, Step::AwaitingAdvisor | Step::Agreed),
    };
    Prompt::new(Role::Beneficiary, body, expect).with_controls(controls)
}

/// What the advisor reads when the beneficiary has confirmed: the recap and their choices.
pub fn advisor_review(c: &Closing) -> Prompt {
    let mut body = vec![Msg::new("closing-advisor-intro")];
    body.extend(recap(c, Role::Advisor));
    let stops = c.stops();
    if c.answers.advisor_commitments.is_none() && !stops {
        body.push(Msg::new("closing-advisor-commitments-needed"));
    }
    body.push(Msg::new("closing-advisor-review"));
    let commitments = if c.answers.advisor_commitments.is_some() {
        "choice-advisor-commitments-change"
    } else {
        "choice-advisor-commitments"
    };
    let opts = [
        (Pick::CONFIRM, "choice-advisor-confirm"),
        (Pick::COMMITMENTS, commitments),
        (Pick::PROPOSE, "choice-advisor-propose"),
    ]
    .iter()
    .filter(|(id, _)| !stops || *id != Pick::COMMITMENTS)
    .map(|(id, label)| Opt {
        id: (*id).to_owned(),
        label: Msg::new(*label),
    })
    .collect();
    Prompt::new(Role::Advisor, body, Expect::One(opts))
}

/// The advisor is asked for their commitments (`message`: why now), with the button that
/// opens the form to type them.
pub fn advisor_invite(_c: &Closing, message: &str) -> Prompt {
    let commitments = Opt {
        id: Pick::COMMITMENTS.to_owned(),
        label: Msg::new("choice-advisor-commitments"),
    };
    Prompt::new(
        Role::Advisor,
        vec![Msg::new(message)],
        Expect::One(vec![commitments]),
    )
}
