# Opening and closing a work session (the guide, p. 33: "Clore un temps de travail").

opening-expectations = Hello! A work session is starting with your support advisor. In your own words, what do you expect from this session?
opening-thanks = Thank you, your expectations are noted. We will come back to them together at the end of the session.
opening-advisor-told = The beneficiary has stated their expectations for the session.

closing-review-intro = Let's review this work session. At its start, you expected: "{ $expectations }"
closing-review-intro-none = Let's review this work session.
closing-review-match = Did what the session brought match your expectations?
closing-review-questions = Do you have questions or needs left? Write them in your own words (or skip this step).
closing-review-continue = Would you like the support to continue?
closing-next-step = In your own words, what is the next step of your cooperation project, to work on after the one covered in this session?
closing-tasks = Which tasks will you carry out? Write one task per line (or separate them with ";").
closing-means = What means and resources do you need?
closing-future-needs = Do you already see needs coming up? Write them in your own words (or skip this step).
closing-called-on-for = As a reminder, here is what your support advisor can be called on for:
    { $text }
closing-relay = May your advisor relay information about your project in their networks? You can change your mind at any time.
closing-frequency = Let's set the next exchanges together. How often would you like to talk?
closing-custom-frequency = What rhythm suits you? For example "every 3 weeks" or "every 10 days".
closing-first-exchange = When is the next exchange? Give the date and time, in { $zone }, for example { $style ->
    [gb] "tuesday 10:00" or "3 December 14:30".
   *[other] "tuesday 10am" or "December 3 2:30pm".
}
closing-exchange-means = How would you like to talk? You can choose several.
closing-other-means = Which other means would you like to use to talk? Name it in your own words.
closing-commitments = To restate each side's commitments: in your own words, what do you commit to before the next exchange?
closing-synthesis = To check we understood each other, could you briefly summarise, in your own words, the method points we covered?
closing-recap-confirm = Does this recap suit you?
closing-edit-which = What would you like to change?

closing-waiting-advisor = Your advisor is reading the recap. You will receive the agreement as soon as they confirm it.
closing-paused = Paused. Nothing is lost: come back whenever you like, your next message picks up where you left off.
closing-resumed = Let's pick up where you left off.
closing-cannot-skip = This step matters for what comes next: it cannot be skipped.
closing-nothing-before = This is the first question: there is nothing before it.
closing-choose-an-option = Please choose one of the options offered.
closing-choose-at-least-one = Please choose at least one way to talk.
closing-type-an-answer = Please write your answer in a message.
closing-sent-to-advisor = Thank you! The recap is sent to your advisor for confirmation.
closing-synthesis-alert = The beneficiary wrote their synthesis of the method points. Read it: it is where misunderstandings show.
    "{ $text }"
closing-advisor-intro = The beneficiary confirmed the end-of-session recap. Please read it:
closing-advisor-review = Do you confirm this agreement? You can also propose a change: the beneficiary will decide.
closing-advisor-commitments-needed = Your own commitments are still missing: enter them with the button below. { $beneficiary } will then confirm the recap with them.
closing-advisor-commitments-saved = Your commitments are saved: they will be in the recap { $beneficiary } confirms.
closing-advisor-commitments-unchanged = Your commitments are unchanged.
closing-advisor-invite = { $beneficiary } has reached the commitments step of the closing. Enter your own commitments now: they will be in the recap { $beneficiary } confirms.
closing-advisor-awaited = { $beneficiary } has finished the closing and is waiting for your commitments to confirm the recap. Enter them now:
closing-advisor-commitments-sent = Your commitments are saved, and the complete recap is sent to { $beneficiary } to confirm. You will then receive it to confirm in turn.
closing-advisor-commitments-reconfirm = Your commitments are saved. { $beneficiary } had confirmed the recap before this change, so they are asked to confirm it again; you will then receive it.
closing-recap-waiting-advisor = Your advisor has not entered their own commitments yet. As soon as they do, you will receive the complete recap to confirm. Until then you can still change your answers.
closing-confirm-needs-advisor = You can confirm as soon as your advisor's commitments are in the recap.
closing-advisor-commitments-added = Your advisor has entered their commitments: here is the complete recap.
closing-advisor-commitments-changed = Your advisor has changed their commitments. Please read the recap again and confirm it.
closing-advisor-proposed = Your advisor proposes a change: "{ $proposal }". The choice stays yours: change what you wish, then confirm.
closing-proposal-sent = Your proposal is sent to the beneficiary, who will decide.
closing-agreed = Agreed! The end-of-session agreement is saved: read it again at any time with /plan. Good luck with the work until the next exchange.

