//! Dates and times typed in French, on a fixed clock (Tuesday 17 November 2026, 09:00 in
//! Paris): the wall time each must give, the weekly rhythms on a weekday, and the refusals with
//! their own message. Together with `phrases_fr` (rhythms), more than 120 French phrasings.

use super::*;
use chrono::Weekday::{Thu, Tue};

/// French and British readers: numeric dates day first.
const DAY_FIRST: &[DateOrder] = &[DateOrder::DayFirst];

#[test]
fn french_moments_give_their_wall_time() {
    let table: Vec<(&str, &str)> = vec![
        ("mardi 10h", "2026-11-24 10:00"),
        ("mardi 10 h", "2026-11-24 10:00"),
        ("Mardi à 10h", "2026-11-24 10:00"),
        ("mardi 10", "2026-11-24 10:00"),
        ("mardi prochain 10h", "2026-11-24 10:00"),
        ("prochain mardi à 10h", "2026-11-24 10:00"),
        ("mardi 10h30", "2026-11-24 10:30"),
        ("mardi 10 h 30", "2026-11-24 10:30"),
        ("mardi minuit", "2026-11-24 00:00"),
        ("mercredi 8h", "2026-11-18 08:00"),
        ("mercredi 8h du matin", "2026-11-18 08:00"),
        ("jeudi 14h", "2026-11-19 14:00"),
        ("jeudi à 14 heures", "2026-11-19 14:00"),
        ("jeudi 9h du soir", "2026-11-19 21:00"),
        ("vendredi 9h15", "2026-11-20 09:15"),
        ("vendredi 20 novembre à 9h", "2026-11-20 09:00"),
        ("samedi midi", "2026-11-21 12:00"),
        ("samedi à 10:30", "2026-11-21 10:30"),
        ("dimanche 11h", "2026-11-22 11:00"),
        ("lundi 17h45", "2026-11-23 17:45"),
        ("lun 17h45", "2026-11-23 17:45"),
        ("demain 9h", "2026-11-18 09:00"),
        ("demain 9 h", "2026-11-18 09:00"),
        ("demain 9", "2026-11-18 09:00"),
        ("Demain à 9h30", "2026-11-18 09:30"),
        ("demain 10 heures 30", "2026-11-18 10:30"),
        ("demain matin 8h", "2026-11-18 08:00"),
        ("demain soir 8h", "2026-11-18 20:00"),
        ("demain après-midi 3h", "2026-11-18 15:00"),
        ("demain 3h de l'après-midi", "2026-11-18 15:00"),
        ("demain 0h", "2026-11-18 00:00"),
        ("après-demain 10h", "2026-11-19 10:00"),
        ("aujourd'hui 18h", "2026-11-17 18:00"),
        ("aujourd’hui 9h30", "2026-11-17 09:30"),
        ("ce soir 20h", "2026-11-17 20:00"),
        ("ce soir 8", "2026-11-17 20:00"),
        ("cet après-midi 15h", "2026-11-17 15:00"),
        ("cet après-midi 3h", "2026-11-17 15:00"),
        ("dans 15 jours à 10 h", "2026-12-01 10:00"),
        ("dans quinze jours 10h", "2026-12-01 10:00"),
        ("dans deux semaines à 10h", "2026-12-01 10:00"),
        ("dans 8 jours 14h", "2026-11-24 14:00"),
        ("dans une semaine à 14h", "2026-11-24 14:00"),
        ("dans 3 jours à 9h", "2026-11-20 09:00"),
        ("dans 2 mois à 10h", "2027-01-17 10:00"),
        ("le 3 du mois prochain à 10h", "2026-12-03 10:00"),
        ("le 3 décembre à 9h", "2026-12-03 09:00"),
        ("3 décembre 14h30", "2026-12-03 14:30"),
        ("DÉCEMBRE 3 14H30", "2026-12-03 14:30"),
        ("jeudi 3 décembre 14h", "2026-12-03 14:00"),
        ("le 1er décembre à 14h30", "2026-12-01 14:30"),
        ("mardi 1er décembre 10h", "2026-12-01 10:00"),
        ("3/12 14h", "2026-12-03 14:00"),
        ("03/12/2026 14h", "2026-12-03 14:00"),
        ("3/12/26 14:00", "2026-12-03 14:00"),
        ("2026-12-03 14:00", "2026-12-03 14:00"),
        ("2026-12-03T14:00", "2026-12-03 14:00"),
        ("12/10/2027 10h", "2027-10-12 10:00"),
        ("le 31 décembre à minuit", "2026-12-31 00:00"),
        ("le 25 décembre 2026 à 10 h 30", "2026-12-25 10:30"),
        ("1er janvier 2027 10h", "2027-01-01 10:00"),
        ("14 février 2027 9h", "2027-02-14 09:00"),
        ("le 30 novembre à 17h", "2026-11-30 17:00"),
        ("le 17 novembre à 18h", "2026-11-17 18:00"),
        ("17/11 18h", "2026-11-17 18:00"),
    ];
    assert!(table.len() >= 60, "{}", table.len());
    moments(DAY_FIRST, &table);
}

