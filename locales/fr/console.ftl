# The console's own words (suivi console): its clock, choices typed by number or by text,
# task lists over several lines, the answer shown again after /back.

console-now-real = Il est maintenant { $when } (l’heure réelle : l’horloge de la console n’a pas été avancée).
console-now-shifted = Il est maintenant { $when } : l’horloge de la console a été avancée de { $days } j { $hours } h { $minutes } min par /wait. Cette avance est enregistrée avec la base et reprend au prochain lancement.
console-one-number = Cette question attend un seul choix : tapez un seul numéro (par exemple 1), ou le texte de l’option.
console-choose-one = Tapez le numéro d’une des options ci-dessus (un seul numéro, par exemple 1), ou le texte de l’option.
console-tasks-more = Tâche notée. Tapez la suivante sur une nouvelle ligne, ou une ligne vide pour terminer la liste.
console-earlier-answer = Votre réponse précédente : « { $answer } ». Tapez-la de nouveau pour la garder, ou écrivez une autre réponse.
console-beneficiary-waits = Côté bénéficiaire, rien à faire pour l’instant : le récapitulatif attend les engagements de votre chargé·e de mission. Pour modifier une réponse, tapez /role beneficiary puis 1.
console-earlier-choice = Votre choix précédent : « { $answer } ». Tapez son numéro pour le garder, ou choisissez une autre option.
