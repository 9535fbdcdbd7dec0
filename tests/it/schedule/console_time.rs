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
    assert!(out.contains("Done."), "{out}");
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
