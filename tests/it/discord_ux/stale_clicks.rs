//! A click on an older question is refused privately, the current one shown again.

use discord_double::SentMessage;
use serde_json::{json, Value};

use super::{at_relay, refused_showing, relay_of};
use crate::discord::*;

/// The same message as sent by the release before questions were numbered: its `custom_id`s
/// carry no question.
fn as_sent_before(msg: &SentMessage) -> SentMessage {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get_mut("custom_id") {
                    let parts: Vec<&str> = id.split(':').collect();
                    if parts.len() > 2 && parts[2].starts_with('q') {
                        let mut kept = parts.clone();
                        kept.remove(2);
                        *id = kept.join(":");
                    }
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(list) => list.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut old = msg.clone();
    old.components.iter_mut().for_each(strip);
    old
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_an_older_question_is_refused_privately_and_the_current_one_shown() {
    let w = World::new(false).await;
    let b = beneficiary();
    let (cont, relay) = at_relay(&w, "fr").await;
    assert!(
        relay.content.contains("relayer les informations"),
        "{}",
        relay.content
    );
    // "Yes, continue the support", clicked again on its old message while the relay question
    // is open: not taken as a relay consent.
    w.click(&b, &cont, ":c:yes", "fr").await;
    let again = refused_showing(&w, &b, "relayer les informations").await;
    assert_eq!(
        relay_of(&w).await,
        (Value::Null, 0),
        "the relay consent stays unset"
    );

    // A button from before questions were numbered is refused kindly too.
    let old = as_sent_before(&again);
    w.click(&b, &old, ":c:yes", "fr").await;
    let current = refused_showing(&w, &b, "relayer les informations").await;
    assert_eq!(relay_of(&w).await, (Value::Null, 0));

    // The current question's own button applies.
    w.click(&b, &current, ":c:no", "fr").await;
    let freq = w.prompt(&b).await;
    assert!(freq.content.contains("fréquence"), "{}", freq.content);
    assert_eq!(relay_of(&w).await, (json!("no"), 1));
    w.double.assert_no_violations();
}
