//! The answer to a proposal: the other side accepts or declines; its proposer chooses for a
//! date off the rhythm. Accepting stores exactly what was accepted (a date off the rhythm
//! taken once is kept beside the rhythm), and both sides are told the resulting next
//! exchange, each in their zone. A click on a proposal already answered or replaced says what
//! happened to it.

use chrono::Duration;

use super::words::{self, change_of};
use super::{Decision, LOCAL};
use crate::conversation::{notice, schedule_from, schedule_of, Desk, DeskError, Who};
use crate::domain::cadence::resolve_local;
use crate::domain::prompt::Msg;
use crate::store::{Accepted, RescheduleRow, RescheduleStatus};

impl Desk {
    /// An answer to a proposal's prompt (`decision_of`). Returns what to tell the person who
    /// clicked, also when the proposal was already answered or replaced.
    pub async fn decide_reschedule(
        &self,
        proposal: i64,
        who: &Who,
        decision: Decision,
    ) -> Result<Msg, DeskError> {
        let _one = self.serial.lock().await;
        let r = self
            .store
            .reschedule(proposal)
            .await?
            .ok_or(DeskError::Invalid("followup-reschedule-gone"))?;
        let support = self
            .store
            .support_row(r.support_id)
            .await?
            .ok_or(super::super::ChangeError::NoSupport)?;
        let proposer = r.proposed_by;
        let other = if proposer == support.advisor_id {
            support.beneficiary_id
        } else {
            support.advisor_id
        };
        let chooser = matches!(decision, Decision::Once | Decision::Rhythm);
        let allowed = if chooser { proposer } else { other };
        if who.id as i64 != allowed {
            return Err(DeskError::Invalid("followup-reschedule-not-yours"));
        }
        if r.status != RescheduleStatus::Pending || r.choosing != chooser {
            return self.what_happened(&r, who).await;
        }
        match decision {
            Decision::Once => self.choose_reschedule(r, &support, who, true).await,
            Decision::Rhythm => self.choose_reschedule(r, &support, who, false).await,
            Decision::Accept => self.accept(r, who, support.guild_id as u64).await,
            Decision::Decline => self.decline(r, who, support.guild_id as u64).await,
        }
    }

    async fn accept(&self, r: RescheduleRow, who: &Who, guild: u64) -> Result<Msg, DeskError> {
        let now = self.clock.now();
        let agreement = self
            .store
            .active_agreement(r.support_id)
            .await?
            .ok_or(super::super::ChangeError::NoAgreement)?;
        let schedule = schedule_of(&agreement)?;
        let first = super::parse_local(r.first_exchange_local.as_deref());
        // The agreement's new schedule: the rhythm (new or agreed), anchored on the accepted
        // date, or kept with the accepted date as its first exchange (off the rhythm) and the
        // rhythm resuming with its first occurrence after it.
        let cadence = r.cadence.clone().unwrap_or(agreement.cadence.clone());
        let (anchor, rhythm_from) = match (first, r.once) {
            (Some(f), true) => {
                let rhythm = match &r.cadence {
                    Some(c) => {
                        schedule_from(c, &f.format(LOCAL).to_string(), &agreement.timezone, None)?
                    }
                    None => schedule.rhythm(),
                };
                let resume = rhythm
                    .upcoming(resolve_local(f, rhythm.tz()), 1)
                    .first()
                    .map(|t| {
                        t.with_timezone(&rhythm.tz())
                            .naive_local()
                            .format(LOCAL)
                            .to_string()
                    });
                (f.format(LOCAL).to_string(), resume)
            }
            (Some(f), false) => (f.format(LOCAL).to_string(), None),
            (None, _) => (
                agreement.first_exchange_local.clone(),
                agreement.rhythm_from_local.clone(),
            ),
        };
        let kept = schedule_from(
            &cadence,
            &anchor,
            &agreement.timezone,
            rhythm_from.as_deref(),
        )?;
        let first_utc = kept
            .exchange(0)
            .unwrap_or_else(|| resolve_local(kept.anchor(), kept.tz()));
        let next = kept
            .upcoming(now - Duration::seconds(1), 1)
            .first()
            .copied();
        let proposer = r.proposed_by as u64;
        let proposer_tz = self.timezone_of(proposer, guild).await?;
        let name = self.name_in_support(who.id, r.support_id).await?;
        let told = [notice(
            format!("notice:reschedule-{}:{proposer}", r.id),
            proposer,
            Some(r.support_id),
            words::next_exchange("resched-accepted", Some(&name), next, proposer_tz),
            now,
        )];
        let accepted = Accepted {
            cadence: &cadence,
            first_local: &anchor,
            rhythm_from_local: rhythm_from.as_deref(),
            first_utc,
        };
        if !self
            .store
            .decide_reschedule(&r, Some(accepted), &told, now)
            .await?
        {
            return Err(DeskError::Invalid("followup-reschedule-gone"));
        }
        self.ring();
        tracing::info!(proposal = r.id, "reschedule accepted");
        let reader_tz = self.timezone_of(who.id, guild).await?;
        Ok(words::next_exchange(
            "resched-you-accepted",
            None,
            next,
            reader_tz,
        ))
    }

