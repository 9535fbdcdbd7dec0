//! Closings saved by the release before this one carry on.

use suivi::conversation::{DeskError, Sent};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

/// A closing saved by the release before this one, as it stands in `conversations.state`:
/// the beneficiary confirmed the recap before the advisor entered any commitments; the text
/// "called on for" is one string; questions were not numbered.
const OLD_ROW: &str = r#"{"kind":"closing","advisor":501,"beneficiary":502,"expectations":null,"synthesis_requested":false,"called_on_for":"• relire vos dossiers","tz":"Europe/Paris","step":"awaiting_advisor","history":["review_match","review_questions","review_continue","next_step","tasks","means","future_needs","called_on_for","relay","frequency","first_exchange","exchange_means","commitments"],"editing":false,"paused":false,"answers":{"review_match":"partly","questions":null,"wants_continue":"yes","next_step":"Rédiger la convention avec la commune","tasks":["écrire au maire","préparer le budget"],"means":"Un traducteur wolof","future_needs":null,"relay":"yes","relay_at":"2026-11-28T10:00:00Z","frequency":"biweekly","cadence":{"unit":"weeks","every":2},"first_exchange":{"local":"2026-12-01T10:00:00","tz":"Europe/Paris","utc":"2026-12-01T09:00:00Z"},"exchange_means":["email","in_person"],"commitments":"Envoyer le projet de convention","synthesis":null,"advisor_commitments":null,"advisor_proposal":null},"beneficiary_confirmed_at":"2026-11-28T10:00:00Z","advisor_confirmed_at":null}"#;

#[tokio::test]
async fn a_closing_saved_by_the_previous_release_carries_on() {
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    sqlx::query("UPDATE conversations SET state = $1, step = 'awaiting_advisor' WHERE id = $2")
        .bind(OLD_ROW)
        .bind(closing)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
    let a = advisor(Lang::Fr);
    // A button of that release (no question number) is refused kindly, never misapplied.
    let err = env
        .desk
        .answer(closing, &a, Input::AdvisorConfirm, Sent::With(None))
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Stale), "{err:?}");
    assert_eq!(env.step(closing).await, "awaiting_advisor");
    // The advisor's review asks for the commitments they can now enter.
    let out = env.desk.current(closing, &a).await.unwrap();
    let review = env.shown(&out);
    assert!(
        review.contains("Vos propres engagements manquent encore"),
        "{review}"
    );
    assert!(!review.contains('['), "every message renders: {review}");
    // Entered now, after the beneficiary confirmed: they confirm again, with them.
    let out = env
        .say(
            closing,
            &a,
            Input::AdvisorCommitments(FR.advisor_commitments.into()),
        )
        .await
        .unwrap();
    let to_b = env.shown_to(&out, BENEFICIARY);
    assert!(
        to_b.starts_with("Votre chargé·e de mission a saisi ses engagements"),
        "{to_b}"
    );
    assert!(to_b.contains(FR.advisor_commitments), "{to_b}");
    assert_eq!(env.step(closing).await, "recap");
    env.choose(closing, Lang::Fr, "confirm").await;
    env.say(closing, &a, Input::AdvisorConfirm).await.unwrap();
    assert_eq!(env.step(closing).await, "agreed");
    let (means, theirs): (String, String) =
        sqlx::query_as("SELECT means, advisor_commitments FROM agreements WHERE status = 'active'")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(means, "email,in_person");
    assert_eq!(theirs, FR.advisor_commitments);
}

#[tokio::test]
async fn a_closing_saved_at_the_commitments_asks_the_advisor_once_the_beneficiary_answers() {
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    let at_commitments = OLD_ROW
        .replace(r#""step":"awaiting_advisor""#, r#""step":"commitments""#)
        .replace(
            r#""commitments":"Envoyer le projet de convention""#,
            r#""commitments":null"#,
        )
        .replace(
            r#""beneficiary_confirmed_at":"2026-11-28T10:00:00Z""#,
            r#""beneficiary_confirmed_at":null"#,
        );
    sqlx::query("UPDATE conversations SET state = $1, step = 'commitments' WHERE id = $2")
        .bind(&at_commitments)
        .bind(closing)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
    let out = env
        .say(
            closing,
            &beneficiary(Lang::Fr),
            Input::Text(FR.commitments.into()),
        )
        .await
        .unwrap();
    let to_advisor = env.shown_to(&out, ADVISOR);
    assert!(
        to_advisor.starts_with("Moussa est arrivé·e à l’étape des engagements"),
        "{to_advisor}"
    );
    let recap = env.shown_to(&out, BENEFICIARY);
    // The text saved as one string is still there, now saved in the new shape.
    let row = env
        .desk
        .store()
        .conversation(closing)
        .await
        .unwrap()
        .unwrap();
    assert!(row
        .state
        .contains(r#""called_on_for":"• relire vos dossiers""#));
    assert!(
        row.state.contains(r#""advisor_asked":true"#),
        "{}",
        row.state
    );
    assert!(
        recap.contains("n’a pas encore saisi ses propres engagements"),
        "{recap}"
    );
}
