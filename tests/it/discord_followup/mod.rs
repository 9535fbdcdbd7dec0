//! End to end on Discord, after the closing: the outbox's reminders, retries, fallbacks and
//! crash recovery, and the changes people make with slash commands. The real serenity/poise
//! client against `crates/discord-double`, every body validated against `DISCORD_OPENAPI`;
//! time moves on the World's `ManualClock` (the real binary's test uses the system clock).

mod changes;
mod crash;
mod delivery;
mod digest_counts;
mod reminders;
mod shared_file;

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use discord_double::{SentMessage, SlashSpec, UserSpec};
use serde_json::{json, Value};
use suivi::clock::Clock;
use suivi::store::DeliveryRow;

use crate::discord::{
    advisor, beneficiary, whole_closing, World, CHANNEL, FALLBACK, FRENCH, GUILD, ROLE, T,
};

/// The first agreed exchange: Tuesday 1 December 2026, 10:00 in Paris.
pub(crate) fn first_exchange() -> DateTime<Utc> {
    "2026-12-01T09:00:00Z".parse().unwrap()
}

pub(crate) fn hours(n: i64) -> chrono::Duration {
    chrono::Duration::hours(n)
}

/// A support agreed through the whole French closing, with everything it sent delivered and
/// its first exchange planned.
pub(crate) async fn agreed(with_fallback: bool) -> World {
    let w = World::new(with_fallback).await;
    whole_closing(&w, &FRENCH).await;
    idle(&w).await;
    w
}

/// Waits until `check` gives a value (checked every few milliseconds), or panics after `T`
/// saying what was awaited.
pub(crate) async fn eventually<V, F, Fut>(what: &str, mut check: F) -> V
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<V>>,
{
    let deadline = tokio::time::Instant::now() + T;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Waits until the scheduler has nothing left to do at the World's present: no delivery due
/// and unsent, no agreement waiting to be planned.
pub(crate) async fn idle(w: &World) {
    let now = stamp(w.clock.now());
    let pool = w.store().pool().clone();
    eventually("the outbox to be idle", || {
        let (pool, now) = (pool.clone(), now.clone());
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM deliveries
                          WHERE status = 'claimed' OR (status = 'planned' AND due_at <= $1))
                      + (SELECT COUNT(*) FROM agreements a JOIN supports s ON s.id = a.support_id
                          WHERE a.status = 'active' AND s.status = 'active'
                            AND a.next_plan_at IS NOT NULL AND a.next_plan_at <= $1)",
            )
            .bind(&now)
            .fetch_one(&pool)
            .await
            .unwrap();
            (n == 0).then_some(())
        }
    })
    .await;
}

/// Deliveries to `user`, as the database holds them.
pub(crate) async fn deliveries_to(w: &World, user: &UserSpec) -> Vec<DeliveryRow> {
    w.store().deliveries_to(user.id).await.unwrap()
}

/// Waits for a delivery to `user` that satisfies `check`.
async fn delivery_where(
    w: &World,
    user: &UserSpec,
    what: &str,
    check: impl Fn(&DeliveryRow) -> bool,
) -> DeliveryRow {
    eventually(what, || async {
        deliveries_to(w, user).await.into_iter().find(|d| check(d))
    })
    .await
}

pub(crate) fn dm_of(w: &World, user: &UserSpec) -> u64 {
    w.double
        .dm_channel_of(user.id)
        .unwrap_or_else(|| panic!("{} has no DM channel", user.name))
}

/// The body of the first message the bot sent (or will send, within `T`) to `channel` whose
/// content contains `needle`.
async fn sent_in(w: &World, channel: u64, needle: &str) -> Value {
    let path = format!("/channels/{channel}/messages");
    let r = w
        .double
        .wait_for(T, |r| {
            r.matches("POST", &path)
                && r.body
                    .as_ref()
                    .and_then(|b| b["content"].as_str())
                    .is_some_and(|c| c.contains(needle))
        })
        .await
        .unwrap_or_else(|e| panic!("{e}: nothing with {needle:?} in {channel}"));
    r.body.unwrap()
}

/// The messages created in `channel` whose content contains `needle`.
fn count_in(w: &World, channel: u64, needle: &str) -> usize {
    w.double
        .messages_in(channel)
        .iter()
        .filter(|m| m.content.contains(needle))
        .count()
}

/// The next message in `user`'s DMs that contains `needle`; earlier ones are passed over.
pub(crate) async fn dm_containing(w: &World, user: &UserSpec, needle: &str) -> SentMessage {
    loop {
        let m = w.prompt(user).await;
        if m.text().contains(needle) {
            return m;
        }
    }
}

/// The next private answer to `user` (an interaction reply or follow-up) that contains
/// `needle`.
pub(crate) async fn answer_containing(w: &World, user: &UserSpec, needle: &str) -> SentMessage {
    loop {
        let m = w.reply(user).await;
        if m.content.contains(needle) {
            return m;
        }
    }
}

/// `user` runs `/name` in the guild's channel (the advisor with their role), in French.
pub(crate) async fn slash(w: &World, user: &UserSpec, name: &str, options: Value) {
    slash_in(w, user, name, "fr", options).await
}

/// `user` runs `/name` in the guild's channel (the advisor with their role), in `locale`.
pub(crate) async fn slash_in(w: &World, user: &UserSpec, name: &str, locale: &str, options: Value) {
    let roles: &[u64] = if user.id == advisor().id {
        &[ROLE]
    } else {
        &[]
    };
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, user, name)
                .roles(roles)
                .locale(locale)
                .options(options),
        )
        .await;
}

/// What a message body asks of Discord: a nonce (at most 25 characters) enforced, and no
/// mention parsed.
fn assert_outbox_body(body: &Value) {
    let nonce = body["nonce"].as_str().unwrap_or_else(|| panic!("{body}"));
    assert!(!nonce.is_empty() && nonce.chars().count() <= 25, "{nonce}");
    assert_eq!(body["enforce_nonce"], json!(true), "{body}");
    assert!(
        crate::discord::pings_nobody(&body["allowed_mentions"]),
        "{body}"
    );
}
