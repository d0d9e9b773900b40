//! `rapport import-anki` on collections that Anki itself wrote (made in the test with the real
//! `anki` package, `tests/anki/make_collection.py`): every card's state and review count as
//! Anki holds them, cloze kept as cloze, a second import changing nothing, and damaged or
//! hostile files refused with nothing saved.

use std::path::Path;
use std::process::Command;

use rapport::flashcards::CardKind;
use rapport::flashcards::schedule::{Clock, Phase};
use rapport::store::Store;
use serde_json::Value;

use super::anki_export::anki_python;

fn make_collections(dir: &Path) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/anki/make_collection.py");
    let output = Command::new(anki_python())
        .arg(script)
        .arg(dir)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "Anki could not make the collections: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn import(data: &Path, file: &Path) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(data)
        .arg("import-anki")
        .arg(file)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_collection_anki_wrote_comes_across_with_every_cards_state_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let anki = make_collections(dir.path());
    let data = dir.path().join("data");
    let (ok, said, err) = import(&data, &dir.path().join("study.colpkg"));
    assert!(ok, "{err}");
    assert!(
        said.contains("7 notes, 8 cards in 2 decks, 6 reviews"),
        "{said}"
    );

    let (store, _) = Store::open(&data).unwrap();
    let own = store.own_cards().unwrap();
    let states = store.card_states().unwrap();
    let log = store.review_log().unwrap();
    let clock = Clock {
        utc_offset: 0,
        ..Clock::local_now(4)
    };
    let cards = anki["cards"].as_array().unwrap();
    assert_eq!(own.len(), cards.len());
    let mut seen_phases = std::collections::HashSet::new();
    for c in cards {
        let id = format!("anki:{}", c["cid"]);
        let card = own.iter().find(|o| o.id == id).unwrap().to_card();
        assert_eq!(card.deck_title, c["deck"].as_str().unwrap(), "{id}");
        let reviews = log.iter().filter(|r| r.card_id == id).count();
        assert_eq!(
            reviews as u64,
            c["reviews"].as_u64().unwrap(),
            "review count of {id}"
        );
        if c["cloze"].as_bool().unwrap() {
            let CardKind::Cloze { number, text, .. } = &card.kind else {
                panic!("{id} is not cloze");
            };
            assert_eq!(u64::from(*number), c["ord"].as_u64().unwrap() + 1);
            assert!(text.contains("{{c1::Goal}}"), "{text}");
            assert_eq!(card.note, format!("anki-note:{}", c["nid"]));
        }
        let state = states.get(&id);
        let queue = c["queue"].as_i64().unwrap();
        let phase = match c["type"].as_i64().unwrap() {
            1 => Phase::Learning,
            2 => Phase::Review,
            3 => Phase::Relearning,
            _ => Phase::New,
        };
        seen_phases.insert(format!("{phase:?}"));
        if phase == Phase::New && queue >= 0 {
            assert!(state.is_none(), "{id} is new");
            continue;
        }
        let state = state.unwrap_or_else(|| panic!("{id} has no state"));
        assert_eq!(state.phase, phase, "{id}");
        assert_eq!(u64::from(state.reps), c["reps"].as_u64().unwrap(), "{id}");
        assert_eq!(
            u64::from(state.lapses),
            c["lapses"].as_u64().unwrap(),
            "{id}"
        );
        assert_eq!(state.suspended, queue == -1, "{id}");
        assert_eq!(
            state.buried_until.is_some(),
            queue == -2 || queue == -3,
            "{id}"
        );
        match phase {
            Phase::Review => {
                assert_eq!(
                    clock.day_of(state.due) - clock.today(),
                    c["due_days"].as_i64().unwrap(),
                    "{id}"
                );
                assert!(state.memory.is_some(), "{id}");
            }
            Phase::Learning | Phase::Relearning => {
                assert_eq!(state.due, c["due"].as_i64().unwrap(), "{id}")
            }
            Phase::New => {}
        }
    }
    for phase in ["Review", "Learning", "Relearning", "New"] {
        assert!(
            seen_phases.contains(phase),
            "the collection has a {phase} card"
        );
    }
    assert!(cards.iter().any(|c| c["lapses"] == 1), "a lapse");

    // The same file again, and the .apkg of the same collection: nothing changes.
    drop(store);
    for again in ["study.colpkg", "study.apkg"] {
        let (ok, said, err) = import(&data, &dir.path().join(again));
        assert!(ok, "{err}");
        assert!(said.contains("0 card states and 0 reviews added"), "{said}");
    }
    let (store, _) = Store::open(&data).unwrap();
    assert_eq!(store.card_states().unwrap(), states);
    assert_eq!(store.review_log().unwrap(), log);
    assert_eq!(store.own_cards().unwrap(), own);
}

