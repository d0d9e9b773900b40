//! Nothing here: this crate exists for its test, `tests/it`, which takes the layout test's walk
//! over every main page and saves a picture of each in light and dark into `docs/snapshots`.
//! It is a crate of its own because rendering needs wgpu, which would more than double the
//! default `cargo test` build; run it with `scripts/snapshots.sh`.
