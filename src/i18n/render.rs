//! Renders the domain's [`Msg`]s: arguments become Fluent values, instants become a localised
//! date in the reader's time zone, lists are joined. Text typed by people is passed as a
//! string argument: Fluent never interprets it.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use fluent_bundle::{FluentArgs, FluentValue};

use super::{I18n, Lang};
use crate::domain::prompt::{Arg, Msg, Prompt};

impl I18n {
    /// One message, in `lang`.
    pub fn msg(&self, lang: Lang, msg: &Msg) -> String {
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            let value: FluentValue<'_> = match arg {
                Arg::Text(t) => FluentValue::from(t.clone()),
                Arg::Num(n) => FluentValue::from(*n),
                Arg::When(at, tz) => FluentValue::from(self.when(lang, *at, *tz)),
                Arg::Msg(m) => FluentValue::from(self.msg(lang, m)),
                Arg::Msgs(ms) => {
                    let parts: Vec<String> = ms.iter().map(|m| self.msg(lang, m)).collect();
                    FluentValue::from(self.join(lang, &parts))
                }
                Arg::Block(ms) => FluentValue::from(
                    ms.iter()
                        .map(|m| format!("\n{}", self.msg(lang, m)))
                        .collect::<String>(),
                ),
                Arg::Lines(lines) => {
                    FluentValue::from(lines.iter().map(|l| format!("\n• {l}")).collect::<String>())
                }
                Arg::Localized(l) => FluentValue::from(l.get(lang.code()).to_owned()),
            };
            args.set(name.as_ref(), value);
        }
        self.format(lang, &msg.id, None, Some(&args))
    }

    /// "mardi 1 décembre 2026 à 10:00 (Europe/Paris)", in the reader's language and zone.
    pub fn when(&self, lang: Lang, at: DateTime<Utc>, tz: Tz) -> String {
        let local = at.with_timezone(&tz);
        let weekday = self.text(
            lang,
            &format!("weekday-{}", local.weekday().number_from_monday()),
        );
        let month = self.text(lang, &format!("month-{}", local.month()));
        let time = format!("{:02}:{:02}", local.hour(), local.minute());
        self.text_with(
            lang,
            "datetime-long",
            &[
                ("weekday", &weekday),
                ("day", &local.day().to_string()),
                ("month", &month),
                ("year", &local.year().to_string()),
                ("time", &time),
                ("timezone", tz.name()),
            ],
        )
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
        prompt
            .body
            .iter()
            .map(|m| self.msg(lang, m))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}
