//! What people type about time, in French and English, turned into domain values: a moment
//! ("mardi 10h", "tuesday 10am", "2026-12-01 14:30", "demain 9h") and a frequency ("toutes les
//! 2 semaines", "every 2 weeks").
//!
//! Parsing never guesses: a day without a time, a time without a day, a date that does not
//! exist or an instant in the past is a [`WhenError`], which maps to a Fluent message id so the
//! person gets a localised explanation with an example. Input is matched case- and
//! accent-insensitively; words such as "le", "à", "at", "on" and commas are ignored.
//!
//! This module is pure: "now" and the person's time zone are arguments, and a wall time is turned
//! into an instant only through [`resolve_local`] (the product's DST policy). It must not read
//! the clock or know about Discord.

use super::cadence::{resolve_local, Cadence};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

/// How far ahead a moment may be.
pub const MAX_MONTHS_AHEAD: u32 = 24;

/// Inputs longer than this (in characters) are not read.
const MAX_INPUT_CHARS: usize = 200;

/// Why a date, time or frequency typed by a person was not accepted. Each variant has a Fluent
/// message id ([`WhenError::message_id`]).
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
    /// The moment is more than [`MAX_MONTHS_AHEAD`] months ahead.
    #[error("that moment is too far ahead")]
    TooFar,
    /// A date or time that does not exist: "31 février", "2026-02-30", "25h", "13pm".
    #[error("that date or time does not exist")]
    InvalidDate,
    /// A weekday that contradicts the date ("lundi 3 décembre" when the 3rd is a Thursday).
    #[error("the weekday does not match the date")]
    WeekdayMismatch,
    /// Not a frequency this parser knows, or an interval out of range.
    #[error("not a recognised frequency")]
    BadFrequency,
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
            WhenError::TooFar => "when-error-too-far",
            WhenError::InvalidDate => "when-error-invalid-date",
            WhenError::WeekdayMismatch => "when-error-weekday-mismatch",
            WhenError::BadFrequency => "when-error-bad-frequency",
        }
    }
}

/// A moment a person named: the wall time they meant, in their zone, and the instant it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The wall time as meant (before the DST policy: 02:30 on a spring-forward night stays
    /// 02:30 here). Use this as a [`super::cadence::Schedule`] anchor.
    pub local: NaiveDateTime,
    /// The person's time zone.
    pub tz: Tz,
    /// `resolve_local(local, tz)`.
    pub utc: DateTime<Utc>,
}

