//! # discord-double: a loopback Discord for end-to-end tests
//!
//! The machines that run suivi's tests reach no Discord. This crate starts, on `127.0.0.1`, one
//! HTTP server that answers the part of Discord's REST API (under `/api/v10`) that the bot uses
//! and upgrades `/gw` to the gateway WebSocket, so that the **real** serenity 0.12.5 / poise
//! 0.7.1 client runs against it unchanged.
//!
//! A test:
//! 1. starts a [`Double`], points serenity at it (see below), waits with [`Double::wait_ready`];
//! 2. plays users: [`Double::dm`], [`Double::slash`], [`Double::click`], [`Double::select`],
//!    [`Double::submit_modal`], [`Double::autocomplete`] inject gateway events;
//! 3. observes the bot: [`Double::next_message_to`] / [`Double::next_message_in`] return what
//!    a person would see, [`Double::messages_in`] every message created in a channel,
//!    [`Double::wait_for`] / [`Double::requests`] every REST call, [`Double::busiest_second`]
//!    the most requests in any second against Discord's global limit (all processes of the
//!    bot together), [`Double::messages_by_nonce`] which message each nonce became;
//! 4. injects trouble: [`Double::fail_next`], [`Double::stall_next`] (applied, answer held
//!    back), [`Double::reconnect`], [`Double::invalid_session`], [`Double::drop_gateway`];
//!    de-duplicates sends by nonce like Discord (`enforce_nonce`, see
//!    [`Double::deduplicated_count`]);
//! 5. shards like Discord: several gateway connections live at once, each bound to the
//!    `shard: [id, count]` of its Identify; a guild's events go to the connection of shard
//!    `(guild_id >> 22) % count` ([`shard_of`]), direct messages to shard 0; see
//!    [`Double::wait_shards_ready`], [`Double::routed_of`] (which connection got an event),
//!    [`Double::set_recommended_shards`] (`GET /gateway/bot`);
//! 6. ends with [`Double::assert_no_violations`]: every request body is validated against
//!    Discord's OpenAPI description (file named by env `DISCORD_OPENAPI`), message content is
//!    limited to 2000 characters, every message must carry `allowed_mentions: {"parse": []}`,
//!    unknown routes, late (> 3 s) or double interaction answers are reported.
//!
//! Wiring serenity (poise: pass the same `http` to `ClientBuilder::new_with_http`, and set
//! poise's `allowed_mentions` option to `CreateAllowedMentions::new()`):
//!
//! ```no_run
//! # async fn demo() {
//! use serenity::all::{ClientBuilder, CreateAllowedMentions, GatewayIntents, HttpBuilder};
//! let double = discord_double::Double::start().await;
//! let http = HttpBuilder::new("test-token")
//!     .proxy(double.proxy_url()) // only honoured with the ratelimiter disabled
//!     .ratelimiter_disabled(true)
//!     .default_allowed_mentions(CreateAllowedMentions::new())
//!     .build();
//! let intents = GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES;
//! let mut client = ClientBuilder::new_with_http(http, intents).await.unwrap();
//! tokio::spawn(async move { client.start().await });
//! double.wait_ready(std::time::Duration::from_secs(10)).await.unwrap();
//! let ana = discord_double::UserSpec::new(42, "ana");
//! double.dm(&ana, "hello").await;
//! // ... double.next_message_to(42, timeout).await ...
//! double.assert_no_violations();
//! # }
//! ```
//!
//! See `tests/serenity.rs` and `tests/poise.rs` for complete examples.

#![recursion_limit = "256"]
#![warn(missing_docs)]

mod gateway;
mod outbox;
mod rate;
mod rest;
mod shards;
mod types;
mod util;
mod validate;

pub use rate::{busiest, shortest_span, Arrival, GLOBAL_LIMIT};
pub use shards::{shard_of, Routed};
pub use types::{
    ChannelSpec, DoubleError, Failure, GuildSpec, Interaction, MemberSpec, RecordedRequest,
    RoleSpec, SentKind, SentMessage, SlashSpec, UserSpec,
};

use serde_json::{json, Value};
use shards::{GwConn, Session};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use types::{ChannelInfo, InteractionInfo};

/// A command for the task that owns a gateway connection.
pub(crate) enum GwCmd {
    /// Send this text frame.
    Text(String),
    /// Close the socket without a close frame.
    Drop,
}

/// One thing shown, for the per-user and per-channel feeds.
pub(crate) struct FeedEntry {
    pub user: Option<u64>,
    pub channel: Option<u64>,
    pub msg: SentMessage,
}

