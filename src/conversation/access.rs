//! Who is acting, decided here: an adapter hands over the facts it gathered ([`Facts`]: the
//! person, their roles on the server, whether they manage it) and the service reads them
//! against the roles the server chose with `/setup`, then asks `domain::access` before it
//! reads or changes anything. The commands whose right depends on a role come in through
//! here (`/session`, `/setup`, `/plan`, `/digest`); those about one support check its sides
//! where the support is found (`support_of`, the relay consent).

use chrono_tz::Tz;

use super::{Begin, Desk, DeskError, DigestScope, Outgoing, Who};
use crate::domain::access::{allows, Action, Actor, Facts, ServerRoles, Sides};
use crate::domain::prompt::Prompt;
use crate::i18n::Lang;

/// Refused with the message of `action` unless `actor` may do it.
pub(crate) fn permit(actor: &Actor, action: Action) -> Result<(), DeskError> {
    match allows(actor, action) {
        true => Ok(()),
        false => Err(DeskError::Invalid(action.refusal())),
    }
}

/// What `/setup` changes; what is `None` stays as it was.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerSetup {
    pub advisor_role: Option<u64>,
    pub coordinator_role: Option<u64>,
    pub fallback_channel: Option<u64>,
    pub lang: Option<Lang>,
    pub timezone: Option<Tz>,
    /// "What an advisor can be called on for", in French; blank leaves it unchanged.
    pub called_on_for_fr: Option<String>,
    /// The same, in English.
    pub called_on_for_en: Option<String>,
}

/// A server's settings after `/setup`, as its admin is shown them.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerSettings {
    pub advisor_role: Option<u64>,
    pub fallback_channel: Option<u64>,
    /// The server's time zone (the configured one until it chooses).
    pub timezone: Tz,
    /// The language everyone in the server reads.
    pub lang: Lang,
}

/// A closing in progress, as its advisor's Resume and Start again buttons act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InProgress {
    pub guild: u64,
    pub beneficiary: Who,
}

impl Desk {
    /// `facts` read against the roles `guild` chose (none outside a server).
    pub async fn actor(&self, guild: Option<u64>, facts: &Facts) -> Result<Actor, DeskError> {
        let server = match guild {
            Some(g) => ServerRoles {
                advisor: self.advisor_role_of(g).await?,
                coordinator: self.store.coordinator_role(g).await?,
            },
            None => ServerRoles::default(),
        };
        Ok(Actor::of(facts, server))
    }

    /// `/session open|close`: the advisor role (or managing the server) lets one begin a
    /// conversation with someone other than oneself.
    pub async fn lead(
        &self,
        guild: u64,
        facts: &Facts,
        advisor: &Who,
        beneficiary: &Who,
        what: Begin,
    ) -> Result<(i64, Vec<Outgoing>), DeskError> {
        permit(&self.actor(Some(guild), facts).await?, Action::LeadSession)?;
        if beneficiary.id == advisor.id {
            return Err(DeskError::Invalid("discord-bad-beneficiary"));
        }
        match what {
            Begin::Open => {
                self.between(guild, advisor, beneficiary)
                    .open_session()
                    .await
            }
            Begin::Close { synthesis } => {
                self.between(guild, advisor, beneficiary)
                    .start_closing(synthesis)
                    .await
            }
        }
    }

