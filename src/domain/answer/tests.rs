//! The own-words check on its own; `tests/it/own_words.rs` runs it through the closing with
//! the real questions in both languages.

use super::*;

fn policy() -> OwnWordsPolicy {
    OwnWordsPolicy::default()
}

const NEXT_STEP_FR: &str = "Avec vos propres mots, quelle est la prochaine étape de votre projet de coopération, à travailler après celle abordée lors de l’appui ?";
const QUESTIONS_EN: &str =
    "Do you have questions or needs left? Write them in your own words (or skip this step).";

#[test]
fn own_words_are_kept_trimmed() {
    let a = Answer::parse("  Trouver un partenaire au Sénégal \n", &policy(), &[]).unwrap();
    assert_eq!(a.as_str(), "Trouver un partenaire au Sénégal");
}

#[test]
fn empty_and_fillers_are_refused() {
    for raw in [
        "",
        "   ",
        "\u{200B}",
        "ok",
        "OK !",
        "Oui.",
        "yes",
        "...",
        "d’accord",
        "nope",
        "N/A",
        "none",
        "Non merci",
        "rien pour l'instant",
        "de la",
    ] {
        let err = Answer::parse(raw, &policy(), &[]).unwrap_err();
        assert!(
            matches!(err, AnswerError::Empty | AnswerError::Filler),
            "{raw:?} gave {err:?}"
        );
    }
}

#[test]
fn a_plain_no_answers_an_anything_else_question() {
    let texts = [QUESTIONS_EN];
    let q = Question {
        kind: QuestionKind::AnythingElse,
        texts: &texts,
        others: &[],
    };
    for raw in [
        "non",
        "RAS",
        "Rien.",
        "no",
        "Nothing",
        "none",
        "non merci",
        "N/A",
    ] {
        assert!(Answer::parse_for(raw, &policy(), &q).is_ok(), "{raw:?}");
    }
    for (raw, err) in [
        ("oui", AnswerError::Filler),
        ("ok", AnswerError::Filler),
        ("questions", AnswerError::QuestionWords),
        ("https://example.org", AnswerError::LinkOnly),
    ] {
        assert_eq!(Answer::parse_for(raw, &policy(), &q), Err(err), "{raw:?}");
    }
    assert!(Answer::parse_for("Non, sauf le budget", &policy(), &q).is_ok());
}

#[test]
fn a_link_alone_is_refused_a_link_in_a_sentence_is_not() {
    for raw in [
        "https://example.org/plan",
        "voir https://example.org",
        "www.example.org",
    ] {
        assert_eq!(
            Answer::parse(raw, &policy(), &[]),
            Err(AnswerError::LinkOnly),
            "{raw:?}"
        );
    }
    assert!(Answer::parse(
        "Relire le plan https://example.org avec le bureau",
        &policy(),
        &[]
    )
    .is_ok());
}

#[test]
fn too_long_counts_characters() {
    let raw = "é".repeat(1501);
    assert_eq!(
        Answer::parse(&raw, &policy(), &[]),
        Err(AnswerError::TooLong {
            len: 1501,
            max: 1500
        })
    );
    assert!(Answer::parse(&"é".repeat(1500), &policy(), &[]).is_ok());
}

#[test]
fn the_questions_words_alone_are_refused() {
    assert_eq!(
        Answer::parse(
            "la prochaine étape de votre projet de coopération",
            &policy(),
            &[NEXT_STEP_FR]
        ),
        Err(AnswerError::NearCopy)
    );
    for raw in ["prochaines étapes", "Le projet", "étape du projet"] {
        assert_eq!(
            Answer::parse(raw, &policy(), &[NEXT_STEP_FR]),
            Err(AnswerError::QuestionWords),
            "{raw:?}"
        );
    }
    assert!(Answer::parse(
        "Rencontrer la mairie de Thiès en janvier",
        &policy(),
        &[NEXT_STEP_FR]
    )
    .is_ok());
}

