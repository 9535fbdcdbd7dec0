//! A text written by people in several languages, such as "what an advisor can be called on
//! for": each reader is shown the version in their language.
//!
//! The domain knows languages only by their codes (`fr`, `en-US`); `i18n` picks the reader's
//! version when it renders. Saved as JSON in conversation states: a plain string (one text for
//! every language, the shape saved before languages were told apart) or a map from code to text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One text, or one per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    /// The same text for every reader.
    One(String),
    /// A text per language code; a reader whose language is missing gets another one.
    PerLang(BTreeMap<String, String>),
}

impl Default for Localized {
    fn default() -> Self {
        Localized::One(String::new())
    }
}

impl From<&str> for Localized {
    fn from(text: &str) -> Self {
        Localized::One(text.to_owned())
    }
}

impl From<String> for Localized {
    fn from(text: String) -> Self {
        Localized::One(text)
    }
}

impl Localized {
    /// Texts per language code, the empty ones left out. No text at all gives `One("")`.
    pub fn per_lang<I, K, V>(texts: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let map: BTreeMap<String, String> = texts
            .into_iter()
            .map(|(k, v)| (k.into(), v.into().trim().to_owned()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        if map.is_empty() {
            Localized::default()
        } else {
            Localized::PerLang(map)
        }
    }

    /// The text for a reader of `code` (`fr`, `en-US`, `en-GB`): the same code, else the same
    /// language (`en`), else any text there is.
    pub fn get(&self, code: &str) -> &str {
        match self {
            Localized::One(t) => t,
            Localized::PerLang(map) => {
                let primary = |c: &str| {
                    c.split(['-', '_'])
                        .next()
                        .unwrap_or_default()
                        .to_ascii_lowercase()
                };
                map.get(code)
                    .or_else(|| {
                        map.iter()
                            .find(|(k, _)| primary(k) == primary(code))
                            .map(|(_, v)| v)
                    })
                    .or_else(|| map.values().next())
                    .map_or("", String::as_str)
            }
        }
    }

    /// Every version (for the own-words check: an answer must not copy any of them).
    pub fn all(&self) -> Vec<&str> {
        match self {
            Localized::One(t) => vec![t.as_str()],
            Localized::PerLang(map) => map.values().map(String::as_str).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.all().iter().all(|t| t.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_gets_their_language_or_another_one() {
        let l = Localized::per_lang([("fr", "relire vos dossiers"), ("en-US", "review files")]);
        assert_eq!(l.get("fr"), "relire vos dossiers");
        assert_eq!(l.get("en-GB"), "review files");
        assert_eq!(l.get("de"), "review files");
        let only_fr = Localized::per_lang([("fr", "relire"), ("en-US", "  ")]);
        assert_eq!(only_fr.get("en-US"), "relire");
        assert_eq!(Localized::One("x".into()).get("en-US"), "x");
    }

    #[test]
    fn the_string_saved_before_languages_still_reads() {
        let old: Localized = serde_json::from_str(r#""• vous orienter""#).unwrap();
        assert_eq!(old, Localized::One("• vous orienter".into()));
        let new: Localized = serde_json::from_str(r#"{"fr":"a","en-US":"b"}"#).unwrap();
        assert_eq!(new.get("en-US"), "b");
        let back = serde_json::to_string(&new).unwrap();
        assert_eq!(back, r#"{"en-US":"b","fr":"a"}"#);
    }
}
