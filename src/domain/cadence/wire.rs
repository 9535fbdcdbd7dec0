//! How a [`Cadence`] is stored: a flat JSON object that agreements saved before ends and
//! weekdays of the month existed still read as the same cadence.
//!
//! - `{"unit": "weeks", "every": 2}`: days, weeks, months, as always;
//! - `{"unit": "month_weekday", "every": 1, "nth": 2, "weekday": "tue"}`: the 2nd Tuesday of
//!   every month (`"nth": -1` is the last);
//! - an end adds one of `"until": "2027-06-30"` (a local date, included), `"count": 6`, or
//!   `"for": {"months": 3}` (also `"weeks"`, `"days"`), counted from the first exchange.
//!
//! Reading validates like the constructors: an out-of-range interval, two ends or a weekday
//! without its rank are refused. Nothing else lives here.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::rule::{Cadence, End, Nth, Rule, Unit};

#[derive(Serialize, Deserialize)]
struct Wire {
    unit: WireUnit,
    every: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nth: Option<i8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weekday: Option<WireWeekday>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    span: Option<WireSpan>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum WireUnit {
    Days,
    Weeks,
    Months,
    MonthWeekday,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum WireSpan {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum WireWeekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<Weekday> for WireWeekday {
    fn from(w: Weekday) -> Self {
        match w {
            Weekday::Mon => WireWeekday::Mon,
            Weekday::Tue => WireWeekday::Tue,
            Weekday::Wed => WireWeekday::Wed,
            Weekday::Thu => WireWeekday::Thu,
            Weekday::Fri => WireWeekday::Fri,
            Weekday::Sat => WireWeekday::Sat,
            Weekday::Sun => WireWeekday::Sun,
        }
    }
}

impl From<WireWeekday> for Weekday {
    fn from(w: WireWeekday) -> Self {
        match w {
            WireWeekday::Mon => Weekday::Mon,
            WireWeekday::Tue => Weekday::Tue,
            WireWeekday::Wed => Weekday::Wed,
            WireWeekday::Thu => Weekday::Thu,
            WireWeekday::Fri => Weekday::Fri,
            WireWeekday::Sat => Weekday::Sat,
            WireWeekday::Sun => Weekday::Sun,
        }
    }
}

impl From<Cadence> for Wire {
    fn from(c: Cadence) -> Self {
        let (unit, every, nth, weekday) = match c.rule {
            Rule::Days(n) => (WireUnit::Days, n, None, None),
            Rule::Weeks(n) => (WireUnit::Weeks, n, None, None),
            Rule::Months(n) => (WireUnit::Months, n, None, None),
            Rule::MonthlyWeekday {
                every,
                nth,
                weekday,
            } => (
                WireUnit::MonthWeekday,
                every,
                Some(nth.signed()),
                Some(weekday.into()),
            ),
        };
        let mut wire = Wire {
            unit,
            every,
            nth,
            weekday,
            until: None,
            count: None,
            span: None,
        };
        match c.end {
            None => {}
            Some(End::Until(d)) => wire.until = Some(d),
            Some(End::Count(n)) => wire.count = Some(n),
            Some(End::For(unit, n)) => {
                wire.span = Some(match unit {
                    Unit::Days => WireSpan::Days(n),
                    Unit::Weeks => WireSpan::Weeks(n),
                    Unit::Months => WireSpan::Months(n),
                })
            }
        }
        wire
    }
}

impl TryFrom<Wire> for Cadence {
    type Error = String;

    fn try_from(w: Wire) -> Result<Self, Self::Error> {
        let rule = match (w.unit, w.nth, w.weekday) {
            (WireUnit::Days, None, None) => Rule::Days(w.every),
            (WireUnit::Weeks, None, None) => Rule::Weeks(w.every),
            (WireUnit::Months, None, None) => Rule::Months(w.every),
            (WireUnit::MonthWeekday, Some(nth), Some(weekday)) => Rule::MonthlyWeekday {
                every: w.every,
                nth: Nth::from_signed(nth).ok_or_else(|| format!("no such weekday rank: {nth}"))?,
                weekday: weekday.into(),
            },
            _ => return Err("a weekday rank and a weekday go together, with month_weekday".into()),
        };
        let cadence = Cadence::new(rule).map_err(|e| e.to_string())?;
        let span = w.span.map(|s| match s {
            WireSpan::Days(n) => End::For(Unit::Days, n),
            WireSpan::Weeks(n) => End::For(Unit::Weeks, n),
            WireSpan::Months(n) => End::For(Unit::Months, n),
        });
        let ends: Vec<End> = [w.until.map(End::Until), w.count.map(End::Count), span]
            .into_iter()
            .flatten()
            .collect();
        match ends.as_slice() {
            [] => Ok(cadence),
            [end] => cadence.with_end(*end).map_err(|e| e.to_string()),
            _ => Err("a cadence has at most one end".into()),
        }
    }
}

impl Serialize for Cadence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire::from(*self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Cadence::try_from(Wire::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
