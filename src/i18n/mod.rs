//! Fluent bundles, language negotiation and localised rendering of the domain's messages.
//!
//! Every word a person reads comes from `locales/<lang>/*.ftl`, compiled into the binary so a
//! deployment cannot lose them. A missing message never panics: it renders as its id between
//! brackets and is logged (the parity test in `tests/locales.rs` keeps that from shipping).
//! Bidi isolation marks are off: Discord and terminals show them as stray characters.

mod lang;
mod render;

pub use lang::{negotiate, Lang};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The `.ftl` files of each language, embedded at build time.
const FILES: &[(Lang, &str, &str)] = &[
    (
        Lang::En,
        "main.ftl",
        include_str!("../../locales/en-US/main.ftl"),
    ),
    (
        Lang::En,
        "closing.ftl",
        include_str!("../../locales/en-US/closing.ftl"),
    ),
    (
        Lang::En,
        "commands.ftl",
        include_str!("../../locales/en-US/commands.ftl"),
    ),
    (
        Lang::En,
        "operator.ftl",
        include_str!("../../locales/en-US/operator.ftl"),
    ),
    (
        Lang::En,
        "schedule.ftl",
        include_str!("../../locales/en-US/schedule.ftl"),
    ),
    (
        Lang::En,
        "followup.ftl",
        include_str!("../../locales/en-US/followup.ftl"),
    ),
    (
        Lang::En,
        "health.ftl",
        include_str!("../../locales/en-US/health.ftl"),
    ),
    (
        Lang::En,
        "words.ftl",
        include_str!("../../locales/en-US/words.ftl"),
    ),
    (
        Lang::En,
        "readback.ftl",
        include_str!("../../locales/en-US/readback.ftl"),
    ),
    (
        Lang::Fr,
        "readback.ftl",
        include_str!("../../locales/fr/readback.ftl"),
    ),
    (
        Lang::En,
        "reschedule.ftl",
        include_str!("../../locales/en-US/reschedule.ftl"),
    ),
    (
        Lang::Fr,
        "main.ftl",
        include_str!("../../locales/fr/main.ftl"),
    ),
    (
        Lang::Fr,
        "closing.ftl",
        include_str!("../../locales/fr/closing.ftl"),
    ),
    (
        Lang::Fr,
        "commands.ftl",
        include_str!("../../locales/fr/commands.ftl"),
    ),
    (
        Lang::Fr,
        "operator.ftl",
        include_str!("../../locales/fr/operator.ftl"),
    ),
    (
        Lang::Fr,
        "schedule.ftl",
        include_str!("../../locales/fr/schedule.ftl"),
    ),
    (
        Lang::Fr,
        "followup.ftl",
        include_str!("../../locales/fr/followup.ftl"),
    ),
    (
        Lang::Fr,
        "health.ftl",
        include_str!("../../locales/fr/health.ftl"),
    ),
    (
        Lang::Fr,
        "words.ftl",
        include_str!("../../locales/fr/words.ftl"),
    ),
    (
        Lang::Fr,
        "reschedule.ftl",
        include_str!("../../locales/fr/reschedule.ftl"),
    ),
    (
        Lang::En,
        "after.ftl",
        include_str!("../../locales/en-US/after.ftl"),
    ),
    (
        Lang::Fr,
        "after.ftl",
        include_str!("../../locales/fr/after.ftl"),
    ),
    (
        Lang::En,
        "console.ftl",
        include_str!("../../locales/en-US/console.ftl"),
    ),
    (
        Lang::Fr,
        "console.ftl",
        include_str!("../../locales/fr/console.ftl"),
    ),
    (
        Lang::En,
        "recap.ftl",
        include_str!("../../locales/en-US/recap.ftl"),
    ),
    (
        Lang::Fr,
        "recap.ftl",
        include_str!("../../locales/fr/recap.ftl"),
    ),
    (
        Lang::En,
        "style.ftl",
        include_str!("../../locales/en-US/style.ftl"),
    ),
    (
        Lang::Fr,
        "style.ftl",
        include_str!("../../locales/fr/style.ftl"),
    ),
];

/// A problem in a locale file, found at start-up (and by `suivi check`).
#[derive(Debug, thiserror::Error)]
#[error("locale {lang} file {file}: {detail}")]
pub struct LocaleError {
    pub lang: &'static str,
    pub file: &'static str,
    pub detail: String,
}

