//! Self-assessment and the development plan, as pure logic: results and gaps from ratings, the
//! SMART checker, plan entries and reviews, and the portfolio export. No egui here.

pub mod assessment;
pub mod entry;
pub mod export;
pub mod smart;

pub use assessment::{Assessment, CompetencyResult, Rating, Results, previous_completed, results};
pub use entry::{Due, GIBBS_PROMPTS, PlanEntry, Review, Status, draft_entries, due_for_review};
