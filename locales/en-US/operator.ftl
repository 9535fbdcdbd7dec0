# Operator-facing messages: configuration, checks, the console.

config-problem = { $where }: { $detail }
config-unreadable = cannot read the configuration file ({ $detail }). Check the path given with --config.
config-syntax = this is not valid TOML: { $kind ->
    [duplicate] this key is already given above (a key is given once per section)
    [dotted] this key extends a value that is not a section
    [range] this number is too large
    [unquoted] a text must be written in quotes, for example language = "en"
    [string] a text in quotes is not closed on its line, or holds a backslash (\) not doubled
    [header] a section title is written in square brackets on its own line, for example [digest]
    [inline-table] a table on one line is written in braces, its items separated by commas
    [array] a list is written in square brackets, its items separated by commas, for example ["24h", "1h"]
    [date] this date or time is not written correctly
    [number] this number is not written correctly (digits only, for example 48)
    [key-value] each line must read key = value
    [line-end] the line goes on after its value (a comment starts with #)
   *[other] the line shown is not understood
}. Fix the line shown.
config-unknown-key = unknown key. Did you mean "{ $suggestion }"?
config-wrong-type = wrong kind of value: expected { $expected ->
    [text] text in quotes
    [integer] a whole number
    [number] a number
    [list-of-text] a list of texts, like ["a", "b"]
   *[other] a list of whole numbers, like [123, 456]
}.
config-bad-language = "{ $value }" is not a language suivi speaks. Use "fr" or "en".
config-bad-timezone = "{ $value }" is not an IANA time zone. Use a name like "Europe/Paris" or "America/Montreal".
config-out-of-range = { $value } is out of range. Use a value from { $min } to { $max }.
config-bad-duration = "{ $value }" is not a lead time. Use a number and a unit: "24h", "90m", "2d" (at most 14 days).
config-too-many-leads = { $count } lead times given, at most { $max } are taken. Keep the { $max } that matter most, like ["24h", "1h"].
config-bad-max-early = "{ $value }" is not an accepted advance. Use a duration from "0m" (never early) to "60m", like "10m": it is the most a reminder may go early when a burst would not go out in time at Discord's limit.
config-called-on-for-too-long = this text has { $len } characters, more than { $max }: it is shown in every closing. Shorten it.
config-bad-weekday = "{ $value }" is not a day. Use monday…sunday or lundi…dimanche.
config-bad-time = "{ $value }" is not a time. Use HH:MM on a 24-hour clock, like "09:00".
config-token-in-file = the bot token must never be written in bot.toml. Remove this line, and put the token in DISCORD_TOKEN or in a file named by token_file.
config-unknown-env = this environment variable is not a suivi setting. Check its spelling against bot.toml.
config-missing-called-on-for = the text "what an advisor can be called on for" is missing. Write it in called_on_for.
config-no-token = no bot token. Set the DISCORD_TOKEN environment variable, or name a file holding the token in token_file in bot.toml.
config-token-file-unreadable = cannot read the token file { $path } ({ $detail }). Check the path and that the bot's user can read it.
config-line = line { $line }
config-column = column { $column }

check-ok = Configuration, locales and database are fine.
check-config-ok = Configuration: fine ({ $path }).
check-locales-ok = Locales: { $count } messages in each language.
check-database-ok = Database: { $path }, schema up to date.
check-database-missing = Database: { $path } does not exist yet. `suivi migrate` (or the first `suivi run`) creates it, readable by its owner only.
check-database-pending = Database: { $path }, { $count ->
    [one] one migration
   *[other] { $count } migrations
} to apply. `suivi migrate` applies them (after writing a backup copy), and so does `suivi run` when it starts.
check-failed = { $count ->
    [one] One problem found.
   *[other] { $count } problems found.
}
store-error = Database problem: { $detail }
store-no-directory = Database: the folder { $dir } does not exist, so { $path } cannot be created there. Create the folder first (mkdir -p { $dir }), or choose another path (--db, or database in bot.toml).
cli-unknown-language = --lang { $value }: suivi does not speak this language. Languages: { $languages }.
migrate-done = Database { $path } is up to date ({ $count ->
    [one] { $count } migration
   *[other] { $count } migrations
} applied).

console-welcome = suivi console: the closing conversation in a terminal. You play both sides. Type /help for the commands.
console-help = Commands (type them as shown, at the start of the line):
    /open            open a work session (the beneficiary states their expectations)
    /close           close the work session (add "synthesis" to ask for the synthesis step;
                     "again" to start again while a closing is in progress)
    /role            switch between advisor and beneficiary
                     (/role advisor or /role beneficiary to choose the side)
    /show            show the current question again
    /back            go back to the previous question (your answer then is shown)
    /skip            skip an optional question
    /pause /resume   pause the conversation, resume it
    /commit TEXT     (advisor) enter the advisor's commitments
    /confirm         (advisor) confirm the agreement
    /propose TEXT    (advisor) propose a change
    /plan            show the current agreement
    /reschedule DATE | RHYTHM   propose another date for the next exchange and, after "|",
                     another rhythm if needed (e.g. /reschedule tuesday 2pm)
    /ics [FILE]      write the agreement's calendar file (default suivi.ics)
    /wait 3d         move the clock forward (m, h, d, w, month): reminders and nudges arrive as they fall due
    /now             the console's time (moved by /wait, kept from one start to the next)
    /support pause|resume|end   pause, resume or end the support (as the current side)
    /consent yes|no  (beneficiary) give or withdraw the relay consent
    /digest          (advisor) the digest of where the beneficiary stands
    /timezone CITY   your time zone, e.g. /timezone Dakar or /timezone Europe/Paris
    /help            this help
    /quit            leave (everything is saved; start again to resume)
    Choices: type the option's number or its text (several: "1 3").
    Tasks: one per line then an empty line, or all on one line separated by ";".
console-role = You are now: { $role ->
    [advisor] the advisor
   *[beneficiary] the beneficiary
}.
console-prompt-advisor = advisor>
console-prompt-beneficiary = beneficiary>
console-unknown-command = Unknown command. Type /help.
console-nothing-open = No conversation is waiting. Type /open to open a work session, or /close to close it.
console-not-a-number = Type the number of an option (for example 1), or several separated by spaces, or the options' texts separated by commas.
console-resuming = Resuming the conversation where it stopped.
console-bye = Bye. Everything is saved.
console-no-plan = No agreement yet.
console-for-other-side = (for the { $role ->
    [advisor] advisor
   *[beneficiary] beneficiary
})
run-failed = The bot stopped: { $detail }
console-type-commitments = Type the advisor's commitments on one line:
console-type-proposal = Type the change you propose on one line:
console-calendar-hint = The agreed exchanges can go into your calendar: /ics FILE writes them as a calendar file (suivi.ics by default) to import into Google Calendar, Outlook, Apple Calendar…
console-closing-in-progress = A closing is in progress and not finished yet; nothing was discarded. Type /show to resume it, or /close again (or /open again) to start again: its answers stay readable in /plan.

console-delivery-at = — { $when } —
console-waited = It is now { $when }.
console-wait-usage = Say how long to wait, for example /wait 3d, /wait 2h, /wait 1w or /wait 1month (at most a year).
console-wait-out-of-range = You can wait from 1 minute to { $days } days (a year): for example /wait 3d, /wait 2h or /wait 1w.
console-line-too-long = Line { $line } is longer than { $max } bytes and was not read: shorten it and type it again.
console-line-not-utf8 = Line { $line } is not UTF-8 text and was not read: save the script as UTF-8 and type that line again.
console-wait-real-clock = This clock cannot be moved.
console-ics-written = Calendar written to { $path }: open it with your calendar application.
console-ics-failed = Could not write { $path }: { $detail }
console-support-usage = Say what to do with the support: /support pause, /support resume or /support end.
console-consent-usage = Say whether information may be relayed: /consent yes or /consent no.
console-timezone-usage = Give a city or an IANA time zone, for example /timezone Dakar, /timezone New York or /timezone Europe/Paris.

ops-write-failed = Could not write { $path }: { $detail }. Choose a file that does not exist yet, in a folder you can write to.
ops-erase-needs-yes = Erasing asks for a confirmation on a terminal. In a script, add --yes.
ops-erase-confirm = This erases everything held about user { $user }, for good. Type the user id again to confirm:
ops-erased = Erased what was held about user { $user } ({ $supports ->
    [one] { $supports } support
   *[other] { $supports } supports
}, { $deliveries ->
    [one] { $deliveries } message sent or planned
   *[other] { $deliveries } messages sent or planned
}). Their advisors are told.
ops-bad-since = --since takes a date (2027-01-31) or an RFC 3339 instant.
ops-audit-empty = The audit log is empty.
ops-backup-exists = { $path } already exists: choose a new file name (a backup never overwrites).
ops-backup-done = Backup written to { $path } in { $ms } ms (mode 0600). To restore: stop suivi, replace the database file with this copy (remove the -wal and -shm files beside it), then start suivi.
ops-unhealthy = Unhealthy: { $count ->
    [one] { $count } delivery has
   *[other] { $count } deliveries have
} been due for more than 5 minutes (is suivi running?).
ops-status = suivi { $version }
    database: { $path } ({ $kib } KiB)
    supports active: { $supports }; conversations in progress: { $conversations }
    deliveries planned: { $planned }; late: { $late }; failed: { $failed }
    last gateway event: { $gateway }
config-api-base-not-loopback = "{ $value }" is not a loopback address. api_base is for tests against a local Discord only (http://127.0.0.1:PORT); the bot token is sent there. Remove it in production.
config-token-file-open = The token file { $path } can be read by other users. Make it readable by the bot's user only: chmod 600 { $path }

# The edges: the database file, backups, schema versions, a full disk.
store-no-path = Database: no file is named (database = ""). Set database in bot.toml, or SUIVI_DATABASE, to the SQLite file's path, like "/var/lib/suivi/suivi.db".
store-not-writable = Database: { $path } cannot be written ({ $detail }). Give it to the bot's user with mode 0600 (chown, then chmod 600 { $path }).
store-folder-not-writable = Database: files cannot be created in the folder { $dir } ({ $detail }); SQLite writes its -wal and -shm files there. Let the bot's user write in that folder.
store-damaged = Database: { $path } is damaged ({ $detail }). Stop suivi and restore the latest backup (README, "Backup and restore").
store-newer = Database: { $path } was written by a newer suivi (schema { $theirs }; this suivi { $version } knows up to { $ours }). Run the newer suivi, or restore a backup taken before the upgrade.
store-migration-failed = Database: migrating { $path } failed at migration { $migration } ({ $detail }). Nothing was changed in the file and no further backup is written. Keep the backup copy beside it (.backup-….db), report this message, then restore that copy or fix the cause before starting suivi again.
store-needs-migration = Database: { $path } has { $count ->
    [one] one migration
   *[other] { $count } migrations
} to apply, and this command does not change the file. Run `suivi migrate` (or start suivi), then try again.
store-full-database = Database: { $path } is full (no space left on its disk, or its size limit reached). Nothing already saved is lost. Free space on that disk: writes resume by themselves.
store-full-journal = Database: the disk holding the write-ahead log { $path } is full. Nothing already saved is lost. Free space on that disk: writes resume by themselves.
store-full-backup = Backup: no space left for { $path }; the partial copy was removed. Choose a folder with more space.
ops-backup-no-folder = Backup: the folder { $dir } does not exist, so { $path } cannot be written there. Create it first (mkdir -p { $dir }), or choose another path.
ops-backup-failed = Backup to { $path } failed: { $detail }. The partial copy was removed; the database was not changed.
ops-backup-interrupted = Backup to { $path } interrupted: the partial copy was removed.
ops-erase-nobody = Nothing is held about user { $user }: nothing was erased and nobody was told. Check the id (a Discord user id).
console-bye-unsaved = Bye. Your last input could not be saved: start the console again and type it again. Everything before it is saved.
console-ics-exists = { $path } already exists: give another file name (/ics FILE). A calendar file never replaces another file.
config-token-file-empty = the token file { $path } is empty. Put the bot token in it, on one line.
config-token-file-lines = the token file { $path } holds more than one line. Keep only the token, on one line.
config-token-file-control = the token file { $path } holds control characters (a carriage return, a tab…). Write only the token, on one line.
config-empty-database = no database file is named. Give the SQLite file's path, like "suivi.db" or "/var/lib/suivi/suivi.db".
ops-status-unplannable = { $count ->
    [one] { $count } agreement could not be planned
   *[other] { $count } agreements could not be planned
    } (ids { $ids }): no reminder goes out for them. Look in the log for these ids, then have the advisor set the rhythm again with /reschedule.

# suivi migrate --to postgres://…: moving an installation to PostgreSQL.
migrate-to-start = Copying { $path } into { $target }, from one consistent snapshot (the bot may keep running; what it writes after the snapshot is not copied).
migrate-to-head-table = table
migrate-to-head-rows = rows
migrate-to-head-checksum = checksum (SHA-256)
migrate-to-same = ok
migrate-to-differs = DIFFERS
migrate-to-done = { $tables } tables, { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} copied into { $target }: row counts and checksums are the same on both sides.
migrate-to-mismatch = The copy differs from { $path } in { $count ->
    [one] one table
   *[other] { $count } tables
}: the PostgreSQL transaction was rolled back and { $target } keeps none of it. Report it with this output.
migrate-to-not-postgres = --to { $url }: not a PostgreSQL URL. Write postgres://user@host/database, with the password in PGPASSWORD or ~/.pgpass rather than on the command line.
migrate-to-source-missing = Nothing to copy: the database { $path } does not exist (--db, or database in bot.toml).
migrate-to-source-server = The database is already on PostgreSQL ({ $source }): --to copies a SQLite file (--db FILE). To copy between servers, use pg_dump and pg_restore.
migrate-to-source-failed = Cannot read the database { $path }: { $detail }
migrate-to-source-pending = The database { $path } has { $count ->
    [one] one migration
   *[other] { $count } migrations
} to apply: run suivi migrate first, then copy it.
migrate-to-source-newer = The database { $path } was written by a newer suivi (migration { $version }): copy it with that version.
migrate-to-connect = Cannot reach { $target }: { $detail }. Check the URL, that the server runs and that the database exists (createdb).
migrate-to-not-empty = { $target } already holds rows: { $tables }. suivi copies only into an empty database: create a new one (createdb) or empty this one.
migrate-to-migrate-failed = Cannot create suivi's tables in { $target }: { $detail }
migrate-to-schema-differs = The PostgreSQL tables of { $target } differ from the SQLite ones, nothing was copied: { $detail }
migrate-to-bad-value = The table { $table }, column { $column }, holds a value of an unexpected type; nothing was copied ({ $detail }).
migrate-to-failed = The copy failed and { $target } keeps none of it: { $detail }
