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
    // 2: self-assessments against a framework, and the development plan with its reviews.
    "CREATE TABLE assessments (
        id                TEXT PRIMARY KEY,
        framework_id      TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        started_at        INTEGER NOT NULL,
        completed_at      INTEGER
    );
    CREATE TABLE assessment_ratings (
        assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        behaviour_id  TEXT NOT NULL,
        value         INTEGER,
        target        INTEGER,
        evidence      TEXT NOT NULL DEFAULT '',
        example       TEXT NOT NULL DEFAULT '',
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (assessment_id, behaviour_id)
    );
    CREATE TABLE plan_entries (
        id               TEXT PRIMARY KEY,
        position         INTEGER NOT NULL,
        need             TEXT NOT NULL,
        framework_id     TEXT,
        competency_id    TEXT,
        objective        TEXT NOT NULL,
        actions          TEXT NOT NULL,
        resources        TEXT NOT NULL,
        success_criteria TEXT NOT NULL,
        target_date      TEXT,
        review_dates     TEXT NOT NULL,
        status           TEXT NOT NULL,
        impact           TEXT NOT NULL,
        assessment_id    TEXT,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
    );
    CREATE TABLE plan_reviews (
        id          TEXT PRIMARY KEY,
        entry_id    TEXT NOT NULL REFERENCES plan_entries (id) ON DELETE CASCADE,
        review_date TEXT NOT NULL,
        description TEXT NOT NULL,
        feelings    TEXT NOT NULL,
        evaluation  TEXT NOT NULL,
        analysis    TEXT NOT NULL,
        conclusion  TEXT NOT NULL,
        action_plan TEXT NOT NULL,
        status      TEXT NOT NULL,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE plan_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 3: flashcards: scheduling state per card, the review log, notes, and own imported cards.
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
    // 4: scenario practice. Each attempt with the marker's verdict per point and, when the
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
    // 5: classroom drill setups a tutor saved to run again (the setup as JSON, so that new
    // optional settings need no migration).
    "CREATE TABLE drill_setups (
        name     TEXT PRIMARY KEY,
        setup    TEXT NOT NULL,
        saved_at INTEGER NOT NULL
    );",
    // 6: the exam date the learner set for a unit (exam readiness plans to it).
    "CREATE TABLE exam_dates (
        unit_id   TEXT PRIMARY KEY,
        exam_date TEXT NOT NULL,
        set_at    INTEGER NOT NULL
    );",
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;
