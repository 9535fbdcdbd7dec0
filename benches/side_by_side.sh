#!/usr/bin/env bash
# The closing step and the check-in step, before and after, side by side in one session:
# builds the `closing_step` bench of a base revision in its own worktree and target dir,
# builds this checkout's, then runs them alternately (old, new, new, old, old, …) and prints
# each run's median and p99, the median of those over the rounds, and the ratios new / old.
#
# Usage: benches/side_by_side.sh [BASE_REV] [ROUNDS]
#   BASE_REV  the revision to compare with (default b7208ae, the commit before issue 16)
#   ROUNDS    rounds of one old and one new run, the order swapped every round (default 4)
# Environment:
#   SUIVI_BENCH_STEPS  timed steps per side and run (default 3000; the bench's own is 10,000)
#   BASE_WORKTREE      the base revision's worktree (default /tmp/suivi-base)
#   BASE_TARGET_DIR    its target dir (default /tmp/suivi-base-target); when it has no release
#                      build yet, this checkout's release profile is copied into it first so
#                      the dependencies are not built again
#   CARGO_TARGET_DIR   this checkout's target dir (cargo's default when unset)
#   KEEP_OUTPUT        a folder to keep every run's full output in (default: a temporary one)
#
# Same workload on both sides: this checkout's bench source (benches/closing_step.rs and
# benches/fixture/) is copied into the base worktree and built against the base revision's
# library. closing_step takes from the fixture only `checkin`, `closing`, `stats` and
# `common.rs` (an inline `mod fixture`), which name only what b7208ae and later share: the
# check-in it hands to Desk::begin_checkin is read through SQL, as a claim reads it; the
# seeding modules, which name sqlx::AnyConnection (the store moved to sqlx Any with issue 17;
# b7208ae's sqlx has no `any` feature), are not part of it. So both sides time the same
# closing and check-in steps, each with its own revision's library (store included: the old
# side runs b7208ae's SqlitePool store, the new one today's sqlx Any store). One set-up call
# changed spelling since (Desk::between); against a base without it the copied closing script
# is respelled the base's way (see below) and the script's output says so.
# `benches/side_by_side.sh HEAD` compares this checkout with itself (A/A: the noise floor).
# If the bench does not compile there (the library's API moved), the base revision's own
# bench is built instead: it has no check-in step and no SUIVI_BENCH_STEPS (10,000 steps per
# run), so only the closing step is compared, and the script says so.
set -euo pipefail

base_rev=${1:-b7208ae}
rounds=${2:-4}
steps=${SUIVI_BENCH_STEPS:-3000}
base_wt=${BASE_WORKTREE:-/tmp/suivi-base}
base_target=${BASE_TARGET_DIR:-/tmp/suivi-base-target}

root=$(git rev-parse --show-toplevel)
cd "$root"
new_target=${CARGO_TARGET_DIR:-$root/target}
base=$(git rev-parse --verify "${base_rev}^{commit}")
out=${KEEP_OUTPUT:-$(mktemp -d)}
mkdir -p "$out"

say() { printf '%s\n' "$*" >&2; }

# The executable `cargo bench --no-run` built for closing_step, from its JSON messages.
bench_exe() {
    cargo bench --no-run --bench closing_step --message-format=json 2>/dev/null |
        grep -o '"executable":"[^"]*closing_step[^"]*"' | tail -n 1 | cut -d'"' -f4
}

say "== base ${base_rev} (${base}) in ${base_wt}, target ${base_target}"
if [ -d "$base_wt" ]; then
    git -C "$base_wt" checkout --quiet --force --detach "$base"
    git -C "$base_wt" clean -fdq -- benches
else
    git worktree add --quiet --detach "$base_wt" "$base"
fi
if [ ! -d "$base_target/release" ] && [ -d "$new_target/release" ]; then
    say "   seeding ${base_target} with this checkout's release build (dependencies)"
    mkdir -p "$base_target"
    cp -a "$new_target/release" "$base_target/"
fi

mode=same
cp benches/closing_step.rs "$base_wt/benches/closing_step.rs"
rm -rf "$base_wt/benches/fixture"
cp -r benches/fixture "$base_wt/benches/fixture"
# Set-up only, never a timed step: since b7208ae a support's pair is named once,
# `desk.between(guild, advisor, beneficiary).open_session()` / `.start_closing(synthesis)`,
# where the base spelled `desk.open_session(guild, advisor, beneficiary)` /
# `desk.start_closing(guild, advisor, beneficiary, synthesis)`. Against a base without
# `between`, the copied closing script is respelled so; the calls do the same thing.
adapted=
if ! git grep -q 'pub fn between' "$base" -- src/conversation; then
    perl -0pi -e 's/\.between\(([^()]*)\)\s*\.open_session\(\)/.open_session($1)/g;
                  s/\.between\(([^()]*)\)\s*\.start_closing\(([^()]*)\)/.start_closing($1, $2)/g' \
        "$base_wt/benches/fixture/closing.rs"
    adapted=" (set-up calls in fixture/closing.rs respelled for ${base_rev}'s Desk: open_session and start_closing without between)"
    say "   ${base_rev} has no Desk::between: the closing script's set-up calls are respelled for it"
