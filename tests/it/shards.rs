//! Sharding, in process: the real serenity client running part of Discord's gateway against
//! the loopback Discord, which sends each guild's events to the connection of shard
//! `(guild_id >> 22) % count` and direct messages to shard 0, as Discord does.
//!
//! - one bot running shards 0-1 of 2 answers a guild of each shard and a DM, and is ready
//!   only once both shards are connected;
//! - two clients on one service (one store), shard 0 and shard 1 of 2: each guild's command
//!   reaches the client that owns its shard and is answered once; DMs reach shard 0;
//! - `--shard-count auto`: the bot runs as many shards as Discord recommends.
//!
//! The same with two processes of the real binary is in `shards_process.rs`.

use std::sync::Arc;
use std::time::Duration;

use discord_double::{shard_of, Double, GuildSpec, Interaction, SlashSpec, UserSpec};
use serde_json::json;
use suivi::app::{Bot, Options};
use suivi::config::Token;
use suivi::conversation::Desk;
use suivi::discord::{self, Plan, Retry, Shards};
use suivi::i18n::I18n;
use suivi::outbox::{Audience, Dispatcher, Tuning};
use suivi::store::Store;

use crate::common::config;
use crate::discord::{stranger, World, GUILD, T};

/// A guild whose events go to shard 1 of 2 (GUILD, 7000, is on shard 0).
pub(crate) const GUILD_B: u64 = (1 << 22) + 9000;
pub(crate) const CHANNEL_B: u64 = GUILD_B + 1;

pub(crate) fn admin_b() -> UserSpec {
    UserSpec::new(8101, "Awa")
}

/// Shards `first..=last` of `total`.
pub(crate) fn shards(first: u32, last: u32, total: u32) -> Shards {
    Shards::Range(Plan { first, last, total })
}

/// The second guild (on shard 1 of 2) and its `/setup` by its admin.
pub(crate) async fn setup_guild_b(double: &Double) -> Interaction {
    let guild = GuildSpec::new(GUILD_B, "Réseau", admin_b().id)
        .locale("fr")
        .text_channel(CHANNEL_B, "accueil")
        .role(GUILD_B + 2, "chargé de mission", "0")
        .member(&admin_b(), &[]);
    double.add_guild(guild).await;
    double
        .slash(
            SlashSpec::guild(GUILD_B, CHANNEL_B, &admin_b(), "setup")
                .permissions("8")
                .locale("fr")
                .options(json!([{"name": "advisor_role", "type": 8,
                    "value": (GUILD_B + 2).to_string()}])),
        )
        .await
}

/// The answer to `/setup` seen by `who`: saved, privately.
pub(crate) async fn saved(double: &Double, who: &UserSpec) {
    let reply = double.next_message_to(who.id, T).await.unwrap();
    assert!(reply.ephemeral);
    assert!(
        reply.content.starts_with("Enregistré."),
        "{}",
        reply.content
    );
}

/// A stranger writes to the bot in DM (no conversation waits for them): the refusal they get,
/// sent by the dispatcher. Returns the DM's message id.
pub(crate) async fn stray_dm(double: &Double) -> u64 {
    let id = double.dm(&stranger(), "bonjour").await;
    let reply = double.next_message_to(stranger().id, T).await.unwrap();
    assert!(
        reply
            .content
            .starts_with("Aucune conversation ne vous attend"),
        "{}",
        reply.content
    );
    id
}

/// How many times the bot answered the interaction (its callback).
pub(crate) fn answers(double: &Double, it: &Interaction) -> usize {
    let path = format!("/interactions/{}/{}/callback", it.id, it.token);
    double
        .requests()
        .iter()
        .filter(|r| r.matches("POST", &path))
        .count()
}

