//! Who may see and do what: one place, so that no adapter decides it. The adapter gathers the
//! facts about the person acting ([`Facts`]: who they are, their roles on the server, whether
//! they manage it); the service reads them against the roles the server chose with `/setup`
//! ([`ServerRoles`]) into an [`Actor`], and asks [`allows`] before it reads or changes
//! anything. [`MATRIX`] and [`CONSOLE`] write every command's outcome out for each kind of person
//! (`tests/it/access` drives each one and compares).
//!
//! - An advisor sees and acts on their own beneficiaries only.
//! - A coordinator sees every support of their server, never what is confidential between an
//!   advisor and a beneficiary (blockers, syntheses), unless they are that advisor.
//! - A beneficiary sees only their own plan and check-ins, and alone gives their consent.
//! - Those who manage the server configure suivi there; it gives them no one's support.
//! - Anyone else sees nothing.

/// What an adapter knows of the person acting, gathered without deciding anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub id: u64,
    /// Their roles on the server the command came from (none in a DM, in the console).
    pub roles: Vec<u64>,
    /// They administer the server or may manage it (Discord's permissions).
    pub manages_server: bool,
}

impl Facts {
    /// A person acting outside any server (a DM, the console's beneficiary).
    pub fn person(id: u64) -> Facts {
        Facts {
            id,
            ..Facts::default()
        }
    }
}

/// The roles a server gave suivi with `/setup`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerRoles {
    pub advisor: Option<u64>,
    pub coordinator: Option<u64>,
}

/// The person acting, as the rules read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: u64,
    /// Holds the server's coordinator role (or manages the server).
    pub coordinator: bool,
    /// Holds the server's advisor role (or manages the server).
    pub advisor_role: bool,
    /// Administers or manages the server.
    pub manager: bool,
}

impl Actor {
    /// A person with no role on the server (a DM, the console's beneficiary).
    pub fn person(id: u64) -> Actor {
        Actor::of(&Facts::person(id), ServerRoles::default())
    }

    /// The facts about a person read against their server's roles: those who manage the
    /// server hold every role.
    pub fn of(facts: &Facts, server: ServerRoles) -> Actor {
        let holds = |role: Option<u64>| role.is_some_and(|r| facts.roles.contains(&r));
        Actor {
            id: facts.id,
            coordinator: facts.manages_server || holds(server.coordinator),
            advisor_role: facts.manages_server || holds(server.advisor),
            manager: facts.manages_server,
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
    /// Read the agreement, tasks and next exchanges of a support (`/plan`, the digests).
    ReadPlan(Sides),
    /// Read what is confidential in a support: blockers, the synthesis (the digests).
    ReadConfidential(Sides),
    /// Read the digest of every advisor of the server (`/digest now server`).
    ReadServerDigest,
    /// Open or close a work session with someone (`/session`).
    LeadSession,
    /// Resume or start again a closing in progress (its Resume and Start again buttons).
    LeadClosing(Sides),
    /// Pause, resume or end a support; propose a new date or rhythm (`/support`,
    /// `/reschedule`).
    ChangeSupport(Sides),
    /// Give or withdraw the relay consent (`/consent`).
    ChangeConsent(Sides),
    /// Change suivi's settings for the server (`/setup`).
    ConfigureServer,
    /// Take away or erase a person's data (`/mydata`).
    OwnData { owner: u64 },
}

impl Action {
    /// The message that refuses it, saying who may and what to do.
    pub fn refusal(self) -> &'static str {
        match self {
            Action::ReadPlan(_) | Action::ReadConfidential(_) => "discord-no-plan",
            Action::ReadServerDigest => "digest-not-coordinator",
            Action::LeadSession => "discord-not-advisor",
            Action::LeadClosing(_) => "closing-error-not-participant",
            Action::ChangeSupport(_) => "access-not-your-support",
            Action::ChangeConsent(_) => "consent-beneficiary-only",
            Action::ConfigureServer => "discord-not-admin",
            Action::OwnData { .. } => "rights-not-yours",
        }
    }
}

/// Whether `actor` may do `action`.
pub fn allows(actor: &Actor, action: Action) -> bool {
    let me = actor.id;
    match action {
        Action::ReadPlan(s) => me == s.advisor || me == s.beneficiary || actor.coordinator,
        Action::ReadConfidential(s) => me == s.advisor || me == s.beneficiary,
        Action::ReadServerDigest => actor.coordinator,
        Action::LeadSession => actor.advisor_role,
        Action::LeadClosing(s) => me == s.advisor,
        Action::ChangeSupport(s) => me == s.advisor || me == s.beneficiary,
        Action::ChangeConsent(s) => me == s.beneficiary,
        Action::ConfigureServer => actor.manager,
        Action::OwnData { owner } => me == owner,
    }
}

/// The kinds of people who try the commands about one support, in [`MATRIX`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The advisor of the support (holds the advisor role).
    Advisor,
    /// The beneficiary of the support.
    Beneficiary,
    /// Another member of the server: an advisor too, of other people.
    Member,
    /// A member who manages the server, in no support.
    Manager,
    /// A member suivi never met, with no role.
    Unknown,
}

