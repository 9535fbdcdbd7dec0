//! What a button, a select or a modal carries back: its `custom_id`, written when the message
//! is sent and read when someone acts on it. Nothing is kept in memory between the two, so a
//! click works after a restart.
//!
//! `s:<conversation>[:q<question>]:<action>[:<arg>]`. The question number (every kind numbers
//! its questions: `Conversation::accepts`) makes a click apply only to the question it was
//! shown with; ids written before questions were numbered have none, and are still read (the
//! service then refuses the click kindly and shows the current question). Modals: `s:<conversation>[:q<question>]:m:<kind>
//! [:<message>]`, the message being the one whose "Write my answer" button opened the form (its
//! button goes once the answer is in).

use crate::domain::talk::Write;

/// What a click or a select means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The beneficiary's Start button on the public message.
    Start,
    /// One option.
    Choice(String),
    /// The multi-select of a step (values come with the interaction).
    Many,
    /// A single-choice select menu (used when there are many options).
    OneOfMany,
    Back,
    Skip,
    Pause,
    /// Opens a modal to type a free-text answer (in a fallback thread, where the bot cannot
    /// read messages).
    Answer,
    /// The advisor chose to resume the closing in progress (a second `/session`).
    Resume,
    /// The advisor chose to start again: a new opening or closing replaces the one in progress.
    Restart(Restart),
}

/// What a restart begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restart {
    Open,
    Close { synthesis: bool },
}

/// A click read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Click {
    pub conversation: i64,
    /// The question it was shown with; `None` in ids written before questions were numbered.
    pub question: Option<u32>,
    pub action: Action,
}

/// The wire name of the form a text is typed in (kept as written by earlier releases).
fn form_id(kind: Write) -> &'static str {
    match kind {
        Write::Answer => "answer",
        Write::Commitments => "commitments",
        Write::Proposal => "propose",
    }
}

/// A modal submission read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub conversation: i64,
    pub question: Option<u32>,
    /// What the text typed becomes.
    pub kind: Write,
    /// The message whose button opened the form.
    pub message: Option<u64>,
}

fn head(conversation: i64, question: Option<u32>) -> String {
    match question {
        Some(q) => format!("s:{conversation}:q{q}"),
        None => format!("s:{conversation}"),
    }
}

/// Splits `s:<conversation>[:q<question>]:<rest>`.
fn split(id: &str) -> Option<(i64, Option<u32>, &str)> {
    let rest = id.strip_prefix("s:")?;
    let (conv, tail) = rest.split_once(':')?;
    let conversation = conv.parse().ok()?;
    let numbered = tail
        .split_once(':')
        .and_then(|(q, rest)| Some((q.strip_prefix('q')?.parse::<u32>().ok()?, rest)));
    Some(match numbered {
        Some((q, rest)) => (conversation, Some(q), rest),
        None => (conversation, None, tail),
    })
}

/// The `custom_id` of an action on a question.
pub fn custom_id(conversation: i64, question: Option<u32>, action: &Action) -> String {
    let tail = match action {
        Action::Start => "start".to_owned(),
        Action::Choice(id) => format!("c:{id}"),
        Action::Many => "many".to_owned(),
        Action::OneOfMany => "one".to_owned(),
        Action::Back => "back".to_owned(),
        Action::Skip => "skip".to_owned(),
        Action::Pause => "pause".to_owned(),
        Action::Answer => "answer".to_owned(),
        Action::Resume => "resume".to_owned(),
        Action::Restart(Restart::Open) => "restart:open".to_owned(),
        Action::Restart(Restart::Close { synthesis }) => {
            format!("restart:close:{}", u8::from(*synthesis))
        }
    };
    format!("{}:{tail}", head(conversation, question))
}

