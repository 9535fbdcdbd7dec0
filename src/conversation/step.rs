//! One input applied: the state loaded, the engine run, the result saved with what it sends
//! (and, once both sides confirmed, the agreement, its calendar and first reminders) in one
//! transaction.

use super::again::{load, over, refuse_older, stamp};
use super::{outbox, to_json, Calendar, Desk, DeskError, Outgoing, Who};
use crate::domain::prompt::{Prompt, Role};
use crate::domain::talk::{Ctx, Effect, Input, Refusal};
use crate::domain::when;
use crate::i18n::negotiate;
use crate::store::ConversationStatus;
use crate::store::{StepSave, StoreError};

/// The question an input was sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// From a caller that only ever offers the current question: it answers what is asked
    /// when the input is read (a save that loses a race is not applied to a later question).
    Now,
    /// From a button, select or modal shown with the question numbered so (`None`: a message
    /// sent before questions were numbered). It applies only while that question is asked.
    With(Option<u32>),
    /// Typed in answer to the question asked at this version of the conversation: the latest
    /// prompt that reached the person (a DM), or the one the adapter showed
    /// ([`Prompt::asked`], the console). Refused ([`DeskError::Moved`]) if the question has
    /// changed since, and never applied to the question asked now.
    AsOf(i64),
}

impl Desk {
    /// Applies one input to a conversation and saves the result, with what it sends planned in
    /// the same transaction. A save that lost a race with another process (the console and the
    /// bot on one file) is applied again on the fresh state while the question is the same (a
    /// few times, then refused); once the question changed, it is refused ([`DeskError::Moved`]).
    pub async fn input(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
    ) -> Result<Vec<Outgoing>, DeskError> {
        self.answer(conversation, who, input, Sent::Now).await
    }

    /// Like [`Desk::input`], for an input sent with a given question. On an older question it
    /// is refused ([`DeskError::Stale`]) and the question now asked is sent again to the person
    /// who acted; nothing else changes.
    pub async fn answer(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
        sent: Sent,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let _one = self.serial.lock().await;
        match self
            .apply_retrying(conversation, who, &input, sent, None)
            .await
        {
            // The question now asked goes again to the person who acted (an `Over` instead
            // tells them the truth: the conversation ended meanwhile). A typed answer has no
            // reply of its own: the question sent again says why.
            Err(e @ (DeskError::Stale | DeskError::Moved)) => {
                let why = matches!(e, DeskError::Moved)
                    .then(|| crate::domain::prompt::Msg::new("desk-answer-moved"));
                self.apply_retrying(conversation, who, &Input::Show, Sent::Now, why)
                    .await?;
                Err(e)
            }
            done => done,
        }
    }

    /// Whether `input`, sent with `sent`, would apply now (read only: an adapter checks before
    /// opening a form to type in).
    pub async fn accepts(
        &self,
        conversation: i64,
        input: &Input,
        sent: Sent,
    ) -> Result<(), DeskError> {
        let row = self
            .store
            .conversation(conversation)
            .await?
            .ok_or(DeskError::NoConversation)?;
        let state = load(&row)?;
        if row.status != ConversationStatus::Active {
            return Err(DeskError::Over(over(&state, row.status)));
        }
        refuse_older(&state, &row, input, sent)
    }

    /// Applies `input`; a save that lost a race is tried again on the fresh state, as long as
    /// the question the input answers is still the one asked (a typed input counts as sent
    /// with the version first read). `why`, when asking again, goes before the question.
    async fn apply_retrying(
        &self,
        conversation: i64,
        who: &Who,
        input: &Input,
        sent: Sent,
        why: Option<crate::domain::prompt::Msg>,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let mut sent = sent;
        for _ in 0..4 {
            match self
                .apply_once(conversation, who, input.clone(), &mut sent, why.clone())
                .await
            {
                Err(DeskError::Store(StoreError::Conflict)) => continue,
                done => return done,
            }
        }
        Err(DeskError::Busy)
    }