#[test]
fn a_near_copy_of_the_advisors_text_is_refused() {
    let advisor = "Relire la convention et transmettre deux contacts";
    let q = Question {
        kind: QuestionKind::Statement,
        texts: &[],
        others: &[advisor],
    };
    assert_eq!(
        Answer::parse_for(
            "relire la convention et transmettre 2 contacts",
            &policy(),
            &q
        ),
        Err(AnswerError::NearCopy)
    );
    // Words the advisor also used are not a copy.
    assert!(Answer::parse_for("Relire le budget", &policy(), &q).is_ok());
}

#[test]
fn a_policy_without_fillers_only_refuses_empty_texts() {
    let lenient = OwnWordsPolicy {
        fillers: Vec::new(),
        ..policy()
    };
    assert!(Answer::parse("rien", &lenient, &[]).is_ok());
    assert_eq!(Answer::parse(" ", &lenient, &[]), Err(AnswerError::Empty));
}

#[test]
fn tasks_one_per_line_without_bullets() {
    let none = Question::statement(&[]);
    let tasks = parse_tasks(
        "- écrire au partenaire\n\n2) budget prévisionnel\n• réunir le bureau",
        &policy(),
        &none,
    )
    .unwrap();
    let texts: Vec<_> = tasks.iter().map(Answer::as_str).collect();
    assert_eq!(
        texts,
        [
            "écrire au partenaire",
            "budget prévisionnel",
            "réunir le bureau"
        ]
    );
    assert_eq!(
        parse_tasks("- ok\n- budget", &policy(), &none),
        Err(AnswerError::Filler)
    );
    assert_eq!(
        parse_tasks("budget\nhttps://example.org", &policy(), &none),
        Err(AnswerError::LinkOnly)
    );
}

#[test]
fn answers_that_show_nothing_are_refused_as_empty() {
    for raw in [
        "\u{3164}\u{3164}",
        "\u{200B}\u{2060}\u{FEFF}",
        "\u{00AD}\u{00AD}",
        "\u{2800}\u{2800}\u{2800}",
        "\u{202E}\u{2066}",
        "\u{FFA0} \u{115F}\n\u{3000}",
        "\u{E0020}\u{FE0F}\u{034F}",
    ] {
        let q = Question {
            kind: QuestionKind::AnythingElse,
            texts: &[],
            others: &[],
        };
        assert_eq!(
            Answer::parse(raw, &policy(), &[]),
            Err(AnswerError::Empty),
            "{raw:?}"
        );
        assert_eq!(
            Answer::parse_for(raw, &policy(), &q),
            Err(AnswerError::Empty)
        );
        assert_eq!(
            parse_tasks(raw, &policy(), &Question::statement(&[])),
            Err(AnswerError::Empty)
        );
    }
    // An invisible filler around a filler is still a filler.
    assert_eq!(
        Answer::parse("\u{3164}ok\u{3164}", &policy(), &[]),
        Err(AnswerError::Filler)
    );
}

#[test]
fn bidi_controls_are_removed_before_an_answer_is_kept() {
    let a = Answer::parse(
        "Payer \u{202E}0001\u{202C} euros au \u{2067}partenaire\u{2069}\u{200F} demain",
        &policy(),
        &[],
    )
    .unwrap();
    assert_eq!(a.as_str(), "Payer 0001 euros au partenaire demain");
    let tasks = parse_tasks(
        "- \u{202D}écrire au maire\n- \u{061C}préparer le budget",
        &policy(),
        &Question::statement(&[]),
    )
    .unwrap();
    let tasks: Vec<&str> = tasks.iter().map(Answer::as_str).collect();
    assert_eq!(tasks, ["écrire au maire", "préparer le budget"]);
    // Other characters, markdown included, are kept as typed.
    let a = Answer::parse("Relire **la** convention `v2` avec ||Awa||", &policy(), &[]).unwrap();
    assert_eq!(a.as_str(), "Relire **la** convention `v2` avec ||Awa||");
}
