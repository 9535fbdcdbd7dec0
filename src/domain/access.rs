//! Who may see and do what: one place, so that no adapter decides it. The facts about the
//! person acting (who they are, whether the server made them a coordinator, whether they hold
//! the advisor role) come from the adapter; the rules are here.
//!
//! - An advisor sees and acts on their own beneficiaries only.
//! - A coordinator sees every support of their server, never what is confidential between an
//!   advisor and a beneficiary (blockers, syntheses), unless they are that advisor.
//! - A beneficiary sees only their own plan and check-ins.
//! - Anyone else sees nothing.

/// The person acting, as the adapter knows them at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: u64,
    /// Holds the server's coordinator role (or administers the server).
    pub coordinator: bool,
    /// Holds the server's advisor role (or administers the server).
    pub advisor_role: bool,
}

impl Actor {
    /// A person with no role on the server (a DM, the console's beneficiary).
    pub fn person(id: u64) -> Actor {
        Actor {
            id,
            coordinator: false,
            advisor_role: false,
        }
    }
}

/// The two sides of a support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    pub advisor: u64,
    pub beneficiary: u64,
}

/// What someone wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the agreement, tasks and next exchanges of a support.
    ReadPlan(Sides),
    /// Read what is confidential in a support: blockers, the synthesis.
    ReadConfidential(Sides),
    /// Read the digest of an advisor.
    ReadDigest { advisor: u64 },
    /// Read the digest of every advisor of the server.
    ReadServerDigest,
    /// Open or close a work session with someone.
    LeadSession,
    /// Pause, resume or end a support; propose a new date or rhythm.
    ChangeSupport(Sides),
    /// Give or withdraw the relay consent.
    ChangeConsent(Sides),
}

/// Whether `actor` may do `action`.
pub fn allows(actor: &Actor, action: Action) -> bool {
    let me = actor.id;
    match action {
        Action::ReadPlan(s) => me == s.advisor || me == s.beneficiary || actor.coordinator,
        Action::ReadConfidential(s) => me == s.advisor || me == s.beneficiary,
        Action::ReadDigest { advisor } => me == advisor || actor.coordinator,
        Action::ReadServerDigest => actor.coordinator,
        Action::LeadSession => actor.advisor_role,
        Action::ChangeSupport(s) => me == s.advisor || me == s.beneficiary,
        Action::ChangeConsent(s) => me == s.beneficiary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVISOR: u64 = 10;
    const OTHER_ADVISOR: u64 = 11;
    const BENEFICIARY: u64 = 20;
    const COORDINATOR: u64 = 30;
    const STRANGER: u64 = 40;

    fn actor(id: u64) -> Actor {
        Actor {
            id,
            coordinator: id == COORDINATOR,
            advisor_role: matches!(id, ADVISOR | OTHER_ADVISOR | COORDINATOR),
        }
    }

    /// Roles × actions: every cell written out, so a change of rule shows here.
    #[test]
    fn the_access_matrix() {
        let s = Sides {
            advisor: ADVISOR,
            beneficiary: BENEFICIARY,
        };
        let actions = [
            Action::ReadPlan(s),
            Action::ReadConfidential(s),
            Action::ReadDigest { advisor: ADVISOR },
            Action::ReadServerDigest,
            Action::LeadSession,
            Action::ChangeSupport(s),
            Action::ChangeConsent(s),
        ];
        #[rustfmt::skip]
        let expected: [(u64, [bool; 7]); 5] = [
            //               plan   secret digest server lead  change consent
            (ADVISOR,       [true,  true,  true,  false, true,  true,  false]),
            (OTHER_ADVISOR, [false, false, false, false, true,  false, false]),
            (BENEFICIARY,   [true,  true,  false, false, false, true,  true ]),
            (COORDINATOR,   [true,  false, true,  true,  true,  false, false]),
            (STRANGER,      [false, false, false, false, false, false, false]),
        ];
        for (who, row) in expected {
            for (action, want) in actions.iter().zip(row) {
                assert_eq!(allows(&actor(who), *action), want, "{who} {action:?}");
            }
        }
    }
}
