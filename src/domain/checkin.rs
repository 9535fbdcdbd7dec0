//! The check-in between two exchanges: for each task of the agreement, the beneficiary says
//! where they are (done, in progress, not started, blocked); for a blocked task, what is in
//! their way — confidential, read by their advisor only; then they may add a task in their own
//! words. A blocked task alerts the advisor at once, in a direct message.
//!
//! The same shape as the opening and the closing ([`super::talk::Conversation`]): saved after
//! every input, resumable, with back, skip (optional questions) and pause. No I/O.

use serde::{Deserialize, Serialize};

use super::agreement::Choice;
use super::answer::Answer;
use super::prompt::{Arg, Controls, Expect, Msg, Opt, Prompt, Role};
use super::talk::{answer_error, Conversation, Ctx, Effect, Input, QuestionKey, Refusal, Turn};

pub use super::talk::TaskStatus;

/// A task as the check-in asks about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskItem {
    /// The task's id in the store.
    pub id: i64,
    pub text: String,
    pub status: TaskStatus,
    /// What is in the way, in the beneficiary's words (confidential).
    #[serde(default)]
    pub blocker: Option<String>,
}

/// Where the check-in is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "at", content = "task", rename_all = "snake_case")]
pub enum CheckStep {
    /// Where the task at this index stands.
    Task(usize),
    /// What is in the way of the task at this index.
    Blocker(usize),
    /// A task to add, in their own words (optional).
    NewTask,
    Done,
}

impl CheckStep {
    fn id(self) -> String {
        match self {
            CheckStep::Task(i) => format!("task_{i}"),
            CheckStep::Blocker(i) => format!("blocker_{i}"),
            CheckStep::NewTask => "new_task".to_owned(),
            CheckStep::Done => "done".to_owned(),
        }
    }
}

/// The state of one check-in, saved after every input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub advisor: u64,
    pub beneficiary: u64,
    /// How the advisor's alert names the beneficiary.
    pub beneficiary_name: String,
    pub tasks: Vec<TaskItem>,
    pub step: CheckStep,
    #[serde(default)]
    history: Vec<CheckStep>,
    #[serde(default)]
    pub paused: bool,
    /// Tasks the beneficiary added.
    #[serde(default)]
    pub added: Vec<String>,
    /// Tasks whose blocker the advisor was alerted about in this check-in: going back and
    /// answering again does not alert them twice.
    #[serde(default)]
    alerted: Vec<i64>,
    /// The number of the question now asked (see [`Conversation::apply`]); `None` in a state
    /// saved before check-ins numbered their questions.
    #[serde(default)]
    pub question: Option<u32>,
}

const QUESTION_STATUS: &str = "checkin-task-status";
const QUESTION_BLOCKER: &str = "checkin-blocker";
const QUESTION_NEW_TASK: &str = "checkin-new-task";

impl CheckIn {
    pub fn new(advisor: u64, beneficiary: u64, name: String, tasks: Vec<TaskItem>) -> Self {
        let step = if tasks.is_empty() {
            CheckStep::NewTask
        } else {
            CheckStep::Task(0)
        };
        CheckIn {
            advisor,
            beneficiary,
            beneficiary_name: name,
            tasks,
            step,
            history: Vec::new(),
            paused: false,
            added: Vec::new(),
            alerted: Vec::new(),
            question: Some(0),
        }
    }

    fn question(&self, step: CheckStep) -> Prompt {
        let controls = Controls {
            back: !self.history.is_empty(),
            skip: matches!(step, CheckStep::Blocker(_) | CheckStep::NewTask),
            pause: true,
        };
        let (body, expect) = match step {
            CheckStep::Task(i) => {
                let task = self
                    .tasks
                    .get(i)
                    .map(|t| t.text.clone())
                    .unwrap_or_default();
                let mut body = Vec::new();
                if i == 0 && self.history.is_empty() {
                    body.push(
                        Msg::new("checkin-intro").arg("count", Arg::Num(self.tasks.len() as i64)),
                    );
                }
                body.push(
                    Msg::new(QUESTION_STATUS)
                        .text("task", task)
                        .arg("index", Arg::Num(i as i64 + 1))
                        .arg("count", Arg::Num(self.tasks.len() as i64)),
                );
                (body, Expect::One(Opt::all::<TaskStatus>()))
            }
            CheckStep::Blocker(i) => {
                let task = self
                    .tasks
                    .get(i)
                    .map(|t| t.text.clone())
                    .unwrap_or_default();
                (
                    vec![Msg::new(QUESTION_BLOCKER).text("task", task)],
                    Expect::Text,
                )
            }
            CheckStep::NewTask => (vec![Msg::new(QUESTION_NEW_TASK)], Expect::Text),
            CheckStep::Done => {
                return Prompt::info(Role::Beneficiary, Msg::new("checkin-thanks"));
            }
        };
        Prompt::new(Role::Beneficiary, body, expect).with_controls(controls)
    }

