# The follow-up between exchanges: reminders, nudges, notices, changes to a support.

desk-prompt-resent = Your message was not recorded: the question it would answer had not reached you. Here it is again; answer it below.
desk-busy = This conversation was being changed somewhere else at the same moment. Nothing was lost: send your answer again.

followup-nudge-intro = A gentle reminder: this question is still waiting for your answer, whenever you are ready.
followup-reminder = Reminder: your next exchange with { $other } is { $lead }, on { $when }.
    Means: { $means }.
    Your commitments: { $mine }
    Their commitments: { $theirs }
followup-lead-days = { $n ->
    [one] tomorrow
   *[other] in { $n } days
}
followup-lead-hours = { $n ->
    [one] in 1 hour
   *[other] in { $n } hours
}
followup-lead-minutes = { $n ->
    [one] in 1 minute
   *[other] in { $n } minutes
}
followup-dm-closed = I cannot send private messages to { $person }, and this server has no fallback channel. Ask them to allow private messages from server members, or set a fallback channel with /setup.
followup-undelivered = A message for { $person } could not be delivered (their direct messages may be closed, or Discord refused it). Please get in touch with them another way.
followup-ended-at-review = { $beneficiary } chose not to continue the support. The recap is recorded; no exchange is planned and no reminder will be sent. The support has ended.
followup-support-paused = { $by } paused the support. No reminder will be sent until it is resumed (/support resume).
followup-support-resumed = { $by } resumed the support. Reminders start again before the next exchange.
followup-support-ended = { $by } ended the support. No more messages will be sent about it.
followup-consent-given = { $by } agreed that you relay information about their project in your networks.
followup-consent-withdrawn = { $by } withdrew their consent: please no longer relay information about their project in your networks.

followup-error-no-support = There is no support between you here. An advisor starts one with /session open.
followup-error-ambiguous = You take part in several supports: name the other person in the command.
followup-error-already = The support is already in that state.
followup-error-no-agreement = There is no agreement yet: the relay consent is given during the closing of a work session.

followup-you-paused = The support is paused. No reminder will be sent until it resumes (/support resume). The other side was told.
followup-you-resumed = The support has resumed: reminders start again before the next exchange. The other side was told.
followup-you-ended = The support has ended: no more messages will be sent about it. The other side was told. To start again, an advisor opens a new work session.
followup-you-consented = Thank you: your advisor may relay information about your project in their networks. You can withdraw this at any moment with /consent.
followup-you-withdrew = Your consent is withdrawn, and recorded with today's date. Your advisor was told.

followup-reschedule-empty = Say what you propose: a new date (when), a new rhythm (rhythm), or both. For example when: "tuesday 2pm".
followup-reschedule-proposed = { $by } proposes a change to your exchanges: { $change }. Do you accept?
followup-reschedule-accept = Accept
followup-reschedule-decline = Decline
followup-reschedule-sent = Your proposal was sent: { $change }. You will be told of the answer.
followup-reschedule-gone = This proposal was already answered or replaced by a newer one.
followup-reschedule-not-yours = Only the other side of the support can answer this proposal.
followup-change-date = the next exchange on { $when }
followup-change-rhythm = exchanges { $rhythm }
followup-change-both = the next exchange on { $when }, then { $rhythm }
followup-plan-next = Next exchange: { $when }.
followup-plan-paused = The support is paused: no reminder until it resumes (/support resume).
desk-invalid = That cannot be used. Check what you typed and try again.

