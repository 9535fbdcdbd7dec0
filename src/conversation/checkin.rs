//! Starting a check-in when its time comes: the scheduler hands over the due `checkin`
//! delivery; the service builds the conversation from the agreement's tasks and plans its
//! first question (and its nudge) in the same transaction. A check-in is not started while
//! another conversation of the support is in progress (it would replace it), nor for a support
//! that is paused or ended: it is then recorded as skipped, for the digest.

use super::outbox::step_deliveries;
use super::{Desk, DeskError, Outgoing, State};
use crate::domain::checkin::{CheckIn, TaskItem};
use crate::domain::talk::{Conversation, TaskStatus};
use crate::store::TaskState;
use crate::store::{Claimed, Start};

/// What happened to a due check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInStart {
    /// The conversation was started; its first question is in the outbox.
    Started(i64),
    /// It was started before (a crash after starting): nothing more to do.
    AlreadyStarted,
    /// Not started: the support is not active, has no agreement or no task, or another
    /// conversation is in progress.
    Skipped(&'static str),
}

impl Desk {
    /// Starts the check-in a due delivery stands for.
    pub async fn begin_checkin(&self, due: &Claimed) -> Result<CheckInStart, DeskError> {
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        // Started before a crash kept the delivery from being recorded: that check-in is the
        // conversation in progress, not a reason to skip it.
        if self.store.conversation_of_origin(&due.key).await?.is_some() {
            return Ok(CheckInStart::AlreadyStarted);
        }
        let Some(support) = due.support_id else {
            return Ok(CheckInStart::Skipped("no_support"));
        };
        let Some(s) = self.store.support_row(support).await? else {
            return Ok(CheckInStart::Skipped("no_support"));
        };
        if s.status != crate::store::SupportStatus::Active {
            return Ok(CheckInStart::Skipped("support_not_active"));
        }
        let Some(a) = self.store.active_agreement(support).await? else {
            return Ok(CheckInStart::Skipped("no_agreement"));
        };
        if self.store.has_active_conversation(support).await? {
            return Ok(CheckInStart::Skipped("conversation_in_progress"));
        }
        let Some(session) = self.store.latest_session_of(support).await? else {
            return Ok(CheckInStart::Skipped("no_session"));
        };
        let tasks: Vec<TaskItem> = self
            .store
            .tasks_of(a.id)
            .await?
            .into_iter()
            .map(|t| TaskItem {
                id: t.id,
                status: match t.status {
                    TaskState::NotStarted => TaskStatus::NotStarted,
                    TaskState::InProgress => TaskStatus::InProgress,
                    TaskState::Done => TaskStatus::Done,
                    TaskState::Blocked => TaskStatus::Blocked,
                },
                text: t.text,
                blocker: t.blocker,
            })
            // A task already done is not asked about again.
            .filter(|t| t.status != TaskStatus::Done)
            .collect();
        let (advisor, beneficiary) = (s.advisor_id as u64, s.beneficiary_id as u64);
        // Their display names, or none: the messages then use a neutral form, never an id.
        let shown =
            |p: Option<crate::store::PersonRow>| p.map(|p| p.display_name).unwrap_or_default();
        let name = shown(self.store.person(beneficiary).await?);
        let checkin = CheckIn::new(advisor, beneficiary, name.clone(), tasks);
        let first = checkin.current();
        let (kind, step) = (checkin.kind(), checkin.step_id());
        let state = State::Checkin(Box::new(checkin));
        let json = super::to_json(&state)?;
        let guild = s.guild_id as u64;
        let lang = self.lang_of(beneficiary, guild, None).await?;
        let (nudge_hours, nudge_max) = (self.config.nudge_delay_hours, self.config.nudge_max);
        let advisor_name = shown(self.store.person(advisor).await?);
        let started = self
            .store
            .start_scheduled_conversation(
                Start {
                    guild,
                    advisor: (advisor, &advisor_name, None),
                    beneficiary: (beneficiary, &name),
                    session: Some(session),
                    kind,
                    step: &step,
                    state: &json,
                },
                &due.key,
                |cid| {
                    let out = [Outgoing::new(beneficiary, lang, cid, first)];
                    step_deliveries(&out, cid, support, 0, now, nudge_hours, nudge_max)
                },
                now,
            )
            .await?;
        self.ring();
        Ok(match started {
            Some(cid) => CheckInStart::Started(cid),
            None => CheckInStart::AlreadyStarted,
        })
    }
}
