//! `/reschedule` keeps what was accepted (issue 14, items 2 and 3): the date accepted is the
//! date stored and shown to both sides, each in their zone; a counter-proposal is named as
//! such to both; a decline names what was declined; a date off the rhythm is said so, with a
//! choice; old buttons say what happened; the console asks pending proposals again after a
//! restart. On the Discord double and on the console, in French and English.

mod console;
mod discord;
