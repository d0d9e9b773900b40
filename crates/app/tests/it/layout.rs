//! Every main page at 800x600, 1280x720 and 1600x1000 keeps its text and widgets inside the
//! window horizontally (pages scroll vertically, never sideways) and gives no label so little
//! width that it breaks letter by letter. Uses the AccessKit bounds of every node, as a screen
//! reader would see them.

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::{By, NodeT, Queryable};

use crate::common::{App, harness};
use crate::walk::{self, click, press, settle};

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
/// A label this narrow that wraps over several lines, taller than it is wide, is a column that
/// never got its width (a grid's last column breaking a name a syllable a line).
const NARROW_COLUMN: f32 = 100.0;

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
            // Too narrow outright, or a word or two a line: taller than wide with many lines.
            let lines = r.height() / 18.0;
            if ak.role() == Role::Label
                && text.chars().count() >= LONG_LABEL_CHARS
                && (r.width() < MIN_LABEL_WIDTH
                    || (r.width() < NARROW_COLUMN && lines >= 3.0 && r.height() > r.width()))
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

#[test]
fn every_main_page_fits_the_window_at_three_sizes() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    let mut problems = Report::default();
    let kinds = walk::every_main_page(&mut h, &mut |h, page| check(h, page, &mut problems));
    assert!(
        kinds.len() >= 4,
        "the practice reached only these question types: {kinds:?}"
    );
    for page in walk::MAIN_PAGES {
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
    crate::common::open_statistics(&mut h);
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
