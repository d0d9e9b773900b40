//! Self-assessment and development plan driven as a learner drives them, through egui_kittest.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapport::app::{AssessmentScreen, Page, RapportApp};

use crate::common::harness;

fn save(h: &mut Harness<'static, RapportApp>) {
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
}

fn click(h: &mut Harness<'static, RapportApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn click_nth(h: &mut Harness<'static, RapportApp>, label: &str, n: usize) {
    h.get_all_by_label(label).nth(n).unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label(label).nth(n).unwrap().click();
    h.run();
}

/// Rates the first listening behaviour 2 with target 4 and evidence, and leaves the rest.
fn rate_listening(h: &mut Harness<'static, RapportApp>) {
    h.get_all_by_label("Self-assessment")
        .next()
        .unwrap()
        .click();
    h.run();
    click(h, "Start a new ICF self-assessment");
    // The rating rows: competency 6's first behaviour is the 26th of 40 (5 per competency).
    click_nth(h, "2 Emerging", 2 * 25);
    click_nth(h, "4 Skilled", 2 * 25 + 1);
    save(h);
}

#[test]
fn ratings_are_saved_as_you_go_and_kept_after_a_restart() {
    let data = tempfile::tempdir().unwrap();
    {
        let mut h = harness(data.path());
        rate_listening(&mut h);
        let a = &h.state().development().data.assessments[0];
        let r = &a.ratings["icf/6/summarise"];
        assert_eq!((r.value, r.target), (Some(2), Some(4)));
        h.get_by_label_contains("1 of 40 behaviours rated");
        h.get_by_label_contains("No evidence yet");
        h.get_by_label("✔ All changes saved");
    }
    let mut h = harness(data.path());
    h.get_all_by_label("Self-assessment")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label_contains("Continue the ICF assessment started");
    let a = &h.state().development().data.assessments[0];
    assert_eq!(a.ratings["icf/6/summarise"].value, Some(2));
    assert!(a.completed_at.is_none());
}

#[test]
fn results_rank_gaps_warn_about_evidence_and_draft_a_plan() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    rate_listening(&mut h);
    click(&mut h, "Mark complete");
    save(&mut h);
    assert!(matches!(
        h.state().development().screen,
        AssessmentScreen::Results(_)
    ));
    h.get_by_label_contains("1. 6 Listens Actively: gap 2.0");
    h.get_by_label_contains("⚠ 6 Listens Actively: Summarises or paraphrases");
    click(&mut h, "Draft my plan");
    save(&mut h);
    assert_eq!(h.state().page(), &Page::DevelopmentPlan);
    let entries = &h.state().development().data.entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].competency_id.as_deref(), Some("icf/6"));
    h.get_by_label_contains("1 plan entry drafted");
    // The drafted objective passes the checker shown beside it.
    for letter in ["S ✔", "M ✔", "A ✔", "R ✔", "T ✔"] {
        h.get_by_label(letter);
    }

    // A restart keeps the dated, completed assessment and the entry.
    drop(h);
    let h = harness(data.path());
    let dev = h.state().development();
    assert!(dev.data.assessments[0].completed_at.is_some());
    assert_eq!(dev.data.entries.len(), 1);
}

#[test]
fn a_vague_objective_is_explained_letter_by_letter() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_by_label("Development plan").click();
    h.run();
    click(&mut h, "Add an entry");
    save(&mut h);
    let field = h
        .get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .next()
        .unwrap();
    field.click();
    h.run();
    h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .next()
        .unwrap()
        .type_text("Improve communication");
    save(&mut h);
    assert_eq!(
        h.state().development().data.entries[0].objective,
        "Improve communication"
    );
    for letter in ["S ✖", "M ✖", "A ✖", "R ✖", "T ✖"] {
        h.get_by_label(letter);
    }
    h.get_by_label_contains("Specific: \u{201c}improve\u{201d} says a direction");
    h.get_by_label_contains("Time-bound: no date or deadline");
}

