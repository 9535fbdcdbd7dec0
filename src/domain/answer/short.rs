//! Short answers that are whole answers to the question they reply to: a plain "yes" or "no"
//! to "Would you like to add a task?", a stated absence ("aucun", "nothing for now") to a
//! question about what is needed, and "I don't know" at a question that deserves help rather
//! than a refusal. Compared folded (see `words.rs`); no wording here.

use super::words::{fold, says_nothing_more};
use super::Answer;

/// "Yes" in both languages, alone or with a polite word.
const YES: &[&str] = &[
    "oui",
    "ouais",
    "oui merci",
    "oui volontiers",
    "volontiers",
    "oui je veux bien",
    "je veux bien",
    "bien sur",
    "oui bien sur",
    "yes",
    "yes please",
    "yeah",
    "yep",
    "sure",
    "of course",
];

/// "I don't know" in both languages.
const DONT_KNOW: &[&str] = &[
    "je ne sais pas",
    "je sais pas",
    "sais pas",
    "je ne sais pas encore",
    "je ne sais pas trop",
    "jsp",
    "aucune idee",
    "pas didee",
    "je ne vois pas",
    "i dont know",
    "i do not know",
    "dont know",
    "i dont know yet",
    "idk",
    "no idea",
    "not sure",
    "im not sure",
];

/// Whether `text` is a plain "yes".
pub fn says_yes(text: &str) -> bool {
    YES.contains(&fold(text).as_str())
}

/// Whether `text` is a plain "no", "nothing", "none", "N/A" ("non merci", "rien pour
/// l'instant", "nothing for now"): a stated absence.
pub fn says_no(text: &str) -> bool {
    !fold(text).is_empty() && says_nothing_more(text)
}

/// Whether `text` is "I don't know" and nothing more.
pub fn says_dont_know(text: &str) -> bool {
    DONT_KNOW.contains(&fold(text).as_str())
}

impl Answer {
    /// Whether this answer states an absence ("non", "aucun", "nothing for now"): shown as
    /// such in the recap, never as the raw word.
    pub fn is_absence(&self) -> bool {
        says_no(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_answers_read_in_both_languages() {
        for yes in ["oui", "Oui !", "yes", "Yes please", "ouais"] {
            assert!(says_yes(yes), "{yes}");
            assert!(!says_no(yes), "{yes}");
        }
        for no in [
            "non",
            "No.",
            "aucun",
            "rien pour l’instant",
            "none",
            "nothing for now",
            "N/A",
        ] {
            assert!(says_no(no), "{no}");
            assert!(!says_yes(no), "{no}");
        }
        for unsure in ["je ne sais pas", "Je sais pas…", "I don't know", "idk"] {
            assert!(says_dont_know(unsure), "{unsure}");
        }
        assert!(!says_dont_know("je ne sais pas quel budget prévoir"));
        assert!(!says_no("non mais le budget"));
    }
}
