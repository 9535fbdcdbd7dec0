//! What a person does, as every kind of conversation reads it: an [`Input`], and the typed
//! meaning of an option picked ([`Pick`]). Adapters render options as `(id, label)` pairs and
//! hand the id back to [`Pick::from_id`]; no adapter names an option's id.

use chrono::{DateTime, Utc};

use crate::domain::answer::OwnWordsPolicy;

/// The rendered texts of a question in every language, for the own-words check. Implemented by
/// `i18n`; the domain only knows message ids.
pub trait PromptTexts {
    fn texts(&self, message_id: &str) -> Vec<String>;
}

/// What a conversation needs besides its state and the input.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub policy: &'a OwnWordsPolicy,
    pub texts: &'a dyn PromptTexts,
    /// How the person who typed writes numeric dates ("12/10"), from their locale.
    pub order: crate::domain::when::DateOrder,
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

impl Input {
    /// Whether the input answers the question it was shown with (and so is refused once that
    /// question is no longer asked). Showing the question, resuming, and entering one's own
    /// commitments apply whatever is asked.
    pub fn bound(&self) -> bool {
        !matches!(
            self,
            Input::Show | Input::Resume | Input::AdvisorCommitments(_)
        )
    }
}

/// A text to type before it becomes an input: where an adapter opens a form (Discord) or
/// reads the next line (the console).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// The beneficiary's answer to the question asked.
    Answer,
    /// The advisor's own commitments.
    Commitments,
    /// A change the advisor proposes.
    Proposal,
}

impl Write {
    /// Every text an option can ask for.
    pub const ALL: [Write; 3] = [Write::Answer, Write::Commitments, Write::Proposal];

    /// The input the typed text becomes.
    pub fn input(self, text: String) -> Input {
        match self {
            Write::Answer => Input::Text(text),
            Write::Commitments => Input::AdvisorCommitments(text),
            Write::Proposal => Input::AdvisorPropose(text),
        }
    }

    /// The id of the option that asks for this text (`None`: typed without an option).
    pub fn option_id(self) -> Option<&'static str> {
        match self {
            Write::Answer => None,
            Write::Commitments => Some(Pick::COMMITMENTS),
            Write::Proposal => Some(Pick::PROPOSE),
        }
    }
}

/// What an option picked means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// An input, applied as it is.
    Input(Input),
    /// A text to type first (see [`Write`]).
    Write(Write),
}

impl Pick {
    /// The advisor confirms the recap.
    pub const CONFIRM: &'static str = "advisor_confirm";
    /// The advisor enters (or changes) their commitments.
    pub const COMMITMENTS: &'static str = "advisor_commitments";
    /// The advisor proposes a change.
    pub const PROPOSE: &'static str = "advisor_propose";

    /// The meaning of an option's id: most options answer the question they were shown with
    /// ([`Input::Choice`]); a few stand for an input of their own.
    pub fn from_id(id: &str) -> Pick {
        if id == Pick::CONFIRM {
            return Pick::Input(Input::AdvisorConfirm);
        }
        match Write::ALL.into_iter().find(|w| w.option_id() == Some(id)) {
            Some(w) => Pick::Write(w),
            None => Pick::Input(Input::Choice(id.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_id_reads_as_what_it_stands_for() {
        assert_eq!(
            Pick::from_id("advisor_confirm"),
            Pick::Input(Input::AdvisorConfirm)
        );
        assert_eq!(
            Pick::from_id("advisor_commitments"),
            Pick::Write(Write::Commitments)
        );
        assert_eq!(
            Pick::from_id("advisor_propose"),
            Pick::Write(Write::Proposal)
        );
        assert_eq!(
            Pick::from_id("blocked"),
            Pick::Input(Input::Choice("blocked".into()))
        );
        for w in Write::ALL {
            if let Some(id) = w.option_id() {
                assert_eq!(Pick::from_id(id), Pick::Write(w));
            }
        }
        assert_eq!(
            Write::Proposal.input("x".into()),
            Input::AdvisorPropose("x".into())
        );
    }

    #[test]
    fn only_inputs_that_answer_a_question_are_bound_to_it() {
        assert!(Input::Choice("yes".into()).bound());
        assert!(Input::Text("x".into()).bound());
        assert!(Input::AdvisorConfirm.bound());
        assert!(!Input::Show.bound());
        assert!(!Input::Resume.bound());
        assert!(!Input::AdvisorCommitments("x".into()).bound());
    }
}