    async fn decline(&self, r: RescheduleRow, who: &Who, guild: u64) -> Result<Msg, DeskError> {
        let now = self.clock.now();
        let agreed = match self.store.active_agreement(r.support_id).await? {
            Some(a) => schedule_of(&a)?.cadence(),
            None => return Err(super::super::ChangeError::NoAgreement.into()),
        };
        let proposer = r.proposed_by as u64;
        let proposer_tz = self.timezone_of(proposer, guild).await?;
        let change = change_of(&r, agreed, proposer_tz);
        let told = [notice(
            format!("notice:reschedule-{}:{proposer}", r.id),
            proposer,
            Some(r.support_id),
            Msg::new("resched-declined")
                .arg("by", self.name_in_support(who.id, r.support_id).await?)
                .arg(
                    "change",
                    crate::domain::prompt::Arg::Msg(Box::new(change.msg(proposer_tz))),
                ),
            now,
        )];
        if !self.store.decide_reschedule(&r, None, &told, now).await? {
            return Err(DeskError::Invalid("followup-reschedule-gone"));
        }
        self.ring();
        tracing::info!(proposal = r.id, "reschedule declined");
        let reader_tz = self.timezone_of(who.id, guild).await?;
        Ok(Msg::new("resched-you-declined").arg(
            "change",
            crate::domain::prompt::Arg::Msg(Box::new(change.msg(reader_tz))),
        ))
    }

    /// What happened to a proposal whose buttons are clicked again.
    async fn what_happened(&self, r: &RescheduleRow, who: &Who) -> Result<Msg, DeskError> {
        let now = self.clock.now();
        let guild = self
            .store
            .support_row(r.support_id)
            .await?
            .map_or(0, |s| s.guild_id as u64);
        let reader = self.timezone_of(who.id, guild).await?;
        let agreement = self.store.active_agreement(r.support_id).await?;
        let schedule = agreement.as_ref().map(schedule_of).transpose()?;
        let next = schedule
            .as_ref()
            .and_then(|s| s.upcoming(now - Duration::seconds(1), 1).first().copied());
        Ok(match (r.status, r.replaced_by) {
            (RescheduleStatus::Withdrawn, Some(by)) => match self.store.reschedule(by).await? {
                Some(newer) => {
                    let agreed = schedule
                        .as_ref()
                        .map_or(crate::domain::cadence::Cadence::WEEKLY, |s| s.cadence());
                    let change = change_of(&newer, agreed, reader);
                    Msg::new("resched-was-replaced")
                        .arg(
                            "by",
                            self.name_in_support(newer.proposed_by as u64, newer.support_id)
                                .await?,
                        )
                        .arg(
                            "change",
                            crate::domain::prompt::Arg::Msg(Box::new(change.msg(reader))),
                        )
                }
                None => Msg::new("followup-reschedule-gone"),
            },
            (RescheduleStatus::Accepted, _) => {
                words::next_exchange("resched-was-accepted", None, next, reader)
            }
            (RescheduleStatus::Declined, _) => Msg::new("resched-was-declined"),
            (RescheduleStatus::Pending, _) if !r.choosing => Msg::new("resched-already-chosen"),
            _ => Msg::new("followup-reschedule-gone"),
        })
    }
}