/// Everything the double remembers.
#[derive(Default)]
pub(crate) struct State {
    pub last_id: u64,
    /// The open gateway connections (one per shard the bot runs).
    pub gw: Vec<GwConn>,
    pub conn_counter: u64,
    /// Sessions that can be resumed, by id.
    pub sessions: HashMap<String, Session>,
    /// Where each dispatch went.
    pub routed: Vec<shards::Routed>,
    /// What `GET /gateway/bot` answers as `shards` (1 unless a test says otherwise).
    pub recommended_shards: Option<u64>,
    /// Every Identify's `shard`, in order.
    pub identified: Vec<(u64, u64)>,
    pub identify_count: usize,
    pub resume_count: usize,
    pub last_identify: Option<Value>,
    pub guilds: Vec<GuildSpec>,
    pub users: HashMap<u64, UserSpec>,
    pub dm_by_user: HashMap<u64, u64>,
    pub channels: HashMap<u64, ChannelInfo>,
    pub messages: HashMap<u64, Value>,
    pub interactions: HashMap<String, InteractionInfo>,
    pub global_commands: Vec<Value>,
    pub guild_commands: HashMap<u64, Vec<Value>>,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<String>,
    pub feed: Vec<FeedEntry>,
    pub user_cursor: HashMap<u64, usize>,
    pub channel_cursor: HashMap<u64, usize>,
    pub failures: Vec<(String, String, Failure)>,
    pub thread_members: HashMap<u64, Vec<u64>>,
    pub no_echo: bool,
    /// Overrides the 3 s answer deadline of interactions.
    pub answer_within: Option<Duration>,
    /// Nonces seen and stalled answers.
    pub outbox: outbox::OutboxState,
    /// When each request counting against the global rate limit arrived.
    pub rate: rate::RateState,
    /// The gateway refuses connections (503 on `/gw`): Discord's gateway unreachable.
    pub gateway_down: bool,
    /// What `GET /gateway` answers instead of the double's own gateway.
    pub gateway_url_override: Option<String>,
    /// Gateway connections refused while it was down.
    pub gateway_refusals: usize,
}

impl State {
    pub(crate) fn new_id(&mut self) -> u64 {
        util::next_snowflake(&mut self.last_id)
    }

    /// The DM channel with `user`, created on first use.
    pub(crate) fn dm_channel(&mut self, user: &UserSpec) -> u64 {
        self.users.insert(user.id, user.clone());
        if let Some(c) = self.dm_by_user.get(&user.id) {
            return *c;
        }
        let id = self.new_id();
        self.dm_by_user.insert(user.id, id);
        self.channels.insert(
            id,
            ChannelInfo {
                guild_id: None,
                recipient: Some(user.id),
                kind: 1,
                name: String::new(),
                parent_id: None,
            },
        );
        id
    }
}

/// Shared by the server tasks and every [`Double`] handle.
pub(crate) struct Inner {
    pub port: u16,
    pub bot_id: u64,
    pub app_id: u64,
    pub owner_id: u64,
    pub state: Mutex<State>,
    pub changed: watch::Sender<u64>,
}

impl Inner {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wakes every waiter (call after changing the state).
    pub(crate) fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }

    pub(crate) fn bot_user(&self) -> Value {
        json!({
            "id": self.bot_id.to_string(),
            "username": "suivi",
            "discriminator": "0",
            "global_name": null,
            "avatar": null,
            "bot": true,
            "public_flags": 0,
        })
    }

    pub(crate) fn gateway_url(&self) -> String {
        format!("ws://127.0.0.1:{}/gw", self.port)
    }

    /// Waits until `check` returns `Some`, re-checking after every state change.
    pub(crate) async fn wait_until<T>(
        &self,
        timeout: Duration,
        what: impl FnOnce() -> String,
        mut check: impl FnMut(&mut State) -> Option<T>,
    ) -> Result<T, DoubleError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut rx = self.changed.subscribe();
        loop {
            if let Some(v) = check(&mut self.lock()) {
                return Ok(v);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                _ => {
                    // One last look (a change may have landed with the deadline).
                    if let Some(v) = check(&mut self.lock()) {
                        return Ok(v);
                    }
                    return Err(DoubleError::Timeout(what()));
                }
            }
        }
    }
}

/// Aborts the server when the last [`Double`] handle is dropped, and cuts the connections
/// of stalled requests (their tasks outlive the server's).
struct ServerGuard(Option<tokio::task::JoinHandle<()>>, Arc<Inner>);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        if let Some(h) = &self.0 {
            h.abort();
        }
        self.1.lock().outbox.close();
        self.1.bump();
    }
}

/// A running loopback Discord. Cheap to clone (handles share one server).
#[derive(Clone)]
pub struct Double {
    inner: Arc<Inner>,
    _guard: Arc<ServerGuard>,
}

/// How long injections wait for a ready gateway session before panicking.
const INJECT_WAIT: Duration = Duration::from_secs(20);

/// `attachment_size_limit` sent with interactions (10 MiB).
const ATTACHMENT_LIMIT: u64 = 10 * 1024 * 1024;

