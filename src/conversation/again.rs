//! Which question an input answers, and asking a question again.
//!
//! Every conversation records the version at which the question it asks now was first asked
//! (`asked_version`). An input bound to a question (an answer, a click, a form) carries which
//! one it answers: a number in a button's id, or, for typed text, the version of what the
//! person had in front of them. An input for an older question is refused and the current
//! question asked again: a message that arrives late, or loses a race with another process,
//! is never stored as the answer to the next question.
//!
//! An input that changes nothing (an answer refused by the own-words check, the question
//! shown again) writes no new version and plans its prompt in place (`Store::ask_again`), so
//! ten thousand refused answers leave the outbox as one did.

use crate::store::ConversationStatus;
use chrono::{DateTime, Utc};

use super::step::Sent;
use super::{outbox, Desk, DeskError, Outgoing, State, Who};
use crate::domain::prompt::Prompt;
use crate::domain::talk::Input;
use crate::store::{AskAgain, ConversationRow, DeliveryKind, NewDelivery};

/// Refuses an input sent with a question older than the one asked now: [`DeskError::Stale`]
/// for a click or a form (the conversation numbers its questions: [`Conversation::accepts`]),
/// [`DeskError::Moved`] for typed text (by the version at which the question was asked).
pub(super) fn refuse_older(
    state: &State,
    row: &ConversationRow,
    input: &Input,
    sent: Sent,
) -> Result<(), DeskError> {
    match sent {
        Sent::With(token) if !state.view().accepts(input, token) => Err(DeskError::Stale),
        Sent::AsOf(v) if input.bound() && row.asked_version > v => Err(DeskError::Moved),
        _ => Ok(()),
    }
}

/// The saved state of a conversation. A state saved before its kind numbered its questions
/// takes the number its buttons were sent with then (the version the question was asked at),
/// so a click on the question shown before the upgrade still applies.
pub(super) fn load(row: &ConversationRow) -> Result<State, DeskError> {
    let mut state = super::saved::read_state(&row.state)?;
    let talk = state.talk();
    if talk.question_number().is_none() {
        talk.set_question_number(u32::try_from(row.asked_version).unwrap_or(0));
    }
    Ok(state)
}

/// Stamps a prompt with the version its question was asked at.
pub(super) fn stamp(mut prompt: Prompt, asked_version: i64) -> Prompt {
    prompt.asked = Some(asked_version);
    prompt
}

/// The message for an input to a conversation that is over, by its status and what the kind
/// says of itself: a conversation replaced or ended is not said to be finished, and each kind
/// says it is over in its own words (an opening has no agreement).
pub(super) fn over(state: &State, status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Abandoned => "desk-conversation-replaced",
        _ => state.view().finished_message(),
    }
}

