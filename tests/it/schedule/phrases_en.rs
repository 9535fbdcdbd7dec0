//! Rhythms typed in English: what is accepted and what it means, what is refused and why.

use super::*;
use chrono::Weekday::{Fri, Mon, Sun, Thu, Tue, Wed};
use suivi::domain::cadence::Nth::{First, Fourth, Last, Second, Third};

#[test]
fn accepted_in_english() {
    let table: Vec<(&str, Cadence)> = vec![
        ("every week", Cadence::WEEKLY),
        ("weekly", Cadence::WEEKLY),
        ("once a week", Cadence::WEEKLY),
        ("each week", Cadence::WEEKLY),
        ("Every Week", Cadence::WEEKLY),
        ("every 2 weeks", Cadence::BIWEEKLY),
        ("every two weeks", Cadence::BIWEEKLY),
        ("every other week", Cadence::BIWEEKLY),
        ("every second week", Cadence::BIWEEKLY),
        ("fortnightly", Cadence::BIWEEKLY),
        ("biweekly", Cadence::BIWEEKLY),
        ("bi-weekly", Cadence::BIWEEKLY),
        ("once every two weeks", Cadence::BIWEEKLY),
        ("every 3 weeks", weeks(3)),
        ("every twelve weeks", weeks(12)),
        ("every month", Cadence::MONTHLY),
        ("monthly", Cadence::MONTHLY),
        ("once a month", Cadence::MONTHLY),
        ("each month", Cadence::MONTHLY),
        ("every two months", months(2)),
        ("every other month", months(2)),
        ("quarterly", months(3)),
        ("every three months", months(3)),
        ("every 12 months", months(12)),
        ("every day", days(1)),
        ("daily", days(1)),
        ("every 3 days", days(3)),
        ("every 10 days", days(10)),
        // A weekday of the month.
        ("the last Friday of every month", on(1, Last, Fri)),
        ("last Friday of each month", on(1, Last, Fri)),
        ("every last Friday of the month", on(1, Last, Fri)),
        ("every last Friday", on(1, Last, Fri)),
        ("every month on the last Friday", on(1, Last, Fri)),
        ("every first Monday", on(1, First, Mon)),
        ("first Monday of the month", on(1, First, Mon)),
        ("monthly on the first Monday", on(1, First, Mon)),
        ("the 1st Monday of every month", on(1, First, Mon)),
        ("every second Tuesday of the month", on(1, Second, Tue)),
        ("the 2nd Tuesday of each month", on(1, Second, Tue)),
        ("on the third Wednesday of every month", on(1, Third, Wed)),
        ("the 3rd Wednesday of the month", on(1, Third, Wed)),
        ("the fourth Thursday of the month", on(1, Fourth, Thu)),
        ("the 4th Thursday of every month", on(1, Fourth, Thu)),
        ("last Sunday of the month", on(1, Last, Sun)),
        ("the first Monday of every other month", on(2, First, Mon)),
        ("the 1st Monday every 2 months", on(2, First, Mon)),
        ("every 3 months on the first Monday", on(3, First, Mon)),
        ("the second Tuesday of every quarter", on(3, Second, Tue)),
        ("the last Friday of every 6 months", on(6, Last, Fri)),
        // With an end.
        ("every 2 weeks until June 30", until(weeks(2), "2027-06-30")),
        (
            "every week until June 30 2027",
            until(weeks(1), "2027-06-30"),
        ),
        ("every week until 30 June", until(weeks(1), "2027-06-30")),
        (
            "every 2 weeks until 2027-06-30",
            until(weeks(2), "2027-06-30"),
        ),
        (
            "fortnightly till the end of June",
            until(weeks(2), "2027-06-30"),
        ),
        (
            "every week through January 15",
            until(weeks(1), "2027-01-15"),
        ),
        (
            "every month until March 1st, 2027",
            until(months(1), "2027-03-01"),
        ),
        ("weekly until 31/01/2027", until(weeks(1), "2027-01-31")),
        (
            "the last Friday of every month until December 31",
            until(on(1, Last, Fri), "2026-12-31"),
        ),
        ("every month for 6 sessions", count(months(1), 6)),
        ("every other week, 8 times", count(weeks(2), 8)),
        ("every 10 days, 5 times", count(days(10), 5)),
        ("monthly for 12 exchanges", count(months(1), 12)),
        ("every 3 weeks for 4 meetings", count(weeks(3), 4)),
        ("every week for one session", count(weeks(1), 1)),
        (
            "every second Tuesday of the month for 10 sessions",
            count(on(1, Second, Tue), 10),
        ),
        (
            "every week for 3 months",
            lasting(weeks(1), Unit::Months, 3),
        ),
        ("weekly for 6 weeks", lasting(weeks(1), Unit::Weeks, 6)),
        (
            "every month for a year",
            lasting(months(1), Unit::Months, 12),
        ),
        (
            "every 2 months for two years",
            lasting(months(2), Unit::Months, 24),
        ),
        ("daily for 10 days", lasting(days(1), Unit::Days, 10)),
        ("every day for two weeks", lasting(days(1), Unit::Weeks, 2)),
        (
            "every week for the next 3 months",
            lasting(weeks(1), Unit::Months, 3),
        ),
        (
            "every first Monday for 6 months",
            lasting(on(1, First, Mon), Unit::Months, 6),
        ),
    ];
    assert!(table.len() >= 60, "{}", table.len());
    accepts(&table);
}

