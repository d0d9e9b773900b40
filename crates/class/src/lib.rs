//! Class answers: during a classroom drill, every learner answers from their own phone or
//! laptop over the room's network, with a join code and a display name, no account and nothing
//! sent off the tutor's machine. No egui here: the session (who joined, what each answered,
//! where the drill is), the web server and the learner's page; the app shows the projector's
//! and the presenter's side.

pub mod export;
pub mod page;
pub mod qr;
pub mod question;
pub mod results;
pub mod server;
pub mod session;
pub mod view;

pub use export::results_csv;
pub use qr::Qr;
pub use question::{ClassQuestion, Form, Submission};
pub use results::{ClassResults, handout_with_results};
pub use server::{Bind, ClassServer, StartError};
pub use session::{Follow, Phase, Session, Tally, Token, follow, fresh_code};
