//! The exam date the learner set per unit, for exam readiness's plan. Kept with the learner's
//! progress (the same area is read-only when that cannot be read).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{DataArea, Store, StoreError};

/// Unit id -> exam date.
pub type ExamDates = BTreeMap<String, NaiveDate>;

impl Store {
    /// Sets (or with `None` clears) a unit's exam date.
    pub fn set_exam_date(
        &mut self,
        unit_id: &str,
        date: Option<NaiveDate>,
        at: i64,
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Progress)?;
        match date {
            Some(date) => self.conn.execute(
                "INSERT INTO exam_dates (unit_id, exam_date, set_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (unit_id) DO UPDATE SET exam_date = excluded.exam_date,
                                                     set_at = excluded.set_at",
                params![unit_id, date.format("%Y-%m-%d").to_string(), at],
            )?,
            None => self.conn.execute(
                "DELETE FROM exam_dates WHERE unit_id = ?1",
                params![unit_id],
            )?,
        };
        Ok(())
    }

    /// Every exam date set. A row whose date cannot be read is reported by unit id.
    pub fn exam_dates(&self) -> Result<ExamDates, StoreError> {
        self.read_area(DataArea::Progress, || {
            let mut stmt = self
                .conn
                .prepare("SELECT unit_id, exam_date FROM exam_dates ORDER BY unit_id")?;
            let rows = super::read_rows(&mut stmt, "exam_dates", |row| {
                let unit: String = row.get(0)?;
                let text: String = row.get(1)?;
                let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?;
                Ok((unit, date))
            })?;
            Ok(rows.into_iter().collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exam_date_comes_back_after_reopening_and_can_be_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let date = NaiveDate::from_ymd_opt(2027, 6, 14).unwrap();
        {
            let (mut store, _) = Store::open(dir.path()).unwrap();
            store.set_exam_date("unit-a", Some(date), 1).unwrap();
            store.set_exam_date("unit-b", Some(date), 1).unwrap();
            store.set_exam_date("unit-b", None, 2).unwrap();
        }
        let (store, _) = Store::open(dir.path()).unwrap();
        let dates = store.exam_dates().unwrap();
        assert_eq!(dates.len(), 1);
        assert_eq!(dates["unit-a"], date);
    }

    #[test]
    fn an_unreadable_exam_date_is_named_and_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO exam_dates (unit_id, exam_date, set_at) VALUES ('u', 'soon', 1)",
                [],
            )
            .unwrap();
        let e = store.exam_dates().unwrap_err().to_string();
        assert!(e.contains("exam_dates") && e.contains(" u"), "{e}");
        let date = NaiveDate::from_ymd_opt(2027, 6, 14).unwrap();
        assert!(store.set_exam_date("u", Some(date), 2).is_err());
    }
}
