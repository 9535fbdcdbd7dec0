//! The console's side of the outbox: letters the scheduler sends are handed to the console
//! loop through a channel, and printed there, as they fall due.

use tokio::sync::mpsc;

use crate::outbox::{Letter, Notifier, Route, SendError, Sending};

/// Hands letters to the console loop.
pub struct ConsoleNotifier {
    tx: mpsc::UnboundedSender<Letter>,
}

impl ConsoleNotifier {
    pub fn new() -> (Self, mpsc::UnboundedReceiver<Letter>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (ConsoleNotifier { tx }, rx)
    }
}

impl Notifier for ConsoleNotifier {
    fn send<'a>(&'a self, letter: &'a Letter) -> Sending<'a> {
        let sent = self.tx.send(letter.clone());
        Box::pin(async move {
            // The loop is gone only when the console is closing: try again next time.
            sent.map(|()| Route::Console)
                .map_err(|_| SendError::Transient { retry_after: None })
        })
    }
}
