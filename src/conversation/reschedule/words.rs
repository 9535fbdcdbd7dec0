//! What a proposal says to each side, and the prompts that carry its buttons. Words live in
//! `locales/*/reschedule.ftl` (and the older `followup-*` ids); this room only names them.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::domain::cadence::{date_msg, resolve_local, Cadence};
use crate::domain::prompt::{Arg, Expect, Msg, Opt, Prompt, Role};
use crate::i18n::Lang;
use crate::outbox::Payload;
use crate::store::{DeliveryKind, NewDelivery, RescheduleRow, SupportRow};

fn boxed(m: Msg) -> Arg {
    Arg::Msg(Box::new(m))
}

/// A change as proposed: its first exchange (wall time in `tz`), its new rhythm, whether the
/// date is taken once, and the rhythm that follows (new or agreed).
pub(super) struct Change {
    pub first: Option<NaiveDateTime>,
    pub cadence: Option<Cadence>,
    pub once: bool,
    pub tz: Tz,
    pub rhythm: Cadence,
}

impl Change {
    fn first_utc(&self) -> Option<DateTime<Utc>> {
        self.first.map(|f| resolve_local(f, self.tz))
    }

    /// "the next exchange on …, then every 3 weeks", in the reader's zone.
    pub fn msg(&self, reader: Tz) -> Msg {
        let rhythm = self.cadence.map(crate::domain::closing::recap::cadence_msg);
        match (self.first_utc(), rhythm) {
            (Some(t), _) if self.once => Msg::new("resched-change-once")
                .arg("when", Arg::When(t, reader))
                .arg(
                    "rhythm",
                    boxed(crate::domain::closing::recap::cadence_msg(self.rhythm)),
                ),
            (Some(t), Some(r)) => Msg::new("followup-change-both")
                .arg("when", Arg::When(t, reader))
                .arg("rhythm", boxed(r)),
            (Some(t), None) => Msg::new("followup-change-date").arg("when", Arg::When(t, reader)),
            (None, Some(r)) => Msg::new("followup-change-rhythm").arg("rhythm", boxed(r)),
            (None, None) => Msg::new("followup-change-date"),
        }
    }
}

/// A stored proposal as a [`Change`]; `agreed` is the rhythm in force.
pub(super) fn change_of(r: &RescheduleRow, agreed: Cadence, fallback: Tz) -> Change {
    let cadence = cadence_of(r.cadence.as_deref());
    Change {
        first: super::parse_local(r.first_exchange_local.as_deref()),
        cadence,
        once: r.once,
        tz: r.timezone.parse().unwrap_or(fallback),
        rhythm: cadence.unwrap_or(agreed),
    }
}

pub(super) fn cadence_of(json: Option<&str>) -> Option<Cadence> {
    serde_json::from_str(json?).ok()
}

/// How a replaced proposal is named: "du 2 février 2027", or its rhythm.
pub(super) fn reference(r: &RescheduleRow) -> Msg {
    match (
        super::parse_local(r.first_exchange_local.as_deref()),
        cadence_of(r.cadence.as_deref()),
    ) {
        (Some(first), _) => Msg::new("resched-ref-date").arg("date", boxed(date_msg(first.date()))),
        (None, Some(c)) => Msg::new("resched-ref-rhythm").arg(
            "rhythm",
            boxed(crate::domain::closing::recap::cadence_msg(c)),
        ),
        (None, None) => Msg::new("resched-ref-none"),
    }
}

pub(super) fn role_of(support: &SupportRow, to: u64) -> Role {
    if to == support.beneficiary_id as u64 {
        Role::Beneficiary
    } else {
        Role::Advisor
    }
}

/// The question to the other side, its words and who reads it, with what the proposer is told
/// and the words to the authors of replaced proposals.
pub(super) struct Outgoing {
    pub to: u64,
    pub role: Role,
    pub lang: Lang,
    pub support: i64,
    pub body: Msg,
    pub sent: Msg,
    /// (replaced proposal, its author, what they are told).
    pub notices: Vec<(i64, u64, Msg)>,
}

impl Outgoing {
    pub fn deliveries(&self, rid: i64, now: DateTime<Utc>) -> Vec<NewDelivery> {
        let mut all = vec![prompt_delivery(
            format!("reschedule:{rid}:{}", self.to),
            self.to,
            self.support,
            self.lang,
            ask_prompt(self.role, vec![self.body.clone()], rid),
            now,
        )];
        for (old, to, msg) in &self.notices {
            all.push(super::super::notice(
                format!("notice:reschedule-replaced-{old}:{to}"),
                *to,
                Some(self.support),
                msg.clone(),
                now,
            ));
        }
        all
    }
}

