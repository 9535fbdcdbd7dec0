//! A console opened on the bot's file, its clock moved two weeks ahead (`/wait 2w`), leaves
//! every Discord row as it was: deliveries, digest settings, agreements to plan. Whose a row
//! is comes from its `audience` column, never from the size of an id (the people here have
//! small ids, which the old rule took for the console's).

use std::sync::Arc;

use chrono::Duration;
use suivi::clock::{Clock, ManualClock};
use suivi::conversation::Desk;
use suivi::i18n::Lang;
use suivi::outbox::{Audience, Dispatcher, Tuning};
use suivi::store::{Store, StoreError};

use crate::common::*;

type Rows = (
    Vec<(i64, String, String, i64, String)>,
    Vec<(i64, Option<String>, Option<String>, String)>,
    Vec<(i64, Option<String>)>,
);

async fn discord_rows(store: &Store) -> Result<Rows, StoreError> {
    let deliveries =
        sqlx::query_as("SELECT id, status, due_at, attempts, audience FROM deliveries ORDER BY id")
            .fetch_all(store.pool())
            .await?;
    let digests = sqlx::query_as(
        "SELECT advisor_id, next_at, last_sent_at, audience FROM digest_settings ORDER BY advisor_id",
    )
    .fetch_all(store.pool())
    .await?;
    let plans = sqlx::query_as("SELECT id, next_plan_at FROM agreements ORDER BY id")
        .fetch_all(store.pool())
        .await?;
    Ok((deliveries, digests, plans))
}

#[tokio::test]
async fn a_console_moved_two_weeks_on_the_bots_file_touches_no_discord_row() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    let (bot, _) = live.stop().await;
    let before = discord_rows(bot.store()).await.unwrap();
    assert!(!before.0.is_empty() && !before.1.is_empty() && !before.2.is_empty());
    assert!(before.0.iter().all(|d| d.4 == "discord"));
    assert!(before.1.iter().all(|d| d.3 == "discord"));

    // The console, on the same file, two weeks later.
    let later = Arc::new(ManualClock::new(env.clock.now() + Duration::weeks(2)));
    let (store, _) = Store::open(&env.path).await.unwrap();
    let console = Arc::new(Desk::new(
        store.for_audience(Audience::Console),
        env.i18n.clone(),
        Arc::new(config()),
        later.clone(),
    ));
    let notifier = TestNotifier::new(&env);
    let tuning = Tuning {
        audience: Audience::Console,
        ..Tuning::default()
    };
    let scheduler = Dispatcher::new(console.clone(), notifier.clone(), tuning);
    let running = scheduler.spawn();
    assert!(scheduler.settle(std::time::Duration::from_secs(20)).await);
    later.advance(Duration::weeks(2));
    assert!(scheduler.settle(std::time::Duration::from_secs(20)).await);
    assert_eq!(
        scheduler.next_wake().await.unwrap(),
        None,
        "nothing of its own"
    );
    running.stop(std::time::Duration::from_secs(20)).await;

    assert!(notifier.tries().is_empty(), "{:#?}", notifier.tries());
    assert_eq!(discord_rows(&store).await.unwrap(), before);
}
