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

fn smart_json(args: &[&str]) -> (serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("smart")
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (json, err)
}

#[test]
fn any_objective_gets_json_never_a_panic() {
    let long = "Ask one open question at a time in every session by 31 March 2027. ".repeat(1500);
    assert!(long.len() > 100_000);
    for text in [
        "",
        "🙂 🚀 by 🗓️ 2027",
        "أطرح سؤالاً مفتوحاً واحداً في كل جلسة بحلول 31 مارس 2027",
        "\u{202e}Ask one question by 31 March 2027\u{202c}",
        long.as_str(),
    ] {
        let (json, _) = smart_json(&[text, "--today", "2026-12-03"]);
        assert_eq!(
            json["letters"].as_array().map(Vec::len),
            Some(5),
            "{text:.40}"
        );
    }
}

#[test]
fn an_impossible_date_is_named_and_fails_time_bound() {
    let (json, _) = smart_json(&[
        "Obtain my PCC by 31 February 2027 with support from my mentor coach",
        "--today",
        "2026-12-03",
    ]);
    let t = &json["letters"][4];
    assert_eq!(t["pass"], false, "{t}");
    let reason = t["reason"].as_str().unwrap();
    assert!(
        reason.contains("31 February 2027 is not a real date"),
        "{reason}"
    );
    assert!(json["deadline"].is_null());
}

#[test]
fn a_tutors_framework_makes_its_standards_relevant() {
    let dir = tempfile::tempdir().unwrap();
    let fw = dir.path().join("frameworks");
    std::fs::create_dir_all(&fw).unwrap();
    std::fs::write(
        fw.join("northfield.ron"),
        r#"Framework(
    id: "northfield",
    name: "Northfield Practice Standards",
    model_version: "2026",
    scale: Scale(name: "Rating", points: [
        ScalePoint(value: 1, label: "Beginning", descriptor: "Just starting."),
        ScalePoint(value: 2, label: "Secure", descriptor: "Does it reliably."),
    ]),
    competencies: [
        Competency(id: "northfield/1", number: "1", name: "Agrees outcomes in writing", behaviours: [
            Behaviour(id: "northfield/1/a", text: "Writes the agreed outcomes down at the first meeting."),
        ]),
    ],
)"#,
    )
    .unwrap();
    let text = "Meet Northfield 1 in all my work by June 2027";
    let (plain, _) = smart_json(&[text, "--today", "2026-12-03"]);
    assert_eq!(plain["letters"][3]["pass"], false, "{plain}");
    let content = dir.path().to_str().unwrap();
    let (json, err) = smart_json(&["--content", content, text, "--today", "2026-12-03"]);
    assert!(err.is_empty(), "{err}");
    assert_eq!(json["letters"][3]["pass"], true, "{json}");
}

#[test]
fn a_reader_that_stops_early_is_no_panic() {
    // The reading end is closed before the child writes: `rapport smart ... | head -0`.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["smart", "Listen more", "--today", "2026-11-26"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?}: {err}", out.status);
}
