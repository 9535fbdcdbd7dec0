//! What an outbox relies on, against the real serenity 0.12.5 `Http` client: nonce
//! de-duplication, stalled sends, injected 429 and 5xx.

use discord_double::{Double, Failure};
use serenity::all::{
    ChannelId, CreateAllowedMentions, CreateMessage, HttpBuilder, Message, Nonce, UserId,
};
use serenity::http::{Http, HttpError};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

const T: Duration = Duration::from_secs(15);

/// How long a stalled client future is watched to prove it is still pending.
const STILL_PENDING: Duration = Duration::from_millis(300);

fn http(double: &Double) -> Arc<Http> {
    Arc::new(
        HttpBuilder::new("test-token")
            .proxy(double.proxy_url())
            .ratelimiter_disabled(true)
            .default_allowed_mentions(CreateAllowedMentions::new())
            .build(),
    )
}

async fn dm(http: &Arc<Http>, user: u64) -> ChannelId {
    UserId::new(user).create_dm_channel(http).await.unwrap().id
}

fn keyed(content: &str, nonce: Nonce) -> CreateMessage {
    CreateMessage::new()
        .content(content)
        .nonce(nonce)
        .enforce_nonce(true)
}

fn key(s: &str) -> Nonce {
    Nonce::String(s.to_string())
}

/// `(status, Discord code)` of a serenity error that carries an HTTP answer.
fn status_of(e: &serenity::Error) -> Option<(u16, isize)> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            Some((r.status_code.as_u16(), r.error.code))
        }
        _ => None,
    }
}

