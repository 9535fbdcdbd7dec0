# Typed rhythms of exchanges: cadences, their ends, and what is wrong with a phrase.

## A rhythm, as the recap shows it. $rank is first, second, third, fourth or last.

cadence-date = { $style ->
    [gb] { $day } { $month } { $year }
   *[other] { $month } { $day }, { $year }
}
cadence-month-weekday = the { $rank ->
    [first] first
    [second] second
    [third] third
    [fourth] fourth
   *[last] last
} { $weekday } of { $every ->
    [one] every month
   *[other] every { $every } months
}
cadence-until = { $cadence } until { $date }
cadence-count = { $cadence }, { $count ->
    [one] a single exchange
   *[other] { $count } exchanges in all
}
cadence-for-days = { $cadence } for { $count ->
    [one] one day
   *[other] { $count } days
}
cadence-for-weeks = { $cadence } for { $count ->
    [one] one week
   *[other] { $count } weeks
}
cadence-for-months = { $cadence } for { $count ->
    [one] one month
   *[other] { $count } months
}

## A rhythm understood but refused: say what to change, with an example.

when-error-interval-zero = An interval of 0 gives no rhythm. Give at least 1, for example "every week" or "every 2 weeks".
when-error-days-range = Every { $every } days is more than I can plan: give between 1 and { $max } days, for example "every 10 days".
when-error-weeks-range = Every { $every } weeks is more than I can plan: give between 1 and { $max } weeks, for example "every 3 weeks".
when-error-months-range = Every { $every } months is more than I can plan: give between 1 and { $max } months, for example "every 2 months" or "the first Monday of every 3 months".
when-error-nth-weekday = A month has only four or five of each weekday, so number { $nth } does not come back every month. Choose first, second, third, fourth or last, for example "the last Tuesday of every month".
when-error-count-zero = A series needs at least one exchange. Say how many, for example "every month for 6 sessions".
when-error-count-too-high = { $count } exchanges is more than I can plan: give at most { $max }, for example "every week for 12 sessions", or no end at all.
when-error-span-zero = A duration of 0 leaves no exchange. Say how long, for example "every week for 3 months".
when-error-span-too-long = That is longer than I can plan: a rhythm can run for at most { $max } months. Give a shorter duration, for example "for 6 months", or no end at all.
when-error-end-before-first = The rhythm would end on { $end }, before the first exchange on { $first }: there would be no exchange at all. Choose an end after the first exchange, or a number of sessions, for example "every 2 weeks for 6 sessions".
when-error-end-in-past = The end date, { $end }, has already passed. Choose a date ahead, for example "every 2 weeks until June 30", or a number of sessions: "for 6 sessions".
when-error-end-too-far = The end date, { $end }, is more than { $max } months ahead. Choose an earlier one, for example "until June 30", or leave the rhythm without end.
when-error-end-invalid-date = That end date does not exist (for example June 31). Check it, for example "every 2 weeks until June 30".
when-error-end-unrecognised = I understood the rhythm but not when it ends. Try for example "until June 30", "for 6 sessions" or "for 3 months", or leave the rhythm without end.

## suivi schedule preview (standard error only).

schedule-preview-problem = { $option }: { $detail }
schedule-preview-unknown-zone = --tz: "{ $zone }" is not a time zone I know. Give an IANA name, for example --tz Europe/Paris or --tz America/New_York.
schedule-preview-count = --count: say how many exchanges to show, between 1 and { $max }, for example --count 10.
schedule-preview-too-late = --at, --count: exchanges after the year { $year } cannot be written as dates. Choose an earlier --at or a smaller --count.
schedule-preview-ics-failed = Could not write the calendar file { $path }: { $detail }. Check that the folder exists and can be written to.
schedule-preview-ics-exists = The calendar file { $path } already exists: choose another file, or add --force to replace it.
