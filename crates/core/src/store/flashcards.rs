//! The learner's flashcard records: card states, the review log, notes on cards, their own
//! imported cards and their scheduling settings.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, params};

use super::{DataArea, Store, StoreError, read_rows, read_rows_sized};
use crate::flashcards::anki::{CLOZE_TAG, OwnCard, OwnCloze};
use crate::flashcards::schedule::{CardState, Phase, ReviewEntry, Settings};

const SETTINGS_KEY: &str = "flashcards.settings";

fn state_from_row(row: &Row<'_>) -> rusqlite::Result<CardState> {
    let phase: i64 = row.get(1)?;
    let stability: Option<f64> = row.get(3)?;
    let difficulty: Option<f64> = row.get(4)?;
    Ok(CardState {
        card_id: row.get(0)?,
        phase: Phase::from_code(phase).unwrap_or(Phase::New),
        step: row.get(2)?,
        memory: stability.zip(difficulty).map(|(s, d)| (s as f32, d as f32)),
        due: row.get(5)?,
        last_review: row.get(6)?,
        reps: row.get(7)?,
        lapses: row.get(8)?,
        suspended: row.get(9)?,
        buried_until: row.get(10)?,
    })
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<ReviewEntry> {
    let phase: i64 = row.get(7)?;
    Ok(ReviewEntry {
        id: row.get(0)?,
        card_id: row.get(1)?,
        reviewed_at: row.get(2)?,
        grade: row.get(3)?,
        interval_days: row.get::<_, f64>(4)? as f32,
        stability: row.get::<_, f64>(5)? as f32,
        difficulty: row.get::<_, f64>(6)? as f32,
        phase_before: Phase::from_code(phase).unwrap_or(Phase::New),
        duration_ms: row.get(8)?,
    })
}

fn put_own_cards(conn: &rusqlite::Connection, cards: &[OwnCard], at: i64) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO own_card (id, deck, front, back, tags, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET back = excluded.back, tags = excluded.tags",
    )?;
    for c in cards {
        let mut tags = c.tags.clone();
        tags.extend(c.cloze.as_ref().map(OwnCloze::tag));
        insert.execute(params![c.id, c.deck, c.front, c.back, tags.join(" "), at])?;
    }
    Ok(())
}

/// What an insert does when a row with the same key is there already.
#[derive(Clone, Copy)]
enum OnConflict {
    /// Fails (a review log id is never reused).
    Fail,
    /// Replaces it (a card's state after a grade).
    Replace,
    /// Keeps it (an import never overwrites what the learner has).
    Ignore,
}

/// The statement for each `OnConflict`, made once at compile time (an import writes 200,000
/// rows; the statements are cached by their text).
macro_rules! insert_sql {
    ($on_conflict:expr, $rest:literal) => {
        match $on_conflict {
            OnConflict::Fail => concat!("INSERT", $rest),
            OnConflict::Replace => concat!("INSERT OR REPLACE", $rest),
            OnConflict::Ignore => concat!("INSERT OR IGNORE", $rest),
        }
    };
}

/// Writes a card's state; returns how many rows changed (0 when ignored).
fn put_state(
    conn: &rusqlite::Connection,
    on_conflict: OnConflict,
    s: &CardState,
) -> rusqlite::Result<usize> {
    let sql = insert_sql!(
        on_conflict,
        " INTO card_state (card_id, phase, step, stability, difficulty, due, last_review,
            reps, lapses, suspended, buried_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    );
    conn.prepare_cached(sql)?.execute(params![
        s.card_id,
        s.phase.code(),
        s.step,
        s.memory.map(|m| f64::from(m.0)),
        s.memory.map(|m| f64::from(m.1)),
        s.due,
        s.last_review,
        s.reps,
        s.lapses,
        s.suspended,
        s.buried_until
    ])
}

/// Writes a review log line; returns how many rows changed (0 when ignored).
fn put_review(
    conn: &rusqlite::Connection,
    on_conflict: OnConflict,
    e: &ReviewEntry,
) -> rusqlite::Result<usize> {
    let sql = insert_sql!(
        on_conflict,
        " INTO review_log (id, card_id, reviewed_at, grade, interval_days, stability,
            difficulty, phase_before, duration_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    );
    conn.prepare_cached(sql)?.execute(params![
        e.id,
        e.card_id,
        e.reviewed_at,
        e.grade,
        f64::from(e.interval_days),
        f64::from(e.stability),
        f64::from(e.difficulty),
        e.phase_before.code(),
        e.duration_ms
    ])
}

