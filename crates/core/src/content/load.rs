//! Parse a pack's files, validate them and assemble the units that can be shown.
//!
//! A broken file never stops the others from loading: its problems are collected and the
//! valid units are kept, so the app can open with what is good and list what is not.

use std::collections::HashMap;
use std::path::PathBuf;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::cards::{Deck, LoadedDeck, validate_deck};
use super::framework::{Framework, validate_framework};
use super::model::{CriterionRef, PackManifest, Unit};
use super::problem::{Problem, cap_per_file, locate, position_of_offset, start_searching};
use super::scenarios::{KnownIds, LoadedScenario, Scenario, validate_scenario};
use super::source::{Origin, SourceFile, embedded_files, folder_files};
use super::validate::validate_unit;
use crate::plan::smart::lexicon::{LoadedLexicon, WordLists, validate_lexicon};

/// A competency framework together with where it was loaded from.
#[derive(Debug, Clone)]
pub struct LoadedFramework {
    pub framework: Framework,
    pub origin: Origin,
    pub file: String,
}

/// A unit together with where it was loaded from.
#[derive(Debug, Clone)]
pub struct LoadedUnit {
    pub unit: Unit,
    pub origin: Origin,
    /// The file, as named in messages.
    pub file: String,
    /// The image of each of `unit.figures`, in order (a figure whose image could not be used
    /// is reported and left out of `unit.figures`).
    pub images: Vec<std::sync::Arc<[u8]>>,
}

/// Everything that loaded, from every pack, in load order (built-in first).
#[derive(Debug, Clone, Default)]
pub struct Pack {
    pub units: Vec<LoadedUnit>,
    pub manifests: Vec<(Origin, PackManifest)>,
    pub frameworks: Vec<LoadedFramework>,
    /// Authored flashcard decks (`cards/*.ron`) whose references checked out.
    pub decks: Vec<LoadedDeck>,
    /// Scenario questions whose references all resolve.
    pub scenarios: Vec<LoadedScenario>,
    /// The SMART checker's word lists (`lexicon/*.ron`), built-in first.
    pub lexicons: Vec<LoadedLexicon>,
    /// Those lists with every framework's names and numbers, indexed on first use.
    smart: std::sync::OnceLock<crate::plan::smart::Lexicon>,
}

impl Pack {
    pub fn unit(&self, id: &str) -> Option<&LoadedUnit> {
        self.units.iter().find(|u| u.unit.id == id)
    }

    /// The text of a criterion, or of the learning outcome a scenario names when its unit
    /// lists no numbered criteria.
    pub fn criterion_text(&self, criterion: &CriterionRef) -> Option<&str> {
        let unit = &self.unit(&criterion.unit)?.unit;
        unit.criteria()
            .find(|c| c.number == criterion.number)
            .map(|c| c.text.as_str())
            .or_else(|| {
                unit.learning_outcomes
                    .iter()
                    .find(|lo| lo.number == criterion.number)
                    .map(|lo| lo.text.as_str())
            })
    }

    /// Every criterion (or learning outcome) some scenario practises, unit by unit.
    pub fn practised_criteria(&self) -> Vec<CriterionRef> {
        let set: std::collections::BTreeSet<(usize, &str, &str)> = self
            .scenarios
            .iter()
            .flat_map(|s| {
                let order = self
                    .units
                    .iter()
                    .position(|u| u.unit.id == s.scenario.unit)
                    .unwrap_or(usize::MAX);
                s.scenario
                    .criteria
                    .iter()
                    .map(move |n| (order, s.scenario.unit.as_str(), n.as_str()))
            })
            .collect();
        set.into_iter()
            .map(|(_, unit, number)| CriterionRef {
                unit: unit.to_owned(),
                number: number.to_owned(),
            })
            .collect()
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks
            .iter()
            .find(|f| f.framework.id == id)
            .map(|f| &f.framework)
    }

