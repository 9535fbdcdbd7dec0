//! The access matrix, driven: every slash command on the Discord double and every console
//! command whose right depends on who types it, tried by each kind of person, compared with
//! `domain::access::MATRIX` and `CONSOLE` (refused with the access message, told there is
//! nothing of theirs, or let through). Removing a command's check makes a cell differ.

mod console;
mod discord;

use suivi::domain::access::Outcome;
use suivi::i18n::{I18n, Lang};

/// The first sentence of a message: what a refusal says whatever its values.
fn first_sentence(i18n: &I18n, lang: Lang, id: &str) -> String {
    let text = i18n.text(lang, id);
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text,
    }
}

/// What `shown` says, read as an outcome: the access message of `refusal`, the "no support
/// between you" message, or anything else (let through).
fn outcome(i18n: &I18n, lang: Lang, refusal: &str, shown: &str) -> Outcome {
    if shown.starts_with(&first_sentence(i18n, lang, refusal)) {
        Outcome::Refused
    } else if shown.starts_with(&first_sentence(i18n, lang, "followup-error-no-support")) {
        Outcome::NoneOfTheirs
    } else {
        Outcome::Allowed
    }
}
