//! `suivi console`: the closing conversation in a terminal, over the real database.
//!
//! One person plays both sides: the advisor (who opens and closes work sessions, enters their
//! commitments, confirms or proposes) and the beneficiary (who answers). Choices are numbered
//! options; `/role` switches sides (and the console switches by itself when the conversation
//! waits for the other side). It reads lines from any reader, so a scripted run through a pipe
//! works. Quitting loses nothing: the next start resumes where the conversation stopped.

mod commands;
mod ids;
mod lines;
mod notifier;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use tokio::io::AsyncBufRead;
use tokio::sync::mpsc;

use crate::conversation::{Begin, Desk, DeskError, Outgoing, Sent, Who};
use crate::domain::closing::Input;
use crate::domain::prompt::{Expect, Prompt, Role};
use crate::i18n::Lang;
use crate::scheduler::{Letter, Scheduler, Tuning};
pub use lines::{line_cap, Line, LineReader};
use notifier::ConsoleNotifier;

/// How long the console waits for the scheduler to send what an input planned.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(10);

/// The console's guild and people (Discord ids are never this small).
pub const GUILD: u64 = 0;
pub const ADVISOR: u64 = 1;
pub const BENEFICIARY: u64 = 2;

/// A failure of the terminal itself (the conversation's own problems are shown, not returned).
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("terminal input/output failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Desk(#[from] DeskError),
}

enum Pending {
    Commitments,
    Proposal,
}

struct Console<'a, W: Write> {
    desk: &'a Desk,
    scheduler: Arc<Scheduler>,
    letters: mpsc::UnboundedReceiver<Letter>,
    out: &'a mut W,
    lang: Lang,
    /// The locale given with `--lang` (`en-US`, `en-GB`, `fr`): how typed numeric dates read.
    locale: Option<String>,
    role: Role,
    conversation: Option<i64>,
    last: HashMap<Role, Prompt>,
    /// For each side, the conversation and version of the question last shown: a line typed
    /// is an answer to that question, not to whatever another process moved it to.
    seen: HashMap<Role, (i64, i64)>,
    pending: Option<Pending>,
    /// The last input could not be saved (a full disk): `/quit` says so.
    unsaved: bool,
}

/// Runs the console until `/quit` or the end of the input.
///
/// With `echo`, each line read is printed after the marker, so a piped run reads like a
/// conversation.
pub async fn run<R, W>(
    desk: Arc<Desk>,
    input: R,
    out: &mut W,
    lang: Lang,
    echo: bool,
) -> Result<(), ConsoleError>
where
    R: AsyncBufRead + Unpin,
    W: Write,
{
    run_as(desk, input, out, lang, None, echo).await
}

/// [`run`], for a person whose locale is known (`--lang en-US`): numeric dates they type are
/// read in its order ("12/10" is December 10 in `en-US`, 12 October in `en-GB` and `fr`, and
/// asked about in plain `en`).
pub async fn run_as<R, W>(
    desk: Arc<Desk>,
    input: R,
    out: &mut W,
    lang: Lang,
    locale: Option<String>,
    echo: bool,
) -> Result<(), ConsoleError>
where
    R: AsyncBufRead + Unpin,
    W: Write,
{
    let (notifier, letters) = ConsoleNotifier::new();
    let tuning = Tuning {
        audience: crate::scheduler::Audience::Console,
        ..Tuning::default()
    };
    let scheduler = Scheduler::new(desk.clone(), Arc::new(notifier), tuning);
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(scheduler.clone().run(stop_rx));
    let result = converse(&desk, scheduler, letters, input, out, (lang, locale), echo).await;
    stop.send_replace(true);
    if let Err(e) = task.await {
        tracing::warn!(error = %e, "the console's scheduler ended abnormally");
    }
    result
}

