#!/usr/bin/env bash
# The class answers test drives two learners' pages in a real headless Chromium through
# chromedriver (crates/class/tests/it/browser.rs).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium chromium-driver
