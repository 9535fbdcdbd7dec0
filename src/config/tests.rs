//! Configuration tests: the example file, every problem with its line, environment overrides.

use super::*;

const GOOD: &str = include_str!("../../bot.toml");

#[test]
fn the_example_file_is_valid() {
    let c = Config::parse(GOOD, &[]).unwrap();
    assert_eq!(c.language, Lang::Fr);
    assert_eq!(c.timezone, chrono_tz::Europe::Paris);
    assert_eq!(c.reminder_leads_minutes, vec![1440, 60]);
    assert!(!c.called_on_for.is_empty());
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let text = "language = \"de\"\ntimezone = \"Mars/Olympus\"\ncalled_on_for = \"x\"\ntoken = \"abc\"\n[own_words]\nmax_char = 3\nsimilarity = 7\n[digest]\ntime = \"25:00\"\n";
    let errs = Config::parse(text, &[]).unwrap_err().0;
    let got: Vec<_> = errs
        .iter()
        .map(|p| (p.key.as_str(), p.line, p.id))
        .collect();
    assert!(
        got.contains(&("language", Some(1), "config-bad-language")),
        "{got:?}"
    );
    assert!(
        got.contains(&("timezone", Some(2), "config-bad-timezone")),
        "{got:?}"
    );
    assert!(
        got.contains(&("token", Some(4), "config-token-in-file")),
        "{got:?}"
    );
    assert!(
        got.contains(&("own_words.max_char", Some(6), "config-unknown-key")),
        "{got:?}"
    );
    assert!(
        got.contains(&("own_words.similarity", Some(7), "config-out-of-range")),
        "{got:?}"
    );
    assert!(
        got.contains(&("digest.time", Some(9), "config-bad-time")),
        "{got:?}"
    );
    let suggestion = errs
        .iter()
        .find(|p| p.id == "config-unknown-key")
        .map(|p| p.args[0].1.clone());
    assert_eq!(suggestion.as_deref(), Some("own_words.max_chars"));
}

#[test]
fn syntax_errors_name_the_line() {
    let errs = Config::parse("language = \"fr\"\n[digest\n", &[])
        .unwrap_err()
        .0;
    assert_eq!(errs[0].id, "config-syntax");
    assert_eq!(errs[0].line, Some(2));
    assert_eq!(errs[0].column, Some(8));
    // The file is named by the caller, who knows it; no key stands in for it.
    assert_eq!(errs[0].key, "");
}

#[test]
fn environment_overrides_the_file() {
    let env = vec![
        ("SUIVI_LANGUAGE".to_owned(), "en".to_owned()),
        ("SUIVI_OWN_WORDS_MAX_CHARS".to_owned(), "300".to_owned()),
        ("SUIVI_DATABASE".to_owned(), "/tmp/x.db".to_owned()),
    ];
    let c = Config::parse(GOOD, &env).unwrap();
    assert_eq!(c.language, Lang::En);
    assert_eq!(c.own_words.max_chars, 300);
    assert_eq!(c.database, PathBuf::from("/tmp/x.db"));
    let bad = vec![
        ("SUIVI_NUDGES_MAX".to_owned(), "9".to_owned()),
        ("SUIVI_NOPE".to_owned(), "1".to_owned()),
    ];
    let errs = Config::parse(GOOD, &bad).unwrap_err().0;
    assert_eq!(errs.len(), 2, "{errs:?}");
}

/// `database` names a file, or a PostgreSQL server by URL (the store tells them apart); the
/// test suite's own variable is not taken for a misspelt setting.
#[test]
fn the_database_may_be_a_server_url_and_the_suites_variable_is_not_a_setting() {
    let env = vec![
        (
            "SUIVI_DATABASE".to_owned(),
            "postgres://suivi@db.example:5432/suivi".to_owned(),
        ),
        (
            "SUIVI_TEST_DATABASE".to_owned(),
            "postgres://postgres@127.0.0.1:54329/postgres".to_owned(),
        ),
    ];
    let c = Config::parse(GOOD, &env).unwrap();
    assert_eq!(
        crate::store::Target::of(&c.database),
        crate::store::Target::Server("postgres://suivi@db.example:5432/suivi".into())
    );
}

