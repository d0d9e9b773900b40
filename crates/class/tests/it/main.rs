//! The class crate's integration tests, in one binary (each file a module): the session
//! against the built-in content, the real server over loopback (hostile input, 40 learners
//! at once) and two learners' pages in a real headless Chromium.

mod browser;
mod common;
mod hostile;
mod load;
mod results;
mod session;
