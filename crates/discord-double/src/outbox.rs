//! What a bot's outbox needs from Discord: nonce de-duplication and stalled sends.
//!
//! - **Nonces.** A `POST /channels/{c}/messages` whose body carries a `nonce` (a string of at
//!   most 25 characters, or an integer) and `enforce_nonce: true` creates nothing when a
//!   message with the same nonce was already created in that channel: Discord answers with the
//!   first message (same id), and so does the double. See [`crate::Double::deduplicated_count`].
//! - **Stalls.** [`crate::Double::stall_next`] applies the next matching request (the message is
//!   created and recorded, as Discord would) and holds its answer back, so that a test can
//!   crash or time out the bot between "sent" and "acknowledged". The answer comes with
//!   [`crate::Double::release_stalled`]; [`crate::Double::cut_stalled`] (and dropping the
//!   double) closes the connection without one.

use crate::types::path_matches;
use crate::{DoubleError, Inner, SentKind, SentMessage, State};
use axum::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Discord's limit on a string nonce, in characters.
const NONCE_MAX_CHARS: usize = 25;

/// What a held answer becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The answer is sent (late).
    Answer,
    /// The connection is closed without an answer.
    Cut,
}

/// The outbox part of the double's state.
#[derive(Default)]
pub(crate) struct OutboxState {
    /// (channel, nonce) → (first message id, when it was created).
    nonces: HashMap<(u64, String), (u64, Instant)>,
    /// How long a nonce is remembered; `None`: for the double's lifetime.
    window: Option<Duration>,
    /// Requests answered with an earlier message.
    deduplicated: usize,
    /// (method, path pattern) of the next requests to stall, in order.
    stall_rules: Vec<(String, String)>,
    /// Stalled requests applied so far.
    applied: usize,
    /// Stalled requests already returned by `wait_stalled`.
    awaited: usize,
    /// Held answers by slot: `None` while held, then what to do.
    held: HashMap<u64, Option<Outcome>>,
    next_slot: u64,
    /// The double was dropped: nothing is held any more.
    closed: bool,
}

impl OutboxState {
    /// Decides every held answer.
    fn settle(&mut self, outcome: Outcome) {
        for o in self.held.values_mut() {
            o.get_or_insert(outcome);
        }
    }

    /// The double is dropped: held connections are cut, later stalls are not held.
    pub(crate) fn close(&mut self) {
        self.closed = true;
        self.settle(Outcome::Cut);
    }
}

/// The nonce of a body as a key: a string as is, an integer in decimal (so `"7"` and `7` are
/// the same nonce for the double).
pub(crate) fn nonce_key(body: &Value) -> Option<String> {
    match body.get("nonce")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// Discord's limits on `nonce` and `enforce_nonce` that the OpenAPI checks may not run.
pub(crate) fn nonce_checks(ctx: &str, body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = body.get("nonce").and_then(Value::as_str) {
        let n = s.chars().count();
        if n > NONCE_MAX_CHARS {
            out.push(format!(
                "limit: {ctx}: nonce has {n} characters (Discord allows {NONCE_MAX_CHARS})"
            ));
        }
    }
    let enforce = body.get("enforce_nonce").and_then(Value::as_bool) == Some(true);
    if enforce && nonce_key(body).is_none() {
        out.push(format!(
            "nonce: {ctx}: enforce_nonce without a string or integer nonce de-duplicates nothing"
        ));
    }
    out
}

/// The message to answer instead of creating one: the body enforces a nonce that an earlier
/// message of `channel` carried (within the window, and that message still exists).
pub(crate) fn deduplicate(st: &mut State, channel: u64, body: &Value) -> Option<Value> {
    if body.get("enforce_nonce").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let key = (channel, nonce_key(body)?);
    let (id, at) = *st.outbox.nonces.get(&key)?;
    if st.outbox.window.is_some_and(|w| at.elapsed() > w) {
        return None;
    }
    let first = st.messages.get(&id)?.clone();
    st.outbox.deduplicated += 1;
    Some(first)
}

/// Remembers the nonce of a message just created in `channel` (the first one wins while it
/// is remembered).
pub(crate) fn remember(st: &mut State, channel: u64, body: &Value, message_id: u64) {
    let Some(key) = nonce_key(body) else {
        return;
    };
    let window = st.outbox.window;
    let fresh = |at: &Instant| window.is_none_or(|w| at.elapsed() <= w);
    match st.outbox.nonces.get(&(channel, key.clone())) {
        Some((_, at)) if fresh(at) => {}
        _ => {
            st.outbox
                .nonces
                .insert((channel, key), (message_id, Instant::now()));
        }
    }
}

/// Whether this request is to be stalled (consumes the rule).
pub(crate) fn take_stall(st: &mut State, method: &str, path: &str) -> bool {
    let pos =
        st.outbox.stall_rules.iter().position(|(m, p)| {
            (m == "*" || m.eq_ignore_ascii_case(method)) && path_matches(p, path)
        });
    pos.map(|i| st.outbox.stall_rules.remove(i)).is_some()
}

/// Removes a held slot when its request ends, however it ends (also when the client goes away
/// and the server drops the handler).
struct SlotGuard<'a> {
    inner: &'a Inner,
    slot: u64,
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        self.inner.lock().outbox.held.remove(&self.slot);
        self.inner.bump();
    }
}

