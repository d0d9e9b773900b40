#!/usr/bin/env bash
# Renders Rapport's icon (assets/icon/rapport.svg) to PNGs in the usual hicolor sizes, in
# assets/icon/hicolor/NxN/apps/rapport.png, beside a copy of the SVG in scalable/apps. The
# PNGs are committed: the Debian package and the tarball install them, and the app embeds the
# 256x256 one as its window icon. Run this again after changing the SVG, and commit the result.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
command -v rsvg-convert >/dev/null || { echo "make-icons.sh: rsvg-convert not found (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 16 22 24 32 48 64 128 256 512; do
    dir="hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert --width "$size" --height "$size" --format png rapport.svg --output "$dir/rapport.png"
done
mkdir -p hicolor/scalable/apps
cp rapport.svg hicolor/scalable/apps/rapport.svg
echo "icons written to $(pwd)/hicolor"
