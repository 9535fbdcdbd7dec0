# suivi run : démarrage, arrêt, et `suivi status --health`.
run-locked = Un autre suivi run (processus { $pid }) utilise déjà { $path }. Arrêtez-le d’abord (par exemple systemctl stop suivi), ou donnez à celui-ci une autre base (SUIVI_DATABASE).
run-commands-refused = Discord a refusé les commandes slash (HTTP { $status } : { $reason }). Vérifiez le jeton et l’application dans le portail des développeurs de Discord, puis relancez suivi.
run-commands-failed = Les commandes slash n’ont pas pu être enregistrées après { $tries } essais ({ $detail }). Discord est injoignable : vérifiez le réseau, puis relancez suivi.
run-no-loopback-gateway = api_base vaut { $base }, mais sa passerelle est introuvable ({ $detail }). suivi ne se rabat jamais sur la passerelle de Discord quand api_base est réglé : démarrez le Discord local, ou retirez api_base.
health-gateway-down = En mauvaise santé : la passerelle Discord n’est plus prête depuis { $since } ({ $minutes } min). Vérifiez le réseau et le journal de suivi.
health-failing = En mauvaise santé : { $count ->
    [one] { $count } message n’a pas pu être remis
   *[other] { $count } messages n’ont pas pu être remis
} dans la dernière heure (la limite est { $max }, health.failed_per_hour). Voyez suivi status et les résumés des chargé·es de mission.
