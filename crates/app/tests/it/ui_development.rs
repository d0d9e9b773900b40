//! Self-assessment and development plan driven as a learner drives them, through egui_kittest.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
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
    h.get_by_label_contains("Not exported: type or choose the folder to save exports in first.");
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

/// Issue 14: rating all of ICF took some 80 clicks. The number keys rate the highlighted row
/// (a behaviour's "I work at", then its "Target") and move on; ↑ goes back, 0 clears; digits
/// typed into a text field stay text.
#[test]
fn number_keys_rate_behaviour_by_behaviour() {
    use egui::Key;
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_all_by_label("Self-assessment")
        .next()
        .unwrap()
        .click();
    h.run();
    click(&mut h, "Start a new ICF self-assessment");
    h.get_by_label_contains("Keys: 1–5 rate the highlighted row");
    for key in [Key::Num3, Key::Num4, Key::Num2, Key::Num5, Key::Num1] {
        h.key_press(key);
        h.run();
    }
    save(&mut h);
    let rating = |h: &Harness<'static, RapportApp>, id: &str| {
        let a = &h.state().development().data.assessments[0];
        a.ratings.get(id).map(|r| (r.value, r.target))
    };
    assert_eq!(
        rating(&h, "icf/1/confidentiality"),
        Some((Some(3), Some(4)))
    );
    assert_eq!(rating(&h, "icf/1/referral"), Some((Some(2), Some(5))));
    assert_eq!(rating(&h, "icf/1/roles"), Some((Some(1), None)));
    // Back up to the second behaviour's target and clear it.
    for key in [Key::ArrowUp, Key::ArrowUp, Key::Num0] {
        h.key_press(key);
        h.run();
    }
    save(&mut h);
    assert_eq!(rating(&h, "icf/1/referral"), Some((Some(2), None)));
    // Six is past a five-point scale: nothing happens.
    h.key_press(Key::Num6);
    save(&mut h);
    assert_eq!(rating(&h, "icf/1/roles"), Some((Some(1), None)));
    // A digit typed as evidence is text, not a rating.
    let evidence = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    evidence.click();
    h.run();
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .type_text("4 sessions");
    save(&mut h);
    let a = &h.state().development().data.assessments[0];
    assert_eq!(a.ratings["icf/1/confidentiality"].evidence, "4 sessions");
    assert_eq!(a.ratings.values().filter(|r| r.value.is_some()).count(), 3);
}

/// Issue 14: the profile chart's axis said "1", "2" and left unrated competencies out. Every
/// competency has a row with its name, inside an 800x600 window and wide enough to read.
#[test]
fn the_profile_names_every_competency_even_unrated_ones() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    rate_listening(&mut h);
    click(&mut h, "Mark complete");
    save(&mut h);
    h.set_size(egui::vec2(800.0, 600.0));
    h.run();
    let pack = rapport::content::load_builtin().pack;
    let icf = pack.framework("icf").unwrap();
    for c in &icf.competencies {
        let name = icf.competency_label(c);
        let prefix = format!("{name}: ");
        let bars = h
            .query_all_by_label_contains(&prefix)
            .find(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with(&prefix))
            })
            .unwrap_or_else(|| panic!("no bars for {name}"));
        let said = bars.accesskit_node().label().unwrap_or_default().to_owned();
        if c.id == "icf/6" {
            assert_eq!(said, "6 Listens Actively: current 2.0, target 4.0");
        } else {
            assert_eq!(said, format!("{name}: not rated"));
        }
        // The name itself, as text beside the bars, whole and inside the window.
        let label = h
            .get_all_by_label(&name)
            .next()
            .unwrap_or_else(|| panic!("no label {name}"));
        let r = label.rect();
        assert!(r.min.x >= 0.0 && r.max.x <= 800.0, "{name} at {r:?}");
        assert!(r.width() >= 100.0, "{name} squeezed to {r:?}");
        assert!(bars.rect().min.x >= r.max.x, "the bars overlap {name}");
    }
}

