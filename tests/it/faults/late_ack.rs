//! A late outcome: a dispatcher claimed a question, stalled past its lease, and another claim
//! took the row and sent it. When the first one finally reports (sent, try again later, or
//! failed), nothing changes: the question is not sent twice, not put back, and the advisor is
//! not told of a failure that did not happen.

use chrono::Duration;
use suivi::i18n::Lang;
use suivi::store::DeliveryStatus;
use suivi::store::{Audience, DeliveryKind};

use crate::common::*;

#[tokio::test]
async fn a_late_outcome_after_the_lease_ran_out_and_another_claim_changes_nothing() {
    let env = env().await;
    let (_, t0) = started(&env, Lang::Fr).await;
    let store = env.desk.store();
    let stalled = store
        .claim(t0, Duration::seconds(120), 8, Audience::All)
        .await
        .unwrap();
    assert_eq!(stalled.len(), 1);
    // The lease runs out; a dispatcher claims the row again and sends it.
    env.clock.set(t0 + Duration::minutes(3));
    let live = Live::start(&env).await;
    live.settle().await;
    assert_eq!(
        live.notifier.sent(BENEFICIARY, DeliveryKind::Prompt).len(),
        1
    );
    let sent = store.delivery(stalled[0].id).await.unwrap().unwrap();
    assert_eq!((sent.status, sent.attempts), (DeliveryStatus::Sent, 2));

    // The stalled one reports, in every way it could.
    let now = t0 + Duration::minutes(4);
    assert!(!store
        .retry_later(&stalled[0], now, "transient")
        .await
        .unwrap());
    assert!(!store
        .give_up(
            &stalled[0],
            suivi::store::DeliveryStatus::Failed,
            "gone",
            &[],
            now
        )
        .await
        .unwrap());
    assert!(!store.acknowledge(&stalled[0], "thread", now).await.unwrap());
    assert_eq!(store.delivery(stalled[0].id).await.unwrap().unwrap(), sent);
    live.run_for(Duration::minutes(10)).await;
    assert_eq!(
        live.notifier.sent(BENEFICIARY, DeliveryKind::Prompt).len(),
        1
    );
    assert!(live.notifier.sent(ADVISOR, DeliveryKind::Notice).is_empty());
    live.stop().await;
}
