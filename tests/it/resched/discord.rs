//! On Discord: the advisor reads English in Toronto, the beneficiary French in Paris.

use discord_double::{SentKind, SentMessage, UserSpec};
use serde_json::{json, Value};
use suivi::store::{DeliveryKind, DeliveryStatus};

use crate::discord::{advisor, beneficiary, whole_closing, World, FRENCH, T};
use crate::discord_followup::slash_in as slash;
use crate::discord_followup::{deliveries_to, dm_containing, idle};

/// The next private answer to `user` containing `needle`.
async fn answer_containing(w: &World, user: &UserSpec, needle: &str) -> SentMessage {
    loop {
        let m = w.reply(user).await;
        if m.content.contains(needle) {
            assert!(m.ephemeral, "{}", m.content);
            return m;
        }
    }
}

/// A private answer containing `reply` and a DM containing `dm`, to the same person, in
/// whichever order they come (waiting for one alone would pass over the other).
async fn reply_and_dm(
    w: &World,
    user: &UserSpec,
    reply: &str,
    dm: &str,
) -> (SentMessage, SentMessage) {
    let (mut r, mut d) = (None, None);
    while r.is_none() || d.is_none() {
        let m = w.double.next_message_to(user.id, T).await.unwrap();
        if m.kind == SentKind::ChannelMessage {
            if m.text().contains(dm) {
                d = Some(m);
            }
        } else if m.content.contains(reply) {
            assert!(m.ephemeral, "{}", m.content);
            r = Some(m);
        }
    }
    (r.unwrap(), d.unwrap())
}

async fn click(w: &World, user: &UserSpec, msg: &SentMessage, prefix: &str, locale: &str) {
    let id = msg
        .custom_ids()
        .into_iter()
        .find(|c| c.contains(prefix))
        .unwrap_or_else(|| panic!("no {prefix} on {:?}", msg.custom_ids()));
    w.double.click(user, msg, &id, locale).await;
}

fn when(text: &str) -> Value {
    json!([{"name": "when", "value": text}])
}

