//! Normalisation and vocabulary: text as typed becomes lower-case, accent-free words, and the
//! French and English words for days, months, parts of the day and numbers are listed here.
//!
//! This is where a new word or phrase is taught to the parser. It must not read numbers, clock
//! times or dates, nor check anything against the calendar: that is [`super::tokens`] and
//! [`super::moment`].

use super::token::{Clock, Meridiem, Tok};
use super::WhenError;
use chrono::Weekday;

/// Inputs longer than this (in characters) are not read.
const MAX_INPUT_CHARS: usize = 200;

/// Lower-cases, folds accents, unifies apostrophes, drops punctuation that carries no meaning
/// and splits into words ("l'après-midi" -> ["l", "apres", "midi"]).
pub(super) fn normalise(input: &str) -> Result<Vec<String>, WhenError> {
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
            // Superscript ordinals: "2ᵉ", "1ᵉʳ".
            'ᵉ' => folded.push('e'),
            'ʳ' => folded.push('r'),
            'ñ' => folded.push('n'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            '’' | '‘' | '`' | 'ʼ' => folded.push('\''),
            // The minus sign and dashes typed for it.
            '\u{2212}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => folded.push('-'),
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
            // A minus sign before a number stays with it ("-3"), so that a negative number is
            // refused rather than read as a positive one.
            let minus = digit_at(Some(i + 1))
                && i.checked_sub(1)
                    .and_then(|j| chars.get(j))
                    .is_none_or(|p| p.is_whitespace());
            if c == '-' && !minus && !(digit_at(i.checked_sub(1)) && digit_at(Some(i + 1))) {
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

const fn clock(hour: u32) -> Tok {
    Tok::Clock(Clock {
        hour,
        minute: 0,
        meridiem: None,
        open_minutes: false,
    })
}

/// Multi-word phrases, tried before single words (longest first where they overlap).
pub(super) const PHRASES: &[(&[&str], Tok)] = &[
    (&["next", "month"], Tok::NextMonth),
    (&["mois", "prochain"], Tok::NextMonth),
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

pub(super) fn word_token(w: &str) -> Option<Tok> {
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

pub(super) fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

pub(super) fn number_word(w: &str) -> Option<u32> {
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
        _ => return digits(w, 1..=6),
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::WhenError;

    #[test]
    fn the_phrases_people_use() {
        // Now: Tuesday 17 November 2026, 09:00 in Paris.
        parses_to(
            &["tomorrow 9", "demain 9", "demain 9 h"],
            "2026-11-18 09:00",
        );
        parses_to(
            &["Tuesday 10", "mardi 10", "tuesday at 10"],
            "2026-11-24 10:00",
        );
        parses_to(&["ce soir 8", "tonight at 8"], "2026-11-17 20:00");
        parses_to(
            &[
                "in two weeks at 10",
                "in 2 weeks 10am",
                "dans 15 jours à 10 h",
                "dans quinze jours 10h",
                "dans deux semaines à 10h",
                "in 14 days at 10",
            ],
            "2026-12-01 10:00",
        );
        parses_to(
            &["dans 8 jours 14h", "in a week at 2pm"],
            "2026-11-24 14:00",
        );
        parses_to(
            &["in 3 days at 9am", "dans 3 jours à 9h"],
            "2026-11-20 09:00",
        );
        parses_to(
            &[
                "next month on the 3rd at 10am",
                "next month on the 3rd at 10",
                "le 3 du mois prochain à 10h",
                "le 3 mois prochain 10h",
            ],
            "2026-12-03 10:00",
        );
        parses_to(
            &["in 2 months at 10", "dans 2 mois à 10h"],
            "2027-01-17 10:00",
        );
        // A day without a time: the hour is asked, never taken from the clock.
        fails_with(
            &[
                "in two weeks",
                "dans 15 jours",
                "next month on the 3rd",
                "dans 2 mois",
            ],
            WhenError::NoTime,
        );
        // A bare small number is not read as a night hour.
        fails_with(
            &["tuesday 3", "demain 0", "mardi 10 11"],
            WhenError::Unrecognised,
        );
        fails_with(&["next month on the 32nd at 10"], WhenError::InvalidDate);
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
}
