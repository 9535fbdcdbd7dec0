-- "What an advisor can be called on for", one text per language (set with /setup). The older
-- `called_on_for` column stays: a text in any language, used when a language has none.
ALTER TABLE guilds ADD COLUMN called_on_for_fr TEXT;
ALTER TABLE guilds ADD COLUMN called_on_for_en TEXT;

-- Another means of exchange, named by the beneficiary in their own words (the id 'other' in
-- `means` stands for it).
ALTER TABLE agreements ADD COLUMN other_means TEXT;
