//! One input applied: the state loaded, the engine run, the result saved with what it sends
//! (and, once both sides confirmed, the agreement, its calendar and first reminders) in one
//! transaction.

use super::{outbox, to_json, Calendar, Desk, DeskError, Outgoing, State, Who};
use crate::domain::closing::{ClosingError, Input};
use crate::domain::prompt::{Prompt, Role};
use crate::domain::talk::Effect;
use crate::domain::when;
use crate::i18n::negotiate;
use crate::store::{StepSave, StoreError};

/// The question an input was sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Typed as a message, or from an adapter that only ever offers the current question (the
    /// console): it answers whatever is asked now.
    Now,
    /// From a button, select or modal shown with the question numbered so (`None`: a message
    /// sent before questions were numbered). It applies only while that question is asked.
    With(Option<u32>),
}

impl Desk {
    /// Applies one input to a conversation and saves the result, with what it sends planned in
    /// the same transaction. A save that lost a race with another process (the console and the
    /// bot on one file) is applied again on the fresh state, a few times, then refused.
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
        match self.apply_retrying(conversation, who, &input, sent).await {
            Err(DeskError::Stale) => {
                self.apply_retrying(conversation, who, &Input::Show, Sent::Now)
                    .await?;
                Err(DeskError::Stale)
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
        if row.status != "active" {
            return Err(ClosingError::Finished.into());
        }
        let state: State =
            serde_json::from_str(&row.state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match (state, sent) {
            (State::Closing(c), Sent::With(token)) if !c.accepts(input, token) => {
                Err(DeskError::Stale)
            }
            _ => Ok(()),
        }
    }

    async fn apply_retrying(
        &self,
        conversation: i64,
        who: &Who,
        input: &Input,
        sent: Sent,
    ) -> Result<Vec<Outgoing>, DeskError> {
        for _ in 0..4 {
            match self
                .apply_once(conversation, who, input.clone(), sent)
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
        sent: Sent,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let now = self.clock.now();
        let row = self
            .store
            .conversation(conversation)
            .await?
            .ok_or(DeskError::NoConversation)?;
        if row.status != "active" {
            return Err(ClosingError::Finished.into());
        }
        let mut state: State =
            serde_json::from_str(&row.state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if let (State::Closing(c), Sent::With(token)) = (&state, sent) {
            if !c.accepts(&input, token) {
                return Err(DeskError::Stale);
            }
        }
        let (turn, done, step) = {
            let ctx = crate::domain::closing::Ctx {
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
            let turn = talk.apply(who.id, input, &ctx)?;
            (turn, talk.is_done(), talk.step_id())
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
        let json = to_json(&state)?;
        let (advisor, beneficiary) = (row.advisor_id as u64, row.beneficiary_id as u64);
        let name = |n: &Option<String>, id: u64| {
            n.clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| id.to_string())
        };
        let names = (
            name(&row.advisor_name, advisor),
            name(&row.beneficiary_name, beneficiary),
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
                Outgoing::new(to, lang, conversation, prompt)
            })
            .collect();
        let version = row.version + 1;
        let mut reminders = Vec::new();
        let mut next_plan_at = None;
        if stops {
            let msg = crate::domain::prompt::Msg::new("followup-ended-at-review")
                .text("beneficiary", self.name_of(beneficiary).await?);
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
            let calendar = Calendar {
                schedule: a.schedule(),
                uid: format!("agreement-{conversation}@suivi"),
                stamp: now,
            };
            for o in &mut out {
                o.calendar = Some(calendar.clone());
            }
            if !stops {
                let sides = crate::scheduler::plan::Sides {
                    support: row.support_id,
                    advisor,
                    beneficiary,
                };
                let (ds, next) = crate::scheduler::plan::next_reminders(
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
fn named(mut prompt: Prompt, (advisor, beneficiary): &(String, String)) -> Prompt {
    let (arg, name) = match prompt.to {
        Role::Advisor => ("beneficiary", beneficiary),
        Role::Beneficiary => ("advisor", advisor),
    };
    for msg in &mut prompt.body {
        if !msg.args.iter().any(|(k, _)| k == arg) {
            msg.args
                .push((arg.into(), crate::domain::prompt::Arg::Text(name.clone())));
        }
    }
    prompt
}
