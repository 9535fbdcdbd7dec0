# Short answers, stopping the support and names (issue 15): words as people say them.

checkin-new-task-which = Which one? Write the task to add in your own words.
# "I don't know" at the next step: help, not a refusal; the question follows.
answer-help-next-step = It is fine not to know yet. Put another way: after what you worked on during the support, what will you do first to move your project forward? For example: "Meet the town hall in January to present the project." A rough idea is enough.
recap-questions-none = No questions left.
recap-means-none = No particular means for now.
recap-future-needs-none = No future needs identified for now.
# $ended: the end date, written in full.
plan-support-ended = The support ended on { $ended }, as chosen at the end of the session. Here is the last recap.

# Someone without a display name (or the console, which has none): a neutral form, never an id.
# Capitalised when it opens a sentence.
person-advisor = your advisor
person-beneficiary = your beneficiary

# Means of exchange inside a sentence or after a colon: lower case.
means-inline-email = email
means-inline-phone = phone
means-inline-in_person = in person
means-inline-shared_documents = shared documents
means-inline-discord = Discord
means-inline-video = video call
means-inline-other = another means
recap-exchanges-no-means = The next exchanges take place { $cadence }, from { $first }. The means are still to be chosen.

# What is now set, said to the person who changed it (not "Done.").
# $day is a number; $month, the month's name.
date-day = { $style ->
    [gb] { $day } { $month } { $year }
   *[other] { $month } { $day }, { $year }
}
consent-now-given = You gave your consent to relay, on { $date }: your advisor may relay information about your project in their networks. You can withdraw it at any moment.
consent-now-withdrawn = You withdrew your consent to relay, on { $date }. Your advisor has been told.
# The advisor's side: the consent is read, not changed. $relay: yes, no or none.
consent-beneficiary-only = Only your beneficiary can give or withdraw their consent to relay. { $relay ->
    [yes] It has been given since { $date }.
    [no] It has been withdrawn since { $date }.
   *[none] It is not recorded yet.
}

# In the digest: "I don't know" at the next step (help was offered).
digest-next-step-unsure = ❔ Could not say the next step of their project: help with an example was offered. You may help them put it into words.
