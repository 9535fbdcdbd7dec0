//! The double against poise 0.7.1: global command registration, slash commands with options
//! and sub-commands, the owners lookup at start.

use discord_double::{Double, SentKind, SlashSpec, UserSpec};
use serde_json::json;
use serenity::all::{ClientBuilder, CreateAllowedMentions, GatewayIntents, HttpBuilder};
use std::time::Duration;

const T: Duration = Duration::from_secs(15);

struct Data;
type Error = Box<dyn std::error::Error + Send + Sync>;
type Ctx<'a> = poise::Context<'a, Data, Error>;

/// Says hello.
#[poise::command(slash_command)]
async fn hello(ctx: Ctx<'_>, #[description = "Who"] name: String) -> Result<(), Error> {
    let locale = ctx.locale().unwrap_or("?").to_string();
    ctx.say(format!("hello {name} ({locale})")).await?;
    Ok(())
}

/// Missions.
#[poise::command(slash_command, subcommands("start"))]
async fn mission(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Starts a mission.
#[poise::command(slash_command)]
async fn start(ctx: Ctx<'_>, title: String, count: i64) -> Result<(), Error> {
    ctx.send(
        poise::CreateReply::default()
            .content(format!("start {title} {count}"))
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poise_registers_and_answers_commands() {
    let double = Double::start().await;
    let http = HttpBuilder::new("test-token")
        .proxy(double.proxy_url())
        .ratelimiter_disabled(true)
        .default_allowed_mentions(CreateAllowedMentions::new())
        .build();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![hello(), mission()],
            allowed_mentions: Some(CreateAllowedMentions::new()),
            ..Default::default()
        })
        .setup(|ctx, _ready, framework| {
            Box::pin(async move {
                poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                Ok(Data)
            })
        })
        .build();
    let mut client = ClientBuilder::new_with_http(
        http,
        GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES,
    )
    .framework(framework)
    .await
    .expect("client");
    tokio::spawn(async move {
        let _ = client.start().await;
    });
    double.wait_ready(T).await.unwrap();
    let app = double.application_id();
    double
        .wait_for(T, |r| {
            r.matches("PUT", &format!("/applications/{app}/commands"))
        })
        .await
        .unwrap();
    let names: Vec<String> = double
        .commands(None)
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, vec!["hello", "mission"]);

    let ana = UserSpec::new(4242, "ana");
    let i = double
        .slash(
            SlashSpec::dm(&ana, "hello")
                .locale("fr")
                .options(json!([{"name": "name", "value": "Ana"}])),
        )
        .await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(
        r.kind,
        SentKind::InteractionReply {
            interaction_id: i.id
        }
    );
    assert_eq!(r.content, "hello Ana (fr)");
    assert_eq!(r.text(), "hello Ana (fr)");

    double
        .slash(SlashSpec::dm(&ana, "mission").options(json!([
            {"name": "start", "options": [{"name": "title", "value": "x"}, {"name": "count", "value": 2}]}
        ])))
        .await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(r.content, "start x 2");
    assert!(r.ephemeral);
    double.assert_no_violations();
}
