//! The self-assessment area: pick a framework, rate every behaviour on its scale with evidence,
//! an example and a target, and see completed assessments by date.

use chrono::DateTime;

use crate::app::development::assessment_results;
use crate::app::development::privacy;
use crate::app::development::state::{AssessmentScreen, DevState, RateRow};
use crate::content::{Competency, Framework, Pack};
use crate::plan::Assessment;

pub fn date_of(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%-d %B %Y, %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "unknown date".to_owned())
}

/// "Saving…" until every queued save has come back from the store.
pub fn save_status(ui: &mut egui::Ui, dev: &DevState, store_available: bool) {
    if !store_available {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "Not saved: no data file this session",
        );
    } else if dev.is_saving() {
        ui.label("Saving…");
    } else {
        ui.label("✔ All changes saved");
    }
    // Shown in the header row, whose height never changes, so that an export's message does
    // not push the page down under the mouse.
    if let Some(info) = &dev.info {
        ui.add(egui::Label::new(info.as_str()).truncate())
            .on_hover_text(info.as_str());
    }
}

pub fn show(ui: &mut egui::Ui, dev: &mut DevState, pack: &Pack, store_available: bool) {
    ui.horizontal(|ui| {
        ui.heading("Self-assessment");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            save_status(ui, dev, store_available);
        });
    });
    match dev.screen.clone() {
        AssessmentScreen::Overview => overview(ui, dev, pack),
        AssessmentScreen::Rate(id) => match rate_target(dev, pack, &id) {
            Some(fw) => rate(ui, dev, &fw, &id),
            None => missing(ui, dev),
        },
        AssessmentScreen::Results(id) => match rate_target(dev, pack, &id) {
            Some(fw) => assessment_results::show(ui, dev, &fw, &id),
            None => missing(ui, dev),
        },
    }
}

fn rate_target(dev: &DevState, pack: &Pack, id: &str) -> Option<Framework> {
    let a = dev.assessment(id)?;
    pack.framework(&a.framework_id).cloned()
}

fn missing(ui: &mut egui::Ui, dev: &mut DevState) {
    ui.label(
        "This assessment's framework is not loaded (was it in a content folder that is not \
         open now?). Your ratings are kept.",
    );
    if ui.button("Back to self-assessment").clicked() {
        dev.screen = AssessmentScreen::Overview;
    }
}

fn overview(ui: &mut egui::Ui, dev: &mut DevState, pack: &Pack) {
    ui.label(
        "Rate yourself against a competency framework. Rate what you do now, give the evidence \
         and an example from practice, and set a target: the gaps become your development plan.",
    );
    ui.add_space(8.0);
    crate::app::shell::scroll::page(ui, "assessment_overview", |ui| {
        if pack.frameworks.is_empty() {
            ui.label(
                "No competency framework is loaded. Add one in a content folder's frameworks/.",
            );
        }
        for lf in &pack.frameworks {
            let fw = &lf.framework;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.strong(&fw.name);
                ui.label(format!(
                    "{} · {} competencies · {} behaviours · scale: {}",
                    fw.model_version,
                    fw.competencies.len(),
                    fw.behaviours().count(),
                    fw.scale.name
                ));
                if let Some(d) = &fw.description {
                    ui.label(d);
                }
                let label = match dev.in_progress(&fw.id) {
                    Some(a) => format!(
                        "Continue the {} assessment started {}",
                        short(fw),
                        date_of(a.started_at)
                    ),
                    None => format!("Start a new {} self-assessment", short(fw)),
                };
                if ui.button(label).clicked() {
                    dev.start_assessment(fw);
                }
            });
            ui.add_space(6.0);
        }

        let mut completed: Vec<&Assessment> = dev
            .data
            .assessments
            .iter()
            .filter(|a| a.completed_at.is_some())
            .collect();
        completed.sort_by_key(|a| std::cmp::Reverse(a.completed_at));
        ui.add_space(8.0);
        ui.heading("Completed assessments");
        if completed.is_empty() {
            ui.label("None yet. Mark an assessment complete to keep it dated for comparison.");
        }
        let mut open = None;
        for a in completed {
            let name = pack
                .framework(&a.framework_id)
                .map_or(a.framework_id.as_str(), |f| f.name.as_str());
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{name} · completed {}",
                    date_of(a.completed_at.unwrap_or_default())
                ));
                if ui.button("View results").clicked() {
                    open = Some(a.id.clone());
                }
            });
        }
        if let Some(id) = open {
            dev.compare_with = None;
            dev.screen = AssessmentScreen::Results(id);
        }
        ui.add_space(12.0);
        privacy::show(ui, dev);
    });
}

fn short(fw: &Framework) -> &str {
    crate::plan::entry::short_name(fw)
}

