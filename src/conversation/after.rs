//! After each agreed exchange, closing the loop: the advisor is asked once, by direct message
//! (a delivery planned with the exchange's reminders, so a restart still asks it, and once),
//! whether the exchange took place. "Yes" starts the closing for that beneficiary, as
//! `/session close` does, its first question sent to them at once; "It was moved" opens the
//! reschedule (the adapter asks for the new date, proposed to the beneficiary as `/reschedule`
//! does); "It did not take place" is recorded for the digest. When the question goes out, a
//! check-in still waiting for that exchange is closed as missed (shown in the digest).
//!
//! A click on a question already answered is refused with what was answered, and when.

use chrono::{DateTime, Duration, Utc};

use super::{Desk, DeskError, Who};
use crate::domain::prompt::{Arg, Expect, Msg, Opt, Prompt, Role};
use crate::outbox::Letter;
use crate::store::{Claimed, Outcome, StoreError};

/// The advisor's three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterChoice {
    Held,
    Moved,
    NotHeld,
}

impl AfterChoice {
    pub const ALL: [AfterChoice; 3] = [AfterChoice::Held, AfterChoice::Moved, AfterChoice::NotHeld];

    fn id(self) -> &'static str {
        match self {
            AfterChoice::Held => "held",
            AfterChoice::Moved => "moved",
            AfterChoice::NotHeld => "not-held",
        }
    }

    fn outcome(self) -> Outcome {
        match self {
            AfterChoice::Held => Outcome::Held,
            AfterChoice::Moved => Outcome::Moved,
            AfterChoice::NotHeld => Outcome::NotHeld,
        }
    }

    /// The option id a button or a numbered choice carries: `after-<choice>-<exchange row>`.
    pub fn option(self, outcome: i64) -> String {
        format!("after-{}-{outcome}", self.id())
    }
}

/// The label of an answer, as the buttons and the refusal of a second answer name it.
fn label(o: Outcome) -> Msg {
    Msg::new(match o {
        Outcome::Held => "after-choice-held",
        Outcome::Moved => "after-choice-moved",
        Outcome::NotHeld => "after-choice-not-held",
    })
}

/// Reads an option id back: the exchange's row and the answer.
pub fn after_choice(option: &str) -> Option<(i64, AfterChoice)> {
    let rest = option.strip_prefix("after-")?;
    AfterChoice::ALL.into_iter().find_map(|c| {
        let n = rest.strip_prefix(c.id())?.strip_prefix('-')?;
        Some((n.parse().ok()?, c))
    })
}

/// What an answer did.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterDone {
    /// The closing started (or the one in progress was resumed): its question went to the
    /// beneficiary.
    Closing { conversation: i64, msg: Msg },
    /// The advisor is to give the new date (the adapter asks for it, then
    /// [`Desk::propose_after`]).
    Moved { outcome: i64, msg: Msg },
    /// Recorded: what to tell the advisor.
    Recorded(Msg),
}

impl Desk {
    /// The question after an exchange, rendered when it is due; `None` when it no longer
    /// applies (the support is not active, the agreement changed so this exchange is not an
    /// agreed one any more, a closing is already under way, or it was answered). A check-in
    /// still waiting for this exchange is closed as missed first.
    pub(super) async fn after_letter(
        &self,
        c: &Claimed,
        exchange: DateTime<Utc>,
        mut letter: Letter,
    ) -> Result<Option<Letter>, DeskError> {
        let Some(support) = c.support_id else {
            return Ok(None);
        };
        let Some(s) = self.store.support_row(support).await? else {
            return Ok(None);
        };
        if s.status != crate::store::SupportStatus::Active {
            return Ok(None);
        }
        let Some(a) = self.store.active_agreement(support).await? else {
            return Ok(None);
        };
        let schedule = super::schedule_of(&a)?;
        if schedule
            .upcoming(exchange - Duration::seconds(1), 1)
            .first()
            != Some(&exchange)
        {
            return Ok(None);
        }
        let now = self.clock.now();
        let closed = self
            .store
            .close_missed_checkins(support, exchange, now)
            .await?;
        if closed > 0 {
            tracing::info!(
                support,
                checkins = closed,
                "check-ins unanswered at their exchange closed as missed"
            );
        }
        if self.store.has_active_conversation(support).await? {
            // The loop is being closed already (a closing or an opening under way).
            return Ok(None);
        }
        let row = self.store.exchange_to_ask(support, exchange, now).await?;
        if row.outcome.is_some() {
            return Ok(None);
        }
        let (to, guild) = (c.recipient_id as u64, s.guild_id as u64);
        letter.lang = self.lang_of(to, guild, None).await?;
        let tz = self.timezone_of(to, guild).await?;
        let name = self
            .name_arg(s.beneficiary_id as u64, Role::Beneficiary)
            .await?;
        let options = AfterChoice::ALL
            .into_iter()
            .map(|choice| Opt {
                id: choice.option(row.id),
                label: label(choice.outcome()),
            })
            .collect();
        let question = Msg::new("after-question")
            .arg("when", Arg::When(exchange, tz))
            .arg("beneficiary", name.clone());
        letter.prompts = vec![Prompt::new(
            Role::Advisor,
            vec![question],
            Expect::One(options),
        )];
        Ok(Some(letter))
    }

