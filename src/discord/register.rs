//! Registering the slash commands, outside the framework's setup: a failure there used to be a
//! `?` inside poise's setup, after which every handler waited forever for user data that never
//! came and the dispatcher never started — a bot that looked connected and did nothing.
//!
//! Here registration runs in its own task, after the first READY: a transient failure (a 5xx,
//! a rate limit, a time-out) is retried with a doubling back-off; a refusal that retrying cannot
//! change (a 4xx: a bad application id, a revoked token, a command Discord rejects), or the
//! last try failing, is reported as fatal to the application, which stops with one clear line
//! and a non-zero exit. It never logs the token.

use std::time::Duration;

use std::sync::Arc;

use serenity::all::{Command, CreateCommand, GuildId, Http};
use tokio::sync::mpsc;

/// How registration retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// The first wait; doubled after each failure, up to `longest`.
    pub first: Duration,
    pub longest: Duration,
    /// Tries before giving up (the process then exits, and its service manager restarts it).
    pub tries: u32,
}

impl Default for Retry {
    /// 1 s, 2 s, 4 s … 60 s: about twelve minutes over 15 tries.
    fn default() -> Self {
        Retry {
            first: Duration::from_secs(1),
            longest: Duration::from_secs(60),
            tries: 15,
        }
    }
}

impl Retry {
    /// The waits between tries: `first`, doubled each time up to `longest`; one fewer than
    /// the tries.
    pub fn waits(self) -> impl Iterator<Item = Duration> {
        let longest = self.longest;
        std::iter::successors(Some(self.first), move |w| Some((*w * 2).min(longest)))
            .take(self.tries.max(1) as usize - 1)
    }
}

/// Why the bot cannot go on (sent to the application, which exits non-zero).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Fatal {
    /// Discord refused the command registration in a way retrying cannot change.
    #[error("Discord refused the slash commands (HTTP {status}): {reason}")]
    RegistrationRefused { status: u16, reason: String },
    /// Registration kept failing.
    #[error("the slash commands could not be registered after {tries} tries: {last}")]
    RegistrationFailed { tries: u32, last: String },
}

/// Whether retrying may help: an HTTP answer of 4xx other than 429 says no.
fn refusal(e: &serenity::Error) -> Option<(u16, String)> {
    if let serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) = e {
        let status = r.status_code.as_u16();
        if (400..500).contains(&status) && status != 429 {
            return Some((status, r.error.message.clone()));
        }
    }
    None
}

async fn register_once(
    http: &Http,
    commands: &[CreateCommand],
    guilds: &[u64],
) -> Result<(), serenity::Error> {
    if guilds.is_empty() {
        Command::set_global_commands(http, commands.to_vec()).await?;
    } else {
        for g in guilds {
            GuildId::new(*g)
                .set_commands(http, commands.to_vec())
                .await?;
        }
    }
    Ok(())
}

/// Registers the commands, retrying transient failures; reports a fatal outcome on `fatal`.
pub async fn register(
    http: Arc<Http>,
    commands: Vec<CreateCommand>,
    guilds: Vec<u64>,
    retry: Retry,
    fatal: mpsc::UnboundedSender<Fatal>,
) {
    let tries = retry.tries.max(1);
    let mut waits = retry.waits();
    for attempt in 1.. {
        let error = match register_once(&http, &commands, &guilds).await {
            Ok(()) => {
                tracing::info!(attempt, "slash commands registered");
                return;
            }
            Err(e) => e,
        };
        if let Some((status, reason)) = refusal(&error) {
            tracing::error!(status, "Discord refused the slash commands");
            let _ = fatal.send(Fatal::RegistrationRefused { status, reason });
            return;
        }
        let Some(wait) = waits.next() else {
            tracing::error!(
                attempt,
                "the slash commands could not be registered; giving up"
            );
            let _ = fatal.send(Fatal::RegistrationFailed {
                tries,
                last: error.to_string(),
            });
            return;
        };
        tracing::warn!(
            attempt,
            wait_ms = wait.as_millis() as u64,
            error = %error,
            "registering the slash commands failed; retrying"
        );
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_waits_double_up_to_the_longest_one_fewer_than_the_tries() {
        let waits: Vec<u64> = Retry::default().waits().map(|w| w.as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60, 60]);
        let once = Retry {
            tries: 1,
            ..Retry::default()
        };
        assert_eq!(once.waits().count(), 0);
    }
}
