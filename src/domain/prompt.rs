//! Prompts as data: what the engine wants a person to read and how they may answer.
//!
//! The domain never formats text. It names Fluent messages and their arguments; `i18n/` turns
//! them into words, and `discord/` and `console/` turn the expected input into buttons, selects
//! or numbered options.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A closed set of choices offered as buttons or numbered options. `id` is stable (stored and
/// used in `custom_id`s); the label's Fluent id is `choice-<group>-<id>`.
pub trait Choice: Sized + Copy + 'static {
    /// The Fluent group, e.g. `means`.
    const GROUP: &'static str;
    /// Every choice, in display order.
    const ALL: &'static [Self];
    /// The stable id.
    fn id(self) -> &'static str;
    /// The choice for a stable id.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.id() == id)
    }
    /// The Fluent message id of the label.
    fn label_id(self) -> String {
        format!("choice-{}-{}", Self::GROUP, self.id())
    }
}

/// Who a prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Beneficiary,
    Advisor,
}

/// One Fluent message and its arguments. Serialisable, so a prompt can wait in the outbox and
/// be rendered when it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// Text typed by a person, inserted as is (never interpreted).
    Text(String),
    /// A number (drives plural forms).
    Num(i64),
    /// An instant, shown in the reader's language, in the given time zone.
    When(DateTime<Utc>, Tz),
    /// A time of day, written as the reader writes it ("9 h 30", "9:30 AM").
    Time(chrono::NaiveTime),
    /// A time zone, named as people read it ("heure de Paris", "New York time").
    Zone(Tz),
    /// Another message, rendered in the same language.
    Msg(Box<Msg>),
    /// Several messages, joined as a list ("a, b and c").
    Msgs(Vec<Msg>),
    /// Lines shown as a bulleted list.
    Lines(Vec<String>),
    /// Other messages, one per line (an item that must stay in one piece when split).
    Block(Vec<Msg>),
    /// Text people wrote in several languages: the reader's version is shown.
    Localized(super::localized::Localized),
}

impl Msg {
    /// A message without arguments.
    pub fn new(id: impl Into<String>) -> Self {
        Msg {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &'static str, value: Arg) -> Self {
        self.args.push((Cow::Borrowed(name), value));
        self
    }

    /// Adds a text argument.
    pub fn text(self, name: &'static str, value: impl Into<String>) -> Self {
        self.arg(name, Arg::Text(value.into()))
    }

    /// The label of a choice.
    pub fn choice<C: Choice>(c: C) -> Self {
        Msg::new(c.label_id())
    }
}

/// One option a person can pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opt {
    /// Stable id, sent back as [`super::talk::Input::Choice`] (see [`super::talk::Pick`]).
    pub id: String,
    pub label: Msg,
}

impl Opt {
    /// Every value of a closed set of choices.
    pub fn all<C: Choice>() -> Vec<Opt> {
        C::ALL
            .iter()
            .map(|c| Opt {
                id: c.id().to_owned(),
                label: Msg::choice(*c),
            })
            .collect()
    }
}

/// What the person is asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Nothing: the message informs.
    Nothing,
    /// Free text, typed as an ordinary message.
    Text,
    /// Exactly one option.
    One(Vec<Opt>),
    /// One or more options.
    Many(Vec<Opt>),
    /// Exactly one option, or a typed answer (a date read back: confirm, or type another).
    OneOrText(Vec<Opt>),
}

/// Side controls offered with a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Controls {
    pub back: bool,
    pub skip: bool,
    pub pause: bool,
}

/// A message to one person, and what it expects of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    pub to: Role,
    /// Paragraphs, rendered in order.
    pub body: Vec<Msg>,
    pub expect: Expect,
    pub controls: Controls,
    /// Which question of its conversation this prompt shows: its buttons carry it back, so a
    /// click on an older question is refused rather than taken for an answer to the current
    /// one. `None` for prompts outside a closing (and in payloads saved before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<u32>,
    /// The version of its conversation at which the question shown was first asked (stamped
    /// by the service): an adapter that keeps what it showed (the console) sends it back with
    /// a typed answer, which is refused if the question has changed since. `None` outside a
    /// conversation, and in payloads saved before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<i64>,
}

impl Prompt {
    /// A message to `to` expecting `expect`, without side controls; not numbered yet (its
    /// conversation numbers it, the service stamps it).
    pub fn new(to: Role, body: Vec<Msg>, expect: Expect) -> Self {
        Prompt {
            to,
            body,
            expect,
            controls: Controls::default(),
            token: None,
            asked: None,
        }
    }

    /// The same prompt with these side controls.
    pub fn with_controls(self, controls: Controls) -> Self {
        Prompt { controls, ..self }
    }

    /// An informative message.
    pub fn info(to: Role, msg: Msg) -> Self {
        Prompt::new(to, vec![msg], Expect::Nothing)
    }
}