async fn converse<R, W>(
    desk: &Desk,
    scheduler: Arc<Scheduler>,
    letters: mpsc::UnboundedReceiver<Letter>,
    input: R,
    out: &mut W,
    (lang, locale): (Lang, Option<String>),
    echo: bool,
) -> Result<(), ConsoleError>
where
    R: AsyncBufRead + Unpin,
    W: Write,
{
    let mut c = Console {
        desk,
        scheduler,
        letters,
        out,
        lang,
        locale,
        role: Role::Advisor,
        conversation: None,
        last: HashMap::new(),
        seen: HashMap::new(),
        pending: None,
        unsaved: false,
    };
    c.start().await?;
    let cap = line_cap(desk.config().own_words.max_chars);
    let mut lines = LineReader::new(input, cap);
    loop {
        c.marker()?;
        // Deliveries that fall due while the person types are shown as they come.
        let line = loop {
            tokio::select! {
                line = lines.next_line() => break line?,
                Some(letter) = c.letters.recv() => {
                    c.print_letter(letter)?;
                    c.marker()?;
                }
            }
        };
        let line = match line {
            None => break,
            Some(Line::Text(line)) => line,
            // A line that cannot be read is refused, and the next one read.
            Some(Line::TooLong { number }) => {
                c.refuse_line("console-line-too-long", number, cap)?;
                continue;
            }
            Some(Line::NotUtf8 { number }) => {
                c.refuse_line("console-line-not-utf8", number, cap)?;
                continue;
            }
        };
        let line = line.trim().to_owned();
        if echo {
            writeln!(c.out, "{line}")?;
        }
        // An empty line is an answer too: at a question it gets the kind "write it in your
        // own words" message, at a choice the "type a number" one.
        if !c.handle(&line).await? {
            break;
        }
    }
    // "Everything is saved" only when the last thing typed was.
    c.say(if c.unsaved {
        "console-bye-unsaved"
    } else {
        "console-bye"
    })?;
    Ok(())
}

fn who(role: Role) -> Who {
    match role {
        Role::Advisor => Who::new(ADVISOR, "advisor"),
        Role::Beneficiary => Who::new(BENEFICIARY, "beneficiary"),
    }
}

