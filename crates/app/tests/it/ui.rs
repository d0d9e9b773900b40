//! The app driven as a learner drives it: clicks and typing by label, through egui_kittest.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use rapport::app::{Page, ThemeChoice};
use rapport::content::{Anchor, Section};

use crate::common::{harness, harness_with};

const PROQUAL: &str = "proqual-l3-mc-relationship";
const PROQUAL_TITLE: &str = "Understanding the Mentoring and Coaching Relationship";

#[test]
fn open_a_unit_and_expand_a_section() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_by_label(PROQUAL_TITLE).click();
    h.run();
    assert_eq!(h.state().page(), &Page::Unit(PROQUAL.into()));
    assert!(
        h.query_by_label("Confidentiality is absolute.").is_none(),
        "sections start closed"
    );

    h.get_by_label("Common misconceptions").scroll_to_me();
    h.run();
    h.get_by_label("Common misconceptions").click();
    h.run();
    h.get_by_label("Confidentiality is absolute.")
        .scroll_to_me();
    h.run();
    h.get_by_label("Confidentiality is absolute.");
    h.get_by_label_contains("a safeguarding concern about a child or an adult at risk");
}

#[test]
fn search_by_a_misspelt_word_and_open_the_misconception() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Search all units");
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("confidentialty absolute");
    h.run();
    assert!(!h.state().search_hits().is_empty());
    h.get_by_label_contains("Confidentiality is absolute.");

    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().page(), &Page::Unit(PROQUAL.into()));
    let focus = h.state().focus().expect("the item is focused");
    assert!(
        matches!(&focus.anchor, Anchor::Misconception(id) if id.contains("confidentiality")),
        "{focus:?}"
    );
    assert!(!focus.scroll_pending, "the page scrolled to the item");
    assert!(
        h.query_by_label("Search all units").is_none(),
        "search closed"
    );
    h.get_by_label("Confidentiality is absolute.");
}

#[test]
fn slash_opens_search_and_escape_closes_it() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::Slash);
    h.run();
    h.get_by_label("Search all units");
    let field = h.get_by_role(egui::accesskit::Role::TextInput);
    assert_eq!(
        field.value().unwrap_or_default(),
        "",
        "the slash is not typed into the field"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Search all units").is_none());
}

#[test]
fn arrow_keys_choose_a_result() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::Slash);
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("GROW");
    h.run();
    let hits = h.state().search_hits().len();
    assert!(hits >= 2, "GROW is named in several items");
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().search_selected(), 1);
    h.key_press(Key::ArrowUp);
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().search_selected(), 0);
}

#[test]
fn marking_a_section_revised_is_saved_and_shown_after_a_restart() {
    let data = tempfile::tempdir().unwrap();
    {
        let mut h = harness(data.path());
        h.get_by_label(PROQUAL_TITLE).click();
        h.run();
        h.get_by_label("Overview").click(); // closes the section open by default
        h.run();
        h.get_by_label("Overview").click();
        h.run();
        h.get_by_label("I've revised this section").click();
        h.step();
        h.state_mut().wait_for_saves();
        h.run();
        assert!(h.state().is_revised(PROQUAL, Section::Overview));
        h.get_by_label("revised today");
    }
    let mut h = harness(data.path());
    assert!(h.state().is_revised(PROQUAL, Section::Overview));
    h.get_by_label_contains("14 marking points · 3 learning outcomes · 1 of 7 sections revised");
    h.run();
}

#[test]
fn every_area_in_the_navigation_opens_its_own_page() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    for (area, label, _) in Page::AREAS {
        h.get_all_by_label(label).next().unwrap().click();
        h.run();
        assert_eq!(h.state().page(), &area, "{label}");
        assert!(
            h.query_by_label_contains("not built yet").is_none(),
            "{label} is still a placeholder"
        );
    }
    h.get_by_label("Units").click();
    h.run();
    h.get_by_label("ProQual Awarding Body · Level 3");
    // Units whose source names no awarding body or level are grouped by their source's area.
    h.get_by_label("Employment-related services revision topic");
    assert!(h.query_by_label_contains("unknown").is_none());
}

#[test]
fn start_here_opens_with_f1_and_each_way_in_leads_to_its_page() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::F1);
    h.run();
    assert_eq!(h.state().page(), &Page::Welcome);
    h.get_by_label("Revise a unit for an assessment");
    h.get_by_label("Assess yourself and plan your development");
    h.get_by_label("Run a classroom drill");
    for (button, page) in [
        ("Choose a unit", Page::Units),
        ("Study flashcards", Page::Flashcards),
        ("Practise scenarios", Page::Scenarios),
        ("Start a self-assessment", Page::SelfAssessment),
        ("Open my development plan", Page::DevelopmentPlan),
        ("Set up a drill", Page::ClassroomDrill),
    ] {
        h.key_press(Key::F1);
        h.run();
        h.get_by_label(button).click();
        h.run();
        assert_eq!(h.state().page(), &page, "{button}");
    }
}

#[test]
fn every_area_opens_with_its_ctrl_number_shortcut() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    // Backwards, so that each shortcut moves away from the page the last one opened.
    for (area, label, key) in Page::AREAS.into_iter().rev() {
        h.key_press_modifiers(Modifiers::COMMAND, key);
        h.run();
        assert_eq!(h.state().page(), &area, "{label}");
    }
}

