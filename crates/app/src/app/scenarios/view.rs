//! The Scenarios area: choose what to practise (by unit, by criterion or mixed), run a
//! practice session or a timed test, and see the history of scores.

use egui::{Key, RichText};

use crate::app::command::Command;
use crate::app::scenarios::question::{self, ok_color};
use crate::app::scenarios::results;
use crate::app::scenarios::state::{ScenariosState, ScopeKind, Tab};
use crate::app::style;
use crate::content::{CriterionRef, Pack};
use crate::practice::WeakKind;
use crate::practice::{self, Scope};

pub fn show(
    ui: &mut egui::Ui,
    pack: &Pack,
    state: &mut ScenariosState,
    store_available: bool,
    commands: &mut Vec<Command>,
) {
    if state.session.is_some() {
        session(ui, pack, state, commands);
        return;
    }
    crate::app::shell::scroll::page(ui, "scenarios_home", |ui| {
        style::reading_column(ui, |ui| {
            ui.add_space(12.0);
            ui.heading("Scenarios");
            ui.label(
                "Workplace scenarios marked against the examiners' marking points. What you get \
                     wrong comes back first.",
            );
            if !store_available {
                ui.label(
                    RichText::new("Your answers cannot be saved this session.")
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.selectable_value(&mut state.tab, Tab::Practise, "Practise");
                ui.selectable_value(&mut state.tab, Tab::History, "History");
            });
            ui.separator();
            match state.tab {
                Tab::Practise => menu(ui, pack, state),
                Tab::History => results::history(ui, pack, &state.attempts),
            }
        });
    });
}

fn menu(ui: &mut egui::Ui, pack: &Pack, state: &mut ScenariosState) {
    if pack.scenarios.is_empty() {
        ui.label("No scenarios are loaded. Scenario files go in a pack's scenarios/ folder.");
        return;
    }
    let m = &mut state.menu;
    ui.label(RichText::new("What to practise").strong());
    ui.radio_value(
        &mut m.kind,
        ScopeKind::Mixed,
        "Mixed: every unit, weakest first",
    );
    ui.horizontal(|ui| {
        let label = ui.radio_value(&mut m.kind, ScopeKind::Unit, "By unit").id;
        let selected = m
            .unit
            .as_deref()
            .and_then(|id| pack.unit(id))
            .map_or("Choose a unit".to_owned(), |u| u.unit.title.clone());
        egui::ComboBox::from_id_salt("scenario_unit")
            .selected_text(selected)
            .width(combo_width(ui))
            .show_ui(ui, |ui| {
                for u in &pack.units {
                    let n = count(pack, &Scope::Unit(u.unit.id.clone()));
                    if n == 0 {
                        continue;
                    }
                    let label = format!("{} ({n})", u.unit.title);
                    if ui
                        .selectable_label(m.unit.as_deref() == Some(&u.unit.id), label)
                        .clicked()
                    {
                        m.unit = Some(u.unit.id.clone());
                        m.kind = ScopeKind::Unit;
                    }
                }
            })
            .response
            .labelled_by(label);
    });
    ui.horizontal(|ui| {
        let label = ui
            .radio_value(&mut m.kind, ScopeKind::Criterion, "By assessment criterion")
            .id;
        let selected = m
            .criterion
            .as_ref()
            .map_or("Choose a criterion".to_owned(), |c| {
                criterion_label(pack, c)
            });
        egui::ComboBox::from_id_salt("scenario_criterion")
            .selected_text(selected)
            .width(combo_width(ui))
            .show_ui(ui, |ui| {
                for criterion in pack.practised_criteria() {
                    let label = criterion_label(pack, &criterion);
                    let on = m.criterion.as_ref() == Some(&criterion);
                    if ui.selectable_label(on, label).clicked() {
                        m.criterion = Some(criterion);
                        m.kind = ScopeKind::Criterion;
                    }
                }
            })
            .response
            .labelled_by(label);
    });
    let scope = state.scope();
    let available = count(pack, &scope);
    ui.label(RichText::new(format!("{available} scenarios in this selection")).weak());
    ui.add_space(8.0);

    let now = ui.input(|i| i.time);
    let typing = ui.ctx().text_edit_focused();
    let (key_p, key_t) = ui.input_mut(|i| {
        if typing {
            return (false, false);
        }
        (
            i.consume_key(egui::Modifiers::NONE, Key::P),
            i.consume_key(egui::Modifiers::NONE, Key::T),
        )
    });
    let practise = ui
        .add_enabled(available > 0, egui::Button::new("Start practice (P)"))
        .on_hover_text("One question at a time, with feedback after each.");
    if (practise.clicked() || key_p) && available > 0 {
        state.start(pack, scope.clone(), None);
        return;
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let m = &mut state.menu;
        let label = ui.label("Timed test of").id;
        ui.add(egui::DragValue::new(&mut m.test_questions).range(1..=100))
            .labelled_by(label);
        let label = ui.label("questions in").id;
        ui.add(egui::DragValue::new(&mut m.test_minutes).range(1..=180))
            .labelled_by(label);
        ui.label("minutes");
    });
    let test = ui
        .add_enabled(available > 0, egui::Button::new("Start timed test (T)"))
        .on_hover_text("No feedback until the end: results by criterion and marking point.");
    if (test.clicked() || key_t) && available > 0 {
        let n = state.menu.test_questions;
        let ends = now + f64::from(state.menu.test_minutes) * 60.0;
        state.start(pack, scope, Some((n, ends)));
        return;
    }
    weak_spots(ui, pack, state);
}

