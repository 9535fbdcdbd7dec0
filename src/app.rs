//! Wiring: the store, the locales, the conversation service and the Discord client; a clean
//! shutdown on SIGINT or SIGTERM (the gateway closes, in-flight work finishes, the database is
//! closed; every input is saved in one transaction, so nothing is half-written).

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::{Config, Token};
use crate::conversation::Desk;
use crate::discord;
use crate::i18n::I18n;
use crate::store::{Store, StoreError};

/// Why the bot could not start.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("locales: {0}")]
    Locales(#[from] crate::i18n::LocaleError),
    #[error("Discord: {0}")]
    Discord(#[from] serenity::Error),
}

/// The running bot.
pub struct Bot {
    pub desk: Arc<Desk>,
    client: discord::Client,
}

impl Bot {
    /// Opens the database (migrating it) and connects.
    pub async fn start(
        config: Config,
        token: &Token,
        clock: Arc<dyn Clock>,
    ) -> Result<Bot, AppError> {
        let (store, report) = Store::open(&config.database).await?;
        if report.applied > 0 {
            tracing::info!(applied = report.applied, "database migrated");
        }
        let i18n = Arc::new(I18n::load()?);
        let desk = Arc::new(Desk::new(store, i18n.clone(), Arc::new(config), clock));
        let client = discord::start(desk.clone(), i18n, token).await?;
        Ok(Bot { desk, client })
    }

    /// Closes the gateway, lets the client finish, closes the database.
    pub async fn shutdown(self) {
        self.client.shard_manager.shutdown_all().await;
        self.stop_scheduler().await;
        match self.client.task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "client stopped with an error"),
            Err(e) => tracing::warn!(error = %e, "client task ended abnormally"),
        }
        // Let the input being applied finish; none starts after this.
        let _drained = self.desk.drain().await;
        self.desk.close().await;
        tracing::info!("stopped cleanly");
    }

    /// Stops the scheduler and waits for the letter being sent, if any.
    async fn stop_scheduler(&self) {
        self.client.stop_scheduler.send_replace(true);
        let task = self
            .client
            .scheduler_task
            .lock()
            .ok()
            .and_then(|mut t| t.take());
        if let Some(task) = task {
            if let Err(e) = task.await {
                tracing::warn!(error = %e, "scheduler task ended abnormally");
            }
        }
    }

    /// Runs until SIGINT/SIGTERM or until the client stops by itself.
    pub async fn run_until_signal(mut self, mut signal: ShutdownSignal) -> Result<(), AppError> {
        tokio::select! {
            () = signal.recv() => {
                tracing::info!("shutting down");
                self.shutdown().await;
                Ok(())
            }
            ended = &mut self.client.task => {
                self.stop_scheduler().await;
                self.desk.close().await;
                match ended {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(e.into()),
                    Err(e) => {
                        tracing::error!(error = %e, "client task ended abnormally");
                        Ok(())
                    }
                }
            }
        }
    }
}

/// SIGINT and SIGTERM, listened to from the moment this is made: made before the client
/// starts, a signal that arrives while the bot connects still stops it cleanly (instead of the
/// default action, which would kill it mid-write).
pub struct ShutdownSignal {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl ShutdownSignal {
    pub fn listen() -> ShutdownSignal {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let streams = match (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) {
                (Ok(t), Ok(i)) => Some((t, i)),
                _ => None,
            };
            ShutdownSignal { streams }
        }
        #[cfg(not(unix))]
        {
            ShutdownSignal {}
        }
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            if let Some((term, int)) = &mut self.streams {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
                return;
            }
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
