//! Item 1, legitimate short answers, through the real service in both languages: "non" to
//! the questions left, "aucun" / "none" to the means, "rien pour l'instant" / "nothing for
//! now" to the future needs are answers, and the recap says them as sentences; "je ne sais
//! pas" / "I don't know" at the next step gets help, not a refusal; a refusal never begins
//! with a thank-you.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

struct Short {
    no: &'static str,
    unsure: &'static str,
    none: &'static str,
    nothing_yet: &'static str,
    /// What the recap must say, and what it must never print.
    shown: [&'static str; 3],
    never: [&'static str; 3],
    help: &'static str,
    refusal_start: &'static str,
    /// The line of the advisor's digest that says so.
    digest: &'static str,
}

const FR_SHORT: Short = Short {
    no: "non",
    unsure: "je ne sais pas",
    none: "aucun",
    nothing_yet: "rien pour l’instant",
    shown: [
        "Pas de question restante.",
        "Aucun moyen particulier pour l’instant.",
        "Pas de besoin futur identifié pour l’instant.",
    ],
    never: [
        "Questions et besoins restants\u{202f}: non",
        "Moyens et ressources\u{202f}: aucun",
        "Besoins futurs\u{202f}: rien",
    ],
    help: "Ce n’est pas grave de ne pas encore savoir.",
    refusal_start: "Merci",
    digest: "❔ N’a pas su dire la prochaine étape de son projet\u{202f}: une aide avec un exemple lui a été proposée.",
};

const EN_SHORT: Short = Short {
    no: "no",
    unsure: "I don't know",
    none: "none",
    nothing_yet: "nothing for now",
    shown: [
        "No questions left.",
        "No particular means for now.",
        "No future needs identified for now.",
    ],
    never: [
        "Questions and needs left: no",
        "Means and resources: none",
        "Future needs: nothing",
    ],
    help: "It is fine not to know yet.",
    refusal_start: "Thank you",
    digest: "❔ Could not say the next step of their project: help with an example was offered.",
};

async fn short_answers_are_answers(lang: Lang, w: &Short, s: &Script) {
    let env = env().await;
    let (opening, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .open_session()
        .await
        .unwrap();
    env.text(opening, lang, s.expectations).await;
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .start_closing(false)
        .await
        .unwrap();
    env.choose(closing, lang, "partly").await;
    env.text(closing, lang, w.no).await;
    assert_eq!(env.step(closing).await, "review_continue");
    env.choose(closing, lang, "yes").await;

    // Not knowing the next step yet: help (the question put another way, an example), the
    // question again, nothing recorded.
    let help = env.text(closing, lang, w.unsure).await;
    assert!(help.starts_with(w.help), "{help}");
    assert!(!help.starts_with(w.refusal_start), "{help}");
    assert_eq!(env.step(closing).await, "next_step");
    assert_eq!(env.answer(closing, "next_step").await, None);
    assert_eq!(
        env.answer(closing, "next_step_unsure").await.as_deref(),
        Some(w.unsure)
    );
    // The advisor sees it in their digest.
    let digest = env
        .desk
        .digest_prompt(
            &suivi::domain::access::Actor::person(ADVISOR),
            suivi::conversation::DigestScope::Mine,
            None,
        )
        .await
        .unwrap();
    let digest = env.i18n.prompt_body(lang, &digest);
    assert!(digest.contains(w.digest), "{digest}");
    // A filler is refused, kindly, without a thank-you first.
    let refused = env.text(closing, lang, "ok").await;
    assert!(!refused.starts_with(w.refusal_start), "{refused}");
    assert_eq!(env.step(closing).await, "next_step");

    env.text(closing, lang, s.next_step).await;
    env.text(closing, lang, s.tasks).await;
    env.text(closing, lang, w.none).await;
    assert_eq!(env.step(closing).await, "future_needs");
    assert_eq!(env.answer(closing, "means").await.as_deref(), Some(w.none));
    env.text(closing, lang, w.nothing_yet).await;
    assert_eq!(env.step(closing).await, "called_on_for");
    env.choose(closing, lang, "next").await;
    env.choose(closing, lang, "yes").await;
    env.choose(closing, lang, "biweekly").await;
    env.text(closing, lang, s.first).await;
    // The date is read back in full: it is right.
    env.choose(closing, lang, "date_ok").await;
    env.say(
        closing,
        &beneficiary(lang),
        Input::Choices(vec!["email".into(), "in_person".into()]),
    )
    .await
    .unwrap();
    env.say(
        closing,
        &advisor(lang),
        Input::AdvisorCommitments(s.advisor_commitments.into()),
    )
    .await
    .unwrap();
    let recap = env.text(closing, lang, s.commitments).await;
    assert_eq!(env.step(closing).await, "recap");
    for shown in w.shown {
        assert!(recap.contains(shown), "{shown:?} not in:\n{recap}");
    }
    for never in w.never {
        assert!(!recap.contains(never), "{never:?} in:\n{recap}");
    }
}

#[tokio::test]
async fn french_short_answers_are_answers_and_read_as_sentences() {
    short_answers_are_answers(Lang::Fr, &FR_SHORT, &FR).await;
}

#[tokio::test]
async fn english_short_answers_are_answers_and_read_as_sentences() {
    short_answers_are_answers(Lang::En, &EN_SHORT, &EN).await;
}
