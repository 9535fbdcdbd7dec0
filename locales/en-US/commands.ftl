# Discord commands (localised names and descriptions).

help-text = suivi
