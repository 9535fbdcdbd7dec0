//! The double against the real serenity 0.12.5 client.

use discord_double::{Double, Failure, GuildSpec, SentKind, SlashSpec, UserSpec};
use serde_json::json;
use serenity::all::{
    ActionRowComponent, ButtonStyle, ChannelType, Client, ClientBuilder, Context, CreateActionRow,
    CreateAllowedMentions, CreateAttachment, CreateButton, CreateInputText,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, CreateModal, CreateThread, EditInteractionResponse, EventHandler,
    GatewayIntents, HttpBuilder, InputTextStyle, Interaction, Message,
};
use serenity::async_trait;
use std::time::Duration;
use tokio::sync::mpsc;

const T: Duration = Duration::from_secs(15);

/// What the handler observed, for the test to await.
#[derive(Debug)]
enum Seen {
    SendError { code: isize, status: u16 },
    Sent,
}

struct Bot {
    seen: mpsc::UnboundedSender<Seen>,
}

fn discord_error(e: &serenity::Error) -> Option<(isize, u16)> {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            Some((r.error.code, r.status_code.as_u16()))
        }
        _ => None,
    }
}

#[async_trait]
impl EventHandler for Bot {
    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot || msg.guild_id.is_some() {
            return;
        }
        let channel = match msg.author.create_dm_channel(&ctx).await {
            Ok(c) => c,
            Err(e) => {
                let (code, status) = discord_error(&e).unwrap_or((-1, 0));
                let _ = self.seen.send(Seen::SendError { code, status });
                return;
            }
        };
        let mut reply = CreateMessage::new()
            .content(format!("echo: {}", msg.content))
            .components(vec![CreateActionRow::Buttons(vec![
                CreateButton::new("ok")
                    .label("OK")
                    .style(ButtonStyle::Primary),
                CreateButton::new("form").label("Form"),
            ])]);
        if msg.content == "file" {
            reply = reply.add_file(CreateAttachment::bytes(b"a,b\n1,2\n".to_vec(), "data.csv"));
        }
        match channel.send_message(&ctx, reply).await {
            Ok(_) => {
                let _ = self.seen.send(Seen::Sent);
            }
            Err(e) => {
                let (code, status) = discord_error(&e).unwrap_or((-1, 0));
                let _ = self.seen.send(Seen::SendError { code, status });
            }
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(c) => {
                if c.data.name == "slow" {
                    c.defer_ephemeral(&ctx).await.unwrap();
                    c.edit_response(
                        &ctx,
                        EditInteractionResponse::new()
                            .content("done slowly")
                            .allowed_mentions(CreateAllowedMentions::new()),
                    )
                    .await
                    .unwrap();
                    c.create_followup(
                        &ctx,
                        CreateInteractionResponseFollowup::new().content("and a follow-up"),
                    )
                    .await
                    .unwrap();
                    return;
                }
                if c.data.name == "twice" {
                    for _ in 0..2 {
                        let r = c
                            .create_response(
                                &ctx,
                                CreateInteractionResponse::Message(
                                    CreateInteractionResponseMessage::new().content("once"),
                                ),
                            )
                            .await;
                        if let Err(e) = r {
                            let (code, status) = discord_error(&e).unwrap_or((-1, 0));
                            let _ = self.seen.send(Seen::SendError { code, status });
                        }
                    }
                    return;
                }
                if c.data.name == "thread" {
                    let parent = c.channel_id;
                    let thread = parent
                        .create_thread(
                            &ctx,
                            CreateThread::new("private").kind(ChannelType::PrivateThread),
                        )
                        .await
                        .unwrap();
                    thread.id.add_thread_member(&ctx, c.user.id).await.unwrap();
                    thread
                        .id
                        .send_message(&ctx, CreateMessage::new().content("in thread"))
                        .await
                        .unwrap();
                }
                let opts: Vec<String> = c
                    .data
                    .options()
                    .iter()
                    .map(|o| format!("{}={:?}", o.name, o.value))
                    .collect();
                let text = format!("pong {} {} {}", c.data.name, c.locale, opts.join(","));
                c.create_response(
                    &ctx,
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new()
                            .content(text)
                            .ephemeral(true),
                    ),
                )
                .await
                .unwrap();
            }
            Interaction::Component(c) => {
                if c.data.custom_id == "form" {
                    let modal = CreateModal::new("feedback", "Feedback").components(vec![
                        CreateActionRow::InputText(CreateInputText::new(
                            InputTextStyle::Paragraph,
                            "Your text",
                            "text",
                        )),
                    ]);
                    c.create_response(&ctx, CreateInteractionResponse::Modal(modal))
                        .await
                        .unwrap();
                    return;
                }
                let content = format!("clicked {} on {}", c.data.custom_id, c.message.content);
                c.create_response(
                    &ctx,
                    CreateInteractionResponse::UpdateMessage(
                        CreateInteractionResponseMessage::new()
                            .content(content)
                            .components(vec![]),
                    ),
                )
                .await
                .unwrap();
            }
            Interaction::Modal(m) => {
                let value = m
                    .data
                    .components
                    .iter()
                    .flat_map(|r| r.components.iter())
                    .find_map(|c| match c {
                        ActionRowComponent::InputText(t) => t.value.clone(),
                        _ => None,
                    })
                    .unwrap_or_default();
                m.create_response(
                    &ctx,
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new().content(format!("got: {value}")),
                    ),
                )
                .await
                .unwrap();
            }
            _ => {}
        }
    }
}

