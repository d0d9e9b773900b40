//! `rapport smart` on the command line.

use std::process::Command;

#[test]
fn rapport_smart_prints_each_letter_as_json() {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["smart", "Improve communication", "--today", "2026-11-26"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["passes"], false);
    let letters = json["letters"].as_array().unwrap();
    let names: Vec<&str> = letters
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Specific",
            "Measurable",
            "Achievable",
            "Relevant",
            "Time-bound"
        ]
    );
    for l in letters {
        assert_eq!(l["pass"], false, "{l}");
        assert!(!l["suggestion"].as_str().unwrap().is_empty());
    }

    let good = "Record 6 coaching sessions with consenting clients and review each against the \
                PCC markers with my mentor coach by 15 April 2027";
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "smart",
            good,
            "--today",
            "2026-11-26",
            "--plan-end",
            "2027-12-31",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["passes"], true, "{json}");
    assert_eq!(json["deadline"], "2027-04-15");
    assert!(json["letters"][4]["suggestion"].is_null());
}

#[test]
fn a_bad_date_option_is_explained() {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["smart", "Listen more", "--today", "next tuesday"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}