    /// The SMART checker's lexicon for this pack: its word lists and its frameworks.
    pub fn smart_lexicon(&self) -> &crate::plan::smart::Lexicon {
        self.smart
            .get_or_init(|| crate::plan::smart::Lexicon::from_pack(self))
    }

    pub fn scenario(&self, id: &str) -> Option<&LoadedScenario> {
        self.scenarios.iter().find(|s| s.scenario.id == id)
    }

    /// One line saying what the pack holds, as `rapport check` prints it.
    pub fn summary(&self, cards: usize) -> String {
        let units = self.units.iter().map(|u| &u.unit);
        let mut counts = [0usize; 6];
        for u in units {
            counts[0] += u.key_concepts.len();
            counts[1] += u.misconceptions.len();
            counts[2] += u.marking_points.len();
            counts[3] += u.tips.len();
            counts[4] += u.learning_outcomes.len();
            counts[5] += u.criteria().count();
        }
        let behaviours: usize = self
            .frameworks
            .iter()
            .map(|f| f.framework.behaviours().count())
            .sum();
        let parts = [
            counted(self.units.len(), "unit", "units"),
            counted(counts[0], "key concept", "key concepts"),
            counted(counts[1], "misconception", "misconceptions"),
            counted(counts[2], "marking point", "marking points"),
            counted(counts[3], "tip", "tips"),
            counted(counts[4], "learning outcome", "learning outcomes"),
            counted(counts[5], "assessment criterion", "assessment criteria"),
            counted(self.decks.len(), "card deck", "card decks"),
            counted(cards, "flashcard", "flashcards"),
            counted(self.frameworks.len(), "framework", "frameworks"),
            counted(behaviours, "framework behaviour", "framework behaviours"),
            counted(self.scenarios.len(), "scenario", "scenarios"),
        ];
        parts.join(", ")
    }
}

/// "1 unit", "2 units".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The outcome of loading: what can be used and what is wrong.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub pack: Pack,
    /// Errors (something was not loaded as written), then warnings (gaps in what loaded).
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// The problems that are errors; the others are warnings, which block nothing.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_warning())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_warning())
    }
}

/// The built-in pack, then each tutor folder on top of it.
pub fn load_with_folders(folders: &[PathBuf]) -> Loaded {
    load_on(&load_builtin(), folders)
}

/// The built-in pack alone.
pub fn load_builtin() -> Loaded {
    let mut builder = PackBuilder::default();
    builder.add_files(embedded_files(), Origin::BuiltIn, "built-in content");
    let mut loaded = builder.finish();
    cap_per_file(&mut loaded.problems);
    loaded
}

/// [`load_with_folders`] without the coverage warnings (what a unit lacks: no scenario for a
/// criterion, and the like), for commands that only read the pack and print no warnings, such
/// as `rapport readiness`. Errors are found and reported exactly as by [`load_with_folders`]:
/// finding the gaps in what loaded is the only step left out.
pub fn load_for_reading(folders: &[PathBuf]) -> Loaded {
    load_folders(&load_builtin(), folders, false)
}

/// `folders` loaded on top of `base` (the built-in pack), as the app loads them: each file is
/// checked against what `base` already holds.
pub fn load_on(base: &Loaded, folders: &[PathBuf]) -> Loaded {
    load_folders(base, folders, true)
}

fn load_folders(base: &Loaded, folders: &[PathBuf], coverage: bool) -> Loaded {
    let mut builder = PackBuilder::on_top_of(base);
    builder.skip_coverage = !coverage;
    builder.problems = base.problems.clone();
    // `X`, `X/` and `X/.` are one folder, loaded once (or its units would clash with themselves).
    let mut seen = std::collections::HashSet::new();
    for folder in folders {
        if !seen.insert(folder.canonicalize().unwrap_or_else(|_| folder.clone())) {
            continue;
        }
        let (files, problems) = folder_files(folder);
        builder.problems.extend(problems);
        builder.add_files(
            files,
            Origin::Folder(folder.clone()),
            &folder.display().to_string(),
        );
    }
    let mut loaded = builder.finish();
    cap_per_file(&mut loaded.problems);
    loaded
}

