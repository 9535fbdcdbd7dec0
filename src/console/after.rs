//! The question after an exchange, in the console: it arrives like the advisor's other
//! messages, and its three choices are picked by number (see `conversation/after.rs`). "It was
//! moved" then asks for the new date with `/reschedule`, as the console proposes any change.

use std::io::Write;

use super::{who, Console, ConsoleError};
use crate::conversation::{after_choice, AfterChoice, AfterDone};
use crate::domain::prompt::{Expect, Prompt, Role};

/// Whether an open question keeps the keyboard on its side when the other side is asked
/// something: the question after an exchange does not (it waits, answered by number once the
/// advisor's side is taken again, while a check-in or a closing goes on).
pub(super) fn holds_keyboard(p: &Prompt) -> bool {
    match &p.expect {
        Expect::One(opts) => !opts.iter().any(|o| after_choice(&o.id).is_some()),
        _ => true,
    }
}

impl<W: Write> Console<'_, W> {
    /// The advisor's answer (`choice`) about the exchange `outcome`.
    pub(super) async fn after_exchange(
        &mut self,
        outcome: i64,
        choice: AfterChoice,
    ) -> Result<(), ConsoleError> {
        let r = self
            .desk
            .answer_after(outcome, &who(Role::Advisor), choice)
            .await;
        match r {
            Ok(AfterDone::Closing { conversation, msg }) => {
                self.conversation = Some(conversation);
                let text = self.desk.i18n().msg(self.lang, &msg);
                writeln!(self.out, "{text}")?;
                // The closing's first question, sent to the beneficiary.
                self.deliveries().await?;
            }
            Ok(AfterDone::Moved { msg, .. }) => {
                let text = self.desk.i18n().msg(self.lang, &msg);
                writeln!(self.out, "{text}")?;
                self.say("after-moved-console")?;
            }
            Ok(AfterDone::Recorded(msg)) => {
                let text = self.desk.i18n().msg(self.lang, &msg);
                writeln!(self.out, "{text}")?;
            }
            Err(e) => self.error(e).await?,
        }
        Ok(())
    }
}