    fn after_task(&self, i: usize) -> CheckStep {
        if i + 1 < self.tasks.len() {
            CheckStep::Task(i + 1)
        } else {
            CheckStep::NewTask
        }
    }

    fn go(&mut self, next: CheckStep) {
        self.history.push(self.step);
        self.step = next;
    }

    /// The advisor's alert for a blocked task, at once and once per check-in.
    fn alert(&mut self, i: usize) -> Option<Prompt> {
        let t = self.tasks.get(i)?;
        if self.alerted.contains(&t.id) {
            return None;
        }
        self.alerted.push(t.id);
        let msg = match &t.blocker {
            Some(b) => Msg::new("checkin-blocked-advisor")
                .arg("beneficiary", self.beneficiary_arg())
                .text("task", t.text.clone())
                .text("blocker", b.clone()),
            None => Msg::new("checkin-blocked-advisor-no-detail")
                .arg("beneficiary", self.beneficiary_arg())
                .text("task", t.text.clone()),
        };
        Some(Prompt::info(Role::Advisor, msg))
    }

    fn beneficiary_input(&mut self, input: Input, ctx: &Ctx<'_>) -> Turn {
        match input {
            Input::Pause => {
                self.paused = true;
                return Turn::with(vec![Prompt::info(
                    Role::Beneficiary,
                    Msg::new("closing-paused"),
                )]);
            }
            Input::Resume | Input::Show => {
                let was = std::mem::replace(&mut self.paused, false);
                return self.ask(was.then(|| Msg::new("closing-resumed")));
            }
            _ if self.paused => {
                self.paused = false;
                return self.ask(Some(Msg::new("closing-resumed")));
            }
            Input::Back => {
                if let Some(prev) = self.history.pop() {
                    self.step = prev;
                }
                return self.ask(None);
            }
            _ => {}
        }
        let mut turn = Turn::default();
        match (self.step, input) {
            (CheckStep::Task(i), Input::Choice(id)) => {
                let Some(status) = TaskStatus::from_id(&id) else {
                    return self.ask(Some(Msg::new("closing-choose-an-option")));
                };
                let Some(task) = self.tasks.get_mut(i) else {
                    return self.ask(None);
                };
                task.status = status;
                if status != TaskStatus::Blocked {
                    task.blocker = None;
                }
                turn.recorded = Some((format!("task-{}", task.id), id.clone()));
                turn.effects.push(Effect::TaskStatus {
                    task: task.id,
                    status,
                    blocker: None,
                });
                let next = if status == TaskStatus::Blocked {
                    CheckStep::Blocker(i)
                } else {
                    self.after_task(i)
                };
                self.go(next);
            }
            (CheckStep::Blocker(i), Input::Text(t)) => {
                // The question names the task: what is in the way is more than the task again.
                let task = self
                    .tasks
                    .get(i)
                    .map(|t| t.text.clone())
                    .unwrap_or_default();
                let refs = [task.as_str()];
                let answer = match Answer::parse(&t, ctx.policy, &refs) {
                    Ok(a) => a,
                    Err(e) => return self.ask(Some(answer_error(e, ctx.policy))),
                };
                let Some(task) = self.tasks.get_mut(i) else {
                    return self.ask(None);
                };
                task.blocker = Some(answer.as_str().to_owned());
                turn.recorded = Some((format!("blocker-{}", task.id), answer.as_str().to_owned()));
                turn.effects.push(Effect::TaskStatus {
                    task: task.id,
                    status: TaskStatus::Blocked,
                    blocker: Some(answer.as_str().to_owned()),
                });
                turn.prompts.extend(self.alert(i));
                let next = self.after_task(i);
                self.go(next);
            }
            (CheckStep::Blocker(i), Input::Skip) => {
                turn.prompts.extend(self.alert(i));
                let next = self.after_task(i);
                self.go(next);
            }
            // "Would you like to add a task?": a plain "no" answers it, a plain "yes" asks
            // which one.
            (CheckStep::NewTask, Input::Text(t)) if super::answer::says_no(&t) => {
                self.go(CheckStep::Done)
            }
            (CheckStep::NewTask, Input::Text(t)) if super::answer::says_yes(&t) => {
                let mut p = self.question(CheckStep::NewTask);
                p.body = vec![Msg::new("checkin-new-task-which")];
                return Turn::with(vec![p]);
            }
            (CheckStep::NewTask, Input::Text(t)) => {
                let refs = ctx.texts.texts(QUESTION_NEW_TASK);
                let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                let answer = match Answer::parse(&t, ctx.policy, &refs) {
                    Ok(a) => a,
                    Err(e) => return self.ask(Some(answer_error(e, ctx.policy))),
                };
                let text = answer.as_str().to_owned();
                self.added.push(text.clone());
                turn.recorded = Some((format!("new-task-{}", self.added.len()), text.clone()));
                turn.effects.push(Effect::NewTask(text));
                self.go(CheckStep::Done);
            }
            (CheckStep::NewTask, Input::Skip) => self.go(CheckStep::Done),
            (CheckStep::Task(_), Input::Skip) => {
                return self.ask(Some(Msg::new("closing-cannot-skip")));
            }
            (CheckStep::Task(_), _) => {
                return self.ask(Some(Msg::new("closing-choose-an-option")));
            }
            _ => return self.ask(None),
        }
        let done = self.step == CheckStep::Done;
        let mut asked = self.ask(None);
        if done {
            turn.prompts
                .push(Prompt::info(Role::Advisor, self.summary_for_advisor()));
        }
        turn.prompts.splice(0..0, asked.prompts.drain(..));
        turn
    }

