//! Several gateway connections at once, one per shard, and the routing of every dispatch to
//! the connection that owns it, as Discord does: a guild's events go to shard
//! `(guild_id >> 22) % shard_count`, direct messages to shard 0.

use crate::{GwCmd, State};
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// One open gateway connection.
pub(crate) struct GwConn {
    pub id: u64,
    pub tx: mpsc::UnboundedSender<GwCmd>,
    /// READY or RESUMED was sent on it.
    pub ready: bool,
    pub intents: u64,
    /// `[id, count]` named by its Identify (or by the session it resumed); `None` before.
    pub shard: Option<(u64, u64)>,
    /// The session it runs (its sequence numbers live there).
    pub session: Option<String>,
}

/// A gateway session: the shard it serves and its last sequence number.
pub(crate) struct Session {
    pub shard: (u64, u64),
    pub seq: u64,
    /// The intents its Identify asked for.
    pub intents: u64,
}

/// Where one injected or echoed dispatch went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routed {
    /// The event name (`INTERACTION_CREATE`, `MESSAGE_CREATE`, ...).
    pub event: String,
    /// The `id` of its payload (interaction, message or guild id), when it has one.
    pub id: Option<u64>,
    /// The guild it concerns; `None` for a direct message.
    pub guild_id: Option<u64>,
    /// The `[id, count]` of the connection that received it.
    pub shard: (u64, u64),
    /// The connection that received it (a number the double gives each connection).
    pub connection: u64,
}

/// The shard that receives `guild_id`'s events when the bot runs `count` shards.
pub fn shard_of(guild_id: u64, count: u64) -> u64 {
    (guild_id >> 22) % count.max(1)
}

/// The guild an event concerns: `id` for guild events, `guild_id` otherwise.
fn guild_of(t: &str, d: &Value) -> Option<u64> {
    let field = if matches!(t, "GUILD_CREATE" | "GUILD_UPDATE" | "GUILD_DELETE") {
        &d["id"]
    } else {
        &d["guild_id"]
    };
    field.as_str().and_then(|s| s.parse().ok())
}

impl State {
    /// The ready connection owning `guild` (shard 0 when `None`).
    pub(crate) fn owner(&self, guild: Option<u64>) -> Option<&GwConn> {
        self.gw.iter().find(|c| {
            c.ready
                && c.shard.is_some_and(|(id, count)| match guild {
                    Some(g) => shard_of(g, count) == id,
                    None => id == 0,
                })
        })
    }

    /// The ready connection that would receive this dispatch.
    pub(crate) fn target(&self, t: &str, d: &Value) -> Option<&GwConn> {
        self.owner(guild_of(t, d))
    }

    /// Sends a dispatch on the connection that owns it, if that one is ready; false otherwise.
    pub(crate) fn dispatch(&mut self, t: &str, d: Value) -> bool {
        let Some(conn) = self.target(t, &d).map(|c| c.id) else {
            return false;
        };
        let routed = Routed {
            event: t.to_string(),
            id: d["id"].as_str().and_then(|s| s.parse().ok()),
            guild_id: guild_of(t, &d),
            shard: self.shard_of_conn(conn).unwrap_or((0, 1)),
            connection: conn,
        };
        let sent = self.dispatch_on(conn, t, d);
        if sent {
            self.routed.push(routed);
        }
        sent
    }

    /// Sends a dispatch on connection `conn` (READY, RESUMED), with its session's next
    /// sequence number; false if it is gone.
    pub(crate) fn dispatch_on(&mut self, conn: u64, t: &str, d: Value) -> bool {
        let Some(c) = self.gw.iter().find(|c| c.id == conn) else {
            return false;
        };
        let session = c.session.clone();
        let tx = c.tx.clone();
        let seq = match session.and_then(|s| self.sessions.get_mut(&s)) {
            Some(s) => {
                s.seq += 1;
                s.seq
            }
            None => 1,
        };
        let frame = json!({"op": 0, "s": seq, "t": t, "d": d}).to_string();
        tx.send(GwCmd::Text(frame)).is_ok()
    }

    fn shard_of_conn(&self, conn: u64) -> Option<(u64, u64)> {
        self.gw.iter().find(|c| c.id == conn).and_then(|c| c.shard)
    }

    /// Binds connection `conn` to `shard`: another connection still serving that shard (the
    /// client left it) no longer receives anything.
    pub(crate) fn bind(&mut self, conn: u64, shard: (u64, u64), session: String) {
        self.gw.retain(|c| c.id == conn || c.shard != Some(shard));
        let intents = self.sessions.get(&session).map_or(0, |s| s.intents);
        if let Some(c) = self.gw.iter_mut().find(|c| c.id == conn) {
            c.intents = intents;
            c.shard = Some(shard);
            c.session = Some(session);
            c.ready = true;
        }
    }

    /// The guilds a connection serving `shard` is told about in READY.
    pub(crate) fn guilds_of(&self, shard: (u64, u64)) -> Vec<crate::GuildSpec> {
        self.guilds
            .iter()
            .filter(|g| shard_of(g.id, shard.1) == shard.0)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guilds_are_spread_by_the_bits_above_the_timestamp_and_dms_go_to_shard_0() {
        assert_eq!(shard_of(7000, 2), 0);
        assert_eq!(shard_of(1 << 22, 2), 1);
        assert_eq!(shard_of(3 << 22, 4), 3);
        assert_eq!(shard_of(5 << 22, 4), 1);
        assert_eq!(shard_of(5 << 22, 1), 0);
        assert_eq!(guild_of("GUILD_CREATE", &json!({"id": "42"})), Some(42));
        assert_eq!(
            guild_of("INTERACTION_CREATE", &json!({"id": "1", "guild_id": "43"})),
            Some(43)
        );
        assert_eq!(guild_of("MESSAGE_CREATE", &json!({"id": "1"})), None);
    }
}