/// Accept or decline a proposal.
pub(super) fn ask_prompt(to: Role, body: Vec<Msg>, rid: i64) -> Prompt {
    let options = vec![
        Opt {
            id: format!("rs-accept-{rid}"),
            label: Msg::new("followup-reschedule-accept"),
        },
        Opt {
            id: format!("rs-decline-{rid}"),
            label: Msg::new("followup-reschedule-decline"),
        },
    ];
    Prompt::new(to, body, Expect::One(options))
}

/// The proposer's choice for a date off the rhythm, its ids set once the proposal has one.
pub(super) struct Choice {
    to: Role,
    body: Msg,
    instead: Msg,
}

impl Choice {
    pub fn with_ids(&self, rid: i64) -> Prompt {
        let options = vec![
            Opt {
                id: format!("rs-once-{rid}"),
                label: Msg::new("resched-once"),
            },
            Opt {
                id: format!("rs-rhythm-{rid}"),
                label: self.instead.clone(),
            },
        ];
        Prompt::new(self.to, vec![self.body.clone()], Expect::One(options))
    }
}

pub(super) fn choice_prompt(to: Role, p: &Change, instead: NaiveDateTime, reader: Tz) -> Choice {
    let when = |t: NaiveDateTime| Arg::When(resolve_local(t, p.tz), reader);
    let rhythm = || boxed(crate::domain::closing::recap::cadence_msg(p.rhythm));
    Choice {
        to,
        body: Msg::new("resched-off-rhythm")
            .arg("when", p.first.map_or(Arg::Text(String::new()), when))
            .arg("rhythm", rhythm())
            .arg("next", when(instead)),
        instead: Msg::new("resched-on-rhythm").arg("next", when(instead)),
    }
}

/// What the proposer of a date off the rhythm is told at once.
pub(super) fn choose_first(p: &Change, want: NaiveDateTime, reader: Tz) -> Msg {
    Msg::new("resched-choose-first")
        .arg("when", Arg::When(resolve_local(want, p.tz), reader))
        .arg(
            "rhythm",
            boxed(crate::domain::closing::recap::cadence_msg(p.rhythm)),
        )
}

pub(super) fn prompt_delivery(
    key: String,
    to: u64,
    support: i64,
    lang: Lang,
    prompt: Prompt,
    now: DateTime<Utc>,
) -> NewDelivery {
    let payload = Payload::Prompts {
        lang,
        prompts: vec![prompt],
        calendar: None,
    };
    crate::outbox::plan::single(
        key,
        DeliveryKind::Notice,
        to,
        Some(support),
        now,
        None,
        &payload,
    )
}

pub(super) fn proposed(by: &Arg, p: &Change, reader: Tz) -> Msg {
    Msg::new("followup-reschedule-proposed")
        .arg("by", by.clone())
        .arg("change", boxed(p.msg(reader)))
}

pub(super) fn countered(old: &Msg, by: &Arg, p: &Change, reader: Tz) -> Msg {
    Msg::new("resched-countered")
        .arg("old", boxed(old.clone()))
        .arg("by", by.clone())
        .arg("change", boxed(p.msg(reader)))
}

pub(super) fn proposed_again(by: &Arg, old: &Msg, p: &Change, reader: Tz) -> Msg {
    Msg::new("resched-proposed-again")
        .arg("by", by.clone())
        .arg("old", boxed(old.clone()))
        .arg("change", boxed(p.msg(reader)))
}

pub(super) fn replaced(old: &Msg, by: &Arg, p: &Change, reader: Tz) -> Msg {
    Msg::new("resched-replaced")
        .arg("old", boxed(old.clone()))
        .arg("by", by.clone())
        .arg("change", boxed(p.msg(reader)))
}

pub(super) fn sent(p: &Change, reader: Tz) -> Msg {
    Msg::new("followup-reschedule-sent").arg("change", boxed(p.msg(reader)))
}

pub(super) fn sent_counter(p: &Change, reader: Tz, old: &Msg, other: &Arg) -> Msg {
    Msg::new("resched-sent-counter")
        .arg("change", boxed(p.msg(reader)))
        .arg("old", boxed(old.clone()))
        .arg("other", other.clone())
}

pub(super) fn sent_again(p: &Change, reader: Tz, old: &Msg) -> Msg {
    Msg::new("resched-sent-again")
        .arg("change", boxed(p.msg(reader)))
        .arg("old", boxed(old.clone()))
}

/// "Prochain échange : jeudi 4 février 2027 à 14 h, heure de Paris." (the instant is read with
/// its zone), after `by`'s name when given; the `-none` id when no exchange is left.
pub(super) fn next_exchange(
    id: &str,
    by: Option<&Arg>,
    next: Option<DateTime<Utc>>,
    reader: Tz,
) -> Msg {
    let msg = match next {
        Some(t) => Msg::new(id.to_owned()).arg("next", Arg::When(t, reader)),
        None => Msg::new(format!("{id}-none")),
    };
    match by {
        Some(b) => msg.arg("by", b.clone()),
        None => msg,
    }
}
