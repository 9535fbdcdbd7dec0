//! Limits and forms: lead times and `called_on_for` capped with a message naming the key,
//! sections accepted as inline tables, the digest's documented default time.

use super::*;

fn parse(text: &str) -> Result<Config, ConfigErrors> {
    Config::parse(
        &format!("called_on_for = \"relire vos dossiers\"\n{text}"),
        &[],
    )
}

/// A problem as the tests compare it: key, message id, arguments.
type Seen = (String, &'static str, Vec<(&'static str, String)>);

fn problems(text: &str) -> Vec<Seen> {
    parse(text)
        .err()
        .map(|e| e.0)
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.key, p.id, p.args))
        .collect()
}

#[test]
fn at_most_five_lead_times() {
    let c = parse("[reminders]\nlead_times = [\"2d\", \"24h\", \"4h\", \"1h\", \"15m\"]\n")
        .expect("five lead times are fine");
    assert_eq!(c.reminder_leads_minutes, vec![2880, 1440, 240, 60, 15]);
    let many: Vec<String> = (1..=1000).map(|m| format!("\"{m}m\"")).collect();
    let got = problems(&format!(
        "[reminders]\nlead_times = [{}]\n",
        many.join(", ")
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "reminders.lead_times");
    assert_eq!(got[0].1, "config-too-many-leads");
    assert!(got[0].2.contains(&("max", "5".to_owned())), "{got:?}");
    // Each one within 1 minute and 14 days.
    let got = problems("[reminders]\nlead_times = [\"15d\", \"0m\"]\n");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|p| p.1 == "config-bad-duration"), "{got:?}");
}

#[test]
fn called_on_for_is_capped_per_language() {
    let long = "a".repeat(MAX_CALLED_ON_FOR_CHARS + 1);
    let fits = "é".repeat(MAX_CALLED_ON_FOR_CHARS);
    let got: Vec<_> = Config::parse(&format!("called_on_for = \"{long}\"\n"), &[])
        .expect_err("too long")
        .0
        .into_iter()
        .map(|p| (p.key, p.id))
        .collect();
    assert_eq!(
        got,
        vec![("called_on_for".to_owned(), "config-called-on-for-too-long")]
    );
    let got: Vec<_> = Config::parse(
        &format!("[called_on_for]\nfr = \"{fits}\"\nen = \"{long}\"\n"),
        &[],
    )
    .expect_err("the English text is too long")
    .0
    .into_iter()
    .map(|p| (p.key, p.id))
    .collect();
    assert_eq!(
        got,
        vec![(
            "called_on_for.en".to_owned(),
            "config-called-on-for-too-long"
        )]
    );
    // A megabyte is refused too, not accepted and shown in every closing.
    let mega = "x".repeat(1 << 20);
    assert!(Config::parse(&format!("called_on_for = \"{mega}\"\n"), &[]).is_err());
}

#[test]
fn sections_may_be_written_as_inline_tables() {
    let c = parse(
        "own_words = { max_chars = 100, similarity = 0.9 }\n\
         nudges = { delay_hours = 24, max = 2 }\n\
         reminders = { lead_times = [\"2h\"] }\n\
         digest = { day = \"friday\", time = \"17:30\" }\n\
         retention = { days = 365 }\n\
         discord = { development_guilds = [42] }\n",
    )
    .expect("inline tables are valid TOML sections");
    assert_eq!(c.own_words.max_chars, 100);
    assert_eq!(c.own_words.similarity, 0.9);
    assert_eq!((c.nudge_delay_hours, c.nudge_max), (24, 2));
    assert_eq!(c.reminder_leads_minutes, vec![120]);
    assert_eq!(c.digest_day, Weekday::Fri);
    assert_eq!(
        c.digest_time,
        NaiveTime::from_hms_opt(17, 30, 0).expect("a time")
    );
    assert_eq!(c.retention_days, 365);
    assert_eq!(c.development_guilds, vec![42]);
    // Dotted keys are the same thing again.
    let c = parse("own_words.max_chars = 120\n").expect("dotted keys");
    assert_eq!(c.own_words.max_chars, 120);
    // A typo inside an inline table is still reported, with its line.
    let got: Vec<_> = parse("\nown_words = { max_char = 100 }\n")
        .expect_err("a typo")
        .0
        .into_iter()
        .map(|p| (p.key, p.line, p.id))
        .collect();
    assert_eq!(
        got,
        vec![(
            "own_words.max_char".to_owned(),
            Some(3),
            "config-unknown-key"
        )]
    );
    // Limits hold in that form as well.
    let got = problems("own_words = { max_chars = 5 }\n");
    assert_eq!(got[0].0, "own_words.max_chars");
    assert_eq!(got[0].1, "config-out-of-range");
}

#[test]
fn the_digest_comes_at_nine_unless_told_otherwise() {
    let c = parse("").expect("only the required key");
    assert_eq!(c.digest_time, DEFAULT_DIGEST_TIME);
    assert_eq!(
        c.digest_time,
        NaiveTime::from_hms_opt(9, 0, 0).expect("a time")
    );
    assert_eq!(c.digest_day, Weekday::Mon);
}
