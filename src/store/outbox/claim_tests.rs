//! The claim's rules, on a real file.

use chrono::{DateTime, Duration, Utc};

use crate::store::{Audience, Claimed, DeliveryKind, DeliveryStatus, NewDelivery, Store};

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

pub(crate) fn reminder(key: &str, series: Option<&str>, due: &str) -> NewDelivery {
    NewDelivery {
        key: key.into(),
        kind: DeliveryKind::Reminder,
        recipient: 1,
        support: None,
        conversation: None,
        series: series.map(Into::into),
        due: at(due),
        expires: None,
        payload: "{}".into(),
    }
}

/// Keys and attempts, sorted (RETURNING gives no order).
fn keys(claimed: &[Claimed]) -> Vec<(&str, i64)> {
    let mut k: Vec<_> = claimed
        .iter()
        .map(|c| (c.key.as_str(), c.attempts))
        .collect();
    k.sort_unstable();
    k
}

pub(crate) async fn store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open(&dir.path().join("t.db")).await.expect("open");
    (store, dir)
}

#[tokio::test]
async fn a_claim_merges_due_rows_and_expired_leases_in_due_order_up_to_the_limit() {
    let (s, _dir) = store().await;
    let now = at("2027-01-04T10:00:00Z");
    let ds: Vec<_> = ["a", "b", "c", "d", "e"]
        .iter()
        .enumerate()
        .map(|(i, k)| reminder(k, None, &format!("2027-01-04T09:0{i}:00Z")))
        .collect();
    s.plan(&ds, now).await.expect("plan");
    // "a" and "b" are claimed and their sender dies; the lease runs out at 10:01.
    let first = s
        .claim(now, Duration::minutes(1), 2, Audience::All)
        .await
        .expect("claim");
    assert_eq!(keys(&first), [("a", 1), ("b", 1)]);
    // Before the lease ends only planned rows come, in due order.
    let next = s
        .claim(now, Duration::minutes(1), 1, Audience::All)
        .await
        .expect("claim");
    assert_eq!(next[0].key, "c");
    // After it, the expired leases ("a", "b", "c", due earlier) and the planned rows
    // ("d", "e") compete by due time.
    let later = now + Duration::minutes(2);
    let again = s
        .claim(later, Duration::minutes(1), 2, Audience::All)
        .await
        .expect("claim");
    assert_eq!(keys(&again), [("a", 2), ("b", 2)]);
    let again = s
        .claim(later, Duration::minutes(1), 2, Audience::All)
        .await
        .expect("claim");
    assert_eq!(keys(&again), [("c", 2), ("d", 1)]);
    let last = s
        .claim(later, Duration::minutes(1), 10, Audience::All)
        .await
        .expect("claim");
    assert_eq!(keys(&last), [("e", 1)]);
}

#[tokio::test]
async fn only_the_latest_due_reminder_of_a_series_survives_a_downtime() {
    let (s, _dir) = store().await;
    let now = at("2027-01-04T10:00:00Z");
    s.plan(
        &[
            reminder("x:1440", Some("x"), "2027-01-03T10:30:00Z"),
            reminder("x:60", Some("x"), "2027-01-04T09:30:00Z"),
            reminder("y:1440", Some("y"), "2027-01-04T09:00:00Z"),
            reminder("y:60", Some("y"), "2027-01-05T08:00:00Z"),
        ],
        now,
    )
    .await
    .expect("plan");
    assert_eq!(s.skip_stale(now, Audience::All).await.expect("skip"), 1);
    let claimed = s
        .claim(now, Duration::minutes(1), 10, Audience::All)
        .await
        .expect("claim");
    assert_eq!(keys(&claimed), [("x:60", 1), ("y:1440", 1)]);
}

#[tokio::test]
async fn a_late_acknowledgement_after_the_lease_ran_out_and_another_claim_changes_nothing() {
    let (s, _dir) = store().await;
    let now = at("2027-01-04T10:00:00Z");
    s.plan(&[reminder("a", None, "2027-01-04T09:00:00Z")], now)
        .await
        .expect("plan");
    let first = s
        .claim(now, Duration::minutes(1), 1, Audience::All)
        .await
        .expect("claim");
    // The first sender stalls past its lease; another claim takes the row.
    let later = now + Duration::minutes(2);
    let second = s
        .claim(later, Duration::minutes(1), 1, Audience::All)
        .await
        .expect("claim");
    assert_eq!(second.len(), 1);
    assert_ne!(first[0].claim_token, second[0].claim_token);
    // The first one's outcome comes late: nothing changes.
    assert!(!s.acknowledge(&first[0], "dm", later).await.expect("ack"));
    assert!(!s
        .retry_later(&first[0], later, "transient")
        .await
        .expect("retry"));
    assert!(!s
        .give_up(&first[0], DeliveryStatus::Failed, "gone", &[], later)
        .await
        .expect("give up"));
    let row = s.delivery(first[0].id).await.expect("read").expect("row");
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Claimed, 2));
    // The second one's acknowledgement is recorded, and the text goes.
    assert!(s.acknowledge(&second[0], "dm", later).await.expect("ack"));
    let row = s.delivery(first[0].id).await.expect("read").expect("row");
    assert_eq!(row.status, DeliveryStatus::Sent);
}

