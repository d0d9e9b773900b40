//! Self-assessment and the development plan: their state, the rating and results pages, the plan, and the learner's data (export and delete).

pub mod assessment_results;
pub mod plan;
pub mod plan_entry;
pub mod privacy;
pub mod self_assessment;
pub mod state;
