//! Scenario practice records: attempts, the per-point verdicts (marker's and learner's), and
//! the `weak_spots` table other features read to put what the learner gets wrong first.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{DataArea, Store, StoreError};

pub use crate::practice::record::{AttemptRecord, PointRecord, WeakKind, WeakSpot};

/// Misses per item id, for one kind.
pub type WeakMap = HashMap<String, u32>;

impl Store {
    /// Stores the attempt, its points and the weak spots it reveals, in one transaction.
    pub fn record_attempt(&mut self, attempt: &AttemptRecord, at: i64) -> Result<(), StoreError> {
        self.writable(DataArea::Practice)?;
        let tx = self.conn.transaction()?;
        insert_attempt(&tx, attempt, at)?;
        tx.commit()?;
        Ok(())
    }

    /// Many attempts in one transaction, each with its time: for loading a history in bulk.
    pub fn record_attempts(&mut self, attempts: &[AttemptRecord]) -> Result<(), StoreError> {
        self.writable(DataArea::Practice)?;
        let tx = self.conn.transaction()?;
        for attempt in attempts {
            insert_attempt(&tx, attempt, attempt.answered_at)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records the learner's own view of one point; the marker's verdict is kept beside it.
    /// `None` withdraws the dispute.
    pub fn dispute_point(
        &mut self,
        attempt_key: &str,
        point_id: &str,
        learner_earned: Option<bool>,
        at: i64,
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Practice)?;
        let attempt_id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM scenario_attempts WHERE key = ?1",
                [attempt_key],
                |row| row.get(0),
            )
            .optional()?;
        let Some(attempt_id) = attempt_id else {
            return Err(StoreError::Sqlite(format!(
                "no attempt {attempt_key} to dispute"
            )));
        };
        let changed = self.conn.execute(
            "UPDATE scenario_point_results SET learner_earned = ?3, disputed_at = ?4
             WHERE attempt_id = ?1 AND point_id = ?2",
            params![
                attempt_id,
                point_id,
                learner_earned,
                learner_earned.map(|_| at)
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Sqlite(format!(
                "attempt {attempt_key} has no point {point_id}"
            )));
        }
        Ok(())
    }

    /// Every attempt, oldest first, with its points.
    pub fn attempts(&self) -> Result<Vec<AttemptRecord>, StoreError> {
        self.read_area(DataArea::Practice, || self.read_attempts())
    }

    fn read_attempts(&self) -> Result<Vec<AttemptRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, key, scenario_id, unit_id, criteria, test_key, answered_at, score,
                    max_score, answer
             FROM scenario_attempts ORDER BY answered_at, id",
        )?;
        let mut attempts = super::read_rows(&mut stmt, "scenario_attempts", |row| {
            let criteria: String = row.get(4)?;
            Ok((
                row.get::<_, i64>(0)?,
                AttemptRecord {
                    key: row.get(1)?,
                    scenario_id: row.get(2)?,
                    unit_id: row.get(3)?,
                    criteria: criteria.split_whitespace().map(str::to_owned).collect(),
                    test_key: row.get(5)?,
                    answered_at: row.get(6)?,
                    score: row.get(7)?,
                    max_score: row.get(8)?,
                    answer: row.get(9)?,
                    points: Vec::new(),
                    misconceptions: Vec::new(),
                },
            ))
        })?;
        let mut points = self.conn.prepare(
            "SELECT attempt_id, point_id, marking_point, marker_earned, learner_earned, quote
             FROM scenario_point_results ORDER BY attempt_id, rowid",
        )?;
        let mut by_attempt: HashMap<i64, Vec<PointRecord>> = HashMap::new();
        let rows = super::read_rows(&mut points, "scenario_point_results", |row| {
            Ok((
                row.get::<_, i64>(0)?,
                PointRecord {
                    point_id: row.get(1)?,
                    marking_point: row.get(2)?,
                    marker_earned: row.get(3)?,
                    learner_earned: row.get(4)?,
                    quote: row.get(5)?,
                },
            ))
        })?;
        for (id, point) in rows {
            by_attempt.entry(id).or_default().push(point);
        }
        for (id, attempt) in &mut attempts {
            attempt.points = by_attempt.remove(id).unwrap_or_default();
        }
        Ok(attempts.into_iter().map(|(_, a)| a).collect())
    }

    /// Every weak spot, most missed first.
    pub fn weak_spots(&self) -> Result<Vec<WeakSpot>, StoreError> {
        self.read_area(DataArea::Practice, || self.read_weak_spots())
    }

    fn read_weak_spots(&self) -> Result<Vec<WeakSpot>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, item_id, misses, last_missed_at FROM weak_spots
             ORDER BY misses DESC, last_missed_at DESC",
        )?;
        let spots = super::read_rows(&mut stmt, "weak_spots", |row| {
            let kind: String = row.get(0)?;
            Ok(WeakKind::parse(&kind).map(|kind| WeakSpot {
                kind,
                item_id: row.get(1).unwrap_or_default(),
                misses: row.get(2).unwrap_or_default(),
                last_missed_at: row.get(3).unwrap_or_default(),
            }))
        })?;
        // A kind this version does not know (written by a newer one) is left in the file.
        Ok(spots.into_iter().flatten().collect())
    }
}

/// The attempt's rows and the weak spots it reveals, inside the caller's transaction.
fn insert_attempt(
    tx: &rusqlite::Transaction<'_>,
    attempt: &AttemptRecord,
    at: i64,
) -> Result<(), StoreError> {
    tx.execute(
            "INSERT INTO scenario_attempts
                 (key, scenario_id, unit_id, criteria, test_key, answered_at, score, max_score, answer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                attempt.key,
                attempt.scenario_id,
                attempt.unit_id,
                attempt.criteria.join(" "),
                attempt.test_key,
                at,
                attempt.score,
                attempt.max_score,
                attempt.answer,
            ],
        )?;
    let attempt_id = tx.last_insert_rowid();
    let mut missed: Vec<(WeakKind, &str)> = Vec::new();
    for p in &attempt.points {
        tx.execute(
            "INSERT INTO scenario_point_results
                     (attempt_id, point_id, marking_point, marker_earned, learner_earned, quote)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (attempt_id, point_id) DO NOTHING",
            params![
                attempt_id,
                p.point_id,
                p.marking_point,
                p.marker_earned,
                p.learner_earned,
                p.quote
            ],
        )?;
        if !p.earned() {
            missed.push((WeakKind::MarkingPoint, &p.marking_point));
        }
    }
    for m in &attempt.misconceptions {
        missed.push((WeakKind::Misconception, m));
    }
    if attempt.score < attempt.max_score {
        missed.push((WeakKind::Scenario, &attempt.scenario_id));
    }
    missed.sort();
    missed.dedup();
    for (kind, item) in missed {
        tx.execute(
            "INSERT INTO weak_spots (kind, item_id, misses, last_missed_at) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (kind, item_id)
                 DO UPDATE SET misses = misses + 1, last_missed_at = excluded.last_missed_at",
            params![kind.as_str(), item, at],
        )?;
    }
    Ok(())
}
