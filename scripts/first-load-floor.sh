#!/usr/bin/env bash
# How small could the playground's first load get by code splitting alone?
# A measurement for issue #7's 300 KB budget, not part of the build.
#
# It takes the release wasm of dist/, has binaryen's wasm-split instrument it,
# loads the playground with that wasm in headless Chromium (analysis on the
# page's thread: the worker is switched off, so one profile sees everything),
# waits for the first analysis, and reads back which functions ran. Then
# wasm-split cuts the module in two: the functions that ran (a "primary"
# module, what a perfectly split first load would need) and the rest. Both
# halves go through wasm-opt -Oz like the real build; the script prints their
# sizes, gzipped.
#
#   scripts/first-load-floor.sh [DIST]      (default dist/, from `trunk build --release`)
#
# Needs Debian's binaryen (`apt-get install binaryen`: its wasm-split, version
# 108) besides the npm binaryen 132 of tools/ (wasm-dis, wasm-as, wasm-opt) and
# Chromium with the browser tests' node packages. wasm-split 108 predates two
# things this wasm has, which the script works around in the text format:
#   - `table.fill` with a count of 1 (wasm-bindgen's externref shims), written
#     as the equivalent `table.set`;
#   - two tables: it exports the function table under the externref table's
#     name in the instrumented module; the export is pointed back.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="$(cd "${1:-dist}" && pwd)"
bin=tools/node_modules/.bin
features=(--enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-multivalue --enable-mutable-globals)
command -v wasm-split >/dev/null || { echo "first-load-floor: wasm-split missing: apt-get install binaryen" >&2; exit 1; }
for tool in wasm-dis wasm-as wasm-opt; do
  [ -x "$bin/$tool" ] || { echo "first-load-floor: $bin/$tool missing: scripts/setup.sh web" >&2; exit 1; }
done
wasm=$(ls "$dist"/*_bg.wasm | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The module wasm-split 108 can read.
"$bin/wasm-dis" "$wasm" -o "$work/in.wat"
python3 - "$work/in.wat" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
fill = re.compile(r'\(table\.fill (\$\S+)\s+(\(local\.get \$\d+\))\s+(\(ref\.null \w+\))\s+\(i32\.const 1\)\s*\)')
text, n = fill.subn(r'(table.set \1 \2 \3)', text)
if re.search(r'\(table\.fill ', text):
    sys.exit('first-load-floor: a table.fill this script cannot rewrite')
open(path, 'w').write(text)
print(f'rewrote {n} table.fill as table.set')
EOF
"$bin/wasm-as" "${features[@]}" "$work/in.wat" -o "$work/in.wasm"

# The instrumented module, its externref table export put back.
wasm-split --instrument "${features[@]}" "$work/in.wasm" -o "$work/inst.wasm"
"$bin/wasm-dis" "$work/inst.wasm" -o "$work/inst.wat"
python3 - "$work/inst.wat" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
tables = re.findall(r'^ \(table (\$\S+) \d+(?: \d+)? (\w+)\)', text, re.M)
extern = [name for name, kind in tables if kind == 'externref']
if len(extern) == 1:
    text = re.sub(r'\(export "__wbindgen_externrefs" \(table \$\S+\)\)', f'(export "__wbindgen_externrefs" (table {extern[0]}))', text)
open(path, 'w').write(text)
EOF
"$bin/wasm-as" "${features[@]}" "$work/inst.wat" -o "$work/inst.wasm"

# The site with the instrumented wasm, and the profile of its first analysis.
cp -r "$dist" "$work/site"
cp "$work/inst.wasm" "$work/site/$(basename "$wasm")"
node tests/browser/first-load-profile.mjs "$work/site" "$work/first-load.prof"

# The split, both halves optimised like the release build.
wasm-split "${features[@]}" "$work/in.wasm" --profile="$work/first-load.prof" \
  -o1 "$work/primary.wasm" -o2 "$work/secondary.wasm" >/dev/null
gz() { gzip -9c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
for part in primary secondary; do
  "$bin/wasm-opt" -Oz "${features[@]}" "$work/$part.wasm" -o "$work/$part.opt.wasm"
done
whole=$(gz "$wasm")
primary=$(gz "$work/primary.opt.wasm")
secondary=$(gz "$work/secondary.opt.wasm")
others=$(node -e '
  import("./scripts/budgets.mjs").then(({ measureBytes }) => {
    const m = measureBytes(process.argv[1]);
    console.log(m.files.filter((f) => !f.file.endsWith(".wasm")).reduce((n, f) => n + f.gzip, 0));
  });' "$dist")
echo "the wasm today:                        $(kb "$whole") gzipped"
echo "functions run by the first analysis:   $(kb "$primary") gzipped (with the whole data section)"
echo "the rest, loadable later:              $(kb "$secondary") gzipped"
echo "first load with a perfect split:       $(kb $((primary + others))) gzipped (the other first-load files: $(kb "$others"))"
