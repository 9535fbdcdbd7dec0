//! Typed rhythms of exchanges, end to end: tables of real phrasings in French and English
//! (accepted with the cadence and end they mean, refused with their own localised message and
//! an example), the French typography of `schedule.ftl`, and `suivi schedule preview` run as
//! a process.

mod closing_flow;
mod console_time;
mod discord_zone;
mod moments_en;
mod moments_fr;
mod numeric;
mod phrases_en;
mod phrases_fr;
mod preview;
mod round_trip;

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::Europe::Paris;
use suivi::domain::cadence::{Cadence, CadenceError, End, Nth, Unit};
use suivi::domain::when::{parse_cadence, parse_moment_for, parse_rhythm, DateOrder, WhenError};
use suivi::i18n::{I18n, Lang};

/// Tuesday 17 November 2026, 09:00 in Paris.
pub fn now() -> DateTime<Utc> {
    "2026-11-17T08:00:00Z".parse().unwrap()
}

pub fn days(n: u32) -> Cadence {
    Cadence::days(n).unwrap()
}

pub fn weeks(n: u32) -> Cadence {
    Cadence::weeks(n).unwrap()
}

pub fn months(n: u32) -> Cadence {
    Cadence::months(n).unwrap()
}

/// The `nth` `weekday` of every `every` months.
pub fn on(every: u32, nth: Nth, weekday: Weekday) -> Cadence {
    Cadence::monthly_weekday(every, nth, weekday).unwrap()
}

pub fn until(c: Cadence, date: &str) -> Cadence {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    c.with_end(End::Until(date)).unwrap()
}

pub fn count(c: Cadence, n: u32) -> Cadence {
    c.with_end(End::Count(n)).unwrap()
}

