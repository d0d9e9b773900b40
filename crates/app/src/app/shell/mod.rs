//! The frame around every page: navigation, the top bar, "Start here", the page shown for a
//! missing unit.

pub mod nav;
pub mod path_field;
pub mod placeholder;
pub mod scroll;
pub mod top_bar;
pub mod welcome;
