//! The console's session: the start (resuming what was open), the commands, and sending an
//! input to the conversation then printing what it planned.

use std::io::Write;

use super::{who, Console, ConsoleError, BENEFICIARY, GUILD, SETTLE};
use crate::conversation::{Begin, DeskError, Outgoing, Sent};
use crate::domain::prompt::Role;
use crate::domain::talk::Input;

impl<W: Write> Console<'_, W> {
    pub(super) async fn start(&mut self) -> Result<(), ConsoleError> {
        self.say("console-welcome")?;
        super::ids::show(&mut *self.out, self.desk.i18n(), self.lang)?;
        // A clock moved in an earlier run goes on from there: said at once.
        if self.shift > chrono::Duration::zero() {
            self.now()?;
        }
        let active = self.desk.conversations_of(BENEFICIARY).await?;
        if let Some(row) = active.into_iter().find(|r| r.guild_id == GUILD as i64) {
            self.say("console-resuming")?;
            self.conversation = Some(row.id);
            self.role = if row.step == "awaiting_advisor" {
                Role::Advisor
            } else {
                Role::Beneficiary
            };
            let shown = self.desk.current(row.id, &who(self.role)).await;
            self.show_result(shown).await?;
        } else {
            self.say("console-nothing-open")?;
        }
        self.ask_pending_reschedules().await?;
        Ok(())
    }

    pub(super) async fn command(&mut self, name: &str, rest: &str) -> Result<bool, ConsoleError> {
        match name {
            "quit" | "exit" | "q" => return Ok(false),
            "help" | "aide" => self.say("console-help")?,
            "now" | "maintenant" => self.now()?,
            "role" => {
                self.role = match (rest, self.role) {
                    ("advisor", _) => Role::Advisor,
                    ("beneficiary", _) => Role::Beneficiary,
                    (_, Role::Advisor) => Role::Beneficiary,
                    (_, Role::Beneficiary) => Role::Advisor,
                };
                self.announce_role()?;
            }
            "open" | "close" => {
                // A closing in progress is replaced only when asked: `/close again`.
                let again = rest
                    .split_whitespace()
                    .any(|w| w == "again" || w == "encore");
                let what = match name {
                    "open" => Begin::Open,
                    _ => Begin::Close {
                        synthesis: rest.split_whitespace().any(|w| w.starts_with("synth")),
                    },
                };
                let (a, b) = (who(Role::Advisor), who(Role::Beneficiary));
                let r = match (again, what) {
                    (true, _) => self.desk.between(GUILD, &a, &b).restart(what).await,
                    (false, Begin::Open) => self.desk.between(GUILD, &a, &b).open_session().await,
                    (false, Begin::Close { synthesis }) => {
                        self.desk
                            .between(GUILD, &a, &b)
                            .start_closing(synthesis)
                            .await
                    }
                };
                if let Err(DeskError::InProgress(cid)) = r {
                    self.conversation = Some(cid);
                    self.say("console-closing-in-progress")?;
                    // `/show` then shows the beneficiary's question in progress.
                    if self.role != Role::Beneficiary {
                        self.role = Role::Beneficiary;
                        self.announce_role()?;
                    }
                } else {
                    self.started(r).await?;
                }
            }
            "back" | "retour" => {
                self.send(Input::Back).await?;
                self.show_earlier_answer().await?;
            }
            "skip" | "passer" => self.send(Input::Skip).await?,
            "pause" => self.send(Input::Pause).await?,
            "resume" | "reprendre" => self.send(Input::Resume).await?,
            "show" => self.send(Input::Show).await?,
            "commit" => {
                self.as_advisor(Input::AdvisorCommitments(rest.to_owned()))
                    .await?
            }
            "confirm" => self.as_advisor(Input::AdvisorConfirm).await?,
            "propose" => {
                self.as_advisor(Input::AdvisorPropose(rest.to_owned()))
                    .await?
            }
            "plan" => self.plan().await?,
            other => {
                if !self.follow_up_command(other, rest).await? {
                    self.say("console-unknown-command")?;
                }
            }
        }
        Ok(true)
    }

    pub(super) async fn as_advisor(&mut self, input: Input) -> Result<(), ConsoleError> {
        if self.role != Role::Advisor {
            self.role = Role::Advisor;
            self.announce_role()?;
        }
        self.send(input).await
    }

    pub(super) async fn started(
        &mut self,
        r: Result<(i64, Vec<Outgoing>), DeskError>,
    ) -> Result<(), ConsoleError> {
        match r {
            Ok((cid, _)) => {
                self.conversation = Some(cid);
                // As the Start button does on Discord: the first question goes out now.
                let shown = self.desk.current(cid, &who(Role::Beneficiary)).await;
                self.show_result(shown).await
            }
            Err(e) => self.error(e).await,
        }
    }

    pub(super) async fn send(&mut self, input: Input) -> Result<(), ConsoleError> {
        let Some(cid) = self.conversation else {
            return self.say("console-nothing-open");
        };
        let sent = match self.seen.get(&self.role) {
            Some(&(c, asked)) if c == cid => Sent::AsOf(asked),
            _ => Sent::Now,
        };
        let mut person = who(self.role);
        person.locale.clone_from(&self.locale);
        let r = self.desk.answer(cid, &person, input, sent).await;
        self.show_result(r).await
    }

    pub(super) async fn plan(&mut self) -> Result<(), ConsoleError> {
        match self.desk.plan(BENEFICIARY, GUILD).await? {
            Some(prompt) => {
                let text = self.desk.i18n().prompt_body(self.lang, &prompt);
                writeln!(self.out, "\n{text}")?;
                Ok(())
            }
            None => self.say("console-no-plan"),
        }
    }

    /// After an input: what it planned is sent by the scheduler; wait for it, then print.
    pub(super) async fn show_result(
        &mut self,
        r: Result<Vec<Outgoing>, DeskError>,
    ) -> Result<(), ConsoleError> {
        match r {
            Ok(_) => {
                self.unsaved = false;
                self.deliveries().await
            }
            // The question asked now comes again, saying why (nothing was lost: the answer
            // was to an older question).
            Err(DeskError::Moved) => {
                self.unsaved = false;
                self.deliveries().await
            }
            Err(e) => self.error(e).await,
        }
    }

    /// Lets the scheduler send what is due, and prints it.
    pub(super) async fn deliveries(&mut self) -> Result<(), ConsoleError> {
        self.scheduler.settle(SETTLE).await;
        while let Ok(letter) = self.letters.try_recv() {
            self.print_letter(letter)?;
        }
        Ok(())
    }

    pub(super) async fn error(&mut self, e: DeskError) -> Result<(), ConsoleError> {
        let e = match e {
            DeskError::Store(s) => {
                // The operator's line names the file that is full; the person's says what to do.
                let s = self.desk.explain(s).await;
                tracing::error!(error = %s, "store error in the console");
                self.unsaved = true;
                DeskError::Store(s)
            }
            other => other,
        };
        let text = self.desk.i18n().msg(self.lang, &e.msg());
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    /// After `/back`: the answer already given to the question asked again, to keep or
    /// change (a choice is named by its label).
    async fn show_earlier_answer(&mut self) -> Result<(), ConsoleError> {
        use crate::domain::prompt::Expect;
        let (Some(cid), Some(prompt)) = (self.conversation, self.last.get(&self.role).cloned())
        else {
            return Ok(());
        };
        let answer = match self.desk.earlier_answer(cid).await {
            Ok(Some(answer)) => answer.trim().to_owned(),
            Ok(None) => return Ok(()),
            Err(e) => return self.error(e).await,
        };
        let (id, shown) = match &prompt.expect {
            Expect::Text => ("console-earlier-answer", answer),
            Expect::One(opts) => match opts.iter().find(|o| o.id == answer) {
                Some(o) => (
                    "console-earlier-choice",
                    self.desk.i18n().msg(self.lang, &o.label),
                ),
                None => return Ok(()),
            },
            _ => return Ok(()),
        };
        if shown.is_empty() {
            return Ok(());
        }
        let text = self
            .desk
            .i18n()
            .text_with(self.lang, id, &[("answer", &shown)]);
        writeln!(self.out, "{text}")?;
        Ok(())
    }
}
