//! Parse a pack's files, validate them and assemble the units that can be shown.
//!
//! A broken file never stops the others from loading: its problems are collected and the
//! valid units are kept, so the app can open with what is good and list what is not.

use std::collections::HashMap;
use std::path::PathBuf;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::model::{PackManifest, Unit};
use super::problem::{Problem, locate, position_of_offset};
use super::scenarios::{KnownIds, LoadedScenario, Scenario, validate_scenario};
use super::source::{Origin, SourceFile, embedded_files, folder_files};
use super::validate::validate_unit;

/// A unit together with where it was loaded from.
#[derive(Debug, Clone)]
pub struct LoadedUnit {
    pub unit: Unit,
    pub origin: Origin,
    /// The file, as named in messages.
    pub file: String,
}

/// Everything that loaded, from every pack, in load order (built-in first).
#[derive(Debug, Clone, Default)]
pub struct Pack {
    pub units: Vec<LoadedUnit>,
    pub manifests: Vec<(Origin, PackManifest)>,
    /// Scenario questions whose references all resolve.
    pub scenarios: Vec<LoadedScenario>,
}

impl Pack {
    pub fn unit(&self, id: &str) -> Option<&LoadedUnit> {
        self.units.iter().find(|u| u.unit.id == id)
    }

    pub fn scenario(&self, id: &str) -> Option<&LoadedScenario> {
        self.scenarios.iter().find(|s| s.scenario.id == id)
    }

    /// One line saying what the pack holds, as `rapport check` prints it.
    pub fn summary(&self) -> String {
        let units = self.units.iter().map(|u| &u.unit);
        let (mut concepts, mut miscon, mut points, mut tips, mut outcomes, mut criteria) =
            (0, 0, 0, 0, 0, 0);
        for u in units {
            concepts += u.key_concepts.len();
            miscon += u.misconceptions.len();
            points += u.marking_points.len();
            tips += u.tips.len();
            outcomes += u.learning_outcomes.len();
            criteria += u.criteria().count();
        }
        format!(
            "{} units, {concepts} key concepts, {miscon} misconceptions, {points} marking points, \
             {tips} tips, {outcomes} learning outcomes, {criteria} assessment criteria, \
             {} scenarios",
            self.units.len(),
            self.scenarios.len()
        )
    }
}

/// The outcome of loading: what can be used and what is wrong.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub pack: Pack,
    pub problems: Vec<Problem>,
}

/// The built-in pack, then each tutor folder on top of it.
pub fn load_with_folders(folders: &[PathBuf]) -> Loaded {
    let mut builder = PackBuilder::default();
    builder.add_files(embedded_files(), Origin::BuiltIn, "built-in content");
    for folder in folders {
        let (files, problems) = folder_files(folder);
        builder.problems.extend(problems);
        builder.add_files(
            files,
            Origin::Folder(folder.clone()),
            &folder.display().to_string(),
        );
    }
    builder.finish()
}

/// The built-in pack alone.
pub fn load_builtin() -> Loaded {
    load_with_folders(&[])
}

/// What `rapport check DIR` reports: the folder validated on its own, plus a problem for each
/// unit whose id the built-in pack already uses for a different unit (the app would refuse it).
pub fn check_folder(folder: &std::path::Path) -> Loaded {
    let mut builder = PackBuilder::default();
    let (files, problems) = folder_files(folder);
    builder.problems.extend(problems);
    builder.add_files(
        files,
        Origin::Folder(folder.to_path_buf()),
        &folder.display().to_string(),
    );
    let builtin = load_builtin();
    // A tutor's scenarios may refer to the built-in units, as they will when loaded in the app.
    let mut loaded = builder.finish_with(Some(&builtin.pack));
    for loaded_unit in &loaded.pack.units {
        if let Some(existing) = builtin.pack.unit(&loaded_unit.unit.id)
            && existing.unit != loaded_unit.unit
        {
            loaded.problems.push(clash_problem(loaded_unit, existing));
        }
    }
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

fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    ron_options().from_str::<T>(text).map_err(|e| {
        Problem::new(file, e.code.to_string()).at(Some((e.span.start.line, e.span.start.col)))
    })
}

