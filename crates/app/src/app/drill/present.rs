//! The drill on the projector: large high-contrast type that grows with the window, every
//! action on a key, and the presenter view for the tutor in a window of its own.
//!
//! Nothing of the learner's own data (progress, notices, navigation) is drawn here.

use crate::app::scenarios::question::NUMBER_KEYS;
use egui::{Color32, Key, Modifiers, RichText};

use crate::drill::{Drill, Place, Position, Stage, TimerView};

const BACKGROUND: Color32 = Color32::BLACK;
const TEXT: Color32 = Color32::WHITE;
const ACCENT: Color32 = Color32::from_rgb(255, 215, 0);
const GOOD: Color32 = Color32::from_rgb(140, 245, 140);
const WARN: Color32 = Color32::from_rgb(255, 110, 110);
const QUIET: Color32 = Color32::from_rgb(200, 200, 200);

pub const KEYS: &str = "Space / Page Down next · Page Up back · R reveal · P pause · B blank · \
                        1-9 point to team (Shift takes back) · N presenter view · Esc leave";

/// What the presentation asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Leave,
}

pub struct Presentation {
    pub drill: Drill,
    pub presenter_open: bool,
}

/// Applies the drill's keys pressed in the viewport of `ctx`.
fn handle_keys(ctx: &egui::Context, p: &mut Presentation) -> Outcome {
    let now = ctx.input(|i| i.time);
    let mut outcome = Outcome::Stay;
    ctx.input_mut(|i| {
        let mut pressed = |key: Key| i.consume_key(Modifiers::NONE, key);
        if pressed(Key::Escape) {
            outcome = Outcome::Leave;
            return;
        }
        if pressed(Key::Space) | pressed(Key::ArrowRight) | pressed(Key::PageDown) {
            p.drill.next(now);
        }
        if pressed(Key::ArrowLeft) | pressed(Key::PageUp) {
            p.drill.previous(now);
        }
        if pressed(Key::R) {
            p.drill.reveal(now);
        }
        if pressed(Key::P) {
            p.drill.toggle_pause(now);
        }
        if pressed(Key::B) {
            p.drill.toggle_blank();
        }
        if pressed(Key::N) {
            p.presenter_open = !p.presenter_open;
        }
        for (team, key) in NUMBER_KEYS.into_iter().enumerate() {
            if i.consume_key(Modifiers::SHIFT, key) {
                p.drill.award(team, -1);
            }
            if i.consume_key(Modifiers::NONE, key) {
                p.drill.award(team, 1);
            }
        }
    });
    outcome
}

/// Type size for the window: large enough to read from the back of a room on a projector,
/// never so large that a scenario does not fit.
fn base_size(ui: &egui::Ui) -> f32 {
    let r = ui.max_rect();
    (r.height() / 22.0).min(r.width() / 38.0).clamp(14.0, 72.0)
}

pub fn show(ui: &mut egui::Ui, p: &mut Presentation) -> Outcome {
    let ctx = ui.ctx().clone();
    let outcome = handle_keys(&ctx, p);
    let now = ctx.input(|i| i.time);
    let timer = p.drill.timer(now);
    if timer.is_some_and(|t| !t.paused && !t.over) {
        ctx.request_repaint_after(std::time::Duration::from_millis(200));
    }

    egui::CentralPanel::default()
        .frame(egui::Frame::NONE.fill(BACKGROUND))
        .show(ui, |ui| {
            if p.drill.is_blank() {
                // A blank screen shows nothing at all; any key brings the picture back.
                ui.allocate_space(ui.available_size());
                return;
            }
            let s = base_size(ui);
            let margin = s * 1.2;
            egui::Frame::NONE
                .inner_margin(egui::Margin::same(margin as i8))
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing.y = s * 0.45;
                    header(ui, &p.drill, timer, s);
                    let footer_height =
                        s * 0.6 * 1.6 * if p.drill.teams().is_empty() { 1.0 } else { 2.0 } + s;
                    let body_height = (ui.available_height() - footer_height).max(s * 4.0);
                    egui::ScrollArea::vertical()
                        .max_height(body_height)
                        .auto_shrink([false, true])
                        .show(ui, |ui| body(ui, &p.drill, timer, s));
                    ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                        ui.label(RichText::new(KEYS).size(s * 0.45).color(QUIET));
                        if !p.drill.teams().is_empty() {
                            scoreboard(ui, &p.drill, s * 0.6);
                        }
                    });
                });
        });

    if p.presenter_open {
        presenter_view(&ctx, p, now);
    }
    outcome
}

fn header(ui: &mut egui::Ui, drill: &Drill, timer: Option<TimerView>, s: f32) {
    ui.horizontal(|ui| {
        let stage = drill.stage().map_or("", Stage::label);
        let progress = if stage.is_empty() {
            drill.progress_label()
        } else {
            format!("{} · {stage}", drill.progress_label())
        };
        ui.label(RichText::new(progress).size(s * 0.6).color(QUIET));
        if let Some(t) = timer {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (colour, note) = if t.over {
                    (WARN, "Time's up")
                } else if t.paused {
                    (QUIET, "Paused (P)")
                } else if t.warning {
                    (WARN, "Final seconds")
                } else {
                    (ACCENT, "Discuss")
                };
                ui.label(
                    RichText::new(t.clock())
                        .size(s * 1.6)
                        .strong()
                        .color(colour),
                );
                ui.label(RichText::new(note).size(s * 0.7).color(colour));
            });
        }
    });
}

fn text(ui: &mut egui::Ui, t: &str, size: f32, colour: Color32) {
    ui.add(egui::Label::new(RichText::new(t).size(size).color(colour)).wrap());
}

