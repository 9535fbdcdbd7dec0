//! The conversation service: the one path from a person's input to the saved state and the
//! prompts to send. Loads the state, feeds the domain engine, saves the result in one
//! transaction, and says who must read what, in which language.
//!
//! Used by `discord/` and `console/` alike; it knows nothing of either. Inputs are applied one
//! at a time (a small server's load fits easily), so two clicks at once cannot lose an answer.

mod outbox;
mod reschedule;
mod support;

pub(crate) use outbox::notice;
pub use reschedule::decision_of;
pub use support::{Change, ChangeError};

use std::sync::Arc;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::closing::{Closing, ClosingError, Input};
use crate::domain::localized::Localized;
use crate::domain::opening::Opening;
use crate::domain::prompt::{Prompt, Role};
use crate::i18n::{negotiate, I18n, Lang};
use crate::store::{ConversationKind, ConversationRow, Start, StepSave, Store, StoreError};

/// A person as an adapter knows them at the moment they act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub id: u64,
    pub name: String,
    /// The locale of their interaction, when the platform tells it.
    pub locale: Option<String>,
}

impl Who {
    pub fn new(id: u64, name: impl Into<String>) -> Self {
        Who {
            id,
            name: name.into(),
            locale: None,
        }
    }
}

/// A prompt to send to one person.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to: u64,
    pub role: Role,
    pub lang: Lang,
    pub conversation: i64,
    pub prompt: Prompt,
    /// When an agreement was just confirmed: its schedule, sent as a calendar file.
    pub calendar: Option<Calendar>,
}

impl Outgoing {
    fn new(to: u64, lang: Lang, conversation: i64, prompt: Prompt) -> Self {
        Outgoing {
            to,
            role: prompt.to,
            lang,
            conversation,
            prompt,
            calendar: None,
        }
    }
}

/// The agreed exchanges, to be sent as an `.ics` file with the agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub schedule: crate::domain::cadence::Schedule,
    /// Stable across resends: `agreement-<id>@suivi`.
    pub uid: String,
    pub stamp: chrono::DateTime<chrono::Utc>,
}

/// How many exchanges the calendar file lists (a year of fortnightly exchanges).
pub const CALENDAR_EXCHANGES: u32 = 26;

impl Calendar {
    /// The RFC 5545 text, titled in `lang`.
    pub fn ics(&self, i18n: &I18n, lang: Lang) -> String {
        crate::domain::ics::calendar(
            &self.schedule,
            CALENDAR_EXCHANGES,
            &self.uid,
            &i18n.text(lang, "ics-summary"),
            &i18n.text(lang, "ics-description"),
            self.stamp,
        )
    }
}