closing-error-not-participant = This conversation is not yours.
closing-error-advisor-cannot-answer = Only the beneficiary can answer these questions, in their own words. You can enter your commitments, confirm, or propose a change.
closing-error-advisor-only = Only the advisor can do this.
closing-error-not-ready = The beneficiary has not confirmed the recap yet.
closing-error-finished = This closing is over: the agreement is saved.

recap-title = End-of-session recap
# $match, $continue and $relay: the choice's id (yes, partly, no, not_sure), or none.
recap-review = { $match ->
    [yes] The expectations stated at the start of the session were met
    [partly] The expectations stated at the start of the session were partly met
    [no] The expectations stated at the start of the session were not met
   *[none] The expectations have not been reviewed yet
}{ $continue ->
    [yes] , and the support continues.
    [no] , and the support ends here, as chosen.
    [not_sure] , and whether the support continues is still to be decided.
   *[none] .
}
recap-questions = Questions and needs left: { $text }
recap-next-step = Next step: { $text }
recap-tasks = { $count ->
    [one] Task:{ $tasks }
   *[other] Tasks ({ $count }):{ $tasks }
}
recap-means = Means and resources: { $text }
recap-future-needs = Future needs: { $text }
recap-relay = { $relay ->
    [yes] Information about the project may be relayed in the advisor's networks.
    [no] Information about the project is not to be relayed for now.
   *[none] Whether to relay information about the project is not decided yet.
}
recap-exchanges = The next exchanges take place { $cadence }, from { $first }. Means: { $means }.
recap-commitments = The beneficiary's commitments: { $text }
recap-advisor-commitments = The advisor's commitments: { $text }
recap-advisor-commitments-pending = The advisor's commitments are still to be entered.
recap-synthesis = Synthesis: { $text }

recap-label-review_match = Whether your expectations were met
recap-label-review_questions = Questions and needs left
recap-label-review_continue = Whether to continue the support
recap-label-next_step = The next step
recap-label-tasks = The tasks
recap-label-means = The means and resources
recap-label-future_needs = Future needs
recap-label-relay = Relaying information
recap-label-frequency = How often we talk
recap-label-first_exchange = The date of the next exchange
recap-label-exchange_means = How we talk
recap-label-commitments = Your commitments
recap-label-synthesis = The synthesis

desk-no-conversation = No conversation is waiting for you right now. Your advisor starts one at the end of a work session.
desk-store-error = Something went wrong while saving. Nothing you already answered is lost: please send your answer again in a moment.
desk-storage-full = Your answer could not be saved: the bot has no storage space left. Nothing you already answered is lost, and the people running the bot are told. Send your answer again later.
desk-question-answered = This question was already answered, so that click was not taken into account. The question you are at now is sent to you again.
desk-answer-moved = Your message arrived after its question had changed: it was not recorded, so that it does not answer another question. Here is the question you are at now; answer it below.
desk-conversation-replaced = This conversation was replaced or ended: your answer was not recorded. If a new conversation is waiting for you, its question is in your messages; otherwise your advisor will start one.
opening-error-finished = Your expectations were already recorded, so this answer was not added. Nothing more is needed here: your advisor will go over them with you at the end of the session.
checkin-error-finished = This check-in is over: your answers are saved and this one was not added. Your advisor will see where you stand.
closing-advisor-waiting-beneficiary = The beneficiary has not finished the closing yet. You will receive the recap to confirm as soon as they confirm it.

ics-summary = Next follow-up exchange
ics-description = Exchange agreed at the end of a work session (suivi). Read the agreement again at any time with /plan.
closing-agreed-ending = Confirmed: the end-of-session recap is saved (read it again with /plan). As you chose, the support ends here: no exchange is planned. Thank you for the work done together, and good luck with your project.
closing-exchanges-needed = You now want the support to continue: let us set the next exchanges together.

# A second /session while a closing is in progress, and /plan of closings not finished.
desk-closing-in-progress = A closing with this beneficiary is in progress and not finished yet. Nothing was discarded: resume it, or start again (its answers so far stay readable in /plan).
plan-closing-in-progress = Closing in progress, started on { $started }. The answers so far:
plan-closing-left = Closing left unfinished on { $left }, when another one was started. Its answers:
