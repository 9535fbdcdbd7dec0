use super::*;
use crate::domain::answer::OwnWordsPolicy;

struct Texts;
impl PromptTexts for Texts {
    fn texts(&self, id: &str) -> Vec<String> {
        vec![id.to_owned()]
    }
}

/// A closing the beneficiary confirmed, waiting for the advisor (as today's code saves it).
fn awaiting_advisor() -> Closing {
    let json = include_str!("../../../tests/golden/state/v2/closing_awaiting_advisor.json");
    serde_json::from_str(json).expect("the golden closing reads")
}

#[test]
fn the_advisors_commitments_changed_at_the_recap_make_a_new_question_and_the_same_ones_do_not() {
    let policy = OwnWordsPolicy {
        max_chars: 1500,
        similarity: 0.85,
        fillers: Vec::new(),
    };
    let ctx = Ctx {
        now: "2026-12-01T10:00:00Z".parse().unwrap(),
        policy: &policy,
        texts: &Texts,
        order: crate::domain::when::DateOrder::DayFirst,
    };
    let mut c = awaiting_advisor();
    let (advisor, n) = (c.advisor, c.question);
    let commit = |c: &mut Closing, text: &str| {
        let input = Input::AdvisorCommitments(text.to_owned());
        c.apply(advisor, input, &ctx).unwrap();
        (c.step, c.question)
    };
    // Changed while the advisor reviews: the recap goes back to the beneficiary.
    let first = "Relire le projet de convention avant le 15";
    assert_eq!(commit(&mut c, first), (Step::Recap, n.wrapping_add(1)));
    // At the recap, the same commitments again: the recap shown is the same question.
    assert_eq!(commit(&mut c, first), (Step::Recap, n.wrapping_add(1)));
    // Other commitments: the recap shows them, a click on the older one is stale. (Debug
    // builds also check each key against the questions built, in `Conversation::apply`.)
    let other = "Appeler la mairie de Thiès avec vous";
    assert_eq!(commit(&mut c, other), (Step::Recap, n.wrapping_add(2)));
    assert!(!c.accepts(&Input::Choice("confirm".into()), Some(n.wrapping_add(1))));
    assert!(c.accepts(&Input::Choice("confirm".into()), Some(n.wrapping_add(2))));
}
