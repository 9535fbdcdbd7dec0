//! Several shards against the double, with the real serenity 0.12.5 client: each guild's
//! events reach the shard `(guild_id >> 22) % count` (its GUILD_CREATE after READY too), direct
//! messages reach shard 0, and `GET /gateway/bot` recommends what the test says.

use discord_double::{shard_of, Double, GuildSpec, UserSpec};
use serenity::all::{
    ClientBuilder, Context, CreateAllowedMentions, EventHandler, GatewayIntents, Guild,
    HttpBuilder, Message,
};
use serenity::async_trait;
use std::time::Duration;
use tokio::sync::mpsc;

const T: Duration = Duration::from_secs(20);

/// What a handler saw: the event, the shard that got it, the guild it concerns.
type Seen = (&'static str, u32, Option<u64>);

struct Handler {
    seen: mpsc::UnboundedSender<Seen>,
}

#[async_trait]
impl EventHandler for Handler {
    async fn guild_create(&self, ctx: Context, guild: Guild, _new: Option<bool>) {
        let _ = self
            .seen
            .send(("guild", ctx.shard_id.0, Some(guild.id.get())));
    }

    async fn message(&self, ctx: Context, msg: Message) {
        let _ = self
            .seen
            .send(("message", ctx.shard_id.0, msg.guild_id.map(|g| g.get())));
    }
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Seen>) -> Seen {
    tokio::time::timeout(T, rx.recv())
        .await
        .expect("an event in time")
        .expect("handler alive")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_guild_reaches_its_shard_and_direct_messages_shard_0() {
    let double = Double::start().await;
    double.set_recommended_shards(2);
    let on_0 = 7000;
    let on_1 = (1 << 22) + 7000;
    assert_eq!((shard_of(on_0, 2), shard_of(on_1, 2)), (0, 1));
    let ana = UserSpec::new(4242, "ana");
    for (id, channel) in [(on_0, on_0 + 1), (on_1, on_1 + 1)] {
        let guild = GuildSpec::new(id, "g", ana.id)
            .text_channel(channel, "general")
            .member(&ana, &[]);
        double.add_guild(guild).await;
    }

    let (tx, mut rx) = mpsc::unbounded_channel();
    let http = HttpBuilder::new("test-token")
        .proxy(double.proxy_url())
        .ratelimiter_disabled(true)
        .default_allowed_mentions(CreateAllowedMentions::new())
        .build();
    let intents =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    let mut client = ClientBuilder::new_with_http(http, intents)
        .event_handler(Handler { seen: tx })
        .await
        .expect("client");
    tokio::spawn(async move {
        let _ = client.start_autosharded().await;
    });
    double
        .wait_shards_ready(&[(0, 2), (1, 2)], T)
        .await
        .expect("both shards READY");
    assert_eq!(double.ready_shards(), [(0, 2), (1, 2)]);

    // After READY, each shard is told about its own guilds only.
    let mut guilds = vec![next(&mut rx).await, next(&mut rx).await];
    guilds.sort_unstable();
    assert_eq!(guilds, [("guild", 0, Some(on_0)), ("guild", 1, Some(on_1))]);

    double.say_in(on_1, on_1 + 1, &ana, "hello 1").await;
    assert_eq!(next(&mut rx).await, ("message", 1, Some(on_1)));
    double.say_in(on_0, on_0 + 1, &ana, "hello 0").await;
    assert_eq!(next(&mut rx).await, ("message", 0, Some(on_0)));
    let dm = double.dm(&ana, "hello").await;
    assert_eq!(next(&mut rx).await, ("message", 0, None));
    let routed = double.routed_of(dm).expect("the DM was routed");
    assert_eq!(routed.shard, (0, 2));
    double.assert_no_violations();
}
