# Common: lists, dates, choices, input errors.

list-and = and
# The languages suivi speaks, named in the reader's language.
language-name-fr = French
language-name-en = English

weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

# One date format everywhere, as in the examples the questions give: "December 3".
# $style: "gb", British English writes the day first and the time on 24 hours.
datetime-long = { $style ->
    [gb] { $weekday } { $day } { $month } { $year } at { $time }, { $zone }
   *[other] { $weekday }, { $month } { $day }, { $year } at { $time }, { $zone }
}
# $elide is for French ("heure d’Abidjan").
zone-name = { $city ->
    [UTC] universal time
   *[other] { $elide ->
       *[other] { $city } time
    }
}

choice-match-yes = Yes, it matched
choice-match-partly = Partly
choice-match-no = No
choice-continue-yes = Yes, continue the support
choice-continue-no = No, stop here
choice-continue-not_sure = Not sure yet
choice-relay-yes = Yes, you may relay it
choice-relay-no = No, not for now
choice-frequency-weekly = Every week
choice-frequency-biweekly = Every 2 weeks
choice-frequency-monthly = Every month
choice-frequency-custom = A different rhythm
choice-means-email = Email
choice-means-phone = Phone
choice-means-in_person = In person
choice-means-shared_documents = Shared documents
choice-means-discord = Discord
choice-means-video = Video call
choice-means-other = Something else (you name it)
# The other means, as the beneficiary named it.
choice-means-named = { $text }
choice-recap-confirm = I confirm
choice-recap-edit = I want to change something
choice-next = Noted, continue
choice-advisor-confirm = I confirm the agreement
choice-advisor-commitments = Enter my commitments
choice-advisor-commitments-change = Change my commitments
choice-advisor-propose = Propose a change

cadence-days = { $count ->
    [one] every day
   *[other] every { $count } days
}
cadence-weeks = { $count ->
    [one] every week
   *[other] every { $count } weeks
}
cadence-months = { $count ->
    [one] every month
   *[other] every { $count } months
}

answer-error-empty = I did not get an answer. Please write it in your own words, in a sentence or a few.
answer-error-filler = Could you say a little more, in your own words? One sentence is enough.
answer-error-too-long = Your answer has { $length } characters; the limit is { $max }. Could you shorten it? Nothing you already answered is lost.
answer-error-near-copy = Your answer repeats the question (or the advisor's text) almost word for word. Could you put it in your own words?
answer-error-link-only = A link alone does not say it in your own words. Could you write, in a sentence or two, what it is about? You can keep the link after it.
answer-error-question-words = These are the question's own words. Could you answer it with yours, saying what it is for you?
# A refusal ($why), then an example of what the question asks for ($example).
answer-refused = { $why } { $example }
answer-example-expectations = For example: "Understand how to set up a partnership with a town."
answer-example-questions = For example: "How do I find co-funding for the budget?" If you have none, simply answer "no" (or skip this step).
answer-example-next-step = For example: "Meet the town hall in January to present the project."
answer-example-tasks = For example: "write to the mayor; prepare the provisional budget".
answer-example-means = For example: "a translator for the meetings and two volunteer days".
answer-example-future-needs = For example: "help to write a funding application in the spring". If you see none yet, simply answer "nothing for now" (or skip this step).
answer-example-commitments = For example: "Send the draft agreement before the next exchange."
answer-example-synthesis = For example: "First the agreement, then the budget; we check each step together."

when-error-empty = Please give a date and a time, for example { $style ->
    [gb] "tuesday 10:00"
   *[other] "tuesday 10am"
} or "2026-12-01 14:30".
when-error-no-time = The time is missing. Add it, for example "tuesday 10am" or "tomorrow 9:30".
when-error-unrecognised = I could not read that date. Try for example { $style ->
    [gb] "tuesday 10:00", "tomorrow 9:00", "3 December 14:30" or "2026-12-01 14:30".
   *[other] "tuesday 10am", "tomorrow 9am", "December 3 2:30pm" or "2026-12-01 14:30".
}
when-error-in-past = That date has already passed. Choose a date ahead, for example "next tuesday 10am".
when-error-passed = { $style ->
    [gb] { $day } { $month } at { $time } has passed. Did you mean { $day } { $month } { $year }, or another date?
   *[other] { $month } { $day } at { $time } has passed. Did you mean { $month } { $day }, { $year }, or another date?
}
when-error-ambiguous-date = That date can be read two ways: { $day_first } or { $month_first }. Write the month as a word, for example { $style ->
    [gb] "12 October 10:00".
   *[other] "October 12 10am".
}
when-error-too-far = That date is too far ahead. Choose one within two years, for example "December 3 2:30pm".
when-error-invalid-date = That date does not exist (for example February 31 or 25:00). Check it, for example "February 28 10am".
when-error-bad-frequency = I could not read that rhythm. Try for example "every 3 weeks", "every 10 days" or "every 2 months".
when-error-negative-frequency = A rhythm counts forward: give a positive number, for example "every 3 weeks" or "every 2 months".

control-back = Back
control-skip = Skip
control-pause = Pause
control-resume = Resume
when-error-no-day = The day is missing. Add it, for example "tomorrow 2pm" or "thursday 2pm".
when-error-weekday-mismatch = The weekday does not match the date (for example, December 3 2026 is a Thursday). Check them, or give only the date: "December 3 2pm".
