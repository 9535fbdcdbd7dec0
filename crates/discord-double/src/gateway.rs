//! The gateway WebSocket at `/gw`: Hello, Identify → READY (+ GUILD_CREATE), heartbeat ACKs,
//! Resume → RESUMED, and the frames the test injects.

use crate::shards::{GwConn, Session};
use crate::{guild_create, GwCmd, Inner};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::sync::mpsc;

/// The interval announced in Hello.
const HEARTBEAT_INTERVAL_MS: u64 = 41_250;

/// `GET /gw`: upgrades to the gateway WebSocket (query `v=10&encoding=json` is ignored).
pub(crate) async fn upgrade(ws: WebSocketUpgrade, State(inner): State<Arc<Inner>>) -> Response {
    let refused = {
        let mut st = inner.lock();
        if st.gateway_down {
            st.gateway_refusals += 1;
        }
        st.gateway_down
    };
    if refused {
        inner.bump();
        return axum::response::IntoResponse::into_response(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
        );
    }
    ws.on_upgrade(move |socket| run(inner, socket))
}

async fn run(inner: Arc<Inner>, mut socket: WebSocket) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let conn_id = {
        let mut st = inner.lock();
        st.conn_counter += 1;
        let id = st.conn_counter;
        // Several connections live at once (one per shard). One that Identifies or Resumes
        // for a shard replaces the connection that served it (the client left that one).
        st.gw.push(GwConn {
            id,
            tx: tx.clone(),
            ready: false,
            intents: 0,
            shard: None,
            session: None,
        });
        id
    };
    inner.bump();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}});
    if socket.send(Message::Text(hello.to_string())).await.is_ok() {
        loop {
            tokio::select! {
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => on_frame(&inner, conn_id, &tx, &text),
                    Some(Ok(Message::Binary(_))) => {
                        inner.lock().violations.push(
                            "gateway: binary frame received (the double speaks plain JSON)".into());
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => {}
                },
                cmd = rx.recv() => match cmd {
                    Some(GwCmd::Text(t)) => {
                        if socket.send(Message::Text(t)).await.is_err() {
                            break;
                        }
                    }
                    Some(GwCmd::Drop) | None => break,
                },
            }
        }
    }
    drop(socket);
    let mut st = inner.lock();
    st.gw.retain(|g| g.id != conn_id);
    drop(st);
    inner.bump();
}

fn on_frame(inner: &Inner, conn_id: u64, tx: &mpsc::UnboundedSender<GwCmd>, text: &str) {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        inner
            .lock()
            .violations
            .push(format!("gateway: frame is not JSON: {text:.200}"));
        inner.bump();
        return;
    };
    let send = |frame: Value| {
        let _ = tx.send(GwCmd::Text(frame.to_string()));
    };
    let mut st = inner.lock();
    let current = st.gw.iter().any(|g| g.id == conn_id);
    match v["op"].as_u64() {
        Some(1) => send(json!({"op": 11})),
        Some(2) => {
            st.identify_count += 1;
            let session = format!("session-{}-{}", st.identify_count, conn_id);
            let d = &v["d"];
            if !d["token"].as_str().is_some_and(|t| t.starts_with("Bot ")) {
                st.violations
                    .push("gateway: Identify token does not start with \"Bot \"".into());
            }
            let intents = d["intents"].as_u64().unwrap_or(0);
            st.last_identify = Some(d.clone());
            let shard = match (d["shard"][0].as_u64(), d["shard"][1].as_u64()) {
                (Some(id), Some(count)) if id < count => (id, count),
                (None, None) => (0, 1),
                _ => {
                    st.violations
                        .push(format!("gateway: Identify with a bad shard {}", d["shard"]));
                    return;
                }
            };
            st.identified.push(shard);
            if !current {
                return;
            }
            let fresh = Session {
                shard,
                seq: 0,
                intents,
            };
            st.sessions.insert(session.clone(), fresh);
            st.bind(conn_id, shard, session.clone());
            let mine = st.guilds_of(shard);
            let unavailable: Vec<Value> = mine
                .iter()
                .map(|g| json!({"id": g.id.to_string(), "unavailable": true}))
                .collect();
            let mut user = inner.bot_user();
            user["verified"] = json!(true);
            user["mfa_enabled"] = json!(false);
            user["flags"] = json!(0);
            let ready = json!({
                "v": 10,
                "user": user,
                "guilds": unavailable,
                "session_id": session,
                "resume_gateway_url": inner.gateway_url(),
                "shard": [shard.0, shard.1],
                "application": {"id": inner.app_id.to_string(), "flags": 0},
            });
            st.dispatch_on(conn_id, "READY", ready);
            for g in &mine {
                st.dispatch_on(conn_id, "GUILD_CREATE", guild_create(inner, g));
            }
        }
        Some(6) => {
            let sid = v["d"]["session_id"].as_str().unwrap_or("");
            let shard = st.sessions.get(sid).map(|s| s.shard);
            match shard {
                Some(shard) if current => {
                    st.resume_count += 1;
                    st.bind(conn_id, shard, sid.to_string());
                    st.dispatch_on(conn_id, "RESUMED", Value::Null);
                }
                _ => send(json!({"op": 9, "d": false})),
            }
        }
        Some(3) | Some(4) | Some(8) | Some(31) => {}
        other => st
            .violations
            .push(format!("gateway: unexpected op {other:?}: {text:.200}")),
    }
    drop(st);
    inner.bump();
}
