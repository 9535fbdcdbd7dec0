//! Rhythms typed in French: what is accepted and what it means, what is refused and why.

use super::*;
use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
use suivi::domain::cadence::Nth::{First, Fourth, Last, Second, Third};

#[test]
fn accepted_in_french() {
    let table: Vec<(&str, Cadence)> = vec![
        ("toutes les semaines", Cadence::WEEKLY),
        ("chaque semaine", Cadence::WEEKLY),
        ("hebdomadaire", Cadence::WEEKLY),
        ("une fois par semaine", Cadence::WEEKLY),
        ("tous les 8 jours", Cadence::WEEKLY),
        ("tous les huit jours", Cadence::WEEKLY),
        ("toutes les 2 semaines", Cadence::BIWEEKLY),
        ("toutes les deux semaines", Cadence::BIWEEKLY),
        ("tous les 15 jours", Cadence::BIWEEKLY),
        ("tous les quinze jours", Cadence::BIWEEKLY),
        ("une semaine sur deux", Cadence::BIWEEKLY),
        ("toutes les 3 semaines", weeks(3)),
        ("toutes les 52 semaines", weeks(52)),
        ("tous les mois", Cadence::MONTHLY),
        ("chaque mois", Cadence::MONTHLY),
        ("mensuel", Cadence::MONTHLY),
        ("une fois par mois", Cadence::MONTHLY),
        ("tous les 2 mois", months(2)),
        ("un mois sur deux", months(2)),
        ("bimestriel", months(2)),
        ("trimestriel", months(3)),
        ("tous les trois mois", months(3)),
        ("semestriel", months(6)),
        ("tous les 12 mois", months(12)),
        ("tous les jours", days(1)),
        ("quotidien", days(1)),
        ("tous les 10 jours", days(10)),
        ("tous les 365 jours", days(365)),
        // A weekday of the month.
        ("le 2e mardi de chaque mois", on(1, Second, Tue)),
        ("le deuxième mardi de chaque mois", on(1, Second, Tue)),
        ("le 2ème mardi du mois", on(1, Second, Tue)),
        ("le 2ᵉ mardi du mois", on(1, Second, Tue)),
        ("le second mardi de chaque mois", on(1, Second, Tue)),
        ("Le 2e Mardi De Chaque Mois", on(1, Second, Tue)),
        ("chaque premier lundi du mois", on(1, First, Mon)),
        ("le 1er lundi de chaque mois", on(1, First, Mon)),
        ("tous les premiers lundis du mois", on(1, First, Mon)),
        ("le premier lundi du mois", on(1, First, Mon)),
        ("tous les derniers vendredis du mois", on(1, Last, Fri)),
        ("le dernier vendredi de chaque mois", on(1, Last, Fri)),
        ("chaque dernier vendredi du mois", on(1, Last, Fri)),
        ("le troisième jeudi du mois", on(1, Third, Thu)),
        ("le 3e jeudi de chaque mois", on(1, Third, Thu)),
        ("le 4e mercredi de chaque mois", on(1, Fourth, Wed)),
        ("le quatrième mercredi du mois", on(1, Fourth, Wed)),
        ("le dernier samedi du mois", on(1, Last, Sat)),
        ("le premier dimanche du mois", on(1, First, Sun)),
        ("le premier lundi tous les deux mois", on(2, First, Mon)),
        ("le 2e mardi, un mois sur deux", on(2, Second, Tue)),
        ("tous les 3 mois, le premier lundi", on(3, First, Mon)),
        ("le premier lundi de chaque trimestre", on(3, First, Mon)),
        // With an end.
        (
            "toutes les 2 semaines jusqu'au 30 juin",
            until(weeks(2), "2027-06-30"),
        ),
        (
            "toutes les 2 semaines jusqu’au 30 juin",
            until(weeks(2), "2027-06-30"),
        ),
        (
            "toutes les semaines jusqu'au 30 juin 2027",
            until(weeks(1), "2027-06-30"),
        ),
        (
            "tous les mois jusqu'au 1er mars 2027",
            until(months(1), "2027-03-01"),
        ),
        (
            "chaque semaine jusqu'au 31/01/2027",
            until(weeks(1), "2027-01-31"),
        ),
        (
            "tous les 15 jours jusqu'à fin juin",
            until(weeks(2), "2027-06-30"),
        ),
        (
            "tous les 15 jours jusqu'au 2027-06-30",
            until(weeks(2), "2027-06-30"),
        ),
        (
            "toutes les semaines jusqu'en juin",
            until(weeks(1), "2027-06-30"),
        ),
        (
            "tous les mois d'ici le 30 juin",
            until(months(1), "2027-06-30"),
        ),
        (
            "hebdomadaire jusqu'au 15 janvier",
            until(weeks(1), "2027-01-15"),
        ),
        (
            "toutes les semaines jusqu'au 17 novembre",
            until(weeks(1), "2026-11-17"),
        ),
        ("tous les mois pour 6 séances", count(months(1), 6)),
        ("tous les mois, pour 6 séances", count(months(1), 6)),
        ("une semaine sur deux, 8 fois", count(weeks(2), 8)),
        ("toutes les 2 semaines sur 10 séances", count(weeks(2), 10)),
        ("tous les 10 jours, 5 fois", count(days(10), 5)),
        ("chaque mois pour 12 échanges", count(months(1), 12)),
        ("toutes les semaines pour 4 rendez-vous", count(weeks(1), 4)),
        ("tous les mois pour 100 séances", count(months(1), 100)),
        (
            "toutes les semaines pendant 6 semaines",
            lasting(weeks(1), Unit::Weeks, 6),
        ),
        (
            "chaque semaine pendant 3 mois",
            lasting(weeks(1), Unit::Months, 3),
        ),
        (
            "tous les mois pendant un an",
            lasting(months(1), Unit::Months, 12),
        ),
        (
            "mensuel pendant deux ans",
            lasting(months(1), Unit::Months, 24),
        ),
        (
            "tous les jours pendant 10 jours",
            lasting(days(1), Unit::Days, 10),
        ),
        (
            "toutes les semaines pendant quinze jours",
            lasting(weeks(1), Unit::Weeks, 2),
        ),
        (
            "toutes les semaines pendant les 3 prochains mois",
            lasting(weeks(1), Unit::Months, 3),
        ),
        (
            "le 2e mardi de chaque mois jusqu'au 30 juin",
            until(on(1, Second, Tue), "2027-06-30"),
        ),
        (
            "tous les derniers vendredis du mois pendant 6 mois",
            lasting(on(1, Last, Fri), Unit::Months, 6),
        ),
        (
            "le premier lundi du mois pour 4 rendez-vous",
            count(on(1, First, Mon), 4),
        ),
    ];
    assert!(table.len() >= 60, "{}", table.len());
    accepts(&table);
}

