//! In the console: the read-back as numbered choices (1/2), or a date typed at that point;
//! a first date off a weekly rhythm, kept by its number. The console runs on the real clock,
//! so what must be read back is computed from what was stored.

use chrono::{DateTime, Datelike, NaiveDateTime, Utc, Weekday};
use suivi::i18n::{I18n, Lang};

use crate::console::{run_console, script};

/// The console's agreement: (first exchange local, its instant, where the rhythm starts).
async fn stored(db: &std::path::Path) -> (NaiveDateTime, DateTime<Utc>, Option<String>) {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .unwrap();
    let (local, utc, from): (String, String, Option<String>) = sqlx::query_as(
        "SELECT first_exchange_local, first_exchange_utc, rhythm_from_local FROM agreements",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    (
        NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M:%S").unwrap(),
        utc.parse().unwrap(),
        from,
    )
}

#[tokio::test]
async fn the_console_reads_the_date_back_and_takes_a_correction_by_number_or_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    // "2" = correct the date; a date typed at the read-back replaces it; "1" = that's right.
    let full = script("console-fr.txt").replace(
        "mardi 10h\n1\n",
        "mardi 10h\n2\ndemain 9h\nmercredi 11h\n1\n",
    );
    let out = run_console(&db, "fr", &full);
    assert!(
        out.contains("  1. C’est bien ça\n  2. Corriger la date"),
        "{out}"
    );
    assert!(out.contains("Quand aura lieu le prochain échange"), "{out}");
    assert_eq!(out.matches("Compris\u{202f}: ").count(), 3, "{out}");
    let (local, utc, from) = stored(&db).await;
    assert_eq!(local.weekday(), Weekday::Wed);
    assert_eq!(local.format("%H:%M").to_string(), "11:00");
    assert_eq!(from, None);
    // The last read-back names the instant stored.
    let i18n = I18n::load().unwrap();
    let named = format!(
        "Compris\u{202f}: {}.",
        i18n.when(Lang::Fr, utc, chrono_tz::Europe::Paris)
    );
    assert!(out.contains(&named), "{named}\n{out}");
    assert!(out.contains("C’est convenu\u{202f}!"), "{out}");
}

#[tokio::test]
async fn the_console_offers_to_keep_a_first_date_off_a_weekly_rhythm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let full = script("console-en.txt").replace(
        "every 3 weeks\nthursday 2pm\n1\n",
        "every Tuesday\nthursday 2pm\n1\n",
    );
    let out = run_console(&db, "en", &full);
    assert!(
        out.contains("This date is not on the rhythm agreed"),
        "{out}"
    );
    assert!(out.contains("  1. Keep Thursday, "), "{out}");
    assert!(
        out.contains(", then the rhythm\n  2. Take Tuesday, "),
        "{out}"
    );
    assert!(out.contains("  3. Change the date"), "{out}");
    let (local, utc, from) = stored(&db).await;
    assert_eq!(local.weekday(), Weekday::Thu);
    let from = NaiveDateTime::parse_from_str(&from.unwrap(), "%Y-%m-%dT%H:%M:%S").unwrap();
    assert_eq!(from.weekday(), Weekday::Tue);
    assert_eq!((from - local).num_days(), 5);
    let i18n = I18n::load().unwrap();
    let named = format!(
        "Got it: {}.",
        i18n.when(Lang::En, utc, chrono_tz::Europe::Paris)
    );
    assert!(out.contains(&named), "{named}\n{out}");
}

/// Today's date at midnight, in words, as a person in Paris types it: passed (unless run at
/// midnight sharp), so the console asks whether next year's was meant.
fn today_at_midnight(lang: &str) -> (String, i32) {
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let fr = crate::common::MONTHS_FR;
    let en = crate::common::MONTHS_EN;
    let m = today.month0() as usize;
    let typed = match lang {
        "fr" => format!("{} {} à 0h", today.day(), fr[m]),
        _ => format!("{} {} 12am", en[m], today.day()),
    };
    (typed, today.year())
}

#[tokio::test]
async fn a_date_passed_this_year_is_asked_about_and_yes_takes_next_years_read_back() {
    for (lang, file, asked, yes) in [
        (
            "fr",
            "console-fr.txt",
            "est passé. Vouliez-vous dire le",
            "oui",
        ),
        ("en", "console-en.txt", "has passed. Did you mean", "yes"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("console.db");
        let (typed, year) = today_at_midnight(lang);
        let date = if lang == "fr" {
            "mardi 10h\n1\n"
        } else {
            "thursday 2pm\n1\n"
        };
        // The passed date is asked about; "oui" takes next year's, read back; "oui" again
        // confirms it.
        let full = script(file).replace(date, &format!("{typed}\n{yes}\n{yes}\n"));
        let out = run_console(&db, lang, &full);
        assert!(out.contains(asked), "{out}");
        let (local, _, from) = stored(&db).await;
        assert_eq!(local.year(), year + 1, "{out}");
        assert_eq!(local.format("%H:%M").to_string(), "00:00");
        assert_eq!(from, None);
    }
}
