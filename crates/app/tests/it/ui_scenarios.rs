//! The Scenarios area driven from the keyboard, as a learner would, through egui_kittest.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapport::app::{Page, RapportApp};
use rapport::store::Store;

use crate::common::harness;

/// Answers the current question with whatever the first keys give, and waits for the save.
fn answer_anything(h: &mut Harness<'static, RapportApp>) {
    if h.query_by_label("Write your answer, then press Ctrl+Enter to submit.")
        .is_some()
    {
        h.get_by_role(egui::accesskit::Role::MultilineTextInput)
            .type_text("I would choose coaching because the need is short term. We would agree a contract and keep it confidential in a private room.");
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        h.run();
    } else {
        for key in [Key::Num1, Key::Num2, Key::Num3, Key::Num4] {
            press(h, key);
        }
        press(h, Key::Enter);
    }
    h.state_mut().wait_for_saves();
    h.run();
}

fn open_scenarios(h: &mut Harness<'static, RapportApp>) {
    h.get_by_label("Scenarios").click();
    h.run();
    assert_eq!(h.state().page(), &Page::Scenarios);
}

fn press(h: &mut Harness<'static, RapportApp>, key: Key) {
    h.key_press(key);
    h.run();
}

/// Picks "By unit" and the employment-related services roles unit from the menu.
fn choose_roles_unit(h: &mut Harness<'static, RapportApp>) {
    h.get_all_by_role(egui::accesskit::Role::ComboBox)
        .next()
        .expect("the unit list")
        .click();
    h.run();
    h.get_by_label_contains("Roles and Responsibilities in Coaching and Mentoring")
        .click();
    h.run();
}

#[test]
fn a_practice_session_runs_from_the_keyboard_and_is_saved() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    open_scenarios(&mut h);
    choose_roles_unit(&mut h);
    h.get_by_label_contains("scenarios in this selection");
    press(&mut h, Key::P);
    h.get_by_label_contains("Question 1 of");

    // Answer every question of the unit with the first choices or picks, whatever they are:
    // the point is that each type can be answered from the keyboard and is saved.
    let mut answered = 0;
    while h.query_by_label("Practice results").is_none() && answered < 40 {
        answer_anything(&mut h);
        h.get_by_label_contains("Saved");
        answered += 1;
        press(&mut h, Key::Enter);
    }
    assert!(answered >= 5, "answered {answered}");
    h.get_by_label("Practice results");
    h.get_by_label_contains("Score ");
    assert_eq!(h.state().scenarios_attempts().len(), answered);
    drop(h);

    let (store, _) = Store::open(data.path()).unwrap();
    assert_eq!(store.attempts().unwrap().len(), answered);
}

#[test]
fn a_wrong_choice_shows_the_misconception_and_its_point_becomes_a_weak_spot() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    open_scenarios(&mut h);
    choose_roles_unit(&mut h);
    press(&mut h, Key::P);
    for _ in 0..12 {
        if h.query_by_label("A new warehouse job: coach or mentor?")
            .is_some()
        {
            break;
        }
        answer_anything(&mut h);
        press(&mut h, Key::Enter);
    }
    h.get_by_label("A new warehouse job: coach or mentor?");
    // Options are shown in a fresh order each attempt: choose the one that treats job coaching
    // as non-directive coaching by its text.
    let pack = rapport::content::load_builtin().pack;
    let rapport::content::Question::SingleBest(rapport::content::questions::SingleBest { options }) =
        &pack
            .scenario("ers-coaching-mentoring-roles/sc/job-coach-or-mentor")
            .unwrap()
            .scenario
            .question
    else {
        panic!("a single-best question")
    };
    let wrong = options
        .iter()
        .find(|o| {
            o.misconception.as_deref()
                == Some("ers-coaching-mentoring-roles/mis/job-coaching-is-non-directive")
        })
        .expect("the option with that misconception");
    h.get_by_label_contains(&wrong.text).click();
    h.run();
    press(&mut h, Key::Enter);
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("⚠ What your answer shows");
    h.get_by_label_contains("Misconception:");
    // The choice is marked wrong by a symbol as well as a colour, and said to be the learner's;
    // the right option is marked too.
    let chosen = h.get_by_label_contains(&wrong.text);
    let label = chosen.value().unwrap_or_default();
    assert!(label.starts_with("✖ "), "{label}");
    h.get_by_label("Wrong · your choice");
    h.get_by_label("Right answer · you did not choose it");
    drop(h);
    let (store, _) = Store::open(data.path()).unwrap();
    let weak = store.weak_spots().unwrap();
    assert!(
        weak.iter()
            .any(|w| w.kind == rapport::practice::WeakKind::Misconception
                && w.item_id == "ers-coaching-mentoring-roles/mis/job-coaching-is-non-directive"),
        "{weak:?}"
    );
    assert!(
        weak.iter()
            .any(|w| w.kind == rapport::practice::WeakKind::MarkingPoint),
        "{weak:?}"
    );
}