    /// `/setup`: those who manage the server change its settings; the answer shows them.
    /// `locale` is the server's locale with this interaction (its language until one is set).
    pub async fn setup(
        &self,
        guild: u64,
        facts: &Facts,
        change: ServerSetup,
        locale: Option<&str>,
    ) -> Result<ServerSettings, DeskError> {
        permit(
            &self.actor(Some(guild), facts).await?,
            Action::ConfigureServer,
        )?;
        let now = self.clock.now();
        let mut row = self.store.guild(guild).await?.unwrap_or_default();
        row.id = guild as i64;
        let keep = |new: Option<u64>, old: Option<i64>| new.map(|v| v as i64).or(old);
        row.advisor_role_id = keep(change.advisor_role, row.advisor_role_id);
        row.fallback_channel_id = keep(change.fallback_channel, row.fallback_channel_id);
        if let Some(l) = change.lang {
            row.lang = Some(l.code().to_owned());
        }
        if let Some(tz) = change.timezone {
            row.timezone = Some(tz.name().to_owned());
        }
        // Each language has its own text; a reader whose language has none gets the other's.
        for (text, slot) in [
            (change.called_on_for_fr, &mut row.called_on_for_fr),
            (change.called_on_for_en, &mut row.called_on_for_en),
        ] {
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                *slot = Some(text.trim().to_owned());
            }
        }
        self.store.save_guild(&row, now).await?;
        if let Some(r) = change.coordinator_role {
            self.store.set_coordinator_role(guild, Some(r), now).await?;
        }
        let timezone = row
            .timezone
            .as_deref()
            .and_then(|z| z.parse().ok())
            .unwrap_or(self.config.timezone);
        Ok(ServerSettings {
            advisor_role: row.advisor_role_id.map(|r| r as u64),
            fallback_channel: row.fallback_channel_id.map(|c| c as u64),
            timezone,
            lang: self.guild_lang(guild, locale).await?,
        })
    }

    /// `/plan [beneficiary]` from what the adapter knows of the caller (see [`Desk::plan_for`]).
    pub async fn plan_asked(
        &self,
        guild: Option<u64>,
        facts: &Facts,
        beneficiary: Option<u64>,
    ) -> Result<Option<Prompt>, DeskError> {
        let actor = self.actor(guild, facts).await?;
        self.plan_for(&actor, guild, beneficiary).await
    }

    /// `/digest now [server]`: one's own digest, or the server's for its coordinators.
    pub async fn digest_asked(
        &self,
        guild: Option<u64>,
        facts: &Facts,
        server: bool,
    ) -> Result<(), DeskError> {
        let actor = self.actor(guild, facts).await?;
        let scope = match (server, guild) {
            (true, Some(guild)) => DigestScope::Server { guild },
            _ => DigestScope::Mine,
        };
        self.request_digest(&actor, scope).await
    }

    /// One's own digest, here and now (the console's `/digest`), counted from the same mark
    /// as the weekly one, which it names.
    pub async fn own_digest(&self, facts: &Facts) -> Result<Prompt, DeskError> {
        let actor = self.actor(None, facts).await?;
        let since = self.digest_mark(actor.id).await?;
        self.digest_prompt(&actor, DigestScope::Mine, since).await
    }

    /// The closing in progress its advisor chose to resume or start again (the buttons
    /// `/session` offered): only its advisor may.
    pub async fn in_progress_for(
        &self,
        conversation: i64,
        who: u64,
    ) -> Result<InProgress, DeskError> {
        let row = self
            .store
            .conversation(conversation)
            .await?
            .ok_or(DeskError::NoConversation)?;
        let sides = Sides {
            advisor: row.advisor_id as u64,
            beneficiary: row.beneficiary_id as u64,
        };
        permit(&Actor::person(who), Action::LeadClosing(sides))?;
        let name = self.name_of(sides.beneficiary).await?;
        Ok(InProgress {
            guild: row.guild_id as u64,
            beneficiary: Who::new(sides.beneficiary, name),
        })
    }

    /// The Start button of a conversation's public message: only its beneficiary begins.
    pub async fn may_start(&self, conversation: i64, who: u64) -> Result<(), DeskError> {
        let sides = match self.store.conversation(conversation).await? {
            Some(row) => Sides {
                advisor: row.advisor_id as u64,
                beneficiary: row.beneficiary_id as u64,
            },
            // A conversation gone (erased) is no one's to begin: no person has the id 0.
            None => Sides {
                advisor: 0,
                beneficiary: 0,
            },
        };
        permit(&Actor::person(who), Action::Answer(sides))
    }

    /// Whether the person clicking may act on `owner`'s data (the `/mydata delete` buttons).
    pub fn own_data(&self, clicker: u64, owner: u64) -> Result<(), DeskError> {
        permit(&Actor::person(clicker), Action::OwnData { owner })
    }
}
