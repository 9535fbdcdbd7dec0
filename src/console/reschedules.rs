//! Proposals survive a restart: when the console starts again on its file, every pending
//! `/reschedule` proposal is shown again to whoever must act on it, with its numbered choices
//! (the console keeps no buttons between runs). Everything goes through the service.

use std::io::Write;

use super::{Console, ConsoleError};

impl<W: Write> Console<'_, W> {
    /// Asks each pending proposal again and prints it.
    pub(super) async fn ask_pending_reschedules(&mut self) -> Result<(), ConsoleError> {
        if self.desk.ask_pending_reschedules_again().await? > 0 {
            self.deliveries().await?;
        }
        Ok(())
    }
}
