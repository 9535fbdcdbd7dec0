# The first exchange read back in full before the next question, with a way to correct it
# there (src/domain/closing/dates.rs).

closing-date-readback = Got it: { $when }.
closing-date-check = Is that right? If it is not the right date, change it, or simply type the right one, for example { $style ->
    [gb] "tuesday 10:00".
   *[other] "tuesday 10am".
}
# $rhythm: "the first Monday of every month"; $next: the next date on that rhythm, in full.
closing-date-off-rhythm = This date is not on the rhythm agreed ({ $rhythm }): on that rhythm, the next exchange would be { $next }.
closing-date-choose = Which do you prefer? You can also type another date.
choice-date-ok = That's right
choice-date-change = Change the date
choice-date-keep = { $style ->
    [gb] Keep { $weekday } { $day } { $month }, then the rhythm
   *[other] Keep { $weekday }, { $month } { $day }, then the rhythm
}
choice-date-take = Take { $when }
