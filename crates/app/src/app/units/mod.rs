//! The units area: the list of units, a unit's page, and the content problems page.

pub mod list;
pub mod page;
pub mod problems;
