//! The scenarios area: practice and timed tests, the question being answered, results and history.

pub mod question;
pub mod questions;
pub mod results;
pub mod state;
pub mod view;
