//! The Exam readiness area: units by criteria coloured by readiness, the weakest marking points
//! first with what to do next, and an exam date per unit with a daily plan to it. The figures
//! are computed off the UI thread (`state`) and only drawn here (`view`).

pub mod state;
pub mod view;