impl Desk {
    /// Plans `out` again without saving the conversation: one delivery per reader, planned
    /// again in place; the nudges of the question, once.
    pub(super) async fn ask_again(
        &self,
        row: &ConversationRow,
        who: &Who,
        out: &[Outgoing],
        now: DateTime<Utc>,
    ) -> Result<(), DeskError> {
        let all = outbox::step_deliveries(
            out,
            row.id,
            row.support_id,
            row.version,
            now,
            self.config.nudge_delay_hours,
            self.config.nudge_max,
        );
        let (prompts, nudges): (Vec<NewDelivery>, Vec<NewDelivery>) = all
            .into_iter()
            .partition(|d| d.kind == DeliveryKind::Prompt);
        let prompts: Vec<NewDelivery> = prompts
            .into_iter()
            .map(|d| NewDelivery {
                key: format!("again:{}:{}:{}", row.id, row.version, d.recipient),
                series: Some(format!("again:{}:{}", row.id, d.recipient)),
                ..d
            })
            .collect();
        self.store
            .ask_again(
                AskAgain {
                    conversation: row.id,
                    version: row.version,
                    support: row.support_id,
                    actor: (who.id, &who.name, who.locale.as_deref()),
                    prompts: &prompts,
                    nudges: &nudges,
                },
                now,
            )
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::opening::Opening;

    fn row(asked_version: i64) -> ConversationRow {
        ConversationRow {
            id: 1,
            session_id: 1,
            support_id: 1,
            guild_id: 0,
            advisor_id: 1,
            beneficiary_id: 2,
            kind: "opening".into(),
            step: "expectations".into(),
            state: String::new(),
            status: ConversationStatus::Active,
            version: asked_version + 2,
            asked_version,
            advisor_lang: None,
            advisor_locale: None,
            beneficiary_lang: None,
            beneficiary_locale: None,
            guild_lang: None,
            guild_locale: None,
            advisor_name: None,
            beneficiary_name: None,
        }
    }

    #[test]
    fn an_answer_to_an_older_question_is_refused_and_one_to_the_current_one_taken() {
        let mut opening = Opening::new(1, 2);
        opening.question = Some(5);
        let state = State::Opening(opening);
        let text = Input::Text("Trouver des partenaires".into());
        let r = row(5);
        assert!(refuse_older(&state, &r, &text, Sent::AsOf(5)).is_ok());
        assert!(refuse_older(&state, &r, &text, Sent::AsOf(7)).is_ok());
        assert!(matches!(
            refuse_older(&state, &r, &text, Sent::AsOf(4)),
            Err(DeskError::Moved)
        ));
        assert!(matches!(
            refuse_older(&state, &r, &text, Sent::With(Some(4))),
            Err(DeskError::Stale)
        ));
        assert!(refuse_older(&state, &r, &text, Sent::With(Some(5))).is_ok());
        // A button sent before it carried the number is refused; showing the question applies.
        assert!(matches!(
            refuse_older(&state, &r, &text, Sent::With(None)),
            Err(DeskError::Stale)
        ));
        assert!(refuse_older(&state, &r, &Input::Show, Sent::With(None)).is_ok());
        assert!(refuse_older(&state, &r, &Input::Show, Sent::AsOf(0)).is_ok());
    }

    #[test]
    fn a_state_saved_before_its_kind_numbered_questions_takes_the_number_its_buttons_carried() {
        let mut r = row(7);
        r.state = r#"{"v":1,"kind":"opening","advisor":1,"beneficiary":2,"expectations":null,"paused":false}"#.into();
        let state = load(&r).unwrap();
        assert_eq!(state.view().question_number(), Some(7));
        let text = Input::Text("Trouver des partenaires".into());
        assert!(refuse_older(&state, &r, &text, Sent::With(Some(7))).is_ok());
    }

    #[test]
    fn a_conversation_over_is_named_for_what_it_was() {
        use crate::domain::checkin::CheckIn;
        use crate::domain::closing::Closing;
        use crate::domain::localized::Localized;
        use ConversationStatus::{Abandoned, Done};
        let opening = State::Opening(Opening::new(1, 2));
        let texts = Localized::per_lang([("fr", "réseaux")]);
        let closing = Closing::new(1, 2, None, false, texts, chrono_tz::Europe::Paris);
        let closing = State::Closing(Box::new(closing));
        let checkin = State::Checkin(Box::new(CheckIn::new(1, 2, "Awa".into(), Vec::new())));
        for (state, status, message) in [
            (&opening, Done, "opening-error-finished"),
            (&closing, Done, "closing-error-finished"),
            (&checkin, Done, "checkin-error-finished"),
            (&closing, Abandoned, "desk-conversation-replaced"),
            (&opening, Abandoned, "desk-conversation-replaced"),
        ] {
            let kind = state.view().kind();
            assert_eq!(over(state, status), message, "{kind} {status:?}");
        }
    }

    #[test]
    fn prompts_carry_the_version_their_question_was_asked_at_and_its_number() {
        let state = State::Opening(Opening::new(1, 2));
        let p = stamp(state.current(), 3);
        assert_eq!((p.asked, p.token), (Some(3), Some(0)));
    }
}
