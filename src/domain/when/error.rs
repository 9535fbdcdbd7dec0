//! Why something a person typed about time was not accepted, and the message that tells them
//! what to do instead.
//!
//! Each variant names a Fluent message id ([`WhenError::message_id`]); [`WhenError::msg`] adds
//! the numbers and dates the message speaks of ("between 1 and { $max } weeks"). A phrase that
//! was understood but refused never gets the "not understood" message. Nothing is parsed here.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::domain::cadence::{date_msg, CadenceError};
use crate::domain::prompt::{Arg, Msg};

/// Why a date, time or rhythm typed by a person was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    /// Nothing was typed.
    #[error("nothing was typed")]
    Empty,
    /// A day without a time ("mardi", "demain"): never guess the hour.
    #[error("a day was given without a time")]
    NoTime,
    /// A time without a day ("14h"): never guess the day.
    #[error("a time was given without a day")]
    NoDay,
    /// Not a date, time or frequency this parser knows.
    #[error("not a recognised date and time")]
    Unrecognised,
    /// The moment is already past.
    #[error("that moment is in the past")]
    InPast,
    /// A date typed without a year is this year's, and it has passed (earlier today or earlier
    /// this year): the person is asked whether they meant next year's, never moved there.
    #[error("{typed} has passed; {suggestion} is suggested")]
    Passed {
        /// What was understood: this year's date and the time typed.
        typed: NaiveDateTime,
        /// The same day next year.
        suggestion: NaiveDate,
    },
    /// A numeric date ("12/10") that reads as two different existing dates, for a reader whose
    /// date order is not known.
    #[error("{day_first} or {month_first}?")]
    AmbiguousDate {
        day_first: NaiveDate,
        month_first: NaiveDate,
    },
    /// The moment is more than [`MAX_MONTHS_AHEAD`](super::MAX_MONTHS_AHEAD) months ahead.
    #[error("that moment is too far ahead")]
    TooFar,
    /// A date or time that does not exist: "31 février", "2026-02-30", "25h", "13pm".
    #[error("that date or time does not exist")]
    InvalidDate,
    /// A weekday that contradicts the date ("lundi 3 décembre" when the 3rd is a Thursday).
    #[error("the weekday does not match the date")]
    WeekdayMismatch,
    /// Not a rhythm this parser knows.
    #[error("not a recognised frequency")]
    BadFrequency,
    /// A rhythm with a negative number ("every -3 weeks"): never read as a positive one.
    #[error("the rhythm has a negative number")]
    NegativeFrequency,
    /// A rhythm understood but out of what the bot accepts (an interval of 60 weeks, the 5th
    /// Tuesday, 0 sessions…).
    #[error(transparent)]
    Cadence(#[from] CadenceError),
    /// The rhythm was understood, the end that follows it was not.
    #[error("the end of the rhythm was not understood")]
    EndUnrecognised,
    /// An end date that does not exist ("jusqu'au 31 juin").
    #[error("that end date does not exist")]
    EndInvalidDate,
    /// An end date already past.
    #[error("the end date {end} is in the past")]
    EndInPast { end: NaiveDate },
    /// An end date more than `max_months` months ahead.
    #[error("the end date {end} is more than {max_months} months ahead")]
    EndTooFar { end: NaiveDate, max_months: u32 },
}

impl WhenError {
    /// The Fluent message id explaining this error to the person, with an example.
    pub fn message_id(&self) -> &'static str {
        match self {
            WhenError::Empty => "when-error-empty",
            WhenError::NoTime => "when-error-no-time",
            WhenError::NoDay => "when-error-no-day",
            WhenError::Unrecognised => "when-error-unrecognised",
            WhenError::InPast => "when-error-in-past",
            WhenError::Passed { .. } => "when-error-passed",
            WhenError::AmbiguousDate { .. } => "when-error-ambiguous-date",
            WhenError::TooFar => "when-error-too-far",
            WhenError::InvalidDate => "when-error-invalid-date",
            WhenError::WeekdayMismatch => "when-error-weekday-mismatch",
            WhenError::BadFrequency => "when-error-bad-frequency",
            WhenError::NegativeFrequency => "when-error-negative-frequency",
            WhenError::Cadence(e) => e.message_id(),
            WhenError::EndUnrecognised => "when-error-end-unrecognised",
            WhenError::EndInvalidDate => "when-error-end-invalid-date",
            WhenError::EndInPast { .. } => "when-error-end-in-past",
            WhenError::EndTooFar { .. } => "when-error-end-too-far",
        }
    }

    /// The message to show, with its variables.
    pub fn msg(&self) -> Msg {
        match *self {
            WhenError::Cadence(e) => e.msg(),
            WhenError::Passed { typed, suggestion } => Msg::new(self.message_id())
                .arg("day", Arg::Num(typed.day().into()))
                .arg(
                    "month",
                    Arg::Msg(Box::new(Msg::new(format!("month-{}", typed.month())))),
                )
                .arg("time", Arg::Time(typed.time()))
                .arg("year", Arg::Num(suggestion.year().into())),
            WhenError::AmbiguousDate {
                day_first,
                month_first,
            } => Msg::new(self.message_id())
                .arg("day_first", Arg::Msg(Box::new(date_msg(day_first))))
                .arg("month_first", Arg::Msg(Box::new(date_msg(month_first)))),
            WhenError::EndInPast { end } => {
                Msg::new(self.message_id()).arg("end", Arg::Msg(Box::new(date_msg(end))))
            }
            WhenError::EndTooFar { end, max_months } => Msg::new(self.message_id())
                .arg("end", Arg::Msg(Box::new(date_msg(end))))
                .arg("max", Arg::Num(max_months.into())),
            _ => Msg::new(self.message_id()),
        }
    }
}
