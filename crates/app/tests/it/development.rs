//! The self-assessment and plan records in the store, the portfolio export (Markdown and PDF,
//! read back with pdftotext) and the privacy actions.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use rapport::content::load_builtin;
use rapport::plan::export::{self, Format};
use rapport::plan::{Assessment, PlanEntry, Rating, Review, Status, draft_entries, results};
use rapport::store::Store;

const MARKER: &str = "Zebra-striped reflection 4417";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sample() -> (Vec<Assessment>, Vec<PlanEntry>, Vec<Review>) {
    let pack = load_builtin().pack;
    let icf = pack.framework("icf").unwrap();
    let mut earlier = Assessment::new("a0".into(), icf, 1_700_000_000);
    earlier.completed_at = Some(1_700_000_100);
    earlier.ratings.insert(
        "icf/6/summarise".into(),
        Rating {
            value: Some(1),
            target: Some(4),
            evidence: "first recording".into(),
            example: String::new(),
        },
    );
    let mut a = Assessment::new("a1".into(), icf, 1_760_000_000);
    a.completed_at = Some(1_760_000_500);
    for (id, v, t) in [
        ("icf/6/summarise", 2, 4),
        ("icf/6/own-words", 2, 4),
        ("icf/1/records", 5, 4),
    ] {
        a.ratings.insert(
            id.into(),
            Rating {
                value: Some(v),
                target: Some(t),
                evidence: if id == "icf/6/own-words" {
                    String::new()
                } else {
                    "notes".into()
                },
                example: if id == "icf/6/own-words" {
                    String::new()
                } else {
                    MARKER.into()
                },
            },
        );
    }
    let r = results(icf, &a, Some(&earlier));
    let mut entries = draft_entries(icf, &a, &r, &[], d(2026, 11, 26), 3);
    entries[0].id = "e1".into();
    entries[0].status = Status::InProgress;
    let review = Review {
        id: "r1".into(),
        entry_id: "e1".into(),
        date: d(2026, 12, 20),
        description: format!("Tried summarising twice. {MARKER}"),
        feelings: "Nervous at first".into(),
        action_plan: "Keep going".into(),
        status: Status::InProgress,
        created_at: 1_766_000_000,
        ..Review::default()
    };
    (vec![earlier, a], entries, vec![review])
}

#[test]
fn records_round_trip_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (assessments, entries, reviews) = sample();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        for a in &assessments {
            store.save_assessment(a).unwrap();
            for (b, r) in &a.ratings {
                store.save_rating(&a.id, b, r, 1).unwrap();
            }
        }
        for (i, e) in entries.iter().enumerate() {
            store.save_plan_entry(e, i, 2).unwrap();
        }
        let mut achieved = reviews[0].clone();
        achieved.status = Status::Achieved;
        store.save_review(&achieved).unwrap();
        store.set_plan_end(Some(d(2027, 11, 30))).unwrap();
    }
    let (store, _) = Store::open(dir.path()).unwrap();
    let data = store.development().unwrap();
    assert_eq!(data.assessments, assessments);
    assert_eq!(data.entries.len(), entries.len());
    assert_eq!(data.entries[0].objective, entries[0].objective);
    assert_eq!(data.entries[0].review_dates, entries[0].review_dates);
    assert_eq!(
        data.entries[0].status,
        Status::Achieved,
        "saving a review sets the entry's status"
    );
    assert_eq!(data.reviews.len(), 1);
    assert_eq!(data.reviews[0].description, reviews[0].description);
    assert_eq!(data.plan_end, Some(d(2027, 11, 30)));
}

fn input<'a>(
    frameworks: &'a [&'a rapport::content::Framework],
    data: &'a (Vec<Assessment>, Vec<PlanEntry>, Vec<Review>),
) -> export::Input<'a> {
    export::Input {
        frameworks,
        assessments: &data.0,
        entries: &data.1,
        reviews: &data.2,
        plan_end: Some(d(2027, 11, 30)),
        learner: "Sam Patel",
        supervisor: "",
        today: d(2026, 11, 26),
    }
}

