-- A reschedule keeps what was accepted (issue 14, items 2 and 3).
-- The proposal that replaced this one (a counter-proposal, or a newer one by the same side);
-- its author is told when it is replaced.
ALTER TABLE reschedules ADD COLUMN replaced_by INTEGER REFERENCES reschedules(id);
-- 1: the date is accepted once, off the rhythm, which then resumes ("this date once, then the
-- rhythm"); 0: the date (on the rhythm) becomes the rhythm's new anchor.
ALTER TABLE reschedules ADD COLUMN once INTEGER NOT NULL DEFAULT 0;
-- 1: the date proposed is off the rhythm and the proposer has not chosen yet (once, or the next
-- day on the rhythm): the other side is not asked until they do.
ALTER TABLE reschedules ADD COLUMN choosing INTEGER NOT NULL DEFAULT 0;
