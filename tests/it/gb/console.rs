//! The console with `--lang en-GB`: the operator reads British dates; `--lang en` keeps the
//! American ones. The console runs on the real clock, so the dates are checked by their shape
//! and against the instant stored.

use chrono::{DateTime, Utc};
use suivi::i18n::{I18n, Lang};

use crate::console::{run_console, script};

/// The instant of the first exchange the console's closing stored.
async fn first_exchange(db: &std::path::Path) -> DateTime<Utc> {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .unwrap();
    let (utc,): (String,) = sqlx::query_as("SELECT first_exchange_utc FROM agreements")
        .fetch_one(&pool)
        .await
        .unwrap();
    utc.parse().unwrap()
}

#[tokio::test]
async fn the_console_in_british_english_writes_dates_day_first_on_24_hours() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let out = run_console(&db, "en-GB", &script("console-en.txt"));
    assert!(
        out.contains("Agreed! The end-of-session agreement is saved"),
        "{out}"
    );
    // The script agrees on Thursdays at 2 PM, every 3 weeks.
    let at = first_exchange(&db).await;
    let i18n = I18n::load().unwrap();
    let named = i18n.when(Lang::EnGb, at, chrono_tz::Europe::Paris);
    assert!(named.starts_with("Thursday "), "{named}");
    assert!(named.ends_with(" at 14:00, Paris time"), "{named}");
    let day = named.split(' ').nth(1).unwrap();
    assert!(day.parse::<u32>().is_ok(), "day first: {named}");
    assert!(out.contains(&format!("Got it: {named}.")), "{named}\n{out}");
    assert!(out.contains(&named), "{out}");
    assert!(!out.contains(" PM"), "{out}");
    assert!(!out.contains(" AM"), "{out}");
    // The examples the questions give are written the British way too.
    assert!(
        out.contains(r#"for example "tuesday 10:00" or "3 December 14:30"."#),
        "{out}"
    );
    assert!(!out.contains("10am"), "{out}");
}

#[tokio::test]
async fn the_console_in_american_english_keeps_am_and_pm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let out = run_console(&db, "en-US", &script("console-en.txt"));
    let at = first_exchange(&db).await;
    let i18n = I18n::load().unwrap();
    let named = i18n.when(Lang::En, at, chrono_tz::Europe::Paris);
    assert!(named.starts_with("Thursday, "), "{named}");
    assert!(named.ends_with(" at 2:00 PM, Paris time"), "{named}");
    assert!(out.contains(&format!("Got it: {named}.")), "{named}\n{out}");
    assert!(!out.contains("14:00, Paris time"), "{out}");
    assert!(
        out.contains(r#"for example "tuesday 10am" or "December 3 2:30pm"."#),
        "{out}"
    );
}