#[test]
fn exports_are_named_by_date_and_never_overwrite_without_asking() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.state_mut().development_mut().export_folder = "  ".into();
    h.get_by_label("Development plan").click();
    h.run();
    click(&mut h, "Export as PDF");
    h.get_by_label_contains("Not exported: type the folder to save exports in first.");
    h.state_mut().development_mut().export_folder = out.path().display().to_string();
    h.run();
    click(&mut h, "Export as Markdown");
    save(&mut h);
    let name = format!(
        "rapport-development-plan-{}.md",
        chrono::Local::now().date_naive().format("%Y-%m-%d")
    );
    let path = out.path().join(&name);
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.contains("# Development plan and self-assessment summary"));
    std::fs::write(&path, "my own notes").unwrap();

    click(&mut h, "Export as Markdown");
    save(&mut h);
    h.get_by_label("Replace the existing file?");
    h.get_by_label("Keep the existing file").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own notes");

    click(&mut h, "Export as Markdown");
    save(&mut h);
    h.get_by_label("Replace it").click();
    save(&mut h);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn delete_all_my_data_asks_first_then_removes_everything() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    rate_listening(&mut h);
    click(&mut h, "Back to self-assessment");
    click(&mut h, "Your data");
    click(&mut h, "Delete all my data…");
    h.get_by_label("Delete all your data?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().development().data.assessments.len(), 1);

    click(&mut h, "Delete all my data…");
    h.get_by_label("Delete everything").click();
    save(&mut h);
    assert!(h.state().development().data.assessments.is_empty());
    h.get_by_label_contains("All your data was deleted");
    drop(h);
    let h = harness(data.path());
    assert!(h.state().development().data.assessments.is_empty());
}

#[test]
fn a_due_review_is_listed_and_recording_it_sets_the_status() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_by_label("Development plan").click();
    h.run();
    click(&mut h, "Add an entry");
    save(&mut h);
    {
        let dev = h.state_mut().development_mut();
        dev.data.entries[0].need = "Listening: summarise more".into();
        dev.data.entries[0].review_dates =
            vec![chrono::NaiveDate::from_ymd_opt(2020, 1, 31).unwrap()];
        dev.save_entry(0);
    }
    save(&mut h);
    h.get_by_label_contains("Listening: summarise more · ⚠ overdue since 31 January 2020");
    let multiline = |h: &Harness<'static, RapportApp>| {
        h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
            .count()
    };
    // The entry is open (it was just added): Gibbs' six prompts appear below its own fields.
    let entry_fields = multiline(&h);
    click(&mut h, "Review now");
    assert_eq!(multiline(&h), entry_fields + 6);
    h.get_by_label("Description: What happened? What did you try, with whom, and when?");
    h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .nth(entry_fields)
        .unwrap()
        .scroll_to_me();
    h.run();
    h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .nth(entry_fields)
        .unwrap()
        .click();
    h.run();
    h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .nth(entry_fields)
        .unwrap()
        .type_text("Summarised twice in a session with a new client");
    h.run();
    click(&mut h, "Save review");
    save(&mut h);
    let dev = h.state().development();
    assert_eq!(dev.data.reviews.len(), 1);
    assert_eq!(
        dev.data.entries[0].status,
        rapport::plan::Status::InProgress
    );
    h.get_by_label_contains("Nothing is due in the next 14 days");
    drop(h);
    let h = harness(data.path());
    let dev = h.state().development();
    assert_eq!(
        dev.data.reviews[0].description,
        "Summarised twice in a session with a new client"
    );
    assert_eq!(
        dev.data.entries[0].status,
        rapport::plan::Status::InProgress
    );
}

#[test]
fn ratings_can_be_given_from_the_keyboard() {
    use egui::Key;
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_all_by_label("Self-assessment")
        .next()
        .unwrap()
        .click();
    h.run();
    click(&mut h, "Start a new EMCC self-assessment");
    // The first behaviour's "Foundation" button, then Tab to "Practitioner" and Space.
    h.get_all_by_label("Foundation").next().unwrap().focus();
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::Space);
    save(&mut h);
    let a = &h.state().development().data.assessments[0];
    assert_eq!(a.ratings["emcc/1/values"].value, Some(2), "{:?}", a.ratings);
}