pub fn lasting(c: Cadence, unit: Unit, n: u32) -> Cadence {
    c.with_end(End::For(unit, n)).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn range(unit: Unit, every: u32, max: u32) -> WhenError {
    WhenError::Cadence(CadenceError::OutOfRange { unit, every, max })
}

/// Every phrase reads as its cadence, and the cadence reads back as words in both languages.
pub fn accepts(table: &[(&str, Cadence)]) {
    let i18n = I18n::load().unwrap();
    for (phrase, expected) in table {
        assert_eq!(
            parse_cadence(phrase, now(), Paris),
            Ok(*expected),
            "{phrase:?}"
        );
        assert_eq!(Cadence::parse(phrase, now(), Paris), Ok(*expected));
        for lang in Lang::ALL {
            let text = i18n.msg(*lang, &expected.describe());
            assert!(!text.contains(['[', '{']), "{phrase:?}: {text}");
        }
    }
}

/// Every phrase is refused with its error; its message, in `lang`, holds each of the words
/// given, an example in quotes, and is not the "not understood" message unless the phrase
/// was not understood.
pub fn refuses(lang: Lang, table: &[(&str, WhenError, &[&str])]) {
    let i18n = I18n::load().unwrap();
    let not_understood = i18n.msg(lang, &WhenError::BadFrequency.msg());
    let mut ids = std::collections::BTreeSet::new();
    for (phrase, expected, words) in table {
        let got = parse_cadence(phrase, now(), Paris);
        assert_eq!(got, Err(*expected), "{phrase:?}");
        let text = i18n.msg(lang, &expected.msg());
        assert!(!text.contains(['[', '{']), "{phrase:?}: {text}");
        let example = match lang {
            Lang::Fr => text.contains('«') && text.contains('»'),
            Lang::En | Lang::EnGb => text.matches('"').count() >= 2,
        };
        assert!(example, "no example in {text}");
        for w in *words {
            assert!(text.contains(w), "{phrase:?}: {w:?} not in {text}");
        }
        let understood = !matches!(expected, WhenError::BadFrequency | WhenError::Empty);
        if understood {
            assert_ne!(text, not_understood, "{phrase:?}");
            ids.insert(expected.message_id());
        }
    }
    assert!(ids.len() >= 10, "{ids:?}");
}

/// Every phrase reads, in each of `orders`, as the wall time given ("2026-11-24 10:00", Paris).
pub fn moments(orders: &[DateOrder], table: &[(&str, &str)]) {
    for (phrase, expected) in table {
        let expected = chrono::NaiveDateTime::parse_from_str(expected, "%Y-%m-%d %H:%M").unwrap();
        for order in orders {
            match parse_moment_for(phrase, now(), Paris, *order) {
                Ok(m) => assert_eq!(m.local, expected, "{phrase:?} {order:?}"),
                Err(e) => panic!("{phrase:?} {order:?}: {e:?}, expected {expected}"),
            }
        }
    }
}

/// Every phrase is refused, in `order`, with its error; its message in `lang` has the id of
/// that error, is fully rendered and holds each of the words given.
pub fn refused_moments(lang: Lang, order: DateOrder, table: &[(&str, WhenError, &str, &[&str])]) {
    let i18n = I18n::load().unwrap();
    for (phrase, expected, id, words) in table {
        assert_eq!(
            parse_moment_for(phrase, now(), Paris, order),
            Err(*expected),
            "{phrase:?}"
        );
        assert_eq!(expected.message_id(), *id, "{phrase:?}");
        let text = i18n.msg(lang, &expected.msg());
        assert!(!text.contains(['[', '{']), "{phrase:?}: {text}");
        for w in *words {
            assert!(text.contains(w), "{phrase:?}: {w:?} not in {text}");
        }
    }
}

/// Every phrase is a weekly rhythm on the weekday given, with the cadence given.
pub fn weekday_rhythms(table: &[(&str, Cadence, Weekday)]) {
    for (phrase, cadence, weekday) in table {
        let r = parse_rhythm(phrase, now(), Paris).unwrap_or_else(|e| panic!("{phrase:?}: {e:?}"));
        assert_eq!(
            (r.cadence, r.weekday),
            (*cadence, Some(*weekday)),
            "{phrase:?}"
        );
    }
}

/// A wall time literal.
pub fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn an_end_before_the_first_exchange_is_refused_with_both_dates() {
    use suivi::domain::cadence::Schedule;
    let i18n = I18n::load().unwrap();
    let first = date("2027-07-05").and_hms_opt(10, 0, 0).unwrap();
    for (phrase, lang, words) in [
        (
            "toutes les 2 semaines jusqu'au 30 juin",
            Lang::Fr,
            ["30 juin 2027", "5 juillet 2027", "«\u{202f}toutes"],
        ),
        (
            "every 2 weeks until June 30",
            Lang::En,
            ["June 30, 2027", "July 5, 2027", "\"every 2 weeks"],
        ),
    ] {
        let cadence = parse_cadence(phrase, now(), Paris).unwrap();
        let err = Schedule::try_new(first, Paris, cadence).unwrap_err();
        assert_eq!(
            err,
            CadenceError::EndBeforeFirst {
                end: date("2027-06-30"),
                first: date("2027-07-05")
            }
        );
        let text = i18n.msg(lang, &err.msg());
        for w in words {
            assert!(text.contains(w), "{w:?} not in {text}");
        }
    }
}

#[test]
fn rhythms_read_back_in_both_languages() {
    let i18n = I18n::load().unwrap();
    let cases = [
        (
            until(on(1, Nth::Second, Weekday::Tue), "2027-06-30"),
            "le deuxième mardi de chaque mois jusqu’au 30 juin 2027",
            "the second Tuesday of every month until June 30, 2027",
        ),
        (
            count(on(2, Nth::Last, Weekday::Fri), 6),
            "le dernier vendredi tous les 2 mois, 6 séances en tout",
            "the last Friday of every 2 months, 6 exchanges in all",
        ),
        (
            lasting(weeks(1), Unit::Months, 3),
            "chaque semaine pendant 3 mois",
            "every week for 3 months",
        ),
        (
            until(weeks(2), "2027-01-01"),
            "toutes les 2 semaines jusqu’au 1er janvier 2027",
            "every 2 weeks until January 1, 2027",
        ),
        (Cadence::MONTHLY, "chaque mois", "every month"),
    ];
    for (cadence, fr, en) in cases {
        assert_eq!(i18n.msg(Lang::Fr, &cadence.describe()), fr);
        assert_eq!(i18n.msg(Lang::En, &cadence.describe()), en);
    }
}

#[test]
fn french_messages_use_narrow_no_break_spaces() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/fr/schedule.ftl");
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        for bad in [" :", " ;", " ?", " !", "« ", " »", "\u{a0}:", "\u{a0}»"] {
            assert!(!line.contains(bad), "{bad:?} in {line}");
        }
        checked += usize::from(line.contains('\u{202f}'));
    }
    assert!(checked >= 15, "{checked}");
}
