#!/usr/bin/env bash
# trunk's post_build hook (Trunk.toml): finishes the site trunk has staged in
# $TRUNK_STAGING_DIR, before trunk moves it to dist/.
#   1. the static files of www/ trunk does not process (manifest, icons,
#      service-worker registration, the analysis worker, the embed loader and its demo page,
#      the Debian package tables in data/)
#   2. embed.html, the widget's page (scripts/embed-html.mjs)
#   3. rules/: a page per rule and an index (`slimfile docs`)
#   4. release only: wasm-opt -Oz on the wasm (binaryen from tools/, see
#      scripts/setup.sh), sizes before and after printed
#   5. release only: the pages' script policy made strict
#      (scripts/csp-hashes.mjs: 'unsafe-inline' -> sha256 of each inline script)
#   6. release only: sw.js, the service worker precaching every file
#      (scripts/gen-sw.mjs); it must come last, it hashes everything
# SLIMFILE_DEV=1 (scripts/playground.sh) skips 4 to 6: no wasm-opt wait and
# no service worker fighting trunk serve's reloads.
set -euo pipefail
cd "$(dirname "$0")/.."
stage="${TRUNK_STAGING_DIR:?run by trunk build as its post_build hook}"
profile="${TRUNK_PROFILE:-debug}"

cp www/manifest.webmanifest www/sw-register.js www/analysis-worker.js www/embed.js www/embed-frame.js www/embed.css www/embed-demo.html "$stage/"
mkdir -p "$stage/icons"
cp www/icons/*.png "$stage/icons/"
# The Debian package tables, fetched by the app when an estimate needs them
# (the web crate builds the core without `embedded-data`).
mkdir -p "$stage/data"
cp crates/slimfile/data/debian-*.pkgs "$stage/data/"

node scripts/embed-html.mjs "$stage"

cargo run --quiet --offline -p slimfile-cli -- docs --out "$stage/rules"

gz() { gzip -9c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

if [ "$profile" = release ] && [ -z "${SLIMFILE_DEV:-}" ]; then
  wasm_opt="${WASM_OPT:-tools/node_modules/.bin/wasm-opt}"
  if [ ! -x "$wasm_opt" ]; then
    echo "post-build: $wasm_opt not found: run scripts/setup.sh web (npm ci in tools/)" >&2
    exit 1
  fi
  for wasm in "$stage"/*.wasm; do
    raw_before=$(wc -c < "$wasm"); gz_before=$(gz "$wasm")
    "$wasm_opt" -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-multivalue --enable-mutable-globals "$wasm" -o "$wasm.opt"
    mv "$wasm.opt" "$wasm"
    raw_after=$(wc -c < "$wasm"); gz_after=$(gz "$wasm")
    echo "wasm-opt $(basename "$wasm"): $(kb "$raw_before") -> $(kb "$raw_after") raw," \
      "$(kb "$gz_before") -> $(kb "$gz_after") gzipped"
  done
  # A strict script policy: 'unsafe-inline' replaced by the hashes of the
  # inline scripts (trunk's loader, the theme snippet), before the service
  # worker hashes the pages.
  for page in "$stage/index.html" "$stage/embed.html"; do
    [ ! -f "$page" ] || node scripts/csp-hashes.mjs "$page"
  done
  node scripts/gen-sw.mjs "$stage"
fi