/// Parses a date and time typed by a person in time zone `tz`, at instant `now`.
///
/// Accepted: a weekday ("mardi 10h", "next tuesday 9:00": the next such day, 1 to 7 days ahead),
/// a relative day ("demain 9h", "today 6pm", "ce soir 8h" = 20:00), a dated day ("3 décembre
/// 14h30", "Dec 3 at 2:30pm", "01/12/2026 14h30", "1/12 14h", "2026-12-01T14:30"; day/month
/// order for slash dates; without a year, the next such date still to come). Times: "10h",
/// "10h30", "10:30", "10 heures", "10am", "2:30 pm", "midi", "noon", "minuit". A weekday next to a
/// date must match it.
pub fn parse_moment(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<Moment, WhenError> {
    let words = normalise(input)?;
    let tokens = tokenize(&words)?;
    let parts = assemble(tokens)?;
    resolve(parts, now, tz)
}

/// Parses a frequency typed by a person: "toutes les 2 semaines", "tous les mois",
/// "hebdomadaire", "une semaine sur deux", "every other week", "fortnightly", "every 3 days".
///
/// French "tous les huit jours" and "tous les quinze jours" are the idioms for every week and
/// every two weeks (same weekday), and are read as such.
pub fn parse_cadence(input: &str) -> Result<Cadence, WhenError> {
    let words = normalise(input).map_err(|e| match e {
        WhenError::Empty => WhenError::Empty,
        _ => WhenError::BadFrequency,
    })?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let (unit, every) = frequency(&words).ok_or(WhenError::BadFrequency)?;
    let cadence = match (unit, every) {
        (Unit::FrenchDays, 8) => Cadence::weeks(1),
        (Unit::FrenchDays, 15) => Cadence::weeks(2),
        (Unit::Days | Unit::FrenchDays, n) => Cadence::days(n),
        (Unit::Weeks, n) => Cadence::weeks(n),
        (Unit::Months, n) => Cadence::months(n),
    };
    cadence.map_err(|_| WhenError::BadFrequency)
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/// Lower-cases, folds accents, unifies apostrophes, drops punctuation that carries no meaning
/// and splits into words ("l'après-midi" -> ["l", "apres", "midi"]).
fn normalise(input: &str) -> Result<Vec<String>, WhenError> {
    if input.trim().is_empty() {
        return Err(WhenError::Empty);
    }
    if input.chars().count() > MAX_INPUT_CHARS {
        return Err(WhenError::Unrecognised);
    }
    let mut folded = String::with_capacity(input.len());
    for c in input.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => folded.push('a'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' | 'í' => folded.push('i'),
            'ô' | 'ö' | 'ó' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => folded.push('u'),
            'ç' => folded.push('c'),
            'ÿ' => folded.push('y'),
            'ñ' => folded.push('n'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            '’' | '‘' | '`' | 'ʼ' => folded.push('\''),
            ',' | ';' | '!' | '?' | '(' | ')' => folded.push(' '),
            _ => folded.push(c),
        }
    }
    let folded = folded
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .replace("aujourd'hui", "aujourdhui");
    // A hyphen between digits belongs to an ISO date; elsewhere it joins words.
    let chars: Vec<char> = folded.chars().collect();
    let spaced: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_at = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == '-' && !(digit_at(i.checked_sub(1)) && digit_at(Some(i + 1))) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut words = Vec::new();
    for word in spaced.split_whitespace() {
        let word = word.trim_end_matches('.');
        match word.split_once('\'') {
            Some((elided @ ("l" | "d" | "qu" | "j"), rest)) => {
                words.push(elided.to_owned());
                if !rest.is_empty() {
                    words.push(rest.to_owned());
                }
            }
            _ if !word.is_empty() => words.push(word.to_owned()),
            _ => {}
        }
    }
    if words.is_empty() {
        return Err(WhenError::Empty);
    }
    Ok(words)
}

// ---------------------------------------------------------------------------------------------
// Words to tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// A time of day as typed, not yet validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clock {
    hour: u32,
    minute: u32,
    meridiem: Option<Meridiem>,
    /// Written "10h" with nothing after the "h": a following "30" gives the minutes.
    open_minutes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
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
    /// A word that carries no meaning here ("le", "à", "at").
    Filler,
}

const fn clock(hour: u32) -> Tok {
    Tok::Clock(Clock {
        hour,
        minute: 0,
        meridiem: None,
        open_minutes: false,
    })
}

/// Multi-word phrases, tried before single words (longest first where they overlap).
const PHRASES: &[(&[&str], Tok)] = &[
    (&["day", "after", "tomorrow"], Tok::DayOffset(2, None)),
    (&["apres", "demain"], Tok::DayOffset(2, None)),
    (
        &["demain", "apres", "midi"],
        Tok::DayOffset(1, Some(Meridiem::Pm)),
    ),
    (&["demain", "soir"], Tok::DayOffset(1, Some(Meridiem::Pm))),
    (&["demain", "matin"], Tok::DayOffset(1, Some(Meridiem::Am))),
    (
        &["tomorrow", "afternoon"],
        Tok::DayOffset(1, Some(Meridiem::Pm)),
    ),
    (
        &["tomorrow", "evening"],
        Tok::DayOffset(1, Some(Meridiem::Pm)),
    ),
    (
        &["tomorrow", "morning"],
        Tok::DayOffset(1, Some(Meridiem::Am)),
    ),
    (
        &["cet", "apres", "midi"],
        Tok::DayOffset(0, Some(Meridiem::Pm)),
    ),
    (&["ce", "soir"], Tok::DayOffset(0, Some(Meridiem::Pm))),
    (&["ce", "matin"], Tok::DayOffset(0, Some(Meridiem::Am))),
    (
        &["this", "afternoon"],
        Tok::DayOffset(0, Some(Meridiem::Pm)),
    ),
    (&["this", "evening"], Tok::DayOffset(0, Some(Meridiem::Pm))),
    (&["this", "morning"], Tok::DayOffset(0, Some(Meridiem::Am))),
    (&["de", "l", "apres", "midi"], Tok::Meridiem(Meridiem::Pm)),
    (&["l", "apres", "midi"], Tok::Meridiem(Meridiem::Pm)),
    (&["apres", "midi"], Tok::Meridiem(Meridiem::Pm)),
    (&["du", "soir"], Tok::Meridiem(Meridiem::Pm)),
    (&["du", "matin"], Tok::Meridiem(Meridiem::Am)),
    (&["in", "the", "afternoon"], Tok::Meridiem(Meridiem::Pm)),
    (&["in", "the", "evening"], Tok::Meridiem(Meridiem::Pm)),
    (&["in", "the", "morning"], Tok::Meridiem(Meridiem::Am)),
];

fn word_token(w: &str) -> Option<Tok> {
    use Weekday::*;
    let tok = match w {
        "le" | "la" | "l" | "a" | "at" | "on" | "the" | "de" | "du" | "d" | "of" | "ce" | "cet"
        | "cette" | "this" | "pour" | "for" => Tok::Filler,
        "aujourdhui" | "today" => Tok::DayOffset(0, None),
        "tonight" => Tok::DayOffset(0, Some(Meridiem::Pm)),
        "demain" | "tomorrow" => Tok::DayOffset(1, None),
        "prochain" | "prochaine" | "next" => Tok::Next,
        "midi" | "noon" => clock(12),
        "minuit" | "midnight" => clock(0),
        "am" => Tok::Meridiem(Meridiem::Am),
        "pm" => Tok::Meridiem(Meridiem::Pm),
        "h" | "heure" | "heures" => Tok::HourMark,
        "premier" | "premiere" | "first" => Tok::Ordinal(1),
        "lundi" | "lun" | "monday" | "mon" => Tok::Weekday(Mon),
        "mardi" | "tuesday" | "tue" | "tues" => Tok::Weekday(Tue),
        "mercredi" | "mer" | "wednesday" | "wed" => Tok::Weekday(Wed),
        "jeudi" | "jeu" | "thursday" | "thu" | "thur" | "thurs" => Tok::Weekday(Thu),
        "vendredi" | "ven" | "friday" | "fri" => Tok::Weekday(Fri),
        "samedi" | "sam" | "saturday" | "sat" => Tok::Weekday(Sat),
        "dimanche" | "dim" | "sunday" | "sun" => Tok::Weekday(Sun),
        "janvier" | "janv" | "january" | "jan" => Tok::Month(1),
        "fevrier" | "fevr" | "fev" | "february" | "feb" => Tok::Month(2),
        // "mar" is March in both languages, never Tuesday ("mardi").
        "mars" | "march" | "mar" => Tok::Month(3),
        "avril" | "avr" | "april" | "apr" => Tok::Month(4),
        "mai" | "may" => Tok::Month(5),
        "juin" | "june" | "jun" => Tok::Month(6),
        "juillet" | "juil" | "july" | "jul" => Tok::Month(7),
        "aout" | "august" | "aug" => Tok::Month(8),
        "septembre" | "sept" | "september" | "sep" => Tok::Month(9),
        "octobre" | "october" | "oct" => Tok::Month(10),
        "novembre" | "november" | "nov" => Tok::Month(11),
        "decembre" | "december" | "dec" => Tok::Month(12),
        _ => return None,
    };
    Some(tok)
}

fn tokenize(words: &[String]) -> Result<Vec<Tok>, WhenError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        for (phrase, tok) in PHRASES {
            let matches = words.len() - i >= phrase.len()
                && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w);
            if matches {
                tokens.push(*tok);
                i += phrase.len();
                continue 'words;
            }
        }
        let w = words[i].as_str();
        match word_token(w) {
            Some(Tok::Filler) => {}
            Some(tok) => tokens.push(tok),
            None => tokens.extend(numeric_word(w).ok_or(WhenError::Unrecognised)?),
        }
        i += 1;
    }
    Ok(tokens)
}

fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// "14h30", "10:30", "2pm", "10:30am", "14:30:00": a clock time, or `None`.
fn clock_word(w: &str) -> Option<Clock> {
    let (body, meridiem) = match w.strip_suffix("am") {
        Some(b) => (b, Some(Meridiem::Am)),
        None => match w.strip_suffix("pm") {
            Some(b) => (b, Some(Meridiem::Pm)),
            None => (w, None),
        },
    };
    let make = |hour, minute, open_minutes| Clock {
        hour,
        minute,
        meridiem,
        open_minutes,
    };
    if let Some((h, m)) = body.split_once('h') {
        let hour = digits(h, 1..=2)?;
        return match m {
            "" => Some(make(hour, 0, meridiem.is_none())),
            _ => Some(make(hour, digits(m, 2..=2)?, false)),
        };
    }
    let mut parts = body.split(':');
    let hour = digits(parts.next()?, 1..=2)?;
    let clock = match parts.next() {
        None if meridiem.is_some() => make(hour, 0, false),
        None => return None,
        Some(m) => make(hour, digits(m, 2..=2)?, false),
    };
    match parts.next() {
        None => Some(clock),
        Some(s) if digits(s, 2..=2)? <= 59 && parts.next().is_none() => Some(clock),
        Some(_) => None,
    }
}

/// "2026-12-01", "01/12/2026", "1/12", "2026/12/01": a date, or `None`.
fn date_word(w: &str) -> Option<Tok> {
    let date = |year, month, day| Some(Tok::Date { year, month, day });
    let parts: Vec<&str> = w.split(['-', '/']).collect();
    let sep_is = |c: char| w.contains(c);
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => date(
            Some(i32::try_from(digits(y, 4..=4)?).ok()?),
            digits(m, 1..=2)?,
            digits(d, 1..=2)?,
        ),
        [d, m, y] if sep_is('/') && !sep_is('-') => {
            let year = match y.len() {
                2 => 2000 + digits(y, 2..=2)?,
                _ => digits(y, 4..=4)?,
            };
            date(
                Some(i32::try_from(year).ok()?),
                digits(m, 1..=2)?,
                digits(d, 1..=2)?,
            )
        }
        [d, m] if sep_is('/') => date(None, digits(m, 1..=2)?, digits(d, 1..=2)?),
        _ => None,
    }
}

/// A word made of digits: a number, an ordinal, a clock time, a date, or an ISO date-time.
fn numeric_word(w: &str) -> Option<Vec<Tok>> {
    if let Some(n) = digits(w, 1..=9) {
        return Some(vec![Tok::Num(n, w.len())]);
    }
    for suffix in ["er", "ere", "re", "st", "nd", "rd", "th", "e", "eme"] {
        if let Some(n) = w.strip_suffix(suffix).and_then(|n| digits(n, 1..=2)) {
            return Some(vec![Tok::Ordinal(n)]);
        }
    }
    if let Some(c) = clock_word(w) {
        return Some(vec![Tok::Clock(c)]);
    }
    if let Some((d, t)) = w.split_once('t') {
        let time =
            clock_word(t).filter(|c| c.meridiem.is_none() && !c.open_minutes && t.contains(':'))?;
        return Some(vec![date_word(d)?, Tok::Clock(time)]);
    }
    date_word(w).map(|d| vec![d])
}

// ---------------------------------------------------------------------------------------------
// Tokens to parts

/// The day named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    Offset(u32),
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
}