impl Store {
    /// The card's new state and its review log line, in one transaction.
    pub fn save_grade(&mut self, state: &CardState, entry: &ReviewEntry) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        let tx = self.conn.transaction()?;
        put_state(&tx, OnConflict::Replace, state)?;
        put_review(&tx, OnConflict::Fail, entry)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes many states and log lines in one transaction: for loading a history in bulk
    /// (benchmarks and tests build large collections with it).
    pub fn load_history(
        &mut self,
        states: &[CardState],
        log: &[ReviewEntry],
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        let tx = self.conn.transaction()?;
        for s in states {
            put_state(&tx, OnConflict::Replace, s)?;
        }
        for e in log {
            put_review(&tx, OnConflict::Fail, e)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// An Anki collection's cards, their states and review log, all in one transaction (so a
    /// failure leaves nothing half-imported). A card that already has a state here keeps it, and
    /// a review already in the log is not added again: importing the same file twice changes
    /// nothing. Returns how many states and reviews were added.
    pub fn import_anki(
        &mut self,
        cards: &[OwnCard],
        states: &[CardState],
        log: &[ReviewEntry],
        at: i64,
    ) -> Result<(usize, usize), StoreError> {
        self.writable(DataArea::Flashcards)?;
        let tx = self.conn.transaction()?;
        put_own_cards(&tx, cards, at)?;
        let mut added = (0, 0);
        for s in states {
            added.0 += put_state(&tx, OnConflict::Ignore, s)?;
        }
        for e in log {
            added.1 += put_review(&tx, OnConflict::Ignore, e)?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Takes back a grade: its log line goes and the card returns to `previous` (no state at
    /// all if it was new).
    pub fn undo_grade(
        &mut self,
        review_id: i64,
        card_id: &str,
        previous: Option<&CardState>,
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        let tx = self.conn.transaction()?;
        let removed = tx.execute("DELETE FROM review_log WHERE id = ?1", params![review_id])?;
        if removed != 1 {
            return Err(StoreError::Sqlite(format!(
                "review {review_id} is not in the log, so it cannot be undone"
            )));
        }
        match previous {
            Some(state) => {
                put_state(&tx, OnConflict::Replace, state)?;
            }
            None => {
                tx.execute(
                    "DELETE FROM card_state WHERE card_id = ?1",
                    params![card_id],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn set_card_state(&mut self, state: &CardState) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        put_state(&self.conn, OnConflict::Replace, state)?;
        Ok(())
    }

    /// Many states in one transaction: all are saved or none.
    pub fn set_card_states(&mut self, states: &[CardState]) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        let tx = self.conn.transaction()?;
        for s in states {
            put_state(&tx, OnConflict::Replace, s)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn card_states(&self) -> Result<HashMap<String, CardState>, StoreError> {
        self.read_area(DataArea::Flashcards, || {
            let mut stmt = self.conn.prepare(
                "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps,
                    lapses, suspended, buried_until FROM card_state",
            )?;
            let rows = read_rows(&mut stmt, "card_state", state_from_row)?;
            Ok(rows.into_iter().map(|s| (s.card_id.clone(), s)).collect())
        })
    }

    /// The whole review log, oldest first. Only the statistics and the optimiser need it, and
    /// the app reads it when they are opened, not at startup (200,000 reviews are about 19 MB).
    pub fn review_log(&self) -> Result<Vec<ReviewEntry>, StoreError> {
        self.read_area(DataArea::Flashcards, || {
            let mut stmt = self.conn.prepare(
                "SELECT id, card_id, reviewed_at, grade, interval_days, stability, difficulty,
                    phase_before, duration_ms FROM review_log ORDER BY id",
            )?;
            let count: i64 = self
                .conn
                .query_row("SELECT count(*) FROM review_log", [], |r| r.get(0))?;
            // Room for every row at once (and for a day of reviews after it).
            let expected = usize::try_from(count).unwrap_or(0) + 1024;
            read_rows_sized(&mut stmt, "review_log", expected, entry_from_row)
        })
    }

    /// The reviews made at or after `since` (seconds), oldest first: what opening needs of the
    /// log (today's counts of new cards and reviews), without reading all of it.
    pub fn review_log_since(&self, since: i64) -> Result<Vec<ReviewEntry>, StoreError> {
        self.read_area(DataArea::Flashcards, || {
            // An integer in the text: `read_rows` runs the statement without parameters.
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, card_id, reviewed_at, grade, interval_days, stability, difficulty,
                    phase_before, duration_ms FROM review_log WHERE reviewed_at >= {since}
                    ORDER BY id"
            ))?;
            read_rows(&mut stmt, "review_log", entry_from_row)
        })
    }

    /// How many reviews the log holds and the highest review id, without reading the rows.
    /// Two queries: each alone is quick (`max(id)` looks up the last row), while SQLite
    /// answers both in one by scanning every row (30 ms at 200,000 reviews).
    pub fn review_log_summary(&self) -> Result<(usize, Option<i64>), StoreError> {
        self.read_area(DataArea::Flashcards, || {
            let count: i64 = self
                .conn
                .query_row("SELECT count(*) FROM review_log", [], |r| r.get(0))?;
            let last: Option<i64> =
                self.conn
                    .query_row("SELECT max(id) FROM review_log", [], |r| r.get(0))?;
            Ok((usize::try_from(count).unwrap_or(0), last))
        })
    }

    /// An empty note removes the card's note.
    pub fn set_card_note(&mut self, card_id: &str, note: &str, at: i64) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        if note.trim().is_empty() {
            self.conn
                .execute("DELETE FROM card_note WHERE card_id = ?1", params![card_id])?;
        } else {
            self.conn.execute(
                "INSERT INTO card_note (card_id, note, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (card_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at",
                params![card_id, note, at],
            )?;
        }
        Ok(())
    }

    pub fn card_notes(&self) -> Result<HashMap<String, String>, StoreError> {
        self.read_area(DataArea::Flashcards, || {
            let mut stmt = self.conn.prepare("SELECT card_id, note FROM card_note")?;
            let rows = read_rows(&mut stmt, "card_note", |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.into_iter().collect())
        })
    }

    /// Adds imported cards; a card already imported (same deck and front) gets the new back and
    /// tags but keeps its history.
    pub fn add_own_cards(&mut self, cards: &[OwnCard], at: i64) -> Result<(), StoreError> {
        self.writable(DataArea::Flashcards)?;
        let tx = self.conn.transaction()?;
        put_own_cards(&tx, cards, at)?;
        tx.commit()?;
        Ok(())
    }

    pub fn own_cards(&self) -> Result<Vec<OwnCard>, StoreError> {
        self.read_area(DataArea::Flashcards, || {
            let mut stmt = self.conn.prepare(
                "SELECT id, deck, front, back, tags FROM own_card ORDER BY created_at, rowid",
            )?;
            read_rows(&mut stmt, "own_card", |row| {
                let tags: String = row.get(4)?;
                let cloze = tags.split_whitespace().find_map(OwnCloze::from_tag);
                Ok(OwnCard {
                    id: row.get(0)?,
                    deck: row.get(1)?,
                    front: row.get(2)?,
                    back: row.get(3)?,
                    tags: tags
                        .split_whitespace()
                        .filter(|t| !t.starts_with(CLOZE_TAG))
                        .map(str::to_owned)
                        .collect(),
                    cloze,
                })
            })
        })
    }

    pub fn save_flashcard_settings(&mut self, settings: &Settings) -> Result<(), StoreError> {
        let json =
            serde_json::to_string(settings).map_err(|e| StoreError::Sqlite(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO store_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SETTINGS_KEY, json],
        )?;
        Ok(())
    }

    /// The saved settings; `Err` with a sentence if they are there but unreadable.
    pub fn flashcard_settings(&self) -> Result<Option<Settings>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = ?1",
                params![SETTINGS_KEY],
                |row| row.get(0),
            )
            .optional()?;
        match json {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json).map(Some).map_err(|e| {
                StoreError::Read(format!("the saved flashcard settings are unreadable ({e})"))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flashcards::schedule::{Clock, Grade, Scheduler};

    fn clock() -> Clock {
        Clock {
            now: 1_700_000_000,
            utc_offset: 0,
            day_starts_at_hour: 4,
        }
    }

    #[test]
    fn a_grade_and_its_undo_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let sched = Scheduler::new(Settings::default()).0;
        let (first, e1) = sched.grade(None, "card:x", Grade::Good, &clock(), 10, 1500);
        let (second, e2) = sched.grade(
            Some(&first),
            "card:x",
            Grade::Good,
            &clock().at(first.due),
            11,
            900,
        );
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            store.save_grade(&first, &e1).unwrap();
            store.save_grade(&second, &e2).unwrap();
        }
        let (mut store, _) = Store::open(dir.path()).unwrap();
        assert_eq!(store.card_states().unwrap()["card:x"], second);
        assert_eq!(store.review_log().unwrap(), vec![e1.clone(), e2.clone()]);

        store.undo_grade(11, "card:x", Some(&first)).unwrap();
        assert_eq!(store.card_states().unwrap()["card:x"], first);
        store.undo_grade(10, "card:x", None).unwrap();
        assert!(store.card_states().unwrap().is_empty(), "back to new");
        assert!(store.review_log().unwrap().is_empty());
        let err = store.undo_grade(10, "card:x", None).unwrap_err();
        assert!(err.to_string().contains("not in the log"), "{err}");
    }

    #[test]
    fn the_recent_reviews_and_the_logs_summary_are_read_without_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let sched = Scheduler::new(Settings::default()).0;
        let (mut store, _) = Store::open(dir.path()).unwrap();
        assert_eq!(store.review_log_summary().unwrap(), (0, None));
        let mut state = None;
        // Ids out of time order, as a history made elsewhere may have them.
        for (id, at) in [(30, 100), (10, 200), (20, 300)] {
            let (s, e) = sched.grade(
                state.as_ref(),
                "card:x",
                Grade::Good,
                &clock().at(at),
                id,
                9,
            );
            store.save_grade(&s, &e).unwrap();
            state = Some(s);
        }
        assert_eq!(store.review_log_summary().unwrap(), (3, Some(30)));
        let recent: Vec<i64> = store
            .review_log_since(200)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(recent, [10, 20], "every review at or after the time, by id");
        assert_eq!(store.review_log().unwrap().len(), 3);
    }

    #[test]
    fn notes_own_cards_and_settings_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.set_card_note("c", "remember the order", 5).unwrap();
        assert_eq!(store.card_notes().unwrap()["c"], "remember the order");
        store.set_card_note("c", "  ", 6).unwrap();
        assert!(
            store.card_notes().unwrap().is_empty(),
            "an empty note removes it"
        );

        let card = OwnCard {
            id: "own:d:1".into(),
            deck: "d".into(),
            front: "F".into(),
            back: "B".into(),
            tags: vec!["a".into(), "b".into()],
            cloze: None,
        };
        store.add_own_cards(std::slice::from_ref(&card), 1).unwrap();
        let changed = OwnCard {
            back: "B2".into(),
            ..card.clone()
        };
        store
            .add_own_cards(std::slice::from_ref(&changed), 2)
            .unwrap();
        assert_eq!(store.own_cards().unwrap(), vec![changed]);

        assert_eq!(store.flashcard_settings().unwrap(), None);
        let settings = Settings {
            desired_retention: 0.85,
            learning_steps: vec![2, 20, 60],
            ..Settings::default()
        };
        store.save_flashcard_settings(&settings).unwrap();
        assert_eq!(store.flashcard_settings().unwrap(), Some(settings));
        store
            .conn
            .execute(
                "UPDATE store_meta SET value = 'not json' WHERE key = ?1",
                params![SETTINGS_KEY],
            )
            .unwrap();
        let err = store.flashcard_settings().unwrap_err();
        assert!(err.to_string().contains("unreadable"), "{err}");
    }

    #[test]
    fn a_version_1_store_is_upgraded_and_keeps_its_progress() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(super::super::STORE_FILE);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(super::super::schema::MIGRATIONS[0])
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute("INSERT INTO section_progress VALUES ('u', 'tips', 7)", [])
                .unwrap();
        }
        let (store, notice) = Store::open(dir.path()).unwrap();
        assert_eq!(notice, None);
        assert_eq!(
            store.schema_version().unwrap(),
            super::super::LATEST_VERSION
        );
        assert_eq!(store.section_progress().unwrap().len(), 1);
        assert!(store.card_states().unwrap().is_empty());
    }

    /// Issue 15, item 3: one unreadable `card_state` row made the learner study from an empty
    /// history and each grade replaced the saved state (reps 40 became 1).
    #[test]
    fn an_unreadable_row_is_named_and_its_area_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let sched = Scheduler::new(Settings::default()).0;
        let (mut state, entry) = sched.grade(None, "card:x", Grade::Good, &clock(), 10, 1500);
        state.reps = 40;
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            store.save_grade(&state, &entry).unwrap();
            store.set_section_revised("u", "tips", true, 1).unwrap();
            store
                .conn
                .execute(
                    "UPDATE card_state SET stability = 'two hundred' WHERE card_id = 'card:x'",
                    [],
                )
                .unwrap();
        }
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let err = store.card_states().unwrap_err().to_string();
        assert!(
            err.contains("card:x") && err.contains("card_state"),
            "{err}"
        );
        assert!(err.contains("cannot be read"), "{err}");
        let (fresh, e2) = sched.grade(None, "card:x", Grade::Good, &clock(), 11, 900);
        let refused = store.save_grade(&fresh, &e2).unwrap_err().to_string();
        assert!(refused.contains("read-only"), "{refused}");
        assert!(store.set_card_state(&fresh).is_err());
        assert!(store.set_card_note("card:x", "n", 2).is_err());
        assert!(store.undo_grade(10, "card:x", None).is_err());
        assert_eq!(
            store.read_only_areas().len(),
            1,
            "other areas are still saved"
        );
        store.set_section_revised("u", "more", true, 2).unwrap();

        let reps: (i64, String) = store
            .conn
            .query_row(
                "SELECT reps, typeof(stability) FROM card_state WHERE card_id = 'card:x'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(reps, (40, "text".to_owned()), "the saved row is untouched");
        assert_eq!(store.review_log().unwrap().len(), 1, "no log line added");
    }
}
