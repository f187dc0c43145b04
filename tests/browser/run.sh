#!/usr/bin/env bash
# Browser, HTML and feed checks of Bulletin's default theme on the demo site and the
# real corpus. Installs what it needs (Chromium from Debian, node deps, feedparser in a
# venv), builds the sites, serves them on 127.0.0.1 and runs:
#   check.mjs    headless Chromium: overflow, requests, console, axe, screenshots,
#                search (and the bytes it loads, also on the 10,000-post benchmark
#                site), "/" key, no-JS fallback, theme toggle, links, base path
#   vnu.mjs      the Nu HTML checker over the theme's pages
#   feeds.py     feedparser over rss.xml, atom.xml and feeds/posts/default
#   serve.mjs    `bulletin serve` in Chromium: live reload, CSS swap, error overlay
# Ends with "browser: N passed, M failed" and exits 1 if anything failed.
# Usage (from anywhere): tests/browser/run.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

ARTIFACTS="$ROOT/target/browser-artifacts"
VENV="$ROOT/target/browser-venv"
CORPUS="$ROOT/../shared/corpus/python-insider"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM
START=$SECONDS

TMP="$(mktemp -d "${TMPDIR:-/tmp}/bulletin-browser.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# apt-get install, and apt-get update only if the install fails first (a fresh image
# may have no package lists).
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q "$@" || {
    as_root apt-get update -q
    as_root apt-get install -y -q "$@"
  }
}

echo "-- setup"
# Chromium from Debian (never a browser download of playwright's own).
if [[ ! -x "$CHROMIUM" ]]; then
  echo "installing chromium (apt)"
  apt_install --no-install-recommends chromium
  [[ -x "$CHROMIUM" ]] || { echo "no Chromium at $CHROMIUM after installing it" >&2; exit 1; }
fi
# An emoji font, so that screenshots show what readers see rather than boxes.
if [[ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]]; then
  echo "installing an emoji font (apt)"
  apt_install --no-install-recommends fonts-noto-color-emoji
fi
if ! command -v java >/dev/null; then
  echo "installing a Java runtime (apt) for the Nu HTML checker"
  apt_install --no-install-recommends openjdk-17-jre-headless
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing node and npm (apt)"
  apt_install nodejs npm
fi

# Node dependencies, pinned by package-lock.json; install scripts are skipped (vnu-jar's
# would download a Java runtime; the machine's java is used instead).
if ! cmp -s "$HERE/package-lock.json" "$HERE/node_modules/.bulletin-lock" 2>/dev/null; then
  echo "npm ci (tests/browser)"
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$HERE/package-lock.json" "$HERE/node_modules/.bulletin-lock"
fi

# feedparser in a venv, so the system Python stays untouched.
if ! "$VENV/bin/python" -c 'import feedparser' 2>/dev/null; then
  echo "creating $VENV with feedparser"
  rm -rf "$VENV"
  # Debian and Ubuntu ship venv's pip bootstrap apart from python3.
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo "installing python3-venv (apt)"
    apt_install --no-install-recommends python3-venv
  fi
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
fi

echo "-- cargo build --release"
cargo build --release --quiet
BIN="$ROOT/target/release/bulletin"

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS/screenshots"

# Serve first (the OS picks free ports), then build each site for its port: the server
# reads files per request, so it can start before the folders exist.
SITES=(demo="$TMP/demo" preview="$TMP/preview:/preview/" bench="$TMP/bench")
HAVE_CORPUS=0
if [[ -d "$CORPUS/content" ]]; then
  HAVE_CORPUS=1
  SITES+=(corpus="$TMP/corpus")
else
  echo "note: $CORPUS is absent: the corpus checks are skipped"
fi
node "$HERE/server.mjs" --port-file "$TMP/ports.json" "${SITES[@]}" &
SERVER_PID=$!
for _ in $(seq 100); do
  [[ -s "$TMP/ports.json" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the static server did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$TMP/ports.json" ]] || { echo "the static server did not report its ports" >&2; exit 1; }
port() { node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]))' "$TMP/ports.json" "$1"; }
PORT1=$(port demo)
PORT3=$(port preview)
DEMO_BASE="http://127.0.0.1:$PORT1/"
PREVIEW_BASE="http://127.0.0.1:$PORT3/preview/"

echo "-- build the sites"
"$BIN" build -s . -o "$TMP/demo" --base-url "$DEMO_BASE"
"$BIN" build -s . -o "$TMP/preview" --base-url "$PREVIEW_BASE"
SITES_JSON="{\"name\":\"demo\",\"base\":\"$DEMO_BASE\",\"kind\":\"demo\",\"matrix\":\"full\"},{\"name\":\"preview\",\"base\":\"$PREVIEW_BASE\",\"kind\":\"demo\",\"matrix\":\"reduced\"}"
FEEDS_ARGS=(demo "$DEMO_BASE" 0 preview "$PREVIEW_BASE" 0)
VNU_ARGS=(demo "$TMP/demo" all)
if [[ $HAVE_CORPUS -eq 1 ]]; then
  PORT2=$(port corpus)
  CORPUS_BASE="http://127.0.0.1:$PORT2/"
  # The corpus as its owners would set it up: named, with a logo, footer links and a
  # copyright line. Built from a copy in the temporary folder (the corpus is only read).
  mkdir -p "$TMP/corpus-src/static"
  cp -r "$CORPUS/content" "$TMP/corpus-src/"
  cp "$HERE/corpus-logo.svg" "$TMP/corpus-src/static/logo.svg"
  cat > "$TMP/corpus-src/bulletin.yaml" <<'YAML'
