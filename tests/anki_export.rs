//! `rapport export-anki` checked by Anki itself: the exported file is imported into a fresh
//! collection with the real `anki` package (from PyPI, in the virtual environment that
//! `.ci/setup.d/30-anki-venv.sh` creates), then notes, fields, decks and tags are compared with
//! what Rapport holds.

use std::path::PathBuf;
use std::process::Command;

use rapport::content::load_builtin;
use rapport::flashcards::{CardKind, all_cards};

/// The venv's Python: `RAPPORT_ANKI_PYTHON` if set, else where the CI setup script puts it.
fn anki_python() -> PathBuf {
    let python = std::env::var_os("RAPPORT_ANKI_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/rapport-anki-venv/bin/python"));
    let works = Command::new(&python)
        .args(["-c", "import anki.collection"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        works,
        "the Anki export test needs Python with the `anki` package at {} (or set \
         RAPPORT_ANKI_PYTHON). Create it with: sudo bash .ci/setup.d/30-anki-venv.sh",
        python.display()
    );
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
