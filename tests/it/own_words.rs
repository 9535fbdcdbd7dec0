//! The own-words check as the beneficiary meets it: one table per language, through the
//! closing engine with the real questions, accepted and refused answers per kind of question,
//! and the kind re-ask (why, then an example of what is asked) as the person reads it. Then the
//! console: an empty line reaches the empty-answer message.

use std::io::Write;
use std::process::{Command, Stdio};

use suivi::domain::answer::OwnWordsPolicy;
use suivi::domain::closing::{Closing, Ctx, Input, Step};
use suivi::domain::opening::Opening;
use suivi::domain::prompt::{Arg, Expect, Msg};
use suivi::i18n::{I18n, Lang};

use crate::common::start;

const BENEFICIARY: u64 = 2;

/// `Ok` when the step took the answer; the refusal's message id otherwise.
type Verdict = Result<(), &'static str>;
const OK: Verdict = Ok(());
const EMPTY: Verdict = Err("answer-error-empty");
const FILLER: Verdict = Err("answer-error-filler");
const LINK: Verdict = Err("answer-error-link-only");
const QUESTION: Verdict = Err("answer-error-question-words");
const COPY: Verdict = Err("answer-error-near-copy");

/// A valid answer to every step before the one under test.
fn drive_to(c: &mut Closing, target: Step, ctx: &Ctx<'_>) {
    for _ in 0..40 {
        if c.step == target {
            return;
        }
        let input = match (c.step, c.current().expect) {
            (Step::ReviewQuestions | Step::FutureNeeds, _) => Input::Skip,
            (Step::FirstExchange, _) => Input::Text("2026-12-01 10:00".into()),
            (Step::Tasks, _) => Input::Text("écrire au maire".into()),
            (_, Expect::Text) => Input::Text("Rédiger une convention avec la commune".into()),
            (_, Expect::One(opts) | Expect::OneOrText(opts)) => Input::Choice(opts[0].id.clone()),
            (_, Expect::Many(opts)) => Input::Choices(vec![opts[0].id.clone()]),
            (step, Expect::Nothing) => panic!("stuck at {step:?}"),
        };
        c.apply(BENEFICIARY, input, ctx).unwrap();
    }
    panic!("never reached {target:?}, stopped at {:?}", c.step);
}

/// The message id inside a refusal, however it is wrapped.
fn why(notice: &Msg) -> &str {
    notice
        .args
        .iter()
        .find(|(k, _)| k == "why")
        .and_then(|(_, a)| match a {
            Arg::Msg(m) => Some(m.id.as_str()),
            _ => None,
        })
        .unwrap_or(notice.id.as_str())
}

/// Answers `raw` at `step`; returns the verdict and, when refused, the re-ask as read in `lang`.
fn answer(i18n: &I18n, lang: Lang, step: Step, raw: &str) -> (Verdict, String) {
    let policy = OwnWordsPolicy::default();
    let ctx = Ctx {
        now: start(),
        policy: &policy,
        texts: i18n,
        order: suivi::domain::when::DateOrder::DayFirst,
    };
    let mut c = Closing::new(
        1,
        BENEFICIARY,
        None,
        true,
        "• relire vos documents".into(),
        chrono_tz::Europe::Paris,
    );
    drive_to(&mut c, step, &ctx);
    let out = c.apply(BENEFICIARY, Input::Text(raw.into()), &ctx).unwrap();
    if c.step != step {
        return (OK, String::new());
    }
    let notice = &out.prompts[0].body[0];
    let id = why(notice).to_owned();
    let verdict = [EMPTY, FILLER, LINK, QUESTION, COPY]
        .into_iter()
        .find(|v| *v == Err(id.as_str()))
        .unwrap_or_else(|| panic!("{raw:?} at {step:?}: unexpected notice {notice:?}"));
    (verdict, i18n.msg(lang, notice))
}

struct Row {
    step: Step,
    raw: &'static str,
    verdict: Verdict,
}

const fn row(step: Step, raw: &'static str, verdict: Verdict) -> Row {
    Row { step, raw, verdict }
}

/// Steps asking for a statement, then the "anything else?" questions of the review and of
/// the future needs, where a plain "no" is a whole answer.
const FRENCH: &[Row] = &[
    row(
        Step::NextStep,
        "Rencontrer la mairie de Thiès en janvier",
        OK,
    ),
    row(Step::NextStep, "La prochaine étape", COPY),
    row(Step::NextStep, "prochaine étape du projet", QUESTION),
    row(Step::NextStep, "non", FILLER),
    row(Step::NextStep, "RAS", FILLER),
    row(Step::NextStep, "ok", FILLER),
    row(Step::NextStep, "https://exemple.org/plan", LINK),
    row(Step::NextStep, "Voir https://exemple.org/plan", LINK),
    row(
        Step::NextStep,
        "Présenter https://exemple.org/plan au bureau",
        OK,
    ),
    row(Step::NextStep, "", EMPTY),
    row(Step::Tasks, "écrire au maire ; préparer le budget", OK),
    row(Step::Tasks, "N/A", FILLER),
    row(Step::Tasks, "écrire au maire ; https://exemple.org", LINK),
    row(
        Step::Means,
        "Un traducteur wolof et deux jours de bénévolat",
        OK,
    ),
    row(Step::Means, "des moyens et des ressources", QUESTION),
    row(Step::Means, "aucune idée", FILLER),
    row(Step::Commitments, "Envoyer le projet de convention", OK),
    row(Step::Commitments, "rien", FILLER),
    row(
        Step::Synthesis,
        "D'abord la convention, ensuite le budget",
        OK,
    ),
    row(Step::Synthesis, "les points de méthode", QUESTION),
    row(Step::ReviewQuestions, "non", OK),
    row(Step::ReviewQuestions, "RAS", OK),
    row(Step::ReviewQuestions, "Rien", OK),
    row(Step::ReviewQuestions, "Non merci !", OK),
    row(
        Step::ReviewQuestions,
        "Comment trouver des financements ?",
        OK,
    ),
    row(Step::ReviewQuestions, "oui", FILLER),
    row(Step::ReviewQuestions, "des questions", QUESTION),
    row(Step::ReviewQuestions, "https://exemple.org", LINK),
    row(Step::FutureNeeds, "rien pour l’instant", OK),
    row(Step::FutureNeeds, "pas encore", OK),
    row(Step::FutureNeeds, "besoins futurs", QUESTION),
];

