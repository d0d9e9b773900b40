//! Every main page at 800x600, 1280x720 and 1600x1000 keeps its text and widgets inside the
//! window horizontally (pages scroll vertically, never sideways) and gives no label so little
//! width that it breaks letter by letter. Uses the AccessKit bounds of every node, as a screen
//! reader would see them.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use rapport::app::RapportApp;

use crate::common::harness;

const SIZES: [(f32, f32); 3] = [(800.0, 600.0), (1280.0, 720.0), (1600.0, 1000.0)];

/// Roles of nodes a learner reads or uses; containers may be wider than what they show.
const CHECKED: [Role; 14] = [
    Role::Label,
    Role::TextRun,
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::ComboBox,
    Role::TextInput,
    Role::MultilineTextInput,
    Role::Link,
    Role::Slider,
    Role::SpinButton,
    Role::ProgressIndicator,
    Role::Image,
    Role::Tab,
];

/// A label this narrow with this much text is being broken letter by letter.
const MIN_LABEL_WIDTH: f32 = 30.0;
const LONG_LABEL_CHARS: usize = 8;

type App = Harness<'static, RapportApp>;

/// Renders the current page at every size and notes what falls outside or is squeezed.
#[derive(Default)]
struct Report {
    problems: Vec<String>,
    pages: Vec<String>,
}

fn check(h: &mut App, page: &str, report: &mut Report) {
    report.pages.push(page.to_owned());
    let problems = &mut report.problems;
    for (w, hgt) in SIZES {
        h.set_size(egui::vec2(w, hgt));
        h.run();
        for node in h.query_all(By::new().predicate(|n| CHECKED.contains(&n.role()))) {
            let ak = node.accesskit_node();
            if ak.bounding_box().is_none() {
                continue;
            }
            let r = node.rect();
            let text = ak.value().or_else(|| ak.label()).unwrap_or_default();
            let short: String = text.chars().take(50).collect();
            if r.max.x > w + 0.5 || r.min.x < -0.5 {
                problems.push(format!(
                    "{page} at {w}x{hgt}: {:?} “{short}” spans x {:.0}..{:.0}",
                    ak.role(),
                    r.min.x,
                    r.max.x
                ));
            }
            if ak.role() == Role::Label
                && text.chars().count() >= LONG_LABEL_CHARS
                && r.width() < MIN_LABEL_WIDTH
            {
                problems.push(format!(
                    "{page} at {w}x{hgt}: label “{short}” squeezed to {:.0} px",
                    r.width()
                ));
            }
        }
    }
    // Back to the size the navigation below expects.
    h.set_size(egui::vec2(1280.0, 900.0));
    h.run();
}

fn click(h: &mut App, label: &str) {
    h.get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no “{label}”"))
        .click();
    h.run();
}

fn press(h: &mut App, key: Key) {
    h.key_press(key);
    h.run();
}

fn settle(h: &mut App) {
    h.state_mut().wait_for_saves();
    h.run();
}

/// Answers whatever question is showing with the first keys (or a sentence), checking the
/// question and then its feedback; returns the question's kind label.
fn answer_and_check(h: &mut App, problems: &mut Report, practice: bool) -> Option<String> {
    let kinds = [
        "Single best answer",
        "Multiple answers",
        "Order the stages",
        "Match terms",
        "Classify",
        "Written answer",
    ];
    let kind = kinds
        .iter()
        .find(|k| h.query_by_label_contains(&format!(" · {k}")).is_some())?
        .to_string();
    if practice {
        check(h, &format!("question ({kind})"), problems);
    }
    if kind == "Written answer" {
        h.get_by_role(Role::MultilineTextInput).type_text(
            "I would agree a contract and keep it confidential, within the limits of safeguarding.",
        );
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        h.run();
    } else {
        for key in [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num1,
            Key::Num2,
        ] {
            press(h, key);
        }
        press(h, Key::Enter);
    }
    settle(h);
    if practice {
        check(h, &format!("feedback ({kind})"), problems);
        press(h, Key::Enter);
    }
    Some(kind)
}

