# After each agreed exchange: the advisor is asked whether it took place (issue 14, item 6).

after-question = Your exchange with { $beneficiary } was planned on { $when }. Did it take place? If it did, close this work session: review it, plan what comes next and restate each side's commitments.
after-choice-held = Yes — close it now
after-choice-moved = It was moved
after-choice-not-held = It did not take place
after-held-started = The closing of the work session with { $beneficiary } begins: their questions are sent to them by direct message (the next step, the tasks, the means, the next exchanges, each side's commitments). You will be asked for yours.
after-held-resumed = A closing with { $beneficiary } was already in progress: the question they are at is sent to them again.
after-moved-how = Give the new date of the exchange: it will be proposed to { $beneficiary }, who will accept or decline it.
after-moved-console = Propose the new date with "/reschedule" followed by the date, for example "/reschedule tuesday 2pm".
after-not-held-recorded = Noted: the exchange with { $beneficiary } planned on { $when } did not take place. It will show in your digest.
after-already = You already answered for the exchange planned on { $when }: "{ $answer }". This click was not taken into account.
after-gone = This exchange is no longer followed: nothing was recorded.
after-not-yours = Only the advisor of this support can answer this question.
after-support-over = This support is paused or ended: nothing was recorded.
after-modal-title = New date of the exchange
after-modal-label = When? (for example "tuesday 2pm")
digest-after-not-held = ✗ Exchange of { $when }: it did not take place.
digest-after-checkin-missed = ✗ Check-in unanswered before the exchange of { $when }.
