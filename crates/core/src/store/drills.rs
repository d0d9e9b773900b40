//! Saved classroom drill setups, by name. A tutor saves a drill and runs it again next week.

use rusqlite::params;

use super::{DataArea, Store, StoreError};
use crate::drill::DrillSetup;

/// A saved setup, or why it could not be read back.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedDrill {
    pub name: String,
    pub saved_at: i64,
    pub setup: Result<DrillSetup, String>,
}

impl Store {
    /// Saves `setup` under its name, replacing a setup saved earlier under the same name.
    pub fn save_drill_setup(&mut self, setup: &DrillSetup, at: i64) -> Result<(), StoreError> {
        self.writable(DataArea::Drills)?;
        let json = serde_json::to_string(setup)
            .map_err(|e| StoreError::Sqlite(format!("the drill could not be encoded: {e}")))?;
        self.conn.execute(
            "INSERT INTO drill_setups (name, setup, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET setup = excluded.setup, saved_at = excluded.saved_at",
            params![setup.name.trim(), json, at],
        )?;
        Ok(())
    }

    pub fn delete_drill_setup(&mut self, name: &str) -> Result<(), StoreError> {
        self.writable(DataArea::Drills)?;
        self.conn
            .execute("DELETE FROM drill_setups WHERE name = ?1", params![name])?;
        Ok(())
    }

    /// Every saved setup, by name. A row that no longer reads as a setup is returned with the
    /// reason, so the tutor is told rather than the drill silently vanishing.
    pub fn drill_setups(&self) -> Result<Vec<SavedDrill>, StoreError> {
        self.read_area(DataArea::Drills, || self.read_drill_setups())
    }

    fn read_drill_setups(&self) -> Result<Vec<SavedDrill>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, setup, saved_at FROM drill_setups ORDER BY name COLLATE NOCASE",
        )?;
        super::read_rows(&mut stmt, "drill_setups", |row| {
            let json: String = row.get(1)?;
            Ok(SavedDrill {
                name: row.get(0)?,
                saved_at: row.get(2)?,
                setup: serde_json::from_str(&json).map_err(|e| e.to_string()),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::{CriterionRef, QuestionKind};

    #[test]
    fn a_saved_setup_comes_back_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let setup = DrillSetup {
            name: "Week 3 group B".into(),
            units: vec!["ers-coaching-mentoring-roles".into()],
            criteria: vec![CriterionRef {
                unit: "ers-coaching-mentoring-roles".into(),
                number: "1.2".into(),
            }],
            kinds: vec![QuestionKind::Written, QuestionKind::Classify],
            count: 4,
            discussion_seconds: 120,
            warning_seconds: 15,
            teams: vec!["Reds".into(), "Blues".into()],
            seed: 48213,
        };
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            store.save_drill_setup(&setup, 10).unwrap();
            let mut changed = setup.clone();
            changed.count = 6;
            store.save_drill_setup(&changed, 20).unwrap();
            store
                .save_drill_setup(
                    &DrillSetup {
                        name: "another".into(),
                        ..DrillSetup::default()
                    },
                    30,
                )
                .unwrap();
            store.delete_drill_setup("another").unwrap();
        }
        let (store, _) = Store::open(dir.path()).unwrap();
        let saved = store.drill_setups().unwrap();
        assert_eq!(saved.len(), 1, "same name replaces, delete removes");
        assert_eq!(saved[0].saved_at, 20);
        let back = saved[0].setup.clone().unwrap();
        assert_eq!(back.count, 6);
        assert_eq!(back.teams, setup.teams);
        assert_eq!(back.criteria, setup.criteria);
        assert_eq!(back.seed, 48213);
    }

    #[test]
    fn an_unreadable_saved_setup_is_reported_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO drill_setups (name, setup, saved_at) VALUES ('odd', '{\"count\": \"many\"}', 1)",
                [],
            )
            .unwrap();
        let saved = store.drill_setups().unwrap();
        assert_eq!(saved.len(), 1);
        assert!(
            saved[0]
                .setup
                .as_ref()
                .unwrap_err()
                .contains("invalid type")
        );
    }

    /// Issue 15, item 3, in another area: an unreadable row is named and the area is not
    /// written over, while the rest of the store is.
    #[test]
    fn an_unreadable_saved_drill_locks_only_its_area() {
        let dir = tempfile::tempdir().unwrap();
        let setup = DrillSetup {
            name: "Week 3".into(),
            ..DrillSetup::default()
        };
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            store.save_drill_setup(&setup, 10).unwrap();
            store
                .conn
                .execute("UPDATE drill_setups SET saved_at = 'yesterday'", [])
                .unwrap();
        }
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let err = store.drill_setups().unwrap_err().to_string();
        assert!(
            err.contains("Week 3") && err.contains("drill_setups"),
            "{err}"
        );
        let refused = store.save_drill_setup(&setup, 20).unwrap_err().to_string();
        assert!(
            refused.contains("the saved classroom drills") && refused.contains("read-only"),
            "{refused}"
        );
        assert!(store.delete_drill_setup("Week 3").is_err());
        store.set_section_revised("u", "tips", true, 1).unwrap();
        let kept: String = store
            .conn
            .query_row("SELECT saved_at FROM drill_setups", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "yesterday", "the row is as it was");
    }
}
