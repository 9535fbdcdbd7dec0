//! What the console asks of the service besides inputs: its clock's shift (what `/wait` gave
//! it, saved with the database and given back at the next start) and the answer already given
//! to the question a conversation is back at.

use chrono::Duration;

use super::{Desk, DeskError};

impl Desk {
    /// How far the console's clock was moved ahead of the real time (zero when never).
    pub async fn console_clock_shift(&self) -> Result<Duration, DeskError> {
        let ms = self.store.console_clock_shift_ms().await?;
        Ok(Duration::try_milliseconds(ms).unwrap_or_else(Duration::zero))
    }

    /// Saves how far the console's clock is ahead of the real time.
    pub async fn save_console_clock_shift(&self, shift: Duration) -> Result<(), DeskError> {
        let ms = shift.num_milliseconds().max(0);
        self.store.save_console_clock_shift_ms(ms).await?;
        Ok(())
    }

    /// The answer already given to the question `conversation` is at (after `/back`).
    pub async fn earlier_answer(&self, conversation: i64) -> Result<Option<String>, DeskError> {
        Ok(self.store.answer_at_step(conversation).await?)
    }
}