fn body(ui: &mut egui::Ui, drill: &Drill, timer: Option<TimerView>, s: f32) {
    let Some((_, it, stage)) = drill.current() else {
        ranking(ui, &drill.ranking(), s);
        return;
    };
    match stage {
        Stage::Scenario | Stage::Discussion => {
            text(ui, &it.title, s * 1.25, ACCENT);
            text(ui, &it.situation, s, TEXT);
            if stage == Stage::Discussion
                && let Some(t) = timer
            {
                let line = if t.over {
                    "Time's up: press Space for the question.".to_owned()
                } else {
                    "Discuss in your groups.".to_owned()
                };
                text(ui, &line, s * 0.8, if t.over { WARN } else { QUIET });
            }
        }
        Stage::Question => {
            text(ui, &it.situation, s * 0.8, QUIET);
            text(ui, &it.prompt, s * 1.05, ACCENT);
            for o in &it.options {
                text(ui, o, s * 0.9, TEXT);
            }
        }
        Stage::Answer | Stage::MarkingPoint(_) | Stage::Misconceptions => {
            text(ui, &it.prompt, s * 0.8, QUIET);
            text(ui, "Answer", s * 1.05, ACCENT);
            for a in &it.answer {
                text(ui, a, s * 0.9, GOOD);
            }
            if stage == Stage::Answer
                && let Some(e) = &it.explanation
            {
                text(ui, e, s * 0.8, TEXT);
            }
            if let Stage::MarkingPoint(n) = stage {
                text(ui, "Marking points", s * 1.05, ACCENT);
                for mp in it.marking_points.iter().take(n + 1) {
                    text(ui, &format!("- {mp}"), s * 0.85, TEXT);
                }
            }
            if stage == Stage::Misconceptions {
                text(ui, "Misconceptions it catches", s * 1.05, ACCENT);
                for m in &it.misconceptions {
                    let line = match &m.trigger {
                        Some(t) => format!("{t}: {}", m.text),
                        None => m.text.clone(),
                    };
                    text(ui, &line, s * 0.85, WARN);
                    if let Some(c) = &m.correction {
                        text(ui, &format!("Instead: {c}"), s * 0.8, GOOD);
                    }
                }
            }
        }
    }
}

fn scoreboard(ui: &mut egui::Ui, drill: &Drill, size: f32) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = size;
        for (i, (team, points)) in drill.teams().iter().zip(drill.points()).enumerate() {
            ui.label(
                RichText::new(format!("[{}] {team}: {points}", i + 1))
                    .size(size)
                    .color(TEXT),
            );
        }
    });
}

fn ranking(ui: &mut egui::Ui, places: &[Place], s: f32) {
    text(ui, "Final ranking", s * 1.4, ACCENT);
    if places.is_empty() {
        text(ui, "That is the end of the drill. Esc leaves.", s, TEXT);
        return;
    }
    for p in places {
        let colour = if p.place == 1 { ACCENT } else { TEXT };
        text(
            ui,
            &format!(
                "{}. {}: {} point{}",
                p.place,
                p.team,
                p.points,
                if p.points == 1 { "" } else { "s" }
            ),
            s * 1.1,
            colour,
        );
    }
}

/// The tutor's window: the answer, marking points and notes for what the class sees now.
fn presenter_view(ctx: &egui::Context, p: &mut Presentation, now: f64) {
    let id = egui::ViewportId::from_hash_of("rapport-drill-presenter");
    let builder = crate::window_icon::identify(
        egui::ViewportBuilder::default()
            .with_title("Rapport: presenter view")
            .with_inner_size([720.0, 560.0]),
    );
    ctx.show_viewport_immediate(id, builder, |ui, class| {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) {
            p.presenter_open = false;
            return;
        }
        // The tutor may have this window focused: the same keys work here.
        if class != egui::ViewportClass::EmbeddedWindow && handle_keys(&ctx, p) == Outcome::Leave {
            p.presenter_open = false;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| presenter_notes(ui, &p.drill, now));
        });
    });
}

fn presenter_notes(ui: &mut egui::Ui, drill: &Drill, now: f64) {
    ui.heading("Presenter view");
    let stage = drill.stage().map_or("", Stage::label);
    ui.label(format!("{} · {stage}", drill.progress_label()));
    if let Some(t) = drill.timer(now) {
        ui.label(format!(
            "Countdown {}{}",
            t.clock(),
            if t.paused { " (paused)" } else { "" }
        ));
    }
    if drill.is_blank() {
        ui.label("The screen is blank (B brings it back).");
    }
    let Some((_, it, _)) = drill.current() else {
        ui.label("The class sees the final ranking.");
        return;
    };
    ui.label(RichText::new(&it.title).strong());
    ui.label(&it.prompt);
    ui.separator();
    ui.label(RichText::new("Answer").strong());
    for a in &it.answer {
        ui.label(a);
    }
    if let Some(e) = &it.explanation {
        ui.label(e);
    }
    if !it.marking_points.is_empty() {
        ui.label(RichText::new("Marking points").strong());
        for mp in &it.marking_points {
            ui.label(format!("- {mp}"));
        }
    }
    if !it.misconceptions.is_empty() {
        ui.label(RichText::new("Misconceptions it catches").strong());
        for m in &it.misconceptions {
            ui.label(match &m.trigger {
                Some(t) => format!("- {t}: {}", m.text),
                None => format!("- {}", m.text),
            });
        }
    }
    if !it.notes.is_empty() {
        ui.label(RichText::new("Notes").strong());
        for n in &it.notes {
            ui.label(format!("- {n}"));
        }
    }
    if let Position::At { item, .. } = drill.position()
        && let Some(next) = drill.items.get(item + 1)
    {
        ui.separator();
        ui.weak(format!("Next scenario: {}", next.title));
    }
}
