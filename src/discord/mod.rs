//! The Discord adapter: the ONLY module that knows serenity and poise. It renders the
//! conversation service's prompts as messages, buttons, selects and modals, and turns what
//! people do into inputs. It decides nothing about the method.
//!
//! Least privilege: the bot asks for the `GUILDS` and `DIRECT_MESSAGES` intents only (no
//! privileged intent: Discord gives message content in DMs without it). Every message sets
//! `allowed_mentions` to nothing, so a beneficiary who types `@everyone` pings nobody.

pub mod commands;
pub mod deliver;
pub mod events;
pub mod ids;
pub mod limits;
pub mod markdown;
pub mod register;
pub mod render;
pub mod shards;

use std::sync::{Arc, OnceLock};

use serenity::all::{
    ClientBuilder, CreateAllowedMentions, GatewayIntents, Http, HttpBuilder, ShardManager,
};
use tokio::sync::mpsc;

use crate::config::{Config, Token};
use crate::conversation::Desk;
use crate::i18n::I18n;
pub use deliver::Courier;
pub use register::{Fatal, Retry};
pub use shards::{Plan, Shards, ShardsError};

/// What every handler can reach.
pub struct Data {
    pub desk: Arc<Desk>,
    pub i18n: Arc<I18n>,
}

/// Handlers' error type (logged by poise's error hook; people get a localised message).
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Ctx<'a> = poise::Context<'a, Data, Error>;

/// Why the client could not be made.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Discord(#[from] serenity::Error),
    /// With `api_base` set (tests), the gateway must be on loopback too: serenity falls back
    /// to Discord's own gateway host when `GET /gateway` fails, which would identify a test
    /// token against production.
    #[error("the gateway of the loopback Discord at {base} could not be found: {detail}")]
    NoLoopbackGateway { base: String, detail: String },
}

/// A client built and not yet connected: the application starts the dispatcher with
/// [`Prepared::courier`] (the sending trait, all the adapter gives the outbox) first, then
/// [`Prepared::connect`]s.
pub struct Prepared {
    client: serenity::Client,
    courier: Arc<Courier>,
    retry: Retry,
}

/// A running client.
pub struct Client {
    pub shard_manager: Arc<ShardManager>,
    pub task: tokio::task::JoinHandle<Result<(), serenity::Error>>,
    /// The shards it runs, known once resolved (at once, unless Discord's recommended count
    /// had to be asked for).
    pub plan: Arc<OnceLock<Plan>>,
}

/// Whether every shard of `plan` has a connected runner in `shards`.
pub async fn all_connected(shards: &ShardManager, plan: &OnceLock<Plan>) -> bool {
    let Some(plan) = plan.get() else {
        return false;
    };
    let connected = shards
        .runners
        .lock()
        .await
        .values()
        .filter(|r| r.stage == serenity::all::ConnectionStage::Connected)
        .count();
    connected >= plan.count()
}

/// The HTTP client: Discord's, or `api_base` (a loopback Discord, tests only) with serenity's
/// rate limiter off (it ignores the proxy while on).
fn http_for(config: &Config, token: &Token) -> Http {
    let mut http =
        HttpBuilder::new(token.expose()).default_allowed_mentions(CreateAllowedMentions::new());
    if let Some(base) = &config.discord_api_base {
        http = http.proxy(base.clone()).ratelimiter_disabled(true);
    }
    http.build()
}

/// With `api_base` set: the loopback gateway's URL, asked of the loopback REST API (retried
/// like registration), and refused unless it is on loopback too.
async fn loopback_gateway(http: &Http, base: &str, retry: Retry) -> Result<String, StartError> {
    let refused = |detail: String| StartError::NoLoopbackGateway {
        base: base.to_owned(),
        detail,
    };
    let mut waits = retry.waits();
    let url = loop {
        match http.get_gateway().await {
            Ok(g) => break g.url,
            Err(e) => match waits.next() {
                None => return Err(refused(e.to_string())),
                Some(wait) => {
                    tracing::warn!(error = %e, "the loopback gateway could not be asked for; retrying");
                    tokio::time::sleep(wait).await;
                }
            },
        }
    };
    let as_http = url
        .strip_prefix("ws://")
        .map(|r| format!("http://{r}"))
        .or_else(|| url.strip_prefix("wss://").map(|r| format!("https://{r}")));
    match as_http.as_deref().and_then(Config::loopback_base) {
        Some(ok) if !ok.is_empty() => Ok(url),
        _ => Err(refused(format!("{url} is not a loopback address"))),
    }
}

