//! What a cadence is made of: a [`Rule`] (every n days, weeks or months, or the nth weekday of
//! every n months) and an optional [`End`] (a last date, a number of exchanges, or a span from
//! the first exchange), validated once by the constructors of [`Cadence`].
//!
//! This room holds only the values and their limits; when the exchanges fall is
//! [`super::Schedule`], how a cadence is stored is `wire`, how it reads in a message is
//! `describe`. It must not know about the clock: an end in the past is refused where "now" is
//! known (`when`), an end before the first exchange by [`super::Schedule::try_new`].

use chrono::{NaiveDate, Weekday};

/// A calendar unit of a rhythm or of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Weeks,
    Months,
}

/// Which weekday of the month: the first to the fourth, or the last. There is no "fifth": not
/// every month has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Nth {
    /// The nth from the start of the month, 1 to 4; anything else is refused.
    pub fn from_number(n: u32) -> Result<Nth, CadenceError> {
        match n {
            1 => Ok(Nth::First),
            2 => Ok(Nth::Second),
            3 => Ok(Nth::Third),
            4 => Ok(Nth::Fourth),
            _ => Err(CadenceError::NoSuchWeekday { nth: n }),
        }
    }

    /// 1 to 4 from the start of the month, `None` for the last.
    pub fn number(self) -> Option<u32> {
        match self {
            Nth::First => Some(1),
            Nth::Second => Some(2),
            Nth::Third => Some(3),
            Nth::Fourth => Some(4),
            Nth::Last => None,
        }
    }

    /// The position as RFC 5545 writes it in `BYDAY`: 1 to 4, or -1 for the last.
    pub fn signed(self) -> i8 {
        match self {
            Nth::First => 1,
            Nth::Second => 2,
            Nth::Third => 3,
            Nth::Fourth => 4,
            Nth::Last => -1,
        }
    }

    /// From [`Self::signed`].
    pub fn from_signed(n: i8) -> Option<Nth> {
        match n {
            -1 => Some(Nth::Last),
            1..=4 => Nth::from_number(n.unsigned_abs().into()).ok(),
            _ => None,
        }
    }

    /// A stable name, used as a Fluent selector: `first` … `fourth`, `last`.
    pub fn id(self) -> &'static str {
        match self {
            Nth::First => "first",
            Nth::Second => "second",
            Nth::Third => "third",
            Nth::Fourth => "fourth",
            Nth::Last => "last",
        }
    }
}

/// When the exchanges fall, before any end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Every `n` days.
    Days(u32),
    /// Every `n` weeks, on the first exchange's weekday.
    Weeks(u32),
    /// Every `n` months, on the first exchange's day of month, clamped to short months.
    Months(u32),
    /// The `nth` `weekday` of every `every` months ("the 2nd Tuesday of every month").
    MonthlyWeekday {
        every: u32,
        nth: Nth,
        weekday: Weekday,
    },
}

/// When a series stops. Without one, it goes on until the agreement changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    /// Through this local date, included ("jusqu'au 30 juin", "until June 30").
    Until(NaiveDate),
    /// This many exchanges in all, the first included ("pour 6 séances", "for 6 sessions").
    Count(u32),
    /// For this long from the first exchange: the exchanges strictly before the first
    /// exchange's wall time plus `n` units ("pendant 3 mois", "for 3 months").
    For(Unit, u32),
}

/// How often the exchanges happen, and when they stop. Build it with [`Cadence::days`],
/// [`Cadence::weeks`], [`Cadence::months`], [`Cadence::monthly_weekday`] or the constants, then
/// [`Cadence::with_end`]; every constructor validates, so a `Cadence` is always in range.
///
/// Stored as JSON: `{"unit": "weeks", "every": 2}` as always, plus `"nth"`/`"weekday"` for a
/// weekday of the month and at most one of `"until"`, `"count"`, `"for"` for an end (see
/// `wire`).
/// `Serialize` and `Deserialize` are implemented there, beside the stored shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cadence {
    pub(super) rule: Rule,
    pub(super) end: Option<End>,
}

/// A cadence or an end outside what the bot accepts. Each variant has a Fluent message id
/// ([`CadenceError::message_id`]) and its numbers as variables ([`CadenceError::msg`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CadenceError {
    /// An interval of 0: no rhythm at all.
    #[error("an interval of 0 gives no rhythm")]
    Zero,
    /// An interval larger than `max` for its unit.
    #[error("every {every} {unit:?} is out of range: 1 to {max}")]
    OutOfRange { unit: Unit, every: u32, max: u32 },
    /// A 5th (or later) weekday of the month: not every month has one.
    #[error("not every month has a weekday number {nth}")]
    NoSuchWeekday { nth: u32 },
    /// "for 0 sessions".
    #[error("a series needs at least one exchange")]
    NoExchange,
    /// More exchanges than [`Cadence::MAX_EXCHANGES`].
    #[error("{count} exchanges is more than {max}")]
    TooManyExchanges { count: u32, max: u32 },
    /// "for 0 months".
    #[error("a span of 0 leaves no exchange")]
    EmptySpan,
    /// A span longer than [`Cadence::MAX_END_MONTHS`] months.
    #[error("a span of {n} {unit:?} is longer than {max_months} months")]
    SpanTooLong { unit: Unit, n: u32, max_months: u32 },
    /// The series ends on `end`, before its first exchange on `first`.
    #[error("the series ends on {end}, before its first exchange on {first}")]
    EndBeforeFirst { end: NaiveDate, first: NaiveDate },
}

