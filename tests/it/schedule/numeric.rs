//! Numeric dates by the reader's locale, through `suivi schedule preview` as a process: `fr`
//! and `en-GB` read 12/10 as 12 October, `en-US` as December 10, and plain `en` asks when the
//! two readings differ; a date passed this year is asked about, never moved a year ahead.

use std::path::Path;
use std::process::{Command, Output};

/// Tuesday 17 November 2026, 09:00 in Paris.
const NOW: &str = "2026-11-17T08:00:00Z";

fn preview(at: &str, lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .args([
            "schedule",
            "preview",
            "--every",
            "every week",
            "--count",
            "1",
        ])
        .args([
            "--tz",
            "Europe/Paris",
            "--now",
            NOW,
            "--at",
            at,
            "--lang",
            lang,
        ])
        .env("LANG", "C.UTF-8")
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

fn first(at: &str, lang: &str) -> String {
    let out = preview(at, lang);
    assert!(out.status.success(), "{at} {lang}: {out:?}");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

fn refused(at: &str, lang: &str) -> String {
    let out = preview(at, lang);
    assert_eq!(out.status.code(), Some(2), "{at} {lang}: {out:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).expect("UTF-8")
}

#[test]
fn us_and_uk_readers_get_their_own_reading_of_a_numeric_date() {
    // 10:00 in Paris is 09:00 UTC in winter.
    assert_eq!(first("12/10 10am", "en-US"), "2026-12-10T09:00:00Z");
    assert_eq!(first("12/31 10am", "en-US"), "2026-12-31T09:00:00Z");
    assert_eq!(first("12/31 10am", "en"), "2026-12-31T09:00:00Z");
    assert_eq!(first("31/12 10am", "en-GB"), "2026-12-31T09:00:00Z");
    assert_eq!(first("1/2/2027 10:00", "en-GB"), "2027-02-01T09:00:00Z");
    assert_eq!(first("1/2/2027 10:00", "en-US"), "2027-01-02T09:00:00Z");
    assert_eq!(first("1/12 10h", "fr"), "2026-12-01T09:00:00Z");
}

#[test]
fn a_numeric_date_the_locale_does_not_settle_is_asked_about() {
    let err = refused("12/10 10am", "en");
    assert!(
        err.starts_with("--at: That date can be read two ways"),
        "{err}"
    );
    assert!(err.contains("October 12, 2026"), "{err}");
    assert!(err.contains("December 10, 2026"), "{err}");
    // A British reader's 12/10 is 12 October: passed this year, so asked about, in the way
    // they write dates.
    let err = refused("12/10 10am", "en-GB");
    assert!(
        err.contains("12 October at 10:00 has passed. Did you mean 12 October 2027"),
        "{err}"
    );
    let err = refused("12/10 10h", "fr");
    assert!(
        err.contains("Le 12 octobre à 10\u{202f}h est passé. Vouliez-vous dire le 12 octobre 2027, ou une autre date\u{202f}?"),
        "{err}"
    );
    // Month first, 12/31 does not exist for a British reader.
    let err = refused("12/31 10am", "en-GB");
    assert!(err.contains("That date does not exist"), "{err}");
}
