# Messages pour l’exploitant : configuration, vérifications, console.

config-problem = { $where } : { $detail }
config-unreadable = impossible de lire le fichier de configuration ({ $detail }). Vérifiez le chemin donné avec --config.
config-syntax = ce n’est pas du TOML valide : { $kind ->
    [duplicate] cette clé est déjà donnée plus haut (une clé ne se donne qu’une fois par section)
    [dotted] cette clé prolonge une valeur qui n’est pas une section
    [range] ce nombre est trop grand
    [unquoted] un texte doit être écrit entre guillemets, par exemple language = "fr"
    [string] un texte entre guillemets n’est pas fermé sur sa ligne, ou contient une barre oblique inverse (\) non doublée
    [header] un titre de section s’écrit entre crochets sur sa ligne, par exemple [digest]
    [inline-table] une table sur une ligne s’écrit entre accolades, ses éléments séparés par des virgules
    [array] une liste s’écrit entre crochets, ses éléments séparés par des virgules, par exemple ["24h", "1h"]
    [date] cette date ou cette heure est mal écrite
    [number] ce nombre est mal écrit (des chiffres seulement, par exemple 48)
    [key-value] chaque ligne doit être de la forme clé = valeur
    [line-end] la ligne continue après sa valeur (un commentaire commence par #)
   *[other] la ligne indiquée n’est pas comprise
}. Corrigez la ligne indiquée.
config-unknown-key = clé inconnue. Vouliez-vous dire « { $suggestion } » ?
config-wrong-type = type de valeur incorrect : attendu { $expected ->
    [text] un texte entre guillemets
    [integer] un nombre entier
    [number] un nombre
    [list-of-text] une liste de textes, comme ["a", "b"]
   *[other] une liste de nombres entiers, comme [123, 456]
}.
config-bad-language = « { $value } » n’est pas une langue de suivi. Utilisez "fr" ou "en".
config-bad-timezone = « { $value } » n’est pas un fuseau horaire IANA. Utilisez un nom comme "Europe/Paris" ou "America/Montreal".
config-out-of-range = { $value } est hors limites. Utilisez une valeur de { $min } à { $max }.
config-bad-duration = « { $value } » n’est pas un délai. Utilisez un nombre et une unité : "24h", "90m", "2d" (14 jours au plus).
config-too-many-leads = { $count } délais donnés, { $max } au plus sont acceptés. Gardez les { $max } plus utiles, comme ["24h", "1h"].
config-bad-max-early = « { $value } » n’est pas une avance acceptée. Utilisez une durée de "0m" (jamais en avance) à "60m", comme "10m" : c’est l’avance la plus grande qu’un rappel peut prendre quand une rafale ne passerait pas à temps à la limite de Discord.
config-called-on-for-too-long = ce texte compte { $len } caractères, plus que { $max } : il est montré à chaque clôture. Raccourcissez-le.
config-bad-weekday = « { $value } » n’est pas un jour. Utilisez lundi…dimanche ou monday…sunday.
config-bad-time = « { $value } » n’est pas une heure. Utilisez HH:MM sur 24 heures, comme "09:00".
config-token-in-file = le jeton du bot ne doit jamais être écrit dans bot.toml. Supprimez cette ligne et placez le jeton dans DISCORD_TOKEN ou dans un fichier désigné par token_file.
config-unknown-env = cette variable d’environnement n’est pas un réglage de suivi. Vérifiez son orthographe d’après bot.toml.
config-missing-called-on-for = le texte « ce sur quoi un·e chargé·e de mission peut être mobilisé·e » manque. Écrivez-le dans called_on_for.
config-no-token = aucun jeton de bot. Définissez la variable d’environnement DISCORD_TOKEN, ou indiquez dans bot.toml (token_file) un fichier qui contient le jeton.
config-token-file-unreadable = impossible de lire le fichier du jeton { $path } ({ $detail }). Vérifiez le chemin et que l’utilisateur du bot peut le lire.
config-line = ligne { $line }
config-column = colonne { $column }

check-ok = Configuration, langues et base de données : tout est en ordre.
check-config-ok = Configuration : en ordre ({ $path }).
check-locales-ok = Langues : { $count } messages dans chaque langue.
check-database-ok = Base de données : { $path }, schéma à jour.
check-database-missing = Base de données : { $path } n’existe pas encore. `suivi migrate` (ou le premier `suivi run`) la crée, lisible par son seul propriétaire.
check-database-pending = Base de données : { $path }, { $count ->
    [one] { $count } migration
   *[other] { $count } migrations
} à appliquer. `suivi migrate` les applique (après avoir écrit une copie de sauvegarde), et `suivi run` aussi au démarrage.
check-failed = { $count ->
    [one] { $count } problème trouvé.
   *[other] { $count } problèmes trouvés.
}
store-error = Problème de base de données : { $detail }
store-no-directory = Base de données : le dossier { $dir } n’existe pas, { $path } ne peut donc pas y être créé. Créez d’abord le dossier (mkdir -p { $dir }) ou choisissez un autre chemin (--db, ou database dans bot.toml).
cli-unknown-language = --lang { $value } : suivi ne parle pas cette langue. Langues : { $languages }.
migrate-done = La base { $path } est à jour ({ $count ->
    [one] { $count } migration appliquée
   *[other] { $count } migrations appliquées
}).

console-welcome = Console suivi : la conversation de clôture dans un terminal. Vous jouez les deux rôles. Tapez /help pour les commandes.
console-help = Commandes (tapez-les telles quelles, au début de la ligne) :
    /open            ouvrir une séance de travail (la personne bénéficiaire exprime ses attentes)
    /close           clore la séance (ajoutez « synthese » pour demander l’étape de synthèse,
                     « encore » pour recommencer pendant une clôture en cours)
    /role            passer de chargé·e de mission à bénéficiaire, et inversement
                     (/role advisor ou /role beneficiary pour choisir le côté)
    /show            afficher de nouveau la question en cours
    /back            revenir à la question précédente (votre réponse d’alors est affichée)
    /skip            passer une question facultative
    /pause /resume   mettre la conversation en pause, la reprendre
    /commit TEXTE    (chargé·e de mission) saisir ses engagements
    /confirm         (chargé·e de mission) confirmer l’accord
    /propose TEXTE   (chargé·e de mission) proposer un changement
    /plan            afficher l’accord en cours
    /reschedule DATE | RYTHME   proposer une autre date pour le prochain échange et, après « | »,
                     un autre rythme si besoin (par ex. /reschedule mardi 14h)
    /ics [FICHIER]   écrire le fichier calendrier de l’accord (par défaut suivi.ics)
    /wait 3j         avancer l’horloge (m, h, j, sem, mois) : rappels et relances arrivent à leur heure
    /now             l’heure de la console (avancée par /wait, gardée d’un lancement à l’autre)
    /support pause|reprendre|fin   mettre en pause, reprendre ou terminer l’appui (côté actuel)
    /consent oui|non (bénéficiaire) donner ou retirer l’accord pour relayer
    /digest          (chargé·e de mission) le résumé de la situation de la personne bénéficiaire
    /timezone VILLE  votre fuseau horaire, par ex. /timezone Dakar ou /timezone Europe/Paris
    /help            cette aide
    /quit            quitter (tout est enregistré ; relancez pour reprendre)
    Choix : tapez le numéro de l’option ou son texte (plusieurs : « 1 3 »).
    Tâches : une par ligne puis une ligne vide, ou toutes sur une ligne séparées par « ; ».
console-role = Vous êtes maintenant : { $role ->
    [advisor] chargé·e de mission
   *[beneficiary] bénéficiaire
}.
console-prompt-advisor = chargé·e de mission>
console-prompt-beneficiary = bénéficiaire>
console-unknown-command = Commande inconnue. Tapez /help.
console-nothing-open = Aucune conversation en attente. Tapez /open pour ouvrir une séance, ou /close pour la clore.
console-not-a-number = Tapez le numéro d’une option (par exemple 1), ou plusieurs séparés par des espaces, ou le texte des options séparés par des virgules.
console-resuming = Reprise de la conversation là où elle s’était arrêtée.
console-bye = Au revoir. Tout est enregistré.
console-no-plan = Pas encore d’accord.
console-for-other-side = (côté { $role ->
    [advisor] chargé·e de mission
   *[beneficiary] bénéficiaire
})
run-failed = Le bot s’est arrêté : { $detail }
console-type-commitments = Tapez les engagements côté chargé·e de mission, sur une ligne :
console-type-proposal = Tapez le changement que vous proposez sur une ligne :
console-calendar-hint = Les échanges convenus peuvent aller dans votre agenda : /ics FICHIER les écrit dans un fichier d’agenda (suivi.ics par défaut) à importer dans Google Agenda, Outlook, Calendrier d’Apple…
console-closing-in-progress = Une clôture est en cours et n’est pas terminée ; rien n’a été effacé. Tapez /show pour la reprendre, ou /close encore (ou /open encore) pour recommencer : ses réponses restent lisibles dans /plan.

console-delivery-at = — { $when } —
console-waited = Il est maintenant { $when }.
console-wait-usage = Indiquez combien de temps attendre, par exemple /wait 3j, /wait 2h, /wait 1sem ou /wait 1mois (un an au plus).
console-wait-out-of-range = Vous pouvez attendre de 1 minute à { $days } jours (un an) : par exemple /wait 3j, /wait 2h ou /wait 1sem.
console-line-too-long = La ligne { $line } dépasse { $max } octets et n’a pas été lue : raccourcissez-la et tapez-la de nouveau.
console-line-not-utf8 = La ligne { $line } n’est pas du texte UTF-8 et n’a pas été lue : enregistrez le script en UTF-8 et tapez de nouveau cette ligne.
console-wait-real-clock = Cette horloge ne peut pas être avancée.
console-ics-written = Calendrier écrit dans { $path } : ouvrez-le avec votre application d’agenda.
console-ics-failed = Impossible d’écrire { $path } : { $detail }
console-support-usage = Indiquez quoi faire de l’appui : /support pause, /support reprendre ou /support fin.
console-consent-usage = Indiquez si les informations peuvent être relayées : /consent oui ou /consent non.
console-timezone-usage = Donnez une ville ou un fuseau horaire IANA, par exemple /timezone Dakar, /timezone Montréal ou /timezone Europe/Paris.

ops-write-failed = Impossible d’écrire { $path } : { $detail }. Choisissez un fichier qui n’existe pas encore, dans un dossier où vous pouvez écrire.
ops-erase-needs-yes = L’effacement demande une confirmation dans un terminal. Dans un script, ajoutez --yes.
ops-erase-confirm = Cela efface définitivement tout ce qui est conservé sur l’utilisateur { $user }. Tapez de nouveau son identifiant pour confirmer :
ops-erased = Effacé ce qui était conservé sur l’utilisateur { $user } ({ $supports ->
    [one] { $supports } appui
   *[other] { $supports } appuis
}, { $deliveries ->
    [one] { $deliveries } message envoyé ou prévu
   *[other] { $deliveries } messages envoyés ou prévus
}). Ses chargé·es de mission sont prévenu·es.
ops-bad-since = --since attend une date (2027-01-31) ou un instant RFC 3339.
ops-audit-empty = Rien dans le journal d’audit.
ops-backup-exists = { $path } existe déjà : choisissez un nouveau nom de fichier (une sauvegarde n’écrase jamais).
ops-backup-done = Sauvegarde écrite dans { $path } en { $ms } ms (mode 0600). Pour restaurer : arrêtez suivi, remplacez le fichier de la base par cette copie (supprimez les fichiers -wal et -shm à côté), puis relancez suivi.
ops-unhealthy = En mauvaise santé : { $count ->
    [one] { $count } message est dû
   *[other] { $count } messages sont dus
} depuis plus de 5 minutes (suivi tourne-t-il ?).
ops-status = suivi { $version }
    base : { $path } ({ $kib } Kio)
    appuis actifs : { $supports } ; conversations en cours : { $conversations }
    messages prévus : { $planned } ; en retard : { $late } ; en échec : { $failed }
    dernier événement de la passerelle : { $gateway }
config-api-base-not-loopback = « { $value } » n’est pas une adresse locale (loopback). api_base ne sert qu’aux tests avec un Discord local (http://127.0.0.1:PORT) ; le jeton du bot y est envoyé. Retirez-le en production.
config-token-file-open = Le fichier du jeton { $path } est lisible par d’autres utilisateurs. Rendez-le lisible par le seul utilisateur du bot : chmod 600 { $path }

# Les bords : le fichier de base de données, les sauvegardes, les versions du schéma, un disque plein.
store-no-path = Base de données : aucun fichier n’est indiqué (database = ""). Indiquez dans database (bot.toml) ou SUIVI_DATABASE le chemin du fichier SQLite, par exemple « /var/lib/suivi/suivi.db ».
store-not-writable = Base de données : { $path } ne peut pas être écrit ({ $detail }). Donnez-le à l’utilisateur du bot, en mode 0600 (chown, puis chmod 600 { $path }).
store-folder-not-writable = Base de données : impossible de créer des fichiers dans le dossier { $dir } ({ $detail }) ; SQLite y écrit ses fichiers -wal et -shm. Permettez à l’utilisateur du bot d’écrire dans ce dossier.
store-damaged = Base de données : { $path } est endommagée ({ $detail }). Arrêtez suivi et restaurez la dernière sauvegarde (README, « Backup and restore »).
store-newer = Base de données : { $path } a été écrite par un suivi plus récent (schéma { $theirs } ; ce suivi { $version } connaît jusqu’au { $ours }). Lancez le suivi plus récent, ou restaurez une sauvegarde faite avant la mise à jour.
store-migration-failed = Base de données : la migration de { $path } a échoué à la migration { $migration } ({ $detail }). Rien n’a été modifié dans le fichier et aucune autre sauvegarde n’est écrite. Gardez la copie de sauvegarde à côté (.backup-….db), signalez ce message, puis restaurez cette copie ou corrigez la cause avant de relancer suivi.
store-needs-migration = Base de données : { $path } a { $count ->
    [one] une migration
   *[other] { $count } migrations
} à appliquer, et cette commande ne modifie pas le fichier. Lancez `suivi migrate` (ou démarrez suivi), puis recommencez.
store-full-database = Base de données : { $path } est pleine (plus d’espace sur son disque, ou sa taille maximale atteinte). Rien de ce qui est déjà enregistré n’est perdu. Libérez de l’espace sur ce disque : les écritures reprennent d’elles-mêmes.
store-full-journal = Base de données : le disque du journal d’écriture { $path } est plein. Rien de ce qui est déjà enregistré n’est perdu. Libérez de l’espace sur ce disque : les écritures reprennent d’elles-mêmes.
store-full-backup = Sauvegarde : plus d’espace pour { $path } ; la copie partielle a été supprimée. Choisissez un dossier qui a plus d’espace.
ops-backup-no-folder = Sauvegarde : le dossier { $dir } n’existe pas, { $path } ne peut donc pas y être écrit. Créez-le d’abord (mkdir -p { $dir }), ou choisissez un autre chemin.
ops-backup-failed = La sauvegarde vers { $path } a échoué : { $detail }. La copie partielle a été supprimée ; la base de données n’a pas été modifiée.
ops-backup-interrupted = Sauvegarde vers { $path } interrompue : la copie partielle a été supprimée.
ops-erase-nobody = Rien n’est conservé sur l’utilisateur { $user } : rien n’a été effacé et personne n’a été prévenu. Vérifiez l’identifiant (un identifiant d’utilisateur Discord).
console-bye-unsaved = Au revoir. Votre dernière saisie n’a pas pu être enregistrée : relancez la console et tapez-la de nouveau. Tout ce qui la précède est enregistré.
console-ics-exists = { $path } existe déjà : donnez un autre nom de fichier (/ics FICHIER). Un fichier de calendrier ne remplace jamais un autre fichier.
config-token-file-empty = le fichier du jeton { $path } est vide. Mettez-y le jeton du bot, sur une ligne.
config-token-file-lines = le fichier du jeton { $path } contient plus d’une ligne. Gardez-y seulement le jeton, sur une ligne.
config-token-file-control = le fichier du jeton { $path } contient des caractères de contrôle (un retour chariot, une tabulation…). N’y écrivez que le jeton, sur une ligne.
config-empty-database = aucun fichier de base de données n’est indiqué. Donnez le chemin du fichier SQLite, par exemple « suivi.db » ou « /var/lib/suivi/suivi.db ».
ops-status-unplannable = { $count ->
    [one] { $count } accord n’a pas pu être planifié
   *[other] { $count } accords n’ont pas pu être planifiés
    } (identifiants { $ids }) : aucun rappel ne part pour eux. Cherchez ces identifiants dans le journal, puis demandez au conseiller de refixer le rythme avec /reschedule.

# suivi migrate --to postgres://… : déménager une installation vers PostgreSQL.
migrate-to-start = Copie de { $path } dans { $target }, depuis un instantané cohérent (le bot peut continuer de tourner ; ce qu’il écrit après l’instantané n’est pas copié).
migrate-to-head-table = table
migrate-to-head-rows = lignes
migrate-to-head-checksum = somme de contrôle (SHA-256)
migrate-to-same = ok
migrate-to-differs = DIFFÈRE
migrate-to-done = { $tables } tables, { $rows ->
    [one] { $rows } ligne copiée
   *[other] { $rows } lignes copiées
} dans { $target } : nombres de lignes et sommes de contrôle identiques des deux côtés.
migrate-to-mismatch = La copie diffère de { $path } dans { $count ->
    [one] une table
   *[other] { $count } tables
} : la transaction PostgreSQL a été annulée, { $target } n’en garde rien. Signalez-le avec cette sortie.
migrate-to-not-postgres = --to { $url } : ce n’est pas une URL PostgreSQL. Écrivez postgres://utilisateur@hôte/base, avec le mot de passe dans PGPASSWORD ou ~/.pgpass plutôt que sur la ligne de commande.
migrate-to-source-missing = Rien à copier : la base { $path } n’existe pas (--db, ou database dans bot.toml).
migrate-to-source-server = La base est déjà sur PostgreSQL ({ $source }) : --to copie un fichier SQLite (--db FICHIER). Pour copier d’un serveur à l’autre, utilisez pg_dump et pg_restore.
migrate-to-source-failed = Impossible de lire la base { $path } : { $detail }
migrate-to-source-pending = La base { $path } a { $count ->
    [one] une migration
   *[other] { $count } migrations
} à appliquer : lancez d’abord suivi migrate, puis copiez-la.
migrate-to-source-newer = La base { $path } a été écrite par un suivi plus récent (migration { $version }) : copiez-la avec cette version.
migrate-to-connect = Impossible de joindre { $target } : { $detail }. Vérifiez l’URL, que le serveur tourne et que la base existe (createdb).
migrate-to-not-empty = { $target } contient déjà des lignes : { $tables }. suivi ne copie que dans une base vide : créez-en une (createdb) ou videz celle-ci.
migrate-to-migrate-failed = Impossible de créer les tables de suivi dans { $target } : { $detail }
migrate-to-schema-differs = Les tables PostgreSQL de { $target } diffèrent de celles de SQLite, rien n’a été copié : { $detail }
migrate-to-bad-value = La table { $table }, colonne { $column }, contient une valeur d’un type inattendu ; rien n’a été copié ({ $detail }).
migrate-to-failed = La copie a échoué et { $target } n’en garde rien : { $detail }
