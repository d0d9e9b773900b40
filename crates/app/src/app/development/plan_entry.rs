//! One plan entry: every field, the SMART checker letter by letter beside the objective, and
//! its dated reviews with Gibbs' prompts.

use crate::app::development::state::{DevState, new_id, today};
use crate::content::Pack;
use crate::plan::assessment::latest_gap;
use crate::plan::entry::{parse_date, parse_dates, short_name};
use crate::plan::export::long_date;
use crate::plan::smart::{self, Letter};
use crate::plan::{GIBBS_PROMPTS, PlanEntry, Review, Status};

pub fn title(e: &PlanEntry) -> String {
    let need = e.need.trim();
    if need.is_empty() {
        "Untitled entry".to_owned()
    } else {
        need.chars().take(90).collect()
    }
}

pub fn new_review(entry_id: &str) -> Review {
    Review {
        id: new_id(),
        entry_id: entry_id.to_owned(),
        date: today(),
        status: Status::InProgress,
        ..Review::default()
    }
}

/// "ICF 6 Listens Actively" for the entry's competency, if it is loaded.
pub fn competency_label(pack: &Pack, e: &PlanEntry) -> Option<String> {
    let fw = pack.framework(e.framework_id.as_deref()?)?;
    let c = fw.competency(e.competency_id.as_deref()?)?;
    Some(format!("{} {}", short_name(fw), fw.competency_label(c)))
}

pub fn show(ui: &mut egui::Ui, dev: &mut DevState, pack: &Pack, index: usize) {
    let Some(entry) = dev.data.entries.get(index).cloned() else {
        return;
    };
    let open = dev.open_entry.as_deref() == Some(entry.id.as_str());
    let header = format!("{} · {}", title(&entry), entry.status.label());
    let response = egui::CollapsingHeader::new(header)
        .id_salt(("plan_entry", &entry.id))
        .open(Some(open))
        .show(ui, |ui| {
            let mut e = entry.clone();
            fields(ui, dev, pack, &mut e);
            if e != entry {
                dev.data.entries[index] = e;
                dev.save_entry(index);
            }
            reviews(ui, dev, &entry);
            ui.horizontal(|ui| {
                if dev.confirm_delete_entry.as_deref() == Some(entry.id.as_str()) {
                    ui.label("Delete this entry and its reviews?");
                    if ui.button("Yes, delete it").clicked() {
                        dev.confirm_delete_entry = None;
                        dev.delete_entry(&entry.id);
                    }
                    if ui.button("Keep it").clicked() {
                        dev.confirm_delete_entry = None;
                    }
                } else if ui.button("Delete entry…").clicked() {
                    dev.confirm_delete_entry = Some(entry.id.clone());
                }
            });
        });
    if response.header_response.clicked() {
        dev.open_entry = if open { None } else { Some(entry.id.clone()) };
    }
}

fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    hint: &str,
    value: &mut String,
    id: &str,
    rows: usize,
) {
    let name = ui.label(label);
    let edit = if rows > 1 {
        egui::TextEdit::multiline(value).desired_rows(rows)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(
        edit.id_salt((label, id))
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(name.id);
    ui.end_row();
}

fn fields(ui: &mut egui::Ui, dev: &mut DevState, pack: &Pack, e: &mut PlanEntry) {
    let id = e.id.clone();
    egui::Grid::new(("entry_fields", &id))
        .num_columns(2)
        .min_col_width(150.0)
        .show(ui, |ui| {
            text_field(
                ui,
                "Development need",
                "What the self-assessment showed you need",
                &mut e.need,
                &id,
                1,
            );
            let label = ui.label("Linked competency").id;
            competency_picker(ui, pack, e, label);
            ui.end_row();
            text_field(
                ui,
                "SMART objective",
                "What you will do, how much, by when",
                &mut e.objective,
                &id,
                2,
            );
        });
    smart_feedback(ui, dev, pack, e);
    egui::Grid::new(("entry_fields_2", &id))
        .num_columns(2)
        .min_col_width(150.0)
        .show(ui, |ui| {
            text_field(
                ui,
                "Actions",
                "Steps and learning activities",
                &mut e.actions,
                &id,
                2,
            );
            text_field(
                ui,
                "Resources and support",
                "Supervisor, mentor, CPD, reading, cost",
                &mut e.resources,
                &id,
                2,
            );
            text_field(
                ui,
                "Success criteria and evidence",
                "Client feedback, observation, recording review, reflective log, certificate",
                &mut e.success_criteria,
                &id,
                2,
            );
            let label = ui.label("Target date").id;
            let current = e.target_date.map(fmt_date).unwrap_or_default();
            let target = date_field(
                ui,
                dev,
                label,
                &format!("{id}/target"),
                current,
                ONE_DATE,
                |text| {
                    if text.trim().is_empty() {
                        Ok(None)
                    } else {
                        parse_date(text).map(Some)
                    }
                },
            );
            if let Some(d) = target {
                e.target_date = d;
            }
            ui.end_row();
            let label = ui.label("Review dates").id;
            let current = e
                .review_dates
                .iter()
                .map(|d| fmt_date(*d))
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(d) = date_field(
                ui,
                dev,
                label,
                &format!("{id}/reviews"),
                current,
                "YYYY-MM-DD, YYYY-MM-DD",
                parse_dates,
            ) {
                e.review_dates = d;
            }
            ui.end_row();
            let label = ui.label("Status").id;
            egui::ComboBox::from_id_salt(("status", &id))
                .selected_text(e.status.label())
                .show_ui(ui, |ui| {
                    for s in Status::ALL {
                        ui.selectable_value(&mut e.status, s, s.label());
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
            text_field(
                ui,
                "Impact",
                "What changed for you and your clients (reaction, learning, behaviour, results)",
                &mut e.impact,
                &id,
                2,
            );
        });
}

fn fmt_date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

const ONE_DATE: &str = "YYYY-MM-DD";

/// The width a single-line field needs to show all of `hint` (and of `text`, if longer) in the
/// body font, plus room for the cursor: a date's hint is never cut to "YYYY-MM-...".
pub fn text_width(ui: &egui::Ui, hint: &str, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = |s: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
    };
    // The field's frame has the button padding inside it on each side (and a stroke); then
    // room for the cursor.
    width(hint).max(width(text)).ceil() + 2.0 * ui.spacing().button_padding.x + 2.0 + 6.0
}

/// A text field holding a date (or dates). Its text is kept while it does not parse, with the
/// reason shown; the parsed value is returned only when the text changed and parses.
fn date_field<T>(
    ui: &mut egui::Ui,
    dev: &mut DevState,
    label: egui::Id,
    key: &str,
    current: String,
    hint: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let text = dev.date_texts.entry(key.to_owned()).or_insert(current);
    let mut out = None;
    ui.vertical(|ui| {
        let width = text_width(ui, hint, text).min(ui.available_width().max(60.0));
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .id_salt(("date", key))
                    .hint_text(hint)
                    .desired_width(width),
            )
            .labelled_by(label);
        match parse(text) {
            Ok(v) if response.changed() => out = Some(v),
            Ok(_) => {}
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
    });
    out
}

fn competency_picker(ui: &mut egui::Ui, pack: &Pack, e: &mut PlanEntry, label: egui::Id) {
    let selected = competency_label(pack, e).unwrap_or_else(|| match &e.competency_id {
        Some(c) => format!("{c} (not loaded)"),
        None => "Choose a competency".to_owned(),
    });
    egui::ComboBox::from_id_salt(("competency", &e.id))
        .selected_text(selected)
        .width(360.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(e.competency_id.is_none(), "None")
                .clicked()
            {
                e.framework_id = None;
                e.competency_id = None;
            }
            for lf in &pack.frameworks {
                let fw = &lf.framework;
                for c in &fw.competencies {
                    let label = format!("{} {}", short_name(fw), fw.competency_label(c));
                    let is = e.competency_id.as_deref() == Some(c.id.as_str());
                    if ui.selectable_label(is, label).clicked() {
                        e.framework_id = Some(fw.id.clone());
                        e.competency_id = Some(c.id.clone());
                    }
                }
            }
        })
        .response
        .labelled_by(label);
}

fn entry_gap(pack: &Pack, dev: &DevState, e: &PlanEntry) -> Option<f32> {
    let fw = pack.framework(e.framework_id.as_deref()?)?;
    latest_gap(fw, &dev.data.assessments, e.competency_id.as_deref()?)
}

fn smart_feedback(ui: &mut egui::Ui, dev: &DevState, pack: &Pack, e: &PlanEntry) {
    let competency = competency_label(pack, e);
    let report = smart::check(
        &e.objective,
        &smart::Context {
            today: today(),
            plan_end: dev.data.plan_end,
            actions: &e.actions,
            resources: &e.resources,
            competency: competency.as_deref(),
            competency_gap: entry_gap(pack, dev, e),
            target_date: e.target_date,
            lexicon: Some(pack.smart_lexicon()),
        },
    );
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.strong("SMART check");
            for letter in Letter::ALL {
                let v = report.verdict(letter);
                let text = egui::RichText::new(format!(
                    "{} {}",
                    letter.initial(),
                    if v.pass { "✔" } else { "✖" }
                ))
                .color(if v.pass {
                    ui.visuals().text_color()
                } else {
                    ui.visuals().warn_fg_color
                });
                ui.label(text)
                    .on_hover_text(format!("{}: {}", v.name, v.reason));
            }
        });
        for v in &report.letters {
            if v.pass {
                ui.weak(format!("{}: {}", v.name, v.reason));
            } else {
                ui.label(format!(
                    "{}: {}. {}",
                    v.name,
                    v.reason,
                    v.suggestion.as_deref().unwrap_or_default()
                ));
            }
        }
    });
}

