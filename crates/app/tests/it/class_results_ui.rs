//! Class answers in the app window, after the learners have answered: the tutor saves the
//! class's results as CSV, as PDF and in the handout from the presenter view (a folder that
//! cannot be written says so), leaving with results not saved asks first, and a drill
//! without teams shows the learners' totals at the bottom of the projector.

use std::path::Path;

use egui::Key;
use egui_kittest::kittest::Queryable;
use rapport::app::Startup;

use crate::cli_drill_serve::http;
use crate::common::{self, App};
use crate::drill_export::{normalise, pdf_text};

fn harness(data: &Path, export: &Path) -> App {
    let mut startup = Startup::prepare(&[], data);
    startup.export_dir = export.to_path_buf();
    common::launch(startup)
}

fn press(h: &mut App, key: Key) {
    h.key_press(key);
    h.run();
}

/// Starts a drill of single-best-answer questions, without teams, with class answers on
/// loopback; returns the server's address and the join code.
fn start(h: &mut App) -> (String, String) {
    h.get_by_label("Classroom drill").click();
    h.run();
    h.get_by_label("Single best answer").click();
    h.run();
    h.get_by_label("Class answers: learners answer on their own phones or laptops")
        .click();
    h.run();
    h.state_mut().class_answers_on_loopback();
    press(h, Key::F5);
    let (url, code) = h.state().class_answers().expect("class answers started");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    (addr, code)
}

fn join(addr: &str, code: &str, name: &str) -> String {
    let body = serde_json::json!({"code": code, "name": name}).to_string();
    let (status, cookie, body) = http(addr, "POST", "/join", None, &body);
    assert_eq!(status, 200, "{body}");
    cookie.expect("a join sets the cookie")
}

fn state(addr: &str, cookie: &str) -> serde_json::Value {
    let (_, _, body) = http(addr, "GET", "/state", Some(cookie), "");
    serde_json::from_str(&body).unwrap()
}

/// Ann picks option A and Bob option B of the first question; then the answer is revealed.
/// Returns each one's marks as their pages show them.
fn answer_and_reveal(h: &mut App, addr: &str, code: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let learners = [
        ("Ann", join(addr, code, "Ann")),
        ("Bob", join(addr, code, "Bob")),
    ];
    for (k, (_, cookie)) in learners.iter().enumerate() {
        assert_eq!(state(addr, cookie)["phase"], "open");
        let answer = serde_json::json!({"item": 0, "choices": [k]}).to_string();
        let (status, _, body) = http(addr, "POST", "/answer", Some(cookie), &answer);
        assert_eq!(status, 200, "{body}");
    }
    h.run();
    // R shows the question, R again the answer: the class's answers are revealed.
    press(h, Key::R);
    press(h, Key::R);
    h.run();
    for (name, cookie) in &learners {
        let s = state(addr, cookie);
        assert_eq!(s["phase"], "revealed", "{s}");
        out.push((name.to_string(), s["result"]["score"].as_u64().unwrap()));
    }
    out
}

/// The CSV split into rows of fields (no field here holds a quoted comma but titles may).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut out = vec![String::new()];
            let mut quoted = false;
            for c in line.chars() {
                match c {
                    '"' => quoted = !quoted,
                    ',' if !quoted => out.push(String::new()),
                    c => out.last_mut().unwrap().push(c),
                }
            }
            out
        })
        .collect()
}