/// Issue 14: the plan-end field showed "YYYY-MM-..."; every date field is wide enough for its
/// hint.
#[test]
fn date_fields_show_their_whole_hint() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.set_size(egui::vec2(800.0, 600.0));
    h.get_by_label("Development plan").click();
    h.run();
    click(&mut h, "Add an entry");
    save(&mut h);
    let font = egui::FontId::proportional(
        h.ctx
            .global_style()
            .text_styles
            .get(&egui::TextStyle::Body)
            .unwrap()
            .size,
    );
    let width = |h: &Harness<'static, RapportApp>, s: &str| {
        h.ctx.fonts_mut(|f| {
            f.layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
    };
    let fields: Vec<(String, egui::Rect)> = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .filter_map(|n| {
            let hint = n.accesskit_node().placeholder()?.to_owned();
            hint.starts_with("YYYY").then(|| (hint, n.rect()))
        })
        .collect();
    assert_eq!(
        fields.len(),
        3,
        "plan end, target date, review dates: {fields:?}"
    );
    // Inside its frame, a field has the button padding each side and a 1 px stroke.
    let padding = h.ctx.global_style().spacing.button_padding.x;
    for (hint, rect) in fields {
        assert!(
            rect.width() - 2.0 * padding - 2.0 >= width(&h, &hint),
            "“{hint}” needs {} px, the field is {} px",
            width(&h, &hint),
            rect.width()
        );
        assert!(rect.max.x <= 800.0);
    }
}

/// The learner's name is a field of the plan, kept after a restart and printed on the export.
#[test]
fn the_learners_name_is_kept_and_printed_on_the_plan() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    {
        let mut h = harness(data.path());
        h.state_mut().development_mut().export_folder = out.path().display().to_string();
        h.get_by_label("Development plan").click();
        h.run();
        let field = h
            .get_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .unwrap();
        field.click();
        h.run();
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .unwrap()
            .type_text("Sam Patel");
        save(&mut h);
        click(&mut h, "Export as Markdown");
        save(&mut h);
    }
    let h = harness(data.path());
    assert_eq!(h.state().development().data.learner, "Sam Patel");
    let name = format!(
        "rapport-development-plan-{}.md",
        chrono::Local::now().date_naive().format("%Y-%m-%d")
    );
    let md = std::fs::read_to_string(out.path().join(name)).unwrap();
    assert!(md.contains("**Learner:** Sam Patel"), "{md}");
    assert!(md.contains("Learner (Sam Patel): \\_"), "{md}");
}

/// The results open at their top even when the rating page was scrolled far down (they kept
/// the rating page's scroll position and opened among the warnings).
#[test]
fn results_open_at_the_top_after_rating_far_down() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.set_size(egui::vec2(800.0, 600.0));
    h.get_all_by_label("Self-assessment")
        .next()
        .unwrap()
        .click();
    h.run();
    click(&mut h, "Start a new ICF self-assessment");
    for _ in 0..30 {
        h.key_press(egui::Key::Num2);
        h.run();
    }
    save(&mut h);
    click(&mut h, "See results so far");
    let first = h.get_by_label("1 Demonstrates Ethical Practice: current 2.0, target 2.0");
    let r = first.rect();
    assert!(
        r.min.y > 0.0 && r.max.y < 600.0,
        "the profile is off screen: {r:?}"
    );
}

/// The export folder can be chosen in the file dialog instead of typed (issue 14).
#[test]
fn the_export_folder_is_chosen_in_the_file_dialog() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("portfolio")).unwrap();
    // egui_file's own path fields carry no accessible name, which kittest's default check
    // refuses; Rapport's own widgets are checked by every other test.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(100)
        .with_accessibility_check(false)
        .build_eframe(|cc| RapportApp::new(cc, rapport::app::Startup::prepare(&[], data.path())));
    h.run();
    h.state_mut().development_mut().export_folder = out.path().display().to_string();
    h.get_by_label("Development plan").click();
    h.run();
    h.get_by_label("Choose…").click();
    h.run();
    h.get_by_label_contains("Folder for exports");
    h.get_by_label("🗀 portfolio").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().development().export_folder,
        out.path().join("portfolio").display().to_string()
    );
    assert!(h.query_by_label_contains("Folder for exports").is_none());
}
