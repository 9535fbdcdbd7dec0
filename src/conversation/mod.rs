//! The conversation service: the one path from a person's input to the saved state and the
//! prompts to send. Loads the state, feeds the domain engine, saves the result in one
//! transaction, and says who must read what, in which language.
//!
//! Used by `discord/` and `console/` alike; it knows nothing of either. Inputs are applied one
//! at a time (a small server's load fits easily), so two clicks at once cannot lose an answer.

mod access;
mod after;
mod again;
mod begin;
mod calendar;
mod checkin;
mod chosen;
mod console;
mod digest;
mod error;
mod guilds;
mod messages;
mod outbox;
mod plan;
mod reschedule;
mod rights;
pub mod saved;
mod settings;
mod settled;
mod step;
mod support;

pub use access::{InProgress, ServerSettings, ServerSetup};
pub use after::{AfterChoice, AfterDone};
pub use begin::Begin;
pub use calendar::cap_note;
pub use checkin::CheckInStart;
pub use chosen::Chosen;
pub use digest::{next_digest_at, DigestScope};
pub use error::DeskError;
pub(crate) use outbox::notice;
pub(crate) use plan::{schedule_from, schedule_of};
pub use reschedule::Decision;
pub use rights::EXPORT_VERSION;
pub use step::Sent;
pub use support::{Change, ChangeError};

use std::sync::Arc;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::closing::Closing;
use crate::domain::opening::Opening;
use crate::domain::prompt::{Prompt, Role};
use crate::domain::talk::{Conversation, Input};
use crate::i18n::{negotiate, I18n, Lang};
use crate::store::{ConversationRow, Store, StoreError};

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

pub use crate::outbox::Calendar;

/// How many exchanges the calendar file lists (a year of fortnightly exchanges).
pub const CALENDAR_EXCHANGES: u32 = 26;

impl Calendar {
    /// The RFC 5545 text, titled in `lang` (see `calendar.rs`).
    pub fn ics(&self, i18n: &I18n, lang: Lang) -> String {
        calendar::ics(self, i18n, lang)
    }
}

/// The engine's state as saved in `conversations.state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum State {
    Opening(Opening),
    Closing(Box<Closing>),
    Checkin(Box<crate::domain::checkin::CheckIn>),
}

impl State {
    /// The conversation, whatever its kind: the service needs no branch per kind.
    fn talk(&mut self) -> &mut dyn Conversation {
        match self {
            State::Opening(o) => o,
            State::Closing(c) => &mut **c,
            State::Checkin(c) => &mut **c,
        }
    }

    fn view(&self) -> &dyn Conversation {
        match self {
            State::Opening(o) => o,
            State::Closing(c) => &**c,
            State::Checkin(c) => &**c,
        }
    }

    fn current(&self) -> Prompt {
        self.view().current()
    }
}

/// The service.
pub struct Desk {
    store: Store,
    i18n: Arc<I18n>,
    config: Arc<Config>,
    clock: Arc<dyn Clock>,
    serial: tokio::sync::Mutex<()>,
    /// Rung after every commit that planned a delivery: the scheduler wakes at once.
    bell: Arc<crate::outbox::Bell>,
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
            bell: Arc::default(),
            saved: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A store failure said for the operator's log: a full disk names the file that is full
    /// (the database or its write-ahead log).
    pub async fn explain(&self, e: StoreError) -> StoreError {
        self.store.explain(e).await
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
    pub fn bell(&self) -> Arc<crate::outbox::Bell> {
        self.bell.clone()
    }

    /// Records that the platform was heard from (for `suivi status`); never fails the caller.
    pub async fn heard_from_platform(&self) {
        if let Err(e) = self.store.gateway_seen(self.clock.now()).await {
            tracing::debug!(error = %e, "could not record the last gateway event");
        }
    }

    /// Records this process (its shards, pid, host), not ready yet, for `suivi status
    /// --health`; never fails the caller.
    pub async fn process_started(&self, id: &crate::store::ProcessId) {
        let now = self.clock.now();
        if let Err(e) = self.store.process_started(id, now).await {
            tracing::warn!(error = %e, "could not record this process for suivi status --health");
        }
    }

    /// Records whether this process's gateway (`span`) is ready, or only that it is alive
    /// (`None`: its heartbeat), for `suivi status --health`; never fails the caller.
    pub async fn gateway_state(&self, span: crate::store::ShardSpan, ready: Option<bool>) {
        let now = self.clock.now();
        let written = match ready {
            Some(ready) => self.store.record_gateway_state(span, ready, now).await,
            None => self.store.process_heartbeat(span, now).await,
        };
        if let Err(e) = written {
            tracing::warn!(error = %e, "could not record the gateway's state");
        }
    }

    /// Wakes the scheduler.
    pub(crate) fn ring(&self) {
        self.bell.ring();
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
    state.current()
}

fn to_json(state: &State) -> Result<String, StoreError> {
    saved::write_state(state)
}