checkin-intro = Time for a quick check-in before your next exchange: { $count ->
    [one] one task
   *[other] { $count } tasks
} to look at, one at a time. It only takes a minute.
checkin-task-status = Task { $index } of { $count }: "{ $task }". Where are you with it?
checkin-blocker = What is in the way of "{ $task }"? Say it in your own words: only your advisor will read it.
checkin-new-task = Is there a task you would like to add, in your own words? (You can skip.)
checkin-thanks = Thank you! Your advisor will see where you stand. Good work until your next exchange.
checkin-blocked-advisor = { $beneficiary } is blocked on "{ $task }". In their words (confidential): { $blocker }
checkin-blocked-advisor-no-detail = { $beneficiary } is blocked on "{ $task }" and did not say more.
checkin-done-advisor = { $beneficiary } answered the check-in: { $done } of { $total } { $total ->
    [one] task
   *[other] tasks
} done{ $blocked ->
    [0] {""}
   *[other] , { $blocked } blocked
}{ $added ->
    [0] {""}
   *[other] , { $added } added
}.
choice-task-done = Done
choice-task-in_progress = In progress
choice-task-not_started = Not started
choice-task-blocked = Blocked

digest-title = Your digest { $mark }: { $count ->
    [one] one beneficiary
   *[other] { $count } beneficiaries
}, most urgent first.
digest-empty = Your digest: you follow no beneficiary yet.
digest-nothing-new = Your digest: nothing new for your { $count ->
    [one] beneficiary
   *[other] { $count } beneficiaries
} { $mark }.
digest-unavailable = Your digest could not be built this time. Ask for it again with /digest now.
digest-not-coordinator = Only members with the coordinator role (set in /setup) see the digests of every advisor.
digest-item = { $name } { $bar }{ $lines }
digest-advisor = Advisor: { $advisor }
digest-paused = ⏸ The support is paused.
digest-blocked = ⚠ Blocked: "{ $task }" — in their words (confidential): { $blocker }
digest-blocked-no-detail = ⚠ Blocked: "{ $task }"
digest-waiting = ⏳ A question has been waiting for an answer since { $since }.
digest-missed = ✉ { $count ->
    [one] 1 message
   *[other] { $count } messages
} could not be delivered or came too late: { $what }.
digest-missed-item = { $kind ->
    [reminder] { $count ->
        [one] an exchange reminder
       *[other] { $count } exchange reminders
    }
    [checkin] { $count ->
        [one] a check-in
       *[other] { $count } check-ins
    }
    [nudge] { $count ->
        [one] a nudge
       *[other] { $count } nudges
    }
    [prompt] { $count ->
        [one] a question of the conversation
       *[other] { $count } questions of the conversation
    }
   *[other] { $count ->
        [one] a message
       *[other] { $count } messages
    }
} { $whom ->
    [advisor] for you
    [beneficiary] for { $name }
   *[unnamed] for your beneficiary
}
digest-mark = { $mark ->
    [start] since the support began
   *[weekly] since the weekly digest of { $since }
}
digest-wants-stop = ✋ Chose not to continue the support.
digest-wants-unsure = ❔ Not sure whether to continue the support.
digest-next = 📅 Next exchange: { $when }.
digest-new-answers = ✎ { $count ->
    [one] 1 new answer
   *[other] { $count } new answers
}.
digest-relay-yes = Relay consent: yes (since { $since }).
digest-relay-no = Relay consent: no (since { $since }).
digest-synthesis = Synthesis to read: { $text }
digest-scheduled = Your digest will come every { $day } at { $time }, { $timezone }; the next one on { $next }.
digest-on-its-way = Your digest is on its way to your direct messages.
digest-purge-soon = 🗑 Without contact by then, this support and what it holds will be erased on { $when } (retention period).
rights-export-summary = { $reader ->
    [operator] Data of person { $user }
   *[person] Your data
}: { $supports ->
    [one] { $supports } support
   *[other] { $supports } supports
} as a beneficiary ({ $answers ->
    [one] { $answers } answer
   *[other] { $answers } answers
}, { $tasks ->
    [one] { $tasks } task
   *[other] { $tasks } tasks
}, { $agreements ->
    [one] { $agreements } agreement
   *[other] { $agreements } agreements
}, { $relay }), { $followed ->
    [one] { $followed } support
   *[other] { $followed } supports
} followed as an advisor. Everything is in the JSON file.
rights-erased-advisor = { $person } ended the support and had their data erased. Nothing of what it held is kept.
