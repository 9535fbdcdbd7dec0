# suivi run: starting, stopping, and `suivi status --health`.
run-locked = Another suivi run (process { $pid }) is already using { $path }. Stop it first (for example systemctl stop suivi), or give this one another database (SUIVI_DATABASE).
run-commands-refused = Discord refused the slash commands (HTTP { $status }: { $reason }). Check the token and the application in Discord's developer portal, then start suivi again.
run-commands-failed = The slash commands could not be registered after { $tries } tries ({ $detail }). Discord could not be reached: check the network, then start suivi again.
run-no-loopback-gateway = api_base is { $base }, but its gateway could not be found ({ $detail }). suivi never falls back to Discord's own gateway when api_base is set: start the loopback Discord, or remove api_base.
health-gateway-down = Unhealthy: the Discord gateway has not been ready since { $since } ({ $minutes } min). Check the network and suivi's log.
health-failing = Unhealthy: { $count ->
    [one] { $count } message
   *[other] { $count } messages
} could not be delivered in the last hour (the limit is { $max }, health.failed_per_hour). See suivi status and the advisors' digests.
