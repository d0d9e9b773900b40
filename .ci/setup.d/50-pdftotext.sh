#!/usr/bin/env bash
# The portfolio export test reads the PDF back with pdftotext (poppler-utils).
set -euo pipefail
if command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends poppler-utils