/// What `rapport check DIR` reports: exactly what the app reports loading the folder on top of
/// the built-in pack (the same code, so a clash with a built-in unit, framework, deck,
/// scenario or item id is found by both), with the pack holding only the folder's content.
pub fn check_folder(folder: &std::path::Path) -> Loaded {
    let (files, problems) = folder_files(folder);
    check_files_with(&load_builtin(), files, problems, folder)
}

/// [`check_folder`] for files already read from `folder` (with the problems met reading them),
/// against a built-in pack loaded once by the caller: the fuzz tests check thousands of packs
/// without touching the disk.
pub fn check_files_with(
    builtin: &Loaded,
    files: Vec<SourceFile>,
    read_problems: Vec<Problem>,
    folder: &std::path::Path,
) -> Loaded {
    let mut builder = PackBuilder::on_top_of(builtin);
    builder.problems.extend(read_problems);
    builder.add_files(
        files,
        Origin::Folder(folder.to_path_buf()),
        &folder.display().to_string(),
    );
    let (mut loaded, twice) = builder.finish_with(None);
    // Only what the folder holds: the summary and callers describe the folder.
    let base = &builtin.pack;
    let pack = &mut loaded.pack;
    pack.units.drain(..base.units.len());
    pack.manifests.drain(..base.manifests.len());
    pack.frameworks.drain(..base.frameworks.len());
    pack.decks.drain(..base.decks.len());
    pack.scenarios.drain(..base.scenarios.len());
    pack.lexicons.drain(..base.lexicons.len());
    pack.units.extend(twice.units);
    pack.frameworks.extend(twice.frameworks);
    pack.decks.extend(twice.decks);
    pack.scenarios.extend(twice.scenarios);
    cap_per_file(&mut loaded.problems);
    loaded
}

fn clash_problem(new: &LoadedUnit, existing: &LoadedUnit) -> Problem {
    let message = format!(
        "unit id `{}` is already used by {}; this unit was not loaded (give it another id)",
        new.unit.id, existing.file
    );
    Problem::new(&new.file, message)
}

/// The ron options every pack file is read with: `Some(..)` may be left out around optional values.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Scenario files also write a question as its type with the type's fields, `SingleBest(options:
/// [...])`, though each type is a struct of its own (`Question::SingleBest(SingleBest)`).
fn scenario_options() -> ron::Options {
    ron_options().with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
}

fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    parse_with(ron_options(), file, text)
}

fn parse_with<T: DeserializeOwned>(
    options: ron::Options,
    file: &str,
    text: &str,
) -> Result<T, Problem> {
    options.from_str::<T>(text).map_err(|e| {
        Problem::new(file, e.code.to_string()).at(Some((e.span.start.line, e.span.start.col)))
    })
}

/// Checks a file's bytes are UTF-8, pointing at the first bad byte if not. A byte-order mark
/// at the start (Notepad writes one) is skipped.
fn as_text(file: &SourceFile) -> Result<&str, Problem> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&file.bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(good).unwrap_or_default();
        let pos = position_of_offset(prefix, prefix.len());
        Problem::new(
            &file.display,
            format!(
                "the file is not UTF-8 text (byte 0x{:02X} at offset {}); save it as UTF-8",
                bytes[e.valid_up_to()],
                e.valid_up_to()
            ),
        )
        .at(Some(pos))
    })
}

