//! `suivi schedule preview` as a person runs it: exchanges on standard output and nothing
//! else, the calendar file it writes, and bad input refused with a localised message on
//! standard error and exit code 2.

use std::path::Path;
use std::process::{Command, Output};

fn preview(args: &[&str], lang_env: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .args(["schedule", "preview"])
        .args(args)
        .env("LANG", lang_env)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// "Now" for reproducible runs: Tuesday 17 November 2026, 09:00 in Paris.
const NOW: [&str; 2] = ["--now", "2026-11-17T08:00:00Z"];

fn lines(out: &Output) -> Vec<String> {
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.ends_with('\n'));
    text.lines().map(str::to_owned).collect()
}

#[test]
fn a_weekly_series_keeps_ten_oclock_paris_across_the_march_change() {
    let args = [
        "--every",
        "every week",
        "--at",
        "2027-03-23 10:00",
        "--tz",
        "Europe/Paris",
        "--count",
        "2",
    ];
    let out = preview(&[&args[..], &NOW].concat(), "en_US.UTF-8");
    assert_eq!(
        lines(&out),
        ["2027-03-23T09:00:00Z", "2027-03-30T08:00:00Z"]
    );
    // New York changes two weeks earlier, and back a week after Paris.
    let out = preview(
        &[
            "--every",
            "toutes les semaines",
            "--at",
            "2027-03-09 09:00",
            "--tz",
            "America/New_York",
            "--count",
            "3",
            NOW[0],
            NOW[1],
        ],
        "fr_FR.UTF-8",
    );
    assert_eq!(
        lines(&out),
        [
            "2027-03-09T14:00:00Z",
            "2027-03-16T13:00:00Z",
            "2027-03-23T13:00:00Z"
        ]
    );
}

#[test]
fn ten_by_default_fewer_when_the_series_ends_and_typed_first_exchanges() {
    let out = preview(
        &[
            "--every",
            "every 2 weeks",
            "--at",
            "2027-01-05 10:00",
            "--tz",
            "Europe/Paris",
            NOW[0],
            NOW[1],
        ],
        "en_US.UTF-8",
    );
    assert_eq!(lines(&out).len(), 10);
    let out = preview(
        &[
            "--every",
            "le 2e mardi de chaque mois jusqu'au 30 juin",
            "--at",
            "2027-03-02 10:00",
            "--tz",
            "Europe/Paris",
            "--count",
            "20",
            NOW[0],
            NOW[1],
        ],
        "fr_FR.UTF-8",
    );
    assert_eq!(
        lines(&out),
        [
            "2027-03-09T09:00:00Z",
            "2027-04-13T08:00:00Z",
            "2027-05-11T08:00:00Z",
            "2027-06-08T08:00:00Z"
        ]
    );
    // "mardi 10h" on Tuesday 17 November at 09:00 is next week's Tuesday.
    let out = preview(
        &[
            "--every",
            "every month for 3 sessions",
            "--at",
            "mardi 10h",
            "--tz",
            "Europe/Paris",
            NOW[0],
            NOW[1],
        ],
        "en_US.UTF-8",
    );
    assert_eq!(
        lines(&out),
        [
            "2026-11-24T09:00:00Z",
            "2026-12-24T09:00:00Z",
            "2027-01-24T09:00:00Z"
        ]
    );
    // A count beyond the cap prints the cap.
    let out = preview(
        &[
            "--every",
            "daily",
            "--at",
            "2027-01-01 08:00",
            "--tz",
            "UTC",
            "--count",
            "100000",
            NOW[0],
            NOW[1],
        ],
        "en_US.UTF-8",
    );
    assert_eq!(lines(&out).len(), 500);
}

