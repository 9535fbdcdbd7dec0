//! Pending proposals asked again: the console, started again on its file, shows each pending
//! proposal to whoever must act on it (the other side's accept/decline, or its proposer's
//! choice for a date off the rhythm), so a restart loses none. The saved rows are the truth;
//! only a new delivery is written.

use super::words::{self, change_of};
use crate::conversation::{schedule_of, Desk, DeskError};
use crate::domain::prompt::Msg;

impl Desk {
    /// Writes a delivery that asks each pending proposal again; returns how many.
    pub async fn ask_pending_reschedules_again(&self) -> Result<usize, DeskError> {
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        let mut out = Vec::new();
        for r in self.store.pending_reschedules(None).await? {
            // Still on its way (a console quit before it was shown): it comes as it is.
            if self.store.reschedule_ask_unsent(r.id).await? {
                continue;
            }
            let Some(support) = self.store.support_row(r.support_id).await? else {
                continue;
            };
            let Some(agreement) = self.store.active_agreement(r.support_id).await? else {
                continue;
            };
            let schedule = schedule_of(&agreement)?;
            let guild = support.guild_id as u64;
            let proposer = r.proposed_by as u64;
            let (to, prompt) = if r.choosing {
                let tz = self.timezone_of(proposer, guild).await?;
                let change = change_of(&r, schedule.cadence(), schedule.tz());
                let Some(want) = change.first else { continue };
                let rhythm = match change.cadence {
                    Some(c) => crate::domain::cadence::Schedule::new(want, change.tz, c),
                    None => schedule.rhythm(),
                };
                let instead = rhythm
                    .rhythm_day_on_or_after(want.date())
                    .map_or(want, |d| d.and_time(want.time()));
                let role = words::role_of(&support, proposer);
                let choice = words::choice_prompt(role, &change, instead, tz).with_ids(r.id);
                (proposer, choice)
            } else {
                let to = if r.proposed_by == support.advisor_id {
                    support.beneficiary_id as u64
                } else {
                    support.advisor_id as u64
                };
                let tz = self.timezone_of(to, guild).await?;
                let change = change_of(&r, schedule.cadence(), schedule.tz());
                let by = self.name_in(proposer, &support).await?;
                let body = vec![
                    Msg::new("resched-still-waiting"),
                    words::proposed(&by, &change, tz),
                ];
                (
                    to,
                    words::ask_prompt(words::role_of(&support, to), body, r.id),
                )
            };
            let lang = self.lang_of(to, guild, None).await?;
            out.push(words::prompt_delivery(
                format!("reschedule-again:{}:{to}:{}", r.id, now.timestamp_millis()),
                to,
                support.id,
                lang,
                prompt,
                now,
            ));
        }
        self.store.ask_reschedules_again(&out, now).await?;
        if !out.is_empty() {
            self.ring();
        }
        Ok(out.len())
    }
}
