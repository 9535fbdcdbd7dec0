//! What a word or phrase is read as: the token types, shared by the vocabulary
//! ([`super::words`]) that names them and the tokenizer ([`super::tokens`]) that produces them.
//! Types only: no reading, no checking.

use chrono::Weekday;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meridiem {
    Am,
    Pm,
}

/// A time of day as typed, not yet validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Clock {
    pub(super) hour: u32,
    pub(super) minute: u32,
    pub(super) meridiem: Option<Meridiem>,
    /// Written "10h" with nothing after the "h": a following "30" gives the minutes.
    pub(super) open_minutes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// A bare number and how many digits it was written with.
    Num(u32, usize),
    /// "1er", "3rd", "premier".
    Ordinal(u32),
    Clock(Clock),
    /// "h", "heure", "heures" after a number.
    HourMark,
    Meridiem(Meridiem),
    Weekday(Weekday),
    Month(u32),
    /// Today (0), tomorrow (1), the day after (2), with a part of the day ("ce soir").
    DayOffset(u32, Option<Meridiem>),
    /// "prochain", "next".
    Next,
    /// A calendar date, not yet validated.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// A numeric date written with slashes ("12/10", "12/10/2026"): which number is the day
    /// depends on the reader's [`DateOrder`](super::DateOrder), settled in `moment`.
    SlashDate {
        year: Option<i32>,
        first: u32,
        second: u32,
    },
    /// "in 3 months", "dans 2 mois": the same day of the month, that many months ahead.
    MonthsAhead(u32),
    /// "next month", "le mois prochain": a day of next month follows ("on the 3rd").
    NextMonth,
    /// A word that carries no meaning here ("le", "à", "at").
    Filler,
}