title: Python Insider
description: The official blog of the Python core development team.
tagline: News and updates from the Python core team
logo: logo.svg
footer:
  - text: Python.org
    url: https://www.python.org/
  - text: Python Discourse
    url: https://discuss.python.org/
  - text: Python Developer's Guide
    url: https://devguide.python.org/
copyright: "© {year} Python Software Foundation"
licence:
  text: CC BY-NC-SA 3.0
  url: https://creativecommons.org/licenses/by-nc-sa/3.0/
YAML
  # The corpus's own warnings (MDX components) are bulletin check's business, not the theme's.
  "$BIN" build -s "$TMP/corpus-src" -o "$TMP/corpus" --base-url "$CORPUS_BASE" 2>"$TMP/corpus-build.err" \
    || { cat "$TMP/corpus-build.err" >&2; exit 1; }
  echo "  ($(grep -c ': warning' "$TMP/corpus-build.err" || true) warnings from the corpus build, not shown)"
  SITES_JSON="$SITES_JSON,{\"name\":\"corpus\",\"base\":\"$CORPUS_BASE\",\"kind\":\"corpus\",\"matrix\":\"full\"}"
  FEEDS_ARGS+=(corpus "$CORPUS_BASE" 50)
  VNU_ARGS+=(corpus "$TMP/corpus" theme)
fi

# The 10,000-post benchmark site, for the search checks only (its one-word queries must
# stay within their byte budget at that size).
BENCH_PORT=$(port bench)
BENCH_BASE="http://127.0.0.1:$BENCH_PORT/"
python3 "$ROOT/benches/gen_site.py" --posts 10000 --seed 42 "$TMP/bench-src" >/dev/null
"$BIN" build -s "$TMP/bench-src" -o "$TMP/bench" --base-url "$BENCH_BASE" >/dev/null 2>"$TMP/bench-build.err" \
  || { cat "$TMP/bench-build.err" >&2; exit 1; }
SITES_JSON="$SITES_JSON,{\"name\":\"bench\",\"base\":\"$BENCH_BASE\",\"kind\":\"bench\",\"matrix\":\"search\"}"

cat >"$TMP/config.json" <<EOF
{"artifacts": "$ARTIFACTS", "counts": "$TMP/counts-browser.json", "sites": [$SITES_JSON]}
EOF

# Each step writes {"passed": N, "failed": M}; a step that crashes or hangs (each has 10
# minutes at most) counts as one failure.
STEPS=()
run_step() {
  local name=$1 counts=$2
  shift 2
  echo "-- $name"
  local rc=0
  timeout --kill-after=10 600 "$@" || rc=$?
  if [[ ! -s "$counts" ]]; then
    echo "FAIL [harness] $name crashed or timed out (exit $rc) before reporting"
    echo '{"passed": 0, "failed": 1}' >"$counts"
  fi
  STEPS+=("$counts")
}

run_step "browser (Chromium, axe-core)" "$TMP/counts-browser.json" \
  node "$HERE/check.mjs" "$TMP/config.json"
run_step "HTML (Nu checker)" "$TMP/counts-vnu.json" \
  node "$HERE/vnu.mjs" "$TMP/counts-vnu.json" "${VNU_ARGS[@]}"
run_step "feeds (feedparser)" "$TMP/counts-feeds.json" \
  "$VENV/bin/python" "$HERE/feeds.py" "$TMP/counts-feeds.json" "${FEEDS_ARGS[@]}"

# serve.mjs edits its site: it gets a copy of the demo site.
mkdir -p "$TMP/serve/site"
cp -r content templates static bulletin.yaml "$TMP/serve/site/"
run_step "serve (Chromium)" "$TMP/counts-serve.json" \
  node "$HERE/serve.mjs" "$BIN" "$TMP/serve/site" "$ARTIFACTS" "$TMP/counts-serve.json"

read -r PASSED FAILED < <(node -e '
  let p = 0, f = 0;
  for (const file of process.argv.slice(1)) {
    const c = JSON.parse(require("fs").readFileSync(file, "utf8"));
    p += c.passed; f += c.failed;
  }
  console.log(p, f);' "${STEPS[@]}")
echo "-- done in $((SECONDS - START)) s; screenshots in target/browser-artifacts/screenshots/"
echo "browser: $PASSED passed, $FAILED failed"
[[ "$FAILED" -eq 0 ]]
