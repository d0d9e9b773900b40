//! The Exam readiness page through egui_kittest: opened with Ctrl+4, figures computed off the
//! UI thread, a next-action button that starts the session, and an exam date that is saved.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use rapport::app::Page;
use rapport::practice::{AttemptRecord, PointRecord};
use rapport::store::Store;

use crate::common::harness;

const UNIT: &str = "proqual-l3-mc-relationship";

/// A store with half of the unit's scenarios answered, every other one right.
fn some_answers(dir: &std::path::Path) {
    let pack = rapport::content::load_builtin().pack;
    let now = rapport::store::now_seconds();
    let attempts: Vec<AttemptRecord> = pack
        .scenarios
        .iter()
        .filter(|s| s.scenario.unit == UNIT)
        .take(8)
        .enumerate()
        .map(|(i, s)| AttemptRecord {
            key: format!("a{i}"),
            scenario_id: s.scenario.id.clone(),
            unit_id: UNIT.into(),
            criteria: s.scenario.criteria.clone(),
            test_key: None,
            answered_at: now - 3600 * (i as i64 + 1),
            score: u32::from(i % 2 == 0),
            max_score: 1,
            answer: String::new(),
            points: s
                .scenario
                .marking_points
                .iter()
                .map(|m| PointRecord {
                    point_id: m.clone(),
                    marking_point: m.clone(),
                    marker_earned: i % 2 == 0,
                    learner_earned: None,
                    quote: None,
                })
                .collect(),
            misconceptions: Vec::new(),
        })
        .collect();
    let (mut store, _) = Store::open(dir).unwrap();
    store.record_attempts(&attempts).unwrap();
}

