//! How a cadence, its end and its errors read in a message: Fluent ids and their variables
//! ("every 2 weeks until 30 June 2027", "the last Friday of every month, 6 exchanges").
//!
//! The words live in `locales/*/main.ftl` (the plain rhythms) and `locales/*/schedule.ftl`
//! (weekdays of the month, ends, errors); this room only names them. It must not format text.

use chrono::{Datelike, NaiveDate};

use super::rule::{Cadence, CadenceError, End, Rule, Unit};
use crate::domain::prompt::{Arg, Msg};

fn boxed(m: Msg) -> Arg {
    Arg::Msg(Box::new(m))
}

/// A local date as a message: "30 June 2027", "1er janvier 2027".
pub fn date_msg(d: NaiveDate) -> Msg {
    Msg::new("cadence-date")
        .arg("day", Arg::Num(d.day().into()))
        .arg("month", boxed(Msg::new(format!("month-{}", d.month()))))
        .arg("year", Arg::Num(d.year().into()))
}

impl Cadence {
    /// How this cadence reads: "every 2 weeks", "the 2nd Tuesday of every month until 30 June
    /// 2027", "every month, 6 exchanges in all".
    pub fn describe(self) -> Msg {
        let rule = match self.rule() {
            Rule::Days(n) => Msg::new("cadence-days").arg("count", Arg::Num(n.into())),
            Rule::Weeks(n) => Msg::new("cadence-weeks").arg("count", Arg::Num(n.into())),
            Rule::Months(n) => Msg::new("cadence-months").arg("count", Arg::Num(n.into())),
            Rule::MonthlyWeekday {
                every,
                nth,
                weekday,
            } => Msg::new("cadence-month-weekday")
                .text("rank", nth.id())
                .arg(
                    "weekday",
                    boxed(Msg::new(format!(
                        "weekday-{}",
                        weekday.number_from_monday()
                    ))),
                )
                .arg("every", Arg::Num(every.into())),
        };
        let (id, arg) = match self.end() {
            None => return rule,
            Some(End::Until(d)) => ("cadence-until", ("date", boxed(date_msg(d)))),
            Some(End::Count(n)) => ("cadence-count", ("count", Arg::Num(n.into()))),
            Some(End::For(unit, n)) => (
                match unit {
                    Unit::Days => "cadence-for-days",
                    Unit::Weeks => "cadence-for-weeks",
                    Unit::Months => "cadence-for-months",
                },
                ("count", Arg::Num(n.into())),
            ),
        };
        Msg::new(id).arg("cadence", boxed(rule)).arg(arg.0, arg.1)
    }
}

impl CadenceError {
    /// The Fluent message id explaining this error, with an example.
    pub fn message_id(&self) -> &'static str {
        match self {
            CadenceError::Zero => "when-error-interval-zero",
            CadenceError::OutOfRange {
                unit: Unit::Days, ..
            } => "when-error-days-range",
            CadenceError::OutOfRange {
                unit: Unit::Weeks, ..
            } => "when-error-weeks-range",
            CadenceError::OutOfRange {
                unit: Unit::Months, ..
            } => "when-error-months-range",
            CadenceError::NoSuchWeekday { .. } => "when-error-nth-weekday",
            CadenceError::NoExchange => "when-error-count-zero",
            CadenceError::TooManyExchanges { .. } => "when-error-count-too-high",
            CadenceError::EmptySpan => "when-error-span-zero",
            CadenceError::SpanTooLong { .. } => "when-error-span-too-long",
            CadenceError::EndBeforeFirst { .. } => "when-error-end-before-first",
        }
    }

    /// The message, with the numbers it speaks of as variables.
    pub fn msg(&self) -> Msg {
        let msg = Msg::new(self.message_id());
        let num = |n: u32| Arg::Num(n.into());
        match *self {
            CadenceError::Zero | CadenceError::NoExchange | CadenceError::EmptySpan => msg,
            CadenceError::OutOfRange { every, max, .. } => {
                msg.arg("every", num(every)).arg("max", num(max))
            }
            CadenceError::NoSuchWeekday { nth } => msg.arg("nth", num(nth)),
            CadenceError::TooManyExchanges { count, max } => {
                msg.arg("count", num(count)).arg("max", num(max))
            }
            CadenceError::SpanTooLong { max_months, .. } => msg.arg("max", num(max_months)),
            CadenceError::EndBeforeFirst { end, first } => msg
                .arg("end", boxed(date_msg(end)))
                .arg("first", boxed(date_msg(first))),
        }
    }
}
