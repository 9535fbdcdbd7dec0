# How each reader writes dates: British English is the English texts with dates written day
# first and times on 24 hours (see `$style` in datetime-long).
language-name-en-gb = British English
