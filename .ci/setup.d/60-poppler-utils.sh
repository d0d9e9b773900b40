#!/bin/sh
# The drill export tests read the PDFs back with pdftotext (poppler-utils).
set -eu
if command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils
