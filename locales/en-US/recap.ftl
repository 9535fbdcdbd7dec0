# The agreement's calendar file (.ics), and the one of "suivi schedule preview".
ics-summary-between = Follow-up exchange: { $advisor } and { $beneficiary }
ics-people = Follow-up exchange between { $advisor } (advisor) and { $beneficiary } (beneficiary).
ics-means = Means of exchange: { $means }.
ics-series-capped = This file holds { $count ->
    [one] the first exchange, on { $last }
   *[other] the first { $count } exchanges, until { $last }
}. The series then goes on at the same rhythm, with no end date: suivi reminds you of each exchange.
ics-preview-summary = Preview: follow-up exchange
ics-preview-description = Preview of a rhythm of exchanges, computed by the suivi schedule preview command; it is not an agreement.

# suivi audit: one sentence a line, in the operator's language, never the content.
ops-audit-by = { $by ->
    [operator] by the operator, from the command line
    [self] at the person's own request
    [retention] automatically, at the end of the retention period
   *[other] by person { $actor }
}
ops-audit-export = { $when } — export of the data of person { $subject }, { $who } ({ $sections } sections).
ops-audit-erase = { $when } — erasure of the data of person { $subject }, { $who }: { $supports ->
    [one] { $supports } support
   *[other] { $supports } supports
}, { $deliveries ->
    [one] { $deliveries } planned delivery removed
   *[other] { $deliveries } planned deliveries removed
}.
ops-audit-purge = { $when } — purge of support #{ $support } of person { $subject }, { $who }.
ops-audit-other = { $when } — { $action }, person { $subject }, { $who } ({ $detail }).

# An export's summary: the relay consent history, as events.
rights-relay-none = no relay choice recorded
rights-relay-events = relay: { $events }
rights-relay-given = accepted { $n ->
    [one] once
   *[other] { $n } times
}
rights-relay-withdrawn = withdrawn { $n ->
    [one] once
   *[other] { $n } times
}
rights-relay-declined = declined { $n ->
    [one] once
   *[other] { $n } times
}

# The console names its two people by their ids, which the operator's commands take.
console-ids = Here the advisor has the id { $advisor } and the beneficiary the id { $beneficiary }: for example, suivi data export --user { $beneficiary } (with the same --db) exports the beneficiary's data.

# suivi schedule preview --now (a hidden option, for tests).
schedule-preview-bad-now = --now takes an RFC 3339 instant, for example 2027-03-01T09:00:00Z.

# The agreement's message, short: the first exchange, the rest in /plan.
closing-agreed-first = First exchange: { $first }.
