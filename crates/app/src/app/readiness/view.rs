//! The readiness page: a grid of units by criteria coloured by readiness (the number is always
//! written in the cell, for learners who cannot tell the colours apart), then the selected unit
//! or criterion: its parts, its exam date and daily plan, and its weakest marking points first,
//! each with a button that starts what to do next.

use egui::{Color32, RichText};

use super::state::{ReadinessState, Selection};
use crate::app::command::{Command, ReadinessCommand};
use crate::app::startup::Pending;
use crate::app::style;
use crate::readiness::plan::DailyPlan;
use crate::readiness::{Confidence, Parts, PointReadiness, UnitReadiness};

/// The keyboard shortcut that opens the page, as shown.
pub const SHORTCUT: &str = "Ctrl+4";

/// Cell fill for a readiness figure; `None` (not enough evidence) is grey. Dark text is used on
/// every fill, in both themes.
pub fn fill(readiness: Option<f64>) -> Color32 {
    match readiness {
        None => Color32::from_rgb(170, 170, 170),
        Some(r) if r < 40.0 => Color32::from_rgb(231, 111, 100),
        Some(r) if r < 60.0 => Color32::from_rgb(240, 168, 88),
        Some(r) if r < 80.0 => Color32::from_rgb(236, 214, 104),
        Some(_) => Color32::from_rgb(120, 196, 128),
    }
}

pub fn figure(readiness: Option<f64>) -> String {
    match readiness {
        Some(r) => format!("{:.0}", r.round()),
        None => "–".to_owned(),
    }
}

fn cell(
    ui: &mut egui::Ui,
    text: String,
    readiness: Option<f64>,
    selected: bool,
    width: f32,
) -> bool {
    let mut button = egui::Button::new(RichText::new(text).color(Color32::BLACK))
        .fill(fill(readiness))
        .min_size(egui::vec2(width, 26.0));
    if selected {
        button = button.stroke(egui::Stroke::new(2.5, ui.visuals().strong_text_color()));
    }
    ui.add(button).clicked()
}

pub fn show(
    ui: &mut egui::Ui,
    state: &mut ReadinessState,
    store_available: bool,
    commands: &mut Vec<Command>,
) {
    crate::app::shell::scroll::page(ui, "readiness_page", |ui| {
        style::reading_column(ui, |ui| {
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                ui.heading("Exam readiness");
                ui.label(RichText::new(format!("({SHORTCUT})")).weak());
            });
            ui.label(
                "How ready you are for each unit's exam, from 0 to 100: the share of marks \
                     you would get on a practice test now, from your recent scenario marks and \
                     how well you recall the cards linked to each marking point.",
            );
            match &state.links {
                Pending::Preparing => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(
                            "Still preparing: linking cards to the criteria (this happens \
                             once, just after Rapport opens)…",
                        );
                    });
                    return;
                }
                Pending::Failed => {
                    ui.label(
                        "Readiness cannot be shown this session: linking cards to the \
                         criteria stopped with an internal error. Start Rapport from a \
                         terminal to see it.",
                    );
                    return;
                }
                Pending::Ready(_) => {}
            }
            let Some(computed) = state.computed.clone() else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Working out your readiness…");
                });
                return;
            };
            legend(ui);
            grid(ui, &computed.report.units, &mut state.selection);
            ui.separator();
            let unit = state
                .selection
                .unit
                .as_ref()
                .and_then(|id| computed.report.units.iter().find(|u| &u.unit == id))
                .or_else(|| weakest_unit(&computed.report.units));
            let Some(unit) = unit else {
                ui.label("No units are loaded.");
                return;
            };
            details(
                ui,
                state,
                unit,
                computed.plans.get(&unit.unit),
                computed.today,
                store_available,
                commands,
            );
        });
    });
}

fn legend(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        for (label, r) in [
            ("under 40", Some(20.0)),
            ("40–59", Some(50.0)),
            ("60–79", Some(70.0)),
            ("80 or more", Some(90.0)),
            ("– not enough evidence yet", None),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, fill(r));
            ui.label(RichText::new(label).small());
        }
    });
}

/// The unit shown when none is selected: the weakest with a figure, else the first.
fn weakest_unit(units: &[UnitReadiness]) -> Option<&UnitReadiness> {
    units
        .iter()
        .filter(|u| u.readiness.is_some())
        .min_by(|a, b| a.estimate.total_cmp(&b.estimate))
        .or(units.first())
}

