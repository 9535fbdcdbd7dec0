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
pub mod render;

use std::sync::Arc;

use serenity::all::{
    ClientBuilder, CreateAllowedMentions, GatewayIntents, HttpBuilder, ShardManager,
};

use crate::config::Token;
use crate::conversation::Desk;
use crate::i18n::I18n;
use crate::scheduler::{Scheduler, Tuning};
use deliver::Courier;

/// What every handler can reach.
pub struct Data {
    pub desk: Arc<Desk>,
    pub i18n: Arc<I18n>,
    /// The outbox dispatcher (handlers wait on it when they must say where a prompt went).
    pub scheduler: Arc<Scheduler>,
}

/// Handlers' error type (logged by poise's error hook; people get a localised message).
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Ctx<'a> = poise::Context<'a, Data, Error>;

/// A running client.
pub struct Client {
    pub shard_manager: Arc<ShardManager>,
    pub task: tokio::task::JoinHandle<Result<(), serenity::Error>>,
    /// Stops the scheduler; its task, once started (at the first READY).
    pub stop_scheduler: tokio::sync::watch::Sender<bool>,
    pub scheduler_task: Arc<std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

/// Connects to Discord (or to `api_base`, a loopback Discord in tests) and starts handling
/// events in the background.
pub async fn start(
    desk: Arc<Desk>,
    i18n: Arc<I18n>,
    token: &Token,
) -> Result<Client, serenity::Error> {
    let config = desk.config().clone();
    let mut http =
        HttpBuilder::new(token.expose()).default_allowed_mentions(CreateAllowedMentions::new());
    if let Some(base) = &config.discord_api_base {
        // Only tests set this: serenity ignores the proxy while its rate limiter is on.
        http = http.proxy(base.clone()).ratelimiter_disabled(true);
    }
    let commands = commands::all(&i18n);
    let dev_guilds = config.development_guilds.clone();
    let data_desk = desk.clone();
    let data_i18n = i18n.clone();
    let (stop_scheduler, stop_rx) = tokio::sync::watch::channel(false);
    let scheduler_task = Arc::new(std::sync::Mutex::new(None));
    let task_slot = scheduler_task.clone();
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
                let cmds = &framework.options().commands;
                if dev_guilds.is_empty() {
                    poise::builtins::register_globally(ctx, cmds).await?;
                } else {
                    for g in &dev_guilds {
                        poise::builtins::register_in_guild(
                            ctx,
                            cmds,
                            serenity::all::GuildId::new(*g),
                        )
                        .await?;
                    }
                }
                tracing::info!("connected; commands registered");
                let courier = Courier::new(ctx.http.clone(), data_desk.clone(), data_i18n.clone());
                let tuning = Tuning {
                    audience: crate::scheduler::Audience::Discord,
                    ..Tuning::default()
                };
                let scheduler = Scheduler::new(data_desk.clone(), Arc::new(courier), tuning);
                let task = tokio::spawn(scheduler.clone().run(stop_rx));
                if let Ok(mut slot) = task_slot.lock() {
                    *slot = Some(task);
                }
                Ok(Data {
                    desk: data_desk,
                    i18n: data_i18n,
                    scheduler,
                })
            })
        })
        .build();
    let intents = GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES;
    let mut client = ClientBuilder::new_with_http(http.build(), intents)
        .framework(framework)
        .await?;
    let shard_manager = client.shard_manager.clone();
    let task = tokio::spawn(async move { client.start().await });
    Ok(Client {
        shard_manager,
        task,
        stop_scheduler,
        scheduler_task,
    })
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