#[test]
fn every_main_page_fits_the_window_at_three_sizes() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    let mut problems = Report::default();

    press(&mut h, Key::F1);
    check(&mut h, "start here", &mut problems);
    click(&mut h, "Choose a unit");
    check(&mut h, "units", &mut problems);
    let unit = h
        .get_all_by_role(Role::Button)
        .find(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("Coaching and Mentoring"))
        })
        .map(|b| b.accesskit_node().label().unwrap_or_default().to_owned());
    if let Some(unit) = unit {
        click(&mut h, &unit);
        check(&mut h, "a unit", &mut problems);
    }

    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text("confidentiality");
    h.run();
    check(&mut h, "search", &mut problems);
    press(&mut h, Key::Escape);

    click(&mut h, "Flashcards");
    check(&mut h, "flashcard decks", &mut problems);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    check(&mut h, "flashcard study", &mut problems);
    press(&mut h, Key::Escape);
    click(&mut h, "Statistics");
    check(&mut h, "flashcard statistics", &mut problems);

    click(&mut h, "Scenarios");
    check(&mut h, "scenarios home", &mut problems);
    // Practice through every scenario of the roles unit: every question type and its feedback.
    h.get_all_by_role(Role::ComboBox).next().unwrap().click();
    h.run();
    h.get_by_label_contains("Roles and Responsibilities in Coaching and Mentoring")
        .click();
    h.run();
    press(&mut h, Key::P);
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..20 {
        match answer_and_check(&mut h, &mut problems, true) {
            Some(kind) => {
                kinds.insert(kind);
            }
            None => break,
        }
    }
    check(&mut h, "practice results", &mut problems);
    press(&mut h, Key::Escape);
    press(&mut h, Key::T);
    while answer_and_check(&mut h, &mut problems, false).is_some() {}
    check(&mut h, "test results", &mut problems);
    press(&mut h, Key::Escape);
    click(&mut h, "History");
    check(&mut h, "history", &mut problems);

    for framework in ["ICF", "EMCC"] {
        click(&mut h, "Self-assessment");
        if h.query_by_label("Back to self-assessment").is_some() {
            click(&mut h, "Back to self-assessment");
        }
        check(&mut h, "self-assessment home", &mut problems);
        click(&mut h, &format!("Start a new {framework} self-assessment"));
        settle(&mut h);
        check(
            &mut h,
            &format!("{framework} self-assessment"),
            &mut problems,
        );
        // One rating, so that the assessment can be marked complete.
        for first_point in ["2 Emerging", "Foundation"] {
            if h.query_all_by_label(first_point).next().is_some() {
                click(&mut h, first_point);
                settle(&mut h);
                break;
            }
        }
        if let Some(b) = h.query_by_label("Mark complete") {
            b.scroll_to_me();
            h.run();
            click(&mut h, "Mark complete");
            settle(&mut h);
            check(&mut h, &format!("{framework} results"), &mut problems);
        }
    }
    click(&mut h, "Development plan");
    check(&mut h, "development plan", &mut problems);

    click(&mut h, "Classroom drill");
    check(&mut h, "drill setup", &mut problems);
    press(&mut h, Key::F5);
    for stage in [
        "scenario",
        "discussion",
        "question",
        "answer",
        "marking points",
    ] {
        check(&mut h, &format!("projector: {stage}"), &mut problems);
        press(&mut h, Key::PageDown);
    }
    press(&mut h, Key::N);
    check(&mut h, "presenter view", &mut problems);

    assert!(
        kinds.len() >= 4,
        "the practice reached only these question types: {kinds:?}"
    );
    for page in [
        "units",
        "a unit",
        "search",
        "flashcard decks",
        "flashcard study",
        "flashcard statistics",
        "scenarios home",
        "practice results",
        "test results",
        "history",
        "ICF self-assessment",
        "ICF results",
        "EMCC self-assessment",
        "EMCC results",
        "development plan",
        "drill setup",
        "projector: answer",
        "presenter view",
    ] {
        assert!(
            problems.pages.iter().any(|p| p == page),
            "the walk did not reach {page}: {:?}",
            problems.pages
        );
    }
    assert!(
        problems.problems.is_empty(),
        "{} layout problems:\n{}",
        problems.problems.len(),
        problems.problems.join("\n")
    );
}

