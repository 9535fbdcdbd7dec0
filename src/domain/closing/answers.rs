//! How each step's answer is read and stored: choices checked against their closed sets,
//! dates and rhythms parsed, free text through the own-words check. A refused answer comes back
//! as the kind message to show; the state does not change.

use super::recap::{question_id, Step};
use super::{answer_refused, Closing, Ctx, Input};
use crate::domain::agreement::{Choice, Continue, Frequency, Match, Means, RecapAction, Relay};
use crate::domain::answer::{parse_tasks, Answer};
use crate::domain::answer::{AnswerError, Question, QuestionKind};
use crate::domain::cadence::Schedule;
use crate::domain::prompt::Msg;
use crate::domain::when;

impl Closing {
    /// Stores the answer for the current step, or says kindly what to change.
    pub(super) fn answer(
        &mut self,
        input: Input,
        ctx: &Ctx<'_>,
    ) -> Result<Option<(Step, String)>, Msg> {
        let step = self.step;
        let a = &mut self.answers;
        match (step, input) {
            (Step::ReviewMatch, Input::Choice(id)) => {
                choice::<Match>(&id).map(|c| a.review_match = Some(c))?
            }
            (Step::ReviewContinue, Input::Choice(id)) => {
                choice::<Continue>(&id).map(|c| a.wants_continue = Some(c))?
            }
            (Step::Relay, Input::Choice(id)) => {
                let r = choice::<Relay>(&id)?;
                a.relay = Some(r);
                a.relay_at = Some(ctx.now);
            }
            (Step::Frequency, Input::Choice(id)) => {
                let f = choice::<Frequency>(&id)?;
                a.frequency = Some(f);
                if let Some(c) = f.cadence() {
                    a.cadence = Some(c);
                    a.rhythm_weekday = None;
                    a.rhythm_from = None;
                }
            }
            (Step::CalledOnFor, Input::Choice(id)) if id == "next" => {}
            (Step::ExchangeMeans, Input::Choices(ids)) => {
                let mut picked = Vec::new();
                for id in &ids {
                    let m = choice::<Means>(id)?;
                    if !picked.contains(&m) {
                        picked.push(m);
                    }
                }
                if picked.is_empty() {
                    return Err(Msg::new("closing-choose-at-least-one"));
                }
                if !picked.contains(&Means::Other) {
                    a.other_means = None;
                }
                a.exchange_means = picked;
            }
            (Step::ExchangeMeans, Input::Choice(id)) => {
                let m = choice::<Means>(&id)?;
                if m != Means::Other {
                    a.other_means = None;
                }
                a.exchange_means = vec![m];
            }
            (Step::Recap, Input::Choice(id)) => match RecapAction::from_id(&id) {
                Some(RecapAction::Confirm) => return self.confirm_recap(ctx).map(|()| None),
                Some(RecapAction::Edit) => {
                    self.step = Step::EditWhich;
                    return Ok(None);
                }
                None => return Err(Msg::new("closing-choose-an-option")),
            },
            (Step::EditWhich, Input::Choice(id)) => {
                let stops = self.stops();
                match Step::from_id(&id)
                    .filter(|s| s.editable())
                    .filter(|s| !stops || s.kept_when_stopping())
                {
                    Some(target) => {
                        self.editing = true;
                        self.step = target;
                        return Ok(None);
                    }
                    None => return Err(Msg::new("closing-choose-an-option")),
                }
            }
            (Step::CustomFrequency, Input::Text(t)) => {
                let rhythm = when::parse_rhythm(&t, ctx.now, self.tz).map_err(|e| e.msg())?;
                let cadence = rhythm.cadence;
                if let Some(first) = &a.first_exchange {
                    Schedule::try_new(first.local, first.tz, cadence).map_err(|e| e.msg())?;
                }
                a.cadence = Some(cadence);
                a.rhythm_weekday = rhythm.weekday;
                a.rhythm_from = None;
            }
            (Step::FirstExchange, Input::Text(t)) => self.take_first_exchange(&t, ctx)?,
            (Step::FirstExchangeCheck, input) => return self.date_check(input, ctx),
            (Step::Tasks, Input::Text(t)) => {
                let (texts, others) = self.references(step, ctx);
                let (texts, others) = (as_strs(&texts), as_strs(&others));
                let question = asked(step, &texts, &others);
                let tasks =
                    parse_tasks(&t, ctx.policy, &question).map_err(|e| refused(e, step, ctx))?;
                let text = tasks
                    .iter()
                    .map(Answer::as_str)
                    .collect::<Vec<_>>()
                    .join("\n");
                self.answers.tasks = tasks;
                return Ok(Some((step, text)));
            }
            (s, Input::Text(t)) if s.free_text() => {
                let (texts, others) = self.references(step, ctx);
                let (texts, others) = (as_strs(&texts), as_strs(&others));
                let answer = Answer::parse_for(&t, ctx.policy, &asked(step, &texts, &others))
                    .map_err(|e| refused(e, step, ctx))?;
                let text = answer.as_str().to_owned();
                let slot = match s {
                    Step::ReviewQuestions => &mut self.answers.questions,
                    Step::NextStep => &mut self.answers.next_step,
                    Step::Means => &mut self.answers.means,
                    Step::FutureNeeds => &mut self.answers.future_needs,
                    Step::OtherMeans => &mut self.answers.other_means,
                    Step::Commitments => &mut self.answers.commitments,
                    _ => &mut self.answers.synthesis,
                };
                *slot = Some(answer);
                return Ok(Some((step, text)));
            }
            (_, Input::Text(_)) => return Err(Msg::new("closing-choose-an-option")),
            _ => return Err(Msg::new("closing-type-an-answer")),
        };
        Ok(Some((step, self.stored_choice(step))))
    }

