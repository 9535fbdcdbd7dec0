//! Dates and times typed in English, on a fixed clock (Tuesday 17 November 2026, 09:00 in
//! Paris): the wall time each must give for American, British and unknown readers, the weekly
//! rhythms on a weekday, and the refusals with their own message. Together with `phrases_en`
//! (rhythms), more than 120 English phrasings.

use super::*;
use chrono::Weekday::{Thu, Tue};

const EVERY_ORDER: &[DateOrder] = &[
    DateOrder::MonthFirst,
    DateOrder::DayFirst,
    DateOrder::Unknown,
];

#[test]
fn english_moments_give_their_wall_time() {
    let table: Vec<(&str, &str)> = vec![
        ("tuesday 10am", "2026-11-24 10:00"),
        ("Tuesday 10", "2026-11-24 10:00"),
        ("tuesday at 10", "2026-11-24 10:00"),
        ("next tuesday 10am", "2026-11-24 10:00"),
        ("Tuesday at 10:00 AM", "2026-11-24 10:00"),
        ("tue 10 am", "2026-11-24 10:00"),
        ("tuesday 10:30am", "2026-11-24 10:30"),
        ("Tuesday 12pm", "2026-11-24 12:00"),
        ("tuesday 12am", "2026-11-24 00:00"),
        ("wednesday 8am", "2026-11-18 08:00"),
        ("wed 8am", "2026-11-18 08:00"),
        ("on wednesday at 8:00", "2026-11-18 08:00"),
        ("thursday 2pm", "2026-11-19 14:00"),
        ("thursday at 2 p.m.", "2026-11-19 14:00"),
        ("thursday 9 in the evening", "2026-11-19 21:00"),
        ("friday 9:15am", "2026-11-20 09:15"),
        ("Friday 20 November at 9am", "2026-11-20 09:00"),
        ("saturday noon", "2026-11-21 12:00"),
        ("sunday 11am", "2026-11-22 11:00"),
        ("Sunday 11", "2026-11-22 11:00"),
        ("monday 5:45pm", "2026-11-23 17:45"),
        ("on Monday at 17:45", "2026-11-23 17:45"),
        ("tomorrow 9am", "2026-11-18 09:00"),
        ("tomorrow 9", "2026-11-18 09:00"),
        ("tomorrow at 9:30", "2026-11-18 09:30"),
        ("tomorrow 10:30:00", "2026-11-18 10:30"),
        ("tomorrow morning 8", "2026-11-18 08:00"),
        ("tomorrow evening 8", "2026-11-18 20:00"),
        ("tomorrow afternoon 3", "2026-11-18 15:00"),
        ("tomorrow 3 in the afternoon", "2026-11-18 15:00"),
        ("day after tomorrow 10am", "2026-11-19 10:00"),
        ("today 6pm", "2026-11-17 18:00"),
        ("tonight 8pm", "2026-11-17 20:00"),
        ("tonight at 8", "2026-11-17 20:00"),
        ("this afternoon 3pm", "2026-11-17 15:00"),
        ("this evening at 7", "2026-11-17 19:00"),
        ("in two weeks at 10", "2026-12-01 10:00"),
        ("in 2 weeks 10am", "2026-12-01 10:00"),
        ("in 14 days at 10", "2026-12-01 10:00"),
        ("in a week at 2pm", "2026-11-24 14:00"),
        ("in 3 days at 9am", "2026-11-20 09:00"),
        ("in 2 months at 10", "2027-01-17 10:00"),
        ("next month on the 3rd at 10am", "2026-12-03 10:00"),
        ("next month on the 3rd at 10", "2026-12-03 10:00"),
        ("December 3 9am", "2026-12-03 09:00"),
        ("Dec 3 at 9am", "2026-12-03 09:00"),
        ("December 3rd at 9:00 am", "2026-12-03 09:00"),
        ("3 December 9am", "2026-12-03 09:00"),
        ("Thursday, December 3 at 9am", "2026-12-03 09:00"),
        ("dec. 3rd, 2026 at 9 am", "2026-12-03 09:00"),
        ("December 1 2:30pm", "2026-12-01 14:30"),
        ("December 31 at midnight", "2026-12-31 00:00"),
        ("January 1, 2027 10am", "2027-01-01 10:00"),
        ("February 14th 2027 9am", "2027-02-14 09:00"),
        ("November 30 5pm", "2026-11-30 17:00"),
        ("November 17 6pm", "2026-11-17 18:00"),
        ("2026-12-03 14:00", "2026-12-03 14:00"),
        ("2026-12-03T14:00", "2026-12-03 14:00"),
        ("12/12 10am", "2026-12-12 10:00"),
    ];
    assert!(table.len() >= 55, "{}", table.len());
    moments(EVERY_ORDER, &table);
    // Numeric dates, as each reader writes them.
    moments(
        &[DateOrder::MonthFirst],
        &[
            ("12/10 10am", "2026-12-10 10:00"),
            ("12/31 10am", "2026-12-31 10:00"),
            ("1/2/2027 10:00", "2027-01-02 10:00"),
            ("12/10/2026 9am", "2026-12-10 09:00"),
        ],
    );
    moments(
        &[DateOrder::DayFirst],
        &[
            ("10/12 10am", "2026-12-10 10:00"),
            ("31/12 10am", "2026-12-31 10:00"),
            ("1/2/2027 10:00", "2027-02-01 10:00"),
        ],
    );
    // Unknown order: a date only one order can read is that date.
    moments(
        &[DateOrder::Unknown],
        &[
            ("12/31 10am", "2026-12-31 10:00"),
            ("30/11 5pm", "2026-11-30 17:00"),
        ],
    );
}

