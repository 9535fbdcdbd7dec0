//! The console's follow-up commands: move the clock forward and watch deliveries fall due
//! (`/wait 3d`), write the agreement's calendar file (`/ics FILE`), and the changes people make
//! on Discord with slash commands (`/support pause|resume|end`, `/consent yes|no`,
//! `/timezone ZONE`).

use std::io::Write;

use chrono::{DateTime, Duration, Months, Utc};
use chrono_tz::Tz;

use super::{who, Console, ConsoleError, BENEFICIARY, GUILD};
use crate::conversation::{Change, DeskError};

/// The longest `/wait` (a year).
const LONGEST_WAIT_DAYS: i64 = 366;

/// Why a `/wait` was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WaitError {
    /// Not a duration ("soon", "3 lightyears"): the usage is shown.
    Unreadable,
    /// A duration, but none or more than [`LONGEST_WAIT_DAYS`]: the allowed range is shown.
    OutOfRange,
}

/// Reads "3d", "2 h", "90m", "1w", "3 jours", "2 semaines". The number is checked against the
/// allowed range before any arithmetic, so no typed number can overflow a date.
pub(super) fn parse_wait(text: &str) -> Result<Duration, WaitError> {
    let t = text.trim().to_lowercase();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(WaitError::Unreadable);
    }
    let minutes_per_unit: i64 = match t[digits.len()..].trim() {
        "m" | "min" | "mn" | "minute" | "minutes" => 1,
        "h" | "hour" | "hours" | "heure" | "heures" => 60,
        "d" | "j" | "day" | "days" | "jour" | "jours" => 24 * 60,
        "w" | "s" | "sem" | "week" | "weeks" | "semaine" | "semaines" => 7 * 24 * 60,
        _ => return Err(WaitError::Unreadable),
    };
    // More digits than an i64 holds is out of range too, not unreadable.
    let n: i64 = digits.parse().map_err(|_| WaitError::OutOfRange)?;
    let longest = LONGEST_WAIT_DAYS * 24 * 60;
    match n.checked_mul(minutes_per_unit) {
        Some(m) if (1..=longest).contains(&m) => {
            Duration::try_minutes(m).ok_or(WaitError::OutOfRange)
        }
        _ => Err(WaitError::OutOfRange),
    }
}

