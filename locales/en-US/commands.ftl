# Discord commands: names (.name) and descriptions (.description, 100 characters at most), and
# the adapter's own messages.

cmd-session =
    .name = session
    .description = Work sessions with a beneficiary
cmd-session-open =
    .name = open
    .description = Open a work session: the beneficiary states their expectations
cmd-session-open-beneficiary =
    .name = beneficiary
    .description = The beneficiary
cmd-session-close =
    .name = close
    .description = Close the work session: the beneficiary restates the next steps in their own words
cmd-session-close-beneficiary =
    .name = beneficiary
    .description = The beneficiary
cmd-session-close-synthesis =
    .name = synthesis
    .description = Ask the beneficiary for a synthesis of the method points
cmd-plan =
    .name = plan
    .description = Show the current agreement (only you see it)
cmd-plan-beneficiary =
    .name = beneficiary
    .description = The beneficiary (advisors only)
cmd-settings =
    .name = settings
    .description = Your language and time zone
cmd-settings-language =
    .name = language
    .description = Choose the language suivi speaks to you
cmd-settings-language-language =
    .name = language
    .description = Your language
cmd-settings-timezone =
    .name = timezone
    .description = Choose your time zone (dates are shown and read in it)
cmd-settings-timezone-timezone =
    .name = timezone
    .description = An IANA time zone, for example Europe/Paris
cmd-setup =
    .name = setup
    .description = Configure suivi for this server (admins)
cmd-setup-advisor_role =
    .name = advisor_role
    .description = Members with this role can open and close work sessions
cmd-setup-fallback_channel =
    .name = fallback_channel
    .description = Where private threads open when a beneficiary's direct messages are closed
cmd-setup-language =
    .name = language
    .description = The server's language
cmd-setup-timezone =
    .name = timezone
    .description = The server's time zone, for example Europe/Paris
cmd-setup-called_on_for =
    .name = called_on_for
    .description = What an advisor can be called on for
cmd-help =
    .name = help
    .description = What suivi does, and its commands

discord-select-one = Choose an option
discord-select-many = Choose one or more options
discord-answer-button = Write my answer
discord-start-button = Start
discord-session-opened = { $advisor } opens a work session with { $beneficiary }. { $beneficiary }, click Start: the questions come in private messages.
discord-closing-started = { $advisor } closes the work session with { $beneficiary }. { $beneficiary }, click Start: the questions come in private messages.
discord-start-not-yours = This button is for the beneficiary of the session.
discord-start-check-dms = The first question is in your private messages.
discord-start-thread = Your private messages are closed, so the questions are in a private thread that only you and the team can see.
discord-start-dms-closed = I cannot send you private messages. Allow them for this server (Privacy settings → Direct messages), then click Start again.
discord-modal-commitments-title = Your commitments
discord-modal-commitments-label = What you commit to
discord-modal-propose-title = Propose a change
discord-modal-propose-label = The change you propose
discord-modal-answer-title = Your answer
discord-modal-answer-label = In your own words
discord-not-advisor = Only advisors (the role set with /setup) or server admins can open and close work sessions.
discord-bad-beneficiary = Choose the beneficiary: a person, other than yourself.
discord-not-admin = Only server admins can change suivi's settings.
discord-no-plan = There is no agreement yet.
discord-language-saved = Done: I will speak English to you.
discord-bad-timezone = "{ $value }" is not a time zone. Pick one from the list, for example Europe/Paris.
discord-timezone-saved = Done: dates are shown and read in { $timezone }.
discord-setup-unset = not set
discord-setup-saved = Saved. Advisor role: { $role }. Fallback channel: { $channel }. Language: { $language }. Time zone: { $timezone }.
discord-help = suivi helps close work sessions and follow up between them.
    • /session open @beneficiary — the beneficiary states their expectations (advisors)
    • /session close @beneficiary — the beneficiary restates the next step, tasks and means in their own words; you agree the next exchanges (advisors)
    • /plan — the current agreement, only for you
    • /settings language, /settings timezone — your preferences
    • /setup — the server's settings (admins)
    Answers stay in private messages. You can go back, skip optional steps, or pause at any time: nothing is lost.