    /// The question after an exchange and its support, for the advisor it was asked of only.
    async fn outcome_for_advisor(
        &self,
        outcome: i64,
        who: &Who,
    ) -> Result<(crate::store::OutcomeRow, crate::store::SupportRow), DeskError> {
        let row = self
            .store
            .exchange_outcome(outcome)
            .await?
            .ok_or(DeskError::Invalid("after-gone"))?;
        let s = self
            .store
            .support_row(row.support_id)
            .await?
            .ok_or(DeskError::Invalid("after-gone"))?;
        if who.id as i64 != s.advisor_id {
            return Err(DeskError::Invalid("after-not-yours"));
        }
        Ok((row, s))
    }

    /// The advisor's answer to the question after an exchange.
    pub async fn answer_after(
        &self,
        outcome: i64,
        who: &Who,
        choice: AfterChoice,
    ) -> Result<AfterDone, DeskError> {
        let now = self.clock.now();
        let (row, s) = self.outcome_for_advisor(outcome, who).await?;
        let guild = s.guild_id as u64;
        let exchange = row
            .exchange()
            .ok_or_else(|| StoreError::Corrupt(format!("exchange {}", row.exchange_at)))?;
        let tz = self.timezone_of(who.id, guild).await?;
        let already = |o: Outcome| {
            DeskError::Rejected(
                Msg::new("after-already")
                    .arg("when", Arg::When(exchange, tz))
                    .arg("answer", Arg::Msg(Box::new(label(o)))),
            )
        };
        match row.answer() {
            Some(Outcome::Moved) if choice == AfterChoice::Moved => {}
            Some(o) => return Err(already(o)),
            None => {}
        }
        if s.status != crate::store::SupportStatus::Active {
            return Err(DeskError::Invalid("after-support-over"));
        }
        let beneficiary = s.beneficiary_id as u64;
        let name = self.name_arg(beneficiary, Role::Beneficiary).await?;
        let done = match choice {
            AfterChoice::Held => {
                let b = Who::new(beneficiary, "");
                let (conversation, id) =
                    match self.between(guild, who, &b).start_closing(false).await {
                        Ok((cid, _)) => {
                            // As the Start button does: the first question goes to them now.
                            self.current(cid, &b).await?;
                            (cid, "after-held-started")
                        }
                        Err(DeskError::InProgress(cid)) => {
                            self.resume_closing(cid, who).await?;
                            (cid, "after-held-resumed")
                        }
                        Err(e) => return Err(e),
                    };
                AfterDone::Closing {
                    conversation,
                    msg: Msg::new(id).arg("beneficiary", name.clone()),
                }
            }
            AfterChoice::Moved => AfterDone::Moved {
                outcome,
                msg: Msg::new("after-moved-how").arg("beneficiary", name.clone()),
            },
            AfterChoice::NotHeld => AfterDone::Recorded(
                Msg::new("after-not-held-recorded")
                    .arg("when", Arg::When(exchange, tz))
                    .arg("beneficiary", name.clone()),
            ),
        };
        if !self
            .store
            .answer_exchange(outcome, choice.outcome(), now)
            .await?
        {
            // Answered from elsewhere meanwhile.
            let o = self
                .store
                .exchange_outcome(outcome)
                .await?
                .and_then(|r| r.answer());
            if let Some(o) = o.filter(|o| *o != choice.outcome()) {
                return Err(already(o));
            }
        }
        tracing::info!(
            outcome,
            answer = choice.outcome().as_str(),
            "exchange answered"
        );
        Ok(done)
    }

    /// "It was moved": the new date the advisor gives, proposed to the beneficiary as
    /// `/reschedule` does (they accept or decline).
    pub async fn propose_after(
        &self,
        outcome: i64,
        who: &Who,
        when_text: &str,
    ) -> Result<Msg, DeskError> {
        let (_, s) = self.outcome_for_advisor(outcome, who).await?;
        self.propose_reschedule(
            s.guild_id as u64,
            who,
            Some(s.beneficiary_id as u64),
            Some(when_text),
            None,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_ids_read_back() {
        for c in AfterChoice::ALL {
            assert_eq!(after_choice(&c.option(42)), Some((42, c)));
        }
        assert_eq!(after_choice("after-held-"), None);
        assert_eq!(after_choice("after-maybe-3"), None);
        assert_eq!(after_choice("rs-accept-3"), None);
    }
}
