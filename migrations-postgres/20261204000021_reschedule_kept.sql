-- A reschedule keeps what was accepted (issue 14, items 2 and 3).
-- The proposal that replaced this one (a counter-proposal, or a newer one by the same side).
ALTER TABLE reschedules ADD COLUMN replaced_by BIGINT REFERENCES reschedules(id);
-- 1: the date is accepted once, off the rhythm, which then resumes; 0: the date (on the
-- rhythm) becomes the rhythm's new anchor.
ALTER TABLE reschedules ADD COLUMN once BIGINT NOT NULL DEFAULT 0;
-- 1: the date proposed is off the rhythm and the proposer has not chosen yet: the other side
-- is not asked until they do.
ALTER TABLE reschedules ADD COLUMN choosing BIGINT NOT NULL DEFAULT 0;
