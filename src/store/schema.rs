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
    // 2: flashcards: scheduling state per card, the review log, notes, and own imported cards.
    "CREATE TABLE card_state (
        card_id      TEXT PRIMARY KEY,
        phase        INTEGER NOT NULL,
        step         INTEGER NOT NULL,
        stability    REAL,
        difficulty   REAL,
        due          INTEGER NOT NULL,
        last_review  INTEGER,
        reps         INTEGER NOT NULL,
        lapses       INTEGER NOT NULL,
        suspended    INTEGER NOT NULL DEFAULT 0,
        buried_until INTEGER
    );
    CREATE TABLE review_log (
        id            INTEGER PRIMARY KEY,
        card_id       TEXT NOT NULL,
        reviewed_at   INTEGER NOT NULL,
        grade         INTEGER NOT NULL,
        interval_days REAL NOT NULL,
        stability     REAL NOT NULL,
        difficulty    REAL NOT NULL,
        phase_before  INTEGER NOT NULL,
        duration_ms   INTEGER NOT NULL
    );
    CREATE INDEX review_log_by_card ON review_log (card_id, id);
    CREATE TABLE card_note (
        card_id    TEXT PRIMARY KEY,
        note       TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE own_card (
        id         TEXT PRIMARY KEY,
        deck       TEXT NOT NULL,
        front      TEXT NOT NULL,
        back       TEXT NOT NULL,
        tags       TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );",
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;