#[derive(Default)]
struct PackBuilder {
    pack: Pack,
    problems: Vec<Problem>,
    /// Every unit and item id seen so far, with the file it came from.
    ids: HashMap<String, String>,
    /// Parsed decks with their file name and text, waiting for every unit to be loaded.
    decks: Vec<(Deck, String, String)>,
    /// Scenarios are checked once every unit is in, since they refer to units of any file.
    /// The file's text is shared by its scenarios, not copied for each.
    pending_scenarios: Vec<(Scenario, String, std::rc::Rc<str>, Origin)>,
    /// The text of each unit and deck file, to point the coverage warnings at.
    texts: HashMap<String, std::rc::Rc<str>>,
    /// What is left of each pack's budget of figure pixels.
    pixels_left: HashMap<Origin, u64>,
    /// What a folder holds that is the same as what was already loaded (a copied built-in
    /// file): left out of the pack, but part of the folder `check` describes.
    twice: Pack,
    /// Each deck id loaded, with its file.
    deck_files: HashMap<String, String>,
    /// Each scenario id met, with its file, pack and content.
    seen_scenarios: HashMap<String, (String, Origin, Scenario)>,
    /// Leaves out the coverage warnings (see [`load_for_reading`]).
    skip_coverage: bool,
    /// How many threads parse the files (0: as many as there are cores, at most
    /// [`MAX_PARSE_THREADS`]).
    parse_threads: usize,
}

/// The most threads that parse a pack's files at once.
const MAX_PARSE_THREADS: usize = 4;

/// A file's text, parsed as what its folder says it holds.
struct ParsedFile<'a> {
    text: &'a str,
    what: Parsed,
}

enum Parsed {
    Manifest(Result<PackManifest, Problem>),
    Unit(Result<Unit, Problem>),
    Framework(Result<Framework, Problem>),
    Deck(Result<Deck, Problem>),
    Lexicon(Result<WordLists, Problem>),
    Scenarios(Result<Vec<Scenario>, Problem>),
    /// Not in a folder a pack keeps files in.
    NotRead,
}

/// Parses one file on its own: whether it is text, and what it holds. Nothing here depends on
/// the other files (that is checked afterwards, in order), so files can be parsed in parallel.
fn parse_file(file: &SourceFile) -> Result<ParsedFile<'_>, Problem> {
    let text = as_text(file)?;
    let name = &file.display;
    let relative = file.relative.as_str();
    let what = if relative == "pack.ron" {
        Parsed::Manifest(parse(name, text))
    } else if relative.starts_with("units/") {
        Parsed::Unit(parse(name, text))
    } else if relative.starts_with("frameworks/") {
        Parsed::Framework(parse(name, text))
    } else if relative.starts_with("cards/") {
        Parsed::Deck(parse(name, text))
    } else if relative.starts_with("lexicon/") {
        Parsed::Lexicon(parse(name, text))
    } else if relative.starts_with("scenarios/") {
        Parsed::Scenarios(parse_with(scenario_options(), name, text))
    } else {
        Parsed::NotRead
    };
    Ok(ParsedFile { text, what })
}

/// Every file parsed, in the order of `files`, on up to `threads` threads (0: one per core, at
/// most [`MAX_PARSE_THREADS`]): the calling thread and helpers each take the next file not yet
/// taken. If a helper cannot be started the others (the calling thread at least) do its share.
fn parse_all(files: &[SourceFile], threads: usize) -> Vec<Result<ParsedFile<'_>, Problem>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_PARSE_THREADS))
    } else {
        threads
    }
    .min(files.len());
    if threads <= 1 {
        return files.iter().map(parse_file).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = files.get(i) else {
                return mine;
            };
            mine.push((i, parse_file(file)));
        }
    };
    let mut slots: Vec<Option<Result<ParsedFile<'_>, Problem>>> =
        std::iter::repeat_with(|| None).take(files.len()).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("rapport-parse".into())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(theirs) => done.extend(theirs),
                // A panic in a parser is passed on as it would be without threads.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (i, parsed) in done {
            slots[i] = Some(parsed);
        }
    });
    slots
        .into_iter()
        .zip(files)
        .map(|(slot, file)| slot.unwrap_or_else(|| parse_file(file)))
        .collect()
}

