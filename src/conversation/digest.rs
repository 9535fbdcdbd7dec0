//! Advisor digests: built when sent, from what the store holds, through the rules of
//! `domain::digest` (what is urgent) and `domain::access` (what the reader may see). Each
//! advisor chooses their day, time and zone (`/digest settings`); `/digest now` sends one at
//! once; both arrive by direct message only, since they hold confidential texts.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::{schedule_from, Desk, DeskError};
use crate::domain::access::{allows, Action, Actor, Sides};
use crate::domain::agreement::{Choice, Continue};
use crate::domain::cadence::resolve_local;
use crate::domain::checkin::TaskStatus;
use crate::domain::digest::{digest, same_week, Missed, Standing};
use crate::domain::prompt::{Msg, Prompt, Role};
pub use crate::outbox::DigestScope;
use crate::outbox::Payload;
use crate::store::{DeliveryKind, DigestDue, NewDelivery};

/// How long before a purge the advisor's digests announce it.
pub const PURGE_WARNING_DAYS: i64 = 30;

/// The next instant at `day` `time` in `tz` strictly after `after` (a wall time that does not
/// exist on a spring-forward night is shifted forward, as for exchanges).
pub fn next_digest_at(
    day: Weekday,
    time: NaiveTime,
    tz: Tz,
    after: DateTime<Utc>,
) -> DateTime<Utc> {
    let local = after.with_timezone(&tz).date_naive();
    for offset in 0..15 {
        let date = local + Duration::days(offset);
        if date.weekday() != day {
            continue;
        }
        let at = resolve_local(date.and_time(time), tz);
        if at > after {
            return at;
        }
    }
    after + Duration::weeks(1)
}

impl Desk {
    /// The digest `reader` may read now for `scope`, since `since`.
    pub async fn digest_prompt(
        &self,
        reader: &Actor,
        scope: DigestScope,
        since: Option<DateTime<Utc>>,
    ) -> Result<Prompt, DeskError> {
        let (advisor, guild, coordinator_view) = match scope {
            DigestScope::Mine => (Some(reader.id), None, false),
            DigestScope::Server { guild } => {
                if !allows(reader, Action::ReadServerDigest) {
                    return Err(DeskError::Invalid("digest-not-coordinator"));
                }
                (None, Some(guild), true)
            }
        };
        let tz = self.timezone_of(reader.id, guild.unwrap_or(0)).await?;
        let now = self.clock.now();
        let mut items = Vec::new();
        let notes = self.store.after_notes(advisor, guild, since).await?;
        let mut missed = self.store.missed_by_kind(advisor, guild, since).await?;
        for row in self.store.standings(advisor, guild, since).await? {
            let sides = Sides {
                advisor: row.advisor_id as u64,
                beneficiary: row.beneficiary_id as u64,
            };
            if !allows(reader, Action::ReadPlan(sides)) {
                continue;
            }
            let own = allows(reader, Action::ReadConfidential(sides));
            let parse = |s: &str| {
                DateTime::parse_from_rfc3339(s)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            };
            let (next_exchange, relay) = match &row.agreement {
                Some((cadence, first, zone, relay, at, from)) => (
                    schedule_from(cadence, first, zone, from.as_deref())
                        .ok()
                        .and_then(|s| s.upcoming(now, 1).first().copied()),
                    parse(at).map(|t| (*relay, t)),
                ),
                None => (None, None),
            };
            items.push(Standing {
                name: row.beneficiary_name.clone(),
                advisor_name: row.advisor_name.clone(),
                own,
                paused: row.status == crate::store::SupportStatus::Paused,
                tasks: row
                    .tasks
                    .iter()
                    .map(|(t, s, b)| {
                        (
                            t.clone(),
                            TaskStatus::from_id(s).unwrap_or(TaskStatus::NotStarted),
                            b.clone(),
                        )
                    })
                    .collect(),
                waiting_since: row.waiting_since.as_deref().and_then(parse).filter(|t| {
                    now - *t >= Duration::hours(i64::from(self.config.nudge_delay_hours))
                }),
                missed: u32::try_from(row.missed).unwrap_or(u32::MAX),
                wants: row
                    .wants_continue
                    .as_deref()
                    .and_then(Continue::from_id)
                    .filter(|c| *c != Continue::Yes),
                next_exchange,
                new_answers: u32::try_from(row.new_answers).unwrap_or(u32::MAX),
                relay,
                synthesis: row.synthesis.clone(),
                purge_on: parse(&row.retention_from)
                    .map(|t| t + Duration::days(i64::from(self.config.retention_days)))
                    .filter(|at| *at - now <= Duration::days(PURGE_WARNING_DAYS)),
                not_held: after_notes(&notes, row.support, |n| n.not_held),
                checkins_missed: after_notes(&notes, row.support, |n| n.checkin_missed),
                missed_what: missed
                    .iter()
                    .filter(|m| m.support == row.support)
                    .map(|m| Missed {
                        kind: m.kind.clone(),
                        to_beneficiary: m.to_beneficiary,
                        count: u32::try_from(m.count).unwrap_or(u32::MAX),
                    })
                    .collect(),
                next_step_unsure: row.next_step_unsure,
            });
            missed.retain(|m| m.support != row.support);
        }
        Ok(Prompt::new(
            Role::Advisor,
            digest(items, tz, coordinator_view, since),
            crate::domain::prompt::Expect::Nothing,
        ))
    }

