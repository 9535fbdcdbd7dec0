//! The service's side of the outbox: handing what a step produced to the planning keys
//! ([`crate::outbox::plan`]), and turning a claimed delivery into a [`Letter`] the notifier
//! can send, rendered for its reader at that moment (the latest agreement, their language and
//! time zone): reading the agreements and the people is the service's job, not the outbox's.

use crate::store::ConversationStatus;
use chrono::{DateTime, Duration, Utc};

use super::{CheckInStart, Desk, DeskError, Outgoing};
use crate::domain::agreement::{Choice, Means};
use crate::domain::prompt::{Arg, Msg, Prompt, Role};
pub(crate) use crate::outbox::plan::notice;
use crate::outbox::plan::{self, Nudges, Reading, Step};
use crate::outbox::service::Answer;
use crate::outbox::{
    nonce_of, Audience, Bell, CheckInOutcome, Claimed, Letter, NewDelivery, Payload, Service,
};

/// The deliveries of one step of a conversation: the prompts for each reader, in order, as one
/// delivery each, and the nudges of the questions among them (keyed by [`plan::step`]).
pub(super) fn step_deliveries(
    out: &[Outgoing],
    conversation: i64,
    support: i64,
    version: i64,
    now: DateTime<Utc>,
    nudge_delay_hours: u32,
    nudge_max: u32,
) -> Vec<NewDelivery> {
    let mut readers: Vec<Reading> = Vec::new();
    for o in out {
        match readers.iter_mut().find(|r| r.to == o.to) {
            Some(r) => {
                r.prompts.push(o.prompt.clone());
                if r.calendar.is_none() {
                    r.calendar = o.calendar.clone();
                }
            }
            None => readers.push(Reading {
                to: o.to,
                lang: o.lang,
                prompts: vec![o.prompt.clone()],
                calendar: o.calendar.clone(),
            }),
        }
    }
    let step = Step {
        conversation,
        support,
        version,
    };
    let nudges = Nudges {
        delay_hours: nudge_delay_hours,
        max: nudge_max,
    };
    plan::step(step, readers, nudges, now)
}

impl Desk {
    /// Waits until the dispatcher has sent what is due now (or `within` passed): an adapter
    /// that must say where a message went waits here, never on the dispatcher itself.
    pub async fn settle(&self, within: std::time::Duration) -> bool {
        self.bell.settle(within).await
    }

    /// Renders a claimed delivery for its reader. `None`: no longer worth sending (the
    /// agreement changed, the support ended); the scheduler records it as skipped.
    pub async fn letter(&self, c: &Claimed) -> Result<Option<Letter>, DeskError> {
        let payload = Payload::from_json(&c.payload)?;
        let kind = c.kind;
        let to = c.recipient_id as u64;
        let support = match c.support_id {
            Some(s) => self.store.support_row(s).await?,
            None => None,
        };
        let guild = support.as_ref().map(|s| s.guild_id as u64);
        let mut letter = Letter {
            delivery: c.id,
            kind,
            to,
            lang: self.config.language,
            conversation: c.conversation_id,
            guild,
            prompts: Vec::new(),
            calendar: None,
            nonce: nonce_of(&c.key),
        };
        match payload {
            Payload::Prompts {
                lang,
                prompts,
                calendar,
            } => {
                // The questions of a conversation replaced or ended are not asked (a send left
                // in flight by a crash while it was abandoned); a finished one still says its
                // last words (the agreement, the thanks).
                if self.conversation_status(c).await? == Some(ConversationStatus::Abandoned) {
                    return Ok(None);
                }
                letter.lang = lang;
                letter.prompts = prompts;
                letter.calendar = calendar;
            }
            Payload::Nudge { lang, mut prompts } => {
                // A conversation over (ended, replaced) asks nothing any more: an answer to
                // its nudge would find no question.
                if self.conversation_status(c).await? != Some(ConversationStatus::Active) {
                    return Ok(None);
                }
                letter.lang = lang;
                if let Some(first) = prompts.first_mut() {
                    first.body.insert(0, Msg::new("followup-nudge-intro"));
                }
                letter.prompts = prompts;
            }
            Payload::Notice { msg } => {
                letter.lang = self.lang_of(to, guild.unwrap_or(0), None).await?;
                let role = match &support {
                    Some(s) if s.beneficiary_id as u64 == to => Role::Beneficiary,
                    _ => Role::Advisor,
                };
                letter.prompts = vec![Prompt::info(role, msg)];
            }
            // Not a letter: the scheduler starts the check-in (`Desk::begin_checkin`).
            Payload::CheckIn => return Ok(None),
            Payload::After { exchange } => return self.after_letter(c, exchange, letter).await,
            Payload::Digest {
                scope,
                coordinator,
                since,
            } => {
                letter.lang = self.lang_of(to, 0, None).await?;
                let prompt = match self.digest_letter(to, scope, coordinator, since).await {
                    Ok(p) => p,
                    Err(DeskError::Store(e)) => return Err(DeskError::Store(e)),
                    Err(_) => Prompt::info(Role::Advisor, super::digest::unavailable()),
                };
                letter.prompts = vec![prompt];
            }
            Payload::Reminder {
                exchange,
                lead_minutes,
            } => {
                let Some(s) = support else { return Ok(None) };
                if s.status != crate::store::SupportStatus::Active {
                    return Ok(None);
                }
                let Some(a) = self.store.active_agreement(s.id).await? else {
                    return Ok(None);
                };
                // The agreement may have changed since this was planned.
                let schedule = super::schedule_of(&a)?;
                let before = exchange - Duration::seconds(1);
                if schedule.upcoming(before, 1).first() != Some(&exchange) {
                    return Ok(None);
                }
                let guild = s.guild_id as u64;
                letter.lang = self.lang_of(to, guild, None).await?;
                let tz = self.timezone_of(to, guild).await?;
                let (mine, theirs, other, role) = if to as i64 == a.beneficiary_id {
                    (
                        &a.beneficiary_commitments,
                        &a.advisor_commitments,
                        a.advisor_id,
                        Role::Beneficiary,
                    )
                } else {
                    (
                        &a.advisor_commitments,
                        &a.beneficiary_commitments,
                        a.beneficiary_id,
                        Role::Advisor,
                    )
                };
                let other_role = match role {
                    Role::Beneficiary => Role::Advisor,
                    Role::Advisor => Role::Beneficiary,
                };
                let other_name = self.name_arg(other as u64, other_role).await?;
                let means: Vec<Msg> = a
                    .means
                    .split(',')
                    .filter_map(Means::from_id)
                    .map(|m| m.msg(a.other_means.as_deref()))
                    .collect();
                let msg = Msg::new("followup-reminder")
                    .arg("when", Arg::When(exchange, tz))
                    .arg("lead", Arg::Msg(Box::new(lead_msg(lead_minutes))))
                    .arg("other", other_name)
                    .arg("means", Arg::Msgs(means))
                    .text("mine", mine.clone())
                    .text("theirs", theirs.clone());
                letter.prompts = vec![Prompt::info(role, msg)];
            }
        }
        Ok(Some(letter))
    }

