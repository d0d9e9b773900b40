//! Results of an assessment: the profile chart (current, target, previous), gaps and
//! strengths ranked by size, ratings without evidence, and "Draft my plan".

use crate::app::development::self_assessment::date_of;
use crate::app::development::state::{AssessmentScreen, DevState, today};
use crate::content::Framework;
use crate::plan::export::profile_chart;
use crate::plan::{Assessment, Results, draft_entries, previous_completed, results};

/// How many gaps "Draft my plan" turns into entries.
const DRAFT_COUNT: usize = 3;

fn fmt(v: Option<f32>) -> String {
    v.map_or("–".to_owned(), |v| format!("{v:.1}"))
}

pub fn show(ui: &mut egui::Ui, dev: &mut DevState, fw: &Framework, id: &str) {
    let Some(a) = dev.assessment(id).cloned() else {
        return;
    };
    // Earlier completed assessments of the same framework, newest first, to compare with.
    let mut earlier: Vec<Assessment> = dev
        .data
        .assessments
        .iter()
        .filter(|o| o.id != a.id && o.framework_id == a.framework_id && o.completed_at.is_some())
        .filter(|o| o.completed_at <= a.completed_at.or(Some(i64::MAX)))
        .cloned()
        .collect();
    earlier.sort_by_key(|o| std::cmp::Reverse(o.completed_at));
    let previous = match &dev.compare_with {
        Some(pid) => earlier.iter().find(|o| &o.id == pid),
        None => previous_completed(&dev.data.assessments, &a)
            .and_then(|p| earlier.iter().find(|o| o.id == p.id)),
    };
    let r = results(fw, &a, previous);

    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("Results: {}", fw.name));
        match a.completed_at {
            Some(t) => ui.label(format!("· completed {}", date_of(t))),
            None => ui.label("· in progress"),
        };
    });
    ui.horizontal(|ui| {
        if ui.button("Back to self-assessment").clicked() {
            dev.screen = AssessmentScreen::Overview;
        }
        if a.completed_at.is_none() && ui.button("Continue rating").clicked() {
            dev.screen = AssessmentScreen::Rate(a.id.clone());
        }
        let draft = ui
            .add_enabled(!r.gaps().is_empty(), egui::Button::new("Draft my plan"))
            .on_hover_text(format!(
                "Turns the {DRAFT_COUNT} largest gaps into plan entries linked to their competency"
            ))
            .on_disabled_hover_text("Set targets above your ratings to see gaps to plan for");
        if draft.clicked() {
            let drafts = draft_entries(fw, &a, &r, &dev.data.entries, today(), DRAFT_COUNT);
            if drafts.is_empty() {
                dev.info = Some(
                    "Every gap already has an open plan entry: see the Development plan.".into(),
                );
            } else {
                let n = drafts.len();
                dev.add_entries(drafts);
                dev.info = Some(format!(
                    "{n} plan entr{} drafted from your largest gaps: edit them in the Development plan.",
                    if n == 1 { "y" } else { "ies" }
                ));
                dev.go_to_plan = true;
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Compare with").id;
        let current = previous
            .map(|p| {
                format!(
                    "assessment of {}",
                    date_of(p.completed_at.unwrap_or_default())
                )
            })
            .unwrap_or_else(|| "no earlier assessment".to_owned());
        egui::ComboBox::from_id_salt("compare_with")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for o in &earlier {
                    let label = format!(
                        "assessment of {}",
                        date_of(o.completed_at.unwrap_or_default())
                    );
                    if ui
                        .selectable_label(previous.is_some_and(|p| p.id == o.id), label)
                        .clicked()
                    {
                        dev.compare_with = Some(o.id.clone());
                    }
                }
            })
            .response
            .labelled_by(label);
    });
    if r.unrated > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} behaviours are not rated; competencies are averaged over those that are.",
                r.unrated
            ),
        );
    }

    crate::app::shell::scroll::page(ui, ("assessment_results", &a.id), |ui| {
        chart(ui, fw, &r, previous.is_some());
        ui.add_space(6.0);
        // The competency column gets the width the numbers leave, so that its names wrap at
        // word boundaries instead of being squeezed to a few letters a line.
        let name_w = (ui.available_width() - 6.0 * 62.0).clamp(140.0, 420.0);
        egui::Grid::new("profile_table")
            .striped(true)
            .show(ui, |ui| {
                // The competency last, so that a long name wraps in the width left.
                for h in [
                    "Current",
                    "Target",
                    "Gap",
                    "Previous",
                    "Change",
                    "Competency",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for c in &r.competencies {
                    ui.label(fmt(c.current));
                    ui.label(fmt(c.target));
                    ui.label(fmt(c.gap()));
                    ui.label(fmt(c.previous));
                    ui.label(c.change().map_or("–".into(), |d| format!("{d:+.1}")));
                    // Centred in the row like the numbers beside it.
                    ui.allocate_ui_with_layout(
                        egui::vec2(name_w, ui.spacing().interact_size.y),
                        egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                        |ui| {
                            ui.set_min_width(name_w);
                            ui.add(egui::Label::new(&c.label).wrap());
                        },
                    );
                    ui.end_row();
                }
            });

        ui.add_space(8.0);
        ui.heading("Gaps, largest first");
        let gaps = r.gaps();
        if gaps.is_empty() {
            ui.label("No gaps: set a target above a rating to plan development there.");
        }
        for (i, g) in gaps.iter().enumerate() {
            ui.label(format!(
                "{}. {}: gap {:.1} (now {}, target {})",
                i + 1,
                g.label,
                g.gap().unwrap_or(0.0),
                fmt(g.current),
                fmt(g.target)
            ));
        }
        ui.add_space(6.0);
        ui.heading("Strengths");
        let strengths = r.strengths();
        if strengths.is_empty() {
            ui.label("None at or above target yet.");
        }
        for s in strengths {
            ui.label(format!(
                "{}: {} (target {})",
                s.label,
                fmt(s.current),
                fmt(s.target)
            ));
        }
        ui.add_space(6.0);
        ui.heading("Ratings without evidence");
        if r.unevidenced.is_empty() {
            ui.label("✔ Every rating has an evidence note or an example.");
        }
        for u in &r.unevidenced {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("⚠ {}: {}", u.competency_label, u.behaviour),
            );
        }
    });
}

