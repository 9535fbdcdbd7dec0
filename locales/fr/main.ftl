# Typographie (tests/it/typography.rs la vérifie sur chaque message rendu) : une espace fine
# insécable (U+202F) avant : ; ? ! et », et après « ; jamais une espace simple ni U+00A0.
# Heures : « 10 h », « 10 h 30 » ; le premier du mois : « 1er décembre ».
#
# Écriture inclusive, une seule règle : le point médian, au singulier et au pluriel —
# chargé·e de mission, chargé·es de mission, administrateur·rice, administrateur·rices, un·e,
# seul·e, prévenu·e. « bénéficiaire » est épicène. Jamais de doublet (« le ou la », « il ou
# elle », « du ou de la ») ni de « chargé·e·s » : on tourne la phrase (« votre bénéficiaire »,
# « la personne bénéficiaire », « côté chargé·e de mission », « dès sa confirmation »).

# Commun : listes, dates, choix, erreurs de saisie.

list-and = et
# Les langues de suivi, nommées dans la langue du lecteur.
language-name-fr = français
language-name-en = anglais

weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

# $day est un nombre : « 1er » pour le premier du mois. $time est déjà écrit « 10 h » ou « 10 h 30 ».
datetime-long = { $weekday } { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year } à { $time }, { $zone }{ $style ->
   *[other] {""}
}
# $elide vaut « yes » devant une voyelle : « heure d’Abidjan ».
zone-name = { $city ->
    [UTC] heure universelle
   *[other] { $elide ->
        [yes] heure d’{ $city }
       *[other] heure de { $city }
    }
}

choice-match-yes = Oui, cela correspondait
choice-match-partly = En partie
choice-match-no = Non
choice-continue-yes = Oui, poursuivre l’appui
choice-continue-no = Non, arrêter là
choice-continue-not_sure = Je ne sais pas encore
choice-relay-yes = Oui, vous pouvez relayer
choice-relay-no = Non, pas pour l’instant
choice-frequency-weekly = Chaque semaine
choice-frequency-biweekly = Toutes les 2 semaines
choice-frequency-monthly = Chaque mois
choice-frequency-custom = Autre rythme
choice-means-email = Courriel
choice-means-phone = Téléphone
choice-means-in_person = En présentiel
choice-means-shared_documents = Documents partagés
choice-means-discord = Discord
choice-means-video = Visioconférence
choice-means-other = Un autre moyen (à préciser)
# L’autre moyen, tel que la personne bénéficiaire l’a nommé.
choice-means-named = { $text }
choice-recap-confirm = Je confirme
choice-recap-edit = Je modifie
choice-next = C’est noté, continuer
choice-advisor-confirm = Je confirme l’accord
choice-advisor-commitments = Saisir mes engagements
choice-advisor-commitments-change = Modifier mes engagements
choice-advisor-propose = Proposer un changement

cadence-days = { $count ->
    [one] chaque jour
   *[other] tous les { $count } jours
}
cadence-weeks = { $count ->
    [one] chaque semaine
   *[other] toutes les { $count } semaines
}
cadence-months = { $count ->
    [one] chaque mois
   *[other] tous les { $count } mois
}

answer-error-empty = Je n’ai pas reçu de réponse. Écrivez-la avec vos propres mots, en une ou quelques phrases.
answer-error-filler = Pouvez-vous en dire un peu plus, avec vos propres mots ? Une phrase suffit.
answer-error-too-long = Votre réponse fait { $length } caractères ; la limite est de { $max }. Pouvez-vous la raccourcir ? Rien de ce que vous avez déjà répondu n’est perdu.
answer-error-near-copy = Votre réponse reprend presque mot pour mot la question (ou le texte de votre chargé·e de mission). Pouvez-vous la reformuler avec vos propres mots ?
answer-error-link-only = Un lien seul ne le dit pas avec vos propres mots. Pouvez-vous écrire, en une phrase ou deux, de quoi il s’agit ? Vous pouvez garder le lien à la suite.
answer-error-question-words = Ce sont les mots de la question. Pouvez-vous y répondre avec les vôtres, en disant ce que c’est pour vous ?
# Un refus ($why), puis un exemple de ce que la question demande ($example).
answer-refused = { $why } { $example }
answer-example-expectations = Par exemple : « Comprendre comment monter un partenariat avec une commune. »
answer-example-questions = Par exemple : « Comment trouver un cofinancement pour le budget ? » Si vous n’en avez pas, répondez simplement « non » (ou passez cette étape).
answer-example-next-step = Par exemple : « Rencontrer la mairie en janvier pour présenter le projet. »
answer-example-tasks = Par exemple : « écrire au maire ; préparer le budget prévisionnel ».
answer-example-means = Par exemple : « un traducteur pour les réunions et deux jours de bénévolat ».
answer-example-future-needs = Par exemple : « un appui pour rédiger un dossier de financement au printemps ». Si vous n’en voyez pas encore, répondez simplement « rien pour l’instant » (ou passez cette étape).
answer-example-commitments = Par exemple : « Envoyer le projet de convention avant le prochain échange. »
answer-example-synthesis = Par exemple : « D’abord la convention, ensuite le budget ; nous vérifions chaque étape ensemble. »

when-error-empty = Indiquez une date et une heure, par exemple « mardi 10 h » ou « 2026-12-01 14:30 ».{ $style ->
   *[other] {""}
}
when-error-no-time = Il manque l’heure. Ajoutez-la, par exemple « mardi 10 h » ou « demain 9 h 30 ».
when-error-unrecognised = Je n’ai pas compris cette date. Essayez par exemple « mardi 10 h », « demain 9 h », « 3 décembre 14 h 30 » ou « 2026-12-01 14:30 ».{ $style ->
   *[other] {""}
}
when-error-in-past = Cette date est déjà passée. Choisissez une date à venir, par exemple « mardi prochain 10 h ».
when-error-passed = Le { $day ->
    [1] 1er
   *[other] { $day }
} { $month } à { $time } est passé. Vouliez-vous dire le { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }, ou une autre date ?{ $style ->
   *[other] {""}
}
when-error-ambiguous-date = Cette date se lit de deux façons : le { $day_first } ou le { $month_first }. Écrivez le mois en lettres, par exemple « 12 octobre 10 h ».{ $style ->
   *[other] {""}
}
when-error-too-far = Cette date est trop lointaine. Choisissez une date dans les deux ans, par exemple « 3 décembre 14 h 30 ».
when-error-invalid-date = Cette date n’existe pas (par exemple 31 février ou 25 h). Vérifiez-la, par exemple « 28 février 10 h ».
when-error-bad-frequency = Je n’ai pas compris ce rythme. Essayez par exemple « toutes les 3 semaines », « tous les 15 jours » ou « tous les 2 mois ».
when-error-negative-frequency = Un rythme se compte vers l’avant : donnez un nombre positif, par exemple « toutes les 3 semaines » ou « tous les 2 mois ».

control-back = Retour
control-skip = Passer
control-pause = Pause
control-resume = Reprendre
when-error-no-day = Il manque le jour. Ajoutez-le, par exemple « demain 14 h » ou « jeudi 14 h ».
when-error-weekday-mismatch = Le jour de la semaine ne correspond pas à la date (par exemple, le 3 décembre 2026 est un jeudi). Vérifiez-les, ou donnez seulement la date : « 3 décembre 14 h ».
