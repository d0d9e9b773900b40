//! `rapport generate-large` and `rapport bench-ops` from the command line, as the README and the
//! Anki comparison script use them, including the ways they refuse bad input.

use std::process::Command;

fn rapport() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn a_generated_pack_checks_clean_and_its_history_can_be_timed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("large");
    let (ok, text) = run(rapport().arg("generate-large").arg(&out).args([
        "--units",
        "4",
        "--cards",
        "600",
        "--scenarios",
        "24",
        "--reviews",
        "3000",
        "--answers",
        "50",
    ]));
    assert!(ok, "{text}");
    assert!(text.contains("4 units, 600 flashcards"), "{text}");
    assert!(
        text.contains("24 scenarios") && text.contains("50 scenario answers"),
        "{text}"
    );

    let (ok, text) = run(rapport().arg("check").arg(out.join("content")));
    assert!(ok, "the generated pack checks clean: {text}");

    let states: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("card-states.json")).unwrap()).unwrap();
    assert!(!states.as_array().unwrap().is_empty());

    let before = std::fs::read(out.join("data/rapport.sqlite3")).unwrap();
    let (ok, text) = run(rapport()
        .arg("--content")
        .arg(out.join("content"))
        .arg("--data-dir")
        .arg(out.join("data"))
        .args([
            "bench-ops",
            "--word",
            "rapport",
            "--answer",
            "40",
            "--repeat",
            "2",
        ]));
    assert!(ok, "{text}");
    let timings: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(
        timings["cards"], 1015,
        "600 generated and 415 built-in: {timings}"
    );
    assert_eq!(timings["answered"], 40, "{timings}");
    assert!(timings["found"].as_u64().unwrap() > 0, "{timings}");
    assert!(timings["queue_due"].as_u64().unwrap() >= 40, "{timings}");
    assert_eq!(
        std::fs::read(out.join("data/rapport.sqlite3")).unwrap(),
        before,
        "bench-ops answers on a copy, never the store it was given"
    );
}

#[test]
fn generate_large_never_writes_into_a_folder_that_has_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let (ok, text) = run(rapport().arg("generate-large").arg(dir.path()));
    assert!(!ok);
    assert!(text.contains("is not empty"), "{text}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn bench_ops_needs_a_data_folder_of_its_own() {
    let (ok, text) = run(rapport().args(["bench-ops", "--word", "x"]));
    assert!(!ok);
    assert!(text.contains("--data-dir"), "{text}");
}

fn small_generated_pack(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("large");
    let (ok, text) = run(rapport().arg("generate-large").arg(&out).args([
        "--units",
        "4",
        "--cards",
        "600",
        "--scenarios",
        "24",
        "--reviews",
        "3000",
        "--answers",
        "50",
    ]));
    assert!(ok, "{text}");
    out
}

/// `bench-ops --first-due`, what benches/anki_compare.py times as the cold start: the app's
/// loading, then the first card of "Study everything due", which is a studied card (a learning
/// card due now or a review) while any is due, never a new one.
#[test]
fn first_due_opens_as_the_app_does_and_names_a_due_card() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_generated_pack(dir.path());
    let (ok, text) = run(rapport()
        .arg("--content")
        .arg(out.join("content"))
        .arg("--data-dir")
        .arg(out.join("data"))
        .args(["bench-ops", "--first-due"]));
    assert!(ok, "{text}");
    let report: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(report["cards"], 1015, "{report}");
    // No settings saved: the app's defaults, 20 new cards a day.
    assert_eq!(report["queue_new"], 20, "{report}");
    let due = report["queue_learning"].as_u64().unwrap() + report["queue_review"].as_u64().unwrap();
    assert!(due > 0, "the history leaves cards due: {report}");
    let first = report["first_due"].as_str().unwrap();
    let states: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("card-states.json")).unwrap()).unwrap();
    let state = states
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == first)
        .unwrap_or_else(|| panic!("{first} is not a studied card: {report}"));
    assert_ne!(state["phase"], "new", "{state}");
    assert!(
        report["phases_ms"]["Reading the content"].as_f64().unwrap() > 0.0,
        "{report}"
    );
}

#[test]
fn first_due_never_makes_a_store_and_takes_no_timing_options() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let (ok, text) = run(rapport()
        .args(["bench-ops", "--first-due"])
        .arg("--data-dir")
        .arg(&missing));
    assert!(!ok);
    assert!(text.contains("no data file"), "{text}");
    assert!(!missing.exists(), "the folder is not created");
    let (ok, text) = run(rapport().args(["bench-ops", "--first-due", "--word", "x"]));
    assert!(!ok);
    assert!(text.contains("cannot be used with"), "{text}");
}

/// With daily limits, answering takes the learning cards due now, exactly that many reviews and
/// that many new cards, and stops there (no learning card ahead of its time), in the grades
/// given: what the Anki comparison asks of both sides.
#[test]
fn answering_with_limits_takes_exactly_that_many_new_cards_and_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_generated_pack(dir.path());
    let (ok, text) = run(rapport()
        .arg("--content")
        .arg(out.join("content"))
        .arg("--data-dir")
        .arg(out.join("data"))
        .args([
            "bench-ops",
            "--word",
            "rapport",
            "--answer",
            "1000",
            "--new",
            "7",
            "--reviews",
            "2",
            "--grades",
            "gaeh",
            "--repeat",
            "1",
        ]));
    assert!(ok, "{text}");
    let t: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(t["answered_new"], 7, "{t}");
    assert_eq!(t["answered_review"], 2, "{t}");
    let learning = t["answered_learning"].as_u64().unwrap();
    assert_eq!(t["answered"].as_u64().unwrap(), 7 + 2 + learning, "{t}");
    // Only learning cards from the history: a card answered here is not taken again.
    let states: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("card-states.json")).unwrap()).unwrap();
    let in_learning = states
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["phase"] == "learning" || s["phase"] == "relearning")
        .count() as u64;
    assert!(learning <= in_learning, "{learning} of {in_learning}: {t}");

    let (ok, text) = run(rapport().arg("--data-dir").arg(out.join("data")).args([
        "bench-ops",
        "--word",
        "x",
        "--grades",
        "gx",
    ]));
    assert!(!ok);
    assert!(
        text.contains("`x` (character 2 of `gx`) is not a grade"),
        "{text}"
    );
}
