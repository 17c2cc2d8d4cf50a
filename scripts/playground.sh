#!/usr/bin/env bash
# Builds the slimfile playground and serves it at http://127.0.0.1:8080
# (installs trunk and wasm-bindgen first when they are missing).
# Stop it with Ctrl-C. SLIMFILE_PORT changes the port.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
setup_web

port="${SLIMFILE_PORT:-8080}"
section "Building and serving the playground at http://127.0.0.1:$port"
note "(the first build takes a few minutes; then open the address above)"
SLIMFILE_DEV=1 exec trunk serve --release --address 127.0.0.1 --port "$port"
