//! The REST API under `/api/v10`.

use crate::rate::Arrival;
use crate::types::{path_matches, ChannelInfo, Failure, RecordedRequest, SentKind, SentMessage};
use crate::{message_json, outbox, util, validate, FeedEntry, Inner, State};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State as AxState};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Interactions must be answered within this delay.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// What a handler answers.
struct Answer {
    status: u16,
    body: Option<Value>,
    headers: Vec<(&'static str, String)>,
}

impl Answer {
    fn json(v: Value) -> Answer {
        Answer {
            status: 200,
            body: Some(v),
            headers: Vec::new(),
        }
    }
    fn no_content() -> Answer {
        Answer {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }
    fn error(status: u16, code: i64, message: &str) -> Answer {
        Answer {
            status,
            body: Some(json!({"code": code, "message": message})),
            headers: Vec::new(),
        }
    }
}

fn failure_answer(f: &Failure) -> Answer {
    match f {
        Failure::DmClosed => Answer::error(403, 50007, "Cannot send messages to this user"),
        Failure::UnknownChannel => Answer::error(404, 10003, "Unknown Channel"),
        Failure::UnknownMessage => Answer::error(404, 10008, "Unknown Message"),
        Failure::RateLimited { retry_after } => Answer {
            status: 429,
            body: Some(json!({
                "message": "You are being rate limited.",
                "retry_after": retry_after,
                "global": false,
                "code": 0,
            })),
            headers: vec![
                ("retry-after", format!("{}", retry_after.ceil() as u64)),
                ("x-ratelimit-limit", "5".into()),
                ("x-ratelimit-remaining", "0".into()),
                ("x-ratelimit-reset-after", format!("{retry_after:.3}")),
                ("x-ratelimit-bucket", "double-bucket".into()),
                ("x-ratelimit-scope", "user".into()),
            ],
        },
        Failure::ServerError(s) => {
            let reason = StatusCode::from_u16(*s)
                .ok()
                .and_then(|c| c.canonical_reason())
                .unwrap_or("Server Error");
            Answer::error(*s, 0, &format!("{s}: {reason}"))
        }
        Failure::Custom {
            status,
            code,
            message,
        } => Answer::error(*status, *code, message),
    }
}

/// A parsed request.
struct Req {
    method: String,
    path: String,
    body: Option<Value>,
    files: Vec<(String, Vec<u8>)>,
}

/// The fallback handler: every request that is not the gateway upgrade.
pub(crate) async fn handle(
    AxState(inner): AxState<Arc<Inner>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let arrived = std::time::Instant::now();
    let full_path = uri.path().to_string();
    let query = uri.query().map(str::to_string);
    let mut violations = Vec::new();
    let path = match full_path.strip_prefix("/api/v10") {
        Some(p) => p.to_string(),
        None => {
            violations.push(format!(
                "unhandled route: {method} {full_path} (not under /api/v10)"
            ));
            full_path.clone()
        }
    };
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut files = Vec::new();
    let mut json_body = None;
    if let Some(boundary) = util::multipart_boundary(&content_type) {
        match util::parse_multipart(&body, &boundary) {
            Some(parts) => {
                for p in parts {
                    if p.name == "payload_json" {
                        match serde_json::from_slice(&p.data) {
                            Ok(v) => json_body = Some(v),
                            Err(e) => violations.push(format!(
                                "schema: {method} {path}: payload_json is not JSON: {e}"
                            )),
                        }
                    } else if p.name.starts_with("files[") {
                        files.push((p.filename.unwrap_or_else(|| p.name.clone()), p.data));
                    } else {
                        violations.push(format!(
                            "schema: {method} {path}: unexpected multipart part {:?}",
                            p.name
                        ));
                    }
                }
            }
            None => violations.push(format!("schema: {method} {path}: malformed multipart body")),
        }
    } else if !body.is_empty() {
        match serde_json::from_slice(&body) {
            Ok(v) => json_body = Some(v),
            Err(e) => violations.push(format!("schema: {method} {path}: body is not JSON: {e}")),
        }
    }
    let req = Req {
        method: method.as_str().to_string(),
        path: path.clone(),
        body: json_body,
        files,
    };

    // An injected failure answers before anything else; a stall applies the request but
    // holds its answer back.
    let (failure, stall) = {
        let mut st = inner.lock();
        let pos = st.failures.iter().position(|(m, p, _)| {
            (m == "*" || m.eq_ignore_ascii_case(&req.method)) && path_matches(p, &req.path)
        });
        let failure = pos.map(|i| st.failures.remove(i).2);
        let stall = failure.is_none() && outbox::take_stall(&mut st, &req.method, &req.path);
        (failure, stall)
    };
    let answer = match failure {
        Some(f) => failure_answer(&f),
        None => {
            if violations.is_empty() {
                violations.extend(schema_check(&req));
            }
            let mut st = inner.lock();
            route(&inner, &mut st, &req, &mut violations)
        }
    };

    {
        let mut st = inner.lock();
        st.violations.extend(violations);
        st.rate.record(Arrival {
            at: arrived,
            peer_port: peer.port(),
            method: req.method.clone(),
            path: req.path.clone(),
            nonce: req.body.as_ref().and_then(crate::outbox::nonce_key),
        });
        st.requests.push(RecordedRequest {
            method: req.method.clone(),
            path: req.path.clone(),
            query,
            body: req.body.clone(),
            attachments: req.files.clone(),
            status: answer.status,
        });
    }
    inner.bump();

    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = match answer.body {
        Some(b) => (
            status,
            [("content-type", "application/json")],
            b.to_string(),
        )
            .into_response(),
        None => status.into_response(),
    };
    for (k, v) in answer.headers {
        if let Ok(v) = HeaderValue::from_str(&v) {
            resp.headers_mut().insert(k, v);
        }
    }
    if stall {
        return outbox::hold(&inner, resp).await;
    }
    resp
}

/// Validates the body against the OpenAPI request schema of the route.
fn schema_check(req: &Req) -> Vec<String> {
    let Some(spec) = validate::spec() else {
        return Vec::new();
    };
    let Some(body) = &req.body else {
        return Vec::new();
    };
    let body = &tolerated(body);
    let segs: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    // Interaction callbacks: the schema of the callback type, for precise messages.
    if req.method == "POST" && segs.len() == 4 && segs[0] == "interactions" && segs[3] == "callback"
    {
        let name = match body["type"].as_u64() {
            Some(4) | Some(5) => "CreateMessageInteractionCallbackRequest",
            Some(6) | Some(7) => "UpdateMessageInteractionCallbackRequest",
            Some(8) => "ApplicationCommandAutocompleteCallbackRequest",
            Some(9) => "ModalInteractionCallbackRequest",
            _ => {
                return vec![format!(
                    "schema: POST /interactions/{{id}}/{{token}}/callback: unsupported callback type {}",
                    body["type"]
                )]
            }
        };
        return spec
            .validate_named(name, body)
            .into_iter()
            .map(|e| format!("schema: POST /interactions/{{id}}/{{token}}/callback ({name}): {e}"))
            .collect();
    }
    let Some((template, schema)) = spec.request_schema(&req.method, &req.path) else {
        return Vec::new();
    };
    let key = format!("{} {template}", req.method);
    spec.validate(&key, &schema, body)
        .into_iter()
        .map(|e| format!("schema: {key}: {e}"))
        .collect()
}

/// Known deviations from the description that Discord accepts: serenity numbers the
/// attachments of a multipart body with integer ids (`"attachments":[{"id":0,...}]`), where the
/// description says snowflake strings. Those are turned into strings before validation.
/// Commands' `default_member_permissions` is a permission bit set as a string of digits in
/// Discord's documentation and in what serenity sends (`"32"`), an integer in the description:
/// such strings are read as the integer before validation.
fn tolerated(body: &Value) -> Value {
    let mut body = body.clone();
    let commands = match body.as_array_mut() {
        Some(list) => list.iter_mut().collect::<Vec<_>>(),
        None => vec![&mut body],
    };
    for c in commands {
        let digits = c
            .get("default_member_permissions")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok());
        if let Some(bits) = digits {
            c["default_member_permissions"] = json!(bits);
        }
    }
    if let Some(list) = body.get_mut("attachments") {
        normalize_ids(list);
    }
    if let Some(list) = body.pointer_mut("/data/attachments") {
        normalize_ids(list);
    }
    body
}

fn normalize_ids(list: &mut Value) {
    for a in list.as_array_mut().into_iter().flatten() {
        if let Some(id) = a.get("id").filter(|i| i.is_u64()).map(|i| i.to_string()) {
            a["id"] = json!(id);
        }
    }
}

fn id_of(s: &str) -> Option<u64> {
    s.parse().ok()
}

fn push_feed(st: &mut State, user: Option<u64>, channel: Option<u64>, msg: SentMessage) {
    st.feed.push(FeedEntry { user, channel, msg });
}

fn sent(message: &Value, kind: SentKind, body: &Value, files: &[(String, Vec<u8>)]) -> SentMessage {
    let arr = |k: &str| {
        message
            .get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    SentMessage {
        id: message["id"].as_str().and_then(id_of).unwrap_or(0),
        channel_id: message["channel_id"].as_str().and_then(id_of),
        content: message["content"].as_str().unwrap_or("").to_string(),
        embeds: arr("embeds"),
        components: arr("components"),
        ephemeral: message["flags"].as_u64().unwrap_or(0) & 64 != 0,
        allowed_mentions: body.get("allowed_mentions").cloned(),
        attachments: files.to_vec(),
        kind,
        raw: body.clone(),
    }
}

fn attachment_objects(inner: &Inner, st: &mut State, files: &[(String, Vec<u8>)]) -> Value {
    let list: Vec<Value> = files
        .iter()
        .map(|(name, data)| {
            let id = st.new_id();
            let url = format!("http://127.0.0.1:{}/attachments/{id}/{name}", inner.port);
            json!({"id": id.to_string(), "filename": name, "size": data.len(),
                "url": url, "proxy_url": url, "content_type": "application/octet-stream"})
        })
        .collect();
    Value::Array(list)
}

/// Creates a message from a message-create body.
fn create_message(
    inner: &Inner,
    st: &mut State,
    channel_id: u64,
    body: &Value,
    files: &[(String, Vec<u8>)],
) -> Value {
    let id = st.new_id();
    let guild = st.channels.get(&channel_id).and_then(|c| c.guild_id);
    let mut extra = body.clone();
    if !extra.is_object() {
        extra = json!({});
    }
    extra["attachments_out"] = attachment_objects(inner, st, files);
    let content = body["content"].as_str().unwrap_or("");
    let mut m = message_json(id, channel_id, guild, inner.bot_user(), content, &extra);
    m["flags"] = json!(body["flags"].as_u64().unwrap_or(0));
    // Discord echoes the nonce in the message it answers (and dispatches).
    if let Some(n) = body
        .get("nonce")
        .filter(|n| n.is_string() || n.is_i64() || n.is_u64())
    {
        m["nonce"] = n.clone();
    }
    st.messages.insert(id, m.clone());
    m
}

/// Applies an edit body to a stored message.
fn edit_message(
    inner: &Inner,
    st: &mut State,
    id: u64,
    body: &Value,
    files: &[(String, Vec<u8>)],
) -> Option<Value> {
    let new_attachments = attachment_objects(inner, st, files);
    let m = st.messages.get_mut(&id)?;
    for k in ["content", "components", "flags"] {
        if let Some(v) = body.get(k) {
            m[k] = if v.is_null() {
                match k {
                    "content" => json!(""),
                    "flags" => json!(0),
                    _ => json!([]),
                }
            } else {
                v.clone()
            };
        }
    }
    if let Some(v) = body.get("embeds") {
        let embeds: Vec<Value> = v
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|mut e| {
                if e.get("type").is_none() {
                    e["type"] = json!("rich");
                }
                e
            })
            .collect();
        m["embeds"] = Value::Array(embeds);
    }
    if let Some(list) = body.get("attachments").and_then(Value::as_array) {
        let keep: Vec<String> = list
            .iter()
            .filter_map(|a| {
                a.get("id")
                    .map(|i| i.as_str().map_or(i.to_string(), str::to_string))
            })
            .collect();
        let kept: Vec<Value> = m["attachments"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|a| {
                a["id"]
                    .as_str()
                    .is_some_and(|i| keep.iter().any(|k| k == i))
            })
            .collect();
        m["attachments"] = Value::Array(kept);
    }
    if let (Some(list), Some(new)) = (m["attachments"].as_array_mut(), new_attachments.as_array()) {
        list.extend(new.iter().cloned());
    }
    m["edited_timestamp"] = json!(util::rfc3339_now());
    Some(m.clone())
}

/// The user who reads a channel: the DM recipient.
fn dm_recipient(st: &State, channel: u64) -> Option<u64> {
    st.channels.get(&channel).and_then(|c| c.recipient)
}

/// Echoes the bot's own channel message as MESSAGE_CREATE, as Discord does.
fn echo(st: &mut State, message: &Value) {
    if st.no_echo {
        return;
    }
    let intents = st
        .target("MESSAGE_CREATE", message)
        .map_or(0, |g| g.intents);
    let needed = if message.get("guild_id").is_some() {
        1 << 9
    } else {
        1 << 12
    };
    if intents & needed != 0 {
        st.dispatch("MESSAGE_CREATE", message.clone());
    }
}

fn route(inner: &Inner, st: &mut State, req: &Req, violations: &mut Vec<String>) -> Answer {
    let segs: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    let empty = json!({});
    let body = req.body.as_ref().unwrap_or(&empty);
    let m = req.method.as_str();
    let ctx = format!("{m} {}", req.path);
    let app_ok = |app: &str, violations: &mut Vec<String>| {
        if id_of(app) != Some(inner.app_id) {
            violations.push(format!(
                "interaction: {ctx}: application id {app} is not the application's ({})",
                inner.app_id
            ));
            false
        } else {
            true
        }
    };
    match (m, segs.as_slice()) {
        ("GET", ["gateway"]) => {
            let url = st
                .gateway_url_override
                .clone()
                .unwrap_or_else(|| inner.gateway_url());
            Answer::json(json!({"url": url}))
        }
        ("GET", ["gateway", "bot"]) => Answer::json(json!({
            "url": inner.gateway_url(),
            "shards": st.recommended_shards.unwrap_or(1),
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000u64,
                "max_concurrency": 1},
        })),
        ("GET", ["users", "@me"]) => {
            let mut u = inner.bot_user();
            u["verified"] = json!(true);
            u["mfa_enabled"] = json!(false);
            u["flags"] = json!(0);
            Answer::json(u)
        }
        ("GET", ["users", id]) => match id_of(id).and_then(|i| st.users.get(&i)) {
            Some(u) => Answer::json(u.to_json()),
            None if id_of(id) == Some(inner.bot_id) => Answer::json(inner.bot_user()),
            None => Answer::error(404, 10013, "Unknown User"),
        },
        ("POST", ["users", "@me", "channels"]) => {
            let Some(rid) = body["recipient_id"]
                .as_str()
                .and_then(id_of)
                .or_else(|| body["recipient_id"].as_u64())
            else {
                violations.push(format!("schema: {ctx}: recipient_id missing"));
                return Answer::error(400, 50035, "Invalid Form Body");
            };
            let user = st
                .users
                .get(&rid)
                .cloned()
                .unwrap_or_else(|| crate::UserSpec::new(rid, format!("user{rid}")));
            let channel = st.dm_channel(&user);
            Answer::json(json!({
                "id": channel.to_string(), "type": 1, "last_message_id": null, "flags": 0,
                "recipients": [user.to_json()],
            }))
        }
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            Answer::json(json!({
                "id": inner.app_id.to_string(),
                "name": "suivi",
                "icon": null,
                "description": "",
                "bot_public": false,
                "bot_require_code_grant": false,
                "verify_key": "0".repeat(64),
                "team": null,
                "flags": 0,
                "owner": {"id": inner.owner_id.to_string(), "username": "owner",
                    "discriminator": "0", "global_name": null, "avatar": null},
                "bot": inner.bot_user(),
            }))
        }
        ("PUT", ["applications", app, "commands"]) => {
            app_ok(app, violations);
            let list = register(inner, st, None, body);
            st.global_commands = list.clone();
            Answer::json(Value::Array(list))
        }
        ("GET", ["applications", app, "commands"]) => {
            app_ok(app, violations);
            Answer::json(Value::Array(st.global_commands.clone()))
        }
        ("PUT", ["applications", app, "guilds", g, "commands"]) => {
            app_ok(app, violations);
            let g = id_of(g).unwrap_or(0);
            let list = register(inner, st, Some(g), body);
            st.guild_commands.insert(g, list.clone());
            Answer::json(Value::Array(list))
        }
        ("GET", ["applications", app, "guilds", g, "commands"]) => {
            app_ok(app, violations);
            let g = id_of(g).unwrap_or(0);
            Answer::json(Value::Array(
                st.guild_commands.get(&g).cloned().unwrap_or_default(),
            ))
        }
        ("GET", ["channels", c]) => {
            let Some(cid) = id_of(c) else {
                return Answer::error(404, 10003, "Unknown Channel");
            };
            match st.channels.get(&cid).cloned() {
                Some(info) => Answer::json(channel_json(inner, st, cid, &info)),
                None => Answer::error(404, 10003, "Unknown Channel"),
            }
        }
        ("POST", ["channels", c, "messages"]) => {
            let Some(cid) = id_of(c).filter(|c| st.channels.contains_key(c)) else {
                violations.push(format!("unknown: {ctx}: unknown channel {c}"));
                return Answer::error(404, 10003, "Unknown Channel");
            };
            violations.extend(validate::message_checks(&ctx, body, true));
            violations.extend(outbox::nonce_checks(&ctx, body));
            if let Some(first) = outbox::deduplicate(st, cid, body) {
                return Answer::json(first);
            }
            let msg = create_message(inner, st, cid, body, &req.files);
            outbox::remember(
                st,
                cid,
                body,
                msg["id"].as_str().and_then(id_of).unwrap_or(0),
            );
            let s = sent(&msg, SentKind::ChannelMessage, body, &req.files);
            let user = dm_recipient(st, cid);
            push_feed(st, user, Some(cid), s);
            echo(st, &msg);
            Answer::json(msg)
        }
        ("GET", ["channels", c, "messages", mid]) => {
            match id_of(mid)
                .and_then(|i| st.messages.get(&i))
                .filter(|m| m["channel_id"] == *c)
            {
                Some(m) => Answer::json(m.clone()),
                None => Answer::error(404, 10008, "Unknown Message"),
            }
        }
        ("PATCH", ["channels", c, "messages", mid]) => {
            let id = id_of(mid).unwrap_or(0);
            if !st.messages.get(&id).is_some_and(|m| m["channel_id"] == *c) {
                violations.push(format!("unknown: {ctx}: unknown message"));
                return Answer::error(404, 10008, "Unknown Message");
            }
            violations.extend(validate::message_checks(&ctx, body, false));
            let Some(msg) = edit_message(inner, st, id, body, &req.files) else {
                return Answer::error(404, 10008, "Unknown Message");
            };
            let cid = id_of(c).unwrap_or(0);
            let s = sent(&msg, SentKind::Edit, body, &req.files);
            let user = dm_recipient(st, cid);
            push_feed(st, user, Some(cid), s);
            Answer::json(msg)
        }
        ("DELETE", ["channels", _c, "messages", mid]) => {
            match id_of(mid).and_then(|i| st.messages.remove(&i)) {
                Some(_) => Answer::no_content(),
                None => Answer::error(404, 10008, "Unknown Message"),
            }
        }
        ("POST", ["channels", _c, "typing"]) => Answer::no_content(),
        ("PUT", ["channels", _c, "messages", _m, "reactions", _e, "@me"])
        | ("DELETE", ["channels", _c, "messages", _m, "reactions", _e, "@me"]) => {
            Answer::no_content()
        }
        ("POST", ["channels", c, "threads"]) => {
            let Some(parent) = id_of(c).filter(|c| st.channels.contains_key(c)) else {
                return Answer::error(404, 10003, "Unknown Channel");
            };
            let guild = st.channels.get(&parent).and_then(|i| i.guild_id);
            if guild.is_none() {
                violations.push(format!("unknown: {ctx}: threads need a guild channel"));
                return Answer::error(400, 50024, "Cannot execute action on this channel type");
            }
            let id = st.new_id();
            let kind = body["type"].as_u64().unwrap_or(12) as u8;
            let info = ChannelInfo {
                guild_id: guild,
                recipient: None,
                kind,
                name: body["name"].as_str().unwrap_or("thread").to_string(),
                parent_id: Some(parent),
            };
            st.channels.insert(id, info.clone());
            st.thread_members.insert(id, vec![inner.bot_id]);
            let mut ch = channel_json(inner, st, id, &info);
            if let Some(d) = body.get("auto_archive_duration").filter(|d| d.is_u64()) {
                ch["thread_metadata"]["auto_archive_duration"] = d.clone();
            }
            if let Some(i) = body.get("invitable").filter(|d| d.is_boolean()) {
                ch["thread_metadata"]["invitable"] = i.clone();
            }
            st.dispatch("THREAD_CREATE", {
                let mut c = ch.clone();
                c["newly_created"] = json!(true);
                c
            });
            Answer {
                status: 201,
                ..Answer::json(ch)
            }
        }
        ("PUT", ["channels", t, "thread-members", u]) => {
            let (Some(t), Some(u)) = (id_of(t), id_of(u)) else {
                return Answer::error(404, 10003, "Unknown Channel");
            };
            if !st
                .channels
                .get(&t)
                .is_some_and(|c| matches!(c.kind, 10..=12))
            {
                violations.push(format!("unknown: {ctx}: not a thread"));
                return Answer::error(404, 10003, "Unknown Channel");
            }
            let members = st.thread_members.entry(t).or_default();
            if !members.contains(&u) {
                members.push(u);
            }
            Answer::no_content()
        }
        ("DELETE", ["channels", t, "thread-members", u]) => {
            if let (Some(t), Some(u)) = (id_of(t), id_of(u)) {
                st.thread_members.entry(t).or_default().retain(|x| *x != u);
            }
            Answer::no_content()
        }
        ("GET", ["guilds", g, "members", u]) => {
            let (g, u) = (id_of(g).unwrap_or(0), id_of(u).unwrap_or(0));
            let member = st
                .guilds
                .iter()
                .find(|x| x.id == g)
                .and_then(|x| x.members.iter().find(|m| m.user.id == u));
            match member {
                Some(m) => Answer::json(json!({
                    "user": m.user.to_json(),
                    "roles": m.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                    "joined_at": util::rfc3339_now(), "deaf": false, "mute": false, "flags": 0,
                    "nick": null, "avatar": null, "pending": false, "premium_since": null,
                })),
                None => Answer::error(404, 10007, "Unknown Member"),
            }
        }
        ("POST", ["interactions", iid, token, "callback"]) => {
            interaction_callback(inner, st, req, iid, token, body, violations)
        }
        ("POST", ["webhooks", app, token]) => {
            app_ok(app, violations);
            let Some(info) = st.interactions.get(*token).cloned() else {
                violations.push(format!("interaction: {ctx}: unknown interaction token"));
                return Answer::error(404, 10015, "Unknown Webhook");
            };
            if !info.responded {
                violations.push(format!(
                    "interaction: {ctx}: follow-up before the interaction was answered"
                ));
                return Answer::error(404, 10015, "Unknown Webhook");
            }
            violations.extend(validate::message_checks(&ctx, body, true));
            let msg = create_message(inner, st, info.channel_id, body, &req.files);
            let s = sent(&msg, SentKind::Followup, body, &req.files);
            let channel = (!s.ephemeral).then_some(info.channel_id);
            push_feed(st, Some(info.user.id), channel, s);
            Answer::json(msg)
        }
        (_, ["webhooks", app, token, "messages", which]) => {
            app_ok(app, violations);
            let Some(info) = st.interactions.get(*token).cloned() else {
                violations.push(format!("interaction: {ctx}: unknown interaction token"));
                return Answer::error(404, 10015, "Unknown Webhook");
            };
            let target = if *which == "@original" {
                info.original
            } else {
                id_of(which).filter(|i| st.messages.contains_key(i))
            };
            let Some(target) = target else {
                violations.push(format!(
                    "interaction: {ctx}: no such message (was the interaction answered with a message or deferred?)"
                ));
                return Answer::error(404, 10008, "Unknown Message");
            };
            match m {
                "GET" => Answer::json(st.messages.get(&target).cloned().unwrap_or(Value::Null)),
                "DELETE" => {
                    st.messages.remove(&target);
                    if info.original == Some(target) {
                        if let Some(i) = st.interactions.get_mut(*token) {
                            i.original = None;
                        }
                    }
                    Answer::no_content()
                }
                "PATCH" => {
                    violations.extend(validate::message_checks(&ctx, body, false));
                    let Some(mut msg) = edit_message(inner, st, target, body, &req.files) else {
                        return Answer::error(404, 10008, "Unknown Message");
                    };
                    // A deferred reply stops "thinking" once edited.
                    let flags = msg["flags"].as_u64().unwrap_or(0);
                    if flags & 128 != 0 {
                        msg["flags"] = json!(flags & !128);
                        st.messages.insert(target, msg.clone());
                    }
                    let kind = if *which == "@original" {
                        SentKind::EditOriginal
                    } else {
                        SentKind::Edit
                    };
                    let s = sent(&msg, kind, body, &req.files);
                    let channel = (!s.ephemeral).then_some(s.channel_id).flatten();
                    push_feed(st, Some(info.user.id), channel, s);
                    Answer::json(msg)
                }
                _ => unhandled(req, violations),
            }
        }
        _ => unhandled(req, violations),
    }
}

