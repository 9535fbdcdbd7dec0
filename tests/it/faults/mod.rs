//! Faults, one file each: what goes wrong in real life must never turn into silence. Each runs
//! the real service and dispatcher on a real SQLite file, with a clock the test moves.

mod console_clock;
pub(crate) mod corrupt_agreement;
mod late_ack;
mod outage;
