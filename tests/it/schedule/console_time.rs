//! The console's time commands as people type them: `/timezone` by city, `/wait` by calendar
//! months, through the binary on a real database file.

use chrono::{Datelike, Months, Utc};

use crate::console::run_console;

#[tokio::test]
async fn timezone_by_city_and_wait_a_month() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("console.db");
    let before = Utc::now().with_timezone(&chrono_tz::Europe::Paris);
    let out = run_console(&db, "en", "/timezone dakar\n/wait 1month\n/quit\n");
    assert!(
        out.contains("Dates are now shown and read in Dakar time."),
        "{out}"
    );
    assert!(!out.contains("Give a city"), "{out}");
    let later = before.checked_add_months(Months::new(1)).expect("a date");
    let month = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][later.month0() as usize];
    assert!(out.contains("It is now "), "{out}");
    assert!(
        out.contains(&format!("{month} {}, {}", later.day(), later.year())),
        "{month} {} not in {out}",
        later.day()
    );
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await
            .expect("the console's database");
    let zones: Vec<(String,)> =
        sqlx::query_as("SELECT timezone FROM people WHERE timezone IS NOT NULL")
            .fetch_all(&pool)
            .await
            .expect("people");
    assert_eq!(zones, [("Africa/Dakar".to_owned(),)]);
    // An unknown place says what to type.
    let out = run_console(&db, "fr", "/timezone Atlantide\n/quit\n");
    assert!(out.contains("/timezone Dakar"), "{out}");
}

/// The English console script with `first` typed as the first exchange (then `extra` lines).
fn english_script_with_first_exchange(first: &[&str]) -> String {
    let full = crate::console::script("console-en.txt");
    full.lines()
        .flat_map(|l| match l {
            "thursday 2pm" => first.to_vec(),
            other => vec![other],
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn first_exchange_local(db: &std::path::Path) -> String {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .expect("the console's database");
    let (local,): (String,) = sqlx::query_as("SELECT first_exchange_local FROM agreements")
        .fetch_one(&pool)
        .await
        .expect("an agreement");
    local
}

#[tokio::test]
async fn the_console_reads_numeric_dates_in_the_order_of_its_lang() {
    // The console runs on the real clock: next year's 12/10 is always ahead and near enough.
    let year = Utc::now().year() + 1;
    let typed = format!("12/10/{year} 2pm");
    for (lang, stored) in [
        ("en-US", format!("{year}-12-10T14:00:00")),
        ("en-GB", format!("{year}-10-12T14:00:00")),
    ] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("console.db");
        let out = run_console(&db, lang, &english_script_with_first_exchange(&[&typed]));
        assert!(out.contains("Bye. Everything is saved."), "{lang}: {out}");
        assert_eq!(first_exchange_local(&db).await, stored, "{lang}");
    }
    // Plain English settles nothing: asked with both readings, then a date in words is kept.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("console.db");
    let words = format!("December 10 {year} 2pm");
    let out = run_console(
        &db,
        "en",
        &english_script_with_first_exchange(&[&typed, &words]),
    );
    assert!(
        out.contains(&format!(
            "That date can be read two ways: October 12, {year} or December 10, {year}."
        )),
        "{out}"
    );
    assert_eq!(
        first_exchange_local(&db).await,
        format!("{year}-12-10T14:00:00")
    );
}