    /// Where a digest asked for now counts from: the last weekly digest, the same mark the
    /// weekly one counts from (`None`: since the support began).
    pub async fn digest_mark(&self, reader: u64) -> Result<Option<DateTime<Utc>>, DeskError> {
        Ok(self
            .store
            .digest_settings(reader)
            .await?
            .and_then(|d| d.last_sent_at)
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Sends the reader a digest now, by direct message.
    pub async fn request_digest(
        &self,
        reader: &Actor,
        scope: DigestScope,
    ) -> Result<(), DeskError> {
        if let DigestScope::Server { .. } = scope {
            if !allows(reader, Action::ReadServerDigest) {
                return Err(DeskError::Invalid("digest-not-coordinator"));
            }
        }
        let now = self.clock.now();
        let since = self.digest_mark(reader.id).await?;
        let delivery = digest_delivery(
            format!("digest:now:{}:{}", reader.id, now.timestamp_millis()),
            reader,
            scope,
            since,
            now,
        );
        self.store.plan(&[delivery], now).await?;
        self.ring();
        Ok(())
    }

    /// Saves when `advisor` wants their digest, and plans the next one then.
    pub async fn set_digest_settings(
        &self,
        advisor: u64,
        day: Option<Weekday>,
        time: Option<NaiveTime>,
        tz: Option<Tz>,
    ) -> Result<DateTime<Utc>, DeskError> {
        let now = self.clock.now();
        let zone = match tz {
            Some(t) => t,
            None => self.timezone_of(advisor, 0).await?,
        };
        let (day_, time_) = (
            day.unwrap_or(self.config.digest_day),
            time.unwrap_or(self.config.digest_time),
        );
        let mut next = next_digest_at(day_, time_, zone, now);
        // A new zone (or day) never gives a second weekly digest in the week one was sent.
        let last = self
            .store
            .digest_settings(advisor)
            .await?
            .and_then(|d| d.last_sent_at)
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc));
        if last.is_some_and(|last| same_week(last, next, zone)) {
            next = next_digest_at(day_, time_, zone, next);
        }
        self.store
            .save_digest_settings(
                advisor,
                day.map(|d| i64::from(d.number_from_monday())),
                time.map(|t| t.format("%H:%M").to_string()).as_deref(),
                tz.map(|t| t.name()),
                Some(next),
            )
            .await?;
        self.ring();
        Ok(next)
    }

