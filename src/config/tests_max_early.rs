//! `reminders.max_early`: a duration from "0m" (never early) to an hour, 10 minutes when
//! unset; anything else is refused with a message naming the key and the accepted forms.

use super::*;

fn parse(text: &str, env: &[(String, String)]) -> Result<Config, ConfigErrors> {
    Config::parse(
        &format!("called_on_for = \"relire vos dossiers\"\n{text}"),
        env,
    )
}

#[test]
fn ten_minutes_when_unset_and_the_example_file_says_so() {
    let c = parse("", &[]).expect("no max_early is fine");
    assert_eq!(c.reminder_max_early_minutes, 10);
    let example = Config::parse(include_str!("../../bot.toml"), &[]).expect("bot.toml");
    assert_eq!(example.reminder_max_early_minutes, 10);
}

#[test]
fn minutes_hours_and_zero_are_read() {
    for (text, minutes) in [("10m", 10), ("0m", 0), ("0", 0), ("1h", 60), ("45 min", 45)] {
        let c = parse(&format!("[reminders]\nmax_early = \"{text}\"\n"), &[])
            .unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(c.reminder_max_early_minutes, minutes, "{text}");
    }
    let env = [("SUIVI_REMINDERS_MAX_EARLY".to_owned(), "5m".to_owned())];
    let c = parse("", &env).expect("from the environment");
    assert_eq!(c.reminder_max_early_minutes, 5);
}

#[test]
fn out_of_bounds_or_unreadable_is_refused_on_its_line() {
    for bad in ["61m", "2h", "10", "ten minutes", "-5m", "1d"] {
        let e = parse(&format!("[reminders]\nmax_early = \"{bad}\"\n"), &[])
            .expect_err(bad)
            .0;
        assert_eq!(e.len(), 1, "{bad}: {e:?}");
        assert_eq!(e[0].key, "reminders.max_early");
        assert_eq!(e[0].id, "config-bad-max-early");
        assert_eq!(e[0].line, Some(3), "{bad}");
        assert_eq!(e[0].args, vec![("value", bad.to_owned())]);
    }
    let e = parse("[reminders]\nmax_early = 10\n", &[])
        .expect_err("a number")
        .0;
    assert_eq!(e[0].id, "config-wrong-type");
}
