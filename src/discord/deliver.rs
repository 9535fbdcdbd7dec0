//! The Discord side of the outbox: a [`Notifier`] that sends a letter to its reader's direct
//! messages, or, when those are closed (Discord error 50007), to a private thread in the
//! guild's fallback channel. Every message carries a nonce derived from the delivery's key with
//! `enforce_nonce`, so a resend after a crash creates no second message. Errors are classified
//! (transient or permanent) for the scheduler, and logged without any text.

use std::sync::Arc;

use serenity::all::{
    ChannelId, ChannelType, CreateAttachment, CreateMessage, CreateThread, Http, Nonce, UserId,
};

use super::{limits, render};
use crate::conversation::Desk;
use crate::domain::prompt::{Msg, Prompt, Role};
use crate::i18n::I18n;
use crate::outbox::{Letter, Notifier, Route, SendError, Sending};

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
        serenity::Error::Io(_) | serenity::Error::Tungstenite(_) => true,
        _ => false,
    }
}

/// How long to wait at least after a 429. In production serenity's rate limiter waits out
/// `retry-after` itself and retries; with it off (tests against the loopback Discord) the 429
/// reaches us, and serenity keeps neither the header nor the body's `retry_after`: wait a
/// second at least, the scheduler's backoff adds more on repeats.
fn retry_after(e: &serenity::Error) -> Option<std::time::Duration> {
    let serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) = e else {
        return None;
    };
    (r.status_code.as_u16() == 429).then_some(std::time::Duration::from_secs(1))
}

fn classify(e: &serenity::Error) -> SendError {
    if is_transient(e) {
        return SendError::Transient {
            retry_after: retry_after(e),
        };
    }
    match discord_code(e) {
        Some(50007) => SendError::DmClosed,
        _ => SendError::Gone,
    }
}

/// Sends letters on Discord.
#[derive(Clone)]
pub struct Courier {
    http: Arc<Http>,
    desk: Arc<Desk>,
    i18n: Arc<I18n>,
    /// DM channel ids already opened: one REST call less per message. Lost on restart, which
    /// only costs one call again.
    dm_channels: Arc<std::sync::Mutex<std::collections::HashMap<u64, ChannelId>>>,
}

impl Notifier for Courier {
    fn send<'a>(&'a self, letter: &'a Letter) -> Sending<'a> {
        Box::pin(self.send_letter(letter))
    }

    /// One request per message, and one more to open the person's DM channel when this
    /// process has not opened it yet. (A first fallback to a thread, after Discord refused
    /// the DM, makes two more that are not counted ahead: rare, and serenity's rate limiter
    /// waits out a 429 should one come.)
    fn requests(&self, letter: &Letter) -> u32 {
        let opened = self
            .dm_channels
            .lock()
            .map(|m| m.contains_key(&letter.to))
            .unwrap_or(false);
        let messages = u32::try_from(self.messages(letter, false).len()).unwrap_or(u32::MAX);
        messages.max(1).saturating_add(u32::from(!opened))
    }
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

    async fn send_letter(&self, letter: &Letter) -> Result<Route, SendError> {
        // The fallback thread is the beneficiary's stand-in for their DMs. What is meant for
        // an advisor (blockers, syntheses, digests) never goes to a guild channel, even a
        // private thread moderators can read.
        let may_fallback = letter
            .prompts
            .iter()
            .all(|p| p.to == crate::domain::prompt::Role::Beneficiary);
        if !may_fallback {
            let channel = self.dm_channel(letter.to).await.map_err(|e| classify(&e))?;
            return match self.send_all(channel, self.messages(letter, false)).await {
                Ok(()) => Ok(Route::Dm),
                Err(e) => {
                    if let Ok(mut m) = self.dm_channels.lock() {
                        m.remove(&letter.to);
                    }
                    Err(classify(&e))
                }
            };
        }
        if let Ok(Some(thread)) = self.desk.fallback_thread_of(letter.to).await {
            let msgs = self.messages(letter, true);
            match self.send_all(ChannelId::new(thread), msgs).await {
                Ok(()) => return Ok(Route::Thread(thread)),
                Err(e) if is_transient(&e) => return Err(classify(&e)),
                Err(_) => {
                    // The thread is gone: forget it and try the DMs again.
                    let _ = self.desk.remember_fallback_thread(letter.to, None).await;
                }
            }
        }
        let err = match self.dm_channel(letter.to).await {
            Ok(channel) => match self.send_all(channel, self.messages(letter, false)).await {
                Ok(()) => return Ok(Route::Dm),
                Err(e) => {
                    // Open the DM channel afresh next time.
                    if let Ok(mut m) = self.dm_channels.lock() {
                        m.remove(&letter.to);
                    }
                    e
                }
            },
            Err(e) => e,
        };
        if discord_code(&err) != Some(50007) {
            return Err(classify(&err));
        }
        tracing::info!(
            user = letter.to,
            "direct messages closed; trying the fallback"
        );
        self.fallback(letter).await
    }

