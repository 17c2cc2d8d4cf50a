#!/usr/bin/env bash
# Runs every test of slimfile, installing what is missing first:
#   1. cargo test --workspace (native: core, CLI, the web crate's logic)
#   2. clippy on the web crate (wasm target, warnings are errors)
#   3. the web crate's wasm-bindgen tests, in headless Chromium
#   4. trunk build --release (the deployable site in dist/)
#   5. the browser tests (node --test + playwright-core) against that build
# Every step runs even when an earlier one failed (except when setup fails);
# the summary at the end lists the failures, and the exit code is non-zero if
# there was any.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
setup_test

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# A cold debug build of the wasm tests and a parse of 100,000 lines can be
# slow on a loaded 2-core machine: the runner's default (20 s) is too tight.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"

failed=()
passed=()
tests_passed=0
tests_failed=0
tests_skipped=0
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# Adds up what the runners reported: cargo's and wasm-bindgen-test's
# "test result: ok. N passed; M failed; K ignored" and node's "ℹ pass N".
count_tests() {
  local p f s
  read -r p f s < <(sed -E 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /^test result: / { for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
    /^ℹ pass [0-9]+$/ { p += $3 } /^ℹ fail [0-9]+$/ { f += $3 } /^ℹ (skipped|todo) [0-9]+$/ { s += $3 }
    END { print p + 0, f + 0, s + 0 }')
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
  tests_skipped=$((tests_skipped + s))
  step_failed_tests=$f
}

step() {
  local name="$1"; shift
  section "$name"
  printf '$ %s\n' "$*"
  local start=$SECONDS log="$logs/${#passed[@]}-${#failed[@]}.log"
  if "$@" 2>&1 | tee "$log"; then
    count_tests "$log"
    passed+=("$name ($((SECONDS - start)) s)")
  else
    count_tests "$log"
    # A step that failed without a failing test (a build error) counts as one.
    [ "$step_failed_tests" -gt 0 ] || tests_failed=$((tests_failed + 1))
    failed+=("$name ($((SECONDS - start)) s)")
    printf '\n!!!! FAILED: %s\n' "$name"
  fi
}

step "Native tests: cargo test --workspace" \
  cargo test --workspace
step "Lint: clippy on slimfile-web (wasm32)" \
  cargo clippy -p slimfile-web --target wasm32-unknown-unknown --all-targets -- -D warnings
step "Wasm tests: slimfile-web in headless Chromium" \
  cargo test -p slimfile-web --target wasm32-unknown-unknown
step "Site build: trunk build --release" \
  trunk build --release
step "Browser tests: node --test tests/browser" \
  node --test --test-reporter=spec tests/browser/app.test.mjs tests/browser/site.test.mjs tests/browser/optimize.test.mjs
step "Security and panel tests: hostile input, CSP, same origin, side panels (dev page)" bash -c 'trunk build www/dev-panels.html --release --dist target/dist-panels && node --test --test-reporter=spec tests/browser/security.test.mjs tests/browser/panels.test.mjs'

section "Summary"
for s in "${passed[@]+"${passed[@]}"}"; do printf '  ok      %s\n' "$s"; done
for s in "${failed[@]+"${failed[@]}"}"; do printf '  FAILED  %s\n' "$s"; done
if [ "${#failed[@]}" -gt 0 ]; then
  printf '%d of %d steps failed\n' "${#failed[@]}" "$(( ${#failed[@]} + ${#passed[@]} ))"
else
  printf 'all %d steps passed\n' "${#passed[@]}"
fi
printf 'tests: %d passed, %d failed, %d skipped\n' "$tests_passed" "$tests_failed" "$tests_skipped"
[ "${#failed[@]}" -eq 0 ]
