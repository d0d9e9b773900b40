//! The class's results as CSV: by question (with each option or part), by criterion and by
//! marking point. Only totals for the class: no learner's name or answer is in the file.

use crate::results::ClassResults;
use crate::session::Session;

/// Every row: `level,question,title,criterion,marking_point,answers,right,marks,max_marks`
/// (see [`ClassResults::to_csv`]).
pub fn results_csv(s: &Session) -> String {
    ClassResults::of(s).to_csv()
}