impl Double {
    /// Binds `127.0.0.1:0` and serves REST and gateway. Loads the OpenAPI description named by
    /// env `DISCORD_OPENAPI` (once per process); when unset, says once on stderr that schema
    /// validation is skipped.
    pub async fn start() -> Double {
        // Load (or announce skipping) the spec before serving.
        let _ = validate::spec();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("discord-double: cannot bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let mut state = State::default();
        let bot_id = state.new_id();
        let app_id = state.new_id();
        let owner_id = state.new_id();
        let (changed, _) = watch::channel(0);
        let inner = Arc::new(Inner {
            port,
            bot_id,
            app_id,
            owner_id,
            state: Mutex::new(state),
            changed,
        });
        let app = axum::Router::new()
            .route("/gw", axum::routing::get(gateway::upgrade))
            .fallback(rest::handle)
            .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
            .with_state(inner.clone());
        let server = tokio::spawn(async move {
            let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
            if let Err(e) = axum::serve(listener, app).await {
                eprintln!("discord-double: server stopped: {e}");
            }
        });
        Double {
            _guard: Arc::new(ServerGuard(Some(server), inner.clone())),
            inner,
        }
    }

    /// `http://127.0.0.1:PORT`, for serenity's `HttpBuilder::proxy`.
    pub fn proxy_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.inner.port)
    }

    /// `ws://127.0.0.1:PORT/gw`, what `GET /gateway` answers.
    pub fn gateway_url(&self) -> String {
        self.inner.gateway_url()
    }

    /// The bot's user id (sent in READY and as author of its messages).
    pub fn bot_id(&self) -> u64 {
        self.inner.bot_id
    }

    /// The application id (sent in READY; expected in command and follow-up routes). It differs
    /// from [`Double::bot_id`] on purpose, so that mixing them up fails.
    pub fn application_id(&self) -> u64 {
        self.inner.app_id
    }

    /// The application owner's user id (in `GET /oauth2/applications/@me`).
    pub fn owner_id(&self) -> u64 {
        self.inner.owner_id
    }

    /// Waits until the gateway connections have Identified (or Resumed) and were answered
    /// READY (or RESUMED): at least one is open, and every open one is ready. With several
    /// shards, [`Double::wait_shards_ready`] waits for each one.
    pub async fn wait_ready(&self, timeout: Duration) -> Result<(), DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || "a ready gateway session (READY or RESUMED sent)".into(),
                |st| (!st.gw.is_empty() && st.gw.iter().all(|g| g.ready)).then_some(()),
            )
            .await
    }

    /// Waits until each of `shards` (`(id, count)`, as in Identify's `shard`) has a ready
    /// connection.
    pub async fn wait_shards_ready(
        &self,
        shards: &[(u64, u64)],
        timeout: Duration,
    ) -> Result<(), DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || format!("ready gateway sessions for the shards {shards:?}"),
                |st| {
                    shards
                        .iter()
                        .all(|s| st.gw.iter().any(|g| g.ready && g.shard == Some(*s)))
                        .then_some(())
                },
            )
            .await
    }

    /// The `(id, count)` of every ready connection, in order.
    pub fn ready_shards(&self) -> Vec<(u64, u64)> {
        let mut v: Vec<(u64, u64)> = self
            .inner
            .lock()
            .gw
            .iter()
            .filter(|g| g.ready)
            .filter_map(|g| g.shard)
            .collect();
        v.sort_unstable();
        v
    }

    /// Every Identify's `shard` received so far, in order.
    pub fn identified_shards(&self) -> Vec<(u64, u64)> {
        self.inner.lock().identified.clone()
    }

    /// Makes `GET /gateway/bot` recommend `shards` shards (1 by default), as Discord does for
    /// a bot in many guilds.
    pub fn set_recommended_shards(&self, shards: u64) {
        self.inner.lock().recommended_shards = Some(shards);
    }

    /// Where every dispatch went (READY and RESUMED excepted), in order.
    pub fn routed(&self) -> Vec<Routed> {
        self.inner.lock().routed.clone()
    }

    /// Where the dispatch whose payload had this `id` (an interaction's, a message's) went.
    pub fn routed_of(&self, id: u64) -> Option<Routed> {
        self.inner
            .lock()
            .routed
            .iter()
            .find(|r| r.id == Some(id))
            .cloned()
    }

    /// How many Identify (op 2) payloads were received: more than one proves a fresh session.
    pub fn identify_count(&self) -> usize {
        self.inner.lock().identify_count
    }

    /// How many Resume (op 6) payloads were answered RESUMED.
    pub fn resume_count(&self) -> usize {
        self.inner.lock().resume_count
    }

    /// The last Identify payload's `d` (token, intents, shard...).
    pub fn last_identify(&self) -> Option<Value> {
        self.inner.lock().last_identify.clone()
    }

    /// Remembers `guild` (sent with GUILD_CREATE after every READY) and sends GUILD_CREATE now
    /// if a session is ready.
    pub async fn add_guild(&self, guild: GuildSpec) {
        self.add_guild_sync(guild);
    }

    fn add_guild_sync(&self, guild: GuildSpec) {
        let inner = &self.inner;
        let mut st = inner.lock();
        for c in &guild.channels {
            st.channels.insert(
                c.id,
                ChannelInfo {
                    guild_id: Some(guild.id),
                    recipient: None,
                    kind: c.kind,
                    name: c.name.clone(),
                    parent_id: c.parent_id,
                },
            );
        }
        for m in &guild.members {
            st.users.insert(m.user.id, m.user.clone());
        }
        let payload = guild_create(inner, &guild);
        st.guilds.retain(|g| g.id != guild.id);
        st.guilds.push(guild);
        st.dispatch("GUILD_CREATE", payload);
        drop(st);
        inner.bump();
    }

    /// Stops echoing the bot's own channel messages as `MESSAGE_CREATE` (on by default, as
    /// Discord does: a bot must ignore its own messages).
    pub fn disable_echo(&self) {
        self.inner.lock().no_echo = true;
    }

    /// Changes how soon an interaction must be answered before a violation is recorded
    /// (Discord: 3 s, the default). For very slow machines only; prefer keeping 3 s.
    pub fn set_answer_deadline(&self, within: Duration) {
        self.inner.lock().answer_within = Some(within);
    }

    /// Sends `t` to the connection that owns it (a guild's shard, or shard 0), waiting for
    /// that connection to be ready.
    async fn dispatch(&self, t: &str, d: Value) {
        let waited = self
            .inner
            .wait_until(
                INJECT_WAIT,
                || format!("a ready gateway session for the shard of {t}"),
                |st| st.target(t, &d).map(|_| ()),
            )
            .await;
        if let Err(e) = waited {
            panic!("discord-double: cannot inject {t}: {e}");
        }
        let ok = self.inner.lock().dispatch(t, d);
        assert!(
            ok,
            "discord-double: the gateway session closed while injecting {t}"
        );
    }

    /// `user` writes `content` to the bot in their DM: MESSAGE_CREATE without `guild_id` in the
    /// DM channel (the same id `POST /users/@me/channels` answers). Returns the message id.
    pub async fn dm(&self, user: &UserSpec, content: &str) -> u64 {
        let d = {
            let mut st = self.inner.lock();
            let channel = st.dm_channel(user);
            let id = st.new_id();
            let msg = message_json(id, channel, None, user.to_json(), content, &json!({}));
            st.messages.insert(id, msg.clone());
            msg
        };
        let id = d["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
        self.dispatch("MESSAGE_CREATE", d).await;
        id
    }

    /// `user` writes `content` in a guild text channel (MESSAGE_CREATE with `guild_id` and
    /// `member`). Returns the message id.
    pub async fn say_in(
        &self,
        guild_id: u64,
        channel_id: u64,
        user: &UserSpec,
        content: &str,
    ) -> u64 {
        let d = {
            let mut st = self.inner.lock();
            st.users.insert(user.id, user.clone());
            let id = st.new_id();
            let mut msg = message_json(
                id,
                channel_id,
                Some(guild_id),
                user.to_json(),
                content,
                &json!({}),
            );
            msg["member"] = json!({"roles": [], "joined_at": util::rfc3339_now(), "deaf": false,
                "mute": false, "flags": 0});
            st.messages.insert(id, msg.clone());
            msg
        };
        let id = d["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
        self.dispatch("MESSAGE_CREATE", d).await;
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn new_interaction(
        &self,
        st: &mut State,
        kind: u8,
        user: &UserSpec,
        guild: Option<(u64, u64)>,
        locale: &str,
        perms: &str,
        roles: &[u64],
        message_id: Option<u64>,
    ) -> (Interaction, Value) {
        let inner = &self.inner;
        st.users.insert(user.id, user.clone());
        let channel_id = match guild {
            Some((_, c)) => c,
            None => st.dm_channel(user),
        };
        let id = st.new_id();
        let token = format!("itok-{id}-{}", util::now_ms() % 100_000);
        st.interactions.insert(
            token.clone(),
            InteractionInfo {
                id,
                kind,
                user: user.clone(),
                channel_id,
                message_id,
                original: None,
                responded: false,
                created: Instant::now(),
            },
        );
        let mut v = json!({
            "id": id.to_string(),
            "application_id": inner.app_id.to_string(),
            "type": kind,
            "token": token,
            "version": 1,
            "channel_id": channel_id.to_string(),
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_LIMIT,
        });
        match guild {
            Some((g, c)) => {
                let guild_locale = st
                    .guilds
                    .iter()
                    .find(|x| x.id == g)
                    .map_or("en-US".to_string(), |x| x.preferred_locale.clone());
                let name = st
                    .channels
                    .get(&c)
                    .map_or("general".into(), |i| i.name.clone());
                v["guild_id"] = json!(g.to_string());
                v["guild_locale"] = json!(guild_locale);
                v["channel"] = json!({"id": c.to_string(), "type": 0, "name": name,
                    "guild_id": g.to_string()});
                v["member"] = json!({
                    "user": user.to_json(),
                    "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                    "joined_at": util::rfc3339_now(),
                    "premium_since": null,
                    "deaf": false, "mute": false, "flags": 0, "pending": false,
                    "nick": null, "avatar": null,
                    "permissions": perms,
                });
                v["app_permissions"] = json!("2248473465835073");
                v["authorizing_integration_owners"] = json!({"0": g.to_string()});
                v["context"] = json!(0);
            }
            None => {
                v["user"] = user.to_json();
                v["channel"] = json!({"id": channel_id.to_string(), "type": 1});
                v["app_permissions"] = json!("2248473465835073");
                v["authorizing_integration_owners"] = json!({"0": "0"});
                v["context"] = json!(1);
            }
        }
        (Interaction { id, token }, v)
    }

    fn command_data(&self, st: &State, cmd: &SlashSpec) -> Value {
        let find = |list: &[Value]| {
            list.iter()
                .find(|c| c["name"] == cmd.name.as_str())
                .and_then(|c| c["id"].as_str().map(str::to_string))
        };
        let id = cmd
            .guild_id
            .and_then(|g| st.guild_commands.get(&g).and_then(|l| find(l)))
            .or_else(|| find(&st.global_commands))
            .unwrap_or_else(|| "1".into());
        let options = infer_option_types(&cmd.options);
        let mut data = json!({
            "id": id,
            "name": cmd.name,
            "type": 1,
            "options": options,
        });
        let resolved = resolve_options(st, cmd.guild_id, &options);
        if resolved.as_object().is_some_and(|o| !o.is_empty()) {
            data["resolved"] = resolved;
        }
        if let Some(g) = cmd.guild_id {
            if st.guild_commands.get(&g).is_some_and(|l| find(l).is_some()) {
                data["guild_id"] = json!(g.to_string());
            }
        }
        data
    }

    /// Injects a slash command (INTERACTION_CREATE type 2). The command `id` is the one the
    /// bot registered under that name (guild commands first), when known.
    pub async fn slash(&self, cmd: SlashSpec) -> Interaction {
        self.command_like(cmd, 2, None).await
    }

    /// Injects an autocomplete request (type 4) for `cmd`, marking the option named `focused`
    /// (searched in nested options) as focused. The bot's choices come back through
    /// [`Double::next_message_to`] as [`SentKind::Autocomplete`].
    pub async fn autocomplete(&self, cmd: SlashSpec, focused: &str) -> Interaction {
        self.command_like(cmd, 4, Some(focused)).await
    }

    async fn command_like(&self, cmd: SlashSpec, kind: u8, focused: Option<&str>) -> Interaction {
        let (it, mut v) = {
            let mut st = self.inner.lock();
            let guild = match (cmd.guild_id, cmd.channel_id) {
                (Some(g), Some(c)) => Some((g, c)),
                (Some(g), None) => Some((g, g)),
                _ => None,
            };
            let data = self.command_data(&st, &cmd);
            let (it, mut v) = self.new_interaction(
                &mut st,
                kind,
                &cmd.user,
                guild,
                &cmd.locale,
                &cmd.permissions,
                &cmd.roles,
                None,
            );
            if guild.is_none() {
                if let Some(c) = cmd.channel_id {
                    v["channel_id"] = json!(c.to_string());
                    v["channel"]["id"] = json!(c.to_string());
                    if let Some(i) = st.interactions.get_mut(&it.token) {
                        i.channel_id = c;
                    }
                }
            }
            v["data"] = data;
            (it, v)
        };
        if let Some(name) = focused {
            if let Some(opts) = v["data"]["options"].as_array_mut() {
                mark_focused(opts, name);
            }
        }
        self.dispatch("INTERACTION_CREATE", v).await;
        it
    }

    fn message_of(&self, st: &State, message: &SentMessage) -> (Value, Option<(u64, u64)>) {
        let msg = st.messages.get(&message.id).cloned().unwrap_or_else(|| {
            let mut m = message_json(
                message.id,
                message.channel_id.unwrap_or(0),
                None,
                self.inner.bot_user(),
                &message.content,
                &json!({"embeds": message.embeds, "components": message.components}),
            );
            if message.ephemeral {
                m["flags"] = json!(64);
            }
            m
        });
        let channel = msg["channel_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let guild = st
            .channels
            .get(&channel)
            .and_then(|c| c.guild_id)
            .map(|g| (g, channel));
        (msg, guild)
    }

    async fn component(
        &self,
        user: &UserSpec,
        message: &SentMessage,
        data: Value,
        locale: &str,
    ) -> Interaction {
        let (it, v) = {
            let mut st = self.inner.lock();
            let (msg, guild) = self.message_of(&st, message);
            let channel: Option<u64> = msg["channel_id"].as_str().and_then(|s| s.parse().ok());
            let (it, mut v) = self.new_interaction(
                &mut st,
                3,
                user,
                guild,
                locale,
                "3072",
                &[],
                Some(message.id),
            );
            if let (None, Some(c)) = (guild, channel) {
                v["channel_id"] = json!(c.to_string());
                v["channel"]["id"] = json!(c.to_string());
                if let Some(i) = st.interactions.get_mut(&it.token) {
                    i.channel_id = c;
                }
            }
            v["data"] = data;
            v["message"] = msg;
            (it, v)
        };
        self.dispatch("INTERACTION_CREATE", v).await;
        it
    }

    /// `user` clicks the button `custom_id` on `message` (type 3, component_type 2, with the
    /// full message object).
    pub async fn click(
        &self,
        user: &UserSpec,
        message: &SentMessage,
        custom_id: &str,
        locale: &str,
    ) -> Interaction {
        if !message.custom_ids().iter().any(|c| c == custom_id) {
            self.inner.lock().violations.push(format!(
                "test: click on custom_id {custom_id:?} which message {} does not carry ({:?})",
                message.id,
                message.custom_ids()
            ));
        }
        let data = json!({"custom_id": custom_id, "component_type": 2});
        self.component(user, message, data, locale).await
    }

    /// `user` picks `values` in the string select `custom_id` on `message` (component_type 3).
    pub async fn select(
        &self,
        user: &UserSpec,
        message: &SentMessage,
        custom_id: &str,
        values: &[&str],
        locale: &str,
    ) -> Interaction {
        let data = json!({"custom_id": custom_id, "component_type": 3, "values": values});
        self.component(user, message, data, locale).await
    }

    /// `user` submits the modal `custom_id` with text inputs `fields` ((custom_id, value)
    /// pairs, one action row each); `guild`: `Some((guild, channel))`, or `None` in the DM.
    pub async fn submit_modal(
        &self,
        user: &UserSpec,
        custom_id: &str,
        fields: &[(&str, &str)],
        locale: &str,
        guild: Option<(u64, u64)>,
    ) -> Interaction {
        let rows: Vec<Value> = fields
            .iter()
            .map(|(id, value)| {
                json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]})
            })
            .collect();
        let (it, v) = {
            let mut st = self.inner.lock();
            let (it, mut v) =
                self.new_interaction(&mut st, 5, user, guild, locale, "3072", &[], None);
            v["data"] = json!({"custom_id": custom_id, "components": rows});
            (it, v)
        };
        self.dispatch("INTERACTION_CREATE", v).await;
        it
    }

    /// The next not-yet-returned thing shown to `user_id`: a message in their DM channel, an
    /// interaction reply / follow-up / edit / update for one of their interactions, a modal, an
    /// autocomplete answer. Deferrals (callback 5 and 6) are skipped. Each call advances that
    /// user's cursor.
    pub async fn next_message_to(
        &self,
        user_id: u64,
        timeout: Duration,
    ) -> Result<SentMessage, DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || format!("a message shown to user {user_id}"),
                |st| {
                    let start = st.user_cursor.get(&user_id).copied().unwrap_or(0);
                    let idx = (start..st.feed.len()).find(|&i| {
                        st.feed[i].user == Some(user_id)
                            && !matches!(st.feed[i].msg.kind, SentKind::Deferred { .. })
                    })?;
                    st.user_cursor.insert(user_id, idx + 1);
                    Some(st.feed[idx].msg.clone())
                },
            )
            .await
    }

    /// The next not-yet-returned message created or edited in `channel_id` (guild channel,
    /// thread or DM; ephemeral answers are not in channels). Per-channel cursor.
    pub async fn next_message_in(
        &self,
        channel_id: u64,
        timeout: Duration,
    ) -> Result<SentMessage, DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || format!("a message in channel {channel_id}"),
                |st| {
                    let start = st.channel_cursor.get(&channel_id).copied().unwrap_or(0);
                    let idx = (start..st.feed.len()).find(|&i| {
                        st.feed[i].channel == Some(channel_id)
                            && !matches!(st.feed[i].msg.kind, SentKind::Deferred { .. })
                    })?;
                    st.channel_cursor.insert(channel_id, idx + 1);
                    Some(st.feed[idx].msg.clone())
                },
            )
            .await
    }

    /// Everything shown so far, in order, including deferrals (cursors are not moved).
    pub fn shown(&self) -> Vec<SentMessage> {
        self.inner
            .lock()
            .feed
            .iter()
            .map(|e| e.msg.clone())
            .collect()
    }

    /// Waits for a REST request (past or future) matching `predicate`; returns the first one.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        predicate: impl Fn(&RecordedRequest) -> bool,
    ) -> Result<RecordedRequest, DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || "a REST request matching the predicate".into(),
                |st| st.requests.iter().find(|r| predicate(r)).cloned(),
            )
            .await
    }

    /// Every REST call so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.lock().requests.clone()
    }

    /// The DM channel id of `user_id`, if one exists.
    pub fn dm_channel_of(&self, user_id: u64) -> Option<u64> {
        self.inner.lock().dm_by_user.get(&user_id).copied()
    }

    /// The commands the bot registered: `None` for global, `Some(guild)` for a guild.
    pub fn commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        let st = self.inner.lock();
        match guild_id {
            None => st.global_commands.clone(),
            Some(g) => st.guild_commands.get(&g).cloned().unwrap_or_default(),
        }
    }

    /// The members added to a thread with `PUT /channels/{t}/thread-members/{u}`.
    pub fn thread_members(&self, thread_id: u64) -> Vec<u64> {
        self.inner
            .lock()
            .thread_members
            .get(&thread_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The current state of a message (as `GET /channels/{c}/messages/{m}` would answer).
    pub fn message(&self, message_id: u64) -> Option<Value> {
        self.inner.lock().messages.get(&message_id).cloned()
    }

    /// Every problem found so far: OpenAPI schema mismatches (`schema: ...`), Discord limits
    /// (`limit: ...`, e.g. content over 2000 or a nonce over 25 characters), missing
    /// `allowed_mentions` (`allowed_mentions: ...`), `enforce_nonce` without a nonce
    /// (`nonce: ...`), unhandled routes (`unhandled route: ...`), interaction misuse
    /// (`interaction: ...`), gateway misuse (`gateway: ...`).
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().violations.clone()
    }

    /// Panics, listing them, if there is any violation.
    pub fn assert_no_violations(&self) {
        let v = self.violations();
        assert!(
            v.is_empty(),
            "discord-double found {} violation(s):\n  - {}",
            v.len(),
            v.join("\n  - ")
        );
    }

    /// Makes the next request matching `method` (`"*"` for any) and `path_pattern` (after
    /// `/api/v10`; `*` is one segment, e.g. `/channels/*/messages`) fail with `failure`. One
    /// shot; several calls queue several failures.
    pub fn fail_next(&self, method: &str, path_pattern: &str, failure: Failure) {
        self.inner
            .lock()
            .failures
            .push((method.to_string(), path_pattern.to_string(), failure));
    }

    /// Makes the gateway unreachable (`true`: the open connection is cut and every new one
    /// refused with 503) or reachable again (`false`). REST keeps answering.
    pub async fn set_gateway_down(&self, down: bool) {
        let mut st = self.inner.lock();
        st.gateway_down = down;
        if down {
            for gw in st.gw.iter_mut() {
                gw.ready = false;
                let _ = gw.tx.send(GwCmd::Drop);
            }
        }
        drop(st);
        self.inner.bump();
    }

    /// How many gateway connections were refused while it was down.
    pub fn gateway_refusals(&self) -> usize {
        self.inner.lock().gateway_refusals
    }

    /// Waits until at least `n` gateway connections were refused.
    pub async fn wait_gateway_refusals(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Result<(), DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || format!("{n} refused gateway connection(s)"),
                |st| (st.gateway_refusals >= n).then_some(()),
            )
            .await
    }

    /// Makes `GET /gateway` answer `url` (e.g. a host that is not loopback), or the double's
    /// own gateway again with `None`.
    pub fn set_gateway_url(&self, url: Option<&str>) {
        self.inner.lock().gateway_url_override = url.map(str::to_owned);
    }

    /// Forgets every failure still queued by [`Double::fail_next`]: an outage made of many
    /// queued failures ends at once.
    pub fn clear_failures(&self) {
        self.inner.lock().failures.clear();
    }

    /// Sends op 7 Reconnect: the client closes, reconnects and Resumes (answered RESUMED).
    /// [`Double::wait_ready`] then waits for the resumed session.
    pub async fn reconnect(&self) {
        self.send_op(json!({"op": 7, "d": null}));
    }

    /// Sends op 9 Invalid Session (`d: false`): the client Identifies afresh (serenity waits a
    /// few seconds first).
    pub async fn invalid_session(&self) {
        self.inner.lock().sessions.clear();
        self.send_op(json!({"op": 9, "d": false}));
    }

    /// Closes every gateway socket abruptly (no close frame); the client reconnects.
    pub async fn drop_gateway(&self) {
        let mut st = self.inner.lock();
        for gw in st.gw.iter_mut() {
            gw.ready = false;
            let _ = gw.tx.send(GwCmd::Drop);
        }
        drop(st);
        self.inner.bump();
    }

    /// Sends `frame` on every connection.
    fn send_op(&self, frame: Value) {
        let mut st = self.inner.lock();
        for gw in st.gw.iter_mut() {
            gw.ready = false;
            let _ = gw.tx.send(GwCmd::Text(frame.to_string()));
        }
        drop(st);
        self.inner.bump();
    }
}

