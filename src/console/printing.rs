//! What the console prints: letters and their prompts, the side at the keyboard, the marker.

use std::io::Write;

use super::{Console, ConsoleError};
use crate::domain::prompt::{Expect, Prompt, Role};
use crate::outbox::Letter;

impl<W: Write> Console<'_, W> {
    /// Prints a letter's prompts; switches sides when the conversation now waits for the
    /// other one. Each letter is preceded by the instant it arrives at, on the console's clock
    /// (once a minute when several come at once).
    pub(super) fn print_letter(&mut self, letter: Letter) -> Result<(), ConsoleError> {
        self.stamp()?;
        let mut switch_to = None;
        let in_conversation = letter.conversation.is_some();
        // A question of another conversation (a check-in the scheduler started) is now the
        // one answers go to.
        if let Some(c) = letter.conversation {
            if letter.prompts.iter().any(|p| p.expect != Expect::Nothing) {
                self.conversation = Some(c);
            }
        }
        // Told once, with the beneficiary's copy of the agreement.
        let calendar =
            letter.calendar.is_some() && letter.prompts.iter().any(|p| p.to == Role::Beneficiary);
        for p in letter.prompts {
            self.print_prompt(&p)?;
            if p.expect != Expect::Nothing && p.to != self.role {
                switch_to = Some(p.to);
            }
            // A reminder does not replace the question a person is at; a proposal to
            // answer does.
            if in_conversation || p.expect != Expect::Nothing {
                if let (Some(c), Some(asked)) = (letter.conversation, p.asked) {
                    self.seen.insert(p.to, (c, asked));
                }
                self.last.insert(p.to, p);
            }
        }
        if calendar {
            // On Discord the file rides with the agreement; here it is written on request, said
            // in its own paragraph.
            writeln!(self.out)?;
            self.say("console-calendar-hint")?;
        }
        // Both sides may be asked something at once (the advisor's commitments while the
        // beneficiary answers theirs): the side at the keyboard keeps it while its own question
        // is open.
        let mine_open = self.last.get(&self.role).is_some_and(|p| {
            p.expect != Expect::Nothing && !waits(p) && super::after::holds_keyboard(p)
        });
        if let Some(role) = switch_to.filter(|_| !mine_open) {
            // The beneficiary's recap that waits for the advisor is said plainly, with what
            // to type, before the keyboard goes to the side that must act.
            if self.last.get(&self.role).is_some_and(waits) {
                self.say("console-beneficiary-waits")?;
            }
            self.role = role;
            self.announce_role()?;
        }
        Ok(())
    }

    /// "— Tuesday … —": the console's time, before what arrives at it (not twice in a minute).
    pub(super) fn stamp(&mut self) -> Result<(), ConsoleError> {
        let now = self.desk.clock().now();
        let minute = now.timestamp().div_euclid(60);
        if self.stamped == Some(minute) {
            return Ok(());
        }
        self.stamped = Some(minute);
        let tz = self.desk.config().timezone;
        let when = self.desk.i18n().when(self.lang, now, tz);
        let text = self
            .desk
            .i18n()
            .text_with(self.lang, "console-delivery-at", &[("when", &when)]);
        writeln!(self.out, "\n{text}")?;
        Ok(())
    }

    pub(super) fn print_prompt(&mut self, p: &Prompt) -> Result<(), ConsoleError> {
        let i18n = self.desk.i18n();
        writeln!(self.out)?;
        // Messages to the advisor are always labelled so; the beneficiary's when the advisor
        // is at the keyboard.
        if p.to != self.role || p.to == Role::Advisor {
            let role = role_id(p.to);
            writeln!(
                self.out,
                "{}",
                i18n.text_with(self.lang, "console-for-other-side", &[("role", role)])
            )?;
        }
        writeln!(self.out, "{}", i18n.prompt_body(self.lang, p))?;
        if let Expect::One(opts) | Expect::OneOrText(opts) | Expect::Many(opts) = &p.expect {
            for (i, o) in opts.iter().enumerate() {
                writeln!(self.out, "  {}. {}", i + 1, i18n.msg(self.lang, &o.label))?;
            }
        }
        let mut controls = Vec::new();
        for (on, cmd, id) in [
            (p.controls.back, "/back", "control-back"),
            (p.controls.skip, "/skip", "control-skip"),
            (p.controls.pause, "/pause", "control-pause"),
        ] {
            if on {
                controls.push(format!("{cmd} ({})", i18n.text(self.lang, id)));
            }
        }
        if !controls.is_empty() {
            writeln!(self.out, "  [{}]", controls.join("  "))?;
        }
        Ok(())
    }

    pub(super) fn announce_role(&mut self) -> Result<(), ConsoleError> {
        let text =
            self.desk
                .i18n()
                .text_with(self.lang, "console-role", &[("role", role_id(self.role))]);
        writeln!(self.out, "\n{text}")?;
        Ok(())
    }

    pub(super) fn marker(&mut self) -> Result<(), ConsoleError> {
        let id = match self.role {
            Role::Advisor => "console-prompt-advisor",
            Role::Beneficiary => "console-prompt-beneficiary",
        };
        write!(self.out, "{} ", self.desk.i18n().text(self.lang, id))?;
        self.out.flush()?;
        Ok(())
    }

    /// Says why line `number` was not taken (it is not echoed: it may be huge or not text).
    pub(super) fn refuse_line(
        &mut self,
        id: &str,
        number: u64,
        cap: usize,
    ) -> Result<(), ConsoleError> {
        let text = self.desk.i18n().text_with(
            self.lang,
            id,
            &[("line", &number.to_string()), ("max", &cap.to_string())],
        );
        writeln!(self.out, "\n{text}")?;
        Ok(())
    }

    pub(super) fn say(&mut self, id: &str) -> Result<(), ConsoleError> {
        let text = self.desk.i18n().text(self.lang, id);
        writeln!(self.out, "{text}")?;
        Ok(())
    }
}

pub(super) fn role_id(role: Role) -> &'static str {
    match role {
        Role::Advisor => "advisor",
        Role::Beneficiary => "beneficiary",
    }
}

/// The beneficiary's recap while the advisor's commitments are awaited: its only option is to
/// change an answer; nothing else is asked of them yet.
fn waits(p: &Prompt) -> bool {
    p.to == Role::Beneficiary
        && matches!(&p.expect, Expect::One(opts) if opts.len() == 1 && opts[0].id == "edit")
}
