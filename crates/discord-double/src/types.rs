//! The plain data types of the public API.

use serde_json::{json, Value};
use std::fmt;
use std::time::Instant;

/// A Discord user the test plays (a DM correspondent, a guild member, a clicker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSpec {
    /// The user's snowflake.
    pub id: u64,
    /// The user's username (also used as display name).
    pub name: String,
}

impl UserSpec {
    /// A user with this id and username.
    pub fn new(id: u64, name: impl Into<String>) -> UserSpec {
        UserSpec {
            id,
            name: name.into(),
        }
    }

    /// The user object Discord sends (`discriminator "0"`, no avatar).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "username": self.name,
            "discriminator": "0",
            "global_name": null,
            "avatar": null,
            "bot": false,
            "public_flags": 0,
        })
    }
}

/// A role of a [`GuildSpec`].
#[derive(Clone, Debug)]
pub struct RoleSpec {
    /// The role id (the `@everyone` role has the guild's id).
    pub id: u64,
    /// The role name.
    pub name: String,
    /// The permission bit set, as Discord writes it (a decimal string).
    pub permissions: String,
}

/// A channel of a [`GuildSpec`].
#[derive(Clone, Debug)]
pub struct ChannelSpec {
    /// The channel id.
    pub id: u64,
    /// The channel name.
    pub name: String,
    /// Discord channel type: 0 text, 4 category, 2 voice, 5 announcement...
    pub kind: u8,
    /// The category, if any.
    pub parent_id: Option<u64>,
}

/// A member of a [`GuildSpec`].
#[derive(Clone, Debug)]
pub struct MemberSpec {
    /// The member's user.
    pub user: UserSpec,
    /// The member's role ids (besides `@everyone`).
    pub roles: Vec<u64>,
}

/// A guild announced with `GUILD_CREATE` (see [`crate::Double::add_guild`]).
#[derive(Clone, Debug)]
pub struct GuildSpec {
    /// The guild id.
    pub id: u64,
    /// The guild name.
    pub name: String,
    /// The guild's preferred locale (`fr`, `en-US`...), sent as `preferred_locale` and as
    /// `guild_locale` of interactions in it.
    pub preferred_locale: String,
    /// The owner's user id.
    pub owner_id: u64,
    /// Roles; an `@everyone` role (id = guild id) is added when absent.
    pub roles: Vec<RoleSpec>,
    /// Channels (text channels, categories...).
    pub channels: Vec<ChannelSpec>,
    /// Members (the bot is always added as a member too).
    pub members: Vec<MemberSpec>,
}

impl GuildSpec {
    /// A guild with no channel, no member, locale `en-US`, owned by `owner_id`.
    pub fn new(id: u64, name: impl Into<String>, owner_id: u64) -> GuildSpec {
        GuildSpec {
            id,
            name: name.into(),
            preferred_locale: "en-US".into(),
            owner_id,
            roles: Vec::new(),
            channels: Vec::new(),
            members: Vec::new(),
        }
    }

    /// Sets the preferred locale.
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.preferred_locale = locale.into();
        self
    }

    /// Adds a text channel (type 0).
    pub fn text_channel(mut self, id: u64, name: impl Into<String>) -> Self {
        self.channels.push(ChannelSpec {
            id,
            name: name.into(),
            kind: 0,
            parent_id: None,
        });
        self
    }

    /// Adds a role with a permission bit set (decimal string, e.g. `"8"` for administrator).
    pub fn role(
        mut self,
        id: u64,
        name: impl Into<String>,
        permissions: impl Into<String>,
    ) -> Self {
        self.roles.push(RoleSpec {
            id,
            name: name.into(),
            permissions: permissions.into(),
        });
        self
    }

    /// Adds a member with roles.
    pub fn member(mut self, user: &UserSpec, roles: &[u64]) -> Self {
        self.members.push(MemberSpec {
            user: user.clone(),
            roles: roles.to_vec(),
        });
        self
    }
}

