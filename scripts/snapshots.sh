#!/usr/bin/env bash
# Pictures of every main page in light and dark at 1280x720, written to docs/snapshots for people
# to look at (git diff shows which changed). Renders with wgpu on Mesa's software renderer, so no
# GPU or display is needed. A crate of its own (crates/snapshots), outside the default
# `cargo test`, because wgpu would more than double that build.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_SNAPSHOTS=1 cargo test -p rapport-snapshots --test it -- --nocapture "$@"
git status --short docs/snapshots || true