const ENGLISH: &[Row] = &[
    row(Step::NextStep, "Meet the town hall of Thiès in January", OK),
    row(Step::NextStep, "The next step", COPY),
    row(Step::NextStep, "next steps", QUESTION),
    row(Step::NextStep, "nope", FILLER),
    row(Step::NextStep, "N/A", FILLER),
    row(Step::NextStep, "none", FILLER),
    row(Step::NextStep, "no", FILLER),
    row(Step::NextStep, "https://example.org/plan", LINK),
    row(Step::NextStep, "   ", EMPTY),
    row(Step::Tasks, "write to the mayor; prepare the budget", OK),
    row(Step::Tasks, "- TBD", FILLER),
    row(Step::Means, "A translator and two volunteer days", OK),
    row(Step::Means, "means and resources", COPY),
    row(Step::Means, "resources", QUESTION),
    row(Step::Means, "not sure", FILLER),
    row(Step::Commitments, "Send the draft agreement", OK),
    row(Step::Commitments, "nothing", FILLER),
    row(Step::Synthesis, "First the agreement, then the budget", OK),
    row(Step::ReviewQuestions, "no", OK),
    row(Step::ReviewQuestions, "Nothing", OK),
    row(Step::ReviewQuestions, "none", OK),
    row(Step::ReviewQuestions, "No thanks.", OK),
    row(Step::ReviewQuestions, "How do I find co-funding?", OK),
    row(Step::ReviewQuestions, "yes", FILLER),
    row(Step::ReviewQuestions, "questions and needs", QUESTION),
    row(Step::ReviewQuestions, "www.example.org", LINK),
    row(Step::FutureNeeds, "nothing for now", OK),
    row(Step::FutureNeeds, "not yet", OK),
];

fn check_table(lang: Lang, rows: &[Row], for_example: &str) {
    let i18n = I18n::load().unwrap();
    let mut wrong = Vec::new();
    for r in rows {
        let (verdict, shown) = answer(&i18n, lang, r.step, r.raw);
        if verdict != r.verdict {
            wrong.push(format!(
                "{:?} {:?}: expected {:?}, got {:?}",
                r.step, r.raw, r.verdict, verdict
            ));
        }
        if verdict.is_err() {
            // The kind re-ask says why, then shows what is asked, in the reader's language.
            assert!(shown.contains(for_example), "{:?}: {shown}", r.raw);
            assert!(!shown.contains('['), "a message is missing: {shown}");
        }
    }
    assert!(wrong.is_empty(), "{lang:?}:\n{}", wrong.join("\n"));
}

#[test]
fn own_words_table_in_french() {
    check_table(Lang::Fr, FRENCH, "Par exemple\u{202f}: «\u{202f}");
}

#[test]
fn own_words_table_in_english() {
    check_table(Lang::En, ENGLISH, "For example: \"");
}

#[test]
fn the_example_depends_on_the_question() {
    let i18n = I18n::load().unwrap();
    let (_, next) = answer(&i18n, Lang::En, Step::NextStep, "nope");
    let (_, questions) = answer(&i18n, Lang::En, Step::ReviewQuestions, "yes");
    assert!(next.contains("Meet the town hall"), "{next}");
    assert!(questions.contains("simply answer \"no\""), "{questions}");
    assert_ne!(next, questions);
}

#[test]
fn the_opening_refuses_a_link_alone_with_an_example() {
    let i18n = I18n::load().unwrap();
    let mut o = Opening::new(1, BENEFICIARY);
    let policy = OwnWordsPolicy::default();
    let out = o
        .apply(
            BENEFICIARY,
            Input::Text("https://exemple.org".into()),
            &policy,
            &i18n,
        )
        .unwrap();
    let shown = i18n.msg(Lang::Fr, &out[0].body[0]);
    assert!(shown.starts_with("Un lien seul"), "{shown}");
    assert!(shown.contains("Comprendre comment monter"), "{shown}");
    assert!(o.expectations.is_none());
}

#[test]
fn an_empty_line_in_the_console_gets_the_empty_answer_message() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(root.join("bot.toml"))
        .args(["console", "--lang", "en", "--db"])
        .arg(dir.path().join("c.db"))
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let script = "/open\n\n   \nUnderstand how to set up a partnership\n/quit\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert_eq!(
        stdout.matches("I did not get an answer").count(),
        2,
        "{stdout}"
    );
    assert!(
        stdout.contains("Thank you, your expectations are noted"),
        "{stdout}"
    );
}
