//! A problem found while loading a pack: where it is and what is wrong, in one line.
//!
//! A problem is an error (something was not loaded, or would fail in front of a learner) or a
//! warning (a gap a tutor should know about, such as a marking point no scenario practises).
//! Warnings never stop anything from loading and never fail `rapport check`.

use std::cell::Cell;
use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Severity {
    /// The file, or part of it, was not loaded as it is: `rapport check` fails.
    #[default]
    Error,
    /// Everything loaded; the content has a gap worth fixing. `rapport check` still passes.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user knows it, e.g. `my-pack/units/intro.ron` or `built-in:units/a.ron`.
    pub file: String,
    pub line: Option<usize>,
    pub col: Option<usize>,
    /// On the line that closes a long list: how many more problems the file has, not listed.
    pub unlisted: usize,
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    /// An error: what it names was not loaded, or not as written.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            col: None,
            message: message.into(),
            unlisted: 0,
            severity: Severity::Error,
        }
    }

    /// A warning: a gap in content that loaded.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::new(file, message)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    pub fn at(mut self, position: Option<(usize, usize)>) -> Self {
        if let Some((line, col)) = position {
            self.line = Some(line);
            self.col = Some(col);
        }
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        match self.severity {
            Severity::Error => write!(f, ": {}", self.message),
            Severity::Warning => write!(f, ": warning: {}", self.message),
        }
    }
}

/// Messages listed for one file at most; a broken file can produce thousands, and the first
/// ones are what the tutor needs.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Keeps the first [`MAX_PROBLEMS_PER_FILE`] errors and as many warnings of each file, in
/// order, and says how many more there were. Applied once, to the final list.
pub fn cap_per_file(problems: &mut Vec<Problem>) {
    type Key = (String, Severity);
    let mut counts: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(problems.len().min(1000));
    for p in problems.drain(..) {
        let n = counts.entry((p.file.clone(), p.severity)).or_default();
        *n += 1;
        if *n <= MAX_PROBLEMS_PER_FILE {
            kept.push(p);
        }
    }
    let mut over: Vec<(Key, usize)> = counts
        .into_iter()
        .filter(|(_, n)| *n > MAX_PROBLEMS_PER_FILE)
        .collect();
    over.sort();
    for ((file, severity), n) in over {
        let unlisted = n - MAX_PROBLEMS_PER_FILE;
        let what = match severity {
            Severity::Error => "problems",
            Severity::Warning => "warnings",
        };
        kept.push(Problem {
            unlisted,
            severity,
            ..Problem::new(
                file,
                format!(
                    "and {unlisted} more {what} in this file, not listed; fix the ones above \
                     first"
                ),
            )
        });
    }
    *problems = kept;
}

/// How many problems a capped list stands for: those listed and those it only counts.
pub fn total_problems(problems: &[Problem]) -> usize {
    problems
        .iter()
        .map(|p| if p.unlisted > 0 { p.unlisted } else { 1 })
        .sum()
}

/// [`total_problems`] of one severity: `count(problems, Severity::Warning)`.
pub fn count(problems: &[Problem], severity: Severity) -> usize {
    problems
        .iter()
        .filter(|p| p.severity == severity)
        .map(|p| if p.unlisted > 0 { p.unlisted } else { 1 })
        .sum()
}

thread_local! {
    /// Bytes the position searches may still read for the file being checked. A search reads
    /// the file from the start, so one per item of a file with thousands of broken items would
    /// read it thousands of times; with the budget, a file costs a few reads at most and the
    /// messages past it simply have no line number (only the first few dozen are shown anyway).
    static SEARCH_BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Gives the position searches for the file `source` their budget: 32 reads of it.
pub fn start_searching(source: &str) {
    SEARCH_BUDGET.set(source.len().saturating_mul(32).max(1 << 20));
}

/// `source[from..].find(needle)` as an offset into `source`, within the search budget.
pub fn find_from(source: &str, from: usize, needle: &str) -> Option<usize> {
    let left = SEARCH_BUDGET.get();
    if left == 0 || needle.is_empty() {
        return None;
    }
    let rest = source.get(from..)?;
    let found = rest.find(needle);
    let read = found.map_or(rest.len(), |i| i + needle.len());
    SEARCH_BUDGET.set(left.saturating_sub(read));
    found.map(|i| from + i)
}

/// Line and column of the first occurrence of `needle` in `source`, if found within the
/// search budget.
pub fn locate(source: &str, needle: &str) -> Option<(usize, usize)> {
    let offset = find_from(source, 0, needle)?;
    Some(position_of_offset(source, offset))
}

/// Line and column (both from 1, column in characters) of a byte offset.
pub fn position_of_offset(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_columns_from_one() {
        let src = "a\nbc \"x\"\n";
        assert_eq!(locate(src, "\"x\""), Some((2, 4)));
        assert_eq!(locate(src, "zz"), None);
    }

    #[test]
    fn display_includes_position_when_known() {
        let p = Problem::new("p/units/a.ron", "missing field `title`").at(Some((3, 7)));
        assert_eq!(p.to_string(), "p/units/a.ron:3:7: missing field `title`");
        let p = Problem::new("p", "no RON files found");
        assert_eq!(p.to_string(), "p: no RON files found");
    }

    #[test]
    fn a_warning_says_it_is_one_and_is_capped_and_counted_apart() {
        let w =
            Problem::warning("p/units/a.ron", "tip `t` is used by no scenario").at(Some((4, 2)));
        assert_eq!(
            w.to_string(),
            "p/units/a.ron:4:2: warning: tip `t` is used by no scenario"
        );
        let mut list: Vec<Problem> = (0..60)
            .map(|i| Problem::new("f", format!("error {i}")))
            .chain((0..55).map(|i| Problem::warning("f", format!("warning {i}"))))
            .collect();
        cap_per_file(&mut list);
        assert_eq!(list.len(), 2 * MAX_PROBLEMS_PER_FILE + 2);
        assert_eq!(count(&list, Severity::Error), 60);
        assert_eq!(count(&list, Severity::Warning), 55);
        assert_eq!(total_problems(&list), 115);
        let last = list.last().unwrap();
        assert!(
            last.is_warning() && last.message.contains("5 more warnings"),
            "{last}"
        );
    }
}
