//! `/reschedule`: either side proposes a new date for the next exchange, a new rhythm, or
//! both; the other side accepts or declines with a button (or a numbered choice in the
//! console). The beneficiary stays free to choose: an advisor's proposal changes nothing until
//! the beneficiary accepts it, and the other way round.
//!
//! What is accepted is what is kept: the date accepted is the agreement's next exchange, to
//! the minute, and both sides are told it, each in their own zone. A date off the agreed
//! rhythm is said so to its proposer, who chooses before the other side is asked: that date
//! once, then the rhythm; or the next day on the rhythm, named in full. A newer proposal
//! replaces a pending one, and the author of the replaced one is told by whom and with what.
//!
//! Rooms: here the proposal and the proposer's choice; `answer` the other side's answer and
//! old buttons; `words` the messages and prompts; `again` the pending proposals asked again.

mod again;
mod answer;
mod words;

use chrono::NaiveDateTime;

use super::{schedule_of, Desk, DeskError, Who};
use crate::domain::cadence::{Cadence, Schedule};
use crate::domain::prompt::Msg;
use crate::domain::when;
use crate::store::{NewReschedule, RescheduleRow, SupportRow};
use words::{Change, Outgoing};

/// What an option of a proposal's prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The other side accepts (`rs-accept-<id>`).
    Accept,
    /// The other side declines (`rs-decline-<id>`).
    Decline,
    /// The proposer keeps the date off the rhythm, once (`rs-once-<id>`).
    Once,
    /// The proposer proposes the next day on the rhythm instead (`rs-rhythm-<id>`).
    Rhythm,
}

/// The option ids of a proposal's prompts: `rs-accept-<id>`, `rs-decline-<id>`,
/// `rs-once-<id>`, `rs-rhythm-<id>`.
pub fn decision_of(option: &str) -> Option<(i64, Decision)> {
    let options = [
        ("rs-accept-", Decision::Accept),
        ("rs-decline-", Decision::Decline),
        ("rs-once-", Decision::Once),
        ("rs-rhythm-", Decision::Rhythm),
    ];
    options.into_iter().find_map(|(prefix, d)| {
        let id = option.strip_prefix(prefix)?.parse().ok()?;
        Some((id, d))
    })
}

pub(super) const LOCAL: &str = "%Y-%m-%dT%H:%M:%S";

pub(super) fn parse_local(s: Option<&str>) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s?, LOCAL).ok()
}

impl Desk {
    /// Proposes a change to the other side of `who`'s support. `when` is a date typed as
    /// people type it, read in `who`'s time zone; `rhythm` a cadence ("every 3 weeks"). A date
    /// off the rhythm is not sent yet: its proposer is asked to choose first.
    pub async fn propose_reschedule(
        &self,
        guild: u64,
        who: &Who,
        other: Option<u64>,
        when_text: Option<&str>,
        rhythm: Option<&str>,
    ) -> Result<Msg, DeskError> {
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        let support = self.support_of(guild, who.id, other).await?;
        let agreement = self
            .store
            .active_agreement(support.id)
            .await?
            .ok_or(super::ChangeError::NoAgreement)?;
        let when_text = when_text.map(str::trim).filter(|t| !t.is_empty());
        let rhythm = rhythm.map(str::trim).filter(|t| !t.is_empty());
        if when_text.is_none() && rhythm.is_none() {
            return Err(DeskError::Invalid("followup-reschedule-empty"));
        }
        let schedule = schedule_of(&agreement)?;
        let tz = schedule.tz();
        let reader_tz = self.timezone_of(who.id, support.guild_id as u64).await?;
        let moment = match when_text {
            Some(t) => Some(
                when::parse_moment(t, now, reader_tz).map_err(|e| DeskError::Rejected(e.msg()))?,
            ),
            None => None,
        };
        let cadence = match rhythm {
            Some(r) => {
                Some(Cadence::parse(r, now, reader_tz).map_err(|e| DeskError::Rejected(e.msg()))?)
            }
            None => None,
        };
        // The new first exchange, as a wall time in the agreement's zone, and, for a date off
        // the rhythm, the next day on it at the same time.
        let (first, off) = match (&moment, cadence) {
            (Some(m), c) => {
                let want = m.utc.with_timezone(&tz).naive_local();
                let rhythm = rhythm_for(&schedule, c, want);
                (Some(want), on_rhythm_instead(&rhythm, want))
            }
            // A new rhythm alone starts from the next exchange already agreed, on its first
            // day on the new rhythm.
            (None, Some(c)) => {
                let next = schedule
                    .upcoming(now, 1)
                    .first()
                    .map(|t| t.with_timezone(&tz).naive_local());
                let first = next.and_then(|n| Schedule::new(n, tz, c).local_exchange(0));
                (first, None)
            }
            (None, None) => (None, None),
        };
        let cadence_json = cadence
            .map(|c| serde_json::to_string(&c))
            .transpose()
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        let first_text = first.map(|f| f.format(LOCAL).to_string());
        let proposal = Change {
            first,
            cadence,
            once: false,
            tz,
            rhythm: cadence.unwrap_or(schedule.cadence()),
        };
        // The stored proposal; `choosing` when its proposer must first choose (off the rhythm).
        let new_row = |choosing| NewReschedule {
            support: support.id,
            agreement: agreement.id,
            by: who.id,
            cadence: cadence_json.as_deref(),
            first_local: first_text.as_deref(),
            timezone: tz.name(),
            choosing,
        };
        if let (Some(want), Some(instead)) = (first, off) {
            // Off the rhythm: the proposer chooses first.
            let to = who.id;
            let lang = self.lang_of(to, support.guild_id as u64, None).await?;
            let role = words::role_of(&support, to);
            let choice = words::choice_prompt(role, &proposal, instead, reader_tz);
            let support_id = support.id;
            self.store
                .propose_reschedule(
                    new_row(true),
                    |rid| {
                        vec![words::prompt_delivery(
                            format!("reschedule-choice:{rid}:{to}"),
                            to,
                            support_id,
                            lang,
                            choice.with_ids(rid),
                            now,
                        )]
                    },
                    now,
                )
                .await?;
            self.ring();
            tracing::info!("reschedule off the rhythm: the proposer chooses");
            return Ok(words::choose_first(&proposal, want, reader_tz));
        }
        let out = self
            .reschedule_outgoing(&support, who.id, &proposal, None)
            .await?;
        let rid = self
            .store
            .propose_reschedule(new_row(false), |rid| out.deliveries(rid, now), now)
            .await?;
        self.ring();
        tracing::info!(proposal = rid, "reschedule proposed");
        Ok(out.sent)
    }

