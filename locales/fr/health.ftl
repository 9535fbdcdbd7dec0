# suivi run : démarrage, arrêt, et `suivi status --health`.
run-locked = Un autre suivi run (processus { $pid }) utilise déjà { $path }. Arrêtez-le d’abord (par exemple systemctl stop suivi), ou donnez à celui-ci une autre base (SUIVI_DATABASE).
run-commands-refused = Discord a refusé les commandes slash (HTTP { $status } : { $reason }). Vérifiez le jeton et l’application dans le portail des développeurs de Discord, puis relancez suivi.
run-commands-failed = Les commandes slash n’ont pas pu être enregistrées après { $tries } essais ({ $detail }). Discord est injoignable : vérifiez le réseau, puis relancez suivi.
run-no-loopback-gateway = api_base vaut { $base }, mais sa passerelle est introuvable ({ $detail }). suivi ne se rabat jamais sur la passerelle de Discord quand api_base est réglé : démarrez le Discord local, ou retirez api_base.
run-locked-shards = Un autre suivi run (processus { $pid }) utilise déjà { $path }. Plusieurs processus qui se partagent la passerelle (--shards) ont besoin d’une base PostgreSQL : database = "postgres://…" dans bot.toml (ou SUIVI_DATABASE). SQLite n’admet qu’un suivi run par fichier : lancez tous les shards dans ce processus (--shard-count seul), ou passez à PostgreSQL (suivi migrate --to postgres://…).
run-shards-bad = --shards « { $value } » ne désigne ni un shard ni une plage de shards. Écrivez un numéro (2) ou une plage (0-1), numérotés à partir de 0, par exemple --shards 0-1 --shard-count 4.
run-shard-count-bad = --shard-count « { $value } » n’est pas un nombre de shards. Écrivez un nombre à partir de 1, ou auto pour le nombre que Discord recommande.
run-shards-no-count = --shards demande aussi --shard-count, le nombre total de shards de tous les processus : par exemple --shards 0-1 --shard-count 4.
run-shards-auto = --shard-count auto lance tous les shards dans ce processus ; il ne se combine pas avec --shards. Pour partager la passerelle entre plusieurs processus, donnez le nombre : --shards 0-1 --shard-count 4.
run-shards-out-of-range = --shards « { $value } » dépasse --shard-count { $count } : les shards sont numérotés de 0 à { $last }.
health-gateway-down = En mauvaise santé : la passerelle Discord n’est plus prête depuis { $since } ({ $minutes } min). Vérifiez le réseau et le journal de suivi.
health-failing = En mauvaise santé : { $count ->
    [one] { $count } message n’a pas pu être remis
   *[other] { $count } messages n’ont pas pu être remis
} dans la dernière heure (la limite est { $max }, health.failed_per_hour). Voyez suivi status et les résumés des chargé·es de mission.
health-shards-down = En mauvaise santé : { $n ->
    [one] le shard { $shards } sur { $count } (processus { $pid } sur { $host }) n’est plus prêt
   *[other] les shards { $shards } sur { $count } (processus { $pid } sur { $host }) ne sont plus prêts
} depuis { $since } ({ $minutes } min), et aucun autre processus ne les lance. Vérifiez le journal de ce processus.
health-gone = En mauvaise santé : { $n ->
    [one] shard { $shards } sur { $count }
   *[other] shards { $shards } sur { $count }
}, le processus { $pid } sur { $host } s’est dit prêt, mais rien n’en est venu depuis { $heard } ({ $seconds } s, trois battements de cœur manqués). Il s’est arrêté ou a perdu la base : relancez-le.
health-uncovered = En mauvaise santé : aucun processus ne lance { $n ->
    [one] le shard { $shards }
   *[other] les shards { $shards }
} sur { $count }. Lancez le suivi run --shards … --shard-count { $count } qui manque.
health-process = { $n ->
    [one] Shard { $shards }
   *[other] Shards { $shards }
} sur { $count } : processus { $pid } sur { $host }, { $state ->
    [ready] prêt depuis { $since }
    [gone] s’est dit prêt, muet (disparu)
   *[down] pas prêt depuis { $since }
}, dernier signe { $heard }.
