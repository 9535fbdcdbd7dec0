//! The versioned shape of a conversation's saved state (`conversations.state`).
//!
//! A saved state is the engine's [`State`] with a version number in front:
//! `{"v":1,"kind":"closing",...}`. Rows saved before states carried a version have no `v`
//! and read as version 0, whose shape is version 1's. When the shape changes, bump
//! [`STATE_VERSION`], add the conversion from the previous version to [`migrate`], and commit
//! a golden file of the new shape beside the older ones under `tests/golden/` (they are all
//! read by `tests/it/golden.rs`).

use serde_json::Value;

use super::State;
use crate::store::StoreError;
pub(crate) use crate::store::{split_version, with_version};

/// The version today's code writes.
pub const STATE_VERSION: u64 = 2;

/// Today's shape of a saved state, versioned.
pub fn write_state(state: &State) -> Result<String, StoreError> {
    let bare = serde_json::to_string(state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(with_version(&bare, STATE_VERSION))
}

/// A saved state of any version up to today's, migrated to today's shape.
pub fn read_state(text: &str) -> Result<State, StoreError> {
    let (version, value) = split_version(text)?;
    let value = migrate(version, value)?;
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Brings a state saved by `version` to today's shape, one version at a time.
fn migrate(version: u64, value: Value) -> Result<Value, StoreError> {
    match version {
        // Version 0 (no `v`) is version 1's shape without its number. Version 2 numbers the
        // questions of every kind: an opening or a check-in of version 1 has no `question`,
        // which reads as `None` (the service then gives it the number its buttons carried).
        0 | 1 | STATE_VERSION => Ok(value),
        newer => Err(StoreError::Corrupt(format!(
            "saved state version {newer} is newer than this program's {STATE_VERSION}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_goes_in_front_and_comes_back_out() {
        assert_eq!(with_version(r#"{"a":1}"#, 3), r#"{"v":3,"a":1}"#);
        assert_eq!(with_version("{}", 2), r#"{"v":2}"#);
        let (v, rest) = split_version(r#"{"v":3,"a":1}"#).unwrap();
        assert_eq!((v, rest.to_string()), (3, String::from(r#"{"a":1}"#)));
        let (v, _) = split_version(r#"{"a":1}"#).unwrap();
        assert_eq!(v, 0);
        assert!(split_version(r#"{"v":"x"}"#).is_err());
    }

    #[test]
    fn a_state_from_a_newer_program_is_refused_not_misread() {
        let text = r#"{"v":99,"kind":"opening","advisor":1,"beneficiary":2,"expectations":null,"paused":false}"#;
        assert!(read_state(text).is_err());
    }
}