impl PackBuilder {
    /// A builder that already holds `base`: what is added next is checked against it exactly
    /// as if it had been loaded in the same run.
    fn on_top_of(base: &Loaded) -> PackBuilder {
        let mut pack = base.pack.clone();
        // The word lists are built from the whole pack, which is about to grow.
        pack.smart = Default::default();
        let mut ids = HashMap::new();
        for u in &pack.units {
            let unit = &u.unit;
            let item_ids = std::iter::once(unit.id.as_str())
                .chain(unit.key_concepts.iter().map(|k| k.id.as_str()))
                .chain(unit.misconceptions.iter().map(|m| m.id.as_str()))
                .chain(unit.marking_points.iter().map(|m| m.id.as_str()))
                .chain(unit.tips.iter().map(|t| t.id.as_str()));
            for id in item_ids {
                ids.entry(id.to_owned()).or_insert_with(|| u.file.clone());
            }
        }
        for f in &pack.frameworks {
            for id in f.framework.ids() {
                ids.entry(id.to_owned()).or_insert_with(|| f.file.clone());
            }
        }
        let deck_files = pack
            .decks
            .iter()
            .map(|d| (d.deck.id.clone(), d.file.clone()))
            .collect();
        let seen_scenarios = pack
            .scenarios
            .iter()
            .map(|s| {
                (
                    s.scenario.id.clone(),
                    (s.file.clone(), Origin::BuiltIn, s.scenario.clone()),
                )
            })
            .collect();
        PackBuilder {
            pack,
            ids,
            deck_files,
            seen_scenarios,
            ..PackBuilder::default()
        }
    }

    fn add_files(&mut self, files: Vec<SourceFile>, origin: Origin, pack_name: &str) {
        let parsed = parse_all(&files, self.parse_threads);
        let mut any_ron = false;
        for (file, parsed) in files.iter().zip(parsed) {
            any_ron = true;
            self.add_file(file, parsed, &origin);
        }
        if !any_ron && !self.problems.iter().any(|p| p.file == pack_name) {
            self.problems.push(Problem::new(
                pack_name,
                "no .ron files found: a pack keeps its units in units/*.ron and its frameworks in \
                 frameworks/*.ron",
            ));
        }
    }

    /// Checks one parsed file against what is loaded so far. Files are taken one at a time in
    /// their order, so the problems come in the same order however they were parsed.
    fn add_file(
        &mut self,
        file: &SourceFile,
        parsed: Result<ParsedFile<'_>, Problem>,
        origin: &Origin,
    ) {
        let ParsedFile { text, what } = match parsed {
            Ok(parsed) => parsed,
            Err(problem) => return self.problems.push(problem),
        };
        start_searching(text);
        if file.relative.starts_with("units/") || file.relative.starts_with("cards/") {
            self.texts.insert(file.display.clone(), text.into());
        }
        match what {
            Parsed::Manifest(Ok(manifest)) => self.pack.manifests.push((origin.clone(), manifest)),
            Parsed::Unit(Ok(unit)) => self.add_unit(unit, file, text, origin),
            Parsed::Framework(Ok(framework)) => self.add_framework(framework, file, text, origin),
            // Checked in `finish`, once every unit of every file is known.
            Parsed::Deck(Ok(deck)) => {
                self.decks
                    .push((deck, file.display.clone(), text.to_owned()))
            }
            Parsed::Lexicon(Ok(lists)) => {
                let problems = validate_lexicon(&lists, &file.display, text);
                if problems.is_empty() {
                    self.pack.lexicons.push(LoadedLexicon {
                        lists,
                        file: file.display.clone(),
                    });
                } else {
                    // A list with a mistake is left out whole, so the tutor sees the message.
                    self.problems.extend(problems);
                }
            }
            Parsed::Scenarios(Ok(list)) => {
                let shared: std::rc::Rc<str> = text.into();
                for scenario in list {
                    self.pending_scenarios.push((
                        scenario,
                        file.display.clone(),
                        shared.clone(),
                        origin.clone(),
                    ));
                }
            }
            Parsed::Manifest(Err(problem))
            | Parsed::Unit(Err(problem))
            | Parsed::Framework(Err(problem))
            | Parsed::Deck(Err(problem))
            | Parsed::Lexicon(Err(problem))
            | Parsed::Scenarios(Err(problem)) => self.problems.push(problem),
            Parsed::NotRead => self.problems.push(Problem::new(
                &file.display,
                "not read: RON files of a pack go in units/, cards/, scenarios/, frameworks/ or \
                 lexicon/ (or pack.ron at the top of the folder)",
            )),
        }
    }