/// A slash command (interaction type 2) or autocomplete (type 4) to inject.
#[derive(Clone, Debug)]
pub struct SlashSpec {
    /// `Some(guild)` for a command used in a guild, `None` in the user's DM.
    pub guild_id: Option<u64>,
    /// The channel; `None` means the user's DM channel (created if needed).
    pub channel_id: Option<u64>,
    /// Who uses the command.
    pub user: UserSpec,
    /// The member's roles (guild only).
    pub roles: Vec<u64>,
    /// The member's resolved permissions in the channel (guild only), decimal string.
    pub permissions: String,
    /// The user's client locale (`fr`, `en-US`, `en-GB`).
    pub locale: String,
    /// The command name (top level).
    pub name: String,
    /// The options array as Discord sends it. `type` may be omitted: it is inferred (object with
    /// `options` → sub-command 1, string → 3, integer → 4, boolean → 5, float → 10).
    pub options: Value,
}

impl SlashSpec {
    /// `/name` used by `user` in their DM with the bot, locale `en-US`, no options.
    pub fn dm(user: &UserSpec, name: impl Into<String>) -> SlashSpec {
        SlashSpec {
            guild_id: None,
            channel_id: None,
            user: user.clone(),
            roles: Vec::new(),
            permissions: "0".into(),
            locale: "en-US".into(),
            name: name.into(),
            options: json!([]),
        }
    }

    /// `/name` used by `user` in a guild channel; member permissions default to
    /// view/send (`"3072"`).
    pub fn guild(
        guild_id: u64,
        channel_id: u64,
        user: &UserSpec,
        name: impl Into<String>,
    ) -> SlashSpec {
        SlashSpec {
            guild_id: Some(guild_id),
            channel_id: Some(channel_id),
            permissions: "3072".into(),
            ..SlashSpec::dm(user, name)
        }
    }

    /// Sets the options array.
    pub fn options(mut self, options: Value) -> Self {
        self.options = options;
        self
    }

    /// Sets the locale.
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = locale.into();
        self
    }

    /// Sets the member roles.
    pub fn roles(mut self, roles: &[u64]) -> Self {
        self.roles = roles.to_vec();
        self
    }

    /// Sets the member permissions (decimal string).
    pub fn permissions(mut self, permissions: impl Into<String>) -> Self {
        self.permissions = permissions.into();
        self
    }
}

/// An injected interaction: what a test needs to correlate the bot's answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction {
    /// The interaction id.
    pub id: u64,
    /// The interaction token (used in the callback and follow-up routes).
    pub token: String,
}

/// What kind of thing the bot showed.
#[derive(Clone, Debug, PartialEq)]
pub enum SentKind {
    /// `POST /channels/{c}/messages`.
    ChannelMessage,
    /// `PATCH /channels/{c}/messages/{m}` or `PATCH /webhooks/{app}/{token}/messages/{id}`
    /// (the fields hold the message after the edit).
    Edit,
    /// Interaction callback type 4 (the reply itself).
    InteractionReply {
        /// The interaction answered.
        interaction_id: u64,
    },
    /// `POST /webhooks/{app}/{token}`.
    Followup,
    /// `PATCH /webhooks/{app}/{token}/messages/@original` (the fields hold the message after the edit).
    EditOriginal,
    /// Interaction callback type 7: the component's message updated (fields hold the result).
    UpdateMessage,
    /// Interaction callback type 9.
    Modal {
        /// The modal's custom id.
        custom_id: String,
        /// The modal's title.
        title: String,
        /// The modal's action rows.
        components: Vec<Value>,
    },
    /// Interaction callback type 5 or 6 (nothing readable yet). Skipped by
    /// [`crate::Double::next_message_to`]; visible in [`crate::Double::shown`].
    Deferred {
        /// The callback type (5 or 6).
        callback_type: u64,
    },
    /// Interaction callback type 8.
    Autocomplete {
        /// The choices offered (`{name, value}` objects).
        choices: Vec<Value>,
    },
}

