//! The two languages and how one is chosen for a person (SPEC §6): their saved preference, the
//! locale of their last interaction, the guild's preferred locale, the configured default.

use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A language suivi speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "fr")]
    Fr,
    #[serde(rename = "en-US")]
    En,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Fr, Lang::En];

    /// The code stored and used for folders: `fr`, `en-US`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en-US",
        }
    }

    /// The short code people type (`--lang fr`, `language = "en"`).
    pub fn short(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The Fluent id of the language's name, read in the reader's language ("français",
    /// "English").
    pub fn name_id(self) -> &'static str {
        match self {
            Lang::Fr => "language-name-fr",
            Lang::En => "language-name-en",
        }
    }

    /// Reads a locale as Discord sends it (`fr`, `en-US`, `en-GB`) or as typed (`en`, `FR`,
    /// `fr_FR.UTF-8`). Other languages give `None`, so negotiation falls through.
    pub fn parse(locale: &str) -> Option<Lang> {
        let primary = locale
            .trim()
            .split(['-', '_', '.'])
            .next()?
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub(crate) fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => unic_langid::langid!("fr"),
            Lang::En => unic_langid::langid!("en-US"),
        }
    }
}

/// Picks the language: saved preference, then the last interaction's locale, then the guild's,
/// then the default. Unknown locales are passed over.
pub fn negotiate(
    saved: Option<&str>,
    last_interaction: Option<&str>,
    guild: Option<&str>,
    default: Lang,
) -> Lang {
    [saved, last_interaction, guild]
        .into_iter()
        .flatten()
        .find_map(Lang::parse)
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_of_negotiation() {
        assert_eq!(
            negotiate(Some("fr"), Some("en-US"), Some("en-GB"), Lang::En),
            Lang::Fr
        );
        assert_eq!(
            negotiate(None, Some("en-GB"), Some("fr"), Lang::Fr),
            Lang::En
        );
        assert_eq!(negotiate(None, Some("de"), Some("fr"), Lang::En), Lang::Fr);
        assert_eq!(negotiate(None, None, Some("ja"), Lang::Fr), Lang::Fr);
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
    }
}