impl Cadence {
    /// Largest interval in days (a year).
    pub const MAX_DAYS: u32 = 365;
    /// Largest interval in weeks (a year).
    pub const MAX_WEEKS: u32 = 52;
    /// Largest interval in months (a year).
    pub const MAX_MONTHS: u32 = 12;
    /// Most exchanges an ended series may count ("for 100 sessions").
    pub const MAX_EXCHANGES: u32 = 100;
    /// Longest span, and furthest end date, in months (three years).
    pub const MAX_END_MONTHS: u32 = 36;
    /// Every week.
    pub const WEEKLY: Cadence = Cadence::unended(Rule::Weeks(1));
    /// Every two weeks.
    pub const BIWEEKLY: Cadence = Cadence::unended(Rule::Weeks(2));
    /// Every month.
    pub const MONTHLY: Cadence = Cadence::unended(Rule::Months(1));

    const fn unended(rule: Rule) -> Cadence {
        Cadence { rule, end: None }
    }

    /// Every `n` days, `n` in 1..=365.
    pub fn days(n: u32) -> Result<Cadence, CadenceError> {
        Cadence::new(Rule::Days(n))
    }

    /// Every `n` weeks, `n` in 1..=52.
    pub fn weeks(n: u32) -> Result<Cadence, CadenceError> {
        Cadence::new(Rule::Weeks(n))
    }

    /// Every `n` months, `n` in 1..=12.
    pub fn months(n: u32) -> Result<Cadence, CadenceError> {
        Cadence::new(Rule::Months(n))
    }

    /// The `nth` `weekday` of every `every` months, `every` in 1..=12.
    pub fn monthly_weekday(
        every: u32,
        nth: Nth,
        weekday: Weekday,
    ) -> Result<Cadence, CadenceError> {
        Cadence::new(Rule::MonthlyWeekday {
            every,
            nth,
            weekday,
        })
    }

    /// A cadence without end following `rule`, if its interval is in range.
    pub fn new(rule: Rule) -> Result<Cadence, CadenceError> {
        let (unit, every, max) = match rule {
            Rule::Days(n) => (Unit::Days, n, Self::MAX_DAYS),
            Rule::Weeks(n) => (Unit::Weeks, n, Self::MAX_WEEKS),
            Rule::Months(n) | Rule::MonthlyWeekday { every: n, .. } => {
                (Unit::Months, n, Self::MAX_MONTHS)
            }
        };
        match every {
            0 => Err(CadenceError::Zero),
            n if n > max => Err(CadenceError::OutOfRange {
                unit,
                every: n,
                max,
            }),
            _ => Ok(Cadence::unended(rule)),
        }
    }

    /// The same rhythm, stopping at `end` (replacing any end it had). A count must be in
    /// 1..=[`Self::MAX_EXCHANGES`] and a span in 1 unit..=[`Self::MAX_END_MONTHS`] months. A
    /// date is not checked here: whether it is past, too far or before the first exchange
    /// depends on "now" and on the first exchange.
    pub fn with_end(self, end: End) -> Result<Cadence, CadenceError> {
        match end {
            End::Count(0) => return Err(CadenceError::NoExchange),
            End::Count(count) if count > Self::MAX_EXCHANGES => {
                return Err(CadenceError::TooManyExchanges {
                    count,
                    max: Self::MAX_EXCHANGES,
                })
            }
            End::For(_, 0) => return Err(CadenceError::EmptySpan),
            End::For(unit, n) => {
                let max = match unit {
                    Unit::Days => Self::MAX_END_MONTHS / 12 * 366,
                    Unit::Weeks => Self::MAX_END_MONTHS / 12 * 52,
                    Unit::Months => Self::MAX_END_MONTHS,
                };
                if n > max {
                    return Err(CadenceError::SpanTooLong {
                        unit,
                        n,
                        max_months: Self::MAX_END_MONTHS,
                    });
                }
            }
            End::Count(_) | End::Until(_) => {}
        }
        Ok(Cadence {
            end: Some(end),
            ..self
        })
    }

    /// The same rhythm without end.
    pub fn without_end(self) -> Cadence {
        Cadence::unended(self.rule)
    }

    /// Parses what a person typed ("toutes les 2 semaines jusqu'au 30 juin", "the last Friday
    /// of every month"), at `now`, in time zone `tz`; see [`crate::domain::when::parse_cadence`].
    pub fn parse(
        input: &str,
        now: chrono::DateTime<chrono::Utc>,
        tz: chrono_tz::Tz,
    ) -> Result<Cadence, crate::domain::when::WhenError> {
        crate::domain::when::parse_cadence(input, now, tz)
    }

    /// When the exchanges fall.
    pub fn rule(self) -> Rule {
        self.rule
    }

    /// When the series stops, if it does.
    pub fn end(self) -> Option<End> {
        self.end
    }

    /// The interval, in the rule's unit (months for a weekday of the month), at least 1.
    pub fn every(self) -> u32 {
        match self.rule {
            Rule::Days(n) | Rule::Weeks(n) | Rule::Months(n) => n.max(1),
            Rule::MonthlyWeekday { every, .. } => every.max(1),
        }
    }

    /// The interval in days for day and week rules; `None` for month rules.
    pub(super) fn period_days(self) -> Option<u64> {
        match self.rule {
            Rule::Days(_) => Some(u64::from(self.every())),
            Rule::Weeks(_) => Some(7 * u64::from(self.every())),
            Rule::Months(_) | Rule::MonthlyWeekday { .. } => None,
        }
    }
}
