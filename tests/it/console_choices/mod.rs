//! Issue 15 items 3 and 6, issue 14 item 3 (the console's side): every offered choice can be
//! chosen in the console (by number or by text, one number where one is asked), task lists
//! over several lines, `/back` shows the earlier answer, `/help` lists every command; the
//! console's clock kept with its database; digests that say where their counts start, name
//! what could not be delivered, and never come twice in a week.

mod choices;
mod clock;
mod digest;

use std::path::Path;

/// One answer the console's database holds, by field.
pub(crate) async fn answer(db: &Path, field: &str) -> Option<String> {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .expect("the console's database");
    sqlx::query_as::<_, (String,)>(
        "SELECT value FROM answers WHERE field = $1 ORDER BY answered_at DESC",
    )
    .bind(field)
    .fetch_optional(&pool)
    .await
    .expect("answers")
    .map(|(v,)| v)
}

/// One answer as the closing in progress holds it (JSON text), by its key.
pub(crate) async fn held(db: &Path, key: &str) -> String {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .expect("the console's database");
    let path = format!("$.answers.{key}");
    sqlx::query_as::<_, (Option<String>,)>(
        "SELECT CAST(json_extract(state, $1) AS TEXT) FROM conversations
         WHERE kind = 'closing' ORDER BY id DESC",
    )
    .bind(path)
    .fetch_optional(&pool)
    .await
    .expect("the closing")
    .and_then(|(v,)| v)
    .unwrap_or_default()
}