/// An outcome is recorded under the claim's token, by id: each outcome (and `skip_stale` of a
/// lapsed lease) clears the token, so a second outcome of the same claim changes nothing,
/// whatever the row's status became.
#[tokio::test]
async fn every_outcome_clears_the_token_so_a_second_one_changes_nothing() {
    let (s, _dir) = store().await;
    let now = at("2027-01-04T10:00:00Z");
    let due = ["a", "b", "c", "d"].map(|k| reminder(k, None, "2027-01-04T09:00:00Z"));
    s.plan(&due, now).await.expect("plan");
    let mut c = s
        .claim(now, Duration::minutes(1), 4, Audience::All)
        .await
        .expect("claim");
    c.sort_by(|x, y| x.key.cmp(&y.key));
    assert!(s.acknowledge(&c[0], "dm", now).await.expect("ack"));
    assert!(s.retry_later(&c[1], now, "transient").await.expect("retry"));
    assert!(s
        .give_up(&c[2], DeliveryStatus::Failed, "gone", &[], now)
        .await
        .expect("give up"));
    // The last one's lease runs out and the row is found stale (its expiry passed).
    let later = now + Duration::minutes(2);
    sqlx::query("UPDATE deliveries SET expires_at = $1 WHERE id = $2")
        .bind(crate::store::ts(now))
        .bind(c[3].id)
        .execute(s.pool())
        .await
        .expect("expires");
    assert_eq!(s.skip_stale(later, Audience::All).await.expect("skip"), 1);
    let (tokens,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE claim_token IS NOT NULL")
            .fetch_one(s.pool())
            .await
            .expect("count");
    assert_eq!(tokens, 0, "no token outlives its claim");
    for claimed in &c {
        let before = s.delivery(claimed.id).await.expect("read").expect("row");
        assert!(!s.acknowledge(claimed, "dm", later).await.expect("ack"));
        assert!(!s.retry_later(claimed, later, "again").await.expect("retry"));
        s.release(std::slice::from_ref(claimed))
            .await
            .expect("release");
        let after = s.delivery(claimed.id).await.expect("read").expect("row");
        assert_eq!(before, after, "{}: nothing changed", claimed.key);
    }
    let outcomes = [
        DeliveryStatus::Sent,
        DeliveryStatus::Planned,
        DeliveryStatus::Failed,
        DeliveryStatus::Skipped,
    ];
    for (claimed, outcome) in c.iter().zip(outcomes) {
        let row = s.delivery(claimed.id).await.expect("read").expect("row");
        assert_eq!(row.status, outcome, "{}", claimed.key);
    }
}

#[tokio::test]
async fn a_sent_delivery_keeps_its_key_kind_and_times_but_no_text() {
    let (s, _dir) = store().await;
    let now = at("2027-01-04T10:00:00Z");
    let mut d = reminder("notice:1", None, "2027-01-04T09:00:00Z");
    d.kind = DeliveryKind::Notice;
    d.payload = r#"{"type":"notice","msg":{"id":"x","args":[["blocker","my secret"]]}}"#.into();
    s.plan(&[d], now).await.expect("plan");
    let c: Vec<Claimed> = s
        .claim(now, Duration::minutes(1), 1, Audience::All)
        .await
        .expect("claim");
    assert!(s.acknowledge(&c[0], "dm", now).await.expect("ack"));
    let (key, kind, payload, sent): (String, String, String, Option<String>) =
        sqlx::query_as("SELECT key, kind, payload, sent_at FROM deliveries WHERE id = $1")
            .bind(c[0].id)
            .fetch_one(s.pool())
            .await
            .expect("row");
    assert_eq!((key.as_str(), kind.as_str()), ("notice:1", "notice"));
    assert_eq!(payload, r#"{"type":"notice"}"#);
    assert!(sent.is_some());
}

#[tokio::test]
async fn sent_skipped_and_cancelled_rows_are_pruned_after_the_keep_time_failed_ones_stay() {
    let (s, _dir) = store().await;
    let now = at("2027-03-01T10:00:00Z");
    let ds: Vec<NewDelivery> = ["old-sent", "old-failed", "old-planned", "new-sent"]
        .iter()
        .map(|k| {
            let due = if k.starts_with("old") {
                "2027-01-01T09:00:00Z"
            } else {
                "2027-02-28T09:00:00Z"
            };
            reminder(k, None, due)
        })
        .collect();
    s.plan(&ds, now).await.expect("plan");
    sqlx::query(
        "UPDATE deliveries SET status = CASE key WHEN 'old-failed' THEN 'failed'
           WHEN 'old-planned' THEN 'planned' ELSE 'sent' END",
    )
    .execute(s.pool())
    .await
    .expect("statuses");
    let pruned = s
        .prune_deliveries(now - Duration::days(30), Audience::All)
        .await
        .expect("prune");
    assert_eq!(pruned, 1);
    let left: Vec<(String,)> = sqlx::query_as("SELECT key FROM deliveries ORDER BY key")
        .fetch_all(s.pool())
        .await
        .expect("keys");
    let left: Vec<&str> = left.iter().map(|(k,)| k.as_str()).collect();
    assert_eq!(left, ["new-sent", "old-failed", "old-planned"]);
}
