#!/usr/bin/env bash
# Worst cases: does any input make `bulletin build` slower than linear, or use memory
# beyond a small multiple of the input? Content comes from pull requests and is built
# in CI, so every dimension of a post is pushed to its extreme, at two sizes.
#
# Usage (from the repo root):  benches/worst.sh [CASE[=N]...]   (default: every case)
#
# For each case, benches/gen_worst.py writes a site of size N and one of size 2N under
# /dev/shm/bulletin-worst/, and the release binary builds each three times into /dev/shm
# (a clean output folder every time) under /usr/bin/time -v. The table gives the
# input's bytes, the fastest wall time, the peak memory (max RSS) and the output's
# bytes at N and 2N, and the 2N/N ratios of the wall time and of the user CPU time
# (steadier on a shared machine): linear work is a ratio near 2 (well under 4). A build that
# runs longer than BULLETIN_WORST_TIMEOUT seconds (default 120) is stopped and shown
# as ">limit"; one that refuses the site (exit 1) is shown with "(refused)".
#
# Environment knobs:
#   BULLETIN_BIN=PATH            use this binary and skip `cargo build --release`
#   BULLETIN_WORST_TIMEOUT=S     per-build time limit (default 120)
#   BULLETIN_WORST_RUNS=R        builds of each site (default 3; the fastest counts)
#   BULLETIN_WORST_MIN_FREE=B    stop a build that leaves less than B bytes free on
#                                /dev/shm (default 4 GiB; shown as "stopped")
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WORK=/dev/shm/bulletin-worst
BIN="${BULLETIN_BIN:-target/release/bulletin}"
LIMIT="${BULLETIN_WORST_TIMEOUT:-120}"
RUNS="${BULLETIN_WORST_RUNS:-3}"
MIN_FREE="${BULLETIN_WORST_MIN_FREE:-$((4 << 30))}"

# case N: the smaller size of each case (what N counts is in benches/gen_worst.py).
SIZES=(
    "headings 200000"
    "badges 50000"
    "tags 40000"
    "authors 40000"
    "huge 50"
    "lines 10"
    "code 200000"
    "heading-links 1000000"
    "title-tags 8000"
    "description-tags 8000"
    "title-redirects 8000"
    "tag-clash 40000"
    "years 1000"
    "deep-legacy 500"
)

if [[ ! -x /usr/bin/time ]]; then
    echo "worst: /usr/bin/time is required (Debian package: time)" >&2
    exit 1
fi
if [[ -z "${BULLETIN_BIN:-}" ]]; then
    cargo build --release >&2
fi
if [[ ! -x "$BIN" ]]; then
    echo "worst: $BIN not found or not executable" >&2
    exit 1
fi

wanted=("$@")
mkdir -p "$WORK"

# build SITE OUT LOG: one build under /usr/bin/time -v, stopped when it runs longer
# than LIMIT seconds or leaves less than MIN_FREE bytes free on /dev/shm (the output of
# a quadratic build fills it: tmpfs is memory). Prints the exit status: 124 for the time
# limit, 200 for the space limit, and the bytes of the output.
build() {
    local site="$1" out="$2" log="$3" pid child status=0
    /usr/bin/time -v -o "$log" timeout "$LIMIT" "$BIN" build -s "$site" -o "$out" \
        >/dev/null 2>"$log.stderr" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [[ "$(df --output=avail -B1 /dev/shm | tail -1)" -lt "$MIN_FREE" ]]; then
            child="$(pgrep -P "$pid" || true)"
            [[ -n "$child" ]] && kill -TERM "$child"
            wait "$pid" || true
            status=200
            break
        fi
        sleep 0.2
    done
    if [[ "$status" -eq 0 ]]; then
        wait "$pid" || status=$?
    fi
    local bytes
    bytes="$(du -sb "$out" 2>/dev/null | cut -f1)"
    # A build stopped midway leaves its staging folder beside the output.
    rm -rf "$out" "$(dirname "$out")/.$(basename "$out").bulletin-staging-"*
    echo "$status ${bytes:-0}"
}

# run CASE N: generate, build RUNS times; prints "input_bytes wall user max_rss_kib
# output_bytes": the fastest wall time, the least user CPU time, the largest peak memory.
run() {
    local case="$1" n="$2"
    local site="$WORK/site-$case-$n" out="$WORK/out-$case-$n" log="$WORK/time-$case-$n.txt"
    local input wall="" user="" kib=0 outb=0 status w u k r
    input="$(python3 benches/gen_worst.py "$case" "$n" "$site")"
    for ((r = 0; r < RUNS; r++)); do
        read -r status outb <<<"$(build "$site" "$out" "$log")"
        k="$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$log")"
        w="$(awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$log")"
        u="$(awk -F: '/User time/ { gsub(/ /, "", $2); printf "%.2f", $2 }' "$log")"
        if [[ "$status" -eq 124 || "$status" -eq 200 ]]; then
            wall=">$LIMIT" user="-" kib="${k:-0}"
            [[ "$status" -eq 200 ]] && wall="stopped"
            break
        fi
        if [[ -z "$wall" ]] || awk -v a="$w" -v b="$wall" 'BEGIN { exit !(a < b) }'; then wall="$w"; fi
        if [[ -z "$user" ]] || awk -v a="$u" -v b="$user" 'BEGIN { exit !(a < b) }'; then user="$u"; fi
        if [[ "$k" -gt "$kib" ]]; then kib="$k"; fi
    done
    if [[ "$status" -eq 1 ]]; then
        wall="${wall}(refused)"   # the site has errors: the build said so and wrote nothing
    elif [[ "$status" -ne 0 && "$status" -ne 124 && "$status" -ne 200 ]]; then
        wall="failed($status)"
    fi
    rm -rf "$site"
    echo "$input $wall $user $kib ${outb:-0}"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b ~ /^[0-9.]+/) printf "%.2f", (b + 0) / (a + 0); else print "-" }'; }

printf '| case | N | input N / 2N | time N / 2N | ratio | CPU ratio | peak memory N / 2N | output N / 2N |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for spec in "${SIZES[@]}"; do
    read -r case n <<<"$spec"
    if [[ ${#wanted[@]} -gt 0 ]]; then
        pick=""
        for w in "${wanted[@]}"; do
            [[ "$w" == "$case" ]] && pick="$n"
            [[ "$w" == "$case="* ]] && pick="${w#*=}"
        done
        [[ -z "$pick" ]] && continue
        n="$pick"
    fi
    read -r in1 t1 u1 k1 o1 <<<"$(run "$case" "$n")"
    read -r in2 t2 u2 k2 o2 <<<"$(run "$case" "$((2 * n))")"
    printf '| %s | %s | %s / %s MiB | %s / %s s | %s | %s | %s / %s MiB | %s / %s MiB |\n' \
        "$case" "$n" "$(mib "$in1")" "$(mib "$in2")" "$t1" "$t2" "$(ratio "$t1" "$t2")" \
        "$(ratio "$u1" "$u2")" "$(mib "$((k1 * 1024))")" "$(mib "$((k2 * 1024))")" \
        "$(mib "$o1")" "$(mib "$o2")"
done