/// Packages in the format of Anki 2.1.50 and later (zstd, schema 18, with a dummy
/// `collection.anki2` inside) bring across exactly what the older format does.
#[test]
fn a_package_of_anki_2_1_50_and_later_comes_across_as_the_older_format_does() {
    let dir = tempfile::tempdir().unwrap();
    make_collections(dir.path());
    let (older, newer) = (dir.path().join("older"), dir.path().join("newer"));
    let (ok, said_older, err) = import(&older, &dir.path().join("study.colpkg"));
    assert!(ok, "{err}");
    let (ok, said_newer, err) = import(&newer, &dir.path().join("study-latest.colpkg"));
    assert!(ok, "{err}");
    assert!(
        said_newer.contains("7 notes, 8 cards in 2 decks, 6 reviews"),
        "{said_newer}"
    );
    for said in [&said_older, &said_newer] {
        assert!(said.contains("6 card states and 6 reviews added"), "{said}");
    }
    let (a, _) = Store::open(&older).unwrap();
    let (b, _) = Store::open(&newer).unwrap();
    let own = b.own_cards().unwrap();
    assert_eq!(own, a.own_cards().unwrap());
    assert!(own.iter().any(|c| c.cloze.is_some()), "cloze kept as cloze");
    assert!(own.iter().any(|c| c.deck == "Coaching::Models"));
    assert_eq!(b.card_states().unwrap(), a.card_states().unwrap());
    assert_eq!(b.review_log().unwrap(), a.review_log().unwrap());
    drop(b);
    // The .apkg of the same collection, also zstd: nothing new.
    let (ok, said, err) = import(&newer, &dir.path().join("study-latest.apkg"));
    assert!(ok, "{err}");
    assert!(said.contains("0 card states and 0 reviews added"), "{said}");
}

#[test]
fn damaged_and_hostile_packages_are_refused_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    make_collections(dir.path());
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a zip").unwrap();
    let data = dir.path().join("data");
    for (file, expected) in [
        ("huge.colpkg", "has a field of 2048 KB"),
        ("bomb.apkg", "zip bomb"),
        ("wrong.apkg", "not an Anki collection"),
        ("cut-latest.apkg", "cannot be unpacked"),
        ("notes.txt", "not a zip file"),
        ("missing.apkg", "cannot read it"),
    ] {
        let (ok, _, err) = import(&data, &dir.path().join(file));
        assert!(!ok, "{file} was accepted");
        assert!(err.contains(file), "{err}");
        assert!(err.contains(expected), "{file}: {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        let (store, _) = Store::open(&data).unwrap();
        assert!(store.own_cards().unwrap().is_empty(), "{file}");
        assert!(store.card_states().unwrap().is_empty(), "{file}");
        assert!(store.review_log().unwrap().is_empty(), "{file}");
    }
}

/// The same from the app: Flashcards > Import and export > Import from Anki, read on the file
/// worker and saved through the store, then the cards are there to study.
#[test]
fn the_app_imports_an_anki_collection_from_the_flashcards_area() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    make_collections(dir.path());
    let data = dir.path().join("data");
    let mut h = super::common::harness(&data);
    h.get_by_label("Flashcards").click();
    h.run();
    h.get_by_label("Import and export").click();
    h.run();
    h.state_mut().flashcards_mut().anki_path = dir.path().join("study.apkg").display().to_string();
    h.run();
    h.get_by_label("Import from Anki").click();
    h.run();
    h.state_mut().wait_for_flashcard_work();
    h.run();
    h.get_by_label_contains("Imported: 8 cards; 6 card states and 6 reviews added.");
    let flash = h.state().flashcards();
    assert!(flash.cards.iter().any(|c| c.front == "GROW: after Goal?"));
    assert!(
        flash
            .cards
            .iter()
            .any(|c| c.deck_title == "Coaching::Models"
                && matches!(c.kind, CardKind::Cloze { number: 2, .. }))
    );
    assert_eq!(flash.log.len(), 6);
    let (store, _) = Store::open(&data).unwrap();
    assert_eq!(store.card_states().unwrap().len(), 6);

    h.state_mut().flashcards_mut().anki_path = dir.path().join("bomb.apkg").display().to_string();
    h.run();
    h.get_by_label("Import from Anki").click();
    h.run();
    h.state_mut().wait_for_flashcard_work();
    h.run();
    h.get_by_label_contains("which only a zip bomb does");
}
