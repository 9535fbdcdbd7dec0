//! What a setting now is, said back to the person who changed it: "Vous avez retiré votre
//! accord pour relayer, le 3 décembre 2026." rather than "C'est fait." The relay consent is
//! the beneficiary's own: their advisor is shown it, never allowed to change it.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::{Change, ChangeError, Desk, DeskError, Who};
use crate::domain::prompt::{Arg, Msg};

impl Desk {
    /// The beneficiary gives or withdraws their relay consent; the answer says what is now
    /// set, with its date. Their advisor is told what it is, and that only the beneficiary
    /// changes it: nothing is recorded.
    pub async fn relay_consent_said(
        &self,
        guild: u64,
        who: &Who,
        relay: bool,
    ) -> Result<Msg, DeskError> {
        let support = self.support_of(guild, who.id, None).await?;
        let tz = self.timezone_of(who.id, guild).await?;
        let actor = crate::domain::access::Actor::person(who.id);
        let consent = crate::domain::access::Action::ChangeConsent(super::support::sides(&support));
        if !crate::domain::access::allows(&actor, consent) {
            let Some(a) = self.store.active_agreement(support.id).await? else {
                return Err(ChangeError::NoAgreement.into());
            };
            let at = a.relay_consent_at.parse::<DateTime<Utc>>().ok();
            let state = match (a.relay_consent, at) {
                (_, None) => "none",
                (true, Some(_)) => "yes",
                (false, Some(_)) => "no",
            };
            let msg = Msg::new("consent-beneficiary-only").text("relay", state);
            return Ok(match at {
                Some(at) => msg.arg("date", date_msg(at, tz)),
                None => msg.text("date", ""),
            });
        }
        self.set_relay_consent(guild, who, relay).await?;
        let id = match relay {
            true => "consent-now-given",
            false => "consent-now-withdrawn",
        };
        Ok(Msg::new(id).arg("date", date_msg(self.clock.now(), tz)))
    }

    /// Pauses, resumes or ends a support; the answer says what it now is.
    pub async fn support_said(
        &self,
        guild: u64,
        who: &Who,
        other: Option<u64>,
        change: Change,
    ) -> Result<Msg, DeskError> {
        self.change_support(guild, who, other, change).await?;
        Ok(Msg::new(match change {
            Change::Pause => "followup-you-paused",
            Change::Resume => "followup-you-resumed",
            Change::End => "followup-you-ended",
        }))
    }

    /// Saves a person's time zone; the answer names the zone now used.
    pub async fn timezone_said(&self, who: &Who, tz: Tz) -> Result<Msg, DeskError> {
        self.set_timezone(who, tz).await?;
        Ok(Msg::new("discord-timezone-saved")
            .arg("zone", Arg::Zone(tz))
            .text("timezone", tz.name()))
    }
}

/// "3 décembre 2026", "December 3, 2026": a day in the reader's language, in `tz`.
fn date_msg(at: DateTime<Utc>, tz: Tz) -> Arg {
    let local = at.with_timezone(&tz);
    Arg::Msg(Box::new(
        Msg::new("date-day")
            .arg("day", Arg::Num(i64::from(local.day())))
            .arg(
                "month",
                Arg::Msg(Box::new(Msg::new(format!("month-{}", local.month())))),
            )
            .text("year", local.year().to_string()),
    ))
}
