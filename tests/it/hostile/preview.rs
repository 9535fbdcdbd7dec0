//! `suivi schedule preview` at the edge of what RFC 3339 can write, and negative rhythms.

use std::path::Path;
use std::process::{Command, Output};

fn preview(args: &[&str], lang_env: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .args(["schedule", "preview", "--tz", "Europe/Paris"])
        .args(["--now", "2026-11-17T08:00:00Z"])
        .args(args)
        .env("LANG", lang_env)
        .env_remove("RUST_LOG")
        .output()
        .expect("the suivi binary runs")
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing is printed: {out:?}");
    String::from_utf8(out.stderr.clone()).expect("UTF-8")
}

#[test]
fn instants_past_the_year_9999_are_refused_never_printed() {
    let out = preview(
        &[
            "--every",
            "every week",
            "--at",
            "9999-12-31 23:59",
            "--count",
            "3",
        ],
        "en_US.UTF-8",
    );
    let err = refused(&out);
    assert!(
        err.contains("exchanges after the year 9999 cannot be written as dates"),
        "{err}"
    );
    assert!(!err.contains("+10000"), "{err}");
    let out = preview(
        &["--every", "tous les mois", "--at", "+10000-01-01 10:00"],
        "fr_FR.UTF-8",
    );
    let err = refused(&out);
    assert!(err.starts_with("--at"), "{err}");
    // The last one that fits is printed as RFC 3339.
    let out = preview(
        &[
            "--every",
            "every week",
            "--at",
            "9999-12-31 23:59",
            "--count",
            "1",
        ],
        "en_US.UTF-8",
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "9999-12-31T22:59:00Z\n"
    );
}

#[test]
fn negative_rhythms_are_refused_not_read_as_positive() {
    for (every, lang, said) in [
        (
            "every -3 weeks",
            "en_US.UTF-8",
            "A rhythm counts forward: give a positive number",
        ),
        (
            "tous les -3 mois",
            "fr_FR.UTF-8",
            "Un rythme se compte vers l’avant\u{202f}: donnez un nombre positif",
        ),
    ] {
        let out = preview(&["--every", every, "--at", "2026-12-01 10:00"], lang);
        let err = refused(&out);
        assert!(err.contains(said), "{every}: {err}");
    }
}