/// Checks a file's bytes are UTF-8, pointing at the first bad byte if not.
fn as_text(file: &SourceFile) -> Result<&str, Problem> {
    std::str::from_utf8(&file.bytes).map_err(|e| {
        let good = &file.bytes[..e.valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(good).unwrap_or_default();
        let pos = position_of_offset(prefix, prefix.len());
        Problem::new(
            &file.display,
            format!(
                "the file is not UTF-8 text (byte 0x{:02X} at offset {}); save it as UTF-8",
                file.bytes[e.valid_up_to()],
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
    /// Scenarios are checked once every unit is in, since they refer to units of any file.
    pending_scenarios: Vec<(Scenario, String, String, Origin)>,
}

impl PackBuilder {
    fn add_files(&mut self, files: Vec<SourceFile>, origin: Origin, pack_name: &str) {
        let mut any_ron = false;
        for file in &files {
            any_ron = true;
            self.add_file(file, &origin);
        }
        if !any_ron && !self.problems.iter().any(|p| p.file == pack_name) {
            self.problems.push(Problem::new(
                pack_name,
                "no .ron files found: a pack keeps its units in units/*.ron",
            ));
        }
    }

    fn add_file(&mut self, file: &SourceFile, origin: &Origin) {
        let text = match as_text(file) {
            Ok(text) => text,
            Err(problem) => return self.problems.push(problem),
        };
        if file.relative == "pack.ron" {
            match parse::<PackManifest>(&file.display, text) {
                Ok(manifest) => self.pack.manifests.push((origin.clone(), manifest)),
                Err(problem) => self.problems.push(problem),
            }
            return;
        }
        if file.relative.starts_with("units/") {
            match parse::<Unit>(&file.display, text) {
                Ok(unit) => self.add_unit(unit, file, text, origin),
                Err(problem) => self.problems.push(problem),
            }
            return;
        }
        if file.relative.starts_with("scenarios/") {
            match parse::<Vec<Scenario>>(&file.display, text) {
                Ok(list) => {
                    for scenario in list {
                        self.pending_scenarios.push((
                            scenario,
                            file.display.clone(),
                            text.to_owned(),
                            origin.clone(),
                        ));
                    }
                }
                Err(problem) => self.problems.push(problem),
            }
            return;
        }
        self.problems.push(Problem::new(
            &file.display,
            "not read: RON files of a pack go in units/ or scenarios/ (or pack.ron at the top of \
             the folder)",
        ));
    }

    fn add_unit(&mut self, unit: Unit, file: &SourceFile, text: &str, origin: &Origin) {
        let unit_pos = locate(text, &format!("\"{}\"", unit.id));
        if let Some(existing) = self.pack.unit(&unit.id) {
            if existing.origin != *origin && existing.unit == unit {
                // The same unit shipped twice (a tutor copied a built-in file): nothing is overwritten.
                return;
            }
            let new = LoadedUnit {
                unit,
                origin: origin.clone(),
                file: file.display.clone(),
            };
            let problem = clash_problem(&new, existing).at(unit_pos);
            self.problems.push(problem);
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
        self.pack.units.push(LoadedUnit {
            unit,
            origin: origin.clone(),
            file: file.display.clone(),
        });
    }

    fn finish(self) -> Loaded {
        self.finish_with(None)
    }

    /// Validates the scenarios against this pack's units (and `base`'s, when given) and keeps
    /// those without problems: a scenario with a dangling reference would fail in front of a
    /// learner.
    fn finish_with(mut self, base: Option<&Pack>) -> Loaded {
        let pending = std::mem::take(&mut self.pending_scenarios);
        let mut seen: HashMap<String, (String, Origin, Scenario)> = HashMap::new();
        let mut accepted = Vec::new();
        {
            let known = KnownIds::new(std::iter::once(&self.pack).chain(base).collect());
            for (scenario, file, text, origin) in pending {
                if let Some((first, first_origin, first_scenario)) = seen.get(&scenario.id) {
                    if *first_origin != origin && *first_scenario == scenario {
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
        self.pack.scenarios = accepted;
        Loaded {
            pack: self.pack,
            problems: self.problems,
        }
    }
}
