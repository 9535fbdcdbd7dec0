# /reschedule: what is accepted is what is kept, told to both sides; a date off the agreed
# rhythm, chosen by whoever proposes it; a replaced proposal, told to its author.

resched-off-rhythm = You propose { $when }: that day is not on the agreed rhythm ({ $rhythm }). Which do you choose? This date once, then the rhythm resumes; or the next day on the rhythm instead, { $next }.
resched-once = This date once, then the rhythm
resched-on-rhythm = Propose { $next } instead
resched-choose-first = Your proposal of { $when } is not sent yet: that day is not on the agreed rhythm ({ $rhythm }). Choose in the message that follows.
resched-change-once = the next exchange on { $when }, once, then { $rhythm } again
resched-ref-date = of { $date }
resched-ref-rhythm = ({ $rhythm })
resched-ref-none = waiting
resched-countered = Your proposal { $old } is replaced by { $by }'s: { $change }. Do you accept?
resched-proposed-again = { $by } replaces their proposal { $old } with a new one: { $change }. Do you accept?
resched-replaced = Your proposal { $old }, not sent yet, is replaced by { $by }'s: { $change }.
resched-sent-counter = Your counter-proposal was sent: { $change }. It replaces { $other }'s proposal { $old }, and they are told. You will be told of the answer.
resched-sent-again = Your new proposal was sent: { $change }. It replaces your proposal { $old }. You will be told of the answer.
resched-accepted = { $by } accepted your proposal. Next exchange: { $next }.
resched-accepted-none = { $by } accepted your proposal. No exchange remains planned.
resched-you-accepted = Accepted. Next exchange: { $next }.
resched-you-accepted-none = Accepted. No exchange remains planned.
resched-declined = { $by } declined your proposal: { $change }. The agreed schedule stays as it was.
resched-you-declined = Declined: { $change }. The agreed schedule stays as it was.
resched-was-replaced = This proposal was replaced by { $by }'s: { $change }.
resched-was-accepted = This proposal was already accepted. Next exchange: { $next }.
resched-was-accepted-none = This proposal was already accepted. No exchange remains planned.
resched-was-declined = This proposal was already declined: the agreed schedule stays as it was.
resched-already-chosen = This choice is made already: your proposal was sent.
resched-still-waiting = A proposed change is still waiting for your answer.
