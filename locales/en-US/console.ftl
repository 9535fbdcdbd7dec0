# The console's own words (suivi console): its clock, choices typed by number or by text,
# task lists over several lines, the answer shown again after /back.

console-now-real = It is now { $when } (the real time: the console's clock has not been moved).
console-now-shifted = It is now { $when }: the console's clock was moved ahead by { $days } d { $hours } h { $minutes } min with /wait. This is saved with the database and goes on at the next start.
console-one-number = This question takes one choice: type one number (for example 1), or the option's text.
console-choose-one = Type the number of one of the options above (one number, for example 1), or the option's text.
console-tasks-more = Task noted. Type the next one on a new line, or an empty line to end the list.
console-earlier-answer = Your earlier answer: “{ $answer }”. Type it again to keep it, or write another answer.
console-beneficiary-waits = Nothing to do on the beneficiary's side for now: the recap waits for the advisor's commitments. To change an answer, type /role beneficiary then 1.
console-earlier-choice = Your earlier choice: “{ $answer }”. Type its number to keep it, or choose another option.