fn rate(ui: &mut egui::Ui, dev: &mut DevState, fw: &Framework, id: &str) {
    let Some(a) = dev.assessment(id).cloned() else {
        return;
    };
    let total = fw.behaviours().count();
    let rated = a.rated_count(fw);
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("{} ({})", fw.name, a.framework_version));
        ui.label(format!(
            "· {rated} of {total} behaviours rated · started {}",
            date_of(a.started_at)
        ));
    });
    let keys = keyboard(ui, dev, fw, &a);
    ui.label(
        "Your answers are saved as you go: leave and come back at any time. Tab moves between \
         fields; Space or Enter picks the focused rating.",
    );
    ui.label(
        egui::RichText::new(format!(
            "Keys: {} rate the highlighted row and move to the next · Up and Down arrows move · 0 clears",
            digit_range(fw)
        ))
        .strong(),
    );
    ui.horizontal(|ui| {
        if ui.button("Back to self-assessment").clicked() {
            dev.screen = AssessmentScreen::Overview;
        }
        if ui.button("See results so far").clicked() {
            dev.screen = AssessmentScreen::Results(id.to_owned());
        }
        let complete = ui.add_enabled(rated > 0, egui::Button::new("Mark complete"));
        let complete = if rated < total {
            complete.on_hover_text(format!(
                "{} behaviours are not rated yet; they will show as not rated",
                total - rated
            ))
        } else {
            complete
        };
        if complete.clicked() {
            dev.complete_assessment(id);
        }
    });
    ui.separator();
    let a = dev.assessment(id).cloned().unwrap_or(a);
    crate::app::shell::scroll::page(ui, ("assessment_rating", id), |ui| {
        // Inside the scrolling part, so that on a small window it scrolls away and leaves the
        // rows room.
        egui::CollapsingHeader::new(format!("What the {} means", fw.scale.name))
            .default_open(rated == 0)
            .show(ui, |ui| {
                for p in &fw.scale.points {
                    ui.label(format!("{}: {}", p.label, p.descriptor));
                }
            });
        for c in &fw.competencies {
            competency(ui, dev, fw, c, &a, keys);
        }
    });
    dev.rate_scroll = false;
}

/// "1–5" for a five-point scale.
fn digit_range(fw: &Framework) -> String {
    format!("1–{}", fw.scale.points.len().min(9))
}

/// Every row that takes a rating, in reading order: each behaviour's "I work at", then its
/// "Target".
fn rows(fw: &Framework) -> Vec<RateRow> {
    fw.behaviours()
        .flat_map(|(_, b)| {
            [
                RateRow {
                    behaviour: b.id.clone(),
                    target: false,
                },
                RateRow {
                    behaviour: b.id.clone(),
                    target: true,
                },
            ]
        })
        .collect()
}

/// Where the keyboard starts: the first row without a rating.
fn first_open_row(fw: &Framework, a: &Assessment) -> Option<RateRow> {
    let all = rows(fw);
    all.iter()
        .find(|r| {
            let rating = a.rating(&r.behaviour);
            if r.target {
                rating.and_then(|x| x.target).is_none()
            } else {
                rating.and_then(|x| x.value).is_none()
            }
        })
        .or(all.first())
        .cloned()
}

/// The number keys: a digit rates the highlighted row at that point of the scale and moves to
/// the next row, ↑ and ↓ move, 0 (or Delete) clears. Nothing happens while a text field has the
/// keyboard, so evidence can say "3 sessions". Returns whether the keys are live this frame.
fn keyboard(ui: &mut egui::Ui, dev: &mut DevState, fw: &Framework, a: &Assessment) -> bool {
    let all = rows(fw);
    let at = dev
        .rate_cursor
        .as_ref()
        .and_then(|c| all.iter().position(|r| r == c));
    if at.is_none() {
        dev.rate_cursor = first_open_row(fw, a);
    }
    let at = at.unwrap_or_else(|| {
        dev.rate_cursor
            .as_ref()
            .and_then(|c| all.iter().position(|r| r == c))
            .unwrap_or(0)
    });
    let ctx = ui.ctx().clone();
    if ctx.egui_wants_keyboard_input() || ctx.any_popup_open() || all.is_empty() {
        return false;
    }
    const DIGITS: [egui::Key; 9] = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ];
    let none = egui::Modifiers::NONE;
    let (digit, clear, down, up) = ui.input_mut(|i| {
        let digit = DIGITS
            .iter()
            .take(fw.scale.points.len())
            .position(|k| i.consume_key(none, *k));
        let clear = i.consume_key(none, egui::Key::Num0) || i.consume_key(none, egui::Key::Delete);
        let down = i.consume_key(none, egui::Key::ArrowDown);
        let up = i.consume_key(none, egui::Key::ArrowUp);
        (digit, clear, down, up)
    });
    let row = &all[at];
    if digit.is_some() || clear {
        let mut r = a.rating(&row.behaviour).cloned().unwrap_or_default();
        let value = digit.and_then(|d| fw.scale.points.get(d)).map(|p| p.value);
        if row.target {
            r.target = value;
        } else {
            r.value = value;
        }
        dev.set_rating(&a.id, &row.behaviour, r);
    }
    let next = if digit.is_some() || down {
        (at + 1).min(all.len() - 1)
    } else if up {
        at.saturating_sub(1)
    } else {
        at
    };
    if next != at || digit.is_some() || clear {
        dev.rate_cursor = Some(all[next].clone());
        dev.rate_scroll = true;
    }
    true
}

