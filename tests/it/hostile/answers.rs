//! Answers through the service, as stored and as the console shows them: invisible answers are
//! refused like empty ones, bidirectional controls never reach the database, and markdown is
//! kept as typed (the console shows text as typed; Discord escapes it, see `discord.rs`).

use suivi::i18n::Lang;

use crate::common::{env, to_recap, Script, FR};

/// A closing whose answers carry markdown and bidirectional controls.
pub(crate) const SPOOFING: Script = Script {
    next_step: "Rédiger la **convention** avec `Thiès` \u{202E}0001\u{202C} ||vite|| [ici](https://example.com)",
    synthesis: "# D'abord la convention\n> ensuite le budget <@8004> @everyone \u{2067}puis\u{2069} le calendrier",
    ..FR
};

#[tokio::test]
async fn an_answer_that_shows_nothing_is_refused_like_an_empty_one() {
    let env = env().await;
    let (opening, _) = env
        .desk
        .between(
            crate::common::GUILD,
            &crate::common::advisor(Lang::Fr),
            &crate::common::beneficiary(Lang::Fr),
        )
        .open_session()
        .await
        .expect("a session opens");
    let empty = env.i18n.text(Lang::Fr, "answer-error-empty");
    for invisible in [
        "\u{3164}\u{3164}",
        "\u{200B}\u{2060}\u{FEFF}",
        "\u{00AD}",
        "\u{202E}\u{2800}",
    ] {
        let shown = env.text(opening, Lang::Fr, invisible).await;
        assert!(shown.contains(&empty), "{invisible:?}: {shown}");
        assert_eq!(env.step(opening).await, "expectations", "{invisible:?}");
    }
}

#[tokio::test]
async fn bidi_controls_never_reach_the_database_markdown_is_kept_as_typed() {
    let env = env().await;
    let (closing, recap) = to_recap(&env, Lang::Fr, &SPOOFING, true).await;
    let stored = env.answer(closing, "next_step").await.expect("saved");
    assert_eq!(
        stored,
        "Rédiger la **convention** avec `Thiès` 0001 ||vite|| [ici](https://example.com)"
    );
    let (states,): (String,) = sqlx::query_as("SELECT string_agg(state, '') FROM conversations")
        .fetch_one(env.desk.store().pool())
        .await
        .expect("the conversations");
    let (answers,): (String,) = sqlx::query_as("SELECT string_agg(value, '') FROM answers")
        .fetch_one(env.desk.store().pool())
        .await
        .expect("the answers");
    for text in [&states, &answers] {
        assert!(
            !text.contains(['\u{202E}', '\u{202C}', '\u{2067}', '\u{2069}']),
            "{text}"
        );
    }
    // Shown as typed where text is shown as typed.
    assert!(recap.contains(&stored), "{recap}");
    assert!(
        recap.contains(
            "# D'abord la convention\n> ensuite le budget <@8004> @everyone puis le calendrier"
        ),
        "{recap}"
    );
}