    fn add_unit(&mut self, unit: Unit, file: &SourceFile, text: &str, origin: &Origin) {
        let unit_pos = locate(text, &format!("\"{}\"", unit.id));
        if let Some(existing) = self.pack.unit(&unit.id) {
            if existing.origin != *origin && existing.unit == unit {
                // The same unit shipped twice (a tutor copied a built-in file): nothing is overwritten.
                self.twice.units.push(LoadedUnit {
                    origin: origin.clone(),
                    file: file.display.clone(),
                    ..existing.clone()
                });
                return;
            }
            let new = LoadedUnit {
                unit,
                origin: origin.clone(),
                file: file.display.clone(),
                images: Vec::new(),
            };
            let problem = clash_problem(&new, existing).at(unit_pos);
            self.problems.push(problem);
            return;
        }
        let overlong = super::validate::overlong_texts(&unit, &file.display, text);
        if !overlong.is_empty() {
            self.problems.extend(overlong);
            return;
        }
        self.problems
            .extend(validate_unit(&unit, &file.display, text));
        let item_ids = std::iter::once(unit.id.as_str())
            .chain(unit.key_concepts.iter().map(|k| k.id.as_str()))
            .chain(unit.misconceptions.iter().map(|m| m.id.as_str()))
            .chain(unit.marking_points.iter().map(|m| m.id.as_str()))
            .chain(unit.tips.iter().map(|t| t.id.as_str()));
        for id in item_ids {
            if let Some(first) = self.ids.get(id) {
                let message = format!("duplicate id `{id}` (first used in {first})");
                let pos = if id == unit.id {
                    unit_pos
                } else {
                    locate(text, &format!("\"{id}\""))
                };
                self.problems
                    .push(Problem::new(&file.display, message).at(pos));
            } else {
                self.ids.insert(id.to_owned(), file.display.clone());
            }
        }
        let mut unit = unit;
        let mut images = Vec::new();
        unit.figures.retain(|figure| {
            match super::assets::read_image(
                origin,
                &figure.file,
                self.pixels_left
                    .entry(origin.clone())
                    .or_insert(super::assets::MAX_PACK_PIXELS),
            ) {
                Ok(bytes) => {
                    images.push(bytes);
                    true
                }
                Err(message) => {
                    let pos = locate(text, &format!("\"{}\"", figure.file));
                    self.problems
                        .push(Problem::new(&file.display, message).at(pos.or(unit_pos)));
                    false
                }
            }
        });
        self.pack.units.push(LoadedUnit {
            unit,
            origin: origin.clone(),
            file: file.display.clone(),
            images,
        });
    }

    fn add_framework(&mut self, fw: Framework, file: &SourceFile, text: &str, origin: &Origin) {
        let fw_pos = locate(text, &format!("\"{}\"", fw.id));
        if let Some(existing) = self
            .pack
            .frameworks
            .iter()
            .find(|f| f.framework.id == fw.id)
        {
            if existing.origin != *origin && existing.framework == fw {
                self.twice.frameworks.push(LoadedFramework {
                    origin: origin.clone(),
                    file: file.display.clone(),
                    ..existing.clone()
                });
                return;
            }
            let message = format!(
                "framework id `{}` is already used by {}; this framework was not loaded (give it \
                 another id)",
                fw.id, existing.file
            );
            self.problems
                .push(Problem::new(&file.display, message).at(fw_pos));
            return;
        }
        self.problems
            .extend(validate_framework(&fw, &file.display, text));
        // Ids are global across the pack: a plan entry names a competency by id alone.
        for id in fw.ids() {
            if let Some(first) = self.ids.get(id) {
                if first == &file.display {
                    continue; // reported by validate_framework
                }
                let message = format!("duplicate id `{id}` (first used in {first})");
                self.problems.push(
                    Problem::new(&file.display, message).at(locate(text, &format!("\"{id}\""))),
                );
            } else {
                self.ids.insert(id.to_owned(), file.display.clone());
            }
        }
        self.pack.frameworks.push(LoadedFramework {
            framework: fw,
            origin: origin.clone(),
            file: file.display.clone(),
        });
    }