#[test]
fn the_tutor_saves_the_class_results_as_csv_and_pdf_from_the_presenter_view() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // The folder offered at first does not exist: saving there must say so.
    let folder = out.path().join("missing");
    let mut h = harness(data.path(), &folder);
    let (addr, code) = start(&mut h);
    let marks = answer_and_reveal(&mut h, &addr, &code);
    let right = marks.iter().filter(|(_, m)| *m > 0).count();
    let results = h.state().class_results().expect("results").clone();
    assert_eq!(results.answers(), 2);

    // Esc with results not saved asks instead of leaving.
    press(&mut h, Key::Escape);
    assert!(h.state().drill().is_some(), "still in the drill");
    h.get_by_label("The class results are not saved");
    // Esc again goes back to the drill: a stray key never discards.
    press(&mut h, Key::Escape);
    assert!(h.state().drill().is_some());
    assert!(
        h.query_by_label("The class results are not saved")
            .is_none()
    );

    press(&mut h, Key::N);
    h.get_by_label("Save results (CSV)").click();
    h.run();
    h.state_mut().wait_for_export();
    h.run();
    // The message names the file and the problem.
    let csv_name = folder.join("drill-1-class-results.csv");
    h.get_by_label_contains(&format!(
        "Class results not saved: could not write {}: No such file or directory",
        csv_name.display()
    ));
    assert!(h.state().drill().is_some());

    std::fs::create_dir(&folder).unwrap();
    for button in [
        "Save results (CSV)",
        "Save results (PDF)",
        "Save handout with results (PDF)",
    ] {
        h.get_by_label(button).click();
        h.run();
        h.state_mut().wait_for_export();
        h.run();
        h.get_by_label_contains("Class results saved:");
    }
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    let find = |end: &str| {
        files
            .iter()
            .find(|p| p.to_string_lossy().ends_with(end))
            .unwrap_or_else(|| panic!("a file ending {end} in {files:?}"))
    };

    // The CSV says what Ann and Bob answered.
    let csv = std::fs::read_to_string(find("-class-results.csv")).unwrap();
    let rows = csv_rows(&csv);
    let q1 = rows
        .iter()
        .find(|r| r[0] == "question" && r[1] == "1")
        .unwrap();
    assert_eq!(q1[5], "2", "two answered: {q1:?}");
    assert_eq!(q1[6], right.to_string(), "{q1:?}");
    let options: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "option" && r[1] == "1")
        .collect();
    assert_eq!(options[0][5], "1", "Ann chose A: {options:?}");
    assert_eq!(options[1][5], "1", "Bob chose B: {options:?}");
    assert!(options[2..].iter().all(|o| o[5] == "0"), "{options:?}");
    for r in rows.iter().filter(|r| r[0] == "question" && r[1] != "1") {
        assert_eq!(r[5], "0", "only the first question was answered: {r:?}");
    }
    assert!(!csv.contains("Ann") && !csv.contains("Bob"), "no names");

    // The PDF of results: the question, its options and the tables' headings.
    let pdf = pdf_text(find("-class-results.pdf"));
    let drill = h.state().drill().unwrap();
    let first = &drill.items[0];
    assert!(pdf.contains("class results"), "{pdf}");
    assert!(pdf.contains(&normalise(&first.title)), "{pdf}");
    assert!(pdf.contains("By assessment criterion"), "{pdf}");
    assert!(pdf.contains("By marking point"), "{pdf}");
    assert!(pdf.contains(&format!("2 answered, {right} right")), "{pdf}");
    assert!(!pdf.contains("Ann") && !pdf.contains("Bob"), "no names");

    // The handout with the class results: the questions, then the class section.
    let handout = pdf_text(find("-handout-with-results.pdf"));
    assert!(handout.contains(&normalise(&first.situation)), "{handout}");
    let section = handout.find("Class results").expect("a class section");
    assert!(handout[section..].contains("By question"));

    // Saved: Esc leaves at once, and nothing of the class is kept.
    press(&mut h, Key::N);
    press(&mut h, Key::Escape);
    assert!(h.state().drill().is_none(), "saved results: Esc leaves");
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "the server stopped with the drill"
    );
}

#[test]
fn leaving_with_results_not_saved_asks_once_and_discard_leaves() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    let (addr, code) = start(&mut h);
    answer_and_reveal(&mut h, &addr, &code);
    // Closing the window asks too (and the window stays open).
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.state().drill().is_some());
    h.get_by_label("The class results are not saved");
    h.get_by_label("Back to the drill").click();
    h.run();
    assert!(
        h.query_by_label("The class results are not saved")
            .is_none()
    );
    press(&mut h, Key::Escape);
    h.get_by_label("The class results are not saved");
    h.get_by_label("Discard results and leave").click();
    h.run();
    assert!(h.state().drill().is_none(), "discarding leaves the drill");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn without_teams_the_scoreboard_shows_the_learners_totals_fitting_800_by_600() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    let (addr, code) = start(&mut h);
    let marks = answer_and_reveal(&mut h, &addr, &code);
    let (ann, bob) = (marks[0].1, marks[1].1);
    let place = |a: u64, b: u64| if a >= b { 1 } else { 2 };
    let s = |n: u64| if n == 1 { "" } else { "s" };
    for size in [egui::vec2(800.0, 600.0), egui::vec2(1600.0, 1000.0)] {
        h.set_size(size);
        h.run();
        for (name, mine, theirs) in [("Ann", ann, bob), ("Bob", bob, ann)] {
            let label = format!("{}. {name}: {mine} point{}", place(mine, theirs), s(mine));
            let node = h.get_by_label(&label);
            let r = node.rect();
            assert!(
                r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= size.x && r.max.y <= size.y,
                "{label} at {r:?} is outside {size:?}"
            );
        }
    }
    // The names on the projector are the learners' own, as plain text (the server refuses
    // markup in names, so nothing here could be read as HTML).
    assert!(h.query_by_label_contains("<").is_none());
}

#[test]
fn stopping_class_answers_keeps_the_results_until_they_are_saved_or_discarded() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    let (addr, code) = start(&mut h);
    answer_and_reveal(&mut h, &addr, &code);
    press(&mut h, Key::N);
    h.get_by_label("Stop class answers").click();
    h.run();
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "nothing listens once stopped"
    );
    assert_eq!(
        h.state().class_results().map(|r| r.answers()),
        Some(2),
        "the class's totals stay with the drill"
    );
    h.get_by_label("Save results (CSV)");
    press(&mut h, Key::N);
    press(&mut h, Key::Escape);
    assert!(h.state().drill().is_some(), "not saved: asked first");
    h.get_by_label("The class results are not saved");
}