/// Fills in `type` of options given without one.
/// Discord sends the users, members, roles and channels named by options (types 6, 7, 8, 9)
/// in `data.resolved`; poise reads them from there. Built from what the double knows (guild
/// members, roles and channels), or minimal objects.
fn resolve_options(st: &State, guild: Option<u64>, options: &Value) -> Value {
    fn walk(
        st: &State,
        guild: Option<u64>,
        options: &Value,
        out: &mut serde_json::Map<String, Value>,
    ) {
        let Some(list) = options.as_array() else {
            return;
        };
        for o in list {
            if let Some(sub) = o.get("options") {
                walk(st, guild, sub, out);
            }
            let id = match &o["value"] {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            let Ok(num) = id.parse::<u64>() else { continue };
            let g = guild.and_then(|g| st.guilds.iter().find(|x| x.id == g));
            let mut put = |kind: &str, value: Value| {
                let entry = out.entry(kind.to_string()).or_insert_with(|| json!({}));
                entry[id.as_str()] = value;
            };
            match o["type"].as_u64() {
                Some(6) | Some(9) => {
                    let member = g.and_then(|g| g.members.iter().find(|m| m.user.id == num));
                    let user = member
                        .map(|m| m.user.clone())
                        .or_else(|| st.users.get(&num).cloned())
                        .unwrap_or_else(|| UserSpec::new(num, format!("user{num}")));
                    put("users", user.to_json());
                    if let Some(m) = member {
                        put(
                            "members",
                            json!({
                                "roles": m.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                                "joined_at": util::rfc3339_now(), "deaf": false, "mute": false,
                                "flags": 0, "pending": false, "nick": null, "premium_since": null,
                                "permissions": "3072",
                            }),
                        );
                    }
                }
                Some(8) => {
                    let role = g.and_then(|g| g.roles.iter().find(|r| r.id == num));
                    put(
                        "roles",
                        json!({
                            "id": id, "name": role.map_or("role".to_string(), |r| r.name.clone()),
                            "color": 0, "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
                            "hoist": false, "icon": null, "unicode_emoji": null,
                            "position": 1, "permissions": role.map_or("0".to_string(), |r| r.permissions.clone()),
                            "managed": false, "mentionable": false, "flags": 0,
                        }),
                    );
                }
                Some(7) => {
                    let name = st
                        .channels
                        .get(&num)
                        .map_or("channel".to_string(), |c| c.name.clone());
                    put(
                        "channels",
                        json!({"id": id, "name": name, "type": 0, "permissions": "3072"}),
                    );
                }
                _ => {}
            }
        }
    }
    let mut out = serde_json::Map::new();
    walk(st, guild, options, &mut out);
    Value::Object(out)
}

fn infer_option_types(options: &Value) -> Value {
    let Some(list) = options.as_array() else {
        return json!([]);
    };
    Value::Array(
        list.iter()
            .map(|o| {
                let mut o = o.clone();
                if let Some(sub) = o.get("options").cloned() {
                    o["options"] = infer_option_types(&sub);
                }
                if o.get("type").is_none() {
                    let t = match o.get("value") {
                        None => 1,
                        Some(Value::String(_)) => 3,
                        Some(Value::Bool(_)) => 5,
                        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => 4,
                        Some(Value::Number(_)) => 10,
                        Some(_) => 3,
                    };
                    o["type"] = json!(t);
                }
                o
            })
            .collect(),
    )
}

fn mark_focused(options: &mut [Value], name: &str) -> bool {
    for o in options.iter_mut() {
        // A sub-command may share its option's name (`/settings timezone timezone:`): only an
        // option with a value can be focused.
        if o["name"] == name && o.get("options").is_none() {
            o["focused"] = json!(true);
            if !o["value"].is_string() {
                let v = o["value"].to_string();
                o["value"] = json!(if o["value"].is_null() {
                    String::new()
                } else {
                    v
                });
            }
            return true;
        }
        if let Some(sub) = o.get_mut("options").and_then(Value::as_array_mut) {
            if mark_focused(sub, name) {
                return true;
            }
        }
    }
    false
}

/// A message object as Discord returns it; `extra` carries `embeds`, `components`, `flags`.
pub(crate) fn message_json(
    id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
    author: Value,
    content: &str,
    extra: &Value,
) -> Value {
    let embeds: Vec<Value> = extra
        .get("embeds")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .map(|e| {
                    let mut e = e.clone();
                    if e.get("type").is_none() {
                        e["type"] = json!("rich");
                    }
                    e
                })
                .collect()
        })
        .unwrap_or_default();
    let mut m = json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": util::rfc3339_now(),
        "edited_timestamp": null,
        "tts": extra.get("tts").and_then(Value::as_bool).unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": extra.get("attachments_out").cloned().unwrap_or(json!([])),
        "embeds": embeds,
        "reactions": [],
        "pinned": false,
        "type": 0,
        "flags": extra.get("flags").cloned().unwrap_or(json!(0)),
        "components": extra.get("components").cloned().unwrap_or(json!([])),
    });
    if let Some(g) = guild_id {
        m["guild_id"] = json!(g.to_string());
    }
    m
}

