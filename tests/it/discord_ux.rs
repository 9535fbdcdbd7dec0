//! The closing as people live it on Discord (the real client against the loopback Discord,
//! every body validated): stale clicks, a second `/session` while a closing is in progress,
//! the advisor's commitments in order, fallback threads, `/setup`'s permissions, the final
//! message.

use discord_double::{Failure, SentKind, SentMessage, SlashSpec, UserSpec};
use serde_json::{json, Value};

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

/// After a refused click: the private note and the question sent again (in either order);
/// the edits that clear buttons are skipped.
async fn note_and_question(w: &World, user: &UserSpec) -> (SentMessage, SentMessage) {
    let (mut note, mut question) = (None, None);
    while note.is_none() || question.is_none() {
        let m = w.double.next_message_to(user.id, T).await.unwrap();
        match m.kind {
            SentKind::ChannelMessage => question = Some(m),
            _ if m.ephemeral => note = Some(m),
            _ => {}
        }
    }
    (note.unwrap(), question.unwrap())
}

/// `(relay consent, answers logged for it)` of the latest conversation.
async fn relay_of(w: &World) -> (Value, i64) {
    let (state,): (String,) =
        sqlx::query_as("SELECT state FROM conversations ORDER BY id DESC LIMIT 1")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    let state: Value = serde_json::from_str(&state).unwrap();
    let (logged,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE field = 'relay'")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    (state["answers"]["relay"].clone(), logged)
}

/// A closing in `locale` answered up to the relay question; returns the "continue" question
/// (answered long ago) and the relay question now asked.
async fn at_relay(w: &World, locale: &str) -> (SentMessage, SentMessage) {
    let b = beneficiary();
    let review = w.begin("close", false, locale).await;
    w.click(&b, &review, ":c:yes", locale).await;
    let questions = w.prompt(&b).await;
    w.click(&b, &questions, ":skip", locale).await;
    let cont = w.prompt(&b).await;
    w.click(&b, &cont, ":c:yes", locale).await;
    w.prompt(&b).await;
    w.dm("Rédiger une convention de partenariat avec la commune")
        .await;
    w.dm("écrire au maire\npréparer le budget").await;
    let future = w.dm("Un traducteur et deux jours de bénévolat").await;
    w.click(&b, &future, ":skip", locale).await;
    let called = w.prompt(&b).await;
    w.click(&b, &called, ":c:next", locale).await;
    let relay = w.prompt(&b).await;
    (cont, relay)
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
    let (told, again) = note_and_question(&w, &b).await;
    assert!(
        told.content
            .starts_with("Cette question a déjà reçu une réponse"),
        "told privately: {}",
        told.content
    );
    assert!(
        again.content.contains("relayer les informations"),
        "the current question is shown again: {}",
        again.content
    );
    assert_eq!(
        relay_of(&w).await,
        (Value::Null, 0),
        "the relay consent stays unset"
    );

    // A button from before questions were numbered is refused kindly too.
    let old = as_sent_before(&again);
    w.click(&b, &old, ":c:yes", "fr").await;
    let (told, current) = note_and_question(&w, &b).await;
    assert!(
        told.content.contains("déjà reçu une réponse"),
        "{}",
        told.content
    );
    assert!(current.content.contains("relayer les informations"));
    assert_eq!(relay_of(&w).await, (Value::Null, 0));

    // The current question's own button applies.
    w.click(&b, &current, ":c:no", "fr").await;
    let freq = w.prompt(&b).await;
    assert!(freq.content.contains("fréquence"), "{}", freq.content);
    assert_eq!(relay_of(&w).await, (json!("no"), 1));
    w.double.assert_no_violations();
}

/// Closed direct messages: the session opens in a private thread of the fallback channel.
/// Returns the thread and its first question.
async fn in_a_thread(w: &World) -> (u64, SentMessage) {
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    let public = w.session("open", false, "fr").await;
    w.click(&beneficiary(), &public, ":start", "fr").await;
    let thread = w
        .double
        .wait_for(T, |r| {
            r.matches("POST", &format!("/channels/{FALLBACK}/threads"))
        })
        .await
        .unwrap();
    let name = thread.body.as_ref().unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let member = w
        .double
        .wait_for(T, |r| {
            r.method == "PUT" && r.path.contains("/thread-members/")
        })
        .await
        .unwrap();
    let thread_id: u64 = member
        .path
        .strip_prefix("/channels/")
        .and_then(|p| p.split_once("/thread-members/"))
        .map(|(t, _)| t.parse().unwrap())
        .unwrap();
    let question = w.double.next_message_in(thread_id, T).await.unwrap();
    // The Start button's private note says where the questions went.
    loop {
        let m = w.double.next_message_to(beneficiary().id, T).await.unwrap();
        if m.content.contains("fil privé") {
            break;
        }
    }
    assert_eq!(
        name, "suivi — Moussa",
        "named for the person, nothing confidential"
    );
    (thread_id, question)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_write_my_answer_button_goes_once_answered() {
    let w = World::new(true).await;
    let b = beneficiary();
    let (thread, question) = in_a_thread(&w).await;
    assert!(question.custom_ids().iter().any(|c| c.ends_with(":answer")));
    w.click(&b, &question, ":answer", "fr").await;
    let modal = w.reply(&b).await;
    let SentKind::Modal { custom_id, .. } = &modal.kind else {
        panic!("{:?}", modal.kind)
    };
    w.double
        .submit_modal(
            &b,
            custom_id,
            &[("text", "Trouver des partenaires au Sénégal")],
            "fr",
            Some((GUILD, thread)),
        )
        .await;
    let thanks = loop {
        let m = w.double.next_message_in(thread, T).await.unwrap();
        if m.kind == SentKind::ChannelMessage {
            break m;
        }
    };
    assert!(thanks.content.starts_with("Merci"), "{}", thanks.content);
    let edited = w
        .double
        .wait_for(T, |r| {
            r.matches(
                "PATCH",
                &format!("/channels/{thread}/messages/{}", question.id),
            )
        })
        .await
        .unwrap();
    assert_eq!(edited.body.as_ref().unwrap()["components"], json!([]));
    let stored = w.double.message(question.id).unwrap();
    assert_eq!(stored["components"], json!([]), "the button is gone");
    // The same form sent again (say, from a second window) is refused, not taken twice.
    w.double
        .submit_modal(
            &b,
            custom_id,
            &[("text", "Autre chose")],
            "fr",
            Some((GUILD, thread)),
        )
        .await;
    loop {
        let m = w.double.next_message_to(b.id, T).await.unwrap();
        if m.ephemeral && m.content.contains("terminée") {
            break;
        }
    }
    let (exp,): (Option<String>,) = sqlx::query_as("SELECT expectations FROM work_sessions")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(exp.as_deref(), Some("Trouver des partenaires au Sénégal"));
    w.double.assert_no_violations();
}

/// `/session <sub>` by the advisor while a closing is in progress: the private question.
async fn second_session(w: &World, sub: &str, locale: &str) -> SentMessage {
    let opts =
        vec![json!({"name": "beneficiary", "type": 6, "value": beneficiary().id.to_string()})];
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &advisor(), "session")
                .roles(&[ROLE])
                .locale(locale)
                .options(json!([{"name": sub, "options": opts}])),
        )
        .await;
    loop {
        let m = w.double.next_message_to(advisor().id, T).await.unwrap();
        if matches!(m.kind, SentKind::InteractionReply { .. }) {
            return m;
        }
    }
}