async fn start_bot(double: &Double) -> mpsc::UnboundedReceiver<Seen> {
    let (tx, rx) = mpsc::unbounded_channel();
    let http = HttpBuilder::new("test-token")
        .proxy(double.proxy_url())
        .ratelimiter_disabled(true)
        .default_allowed_mentions(CreateAllowedMentions::new())
        .build();
    let mut client: Client = ClientBuilder::new_with_http(
        http,
        GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES,
    )
    .event_handler(Bot { seen: tx })
    .await
    .expect("client");
    tokio::spawn(async move {
        let _ = client.start().await;
    });
    double.wait_ready(T).await.expect("READY");
    rx
}

async fn next_seen(rx: &mut mpsc::UnboundedReceiver<Seen>) -> Seen {
    tokio::time::timeout(T, rx.recv())
        .await
        .expect("handler outcome in time")
        .expect("handler alive")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_button_modal_and_attachment() {
    let double = Double::start().await;
    let mut seen = start_bot(&double).await;
    assert_eq!(double.identify_count(), 1);
    let ident = double.last_identify().unwrap();
    assert_eq!(ident["intents"], json!((1 << 0) | (1 << 12)));

    let ana = UserSpec::new(4242, "ana");
    double.dm(&ana, "hello").await;
    let reply = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(reply.content, "echo: hello");
    assert_eq!(reply.kind, SentKind::ChannelMessage);
    assert_eq!(reply.channel_id, double.dm_channel_of(ana.id));
    assert_eq!(reply.allowed_mentions.as_ref().unwrap()["parse"], json!([]));
    assert_eq!(reply.button_labels(), vec!["OK", "Form"]);
    assert_eq!(reply.button("Form").as_deref(), Some("form"));
    assert!(matches!(next_seen(&mut seen).await, Seen::Sent));
    // The same DM channel every time.
    let opens = double
        .requests()
        .iter()
        .filter(|r| r.matches("POST", "/users/@me/channels"))
        .count();
    assert_eq!(opens, 1);

    // Button → UPDATE_MESSAGE on the same message.
    double.click(&ana, &reply, "ok", "fr").await;
    let updated = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(updated.kind, SentKind::UpdateMessage);
    assert_eq!(updated.id, reply.id);
    assert_eq!(updated.content, "clicked ok on echo: hello");
    assert!(updated.components.is_empty());

    // Button → modal → submit → reply.
    double.dm(&ana, "again").await;
    let again = double.next_message_to(ana.id, T).await.unwrap();
    double.click(&ana, &again, "form", "fr").await;
    let modal = double.next_message_to(ana.id, T).await.unwrap();
    match &modal.kind {
        SentKind::Modal {
            custom_id, title, ..
        } => {
            assert_eq!(custom_id, "feedback");
            assert_eq!(title, "Feedback");
        }
        other => panic!("expected a modal, got {other:?}"),
    }
    assert_eq!(modal.custom_ids(), vec!["text"]);
    assert!(modal.text().contains("Your text"));
    double
        .submit_modal(&ana, "feedback", &[("text", "merci")], "fr", None)
        .await;
    let got = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(got.content, "got: merci");

    // Attachments travel as multipart with payload_json.
    double.dm(&ana, "file").await;
    let with_file = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(
        with_file.attachments,
        vec![("data.csv".to_string(), b"a,b\n1,2\n".to_vec())]
    );
    assert_eq!(with_file.content, "echo: file");
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_guilds_threads_and_deferrals() {
    let double = Double::start().await;
    let _seen = start_bot(&double).await;
    let ana = UserSpec::new(4242, "ana");
    double
        .add_guild(
            GuildSpec::new(900, "Asso", ana.id)
                .locale("fr")
                .text_channel(901, "general")
                .member(&ana, &[]),
        )
        .await;

    let i = double
        .slash(
            SlashSpec::dm(&ana, "ping")
                .locale("fr")
                .options(json!([{"name": "n", "value": 3}])),
        )
        .await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(
        r.kind,
        SentKind::InteractionReply {
            interaction_id: i.id
        }
    );
    assert!(r.ephemeral);
    assert_eq!(r.content, "pong ping fr n=Integer(3)");

    // Guild command that creates a private thread, adds the user, posts in it.
    double
        .slash(SlashSpec::guild(900, 901, &ana, "thread"))
        .await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert!(r.content.starts_with("pong thread en-US"), "{}", r.content);
    let thread = double
        .wait_for(T, |r| {
            r.matches("POST", "/channels/901/threads") && r.status == 201
        })
        .await
        .unwrap();
    assert_eq!(thread.body.as_ref().unwrap()["type"], json!(12));
    let created = double
        .requests()
        .into_iter()
        .find(|r| r.matches("POST", "/channels/*/messages"))
        .unwrap();
    let thread_id: u64 = created.path.split('/').nth(2).unwrap().parse().unwrap();
    let in_thread = double.next_message_in(thread_id, T).await.unwrap();
    assert_eq!(in_thread.content, "in thread");
    assert_eq!(double.thread_members(thread_id).last(), Some(&ana.id));

    // Defer, then edit @original, then follow-up.
    double.slash(SlashSpec::dm(&ana, "slow")).await;
    let edit = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(edit.kind, SentKind::EditOriginal);
    assert_eq!(edit.content, "done slowly");
    assert!(edit.ephemeral);
    let follow = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(follow.kind, SentKind::Followup);
    assert_eq!(follow.content, "and a follow-up");
    assert!(double
        .shown()
        .iter()
        .any(|s| s.kind == SentKind::Deferred { callback_type: 5 }));
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_resume_and_fresh_sessions() {
    let double = Double::start().await;
    let mut seen = start_bot(&double).await;
    let ana = UserSpec::new(4242, "ana");

    double.reconnect().await;
    double.wait_ready(T).await.unwrap();
    assert_eq!(double.resume_count(), 1);
    assert_eq!(double.identify_count(), 1);
    double.dm(&ana, "after reconnect").await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(r.content, "echo: after reconnect");
    next_seen(&mut seen).await;

    double.drop_gateway().await;
    double.wait_ready(T).await.unwrap();
    double.dm(&ana, "after drop").await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(r.content, "echo: after drop");
    next_seen(&mut seen).await;

    double.invalid_session().await;
    double.wait_ready(Duration::from_secs(30)).await.unwrap();
    assert_eq!(double.identify_count(), 2);
    double.dm(&ana, "after invalid session").await;
    let r = double.next_message_to(ana.id, T).await.unwrap();
    assert_eq!(r.content, "echo: after invalid session");
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_failures_reach_the_client() {
    let double = Double::start().await;
    let mut seen = start_bot(&double).await;
    let ana = UserSpec::new(4242, "ana");

    double.fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    double.dm(&ana, "hello").await;
    match next_seen(&mut seen).await {
        Seen::SendError { code, status } => {
            assert_eq!((code, status), (50007, 403));
        }
        other => panic!("expected an error, got {other:?}"),
    }
    // One shot: the next send works.
    double.dm(&ana, "hello").await;
    assert!(matches!(next_seen(&mut seen).await, Seen::Sent));
    assert_eq!(
        double.next_message_to(ana.id, T).await.unwrap().content,
        "echo: hello"
    );

    double.fail_next(
        "POST",
        "/users/@me/channels",
        Failure::RateLimited { retry_after: 1.5 },
    );
    double.dm(&UserSpec::new(77, "bob"), "hi").await;
    match next_seen(&mut seen).await {
        Seen::SendError { status, .. } => assert_eq!(status, 429),
        other => panic!("expected 429, got {other:?}"),
    }
    double.fail_next("*", "/channels/*/messages", Failure::ServerError(502));
    double.dm(&ana, "x").await;
    match next_seen(&mut seen).await {
        Seen::SendError { status, .. } => assert_eq!(status, 502),
        other => panic!("expected 502, got {other:?}"),
    }
    // Answering an interaction twice: Discord's 40060, and a violation.
    double.slash(SlashSpec::dm(&ana, "twice")).await;
    match next_seen(&mut seen).await {
        Seen::SendError { code, status } => assert_eq!((code, status), (40060, 400)),
        other => panic!("expected 40060, got {other:?}"),
    }
    let v = double.violations();
    assert!(
        v.len() == 1 && v[0].contains("interaction answered twice"),
        "{v:#?}"
    );
    let failed: Vec<u16> = double
        .requests()
        .iter()
        .filter(|r| r.status >= 400)
        .map(|r| r.status)
        .collect();
    assert_eq!(failed, vec![403, 429, 502, 400]);
}

/// Raw HTTP, without serenity: the checks must catch a bad body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_are_reported() {
    let double = Double::start().await;
    let http = reqwest::Client::new();
    let base = format!("{}/api/v10", double.proxy_url());
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let dm = post("/users/@me/channels", json!({"recipient_id": "4242"}))
        .await
        .unwrap();
    assert_eq!(dm.status(), 200);
    let dm: serde_json::Value = serde_json::from_str(&dm.text().await.unwrap()).unwrap();
    let channel = dm["id"].as_str().unwrap().to_string();
    assert_eq!(
        double.dm_channel_of(4242).map(|c| c.to_string()),
        Some(channel.clone())
    );
    double.assert_no_violations();

    // content must be a string: schema violation.
    post(
        &format!("/channels/{channel}/messages"),
        json!({"content": 5, "allowed_mentions": {"parse": []}}),
    )
    .await
    .unwrap();
    // Too long, and no allowed_mentions.
    post(
        &format!("/channels/{channel}/messages"),
        json!({"content": "x".repeat(2001)}),
    )
    .await
    .unwrap();
    // An unknown route.
    let r = http.get(format!("{base}/nowhere")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let v = double.violations();
    let has = |prefix: &str| v.iter().any(|x| x.starts_with(prefix));
    if std::env::var_os("DISCORD_OPENAPI").is_some() {
        assert!(
            has("schema: POST /channels/{channel_id}/messages"),
            "{v:#?}"
        );
    }
    assert!(has("limit: "), "{v:#?}");
    assert!(has("allowed_mentions: "), "{v:#?}");
    assert!(has("unhandled route: GET /nowhere"), "{v:#?}");
    let panicked = std::panic::catch_unwind(|| double.assert_no_violations());
    assert!(panicked.is_err());
}