/// The loaded bundles. `Send + Sync`: shared by the Discord handlers, the scheduler and the
/// console behind an `Arc`.
pub struct I18n {
    en: FluentBundle<FluentResource>,
    fr: FluentBundle<FluentResource>,
}

impl I18n {
    /// Parses every embedded file. A syntax error is reported, never ignored.
    pub fn load() -> Result<Self, LocaleError> {
        let mut en = FluentBundle::new_concurrent(vec![Lang::En.langid()]);
        let mut fr = FluentBundle::new_concurrent(vec![Lang::Fr.langid()]);
        en.set_use_isolating(false);
        fr.set_use_isolating(false);
        for (lang, file, text) in FILES {
            let err = |detail: String| LocaleError {
                lang: lang.code(),
                file,
                detail,
            };
            let res = FluentResource::try_new((*text).to_owned()).map_err(|(_, errs)| {
                err(format!(
                    "{} syntax error(s), first: {:?}",
                    errs.len(),
                    errs.first()
                ))
            })?;
            let bundle = match lang.base() {
                Lang::Fr => &mut fr,
                _ => &mut en,
            };
            bundle
                .add_resource(res)
                .map_err(|errs| err(format!("{errs:?}")))?;
        }
        Ok(I18n { en, fr })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang.base() {
            Lang::Fr => &self.fr,
            _ => &self.en,
        }
    }

    /// Whether a message exists in a language.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// A message without arguments.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None, None)
    }

    /// A message with plain string arguments (for adapters and operator output).
    pub fn text_with(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            // A small whole number given as text ("3") becomes a number, so plurals select on
            // it; it prints the same ("007" and Discord ids, too long for a float, stay text).
            match v.parse::<i64>() {
                Ok(n) if n.to_string() == *v && n.abs() < 1_000_000_000 => {
                    fa.set(*k, FluentValue::from(n))
                }
                _ => fa.set(*k, FluentValue::from(*v)),
            }
        }
        self.format(lang, id, None, Some(&fa))
    }

    /// An attribute of a message (`.description` of a command, say), if it exists.
    pub fn attr(&self, lang: Lang, id: &str, attr: &str) -> Option<String> {
        let msg = self.bundle(lang).get_message(id)?;
        let pattern = msg.get_attribute(attr)?.value();
        let mut errors = Vec::new();
        Some(
            self.bundle(lang)
                .format_pattern(pattern, None, &mut errors)
                .into_owned(),
        )
    }

    /// Formats a message or one of its attributes. Never panics.
    fn format(
        &self,
        lang: Lang,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs<'_>>,
    ) -> String {
        let bundle = self.bundle(lang);
        let Some(msg) = bundle.get_message(id) else {
            tracing::warn!(lang = lang.code(), id, "missing Fluent message");
            return format!("[{id}]");
        };
        let pattern = match attr {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        };
        let Some(pattern) = pattern else {
            tracing::warn!(lang = lang.code(), id, "Fluent message has no value");
            return format!("[{id}]");
        };
        // Every message may write a date as its reader does (`$style`, see [`Lang::style`]).
        let mut all = FluentArgs::new();
        all.set("style", FluentValue::from(lang.style()));
        for (k, v) in args.into_iter().flat_map(|a| a.iter()) {
            all.set(k.to_owned(), v.clone());
        }
        let mut errors = Vec::new();
        let out = bundle
            .format_pattern(pattern, Some(&all), &mut errors)
            .into_owned();
        if !errors.is_empty() {
            tracing::warn!(lang = lang.code(), id, ?errors, "Fluent formatting errors");
        }
        out
    }

    /// Every message id of a language (for parity checks).
    pub fn message_ids(lang: Lang) -> Vec<String> {
        let mut ids = Vec::new();
        for (l, _, text) in FILES {
            if *l != lang.base() {
                continue;
            }
            let res = match FluentResource::try_new((*text).to_owned()) {
                Ok(r) | Err((r, _)) => r,
            };
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.push(m.id.name.to_owned());
                }
            }
        }
        ids
    }
}

impl crate::domain::closing::PromptTexts for I18n {
    fn texts(&self, message_id: &str) -> Vec<String> {
        Lang::ALL
            .iter()
            .map(|l| self.text(*l, message_id))
            .collect()
    }
}
