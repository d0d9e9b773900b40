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
