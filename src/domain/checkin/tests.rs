use super::*;
use crate::domain::answer::OwnWordsPolicy;
use crate::domain::talk::PromptTexts;

struct Texts;
impl PromptTexts for Texts {
    fn texts(&self, id: &str) -> Vec<String> {
        vec![id.to_owned()]
    }
}

fn ctx(policy: &OwnWordsPolicy) -> Ctx<'_> {
    Ctx {
        now: "2027-01-10T10:00:00Z".parse().unwrap(),
        policy,
        texts: &Texts,
        order: crate::domain::when::DateOrder::DayFirst,
    }
}

fn policy() -> OwnWordsPolicy {
    OwnWordsPolicy {
        max_chars: 1500,
        similarity: 0.85,
        fillers: vec!["ok".into()],
    }
}

fn checkin() -> CheckIn {
    let task = |id, text: &str| TaskItem {
        id,
        text: text.into(),
        status: TaskStatus::NotStarted,
        blocker: None,
    };
    CheckIn::new(
        1,
        2,
        "Moussa".into(),
        vec![task(10, "écrire au maire"), task(11, "préparer le budget")],
    )
}

#[test]
fn a_blocked_task_asks_what_is_in_the_way_and_alerts_the_advisor_once() {
    let p = policy();
    let mut c = checkin();
    let t = c
        .apply(2, Input::Choice("blocked".into()), &ctx(&p))
        .unwrap();
    assert_eq!(c.step, CheckStep::Blocker(0));
    assert!(t.prompts.iter().all(|p| p.to == Role::Beneficiary));
    let t = c
        .apply(
            2,
            Input::Text("Je ne sais pas à qui m'adresser à la mairie".into()),
            &ctx(&p),
        )
        .unwrap();
    let alerts: Vec<_> = t.prompts.iter().filter(|p| p.to == Role::Advisor).collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].body[0].id, "checkin-blocked-advisor");
    assert!(t.effects.contains(&Effect::TaskStatus {
        task: 10,
        status: TaskStatus::Blocked,
        blocker: Some("Je ne sais pas à qui m'adresser à la mairie".into()),
    }));
    assert_eq!(c.step, CheckStep::Task(1));
    let t = c.apply(2, Input::Choice("done".into()), &ctx(&p)).unwrap();
    assert!(t.prompts.iter().all(|p| p.to == Role::Beneficiary));
    let t = c.apply(2, Input::Skip, &ctx(&p)).unwrap();
    assert!(c.is_done());
    let to_advisor: Vec<_> = t.prompts.iter().filter(|p| p.to == Role::Advisor).collect();
    assert_eq!(to_advisor.len(), 1, "the summary, not the blocker again");
    assert_eq!(to_advisor[0].body[0].id, "checkin-done-advisor");
}

#[test]
fn only_the_beneficiary_answers_and_fillers_are_refused() {
    let p = policy();
    let mut c = checkin();
    assert_eq!(
        c.apply(1, Input::Choice("done".into()), &ctx(&p)),
        Err(Refusal::AdvisorCannotAnswer)
    );
    c.apply(2, Input::Choice("blocked".into()), &ctx(&p))
        .unwrap();
    let t = c.apply(2, Input::Text("ok".into()), &ctx(&p)).unwrap();
    assert_eq!(c.step, CheckStep::Blocker(0), "a filler is not an answer");
    assert!(t.effects.is_empty());
}

#[test]
fn back_skip_and_pause_work_like_the_closing() {
    let p = policy();
    let mut c = checkin();
    c.apply(2, Input::Choice("in_progress".into()), &ctx(&p))
        .unwrap();
    c.apply(2, Input::Back, &ctx(&p)).unwrap();
    assert_eq!(c.step, CheckStep::Task(0));
    let t = c.apply(2, Input::Skip, &ctx(&p)).unwrap();
    assert_eq!(
        c.step,
        CheckStep::Task(0),
        "a task's status cannot be skipped"
    );
    assert_eq!(t.prompts[0].body[0].id, "closing-cannot-skip");
    c.apply(2, Input::Pause, &ctx(&p)).unwrap();
    assert!(c.paused);
    let t = c.apply(2, Input::Choice("done".into()), &ctx(&p)).unwrap();
    assert!(!c.paused);
    assert_eq!(t.prompts[0].body[0].id, "closing-resumed");
    assert_eq!(
        c.step,
        CheckStep::Task(0),
        "nothing taken before the question is seen again"
    );
}

