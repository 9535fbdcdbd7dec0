//! Changes to a support after its closing: pause, resume or end it (the advisor, or the
//! beneficiary for their own support), withdraw or give again the relay consent, change one's
//! time zone. Each change is one transaction with the notice it sends the other side, and the
//! scheduler is woken: a pause or an end stops every planned message at once.

use chrono_tz::Tz;

use super::outbox::notice;
use super::{Desk, DeskError, Who};
use crate::domain::access::{allows, Action, Actor, Sides};
use crate::domain::prompt::Msg;
use crate::store::{SupportChange, SupportRow, SupportStatus};

/// A change of a support's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Pause,
    Resume,
    End,
}

impl Change {
    fn status(self) -> SupportStatus {
        match self {
            Change::Pause => SupportStatus::Paused,
            Change::Resume => SupportStatus::Active,
            Change::End => SupportStatus::Ended,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Change::Pause => "paused",
            Change::Resume => "resumed",
            Change::End => "ended",
        }
    }
}

/// Why a change was refused; each says what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("no support between these people")]
    NoSupport,
    #[error("several supports: the other person must be named")]
    Ambiguous,
    #[error("the support is already in that state")]
    AlreadyThere,
    #[error("the support has no agreement yet")]
    NoAgreement,
}

impl ChangeError {
    pub fn message_id(self) -> &'static str {
        match self {
            ChangeError::NoSupport => "followup-error-no-support",
            ChangeError::Ambiguous => "followup-error-ambiguous",
            ChangeError::AlreadyThere => "followup-error-already",
            ChangeError::NoAgreement => "followup-error-no-agreement",
        }
    }
}

impl Desk {
    /// The support `who` may change in `guild` (`domain::access`: its advisor or its
    /// beneficiary), with `other` when given. A person with several supports must name the
    /// other side; naming someone whose supports are not one's own is refused.
    pub async fn support_of(
        &self,
        guild: u64,
        who: u64,
        other: Option<u64>,
    ) -> Result<SupportRow, DeskError> {
        let actor = Actor::person(who);
        let (mine, others): (Vec<SupportRow>, Vec<SupportRow>) = self
            .store
            .support_rows_of(other.unwrap_or(who))
            .await?
            .into_iter()
            .filter(|s| s.guild_id as u64 == guild || guild == 0)
            .partition(|s| allows(&actor, Action::ChangeSupport(sides(s))));
        let mut mine = mine.into_iter().filter(|s| {
            let o = other.unwrap_or(who);
            s.advisor_id as u64 == o || s.beneficiary_id as u64 == o
        });
        match (mine.next(), mine.next()) {
            (Some(s), None) => Ok(s),
            (Some(_), Some(_)) => Err(ChangeError::Ambiguous.into()),
            (None, _) if !others.is_empty() => Err(DeskError::Invalid(
                Action::ChangeSupport(sides(&others[0])).refusal(),
            )),
            (None, _) => Err(ChangeError::NoSupport.into()),
        }
    }

    /// Pauses, resumes or ends a support; the other side is told.
    pub async fn change_support(
        &self,
        guild: u64,
        who: &Who,
        other: Option<u64>,
        change: Change,
    ) -> Result<(), DeskError> {
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        let support = self.support_of(guild, who.id, other).await?;
        let same = matches!(
            (change, support.status),
            (Change::Pause, SupportStatus::Paused) | (Change::Resume, SupportStatus::Active)
        );
        if same {
            return Err(ChangeError::AlreadyThere.into());
        }
        let to = if support.advisor_id as u64 == who.id {
            support.beneficiary_id as u64
        } else {
            support.advisor_id as u64
        };
        let role = if support.advisor_id as u64 == who.id {
            crate::domain::prompt::Role::Advisor
        } else {
            crate::domain::prompt::Role::Beneficiary
        };
        let msg = Msg::new(format!("followup-support-{}", change.id()))
            .arg("by", self.name_arg(who.id, role).await?);
        let key = format!(
            "notice:support-{}:{}:{}:{to}",
            change.id(),
            support.id,
            now.timestamp_millis()
        );
        let told = [notice(key, to, Some(support.id), msg, now)];
        self.store
            .change_support(
                support.id,
                SupportChange::Status(change.status()),
                &told,
                now,
            )
            .await?;
        self.ring();
        Ok(())
    }

    /// Records the relay consent given or withdrawn by the beneficiary, with its date; their
    /// advisor is told.
    pub async fn set_relay_consent(
        &self,
        guild: u64,
        who: &Who,
        relay: bool,
    ) -> Result<(), DeskError> {
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        let support = self.support_of(guild, who.id, None).await?;
        super::access::permit(
            &Actor::person(who.id),
            Action::ChangeConsent(sides(&support)),
        )?;
        if self.store.active_agreement(support.id).await?.is_none() {
            return Err(ChangeError::NoAgreement.into());
        }
        let advisor = support.advisor_id as u64;
        let id = if relay {
            "followup-consent-given"
        } else {
            "followup-consent-withdrawn"
        };
        let by = self
            .name_arg(who.id, crate::domain::prompt::Role::Beneficiary)
            .await?;
        let msg = Msg::new(id).arg("by", by);
        let key = format!(
            "notice:consent:{}:{}:{advisor}",
            support.id,
            now.timestamp_millis()
        );
        let told = [notice(key, advisor, Some(support.id), msg, now)];
        self.store
            .change_support(
                support.id,
                SupportChange::RelayConsent {
                    person: who.id,
                    relay,
                },
                &told,
                now,
            )
            .await?;
        self.ring();
        Ok(())
    }

    /// Saves a person's time zone and plans their follow-up again in it.
    pub async fn set_timezone(&self, who: &Who, tz: Tz) -> Result<(), DeskError> {
        let now = self.clock.now();
        self.store
            .touch_person(who.id, &who.name, who.locale.as_deref(), now)
            .await?;
        self.store
            .set_person_timezone(who.id, tz.name(), now)
            .await?;
        self.store.replan_for(who.id, now).await?;
        self.ring();
        Ok(())
    }
}

/// The two sides of a support, as `domain::access` reads them.
pub(super) fn sides(s: &SupportRow) -> Sides {
    Sides {
        advisor: s.advisor_id as u64,
        beneficiary: s.beneficiary_id as u64,
    }
}