fn unhandled(req: &Req, violations: &mut Vec<String>) -> Answer {
    violations.push(format!(
        "unhandled route: {} {} (the double does not implement it)",
        req.method, req.path
    ));
    Answer::error(404, 0, "404: Not Found")
}

/// A channel object for `GET /channels/{c}` and thread creation.
pub(crate) fn channel_json(inner: &Inner, st: &State, id: u64, info: &ChannelInfo) -> Value {
    if let Some(r) = info.recipient {
        let user = st
            .users
            .get(&r)
            .cloned()
            .unwrap_or_else(|| crate::UserSpec::new(r, format!("user{r}")));
        return json!({"id": id.to_string(), "type": 1, "last_message_id": null, "flags": 0,
            "recipients": [user.to_json()]});
    }
    let mut c = json!({
        "id": id.to_string(),
        "type": info.kind,
        "guild_id": info.guild_id.map(|g| g.to_string()),
        "name": info.name,
        "parent_id": info.parent_id.map(|p| p.to_string()),
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    });
    if matches!(info.kind, 10..=12) {
        c["owner_id"] = json!(inner.bot_id.to_string());
        c["member_count"] = json!(st.thread_members.get(&id).map_or(1, Vec::len));
        c["message_count"] = json!(0);
        c["total_message_sent"] = json!(0);
        c["thread_metadata"] = json!({
            "archived": false, "auto_archive_duration": 1440,
            "archive_timestamp": util::rfc3339_now(), "locked": false,
            "invitable": false, "create_timestamp": util::rfc3339_now(),
        });
        c.as_object_mut().map(|o| o.remove("permission_overwrites"));
        c.as_object_mut().map(|o| o.remove("position"));
    }
    c
}

