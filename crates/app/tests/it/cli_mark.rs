//! `rapport mark SCENARIO_ID < answer.txt` as a tutor runs it over a batch of answers.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SCENARIO: &str = "ers-coaching-mentoring-roles/sc/justify-role-written";

fn mark(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("mark")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn a_written_answer_is_marked_point_by_point_as_json() {
    let answer = "I would choose coaching because her need is short term. \
                  We would agree a contract and I would not keep it confidential. \
                  We would meet in a quiet room.";
    let v = json(&mark(&[SCENARIO], answer.as_bytes()));
    assert_eq!(v["scenario"], SCENARIO);
    let points = v["points"].as_array().unwrap();
    let get = |id: &str| points.iter().find(|p| p["point"] == id).unwrap().clone();
    assert_eq!(get("role-choice")["earned"], true);
    assert_eq!(get("role-choice")["marks"], 2);
    assert_eq!(
        get("private-setting")["quote"],
        "We would meet in a quiet room."
    );
    assert_eq!(get("smart-review")["earned"], false);
    assert!(get("smart-review")["quote"].is_null());
    assert_eq!(v["max_total"], 6);
}

#[test]
fn empty_huge_non_english_and_non_utf8_answers_are_marked_without_failing() {
    for input in [
        Vec::new(),
        "coaching short term and a private room. "
            .repeat(2600)
            .into_bytes(),
        "Je choisirais le coaching. Конфиденциальность. 私はコーチングを選びます。"
            .as_bytes()
            .to_vec(),
        vec![0xff, 0xfe, b'c', b'o', b'a', b'c', b'h', 0x80],
    ] {
        let v = json(&mark(&[SCENARIO], &input));
        assert_eq!(v["points"].as_array().unwrap().len(), 4);
    }
    let v = json(&mark(&[SCENARIO], &[]));
    assert_eq!(v["total"], 0);
}

#[test]
fn an_unknown_or_unwritten_scenario_is_an_error_with_suggestions() {
    let out = mark(
        &["ers-coaching-mentoring-roles/sc/justify-role-writen"],
        b"x",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no scenario has the id"), "{err}");
    assert!(err.contains(SCENARIO), "suggests the near id: {err}");

    let out = mark(&["ers-coaching-mentoring-roles/sc/grow-order"], b"x");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("order the stages question"), "{err}");
}
