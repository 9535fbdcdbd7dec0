//! Beginning a conversation: a work session opens (the expectations are asked) or closes (the
//! closing starts). Everything a beginning creates is one transaction; the first question is
//! planned when the beneficiary presses Start.

use super::{current, to_json, Desk, DeskError, Outgoing, State, Who};
use crate::domain::closing::Closing;
use crate::domain::localized::Localized;
use crate::domain::opening::Opening;
use crate::i18n::Lang;
use crate::store::Start;

/// What a beginning starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    /// A work session opens: the beneficiary states their expectations.
    Open,
    /// The work session closes: the closing conversation.
    Close { synthesis: bool },
}

/// What a beginning does with a closing the beneficiary has begun answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InProgress {
    /// Refused with [`DeskError::InProgress`]: nothing is discarded unless the advisor chooses.
    Refuse,
    /// Left (abandoned): the advisor chose to start again.
    Leave,
}

/// An advisor and a beneficiary in a guild, about to begin a conversation ([`Desk::between`]):
/// a work session opens, the closing starts, or either starts again.
#[derive(Clone, Copy)]
pub struct Between<'a> {
    desk: &'a Desk,
    guild: u64,
    advisor: &'a Who,
    beneficiary: &'a Who,
}

impl Desk {
    /// The beginnings between `advisor` and `beneficiary` in `guild`.
    pub fn between<'a>(
        &'a self,
        guild: u64,
        advisor: &'a Who,
        beneficiary: &'a Who,
    ) -> Between<'a> {
        Between {
            desk: self,
            guild,
            advisor,
            beneficiary,
        }
    }

    /// Resumes the closing in progress: its current question is sent again to the
    /// beneficiary. Only its advisor may.
    pub async fn resume_closing(&self, conversation: i64, advisor: &Who) -> Result<(), DeskError> {
        let row = self
            .store
            .conversation(conversation)
            .await?
            .ok_or(DeskError::NoConversation)?;
        let sides = crate::domain::access::Sides {
            advisor: row.advisor_id as u64,
            beneficiary: row.beneficiary_id as u64,
        };
        let lead = crate::domain::access::Action::LeadClosing(sides);
        super::access::permit(&crate::domain::access::Actor::person(advisor.id), lead)?;
        let beneficiary = Who::new(row.beneficiary_id as u64, "");
        self.input(conversation, &beneficiary, crate::domain::talk::Input::Show)
            .await?;
        Ok(())
    }

    /// The closing between these people that the beneficiary has begun answering and that is
    /// not agreed yet, if any.
    pub async fn closing_in_progress(
        &self,
        guild: u64,
        advisor: u64,
        beneficiary: u64,
    ) -> Result<Option<i64>, DeskError> {
        let Some(support) = self.store.find_support(guild, advisor, beneficiary).await? else {
            return Ok(None);
        };
        for row in self.store.active_conversations_of(beneficiary).await? {
            if row.support_id != support {
                continue;
            }
            if let Ok(State::Closing(c)) = super::saved::read_state(&row.state) {
                if c.has_begun() {
                    return Ok(Some(row.id));
                }
            }
        }
        Ok(None)
    }

    /// "What an advisor can be called on for" in each language: the guild's text in that
    /// language, else the guild's text given in any language, else the configured one.
    async fn called_on_for(&self, guild: u64) -> Result<Localized, DeskError> {
        let g = self.store.guild(guild).await?.unwrap_or_default();
        let set = |t: &Option<String>| t.clone().filter(|t| !t.trim().is_empty());
        let texts = Lang::ALL.iter().map(|lang| {
            let own = match lang {
                Lang::Fr => set(&g.called_on_for_fr),
                Lang::En | Lang::EnGb => set(&g.called_on_for_en),
            };
            let text = own
                .or_else(|| set(&g.called_on_for))
                .unwrap_or_else(|| self.config.called_on_for.get(lang.code()).to_owned());
            (lang.code(), text)
        });
        Ok(Localized::per_lang(texts))
    }
}

