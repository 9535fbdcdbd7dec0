//! What a delivery carries, as saved in `deliveries.payload`, and the letter it becomes when
//! it is sent. Prompts are saved as the engine made them (already in the reader's language);
//! reminders and notices are rendered when sent, so they show the latest agreement, in the
//! reader's current language and time zone. An agreement's prompts carry its [`Calendar`]
//! (the `.ics` file is written when sent, by the service's `Calendar::ics`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::prompt::{Msg, Prompt};
use crate::i18n::Lang;
use crate::store::{split_version, with_version, DeliveryKind, StoreError};

/// A delivery's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// The prompts of one step of a conversation to one person, in order.
    Prompts {
        lang: Lang,
        prompts: Vec<Prompt>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        calendar: Option<Calendar>,
    },
    /// An unanswered question, asked again once.
    Nudge { lang: Lang, prompts: Vec<Prompt> },
    /// Before an agreed exchange.
    Reminder {
        exchange: DateTime<Utc>,
        lead_minutes: u32,
    },
    /// Something a person is told.
    Notice { msg: Msg },
    /// Time for a check-in: the scheduler starts the conversation, whose questions then go
    /// out as prompts.
    CheckIn,
    /// An advisor digest, built when sent. `coordinator` was checked when it was asked for.
    Digest {
        scope: DigestScope,
        #[serde(default)]
        coordinator: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<DateTime<Utc>>,
    },
    /// After an agreed exchange: its advisor is asked, once, whether it took place (built
    /// when sent; a check-in still waiting for it is closed as missed then).
    After { exchange: DateTime<Utc> },
}

/// The version of the payload shape today's code writes, in front: `{"v":1,"type":...}`.
/// Payloads saved before it carry no `v` and read as version 0 (version 1's shape). When the
/// shape changes, bump it, convert older versions in [`Payload::from_json`]'s `migrate`, and
/// commit a golden file of the new shape under `tests/golden/`.
pub const PAYLOAD_VERSION: u64 = 1;

impl Payload {
    pub fn to_json(&self) -> String {
        // A payload is plain data (strings, numbers, instants): serialising cannot fail.
        let bare = serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"));
        with_version(&bare, PAYLOAD_VERSION)
    }

    /// A saved payload of any version up to today's, in today's shape.
    pub fn from_json(text: &str) -> Result<Payload, StoreError> {
        let (version, value) = split_version(text)?;
        let value = match version {
            // Version 0 (no `v`) is version 1's shape without its number.
            0 | PAYLOAD_VERSION => value,
            newer => {
                return Err(StoreError::Corrupt(format!(
                    "payload version {newer} is newer than this program's {PAYLOAD_VERSION}"
                )))
            }
        };
        serde_json::from_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

/// The agreed exchanges, to be sent as an `.ics` file with the agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub schedule: crate::domain::cadence::Schedule,
    /// Stable across resends: `agreement-<id>@suivi`.
    pub uid: String,
    pub stamp: chrono::DateTime<chrono::Utc>,
    /// The advisor's and the beneficiary's names, which the event carries.
    #[serde(default)]
    pub people: Option<(String, String)>,
    /// The agreed means of exchange as they read, which the event's note names.
    #[serde(default)]
    pub means: Vec<Msg>,
}

/// Whose beneficiaries a digest covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum DigestScope {
    /// The reader's own beneficiaries.
    Mine,
    /// Every support of a server (a coordinator).
    Server { guild: u64 },
}

/// A delivery made ready to send: what the notifier needs, already decided.
#[derive(Debug, Clone)]
pub struct Letter {
    pub delivery: i64,
    pub kind: DeliveryKind,
    pub to: u64,
    pub lang: Lang,
    /// The conversation the prompts belong to (their buttons carry it).
    pub conversation: Option<i64>,
    /// The guild of the support, for a fallback channel.
    pub guild: Option<u64>,
    pub prompts: Vec<Prompt>,
    pub calendar: Option<Calendar>,
    /// Stable across resends of this delivery: each message appends its index (Discord's
    /// nonce is at most 25 characters).
    pub nonce: String,
}

/// The nonce of a delivery, derived from its idempotency key (FNV-1a, 64 bits, in hex).
pub fn nonce_of(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_stable_short_and_differ_by_key() {
        let a = nonce_of("prompt:1:3:502");
        assert_eq!(a, nonce_of("prompt:1:3:502"));
        assert_ne!(a, nonce_of("prompt:1:4:502"));
        assert!(format!("{a}.9").len() <= 25);
    }

    #[test]
    fn payloads_round_trip() {
        let p = Payload::Reminder {
            exchange: "2027-03-30T08:00:00Z".parse().unwrap(),
            lead_minutes: 60,
        };
        let back = Payload::from_json(&p.to_json()).unwrap();
        assert_eq!(back, p);
        assert!(Payload::from_json(r#"{"v":2,"type":"check_in"}"#).is_err());
    }
}
