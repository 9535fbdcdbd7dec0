//! `suivi schedule preview`: the exchanges a typed rhythm gives, without the bot.

use std::path::Path;
use std::process::ExitCode;

use super::operator::{text_with, Out, BAD_INPUT};
use crate::i18n::{I18n, Lang};

/// The arguments of `suivi schedule preview`.
pub(super) struct PreviewArgs<'a> {
    pub every: &'a str,
    pub at: &'a str,
    pub tz: &'a str,
    /// How the operator writes numeric dates in `--at`.
    pub order: crate::domain::when::DateOrder,
    pub count: u32,
    pub ics: Option<&'a Path>,
    /// Replace an existing `ics` file.
    pub force: bool,
    pub now: Option<&'a str>,
}

/// Prints the exchanges, one RFC 3339 UTC instant per line, and nothing else on standard
/// output; writes the calendar file if asked. Bad input: a localised message on standard
/// error, exit code 2.
pub(super) fn schedule_preview(i18n: &I18n, lang: Lang, args: &PreviewArgs<'_>) -> ExitCode {
    use crate::domain::cadence::preview::preview;
    let bad_input = ExitCode::from(BAD_INPUT);
    let now = match args.now.map(chrono::DateTime::parse_from_rfc3339) {
        None => chrono::Utc::now(),
        Some(Ok(t)) => t.with_timezone(&chrono::Utc),
        Some(Err(_)) => {
            eprintln!("{}", i18n.text(lang, "schedule-preview-bad-now"));
            return bad_input;
        }
    };
    let p = match preview(args.every, args.at, args.tz, args.order, args.count, now) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", i18n.msg(lang, &e.msg()));
            return bad_input;
        }
    };
    if let Some(path) = args.ics.filter(|p| p.exists() && !args.force) {
        let shown = [("path", path.display().to_string())];
        eprintln!(
            "{}",
            text_with(i18n, lang, "schedule-preview-ics-exists", &shown)
        );
        return bad_input;
    }
    if let Some(path) = args.ics {
        let uid = format!(
            "preview-{}-{}@suivi",
            p.schedule.anchor().format("%Y%m%dT%H%M"),
            p.schedule.tz().name().replace('/', "-")
        );
        let count = args.count.min(crate::domain::cadence::preview::MAX_PREVIEW);
        // A preview is no agreement: its note says what it is, and where a series that goes
        // on is cut.
        let mut note = vec![i18n.text(lang, "ics-preview-description")];
        note.extend(crate::conversation::cap_note(
            &p.schedule,
            i18n,
            lang,
            count,
        ));
        let text = crate::domain::ics::calendar(
            &p.schedule,
            count,
            &uid,
            &i18n.text(lang, "ics-preview-summary"),
            &note.join("\n\n"),
            now,
        );
        if let Err(e) = std::fs::write(path, text) {
            let args = [
                ("path", path.display().to_string()),
                ("detail", e.to_string()),
            ];
            eprintln!(
                "{}",
                text_with(i18n, lang, "schedule-preview-ics-failed", &args)
            );
            return ExitCode::FAILURE;
        }
    }
    let mut out = String::new();
    for t in &p.exchanges {
        out.push_str(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        out.push('\n');
    }
    match Out.write(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => stop.0,
    }
}
