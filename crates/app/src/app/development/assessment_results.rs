//! Results of an assessment: the profile chart (current, target, previous), gaps and
//! strengths ranked by size, ratings without evidence, and "Draft my plan".

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::app::development::self_assessment::date_of;
use crate::app::development::state::{AssessmentScreen, DevState, today};
use crate::content::Framework;
use crate::plan::{Assessment, CompetencyResult, draft_entries, previous_completed, results};

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
    if let Some(info) = &dev.info {
        ui.label(info);
    }
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

    egui::ScrollArea::vertical().show(ui, |ui| {
        chart(ui, fw, &r.competencies, previous.is_some());
        ui.add_space(6.0);
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
                    ui.add(egui::Label::new(&c.label).wrap());
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

fn chart(ui: &mut egui::Ui, fw: &Framework, rows: &[CompetencyResult], with_previous: bool) {
    let bars = |pick: &dyn Fn(&CompetencyResult) -> Option<f32>, offset: f64| -> Vec<Bar> {
        rows.iter()
            .enumerate()
            .filter_map(|(i, c)| {
                pick(c).map(|v| {
                    Bar::new(i as f64 + offset, v as f64)
                        .width(0.25)
                        .name(&c.label)
                })
            })
            .collect()
    };
    let current = BarChart::new("Current", bars(&|c| c.current, 0.0))
        .color(egui::Color32::from_rgb(60, 130, 200));
    let target = BarChart::new("Target", bars(&|c| c.target, 0.27))
        .color(egui::Color32::from_rgb(230, 150, 40));
    let previous =
        BarChart::new("Previous", bars(&|c| c.previous, -0.27)).color(egui::Color32::GRAY);
    let numbers: Vec<String> = fw.competencies.iter().map(|c| c.number.clone()).collect();
    Plot::new("competency_profile")
        .legend(Legend::default())
        .height(240.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(fw.max_value() as f64)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                numbers.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            if with_previous {
                plot.bar_chart(previous);
            }
            plot.bar_chart(current);
            plot.bar_chart(target);
        });
}
