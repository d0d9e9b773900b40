//! A walk through every main page as a learner and a tutor meet them, calling a visitor on
//! each: the layout test checks each page's bounds; the snapshot crate (crates/snapshots)
//! photographs each page in light and dark.

use std::collections::BTreeSet;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::App;

/// Pages the walk must reach, by the names it gives the visitor.
pub const MAIN_PAGES: [&str; 18] = [
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
];

pub fn click(h: &mut App, label: &str) {
    h.get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no “{label}”"))
        .click();
    h.run();
}

pub fn press(h: &mut App, key: Key) {
    h.key_press(key);
    h.run();
}

pub fn settle(h: &mut App) {
    h.state_mut().wait_for_saves();
    h.run();
}

/// Answers whatever question is showing with the first keys (or a sentence), visiting the
/// question and then its feedback in practice; returns the question's kind label.
fn answer(h: &mut App, visit: &mut dyn FnMut(&mut App, &str), practice: bool) -> Option<String> {
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
        visit(h, &format!("question ({kind})"));
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
        visit(h, &format!("feedback ({kind})"));
        press(h, Key::Enter);
    }
    Some(kind)
}

/// Visits every main page in turn (the visitor may resize the window, but must leave it at
/// 1280x900 for the clicks that follow); returns the question types practice reached.
pub fn every_main_page(h: &mut App, visit: &mut dyn FnMut(&mut App, &str)) -> BTreeSet<String> {
    press(h, Key::F1);
    visit(h, "start here");
    click(h, "Choose a unit");
    visit(h, "units");
    let unit = h
        .get_all_by_role(Role::Button)
        .find(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("Coaching and Mentoring"))
        })
        .map(|b| b.accesskit_node().label().unwrap_or_default().to_owned());
    if let Some(unit) = unit {
        click(h, &unit);
        visit(h, "a unit");
    }

    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text("confidentiality");
    h.run();
    visit(h, "search");
    press(h, Key::Escape);

    click(h, "Flashcards");
    visit(h, "flashcard decks");
    press(h, Key::Enter);
    press(h, Key::Space);
    visit(h, "flashcard study");
    press(h, Key::Escape);
    crate::common::open_statistics(h);
    visit(h, "flashcard statistics");

    click(h, "Scenarios");
    visit(h, "scenarios home");
    // Practice through every scenario of the roles unit: every question type and its feedback.
    h.get_all_by_role(Role::ComboBox).next().unwrap().click();
    h.run();
    h.get_by_label_contains("Roles and Responsibilities in Coaching and Mentoring")
        .click();
    h.run();
    press(h, Key::P);
    let mut kinds = BTreeSet::new();
    for _ in 0..20 {
        match answer(h, visit, true) {
            Some(kind) => {
                kinds.insert(kind);
            }
            None => break,
        }
    }
    visit(h, "practice results");
    press(h, Key::Escape);
    press(h, Key::T);
    while answer(h, visit, false).is_some() {}
    visit(h, "test results");
    press(h, Key::Escape);
    click(h, "History");
    visit(h, "history");

    for framework in ["ICF", "EMCC"] {
        click(h, "Self-assessment");
        if h.query_by_label("Back to self-assessment").is_some() {
            click(h, "Back to self-assessment");
        }
        visit(h, "self-assessment home");
        click(h, &format!("Start a new {framework} self-assessment"));
        settle(h);
        visit(h, &format!("{framework} self-assessment"));
        // One rating, so that the assessment can be marked complete.
        for first_point in ["2 Emerging", "Foundation"] {
            if h.query_all_by_label(first_point).next().is_some() {
                click(h, first_point);
                settle(h);
                break;
            }
        }
        if let Some(b) = h.query_by_label("Mark complete") {
            b.scroll_to_me();
            h.run();
            click(h, "Mark complete");
            settle(h);
            visit(h, &format!("{framework} results"));
        }
    }
    click(h, "Development plan");
    visit(h, "development plan");

    click(h, "Classroom drill");
    visit(h, "drill setup");
    press(h, Key::F5);
    for stage in [
        "scenario",
        "discussion",
        "question",
        "answer",
        "marking points",
    ] {
        visit(h, &format!("projector: {stage}"));
        press(h, Key::PageDown);
    }
    press(h, Key::N);
    visit(h, "presenter view");
    kinds
}