/// The height of one line of cells in the grid.
const LINE_HEIGHT: f32 = 34.0;
/// Grid rows shown before the grid scrolls.
const LINES_SHOWN: f32 = 8.0;

/// The width of a cell holding `text` (at least 64 points).
fn cell_width(ui: &egui::Ui, text: &str) -> f32 {
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Button,
    );
    (galley.size().x + 2.0 * ui.spacing().button_padding.x).max(64.0)
}

/// How the grid is laid out at this width: every criterion cell is as wide as the widest, so a
/// row's height (its criteria wrap onto as many lines as they need) is known before it is drawn.
struct GridLayout {
    title_width: f32,
    cell: f32,
    per_line: usize,
    /// The top of each row, and the whole height, from the grid's top.
    tops: Vec<f32>,
}

impl GridLayout {
    fn new(ui: &egui::Ui, units: &[UnitReadiness]) -> GridLayout {
        let spacing = ui.spacing().item_spacing;
        let width = ui.available_width() - ui.spacing().scroll.bar_width - 4.0;
        let title_width = (width * 0.35).clamp(120.0, 300.0);
        let unit_cell = cell_width(ui, "Unit 100");
        let widest = units
            .iter()
            .flat_map(|u| &u.criteria)
            .map(|c| c.number.as_str())
            .max_by_key(|n| n.chars().count())
            .unwrap_or("1.1");
        let cell = cell_width(ui, &format!("{widest}: 100"));
        let room = width - title_width - unit_cell - 2.0 * spacing.x;
        let per_line = (((room + spacing.x) / (cell + spacing.x)).floor() as usize).max(1);
        let mut tops = Vec::with_capacity(units.len() + 1);
        let mut top = 0.0;
        for u in units {
            tops.push(top);
            top += LINE_HEIGHT * u.criteria.len().div_ceil(per_line).max(1) as f32;
        }
        tops.push(top);
        GridLayout {
            title_width,
            cell,
            per_line,
            tops,
        }
    }
}

fn grid(ui: &mut egui::Ui, units: &[UnitReadiness], selection: &mut Selection) {
    ui.add_space(4.0);
    let layout = GridLayout::new(ui, units);
    let total = layout.tops.last().copied().unwrap_or(0.0);
    // Only the rows in view are laid out, so a centre's hundred units cost no more than ten.
    egui::ScrollArea::vertical()
        .id_salt("readiness_grid")
        .max_height(LINE_HEIGHT * LINES_SHOWN)
        .auto_shrink([false, true])
        .show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let first = layout.tops[1..].partition_point(|&bottom| bottom <= viewport.min.y);
            let last = layout.tops[..units.len()].partition_point(|&top| top < viewport.max.y);
            let origin = ui.max_rect().min;
            for (i, u) in units.iter().enumerate().take(last).skip(first) {
                let rect = egui::Rect::from_min_max(
                    origin + egui::vec2(0.0, layout.tops[i]),
                    egui::pos2(ui.max_rect().right(), origin.y + layout.tops[i + 1]),
                );
                ui.scope_builder(
                    egui::UiBuilder::new()
                        .max_rect(rect)
                        .id_salt(("readiness_row", &u.unit)),
                    |ui| row(ui, u, &layout, selection),
                );
            }
        });
}

