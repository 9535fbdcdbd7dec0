//! Sending prompts to people: their direct messages first; when those are closed (Discord
//! error 50007), a private thread in the guild's fallback channel; when there is none, a clear
//! message to the advisor. Errors are classified (permanent or transient) and logged without
//! any answer text.

use std::sync::Arc;

use serenity::all::{
    ChannelId, ChannelType, CreateAllowedMentions, CreateAttachment, CreateMessage, CreateThread,
    Http, UserId,
};

use super::render;
use crate::conversation::{Desk, Outgoing};
use crate::i18n::I18n;

/// Where a prompt went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Dm,
    Thread(u64),
    /// Could not reach the person; the advisor was told.
    AdvisorTold,
    Failed,
}

/// Discord's JSON error code of a failed request, if any.
pub fn discord_code(e: &serenity::Error) -> Option<isize> {
    match e {
        serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) => {
            Some(r.error.code)
        }
        _ => None,
    }
}

/// Whether retrying could help (5xx, time-outs, rate limits) or not (closed DMs, unknown
/// channel, missing permissions).
pub fn is_transient(e: &serenity::Error) -> bool {
    match e {
        serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) => {
            r.status_code.is_server_error() || r.status_code.as_u16() == 429
        }
        serenity::Error::Http(serenity::all::HttpError::Request(_)) => true,
        _ => false,
    }
}

/// Sends prompts.
#[derive(Clone)]
pub struct Courier {
    http: Arc<Http>,
    desk: Arc<Desk>,
    i18n: Arc<I18n>,
    /// DM channel ids already opened: one REST call less per prompt. Lost on restart, which
    /// only costs one call again.
    dm_channels: Arc<std::sync::Mutex<std::collections::HashMap<u64, ChannelId>>>,
}

impl Courier {
    pub fn new(http: Arc<Http>, desk: Arc<Desk>, i18n: Arc<I18n>) -> Self {
        Courier {
            http,
            desk,
            i18n,
            dm_channels: Default::default(),
        }
    }

    /// Sends each prompt to its reader; returns where each went.
    pub async fn deliver(&self, out: &[Outgoing]) -> Vec<Route> {
        let mut routes = Vec::with_capacity(out.len());
        for o in out {
            routes.push(self.deliver_one(o).await);
        }
        routes
    }

    async fn deliver_one(&self, o: &Outgoing) -> Route {
        let store = self.desk.store();
        if let Ok(Some(thread)) = store.fallback_thread(o.to).await {
            let msgs = self.prompt_messages(o, true);
            if self.send_all(ChannelId::new(thread), msgs).await.is_ok() {
                return Route::Thread(thread);
            }
            // The thread is gone: forget it and try the DMs again.
            let _ = store.set_fallback_thread(o.to, None).await;
        }
        let msgs = self.prompt_messages(o, false);
        let err = match self.dm_channel(o.to).await {
            Ok(channel) => match self.send_all(channel, msgs).await {
                Ok(()) => return Route::Dm,
                Err(e) => {
                    // Open the DM channel afresh next time.
                    if let Ok(mut m) = self.dm_channels.lock() {
                        m.remove(&o.to);
                    }
                    e
                }
            },
            Err(e) => e,
        };
        if discord_code(&err) != Some(50007) {
            tracing::warn!(user = o.to, transient = is_transient(&err), error = %err, "could not deliver a prompt");
            return Route::Failed;
        }
        tracing::info!(user = o.to, "direct messages closed; using the fallback");
        self.fallback(o).await
    }

    /// The messages of a prompt; the agreed exchanges, when there are some, ride on the last
    /// one as `suivi.ics`.
    fn prompt_messages(&self, o: &Outgoing, answer_button: bool) -> Vec<CreateMessage> {
        let mut msgs =
            render::messages(&self.i18n, o.lang, o.conversation, &o.prompt, answer_button);
        if let Some(cal) = &o.calendar {
            if let Some(last) = msgs.pop() {
                let ics = cal.ics(&self.i18n, o.lang);
                msgs.push(last.add_file(CreateAttachment::bytes(ics.into_bytes(), "suivi.ics")));
            }
        }
        msgs
    }

    async fn dm_channel(&self, user: u64) -> Result<ChannelId, serenity::Error> {
        if let Some(c) = self
            .dm_channels
            .lock()
            .ok()
            .and_then(|m| m.get(&user).copied())
        {
            return Ok(c);
        }
        let mut attempt = 0;
        loop {
            match UserId::new(user).create_dm_channel(&self.http).await {
                Ok(c) => {
                    if let Ok(mut m) = self.dm_channels.lock() {
                        m.insert(user, c.id);
                    }
                    return Ok(c.id);
                }
                Err(e) if attempt < 2 && is_transient(&e) => attempt += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// Sends messages in order; a transient failure is retried twice.
    pub async fn send_all(
        &self,
        channel: ChannelId,
        msgs: Vec<CreateMessage>,
    ) -> Result<(), serenity::Error> {
        for m in msgs {
            let mut attempt = 0;
            loop {
                match channel.send_message(&self.http, m.clone()).await {
                    Ok(_) => break,
                    Err(e) if attempt < 2 && is_transient(&e) => {
                        attempt += 1;
                        tracing::warn!(error = %e, attempt, "transient error sending a message; retrying");
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// A private thread in the fallback channel, or a message to the advisor.
    async fn fallback(&self, o: &Outgoing) -> Route {
        let Ok(Some(row)) = self.desk.conversation(o.conversation).await else {
            return Route::Failed;
        };
        let guild = row.guild_id as u64;
        let channel = match self.desk.store().guild(guild).await {
            Ok(Some(g)) => g.fallback_channel_id,
            _ => None,
        };
        if let Some(channel) = channel {
            match self.open_thread(ChannelId::new(channel as u64), o.to).await {
                Ok(thread) => {
                    let _ = self
                        .desk
                        .store()
                        .set_fallback_thread(o.to, Some(thread.get()))
                        .await;
                    let msgs = self.prompt_messages(o, true);
                    if self.send_all(thread, msgs).await.is_ok() {
                        return Route::Thread(thread.get());
                    }
                }
                Err(e) => tracing::warn!(error = %e, "could not open the fallback thread"),
            }
        }
        let advisor = row.advisor_id as u64;
        if advisor == o.to {
            return Route::Failed;
        }
        let lang = self
            .desk
            .lang_of(advisor, guild, None)
            .await
            .unwrap_or(self.desk.config().language);
        let text = self.i18n.text_with(
            lang,
            "discord-dm-closed-advisor",
            &[("beneficiary", &format!("<@{}>", o.to))],
        );
        let msg = CreateMessage::new()
            .content(text)
            .allowed_mentions(CreateAllowedMentions::new());
        match self.dm_channel(advisor).await {
            Ok(c) if self.send_all(c, vec![msg]).await.is_ok() => Route::AdvisorTold,
            _ => Route::Failed,
        }
    }

    async fn open_thread(
        &self,
        channel: ChannelId,
        user: u64,
    ) -> Result<ChannelId, serenity::Error> {
        let thread = channel
            .create_thread(
                &self.http,
                CreateThread::new("suivi")
                    .kind(ChannelType::PrivateThread)
                    .invitable(false),
            )
            .await?;
        thread
            .id
            .add_thread_member(&self.http, UserId::new(user))
            .await?;
        Ok(thread.id)
    }
}