/// Holds the answer of an applied, stalled request until it is released or cut.
pub(crate) async fn hold(inner: &Inner, answer: Response) -> Response {
    let slot = {
        let mut st = inner.lock();
        let o = &mut st.outbox;
        o.applied += 1;
        if o.closed {
            None
        } else {
            let slot = o.next_slot;
            o.next_slot += 1;
            o.held.insert(slot, None);
            Some(slot)
        }
    };
    inner.bump();
    let Some(slot) = slot else {
        return cut();
    };
    let _guard = SlotGuard { inner, slot };
    let mut rx = inner.changed.subscribe();
    let outcome = loop {
        let decided = inner.lock().outbox.held.get(&slot).copied().flatten();
        if let Some(o) = decided {
            break o;
        }
        if rx.changed().await.is_err() {
            break Outcome::Cut;
        }
    };
    match outcome {
        Outcome::Answer => answer,
        Outcome::Cut => cut(),
    }
}

/// A response the HTTP server refuses to write: it closes the connection instead, before any
/// byte (hyper rejects a `transfer-encoding` after a `content-length`). The client sees the
/// connection closed without an answer.
fn cut() -> Response {
    let mut r = (StatusCode::OK, "cut").into_response();
    let h = r.headers_mut();
    h.remove(TRANSFER_ENCODING);
    h.insert(CONTENT_LENGTH, HeaderValue::from_static("3"));
    h.insert(TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
    r
}

/// Is this a message created (not an edit, a deferral, a modal...)?
pub(crate) fn is_creation(msg: &SentMessage) -> bool {
    matches!(
        msg.kind,
        SentKind::ChannelMessage | SentKind::InteractionReply { .. } | SentKind::Followup
    )
}

impl crate::Double {
    /// How many `POST /channels/{c}/messages` were answered with an earlier message because
    /// they enforced (`enforce_nonce: true`) a nonce already used in that channel.
    pub fn deduplicated_count(&self) -> usize {
        self.inner.lock().outbox.deduplicated
    }

    /// Remembers nonces for `window` only (Discord: "the past few minutes"). By default a
    /// nonce is remembered for the double's lifetime.
    pub fn set_nonce_window(&self, window: Duration) {
        self.inner.lock().outbox.window = Some(window);
    }

    /// Every message created in `channel_id` so far, in order, as it was created (edits,
    /// deferrals and ephemeral answers excluded; a resend answered by de-duplication is not a
    /// new message). Cursors are not moved.
    pub fn messages_in(&self, channel_id: u64) -> Vec<SentMessage> {
        let st = self.inner.lock();
        st.feed
            .iter()
            .filter(|e| e.channel == Some(channel_id) && is_creation(&e.msg))
            .map(|e| e.msg.clone())
            .collect()
    }

    /// The nonces of the messages created in `channel_id`, in order (integers in decimal);
    /// messages sent without a nonce are skipped.
    pub fn nonces_in(&self, channel_id: u64) -> Vec<String> {
        self.messages_in(channel_id)
            .iter()
            .filter_map(|m| nonce_key(&m.raw))
            .collect()
    }

    /// Stalls the next request matching `method` (`"*"` for any) and `path_pattern` (same
    /// syntax as [`crate::Double::fail_next`]): it is applied and recorded (a message is
    /// created, as Discord would), but its answer is held back, without blocking other
    /// requests, until [`crate::Double::release_stalled`], [`crate::Double::cut_stalled`] or
    /// the double is dropped. One shot; an injected failure on the same request wins.
    pub fn stall_next(&self, method: &str, path_pattern: &str) {
        self.inner
            .lock()
            .outbox
            .stall_rules
            .push((method.to_string(), path_pattern.to_string()));
    }

    /// Waits until a stalled request has been applied. Each call waits for one more than the
    /// previous calls returned for (the first call: for the first stalled request).
    pub async fn wait_stalled(&self, timeout: Duration) -> Result<(), DoubleError> {
        self.inner
            .wait_until(
                timeout,
                || "a stalled request to be applied".into(),
                |st| {
                    let o = &mut st.outbox;
                    (o.applied > o.awaited).then(|| o.awaited += 1)
                },
            )
            .await
    }

    /// How many answers are held back right now.
    pub fn stalled_count(&self) -> usize {
        let st = self.inner.lock();
        st.outbox.held.values().filter(|o| o.is_none()).count()
    }

    /// Sends every held answer now (a late acknowledgement).
    pub fn release_stalled(&self) {
        self.inner.lock().outbox.settle(Outcome::Answer);
        self.inner.bump();
    }

    /// Closes the connection of every held request without an answer: the client sees a
    /// transport error and cannot know that the request was applied. Dropping the double
    /// does the same.
    pub fn cut_stalled(&self) {
        self.inner.lock().outbox.settle(Outcome::Cut);
        self.inner.bump();
    }
}
