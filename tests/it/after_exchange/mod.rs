//! After each agreed exchange, the loop is closed (issue 14, item 6): the advisor is asked
//! once whether it took place, and each of the three answers does what it says; a check-in
//! still waiting when its exchange came is closed as missed and shown in the digest; the
//! reminders after a new closing carry its commitments. Through the service with the test
//! notifier, on Discord (the loopback double) and in the console; both languages; time moved
//! on the controlled clock.

mod console;
mod discord;
mod service;

/// Whether a letter is the question after an exchange (other tests that count what the
/// advisor receives leave it aside: it is tested here).
pub(crate) fn is_after_question(s: &crate::common::Seen) -> bool {
    s.text.contains("A-t-il eu lieu") || s.text.contains("Did it take place?")
}
