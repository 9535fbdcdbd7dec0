//! The statuses the store keeps as enums are written and read as the very words the schema's
//! `CHECK` constraints list (and rows saved before the enums existed hold): test-only.

use super::*;

/// Writes each value through sqlx and reads back the stored text; reads each text back as the
/// enum.
async fn both_ways<T>(store: &Store, pairs: &[(T, &str)])
where
    T: for<'q> sqlx::Encode<'q, sqlx::Any>
        + for<'r> sqlx::Decode<'r, sqlx::Any>
        + sqlx::Type<sqlx::Any>
        + PartialEq
        + std::fmt::Debug
        + Send
        + Unpin
        + Copy,
{
    for &(value, text) in pairs {
        let (stored,): (String,) = sqlx::query_as("SELECT $1")
            .bind(value)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(stored, text);
        let (read,): (T,) = sqlx::query_as("SELECT $1")
            .bind(text)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(read, value);
    }
}

#[tokio::test]
async fn every_status_keeps_the_stored_words() {
    use AgreementStatus as A;
    use ConversationStatus as C;
    use RescheduleStatus as R;
    use SupportStatus as S;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("suivi.db")).await.unwrap();
    let supports = [
        (S::Active, "active"),
        (S::Paused, "paused"),
        (S::Ended, "ended"),
    ];
    both_ways(&store, &supports).await;
    let agreements = [
        (A::Active, "active"),
        (A::Superseded, "superseded"),
        (A::Ended, "ended"),
    ];
    both_ways(&store, &agreements).await;
    let conversations = [
        (C::Active, "active"),
        (C::Done, "done"),
        (C::Abandoned, "abandoned"),
    ];
    both_ways(&store, &conversations).await;
    let reschedules = [
        (R::Pending, "pending"),
        (R::Accepted, "accepted"),
        (R::Declined, "declined"),
        (R::Withdrawn, "withdrawn"),
    ];
    both_ways(&store, &reschedules).await;
    let outcomes = [
        (Outcome::Held, "held"),
        (Outcome::Moved, "moved"),
        (Outcome::NotHeld, "not_held"),
    ];
    both_ways(&store, &outcomes).await;
    let tasks = [
        (TaskState::NotStarted, "not_started"),
        (TaskState::InProgress, "in_progress"),
        (TaskState::Done, "done"),
        (TaskState::Blocked, "blocked"),
    ];
    both_ways(&store, &tasks).await;
}