impl Between<'_> {
    /// Opens a work session: the beneficiary will be asked for their expectations. Everything
    /// it creates (people, support, session, conversation) is one transaction. Refused with
    /// [`DeskError::InProgress`] while a closing the beneficiary has begun answering is not
    /// finished: nothing is discarded unless the advisor chooses to ([`Between::restart`]).
    pub async fn open_session(&self) -> Result<(i64, Vec<Outgoing>), DeskError> {
        self.start(Begin::Open, InProgress::Refuse).await
    }

    /// Starts the closing conversation of the open work session (one is opened if there is
    /// none: the review then has no expectations to recall). Refused while another closing is
    /// in progress, as [`Between::open_session`] is.
    pub async fn start_closing(&self, synthesis: bool) -> Result<(i64, Vec<Outgoing>), DeskError> {
        self.start(Begin::Close { synthesis }, InProgress::Refuse)
            .await
    }

    /// Starts again while a closing is in progress: the advisor chose to. The closing in
    /// progress is left (abandoned, still readable in `/plan`) and `what` begins.
    pub async fn restart(&self, what: Begin) -> Result<(i64, Vec<Outgoing>), DeskError> {
        self.start(what, InProgress::Leave).await
    }

    /// Begins `what`, one beginning at a time; a closing in progress refuses it or is left.
    async fn start(
        &self,
        what: Begin,
        in_progress: InProgress,
    ) -> Result<(i64, Vec<Outgoing>), DeskError> {
        let _one = self.desk.serial.lock().await;
        if in_progress == InProgress::Refuse {
            let (guild, a, b) = (self.guild, self.advisor.id, self.beneficiary.id);
            if let Some(conversation) = self.desk.closing_in_progress(guild, a, b).await? {
                return Err(DeskError::InProgress(conversation));
            }
        }
        let state = match what {
            Begin::Open => State::Opening(Opening::new(self.advisor.id, self.beneficiary.id)),
            Begin::Close { synthesis } => return self.closing(synthesis).await,
        };
        self.begin(None, &state).await
    }

    /// Saves a new conversation (in one transaction) and returns its first prompt, for the
    /// beneficiary. It is not sent yet: on Discord the beneficiary's click on Start sends it.
    async fn begin(
        &self,
        session: Option<i64>,
        state: &State,
    ) -> Result<(i64, Vec<Outgoing>), DeskError> {
        let (desk, guild, advisor, beneficiary) =
            (self.desk, self.guild, self.advisor, self.beneficiary);
        let (kind, step) = (state.view().kind(), state.view().step_id());
        let now = desk.clock.now();
        let json = to_json(state)?;
        let (_, cid) = desk
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
        // A new conversation asks its first question at version 0.
        let first = vec![super::again::stamp(current(state), 0)];
        let out = desk
            .outgoing(cid, guild, advisor.id, beneficiary.id, first)
            .await?;
        Ok((cid, out))
    }

    async fn closing(&self, synthesis: bool) -> Result<(i64, Vec<Outgoing>), DeskError> {
        let (desk, guild, advisor, beneficiary) =
            (self.desk, self.guild, self.advisor, self.beneficiary);
        let open = match desk
            .store
            .find_support(guild, advisor.id, beneficiary.id)
            .await?
        {
            Some(support) => desk.store.open_session_of(support).await?,
            None => None,
        };
        let (session, expectations) = match open {
            Some((s, e)) => (Some(s), e),
            None => (None, None),
        };
        let called_on_for = desk.called_on_for(guild).await?;
        let tz = desk.timezone_of(beneficiary.id, guild).await?;
        let closing = Closing::new(
            advisor.id,
            beneficiary.id,
            expectations,
            synthesis,
            called_on_for,
            tz,
        );
        let state = State::Closing(Box::new(closing));
        self.begin(session, &state).await
    }
}
