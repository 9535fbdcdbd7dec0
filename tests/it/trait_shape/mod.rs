//! The shape every conversation shares (`domain::talk`): its questions numbered, and a button
//! of an older question refused, for the check-in as for the closing; options read as typed
//! values by every adapter.

mod stale_checkin;
