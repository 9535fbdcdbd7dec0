//! At confirmation each person reads the recap once: the beneficiary when confirming it, the
//! advisor when reviewing it; the agreement itself is a short word pointing to `/plan`, which
//! still shows everything. On the console, where one person plays both sides, the recap shows
//! twice (once per side) and the calendar note is a paragraph of its own.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;
use crate::console::run_console;

fn script_of(lang: Lang) -> &'static Script {
    if lang == Lang::Fr {
        &FR
    } else {
        &EN
    }
}

#[tokio::test]
async fn the_recap_is_read_once_per_person_and_the_agreement_points_to_plan() {
    for (lang, agreed) in [(Lang::Fr, "C’est convenu\u{202f}!"), (Lang::En, "Agreed!")] {
        let env = env().await;
        let s = script_of(lang);
        let (closing, recap) = to_recap(&env, lang, s, false).await;
        let title = env.i18n.text(lang, "recap-title");
        assert_eq!(recap.matches(&title).count(), 1, "{recap}");
        assert!(recap.contains(s.next_step), "{recap}");

        let confirmed = env
            .say(closing, &beneficiary(lang), Input::Choice("confirm".into()))
            .await
            .unwrap();
        let done = env
            .say(closing, &advisor(lang), Input::AdvisorConfirm)
            .await
            .unwrap();
        assert_eq!(env.step(closing).await, "agreed");
        // From the confirmation on: the advisor reads the recap to review it, once; the
        // beneficiary, who just read it to confirm it, not again.
        let after = |to| {
            format!(
                "{}\n{}",
                env.shown_to(&confirmed, to),
                env.shown_to(&done, to)
            )
        };
        assert_eq!(
            after(ADVISOR).matches(&title).count(),
            1,
            "{}",
            after(ADVISOR)
        );
        assert_eq!(
            after(BENEFICIARY).matches(&title).count(),
            0,
            "{}",
            after(BENEFICIARY)
        );
        for to in [BENEFICIARY, ADVISOR] {
            let said = env.shown_to(&done, to);
            assert!(said.starts_with(agreed), "{said}");
            assert!(said.contains("/plan"), "{said}");
            assert!(!said.contains(s.next_step), "{said}");
        }
        // `/plan` holds the whole agreement.
        let plan = env.desk.plan(BENEFICIARY, GUILD).await.unwrap().unwrap();
        let plan = env.i18n.prompt_body(lang, &plan);
        assert!(plan.contains(&title), "{plan}");
        assert!(plan.contains(s.next_step), "{plan}");
        assert!(plan.contains(s.advisor_commitments), "{plan}");
    }
}

/// The README's console script up to the agreement, without `/plan`.
fn to_agreement(name: &str) -> String {
    let text = crate::console::script(name);
    let mut lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("/plan"))
        .collect();
    lines.push("/quit");
    lines.join("\n") + "\n"
}

#[tokio::test]
async fn on_the_console_the_recap_shows_once_per_side_and_the_calendar_note_stands_apart() {
    for (lang, file, title, agreed, hint) in [
        (
            "fr",
            "console-fr.txt",
            "Récapitulatif de fin de séance",
            "C’est convenu\u{202f}!",
            "Les échanges convenus peuvent aller dans votre agenda",
        ),
        (
            "en",
            "console-en.txt",
            "End-of-session recap",
            "Agreed!",
            "The agreed exchanges can go into your calendar",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = run_console(&dir.path().join("c.db"), lang, &to_agreement(file));
        assert_eq!(out.matches(agreed).count(), 2, "{out}");
        assert_eq!(out.matches(title).count(), 2, "{out}");
        assert!(out.contains(&format!("\n\n{hint}")), "{out}");
    }
}
