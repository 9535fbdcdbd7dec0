//! A rhythm with an end or a weekday of the month, typed in the closing conversation: shown in
//! the recap, checked against the first exchange, stored with the agreement.

use crate::common::*;
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

#[tokio::test]
async fn a_typed_rhythm_with_an_end_reaches_the_recap_and_the_agreement() {
    let env = env().await;
    // Saturday 28 November 2026; the first exchange is Tuesday 1 December, 10:00.
    let (closing, _) = to_recap(&env, Lang::En, &EN, false).await;
    env.choose(closing, Lang::En, "edit").await;
    env.choose(closing, Lang::En, "frequency").await;
    env.choose(closing, Lang::En, "custom").await;
    let shown = env
        .text(closing, Lang::En, "every 2 weeks until November 30")
        .await;
    assert!(
        shown.contains("end on November 30, 2026, before the first exchange on December 1, 2026"),
        "{shown}"
    );
    let shown = env.text(closing, Lang::En, "every 60 weeks").await;
    assert!(shown.contains("between 1 and 52 weeks"), "{shown}");
    // Tuesday 1 December is not a last Friday: said, and the date typed kept first.
    let shown = env
        .text(
            closing,
            Lang::En,
            "the last Friday of every month for 6 sessions",
        )
        .await;
    assert!(
        shown.contains("the next exchange would be Friday, December 25, 2026 at 10:00 AM"),
        "{shown}"
    );
    let recap = env.choose(closing, Lang::En, "date_keep").await;
    assert!(
        recap.contains(
            "The next exchanges take place the last Friday of every month, 6 exchanges in all"
        ),
        "{recap}"
    );
    // A first exchange after an end date is refused.
    env.choose(closing, Lang::En, "edit").await;
    env.choose(closing, Lang::En, "frequency").await;
    env.choose(closing, Lang::En, "custom").await;
    let recap = env
        .text(closing, Lang::En, "every week until December 15")
        .await;
    assert!(
        recap.contains("every week until December 15, 2026"),
        "{recap}"
    );
    env.choose(closing, Lang::En, "edit").await;
    env.choose(closing, Lang::En, "first_exchange").await;
    let shown = env.text(closing, Lang::En, "2027-01-05 10:00").await;
    assert!(
        shown.contains("before the first exchange on January 5, 2027"),
        "{shown}"
    );
    env.text(closing, Lang::En, "2026-12-08 10:00").await;
    env.choose(closing, Lang::En, "date_ok").await;
    assert_eq!(env.step(closing).await, "recap");
    env.choose(closing, Lang::En, "confirm").await;
    env.say(
        closing,
        &advisor(Lang::En),
        Input::AdvisorCommitments(EN.advisor_commitments.into()),
    )
    .await
    .unwrap();
    env.say(closing, &advisor(Lang::En), Input::AdvisorConfirm)
        .await
        .unwrap();
    let (cadence,) = sqlx::query_as::<_, (String,)>("SELECT cadence FROM agreements")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(
        cadence,
        r#"{"unit":"weeks","every":1,"until":"2026-12-15"}"#
    );
}
