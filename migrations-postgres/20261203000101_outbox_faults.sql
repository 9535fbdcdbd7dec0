-- Who a row belongs to, recorded instead of inferred: the bot (`discord`) and a console
-- (`console`) each claim, plan and move only their own audience's rows. Rows written before
-- this column existed are given the audience the old rule inferred: the console's people had
-- ids below 1000, Discord ids are never that small.
ALTER TABLE deliveries ADD COLUMN audience TEXT NOT NULL DEFAULT 'discord'
    CHECK (audience IN ('discord', 'console'));
UPDATE deliveries SET audience = 'console' WHERE recipient_id < 1000;

ALTER TABLE supports ADD COLUMN audience TEXT NOT NULL DEFAULT 'discord'
    CHECK (audience IN ('discord', 'console'));
UPDATE supports SET audience = 'console' WHERE beneficiary_id < 1000;

ALTER TABLE digest_settings ADD COLUMN audience TEXT NOT NULL DEFAULT 'discord'
    CHECK (audience IN ('discord', 'console'));
UPDATE digest_settings SET audience = 'console' WHERE advisor_id < 1000;

-- A claim writes a fresh token; the outcome of a send is recorded only under the token it was
-- claimed with, so a late acknowledgement after another claim took the row changes nothing.
ALTER TABLE deliveries ADD COLUMN claim_token TEXT;

-- An agreement that could not be planned: how many times in a row, and why (a classification,
-- never text). Shown to the operator by `suivi status`; the others are planned meanwhile.
ALTER TABLE agreements ADD COLUMN plan_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN plan_error TEXT;