/// The marking points the learner misses most, so they know what the ordering is based on.
fn weak_spots(ui: &mut egui::Ui, pack: &Pack, state: &ScenariosState) {
    let mut points: Vec<(u32, &str, &str)> = pack
        .units
        .iter()
        .flat_map(|u| u.unit.marking_points.iter())
        .map(|mp| {
            (
                state.weakness.misses(WeakKind::MarkingPoint, &mp.id),
                mp.id.as_str(),
                mp.text.as_str(),
            )
        })
        .filter(|(n, ..)| *n > 0)
        .collect();
    if points.is_empty() {
        return;
    }
    points.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    ui.add_space(12.0);
    ui.label(RichText::new("Marking points you miss most").strong());
    for (n, _, text) in points.into_iter().take(5) {
        ui.label(format!("Missed {n}×: {text}"));
    }
}

/// A drop-down list as wide as its longest choices need, but never past the window's edge.
fn combo_width(ui: &egui::Ui) -> f32 {
    let room = ui.available_width() - ui.spacing().icon_width - 16.0;
    room.clamp(120.0, 420.0)
}

fn count(pack: &Pack, scope: &Scope) -> usize {
    // Only the length is wanted: any generator will do.
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0);
    practice::queue(
        pack,
        scope,
        &practice::Weakness::default(),
        &Default::default(),
        &mut rng,
    )
    .len()
}

/// Every (unit, criterion) that some scenario names, in unit order.
pub fn criterion_label(pack: &Pack, criterion: &CriterionRef) -> String {
    let Some(u) = pack.unit(&criterion.unit) else {
        return format!("{} {}", criterion.unit, criterion.number);
    };
    let number = &criterion.number;
    match (number.is_empty(), pack.criterion_text(criterion)) {
        (true, _) => format!("{} (no criteria listed)", u.unit.title),
        (false, Some(t)) => format!("{number} {t} ({})", u.unit.title),
        (false, None) => format!("{number} ({})", u.unit.title),
    }
}

fn session(
    ui: &mut egui::Ui,
    pack: &Pack,
    state: &mut ScenariosState,
    commands: &mut Vec<Command>,
) {
    let now = ui.input(|i| i.time);
    let Some(s) = &state.session else { return };
    if let Some(ends) = s.ends_at
        && !s.finished
    {
        if now >= ends {
            state.time_up();
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
    }
    // Esc in the answer box only leaves the box (egui's own behaviour), so a half-written answer
    // is not thrown away; a second Esc leaves the session.
    // egui drops the focus on Esc before this runs, so ask whether the box had it last frame.
    let leave = !state.answer_box_focused
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
    let Some(s) = &state.session else { return };
    let where_ = if s.finished {
        "Results".to_owned()
    } else {
        format!("Question {} of {}", s.index + 1, s.queue.len())
    };
    let time_left = s.ends_at.filter(|_| !s.finished).map(|ends| {
        let left = (ends - now).max(0.0) as u64;
        format!("Time left {}:{:02}", left / 60, left % 60)
    });
    let mut close = leave;
    ui.horizontal(|ui| {
        ui.label(RichText::new(where_).strong());
        if let Some(t) = time_left {
            ui.label(t);
        }
        close |= ui.button("Leave (Esc)").clicked();
    });
    if close {
        state.session = None;
    }
    if state.session.is_none() {
        return;
    }
    ui.separator();
    crate::app::shell::scroll::page(ui, "scenario_session", |ui| {
        style::reading_column(ui, |ui| run(ui, pack, state, now, commands));
    });
    state.answer_box_focused = ui.ctx().text_edit_focused();
}

fn run(
    ui: &mut egui::Ui,
    pack: &Pack,
    state: &mut ScenariosState,
    now: f64,
    commands: &mut Vec<Command>,
) {
    let Some(s) = &mut state.session else { return };
    if s.finished {
        if results::results(ui, pack, state, commands) {
            state.retry_missed(pack, now);
        }
        return;
    }
    let Some(found) = s.current().and_then(|id| pack.scenario(id)) else {
        state.next(pack);
        return;
    };
    let scenario = &found.scenario;
    if s.showing_feedback {
        question::header(ui, scenario);
        ui.separator();
        if let Some(answered) = s.answered.last().cloned() {
            let views = |point: &str| state.point_view(&answered.attempt_key, point);
            question::feedback(ui, pack, scenario, &answered, &views, commands);
        }
        ui.add_space(10.0);
        let typing = ui.ctx().text_edit_focused();
        let key = !typing
            && ui.input_mut(|i| {
                i.consume_key(egui::Modifiers::NONE, Key::Enter)
                    || i.consume_key(egui::Modifiers::NONE, Key::N)
            });
        let last = state
            .session
            .as_ref()
            .is_some_and(|s| s.index + 1 >= s.queue.len());
        let label = if last {
            "See results (Enter)"
        } else {
            "Next question (Enter)"
        };
        if ui
            .button(RichText::new(label).color(ok_color(ui)))
            .clicked()
            || key
        {
            state.next(pack);
        }
        return;
    }
    let input = question::question(ui, scenario, &mut s.draft);
    if input.submit
        && let Some(record) = state.submit(pack)
    {
        commands.push(Command::RecordAttempt(Box::new(record)));
    }
}
