# Le suivi entre les échanges : rappels, relances, avis, changements d’un appui.

desk-prompt-resent = Votre message n’a pas été enregistré : la question à laquelle il répondrait ne vous était pas parvenue. La voici de nouveau ; répondez-y ci-dessous.
desk-busy = Cette conversation était modifiée ailleurs au même moment. Rien n’est perdu : renvoyez votre réponse.

followup-nudge-intro = Petit rappel : cette question attend toujours votre réponse, quand vous serez prêt·e.
followup-reminder = Rappel : votre prochain échange avec { $other } a lieu { $lead }, le { $when }.
    Moyens : { $means }.
    Vos engagements : { $mine }
    Ses engagements : { $theirs }
followup-lead-days = { $n ->
    [one] demain
   *[other] dans { $n } jours
}
followup-lead-hours = { $n ->
    [one] dans 1 heure
   *[other] dans { $n } heures
}
followup-lead-minutes = { $n ->
    [one] dans 1 minute
   *[other] dans { $n } minutes
}
followup-dm-closed = Je ne peux pas envoyer de message privé à { $person }, et ce serveur n’a pas de salon de secours. Demandez-lui d’autoriser les messages privés des membres du serveur, ou définissez un salon de secours avec /configuration.
followup-undelivered = Un message pour { $person } n’a pas pu être remis (ses messages privés sont peut-être fermés, ou Discord l’a refusé). Prenez contact par un autre moyen.
followup-ended-at-review = { $beneficiary } a choisi de ne pas poursuivre l’appui. Le récapitulatif est enregistré ; aucun échange n’est planifié et aucun rappel ne sera envoyé. L’appui est terminé.
followup-support-paused = { $by } a mis l’appui en pause. Aucun rappel ne sera envoyé avant la reprise (/appui reprendre).
followup-support-resumed = { $by } a repris l’appui. Les rappels reprennent avant le prochain échange.
followup-support-ended = { $by } a mis fin à l’appui. Plus aucun message ne sera envoyé à son sujet.
followup-consent-given = { $by } accepte que vous relayiez des informations sur son projet dans vos réseaux.
followup-consent-withdrawn = { $by } a retiré son accord : ne relayez plus d’informations sur son projet dans vos réseaux.

followup-error-no-support = Il n’y a pas d’appui entre vous ici. Un·e chargé·e de mission en ouvre un avec /seance ouvrir.
followup-error-ambiguous = Vous participez à plusieurs appuis : indiquez l’autre personne dans la commande.
followup-error-already = L’appui est déjà dans cet état.
followup-error-no-agreement = Il n’y a pas encore d’accord : l’accord pour relayer est donné lors de la clôture d’une séance.

followup-you-paused = L’appui est en pause. Aucun rappel ne sera envoyé avant la reprise (/appui reprendre). L’autre personne a été prévenue.
followup-you-resumed = L’appui reprend : les rappels reprennent avant le prochain échange. L’autre personne a été prévenue.
followup-you-ended = L’appui est terminé : plus aucun message ne sera envoyé à son sujet. L’autre personne a été prévenue. Pour recommencer, un·e chargé·e de mission ouvre une nouvelle séance.
followup-you-consented = Merci : votre chargé·e de mission peut relayer des informations sur votre projet dans ses réseaux. Vous pouvez retirer cet accord à tout moment avec /consentement.
followup-you-withdrew = Votre accord est retiré et enregistré à la date d’aujourd’hui. Votre chargé·e de mission a été prévenu·e.

followup-reschedule-empty = Indiquez ce que vous proposez : une nouvelle date (quand), un nouveau rythme (rythme), ou les deux. Par exemple quand : « mardi 14 h ».
followup-reschedule-proposed = { $by } propose un changement de vos échanges : { $change }. Acceptez-vous ?
followup-reschedule-accept = Accepter
followup-reschedule-decline = Refuser
followup-reschedule-sent = Votre proposition a été envoyée : { $change }. Vous serez prévenu·e de la réponse.
followup-reschedule-gone = Cette proposition a déjà reçu une réponse ou a été remplacée par une plus récente.
followup-reschedule-not-yours = Seule l’autre personne de l’appui peut répondre à cette proposition.
followup-change-date = le prochain échange le { $when }
followup-change-rhythm = des échanges { $rhythm }
followup-change-both = le prochain échange le { $when }, puis { $rhythm }
followup-plan-next = Prochain échange : le { $when }.
followup-plan-paused = L’appui est en pause : aucun rappel avant la reprise (/appui reprendre).
desk-invalid = Ce n’est pas utilisable. Vérifiez ce que vous avez tapé et réessayez.