impl<W: Write> Console<'_, W> {
    async fn start(&mut self) -> Result<(), ConsoleError> {
        self.say("console-welcome")?;
        ids::show(&mut *self.out, self.desk.i18n(), self.lang)?;
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
        Ok(())
    }

    /// Handles one line; `false` ends the console.
    async fn handle(&mut self, line: &str) -> Result<bool, ConsoleError> {
        if let Some(cmd) = line.strip_prefix('/') {
            let (name, rest) = cmd
                .split_once(' ')
                .map_or((cmd, ""), |(n, r)| (n, r.trim()));
            return self.command(&name.to_lowercase(), rest).await;
        }
        if let Some(p) = self.pending.take() {
            let input = match p {
                Pending::Commitments => Input::AdvisorCommitments(line.to_owned()),
                Pending::Proposal => Input::AdvisorPropose(line.to_owned()),
            };
            self.send(input).await?;
            return Ok(true);
        }
        let expect = self
            .last
            .get(&self.role)
            .map(|p| p.expect.clone())
            .unwrap_or(Expect::Text);
        match expect {
            Expect::One(opts) | Expect::Many(opts) => {
                let picked: Option<Vec<String>> = line
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<usize>()
                            .ok()
                            .and_then(|n| n.checked_sub(1))
                            .and_then(|i| opts.get(i))
                    })
                    .map(|o| o.map(|o| o.id.clone()))
                    .collect();
                let Some(ids) = picked.filter(|ids| !ids.is_empty()) else {
                    self.say("console-not-a-number")?;
                    return Ok(true);
                };
                let many = matches!(
                    self.last.get(&self.role).map(|p| &p.expect),
                    Some(Expect::Many(_))
                );
                if many {
                    self.send(Input::Choices(ids)).await?;
                } else {
                    self.choose(&ids[0]).await?;
                }
            }
            _ => self.send(Input::Text(line.to_owned())).await?,
        }
        Ok(true)
    }

    async fn choose(&mut self, id: &str) -> Result<(), ConsoleError> {
        match id {
            "advisor_confirm" => self.send(Input::AdvisorConfirm).await,
            "advisor_commitments" => {
                self.pending = Some(Pending::Commitments);
                self.say("console-type-commitments")
            }
            "advisor_propose" => {
                self.pending = Some(Pending::Proposal);
                self.say("console-type-proposal")
            }
            other => {
                if let Some((proposal, accept)) = crate::conversation::decision_of(other) {
                    let r = self
                        .desk
                        .decide_reschedule(proposal, &who(self.role), accept)
                        .await;
                    return match r {
                        Ok(msg) => {
                            let text = self.desk.i18n().msg(self.lang, &msg);
                            writeln!(self.out, "{text}")?;
                            self.deliveries().await
                        }
                        Err(e) => self.error(e).await,
                    };
                }
                self.send(Input::Choice(other.to_owned())).await
            }
        }
    }

    async fn command(&mut self, name: &str, rest: &str) -> Result<bool, ConsoleError> {
        match name {
            "quit" | "exit" | "q" => return Ok(false),
            "help" | "aide" => self.say("console-help")?,
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
                    (true, _) => self.desk.restart(GUILD, &a, &b, what).await,
                    (false, Begin::Open) => self.desk.open_session(GUILD, &a, &b).await,
                    (false, Begin::Close { synthesis }) => {
                        self.desk.start_closing(GUILD, &a, &b, synthesis).await
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
            "back" | "retour" => self.send(Input::Back).await?,
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

    async fn as_advisor(&mut self, input: Input) -> Result<(), ConsoleError> {
        if self.role != Role::Advisor {
            self.role = Role::Advisor;
            self.announce_role()?;
        }
        self.send(input).await
    }

    async fn started(
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

    async fn send(&mut self, input: Input) -> Result<(), ConsoleError> {
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

    async fn plan(&mut self) -> Result<(), ConsoleError> {
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
    async fn show_result(
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
    async fn deliveries(&mut self) -> Result<(), ConsoleError> {
        self.scheduler.settle(SETTLE).await;
        while let Ok(letter) = self.letters.try_recv() {
            self.print_letter(letter)?;
        }
        Ok(())
    }

    async fn error(&mut self, e: DeskError) -> Result<(), ConsoleError> {
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

    /// Prints a letter's prompts; switches sides when the conversation now waits for the
    /// other one. Letters that are not part of a conversation (reminders, notices) say when
    /// they arrived.
    fn print_letter(&mut self, letter: Letter) -> Result<(), ConsoleError> {
        if letter.conversation.is_none() {
            let now = self.desk.clock().now();
            let tz = self.desk.config().timezone;
            let when = self.desk.i18n().when(self.lang, now, tz);
            let text =
                self.desk
                    .i18n()
                    .text_with(self.lang, "console-delivery-at", &[("when", &when)]);
            writeln!(self.out, "\n{text}")?;
        }
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
        let mine_open = self
            .last
            .get(&self.role)
            .is_some_and(|p| p.expect != Expect::Nothing);
        if let Some(role) = switch_to.filter(|_| !mine_open) {
            self.role = role;
            self.announce_role()?;
        }
        Ok(())
    }

    fn print_prompt(&mut self, p: &Prompt) -> Result<(), ConsoleError> {
        let i18n = self.desk.i18n();
        writeln!(self.out)?;
        if p.to != self.role {
            let role = role_id(p.to);
            writeln!(
                self.out,
                "{}",
                i18n.text_with(self.lang, "console-for-other-side", &[("role", role)])
            )?;
        }
        writeln!(self.out, "{}", i18n.prompt_body(self.lang, p))?;
        if let Expect::One(opts) | Expect::Many(opts) = &p.expect {
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

    fn announce_role(&mut self) -> Result<(), ConsoleError> {
        let text =
            self.desk
                .i18n()
                .text_with(self.lang, "console-role", &[("role", role_id(self.role))]);
        writeln!(self.out, "\n{text}")?;
        Ok(())
    }

    fn marker(&mut self) -> Result<(), ConsoleError> {
        let id = match self.role {
            Role::Advisor => "console-prompt-advisor",
            Role::Beneficiary => "console-prompt-beneficiary",
        };
        write!(self.out, "{} ", self.desk.i18n().text(self.lang, id))?;
        self.out.flush()?;
        Ok(())
    }

    /// Says why line `number` was not taken (it is not echoed: it may be huge or not text).
    fn refuse_line(&mut self, id: &str, number: u64, cap: usize) -> Result<(), ConsoleError> {
        let text = self.desk.i18n().text_with(
            self.lang,
            id,
            &[("line", &number.to_string()), ("max", &cap.to_string())],
        );
        writeln!(self.out, "\n{text}")?;
        Ok(())
    }

    fn say(&mut self, id: &str) -> Result<(), ConsoleError> {
        let text = self.desk.i18n().text(self.lang, id);
        writeln!(self.out, "{text}")?;
        Ok(())
    }
}

fn role_id(role: Role) -> &'static str {
    match role {
        Role::Advisor => "advisor",
        Role::Beneficiary => "beneficiary",
    }
}