fn reviews(ui: &mut egui::Ui, dev: &mut DevState, entry: &PlanEntry) {
    ui.add_space(4.0);
    ui.strong("Reviews");
    let past: Vec<Review> = dev
        .data
        .reviews
        .iter()
        .filter(|r| r.entry_id == entry.id)
        .cloned()
        .collect();
    if past.is_empty() {
        ui.weak("No reviews yet.");
    }
    for r in &past {
        egui::CollapsingHeader::new(format!(
            "Review of {} · status after: {}",
            long_date(r.date),
            r.status.label()
        ))
        .id_salt(("review", &r.id))
        .show(ui, |ui| {
            for ((stage, _), text) in GIBBS_PROMPTS.iter().zip(r.gibbs_fields()) {
                if !text.trim().is_empty() {
                    ui.label(format!("{stage}: {text}"));
                }
            }
        });
    }
    let writing = dev
        .draft_review
        .as_ref()
        .is_some_and(|r| r.entry_id == entry.id);
    if !writing {
        if ui.button("Record a review").clicked() {
            dev.draft_review = Some(new_review(&entry.id));
        }
        return;
    }
    let Some(mut draft) = dev.draft_review.take() else {
        return;
    };
    let mut keep = true;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.strong("New review");
        let key = format!("{}/review-date", draft.id);
        let current = fmt_date(draft.date);
        ui.horizontal(|ui| {
            let label = ui.label("Date").id;
            if let Some(d) = date_field(ui, dev, label, &key, current, ONE_DATE, parse_date) {
                draft.date = d;
            }
        });
        for ((stage, prompt), field) in GIBBS_PROMPTS.iter().zip(draft.gibbs_fields_mut()) {
            let label = ui.label(format!("{stage}: {prompt}"));
            ui.add(
                egui::TextEdit::multiline(field)
                    .id_salt(("gibbs", stage, &entry.id))
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        ui.horizontal(|ui| {
            let label = ui.label("Status after this review").id;
            egui::ComboBox::from_id_salt(("review_status", &entry.id))
                .selected_text(draft.status.label())
                .show_ui(ui, |ui| {
                    for s in Status::ALL {
                        ui.selectable_value(&mut draft.status, s, s.label());
                    }
                })
                .response
                .labelled_by(label);
        });
        let empty = draft.gibbs_fields().iter().all(|t| t.trim().is_empty());
        ui.horizontal(|ui| {
            let save = ui
                .add_enabled(!empty, egui::Button::new("Save review"))
                .on_disabled_hover_text("Write at least what happened");
            if save.clicked() {
                draft.created_at = crate::store::now_seconds();
                dev.save_review(draft.clone());
                keep = false;
            }
            if ui.button("Cancel review").clicked() {
                keep = false;
            }
        });
    });
    if keep {
        dev.draft_review = Some(draft);
    }
}