#[test]
fn refused_in_english_with_their_own_message() {
    use suivi::domain::cadence::CadenceError as C;
    let table: Vec<(&str, WhenError, &[&str])> = vec![
        (" ", WhenError::Empty, &[]),
        ("now and then", WhenError::BadFrequency, &[]),
        ("twice a week", WhenError::BadFrequency, &[]),
        (
            "every 60 weeks",
            range(Unit::Weeks, 60, 52),
            &["Every 60 weeks", "between 1 and 52 weeks"],
        ),
        (
            "every 400 days",
            range(Unit::Days, 400, 365),
            &["between 1 and 365 days"],
        ),
        (
            "every 13 months",
            range(Unit::Months, 13, 12),
            &["between 1 and 12 months"],
        ),
        (
            "the first Monday of every 13 months",
            range(Unit::Months, 13, 12),
            &["between 1 and 12 months"],
        ),
        (
            "every 0 weeks",
            WhenError::Cadence(C::Zero),
            &["at least 1"],
        ),
        (
            "the 5th Tuesday of every month",
            WhenError::Cadence(C::NoSuchWeekday { nth: 5 }),
            &["number 5", "the last Tuesday of every month"],
        ),
        (
            "every fifth Friday",
            WhenError::Cadence(C::NoSuchWeekday { nth: 5 }),
            &["number 5"],
        ),
        (
            "every week until January 1st, 2020",
            WhenError::EndInPast {
                end: date("2020-01-01"),
            },
            &["January 1, 2020", "already passed"],
        ),
        (
            "every week until January 1 2035",
            WhenError::EndTooFar {
                end: date("2035-01-01"),
                max_months: 36,
            },
            &["January 1, 2035", "36 months"],
        ),
        (
            "every week until June 31",
            WhenError::EndInvalidDate,
            &["does not exist"],
        ),
        (
            "every week until further notice",
            WhenError::EndUnrecognised,
            &["not when it ends"],
        ),
        (
            "every month for 0 sessions",
            WhenError::Cadence(C::NoExchange),
            &["at least one exchange"],
        ),
        (
            "every month for 500 sessions",
            WhenError::Cadence(C::TooManyExchanges {
                count: 500,
                max: 100,
            }),
            &["500 exchanges", "at most 100"],
        ),
        (
            "every week for 0 months",
            WhenError::Cadence(C::EmptySpan),
            &["duration of 0"],
        ),
        (
            "every week for 10 years",
            WhenError::Cadence(C::SpanTooLong {
                unit: Unit::Months,
                n: 120,
                max_months: 36,
            }),
            &["at most 36 months"],
        ),
    ];
    refuses(Lang::En, &table);
}
