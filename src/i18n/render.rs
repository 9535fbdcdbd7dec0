//! Renders the domain's [`Msg`]s: arguments become Fluent values, instants become a localised
//! date in the reader's time zone, lists are joined. Text typed by people is passed as a
//! string argument: Fluent never interprets it.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use fluent_bundle::{FluentArgs, FluentValue};

use super::{I18n, Lang};
use crate::domain::prompt::{Arg, Msg, Prompt};

/// How text people wrote is placed into a message: as is (a terminal shows it as typed), or
/// escaped for a medium that would read it as formatting (Discord's markdown).
pub type Escape<'a> = &'a dyn Fn(&str) -> String;

impl I18n {
    /// One message, in `lang`, with people's text as they wrote it.
    pub fn msg(&self, lang: Lang, msg: &Msg) -> String {
        self.msg_with(lang, msg, &|t: &str| t.to_owned())
    }

    /// One message, in `lang`, with people's text (text arguments, lines, texts per language)
    /// passed through `escape`; the messages' own wording is not.
    pub fn msg_with(&self, lang: Lang, msg: &Msg, escape: Escape<'_>) -> String {
        let mut args = FluentArgs::new();
        // A neutral name ("votre bénéficiaire") that opens a sentence takes a capital.
        let mut neutral = Vec::new();
        // Arguments that end a sentence of their own ("Relire le plan."): the message's own
        // full stop after them would be a second one.
        let mut ended = Vec::new();
        for (name, arg) in &msg.args {
            let value: FluentValue<'_> = match arg {
                Arg::Text(t) => FluentValue::from(escape(t)),
                Arg::Num(n) => FluentValue::from(*n),
                Arg::When(at, tz) => FluentValue::from(self.when(lang, *at, *tz)),
                Arg::Time(t) => FluentValue::from(clock(lang, t.hour(), t.minute())),
                Arg::Zone(tz) => FluentValue::from(self.zone(lang, *tz)),
                Arg::Msg(m) => {
                    let text = self.msg_with(lang, m, escape);
                    if m.id.starts_with("person-") {
                        neutral.push(text.clone());
                    }
                    FluentValue::from(text)
                }
                Arg::Msgs(ms) => {
                    let parts: Vec<String> =
                        ms.iter().map(|m| self.msg_with(lang, m, escape)).collect();
                    FluentValue::from(self.join(lang, &parts))
                }
                Arg::Block(ms) => FluentValue::from(
                    ms.iter()
                        .map(|m| format!("\n{}", self.msg_with(lang, m, escape)))
                        .collect::<String>(),
                ),
                Arg::Lines(lines) => FluentValue::from(
                    lines
                        .iter()
                        .map(|l| format!("\n• {}", escape(l)))
                        .collect::<String>(),
                ),
                Arg::Localized(l) => FluentValue::from(escape(l.get(lang.base().code()))),
            };
            if let FluentValue::String(s) = &value {
                if s.ends_with(['.', '!', '?', '…']) {
                    ended.push(s.to_string());
                }
            }
            args.set(name.as_ref(), value);
        }
        let mut out = self.format(lang, &msg.id, None, Some(&args));
        for e in &ended {
            for close in ["", "\u{202f}»", "\"", "”"] {
                out = out.replace(&format!("{e}{close}."), &format!("{e}{close}"));
            }
        }
        match neutral
            .iter()
            .any(|n| !n.is_empty() && out.starts_with(n.as_str()))
        {
            true => capitalized(&out),
            false => out,
        }
    }

    /// "mardi 1er décembre 2026 à 10 h, heure de Paris", "Tuesday, December 1, 2026 at 10:00
    /// AM, Paris time": in the reader's language and zone, the zone named by its city. The day
    /// is a number, so French can select "1er" for the first of the month.
    pub fn when(&self, lang: Lang, at: DateTime<Utc>, tz: Tz) -> String {
        let local = at.with_timezone(&tz);
        let weekday = self.text(
            lang,
            &format!("weekday-{}", local.weekday().number_from_monday()),
        );
        let month = self.text(lang, &format!("month-{}", local.month()));
        let mut args = FluentArgs::new();
        args.set("weekday", FluentValue::from(weekday));
        args.set("day", FluentValue::from(local.day()));
        args.set("month", FluentValue::from(month));
        args.set("year", FluentValue::from(local.year().to_string()));
        args.set(
            "time",
            FluentValue::from(clock(lang, local.hour(), local.minute())),
        );
        args.set("zone", FluentValue::from(self.zone(lang, tz)));
        self.format(lang, "datetime-long", None, Some(&args))
    }

    /// A time zone as people read it: "heure de Paris", "heure d’Abidjan", "New York time"; a
    /// zone without a known city is named by the last part of its IANA id ("Africa/Accra":
    /// "Accra"). Operators get the IANA id elsewhere.
    pub fn zone(&self, lang: Lang, tz: Tz) -> String {
        let city = crate::domain::when::city_of(tz).map_or_else(
            || {
                let last = tz.name().rsplit('/').next().unwrap_or(tz.name());
                last.replace('_', " ")
            },
            str::to_owned,
        );
        let vowel = city
            .chars()
            .next()
            .is_some_and(|c| "AEIOUYÉÈÊÀÂÎÔH".contains(c.to_uppercase().next().unwrap_or(c)));
        let mut args = FluentArgs::new();
        args.set("elide", FluentValue::from(if vowel { "yes" } else { "no" }));
        args.set("city", FluentValue::from(city));
        self.format(lang, "zone-name", None, Some(&args))
    }
    /// A time of day alone, as [`I18n::when`] writes it: "9 h", "9 h 30" / "09:00", "09:30".
    pub fn time_of_day(&self, lang: Lang, hour: u32, minute: u32) -> String {
        clock(lang, hour, minute)
    }

    /// "a, b and c" / "a, b et c".
    pub fn join(&self, lang: Lang, parts: &[String]) -> String {
        match parts {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => {
                let and = self.text(lang, "list-and");
                format!("{} {and} {last}", init.join(", "))
            }
        }
    }

    /// The body of a prompt, paragraphs separated by blank lines.
    pub fn prompt_body(&self, lang: Lang, prompt: &Prompt) -> String {
        self.prompt_body_with(lang, prompt, &|t: &str| t.to_owned())
    }

    /// The body of a prompt, people's text passed through `escape` (see [`I18n::msg_with`]).
    pub fn prompt_body_with(&self, lang: Lang, prompt: &Prompt, escape: Escape<'_>) -> String {
        prompt
            .body
            .iter()
            .map(|m| self.msg_with(lang, m, escape))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The text with its first letter in capitals.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A time of day as each language writes it: "10 h", "10 h 30" in French (narrow no-break
/// spaces, so "10 h" never breaks across lines), "10:00 AM", "12:30 PM" in American English,
/// as the examples in the questions do, "10:00", "12:30" on 24 hours in British English.
pub(crate) fn clock(lang: Lang, hour: u32, minute: u32) -> String {
    match (lang, minute) {
        (Lang::EnGb, m) => format!("{hour:02}:{m:02}"),
        (Lang::Fr, 0) => format!("{hour}\u{202f}h"),
        (Lang::Fr, m) => format!("{hour}\u{202f}h\u{202f}{m:02}"),
        (Lang::En, m) => {
            let half = if hour < 12 { "AM" } else { "PM" };
            let h12 = match hour % 12 {
                0 => 12,
                h => h,
            };
            format!("{h12}:{m:02} {half}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn french_dates_read_like_french() {
        let i18n = I18n::load().unwrap();
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let at = |d, h, m| {
            paris
                .with_ymd_and_hms(2026, 12, d, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        use Lang::{En, Fr};
        #[rustfmt::skip]
        let cases = [
            (Fr, (1, 10, 0), "mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris"),
            (Fr, (15, 9, 5), "mardi 15 décembre 2026 à 9\u{202f}h\u{202f}05, heure de Paris"),
            (En, (1, 10, 30), "Tuesday, December 1, 2026 at 10:30 AM, Paris time"),
            (En, (15, 9, 0), "Tuesday, December 15, 2026 at 9:00 AM, Paris time"),
        ];
        for (lang, (day, hour, minute), text) in cases {
            assert_eq!(i18n.when(lang, at(day, hour, minute), paris), text);
        }
        let abidjan: Tz = "Africa/Abidjan".parse().unwrap();
        let accra: Tz = "Africa/Accra".parse().unwrap();
        for (lang, zone, text) in [
            (Lang::Fr, abidjan, "heure d’Abidjan"),
            (Lang::Fr, accra, "heure d’Accra"),
            (Lang::En, chrono_tz::America::New_York, "New York time"),
            (Lang::Fr, chrono_tz::Africa::Dakar, "heure de Dakar"),
            (Lang::En, chrono_tz::UTC, "universal time"),
        ] {
            assert_eq!(i18n.zone(lang, zone), text, "{zone}");
        }
        for (h, m, text) in [
            (0, 0, "12:00 AM"),
            (12, 5, "12:05 PM"),
            (23, 59, "11:59 PM"),
        ] {
            assert_eq!(clock(Lang::En, h, m), text);
        }
    }
}