/// The series' look: filled bars for previous and current, an outline for the target, so that
/// they differ in shape and lightness as well as colour (for colour-blind learners).
fn series_style(name: &str, dark: bool) -> (egui::Color32, bool) {
    match name {
        "Previous" => (egui::Color32::from_gray(if dark { 120 } else { 165 }), true),
        "Target" => (
            if dark {
                egui::Color32::from_rgb(240, 160, 60)
            } else {
                egui::Color32::from_rgb(200, 110, 20)
            },
            false,
        ),
        _ => (
            if dark {
                egui::Color32::from_rgb(90, 160, 230)
            } else {
                egui::Color32::from_rgb(31, 95, 160)
            },
            true,
        ),
    }
}

fn swatch(ui: &mut egui::Ui, colour: egui::Color32, filled: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 10.0), egui::Sense::hover());
    paint_bar(ui.painter(), rect, colour, filled);
}

fn paint_bar(painter: &egui::Painter, rect: egui::Rect, colour: egui::Color32, filled: bool) {
    if filled {
        painter.rect_filled(rect, 1.0, colour);
    } else {
        painter.rect_stroke(
            rect.shrink(0.75),
            1.0,
            egui::Stroke::new(1.5, colour),
            egui::StrokeKind::Inside,
        );
    }
}