/// Echoes registered commands with ids (kept for names already registered).
fn register(inner: &Inner, st: &mut State, guild: Option<u64>, body: &Value) -> Vec<Value> {
    let previous = match guild {
        None => st.global_commands.clone(),
        Some(g) => st.guild_commands.get(&g).cloned().unwrap_or_default(),
    };
    body.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut c| {
            let kind = c["type"].as_u64().unwrap_or(1);
            let id = previous
                .iter()
                .find(|p| p["name"] == c["name"] && p["type"].as_u64() == Some(kind))
                .and_then(|p| p["id"].as_str().map(str::to_string))
                .unwrap_or_else(|| st.new_id().to_string());
            c["id"] = json!(id);
            c["type"] = json!(kind);
            c["application_id"] = json!(inner.app_id.to_string());
            c["version"] = json!(st.new_id().to_string());
            if c.get("description").is_none_or(Value::is_null) {
                c["description"] = json!("");
            }
            if let Some(g) = guild {
                c["guild_id"] = json!(g.to_string());
            }
            c
        })
        .collect()
}

fn interaction_callback(
    inner: &Inner,
    st: &mut State,
    req: &Req,
    iid: &str,
    token: &str,
    body: &Value,
    violations: &mut Vec<String>,
) -> Answer {
    let ctx = format!("POST /interactions/{iid}/{{token}}/callback");
    let Some(info) = st.interactions.get(token).cloned() else {
        violations.push(format!("interaction: {ctx}: unknown interaction token"));
        return Answer::error(404, 10062, "Unknown interaction");
    };
    if id_of(iid) != Some(info.id) {
        violations.push(format!(
            "interaction: {ctx}: id does not match the token's interaction {}",
            info.id
        ));
        return Answer::error(404, 10062, "Unknown interaction");
    }
    if info.responded {
        violations.push(format!("interaction: {ctx}: interaction answered twice"));
        return Answer::error(400, 40060, "Interaction has already been acknowledged.");
    }
    let elapsed = info.created.elapsed();
    let within = st.answer_within.unwrap_or(ANSWER_WITHIN);
    if elapsed > within {
        violations.push(format!(
            "interaction: {ctx}: answered after {} ms (Discord allows {} ms; defer when slower)",
            elapsed.as_millis(),
            within.as_millis()
        ));
    }
    let kind = body["type"].as_u64().unwrap_or(0);
    let allowed: &[u64] = match info.kind {
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 => &[4, 5, 6, 7],
        _ => &[],
    };
    if !allowed.contains(&kind) {
        violations.push(format!(
            "interaction: {ctx}: callback type {kind} is not valid for interaction type {}",
            info.kind
        ));
        return Answer::error(400, 50035, "Invalid Form Body");
    }
    let empty = json!({});
    let data = body.get("data").filter(|d| !d.is_null()).unwrap_or(&empty);
    let user = Some(info.user.id);
    match kind {
        4 | 5 => {
            let mut data = data.clone();
            if kind == 5 {
                let flags = data["flags"].as_u64().unwrap_or(0) & 64;
                data = json!({"flags": flags | 128});
            } else {
                violations.extend(validate::message_checks(&ctx, &data, true));
            }
            let msg = create_message(inner, st, info.channel_id, &data, &req.files);
            let id = msg["id"].as_str().and_then(id_of).unwrap_or(0);
            let kind_out = if kind == 4 {
                SentKind::InteractionReply {
                    interaction_id: info.id,
                }
            } else {
                SentKind::Deferred { callback_type: 5 }
            };
            let s = sent(&msg, kind_out, &data, &req.files);
            let channel = (!s.ephemeral && kind == 4).then_some(info.channel_id);
            push_feed(st, user, channel, s);
            if let Some(i) = st.interactions.get_mut(token) {
                i.original = Some(id);
            }
        }
        6 => {
            let s = SentMessage {
                id: info.message_id.unwrap_or(0),
                channel_id: Some(info.channel_id),
                content: String::new(),
                embeds: vec![],
                components: vec![],
                ephemeral: false,
                allowed_mentions: None,
                attachments: vec![],
                kind: SentKind::Deferred { callback_type: 6 },
                raw: body.clone(),
            };
            push_feed(st, user, None, s);
            if let Some(i) = st.interactions.get_mut(token) {
                i.original = info.message_id;
            }
        }
        7 => {
            let Some(mid) = info.message_id else {
                violations.push(format!(
                    "interaction: {ctx}: UPDATE_MESSAGE on an interaction without a message"
                ));
                return Answer::error(400, 50035, "Invalid Form Body");
            };
            violations.extend(validate::message_checks(&ctx, data, false));
            let Some(msg) = edit_message(inner, st, mid, data, &req.files) else {
                return Answer::error(404, 10008, "Unknown Message");
            };
            let s = sent(&msg, SentKind::UpdateMessage, data, &req.files);
            let channel = (!s.ephemeral).then_some(s.channel_id).flatten();
            push_feed(st, user, channel, s);
            if let Some(i) = st.interactions.get_mut(token) {
                i.original = Some(mid);
            }
        }
        8 => {
            let choices = data["choices"].as_array().cloned().unwrap_or_default();
            let s = SentMessage {
                id: 0,
                channel_id: Some(info.channel_id),
                content: String::new(),
                embeds: vec![],
                components: vec![],
                ephemeral: true,
                allowed_mentions: None,
                attachments: vec![],
                kind: SentKind::Autocomplete { choices },
                raw: data.clone(),
            };
            push_feed(st, user, None, s);
        }
        9 => {
            let s = SentMessage {
                id: 0,
                channel_id: Some(info.channel_id),
                content: String::new(),
                embeds: vec![],
                components: vec![],
                ephemeral: true,
                allowed_mentions: None,
                attachments: vec![],
                kind: SentKind::Modal {
                    custom_id: data["custom_id"].as_str().unwrap_or("").to_string(),
                    title: data["title"].as_str().unwrap_or("").to_string(),
                    components: data["components"].as_array().cloned().unwrap_or_default(),
                },
                raw: data.clone(),
            };
            push_feed(st, user, None, s);
        }
        _ => unreachable!("filtered above"),
    }
    if let Some(i) = st.interactions.get_mut(token) {
        i.responded = true;
    }
    Answer::no_content()
}