/// What follows "Next exchange: " / "Prochain échange : " in a message.
fn next_exchange(content: &str) -> &str {
    let start = content
        .find("Next exchange: ")
        .map(|i| i + "Next exchange: ".len())
        .or_else(|| {
            content
                .find("Prochain échange\u{202f}: ")
                .map(|i| i + "Prochain échange\u{202f}: ".len())
        })
        .unwrap_or_else(|| panic!("no next exchange in {content}"));
    let rest = &content[start..];
    rest.trim_end_matches('.')
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_date_accepted_is_the_date_kept_and_both_sides_read_it_in_their_zone() {
    let w = World::new(false).await;
    whole_closing(&w, &FRENCH).await;
    idle(&w).await;
    let (a, b) = (advisor(), beneficiary());
    slash(
        &w,
        &a,
        "settings",
        "en-US",
        json!([{"name": "language", "options": [{"name": "language", "value": 1}]}]),
    )
    .await;
    answer_containing(&w, &a, "I will speak English").await;
    slash(
        &w,
        &a,
        "settings",
        "en-US",
        json!([{"name": "timezone", "options": [{"name": "timezone", "value": "America/Toronto"}]}]),
    )
    .await;
    answer_containing(&w, &a, "Toronto").await;

    // A new rhythm: the first Monday of the month, accepted by the beneficiary. Both are told
    // the first exchange it gives, each in their zone.
    slash(
        &w,
        &a,
        "reschedule",
        "en-US",
        json!([{"name": "rhythm", "value": "first Monday of the month"}]),
    )
    .await;
    answer_containing(&w, &a, "Your proposal was sent").await;
    let ask = dm_containing(&w, &b, "Claire propose un changement").await;
    click(&w, &b, &ask, "rs-accept-", "fr").await;
    let ok = answer_containing(&w, &b, "C’est accepté").await;
    assert!(
        ok.content.contains(
            "Prochain échange\u{202f}: lundi 7 décembre 2026 à 10\u{202f}h, heure de Paris."
        ),
        "{}",
        ok.content
    );
    let told = dm_containing(&w, &a, "Moussa accepted your proposal").await;
    assert!(
        told.content
            .contains("Next exchange: Monday, December 7, 2026 at 4:00 AM, Toronto time."),
        "{}",
        told.content
    );

    // The case: Tuesday 2 February, off the rhythm. The advisor is told so and chooses.
    slash(&w, &a, "reschedule", "en-US", when("February 2nd 2027 8am")).await;
    let (wait, choice) =
        reply_and_dm(&w, &a, "is not sent yet", "is not on the agreed rhythm (").await;
    assert!(
        wait.content
            .contains("Tuesday, February 2, 2027 at 8:00 AM"),
        "{}",
        wait.content
    );
    assert!(wait.content.contains("first Monday"), "{}", wait.content);
    assert_eq!(
        choice.button_labels(),
        [
            "This date once, then the rhythm",
            "Propose Monday, March 1, 2027 at 8:00 AM, Toronto time instead"
        ]
    );
    click(&w, &a, &choice, "rs-once-", "en-US").await;
    answer_containing(&w, &a, "Your proposal was sent").await;
    let first = dm_containing(&w, &b, "Claire propose un changement").await;
    assert!(
        first
            .content
            .contains("le prochain échange le mardi 2 février 2027 à 14\u{202f}h, heure de Paris, une seule fois"),
        "{}",
        first.content
    );

    // The beneficiary answers with a counter-proposal: Thursday 4 February, once.
    slash(&w, &b, "reschedule", "fr", when("4 février 2027 14h")).await;
    let (_, choice) = reply_and_dm(
        &w,
        &b,
        "n’est pas encore envoyée",
        "ne tombe pas sur le rythme convenu",
    )
    .await;
    assert_eq!(
        choice.button_labels(),
        [
            "Cette date une fois, puis le rythme",
            "Proposer plutôt le lundi 1er mars 2027 à 14\u{202f}h, heure de Paris"
        ]
    );
    click(&w, &b, &choice, "rs-once-", "fr").await;
    let sent = answer_containing(&w, &b, "Votre contre-proposition est envoyée").await;
    assert!(
        sent.content
            .contains("Elle remplace la proposition du 2 février 2027 de Claire"),
        "{}",
        sent.content
    );
    let counter = dm_containing(&w, &a, "is replaced by Moussa's").await;
    assert!(
        counter.content.contains("Your proposal of")
            && counter.content.contains(
                "the next exchange on Thursday, February 4, 2027 at 8:00 AM, Toronto time, once"
            ),
        "{}",
        counter.content
    );
    // The replaced proposal records what replaced it.
    let rows: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, status, replaced_by FROM reschedules ORDER BY id")
            .fetch_all(w.store().pool())
            .await
            .unwrap();
    let (second, third) = (&rows[1], &rows[2]);
    assert_eq!(
        (second.1.as_str(), second.2),
        ("withdrawn", Some(third.0)),
        "{rows:?}"
    );
    assert_eq!(third.1, "pending");

    // The old button of the replaced proposal says what happened to it.
    click(&w, &b, &first, "rs-accept-", "fr").await;
    let old = answer_containing(
        &w,
        &b,
        "Cette proposition a été remplacée par celle de Moussa",
    )
    .await;
    assert!(
        old.content.contains("jeudi 4 février 2027 à 14\u{202f}h"),
        "{}",
        old.content
    );

    // The advisor accepts: the date accepted is the next exchange, to the minute, for both.
    click(&w, &a, &counter, "rs-accept-", "en-US").await;
    let ok = answer_containing(&w, &a, "Accepted.").await;
    assert_eq!(
        next_exchange(&ok.content),
        "Thursday, February 4, 2027 at 8:00 AM, Toronto time"
    );
    let told = dm_containing(&w, &b, "Claire a accepté votre proposition").await;
    assert_eq!(
        next_exchange(&told.content),
        "jeudi 4 février 2027 à 14\u{202f}h, heure de Paris"
    );
    // What /plan shows and what the reminders are planned for.
    slash(&w, &b, "plan", "fr", json!([])).await;
    let plan = answer_containing(&w, &b, "Prochain échange").await;
    assert!(
        plan.content
            .contains("le jeudi 4 février 2027 à 14\u{202f}h"),
        "{}",
        plan.content
    );
    idle(&w).await;
    let exchange: chrono::DateTime<chrono::Utc> = "2027-02-04T13:00:00Z".parse().unwrap();
    let day_before = (exchange - chrono::Duration::hours(24))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let reminders: Vec<_> = deliveries_to(&w, &b)
        .await
        .into_iter()
        .filter(|d| d.kind == DeliveryKind::Reminder && d.status == DeliveryStatus::Planned)
        .collect();
    assert!(
        reminders.iter().any(|d| d.due_at == day_before),
        "{reminders:#?}"
    );

    // A decline names the date declined, to both; its old button says it was declined.
    slash(&w, &a, "reschedule", "en-US", when("March 1st 2027 9am")).await;
    answer_containing(&w, &a, "Your proposal was sent").await;
    let ask = dm_containing(&w, &b, "Claire propose un changement").await;
    click(&w, &b, &ask, "rs-decline-", "fr").await;
    let no = answer_containing(&w, &b, "C’est refusé").await;
    assert!(
        no.content.contains("lundi 1er mars 2027 à 15\u{202f}h"),
        "{}",
        no.content
    );
    let told = dm_containing(&w, &a, "Moussa declined your proposal").await;
    assert!(
        told.content.contains("Monday, March 1, 2027 at 9:00 AM"),
        "{}",
        told.content
    );
    click(&w, &b, &ask, "rs-decline-", "fr").await;
    answer_containing(&w, &b, "Cette proposition a déjà été refusée").await;
    w.double.assert_no_violations();
}
