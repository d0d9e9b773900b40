//! `rapport export-anki` checked by Anki itself: the exported file is imported into a fresh
//! collection with the real `anki` package (from PyPI, in the virtual environment that
//! `.ci/setup.d/30-anki-venv.sh` creates), then notes, fields, decks and tags are compared with
//! what Rapport holds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rapport::content::load_builtin;
use rapport::flashcards::{CardKind, all_cards};

/// A Python with the `anki` package (26.9 or later, whose scheduler uses fsrs 6.6 as Rapport
/// does): `RAPPORT_ANKI_PYTHON` if set, else the venv the CI setup script makes, else one this
/// test makes under cargo's test folder with the same script (so a plain `cargo test` works on
/// a new machine with Python 3 and its venv module).
pub fn anki_python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(find_or_make_anki_python).clone()
}

fn has_anki(python: &Path) -> bool {
    Command::new(python)
        .args([
            "-c",
            "import sys, anki.collection, anki.buildinfo as b; \
             sys.exit(tuple(int(x) for x in b.version.split('.')[:2]) < (26, 9))",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn find_or_make_anki_python() -> PathBuf {
    if let Some(python) = std::env::var_os("RAPPORT_ANKI_PYTHON").map(PathBuf::from) {
        assert!(
            has_anki(&python),
            "RAPPORT_ANKI_PYTHON is {} but that Python cannot import `anki` 26.9 or later",
            python.display()
        );
        return python;
    }
    let ci = PathBuf::from("/opt/rapport-anki-venv/bin/python");
    if has_anki(&ci) {
        return ci;
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("anki-venv");
    let python = venv.join("bin/python");
    if !has_anki(&python) {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.ci/setup.d/30-anki-venv.sh");
        let status = Command::new("bash")
            .arg(&script)
            .env("RAPPORT_ANKI_VENV", &venv)
            .status();
        assert!(
            status.is_ok_and(|s| s.success()) && has_anki(&python),
            "could not make a Python with the `anki` package at {} (it needs Python 3 with its venv \
             module, e.g. the python3-venv package, and access to the Python package index); or \
             set RAPPORT_ANKI_PYTHON to a Python that has it",
            venv.display()
        );
    }
    python
}

fn export(args: &[&str], out: &std::path::Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("export-anki")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn import_with_anki(
    python: &PathBuf,
    file: &std::path::Path,
    dir: &std::path::Path,
) -> serde_json::Value {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/anki/import_into_anki.py"
    );
    let output = Command::new(python)
        .arg(script)
        .arg(file)
        .arg(dir.join("collection.anki2"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "Anki could not import the file: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn anki_imports_the_full_export_with_fields_decks_and_tags() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.txt");
    let said = export(&[], &file);

    let cards = all_cards(&load_builtin().pack);
    let mut expected_notes: Vec<&rapport::flashcards::Card> = Vec::new();
    for card in &cards {
        if !expected_notes.iter().any(|c| c.note == card.note) {
            expected_notes.push(card);
        }
    }
    assert!(
        said.contains(&format!("{} notes", expected_notes.len())),
        "{said}"
    );

    let result = import_with_anki(&python, &file, dir.path());
    assert_eq!(result["new"], expected_notes.len(), "{}", result["new"]);
    for key in [
        "duplicate",
        "conflicting",
        "missing_notetype",
        "empty_first_field",
    ] {
        assert_eq!(result[key], 0, "{key}: {}", result[key]);
    }
    let notes = result["notes"].as_array().unwrap();
    assert_eq!(notes.len(), expected_notes.len());
    let total_cards: u64 = notes.iter().map(|n| n["cards"].as_u64().unwrap()).sum();
    assert_eq!(
        total_cards as usize,
        cards.len(),
        "Anki makes one card per basic note and one per cloze deletion, as Rapport does"
    );

    for card in expected_notes {
        let note = notes
            .iter()
            .find(|n| n["guid"] == card.note.as_str())
            .unwrap_or_else(|| panic!("note {} is not in Anki", card.note));
        let fields = &note["fields"];
        match &card.kind {
            CardKind::Basic => {
                assert_eq!(note["notetype"], "Basic");
                assert_eq!(fields["Front"], card.front.as_str(), "{}", card.id);
                assert_eq!(fields["Back"], card.back.as_str(), "{}", card.id);
            }
            CardKind::Cloze { text, extra, .. } => {
                assert_eq!(note["notetype"], "Cloze");
                assert_eq!(fields["Text"], text.as_str(), "{}", card.id);
                assert_eq!(fields["Back Extra"], extra.as_deref().unwrap_or(""));
            }
        }
        let tags: Vec<&str> = note["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let mut want = card.all_tags();
        want.sort();
        let mut got: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        got.sort();
        assert_eq!(got, want, "tags of {}", card.id);
        assert_eq!(
            note["decks"],
            serde_json::json!([format!("Rapport::{}", card.deck_title)]),
            "{}",
            card.id
        );
    }
}

#[test]
fn exporting_one_unit_gives_anki_only_that_units_notes() {
    let python = anki_python();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gibbs-unit.txt");
    let unit = "athe-l6-personal-development";
    export(&["--unit", unit], &file);
    let result = import_with_anki(&python, &file, dir.path());
    let notes = result["notes"].as_array().unwrap();
    assert!(!notes.is_empty());
    for note in notes {
        let tags = note["tags"].as_array().unwrap();
        assert!(tags.iter().any(|t| t == &format!("unit::{unit}")), "{note}");
    }
    let expected: std::collections::HashSet<String> = all_cards(&load_builtin().pack)
        .into_iter()
        .filter(|c| c.unit == unit)
        .map(|c| c.note)
        .collect();
    assert_eq!(notes.len(), expected.len());
}

#[test]
fn an_unknown_unit_is_refused_with_the_known_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.txt");
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["export-anki"])
        .arg(&out)
        .args(["--unit", "no-such-unit"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("no-such-unit") && err.contains("proqual-l3-mc-relationship"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}
