//! What an option picked stands for, whatever adapter showed it: adapters render options as
//! `(id, label)` pairs and hand the id back to [`Chosen::from_id`], then act on a typed value.
//! No adapter names an option's id; a new option of a conversation needs no adapter change.

use super::{after_choice, decision_of, AfterChoice, Decision};
use crate::domain::talk::Pick;

/// An option picked, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    /// For the conversation the option was shown with (see [`Pick`]).
    Talk(Pick),
    /// A decision on a proposed change of date or rhythm.
    Reschedule { proposal: i64, decision: Decision },
    /// The advisor's answer to "did the exchange take place?".
    After { outcome: i64, choice: AfterChoice },
}

impl Chosen {
    pub fn from_id(id: &str) -> Chosen {
        if let Some((proposal, decision)) = decision_of(id) {
            return Chosen::Reschedule { proposal, decision };
        }
        if let Some((outcome, choice)) = after_choice(id) {
            return Chosen::After { outcome, choice };
        }
        Chosen::Talk(Pick::from_id(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::talk::{Input, Write};

    #[test]
    fn every_option_reads_as_what_it_stands_for() {
        assert_eq!(
            Chosen::from_id("rs-accept-5"),
            Chosen::Reschedule {
                proposal: 5,
                decision: Decision::Accept
            }
        );
        assert_eq!(
            Chosen::from_id(&AfterChoice::Moved.option(9)),
            Chosen::After {
                outcome: 9,
                choice: AfterChoice::Moved
            }
        );
        assert_eq!(
            Chosen::from_id(Pick::COMMITMENTS),
            Chosen::Talk(Pick::Write(Write::Commitments))
        );
        assert_eq!(
            Chosen::from_id("in_progress"),
            Chosen::Talk(Pick::Input(Input::Choice("in_progress".into())))
        );
    }
}
