# Les réponses courtes, l’arrêt de l’appui et les noms (ticket 15) : les mots tels que les gens
# les disent. Même typographie que main.ftl (espace fine insécable U+202F avant : ; ? ! »).

checkin-new-task-which = Laquelle ? Écrivez la tâche à ajouter avec vos propres mots.
# « Je ne sais pas » à la prochaine étape : de l’aide, pas un refus ; la question suit.
answer-help-next-step = Ce n’est pas grave de ne pas encore savoir. Autrement dit : après ce que vous avez travaillé pendant l’appui, que ferez-vous en premier pour faire avancer votre projet ? Par exemple : « Rencontrer la mairie en janvier pour présenter le projet. » Une idée approximative suffit.
recap-questions-none = Pas de question restante.
recap-means-none = Aucun moyen particulier pour l’instant.
recap-future-needs-none = Pas de besoin futur identifié pour l’instant.
# $ended : la date de fin, écrite en entier.
plan-support-ended = L’appui s’est terminé le { $ended }, comme choisi en fin de séance. Voici le dernier récapitulatif.

# Une personne sans nom affiché (ou la console, qui n’en a pas) : une forme neutre, jamais un
# identifiant ni un mot anglais. Une majuscule est mise quand elle ouvre la phrase.
person-advisor = votre chargé·e de mission
person-beneficiary = votre bénéficiaire

# Les moyens d’échange dans une phrase ou après un deux-points : en minuscules.
means-inline-email = courriel
means-inline-phone = téléphone
means-inline-in_person = en présentiel
means-inline-shared_documents = documents partagés
means-inline-discord = Discord
means-inline-video = visioconférence
means-inline-other = un autre moyen
recap-exchanges-no-means = Les prochains échanges auront lieu { $cadence }, à partir du { $first }. Les moyens d’échange restent à choisir.

# Ce qui est maintenant réglé, dit à la personne qui l’a changé (pas « C’est fait. »).
# $day est un nombre ; $month, le nom du mois.
date-day = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }{ $style ->
   *[other] {""}
}
consent-now-given = Vous avez donné votre accord pour relayer, le { $date } : votre chargé·e de mission peut relayer les informations sur votre projet dans ses réseaux. Vous pouvez le retirer à tout moment.
consent-now-withdrawn = Vous avez retiré votre accord pour relayer, le { $date }. Votre chargé·e de mission en est informé·e.
# Côté chargé·e de mission : l’accord se lit, il ne se change pas. $relay : yes, no ou none.
consent-beneficiary-only = Seul·e votre bénéficiaire peut donner ou retirer son accord pour relayer. { $relay ->
    [yes] Son accord est donné depuis le { $date }.
    [no] Son accord est retiré depuis le { $date }.
   *[none] Son accord n’est pas encore enregistré.
}

# Dans le résumé : « je ne sais pas » à la prochaine étape (une aide a été proposée).
digest-next-step-unsure = ❔ N’a pas su dire la prochaine étape de son projet : une aide avec un exemple lui a été proposée. Vous pouvez l’aider à la formuler.