#[test]
fn the_markdown_export_holds_the_summary_and_every_entry_field() {
    let pack = load_builtin().pack;
    let fws: Vec<_> = pack.frameworks.iter().map(|f| &f.framework).collect();
    let data = sample();
    let md = export::to_markdown(&export::build(&input(&fws, &data)));
    for needle in [
        "# Development plan and self-assessment summary",
        "### ICF Core Competencies (2019 model (in force 2021))",
        "**Learner:** Sam Patel",
        "| 6 Listens Actively | 1.0 | 2.0 | 4.0 |",
        "| 2 Embodies a Coaching Mindset | not rated | not rated | not rated |",
        "**Largest gaps:** 6 Listens Actively (2.0)",
        "**Strengths:** 1 Demonstrates Ethical Practice",
        "1 rating(s) have no evidence note or example yet.",
        "ICF 6 Listens Actively: rated 2.0, target 4.0 (gap 2.0)",
        "SMART check: meets all five letters",
        "| 26 February 2027 |",
        "Status: In progress",
        "Review on 20 December 2026",
        "- Feelings: Nervous at first",
        "Learner (Sam Patel): \\_",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext could not run ({e}): install poppler-utils \
                 (apt-get install poppler-utils; CI does it in .ci/setup.d/50-pdftotext.sh)"
            )
        });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_export_reads_back_as_the_same_text() {
    let pack = load_builtin().pack;
    let fws: Vec<_> = pack.frameworks.iter().map(|f| &f.framework).collect();
    let data = sample();
    let portfolio = export::build(&input(&fws, &data));
    let bytes = rapport_pdf::to_pdf(&portfolio).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(export::file_name(d(2026, 11, 26), Format::Pdf));
    std::fs::write(&path, &bytes).unwrap();
    let text = pdftotext(&path);
    // Line breaks and layout spacing differ from the Markdown: compare word sequences.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Development plan and self-assessment summary",
        "Learner: Sam Patel",
        "Plan period: until 30 November 2027",
        "6 Listens Actively",
        "2 Embodies a Coaching Mindset",
        "not rated",
        "Development need",
        "Target date",
        "Review on 20 December 2026",
        "Signed: Learner (Sam Patel)",
        MARKER,
    ] {
        assert!(words.contains(needle), "missing {needle:?} in\n{text}");
    }
    // The objective wraps over the lines of its table cell but none of it is lost: with
    // -layout, the cells of a row are side by side, so look for its words in order.
    let raw = pdftotext_raw(&path);
    let raw_words: Vec<&str> = raw.split_whitespace().collect();
    let mut at = 0;
    for w in data.1[0].objective.split_whitespace() {
        at = raw_words[at..]
            .iter()
            .position(|x| *x == w)
            .map(|p| at + p + 1)
            .unwrap_or_else(|| panic!("objective word {w:?} missing or out of order in\n{raw}"));
    }
}

/// Text in the order it was drawn (-raw), so a table cell's lines follow each other.
fn pdftotext_raw(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn everything_held_is_exported_and_then_deleted_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let (assessments, entries, reviews) = sample();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    store.save_assessment(&assessments[1]).unwrap();
    for (b, r) in &assessments[1].ratings {
        store.save_rating("a1", b, r, 1).unwrap();
    }
    store.save_plan_entry(&entries[0], 0, 1).unwrap();
    store.save_review(&reviews[0]).unwrap();
    store
        .set_section_revised("unit-x", "tips", true, 5)
        .unwrap();

    let all = store.export_everything(9).unwrap();
    let text = all.to_string();
    assert!(text.contains(MARKER));
    for table in [
        "assessments",
        "assessment_ratings",
        "plan_entries",
        "plan_reviews",
        "section_progress",
    ] {
        assert!(
            all["tables"][table]
                .as_array()
                .is_some_and(|rows| !rows.is_empty()),
            "{table} missing from the export"
        );
    }

    store.delete_everything().unwrap();
    let data = store.development().unwrap();
    assert!(data.assessments.is_empty() && data.entries.is_empty() && data.reviews.is_empty());
    assert!(store.section_progress().unwrap().is_empty());
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let found = bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes());
        assert!(!found, "deleted text is still in the data folder");
    }
}

#[test]
fn an_export_never_replaces_a_file_without_being_told_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.md");
    std::fs::write(&path, "mine").unwrap();
    let err = rapport::store::development::write_new_file(&path, b"new", false).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(rapport::store::development::FILE_EXISTS),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    rapport::store::development::write_new_file(&path, b"new", true).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
}
