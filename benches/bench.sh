#!/usr/bin/env bash
# Benchmark `bulletin build` on a synthetic N-post site and on the real corpus.
#
# Usage (from the repo root):  benches/bench.sh [N]      (default N=10000)
#
# Steps:
#   1. install hyperfine (apt) if missing
#   2. cargo build --release
#   3. generate the N-post site under /dev/shm/bulletin-bench/site-N
#      (reused when already generated for the same N, seed and generator)
#   4. hyperfine --warmup 2 --runs 10 on the synthetic site (JSON export in
#      /dev/shm/bulletin-bench/); every run starts from an empty output folder
#   5. peak memory (max RSS) of one build, via /usr/bin/time -v, and the time of a
#      rebuild over the previous output
#   6. steps 4-5 again for the real corpus ../shared/corpus/python-insider
#   7. summary: median seconds and peak RSS
#
# Environment knobs:
#   BENCH_SEED=S        generator seed (default 42)
#   BULLETIN_BIN=PATH   use this binary and skip `cargo build` (for testing)
set -euo pipefail

N="${1:-10000}"
SEED="${BENCH_SEED:-42}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [N]   (N = number of synthetic posts, a positive integer)" >&2
    exit 2
fi
if ! [[ "$SEED" =~ ^[0-9]+$ ]]; then
    echo "bench: BENCH_SEED must be a non-negative integer" >&2
    exit 2
fi

# Always work from the repo root (the folder above this script).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WORK=/dev/shm/bulletin-bench
SITE="$WORK/site-$N"
STAMP="$WORK/site-$N.stamp"
OUT="$WORK/out-$N"
CORPUS="../shared/corpus/python-insider"
CORPUS_OUT="$WORK/out-corpus"
BIN="${BULLETIN_BIN:-target/release/bulletin}"

log() { printf '\n==> %s\n' "$*"; }

# Run a command as root (directly, or through sudo when available).
as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "bench: need root to run: $*" >&2
        return 1
    fi
}

# ensure_tool CHECK PACKAGE: install PACKAGE with apt-get when CHECK (a
# command name or an absolute path) is missing; apt-get update only if the
# first install attempt fails.
ensure_tool() {
    local check="$1" pkg="$2"
    if [[ "$check" == /* ]]; then
        [[ -x "$check" ]] && return 0
    else
        command -v "$check" >/dev/null 2>&1 && return 0
    fi
    log "installing $pkg"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg"; then
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg"
    fi
}

# median_of JSON: median wall time (s) from a hyperfine --export-json file.
median_of() {
    python3 -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

# time_build NAME SRC OUTDIR: hyperfine timing, then max RSS of one build.
# Sets MEDIAN and RSS_MIB.
time_build() {
    local name="$1" src="$2" out="$3"
    local json="$WORK/hyperfine-$name.json" timelog="$WORK/time-$name.txt"
    local cmd prep kib
    cmd="$(printf '%q build --source %q --output %q' "$BIN" "$src" "$out")"
    prep="$(printf 'rm -rf %q' "$out")"

    log "timing: $cmd"
    hyperfine --warmup 2 --runs 10 \
        --prepare "$prep" \
        --export-json "$json" \
        --command-name "bulletin build ($name)" \
        "$cmd"
    MEDIAN="$(median_of "$json")"

    log "peak memory: $cmd"
    rm -rf "$out"
    /usr/bin/time -v -o "$timelog" "$BIN" build --source "$src" --output "$out"
    kib="$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$timelog")"
    RSS_MIB="$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')"
    echo "max RSS: $RSS_MIB MiB"
}

# --- 1. tools --------------------------------------------------------------
ensure_tool hyperfine hyperfine
ensure_tool /usr/bin/time time
command -v python3 >/dev/null 2>&1 || { echo "bench: python3 is required" >&2; exit 1; }

# --- 2. build ----------------------------------------------------------------
if [[ -n "${BULLETIN_BIN:-}" ]]; then
    log "using BULLETIN_BIN=$BIN (skipping cargo build)"
else
    log "cargo build --release"
    cargo build --release
fi
if [[ ! -x "$BIN" ]]; then
    echo "bench: $BIN not found or not executable" >&2
    exit 1
fi

# --- 3. synthetic site ----------------------------------------------------------
mkdir -p "$WORK"
GEN_HASH="$(sha256sum benches/gen_site.py | cut -d' ' -f1)"
WANT_STAMP="posts=$N seed=$SEED gen=$GEN_HASH"
if [[ -d "$SITE/content/posts" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT_STAMP" ]]; then
    log "reusing $SITE ($N posts, seed $SEED)"
else
    log "generating $SITE ($N posts, seed $SEED)"
    rm -f "$STAMP"
    python3 benches/gen_site.py --posts "$N" --seed "$SEED" --force "$SITE"
    printf '%s\n' "$WANT_STAMP" >"$STAMP"
fi

# --- 4-5. synthetic benchmark ---------------------------------------------------
time_build "$N" "$SITE" "$OUT"
SYN_MEDIAN="$MEDIAN"
SYN_RSS="$RSS_MIB"

# A rebuild over the previous output: Bulletin then also checks that the old folder
# holds only its own files and deletes it after the swap.
log "timing: rebuild over the previous output ($N posts)"
"$BIN" build --source "$SITE" --output "$OUT" >/dev/null
hyperfine --warmup 2 --runs 10 \
    --export-json "$WORK/hyperfine-$N-rebuild.json" \
    --command-name "bulletin build ($N, rebuild)" \
    "$(printf '%q build --source %q --output %q' "$BIN" "$SITE" "$OUT")"
SYN_REBUILD="$(median_of "$WORK/hyperfine-$N-rebuild.json")"

# --- 6. real corpus ----------------------------------------------------------------
CORPUS_MEDIAN="n/a"
CORPUS_RSS="n/a"
if [[ -d "$CORPUS/content" ]]; then
    time_build corpus "$CORPUS" "$CORPUS_OUT"
    CORPUS_MEDIAN="$MEDIAN"
    CORPUS_RSS="$RSS_MIB"
else
    echo "bench: corpus not found at $CORPUS (skipping)" >&2
fi

# --- 7. summary ----------------------------------------------------------------------
CORPUS_POSTS="?"
if [[ -d "$CORPUS/content/posts" ]]; then
    CORPUS_POSTS="$(find "$CORPUS/content/posts" -name 'index.md*' | wc -l)"
fi
log "summary"
printf '%-28s %12s %14s\n' "site" "median (s)" "peak RSS (MiB)"
printf '%-28s %12s %14s\n' "synthetic ($N posts)" "$SYN_MEDIAN" "$SYN_RSS"
printf '%-28s %12s %14s\n' "  rebuild over old output" "$SYN_REBUILD" ""
printf '%-28s %12s %14s\n' "corpus ($CORPUS_POSTS posts)" "$CORPUS_MEDIAN" "$CORPUS_RSS"
if [[ "$CORPUS_MEDIAN" == "n/a" ]]; then
    echo "hyperfine JSON: $WORK/hyperfine-$N.json"
else
    echo "hyperfine JSON: $WORK/hyperfine-$N.json $WORK/hyperfine-corpus.json"
fi
