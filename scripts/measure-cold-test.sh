#!/usr/bin/env bash
# A cold `cargo test` (the README's test command) in a fresh, empty target directory: prints the
# wall-clock time, the CPU seconds (user + system, all processes) and the size of the target
# directory, for the build (`cargo test --no-run`) and the test run (`cargo test`) separately and
# together. Run it at the repository root on a quiet machine (check `uptime` first) to get the
# figures for the README's "For developers" section (issue 12: under 8 minutes, under 4 GB).
#
#   scripts/measure-cold-test.sh            # the target directory is deleted afterwards
#   KEEP_TARGET=1 scripts/measure-cold-test.sh
#
# The per-crate compile times are in $TARGET/cargo-timings/cargo-timing.html (kept only with
# KEEP_TARGET=1). The registry's sources must already be downloaded (`cargo fetch`), so that the
# figure is compile and test time, not network time.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET="$(mktemp -d /var/tmp/rapport-cold.XXXXXX)"
export CARGO_TARGET_DIR="$TARGET"
LOG="$TARGET.log"
cleanup() { [ -n "${KEEP_TARGET:-}" ] || rm -rf "$TARGET"; }
trap cleanup EXIT

cargo fetch --quiet
echo "cold cargo test in $TARGET (log: $LOG)"
echo "start: $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load/load/'), $(nproc) cores"

phase() { # name, command...: runs the command under /usr/bin/time, echoes wall and CPU seconds
    local name="$1"; shift
    local t; t="$(mktemp)"
    if ! /usr/bin/time -f '%e %U %S' -o "$t" "$@" >>"$LOG" 2>&1; then
        echo "$name failed; see $LOG" >&2
        exit 1
    fi
    read -r wall user sys <"$t"; rm -f "$t"
    awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" \
        'BEGIN { printf "%-6s wall %4dm %02ds (%7.1f s)   CPU %7.1f s (user %.1f + sys %.1f)\n", n, w / 60, w % 60, w, u + s, u, s }'
    echo "$wall $user $sys" >>"$TARGET.sum"
}

: >"$TARGET.sum"
phase build cargo test --no-run --timings
phase tests cargo test
awk '{ w += $1; c += $2 + $3 } END { printf "total  wall %4dm %02ds (%7.1f s)   CPU %7.1f s\n", w / 60, w % 60, w, c }' "$TARGET.sum"
rm -f "$TARGET.sum"
echo "target: $(du -sh "$TARGET" | cut -f1) ($(du -sh "$TARGET/debug" | cut -f1) in debug/)"
grep -E '^test result:' "$LOG" | awk '{ p += $4; f += $6 } END { print "tests: " p " passed, " f " failed" }'
echo "end: $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load/load/')"
