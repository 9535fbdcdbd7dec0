//! The statuses the store keeps as enums are written and read as the very words the schema's
//! `CHECK` constraints list (and rows saved before the enums existed hold): test-only.

use super::*;

/// Writes `value` through sqlx and reads back the stored text; reads `text` back as the enum.
async fn both_ways<T>(store: &Store, value: T, text: &str)
where
    T: for<'q> sqlx::Encode<'q, sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + sqlx::Type<sqlx::Sqlite>
        + PartialEq
        + std::fmt::Debug
        + Send
        + Unpin
        + Copy,
{
    let (stored,): (String,) = sqlx::query_as("SELECT ?")
        .bind(value)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(stored, text);
    let (read,): (T,) = sqlx::query_as("SELECT ?")
        .bind(text)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(read, value);
}

#[tokio::test]
async fn every_status_keeps_the_stored_words() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("suivi.db")).await.unwrap();
    for (s, text) in [
        (SupportStatus::Active, "active"),
        (SupportStatus::Paused, "paused"),
        (SupportStatus::Ended, "ended"),
    ] {
        both_ways(&store, s, text).await;
    }
    for (s, text) in [
        (AgreementStatus::Active, "active"),
        (AgreementStatus::Superseded, "superseded"),
        (AgreementStatus::Ended, "ended"),
    ] {
        both_ways(&store, s, text).await;
    }
    for (s, text) in [
        (ConversationStatus::Active, "active"),
        (ConversationStatus::Done, "done"),
        (ConversationStatus::Abandoned, "abandoned"),
    ] {
        both_ways(&store, s, text).await;
    }
    for (s, text) in [
        (RescheduleStatus::Pending, "pending"),
        (RescheduleStatus::Accepted, "accepted"),
        (RescheduleStatus::Declined, "declined"),
        (RescheduleStatus::Withdrawn, "withdrawn"),
    ] {
        both_ways(&store, s, text).await;
    }
    for (s, text) in [
        (Outcome::Held, "held"),
        (Outcome::Moved, "moved"),
        (Outcome::NotHeld, "not_held"),
    ] {
        both_ways(&store, s, text).await;
    }
}
