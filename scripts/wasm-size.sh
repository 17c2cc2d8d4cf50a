#!/usr/bin/env bash
# The web app's wasm size, without trunk: cargo (profile wasm-release),
# wasm-bindgen, then wasm-opt -Oz with the same flags as scripts/post-build.sh.
# Prints raw and gzipped (-9) bytes at each step. Usage:
#   scripts/wasm-size.sh [OUT_DIR]     (default /tmp/wasm-size)
# Needs wasm-bindgen 0.2.130 on PATH and binaryen in tools/ (npm ci there).
# Set NO_BUILD=1 to measure the wasm cargo last built.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/wasm-size}"
target="${CARGO_TARGET_DIR:-target}"
wasm_opt="${WASM_OPT:-tools/node_modules/.bin/wasm-opt}"
[ -x "$wasm_opt" ] || { echo "wasm-size: $wasm_opt not found (npm ci in tools/)" >&2; exit 1; }

if [ -z "${NO_BUILD:-}" ]; then
  cargo build --quiet -p slimfile-web --bin slimfile-web --target wasm32-unknown-unknown --profile wasm-release
fi
cargo_wasm="$target/wasm32-unknown-unknown/wasm-release/slimfile-web.wasm"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" "$cargo_wasm"
bg="$out/slimfile-web_bg.wasm"
"$wasm_opt" -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue --enable-mutable-globals "$bg" -o "$out/opt.wasm"

row() { printf '%-22s %9d raw %9d gzipped\n' "$1" "$(wc -c < "$2")" "$(gzip -9c "$2" | wc -c)"; }
row "cargo" "$cargo_wasm"
row "wasm-bindgen" "$bg"
row "wasm-opt -Oz" "$out/opt.wasm"
row "js glue" "$out/slimfile-web.js"
