//! `/setup`: shown to those who manage the server; "called on for" in each language.

use discord_double::SlashSpec;
use serde_json::{json, Value};

use super::at_relay;
use crate::discord::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_is_shown_only_to_those_who_manage_the_server() {
    let w = World::new(false).await;
    let commands = w.double.commands(None);
    let setup = commands
        .iter()
        .find(|c| c["name"] == "setup")
        .expect("/setup is registered");
    // MANAGE_GUILD (1 << 5): Discord shows the command to those members only.
    assert_eq!(setup["default_member_permissions"], json!("32"));
    let session = commands.iter().find(|c| c["name"] == "session").unwrap();
    assert!(session["default_member_permissions"].is_null(), "{session}");
    // One option per language for "what an advisor can be called on for".
    let options: Vec<&str> = setup["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert!(options.contains(&"called_on_for_fr") && options.contains(&"called_on_for_en"));
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_sets_called_on_for_in_each_language() {
    let w = World::new(false).await;
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &admin(), "setup")
                .permissions("32")
                .locale("en-US")
                .options(json!([
                    {"name": "called_on_for_en", "type": 3, "value": "Our advisors review funding applications"},
                    {"name": "called_on_for_fr", "type": 3, "value": "Nos chargé·es relisent vos dossiers de financement"},
                ])),
        )
        .await;
    loop {
        let m = w.double.next_message_to(admin().id, T).await.unwrap();
        if m.ephemeral && m.content.starts_with("Saved.") {
            break;
        }
    }
    at_relay(&w, "en-US").await;
    let (state,): (String,) =
        sqlx::query_as("SELECT state FROM conversations ORDER BY id DESC LIMIT 1")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    let state: Value = serde_json::from_str(&state).unwrap();
    assert_eq!(
        state["called_on_for"],
        json!({"en-US": "Our advisors review funding applications", "fr": "Nos chargé·es relisent vos dossiers de financement"})
    );
    w.double.assert_no_violations();
}
