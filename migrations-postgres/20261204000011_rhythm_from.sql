-- A first exchange kept off the agreed rhythm: the agreement keeps the typed first exchange in
-- first_exchange_local and where the rhythm starts here (local wall time, same format). NULL:
-- the first exchange is on the rhythm.
ALTER TABLE agreements ADD COLUMN rhythm_from_local TEXT;