/// Reads a wait as [`parse_wait`] does, and also calendar months ("1month", "2 mois", "1mo"):
/// the same day of the month that many months after `now` in `tz` (at most 12).
pub(super) fn parse_wait_from(
    text: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Duration, WaitError> {
    let t = text.trim().to_lowercase();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !matches!(t[digits.len()..].trim(), "mo" | "month" | "months" | "mois") {
        return parse_wait(text);
    }
    let n: u32 = digits.parse().map_err(|_| match digits.is_empty() {
        true => WaitError::Unreadable,
        false => WaitError::OutOfRange,
    })?;
    if !(1..=12).contains(&n) {
        return Err(WaitError::OutOfRange);
    }
    let target = now
        .with_timezone(&tz)
        .checked_add_months(Months::new(n))
        .ok_or(WaitError::OutOfRange)?;
    Ok(target.with_timezone(&Utc) - now)
}

impl<W: Write> Console<'_, W> {
    /// `true` when `name` was one of these commands.
    pub(super) async fn follow_up_command(
        &mut self,
        name: &str,
        rest: &str,
    ) -> Result<bool, ConsoleError> {
        match name {
            "wait" | "attendre" => self.wait(rest).await?,
            "ics" => self.ics(rest).await?,
            "support" | "appui" => {
                let change = match rest {
                    "pause" => Change::Pause,
                    "resume" | "reprendre" => Change::Resume,
                    "end" | "fin" | "terminer" => Change::End,
                    _ => return self.say("console-support-usage").map(|()| true),
                };
                let r = self
                    .desk
                    .support_said(GUILD, &who(self.role), None, change)
                    .await;
                self.said(r).await?;
                self.deliveries().await?;
            }
            "consent" | "consentement" => {
                let relay = match rest {
                    "yes" | "oui" => true,
                    "no" | "non" => false,
                    _ => return self.say("console-consent-usage").map(|()| true),
                };
                // The consent is the beneficiary's: typed as the advisor, it is shown, not changed.
                let r = self
                    .desk
                    .relay_consent_said(GUILD, &who(self.role), relay)
                    .await;
                self.said(r).await?;
                self.deliveries().await?;
            }
            "reschedule" | "replanifier" => {
                // "/reschedule DATE | RHYTHM": either part may be empty.
                let (when, rhythm) = rest.split_once('|').unwrap_or((rest, ""));
                let r = self
                    .desk
                    .propose_reschedule(GUILD, &who(self.role), None, Some(when), Some(rhythm))
                    .await;
                match r {
                    Ok(msg) => {
                        let text = self.desk.i18n().msg(self.lang, &msg);
                        writeln!(self.out, "{text}")?;
                        self.deliveries().await?;
                    }
                    Err(e) => self.error(e).await?,
                }
            }
            "digest" | "resume" | "résumé" => {
                // Always the console's advisor's (only an advisor has one), whichever role
                // is played, as `/open` is.
                let advisor = crate::domain::access::Facts::person(super::ADVISOR);
                let r = self.desk.own_digest(&advisor).await;
                match r {
                    Ok(p) => {
                        let text = self.desk.i18n().prompt_body(self.lang, &p);
                        writeln!(self.out, "\n{text}")?;
                    }
                    Err(e) => self.error(e).await?,
                }
            }
            "timezone" | "fuseau" => match crate::domain::when::zone_named(rest) {
                Some(tz) => {
                    let r = self.desk.timezone_said(&who(self.role), tz).await;
                    self.said(r).await?;
                }
                None => self.say("console-timezone-usage")?,
            },
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// What is now set, or why not.
    async fn said(
        &mut self,
        r: Result<crate::domain::prompt::Msg, DeskError>,
    ) -> Result<(), ConsoleError> {
        match r {
            Ok(msg) => {
                let text = self.desk.i18n().msg(self.lang, &msg);
                writeln!(self.out, "{text}")?;
                Ok(())
            }
            Err(e) => self.error(e).await,
        }
    }

    /// Moves the clock forward, stopping at each delivery that falls due on the way, so they
    /// arrive in order and at their time, as they would for real.
    async fn wait(&mut self, rest: &str) -> Result<(), ConsoleError> {
        let clock = self.desk.shared_clock();
        let by = match parse_wait_from(rest, clock.now(), self.desk.config().timezone) {
            Ok(by) => by,
            Err(WaitError::Unreadable) => return self.say("console-wait-usage"),
            Err(WaitError::OutOfRange) => return self.wait_out_of_range(),
        };
        let Some(target) = clock.now().checked_add_signed(by) else {
            return self.wait_out_of_range();
        };
        loop {
            let now = clock.now();
            let next = self.scheduler.next_wake().await.map_err(DeskError::from)?;
            let step = match next {
                Some(at) if at <= target => at - now,
                _ => target - now,
            };
            if step > Duration::zero() {
                if !clock.advance(step) {
                    return self.say("console-wait-real-clock");
                }
                self.moved(step).await?;
            }
            self.deliveries().await?;
            if clock.now() >= target {
                break;
            }
        }
        let when = self
            .desk
            .i18n()
            .when(self.lang, clock.now(), self.desk.config().timezone);
        let text = self
            .desk
            .i18n()
            .text_with(self.lang, "console-waited", &[("when", &when)]);
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    fn wait_out_of_range(&mut self) -> Result<(), ConsoleError> {
        let text = self.desk.i18n().text_with(
            self.lang,
            "console-wait-out-of-range",
            &[("days", &LONGEST_WAIT_DAYS.to_string())],
        );
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    /// Writes the calendar file of the current agreement.
    async fn ics(&mut self, rest: &str) -> Result<(), ConsoleError> {
        let path = if rest.is_empty() { "suivi.ics" } else { rest };
        let Some(cal) = self.desk.calendar_of(BENEFICIARY, GUILD).await? else {
            return self.say("console-no-plan");
        };
        let text = cal.ics(self.desk.i18n(), self.lang);
        // Never over an existing file: refused, and said.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if written
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::AlreadyExists)
        {
            let msg =
                self.desk
                    .i18n()
                    .text_with(self.lang, "console-ics-exists", &[("path", path)]);
            writeln!(self.out, "{msg}")?;
            return Ok(());
        }
        match written {
            Ok(()) => {
                let msg =
                    self.desk
                        .i18n()
                        .text_with(self.lang, "console-ics-written", &[("path", path)]);
                writeln!(self.out, "{msg}")?;
                Ok(())
            }
            Err(e) => {
                let msg = self.desk.i18n().text_with(
                    self.lang,
                    "console-ics-failed",
                    &[("path", path), ("detail", &e.to_string())],
                );
                writeln!(self.out, "{msg}")?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_people_type_them() {
        assert_eq!(parse_wait("3d"), Ok(Duration::days(3)));
        assert_eq!(parse_wait("3 jours"), Ok(Duration::days(3)));
        assert_eq!(parse_wait("2h"), Ok(Duration::hours(2)));
        assert_eq!(parse_wait("90m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_wait("1w"), Ok(Duration::weeks(1)));
        assert_eq!(parse_wait("2 semaines"), Ok(Duration::weeks(2)));
        assert_eq!(parse_wait("366 jours"), Ok(Duration::days(366)));
        assert_eq!(parse_wait("0d"), Err(WaitError::OutOfRange));
        assert_eq!(parse_wait("400d"), Err(WaitError::OutOfRange));
        // Calendar months, from "now" in the zone: 3 December to 3 January, 3 February…
        let now: DateTime<Utc> = "2026-12-03T18:00:00Z".parse().unwrap();
        let paris = chrono_tz::Europe::Paris;
        for typed in ["1month", "1 month", "1mois", "1 mois", "1mo"] {
            assert_eq!(
                parse_wait_from(typed, now, paris),
                Ok(Duration::days(31)),
                "{typed}"
            );
        }
        assert_eq!(
            parse_wait_from("2 months", now, paris),
            Ok(Duration::days(62))
        );
        assert_eq!(parse_wait_from("3d", now, paris), Ok(Duration::days(3)));
        assert_eq!(
            parse_wait_from("0 mois", now, paris),
            Err(WaitError::OutOfRange)
        );
        assert_eq!(
            parse_wait_from("13 months", now, paris),
            Err(WaitError::OutOfRange)
        );
        assert_eq!(
            parse_wait_from("month", now, paris),
            Err(WaitError::Unreadable)
        );
        assert_eq!(parse_wait("soon"), Err(WaitError::Unreadable));
        assert_eq!(parse_wait(""), Err(WaitError::Unreadable));
        assert_eq!(parse_wait("-3d"), Err(WaitError::Unreadable));
    }

    #[test]
    fn huge_waits_are_out_of_range_not_a_panic() {
        for typed in [
            "99999999999999w",
            "9223372036854775807m",
            "9223372036854775808w",
            "99999999999999999999999999999999d",
            "15250284452w",
            "1537228672809129301h",
        ] {
            assert_eq!(parse_wait(typed), Err(WaitError::OutOfRange), "{typed}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_wait_is_read_or_refused(n in proptest::prelude::any::<u64>(), unit in "[a-z ]{0,9}") {
            if let Ok(d) = parse_wait(&format!("{n}{unit}")) {
                proptest::prop_assert!(d > Duration::zero());
                proptest::prop_assert!(d <= Duration::days(LONGEST_WAIT_DAYS));
            }
        }
    }
}