/// Reads a `custom_id` back; `None` for anything not ours (or a modal's).
pub fn parse_custom_id(id: &str) -> Option<Click> {
    let (conversation, question, tail) = split(id)?;
    let action = match tail {
        "start" => Action::Start,
        "many" => Action::Many,
        "one" => Action::OneOfMany,
        "back" => Action::Back,
        "skip" => Action::Skip,
        "pause" => Action::Pause,
        "answer" => Action::Answer,
        "resume" => Action::Resume,
        "restart:open" => Action::Restart(Restart::Open),
        "restart:close:0" => Action::Restart(Restart::Close { synthesis: false }),
        "restart:close:1" => Action::Restart(Restart::Close { synthesis: true }),
        t => Action::Choice(t.strip_prefix("c:")?.to_owned()),
    };
    Some(Click {
        conversation,
        question,
        action,
    })
}

/// The `custom_id` of a modal.
pub fn modal_id(
    conversation: i64,
    question: Option<u32>,
    kind: Write,
    message: Option<u64>,
) -> String {
    let mut id = format!("{}:m:{}", head(conversation, question), form_id(kind));
    if let Some(m) = message {
        id.push_str(&format!(":{m}"));
    }
    id
}

/// Reads a modal's `custom_id` back; `None` for anything not ours.
pub fn parse_modal_id(id: &str) -> Option<Form> {
    let (conversation, question, tail) = split(id)?;
    let rest = tail.strip_prefix("m:")?;
    let (kind, message) = match rest.split_once(':') {
        Some((k, m)) => (k, m.parse().ok()),
        None => (rest, None),
    };
    let kind = Write::ALL.into_iter().find(|w| form_id(*w) == kind)?;
    Some(Form {
        conversation,
        question,
        kind,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_fit() {
        for a in [
            Action::Start,
            Action::Choice(crate::domain::talk::Pick::CONFIRM.into()),
            Action::Many,
            Action::Back,
            Action::Answer,
            Action::Resume,
            Action::Restart(Restart::Open),
            Action::Restart(Restart::Close { synthesis: true }),
        ] {
            for q in [None, Some(0), Some(u32::MAX)] {
                let id = custom_id(i64::MAX, q, &a);
                assert!(id.len() <= 100, "{id}");
                let back = parse_custom_id(&id).unwrap();
                assert_eq!((back.conversation, back.question), (i64::MAX, q));
                assert_eq!(back.action, a);
            }
        }
        assert_eq!(parse_custom_id("other:1"), None);
        assert_eq!(parse_custom_id("s:x:start"), None);
        assert_eq!(parse_custom_id("s:1:q7"), None);
        assert_eq!(parse_custom_id("s:1:m:answer"), None);
    }

    #[test]
    fn ids_written_before_questions_were_numbered_still_read() {
        let old = parse_custom_id("s:42:c:yes").unwrap();
        assert_eq!(
            old,
            Click {
                conversation: 42,
                question: None,
                action: Action::Choice("yes".into())
            }
        );
        assert_eq!(parse_custom_id("s:42:skip").unwrap().question, None);
        // A reschedule decision outside any conversation.
        assert_eq!(
            parse_custom_id("s:0:c:rs-accept-5").unwrap().action,
            Action::Choice("rs-accept-5".into())
        );
        let form = parse_modal_id("s:42:m:commitments").unwrap();
        assert_eq!((form.question, form.kind), (None, Write::Commitments));
    }

    #[test]
    fn modal_ids_round_trip_and_fit() {
        let id = modal_id(i64::MAX, Some(u32::MAX), Write::Answer, Some(u64::MAX));
        assert!(id.len() <= 100, "{id}");
        assert_eq!(
            parse_modal_id(&id),
            Some(Form {
                conversation: i64::MAX,
                question: Some(u32::MAX),
                kind: Write::Answer,
                message: Some(u64::MAX)
            })
        );
        assert_eq!(parse_modal_id("s:3:q1:m:nope"), None);
        assert_eq!(parse_modal_id("s:3:q1:c:yes"), None);
    }
}