    /// The status of the conversation a delivery belongs to (`None`: none, or gone).
    async fn conversation_status(
        &self,
        c: &Claimed,
    ) -> Result<Option<ConversationStatus>, DeskError> {
        let Some(cid) = c.conversation_id else {
            return Ok(None);
        };
        Ok(self.store.conversation(cid).await?.map(|r| r.status))
    }

    /// The name a person is shown by to others, as a message argument: their display name,
    /// else the neutral form for their side ("votre bénéficiaire").
    pub(crate) async fn name_arg(&self, user: u64, role: Role) -> Result<Arg, DeskError> {
        let name = self.store.person(user).await?.map(|p| p.display_name);
        Ok(crate::domain::names::person(name.as_deref(), role))
    }

    /// The name a person of `support` is shown by to the other side (see [`Self::name_arg`]).
    pub(crate) async fn name_in(
        &self,
        user: u64,
        support: &crate::store::SupportRow,
    ) -> Result<Arg, DeskError> {
        let role = if support.advisor_id == user as i64 {
            Role::Advisor
        } else {
            Role::Beneficiary
        };
        self.name_arg(user, role).await
    }

    /// [`Self::name_in`] for the support `support_id` (a person of no known support is named
    /// as a beneficiary would be, never by an id).
    pub(crate) async fn name_in_support(
        &self,
        user: u64,
        support_id: i64,
    ) -> Result<Arg, DeskError> {
        match self.store.support_row(support_id).await? {
            Some(s) => self.name_in(user, &s).await,
            None => self.name_arg(user, Role::Beneficiary).await,
        }
    }

    /// The name a person is shown by to others.
    pub(crate) async fn name_of(&self, user: u64) -> Result<String, DeskError> {
        Ok(self
            .store
            .person(user)
            .await?
            .map(|p| p.display_name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| user.to_string()))
    }
}

/// "in 24 hours", "in 90 minutes", "in 2 days".
fn lead_msg(minutes: u32) -> Msg {
    let (id, n) = if minutes.is_multiple_of(1440) {
        ("followup-lead-days", minutes / 1440)
    } else if minutes.is_multiple_of(60) {
        ("followup-lead-hours", minutes / 60)
    } else {
        ("followup-lead-minutes", minutes)
    };
    Msg::new(id).arg("n", Arg::Num(i64::from(n)))
}

/// The service as the dispatcher sees it: `app.rs` hands the desk to it as this trait.
impl Service for Desk {
    fn store(&self) -> &crate::store::Store {
        &self.store
    }

    fn config(&self) -> &crate::config::Config {
        &self.config
    }

    fn clock(&self) -> std::sync::Arc<dyn crate::clock::Clock> {
        self.shared_clock()
    }

    fn bell(&self) -> std::sync::Arc<Bell> {
        Desk::bell(self)
    }

    fn letter<'a>(&'a self, delivery: &'a Claimed) -> Answer<'a, Option<Letter>> {
        Box::pin(async move { Ok(Desk::letter(self, delivery).await?) })
    }

    fn begin_checkin<'a>(&'a self, delivery: &'a Claimed) -> Answer<'a, CheckInOutcome> {
        Box::pin(async move {
            Ok(match Desk::begin_checkin(self, delivery).await? {
                CheckInStart::Started(_) | CheckInStart::AlreadyStarted => CheckInOutcome::Started,
                CheckInStart::Skipped(why) => CheckInOutcome::Skipped(why),
            })
        })
    }

    fn name<'a>(&'a self, user: u64, role: Role) -> Answer<'a, Arg> {
        Box::pin(async move { Ok(self.name_arg(user, role).await?) })
    }

    fn plan_digests(&self, audience: Audience) -> Answer<'_, usize> {
        Box::pin(async move { Ok(self.plan_due_digests(audience).await?) })
    }

    fn run_retention(&self) -> Answer<'_, ()> {
        Box::pin(async move { Ok(self.run_retention_if_due().await.map(|_| ())?) })
    }
}