/// Builds the client (and, with `api_base`, pins its gateway to loopback). Slash commands are
/// registered after the first READY by [`register::register`], whose fatal outcome goes to
/// `fatal`.
pub async fn prepare(
    desk: Arc<Desk>,
    i18n: Arc<I18n>,
    token: &Token,
    retry: Retry,
    fatal: mpsc::UnboundedSender<Fatal>,
) -> Result<Prepared, StartError> {
    let config = desk.config().clone();
    let http = http_for(&config, token);
    let gateway = match &config.discord_api_base {
        Some(base) => Some(loopback_gateway(&http, base, retry).await?),
        None => None,
    };
    let commands = commands::all(&i18n);
    let dev_guilds = config.development_guilds.clone();
    let data_desk = desk.clone();
    let data_i18n = i18n.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands,
            allowed_mentions: Some(CreateAllowedMentions::new()),
            event_handler: |framework, event| {
                Box::pin(events::handle(
                    framework.serenity_context,
                    event,
                    framework.user_data,
                ))
            },
            on_error: |error| Box::pin(on_error(error)),
            pre_command: |ctx| Box::pin(commands::note_guild_locale(ctx)),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                tracing::info!("connected");
                // Registration runs beside the handlers: they work at once, and a failure is
                // retried or stops the process, never leaves it half started.
                let cmds =
                    poise::builtins::create_application_commands(&framework.options().commands);
                let http = ctx.http.clone();
                tokio::spawn(register::register(http, cmds, dev_guilds, retry, fatal));
                Ok(Data {
                    desk: data_desk,
                    i18n: data_i18n,
                })
            })
        })
        .build();
    let intents = GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES;
    let client = ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .await?;
    if let Some(url) = gateway {
        // Serenity asked too, and falls back to Discord's host if that failed: pin it.
        *client.ws_url.lock().await = url;
    }
    let courier = Arc::new(Courier::new(client.http.clone(), desk, i18n));
    Ok(Prepared {
        client,
        courier,
        retry,
    })
}

impl Prepared {
    /// What sends the dispatcher's letters through this client's HTTP.
    pub fn courier(&self) -> Arc<Courier> {
        self.courier.clone()
    }

    /// Connects to the gateway: the shards asked for (Discord's recommended count is asked
    /// for first, inside the task, so a slow answer delays nothing else).
    pub fn connect(self, shards: Shards) -> Client {
        let mut client = self.client;
        let shard_manager = client.shard_manager.clone();
        let plan = Arc::new(OnceLock::new());
        let known = plan.clone();
        let retry = self.retry;
        let task = tokio::spawn(async move {
            let resolved = shards.resolve(&client.http, retry).await?;
            tracing::info!(
                first = resolved.first,
                last = resolved.last,
                total = resolved.total,
                "gateway: running {resolved}"
            );
            let _ = known.set(resolved);
            // serenity 0.12.5 reads the range's end as the last shard, inclusive.
            let range = resolved.first..resolved.last;
            client.start_shard_range(range, resolved.total).await
        });
        Client {
            shard_manager,
            task,
            plan,
        }
    }
}

/// Errors inside commands: logged (without answer texts), and the caller told privately.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(command = %ctx.command().qualified_name, error = %error, "command failed");
            let lang = commands::lang(&ctx).await;
            let text = ctx.data().i18n.text(lang, "desk-store-error");
            let _ = ctx
                .send(poise::CreateReply::default().content(text).ephemeral(true))
                .await;
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!(event = event.snake_case_name(), error = %error, "event handler failed");
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "error while handling an error");
            }
        }
    }
}
