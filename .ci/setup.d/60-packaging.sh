#!/usr/bin/env bash
# The package step at the end of .ci/run: scripts/package.sh builds the Debian package with
# cargo-deb (dpkg-shlibdeps from dpkg-dev finds the linked libraries, strip from binutils) and
# the tarball; scripts/test-install.sh makes a fresh Debian root with mmdebstrap, installs the
# package there and opens the window under Xvfb and Weston (headless, for Wayland). rsvg-convert (librsvg2-bin) and
# desktop-file-validate (desktop-file-utils) check the icons and the desktop entry.
set -euo pipefail
CARGO_DEB_VERSION="3.8.0"

need=()
for pair in mmdebstrap:mmdebstrap Xvfb:xvfb weston:weston dpkg-shlibdeps:dpkg-dev strip:binutils \
    rsvg-convert:librsvg2-bin desktop-file-validate:desktop-file-utils unshare:util-linux; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${need[@]}"
fi

# cargo-deb is a Rust program from crates.io, built once (about 2 minutes on 2 cores) into
# ~/.cargo/bin; a later run finds it there.
if [ "$(cargo deb --version 2>/dev/null)" != "cargo-deb $CARGO_DEB_VERSION" ]; then
    # Its own build folder, removed after, so the project's target folder is not touched.
    build=$(mktemp -d)
    CARGO_TARGET_DIR="$build" cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
    rm -rf "$build"
fi
cargo deb --version