/// What the input said, before it is checked against the calendar.
#[derive(Debug, Default)]
struct Parts {
    day: Option<Day>,
    weekday: Option<Weekday>,
    clock: Option<Clock>,
    /// Part of the day from "ce soir", "this morning": "ce soir 8h" is 20:00.
    hint: Option<Meridiem>,
}

fn assemble(tokens: Vec<Tok>) -> Result<Parts, WhenError> {
    let tokens = merge_clocks(tokens);
    let tokens = merge_month_dates(tokens)?;
    let mut parts = Parts::default();
    let mut next = false;
    let once = |taken: bool| {
        if taken {
            Err(WhenError::Unrecognised)
        } else {
            Ok(())
        }
    };
    for tok in tokens {
        match tok {
            Tok::Clock(c) => {
                once(parts.clock.is_some())?;
                parts.clock = Some(c);
            }
            Tok::Weekday(w) => {
                once(parts.weekday.is_some())?;
                parts.weekday = Some(w);
            }
            Tok::Next => {
                once(next)?;
                next = true;
            }
            Tok::DayOffset(n, hint) => {
                once(parts.day.is_some())?;
                parts.day = Some(Day::Offset(n));
                parts.hint = hint;
            }
            Tok::Date { year, month, day } => {
                once(parts.day.is_some())?;
                parts.day = Some(Day::Date { year, month, day });
            }
            Tok::Num(..)
            | Tok::Ordinal(_)
            | Tok::HourMark
            | Tok::Meridiem(_)
            | Tok::Month(_)
            | Tok::Filler => return Err(WhenError::Unrecognised),
        }
    }
    if next && (parts.weekday.is_none() || parts.day.is_some()) {
        return Err(WhenError::Unrecognised);
    }
    Ok(parts)
}

/// Joins "10 h 30", "10h 30", "10 heures", "2 pm", "10:30 am", "3h de l'après-midi".
fn merge_clocks(tokens: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(tok) = iter.next() {
        let merged = match (tok, iter.peek().copied()) {
            (Tok::Num(hour, 1..=2), Some(Tok::HourMark)) => {
                iter.next();
                let minute = match iter.peek() {
                    Some(&Tok::Num(m, 2)) => {
                        iter.next();
                        Some(m)
                    }
                    _ => None,
                };
                Tok::Clock(Clock {
                    hour,
                    minute: minute.unwrap_or(0),
                    meridiem: None,
                    open_minutes: minute.is_none(),
                })
            }
            (Tok::Num(hour, 1..=2), Some(Tok::Meridiem(m))) => {
                iter.next();
                Tok::Clock(Clock {
                    hour,
                    minute: 0,
                    meridiem: Some(m),
                    open_minutes: false,
                })
            }
            (Tok::Clock(c), Some(Tok::Num(minute, 2))) if c.open_minutes => {
                iter.next();
                Tok::Clock(Clock {
                    minute,
                    open_minutes: false,
                    ..c
                })
            }
            _ => tok,
        };
        // A meridiem right after a clock without one belongs to it: "10:30 am", "3h du matin".
        match (merged, iter.peek().copied()) {
            (Tok::Clock(c), Some(Tok::Meridiem(m))) if c.meridiem.is_none() => {
                iter.next();
                out.push(Tok::Clock(Clock {
                    meridiem: Some(m),
                    open_minutes: false,
                    ..c
                }));
            }
            _ => out.push(merged),
        }
    }
    out
}

/// Joins a month name with its day and optional year: "3 décembre", "le 1er décembre 2026",
/// "December 3", "Dec 3rd 2026".
fn merge_month_dates(tokens: Vec<Tok>) -> Result<Vec<Tok>, WhenError> {
    let mut slots: Vec<Option<Tok>> = tokens.into_iter().map(Some).collect();
    let day_at = |slots: &[Option<Tok>], i: usize| match slots.get(i).copied().flatten() {
        Some(Tok::Num(d, 1..=2) | Tok::Ordinal(d)) => Some(d),
        _ => None,
    };
    for i in 0..slots.len() {
        let Some(Tok::Month(month)) = slots[i] else {
            continue;
        };
        let (day, day_index) = match i
            .checked_sub(1)
            .and_then(|j| day_at(&slots, j).map(|d| (d, j)))
        {
            Some(found) => found,
            None => day_at(&slots, i + 1)
                .map(|d| (d, i + 1))
                .ok_or(WhenError::Unrecognised)?,
        };
        let year_index = i.max(day_index) + 1;
        let year = match slots.get(year_index).copied().flatten() {
            Some(Tok::Num(y, 4)) => {
                slots[year_index] = None;
                Some(i32::try_from(y).map_err(|_| WhenError::Unrecognised)?)
            }
            _ => None,
        };
        slots[day_index] = None;
        slots[i] = Some(Tok::Date { year, month, day });
    }
    Ok(slots.into_iter().flatten().collect())
}

// ---------------------------------------------------------------------------------------------
// Parts to a moment

