//! The console's follow-up commands: move the clock forward and watch deliveries fall due
//! (`/wait 3d`), write the agreement's calendar file (`/ics FILE`), and the changes people make
//! on Discord with slash commands (`/support pause|resume|end`, `/consent yes|no`,
//! `/timezone ZONE`).

use std::io::Write;

use chrono::Duration;

use super::{who, Console, ConsoleError, BENEFICIARY, GUILD};
use crate::conversation::{Change, DeskError};

/// The longest `/wait` (a year).
const LONGEST_WAIT_DAYS: i64 = 366;

/// Reads "3d", "2 h", "90m", "1w", "3 jours", "2 semaines".
pub(super) fn parse_wait(text: &str) -> Option<Duration> {
    let t = text.trim().to_lowercase();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: i64 = digits.parse().ok()?;
    let unit = t[digits.len()..].trim();
    let d = match unit {
        "m" | "min" | "mn" | "minute" | "minutes" => Duration::minutes(n),
        "h" | "hour" | "hours" | "heure" | "heures" => Duration::hours(n),
        "d" | "j" | "day" | "days" | "jour" | "jours" => Duration::days(n),
        "w" | "s" | "sem" | "week" | "weeks" | "semaine" | "semaines" => Duration::weeks(n),
        _ => return None,
    };
    (n > 0 && d <= Duration::days(LONGEST_WAIT_DAYS)).then_some(d)
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
                    .change_support(GUILD, &who(self.role), None, change)
                    .await;
                self.done(r.map(|_| "console-done")).await?;
                self.deliveries().await?;
            }
            "consent" | "consentement" => {
                let relay = match rest {
                    "yes" | "oui" => true,
                    "no" | "non" => false,
                    _ => return self.say("console-consent-usage").map(|()| true),
                };
                let r = self
                    .desk
                    .set_relay_consent(GUILD, &who(crate::domain::prompt::Role::Beneficiary), relay)
                    .await;
                self.done(r.map(|_| "console-done")).await?;
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
                let actor = crate::domain::access::Actor::person(super::ADVISOR);
                let r = self
                    .desk
                    .digest_prompt(&actor, crate::conversation::DigestScope::Mine, None)
                    .await;
                match r {
                    Ok(p) => {
                        let text = self.desk.i18n().prompt_body(self.lang, &p);
                        writeln!(self.out, "\n{text}")?;
                    }
                    Err(e) => self.error(e).await?,
                }
            }
            "timezone" | "fuseau" => match rest.parse::<chrono_tz::Tz>() {
                Ok(tz) => {
                    let r = self.desk.set_timezone(&who(self.role), tz).await;
                    self.done(r.map(|()| "console-done")).await?;
                }
                Err(_) => self.say("console-timezone-usage")?,
            },
            _ => return Ok(false),
        }
        Ok(true)
    }

    async fn done(&mut self, r: Result<&'static str, DeskError>) -> Result<(), ConsoleError> {
        match r {
            Ok(id) => self.say(id),
            Err(e) => self.error(e).await,
        }
    }

    /// Moves the clock forward, stopping at each delivery that falls due on the way, so they
    /// arrive in order and at their time, as they would for real.
    async fn wait(&mut self, rest: &str) -> Result<(), ConsoleError> {
        let Some(by) = parse_wait(rest) else {
            return self.say("console-wait-usage");
        };
        let clock = self.desk.shared_clock();
        let target = clock.now() + by;
        loop {
            let now = clock.now();
            let next = self.scheduler.next_wake().await.map_err(DeskError::from)?;
            let step = match next {
                Some(at) if at <= target => at - now,
                _ => target - now,
            };
            if step > Duration::zero() && !clock.advance(step) {
                return self.say("console-wait-real-clock");
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
        assert_eq!(parse_wait("3d"), Some(Duration::days(3)));
        assert_eq!(parse_wait("3 jours"), Some(Duration::days(3)));
        assert_eq!(parse_wait("2h"), Some(Duration::hours(2)));
        assert_eq!(parse_wait("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_wait("1w"), Some(Duration::weeks(1)));
        assert_eq!(parse_wait("2 semaines"), Some(Duration::weeks(2)));
        assert_eq!(parse_wait("0d"), None);
        assert_eq!(parse_wait("400d"), None);
        assert_eq!(parse_wait("soon"), None);
        assert_eq!(parse_wait(""), None);
    }
}