async fn step_of(w: &World, conversation: i64) -> (String, String) {
    sqlx::query_as("SELECT step, status FROM conversations WHERE id = ?")
        .bind(conversation)
        .fetch_one(w.store().pool())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_close_mid_closing_asks_the_advisor_to_resume_or_start_again() {
    let w = World::new(false).await;
    let (b, a) = (beneficiary(), advisor());
    let (_, relay) = at_relay(&w, "en-US").await;
    let (first,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM conversations")
        .fetch_one(w.store().pool())
        .await
        .unwrap();

    // Asked privately; nothing is lost meanwhile.
    let asked = second_session(&w, "close", "en-US").await;
    assert!(asked.ephemeral, "asked privately");
    assert!(
        asked
            .content
            .starts_with("Moussa has begun a closing that is not finished yet"),
        "{}",
        asked.content
    );
    assert_eq!(asked.button_labels(), ["Resume it", "Start again"]);
    assert_eq!(step_of(&w, first).await, ("relay".into(), "active".into()));

    // Resume: the beneficiary gets the question they are at again.
    w.click(&a, &asked, ":resume", "en-US").await;
    let done = w.reply(&a).await;
    assert!(
        matches!(done.kind, SentKind::UpdateMessage),
        "{:?}",
        done.kind
    );
    assert!(
        done.content.starts_with("Done: Moussa's current question"),
        "{}",
        done.content
    );
    assert!(done.components.is_empty());
    let again = w.prompt(&b).await;
    assert_eq!(again.content, relay.content);
    assert_eq!(step_of(&w, first).await, ("relay".into(), "active".into()));

    // Start again: a new closing, with its public Start message; the first one is left.
    let asked = second_session(&w, "close", "en-US").await;
    w.click(&a, &asked, ":restart:close:0", "en-US").await;
    let mut public = None;
    while public.is_none() {
        let m = w.double.next_message_to(a.id, T).await.unwrap();
        match m.kind {
            SentKind::UpdateMessage => assert!(m.content.starts_with("Started again")),
            SentKind::Followup => public = Some(m),
            _ => {}
        }
    }
    let public = public.unwrap();
    assert!(!public.ephemeral, "the Start message is public");
    assert!(
        public.content.contains(&format!("<@{}>", b.id)),
        "{}",
        public.content
    );
    assert_eq!(step_of(&w, first).await.1, "abandoned");
    w.click(&b, &public, ":start", "en-US").await;
    let review = w.prompt(&b).await;
    assert!(
        review
            .content
            .starts_with("Let's review this work session."),
        "{}",
        review.content
    );

    // The closing left is readable in /plan.
    w.double
        .slash(SlashSpec::guild(GUILD, CHANNEL, &b, "plan").locale("en-US"))
        .await;
    let plan = loop {
        let m = w.double.next_message_to(b.id, T).await.unwrap();
        if matches!(m.kind, SentKind::InteractionReply { .. }) {
            break m;
        }
    };
    assert!(plan.ephemeral);
    assert!(
        plan.content.contains("Closing left unfinished on"),
        "{}",
        plan.content
    );
    assert!(
        plan.content
            .contains("Next step: Rédiger une convention de partenariat avec la commune"),
        "{}",
        plan.content
    );
    w.double.assert_no_violations();
}

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