#[test]
fn refused_in_french_with_their_own_message() {
    use suivi::domain::cadence::CadenceError as C;
    let table: Vec<(&str, WhenError, &[&str])> = vec![
        ("", WhenError::Empty, &[]),
        ("de temps en temps", WhenError::BadFrequency, &[]),
        ("tous les ans", WhenError::BadFrequency, &[]),
        (
            "toutes les 60 semaines",
            range(Unit::Weeks, 60, 52),
            &["60 semaines", "entre 1 et 52 semaines"],
        ),
        (
            "tous les 400 jours",
            range(Unit::Days, 400, 365),
            &["entre 1 et 365 jours"],
        ),
        (
            "tous les 13 mois",
            range(Unit::Months, 13, 12),
            &["entre 1 et 12 mois"],
        ),
        (
            "le 2e mardi tous les 13 mois",
            range(Unit::Months, 13, 12),
            &["entre 1 et 12 mois"],
        ),
        (
            "toutes les 60 semaines jusqu'au 30 juin",
            range(Unit::Weeks, 60, 52),
            &["52"],
        ),
        (
            "toutes les 0 semaines",
            WhenError::Cadence(C::Zero),
            &["au moins 1"],
        ),
        (
            "le 5e mardi du mois",
            WhenError::Cadence(C::NoSuchWeekday { nth: 5 }),
            &["rang 5", "dernier mardi de chaque mois"],
        ),
        (
            "le cinquième vendredi de chaque mois",
            WhenError::Cadence(C::NoSuchWeekday { nth: 5 }),
            &["rang 5"],
        ),
        (
            "toutes les semaines jusqu'au 1er janvier 2020",
            WhenError::EndInPast {
                end: date("2020-01-01"),
            },
            &["le 1er janvier 2020", "déjà passée"],
        ),
        (
            "toutes les semaines jusqu'au 1er janvier 2035",
            WhenError::EndTooFar {
                end: date("2035-01-01"),
                max_months: 36,
            },
            &["le 1er janvier 2035", "36 mois"],
        ),
        (
            "toutes les semaines jusqu'au 31 juin",
            WhenError::EndInvalidDate,
            &["n’existe pas"],
        ),
        (
            "toutes les semaines jusqu'à bientôt",
            WhenError::EndUnrecognised,
            &["pas quand il s’arrête"],
        ),
        (
            "tous les mois pour 0 séance",
            WhenError::Cadence(C::NoExchange),
            &["au moins une séance"],
        ),
        (
            "tous les mois pour 500 séances",
            WhenError::Cadence(C::TooManyExchanges {
                count: 500,
                max: 100,
            }),
            &["500 séances", "au plus 100"],
        ),
        (
            "chaque semaine pendant 0 mois",
            WhenError::Cadence(C::EmptySpan),
            &["durée de 0"],
        ),
        (
            "chaque semaine pendant 10 ans",
            WhenError::Cadence(C::SpanTooLong {
                unit: Unit::Months,
                n: 120,
                max_months: 36,
            }),
            &["au plus 36 mois"],
        ),
        (
            "toutes les semaines jusqu'au lundi 30 juin 2027",
            WhenError::WeekdayMismatch,
            &[],
        ),
    ];
    refuses(Lang::Fr, &table);
}