/// The GUILD_CREATE payload of `g` (the bot is added as a member).
pub(crate) fn guild_create(inner: &Inner, g: &GuildSpec) -> Value {
    let now = util::rfc3339_now();
    let mut roles: Vec<Value> = Vec::new();
    if !g.roles.iter().any(|r| r.id == g.id) {
        roles.push(role_json(g.id, "@everyone", "1071698660929", 0));
    }
    for (i, r) in g.roles.iter().enumerate() {
        roles.push(role_json(r.id, &r.name, &r.permissions, i as u64 + 1));
    }
    let member = |user: Value, roles: &[u64]| {
        json!({
            "user": user,
            "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
            "joined_at": now, "premium_since": null, "deaf": false, "mute": false,
            "flags": 0, "pending": false, "nick": null, "avatar": null,
        })
    };
    let mut members: Vec<Value> = g
        .members
        .iter()
        .map(|m| member(m.user.to_json(), &m.roles))
        .collect();
    members.push(member(inner.bot_user(), &[]));
    let channels: Vec<Value> = g
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "id": c.id.to_string(), "type": c.kind, "guild_id": g.id.to_string(),
                "name": c.name, "position": i, "permission_overwrites": [],
                "parent_id": c.parent_id.map(|p| p.to_string()), "nsfw": false,
                "topic": null, "last_message_id": null, "rate_limit_per_user": 0, "flags": 0,
            })
        })
        .collect();
    json!({
        "id": g.id.to_string(),
        "name": g.name,
        "icon": null, "icon_hash": null, "splash": null, "discovery_splash": null,
        "owner_id": g.owner_id.to_string(),
        "afk_channel_id": null, "afk_timeout": 300,
        "widget_enabled": false, "widget_channel_id": null,
        "verification_level": 0, "default_message_notifications": 1, "explicit_content_filter": 0,
        "roles": roles, "emojis": [], "features": [], "mfa_level": 0,
        "application_id": null, "system_channel_id": null, "system_channel_flags": 0,
        "rules_channel_id": null, "max_presences": null, "max_members": 500000,
        "vanity_url_code": null, "description": null, "banner": null,
        "premium_tier": 0, "premium_subscription_count": 0,
        "preferred_locale": g.preferred_locale,
        "public_updates_channel_id": null, "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0, "stickers": [], "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "joined_at": now, "large": false, "unavailable": false,
        "member_count": members.len(),
        "voice_states": [], "members": members, "channels": channels, "threads": [],
        "presences": [], "stage_instances": [], "guild_scheduled_events": [],
        "soundboard_sounds": [], "lazy": true,
    })
}

fn role_json(id: u64, name: &str, permissions: &str, position: u64) -> Value {
    json!({
        "id": id.to_string(), "name": name, "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false, "icon": null, "unicode_emoji": null, "position": position,
        "permissions": permissions, "managed": false, "mentionable": false, "flags": 0,
    })
}

#[cfg(test)]
mod model_tests;
