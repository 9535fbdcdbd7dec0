//! Which question a conversation asks, as a value ([`QuestionKey`]): what numbering compares
//! before and after an input, instead of the question built twice.

use std::hash::{Hash, Hasher};

/// Which question a conversation asks: the step and item asked, and whatever the question
/// shows that can change while the conversation stays at it (the date read back, the
/// commitments in a recap) — given by each kind ([`super::Conversation::question_key`]),
/// without building the question. Two states with the same key ask the same question; a
/// new key is a new question, with a new number.
///
/// Exact, not a digest: the key keeps the bytes that `Hash` writes for what the kind names
/// (fixed-size integers and discriminants, strings ended by a byte UTF-8 never holds), so two
/// different keys never compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionKey(Vec<u8>);

impl QuestionKey {
    /// The key of `what` (a tuple of what tells the question apart).
    pub fn of(what: &impl Hash) -> Self {
        let mut bytes = Bytes(Vec::with_capacity(32));
        what.hash(&mut bytes);
        QuestionKey(bytes.0)
    }
}

/// Keeps what `Hash` writes.
struct Bytes(Vec<u8>);

impl Hasher for Bytes {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// Never read: the key compares the bytes themselves.
    fn finish(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_exactly_when_what_they_name_differs() {
        assert_eq!(
            QuestionKey::of(&(3u8, Some("abc"))),
            QuestionKey::of(&(3u8, Some("abc")))
        );
        assert_ne!(
            QuestionKey::of(&(3u8, Some("abc"))),
            QuestionKey::of(&(3u8, Some("abd")))
        );
        assert_ne!(
            QuestionKey::of(&(3u8, None::<&str>)),
            QuestionKey::of(&(3u8, Some("")))
        );
        // Strings are ended: ("ab", "c") is not ("a", "bc").
        assert_ne!(QuestionKey::of(&("ab", "c")), QuestionKey::of(&("a", "bc")));
        assert_ne!(
            QuestionKey::of(&(1u8, true)),
            QuestionKey::of(&(1u8, false))
        );
    }
}
