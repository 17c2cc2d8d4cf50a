#!/usr/bin/env bash
# Runs every fuzz target one after another (default 600 s each), niced and on
# one core, seeded from ../shared/corpus when it is there (the seeds are
# copied into fuzz/corpus/, which is not committed). Prints each target's
# run length and executions at the end; logs in fuzz/logs/.
#
#   fuzz/run.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse analyze dockerignore fix share)
corpus_src=${SLIMFILE_CORPUS:-../../shared/corpus}
target_dir=${FUZZ_TARGET_DIR:-target}
mkdir -p logs corpus/parse corpus/analyze corpus/dockerignore corpus/fix corpus/share

if [ -d "$corpus_src" ]; then
    # Dockerfiles (up to 8 KB) for the parser and the analysis.
    find "$corpus_src" -type f \( -name 'Dockerfile*' -o -name '*.dockerfile' \) -size -8k | sort | while read -r f; do
        h=$(sha1sum "$f" | cut -c1-16)
        cp "$f" "corpus/parse/$h"
        cp "$f" "corpus/analyze/$h"
        cp "$f" "corpus/fix/$h"
    done
    # .dockerignore files, each with a few paths to match.
    find "$corpus_src" -type f \( -name '.dockerignore' -o -name '*.dockerignore' \) -size -8k | sort | while read -r f; do
        h=$(sha1sum "$f" | cut -c1-16)
        { cat "$f"; printf '\0node_modules/x\nsrc/main.rs\n.git/config\nDockerfile\na/b/c\n'; } > "corpus/dockerignore/$h"
    done
else
    echo "SKIPPED seeding: corpus not found at $corpus_src (starting from built-in seeds)"
fi
printf 'FROM alpine:3.20\nRUN apk add curl\n\0node_modules\n*.md\n!README.md\n' > corpus/analyze/seed-ignore
printf 'FROM debian\nRUN apt-get update && apt-get install -y curl\n\0\0ignored:\n  - DL3008\nfailure-threshold: warning\n' > corpus/analyze/seed-config
printf '*.go\n!keep.go\n**/tmp\n\0a.go\nkeep.go\nx/tmp/y\n' > corpus/dockerignore/seed
# Share links: a record (odd first byte; see fuzz_targets/share.rs) with a
# Dockerfile, a .dockerignore and empty settings, and a link-shaped text.
printf '\001\021\000\000\000FROM alpine:3.20\n\001\004\000\000\000*.md\000\000\000\000\005\000\000\0000.1.0' > corpus/share/seed-record
printf '\000https://example.org/slimfile/#v1=AAAA' > corpus/share/seed-link

summary=()
for t in "${targets[@]}"; do
    log="logs/$t.log"
    start=$(date +%s)
    # -jobs=1 runs one worker (its output in fuzz-0.log, moved to logs/).
    nice -n 19 cargo +nightly fuzz run --target-dir "$target_dir" -O "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=8192 -timeout=20 -jobs=1 -print_final_stats=1 >"logs/$t.driver.log" 2>&1 || true
    [ -f fuzz-0.log ] && mv fuzz-0.log "$log"
    end=$(date +%s)
    execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1 || true)
    crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
    summary+=("$t: $((end - start)) s, ${execs:-?} executions, ${crashes} artifact(s)")
done
printf '%s\n' "${summary[@]}" | tee logs/summary.txt
