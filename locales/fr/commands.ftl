# Commandes Discord (noms et descriptions localisés).

help-text = suivi