fn resolve(parts: Parts, now: DateTime<Utc>, tz: Tz) -> Result<Moment, WhenError> {
    if parts.day.is_none() && parts.weekday.is_none() && parts.clock.is_none() {
        return Err(WhenError::Unrecognised);
    }
    let time = parts.clock.map(|c| wall_time(c, parts.hint)).transpose()?;
    if let Some(Day::Date { year, month, day }) = parts.day {
        let exists = |y: i32| NaiveDate::from_ymd_opt(y, month, day).is_some();
        let this_year = now.with_timezone(&tz).year();
        let valid = match year {
            Some(y) => exists(y),
            None => exists(this_year) || exists(this_year + 1),
        };
        if !valid {
            return Err(WhenError::InvalidDate);
        }
    }
    let time = match (time, parts.day.is_some() || parts.weekday.is_some()) {
        (Some(t), true) => t,
        (None, _) => return Err(WhenError::NoTime),
        (Some(_), false) => return Err(WhenError::NoDay),
    };
    let today = now.with_timezone(&tz).date_naive();
    let date = match (parts.day, parts.weekday) {
        (Some(Day::Offset(n)), _) => today.checked_add_days(Days::new(n.into())),
        (
            Some(Day::Date {
                year: Some(y),
                month,
                day,
            }),
            _,
        ) => NaiveDate::from_ymd_opt(y, month, day),
        (
            Some(Day::Date {
                year: None,
                month,
                day,
            }),
            _,
        ) => [today.year(), today.year() + 1]
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .find(|d| resolve_local(d.and_time(time), tz) > now)
            .or_else(|| NaiveDate::from_ymd_opt(today.year(), month, day)),
        (None, Some(w)) => {
            let ahead = (w.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
            today.checked_add_days(Days::new(if ahead == 0 { 7 } else { ahead.into() }))
        }
        (None, None) => None,
    }
    .ok_or(WhenError::Unrecognised)?;
    if parts.weekday.is_some_and(|w| w != date.weekday()) {
        return Err(WhenError::WeekdayMismatch);
    }
    let local = date.and_time(time);
    let utc = resolve_local(local, tz);
    if utc <= now {
        return Err(WhenError::InPast);
    }
    if now
        .checked_add_months(Months::new(MAX_MONTHS_AHEAD))
        .is_none_or(|limit| utc > limit)
    {
        return Err(WhenError::TooFar);
    }
    Ok(Moment { local, tz, utc })
}

/// A typed clock time as a wall time: 12-hour times need 1..=12, 24-hour times 0..=23.
fn wall_time(c: Clock, hint: Option<Meridiem>) -> Result<NaiveTime, WhenError> {
    let hour = match (c.meridiem, hint) {
        (Some(_), _) if !(1..=12).contains(&c.hour) => return Err(WhenError::InvalidDate),
        (Some(Meridiem::Am), _) => c.hour % 12,
        (Some(Meridiem::Pm), _) => c.hour % 12 + 12,
        (None, Some(Meridiem::Pm)) if (1..=11).contains(&c.hour) => c.hour + 12,
        (None, _) => c.hour,
    };
    NaiveTime::from_hms_opt(hour, c.minute, 0).ok_or(WhenError::InvalidDate)
}

// ---------------------------------------------------------------------------------------------
// Frequencies

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days,
    /// "jours": kept apart for the French idioms "huit jours" (a week) and "quinze jours".
    FrenchDays,
    Weeks,
    Months,
}

fn unit_word(w: &str) -> Option<Unit> {
    match w {
        "jour" | "jours" => Some(Unit::FrenchDays),
        "day" | "days" => Some(Unit::Days),
        "semaine" | "semaines" | "week" | "weeks" => Some(Unit::Weeks),
        "mois" | "month" | "months" => Some(Unit::Months),
        _ => None,
    }
}

fn number_word(w: &str) -> Option<u32> {
    let n = match w {
        "un" | "une" | "one" => 1,
        "deux" | "two" | "other" | "second" => 2,
        "trois" | "three" | "third" => 3,
        "quatre" | "four" | "fourth" => 4,
        "cinq" | "five" => 5,
        "six" => 6,
        "sept" | "seven" => 7,
        "huit" | "eight" => 8,
        "neuf" | "nine" => 9,
        "dix" | "ten" => 10,
        "onze" | "eleven" => 11,
        "douze" | "twelve" => 12,
        "quinze" | "fifteen" => 15,
        _ => return digits(w, 1..=4),
    };
    Some(n)
}

