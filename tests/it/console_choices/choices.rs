//! Every offered choice can be chosen in the console (issue 15 item 3): by number or by its
//! text, one number where one is asked; a task list over several lines is one answer; `/back`
//! shows the earlier answer; the beneficiary waiting for the advisor is told so with what to
//! type, and the advisor's "1. Enter my commitments" opens the text entry; `/help` lists every
//! command in its console form.

use super::{answer, held};
use crate::console::run_console;

struct Words {
    lang: &'static str,
    script: &'static str,
    one_number: &'static str,
    earlier: &'static str,
    earlier_choice: &'static str,
    waits: &'static str,
    type_commitments: &'static str,
    help: &'static [&'static str],
    /// The beneficiary's commitments, then the advisor's.
    commitments: [&'static str; 2],
}

const FR: Words = Words {
    lang: "fr",
    script: "/open
Comprendre comment monter un partenariat avec une commune
/close
1 2
OUI, cela correspondait
Comment trouver des financements européens ?
oui, poursuivre l'appui
/back
1
Rédiger une convention de partenariat
écrire au maire de Thiès
préparer le budget prévisionnel

Un traducteur wolof et deux jours de bénévolat
/back
Un traducteur wolof et deux jours de bénévolat
/skip
c'est noté, continuer
Oui, vous pouvez relayer
toutes les 2 semaines
mardi 10h
c'est bien ça
courriel, en présentiel
",
    one_number: "Cette question attend un seul choix\u{202f}: tapez un seul numéro",
    earlier: "Votre réponse précédente\u{202f}: «\u{202f}Un traducteur wolof et deux jours de bénévolat\u{202f}».",
    earlier_choice: "Votre choix précédent\u{202f}: «\u{202f}Oui, poursuivre l’appui\u{202f}».",
    waits: "Côté bénéficiaire, rien à faire pour l’instant",
    type_commitments: "Tapez les engagements côté chargé·e de mission",
    help: &[
        "/reschedule DATE | RYTHME",
        "/show ",
        "/now ",
        "/back ",
        "/digest ",
        "/ics ",
        "/consent oui|non",
    ],
    commitments: ["Envoyer le projet de convention", "Relire la convention"],
};

const EN: Words = Words {
    lang: "en",
    script: "/open
Understand how to set up a partnership with a town
/close
1 2
yes, IT MATCHED
How do I find European funding?
Yes, continue the support
/back
1
Draft a partnership agreement
write to the mayor of Thiès
prepare the budget

A Wolof translator and two volunteer days
/back
A Wolof translator and two volunteer days
/skip
noted, continue
yes, you may relay it
every 2 weeks
thursday 2pm
that's right
email, in person
",
    one_number: "This question takes one choice: type one number",
    earlier: "Your earlier answer: “A Wolof translator and two volunteer days”.",
    earlier_choice: "Your earlier choice: “Yes, continue the support”.",
    waits: "Nothing to do on the beneficiary's side for now",
    type_commitments: "Type the advisor's commitments",
    help: &[
        "/reschedule DATE | RHYTHM",
        "/show ",
        "/now ",
        "/back ",
        "/digest ",
        "/ics ",
        "/consent yes|no",
    ],
    commitments: ["Send the draft agreement", "Review the agreement"],
};

#[tokio::test]
async fn every_offered_choice_can_be_chosen_by_number_or_text() {
    for w in [FR, EN] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("console.db");
        let [theirs, mine] = w.commitments;
        // The beneficiary answers first: their recap waits for the advisor.
        let script = format!("{}{theirs}\n1\n{mine}\n/help\n/quit\n", w.script);
        let out = run_console(&db, w.lang, &script);
        // "1 2" at a single choice: one number, said so; then the option typed by its text.
        assert!(out.contains(w.one_number), "{out}");
        assert_eq!(answer(&db, "review_match").await.as_deref(), Some("yes"));
        assert_eq!(answer(&db, "review_continue").await.as_deref(), Some("yes"));
        assert_eq!(held(&db, "relay").await, "yes", "{out}");
        assert_eq!(held(&db, "frequency").await, "biweekly", "{out}");
        assert_eq!(
            held(&db, "exchange_means").await,
            r#"["email","in_person"]"#
        );
        // Two lines and an empty one: one answer with both tasks.
        let tasks = held(&db, "tasks").await;
        assert_eq!(tasks.matches("\",\"").count(), 1, "{tasks}");
        assert!(
            tasks.contains("Thiès") && tasks.contains("budget"),
            "{tasks}"
        );
        // `/back` shows the answer given before.
        assert!(out.contains(w.earlier), "{out}");
        assert!(out.contains(w.earlier_choice), "{out}");
        // The beneficiary's recap waits for the advisor: said plainly; the advisor's 1 opens
        // the text entry, and the next line is their commitments.
        assert!(out.contains(w.waits), "{out}");
        assert!(out.contains(w.type_commitments), "{out}");
        assert_eq!(
            answer(&db, "advisor_commitments").await.as_deref(),
            Some(mine),
            "{out}"
        );
        for command in w.help {
            assert!(out.contains(command), "{command} not in {out}");
        }
    }
}

#[tokio::test]
async fn the_advisors_numbered_option_works_while_the_beneficiary_is_asked_to_write() {
    for w in [FR, EN] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("console.db");
        let [theirs, mine] = w.commitments;
        // "1" typed while the beneficiary's question wants words: the advisor's "1. Enter my
        // commitments", shown just above, is the one it names.
        let script = format!(
            "{}1\n{mine}\n/role beneficiary\n{theirs}\n/quit\n",
            w.script
        );
        let out = run_console(&db, w.lang, &script);
        assert!(out.contains(w.type_commitments), "{out}");
        assert_eq!(
            answer(&db, "advisor_commitments").await.as_deref(),
            Some(mine),
            "{out}"
        );
        assert_eq!(
            answer(&db, "commitments").await.as_deref(),
            Some(theirs),
            "{out}"
        );
    }
}
