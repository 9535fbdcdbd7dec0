//! `suivi console`: the closing conversation in a terminal, over the real database.
//!
//! One person plays both sides: the advisor (who opens and closes work sessions, enters their
//! commitments, confirms or proposes) and the beneficiary (who answers). Choices are numbered
//! options; `/role` switches sides (and the console switches by itself when the conversation
//! waits for the other side). It reads lines from any reader, so a scripted run through a pipe
//! works. Quitting loses nothing: the next start resumes where the conversation stopped.

mod after;
mod choices;
mod commands;
mod ids;
mod lines;
mod notifier;
mod printing;
mod reschedules;
mod session;
mod time;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use tokio::io::AsyncBufRead;
use tokio::sync::mpsc;

use crate::conversation::{Desk, DeskError, Who};
use crate::domain::prompt::{Prompt, Role};
use crate::i18n::Lang;
use crate::outbox::{Audience, Dispatcher, Letter, Tuning};
pub use lines::{line_cap, Line, LineReader};
use notifier::ConsoleNotifier;

/// How long the console waits for its dispatcher to finish the letter it is sending when it
/// closes.
const CONSOLE_STOP: std::time::Duration = std::time::Duration::from_secs(10);

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

struct Console<'a, W: Write> {
    desk: &'a Desk,
    scheduler: Arc<Dispatcher>,
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
    /// A text the next line is (the advisor's commitments, a change they propose).
    pending: Option<crate::domain::talk::Write>,
    /// The last input could not be saved (a full disk): `/quit` says so.
    unsaved: bool,
    /// How far `/wait` moved the clock ahead of the real time (kept with the database).
    shift: chrono::Duration,
    /// The lines of a task list typed so far (an empty line ends it).
    tasks: Option<Vec<String>>,
    /// The minute of the console's clock last printed before a delivery.
    stamped: Option<i64>,
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
    // The clock goes on where the last run left it, before anything falls due.
    let shift = time::restore(&desk).await?;
    let (notifier, letters) = ConsoleNotifier::new();
    let tuning = Tuning {
        audience: Audience::Console,
        ..Tuning::default()
    };
    let scheduler = Dispatcher::new(desk.clone(), Arc::new(notifier), tuning);
    let running = scheduler.spawn();
    let result = converse(
        &desk,
        scheduler,
        letters,
        input,
        out,
        (lang, locale, shift),
        echo,
    )
    .await;
    running.stop(CONSOLE_STOP).await;
    result
}

async fn converse<R, W>(
    desk: &Desk,
    scheduler: Arc<Dispatcher>,
    letters: mpsc::UnboundedReceiver<Letter>,
    input: R,
    out: &mut W,
    (lang, locale, shift): (Lang, Option<String>, chrono::Duration),
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
        shift,
        tasks: None,
        stamped: None,
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