/// Waits until the bot's readiness, as `suivi status --health` reads it, is `ready`.
async fn recorded(store: &Store, ready: bool) {
    let deadline = tokio::time::Instant::now() + T;
    loop {
        if store
            .gateway_state()
            .await
            .unwrap()
            .is_some_and(|g| g.ready == ready)
        {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the gateway was never recorded ready = {ready}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn start(w: &World, shards: Shards) -> Bot {
    let mut cfg = config();
    cfg.database = w.db.clone();
    cfg.discord_api_base = Some(w.double.proxy_url());
    let options = Options {
        shards,
        ..Options::default()
    };
    Bot::start_with(cfg, &Token::new("test-token"), w.clock.clone(), options)
        .await
        .unwrap()
}

#[test]
fn the_test_guilds_sit_on_the_shards_the_tests_say() {
    assert_eq!(shard_of(GUILD, 2), 0);
    assert_eq!(shard_of(GUILD_B, 2), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bot_running_two_shards_answers_a_guild_of_each_and_direct_messages() {
    let mut w = World::bare().await;
    let bot = start(&w, shards(0, 1, 2)).await;
    let store = bot.desk.store().clone();
    w.double.wait_shards_ready(&[(0, 2)], T).await.unwrap();
    // serenity starts one shard every 5 s: until the second has identified, the bot is never
    // recorded ready (it would not hear half of its guilds).
    let deadline = tokio::time::Instant::now() + T;
    loop {
        let state = store.gateway_state().await.unwrap();
        if w.double.identified_shards().contains(&(1, 2)) {
            break;
        }
        assert!(
            !state.is_some_and(|s| s.ready),
            "recorded ready with one shard of two"
        );
        assert!(tokio::time::Instant::now() < deadline, "shard 1 never came");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    w.double
        .wait_shards_ready(&[(0, 2), (1, 2)], T)
        .await
        .unwrap();
    recorded(&store, true).await;
    let mut identified = w.double.identified_shards();
    identified.sort_unstable();
    assert_eq!(identified, [(0, 2), (1, 2)]);
    w.bot = Some(bot);

    // A guild of shard 0 (GUILD, set up by `World::setup`) and one of shard 1.
    w.setup(false).await;
    let b = setup_guild_b(&w.double).await;
    saved(&w.double, &admin_b()).await;
    assert_eq!(w.double.routed_of(b.id).unwrap().shard, (1, 2));
    assert_eq!(answers(&w.double, &b), 1);
    let a = w
        .double
        .routed()
        .into_iter()
        .find(|r| r.event == "INTERACTION_CREATE" && r.guild_id == Some(GUILD))
        .unwrap();
    assert_eq!(a.shard, (0, 2));

    // A direct message goes to shard 0, and is answered.
    let dm = stray_dm(&w.double).await;
    assert_eq!(w.double.routed_of(dm).unwrap().shard, (0, 2));

    // Discord asks every connection to reconnect: each shard resumes its own session, and the
    // guild of shard 1 is still heard.
    let identified = w.double.identify_count();
    w.double.reconnect().await;
    w.double
        .wait_shards_ready(&[(0, 2), (1, 2)], T)
        .await
        .unwrap();
    assert_eq!(w.double.resume_count(), 2);
    assert_eq!(w.double.identify_count(), identified);
    let again = setup_guild_b(&w.double).await;
    saved(&w.double, &admin_b()).await;
    assert_eq!(w.double.routed_of(again.id).unwrap().shard, (1, 2));

    w.bot.take().unwrap().shutdown().await;
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_each_answer_the_guilds_of_their_own_shard_once() {
    let w = World::bare().await;
    let mut cfg = config();
    cfg.database = w.db.clone();
    cfg.discord_api_base = Some(w.double.proxy_url());
    let (store, _) = Store::open(&w.db).await.unwrap();
    let i18n = Arc::new(I18n::load().unwrap());
    let desk = Arc::new(Desk::new(
        store,
        i18n.clone(),
        Arc::new(cfg),
        w.clock.clone(),
    ));
    let token = Token::new("test-token");
    let (fatal, _fatal) = tokio::sync::mpsc::unbounded_channel();
    let retry = Retry::default();
    let first = discord::prepare(desk.clone(), i18n.clone(), &token, retry, fatal.clone())
        .await
        .unwrap();
    let second = discord::prepare(desk.clone(), i18n.clone(), &token, retry, fatal)
        .await
        .unwrap();
    // Any process may send: here the first client's HTTP sends what the outbox plans.
    let tuning = Tuning {
        audience: Audience::Discord,
        ..Tuning::default()
    };
    let dispatching = Dispatcher::new(desk.clone(), first.courier(), tuning).spawn();
    let zero = first.connect(shards(0, 0, 2));
    let one = second.connect(shards(1, 1, 2));
    w.double
        .wait_shards_ready(&[(0, 2), (1, 2)], T)
        .await
        .unwrap();
    let runs = |c: &discord::Client| {
        let manager = c.shard_manager.clone();
        async move {
            let runners = manager.runners.lock().await;
            runners.keys().map(|id| id.0).collect::<Vec<u32>>()
        }
    };
    assert_eq!(runs(&zero).await, [0]);
    assert_eq!(runs(&one).await, [1]);

    w.setup(false).await;
    let b = setup_guild_b(&w.double).await;
    saved(&w.double, &admin_b()).await;
    let to_b = w.double.routed_of(b.id).unwrap();
    let a = w
        .double
        .routed()
        .into_iter()
        .find(|r| r.event == "INTERACTION_CREATE" && r.guild_id == Some(GUILD))
        .unwrap();
    assert_eq!(a.shard, (0, 2));
    assert_eq!(to_b.shard, (1, 2));
    assert_ne!(
        a.connection, to_b.connection,
        "two connections, one per shard"
    );
    assert_eq!(answers(&w.double, &b), 1, "answered once");

    let dm = stray_dm(&w.double).await;
    assert_eq!(w.double.routed_of(dm).unwrap().shard, (0, 2));
    // Nothing more comes: the refusal went out once.
    assert!(w
        .double
        .next_message_to(stranger().id, Duration::from_millis(300))
        .await
        .is_err());

    for c in [zero, one] {
        c.shard_manager.shutdown_all().await;
        let _ = tokio::time::timeout(T, c.task).await;
    }
    dispatching.stop(T).await;
    desk.close().await;
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_runs_as_many_shards_as_discord_recommends() {
    let mut w = World::bare().await;
    w.double.set_recommended_shards(2);
    let bot = start(&w, Shards::Auto).await;
    w.double
        .wait_shards_ready(&[(0, 2), (1, 2)], T)
        .await
        .unwrap();
    recorded(bot.desk.store(), true).await;
    assert!(w
        .double
        .requests()
        .iter()
        .any(|r| r.matches("GET", "/gateway/bot")));
    w.bot = Some(bot);
    w.setup(false).await;
    let b = setup_guild_b(&w.double).await;
    saved(&w.double, &admin_b()).await;
    assert_eq!(w.double.routed_of(b.id).unwrap().shard, (1, 2));
    w.bot.take().unwrap().shutdown().await;
    w.double.assert_no_violations();
}
