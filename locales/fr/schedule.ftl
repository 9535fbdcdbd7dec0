# Typed rhythms of exchanges: cadences, their ends, and what is wrong with a phrase.