checkin-intro = Un petit point d’étape avant votre prochain échange : { $count ->
    [one] une tâche
   *[other] { $count } tâches
} à passer en revue, une à la fois. Cela ne prend qu’une minute.
checkin-task-status = Tâche { $index } sur { $count } : « { $task } ». Où en êtes-vous ?
checkin-blocker = Qu’est-ce qui bloque pour « { $task } » ? Dites-le avec vos propres mots : seul·e votre chargé·e de mission le lira.
checkin-new-task = Souhaitez-vous ajouter une tâche, avec vos propres mots ? (Vous pouvez passer.)
checkin-thanks = Merci ! Votre chargé·e de mission verra où vous en êtes. Bon travail d’ici votre prochain échange.
checkin-blocked-advisor = { $beneficiary } est bloqué·e sur « { $task } ». Avec ses mots (confidentiel) : { $blocker }
checkin-blocked-advisor-no-detail = { $beneficiary } est bloqué·e sur « { $task } » sans en dire plus.
checkin-done-advisor = { $beneficiary } a répondu au point d’étape : { $done } { $done ->
    [one] tâche faite
   *[other] tâches faites
} sur { $total }{ $blocked ->
    [0] {""}
    [one] , 1 bloquée
   *[other] , { $blocked } bloquées
}{ $added ->
    [0] {""}
    [one] , 1 ajoutée
   *[other] , { $added } ajoutées
}.
choice-task-done = Faite
choice-task-in_progress = En cours
choice-task-not_started = Pas commencée
choice-task-blocked = Bloquée

digest-title = Votre résumé { $mark } : { $count ->
    [one] un·e bénéficiaire
   *[other] { $count } bénéficiaires
}, le plus urgent d’abord.
digest-empty = Votre résumé : vous ne suivez encore aucun·e bénéficiaire.
digest-nothing-new = Votre résumé : rien de nouveau pour { $count ->
    [one] votre bénéficiaire
   *[other] vos { $count } bénéficiaires
} { $mark }.
digest-unavailable = Votre résumé n’a pas pu être préparé cette fois. Redemandez-le avec /resume maintenant.
digest-not-coordinator = Seul·es les membres ayant le rôle de coordination (défini avec /configuration) voient les résumés de l’ensemble des chargé·es de mission.
digest-item = { $name } { $bar }{ $lines }
digest-advisor = Chargé·e de mission : { $advisor }
digest-paused = ⏸ L’appui est en pause.
digest-blocked = ⚠ Bloquée : « { $task } » — avec ses mots (confidentiel) : { $blocker }
digest-blocked-no-detail = ⚠ Bloquée : « { $task } »
digest-waiting = ⏳ Une question attend une réponse depuis le { $since }.
digest-missed = ✉ { $count ->
    [one] { $count } message n’a pas pu être remis ou est arrivé trop tard
   *[other] { $count } messages n’ont pas pu être remis ou sont arrivés trop tard
} : { $what }.
digest-missed-item = { $kind ->
    [reminder] { $count ->
        [one] un rappel d’échange
       *[other] { $count } rappels d’échange
    }
    [checkin] { $count ->
        [one] un point d’étape
       *[other] { $count } points d’étape
    }
    [nudge] { $count ->
        [one] une relance
       *[other] { $count } relances
    }
    [prompt] { $count ->
        [one] une question de la conversation
       *[other] { $count } questions de la conversation
    }
   *[other] { $count ->
        [one] un message
       *[other] { $count } messages
    }
} { $whom ->
    [advisor] pour vous
    [beneficiary] pour { $name }
   *[unnamed] pour votre bénéficiaire
}
digest-mark = { $mark ->
    [start] depuis le début de l’accompagnement
   *[weekly] depuis le résumé hebdomadaire du { $since }
}
digest-wants-stop = ✋ A choisi de ne pas poursuivre l’appui.
digest-wants-unsure = ❔ Ne sait pas encore si l’appui doit se poursuivre.
digest-next = 📅 Prochain échange : le { $when }.
digest-new-answers = ✎ { $count ->
    [one] { $count } nouvelle réponse
   *[other] { $count } nouvelles réponses
}.
digest-relay-yes = Accord pour relayer : oui (depuis le { $since }).
digest-relay-no = Accord pour relayer : non (depuis le { $since }).
digest-synthesis = Synthèse à lire : { $text }
digest-scheduled = Votre résumé arrivera chaque { $day } à { $time }, { $timezone } ; le prochain le { $next }.
digest-on-its-way = Votre résumé arrive dans vos messages privés.
digest-purge-soon = 🗑 Sans nouveau contact d’ici là, cet appui et ce qu’il contient seront effacés le { $when } (durée de conservation).
rights-export-summary = { $reader ->
    [operator] Données de la personne { $user }
   *[person] Vos données
} : { $supports ->
    [one] { $supports } appui
   *[other] { $supports } appuis
} comme bénéficiaire ({ $answers ->
    [one] { $answers } réponse
   *[other] { $answers } réponses
}, { $tasks ->
    [one] { $tasks } tâche
   *[other] { $tasks } tâches
}, { $agreements ->
    [one] { $agreements } accord
   *[other] { $agreements } accords
}, { $relay }), { $followed ->
    [one] { $followed } appui suivi
   *[other] { $followed } appuis suivis
} comme chargé·e de mission. Tout est dans le fichier JSON.
rights-erased-advisor = { $person } a mis fin à l’appui et fait effacer ses données. Rien de ce qu’il contenait n’est conservé.
