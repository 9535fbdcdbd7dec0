//! In which order a reader writes a numeric date: "12/10" is 12 October for a French or British
//! reader and December 10 for an American one. The order comes from the locale Discord sends
//! with every interaction (`fr`, `en-GB`, `en-US`) or from `--lang` in the console and in
//! `suivi schedule preview`; a plain `en` settles nothing, so an ambiguous date is asked about.
//!
//! This module only reads locale codes; it must not parse dates.

/// The order of day and month in a numeric date such as "12/10".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 12/10 is 12 October (French, British English and most locales).
    #[default]
    DayFirst,
    /// 12/10 is December 10 (American English).
    MonthFirst,
    /// Not known (plain "en"): a date the two orders read differently is asked about.
    Unknown,
}

impl DateOrder {
    /// The order a locale writes: `en-US` month first; `en` alone (or nothing known) unknown;
    /// any other English (`en-GB`, `en-IE`…) or French locale day first. Case, `_` for `-` and
    /// an encoding suffix (`fr_FR.UTF-8`) are ignored.
    pub fn of_locale(locale: &str) -> DateOrder {
        let code = locale
            .trim()
            .split('.')
            .next()
            .unwrap_or_default()
            .replace('_', "-")
            .to_ascii_lowercase();
        let mut parts = code.split('-');
        match (parts.next(), parts.next()) {
            (Some("en"), Some("us")) => DateOrder::MonthFirst,
            (Some("en"), None) => DateOrder::Unknown,
            (Some("en" | "fr"), Some(_)) | (Some("fr"), None) => DateOrder::DayFirst,
            _ => DateOrder::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DateOrder::*;
    use super::*;

    #[test]
    fn locales_settle_the_order_or_leave_it_open() {
        for (locale, order) in [
            ("fr", DayFirst),
            ("fr-FR", DayFirst),
            ("fr_CA.UTF-8", DayFirst),
            ("en-GB", DayFirst),
            ("en_GB.UTF-8", DayFirst),
            ("en-US", MonthFirst),
            ("EN_us", MonthFirst),
            ("en", Unknown),
            ("de", Unknown),
            ("", Unknown),
        ] {
            assert_eq!(DateOrder::of_locale(locale), order, "{locale}");
        }
    }
}
