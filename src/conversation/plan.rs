//! What was agreed, read back: the recap `/plan` shows, and the calendar of the agreed
//! exchanges.

use chrono_tz::Tz;

use super::{Calendar, Desk, DeskError, State};
use crate::domain::prompt::{Prompt, Role};
use crate::store::StoreError;

impl Desk {
    /// The current agreement of `beneficiary` in `guild`, as a recap (for `/plan`).
    pub async fn plan(&self, beneficiary: u64, guild: u64) -> Result<Option<Prompt>, DeskError> {
        let Some(row) = self.store.agreed_conversation(beneficiary, guild).await? else {
            return Ok(None);
        };
        let state: State =
            serde_json::from_str(&row.state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let State::Closing(mut c) = state else {
            return Ok(None);
        };
        let mut tail = Vec::new();
        // What changed since the closing (a new rhythm, a withdrawn consent) is on the stored
        // agreement: the recap shows that, and the next exchange as reminders will see it.
        if let Some(a) = self.store.active_agreement(row.support_id).await? {
            let schedule = schedule_of(&a)?;
            c.answers.cadence = Some(schedule.cadence());
            c.answers.first_exchange = Some(crate::domain::agreement::FirstExchange {
                local: schedule.anchor(),
                tz: schedule.tz(),
                utc: crate::domain::cadence::resolve_local(schedule.anchor(), schedule.tz()),
            });
            c.answers.relay = Some(if a.relay_consent {
                crate::domain::agreement::Relay::Yes
            } else {
                crate::domain::agreement::Relay::No
            });
            let tz = self.timezone_of(beneficiary, guild).await?;
            if a.support_status == "paused" {
                tail.push(crate::domain::prompt::Msg::new("followup-plan-paused"));
            } else if let Some(next) = schedule.upcoming(self.clock.now(), 1).first() {
                tail.push(
                    crate::domain::prompt::Msg::new("followup-plan-next")
                        .arg("when", crate::domain::prompt::Arg::When(*next, tz)),
                );
            }
        }
        let mut body = crate::domain::recap::recap(&c, Role::Beneficiary);
        body.extend(tail);
        Ok(Some(Prompt {
            to: Role::Beneficiary,
            body,
            expect: crate::domain::prompt::Expect::Nothing,
            controls: Default::default(),
            token: None,
        }))
    }

    /// The calendar of the active agreement of `beneficiary` in `guild`.
    pub async fn calendar_of(
        &self,
        beneficiary: u64,
        guild: u64,
    ) -> Result<Option<Calendar>, DeskError> {
        let Ok(support) = self.support_of(guild, beneficiary, None).await else {
            return Ok(None);
        };
        let Some(a) = self.store.active_agreement(support.id).await? else {
            return Ok(None);
        };
        Ok(Some(Calendar {
            schedule: schedule_of(&a)?,
            uid: format!("agreement-{}@suivi", a.conversation_id),
            stamp: self.clock.now(),
        }))
    }
}

/// The schedule of a stored agreement: every exchange derives from its cadence, first exchange
/// and zone.
pub(crate) fn schedule_of(
    a: &crate::store::AgreementRow,
) -> Result<crate::domain::cadence::Schedule, StoreError> {
    schedule_from(&a.cadence, &a.first_exchange_local, &a.timezone)
}

/// The schedule from its stored parts.
pub(crate) fn schedule_from(
    cadence: &str,
    first_local: &str,
    timezone: &str,
) -> Result<crate::domain::cadence::Schedule, StoreError> {
    let cadence: crate::domain::cadence::Cadence =
        serde_json::from_str(cadence).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let anchor = chrono::NaiveDateTime::parse_from_str(first_local, "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let tz: Tz = timezone
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("time zone {timezone}")))?;
    Ok(crate::domain::cadence::Schedule::new(anchor, tz, cadence))
}
