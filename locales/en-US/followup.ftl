# The follow-up between exchanges: reminders, nudges, notices, changes to a support.
