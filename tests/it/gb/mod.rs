//! Times the way each reader writes them (issue 14, item 7): a British reader (`en-GB`) reads
//! 24-hour, day-first dates ("Tuesday 1 December 2026 at 10:00, Paris time") wherever a date
//! reaches them, on Discord and in the console; an American reader (`en-US`) keeps "Tuesday,
//! December 1, 2026 at 10:00 AM"; zones are named by their city, and no message nests
//! parentheses.

mod console;
mod discord;
mod render;
