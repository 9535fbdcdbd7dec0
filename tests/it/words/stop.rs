//! Item 2, stop means stop: "Non, arrêter là" at the review ends the closing after the
//! questions that still make sense (the review, the questions, the synthesis); nothing about
//! what would have come next is asked or offered; `/plan` shows the ended support; the
//! advisor is told once.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

struct Stop {
    /// Words of the steps that must not be asked or offered.
    never: &'static [&'static str],
    plan_ended: &'static str,
    told: &'static str,
    no_plan: &'static str,
}

const FR_STOP: Stop = Stop {
    never: &[
        "d’ici le prochain échange",
        "La fréquence des échanges",
        "La date du prochain échange",
        "Les moyens d’échange",
        "prochaine étape",
        "engagements côté chargé·e de mission restent à saisir",
    ],
    plan_ended: "L’appui s’est terminé le samedi 28 novembre 2026",
    told: "a choisi de ne pas poursuivre l’appui",
    no_plan: "Pas encore d’accord",
};

const EN_STOP: Stop = Stop {
    never: &[
        "before the next exchange",
        "How often we talk",
        "The date of the next exchange",
        "How we talk",
        "next step",
        "still to be entered",
    ],
    plan_ended: "The support ended on Saturday, November 28, 2026",
    told: "chose not to continue the support",
    no_plan: "No agreement yet",
};

async fn stopping_ends_the_closing(lang: Lang, w: &Stop, s: &Script) {
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
        .start_closing(true)
        .await
        .unwrap();
    env.choose(closing, lang, "no").await;
    env.text(closing, lang, s.questions).await;
    let mut seen = env.choose(closing, lang, "no").await;
    // Straight to the synthesis: the review and the synthesis still make sense.
    assert_eq!(env.step(closing).await, "synthesis");
    seen += &env.text(closing, lang, s.synthesis).await;
    assert_eq!(env.step(closing).await, "recap");
    // The change menu offers only what still makes sense.
    seen += &env.choose(closing, lang, "edit").await;
    seen += &env
        .say(closing, &beneficiary(lang), Input::Back)
        .await
        .map(|o| env.shown(&o))
        .unwrap();
    assert_eq!(env.step(closing).await, "recap");
    for never in w.never {
        assert!(!seen.contains(never), "{never:?} in:\n{seen}");
    }
    // Confirmed by the beneficiary without waiting for commitments; the advisor confirms.
    let sent = env
        .say(closing, &beneficiary(lang), Input::Choice("confirm".into()))
        .await
        .unwrap();
    assert_eq!(
        env.step(closing).await,
        "awaiting_advisor",
        "{}",
        env.shown(&sent)
    );
    let done = env
        .say(closing, &advisor(lang), Input::AdvisorConfirm)
        .await
        .unwrap();
    assert_eq!(env.step(closing).await, "agreed");
    let to_advisor: Vec<_> = done.iter().filter(|o| o.to == ADVISOR).collect();
    assert_eq!(to_advisor.len(), 1, "{}", env.shown(&done));
    assert!(env.shown_to(&done, ADVISOR).contains(w.told));
    // /plan shows the ended support and what was said.
    let plan = env
        .desk
        .plan(BENEFICIARY, GUILD)
        .await
        .unwrap()
        .expect("the plan shows the ended support");
    let plan = env.i18n.prompt_body(lang, &plan);
    assert!(plan.contains(w.plan_ended), "{plan}");
    assert!(plan.contains(s.synthesis), "{plan}");
    assert!(!plan.contains(w.no_plan), "{plan}");
    let (status,): (String,) = sqlx::query_as("SELECT status FROM supports")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(status, "ended");
}

#[tokio::test]
async fn french_stop_means_stop() {
    stopping_ends_the_closing(Lang::Fr, &FR_STOP, &FR).await;
}

#[tokio::test]
async fn english_stop_means_stop() {
    stopping_ends_the_closing(Lang::En, &EN_STOP, &EN).await;
}

#[tokio::test]
async fn changing_one_s_mind_at_the_recap_asks_what_comes_next_in_order() {
    let env = env().await;
    let lang = Lang::Fr;
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .start_closing(false)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    env.say(closing, &beneficiary(lang), Input::Skip)
        .await
        .unwrap();
    env.choose(closing, lang, "no").await;
    assert_eq!(env.step(closing).await, "recap");
    env.choose(closing, lang, "edit").await;
    env.choose(closing, lang, "review_continue").await;
    let asked = env.choose(closing, lang, "yes").await;
    // Back on the path: the next step, then the tasks, as on a first pass.
    assert_eq!(env.step(closing).await, "next_step", "{asked}");
    assert!(asked.contains("prochaine étape"), "{asked}");
    env.text(closing, lang, FR.next_step).await;
    assert_eq!(env.step(closing).await, "tasks");
}
