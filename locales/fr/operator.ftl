# Messages pour l’exploitant : configuration, vérifications, console.

config-problem = { $where } : { $detail }
config-unreadable = impossible de lire le fichier de configuration ({ $detail }). Vérifiez le chemin donné avec --config.
config-syntax = ce n’est pas du TOML valide : { $detail }. Corrigez la ligne indiquée.
config-unknown-key = clé inconnue. Vouliez-vous dire « { $suggestion } » ?
config-wrong-type = type de valeur incorrect : attendu { $expected ->
    [text] un texte entre guillemets
    [integer] un nombre entier
    [number] un nombre
    [list-of-text] une liste de textes, comme ["a", "b"]
   *[other] une liste de nombres entiers, comme [123, 456]
}.
config-bad-language = « { $value } » n’est pas une langue de suivi. Utilisez "fr" ou "en".
config-bad-timezone = « { $value } » n’est pas un fuseau horaire IANA. Utilisez un nom comme "Europe/Paris" ou "America/Montreal".
config-out-of-range = { $value } est hors limites. Utilisez une valeur de { $min } à { $max }.
config-bad-duration = « { $value } » n’est pas un délai. Utilisez un nombre et une unité : "24h", "90m", "2d" (14 jours au plus).
config-bad-weekday = « { $value } » n’est pas un jour. Utilisez lundi…dimanche ou monday…sunday.
config-bad-time = « { $value } » n’est pas une heure. Utilisez HH:MM sur 24 heures, comme "09:00".
config-token-in-file = le jeton du bot ne doit jamais être écrit dans bot.toml. Supprimez cette ligne et placez le jeton dans DISCORD_TOKEN ou dans un fichier désigné par token_file.
config-unknown-env = cette variable d’environnement n’est pas un réglage de suivi. Vérifiez son orthographe d’après bot.toml.
config-missing-called-on-for = le texte « ce sur quoi le chargé de mission peut être mobilisé » manque. Écrivez-le dans called_on_for.
config-no-token = aucun jeton de bot. Définissez la variable d’environnement DISCORD_TOKEN, ou indiquez dans bot.toml (token_file) un fichier qui contient le jeton.
config-token-file-unreadable = impossible de lire le fichier du jeton { $path } ({ $detail }). Vérifiez le chemin et que l’utilisateur du bot peut le lire.
config-line = ligne { $line }

check-ok = Configuration, langues et base de données : tout est en ordre.
check-config-ok = Configuration : en ordre ({ $path }).
check-locales-ok = Langues : { $count } messages dans chaque langue.
check-database-ok = Base de données : { $path }, schéma à jour.
check-failed = { $count ->
    [one] { $count } problème trouvé.
   *[other] { $count } problèmes trouvés.
}
store-error = Problème de base de données : { $detail }
migrate-done = La base { $path } est à jour ({ $count } migrations appliquées).

console-welcome = Console suivi : la conversation de clôture dans un terminal. Vous jouez les deux rôles. Tapez /help pour les commandes.
console-help = Commandes :
    /open            ouvrir une séance de travail (le ou la bénéficiaire exprime ses attentes)
    /close           clore la séance (ajoutez « synthese » pour demander l’étape de synthèse,
                     « encore » pour recommencer pendant une clôture en cours)
    /role            passer de chargé·e de mission à bénéficiaire, et inversement
    /back /skip /pause /resume   (retour, passer, pause, reprendre)
    /commit TEXTE    (chargé·e de mission) saisir ses engagements
    /confirm         (chargé·e de mission) confirmer l’accord
    /propose TEXTE   (chargé·e de mission) proposer un changement
    /plan            afficher l’accord en cours
    /ics [FICHIER]   écrire le fichier calendrier de l’accord (par défaut suivi.ics)
    /wait 3j         avancer l’horloge (m, h, j, sem) : rappels et relances arrivent à leur heure
    /support pause|reprendre|fin   mettre en pause, reprendre ou terminer l’appui (côté actuel)
    /consent oui|non (bénéficiaire) donner ou retirer l’accord pour relayer
    /timezone ZONE   votre fuseau horaire, par ex. Europe/Paris
    /quit            quitter (tout est enregistré ; relancez pour reprendre)
    Choix : tapez le numéro de l’option (plusieurs : « 1 3 »).
console-role = Vous êtes maintenant : { $role ->
    [advisor] le ou la chargé·e de mission
   *[beneficiary] le ou la bénéficiaire
}.
console-prompt-advisor = chargé·e de mission>
console-prompt-beneficiary = bénéficiaire>
console-unknown-command = Commande inconnue. Tapez /help.
console-nothing-open = Aucune conversation en attente. Tapez /open pour ouvrir une séance, ou /close pour la clore.
console-not-a-number = Tapez le numéro d’une option (par exemple 1), ou plusieurs séparés par des espaces.
console-resuming = Reprise de la conversation là où elle s’était arrêtée.
console-bye = Au revoir. Tout est enregistré.
console-no-plan = Pas encore d’accord.
console-for-other-side = (pour { $role ->
    [advisor] le ou la chargé·e de mission
   *[beneficiary] le ou la bénéficiaire
})
run-failed = Le bot s’est arrêté : { $detail }
console-type-commitments = Tapez les engagements du ou de la chargé·e de mission sur une ligne :
console-type-proposal = Tapez le changement que vous proposez sur une ligne :
console-calendar-hint = Les échanges convenus peuvent aller dans votre agenda : /ics FICHIER les écrit dans un fichier d’agenda (suivi.ics par défaut) à importer dans Google Agenda, Outlook, Calendrier d’Apple…
console-closing-in-progress = Une clôture est en cours et n’est pas terminée ; rien n’a été effacé. Tapez /show pour la reprendre, ou /close encore (ou /open encore) pour recommencer : ses réponses restent lisibles dans /plan.

console-delivery-at = — { $when } —
console-waited = Il est maintenant { $when }.
console-wait-usage = Indiquez combien de temps attendre, par exemple /wait 3j, /wait 2h, /wait 1sem (un an au plus).
console-wait-real-clock = Cette horloge ne peut pas être avancée.
console-ics-written = Calendrier écrit dans { $path } : ouvrez-le avec votre application d’agenda.
console-ics-failed = Impossible d’écrire { $path } : { $detail }
console-support-usage = Indiquez quoi faire de l’appui : /support pause, /support reprendre ou /support fin.
console-consent-usage = Indiquez si les informations peuvent être relayées : /consent oui ou /consent non.
console-timezone-usage = Donnez un fuseau horaire IANA, par exemple /timezone Europe/Paris ou /timezone America/New_York.
console-done = C’est fait.
