//! `/reschedule`: either side proposes a new date for the next exchange, a new rhythm, or
//! both; the other side accepts or declines with a button (or a numbered choice in the
//! console). The beneficiary stays free to choose: an advisor's proposal changes nothing until
//! the beneficiary accepts it, and the other way round.

use chrono::{Duration, NaiveDateTime};

use super::outbox::notice;
use super::{schedule_of, Desk, DeskError, Who};
use crate::domain::cadence::Cadence;
use crate::domain::prompt::{Arg, Controls, Expect, Msg, Opt, Prompt, Role};
use crate::domain::when;
use crate::scheduler::Payload;
use crate::store::{DeliveryKind, NewDelivery, NewReschedule};

/// The option ids of a proposal's answer: `rs-accept-<id>`, `rs-decline-<id>`.
pub fn decision_of(option: &str) -> Option<(i64, bool)> {
    let (accept, rest) = if let Some(r) = option.strip_prefix("rs-accept-") {
        (true, r)
    } else {
        (false, option.strip_prefix("rs-decline-")?)
    };
    Some((rest.parse().ok()?, accept))
}

const LOCAL: &str = "%Y-%m-%dT%H:%M:%S";

impl Desk {
    /// Proposes a change to the other side of `who`'s support. `when` is a date typed as
    /// people type it, read in `who`'s time zone; `rhythm` a cadence ("every 3 weeks").
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
        // The new first exchange, as a wall time in the agreement's zone. A new rhythm alone
        // starts from the next exchange already agreed.
        let first: Option<NaiveDateTime> = match (&moment, cadence) {
            (Some(m), _) => Some(m.utc.with_timezone(&tz).naive_local()),
            (None, Some(_)) => schedule
                .upcoming(now, 1)
                .first()
                .map(|t| t.with_timezone(&tz).naive_local()),
            (None, None) => None,
        };
        let cadence_json = cadence
            .map(|c| serde_json::to_string(&c))
            .transpose()
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        let first_text = first.map(|f| f.format(LOCAL).to_string());
        let to = if support.advisor_id as u64 == who.id {
            support.beneficiary_id as u64
        } else {
            support.advisor_id as u64
        };
        let role = if to == support.beneficiary_id as u64 {
            Role::Beneficiary
        } else {
            Role::Advisor
        };
        let to_lang = self.lang_of(to, support.guild_id as u64, None).await?;
        let to_tz = self.timezone_of(to, support.guild_id as u64).await?;
        // The proposer is on the other side from the person asked (`role`).
        let by_role = match role {
            Role::Beneficiary => Role::Advisor,
            Role::Advisor => Role::Beneficiary,
        };
        let by = self.name_arg(who.id, by_role).await?;
        let summary = proposal_msg(
            first.map(|f| crate::domain::cadence::resolve_local(f, tz)),
            cadence,
            to_tz,
        );
        let ask_body = Msg::new("followup-reschedule-proposed")
            .arg("by", by)
            .arg("change", Arg::Msg(Box::new(summary)));
        let proposer_tz = reader_tz;
        let support_id = support.id;
        let rid = self
            .store
            .propose_reschedule(
                NewReschedule {
                    support: support.id,
                    agreement: agreement.id,
                    by: who.id,
                    cadence: cadence_json.as_deref(),
                    first_local: first_text.as_deref(),
                    timezone: tz.name(),
                },
                |rid| {
                    let prompt = Prompt {
                        to: role,
                        body: vec![ask_body],
                        expect: Expect::One(vec![
                            Opt {
                                id: format!("rs-accept-{rid}"),
                                label: Msg::new("followup-reschedule-accept"),
                            },
                            Opt {
                                id: format!("rs-decline-{rid}"),
                                label: Msg::new("followup-reschedule-decline"),
                            },
                        ]),
                        controls: Controls::default(),
                        token: None,
                        asked: None,
                    };
                    vec![NewDelivery {
                        key: format!("reschedule:{rid}:{to}"),
                        kind: DeliveryKind::Notice,
                        recipient: to,
                        support: Some(support_id),
                        conversation: None,
                        series: None,
                        due: now,
                        expires: None,
                        payload: Payload::Prompts {
                            lang: to_lang,
                            prompts: vec![prompt],
                            calendar: None,
                        }
                        .to_json(),
                    }]
                },
                now,
            )
            .await?;
        self.ring();
        tracing::info!(proposal = rid, "reschedule proposed");
        Ok(Msg::new("followup-reschedule-sent").arg(
            "change",
            Arg::Msg(Box::new(proposal_msg(
                first.map(|f| crate::domain::cadence::resolve_local(f, tz)),
                cadence,
                proposer_tz,
            ))),
        ))
    }

    /// The other side's answer to a proposal. Returns what to tell them.
    pub async fn decide_reschedule(
        &self,
        proposal: i64,
        who: &Who,
        accept: bool,
    ) -> Result<Msg, DeskError> {
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        let r = self
            .store
            .reschedule(proposal)
            .await?
            .ok_or(DeskError::Invalid("followup-reschedule-gone"))?;
        let support = self
            .store
            .support_row(r.support_id)
            .await?
            .ok_or(super::ChangeError::NoSupport)?;
        let other = if r.proposed_by == support.advisor_id {
            support.beneficiary_id
        } else {
            support.advisor_id
        };
        if who.id as i64 != other {
            return Err(DeskError::Invalid("followup-reschedule-not-yours"));
        }
        if r.status != "pending" {
            return Err(DeskError::Invalid("followup-reschedule-gone"));
        }
        let tz: chrono_tz::Tz = r.timezone.parse().unwrap_or(self.config.timezone);
        let first_utc = r
            .first_exchange_local
            .as_deref()
            .and_then(|l| NaiveDateTime::parse_from_str(l, LOCAL).ok())
            .map(|l| crate::domain::cadence::resolve_local(l, tz));
        let proposer = r.proposed_by as u64;
        let id = if accept {
            "followup-reschedule-accepted"
        } else {
            "followup-reschedule-declined"
        };
        let by_role = if who.id as i64 == support.advisor_id {
            Role::Advisor
        } else {
            Role::Beneficiary
        };
        let msg = Msg::new(id).arg("by", self.name_arg(who.id, by_role).await?);
        let told = [notice(
            format!("notice:reschedule-{proposal}:{proposer}"),
            proposer,
            Some(r.support_id),
            msg,
            now,
        )];
        if !self
            .store
            .decide_reschedule(&r, accept, first_utc, &told, now)
            .await?
        {
            return Err(DeskError::Invalid("followup-reschedule-gone"));
        }
        self.ring();
        if !accept {
            return Ok(Msg::new("followup-reschedule-you-declined"));
        }
        let next = match self.store.active_agreement(r.support_id).await? {
            Some(a) => schedule_of(&a)?
                .upcoming(now - Duration::seconds(1), 1)
                .first()
                .copied(),
            None => None,
        };
        let reader_tz = self.timezone_of(who.id, support.guild_id as u64).await?;
        Ok(match next {
            Some(t) => {
                Msg::new("followup-reschedule-you-accepted").arg("next", Arg::When(t, reader_tz))
            }
            None => Msg::new("followup-reschedule-you-accepted-none"),
        })
    }
}

/// "the next exchange on …, then every 3 weeks".
fn proposal_msg(
    first: Option<chrono::DateTime<chrono::Utc>>,
    cadence: Option<Cadence>,
    tz: chrono_tz::Tz,
) -> Msg {
    let rhythm = cadence.map(crate::domain::recap::cadence_msg);
    match (first, rhythm) {
        (Some(t), Some(r)) => Msg::new("followup-change-both")
            .arg("when", Arg::When(t, tz))
            .arg("rhythm", Arg::Msg(Box::new(r))),
        (Some(t), None) => Msg::new("followup-change-date").arg("when", Arg::When(t, tz)),
        (None, Some(r)) => Msg::new("followup-change-rhythm").arg("rhythm", Arg::Msg(Box::new(r))),
        (None, None) => Msg::new("followup-change-date"),
    }
}