    /// The messages of a letter, each with its nonce; the agreed exchanges, when there are
    /// some, ride on the last one as `suivi.ics`, a note saying what the file is and what to do
    /// with it.
    fn messages(&self, letter: &Letter, answer_button: bool) -> Vec<CreateMessage> {
        let conversation = letter.conversation.unwrap_or(0);
        let mut prompts = letter.prompts.clone();
        if letter.calendar.is_some() {
            let to = prompts.last().map_or(Role::Beneficiary, |p| p.to);
            prompts.push(Prompt::info(to, Msg::new("discord-calendar-attached")));
        }
        let mut msgs: Vec<CreateMessage> = prompts
            .iter()
            .flat_map(|p| render::messages(&self.i18n, letter.lang, conversation, p, answer_button))
            .collect();
        if let Some(cal) = &letter.calendar {
            if let Some(last) = msgs.pop() {
                let ics = cal.ics(&self.i18n, letter.lang);
                msgs.push(last.add_file(CreateAttachment::bytes(ics.into_bytes(), "suivi.ics")));
            }
        }
        msgs.into_iter()
            .enumerate()
            .map(|(i, m)| {
                m.nonce(Nonce::String(format!("{}.{i}", letter.nonce)))
                    .enforce_nonce(true)
            })
            .collect()
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
        let c = UserId::new(user).create_dm_channel(&self.http).await?;
        if let Ok(mut m) = self.dm_channels.lock() {
            m.insert(user, c.id);
        }
        Ok(c.id)
    }

    /// Sends messages in order; the first error stops (a retry resends all of them, and the
    /// nonces keep those already sent from showing twice).
    pub async fn send_all(
        &self,
        channel: ChannelId,
        msgs: Vec<CreateMessage>,
    ) -> Result<(), serenity::Error> {
        for m in msgs {
            channel.send_message(&self.http, m).await?;
        }
        Ok(())
    }

    /// A private thread in the guild's fallback channel; without one, the person cannot be
    /// reached (the scheduler tells the advisor).
    async fn fallback(&self, letter: &Letter) -> Result<Route, SendError> {
        let Some(guild) = letter.guild else {
            return Err(SendError::DmClosed);
        };
        let channel = self.desk.fallback_channel_of(guild).await.ok().flatten();
        let Some(channel) = channel else {
            return Err(SendError::DmClosed);
        };
        let thread = match self.open_thread(ChannelId::new(channel), letter.to).await {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(error = %e, "could not open the fallback thread");
                return Err(if is_transient(&e) {
                    classify(&e)
                } else {
                    SendError::DmClosed
                });
            }
        };
        let _ = self
            .desk
            .remember_fallback_thread(letter.to, Some(thread.get()))
            .await;
        self.send_all(thread, self.messages(letter, true))
            .await
            .map_err(|e| classify(&e))?;
        Ok(Route::Thread(thread.get()))
    }

    /// A private thread for `user`, named for them ("suivi — Moussa"): a name others in the
    /// channel may see, so it holds nothing said in the conversation.
    async fn open_thread(
        &self,
        channel: ChannelId,
        user: u64,
    ) -> Result<ChannelId, serenity::Error> {
        let name = match self.desk.name_of(user).await {
            Ok(n) => limits::label(&format!("suivi — {n}"), limits::THREAD_NAME),
            Err(_) => "suivi".to_owned(),
        };
        let thread = channel
            .create_thread(
                &self.http,
                CreateThread::new(name)
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
