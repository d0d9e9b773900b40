//! The drill's handout and answer key as files: the PDF read back with pdftotext says what the
//! Markdown says, and an existing file is never replaced without asking.

use std::path::Path;
use std::process::Command;

use rapport::content::load_builtin;
use rapport::drill::DrillSetup;
use rapport::drill::handout::{Sheet, build};
use rapport::export::document::to_markdown;
use rapport::export::{Format, WriteError, write_file};
use rapport_pdf::to_pdf;

fn drill() -> rapport::drill::Drill {
    let pack = load_builtin().pack;
    let setup = DrillSetup {
        name: "Week 3".into(),
        count: pack.scenarios.len(),
        seed: 2024,
        ..DrillSetup::default()
    };
    setup.prepare(&pack).expect("the built-in pack drills").0
}

/// The PDF's text with all whitespace runs made single spaces, so wrapped lines compare.
pub(crate) fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext could not be run ({e}). Install poppler-utils \
                 (apt-get install poppler-utils; .ci/setup.d/50-pdftotext.sh does it)."
            )
        });
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    normalise(&String::from_utf8_lossy(&out.stdout))
}

pub(crate) fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_answer_key_pdf_holds_every_question_and_marking_point() {
    let d = drill();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.pdf");
    let bytes = to_pdf(&build(&d, Sheet::AnswerKey)).unwrap();
    write_file(&path, &bytes, false).unwrap();
    let text = pdf_text(&path);
    assert!(text.contains("Week 3: answer key"), "{text}");
    assert!(text.contains("shuffle 2024"));
    for it in &d.items {
        assert!(text.contains(&normalise(&it.title)), "title {}", it.title);
        assert!(
            text.contains(&normalise(&it.prompt)),
            "prompt {}",
            it.prompt
        );
        for mp in &it.marking_points {
            assert!(text.contains(&normalise(mp)), "marking point {mp}");
        }
        for a in &it.answer {
            assert!(text.contains(&normalise(a)), "answer {a}");
        }
    }
}

#[test]
fn the_handout_pdf_has_the_questions_and_no_answers() {
    let d = drill();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("handout.pdf");
    write_file(&path, &to_pdf(&build(&d, Sheet::Handout)).unwrap(), false).unwrap();
    let text = pdf_text(&path);
    let key = normalise(&to_markdown(&build(&d, Sheet::AnswerKey)));
    for it in &d.items {
        assert!(
            text.contains(&normalise(&it.situation)),
            "situation {}",
            it.title
        );
        for o in &it.options {
            let o = normalise(o.trim_start_matches("- "));
            assert!(text.contains(&o), "option {o}");
        }
        for mp in &it.marking_points {
            assert!(!text.contains(&normalise(mp)), "marking point leaked: {mp}");
        }
        if let Some(e) = &it.explanation {
            assert!(!text.contains(&normalise(e)), "explanation leaked");
        }
    }
    assert!(key.contains("Marking points"));
    assert!(!text.contains("Marking points"));
}

#[test]
fn exporting_twice_keeps_the_first_file_until_overwrite_is_confirmed() {
    let d = drill();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("handout.md");
    let first = rapport_pdf::render(Format::Markdown, &build(&d, Sheet::Handout)).unwrap();
    write_file(&path, &first, false).unwrap();
    let key = rapport_pdf::render(Format::Markdown, &build(&d, Sheet::AnswerKey)).unwrap();
    assert_eq!(
        write_file(&path, &key, false),
        Err(WriteError::Exists(path.clone()))
    );
    assert_eq!(std::fs::read(&path).unwrap(), first);
    write_file(&path, &key, true).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), key);
}