    /// The proposer's choice for a date off the rhythm: `once` keeps it, once; otherwise the
    /// next day on the rhythm is proposed instead. The other side is asked now.
    async fn choose_reschedule(
        &self,
        r: RescheduleRow,
        support: &SupportRow,
        who: &Who,
        once: bool,
    ) -> Result<Msg, DeskError> {
        let now = self.clock.now();
        let agreement = self
            .store
            .active_agreement(r.support_id)
            .await?
            .ok_or(super::ChangeError::NoAgreement)?;
        let schedule = schedule_of(&agreement)?;
        let tz: chrono_tz::Tz = r.timezone.parse().unwrap_or(schedule.tz());
        let cadence = words::cadence_of(r.cadence.as_deref());
        let Some(want) = parse_local(r.first_exchange_local.as_deref()) else {
            return Err(DeskError::Invalid("followup-reschedule-gone"));
        };
        let first = if once {
            want
        } else {
            on_rhythm_instead(&rhythm_for(&schedule, cadence, want), want).unwrap_or(want)
        };
        let proposal = Change {
            first: Some(first),
            cadence,
            once,
            tz,
            rhythm: cadence.unwrap_or(schedule.cadence()),
        };
        let out = self
            .reschedule_outgoing(support, who.id, &proposal, Some(r.id))
            .await?;
        let first_text = first.format(LOCAL).to_string();
        if !self
            .store
            .choose_reschedule(&r, &first_text, once, &out.deliveries(r.id, now), now)
            .await?
        {
            return Err(DeskError::Invalid("followup-reschedule-gone"));
        }
        self.ring();
        tracing::info!(proposal = r.id, once, "reschedule chosen and proposed");
        Ok(out.sent)
    }

    /// What sending `proposal` by `by` means: the question to the other side (named as a
    /// counter-proposal or a replacement when it replaces a pending one), the words to the
    /// authors of the proposals it replaces, and what its proposer is told.
    async fn reschedule_outgoing(
        &self,
        support: &SupportRow,
        by: u64,
        proposal: &Change,
        itself: Option<i64>,
    ) -> Result<Outgoing, DeskError> {
        let guild = support.guild_id as u64;
        let to = if support.advisor_id as u64 == by {
            support.beneficiary_id as u64
        } else {
            support.advisor_id as u64
        };
        let pending: Vec<RescheduleRow> = self
            .store
            .pending_reschedules(Some(support.id))
            .await?
            .into_iter()
            .filter(|x| Some(x.id) != itself)
            .collect();
        let by_name = self.name_in(by, support).await?;
        let to_name = self.name_in(to, support).await?;
        let to_tz = self.timezone_of(to, guild).await?;
        let by_tz = self.timezone_of(by, guild).await?;
        let mut out = Outgoing {
            to,
            role: words::role_of(support, to),
            lang: self.lang_of(to, guild, None).await?,
            support: support.id,
            body: words::proposed(&by_name, proposal, to_tz),
            sent: words::sent(proposal, by_tz),
            notices: Vec::new(),
        };
        for x in &pending {
            let old = words::reference(x);
            match (x.proposed_by as u64 == by, x.choosing) {
                // The other side's proposal, answered by this one: a counter-proposal.
                (false, false) => {
                    out.body = words::countered(&old, &by_name, proposal, to_tz);
                    out.sent = words::sent_counter(proposal, by_tz, &old, &to_name);
                }
                // The proposer's own earlier proposal: the other side is told it is replaced.
                (true, false) => {
                    out.body = words::proposed_again(&by_name, &old, proposal, to_tz);
                    out.sent = words::sent_again(proposal, by_tz, &old);
                }
                // The other side's proposal still being chosen: its author is told.
                (false, true) => {
                    out.notices
                        .push((x.id, to, words::replaced(&old, &by_name, proposal, to_tz)))
                }
                // The proposer's own unfinished one: this one takes its place.
                (true, true) => {}
            }
        }
        Ok(out)
    }
}

/// The rhythm a date is checked against: the new one when proposed (starting on that date),
/// else the agreed one.
fn rhythm_for(schedule: &Schedule, cadence: Option<Cadence>, want: NaiveDateTime) -> Schedule {
    match cadence {
        Some(c) => Schedule::new(want, schedule.tz(), c),
        None => schedule.rhythm(),
    }
}

/// For a date off `rhythm`: the next day on it, at the same time. `None` when on it.
fn on_rhythm_instead(rhythm: &Schedule, want: NaiveDateTime) -> Option<NaiveDateTime> {
    if rhythm.falls_on(want.date()) {
        return None;
    }
    Some(
        rhythm
            .rhythm_day_on_or_after(want.date())?
            .and_time(want.time()),
    )
}
