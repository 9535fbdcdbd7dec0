//! The console's clock: `/wait` moves it ahead of the real time; the shift is kept with the
//! database (a restart goes on at the same moment) and `/now` shows it.

use std::io::Write;

use chrono::Duration;

use super::{Console, ConsoleError};
use crate::conversation::Desk;

/// Moves a fresh console clock to where the last run left it; returns the shift.
pub(super) async fn restore(desk: &Desk) -> Result<Duration, ConsoleError> {
    let shift = desk.console_clock_shift().await?;
    if shift > Duration::zero() && !desk.shared_clock().advance(shift) {
        // A clock that cannot be moved stays at the real time.
        return Ok(Duration::zero());
    }
    Ok(shift)
}

impl<W: Write> Console<'_, W> {
    /// Adds `by` to the shift and saves it with the database.
    pub(super) async fn moved(&mut self, by: Duration) -> Result<(), ConsoleError> {
        self.shift += by;
        if let Err(e) = self.desk.save_console_clock_shift(self.shift).await {
            return self.error(e).await;
        }
        Ok(())
    }

    /// `/now`: the console's time, and how far it is ahead of the real time.
    pub(super) fn now(&mut self) -> Result<(), ConsoleError> {
        let i18n = self.desk.i18n();
        let when = i18n.when(
            self.lang,
            self.desk.clock().now(),
            self.desk.config().timezone,
        );
        // To the nearest minute: a wait ends on the clock's target, a few milliseconds of real
        // time less.
        let minutes = (self.shift.num_milliseconds() + 30_000) / 60_000;
        let (days, hours, minutes) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
        let text = if self.shift > Duration::zero() {
            i18n.text_with(
                self.lang,
                "console-now-shifted",
                &[
                    ("when", &when),
                    ("days", &days.to_string()),
                    ("hours", &hours.to_string()),
                    ("minutes", &minutes.to_string()),
                ],
            )
        } else {
            i18n.text_with(self.lang, "console-now-real", &[("when", &when)])
        };
        writeln!(self.out, "{text}")?;
        Ok(())
    }
}