    /// When `advisor`'s next digest falls, with their settings or the defaults.
    pub(crate) async fn next_digest_of(
        &self,
        advisor: u64,
        after: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, DeskError> {
        let s = self.store.digest_settings(advisor).await?;
        let day = s
            .as_ref()
            .and_then(|s| s.day)
            .and_then(|d| u8::try_from(d).ok())
            .and_then(|d| Weekday::try_from(d.saturating_sub(1)).ok())
            .unwrap_or(self.config.digest_day);
        let time = s
            .as_ref()
            .and_then(|s| s.time.as_deref())
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
            .unwrap_or(self.config.digest_time);
        let tz = match s
            .as_ref()
            .and_then(|s| s.timezone.as_deref())
            .and_then(|t| t.parse().ok())
        {
            Some(t) => t,
            None => self.timezone_of(advisor, 0).await?,
        };
        Ok(next_digest_at(day, time, tz, after))
    }

    /// Plans the digests of `audience` that are due, and the next one of each advisor. One
    /// advisor's failure is logged (with their id) and their digest tried again in an hour;
    /// the others are planned meanwhile. Returns how many were planned.
    pub async fn plan_due_digests(
        &self,
        audience: crate::store::Audience,
    ) -> Result<usize, DeskError> {
        let now = self.clock.now();
        let due = self.store.digests_due(now, audience).await?;
        let mut planned = 0;
        for d in &due {
            let advisor = d.advisor_id as u64;
            match self.plan_digest_of(d, now).await {
                Ok(()) => planned += 1,
                Err(e) => {
                    tracing::error!(advisor, error = %e, "could not plan a digest; trying again in an hour");
                    self.store
                        .defer_digest(advisor, now + Duration::hours(1))
                        .await?;
                }
            }
        }
        Ok(planned)
    }

    async fn plan_digest_of(&self, d: &DigestDue, now: DateTime<Utc>) -> Result<(), DeskError> {
        let advisor = d.advisor_id as u64;
        let since = d
            .last_sent_at
            .as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc));
        let stamp = d.next_at.clone().unwrap_or_default();
        let delivery = digest_delivery(
            format!("digest:{advisor}:{stamp}"),
            &Actor::person(advisor),
            DigestScope::Mine,
            since,
            now,
        );
        let next = self.next_digest_of(advisor, now).await?;
        self.store
            .plan_digest(advisor, &delivery, Some(next), now)
            .await?;
        Ok(())
    }

    /// A first agreement gives its advisor a digest schedule.
    pub(crate) async fn ensure_digest(&self, advisor: u64) -> Result<(), DeskError> {
        let now = self.clock.now();
        let next = self.next_digest_of(advisor, now).await?;
        self.store.ensure_digest(advisor, next).await?;
        Ok(())
    }

    /// Renders a digest delivery for its reader.
    pub(crate) async fn digest_letter(
        &self,
        reader: u64,
        scope: DigestScope,
        coordinator: bool,
        since: Option<DateTime<Utc>>,
    ) -> Result<Prompt, DeskError> {
        let actor = Actor {
            id: reader,
            coordinator,
            advisor_role: false,
            manager: false,
        };
        self.digest_prompt(&actor, scope, since).await
    }
}

fn digest_delivery(
    key: String,
    reader: &Actor,
    scope: DigestScope,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> NewDelivery {
    NewDelivery {
        key,
        kind: DeliveryKind::Digest,
        recipient: reader.id,
        support: None,
        conversation: None,
        series: None,
        due: now,
        expires: None,
        payload: Payload::Digest {
            scope,
            coordinator: reader.coordinator,
            since,
        }
        .to_json(),
    }
}

/// A digest that could not be built says so, in one line.
pub(crate) fn unavailable() -> Msg {
    Msg::new("digest-unavailable")
}

/// The exchanges of `support` among the digest's notes that `pick` selects.
fn after_notes(
    notes: &[crate::store::AfterNote],
    support: i64,
    pick: impl Fn(&crate::store::AfterNote) -> bool,
) -> Vec<DateTime<Utc>> {
    notes
        .iter()
        .filter(|n| n.support == support && pick(n))
        .filter_map(|n| DateTime::parse_from_rfc3339(&n.exchange_at).ok())
        .map(|t| t.with_timezone(&Utc))
        .collect()
}
