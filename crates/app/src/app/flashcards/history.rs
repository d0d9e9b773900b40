//! What the flashcards area keeps of the review log. Opening reads only its recent part (since
//! the start of yesterday: enough for today's counts of new cards and reviews), how many
//! reviews it holds and its last id; the whole log (200,000 reviews of a year are about 19 MB)
//! is read on the store thread only when the statistics, the optimiser or the memory-state
//! update need it, handed to them, and then dropped.

use crate::flashcards::schedule::ReviewEntry;

/// What the whole log is wanted for, once it has been read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wanted {
    pub stats: bool,
    pub optimise: bool,
    /// The memory-state update after new FSRS parameters were saved.
    pub recompute: bool,
}

impl Wanted {
    pub fn any(&self) -> bool {
        self.stats || self.optimise || self.recompute
    }
}

#[derive(Debug, Default)]
pub struct ReviewHistory {
    /// Every review made at or after `recent_from` (seconds), oldest first by id.
    recent: Vec<ReviewEntry>,
    recent_from: i64,
    /// How many reviews the whole log holds.
    count: usize,
    /// The highest review id in the log.
    last_id: Option<i64>,
    /// What the whole log has been asked for; a read is on its way while any is set.
    pub wanted: Wanted,
    /// Why the last read of the whole log failed.
    pub failed: Option<String>,
    /// How many times the whole log has been read this session.
    reads: usize,
}

impl ReviewHistory {
    /// `recent`: every review since `recent_from`; `count` and `last_id` of the whole log.
    pub fn new(
        mut recent: Vec<ReviewEntry>,
        recent_from: i64,
        count: usize,
        last_id: Option<i64>,
    ) -> ReviewHistory {
        recent.sort_by_key(|r| r.id);
        ReviewHistory {
            recent,
            recent_from,
            count,
            last_id,
            ..ReviewHistory::default()
        }
    }

    /// Reviews in the whole log (read or not).
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The reviews made since the start of yesterday (when the app opened) and every one made
    /// since, oldest first.
    pub fn recent(&self) -> &[ReviewEntry] {
        &self.recent
    }

    /// The highest review id in the log, for numbering the next review after it.
    pub fn last_id(&self) -> Option<i64> {
        self.last_id
    }

    /// Whether a read of the whole log is on its way.
    pub fn reading(&self) -> bool {
        self.wanted.any()
    }

    /// How many times the whole log was read this session (tests check opening reads none).
    pub fn reads(&self) -> usize {
        self.reads
    }

    /// The whole log arrived: counted, and checked against what is known of it.
    pub fn read_done(&mut self, log: &[ReviewEntry]) {
        self.reads += 1;
        self.failed = None;
        self.count = log.len();
        self.last_id = log.iter().map(|r| r.id).max().max(self.last_id);
    }

    /// A saved grade.
    pub fn push(&mut self, entry: ReviewEntry) {
        self.count += 1;
        self.last_id = self.last_id.max(Some(entry.id));
        self.recent.push(entry);
    }

    /// An undone grade (one made this session, so in the recent reviews).
    pub fn remove(&mut self, review_id: i64) {
        self.recent.retain(|r| r.id != review_id);
        self.count = self.count.saturating_sub(1);
    }

    /// Reviews imported from Anki: `added` of them were new to the store (it skips a review
    /// already there). Those in the recent window join the recent reviews.
    pub fn add_imported(&mut self, log: &[ReviewEntry], added: usize) {
        self.count += added;
        self.last_id = log.iter().map(|r| r.id).max().max(self.last_id);
        let known: std::collections::HashSet<i64> = self.recent.iter().map(|r| r.id).collect();
        let before = self.recent.len();
        self.recent.extend(
            log.iter()
                .filter(|r| r.reviewed_at >= self.recent_from && !known.contains(&r.id))
                .cloned(),
        );
        if self.recent.len() > before {
            self.recent.sort_by_key(|r| r.id);
        }
    }

    /// Reviews of `log` whose ids are not in the store yet, as far as this history knows:
    /// for an import without the store's count (no data file this session).
    pub fn count_new(&self, log: &[ReviewEntry]) -> usize {
        let known: std::collections::HashSet<i64> = self.recent.iter().map(|r| r.id).collect();
        log.iter().filter(|r| !known.contains(&r.id)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flashcards::schedule::Phase;

    fn entry(id: i64, at: i64) -> ReviewEntry {
        ReviewEntry {
            id,
            card_id: format!("c{id}"),
            reviewed_at: at,
            grade: 3,
            interval_days: 1.0,
            stability: 1.0,
            difficulty: 5.0,
            phase_before: Phase::Review,
            duration_ms: 1000,
        }
    }

    #[test]
    fn grades_undos_and_imports_keep_the_count_and_the_last_id() {
        let mut h = ReviewHistory::new(vec![entry(9, 150), entry(8, 120)], 100, 50, Some(9));
        assert_eq!(h.recent().iter().map(|r| r.id).collect::<Vec<_>>(), [8, 9]);
        h.push(entry(10, 200));
        assert_eq!((h.len(), h.last_id()), (51, Some(10)));
        h.remove(10);
        assert_eq!(h.len(), 50);
        assert_eq!(h.recent().len(), 2);
        // One new in the window, one new before it, one already known.
        h.add_imported(&[entry(3, 50), entry(12, 130), entry(9, 150)], 2);
        assert_eq!((h.len(), h.last_id()), (52, Some(12)));
        assert_eq!(
            h.recent().iter().map(|r| r.id).collect::<Vec<_>>(),
            [8, 9, 12]
        );
        assert!(!h.reading());
        h.read_done(&[entry(1, 1), entry(2, 2)]);
        assert_eq!((h.len(), h.reads()), (2, 1));
    }
}