#[test]
fn french_weekday_rhythms_are_weekly_on_that_day() {
    weekday_rhythms(&[
        ("tous les mardis", weeks(1), Tue),
        ("chaque mardi", weeks(1), Tue),
        ("Tous les Mardis", weeks(1), Tue),
        ("toutes les semaines le mardi", weeks(1), Tue),
        ("chaque semaine le jeudi", weeks(1), Thu),
        ("un mardi sur deux", weeks(2), Tue),
        ("toutes les 2 semaines le mardi", weeks(2), Tue),
        (
            "tous les mardis jusqu'au 30 juin",
            until(weeks(1), "2027-06-30"),
            Tue,
        ),
        ("chaque jeudi pour 6 séances", count(weeks(1), 6), Thu),
    ]);
}

#[test]
fn french_moments_refused_with_their_own_message() {
    let passed = |typed: &str, next: &str| WhenError::Passed {
        typed: at(typed),
        suggestion: date(next),
    };
    let table: Vec<(&str, WhenError, &str, &[&str])> = vec![
        (
            "le 3 novembre à 9h",
            passed("2026-11-03 09:00", "2027-11-03"),
            "when-error-passed",
            &["Le 3 novembre à 9\u{202f}h est passé", "le 3 novembre 2027"],
        ),
        (
            "le 17 novembre à 8h",
            passed("2026-11-17 08:00", "2027-11-17"),
            "when-error-passed",
            &["le 17 novembre 2027, ou une autre date\u{202f}?"],
        ),
        (
            "12/10 10h",
            passed("2026-10-12 10:00", "2027-10-12"),
            "when-error-passed",
            &["Le 12 octobre à 10\u{202f}h"],
        ),
        (
            "1er novembre 9h30",
            passed("2026-11-01 09:30", "2027-11-01"),
            "when-error-passed",
            &[
                "Le 1er novembre à 9\u{202f}h\u{202f}30 est passé",
                "le 1er novembre 2027",
            ],
        ),
        (
            "aujourd'hui 8h",
            WhenError::InPast,
            "when-error-in-past",
            &["déjà passée"],
        ),
        (
            "2026-11-01 10:00",
            WhenError::InPast,
            "when-error-in-past",
            &[],
        ),
        (
            "mardi",
            WhenError::NoTime,
            "when-error-no-time",
            &["l’heure"],
        ),
        (
            "dans 15 jours",
            WhenError::NoTime,
            "when-error-no-time",
            &[],
        ),
        (
            "le 3 du mois prochain",
            WhenError::NoTime,
            "when-error-no-time",
            &[],
        ),
        ("14h", WhenError::NoDay, "when-error-no-day", &["le jour"]),
        (
            "31 février 10h",
            WhenError::InvalidDate,
            "when-error-invalid-date",
            &[],
        ),
        (
            "mardi 25h",
            WhenError::InvalidDate,
            "when-error-invalid-date",
            &[],
        ),
        (
            "lundi 3 décembre 10h",
            WhenError::WeekdayMismatch,
            "when-error-weekday-mismatch",
            &[],
        ),
        (
            "2029-01-01 10:00",
            WhenError::TooFar,
            "when-error-too-far",
            &[],
        ),
        (
            "quand tu veux",
            WhenError::Unrecognised,
            "when-error-unrecognised",
            &[],
        ),
        (
            "mardi 3",
            WhenError::Unrecognised,
            "when-error-unrecognised",
            &[],
        ),
    ];
    refused_moments(Lang::Fr, DateOrder::DayFirst, &table);
}