#[test]
fn a_timed_test_gives_results_by_criterion_and_point_and_retries_the_missed() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    open_scenarios(&mut h);
    choose_roles_unit(&mut h);
    press(&mut h, Key::T);
    h.get_by_label_contains("Time left");
    let mut answered = 0;
    while h.query_by_label("Test results").is_none() && answered < 20 {
        assert!(
            h.query_by_label_contains("What your answer shows")
                .is_none(),
            "no feedback during a test"
        );
        answer_anything(&mut h);
        answered += 1;
    }
    assert_eq!(answered, 10, "the default test length");
    assert_eq!(h.state().scenarios_attempts().len(), 10);
    h.get_by_label("By marking point (points earned / attempted)");
    let review = h.get_by_label_contains("Review of mistakes (");
    let text = format!("{review:?}");
    let mistakes: usize = text
        .split("Review of mistakes (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("the count of mistakes");
    assert!(mistakes > 0, "answering blindly gets some wrong");
    press(&mut h, Key::R);
    h.get_by_label(&format!("Question 1 of {mistakes}"));
}

#[test]
fn a_disputed_point_is_stored_beside_the_markers_view_and_history_shows_the_attempt() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    open_scenarios(&mut h);
    choose_roles_unit(&mut h);
    press(&mut h, Key::P);
    let mut found = false;
    for _ in 0..12 {
        if h.query_by_label("Write your answer, then press Ctrl+Enter to submit.")
            .is_some()
        {
            found = true;
            break;
        }
        answer_anything(&mut h);
        press(&mut h, Key::Enter);
    }
    assert!(found, "the unit has a written question");
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("Something unrelated to the question.");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("Model answer");
    let dispute = h.get_all_by_label("Dispute: I earned this").next().unwrap();
    dispute.scroll_to_me();
    h.run();
    h.get_all_by_label("Dispute: I earned this")
        .next()
        .unwrap()
        .click();
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("Your view: earned; the marker's: missed.");

    press(&mut h, Key::Escape);
    h.get_by_label("History").click();
    h.run();
    h.get_by_label_contains("attempts,");
    drop(h);

    let (store, _) = Store::open(data.path()).unwrap();
    let attempts = store.attempts().unwrap();
    let disputed: Vec<_> = attempts
        .iter()
        .flat_map(|a| a.points.iter())
        .filter(|p| p.learner_earned.is_some())
        .collect();
    assert_eq!(disputed.len(), 1);
    assert!(!disputed[0].marker_earned);
    assert_eq!(disputed[0].learner_earned, Some(true));
}

#[test]
fn escape_in_the_answer_box_keeps_the_draft_and_a_second_escape_leaves() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    open_scenarios(&mut h);
    choose_roles_unit(&mut h);
    press(&mut h, Key::P);
    for _ in 0..12 {
        if h.query_by_label("Write your answer, then press Ctrl+Enter to submit.")
            .is_some()
        {
            break;
        }
        answer_anything(&mut h);
        press(&mut h, Key::Enter);
    }
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("Half an answer");
    h.run();
    press(&mut h, Key::Escape);
    h.get_by_label("Write your answer, then press Ctrl+Enter to submit.");
    h.get_by_label("3 words");
    press(&mut h, Key::Escape);
    h.get_by_label("Start practice (P)");
}
