# Typed rhythms of exchanges: cadences, their ends, and what is wrong with a phrase.

## A rhythm, as the recap shows it. $rank is first, second, third, fourth or last.

cadence-date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }{ $style ->
   *[other] {""}
}
cadence-month-weekday = le { $rank ->
    [first] premier
    [second] deuxième
    [third] troisième
    [fourth] quatrième
   *[last] dernier
} { $weekday } { $every ->
    [one] de chaque mois
   *[other] tous les { $every } mois
}
cadence-until = { $cadence } jusqu’au { $date }
cadence-count = { $cadence }, { $count ->
    [one] une seule séance
   *[other] { $count } séances en tout
}
cadence-for-days = { $cadence } pendant { $count ->
    [one] un jour
   *[other] { $count } jours
}
cadence-for-weeks = { $cadence } pendant { $count ->
    [one] une semaine
   *[other] { $count } semaines
}
cadence-for-months = { $cadence } pendant { $count ->
    [one] un mois
   *[other] { $count } mois
}

## A rhythm understood but refused: say what to change, with an example.

when-error-interval-zero = Un intervalle de 0 ne donne aucun rythme. Indiquez au moins 1, par exemple « toutes les semaines » ou « toutes les 2 semaines ».
when-error-days-range = Tous les { $every } jours, c’est plus que je ne peux prévoir : indiquez entre 1 et { $max } jours, par exemple « tous les 10 jours ».
when-error-weeks-range = Toutes les { $every } semaines, c’est plus que je ne peux prévoir : indiquez entre 1 et { $max } semaines, par exemple « toutes les 3 semaines ».
when-error-months-range = Tous les { $every } mois, c’est plus que je ne peux prévoir : indiquez entre 1 et { $max } mois, par exemple « tous les 2 mois » ou « le premier lundi tous les 3 mois ».
when-error-nth-weekday = Un mois ne compte que quatre ou cinq fois chaque jour de la semaine : le rang { $nth } ne revient donc pas tous les mois. Choisissez premier, deuxième, troisième, quatrième ou dernier, par exemple « le dernier mardi de chaque mois ».
when-error-count-zero = Il faut au moins une séance. Indiquez combien, par exemple « tous les mois pour 6 séances ».
when-error-count-too-high = { $count } séances, c’est plus que je ne peux prévoir : indiquez-en au plus { $max }, par exemple « toutes les semaines pour 12 séances », ou aucune fin.
when-error-span-zero = Une durée de 0 ne laisse aucune séance. Indiquez combien de temps, par exemple « toutes les semaines pendant 3 mois ».
when-error-span-too-long = C’est plus long que je ne peux prévoir : un rythme dure au plus { $max } mois. Indiquez une durée plus courte, par exemple « pendant 6 mois », ou aucune fin.
when-error-end-before-first = Le rythme finirait le { $end }, avant le premier échange du { $first } : il n’y aurait aucun échange. Choisissez une fin après le premier échange, ou un nombre de séances, par exemple « toutes les 2 semaines pour 6 séances ».
when-error-end-in-past = La date de fin, le { $end }, est déjà passée. Choisissez-en une à venir, par exemple « toutes les 2 semaines jusqu’au 30 juin », ou un nombre de séances : « pour 6 séances ».
when-error-end-too-far = La date de fin, le { $end }, est à plus de { $max } mois. Choisissez-en une plus proche, par exemple « jusqu’au 30 juin », ou laissez le rythme sans fin.
when-error-end-invalid-date = Cette date de fin n’existe pas (par exemple le 31 juin). Vérifiez-la, par exemple « toutes les 2 semaines jusqu’au 30 juin ».
when-error-end-unrecognised = J’ai compris le rythme, mais pas quand il s’arrête. Essayez par exemple « jusqu’au 30 juin », « pour 6 séances » ou « pendant 3 mois », ou laissez le rythme sans fin.

## suivi schedule preview (sortie d’erreur seulement).

schedule-preview-problem = { $option } : { $detail }
schedule-preview-unknown-zone = --tz : « { $zone } » n’est pas un fuseau horaire que je connais. Indiquez un nom IANA, par exemple --tz Europe/Paris ou --tz America/New_York.
schedule-preview-count = --count : indiquez combien d’échanges afficher, entre 1 et { $max }, par exemple --count 10.
schedule-preview-too-late = --at, --count : les échanges après l’année { $year } ne peuvent pas être écrits comme des dates. Choisissez un --at plus tôt ou un --count plus petit.
schedule-preview-ics-failed = Impossible d’écrire le fichier d’agenda { $path } : { $detail }. Vérifiez que le dossier existe et qu’on peut y écrire.
schedule-preview-ics-exists = Le fichier d’agenda { $path } existe déjà : choisissez un autre fichier, ou ajoutez --force pour le remplacer.