#[test]
fn token_is_hidden_in_debug() {
    assert_eq!(format!("{:?}", Token("secret".into())), "Token(<hidden>)");
}

#[test]
fn configured_fillers_add_to_the_built_in_ones() {
    let text = "called_on_for = \"x\"\n[own_words]\nfillers = [\"bla\"]\n";
    let c = Config::parse(text, &[]).unwrap();
    for f in ["bla", "nope", "n/a", "rien"] {
        assert!(c.own_words.fillers.iter().any(|x| x == f), "{f}");
    }
}

#[test]
fn api_base_is_accepted_only_on_loopback() {
    let with = |base: &str| {
        let text = format!("{GOOD}\n");
        let text = text.replace(
            "# api_base = \"http://127.0.0.1:8080\"",
            &format!("api_base = \"{base}\""),
        );
        Config::parse(&text, &[])
    };
    for ok in [
        "http://127.0.0.1:8080",
        "http://127.3.4.5:9",
        "http://[::1]:8080",
        "http://localhost:1234/",
    ] {
        assert_eq!(
            with(ok).unwrap().discord_api_base.as_deref(),
            Some(ok),
            "{ok}"
        );
    }
    for bad in [
        "https://discord.example.org",
        "http://127.0.0.1.attacker.example:80",
        "http://user@127.0.0.1:80",
        "http://10.0.0.1:80",
        "ftp://127.0.0.1",
    ] {
        let errs = with(bad).unwrap_err().0;
        assert!(
            errs.iter()
                .any(|p| p.id == "config-api-base-not-loopback" && p.key.contains("api_base")),
            "{bad}: {errs:?}"
        );
    }
    // From the environment too.
    let env = [(
        "SUIVI_DISCORD_API_BASE".to_owned(),
        "https://elsewhere.example".to_owned(),
    )];
    assert!(Config::parse(GOOD, &env).is_err());
}

#[test]
fn sent_deliveries_are_kept_thirty_days_unless_told_otherwise() {
    let c = Config::parse("called_on_for = \"x\"\n", &[]).unwrap();
    assert_eq!(c.outbox_keep_days, 30);
    assert_eq!(Config::parse(GOOD, &[]).unwrap().outbox_keep_days, 30);
    let c = Config::parse("called_on_for = \"x\"\n[outbox]\nkeep_days = 7\n", &[]).unwrap();
    assert_eq!(c.outbox_keep_days, 7);
    let errs = Config::parse("called_on_for = \"x\"\n[outbox]\nkeep_days = 0\n", &[])
        .unwrap_err()
        .0;
    assert_eq!(errs[0].id, "config-out-of-range");
}

#[test]
fn the_lease_is_two_minutes_unless_told_otherwise_and_never_under_thirty_seconds() {
    let c = Config::parse("called_on_for = \"x\"\n", &[]).unwrap();
    assert_eq!(c.outbox_lease_seconds, 120);
    assert_eq!(Config::parse(GOOD, &[]).unwrap().outbox_lease_seconds, 120);
    let env = [("SUIVI_OUTBOX_LEASE_SECONDS".to_owned(), "30".to_owned())];
    let c = Config::parse("called_on_for = \"x\"\n", &env).unwrap();
    assert_eq!(c.outbox_lease_seconds, 30);
    for bad in ["10", "3601"] {
        let text = format!("called_on_for = \"x\"\n[outbox]\nlease_seconds = {bad}\n");
        let errs = Config::parse(&text, &[]).unwrap_err().0;
        assert_eq!(errs[0].id, "config-out-of-range", "{bad}");
        assert_eq!(errs[0].key, "outbox.lease_seconds");
    }
}
