//! The advisor's commitments come in order: asked when the beneficiary reaches theirs, in the
//! recap the beneficiary confirms, confirmed again when they change.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use super::to_exchange_means;
use crate::common::*;

#[tokio::test]
async fn commitments_come_in_order_and_the_beneficiary_confirms_both() {
    let env = env().await;
    let closing = to_exchange_means(&env, Lang::En).await;
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Choices(vec!["email".into()]),
        )
        .await
        .unwrap();
    // The beneficiary reaches their commitments: the advisor is asked for theirs, by name.
    let to_advisor = env.shown_to(&out, ADVISOR);
    assert!(
        to_advisor.starts_with("Moussa has reached the commitments step"),
        "{to_advisor}"
    );
    let invite = out.iter().find(|o| o.to == ADVISOR).unwrap();
    assert!(
        matches!(&invite.prompt.expect, suivi::domain::prompt::Expect::One(o) if o[0].id == "advisor_commitments")
    );

    // The advisor has not answered yet: the recap waits for them, with nothing to confirm.
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Text(EN.commitments.into()),
        )
        .await
        .unwrap();
    // The advisor is told, once, that the beneficiary now waits for them.
    let told = env.shown_to(&out, ADVISOR);
    assert!(
        told.starts_with("Moussa has finished the closing and is waiting for your commitments"),
        "{told}"
    );
    let out: Vec<_> = out.into_iter().filter(|o| o.to == BENEFICIARY).collect();
    let recap = env.shown(&out);
    assert!(
        recap.contains("The advisor's commitments are still to be entered."),
        "{recap}"
    );
    assert!(
        recap.contains("Your advisor has not entered their own commitments yet"),
        "{recap}"
    );
    let ids = |o: &suivi::conversation::Outgoing| match &o.prompt.expect {
        suivi::domain::prompt::Expect::One(opts) => {
            opts.iter().map(|o| o.id.clone()).collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    assert_eq!(ids(&out[0]), ["edit"]);
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Choice("confirm".into()),
        )
        .await
        .unwrap();
    assert!(out.iter().all(|o| o.to == BENEFICIARY), "told once only");
    let shown = env.shown(&out);
    assert!(
        shown.contains("You can confirm as soon as your advisor's commitments are in the recap"),
        "{shown}"
    );
    assert_eq!(env.step(closing).await, "recap");

    // The advisor enters theirs: the beneficiary gets the complete recap to confirm.
    let out = env
        .say(
            closing,
            &advisor(Lang::En),
            Input::AdvisorCommitments(EN.advisor_commitments.into()),
        )
        .await
        .unwrap();
    let told = env.shown_to(&out, ADVISOR);
    assert!(told.contains("sent to Moussa to confirm"), "{told}");
    let recap = env.shown_to(&out, BENEFICIARY);
    assert!(
        recap.starts_with("Your advisor has entered their commitments"),
        "{recap}"
    );
    assert!(
        recap.contains(&format!(
            "The advisor's commitments: {}",
            EN.advisor_commitments
        )),
        "{recap}"
    );
    let to_b = out.iter().find(|o| o.to == BENEFICIARY).unwrap();
    assert_eq!(ids(to_b), ["confirm", "edit"]);
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Choice("confirm".into()),
        )
        .await
        .unwrap();
    let review = env.shown_to(&out, ADVISOR);
    assert!(review.contains(EN.advisor_commitments), "{review}");
    assert!(!review.contains("still missing"), "{review}");

    // A change after the beneficiary confirmed: they confirm again.
    let changed = "Review the agreement and introduce two funders by email";
    let out = env
        .say(
            closing,
            &advisor(Lang::En),
            Input::AdvisorCommitments(changed.into()),
        )
        .await
        .unwrap();
    assert!(
        env.shown_to(&out, ADVISOR)
            .contains("they are asked to confirm it again"),
        "{}",
        env.shown_to(&out, ADVISOR)
    );
    let recap = env.shown_to(&out, BENEFICIARY);
    assert!(
        recap.starts_with("Your advisor has changed their commitments"),
        "{recap}"
    );
    assert!(recap.contains(changed), "{recap}");
    assert_eq!(env.step(closing).await, "recap");
    let err = env
        .say(closing, &advisor(Lang::En), Input::AdvisorConfirm)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            suivi::conversation::DeskError::Refused(
                suivi::domain::closing::ClosingError::NotReadyForAdvisor
            )
        ),
        "{err:?}"
    );
    env.choose(closing, Lang::En, "confirm").await;
    env.say(closing, &advisor(Lang::En), Input::AdvisorConfirm)
        .await
        .unwrap();
    let (theirs,): (String,) =
        sqlx::query_as("SELECT advisor_commitments FROM agreements WHERE status = 'active'")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(theirs, changed);
}
