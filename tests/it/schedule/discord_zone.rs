//! `/settings timezone` on Discord, end to end against the loopback double: the list offered
//! while typing starts with the cities typed ("dak" -> Dakar), a city typed in full is
//! accepted, the zone is saved, and the reply names it as people read it.

use std::sync::Arc;
use std::time::Duration;

use discord_double::{Double, SentKind, SlashSpec, UserSpec};
use serde_json::json;
use suivi::app::Bot;
use suivi::clock::ManualClock;
use suivi::config::Token;

use crate::common::{config, start};

const T: Duration = Duration::from_secs(20);

fn person() -> UserSpec {
    UserSpec::new(8701, "Aminata")
}

fn settings_timezone(value: &str, locale: &str) -> SlashSpec {
    SlashSpec::dm(&person(), "settings")
        .locale(locale)
        .options(json!([{"name": "timezone", "options": [{"name": "timezone", "value": value}]}]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_zone_by_city_with_a_list_while_typing() {
    let double = Double::start().await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut cfg = config();
    cfg.database = dir.path().join("bot.db");
    cfg.discord_api_base = Some(double.proxy_url());
    let db = cfg.database.clone();
    let bot = Bot::start(
        cfg,
        &Token::new("test-token"),
        Arc::new(ManualClock::new(start())),
    )
    .await
    .expect("the bot starts");
    double.wait_ready(T).await.expect("ready");
    let app = double.application_id();
    double
        .wait_for(T, |r| {
            r.matches("PUT", &format!("/applications/{app}/commands"))
        })
        .await
        .expect("commands registered");

    double
        .autocomplete(settings_timezone("dak", "fr"), "timezone")
        .await;
    let offered = double
        .next_message_to(person().id, T)
        .await
        .expect("choices");
    let SentKind::Autocomplete { choices } = &offered.kind else {
        panic!("{:?}", offered.kind)
    };
    assert_eq!(choices[0]["name"], "Dakar — Africa/Dakar", "{choices:?}");
    assert_eq!(choices[0]["value"], "Africa/Dakar");

    double
        .autocomplete(settings_timezone("Montr", "en-US"), "timezone")
        .await;
    let offered = double
        .next_message_to(person().id, T)
        .await
        .expect("choices");
    let SentKind::Autocomplete { choices } = &offered.kind else {
        panic!("{:?}", offered.kind)
    };
    assert_eq!(choices[0]["value"], "America/Montreal", "{choices:?}");
    assert!(choices.len() <= 25);

    // A city typed in full, without picking from the list.
    double.slash(settings_timezone("new york", "en-US")).await;
    let reply = double
        .next_message_to(person().id, T)
        .await
        .expect("a reply");
    assert!(
        reply.content.contains("New York time.") && !reply.content.contains("America/"),
        "{}",
        reply.content
    );
    double.slash(settings_timezone("dakar", "fr")).await;
    let reply = double
        .next_message_to(person().id, T)
        .await
        .expect("a reply");
    assert!(
        reply.content.contains("à l’heure de Dakar.") && !reply.content.contains("Africa/"),
        "{}",
        reply.content
    );
    double.slash(settings_timezone("Atlantide", "fr")).await;
    let reply = double
        .next_message_to(person().id, T)
        .await
        .expect("a reply");
    assert!(
        reply.content.contains("une ville comme Dakar"),
        "{}",
        reply.content
    );

    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await
            .expect("the bot's database");
    let (zone,): (Option<String>,) = sqlx::query_as("SELECT timezone FROM people WHERE id = $1")
        .bind(i64::try_from(person().id).expect("an id"))
        .fetch_one(&pool)
        .await
        .expect("the person");
    assert_eq!(zone.as_deref(), Some("Africa/Dakar"));
    double.assert_no_violations();
    bot.shutdown().await;
}