    fn finish(self) -> Loaded {
        self.finish_with(None).0
    }

    /// Validates the scenarios against this pack's units (and `base`'s, when given) and keeps
    /// those without problems: a scenario with a dangling reference would fail in front of a
    /// learner.
    /// Also returns what was left out as the same as something already loaded.
    fn finish_with(mut self, base: Option<&Pack>) -> (Loaded, Pack) {
        let unit_ids: std::collections::HashSet<&str> =
            self.pack.units.iter().map(|u| u.unit.id.as_str()).collect();
        let mut deck_files = std::mem::take(&mut self.deck_files);
        for (deck, file, text) in std::mem::take(&mut self.decks) {
            start_searching(&text);
            let problems = validate_deck(&deck, &file, &text, &unit_ids);
            if let Some(first) = deck_files.get(&deck.id) {
                if self.pack.decks.iter().any(|d| d.deck == deck) {
                    // The same deck shipped twice (a tutor copied a built-in file).
                    self.twice.decks.push(LoadedDeck { deck, file });
                    continue;
                }
                self.problems.push(
                    Problem::new(
                        &file,
                        format!(
                            "deck id `{}` is already used by {first}; this deck was not loaded",
                            deck.id
                        ),
                    )
                    .at(locate(&text, &format!("\"{}\"", deck.id))),
                );
                continue;
            }
            // A deck with a problem is left out whole rather than shown with holes, so that the
            // tutor sees the message and no learner studies half a deck without knowing.
            if !problems.is_empty() {
                self.problems.extend(problems);
                continue;
            }
            deck_files.insert(deck.id.clone(), file.clone());
            self.pack.decks.push(LoadedDeck { deck, file });
        }
        let pending = std::mem::take(&mut self.pending_scenarios);
        let mut seen = std::mem::take(&mut self.seen_scenarios);
        let mut accepted = Vec::new();
        {
            let known = KnownIds::new(std::iter::once(&self.pack).chain(base).collect());
            let mut searching: Option<std::rc::Rc<str>> = None;
            for (scenario, file, text, origin) in pending {
                // The budget is per file: scenarios of one file share it.
                if searching
                    .as_ref()
                    .is_none_or(|s| !std::rc::Rc::ptr_eq(s, &text))
                {
                    start_searching(&text);
                    searching = Some(text.clone());
                }
                if let Some((first, first_origin, first_scenario)) = seen.get(&scenario.id) {
                    if *first_origin != origin && *first_scenario == scenario {
                        self.twice.scenarios.push(LoadedScenario { scenario, file });
                        continue;
                    }
                    let message = format!(
                        "duplicate scenario id `{}` (first used in {first}); this one was not loaded",
                        scenario.id
                    );
                    let pos = locate(&text, &format!("\"{}\"", scenario.id));
                    self.problems.push(Problem::new(&file, message).at(pos));
                    continue;
                }
                let problems = validate_scenario(&scenario, &file, &text, &known);
                seen.insert(
                    scenario.id.clone(),
                    (file.clone(), origin.clone(), scenario.clone()),
                );
                if problems.is_empty() {
                    accepted.push(LoadedScenario { scenario, file });
                } else {
                    self.problems.extend(problems);
                }
            }
        }
        self.pack.scenarios.extend(accepted);
        if !self.skip_coverage {
            let coverage = super::coverage::coverage(&self.pack, base);
            self.problems
                .extend(super::coverage::warnings(&coverage, &self.texts));
        }
        (
            Loaded {
                pack: self.pack,
                problems: self.problems,
            },
            self.twice,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in pack, then `files` on top of it as a tutor folder, parsed on `threads`.
    fn load_parsed_on(threads: usize, files: Vec<SourceFile>) -> Loaded {
        let mut builder = PackBuilder {
            parse_threads: threads,
            ..PackBuilder::default()
        };
        builder.add_files(embedded_files(), Origin::BuiltIn, "built-in content");
        let mut base = builder.finish();
        cap_per_file(&mut base.problems);
        let mut builder = PackBuilder::on_top_of(&base);
        builder.parse_threads = threads;
        builder.problems = base.problems.clone();
        let folder = PathBuf::from("tutor-pack");
        builder.add_files(files, Origin::Folder(folder), "tutor-pack");
        let mut loaded = builder.finish();
        cap_per_file(&mut loaded.problems);
        loaded
    }

    fn file(relative: &str, bytes: impl Into<Vec<u8>>) -> SourceFile {
        SourceFile {
            relative: relative.to_owned(),
            display: format!("tutor-pack/{relative}"),
            bytes: bytes.into(),
        }
    }

    /// Files parsed on several threads give the same pack and the same problems, in the same
    /// order (file, line, problem), as parsed one after the other: on the built-in pack and on
    /// a folder with errors of every kind spread over many files.
    #[test]
    fn parsing_in_parallel_changes_nothing_reported() {
        let builtin = embedded_files();
        let unit = builtin
            .iter()
            .find(|f| f.relative.starts_with("units/"))
            .expect("a built-in unit");
        let unit_text = String::from_utf8(unit.bytes.clone()).unwrap();
        let mut files = Vec::new();
        for n in 0..12 {
            // A unit that clashes with the built-in one, a copy of it (left out quietly), one
            // with a syntax error, one that is not UTF-8, one with a missing field.
            files.push(file(
                &format!("units/clash-{n}.ron"),
                unit_text.replace("Unit(", "Unit( "),
            ));
            files.push(file(&format!("units/copy-{n}.ron"), unit.bytes.clone()));
            files.push(file(
                &format!("units/broken-{n}.ron"),
                format!("Unit(id: \"u{n}\",, )"),
            ));
            files.push(file(
                &format!("units/binary-{n}.ron"),
                vec![b'U', 0xff, 0xfe, b'('],
            ));
            files.push(file(
                &format!("units/short-{n}.ron"),
                format!("(id: \"short-{n}\")"),
            ));
            files.push(file(&format!("scenarios/bad-{n}.ron"), "[(id: 3)]"));
            files.push(file(
                &format!("cards/bad-{n}.ron"),
                "(id: \"d\", unit: \"none\")",
            ));
            files.push(file(&format!("notes/{n}.ron"), "()"));
        }
        let one = load_parsed_on(1, files.clone());
        assert!(
            one.errors().count() >= files.len() / 2,
            "{:?}",
            one.problems
        );
        for threads in [2, 3, 4] {
            let many = load_parsed_on(threads, files.clone());
            assert_eq!(many.problems, one.problems, "{threads} threads");
            assert_eq!(many.pack.units.len(), one.pack.units.len());
            assert_eq!(many.pack.scenarios.len(), one.pack.scenarios.len());
        }
        // The built-in pack alone is the same parsed either way.
        let builtin_on = |threads| {
            let mut builder = PackBuilder {
                parse_threads: threads,
                ..PackBuilder::default()
            };
            builder.add_files(embedded_files(), Origin::BuiltIn, "built-in content");
            builder.finish()
        };
        let (builtin_one, builtin_two) = (builtin_on(1), builtin_on(2));
        assert_eq!(builtin_one.problems, builtin_two.problems);
        let units = |l: &Loaded| {
            l.pack
                .units
                .iter()
                .map(|u| u.unit.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(units(&builtin_one), units(&builtin_two));
        assert_eq!(
            builtin_one.pack.scenarios.len(),
            builtin_two.pack.scenarios.len()
        );
        assert_eq!(load_builtin().problems, builtin_one.problems);
    }
}