/// Choosing "I work at" must not move the "Target" row under the mouse.
#[test]
fn choosing_a_rating_does_not_move_the_next_row() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    click(&mut h, "Self-assessment");
    click(&mut h, "Start a new ICF self-assessment");
    settle(&mut h);
    // Each behaviour has two rows of the same buttons: "I work at" then "Target".
    let target_row = |h: &App| h.get_all_by_label("4 Skilled").nth(1).unwrap().rect();
    let before = target_row(&h);
    click(&mut h, "2 Emerging");
    settle(&mut h);
    assert_eq!(target_row(&h), before, "the Target row moved");
}

/// Each flashcard tab keeps its own scroll position: Statistics opens at its top even when
/// the deck list was scrolled down.
#[test]
fn statistics_open_at_the_top() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    click(&mut h, "Flashcards");
    h.set_size(egui::vec2(800.0, 600.0));
    h.run();
    for _ in 0..10 {
        h.get_all_by_label("Study").last().unwrap().scroll_down();
        h.run();
    }
    click(&mut h, "Statistics");
    let today = h.get_by_label("Today").rect();
    assert!(
        today.min.y > 0.0 && today.max.y < 600.0,
        "the first heading of Statistics is off screen: {today:?}"
    );
}

/// Tab moves the keyboard focus down a long page, and the page follows it: the focused widget
/// is always inside the window (egui alone moves focus without scrolling).
#[test]
fn tabbing_down_a_long_page_keeps_the_focus_in_view() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.set_size(egui::vec2(800.0, 600.0));
    click(&mut h, "Classroom drill");
    let mut lowest = 0.0f32;
    for step in 0..60 {
        press(&mut h, Key::Tab);
        settle(&mut h);
        let Some(id) = h.ctx.memory(|m| m.focused()) else {
            continue;
        };
        let rect = h.ctx.read_response(id).map(|r| r.rect).unwrap();
        assert!(
            rect.min.y >= 0.0 && rect.max.y <= 600.0,
            "Tab {step}: the focused widget is off screen at {rect:?}"
        );
        lowest = lowest.max(rect.max.y);
    }
    // The walk went far enough down the page to need scrolling at least once.
    assert!(lowest > 400.0, "focus never went below y = {lowest}");
}

/// The same on the flashcard decks and exam readiness, which use
/// `scroll::page` too: Tab reaches widgets that start below the window, and each is scrolled
/// into view.
#[test]
fn tabbing_down_other_long_pages_keeps_the_focus_in_view() {
    for page in ["Flashcards", "Exam readiness"] {
        let data = tempfile::tempdir().unwrap();
        let mut h = harness(data.path());
        h.set_size(egui::vec2(800.0, 600.0));
        click(&mut h, page);
        // The widgets a learner can Tab to that begin below the window.
        let below: std::collections::HashSet<_> = h
            .query_all(By::new().predicate(|n| {
                matches!(
                    n.role(),
                    Role::Button | Role::CheckBox | Role::TextInput | Role::ComboBox
                )
            }))
            .filter(|n| n.rect().min.y >= 600.0)
            .map(|n| n.accesskit_node().locate().0)
            .collect();
        assert!(!below.is_empty(), "{page} is longer than the window");
        let mut reached_below = 0;
        for step in 0..80 {
            press(&mut h, Key::Tab);
            settle(&mut h);
            let Some(id) = h.ctx.memory(|m| m.focused()) else {
                continue;
            };
            let rect = h.ctx.read_response(id).map(|r| r.rect).unwrap();
            assert!(
                rect.min.y >= 0.0 && rect.max.y <= 600.0,
                "{page}, Tab {step}: the focused widget is off screen at {rect:?}"
            );
            if below.contains(&id.accesskit_id()) {
                reached_below += 1;
            }
        }
        assert!(
            reached_below > 0,
            "{page}: Tab never reached a widget that began below the window"
        );
    }
}
