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
    /// British English: the English texts, dates written day first and times on 24 hours
    /// ("Tuesday 8 December 2026 at 10:00"). Any English locale but `en-US` and plain `en`.
    #[serde(rename = "en-GB")]
    EnGb,
}

impl Lang {
    /// The languages with texts of their own (British English reads the English ones).
    pub const ALL: &'static [Lang] = &[Lang::Fr, Lang::En];
    /// Every way suivi writes, each English style included (for tests over what people read).
    pub const STYLES: &'static [Lang] = &[Lang::Fr, Lang::En, Lang::EnGb];

    /// The language whose texts this one reads: British English reads the English texts.
    pub fn base(self) -> Lang {
        match self {
            Lang::EnGb => Lang::En,
            other => other,
        }
    }

    /// How dates are written, the `$style` argument every message receives: `gb` (day first,
    /// 24 hours) or `us` (month first, AM/PM); French has its own texts and ignores it.
    pub fn style(self) -> &'static str {
        match self {
            Lang::EnGb => "gb",
            Lang::En | Lang::Fr => "us",
        }
    }

    /// The code stored and used for folders: `fr`, `en-US`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en-US",
            Lang::EnGb => "en-GB",
        }
    }

    /// The short code people type (`--lang fr`, `language = "en"`).
    pub fn short(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::EnGb => "en-GB",
        }
    }

    /// The Fluent id of the language's name, read in the reader's language ("français",
    /// "English").
    pub fn name_id(self) -> &'static str {
        match self {
            Lang::Fr => "language-name-fr",
            Lang::En => "language-name-en",
            Lang::EnGb => "language-name-en-gb",
        }
    }

    /// Reads a locale as Discord sends it (`fr`, `en-US`, `en-GB`) or as typed (`en`, `FR`,
    /// `fr_FR.UTF-8`). English is American for `en-US` and a plain `en`, British for any other
    /// region (`en-GB`, `en-IE`…), as [`DateOrder`](crate::domain::when::DateOrder) reads
    /// numeric dates. Other languages give `None`, so negotiation falls through.
    pub fn parse(locale: &str) -> Option<Lang> {
        let code = locale
            .trim()
            .split('.')
            .next()?
            .replace('_', "-")
            .to_ascii_lowercase();
        let mut parts = code.split('-');
        match (parts.next()?, parts.next()) {
            ("fr", _) => Some(Lang::Fr),
            ("en", None | Some("us")) => Some(Lang::En),
            ("en", Some(_)) => Some(Lang::EnGb),
            _ => None,
        }
    }

    pub(crate) fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => unic_langid::langid!("fr"),
            Lang::En => unic_langid::langid!("en-US"),
            Lang::EnGb => unic_langid::langid!("en-GB"),
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
            Lang::EnGb
        );
        assert_eq!(negotiate(None, Some("en-US"), None, Lang::Fr), Lang::En);
        assert_eq!(
            negotiate(Some("en"), Some("en-GB"), None, Lang::Fr),
            Lang::En
        );
        assert_eq!(Lang::parse("en_IE.UTF-8"), Some(Lang::EnGb));
        assert_eq!(negotiate(None, Some("de"), Some("fr"), Lang::En), Lang::Fr);
        assert_eq!(negotiate(None, None, Some("ja"), Lang::Fr), Lang::Fr);
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
    }
}
