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
    // 2: scenario practice. Each attempt with the marker's verdict per point and, when the
    // learner disputes one, their own view beside it; and what the learner keeps getting wrong,
    // which any feature may read to put those items first.
    "CREATE TABLE scenario_attempts (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        scenario_id TEXT NOT NULL,
        unit_id     TEXT NOT NULL,
        criteria    TEXT NOT NULL,
        test_key    TEXT,
        answered_at INTEGER NOT NULL,
        score       INTEGER NOT NULL,
        max_score   INTEGER NOT NULL,
        answer      TEXT NOT NULL
    );
    CREATE INDEX scenario_attempts_by_scenario ON scenario_attempts (scenario_id);
    CREATE TABLE scenario_point_results (
        attempt_id     INTEGER NOT NULL REFERENCES scenario_attempts (id) ON DELETE CASCADE,
        point_id       TEXT NOT NULL,
        marking_point  TEXT NOT NULL,
        marker_earned  INTEGER NOT NULL,
        learner_earned INTEGER,
        quote          TEXT,
        disputed_at    INTEGER,
        PRIMARY KEY (attempt_id, point_id)
    );
    CREATE TABLE weak_spots (
        kind           TEXT NOT NULL,
        item_id        TEXT NOT NULL,
        misses         INTEGER NOT NULL,
        last_missed_at INTEGER NOT NULL,
        PRIMARY KEY (kind, item_id)
    );",
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;