/// One unit: its title, its own cell, and its criteria wrapped onto as many lines as they need.
fn row(ui: &mut egui::Ui, u: &UnitReadiness, layout: &GridLayout, selection: &mut Selection) {
    ui.horizontal_top(|ui| {
        let title = egui::Label::new(RichText::new(&u.title).strong())
            .truncate()
            .sense(egui::Sense::click());
        let clicked_title = ui
            .allocate_ui_with_layout(
                egui::vec2(layout.title_width, LINE_HEIGHT - 8.0),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.set_min_width(layout.title_width);
                    ui.add(title).on_hover_text(&u.title).clicked()
                },
            )
            .inner;
        let unit_selected =
            selection.unit.as_ref() == Some(&u.unit) && selection.criterion.is_none();
        let unit_text = format!("Unit {}", figure(u.readiness));
        if cell(ui, unit_text, u.readiness, unit_selected, 64.0) || clicked_title {
            *selection = Selection {
                unit: Some(u.unit.clone()),
                criterion: None,
            };
        }
        ui.vertical(|ui| {
            if u.criteria.is_empty() {
                ui.label(RichText::new("no criteria listed").weak().small());
            }
            for line in u.criteria.chunks(layout.per_line) {
                ui.horizontal(|ui| {
                    ui.set_height(LINE_HEIGHT - ui.spacing().item_spacing.y);
                    for c in line {
                        let selected = selection.unit.as_ref() == Some(&u.unit)
                            && selection.criterion.as_ref() == Some(&c.number);
                        let text = format!("{}: {}", c.number, figure(c.readiness));
                        if cell(ui, text, c.readiness, selected, layout.cell) {
                            *selection = Selection {
                                unit: Some(u.unit.clone()),
                                criterion: Some(c.number.clone()),
                            };
                        }
                    }
                });
            }
        });
    });
}

fn confidence_text(c: Confidence) -> RichText {
    let text = RichText::new(c.label()).small();
    if c == Confidence::NotEnoughEvidence {
        text.italics()
    } else {
        text.weak()
    }
}

fn parts_line(parts: &Parts) -> String {
    let pct = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{:.0}%", v.round()));
    let mut out = format!(
        "Scenario marks {} ({:.1} recent answers) · card recall now {} ({} of {} cards studied)",
        pct(parts.scenario_marks),
        parts.answers,
        pct(parts.recall_now),
        parts.cards_studied,
        parts.cards,
    );
    if let Some(e) = parts.recall_on_exam
        && parts.recall_now.is_some()
    {
        out.push_str(&format!(", on the exam date {:.0}%", e.round()));
    }
    out
}

fn details(
    ui: &mut egui::Ui,
    state: &mut ReadinessState,
    unit: &UnitReadiness,
    plan: Option<&DailyPlan>,
    today: i64,
    store_available: bool,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new(&unit.title).text_style(style::subheading()));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Readiness {}", figure(unit.readiness))).strong());
        ui.label(confidence_text(unit.confidence));
        if unit.exam_date.is_some() && unit.on_exam.is_some() {
            ui.label(format!(
                "· forecast on the exam date without more study: {}",
                figure(unit.on_exam)
            ));
        }
    });
    ui.label(RichText::new(parts_line(&unit.parts)).small());
    ui.label(
        RichText::new(format!(
            "{:.0}% of the marks practised at least once",
            unit.parts.coverage.round()
        ))
        .small(),
    );
    exam_date(ui, state, unit, plan, today, store_available, commands);
    ui.add_space(6.0);
    let criterion = state
        .selection
        .criterion
        .as_ref()
        .filter(|_| state.selection.unit.as_ref() == Some(&unit.unit))
        .and_then(|n| unit.criteria.iter().find(|c| &c.number == n));
    let points: Vec<&PointReadiness> = match criterion {
        Some(c) => {
            ui.label(
                RichText::new(format!("Criterion {}: {}", c.number, c.text))
                    .text_style(style::subheading()),
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("Readiness {}", figure(c.readiness))).strong());
                ui.label(confidence_text(c.confidence));
                if let Some(next) = &c.next
                    && ui.button(next.label()).clicked()
                {
                    commands.push(Command::Readiness(ReadinessCommand::Act(next.clone())));
                }
            });
            ui.label(RichText::new(parts_line(&c.parts)).small());
            c.points
                .iter()
                .filter_map(|id| unit.points.iter().find(|p| &p.id == id))
                .collect()
        }
        None => unit.points.iter().collect(),
    };
    ui.add_space(6.0);
    ui.label(RichText::new("Marking points, weakest first").text_style(style::subheading()));
    if points.is_empty() {
        ui.label("No marking point is practised here.");
    }
    for p in points {
        point_row(ui, p, commands);
    }
}

