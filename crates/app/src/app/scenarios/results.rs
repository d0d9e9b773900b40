//! The end of a session (score by criterion and marking point, a review of every mistake, a
//! retry of the missed ones) and the history of scores over time.

use egui::{Key, RichText};

use crate::app::command::Command;
use crate::app::scenarios::question::{self, ok_color};
use crate::app::scenarios::state::ScenariosState;
use crate::app::scenarios::view::criterion_label;
use crate::content::CriterionRef;
use crate::content::Pack;
use crate::practice::AttemptRecord;
use crate::practice::{self, Tally};

/// Draws the results of the finished session; true when the learner asks to retry the missed.
pub fn results(
    ui: &mut egui::Ui,
    pack: &Pack,
    state: &ScenariosState,
    commands: &mut Vec<Command>,
) -> bool {
    let Some(s) = &state.session else {
        return false;
    };
    let summary = state.session_summary(pack).unwrap_or_default();
    let unanswered = s.queue.len().saturating_sub(s.answered.len());

    ui.heading(if s.test {
        "Test results"
    } else {
        "Practice results"
    });
    ui.label(
        RichText::new(format!(
            "Score {} / {} ({}%)",
            summary.total.earned,
            summary.total.available,
            summary.total.percent()
        ))
        .size(20.0),
    );
    if s.timed_out {
        ui.label(
            RichText::new(format!(
                "Time ran out with {unanswered} question{} not answered; they count as missed.",
                if unanswered == 1 { "" } else { "s" }
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    if s.answered.is_empty() {
        ui.label("No questions were answered.");
    }

    if !summary.by_criterion.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("By assessment criterion").strong());
        ui.label(RichText::new("Marks · score · criterion").weak());
        for (criterion, tally) in &summary.by_criterion {
            tally_row(ui, tally, &criterion_label(pack, criterion));
        }
    }
    if !summary.by_marking_point.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("By marking point (points earned / attempted)").strong());
        ui.label(RichText::new("Marks · score · marking point").weak());
        for (mp, tally) in &summary.by_marking_point {
            tally_row(ui, tally, &marking_point_text(pack, mp));
        }
    }

    let mistakes: Vec<_> = s
        .answered
        .iter()
        .filter(|a| !a.verdict.full_marks())
        .collect();
    ui.add_space(8.0);
    ui.label(RichText::new(format!("Review of mistakes ({})", mistakes.len())).strong());
    if mistakes.is_empty() && unanswered == 0 {
        ui.label(RichText::new("✔ No mistakes.").color(ok_color(ui)));
    }
    for answered in mistakes {
        let Some(found) = pack.scenario(&answered.scenario_id) else {
            continue;
        };
        egui::CollapsingHeader::new(format!(
            "{} ({} / {})",
            found.scenario.title, answered.verdict.score, answered.verdict.max
        ))
        .id_salt(&answered.attempt_key)
        .show(ui, |ui| {
            question::header(ui, &found.scenario);
            ui.separator();
            let views = |point: &str| state.point_view(&answered.attempt_key, point);
            question::feedback(ui, pack, &found.scenario, answered, &views, commands);
        });
    }

    ui.add_space(12.0);
    let missed = s.missed_ids().len();
    let typing = ui.ctx().text_edit_focused();
    let key_r = !typing && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::R));
    let retry = ui.add_enabled(
        missed > 0,
        egui::Button::new(format!("Retry the {missed} missed (R)")),
    );
    (retry.clicked() || key_r) && missed > 0
}

/// One row of a results table: the marks and percentage in fixed columns on the left, then the
/// criterion or marking point wrapping in all the width that is left (a grid would squeeze a
/// long text into a narrow column and break it letter by letter).
fn tally_row(ui: &mut egui::Ui, tally: &Tally, text: &str) {
    ui.horizontal(|ui| {
        let h = ui.spacing().interact_size.y;
        ui.allocate_ui_with_layout(
            egui::vec2(110.0, h),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(110.0);
                tally_cells(ui, tally);
            },
        );
        ui.add(egui::Label::new(text).wrap());
    });
}

fn tally_cells(ui: &mut egui::Ui, tally: &Tally) {
    ui.label(format!("{} / {}", tally.earned, tally.available));
    let text = RichText::new(format!("{}%", tally.percent()));
    ui.label(if tally.percent() >= 70 {
        text.color(ok_color(ui))
    } else {
        text.color(ui.visuals().warn_fg_color)
    });
}

fn marking_point_text(pack: &Pack, id: &str) -> String {
    pack.units
        .iter()
        .flat_map(|u| u.unit.marking_points.iter())
        .find(|m| m.id == id)
        .map_or_else(|| id.to_owned(), |m| m.text.clone())
}

/// Scores over time per unit and per criterion, one row per day.
pub fn history(ui: &mut egui::Ui, pack: &Pack, attempts: &[AttemptRecord]) {
    if attempts.is_empty() {
        ui.label("No attempts yet. Your scores appear here once you have answered a scenario.");
        return;
    }
    let all = practice::summarise(attempts);
    ui.label(format!(
        "{} attempts, {} / {} marks overall ({}%)",
        attempts.len(),
        all.total.earned,
        all.total.available,
        all.total.percent()
    ));
    let rows = practice::history(attempts);
    for u in &pack.units {
        let Some(unit_rows) = rows.get(&u.unit.id) else {
            continue;
        };
        ui.add_space(8.0);
        ui.label(RichText::new(&u.unit.title).strong());
        day_grid(ui, &u.unit.id, unit_rows);
        let prefix = format!("{} ", u.unit.id);
        for (key, crit_rows) in rows.range(prefix.clone()..) {
            let Some(number) = key.strip_prefix(&prefix) else {
                break;
            };
            let criterion = CriterionRef {
                unit: u.unit.id.clone(),
                number: number.to_owned(),
            };
            egui::CollapsingHeader::new(criterion_label(pack, &criterion))
                .id_salt(key)
                .show(ui, |ui| day_grid(ui, key, crit_rows));
        }
    }
}

fn day_grid(ui: &mut egui::Ui, salt: &str, rows: &[practice::HistoryRow]) {
    egui::Grid::new(("history", salt))
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Day").weak());
            ui.label(RichText::new("Attempts").weak());
            ui.label(RichText::new("Marks").weak());
            ui.label(RichText::new("Score").weak());
            ui.end_row();
            for row in rows {
                ui.label(&row.day);
                ui.label(row.attempts.to_string());
                tally_cells(ui, &row.tally);
                ui.end_row();
            }
        });
}