    async fn apply_once(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
        sent: &mut Sent,
        why: Option<crate::domain::prompt::Msg>,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let now = self.clock.now();
        let row = self
            .store
            .conversation(conversation)
            .await?
            .ok_or(DeskError::NoConversation)?;
        if *sent == Sent::Now {
            // What was asked when the input came: a retry after a lost race keeps it.
            *sent = Sent::AsOf(row.version);
        }
        let mut state = load(&row)?;
        if row.status != ConversationStatus::Active {
            return Err(DeskError::Over(over(&state, row.status)));
        }
        refuse_older(&state, &row, &input, *sent)?;
        let (turn, done, step, moved) = {
            let ctx = Ctx {
                now,
                policy: &self.config.own_words,
                texts: &*self.i18n,
                // The interaction's locale, else the last one seen (a typed DM); without any
                // (the console without --lang), day first.
                order: who
                    .locale
                    .as_deref()
                    .or(if who.id == row.beneficiary_id as u64 {
                        row.beneficiary_locale.as_deref()
                    } else {
                        row.advisor_locale.as_deref()
                    })
                    .map_or(when::DateOrder::DayFirst, when::DateOrder::of_locale),
            };
            let talk = state.talk();
            let before = talk.question_number();
            let turn = match talk.apply(who.id, input, &ctx) {
                Err(Refusal::Finished) => return Err(DeskError::Over(talk.finished_message())),
                other => other?,
            };
            let moved = talk.question_number() != before;
            (turn, talk.is_done(), talk.step_id(), moved)
        };
        // The question changed: answers typed to the one before are refused from now on.
        let asked_version = if moved {
            row.version + 1
        } else {
            row.asked_version
        };
        let mut agreement = None;
        let mut expectations = None;
        let mut stops = false;
        let mut tasks = Vec::new();
        for effect in turn.effects {
            match effect {
                Effect::Expectations(e) => expectations = Some(e),
                Effect::Agreement(a) => agreement = Some(*a),
                Effect::EndSupport => stops = true,
                other @ (Effect::TaskStatus { .. } | Effect::NewTask(_)) => tasks.push(other),
            }
        }
        let prompts = turn.prompts;
        let save_answer = turn.recorded;
        let (advisor, beneficiary) = (row.advisor_id as u64, row.beneficiary_id as u64);
        // A person without a display name is named by a neutral form, in the reader's words.
        use crate::domain::names::person;
        let names = (
            person(row.advisor_name.as_deref(), Role::Advisor),
            person(row.beneficiary_name.as_deref(), Role::Beneficiary),
        );
        let mut out: Vec<Outgoing> = prompts
            .into_iter()
            .map(|prompt| named(prompt, &names))
            .map(|prompt| {
                let (to, saved, last) = match prompt.to {
                    Role::Beneficiary => {
                        (beneficiary, &row.beneficiary_lang, &row.beneficiary_locale)
                    }
                    Role::Advisor => (advisor, &row.advisor_lang, &row.advisor_locale),
                };
                // The locale of this very interaction is newer than the stored one.
                let last = if to == who.id && who.locale.is_some() {
                    &who.locale
                } else {
                    last
                };
                let guild = row.guild_lang.as_deref().or(row.guild_locale.as_deref());
                let lang = negotiate(
                    saved.as_deref(),
                    last.as_deref(),
                    guild,
                    self.config.language,
                );
                Outgoing::new(to, lang, conversation, stamp(prompt, asked_version))
            })
            .collect();
        if let Some(why) = why {
            if let Some(o) = out.iter_mut().find(|o| o.to == who.id) {
                o.prompt.body.insert(0, why);
            }
        }
        let json = to_json(&state)?;
        let unchanged = json == row.state
            && save_answer.is_none()
            && expectations.is_none()
            && agreement.is_none()
            && tasks.is_empty()
            && !stops
            && !done;
        if unchanged {
            // Nothing to save (an answer refused, the question shown again): the question is
            // asked again in place, and the conversation keeps its version.
            self.ask_again(&row, who, &out, now).await?;
            self.ring();
            self.maybe_checkpoint();
            return Ok(out);
        }
        let version = row.version + 1;
        let mut reminders = Vec::new();
        let mut next_plan_at = None;
        if stops {
            let msg = crate::domain::prompt::Msg::new("followup-ended-at-review").arg(
                "beneficiary",
                self.name_arg(beneficiary, Role::Beneficiary).await?,
            );
            out.push(Outgoing::new(
                advisor,
                self.lang_of(advisor, row.guild_id as u64, None).await?,
                conversation,
                Prompt::info(Role::Advisor, msg),
            ));
        }
        if let Some(a) = &agreement {
            // The agreement's id is known only once saved; the file's identity must not
            // change on a resend, so it derives from the conversation.
            let other = a.other_means.as_ref().map(|o| o.as_str());
            let calendar = Calendar {
                schedule: a.schedule(),
                uid: format!("agreement-{conversation}@suivi"),
                stamp: now,
                people: Some((
                    self.name_of(advisor).await?,
                    self.name_of(beneficiary).await?,
                )),
                means: a.means.iter().map(|m| m.msg(other)).collect(),
            };
            for o in &mut out {
                o.calendar = Some(calendar.clone());
            }
            if !stops {
                let sides = crate::outbox::plan::Sides {
                    support: row.support_id,
                    advisor,
                    beneficiary,
                };
                let (ds, next) = crate::outbox::plan::next_reminders(
                    sides,
                    &a.schedule(),
                    &self.config.reminder_leads_minutes,
                    now,
                );
                reminders = ds;
                next_plan_at = next;
            }
        }
        let deliveries = outbox::step_deliveries(
            &out,
            conversation,
            row.support_id,
            version,
            now,
            self.config.nudge_delay_hours,
            if done { 0 } else { self.config.nudge_max },
        );
        let save = StepSave {
            conversation,
            session: row.session_id,
            support: row.support_id,
            actor: (who.id, &who.name, who.locale.as_deref()),
            step: &step,
            state: &json,
            done,
            answer: save_answer.as_ref().map(|(f, v)| (f.as_str(), v.as_str())),
            expectations: expectations.as_deref(),
            agreement: agreement.as_ref(),
            version: row.version,
            asked_version,
            deliveries: &deliveries,
            reminders: &reminders,
            next_plan_at,
            end_support: stops,
            tasks: &tasks,
        };
        self.store.save_step(save, now).await?;
        if agreement.is_some() && !stops {
            // The advisor's digests start with their first agreement.
            self.ensure_digest(advisor).await?;
        }
        self.ring();
        self.maybe_checkpoint();
        Ok(out)
    }
}

/// Messages may name the other side: `{ $beneficiary }` in what the advisor reads,
/// `{ $advisor }` in what the beneficiary reads (the engine knows people by their ids only).
fn named(
    mut prompt: Prompt,
    (advisor, beneficiary): &(crate::domain::prompt::Arg, crate::domain::prompt::Arg),
) -> Prompt {
    let (arg, name) = match prompt.to {
        Role::Advisor => ("beneficiary", beneficiary),
        Role::Beneficiary => ("advisor", advisor),
    };
    for msg in &mut prompt.body {
        if !msg.args.iter().any(|(k, _)| k == arg) {
            msg.args.push((arg.into(), name.clone()));
        }
    }
    prompt
}