/// Something the bot showed: a message (created or edited), a modal, an autocomplete answer.
#[derive(Clone, Debug)]
pub struct SentMessage {
    /// The message id (0 for modals, autocomplete answers and type-6 deferrals).
    pub id: u64,
    /// The channel it appeared in, if any.
    pub channel_id: Option<u64>,
    /// The message content (after the edit, for edits).
    pub content: String,
    /// The embeds.
    pub embeds: Vec<Value>,
    /// The action rows.
    pub components: Vec<Value>,
    /// Whether only the interaction user sees it (flag 64).
    pub ephemeral: bool,
    /// The `allowed_mentions` the bot sent with this request.
    pub allowed_mentions: Option<Value>,
    /// Files attached in this request: (filename, bytes).
    pub attachments: Vec<(String, Vec<u8>)>,
    /// What it is.
    pub kind: SentKind,
    /// The JSON body the bot sent (`payload_json` for multipart, the callback's `data`).
    pub raw: Value,
}

impl SentMessage {
    /// Every `custom_id` in the components (buttons, selects, text inputs), depth first.
    pub fn custom_ids(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk_components(&self.all_components(), &mut |c| {
            if let Some(id) = c.get("custom_id").and_then(Value::as_str) {
                out.push(id.to_string());
            }
        });
        out
    }

    /// The labels of the buttons (component type 2), in order.
    pub fn button_labels(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk_components(&self.all_components(), &mut |c| {
            if c.get("type").and_then(Value::as_u64) == Some(2) {
                if let Some(l) = c.get("label").and_then(Value::as_str) {
                    out.push(l.to_string());
                }
            }
        });
        out
    }

    /// The `(label, value)` pairs of the string select menus' options, in order.
    pub fn select_options(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        walk_components(&self.all_components(), &mut |c| {
            if let Some(opts) = c.get("options").and_then(Value::as_array) {
                for o in opts {
                    let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    out.push((s("label"), s("value")));
                }
            }
        });
        out
    }

    /// The custom id of the button with this label, if any.
    pub fn button(&self, label: &str) -> Option<String> {
        let mut found = None;
        walk_components(&self.all_components(), &mut |c| {
            if found.is_none() && c.get("label").and_then(Value::as_str) == Some(label) {
                found = c
                    .get("custom_id")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        });
        found
    }

    /// What a person reads: the content, then each embed's author, title, description, fields
    /// (name and value) and footer; for a modal, its title and the inputs' labels; for
    /// autocomplete, the choices' names. Joined with newlines.
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let SentKind::Modal { title, .. } = &self.kind {
            parts.push(title.clone());
            walk_components(&self.all_components(), &mut |c| {
                if let Some(l) = c.get("label").and_then(Value::as_str) {
                    parts.push(l.to_string());
                }
            });
        }
        if let SentKind::Autocomplete { choices } = &self.kind {
            for c in choices {
                if let Some(n) = c.get("name").and_then(Value::as_str) {
                    parts.push(n.to_string());
                }
            }
        }
        if !self.content.is_empty() {
            parts.push(self.content.clone());
        }
        for e in &self.embeds {
            for p in ["/author/name", "/title", "/description"] {
                if let Some(s) = e.pointer(p).and_then(Value::as_str) {
                    parts.push(s.to_string());
                }
            }
            for f in e
                .get("fields")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for k in ["name", "value"] {
                    if let Some(s) = f.get(k).and_then(Value::as_str) {
                        parts.push(s.to_string());
                    }
                }
            }
            if let Some(s) = e.pointer("/footer/text").and_then(Value::as_str) {
                parts.push(s.to_string());
            }
        }
        parts.join("\n")
    }

    fn all_components(&self) -> Vec<Value> {
        match &self.kind {
            SentKind::Modal { components, .. } => components.clone(),
            _ => self.components.clone(),
        }
    }
}