/// The profile: a row per competency (every one, rated or not) with its name in full, wrapped
/// beside its bars, so that it reads at any window width. Each row is also one node for screen
/// readers: "6 Listens Actively: current 2.0, target 4.0".
fn chart(ui: &mut egui::Ui, fw: &Framework, r: &Results, with_previous: bool) {
    let chart = profile_chart(fw, r, with_previous);
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.strong("Profile");
        for name in &chart.series {
            let (colour, filled) = series_style(name, dark);
            swatch(ui, colour, filled);
            ui.label(name);
        }
    });
    let width = ui.available_width();
    let label_w = (width * 0.38).clamp(110.0, 300.0);
    let value_w = 30.0;
    let bars_w = (width - label_w - value_w - 2.0 * ui.spacing().item_spacing.x).max(60.0);
    let bar_h = 7.0;
    let gap = 2.0;
    let span = (chart.max - chart.min).max(1.0);
    let grid = ui.visuals().widgets.noninteractive.bg_stroke.color;
    let weak = ui.visuals().weak_text_color();
    for row in &chart.rows {
        ui.horizontal(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(label_w, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(label_w);
                    ui.add(egui::Label::new(&row.label).wrap());
                },
            );
            let bars_h = chart.series.len() as f32 * (bar_h + gap);
            let (rect, response) = ui.allocate_exact_size(
                egui::vec2(
                    bars_w + value_w,
                    bars_h.max(ui.text_style_height(&egui::TextStyle::Body)),
                ),
                egui::Sense::hover(),
            );
            let described = format!("{}: {}", row.label, chart.describe(row));
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &described));
            let painter = ui.painter_at(rect.expand(1.0));
            let x = |v: f32| rect.left() + bars_w * ((v - chart.min) / span).clamp(0.0, 1.0);
            for (v, _) in &chart.ticks {
                painter.vline(x(*v), rect.y_range(), egui::Stroke::new(1.0, grid));
            }
            if row.values.iter().all(Option::is_none) {
                painter.text(
                    rect.left_center() + egui::vec2(4.0, 0.0),
                    egui::Align2::LEFT_CENTER,
                    "not rated",
                    egui::TextStyle::Small.resolve(ui.style()),
                    weak,
                );
            }
            for (k, (name, v)) in chart.series.iter().zip(&row.values).enumerate() {
                let Some(v) = v else { continue };
                let (colour, filled) = series_style(name, dark);
                let top = rect.top() + k as f32 * (bar_h + gap);
                let bar = egui::Rect::from_min_max(
                    egui::pos2(rect.left(), top),
                    egui::pos2(x(*v).max(rect.left() + 1.0), top + bar_h),
                );
                paint_bar(&painter, bar, colour, filled);
                painter.text(
                    egui::pos2(bar.right() + 3.0, bar.center().y),
                    egui::Align2::LEFT_CENTER,
                    format!("{v:.1}"),
                    egui::FontId::proportional(10.0),
                    weak,
                );
            }
            response.on_hover_text(described);
        });
    }
    // The scale under the bars.
    ui.horizontal(|ui| {
        ui.add_space(label_w);
        let (rect, _) =
            ui.allocate_exact_size(egui::vec2(bars_w + value_w, 14.0), egui::Sense::hover());
        let painter = ui.painter_at(rect.expand(4.0));
        for (v, label) in &chart.ticks {
            let x = rect.left() + bars_w * ((v - chart.min) / span).clamp(0.0, 1.0);
            painter.text(
                egui::pos2(x, rect.center().y),
                egui::Align2::CENTER_CENTER,
                label,
                egui::TextStyle::Small.resolve(ui.style()),
                weak,
            );
        }
    });
    // What the numbers mean, e.g. "1 Foundation · 2 Practitioner · …".
    let points: Vec<String> = fw
        .scale
        .points
        .iter()
        .map(|p| {
            let n = p.value.to_string();
            if p.label.starts_with(&n) {
                p.label.clone()
            } else {
                format!("{n} {}", p.label)
            }
        })
        .collect();
    ui.add(
        egui::Label::new(
            egui::RichText::new(format!("{}: {}", fw.scale.name, points.join(" · "))).weak(),
        )
        .wrap(),
    );
}