/// What a command does for someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Let through (it may still say the support is already paused, or a date is unclear).
    Allowed,
    /// Refused with the access message of its [`Action`] ([`Action::refusal`]).
    Refused,
    /// Nothing of theirs to act on: "there is no support between you here".
    NoneOfTheirs,
}

/// The slash commands, each a row of what happens for [`Who::Advisor`], [`Who::Beneficiary`],
/// [`Who::Member`], [`Who::Manager`] and [`Who::Unknown`], in that order; "person" names the
/// other side of the support (the beneficiary for the advisor and the others, the advisor for
/// the beneficiary). `/help`, `/settings`, `/digest now` (one's own) and `/digest settings`
/// concern only the caller and `/mydata export` only the caller's data: allowed to all.
pub const MATRIX: &[(&str, [Outcome; 5])] = {
    use Outcome::{Allowed as A, NoneOfTheirs as N, Refused as R};
    &[
        ("/session open", [A, R, A, A, R]),
        ("/session close", [A, R, A, A, R]),
        ("/session close in progress: its buttons", [A, R, R, R, R]),
        ("/setup", [R, R, R, A, R]),
        ("/plan beneficiary", [A, A, R, A, R]),
        ("/digest now server", [R, R, R, A, R]),
        ("/support pause person", [A, A, R, R, R]),
        ("/reschedule person", [A, A, R, R, R]),
        ("/consent", [R, A, N, N, N]),
        ("/mydata delete, the beneficiary's button", [R, A, R, R, R]),
    ]
};

/// The console's commands for its two people, [`Who::Advisor`] and [`Who::Beneficiary`] (the
/// role played). `/open`, `/close` and `/digest` are always the console's advisor's, whichever
/// role is played (only an advisor has them); `/wait`, `/ics`, `/timezone` concern no one else.
pub const CONSOLE: &[(&str, [Outcome; 2])] = {
    use Outcome::{Allowed as A, Refused as R};
    &[
        ("/consent", [R, A]),
        ("/support pause", [A, A]),
        ("/reschedule", [A, A]),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;

    const ADVISOR: u64 = 10;
    const OTHER_ADVISOR: u64 = 11;
    const BENEFICIARY: u64 = 20;
    const COORDINATOR: u64 = 30;
    const STRANGER: u64 = 40;
    const MANAGER: u64 = 50;
    const ADVISORS: u64 = 1;
    const COORDINATORS: u64 = 2;

    fn actor(id: u64) -> Actor {
        let roles = match id {
            ADVISOR | OTHER_ADVISOR => vec![ADVISORS],
            COORDINATOR => vec![ADVISORS, COORDINATORS],
            _ => vec![],
        };
        let facts = Facts {
            id,
            roles,
            manages_server: id == MANAGER,
        };
        let server = ServerRoles {
            advisor: Some(ADVISORS),
            coordinator: Some(COORDINATORS),
        };
        Actor::of(&facts, server)
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
            Action::ReadServerDigest,
            Action::LeadSession,
            Action::LeadClosing(s),
            Action::ChangeSupport(s),
            Action::ChangeConsent(s),
            Action::ConfigureServer,
            Action::OwnData { owner: BENEFICIARY },
        ];
        #[rustfmt::skip]
        let expected: [(u64, [bool; 9]); 6] = [
            //               plan   secret server lead   resume change consent setup  data
            (ADVISOR,       [true,  true,  false, true,  true,  true,  false, false, false]),
            (OTHER_ADVISOR, [false, false, false, true,  false, false, false, false, false]),
            (BENEFICIARY,   [true,  true,  false, false, false, true,  true,  false, true ]),
            (COORDINATOR,   [true,  false, true,  true,  false, false, false, false, false]),
            (MANAGER,       [true,  false, true,  true,  false, false, false, true,  false]),
            (STRANGER,      [false, false, false, false, false, false, false, false, false]),
        ];
        for (who, row) in expected {
            for (action, want) in actions.iter().zip(row) {
                assert_eq!(allows(&actor(who), *action), want, "{who} {action:?}");
            }
        }
    }

    #[test]
    fn a_role_the_server_did_not_choose_gives_nothing() {
        let facts = Facts {
            id: ADVISOR,
            roles: vec![ADVISORS, COORDINATORS],
            manages_server: false,
        };
        let none = Actor::of(&facts, ServerRoles::default());
        assert!(!allows(&none, Action::LeadSession));
        assert!(!allows(&none, Action::ReadServerDigest));
        assert_eq!(none, Actor::person(ADVISOR));
    }
}
