//! Wiring: the store, the locales, the conversation service, the outbox dispatcher and the
//! Discord client. The dispatcher starts here, before the gateway and whatever happens to the
//! command registration, so reminders go out even while Discord's gateway is unreachable. A
//! fatal start error (the commands refused) stops the process with one clear line. SIGINT or
//! SIGTERM stop it within a bound in every state, gateway down included (the gateway closes or
//! is abandoned, in-flight work finishes, the database is closed; every input is saved in one
//! transaction, so nothing is half-written).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::clock::Clock;
use crate::config::{Config, Token};
use crate::conversation::Desk;
use crate::discord;
use crate::i18n::I18n;
use crate::outbox::pace::DISCORD_RATE;
use crate::outbox::shared_pace::SharedPace;
use crate::outbox::{Audience, Dispatcher, Pace, Running, Tuning, Window};
use crate::store::{Backend, LockError, OpenReport, Store, StoreError, Target, WriterLock};

mod liveness;

/// Why the bot could not start, or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("locales: {0}")]
    Locales(#[from] crate::i18n::LocaleError),
    #[error("Discord: {0}")]
    Discord(#[from] serenity::Error),
    #[error("{0}")]
    Start(#[from] discord::StartError),
    #[error("{0}")]
    Fatal(#[from] discord::Fatal),
    #[error("{0}")]
    Locked(#[from] LockError),
}

/// How the application starts and stops; the defaults are the product's, tests shorten them.
#[derive(Debug, Clone)]
pub struct Options {
    /// Retries of the slash-command registration (and, with `api_base`, of the gateway look-up).
    pub registration: discord::Retry,
    /// The longest a stop may take: past it the gateway is abandoned (it may be unreachable,
    /// its reconnection loop never ends by itself) and the process stops anyway.
    pub stop_within: Duration,
    /// The shards of the gateway this process runs (`suivi run --shards`); the whole gateway
    /// by default.
    pub shards: discord::Shards,
    /// How long `run` keeps trying to reach a PostgreSQL server that does not answer at start
    /// (waiting 1 s, then 2 s, … up to 30 s between tries) before it stops with the reason.
    pub reach_store_within: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            registration: discord::Retry::default(),
            stop_within: Duration::from_secs(10),
            shards: discord::Shards::default(),
            reach_store_within: Duration::from_secs(120),
        }
    }
}

/// Opens the database; a server that cannot be reached is tried again with back-off (it may
/// be starting with the machine) until `within` has passed, each failure logged.
async fn open_patiently(
    config: &Config,
    within: Duration,
) -> Result<(Store, OpenReport), StoreError> {
    let deadline = tokio::time::Instant::now() + within;
    let mut pause = Duration::from_secs(1);
    loop {
        match Store::open(&config.database).await {
            Err(e @ StoreError::Unreachable { .. }) => {
                let now = tokio::time::Instant::now();
                if now >= deadline {
                    return Err(e);
                }
                tracing::warn!(error = %e, retry_in = ?pause, "database server unreachable");
                tokio::time::sleep(pause.min(deadline - now)).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
            other => return other,
        }
    }
}

/// The running bot.
pub struct Bot {
    pub desk: Arc<Desk>,
    client: discord::Client,
    /// The dispatcher, started before the gateway, whatever happens to it.
    pub scheduler: Arc<Dispatcher>,
    /// Taken when the dispatcher is stopped.
    dispatching: Option<Running>,
    fatal: mpsc::UnboundedReceiver<discord::Fatal>,
    options: Options,
    /// Records the gateway's readiness for `suivi status --health`.
    watch: tokio::task::JoinHandle<()>,
    /// This process's part of the gateway, its row for `suivi status --health`.
    span: crate::store::ShardSpan,
    /// One `suivi run` per database file; released when the bot is dropped. A server needs
    /// none: its writes take an advisory lock, its claims skip each other's rows.
    _lock: Option<WriterLock>,
}

impl Bot {
    /// Opens the database (migrating it), starts the dispatcher and connects.
    pub async fn start(
        config: Config,
        token: &Token,
        clock: Arc<dyn Clock>,
    ) -> Result<Bot, AppError> {
        Self::start_with(config, token, clock, Options::default()).await
    }

    /// [`Bot::start`] with other retry and stop bounds.
    pub async fn start_with(
        config: Config,
        token: &Token,
        clock: Arc<dyn Clock>,
        options: Options,
    ) -> Result<Bot, AppError> {
        let lock = match Target::of(&config.database) {
            Target::Server(_) => None,
            Target::File(file) => match WriterLock::take(&file) {
                Ok(l) => Some(l),
                // No folder for the lock file: the store's own message says what to create.
                Err(LockError::File { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    Store::open(&config.database).await?;
                    return Err(StoreError::NotFound.into());
                }
                Err(e) => return Err(e.into()),
            },
        };
        let (store, report) = open_patiently(&config, options.reach_store_within).await?;
        if report.applied > 0 {
            tracing::info!(applied = report.applied, "database migrated");
        }
        let i18n = Arc::new(I18n::load()?);
        let desk = Arc::new(Desk::new(
            store,
            i18n.clone(),
            Arc::new(config),
            clock.clone(),
        ));
        // Not ready until the gateway says so (`suivi status --health` counts from here).
        let me = liveness::this_process(options.shards, desk.config().health_heartbeat_seconds);
        desk.process_started(&me).await;
        let (fatal_tx, fatal) = mpsc::unbounded_channel();
        let prepared =
            match discord::prepare(desk.clone(), i18n, token, options.registration, fatal_tx).await
            {
                Ok(p) => p,
                Err(e) => {
                    desk.close().await;
                    return Err(e.into());
                }
            };
        // Several processes may send for this bot on a server database: they share Discord's
        // global limit through it. One SQLite file has one sending process: it paces in memory.
        let pace: Arc<dyn Pace> = match desk.store().backend() {
            Backend::Postgres => Arc::new(
                SharedPace::new(desk.store().clone(), Audience::Discord, DISCORD_RATE)
                    .with_clock(clock),
            ),
            Backend::Sqlite => Arc::new(Window::new(DISCORD_RATE)),
        };
        let tuning = Tuning {
            audience: Audience::Discord,
            pace,
            lease: chrono::Duration::seconds(i64::from(desk.config().outbox_lease_seconds)),
            ..Tuning::default()
        };
        let scheduler = Dispatcher::new(desk.clone(), prepared.courier(), tuning);
        let dispatching = Some(scheduler.spawn());
        let client = prepared.connect(options.shards);
        let span = me.span;
        let watch = tokio::spawn(liveness::watch_gateway(
            desk.clone(),
            me,
            client.shard_manager.clone(),
            client.plan.clone(),
        ));
        Ok(Bot {
            watch,
            span,
            desk,
            client,
            scheduler,
            dispatching,
            fatal,
            options,
            _lock: lock,
        })
    }

    /// Closes the gateway, lets the client finish (at most `stop_within`), stops the
    /// dispatcher, lets the input being applied finish, closes the database.
    pub async fn shutdown(mut self) {
        // No shard connected (the gateway unreachable, a reconnection waiting): nothing to
        // close, and the client's task would wait for a connection forever.
        let live = !self.client.shard_manager.runners.lock().await.is_empty();
        if live {
            self.close_gateway().await;
        } else {
            tracing::info!("no gateway connection to close");
            self.client.shard_manager.shutdown_all().await;
            self.client.task.abort();
        }
        self.watch.abort();
        self.stop_scheduler().await;
        // Let the input being applied finish; none starts after this.
        let _drained = self.desk.drain().await;
        self.desk.gateway_state(self.span, Some(false)).await;
        self.desk.close().await;
        tracing::info!("stopped cleanly");
    }

    /// Closes the live gateway connection and waits for the client, at most `stop_within`:
    /// past it the client is abandoned (nothing of ours is half done in there).
    async fn close_gateway(&mut self) {
        let bound = self.options.stop_within;
        let gateway = async {
            self.client.shard_manager.shutdown_all().await;
            (&mut self.client.task).await
        };
        match tokio::time::timeout(bound, gateway).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => tracing::warn!(error = %e, "client stopped with an error"),
            Ok(Err(e)) => tracing::warn!(error = %e, "client task ended abnormally"),
            Err(_) => {
                tracing::warn!(
                    within_ms = bound.as_millis() as u64,
                    "the gateway did not close in time; stopping without it"
                );
                self.client.task.abort();
            }
        }
    }

    /// Stops the dispatcher and waits (within the stop bound) for the letter being sent.
    async fn stop_scheduler(&mut self) {
        if let Some(running) = self.dispatching.take() {
            running.stop(self.options.stop_within).await;
        }
    }

    /// Runs until SIGINT/SIGTERM, a fatal error (the slash commands refused), or until the
    /// client stops by itself. A fatal error stops cleanly too, and is returned.
    pub async fn run_until_signal(mut self, mut signal: ShutdownSignal) -> Result<(), AppError> {
        tokio::select! {
            () = signal.recv() => {
                tracing::info!("shutting down");
                self.shutdown().await;
                Ok(())
            }
            Some(fatal) = self.fatal.recv() => {
                tracing::error!(error = %fatal, "cannot go on; stopping");
                self.shutdown().await;
                Err(fatal.into())
            }
            ended = &mut self.client.task => {
                self.watch.abort();
                self.stop_scheduler().await;
                self.desk.gateway_state(self.span, Some(false)).await;
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

    /// The next fatal error, if one comes within `within` (tests).
    pub async fn fatal_within(&mut self, within: Duration) -> Option<discord::Fatal> {
        tokio::time::timeout(within, self.fatal.recv())
            .await
            .ok()
            .flatten()
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