#[test]
fn ctrl_r_opens_readiness_and_a_next_action_starts_the_scenarios() {
    let data = tempfile::tempdir().unwrap();
    some_answers(data.path());
    let mut h = harness(data.path());
    // Tall enough that the buttons below the grid are on screen to be clicked.
    h.set_size(egui::vec2(1280.0, 2400.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.run();
    assert_eq!(h.state().page(), &Page::Readiness);
    h.state_mut().readiness_mut().wait();
    h.run();
    // Units never practised say so; the practised one has a figure in its cell.
    let computed = h.state_mut().readiness_mut().computed.clone().unwrap();
    let unit = computed
        .report
        .units
        .iter()
        .find(|u| u.unit == UNIT)
        .unwrap();
    let figure = unit
        .readiness
        .expect("a figure for the practised unit")
        .round();
    h.get_by_label(&format!("Unit {figure}")).click();
    h.run();
    assert!(
        computed
            .report
            .units
            .iter()
            .any(|u| u.readiness.is_none() && u.confidence_label == "not enough evidence yet")
    );
    h.get_by_label("Marking points, weakest first");
    let label = ["Try a written question", "Practise"]
        .into_iter()
        .find(|l| h.query_all_by_label_contains(l).next().is_some())
        .expect("a next-action button");
    h.query_all_by_label_contains(label).next().unwrap().click();
    h.run();
    assert_eq!(h.state().page(), &Page::Scenarios);
}

#[test]
fn an_exam_date_is_checked_saved_and_planned_for() {
    let data = tempfile::tempdir().unwrap();
    some_answers(data.path());
    {
        let mut h = harness(data.path());
        h.set_size(egui::vec2(1280.0, 2400.0));
        h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
        h.run();
        h.state_mut().readiness_mut().wait();
        h.run();
        let computed = h.state_mut().readiness_mut().computed.clone().unwrap();
        let figure = computed
            .report
            .units
            .iter()
            .find(|u| u.unit == UNIT)
            .and_then(|u| u.readiness)
            .unwrap()
            .round();
        h.get_by_label(&format!("Unit {figure}")).click();
        h.run();
        let field = || egui::accesskit::Role::TextInput;
        h.get_by_role(field()).click();
        h.run();
        h.get_by_role(field()).type_text("2001-01-01");
        h.run();
        h.get_by_label("Set exam date").click();
        h.run();
        h.get_by_label_contains("is in the past");
        let date = chrono::Local::now().date_naive() + chrono::Days::new(20);
        h.get_by_role(field()).focus();
        h.run();
        for _ in 0..12 {
            h.key_press(Key::Backspace);
            h.run();
        }
        h.get_by_role(field()).type_text(&date.to_string());
        h.run();
        h.get_by_label("Set exam date").click();
        h.run();
        h.state_mut().wait_for_saves();
        h.run();
        h.state_mut().readiness_mut().wait();
        h.run();
        h.get_by_label_contains(&format!("Plan to {date}"));
    }
    let (store, _) = Store::open(data.path()).unwrap();
    let dates = store.exam_dates().unwrap();
    assert_eq!(dates.len(), 1, "{dates:?}");
    assert!(dates.contains_key(UNIT));
}

/// Classroom drill > "Weakest criteria" ticks the criteria with the lowest readiness (those with
/// scenarios to drill), and their units, in place of what was ticked.
#[test]
fn weakest_criteria_ticks_the_criteria_readiness_finds_weakest() {
    let data = tempfile::tempdir().unwrap();
    some_answers(data.path());
    let mut h = harness(data.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run();
    assert_eq!(h.state().page(), &Page::ClassroomDrill);
    h.state_mut().readiness_mut().wait();
    h.run();
    let computed = h.state_mut().readiness_mut().computed.clone().unwrap();
    let pack = rapport::content::load_builtin().pack;
    let drillable = |unit: &str, number: &str| {
        pack.scenarios
            .iter()
            .any(|s| s.scenario.unit == unit && s.scenario.criteria.iter().any(|c| c == number))
    };
    let expected = rapport::readiness::weakest::weakest_criteria(
        &computed.report,
        rapport::app::drill::weakest::HOW_MANY,
        drillable,
    );
    assert!(
        !expected.is_empty(),
        "the practised unit has criteria with figures"
    );
    assert!(h.state().drill_setup().criteria.is_empty());
    h.get_by_label("Weakest criteria").click();
    h.run();
    let setup = h.state().drill_setup();
    assert_eq!(setup.criteria, expected);
    assert_eq!(setup.units, vec![UNIT.to_owned()]);
}

/// Steps a few frames: a spinner asks for frames for as long as it is shown.
fn frames(h: &mut crate::common::App, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

/// The app opens before the readiness links and the search index are built (issue 17): until
/// the loading thread sends them, readiness and search say they are still preparing (nothing
/// empty shown as a result), then show their results once the later part is merged in.
#[test]
fn search_and_readiness_say_they_are_preparing_until_the_later_part_arrives() {
    let data = tempfile::tempdir().unwrap();
    some_answers(data.path());
    let mut startup = rapport::app::Startup::prepare(&[], data.path());
    let later = startup.later.take().expect("prepare builds the later part");
    let mut h = crate::common::launch(startup);
    assert!(!h.state().later_ready());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    frames(&mut h, 3);
    assert_eq!(h.state().page(), &Page::Readiness);
    h.get_by_label_contains("Still preparing: linking cards to the criteria");
    assert!(
        !h.state_mut().readiness_mut().busy() && h.state_mut().readiness_mut().computed.is_none(),
        "nothing is worked out without the links"
    );

    h.key_press(Key::Slash);
    frames(&mut h, 3);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("confidentialty absolute");
    frames(&mut h, 3);
    h.get_by_label_contains("Still preparing the search index");
    assert!(h.state().search_hits().is_empty());
    assert!(
        h.query_by_label("no results").is_none(),
        "no empty result shown"
    );

    h.state_mut().receive_later(later);
    frames(&mut h, 3);
    assert!(h.state().later_ready());
    // What was typed while it was preparing is searched as soon as the index is here.
    assert!(!h.state().search_hits().is_empty());
    h.get_by_label_contains("Confidentiality is absolute.");
    assert!(h.query_by_label_contains("Still preparing").is_none());

    h.key_press(Key::Escape);
    frames(&mut h, 3);
    h.state_mut().readiness_mut().wait();
    frames(&mut h, 3);
    let computed = h.state_mut().readiness_mut().computed.clone();
    let computed = computed.expect("the figures are worked out once the links are here");
    assert!(
        computed
            .report
            .units
            .iter()
            .any(|u| u.unit == UNIT && u.readiness.is_some())
    );
    assert!(h.query_by_label_contains("Still preparing").is_none());
}

/// A loading thread that ends without the later part: the pages say so instead of waiting.
#[test]
fn search_and_readiness_say_so_when_the_later_part_failed() {
    let data = tempfile::tempdir().unwrap();
    let mut startup = rapport::app::Startup::prepare(&[], data.path());
    startup.later = None;
    let mut h = crate::common::launch(startup);
    h.state_mut().later_failed();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    frames(&mut h, 3);
    h.get_by_label_contains("Readiness cannot be shown this session");
    h.key_press(Key::Slash);
    frames(&mut h, 3);
    h.get_by_label_contains("Search cannot be used this session");
}