fn competency(
    ui: &mut egui::Ui,
    dev: &mut DevState,
    fw: &Framework,
    c: &Competency,
    a: &Assessment,
    keys: bool,
) {
    let rated = c
        .behaviours
        .iter()
        .filter(|b| a.rating(&b.id).is_some_and(|r| r.value.is_some()))
        .count();
    let group = c
        .group
        .as_deref()
        .and_then(|g| fw.group(g))
        .map(|g| format!("{}. {} · ", g.number, g.name))
        .unwrap_or_default();
    // A collapsing header's title does not wrap: the group goes on its own line above, so
    // that a long title does not widen the page past a narrow window.
    let title = format!(
        "{} · {rated} of {} rated",
        fw.competency_label(c),
        c.behaviours.len()
    );
    if !group.is_empty() {
        ui.weak(group.trim_end_matches(" · "));
    }
    egui::CollapsingHeader::new(title)
        .id_salt(("competency", &c.id))
        .default_open(true)
        .show(ui, |ui| {
            if let Some(s) = &c.summary {
                ui.weak(s);
            }
            if !c.level_descriptors.is_empty() {
                egui::CollapsingHeader::new("What each level looks like here")
                    .id_salt(("levels", &c.id))
                    .show(ui, |ui| {
                        for (p, d) in fw.scale.points.iter().zip(&c.level_descriptors) {
                            ui.label(format!("{}: {d}", p.label));
                        }
                    });
            }
            for b in &c.behaviours {
                let mut r = a.rating(&b.id).cloned().unwrap_or_default();
                let before = r.clone();
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(egui::RichText::new(&b.text).strong());
                    for (label, target) in [("I work at", false), ("Target", true)] {
                        let value = if target { &mut r.target } else { &mut r.value };
                        let before = *value;
                        let salt = if target { "target" } else { "now" };
                        let rect = scale_row(ui, fw, c, label, value, &b.id, salt);
                        let row = RateRow {
                            behaviour: b.id.clone(),
                            target,
                        };
                        if *value != before {
                            // Clicked: the keys carry on from the next row.
                            let all = rows(fw);
                            let at = all.iter().position(|x| *x == row).unwrap_or(0);
                            dev.rate_cursor = all.get(at + 1).or(all.get(at)).cloned();
                        } else if dev.rate_cursor.as_ref() == Some(&row) {
                            // Painted over the row: the highlight never moves anything.
                            let stroke_colour = if keys {
                                ui.visuals().selection.stroke.color
                            } else {
                                ui.visuals().weak_text_color()
                            };
                            ui.painter().rect_stroke(
                                rect.expand(2.0),
                                4.0,
                                egui::Stroke::new(2.0, stroke_colour),
                                egui::StrokeKind::Outside,
                            );
                            if dev.rate_scroll {
                                ui.scroll_to_rect(rect, Some(egui::Align::Center));
                            }
                        }
                    }
                    // Below both rows, so that choosing a rating never moves the row under
                    // the mouse.
                    if let Some(d) = r.value.and_then(|v| fw.descriptor(c, v)) {
                        ui.weak(d);
                    }
                    ui.horizontal(|ui| {
                        let label = ui.label("Evidence").id;
                        ui.add(
                            egui::TextEdit::singleline(&mut r.evidence)
                                .id_salt(("evidence", &b.id))
                                .hint_text("e.g. supervisor's note, client feedback, recording 3")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label);
                    });
                    ui.horizontal(|ui| {
                        let label = ui.label("Example").id;
                        ui.add(
                            egui::TextEdit::multiline(&mut r.example)
                                .id_salt(("example", &b.id))
                                .hint_text("A moment from practice where you did (or missed) this")
                                .desired_rows(2)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label);
                    });
                    if r.value.is_some() && !r.has_evidence() {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            "⚠ No evidence yet: what shows you work at this level?",
                        );
                    }
                });
                if r != before {
                    dev.set_rating(&a.id, &b.id, r);
                }
            }
        });
}

/// A row of selectable scale points; clicking the chosen one again clears it. Returns the
/// row's rectangle.
fn scale_row(
    ui: &mut egui::Ui,
    fw: &Framework,
    competency: &Competency,
    label: &str,
    value: &mut Option<u8>,
    behaviour_id: &str,
    salt: &str,
) -> egui::Rect {
    ui.horizontal_wrapped(|ui| {
        ui.label(label);
        for p in &fw.scale.points {
            let selected = *value == Some(p.value);
            let response = ui
                .push_id((behaviour_id, salt, p.value), |ui| {
                    ui.selectable_label(selected, &p.label)
                })
                .inner
                .on_hover_text(fw.descriptor(competency, p.value).unwrap_or_default());
            if response.clicked() {
                *value = if selected { None } else { Some(p.value) };
            }
        }
    })
    .response
    .rect
}