#[test]
fn a_task_added_in_their_own_words() {
    let p = policy();
    let mut c = checkin();
    c.apply(2, Input::Choice("done".into()), &ctx(&p)).unwrap();
    c.apply(2, Input::Choice("not_started".into()), &ctx(&p))
        .unwrap();
    let t = c
        .apply(
            2,
            Input::Text("Contacter la région pour un cofinancement".into()),
            &ctx(&p),
        )
        .unwrap();
    assert!(t.effects.contains(&Effect::NewTask(
        "Contacter la région pour un cofinancement".into()
    )));
    assert!(c.is_done());
}

#[test]
fn a_row_saved_by_this_version_reads_back() {
    let c = checkin();
    let json = serde_json::to_string(&c).unwrap();
    let back: CheckIn = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn going_back_to_a_blocker_does_not_alert_the_advisor_again() {
    let p = policy();
    let mut c = checkin();
    let mut step = |input: Input| {
        let t = c.apply(2, input, &ctx(&p)).unwrap();
        let alerts = t.prompts.iter().filter(|p| p.to == Role::Advisor).count();
        (alerts, c.step)
    };
    let inputs = [
        Input::Choice("blocked".into()),
        Input::Text("Je ne sais pas à qui m'adresser".into()),
        // Back to what is in the way, said in other words.
        Input::Back,
        Input::Text("Personne ne répond à la mairie depuis un mois".into()),
        // Back to the status, another one, then blocked again, skipping the why.
        Input::Back,
        Input::Back,
        Input::Choice("in_progress".into()),
        Input::Back,
        Input::Choice("blocked".into()),
        Input::Skip,
    ];
    let mut alerts = 0;
    for input in inputs {
        alerts += step(input).0;
    }
    assert_eq!(alerts, 1);
    // Another blocked task is alerted on its own.
    alerts += step(Input::Choice("blocked".into())).0;
    let (n, at) = step(Input::Skip);
    assert_eq!((alerts + n, at), (2, CheckStep::NewTask));
}

#[test]
fn each_question_is_numbered_and_a_click_on_an_older_one_is_not_accepted() {
    let p = policy();
    let mut c = checkin();
    let first = c.current();
    assert_eq!(first.token, Some(0), "the first question is numbered");
    let blocked = Input::Choice("blocked".into());
    assert!(c.accepts(&blocked, Some(0)));
    let t = c.apply(2, Input::Choice("done".into()), &ctx(&p)).unwrap();
    assert!(t.prompts.iter().all(|p| p.token == Some(1)), "{t:?}");
    // The first task's buttons no longer apply; the second's do; so does showing it again.
    assert!(!c.accepts(&blocked, Some(0)));
    assert!(!c.accepts(&blocked, None), "a button sent unnumbered");
    assert!(c.accepts(&blocked, Some(1)));
    assert!(c.accepts(&Input::Show, Some(0)));
    // A refused answer, a pause or the question shown again keep its number.
    c.apply(2, Input::Choice("unknown".into()), &ctx(&p))
        .unwrap();
    c.apply(2, Input::Pause, &ctx(&p)).unwrap();
    c.apply(2, Input::Show, &ctx(&p)).unwrap();
    assert_eq!(c.current().token, Some(1));
    // Going back asks the first task again: a new question, with a new number.
    c.apply(2, Input::Back, &ctx(&p)).unwrap();
    assert_eq!((c.step, c.current().token), (CheckStep::Task(0), Some(2)));
    assert!(!c.accepts(&blocked, Some(0)));
}
