//! Reading what was saved: the version in front of a saved JSON object (conversation state,
//! delivery payloads), and an agreement's schedule from its stored parts. Shared by the
//! service and the outbox, which must not import each other.

use chrono_tz::Tz;
use serde_json::Value;

use super::StoreError;

/// `{"v":N,` in front of a JSON object's members (kept byte for byte otherwise).
pub fn with_version(bare: &str, version: u64) -> String {
    match bare.strip_prefix('{') {
        Some("}") => format!("{{\"v\":{version}}}"),
        Some(rest) => format!("{{\"v\":{version},{rest}"),
        None => bare.to_owned(),
    }
}

/// The version a saved object carries (0 when it has none) and the object without it.
pub fn split_version(text: &str) -> Result<(u64, Value), StoreError> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let version = match value.as_object_mut().and_then(|o| o.remove("v")) {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| StoreError::Corrupt(String::from("saved version is not a number")))?,
    };
    Ok((version, value))
}

/// The schedule from its stored parts: the first exchange, then the rhythm (from
/// `rhythm_from` when the first exchange is off it).
pub fn schedule_from(
    cadence: &str,
    first_local: &str,
    timezone: &str,
    rhythm_from: Option<&str>,
) -> Result<crate::domain::cadence::Schedule, StoreError> {
    let cadence: crate::domain::cadence::Cadence =
        serde_json::from_str(cadence).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let anchor = chrono::NaiveDateTime::parse_from_str(first_local, "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let tz: Tz = timezone
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("time zone {timezone}")))?;
    let local = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .map_err(|e| StoreError::Corrupt(e.to_string()))
    };
    Ok(match rhythm_from {
        Some(from) => {
            crate::domain::cadence::Schedule::with_first(anchor, local(from)?, tz, cadence)
        }
        None => crate::domain::cadence::Schedule::new(anchor, tz, cadence),
    })
}
