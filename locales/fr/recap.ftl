# Le fichier d’agenda de l’accord (.ics) et celui de « suivi schedule preview ».
ics-summary-between = Échange de suivi : { $advisor } et { $beneficiary }
ics-people = Échange de suivi entre { $advisor } (chargé·e de mission) et { $beneficiary } (bénéficiaire).
ics-means = Moyens d’échange : { $means }.
ics-series-capped = Ce fichier contient { $count ->
    [one] le premier échange, le { $last }
   *[other] les { $count } premiers échanges, jusqu’au { $last }
}. La série continue ensuite au même rythme, sans date de fin : suivi rappelle chaque échange.
ics-preview-summary = Aperçu : échange de suivi
ics-preview-description = Aperçu d’un rythme d’échanges, calculé par la commande suivi schedule preview ; ce n’est pas un accord.

# suivi audit : une phrase par ligne, dans la langue de l’opérateur·rice, jamais le contenu.
ops-audit-by = { $by ->
    [operator] par l’opérateur·rice, en ligne de commande
    [self] à la demande de la personne elle-même
    [retention] automatiquement, au terme de la durée de conservation
   *[other] par la personne { $actor }
}
ops-audit-export = { $when } — export des données de la personne { $subject }, { $who } ({ $sections } rubriques).
ops-audit-erase = { $when } — effacement des données de la personne { $subject }, { $who } : { $supports ->
    [one] { $supports } appui
   *[other] { $supports } appuis
}, { $deliveries ->
    [one] { $deliveries } envoi prévu supprimé
   *[other] { $deliveries } envois prévus supprimés
}.
ops-audit-purge = { $when } — purge de l’appui n° { $support } de la personne { $subject }, { $who }.
ops-audit-other = { $when } — { $action }, personne { $subject }, { $who } ({ $detail }).

# Le résumé d’un export : l’historique de l’accord pour relayer, en événements.
rights-relay-none = aucun choix de relais enregistré
rights-relay-events = relais : { $events }
rights-relay-given = accepté { $n ->
    [one] une fois
   *[other] { $n } fois
}
rights-relay-withdrawn = retiré { $n ->
    [one] une fois
   *[other] { $n } fois
}
rights-relay-declined = refusé { $n ->
    [one] une fois
   *[other] { $n } fois
}

# La console nomme ses deux personnes par leur identifiant, que prennent les commandes de l’opérateur·rice.
console-ids = Ici, la personne chargée de mission a l’identifiant { $advisor } et la personne bénéficiaire l’identifiant { $beneficiary } : par exemple, suivi data export --user { $beneficiary } (avec le même --db) exporte les données de la personne bénéficiaire.

# suivi schedule preview --now (option cachée, pour les essais).
schedule-preview-bad-now = --now attend un instant RFC 3339, par exemple 2027-03-01T09:00:00Z.

# Le message de l’accord, court : le premier échange, le reste dans /plan.
closing-agreed-first = Premier échange : { $first }.