fi
if ! (cd "$base_wt" && CARGO_TARGET_DIR=$base_target cargo bench --no-run --bench closing_step >"$out/base-build.log" 2>&1); then
    say "   this checkout's bench does not compile against ${base_rev} (see $out/base-build.log):"
    say "   falling back to ${base_rev}'s own bench: the closing step only, 10,000 steps per old run"
    mode=closing-only
    git -C "$base_wt" checkout --quiet --force -- benches
    git -C "$base_wt" clean -fdq -- benches
    (cd "$base_wt" && CARGO_TARGET_DIR=$base_target cargo bench --no-run --bench closing_step >"$out/base-build.log" 2>&1)
fi
old_exe=$(cd "$base_wt" && CARGO_TARGET_DIR=$base_target bench_exe)

new_rev=$(git rev-parse --short HEAD)
# The new side is built from the working tree: say so when it differs from HEAD.
git diff --quiet HEAD -- src benches Cargo.toml Cargo.lock migrations || new_rev="${new_rev}+uncommitted"
say "== this checkout (${new_rev}), target ${new_target}"
cargo bench --no-run --bench closing_step >"$out/new-build.log" 2>&1
new_exe=$(bench_exe)
[ -x "$old_exe" ] && [ -x "$new_exe" ] || { say "no bench executable found"; exit 1; }

# median and p99 (µs) of the table row named $2 in the output $1, or "- -".
row() {
    awk -F'|' -v name="$2" '
        { n = $2; gsub(/^ +| +$/, "", n) }
        n == name { m = $3; p = $5; gsub(/ /, "", m); gsub(/ /, "", p); print m, p; found = 1; exit }
        END { if (!found) print "- -" }' "$1"
}

sides=("file database" "engine only")
[ "$mode" = same ] && sides+=("check-in: file database" "check-in: engine only")

run() { # side round
    local exe=$old_exe dir=$base_wt
    [ "$1" = new ] && exe=$new_exe dir=$root
    local load
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    (cd "$dir" && SUIVI_BENCH_STEPS=$steps "$exe" >"$out/$1-$2.txt" 2>&1)
    printf '%s\n' "$load" >"$out/$1-$2.load"
}

say "== ${rounds} rounds, ${steps} timed steps per side (new runs$([ "$mode" = same ] && echo " and old runs")), outputs in ${out}"
for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
    for side in $order; do
        say "   round $r: $side"
        run "$side" "$r"
    done
done

# Median of the numbers on stdin.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "closing_step side by side: base ${base_rev} (old) against ${new_rev} (new)"
echo "both sides run this checkout's closing_step source${adapted}; the old side is linked with ${base_rev}'s library, the new side with ${new_rev}'s"
echo "mode: $mode; ${rounds} rounds (ABBA order), SUIVI_BENCH_STEPS=${steps}; $(nproc) cores; old ${old_exe}, new ${new_exe}"
echo
printf '| %-23s | %5s | %4s | %15s | %10s | %10s |\n' "µs per step" round side "load (1/5/15)" median p99
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..25})" "------:" "------" "-----------------" "-----------:" "-----------:"
for name in "${sides[@]}"; do
    for r in $(seq 1 "$rounds"); do
        for side in old new; do
            read -r m p < <(row "$out/$side-$r.txt" "$name")
            printf '| %-23s | %5s | %4s | %15s | %10s | %10s |\n' "$name" "$r" "$side" "$(cat "$out/$side-$r.load")" "$m" "$p"
        done
    done
done
echo
echo "median over the rounds, and new / old:"
printf '| %-23s | %10s | %10s | %10s | %10s | %12s | %12s |\n' "µs per step" "old median" "new median" "old p99" "new p99" "median ratio" "p99 ratio"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..25})" "-----------:" "-----------:" "-----------:" "-----------:" "-------------:" "-------------:"
for name in "${sides[@]}"; do
    declare -A fig=()
    for side in old new; do
        ms=() ps=()
        for r in $(seq 1 "$rounds"); do
            read -r m p < <(row "$out/$side-$r.txt" "$name")
            ms+=("$m") ps+=("$p")
        done
        fig[$side-m]=$(printf '%s\n' "${ms[@]}" | grep -v '^-$' | median)
        fig[$side-p]=$(printf '%s\n' "${ps[@]}" | grep -v '^-$' | median)
    done
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", b / a; else print "-" }'; }
    printf '| %-23s | %10s | %10s | %10s | %10s | %12s | %12s |\n' "$name" \
        "${fig[old-m]}" "${fig[new-m]}" "${fig[old-p]}" "${fig[new-p]}" \
        "$(ratio "${fig[old-m]}" "${fig[new-m]}")" "$(ratio "${fig[old-p]}" "${fig[new-p]}")"
    unset fig
done
echo
echo "goal: the file-database rows within 1.10x of old (median and p99)."
[ "$mode" = same ] || echo "closing step only: ${base_rev} cannot build this checkout's bench (no check-in step compared)."
