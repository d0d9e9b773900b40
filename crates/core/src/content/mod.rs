//! Content packs: the schema, loading from the embedded pack or a folder, and validation.

pub mod assets;
pub mod card_text;
pub mod cards;
pub mod coverage;
pub mod framework;
pub mod items;
pub mod load;
pub mod model;
pub mod problem;
pub mod questions;
pub mod scenarios;
pub mod source;
pub mod validate;

pub use cards::{AuthoredCard, Deck, LoadedDeck};
pub use framework::{Behaviour, Competency, Framework, Group, Scale, ScalePoint};
pub use items::{Anchor, Section, TextItem, text_items};
pub use load::{
    Loaded, LoadedFramework, LoadedUnit, Pack, check_folder, load_builtin, load_for_reading,
    load_with_folders,
};
pub use model::*;
pub use problem::{Problem, Severity};
pub use scenarios::{LoadedScenario, Question, QuestionKind, Scenario, Setting};
pub use source::Origin;
