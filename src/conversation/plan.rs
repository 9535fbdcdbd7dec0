//! What was agreed, read back: the recap `/plan` shows, and the calendar of the agreed
//! exchanges.

use chrono_tz::Tz;

use super::{Calendar, Desk, DeskError, State};
use crate::domain::agreement::{Choice, Means};
use crate::domain::prompt::{Arg, Msg, Prompt, Role};
pub(crate) use crate::store::schedule_from;
use crate::store::StoreError;

/// How many closings not finished `/plan` shows (the one in progress, the last ones left).
const UNFINISHED_SHOWN: u32 = 3;

impl Desk {
    /// The current agreement of `beneficiary` in `guild`, as a recap, then what the closings
    /// not finished since hold so far (for `/plan`). `None` when there is neither.
    pub async fn plan(&self, beneficiary: u64, guild: u64) -> Result<Option<Prompt>, DeskError> {
        let mut body = self.agreed(beneficiary, guild).await?;
        let tz = self.timezone_of(beneficiary, guild).await?;
        if body.is_empty() {
            body = self.ended(beneficiary, guild, tz).await?;
        }
        let unfinished = self
            .store
            .unfinished_closings(beneficiary, guild, UNFINISHED_SHOWN)
            .await?;
        for u in unfinished {
            let Ok(State::Closing(c)) = super::saved::read_state(&u.state) else {
                continue;
            };
            if !c.has_begun() {
                continue;
            }
            let heading = match (u.status, u.started(), u.last_change()) {
                (crate::store::ConversationStatus::Active, Some(started), _) => {
                    Msg::new("plan-closing-in-progress").arg("started", Arg::When(started, tz))
                }
                (_, _, Some(left)) => {
                    Msg::new("plan-closing-left").arg("left", Arg::When(left, tz))
                }
                _ => continue,
            };
            body.push(heading);
            body.extend(crate::domain::closing::recap::so_far(&c));
        }
        if body.is_empty() {
            return Ok(None);
        }
        Ok(Some(Prompt::new(
            Role::Beneficiary,
            body,
            crate::domain::prompt::Expect::Nothing,
        )))
    }

    /// The recap of the active agreement, with what changed since and the next exchange.
    async fn agreed(&self, beneficiary: u64, guild: u64) -> Result<Vec<Msg>, DeskError> {
        let Some(row) = self.store.agreed_conversation(beneficiary, guild).await? else {
            return Ok(Vec::new());
        };
        let state: State = super::saved::read_state(&row.state)?;
        let State::Closing(mut c) = state else {
            return Ok(Vec::new());
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
            c.answers.rhythm_from = schedule.lead().map(|_| schedule.rhythm().anchor());
            c.answers.relay = Some(if a.relay_consent {
                crate::domain::agreement::Relay::Yes
            } else {
                crate::domain::agreement::Relay::No
            });
            let tz = self.timezone_of(beneficiary, guild).await?;
            if a.support_status == crate::store::SupportStatus::Paused {
                tail.push(crate::domain::prompt::Msg::new("followup-plan-paused"));
            } else if let Some(next) = schedule.upcoming(self.clock.now(), 1).first() {
                tail.push(
                    crate::domain::prompt::Msg::new("followup-plan-next")
                        .arg("when", crate::domain::prompt::Arg::When(*next, tz)),
                );
            }
        }
        let mut body = crate::domain::closing::recap::recap(&c, Role::Beneficiary);
        body.extend(tail);
        Ok(body)
    }

    /// The recap of the closing with which the beneficiary chose to stop, and when the
    /// support ended (empty when their support did not end that way).
    async fn ended(&self, beneficiary: u64, guild: u64, tz: Tz) -> Result<Vec<Msg>, DeskError> {
        let Some(row) = self.store.ended_closing(beneficiary, guild).await? else {
            return Ok(Vec::new());
        };
        let Ok(State::Closing(c)) = super::saved::read_state(&row.state) else {
            return Ok(Vec::new());
        };
        let mut body = crate::domain::closing::recap::recap(&c, Role::Beneficiary);
        let ended = c.advisor_confirmed_at.or(row.last_change());
        if let Some(at) = ended {
            body.insert(
                0,
                Msg::new("plan-support-ended").arg("ended", Arg::When(at, tz)),
            );
        }
        Ok(body)
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
        let people = (
            self.name_of(a.advisor_id as u64).await?,
            self.name_of(a.beneficiary_id as u64).await?,
        );
        let means = a
            .means
            .split(',')
            .filter_map(Means::from_id)
            .map(|m| m.msg(a.other_means.as_deref()))
            .collect();
        Ok(Some(Calendar {
            schedule: schedule_of(&a)?,
            uid: format!("agreement-{}@suivi", a.conversation_id),
            stamp: self.clock.now(),
            people: Some(people),
            means,
        }))
    }
}

/// The schedule of a stored agreement: every exchange derives from its cadence, first exchange
/// and zone.
pub(crate) fn schedule_of(
    a: &crate::store::AgreementRow,
) -> Result<crate::domain::cadence::Schedule, StoreError> {
    schedule_from(
        &a.cadence,
        &a.first_exchange_local,
        &a.timezone,
        a.rhythm_from_local.as_deref(),
    )
}

impl Desk {
    /// The plan `actor` asked for, if they may read it (`domain::access`): their own as a
    /// beneficiary, or, naming a beneficiary, one they follow as an advisor (or any of the
    /// server's, as a coordinator).
    pub async fn plan_for(
        &self,
        actor: &crate::domain::access::Actor,
        guild: Option<u64>,
        beneficiary: Option<u64>,
    ) -> Result<Option<Prompt>, DeskError> {
        use crate::domain::access::{allows, Action, Sides};
        let mut candidates = match beneficiary {
            Some(b) => self.store.support_rows_of(b).await?,
            None => self.store.support_rows_of(actor.id).await?,
        };
        candidates.retain(|s| guild.is_none_or(|g| s.guild_id as u64 == g));
        let found = candidates.into_iter().find(|s| {
            let sides = Sides {
                advisor: s.advisor_id as u64,
                beneficiary: s.beneficiary_id as u64,
            };
            let asked = beneficiary.unwrap_or(actor.id);
            sides.beneficiary == asked && allows(actor, Action::ReadPlan(sides))
        });
        match found {
            Some(s) => self.plan(s.beneficiary_id as u64, s.guild_id as u64).await,
            None => Ok(None),
        }
    }
}