fn spawn_send(
    http: &Arc<Http>,
    channel: ChannelId,
    msg: CreateMessage,
) -> JoinHandle<serenity::Result<Message>> {
    let http = http.clone();
    tokio::spawn(async move { channel.send_message(&http, msg).await })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enforced_nonce_creates_one_message() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;

    let first = c
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    let again = c
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert!(matches!(&first.nonce, Some(Nonce::String(n)) if n == "d-1"));
    // An integer nonce is de-duplicated too.
    let n1 = c
        .send_message(&http, keyed("n", Nonce::Number(7)))
        .await
        .unwrap();
    let n2 = c
        .send_message(&http, keyed("n", Nonce::Number(7)))
        .await
        .unwrap();
    assert_eq!(n1.id, n2.id);
    assert_eq!(double.deduplicated_count(), 2);

    let shown = double.messages_in(c.get());
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert_eq!(shown[0].id, first.id.get());
    assert_eq!(double.nonces_in(c.get()), vec!["d-1", "7"]);
    // Every request is still recorded.
    let posts = double
        .requests()
        .iter()
        .filter(|r| r.matches("POST", "/channels/*/messages") && r.status == 200)
        .count();
    assert_eq!(posts, 4);

    // A nonce is per channel: the same one elsewhere is a new message.
    let other = dm(&http, 43).await;
    let elsewhere = other
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    assert_ne!(elsewhere.id, first.id);
    assert_eq!(double.messages_in(other.get()).len(), 1);
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nonce_without_enforce_nonce_creates_two_messages() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;
    let loose = || CreateMessage::new().content("hi").nonce(key("d-1"));
    let a = c.send_message(&http, loose()).await.unwrap();
    let b = c.send_message(&http, loose()).await.unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(double.deduplicated_count(), 0);
    assert_eq!(double.nonces_in(c.get()), vec!["d-1", "d-1"]);
    // The first message with the nonce stays the one a later enforced send answers with.
    let c3 = c
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    assert_eq!(c3.id, a.id);
    assert_eq!(double.messages_in(c.get()).len(), 2);
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nonce_is_forgotten_after_the_window() {
    let double = Double::start().await;
    double.set_nonce_window(Duration::ZERO);
    let http = http(&double);
    let c = dm(&http, 42).await;
    let a = c
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    let b = c
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(double.deduplicated_count(), 0);
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonce_mistakes_are_violations() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;
    let long = "x".repeat(26);
    c.send_message(&http, keyed("hi", key(&long)))
        .await
        .unwrap();
    c.send_message(
        &http,
        CreateMessage::new().content("no nonce").enforce_nonce(true),
    )
    .await
    .unwrap();
    let v = double.violations();
    assert!(
        v.iter()
            .any(|x| x.starts_with("limit: ") && x.contains("nonce has 26 characters")),
        "{v:#?}"
    );
    assert!(v.iter().any(|x| x.starts_with("nonce: ")), "{v:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_send_is_applied_and_answered_only_when_released() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;

    double.stall_next("POST", "/channels/*/messages");
    let mut stalled = spawn_send(&http, c, keyed("report", key("d-9")));
    double.wait_stalled(T).await.unwrap();
    let created = double.messages_in(c.get());
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].content, "report");
    assert_eq!(double.stalled_count(), 1);
    assert!(
        tokio::time::timeout(STILL_PENDING, &mut stalled)
            .await
            .is_err(),
        "the stalled send must still wait for its answer"
    );

    // Other requests go on; the outbox's resend is answered with the stalled message.
    let other = c
        .send_message(&http, keyed("other", key("d-10")))
        .await
        .unwrap();
    let resend = c
        .send_message(&http, keyed("report", key("d-9")))
        .await
        .unwrap();
    assert_eq!(resend.id.get(), created[0].id);
    assert_eq!(double.deduplicated_count(), 1);
    assert!(!stalled.is_finished());

    double.release_stalled();
    let late = tokio::time::timeout(T, stalled)
        .await
        .expect("released in time")
        .unwrap()
        .expect("the late answer is the message");
    assert_eq!(late.id.get(), created[0].id);
    assert_eq!(double.stalled_count(), 0);
    let ids: Vec<u64> = double.messages_in(c.get()).iter().map(|m| m.id).collect();
    assert_eq!(ids, vec![created[0].id, other.id.get()]);
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_stalled_send_is_a_transport_error_after_the_fact() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;

    double.stall_next("*", "/channels/*/messages");
    let stalled = spawn_send(&http, c, keyed("report", key("d-9")));
    double.wait_stalled(T).await.unwrap();
    double.cut_stalled();
    let err = tokio::time::timeout(T, stalled)
        .await
        .expect("cut in time")
        .unwrap()
        .expect_err("no answer after a cut");
    assert!(
        matches!(err, serenity::Error::Http(HttpError::Request(_))),
        "{err:?}"
    );
    // The message exists all the same; a resend with the nonce does not double it.
    let resend = c
        .send_message(&http, keyed("report", key("d-9")))
        .await
        .unwrap();
    let created = double.messages_in(c.get());
    assert_eq!(created.len(), 1);
    assert_eq!(resend.id.get(), created[0].id);

    // Dropping the double cuts a held request too.
    double.stall_next("POST", "/channels/*/messages");
    let held = spawn_send(&http, c, keyed("late", key("d-11")));
    double.wait_stalled(T).await.unwrap();
    drop(double);
    let err = tokio::time::timeout(T, held)
        .await
        .expect("cut when the double is dropped")
        .unwrap()
        .expect_err("no answer from a dropped double");
    assert!(status_of(&err).is_none(), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_reaches_the_client_and_carries_retry_after_on_the_wire() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;

    double.fail_next(
        "POST",
        "/channels/*/messages",
        Failure::RateLimited { retry_after: 2.5 },
    );
    let err = c
        .send_message(&http, keyed("hi", key("d-1")))
        .await
        .expect_err("429");
    match &err {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            assert_eq!(r.status_code.as_u16(), 429);
            assert_eq!(r.error.message, "You are being rate limited.");
        }
        other => panic!("expected a 429 answer, got {other:?}"),
    }
    assert!(double.messages_in(c.get()).is_empty());

    // serenity's error keeps only code and message: what the answer carries, read raw.
    double.fail_next(
        "POST",
        "/channels/*/messages",
        Failure::RateLimited { retry_after: 2.5 },
    );
    let raw = reqwest::Client::new()
        .post(format!(
            "{}/api/v10/channels/{c}/messages",
            double.proxy_url()
        ))
        .header("content-type", "application/json")
        .body(r#"{"content":"hi","allowed_mentions":{"parse":[]}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 429);
    let header = |k: &str| {
        raw.headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(header("retry-after").as_deref(), Some("3"));
    assert_eq!(header("x-ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(header("x-ratelimit-reset-after").as_deref(), Some("2.500"));
    assert!(header("x-ratelimit-bucket").is_some());
    let body: serde_json::Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    assert_eq!(body["retry_after"], serde_json::json!(2.5));
    assert_eq!(body["global"], serde_json::json!(false));

    // One shot each: the next send goes through.
    c.send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    assert_eq!(double.messages_in(c.get()).len(), 1);
    double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_on_send_and_on_opening_a_dm() {
    let double = Double::start().await;
    let http = http(&double);
    let c = dm(&http, 42).await;
    for status in [500u16, 502, 503] {
        double.fail_next("POST", "/channels/*/messages", Failure::ServerError(status));
        let err = c
            .send_message(&http, keyed("hi", key("d-1")))
            .await
            .expect_err("5xx on send");
        assert_eq!(status_of(&err), Some((status, 0)), "{err:?}");

        double.fail_next("POST", "/users/@me/channels", Failure::ServerError(status));
        let err = UserId::new(43)
            .create_dm_channel(&http)
            .await
            .expect_err("5xx on DM open");
        assert_eq!(status_of(&err), Some((status, 0)), "{err:?}");
    }
    assert!(double.messages_in(c.get()).is_empty());
    assert_eq!(double.dm_channel_of(43), None);
    c.send_message(&http, keyed("hi", key("d-1")))
        .await
        .unwrap();
    assert_eq!(double.messages_in(c.get()).len(), 1);
    double.assert_no_violations();
}
