//! The learner's self-assessments, development plan and reviews; and the privacy actions that
//! cover everything in the store: export all of it, or delete all of it.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, params};

use super::{DataArea, Store, StoreError};
use crate::plan::{Assessment, PlanEntry, Rating, Review, Status};

/// The reason a file write fails when the file exists and replacing it was not asked for.
pub const FILE_EXISTS: &str = "a file of that name already exists";

/// Everything of this area, read once at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevelopmentData {
    /// Oldest first.
    pub assessments: Vec<Assessment>,
    /// In plan order.
    pub entries: Vec<PlanEntry>,
    pub reviews: Vec<Review>,
    pub plan_end: Option<NaiveDate>,
    /// The learner's name, printed on the exported plan.
    pub learner: String,
    /// Who signs the plan off with the learner (supervisor, mentor or assessor).
    pub supervisor: String,
}

/// A line of text the plan keeps beside its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanText {
    Learner,
    Supervisor,
}

impl PlanText {
    fn key(self) -> &'static str {
        match self {
            PlanText::Learner => "learner",
            PlanText::Supervisor => "supervisor",
        }
    }
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl Store {
    pub fn save_assessment(&mut self, a: &Assessment) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        self.conn.execute(
            "INSERT INTO assessments (id, framework_id, framework_version, started_at, completed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET completed_at = excluded.completed_at,
                 framework_version = excluded.framework_version",
            params![
                a.id,
                a.framework_id,
                a.framework_version,
                a.started_at,
                a.completed_at
            ],
        )?;
        Ok(())
    }

    pub fn save_rating(
        &mut self,
        assessment_id: &str,
        behaviour_id: &str,
        r: &Rating,
        at: i64,
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        self.conn.execute(
            "INSERT INTO assessment_ratings
                 (assessment_id, behaviour_id, value, target, evidence, example, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (assessment_id, behaviour_id) DO UPDATE SET
                 value = excluded.value, target = excluded.target, evidence = excluded.evidence,
                 example = excluded.example, updated_at = excluded.updated_at",
            params![
                assessment_id,
                behaviour_id,
                r.value,
                r.target,
                r.evidence,
                r.example,
                at
            ],
        )?;
        Ok(())
    }

    pub fn save_plan_entry(
        &mut self,
        e: &PlanEntry,
        position: usize,
        at: i64,
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        let reviews = e
            .review_dates
            .iter()
            .map(|d| date_text(*d))
            .collect::<Vec<_>>()
            .join(",");
        self.conn.execute(
            "INSERT INTO plan_entries (id, position, need, framework_id, competency_id, objective,
                 actions, resources, success_criteria, target_date, review_dates, status, impact,
                 assessment_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (id) DO UPDATE SET position = excluded.position, need = excluded.need,
                 framework_id = excluded.framework_id, competency_id = excluded.competency_id,
                 objective = excluded.objective, actions = excluded.actions,
                 resources = excluded.resources, success_criteria = excluded.success_criteria,
                 target_date = excluded.target_date, review_dates = excluded.review_dates,
                 status = excluded.status, impact = excluded.impact,
                 assessment_id = excluded.assessment_id, updated_at = excluded.updated_at",
            params![
                e.id,
                position as i64,
                e.need,
                e.framework_id,
                e.competency_id,
                e.objective,
                e.actions,
                e.resources,
                e.success_criteria,
                e.target_date.map(date_text),
                reviews,
                e.status.key(),
                e.impact,
                e.assessment_id,
                e.created_at,
                at
            ],
        )?;
        Ok(())
    }

    pub fn delete_plan_entry(&mut self, id: &str) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        self.conn
            .execute("DELETE FROM plan_entries WHERE id = ?1", params![id])?;
        Ok(())
    }

    /// Saves a review and sets its entry's status to the review's, in one transaction.
    pub fn save_review(&mut self, r: &Review) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO plan_reviews (id, entry_id, review_date, description, feelings,
                 evaluation, analysis, conclusion, action_plan, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (id) DO UPDATE SET review_date = excluded.review_date,
                 description = excluded.description, feelings = excluded.feelings,
                 evaluation = excluded.evaluation, analysis = excluded.analysis,
                 conclusion = excluded.conclusion, action_plan = excluded.action_plan,
                 status = excluded.status",
            params![
                r.id,
                r.entry_id,
                date_text(r.date),
                r.description,
                r.feelings,
                r.evaluation,
                r.analysis,
                r.conclusion,
                r.action_plan,
                r.status.key(),
                r.created_at
            ],
        )?;
        tx.execute(
            "UPDATE plan_entries SET status = ?2 WHERE id = ?1",
            params![r.entry_id, r.status.key()],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn set_plan_end(&mut self, end: Option<NaiveDate>) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        match end {
            Some(d) => self.conn.execute(
                "INSERT INTO plan_settings (key, value) VALUES ('plan_end', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![date_text(d)],
            )?,
            None => self
                .conn
                .execute("DELETE FROM plan_settings WHERE key = 'plan_end'", [])?,
        };
        Ok(())
    }

    /// Sets (or, when blank, removes) one of the plan's lines of text.
    pub fn set_plan_text(&mut self, which: PlanText, value: &str) -> Result<(), StoreError> {
        self.writable(DataArea::Development)?;
        if value.trim().is_empty() {
            self.conn.execute(
                "DELETE FROM plan_settings WHERE key = ?1",
                params![which.key()],
            )?;
        } else {
            self.conn.execute(
                "INSERT INTO plan_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![which.key(), value],
            )?;
        }
        Ok(())
    }

    pub fn development(&self) -> Result<DevelopmentData, StoreError> {
        self.read_area(DataArea::Development, || self.read_development())
    }

    fn read_development(&self) -> Result<DevelopmentData, StoreError> {
        let mut assessments: Vec<Assessment> = super::read_rows(
            &mut self.conn.prepare(
                "SELECT id, framework_id, framework_version, started_at, completed_at
                 FROM assessments ORDER BY started_at, id",
            )?,
            "assessments",
            |row| {
                Ok(Assessment {
                    id: row.get(0)?,
                    framework_id: row.get(1)?,
                    framework_version: row.get(2)?,
                    started_at: row.get(3)?,
                    completed_at: row.get(4)?,
                    ratings: BTreeMap::new(),
                })
            },
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT assessment_id, behaviour_id, value, target, evidence, example
             FROM assessment_ratings",
        )?;
        let ratings = super::read_rows(&mut stmt, "assessment_ratings", |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                Rating {
                    value: row.get(2)?,
                    target: row.get(3)?,
                    evidence: row.get(4)?,
                    example: row.get(5)?,
                },
            ))
        })?;
        for (assessment_id, behaviour_id, rating) in ratings {
            if let Some(a) = assessments.iter_mut().find(|a| a.id == assessment_id) {
                a.ratings.insert(behaviour_id, rating);
            }
        }

        let entries = super::read_rows(
            &mut self.conn.prepare(
                "SELECT id, need, framework_id, competency_id, objective, actions, resources,
                     success_criteria, target_date, review_dates, status, impact, assessment_id,
                     created_at
                 FROM plan_entries ORDER BY position, created_at",
            )?,
            "plan_entries",
            |row| {
                let target: Option<String> = row.get(8)?;
                let reviews: String = row.get(9)?;
                let status: String = row.get(10)?;
                Ok(PlanEntry {
                    id: row.get(0)?,
                    need: row.get(1)?,
                    framework_id: row.get(2)?,
                    competency_id: row.get(3)?,
                    objective: row.get(4)?,
                    actions: row.get(5)?,
                    resources: row.get(6)?,
                    success_criteria: row.get(7)?,
                    target_date: target.as_deref().and_then(parse_date),
                    review_dates: reviews.split(',').filter_map(parse_date).collect(),
                    status: Status::from_key(&status),
                    impact: row.get(11)?,
                    assessment_id: row.get(12)?,
                    created_at: row.get(13)?,
                })
            },
        )?;

        let reviews = super::read_rows(
            &mut self.conn.prepare(
                "SELECT id, entry_id, review_date, description, feelings, evaluation, analysis,
                     conclusion, action_plan, status, created_at
                 FROM plan_reviews ORDER BY review_date, created_at",
            )?,
            "plan_reviews",
            |row| {
                let date: String = row.get(2)?;
                let status: String = row.get(9)?;
                Ok(Review {
                    id: row.get(0)?,
                    entry_id: row.get(1)?,
                    date: parse_date(&date).unwrap_or_default(),
                    description: row.get(3)?,
                    feelings: row.get(4)?,
                    evaluation: row.get(5)?,
                    analysis: row.get(6)?,
                    conclusion: row.get(7)?,
                    action_plan: row.get(8)?,
                    status: Status::from_key(&status),
                    created_at: row.get(10)?,
                })
            },
        )?;

        let plan_end: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM plan_settings WHERE key = 'plan_end'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let text = |which: PlanText| -> Result<String, StoreError> {
            Ok(self
                .conn
                .query_row(
                    "SELECT value FROM plan_settings WHERE key = ?1",
                    params![which.key()],
                    |row| row.get::<_, String>(0),
                )
                .optional()?
                .unwrap_or_default())
        };
        Ok(DevelopmentData {
            assessments,
            entries,
            reviews,
            plan_end: plan_end.as_deref().and_then(parse_date),
            learner: text(PlanText::Learner)?,
            supervisor: text(PlanText::Supervisor)?,
        })
    }

    /// The learner's tables: every table but SQLite's own. Listed from the schema so that
    /// tables added by later migrations are covered without changing this code.
    fn data_tables(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let names = stmt.query_map([], |row| row.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Everything held, table by table, as JSON (UK GDPR right of access).
    pub fn export_everything(&self, at: i64) -> Result<serde_json::Value, StoreError> {
        let mut tables = serde_json::Map::new();
        for table in self.data_tables()? {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
            let rows = stmt.query_map([], |row| {
                let mut object = serde_json::Map::new();
                for (i, name) in columns.iter().enumerate() {
                    let value = match row.get_ref(i)? {
                        ValueRef::Null => serde_json::Value::Null,
                        ValueRef::Integer(n) => n.into(),
                        ValueRef::Real(f) => f.into(),
                        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                        ValueRef::Blob(b) => b
                            .iter()
                            .map(|x| format!("{x:02x}"))
                            .collect::<String>()
                            .into(),
                    };
                    object.insert(name.clone(), value);
                }
                Ok(serde_json::Value::Object(object))
            })?;
            let rows: Vec<serde_json::Value> = rows.collect::<rusqlite::Result<_>>()?;
            tables.insert(table, rows.into());
        }
        Ok(serde_json::json!({
            "about": "Everything Rapport holds about you on this computer.",
            "exported_at": at,
            "data_format": self.schema_version()?,
            "tables": tables,
        }))
    }

    /// Deletes every row of every table, then rewrites the file so that deleted pages and the
    /// write-ahead log do not keep the text (UK GDPR right to erasure).
    pub fn delete_everything(&mut self) -> Result<(), StoreError> {
        let tables = self.data_tables()?;
        let tx = self.conn.transaction()?;
        for table in &tables {
            tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
        }
        tx.commit()?;
        self.conn.execute_batch("VACUUM;")?;
        self.conn
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
        Ok(())
    }
}

/// Writes `bytes` to `path`, refusing to replace an existing file unless `overwrite`.
pub fn write_new_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), StoreError> {
    let file_error = |reason: String| StoreError::File {
        path: path.to_path_buf(),
        reason,
    };
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| file_error(e.to_string()))?;
    }
    crate::export::write_file(path, bytes, overwrite).map_err(|e| match e {
        crate::export::WriteError::Exists(_) => file_error(FILE_EXISTS.to_owned()),
        crate::export::WriteError::Failed { reason, .. } => file_error(reason),
    })
}
