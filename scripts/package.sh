#!/usr/bin/env bash
# Builds Rapport's release binary once and packages it twice, for learners who have no Rust:
#   - a Debian package (cargo-deb, metadata in crates/app/Cargo.toml): the binary, the desktop
#     entry, the icon in the hicolor sizes, the licence; its dependencies are the libraries the
#     binary links (found by dpkg-shlibdeps) and those eframe loads at run time (declared by hand);
#   - a tarball of the same files with an INSTALL text, for other Linux distributions.
# Both go to $CARGO_TARGET_DIR/package (target/package without it). scripts/test-install.sh
# installs the .deb into a fresh Debian root and checks it.
#
#   scripts/package.sh
#
# Needs cargo-deb (`cargo install cargo-deb --locked`), dpkg-dev (dpkg-shlibdeps), binutils
# (strip, objdump), desktop-file-utils and librsvg2-bin (to check the desktop entry and that the
# committed icons match their SVG); .ci/setup.d/60-packaging.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
out="$target/package"

command -v cargo-deb >/dev/null || {
    echo "package.sh: cargo-deb not found; install it with: cargo install cargo-deb --locked" >&2
    exit 1
}

echo "== the desktop entry and the icons"
desktop-file-validate packaging/rapport.desktop
# The committed PNGs are what assets/icon/make-icons.sh makes of the SVG now.
fresh=$(mktemp -d)
cp assets/icon/rapport.svg assets/icon/make-icons.sh "$fresh/"
bash "$fresh/make-icons.sh" >/dev/null
if ! diff -r "$fresh/hicolor" assets/icon/hicolor >/dev/null; then
    rm -rf "$fresh"
    echo "package.sh: assets/icon/hicolor is not what make-icons.sh makes of rapport.svg; run assets/icon/make-icons.sh and commit" >&2
    exit 1
fi
rm -rf "$fresh"

echo "== cargo build --release -p rapport"
cargo build --release --locked -p rapport
binary="$target/release/rapport"
version=$("$binary" --version | awk '{ print $2 }')
arch=$(uname -m)
rm -rf "$out"
mkdir -p "$out"

echo "== cargo deb (the release build above, not built again)"
cargo deb -p rapport --no-build --locked --output "$out/"
deb=$(ls "$out"/rapport_*.deb)

echo "== tarball"
name="rapport-$version-$arch-linux"
stage="$out/$name"
mkdir -p "$stage/bin" "$stage/share/applications" "$stage/share/icons"
strip --strip-all -o "$stage/bin/rapport" "$binary"
cp packaging/rapport.desktop "$stage/share/applications/"
cp -r assets/icon/hicolor "$stage/share/icons/"
cp LICENSE README.md "$stage/"
# The newest glibc symbol version the binary asks for is the oldest glibc it runs on.
glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -V | tail -1 | cut -d_ -f2)
sed -e "s/VERSION/$version/g" -e "s/ARCH/$arch/g" -e "s/GLIBC_MIN/$glibc/g" \
    packaging/INSTALL >"$stage/INSTALL"
# The same bytes for the same commit: fixed order, owner and times, no name or time in the gzip.
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    --mode='u+rwX,go+rX,go-w' -cf - "$name" | gzip -9 -n >"$out/$name.tar.gz"
rm -rf "$stage"

echo "== made"
for file in "$deb" "$out/$name.tar.gz"; do
    printf '%s  %s KiB\n' "$file" "$(du -k "$file" | cut -f1)"
done
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Architecture|Installed-Size|Depends|Recommends):'
