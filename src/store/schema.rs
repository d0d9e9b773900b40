//! The store's schema, as an ordered list of migrations. `PRAGMA user_version` records how many
//! have been applied; a later issue appends a migration and never edits an earlier one.

/// Each entry moves the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: what the learner has marked as revised on a unit page.
    "CREATE TABLE section_progress (
        unit_id    TEXT NOT NULL,
        section    TEXT NOT NULL,
        revised_at INTEGER NOT NULL,
        PRIMARY KEY (unit_id, section)
    );
    CREATE TABLE store_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 2: classroom drill setups a tutor saved to run again (the setup as JSON, so that new
    // optional settings need no migration).
    "CREATE TABLE drill_setups (
        name     TEXT PRIMARY KEY,
        setup    TEXT NOT NULL,
        saved_at INTEGER NOT NULL
    );",
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;
