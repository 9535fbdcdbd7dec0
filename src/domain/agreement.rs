//! What both sides agree at the end of a closing: the next exchanges (cadence, first date,
//! means), each side's commitments, and the relay consent, plus the small closed sets of
//! choices the closing offers (review answers, means of exchange).
//!
//! Pure data: the closing engine fills it, the store keeps it, adapters render it.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::answer::Answer;
use super::cadence::{Cadence, Schedule};
use super::prompt::Msg;

/// The trait of the closed sets below; it lives with the prompts that offer them.
pub use super::prompt::Choice;

macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident, $group:literal, { $($(#[$vm:meta])* $variant:ident => $id:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }
        impl Choice for $name {
            const GROUP: &'static str = $group;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
        }
    };
}

choice_enum!(
    /// Did what the session brought match the expectations?
    Match, "match", { Yes => "yes", Partly => "partly", No => "no" }
);
choice_enum!(
    /// Does the beneficiary want the support to go on?
    Continue, "continue", { Yes => "yes", No => "no", NotSure => "not_sure" }
);
choice_enum!(
    /// May the advisor relay information about the project in their networks?
    Relay, "relay", { Yes => "yes", No => "no" }
);
choice_enum!(
    /// How often the next exchanges happen.
    Frequency, "frequency", { Weekly => "weekly", Biweekly => "biweekly", Monthly => "monthly", Custom => "custom" }
);
choice_enum!(
    /// How the next exchanges happen (several may be chosen).
    Means, "means", {
        Email => "email", Phone => "phone", InPerson => "in_person",
        SharedDocuments => "shared_documents", Discord => "discord", Video => "video",
        /// Another means, named by the beneficiary in their own words (free choice of means).
        Other => "other"
    }
);
choice_enum!(
    /// The beneficiary's answer to the recap.
    RecapAction, "recap", { Confirm => "confirm", Edit => "edit" }
);

impl Means {
    /// How a means reads in a recap or a reminder, inside a sentence ("courriel et en
    /// présentiel", "phone and video call"): its name in lower case, or, for the other means,
    /// the beneficiary's own words, their first letter lowered unless the word is a name
    /// ("WhatsApp", "ONG").
    pub fn msg(self, other: Option<&str>) -> Msg {
        match (self, other) {
            (Means::Other, Some(text)) => Msg::new("choice-means-named").text("text", inline(text)),
            _ => Msg::new(format!("means-inline-{}", self.id())),
        }
    }
}

/// A text placed inside a sentence: "Des appels" reads "des appels"; "WhatsApp", "ONG" and
/// "Zoom" (a name: capitals beyond the first letter, or a single capitalised word) keep theirs.
fn inline(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let rest_lower = first_word.chars().skip(1).all(|c| !c.is_uppercase());
    let several_words = text.split_whitespace().nth(1).is_some();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && rest_lower && several_words => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

impl Frequency {
    /// The cadence of a preset frequency; `None` for `Custom`, which is typed.
    pub fn cadence(self) -> Option<Cadence> {
        match self {
            Frequency::Weekly => Some(Cadence::WEEKLY),
            Frequency::Biweekly => Some(Cadence::BIWEEKLY),
            Frequency::Monthly => Some(Cadence::MONTHLY),
            Frequency::Custom => None,
        }
    }
}

/// The first exchange as agreed: the wall time the person meant, in their time zone, and the
/// instant it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstExchange {
    pub local: NaiveDateTime,
    pub tz: Tz,
    pub utc: DateTime<Utc>,
}

/// An agreement both sides confirmed. Built by the closing engine only when every part is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub cadence: Cadence,
    pub first: FirstExchange,
    pub means: Vec<Means>,
    /// The other means in the beneficiary's words, when [`Means::Other`] is among `means`.
    #[serde(default)]
    pub other_means: Option<Answer>,
    pub tasks: Vec<Answer>,
    pub beneficiary_commitments: Answer,
    pub advisor_commitments: Answer,
    pub relay: Relay,
    pub relay_at: DateTime<Utc>,
    pub beneficiary_confirmed_at: DateTime<Utc>,
    pub advisor_confirmed_at: DateTime<Utc>,
    /// Where the rhythm starts when the person kept a first exchange off it ("Tuesday 8
    /// December first, then every first Monday": 4 January); `None` when the first exchange is
    /// on the rhythm.
    #[serde(default)]
    pub rhythm_from: Option<NaiveDateTime>,
}

impl Agreement {
    /// The recurring schedule of exchanges, in the beneficiary's wall time: the first exchange
    /// as agreed, then the rhythm.
    pub fn schedule(&self) -> Schedule {
        match self.rhythm_from {
            Some(from) => Schedule::with_first(self.first.local, from, self.first.tz, self.cadence),
            None => Schedule::new(self.first.local, self.first.tz, self.cadence),
        }
    }
}