fn walk_components(list: &[Value], f: &mut dyn FnMut(&Value)) {
    for c in list {
        f(c);
        if let Some(children) = c.get("components").and_then(Value::as_array) {
            walk_components(children, f);
        }
        if let Some(child) = c.get("component") {
            walk_components(std::slice::from_ref(child), f);
        }
    }
}

/// One REST call the bot made.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// HTTP method (`GET`, `POST`...).
    pub method: String,
    /// The path after `/api/v10`, without the query (`/channels/1/messages`).
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The JSON body (the `payload_json` part for multipart bodies); `None` when empty.
    pub body: Option<Value>,
    /// Files of a multipart body: (filename, bytes).
    pub attachments: Vec<(String, Vec<u8>)>,
    /// The HTTP status the double answered.
    pub status: u16,
}

impl RecordedRequest {
    /// Whether the method matches (case-insensitive) and the path matches `pattern`, where
    /// `*` stands for one path segment (`/channels/*/messages`).
    pub fn matches(&self, method: &str, pattern: &str) -> bool {
        (method == "*" || self.method.eq_ignore_ascii_case(method))
            && path_matches(pattern, &self.path)
    }
}

/// `*` matches exactly one segment; `**` at the end matches the rest.
pub(crate) fn path_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let s: Vec<&str> = path.trim_matches('/').split('/').collect();
    if p.last() == Some(&"**") {
        return s.len() >= p.len() - 1
            && p[..p.len() - 1]
                .iter()
                .zip(&s)
                .all(|(a, b)| *a == "*" || a == b);
    }
    p.len() == s.len() && p.iter().zip(&s).all(|(a, b)| *a == "*" || a == b)
}

/// A failure [`crate::Double::fail_next`] makes the next matching request answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// 403, code 50007 "Cannot send messages to this user" (DMs closed).
    DmClosed,
    /// 404, code 10003 "Unknown Channel".
    UnknownChannel,
    /// 404, code 10008 "Unknown Message".
    UnknownMessage,
    /// 429 with `retry_after` (seconds) in the body, `retry-after` (rounded up to whole
    /// seconds) and the `x-ratelimit-*` headers. Note that serenity 0.12.5's error
    /// (`HttpError::UnsuccessfulRequest`) keeps only the status, `code` and `message`: with the
    /// ratelimiter disabled the bot sees the 429 but not the delay.
    RateLimited {
        /// Seconds to wait.
        retry_after: f64,
    },
    /// 500, 502, 503...: `{"code":0,"message":"<status>: ..."}`.
    ServerError(u16),
    /// Any status, code and message.
    Custom {
        /// HTTP status.
        status: u16,
        /// Discord JSON error code.
        code: i64,
        /// Error message.
        message: String,
    },
}

/// Errors of the waiting functions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DoubleError {
    /// Nothing matching arrived before the deadline; says what was awaited.
    Timeout(String),
}

impl fmt::Display for DoubleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DoubleError::Timeout(what) => write!(f, "discord-double: timed out waiting for {what}"),
        }
    }
}

impl std::error::Error for DoubleError {}

/// Where a channel belongs.
#[derive(Clone, Debug)]
pub(crate) struct ChannelInfo {
    pub guild_id: Option<u64>,
    /// DM recipient.
    pub recipient: Option<u64>,
    pub kind: u8,
    pub name: String,
    pub parent_id: Option<u64>,
}

/// An injected interaction's state.
#[derive(Clone, Debug)]
pub(crate) struct InteractionInfo {
    pub id: u64,
    /// Interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit).
    pub kind: u8,
    pub user: UserSpec,
    pub channel_id: u64,
    /// The message of a component interaction.
    pub message_id: Option<u64>,
    /// The `@original` response message, once created.
    pub original: Option<u64>,
    pub responded: bool,
    pub created: Instant,
}
