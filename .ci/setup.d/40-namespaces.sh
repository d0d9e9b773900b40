#!/usr/bin/env bash
# The full-disk and read-only store tests (tests/store_faults.rs) run a child in its own user
# and mount namespace with `unshare` and mount a tiny tmpfs there with `mount` (util-linux and
# mount). Both are on every Debian install; this puts them back if a minimal image lacks them,
# and fails early, with the reason, if the kernel refuses user namespaces.
set -euo pipefail
if ! command -v unshare >/dev/null 2>&1 || ! command -v mount >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends util-linux mount
fi
unshare --user --map-root-user --mount true
echo "user and mount namespaces available"
