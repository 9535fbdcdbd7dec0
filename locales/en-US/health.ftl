# suivi run: starting, stopping, and `suivi status --health`.
run-locked = Another suivi run (process { $pid }) is already using { $path }. Stop it first (for example systemctl stop suivi), or give this one another database (SUIVI_DATABASE).
run-commands-refused = Discord refused the slash commands (HTTP { $status }: { $reason }). Check the token and the application in Discord's developer portal, then start suivi again.
run-commands-failed = The slash commands could not be registered after { $tries } tries ({ $detail }). Discord could not be reached: check the network, then start suivi again.
run-no-loopback-gateway = api_base is { $base }, but its gateway could not be found ({ $detail }). suivi never falls back to Discord's own gateway when api_base is set: start the loopback Discord, or remove api_base.
run-locked-shards = Another suivi run (process { $pid }) is already using { $path }. Several processes sharing the gateway (--shards) need a PostgreSQL database: database = "postgres://…" in bot.toml (or SUIVI_DATABASE). SQLite allows one suivi run per file: run every shard in this process (--shard-count alone), or move to PostgreSQL (suivi migrate --to postgres://…).
run-shards-bad = --shards "{ $value }" names neither a shard nor a range of shards. Write a number (2) or a range (0-1), numbered from 0, for example --shards 0-1 --shard-count 4.
run-shard-count-bad = --shard-count "{ $value }" is not a number of shards. Write a number from 1, or auto for the number Discord recommends.
run-shards-no-count = --shards also needs --shard-count, the total number of shards across all processes: for example --shards 0-1 --shard-count 4.
run-shards-auto = --shard-count auto runs every shard in this process; it cannot be combined with --shards. To share the gateway between several processes, give the number: --shards 0-1 --shard-count 4.
run-shards-out-of-range = --shards "{ $value }" goes past --shard-count { $count }: shards are numbered from 0 to { $last }.
health-gateway-down = Unhealthy: the Discord gateway has not been ready since { $since } ({ $minutes } min). Check the network and suivi's log.
health-failing = Unhealthy: { $count ->
    [one] { $count } message
   *[other] { $count } messages
} could not be delivered in the last hour (the limit is { $max }, health.failed_per_hour). See suivi status and the advisors' digests.
health-shards-down = Unhealthy: { $n ->
    [one] shard { $shards } of { $count } (process { $pid } on { $host }) has
   *[other] shards { $shards } of { $count } (process { $pid } on { $host }) have
} not been ready since { $since } ({ $minutes } min), and no other process runs them. Check that process's log.
health-gone = Unhealthy: { $n ->
    [one] shard { $shards } of { $count }
   *[other] shards { $shards } of { $count }
}: process { $pid } on { $host } last said it was ready, but has not been heard from since { $heard } ({ $seconds } s, three heartbeats missed). It stopped or lost the database: start it again.
health-uncovered = Unhealthy: no process runs { $n ->
    [one] shard { $shards }
   *[other] shards { $shards }
} of { $count }. Start the missing suivi run --shards … --shard-count { $count }.
health-process = { $n ->
    [one] Shard { $shards }
   *[other] Shards { $shards }
} of { $count }: process { $pid } on { $host }, { $state ->
    [ready] ready since { $since }
    [gone] said ready, silent (gone)
   *[down] not ready since { $since }
}, last heard { $heard }.
