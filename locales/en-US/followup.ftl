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
followup-ended-at-review = { $beneficiary } chose not to continue the support. The recap is recorded; no exchange is planned and no reminder will be sent. The support is ended.
followup-support-paused = { $by } paused the support. No reminder will be sent until it is resumed (/support resume).
followup-support-resumed = { $by } resumed the support. Reminders start again before the next exchange.
followup-support-ended = { $by } ended the support. No more messages will be sent about it.
followup-consent-given = { $by } agreed that you relay information about their project in your networks.
followup-consent-withdrawn = { $by } withdrew their consent: please no longer relay information about their project in your networks.

followup-error-no-support = There is no support between you here. An advisor starts one with /session open.
followup-error-ambiguous = You take part in several supports: name the other person in the command.
followup-error-already = The support is already in that state.
followup-error-no-agreement = There is no agreement yet: the relay consent is given during the closing of a work session.
