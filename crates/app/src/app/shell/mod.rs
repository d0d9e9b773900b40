//! The frame around every page: navigation, the top bar, the page shown for a missing unit.

pub mod nav;
pub mod placeholder;
pub mod top_bar;