#[test]
fn a_unit_page_shows_its_source_in_plain_words_and_no_internal_notes() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_by_label(
        "Roles and Responsibilities in Coaching and Mentoring (Employment-Related Services)",
    )
    .click();
    h.run();
    assert_eq!(
        h.state().page(),
        &Page::Unit("ers-coaching-mentoring-roles".into())
    );
    // The header names the source's area; the open overview does not repeat it as a note.
    h.get_by_label_contains("Employment-related services revision topic");
    for note in ["unknown", "Source:", "seed", "no awarding body"] {
        assert!(h.query_by_label_contains(note).is_none(), "{note}");
    }
    // A unit with an awarding body names its source document under the overview.
    h.get_by_label("Units").click();
    h.run();
    h.get_by_label("Coaching and Mentoring Practice").click();
    h.run();
    h.get_by_label_contains("Open Awards · Level 5 · Unit M/652/0858");
    h.get_by_label("Source document: Open Awards qualification unit M/652/0858");
}

#[test]
fn a_pack_with_gaps_opens_whole_and_its_warnings_are_listed_apart() {
    let data = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    std::fs::create_dir(pack.path().join("units")).unwrap();
    std::fs::write(
        pack.path().join("units/gaps.ron"),
        r#"Unit(
    id: "gaps",
    title: "A unit with gaps",
    synopsis: "No scenario practises it yet.",
    misconceptions: [Misconception(id: "gaps/mis/one", text: "A mistake.")],
    marking_points: [MarkingPoint(id: "gaps/mp/one", text: "A point.")],
)"#,
    )
    .unwrap();
    let mut h = harness_with(&[pack.path().to_path_buf()], data.path());
    h.get_by_label_contains("2 warnings about the loaded content");
    assert!(
        h.query_by_label_contains("problem in the loaded content")
            .is_none()
    );
    h.get_by_label("A unit with gaps");
    h.get_by_label("Show problems").click();
    h.run();
    assert_eq!(h.state().page(), &Page::Problems);
    h.get_by_label("Warnings (2)");
    h.get_by_label_contains(
        "units/gaps.ron:5:40: warning: misconception `gaps/mis/one` has no correction",
    );
    h.get_by_label_contains(
        "units/gaps.ron:6:39: warning: marking point `gaps/mp/one` is practised by 0 scenarios",
    );
    assert!(h.query_by_label_contains("could not be loaded").is_none());
}

#[test]
fn the_theme_switch_changes_the_theme() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.state().theme(), ThemeChoice::Dark);
    assert!(h.ctx.global_style().visuals.dark_mode);
    h.get_by_label("Light").click();
    h.run();
    assert!(!h.ctx.global_style().visuals.dark_mode);
}

#[test]
fn a_broken_tutor_pack_is_listed_and_the_rest_still_opens() {
    let data = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    std::fs::create_dir(pack.path().join("units")).unwrap();
    std::fs::write(
        pack.path().join("units/broken.ron"),
        "Unit(id: \"x\", title: 3)",
    )
    .unwrap();
    let mut h = harness_with(&[pack.path().to_path_buf()], data.path());
    h.get_by_label_contains("1 problem in the loaded content");
    h.get_by_label(PROQUAL_TITLE);
    h.get_by_label("Show problems").click();
    h.run();
    assert_eq!(h.state().page(), &Page::Problems);
    h.get_by_label_contains("units/broken.ron:1:");
}

#[test]
fn a_corrupt_data_file_is_reported_and_kept() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("rapport.sqlite3"),
        b"this is not a database, it is a diary",
    )
    .unwrap();
    let h = harness(data.path());
    h.get_by_label_contains("Your data file could not be read");
    h.get_by_label_contains("corrupt-");
    let kept = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".corrupt-"));
    assert!(kept);
}

/// The window draws before anything is read: the first frame is the loading page, and the app
/// opens on a later frame once the background thread has read the content and the store.
#[test]
fn the_window_shows_a_loading_page_then_opens_the_app() {
    use rapport::app::{Launch, Opening};
    let data = tempfile::tempdir().unwrap();
    let opening = Opening::start(Vec::new(), data.path().to_path_buf()).unwrap();
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_max_steps(100)
        .build_eframe(|cc| Launch::new(cc, opening, Vec::new()));
    h.step();
    if h.state().app().is_none() {
        h.get_by_label_contains("Step ");
    }
    h.state_mut().wait_until_open();
    h.step();
    assert!(h.state().app().is_some(), "the app did not open");
    let phases: Vec<_> = h.state().phases().iter().map(|(p, _)| *p).collect();
    assert!(
        phases.starts_with(&rapport::app::Phase::EARLY),
        "the app opened after the early phases: {phases:?}"
    );
    // The later part arrives from the same thread and is merged into the open app.
    h.state_mut().wait_until_complete();
    h.step();
    h.step();
    assert!(h.state().complete());
    assert!(h.state().app().unwrap().later_ready());
    let phases: Vec<_> = h.state().phases().iter().map(|(p, _)| *p).collect();
    assert_eq!(phases, rapport::app::Phase::ALL.to_vec());
    h.run();
    h.get_by_label("ProQual Awarding Body · Level 3");
}
