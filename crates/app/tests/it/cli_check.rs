//! `rapport check DIR` as a tutor runs it.

use std::process::Command;

fn rapport() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
}

#[test]
fn checking_the_builtin_source_folder_prints_one_summary_line() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let out = rapport().arg("check").arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("5 units")
            && stdout.contains("misconceptions")
            && stdout.contains("marking points"),
        "{stdout}"
    );
}

#[test]
fn a_broken_pack_fails_with_one_line_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units");
    std::fs::create_dir(&units).unwrap();
    std::fs::write(units.join("a.ron"), "Unit(id: \"a\", title: \"A\"\n").unwrap();
    std::fs::write(units.join("b.ron"), [0x55u8, 0xFE, 0x00]).unwrap();
    let out = rapport().arg("check").arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "two problems and a closing count: {stderr}");
    assert!(lines[0].contains("units/a.ron:"), "{stderr}");
    assert!(
        lines[1].contains("units/b.ron:1:2") && lines[1].contains("UTF-8"),
        "{stderr}"
    );
    assert!(lines[2].contains("2 problems"), "{stderr}");
}

#[test]
fn a_missing_folder_fails_cleanly() {
    let out = rapport()
        .args(["check", "/no/such/folder/anywhere"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("/no/such/folder/anywhere") && stderr.contains("cannot open"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn gaps_are_warnings_that_name_their_line_and_pass_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units");
    std::fs::create_dir(&units).unwrap();
    std::fs::write(
        units.join("gaps.ron"),
        "Unit(\n    id: \"gaps\",\n    title: \"Gaps\",\n    synopsis: \"s\",\n    \
         tips: [Tip(id: \"gaps/tip/one\", text: \"A tip no scenario shows.\")],\n)\n",
    )
    .unwrap();
    let out = rapport().arg("check").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0]
            .contains("units/gaps.ron:5:20: warning: tip `gaps/tip/one` is used by no scenario"),
        "{stderr}"
    );
    assert!(
        stdout.contains("ok, with 1 warning") && stdout.contains("1 unit"),
        "{stdout}"
    );

    // With an error as well, the check fails and counts both.
    std::fs::write(units.join("broken.ron"), "Unit(id: \"b\"").unwrap();
    let out = rapport().arg("check").arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 problem and 1 warning"), "{stderr}");
}

#[test]
fn the_coverage_table_of_the_builtin_source_folder_has_no_gap() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let out = rapport()
        .arg("check")
        .arg(&dir)
        .arg("--coverage")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    // 26 marking points and 11 criteria or outcomes, one line each, none flagged.
    let rows = stdout
        .lines()
        .filter(|l| l.contains(" written or multi-step ("))
        .count();
    assert_eq!(rows, 26 + 11, "{stdout}");
    assert!(!stdout.contains("<-- gap"), "{stdout}");
    assert!(
        stdout.contains(
            "Gaps: 0 marking points or criteria short of practice, 0 of 38 misconceptions \
             without a correction, 0 tips no scenario uses, 0 repeated card fronts"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("82 scenarios: "), "{stdout}");
}
