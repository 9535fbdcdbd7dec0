//! On the Discord double: the closing's read-back, its last message, `/plan` and the reminder
//! DMs sent later by the scheduler, each in the reader's own way of writing dates.

use serde_json::json;

use crate::discord::{advisor, beneficiary, whole_closing, Words, World};
use crate::discord_followup::slash_in as slash;
use crate::discord_followup::{answer_containing, dm_containing, first_exchange, hours, idle};
use crate::discord_ux::at_relay;

/// The first exchange as a British reader writes it.
const GB: &str = "Tuesday 1 December 2026 at 10:00, Paris time";
/// ... and as an American reader does.
const US: &str = "Tuesday, December 1, 2026 at 10:00 AM, Paris time";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_british_reader_reads_the_date_back_on_24_hours_day_first() {
    let w = World::new(false).await;
    let b = beneficiary();
    let (_, relay) = at_relay(&w, "en-GB").await;
    w.click(&b, &relay, ":c:yes", "en-GB").await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:weekly", "en-GB").await;
    w.prompt(&b).await;
    let first = w.dm("tuesday 10am").await;
    assert!(
        first.content.contains(&format!("Got it: {GB}.")),
        "{}",
        first.content
    );
    let second = w.dm("wednesday 14:30").await;
    assert!(
        second
            .content
            .contains("Got it: Wednesday 2 December 2026 at 14:30, Paris time."),
        "{}",
        second.content
    );
    assert!(!second.content.contains(" PM"), "{}", second.content);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_british_reader_reads_british_dates_in_the_closing_plan_and_reminders() {
    let w = World::new(false).await;
    let (b, a) = (beneficiary(), advisor());
    let (to_b, _) = whole_closing(
        &w,
        &Words {
            locale: "en-GB",
            expectations: "Understand how to set up a partnership with a town",
            next_step: "Draft a partnership agreement with the town of Thiès",
            tasks: "write to the mayor; prepare the budget",
            means: "A translator and two volunteer days",
            first: "tuesday 10am",
            commitments: "Send the draft agreement before the next exchange",
            synthesis: "First the agreement, then the budget",
            advisor_commitments: "Review the agreement and pass on two contacts",
        },
    )
    .await;
    assert!(to_b.content.contains(GB), "{}", to_b.content);
    idle(&w).await;

    // /plan, asked from a British client.
    slash(&w, &b, "plan", "en-GB", json!([])).await;
    let plan = answer_containing(&w, &b, "Next exchange").await;
    assert!(plan.content.contains(GB), "{}", plan.content);
    assert!(!plan.content.contains("AM"), "{}", plan.content);

    // The advisor chooses American English; the beneficiary's locale is kept from the
    // closing, so the scheduler's DMs, sent without any interaction, follow each reader.
    slash(
        &w,
        &a,
        "settings",
        "en-US",
        json!([{"name": "language", "options": [{"name": "language", "value": 1}]}]),
    )
    .await;
    answer_containing(&w, &a, "I will speak English").await;
    let (locale,): (Option<String>,) =
        sqlx::query_as("SELECT last_locale FROM people WHERE id = $1")
            .bind(b.id as i64)
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    assert_eq!(locale.as_deref(), Some("en-GB"));

    w.set_time(first_exchange() - hours(24));
    let to_b = dm_containing(&w, &b, "Reminder").await;
    assert!(
        to_b.content.contains(&format!(
            "your next exchange with Claire is tomorrow, on {GB}."
        )),
        "{}",
        to_b.content
    );
    let to_a = dm_containing(&w, &a, "Reminder").await;
    assert!(to_a.content.contains(US), "{}", to_a.content);
    w.double.assert_no_violations();
}