fn point_row(ui: &mut egui::Ui, p: &PointReadiness, commands: &mut Vec<Command>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(44.0, 26.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 3.0, fill(p.readiness));
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                figure(p.readiness),
                egui::TextStyle::Button.resolve(ui.style()),
                Color32::BLACK,
            );
            ui.vertical(|ui| {
                ui.label(&p.text);
                ui.horizontal_wrapped(|ui| {
                    ui.label(confidence_text(p.confidence));
                    if !p.criteria.is_empty() {
                        ui.label(
                            RichText::new(format!("criteria {}", p.criteria.join(", ")))
                                .small()
                                .weak(),
                        );
                    }
                });
                ui.label(RichText::new(parts_line(&p.parts)).small());
                if !p.parts.open_misconceptions.is_empty() {
                    ui.label(
                        RichText::new(format!(
                            "{} misconception{} shown and not since corrected",
                            p.parts.open_misconceptions.len(),
                            if p.parts.open_misconceptions.len() == 1 {
                                ""
                            } else {
                                "s"
                            }
                        ))
                        .small()
                        .color(ui.visuals().warn_fg_color),
                    );
                }
                match &p.next {
                    Some(next) => {
                        if ui.button(next.label()).clicked() {
                            commands.push(Command::Readiness(ReadinessCommand::Act(next.clone())));
                        }
                    }
                    None => {
                        ui.label(RichText::new("Ready: keep it fresh with your reviews.").small());
                    }
                }
            });
        });
    });
}

#[allow(clippy::too_many_arguments)]
fn exam_date(
    ui: &mut egui::Ui,
    state: &mut ReadinessState,
    unit: &UnitReadiness,
    plan: Option<&DailyPlan>,
    today: i64,
    store_available: bool,
    commands: &mut Vec<Command>,
) {
    ui.add_space(6.0);
    let saved = state.exam_dates.get(&unit.unit).map(|d| d.to_string());
    let saving = state.saving.contains(&unit.unit);
    ui.horizontal_wrapped(|ui| {
        ui.label("Exam date (YYYY-MM-DD):");
        let draft = state
            .date_drafts
            .entry(unit.unit.clone())
            .or_insert_with(|| saved.clone().unwrap_or_default());
        let edit = ui.add(
            egui::TextEdit::singleline(draft)
                .desired_width(150.0)
                .hint_text("e.g. 2027-06-14"),
        );
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let text = draft.clone();
        let set = ui
            .add_enabled(
                store_available && !saving,
                egui::Button::new("Set exam date"),
            )
            .clicked();
        if (set || enter)
            && let Some(request) = state.exam_date_request(&unit.unit, &text, today)
        {
            if let crate::store::worker::Request::SetExamDate { date, .. } = request {
                commands.push(Command::Readiness(ReadinessCommand::SetExamDate {
                    unit: unit.unit.clone(),
                    date,
                }));
                state.saving.push(unit.unit.clone());
            }
        }
        if saved.is_some()
            && ui
                .add_enabled(store_available && !saving, egui::Button::new("Clear"))
                .clicked()
        {
            commands.push(Command::Readiness(ReadinessCommand::SetExamDate {
                unit: unit.unit.clone(),
                date: None,
            }));
            state.saving.push(unit.unit.clone());
        }
        if saving {
            ui.label(RichText::new("Saving…").small());
        }
    });
    if let Some((u, e)) = &state.date_error
        && u == &unit.unit
    {
        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
    }
    let Some(plan) = plan else {
        ui.label(
            RichText::new("Set an exam date for a daily plan and a forecast on the day.")
                .small()
                .weak(),
        );
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!(
                "Plan to {} ({} day{} left)",
                plan.exam_date,
                plan.days_left,
                if plan.days_left == 1 { "" } else { "s" }
            ))
            .strong(),
        );
        ui.label(format!(
            "Each day: {} card{} (today {} done) and {} scenario{} (today {} done).",
            plan.cards_per_day,
            if plan.cards_per_day == 1 { "" } else { "s" },
            plan.cards_today,
            plan.scenarios_per_day,
            if plan.scenarios_per_day == 1 { "" } else { "s" },
            plan.scenarios_today,
        ));
        ui.label(
            RichText::new(format!(
                "{} reviews due and {} new cards before the exam; {} weak or untried marking \
                 points to practise twice each. Forecast on the day without more study: {}.",
                plan.reviews_due,
                plan.new_cards,
                plan.weak_points,
                figure(plan.forecast)
            ))
            .small(),
        );
        for w in &plan.warnings {
            ui.label(RichText::new(format!("⚠ {w}")).color(ui.visuals().warn_fg_color));
        }
    });
}