/// The (unit, interval) a frequency phrase names, or `None`.
fn frequency(words: &[&str]) -> Option<(Unit, u32)> {
    let adjective = match words.join(" ").as_str() {
        "quotidien" | "quotidienne" | "journalier" | "journaliere" | "daily" => {
            Some((Unit::Days, 1))
        }
        "hebdomadaire" | "hebdo" | "weekly" => Some((Unit::Weeks, 1)),
        "fortnightly" | "biweekly" | "bi weekly" => Some((Unit::Weeks, 2)),
        "mensuel" | "mensuelle" | "monthly" => Some((Unit::Months, 1)),
        "bimestriel" | "bimestrielle" => Some((Unit::Months, 2)),
        "trimestriel" | "trimestrielle" | "quarterly" => Some((Unit::Months, 3)),
        "semestriel" | "semestrielle" => Some((Unit::Months, 6)),
        _ => None,
    };
    if adjective.is_some() {
        return adjective;
    }
    match words {
        // "une fois par semaine", "once a week", "once every two weeks"
        ["une" | "1", "fois", rest @ ..] | ["once", rest @ ..] => match rest {
            ["par" | "a" | "per", unit] => Some((unit_word(unit)?, 1)),
            _ => frequency(rest),
        },
        // "une semaine sur deux", "un mois sur trois"
        ["un" | "une" | "1", unit, "sur", n] => Some((unit_word(unit)?, number_word(n)?)),
        // "tous les 15 jours", "toutes les semaines", "chaque mois", "every other week"
        ["tous" | "toutes", "les", rest @ ..] | ["chaque" | "every" | "each", rest @ ..] => {
            match rest {
                [unit] => Some((unit_word(unit)?, 1)),
                [n, unit] => Some((unit_word(unit)?, number_word(n)?)),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Timelike};
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;

    /// Tuesday 17 November 2026, 09:00 in Paris.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 17, 8, 0, 0).unwrap()
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn parses_to(inputs: &[&str], expected: &str) {
        for input in inputs {
            match parse_moment(input, now(), Paris) {
                Ok(m) => {
                    assert_eq!(m.local, local(expected), "{input:?}");
                    assert_eq!(m.utc, resolve_local(m.local, Paris), "{input:?}");
                    assert_eq!(m.tz, Paris);
                }
                Err(e) => panic!("{input:?} gave {e:?}, expected {expected}"),
            }
        }
    }

    fn fails_with(inputs: &[&str], error: WhenError) {
        for input in inputs {
            assert_eq!(parse_moment(input, now(), Paris), Err(error), "{input:?}");
        }
    }

    #[test]
    fn weekdays_mean_the_next_such_day() {
        parses_to(
            &[
                "mardi 10h",
                "MARDI   10H",
                "Mardi, à 10h",
                "tuesday 10am",
                "tue 10 am",
                "mardi 10 h",
            ],
            "2026-11-24 10:00",
        );
        parses_to(
            &[
                "mardi 10h30",
                "mardi à 10:30",
                "tuesday 10:30 am",
                "Tuesday 10:30am",
                "mardi 10 h 30",
            ],
            "2026-11-24 10:30",
        );
        parses_to(
            &[
                "mardi prochain 14h",
                "prochain mardi 14h",
                "Tuesday at 2pm",
                "tuesday 2 p.m.",
            ],
            "2026-11-24 14:00",
        );
        parses_to(
            &["next tuesday 9:00", "this tuesday 9h"],
            "2026-11-24 09:00",
        );
        parses_to(
            &["mercredi 8h", "wed 8am", "on wednesday at 8:00"],
            "2026-11-18 08:00",
        );
        parses_to(
            &["lun 17h45", "monday 5:45pm", "Lundi à 17h45"],
            "2026-11-23 17:45",
        );
        parses_to(
            &["dimanche 11h", "sunday 11am", "dim 11h"],
            "2026-11-22 11:00",
        );
        parses_to(
            &["mardi midi", "tuesday noon", "mardi 12h", "tuesday 12pm"],
            "2026-11-24 12:00",
        );
    }

    #[test]
    fn relative_days() {
        parses_to(
            &["demain 9h", "tomorrow 9am", "Demain à 9:00"],
            "2026-11-18 09:00",
        );
        parses_to(
            &[
                "après-demain 10h",
                "apres demain 10h",
                "day after tomorrow 10am",
            ],
            "2026-11-19 10:00",
        );
        parses_to(
            &[
                "aujourd'hui 18h",
                "aujourd’hui 18h",
                "today 6pm",
                "ce soir 18h",
                "ce soir 6h",
            ],
            "2026-11-17 18:00",
        );
        parses_to(
            &["tonight 8pm", "ce soir 20h", "ce soir à 8h"],
            "2026-11-17 20:00",
        );
        parses_to(
            &[
                "demain 3h de l'après-midi",
                "demain après-midi 3h",
                "tomorrow 3 in the afternoon",
            ],
            "2026-11-18 15:00",
        );
        parses_to(&["demain 9h du soir"], "2026-11-18 21:00");
        parses_to(
            &["tomorrow 12am", "demain minuit", "demain 0h"],
            "2026-11-18 00:00",
        );
        parses_to(&["demain 10 heures", "demain 10h00"], "2026-11-18 10:00");
        parses_to(
            &["demain 10h 30", "demain 10 heures 30", "tomorrow 10:30:00"],
            "2026-11-18 10:30",
        );
    }

    #[test]
    fn dated_days() {
        parses_to(
            &[
                "2026-12-01 14:30",
                "2026-12-01T14:30",
                "2026-12-01 14h30",
                "01/12/2026 14h30",
                "1/12/26 14:30",
                "le 1er décembre à 14h30",
                "1 dec 14:30",
            ],
            "2026-12-01 14:30",
        );
        parses_to(&["1/12 14h", "01/12 à 14h"], "2026-12-01 14:00");
        parses_to(
            &[
                "3 décembre 14h",
                "le 3 décembre à 14h",
                "December 3 2pm",
                "3 December 14:00",
                "Dec 3 at 2pm",
                "dec. 3rd, 2026 at 2 pm",
                "jeudi 3 décembre 14h",
            ],
            "2026-12-03 14:00",
        );
        parses_to(
            &[
                "le 3 décembre à 14h30",
                "Dec 3 at 2:30pm",
                "DÉCEMBRE 3 14H30",
            ],
            "2026-12-03 14:30",
        );
        // Without a year, the next such date still to come.
        parses_to(&["15/11 10h", "15 novembre 10h"], "2027-11-15 10:00");
        parses_to(&["17/11 10h"], "2026-11-17 10:00");
        parses_to(&["17/11 8h"], "2027-11-17 08:00");
        parses_to(
            &["14 février 2027 9h", "February 14th 2027 9am"],
            "2027-02-14 09:00",
        );
    }

    #[test]
    fn day_in_the_persons_time_zone() {
        // 23:30 UTC on the 17th: already the 18th in Paris, still the 17th in New York.
        let now = Utc.with_ymd_and_hms(2026, 11, 17, 23, 30, 0).unwrap();
        let paris = parse_moment("demain 9h", now, Paris).unwrap();
        assert_eq!(paris.local, local("2026-11-19 09:00"));
        assert_eq!(
            paris.utc,
            Utc.with_ymd_and_hms(2026, 11, 19, 8, 0, 0).unwrap()
        );
        let ny = parse_moment("tomorrow 9am", now, New_York).unwrap();
        assert_eq!(ny.local, local("2026-11-18 09:00"));
        assert_eq!(
            ny.utc,
            Utc.with_ymd_and_hms(2026, 11, 18, 14, 0, 0).unwrap()
        );
        let wed = parse_moment("mercredi 9h", now, New_York).unwrap();
        assert_eq!(wed.local, local("2026-11-18 09:00"));
        let wed = parse_moment("mercredi 9h", now, Paris).unwrap();
        assert_eq!(wed.local, local("2026-11-25 09:00"));
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_moves_forward() {
        let m = parse_moment("2027-03-28 02:30", now(), Paris).unwrap();
        assert_eq!(m.local, local("2027-03-28 02:30"));
        assert_eq!(m.utc, Utc.with_ymd_and_hms(2027, 3, 28, 1, 30, 0).unwrap()); // 03:30 CEST
        let m = parse_moment("2027-10-31 02:30", now(), Paris).unwrap();
        assert_eq!(m.utc, Utc.with_ymd_and_hms(2027, 10, 31, 0, 30, 0).unwrap());
        // first 02:30
    }

    #[test]
    fn errors() {
        fails_with(&["", "   ", " , "], WhenError::Empty);
        fails_with(
            &[
                "mardi",
                "demain",
                "3 décembre",
                "2026-12-01",
                "next tuesday",
                "ce soir",
            ],
            WhenError::NoTime,
        );
        fails_with(&["14h", "10:30", "à midi", "2pm"], WhenError::NoDay);
        fails_with(
            &[
                "blah",
                "mardi 10",
                "tuesday at 10",
                "mardi mercredi 10h",
                "demain mardi prochain 10h",
                "next 10h",
                "décembre 14h",
                "10h 11h demain",
                "mar 10h",
                "tuesday pm",
                "mardi 10h5",
                "01-12-2026 10h",
            ],
            WhenError::Unrecognised,
        );
        fails_with(
            &[
                "aujourd'hui 8h",
                "today 9am",
                "2026-11-01 10:00",
                "ce matin 7h",
            ],
            WhenError::InPast,
        );
        fails_with(
            &["2029-01-01 10:00", "1 janvier 2030 10h"],
            WhenError::TooFar,
        );
        fails_with(
            &[
                "31 février 10h",
                "2026-02-30 10:00",
                "mardi 25h",
                "demain 24h",
                "demain 10h75",
                "demain 13pm",
                "tomorrow 0am",
                "32/01 10h",
                "1/13 10h",
                "29 février 10h",
            ],
            WhenError::InvalidDate,
        );
        fails_with(
            &["lundi 3 décembre 10h", "demain lundi 10h"],
            WhenError::WeekdayMismatch,
        );
        let long = "mardi ".repeat(100);
        fails_with(&[long.as_str()], WhenError::Unrecognised);
    }

    #[test]
    fn message_ids() {
        assert_eq!(WhenError::NoTime.message_id(), "when-error-no-time");
        assert_eq!(
            WhenError::BadFrequency.message_id(),
            "when-error-bad-frequency"
        );
        assert_eq!(
            WhenError::WeekdayMismatch.message_id(),
            "when-error-weekday-mismatch"
        );
    }

    #[test]
    fn frequencies() {
        let cases: &[(&[&str], Cadence)] = &[
            (
                &[
                    "toutes les semaines",
                    "chaque semaine",
                    "hebdomadaire",
                    "every week",
                    "weekly",
                    "Une fois par semaine",
                    "once a week",
                    "tous les 8 jours",
                    "each week",
                ],
                Cadence::WEEKLY,
            ),
            (
                &[
                    "toutes les 2 semaines",
                    "toutes les deux semaines",
                    "tous les 15 jours",
                    "tous les quinze jours",
                    "une semaine sur deux",
                    "every 2 weeks",
                    "every two weeks",
                    "fortnightly",
                    "biweekly",
                    "bi-weekly",
                    "every other week",
                    "once every two weeks",
                ],
                Cadence::BIWEEKLY,
            ),
            (
                &[
                    "tous les mois",
                    "chaque mois",
                    "mensuel",
                    "Mensuelle",
                    "every month",
                    "monthly",
                    "une fois par mois",
                    "once a month",
                ],
                Cadence::MONTHLY,
            ),
            (
                &[
                    "tous les 2 mois",
                    "every two months",
                    "bimestriel",
                    "un mois sur deux",
                ],
                Cadence::Months(2),
            ),
            (
                &["trimestriel", "quarterly", "tous les trois mois"],
                Cadence::Months(3),
            ),
            (&["every 3 days", "every three days"], Cadence::Days(3)),
            (&["every 15 days", "every fifteen days"], Cadence::Days(15)),
            (
                &["tous les 10 jours", "tous les dix jours"],
                Cadence::Days(10),
            ),
            (
                &["tous les jours", "every day", "daily", "quotidien"],
                Cadence::Days(1),
            ),
            (
                &["toutes les douze semaines", "every twelve weeks"],
                Cadence::Weeks(12),
            ),
        ];
        for (inputs, expected) in cases {
            for input in *inputs {
                assert_eq!(parse_cadence(input), Ok(*expected), "{input:?}");
                assert_eq!(Cadence::parse(input), Ok(*expected), "{input:?}");
            }
        }
        assert_eq!(parse_cadence("  "), Err(WhenError::Empty));
        for bad in [
            "sometimes",
            "bimensuel",
            "twice a week",
            "every 0 weeks",
            "toutes les 53 semaines",
            "every 13 months",
            "tous les 400 jours",
            "every week on tuesday",
            "semaine",
            "every",
            "mardi 10h",
        ] {
            assert_eq!(parse_cadence(bad), Err(WhenError::BadFrequency), "{bad:?}");
        }
    }

    const ZONES: [Tz; 5] = [
        Paris,
        New_York,
        chrono_tz::Asia::Tokyo,
        chrono_tz::Australia::Sydney,
        chrono_tz::UTC,
    ];
    const FR_DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const EN_DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    fn arb_now() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..86_400 * 365 * 3)
            .prop_map(|s| Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(s))
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(input in "\\PC{0,300}", now in arb_now(), z in 0usize..5) {
            if let Ok(m) = parse_moment(&input, now, ZONES[z]) {
                prop_assert!(m.utc > now);
            }
            let _ = parse_cadence(&input);
        }

        #[test]
        fn never_panics_on_plausible_words(
            words in prop::collection::vec(prop::sample::select(vec![
                "mardi", "next", "prochain", "demain", "ce", "soir", "10h", "10", "h", "30", "am", "pm",
                "3", "décembre", "dec", "2026", "1er", "3rd", "midi", "14:30", "2026-12-01T14:30",
                "31/12", "29/02/2027", "99", "9999", "le", "à", "de", "l'après-midi", "du", "matin",
                "toutes", "les", "semaines", "every", "other", "week", "0", "00:00", "25h", "12pm",
            ]), 0..8),
            now in arb_now(),
        ) {
            let input = words.join(" ");
            if let Ok(m) = parse_moment(&input, now, Paris) {
                prop_assert!(m.utc > now);
                prop_assert_eq!(m.utc, resolve_local(m.local, Paris));
            }
            let _ = parse_cadence(&input);
        }

        #[test]
        fn weekday_and_time_in_both_languages(
            day in 0usize..7, hour in 0u32..24, minute in 0u32..60,
            form in 0usize..6, now in arb_now(), z in 0usize..5,
        ) {
            let tz = ZONES[z];
            let (h12, ampm) = match hour { 0 => (12, "am"), 1..=11 => (hour, "am"), 12 => (12, "pm"), _ => (hour - 12, "pm") };
            let input = match form {
                0 => format!("{} {hour}h{minute:02}", FR_DAYS[day]),
                1 => format!("{} à {hour}:{minute:02}", FR_DAYS[day].to_uppercase()),
                2 => format!("{} prochain {hour} h {minute:02}", FR_DAYS[day]),
                3 => format!("{} {h12}:{minute:02} {ampm}", EN_DAYS[day]),
                4 => format!("next {} at {h12}:{minute:02}{ampm}", EN_DAYS[day]),
                _ => format!("on {}, {hour}:{minute:02}", EN_DAYS[day]),
            };
            let m = parse_moment(&input, now, tz).unwrap();
            let today = now.with_timezone(&tz).date_naive();
            prop_assert!(m.utc > now);
            prop_assert_eq!(m.local.weekday().num_days_from_monday() as usize, day);
            prop_assert_eq!((m.local.hour(), m.local.minute()), (hour, minute));
            prop_assert!((1..=7).contains(&(m.local.date() - today).num_days()));
            let seen = m.utc.with_timezone(&tz).naive_local();
            if tz.from_local_datetime(&m.local).earliest().is_some() {
                prop_assert_eq!(seen, m.local);
            } else {
                prop_assert!(seen > m.local);
            }
        }

        #[test]
        fn iso_datetimes_round_trip(now in arb_now(), ahead in 3i64 * 3600..86_400 * 700, z in 0usize..5, t in any::<bool>()) {
            let tz = ZONES[z];
            let wanted = (now + Duration::seconds(ahead)).with_timezone(&tz).naive_local();
            let wanted = wanted.date().and_hms_opt(wanted.hour(), wanted.minute(), 0).unwrap();
            let format = if t { "%Y-%m-%dT%H:%M" } else { "%Y-%m-%d %H:%M" };
            let m = parse_moment(&wanted.format(format).to_string(), now, tz).unwrap();
            prop_assert_eq!(m.local, wanted);
            let french = wanted.format("%d/%m/%Y %Hh%M").to_string();
            prop_assert_eq!(parse_moment(&french, now, tz).unwrap().local, wanted);
        }
    }
}