    /// The advisor's note once the check-in is done (statuses only: blockers were sent on
    /// their own, at once).
    fn summary_for_advisor(&self) -> Msg {
        let count = |s: TaskStatus| self.tasks.iter().filter(|t| t.status == s).count() as i64;
        Msg::new("checkin-done-advisor")
            .arg("beneficiary", self.beneficiary_arg())
            .arg("done", Arg::Num(count(TaskStatus::Done)))
            .arg("total", Arg::Num(self.tasks.len() as i64))
            .arg("blocked", Arg::Num(count(TaskStatus::Blocked)))
            .arg("added", Arg::Num(self.added.len() as i64))
    }

    /// How the advisor's messages name the beneficiary: their name, or a neutral form.
    fn beneficiary_arg(&self) -> Arg {
        super::names::person(Some(self.beneficiary_name.as_str()), Role::Beneficiary)
    }

    fn ask(&self, before: Option<Msg>) -> Turn {
        let mut p = self.question(self.step);
        if let Some(m) = before {
            p.body.insert(0, m);
        }
        Turn::with(vec![p])
    }
}

impl Conversation for CheckIn {
    fn kind(&self) -> &'static str {
        "checkin"
    }

    fn finished_message(&self) -> &'static str {
        "checkin-error-finished"
    }

    fn step_id(&self) -> String {
        self.step.id()
    }

    fn is_done(&self) -> bool {
        self.step == CheckStep::Done
    }

    fn asking(&self) -> Prompt {
        self.question(self.step)
    }

    /// The step (which task), and whether it is the first question asked (the introduction,
    /// and no "back"): the tasks and the name are fixed when the check-in begins.
    fn question_key(&self) -> QuestionKey {
        QuestionKey::of(&(self.step, self.history.is_empty()))
    }

    fn respond(&mut self, actor: u64, input: Input, ctx: &Ctx<'_>) -> Result<Turn, Refusal> {
        let people = (self.advisor, self.beneficiary);
        Refusal::beneficiary_only(actor, people, self.is_done())?;
        Ok(self.beneficiary_input(input, ctx))
    }

    fn question_number(&self) -> Option<u32> {
        self.question
    }

    fn set_question_number(&mut self, n: u32) {
        self.question = Some(n);
    }
}

#[cfg(test)]
mod tests;