#[test]
fn english_weekday_rhythms_are_weekly_on_that_day() {
    weekday_rhythms(&[
        ("every Tuesday", weeks(1), Tue),
        ("every tuesday", weeks(1), Tue),
        ("each Tuesday", weeks(1), Tue),
        ("on Tuesdays", weeks(1), Tue),
        ("every week on Tuesday", weeks(1), Tue),
        ("weekly on Tuesdays", weeks(1), Tue),
        ("every other Tuesday", weeks(2), Tue),
        (
            "every Tuesday until June 30",
            until(weeks(1), "2027-06-30"),
            Tue,
        ),
        ("every Thursday for 6 sessions", count(weeks(1), 6), Thu),
    ]);
}

#[test]
fn english_moments_refused_with_their_own_message() {
    let passed = |typed: &str, next: &str| WhenError::Passed {
        typed: at(typed),
        suggestion: date(next),
    };
    let table: Vec<(&str, WhenError, &str, &[&str])> =
        vec![
        (
            "November 3 9am",
            passed("2026-11-03 09:00", "2027-11-03"),
            "when-error-passed",
            &["November 3 at 9:00 AM has passed. Did you mean November 3, 2027, or another date?"],
        ),
        (
            "November 17 8:30am",
            passed("2026-11-17 08:30", "2027-11-17"),
            "when-error-passed",
            &["November 17 at 8:30 AM has passed"],
        ),
        ("today 8am", WhenError::InPast, "when-error-in-past", &["already passed"]),
        ("in two weeks", WhenError::NoTime, "when-error-no-time", &[]),
        ("next month on the 3rd", WhenError::NoTime, "when-error-no-time", &[]),
        ("tuesday", WhenError::NoTime, "when-error-no-time", &[]),
        ("2pm", WhenError::NoDay, "when-error-no-day", &[]),
        ("February 31 10am", WhenError::InvalidDate, "when-error-invalid-date", &[]),
        ("tomorrow 13pm", WhenError::InvalidDate, "when-error-invalid-date", &[]),
        (
            "Monday December 3 10am",
            WhenError::WeekdayMismatch,
            "when-error-weekday-mismatch",
            &[],
        ),
        ("2029-01-01 10:00", WhenError::TooFar, "when-error-too-far", &[]),
        ("whenever", WhenError::Unrecognised, "when-error-unrecognised", &[]),
        ("tuesday 3", WhenError::Unrecognised, "when-error-unrecognised", &[]),
    ];
    for order in EVERY_ORDER {
        refused_moments(Lang::En, *order, &table);
    }
    refused_moments(
        Lang::En,
        DateOrder::Unknown,
        &[(
            "12/10 10am",
            WhenError::AmbiguousDate {
                day_first: date("2026-10-12"),
                month_first: date("2026-12-10"),
            },
            "when-error-ambiguous-date",
            &[
                "October 12, 2026 or December 10, 2026",
                "\"October 12 10am\"",
            ],
        )],
    );
    refused_moments(
        Lang::En,
        DateOrder::DayFirst,
        &[
            (
                "12/10 10am",
                passed("2026-10-12 10:00", "2027-10-12"),
                "when-error-passed",
                &["October 12 at 10:00 AM has passed"],
            ),
            (
                "12/31 10am",
                WhenError::InvalidDate,
                "when-error-invalid-date",
                &[],
            ),
        ],
    );
}

#[test]
fn the_issue_cases_on_3_december_at_19_00() {
    // Thursday 3 December 2026, 19:00 in Paris.
    let now: DateTime<Utc> = "2026-12-03T18:00:00Z".parse().unwrap();
    let i18n = I18n::load().unwrap();
    let expected = |typed| WhenError::Passed {
        typed,
        suggestion: date("2027-12-03"),
    };
    for (phrase, lang, text) in [
        (
            "le 3 décembre à 9h",
            Lang::Fr,
            "Le 3 décembre à 9\u{202f}h est passé. Vouliez-vous dire le 3 décembre 2027, ou une autre date\u{202f}?",
        ),
        (
            "December 3 9am",
            Lang::En,
            "December 3 at 9:00 AM has passed. Did you mean December 3, 2027, or another date?",
        ),
    ] {
        let err = parse_moment_for(phrase, now, Paris, DateOrder::DayFirst).unwrap_err();
        assert_eq!(err, expected(at("2026-12-03 09:00")), "{phrase}");
        assert_eq!(i18n.msg(lang, &err.msg()), text);
    }
    // Today's time already past, typed as "today": the same day is never moved either.
    assert_eq!(
        parse_moment_for("today 9am", now, Paris, DateOrder::Unknown),
        Err(WhenError::InPast)
    );
    // Later today is today.
    let m = parse_moment_for("le 3 décembre à 20h", now, Paris, DateOrder::DayFirst).unwrap();
    assert_eq!(m.local, at("2026-12-03 20:00"));
}
