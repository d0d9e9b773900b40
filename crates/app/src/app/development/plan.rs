//! The development plan: what is due for review, the plan's end date, the entries, and the
//! portfolio export.

use crate::app::development::plan_entry;
use crate::app::development::privacy;
use crate::app::development::self_assessment::save_status;
use crate::app::development::state::{DevState, today};
use crate::content::Pack;
use crate::plan::entry::parse_date;
use crate::plan::export::{Format, long_date};
use crate::plan::{PlanEntry, due_for_review};
use crate::store::development::PlanText;

/// Reviews this many days ahead are listed as coming up.
const DUE_WITHIN_DAYS: i64 = 14;

pub fn show(ui: &mut egui::Ui, dev: &mut DevState, pack: &Pack, store_available: bool) {
    ui.horizontal(|ui| {
        ui.heading("Development plan");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            save_status(ui, dev, store_available);
        });
    });
    crate::app::shell::scroll::page(ui, "development_plan", |ui| {
        names(ui, dev);
        plan_end(ui, dev);
        due(ui, dev);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.heading(format!("Entries ({})", dev.data.entries.len()));
            if ui.button("Add an entry").clicked() {
                dev.add_entries(vec![PlanEntry {
                    status: crate::plan::Status::NotStarted,
                    ..PlanEntry::default()
                }]);
            }
        });
        let counts: Vec<String> = crate::plan::Status::ALL
            .into_iter()
            .filter_map(|st| {
                let n = dev.data.entries.iter().filter(|e| e.status == st).count();
                (n > 0).then(|| format!("{n} {}", st.label().to_lowercase()))
            })
            .collect();
        if !counts.is_empty() {
            ui.label(counts.join(" · "));
        }
        if dev.data.entries.is_empty() {
            ui.label(
                "No entries yet. Complete a self-assessment and press \u{201c}Draft my plan\u{201d} \
                 on its results, or add an entry yourself.",
            );
        }
        for i in 0..dev.data.entries.len() {
            plan_entry::show(ui, dev, pack, i);
        }
        ui.add_space(10.0);
        ui.heading("Export for your portfolio");
        ui.label(
            "The plan as a table of objectives with your name, its dates, a profile chart of your \
             latest self-assessment of each framework and lines to sign, as Markdown or PDF. An \
             existing file is never replaced without asking.",
        );
        privacy::export_folder(ui, dev);
        ui.horizontal(|ui| {
            if ui.button("Export as Markdown").clicked() {
                dev.export(pack, Format::Markdown);
            }
            if ui.button("Export as PDF").clicked() {
                dev.export(pack, Format::Pdf);
            }
        });
        ui.add_space(10.0);
        privacy::show(ui, dev);
    });
}

/// The learner's and supervisor's names, printed on the exported plan with lines to sign.
fn names(ui: &mut egui::Ui, dev: &mut DevState) {
    egui::Grid::new("plan_names").num_columns(2).show(ui, |ui| {
        for (which, label, hint) in [
            (
                PlanText::Learner,
                "Your name",
                "as it should appear on the plan",
            ),
            (
                PlanText::Supervisor,
                "Supervisor or assessor",
                "who signs the plan off with you (optional)",
            ),
        ] {
            let name = ui.label(label).id;
            let value = match which {
                PlanText::Learner => &mut dev.data.learner,
                PlanText::Supervisor => &mut dev.data.supervisor,
            };
            let width = plan_entry::text_width(ui, hint, value).max(200.0);
            let response = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .id_salt(("plan_text", label))
                        .hint_text(hint)
                        .char_limit(120)
                        .desired_width(width.min(ui.available_width() - 8.0)),
                )
                .labelled_by(name);
            if response.changed() {
                let value = value.clone();
                dev.set_plan_text(which, value);
            }
            ui.end_row();
        }
    });
}

fn plan_end(ui: &mut egui::Ui, dev: &mut DevState) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Plan ends on");
        let hint = "YYYY-MM-DD";
        let width = plan_entry::text_width(ui, hint, &dev.plan_end_text);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut dev.plan_end_text)
                    .id_salt("plan_end")
                    .hint_text(hint)
                    .desired_width(width),
            )
            .labelled_by(label.id);
        let text = dev.plan_end_text.trim().to_owned();
        let parsed = if text.is_empty() {
            Ok(None)
        } else {
            parse_date(&text).map(Some)
        };
        match parsed {
            Ok(end) => {
                if response.changed() || response.lost_focus() {
                    dev.set_plan_end(end);
                }
                if let Some(end) = end
                    && end <= today()
                {
                    ui.colored_label(ui.visuals().warn_fg_color, "⚠ that date has passed");
                }
            }
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
    });
}

fn due(ui: &mut egui::Ui, dev: &mut DevState) {
    let due = due_for_review(
        &dev.data.entries,
        &dev.data.reviews,
        today(),
        DUE_WITHIN_DAYS,
    );
    ui.heading("Due for review");
    if due.is_empty() {
        ui.label(format!(
            "Nothing is due in the next {DUE_WITHIN_DAYS} days."
        ));
        return;
    }
    for d in due {
        let Some(entry) = dev.entry(&d.entry_id) else {
            continue;
        };
        let title = plan_entry::title(entry);
        ui.horizontal(|ui| {
            let when = if d.overdue {
                format!("⚠ overdue since {}", long_date(d.date))
            } else {
                format!("due {}", long_date(d.date))
            };
            ui.label(format!("{title} · {when}"));
            if ui.button("Review now").clicked() {
                dev.open_entry = Some(d.entry_id.clone());
                dev.draft_review = Some(plan_entry::new_review(&d.entry_id));
            }
        });
    }
}