/// Why an input was not applied. Each maps to a message for the person who acted.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("refused: {0}")]
    Refused(#[from] ClosingError),
    #[error("no conversation is waiting for this person")]
    NoConversation,
    /// The question this message would answer never reached the person: it is sent again
    /// first, and the message is not taken as an answer.
    #[error("the current question had not been delivered")]
    Undelivered,
    /// Another process kept changing the conversation: the input was not applied.
    #[error("the conversation changed meanwhile")]
    Busy,
    #[error(transparent)]
    Change(#[from] ChangeError),
    /// Something typed that cannot be used; the id names the message that says what to do.
    #[error("invalid input: {0}")]
    Invalid(&'static str),
    /// Something typed that cannot be used, with the message (and its values) that says why.
    #[error("invalid input: {}", .0.id)]
    Rejected(crate::domain::prompt::Msg),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DeskError {
    pub fn message_id(&self) -> &'static str {
        match self {
            DeskError::Refused(e) => e.message_id(),
            DeskError::NoConversation => "desk-no-conversation",
            DeskError::Undelivered => "desk-prompt-resent",
            DeskError::Busy => "desk-busy",
            DeskError::Change(e) => e.message_id(),
            DeskError::Invalid(id) => id,
            DeskError::Rejected(_) => "desk-invalid",
            DeskError::Store(_) => "desk-store-error",
        }
    }

    /// The message for the person who acted, with its values.
    pub fn msg(&self) -> crate::domain::prompt::Msg {
        match self {
            DeskError::Rejected(m) => m.clone(),
            other => crate::domain::prompt::Msg::new(other.message_id()),
        }
    }
}

/// The engine's state as saved in `conversations.state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum State {
    Opening(Opening),
    Closing(Box<Closing>),
}

/// The service.
pub struct Desk {
    store: Store,
    i18n: Arc<I18n>,
    config: Arc<Config>,
    clock: Arc<dyn Clock>,
    serial: tokio::sync::Mutex<()>,
    /// Rung after every commit that planned a delivery: the scheduler wakes at once.
    bell: Arc<tokio::sync::Notify>,
    /// Steps saved since start: every [`CHECKPOINT_EVERY`] a checkpoint runs in the background.
    saved: std::sync::atomic::AtomicU64,
}

/// How many saved steps between two background WAL checkpoints.
const CHECKPOINT_EVERY: u64 = 200;

impl Desk {
    pub fn new(store: Store, i18n: Arc<I18n>, config: Arc<Config>, clock: Arc<dyn Clock>) -> Self {
        Desk {
            store,
            i18n,
            config,
            clock,
            serial: tokio::sync::Mutex::new(()),
            bell: Arc::new(tokio::sync::Notify::new()),
            saved: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// The clock, shared (the scheduler sleeps on it).
    pub fn shared_clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// The scheduler's bell: rung when something was planned.
    pub fn bell(&self) -> Arc<tokio::sync::Notify> {
        self.bell.clone()
    }

    /// Wakes the scheduler.
    pub(crate) fn ring(&self) {
        self.bell.notify_one();
    }

    /// Opens a work session: the beneficiary will be asked for their expectations. Everything
    /// it creates (people, support, session, conversation) is one transaction.
    pub async fn open_session(
        &self,
        guild: u64,
        advisor: &Who,
        beneficiary: &Who,
    ) -> Result<(i64, Vec<Outgoing>), DeskError> {
        let _one = self.serial.lock().await;
        let state = State::Opening(Opening::new(advisor.id, beneficiary.id));
        self.begin(guild, None, &state, advisor, beneficiary).await
    }

    /// Saves a new conversation (in one transaction) and returns its first prompt, for the
    /// beneficiary. It is not sent yet: on Discord the beneficiary's click on Start sends it.
    async fn begin(
        &self,
        guild: u64,
        session: Option<i64>,
        state: &State,
        advisor: &Who,
        beneficiary: &Who,
    ) -> Result<(i64, Vec<Outgoing>), DeskError> {
        let (kind, step) = match state {
            State::Opening(_) => (ConversationKind::Opening, "expectations".to_owned()),
            State::Closing(c) => (ConversationKind::Closing, c.step.id()),
        };
        let now = self.clock.now();
        let json = to_json(state)?;
        let (_, cid) = self
            .store
            .start_conversation(
                Start {
                    guild,
                    advisor: (advisor.id, &advisor.name, advisor.locale.as_deref()),
                    beneficiary: (beneficiary.id, &beneficiary.name),
                    session,
                    kind,
                    step: &step,
                    state: &json,
                },
                now,
            )
            .await?;
        let first = vec![current(state)];
        let out = self
            .outgoing(cid, guild, advisor.id, beneficiary.id, first)
            .await?;
        Ok((cid, out))
    }

    /// Starts the closing conversation of the open work session (one is opened if there is
    /// none: the review then has no expectations to recall).
    pub async fn start_closing(
        &self,
        guild: u64,
        advisor: &Who,
        beneficiary: &Who,
        synthesis: bool,
    ) -> Result<(i64, Vec<Outgoing>), DeskError> {
        let _one = self.serial.lock().await;
        let open = match self
            .store
            .find_support(guild, advisor.id, beneficiary.id)
            .await?
        {
            Some(support) => self.store.open_session_of(support).await?,
            None => None,
        };
        let (session, expectations) = match open {
            Some((s, e)) => (Some(s), e),
            None => (None, None),
        };
        let called_on_for = self.called_on_for(guild).await?;
        let tz = self.timezone_of(beneficiary.id, guild).await?;
        let closing = Closing::new(
            advisor.id,
            beneficiary.id,
            expectations,
            synthesis,
            called_on_for,
            tz,
        );
        let state = State::Closing(Box::new(closing));
        self.begin(guild, session, &state, advisor, beneficiary)
            .await
    }

    /// "What an advisor can be called on for" in each language: the guild's text in that
    /// language, else the guild's text given in any language, else the configured one.
    async fn called_on_for(&self, guild: u64) -> Result<Localized, DeskError> {
        let g = self.store.guild(guild).await?.unwrap_or_default();
        let set = |t: &Option<String>| t.clone().filter(|t| !t.trim().is_empty());
        let texts = Lang::ALL.iter().map(|lang| {
            let own = match lang {
                Lang::Fr => set(&g.called_on_for_fr),
                Lang::En => set(&g.called_on_for_en),
            };
            let text = own
                .or_else(|| set(&g.called_on_for))
                .unwrap_or_else(|| self.config.called_on_for.get(lang.code()).to_owned());
            (lang.code(), text)
        });
        Ok(Localized::per_lang(texts))
    }

    /// Free text from a person in a private conversation: goes to their active conversation.
    pub async fn text_from(&self, who: &Who, text: &str) -> Result<Vec<Outgoing>, DeskError> {
        let row = self
            .store
            .active_conversation_for(who.id)
            .await?
            .ok_or(DeskError::NoConversation)?;
        let undelivered = self.store.undelivered_prompts(row.id, who.id).await?;
        if !undelivered.is_empty() {
            self.store
                .replan_failed(&undelivered, self.clock.now())
                .await?;
            self.ring();
            return Err(DeskError::Undelivered);
        }
        self.input(row.id, who, Input::Text(text.to_owned())).await
    }

    /// Applies one input to a conversation and saves the result, with what it sends planned in
    /// the same transaction. A save that lost a race with another process (the console and the
    /// bot on one file) is applied again on the fresh state, a few times, then refused.
    pub async fn input(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let _one = self.serial.lock().await;
        for _ in 0..4 {
            match self.apply_once(conversation, who, input.clone()).await {
                Err(DeskError::Store(StoreError::Conflict)) => continue,
                done => return done,
            }
        }
        Err(DeskError::Busy)
    }

    async fn apply_once(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let now = self.clock.now();
        let row = self
            .store
            .conversation(conversation)
            .await?
            .ok_or(DeskError::NoConversation)?;
        if row.status != "active" {
            return Err(ClosingError::Finished.into());
        }
        let mut state: State =
            serde_json::from_str(&row.state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut stops = false;
        let (prompts, save_answer, expectations, agreement, done, step) = match &mut state {
            State::Opening(o) => {
                let prompts = o.apply(who.id, input, &self.config.own_words, &*self.i18n)?;
                let exp = o.expectations.as_ref().map(|a| a.as_str().to_owned());
                let done = o.is_done();
                (
                    prompts,
                    exp.clone().map(|e| ("expectations".to_owned(), e)),
                    exp,
                    None,
                    done,
                    "expectations".to_owned(),
                )
            }
            State::Closing(c) => {
                let ctx = crate::domain::closing::Ctx {
                    now,
                    policy: &self.config.own_words,
                    texts: &*self.i18n,
                };
                let outcome = c.apply(who.id, input, &ctx)?;
                let answer = outcome.recorded.map(|(s, v)| (s.id(), v));
                stops = c.answers.wants_continue == Some(crate::domain::agreement::Continue::No);
                (
                    outcome.prompts,
                    answer,
                    None,
                    outcome.agreement,
                    c.is_agreed(),
                    c.step.id(),
                )
            }
        };
        let json = to_json(&state)?;
        let (advisor, beneficiary) = (row.advisor_id as u64, row.beneficiary_id as u64);
        let mut out: Vec<Outgoing> = prompts
            .into_iter()
            .map(|prompt| {
                let (to, saved, last) = match prompt.to {
                    Role::Beneficiary => {
                        (beneficiary, &row.beneficiary_lang, &row.beneficiary_locale)
                    }
                    Role::Advisor => (advisor, &row.advisor_lang, &row.advisor_locale),
                };
                // The locale of this very interaction is newer than the stored one.
                let last = if to == who.id && who.locale.is_some() {
                    &who.locale
                } else {
                    last
                };
                let guild = row.guild_lang.as_deref().or(row.guild_locale.as_deref());
                let lang = negotiate(
                    saved.as_deref(),
                    last.as_deref(),
                    guild,
                    self.config.language,
                );
                Outgoing::new(to, lang, conversation, prompt)
            })
            .collect();
        let version = row.version + 1;
        let mut reminders = Vec::new();
        let mut next_plan_at = None;
        if stops && done {
            let msg = crate::domain::prompt::Msg::new("followup-ended-at-review")
                .text("beneficiary", self.name_of(beneficiary).await?);
            out.push(Outgoing::new(
                advisor,
                self.lang_of(advisor, row.guild_id as u64, None).await?,
                conversation,
                Prompt::info(Role::Advisor, msg),
            ));
        }
        if let Some(a) = &agreement {
            // The agreement's id is known only once saved; the file's identity must not
            // change on a resend, so it derives from the conversation.
            let calendar = Calendar {
                schedule: a.schedule(),
                uid: format!("agreement-{conversation}@suivi"),
                stamp: now,
            };
            for o in &mut out {
                o.calendar = Some(calendar.clone());
            }
            if !stops {
                let sides = crate::scheduler::plan::Sides {
                    support: row.support_id,
                    advisor,
                    beneficiary,
                };
                let (ds, next) = crate::scheduler::plan::next_reminders(
                    sides,
                    &a.schedule(),
                    &self.config.reminder_leads_minutes,
                    now,
                );
                reminders = ds;
                next_plan_at = next;
            }
        }
        let deliveries = outbox::step_deliveries(
            &out,
            conversation,
            row.support_id,
            version,
            now,
            self.config.nudge_delay_hours,
            if done { 0 } else { self.config.nudge_max },
        );
        let save = StepSave {
            conversation,
            session: row.session_id,
            support: row.support_id,
            actor: (who.id, &who.name, who.locale.as_deref()),
            step: &step,
            state: &json,
            done,
            answer: save_answer.as_ref().map(|(f, v)| (f.as_str(), v.as_str())),
            expectations: expectations.as_deref(),
            agreement: agreement.as_ref(),
            version: row.version,
            deliveries: &deliveries,
            reminders: &reminders,
            next_plan_at,
            end_support: stops && done,
        };
        self.store.save_step(save, now).await?;
        self.ring();
        self.maybe_checkpoint();
        Ok(out)
    }

    /// Waits for the input being applied, if any, and keeps new ones out while the guard
    /// lives: shutdown holds it while the database closes, so nothing is half-done.
    pub async fn drain(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.serial.lock().await
    }

    /// Runs a passive WAL checkpoint in the background every so many steps, so that no
    /// person's step waits for one.
    fn maybe_checkpoint(&self) {
        let n = self
            .saved
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        if n.is_multiple_of(CHECKPOINT_EVERY) {
            let store = self.store.clone();
            tokio::spawn(async move {
                if let Err(e) = store.checkpoint().await {
                    tracing::warn!(error = %e, "background checkpoint failed");
                }
            });
        }
    }

    /// The prompt a participant is at, sent again (after a restart, or on request).
    pub async fn current(&self, conversation: i64, who: &Who) -> Result<Vec<Outgoing>, DeskError> {
        self.input(conversation, who, Input::Show).await
    }

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

    /// Reads a conversation's row (adapters use it to check who may act on a button).
    pub async fn conversation(
        &self,
        conversation: i64,
    ) -> Result<Option<ConversationRow>, DeskError> {
        Ok(self.store.conversation(conversation).await?)
    }

    /// The language to address `user` in (SPEC §6).
    /// `locale`, when given, is the locale of the interaction at hand: newer than the stored one.
    pub async fn lang_of(
        &self,
        user: u64,
        guild: u64,
        locale: Option<&str>,
    ) -> Result<Lang, DeskError> {
        let person = self.store.person(user).await?;
        let g = self.store.guild(guild).await?;
        let guild_pref = g
            .as_ref()
            .and_then(|g| g.lang.clone().or_else(|| g.preferred_locale.clone()));
        Ok(negotiate(
            person.as_ref().and_then(|p| p.lang.as_deref()),
            locale.or(person.as_ref().and_then(|p| p.last_locale.as_deref())),
            guild_pref.as_deref(),
            self.config.language,
        ))
    }

    /// The time zone typed dates are read in for `user`.
    pub async fn timezone_of(&self, user: u64, guild: u64) -> Result<Tz, DeskError> {
        let person = self.store.person(user).await?;
        let g = self.store.guild(guild).await?;
        let named = person
            .and_then(|p| p.timezone)
            .or_else(|| g.and_then(|g| g.timezone));
        Ok(named
            .and_then(|n| n.parse().ok())
            .unwrap_or(self.config.timezone))
    }

    async fn outgoing(
        &self,
        conversation: i64,
        guild: u64,
        advisor: u64,
        beneficiary: u64,
        prompts: Vec<Prompt>,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let mut out = Vec::with_capacity(prompts.len());
        for prompt in prompts {
            let to = match prompt.to {
                Role::Beneficiary => beneficiary,
                Role::Advisor => advisor,
            };
            let lang = self.lang_of(to, guild, None).await?;
            out.push(Outgoing::new(to, lang, conversation, prompt));
        }
        Ok(out)
    }
}

fn current(state: &State) -> Prompt {
    match state {
        State::Opening(o) => o.current(),
        State::Closing(c) => c.current(),
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

fn to_json(state: &State) -> Result<String, StoreError> {
    serde_json::to_string(state).map_err(|e| StoreError::Corrupt(e.to_string()))
}