#[test]
fn the_calendar_file_expands_to_the_printed_exchanges() {
    let dir = tempfile::tempdir().unwrap();
    for (every, count) in [
        ("the last Friday of every month until 2027-12-31", "30"),
        ("every week", "12"),
        ("every other week for 3 months", "30"),
    ] {
        let file = dir.path().join("series.ics");
        let out = preview(
            &[
                "--every",
                every,
                "--at",
                "2027-01-05 18:30",
                "--tz",
                "America/New_York",
                "--count",
                count,
                "--ics",
                file.to_str().unwrap(),
                // The same file, written again for each series.
                "--force",
                NOW[0],
                NOW[1],
            ],
            "en_US.UTF-8",
        );
        let printed = lines(&out);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("SUMMARY:Preview: follow-up exchange\r\n"),
            "{text}"
        );
        let unfolded = text.replace("\r\n ", "");
        let event: Vec<&str> = unfolded
            .lines()
            .filter(|l| l.starts_with("DTSTART;") || l.starts_with("RRULE:"))
            .collect();
        let set: rrule::RRuleSet = event.join("\n").parse().unwrap();
        let expanded: Vec<String> = set
            .all(1000)
            .dates
            .iter()
            .map(|d| {
                d.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
            })
            .collect();
        assert_eq!(expanded, printed, "{every}\n{text}");
    }
}

/// Runs a bad preview: exit code 2, nothing on standard output, the message on standard error.
fn refused(args: &[&str], lang_env: &str) -> String {
    let out = preview(&[args, &NOW].concat(), lang_env);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn bad_input_says_what_to_do_in_the_persons_language() {
    let paris = ["--tz", "Europe/Paris"];
    let err = refused(
        &[
            "--every",
            "every week",
            "--at",
            "mardi 10h",
            "--tz",
            "Mars/Olympus",
        ],
        "fr_FR.UTF-8",
    );
    assert!(err.contains("«\u{202f}Mars/Olympus\u{202f}»"), "{err}");
    assert!(err.contains("Europe/Paris"), "{err}");
    // Without --lang or a known LANG, the configuration's language (French in bot.toml).
    let err = refused(
        &[
            "--every",
            "chaque semaine",
            "--at",
            "mardi 10h",
            "--tz",
            "Mars/Olympus",
        ],
        "C.UTF-8",
    );
    assert!(err.contains("n’est pas un fuseau horaire"), "{err}");
    // --lang wins over LANG.
    let err = refused(
        &[
            "--every",
            "every week",
            "--at",
            "mardi 10h",
            "--tz",
            "Mars/Olympus",
            "--lang",
            "en",
        ],
        "fr_FR.UTF-8",
    );
    assert!(err.contains("\"Mars/Olympus\" is not a time zone"), "{err}");
    let err = refused(
        &[
            &["--every", "sometimes", "--at", "2027-03-02 10:00"][..],
            &paris,
        ]
        .concat(),
        "en_US.UTF-8",
    );
    assert!(
        err.starts_with("--every: I could not read that rhythm"),
        "{err}"
    );
    let err = refused(
        &[
            &[
                "--every",
                "toutes les 60 semaines",
                "--at",
                "2027-03-02 10:00",
            ][..],
            &paris,
        ]
        .concat(),
        "fr_FR.UTF-8",
    );
    assert!(err.contains("entre 1 et 52 semaines"), "{err}");
    let err = refused(
        &[
            &["--every", "every week", "--at", "2020-01-01 10:00"][..],
            &paris,
        ]
        .concat(),
        "en_US.UTF-8",
    );
    assert!(
        err.starts_with("--at: That date has already passed"),
        "{err}"
    );
    let err = refused(
        &[&["--every", "every week", "--at", "someday"][..], &paris].concat(),
        "en_US.UTF-8",
    );
    assert!(err.starts_with("--at: I could not read that date"), "{err}");
    let err = refused(
        &[
            &[
                "--every",
                "every week until June 30",
                "--at",
                "2027-07-05 10:00",
            ][..],
            &paris,
        ]
        .concat(),
        "en_US.UTF-8",
    );
    assert!(
        err.contains("before the first exchange on July 5, 2027"),
        "{err}"
    );
    let err = refused(
        &[
            &[
                "--every",
                "every week",
                "--at",
                "2027-03-02 10:00",
                "--count",
                "0",
            ][..],
            &paris,
        ]
        .concat(),
        "en_US.UTF-8",
    );
    assert!(err.contains("between 1 and 500"), "{err}");
}