    /// The stored form of a choice step's answer, for the answers log.
    fn stored_choice(&self, step: Step) -> String {
        let a = &self.answers;
        match step {
            Step::ReviewMatch => a
                .review_match
                .map(Choice::id)
                .unwrap_or_default()
                .to_owned(),
            Step::ReviewContinue => a
                .wants_continue
                .map(Choice::id)
                .unwrap_or_default()
                .to_owned(),
            Step::Relay => a.relay.map(Choice::id).unwrap_or_default().to_owned(),
            Step::Frequency | Step::CustomFrequency => {
                serde_json::to_string(&a.cadence).unwrap_or_default()
            }
            Step::FirstExchange => a
                .first_exchange
                .as_ref()
                .map(|f| f.utc.to_rfc3339())
                .unwrap_or_default(),
            Step::ExchangeMeans => a
                .exchange_means
                .iter()
                .map(|m| m.id())
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        }
    }

    /// What an answer must not copy: the question in every language, then the other texts
    /// the beneficiary read (what the advisor can be called on for, the advisor's words).
    fn references(&self, step: Step, ctx: &Ctx<'_>) -> (Vec<String>, Vec<String>) {
        let texts = ctx.texts.texts(question_id(step));
        let mut refs: Vec<String> = self
            .called_on_for
            .all()
            .into_iter()
            .map(str::to_owned)
            .collect();
        for a in [
            &self.answers.advisor_commitments,
            &self.answers.advisor_proposal,
        ]
        .into_iter()
        .flatten()
        {
            refs.push(a.as_str().to_owned());
        }
        (texts, refs)
    }
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The question a free-text step asks, for the own-words check: the review's "questions
/// left?" and "needs coming up?" take a plain "no"; the other steps ask for a statement.
fn asked<'a>(step: Step, texts: &'a [&'a str], others: &'a [&'a str]) -> Question<'a> {
    let kind = match step {
        // "Which means do you need?": "none", "nothing for now" is a stated absence.
        Step::ReviewQuestions | Step::FutureNeeds | Step::Means => QuestionKind::AnythingElse,
        _ => QuestionKind::Statement,
    };
    Question {
        kind,
        texts,
        others,
    }
}

/// The kind re-ask for a refused answer, with an example of what this step asks for.
fn refused(e: AnswerError, step: Step, ctx: &Ctx<'_>) -> Msg {
    let example = match step {
        Step::ReviewQuestions => "answer-example-questions",
        Step::NextStep => "answer-example-next-step",
        Step::Tasks => "answer-example-tasks",
        Step::Means => "answer-example-means",
        Step::FutureNeeds => "answer-example-future-needs",
        Step::Commitments => "answer-example-commitments",
        _ => "answer-example-synthesis",
    };
    answer_refused(e, ctx.policy, example)
}

fn choice<C: Choice>(id: &str) -> Result<C, Msg> {
    C::from_id(id).ok_or_else(|| Msg::new("closing-choose-an-option"))
}
