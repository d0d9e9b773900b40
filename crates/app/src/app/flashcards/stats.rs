//! The flashcards area's other tabs: statistics (with egui_plot) and the optimiser, the
//! scheduling settings, and Anki export and CSV/TSV import.

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

use crate::app::command::{Command, FlashCommand};
use crate::app::flashcards::state::FlashcardsState;
use crate::app::shell::path_field::{Pick, path_field};
use crate::flashcards::count;
use crate::flashcards::stats::MIN_TRAINING_ITEMS;

fn push(commands: &mut Vec<Command>, c: FlashCommand) {
    commands.push(Command::Flashcards(c));
}

fn percent(x: Option<f64>) -> String {
    x.map_or("–".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

pub fn statistics(ui: &mut egui::Ui, state: &mut FlashcardsState, commands: &mut Vec<Command>) {
    // Recomputed only after something changed (a grade saved), not every frame, from the
    // review log read on the store thread for them (not kept after).
    if state.stats_stale() {
        history_loading(ui, state, commands);
    }
    let Some(stats) = &state.stats else { return };
    ui.heading("Today");
    let minutes = stats.today.time_ms as f64 / 60_000.0;
    ui.label(format!(
        "{} reviewed in {minutes:.1} minutes; pressed Again on {} ({}).",
        count(stats.today.reviewed, "card"),
        stats.today.again,
        percent(stats.today.again_rate())
    ));
    ui.label(format!(
        "True retention over the last 30 days (review cards not forgotten): {} of {} ({}). \
         Your desired retention is {:.0}%.",
        stats.true_retention.0,
        stats.true_retention.1,
        percent(stats.true_retention_rate()),
        state.scheduler.settings.desired_retention * 100.0
    ));
    let s = &stats.states;
    ui.label(format!(
        "Cards: {} new, {} learning, {} review, {} suspended.",
        s.new, s.learning, s.review, s.suspended
    ));

    ui.add_space(8.0);
    ui.heading("Due in the next 30 days");
    let bars: Vec<Bar> = stats
        .forecast
        .iter()
        .enumerate()
        .map(|(day, n)| Bar::new(day as f64, *n as f64).width(0.8))
        .collect();
    Plot::new("flash_forecast")
        .height(160.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        // An empty forecast shows 0 and 1 rather than -10 to 10.
        .include_y(1.0)
        .x_axis_label("days from today")
        .y_axis_label("cards due")
        .show(ui, |plot| plot.bar_chart(BarChart::new("due", bars)));

    ui.add_space(8.0);
    ui.heading("Reviews over the last year");
    heatmap(ui, stats, &state.clock());

    ui.add_space(8.0);
    ui.heading("Mastery");
    ui.label("Mean predicted chance of recalling each card now (never-studied cards count as 0).");
    mastery_table(ui, "flash_mastery_units", "Unit", &stats.mastery_units);
    ui.add_space(4.0);
    egui::CollapsingHeader::new("By topic")
        .id_salt("flash_mastery_topics_header")
        .show(ui, |ui| {
            mastery_table(ui, "flash_mastery_topics", "Topic", &stats.mastery_topics)
        });

    ui.add_space(8.0);
    ui.heading("Optimise the scheduler for you");
    let items = stats.training_items;
    if items < MIN_TRAINING_ITEMS {
        ui.label(format!(
            "FSRS fits its parameters to your own memory once you have {MIN_TRAINING_ITEMS} \
             reviews made a day or more after the previous one. You have {items} so far."
        ));
    } else if let Some(busy) = state.busy {
        ui.label(busy);
    } else if ui
        .button(format!("Optimise from {items} reviews"))
        .clicked()
    {
        push(commands, FlashCommand::Optimise);
    }
    if let Some(o) = &state.optimised {
        ui.label(format!(
            "Fitted to {} reviews. Predicted recall on them: {:.1}% with your current \
             parameters, {:.1}% with the new ones; you actually recalled {:.1}%. Log loss \
             {:.4} before, {:.4} after; RMSE {:.2}% before, {:.2}% after (lower fits better).",
            o.items,
            o.predicted_before * 100.0,
            o.predicted_after * 100.0,
            o.actual * 100.0,
            o.log_loss_before,
            o.log_loss_after,
            o.rmse_before * 100.0,
            o.rmse_after * 100.0,
        ));
        if !o.improved {
            ui.label(
                "The new fit is not better than your current parameters, so they are kept \
                 (as Anki does).",
            );
        } else if let Some((done, total)) = state.recompute_progress() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32).text(format!(
                    "Updating memory states: {done} of {}",
                    count(total, "card")
                )),
            );
        } else if ui.button("Use the new parameters").clicked() {
            push(commands, FlashCommand::UseParameters(o.parameters.clone()));
        }
    }
    for line in &state.status {
        ui.label(line);
    }
}

/// The line shown while the review log is read for the statistics (the figures of before, if
/// any, stay below it until the new ones are ready), or why it could not be read.
fn history_loading(ui: &mut egui::Ui, state: &FlashcardsState, commands: &mut Vec<Command>) {
    if let Some(why) = &state.log.failed {
        ui.label(
            RichText::new(format!("Your review history could not be read: {why}"))
                .color(ui.visuals().error_fg_color),
        );
        if ui.button("Try again").clicked() {
            push(commands, FlashCommand::ReadHistory);
        }
        return;
    }
    if !state.log.wanted.stats {
        push(commands, FlashCommand::ReadHistory);
    }
    ui.horizontal(|ui| {
        ui.add(egui::Spinner::new());
        ui.label(format!(
            "Reading your review history ({})…",
            count(state.log.len(), "review")
        ));
    });
    ui.add_space(8.0);
}

/// Mastery bar and card count first, the unit or topic last: a long name then wraps in the width
/// left instead of pushing the bars off the window.
fn mastery_table(ui: &mut egui::Ui, id: &str, what: &str, rows: &[(String, f64, usize)]) {
    // The column count tells the grid which column is last, so that one gets the width the
    // others leave; without it the names kept the narrow width of the grid's first frame and
    // broke letter by letter in the real window.
    egui::Grid::new(id)
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.strong("Mastery");
            ui.strong("Cards");
            ui.strong(what);
            ui.end_row();
            for (name, mastery, n) in rows {
                ui.add(
                    egui::ProgressBar::new(*mastery as f32)
                        .desired_width(120.0)
                        .text(format!("{:.0}%", mastery * 100.0)),
                );
                ui.label(n.to_string());
                ui.add(egui::Label::new(name).wrap());
                ui.end_row();
            }
        });
}

/// The date of the learner's day number `day` (days since 1970-01-01 in their day).
fn date_of_day(day: i64) -> Option<chrono::NaiveDate> {
    chrono::DateTime::from_timestamp(day * crate::flashcards::schedule::DAY, 0)
        .map(|t| t.date_naive())
}

/// 53 weeks by 7 days, darker for more reviews, today at the bottom right; each month's name
/// above the week its first day falls in.
fn heatmap(
    ui: &mut egui::Ui,
    stats: &crate::flashcards::stats::Stats,
    clock: &crate::flashcards::schedule::Clock,
) {
    use chrono::Datelike;
    let gap = 2.0;
    // 53 weeks across whatever width there is, up to 11 px a day.
    let cell = (ui.available_width() / 53.0 - gap).clamp(4.0, 11.0);
    let font = egui::FontId::proportional(11.0);
    let label_height = ui.fonts_mut(|f| f.row_height(&font)) + 2.0;
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(53.0 * (cell + gap), label_height + 7.0 * (cell + gap)),
        egui::Sense::hover(),
    );
    let today = clock.today();
    let max = stats.per_day.values().copied().max().unwrap_or(1).max(1) as f32;
    let painter = ui.painter_at(rect);
    let base = ui.visuals().faint_bg_color;
    let hot = Color32::from_rgb(30, 130, 70);
    let text_color = ui.visuals().weak_text_color();
    // A column's last (bottom) day is `today - 7 * (52 - col)`; a month starts in the column
    // whose last day is in a different month from the column before's. The first column is
    // labelled only if there is room before the next label.
    let mut last_label_x = f32::NEG_INFINITY;
    for col in 0..53 {
        let bottom = today - 7 * (52 - col);
        let (Some(this), Some(before)) = (date_of_day(bottom), date_of_day(bottom - 7)) else {
            continue;
        };
        if this.month() == before.month() {
            continue;
        }
        let x = rect.min.x + col as f32 * (cell + gap);
        let name = this.format("%b").to_string();
        let galley = painter.layout_no_wrap(name, font.clone(), text_color);
        if x < last_label_x || x + galley.size().x > rect.max.x {
            continue;
        }
        last_label_x = x + galley.size().x + 4.0;
        painter.galley(egui::pos2(x, rect.min.y), galley, text_color);
    }
    let grid_top = rect.min + egui::vec2(0.0, label_height);
    let mut hovered = None;
    for back in 0..(53 * 7) {
        let day = today - back;
        let col = 52 - back / 7;
        let row = 6 - back % 7;
        let min = grid_top + egui::vec2(col as f32 * (cell + gap), row as f32 * (cell + gap));
        let r = egui::Rect::from_min_size(min, egui::vec2(cell, cell));
        let n = stats.per_day.get(&day).copied().unwrap_or(0);
        let color = if n == 0 {
            base
        } else {
            base.lerp_to_gamma(hot, 0.3 + 0.7 * (n as f32 / max))
        };
        painter.rect_filled(r, 2.0, color);
        if response.hover_pos().is_some_and(|p| r.contains(p)) {
            hovered = Some((back, n));
        }
    }
    if let Some((back, n)) = hovered {
        let date = date_of_day(today - back)
            .map(|d| d.format("%a %-d %b %Y").to_string())
            .unwrap_or_default();
        response.on_hover_text(format!(
            "{date}: {}{}",
            count(n, "review"),
            match back {
                0 => " (today)".to_owned(),
                1 => " (yesterday)".to_owned(),
                b => format!(" ({b} days ago)"),
            }
        ));
    }
    let total: usize = stats
        .per_day
        .range(today - 364..=today)
        .map(|(_, n)| n)
        .sum();
    ui.label(RichText::new(format!("{} in the last 365 days", count(total, "review"))).small());
}

pub fn settings(ui: &mut egui::Ui, state: &mut FlashcardsState, commands: &mut Vec<Command>) {
    ui.heading("Scheduling");
    ui.label(
        "Rapport schedules with FSRS, the algorithm Anki ships, using its default parameters \
         until you optimise them on the Statistics tab.",
    );
    let d = &mut state.settings_draft;
    egui::Grid::new("flash_settings")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label("Desired retention");
            ui.add(
                egui::Slider::new(&mut d.desired_retention, 0.70..=0.99)
                    .fixed_decimals(2)
                    .step_by(0.01),
            )
            .labelled_by(l.id)
            .on_hover_text("Higher means shorter intervals and more reviews.");
            ui.end_row();
            let l = ui.label("New cards per day");
            ui.add(egui::DragValue::new(&mut d.new_per_day).range(0..=9999))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Reviews per day");
            ui.add(egui::DragValue::new(&mut d.reviews_per_day).range(0..=99_999))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Learning steps (minutes)");
            steps_field(ui, "flash_learning_steps", &mut d.learning_steps, l.id);
            ui.end_row();
            let l = ui.label("Relearning steps (minutes)");
            steps_field(ui, "flash_relearning_steps", &mut d.relearning_steps, l.id);
            ui.end_row();
            let l = ui.label("Maximum interval (days)");
            ui.add(egui::DragValue::new(&mut d.maximum_interval_days).range(1..=36_500))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Next day starts at (hour)");
            ui.add(egui::DragValue::new(&mut d.day_starts_at_hour).range(0..=23))
                .labelled_by(l.id);
            ui.end_row();
            ui.label("Spread due days");
            ui.checkbox(&mut d.fuzz, "Fuzz (as Anki)").on_hover_text(
                "Moves each interval of 3 days or more by a few days either way, the same \
                     way every time for the same card and review, so cards learnt together \
                     do not stay due together.",
            );
            ui.end_row();
            ui.label("");
            ui.add_enabled(
                d.fuzz,
                egui::Checkbox::new(&mut d.load_balance, "Load balancer (as Anki)"),
            )
            .on_hover_text(
                "Within the fuzz range, prefers days with fewer reviews due, so each day has \
                 about the same work. Intervals over 90 days are only fuzzed.",
            );
            ui.end_row();
            ui.label("Bury siblings");
            ui.checkbox(&mut d.bury_new_siblings, "New cards")
                .on_hover_text(
                    "Once a card is studied, its reverse and the other gaps of its cloze note \
                     wait until tomorrow, so one does not give the other's answer away.",
                );
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut d.bury_review_siblings, "Review cards");
            ui.end_row();
            ui.label("FSRS parameters");
            ui.label(if d.parameters.is_empty() {
                "defaults".to_owned()
            } else {
                "optimised for you".to_owned()
            });
            ui.end_row();
        });
    ui.horizontal(|ui| {
        if ui.button("Save settings").clicked() {
            push(
                commands,
                FlashCommand::SaveSettings(state.settings_draft.clone()),
            );
        }
        if ui.button("Back to defaults").clicked() {
            let keep = state.settings_draft.parameters.clone();
            state.settings_draft = crate::flashcards::schedule::Settings {
                parameters: keep,
                ..Default::default()
            };
        }
        if !state.settings_draft.parameters.is_empty()
            && ui.button("Forget optimised parameters").clicked()
        {
            state.settings_draft.parameters.clear();
        }
    });
    for line in &state.status {
        ui.label(line);
    }
}

/// Steps typed as numbers separated by spaces; the text is kept while it is being edited.
fn steps_field(ui: &mut egui::Ui, id: &str, steps: &mut Vec<u32>, label: egui::Id) {
    let id = ui.make_persistent_id(id);
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| {
            steps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        });
    let response = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(120.0))
        .labelled_by(label);
    let parsed: Result<Vec<u32>, _> = text.split_whitespace().map(str::parse::<u32>).collect();
    match parsed {
        Ok(values) => *steps = values,
        Err(_) => {
            ui.label(
                RichText::new("whole minutes separated by spaces, e.g. 1 10")
                    .color(ui.visuals().error_fg_color),
            );
        }
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
}

pub fn transfer(ui: &mut egui::Ui, state: &mut FlashcardsState, commands: &mut Vec<Command>) {
    ui.heading("Export to Anki");
    ui.label(
        "Writes a text file that Anki imports as it is (File > Import): one note per card, in \
         decks under “Rapport”, with unit, section and topic tags. Importing a newer export \
         updates the notes instead of duplicating them.",
    );
    path_field(
        ui,
        "flash_export_path",
        "File",
        "Export for Anki to",
        &mut state.export_path,
        Pick::Save,
        "/path/to/rapport-anki.txt",
    );
    let decks: Vec<(String, String)> = state.deck_counts().keys().cloned().collect();
    ui.horizontal_wrapped(|ui| {
        let path = state.export_path.trim().to_owned();
        if ui.button("Export all decks").clicked() && !path.is_empty() {
            push(commands, FlashCommand::Export { path, deck: None });
        }
    });
    ui.label("Or one deck:");
    ui.horizontal_wrapped(|ui| {
        for (id, title) in &decks {
            if ui.small_button(title.as_str()).clicked() && !state.export_path.trim().is_empty() {
                push(
                    commands,
                    FlashCommand::Export {
                        path: state.export_path.trim().to_owned(),
                        deck: Some(id.clone()),
                    },
                );
            }
        }
    });

    ui.add_space(12.0);
    ui.heading("Import your own cards");
    ui.label(
        "A CSV or tab-separated file with one card per row: front, back, and optionally tags \
         separated by spaces. A header row “front, back, tags” is skipped. Rows that cannot be \
         read are listed with their line numbers; the others are imported.",
    );
    path_field(
        ui,
        "flash_import_path",
        "File",
        "Cards to import (CSV)",
        &mut state.import_path,
        Pick::Open(&["csv", "tsv", "txt"]),
        "/path/to/cards.csv",
    );
    ui.horizontal(|ui| {
        let l = ui.label("Into deck");
        ui.add(egui::TextEdit::singleline(&mut state.import_deck).desired_width(200.0))
            .labelled_by(l.id);
    });
    if ui.button("Import").clicked() && !state.import_path.trim().is_empty() {
        push(
            commands,
            FlashCommand::Import {
                path: state.import_path.trim().to_owned(),
                deck: state.import_deck.clone(),
            },
        );
    }

    ui.add_space(12.0);
    ui.heading("Import an Anki collection");
    ui.label(
        "An .apkg or .colpkg file from Anki (File > Export, with “Include scheduling \
         information” ticked), in the older format or Anki 2.1.50's newer one. Notes, cloze notes, decks, \
         tags, each card's schedule and the whole review log come across; importing the same \
         file again changes nothing. Sounds and other media are not shown and are listed.",
    );
    path_field(
        ui,
        "flash_anki_path",
        "File",
        "Anki package to import",
        &mut state.anki_path,
        Pick::Open(&["apkg", "colpkg"]),
        "/path/to/collection.colpkg",
    );
    ui.horizontal(|ui| {
        if ui
            .add_enabled(state.busy.is_none(), egui::Button::new("Import from Anki"))
            .clicked()
            && !state.anki_path.trim().is_empty()
        {
            push(
                commands,
                FlashCommand::ImportAnki {
                    path: state.anki_path.trim().to_owned(),
                },
            );
        }
    });
    if let Some((stage, done, total)) = state.import_progress() {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
        ui.add(
            egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                .text(format!("{stage}: {done} of {total}")),
        );
    } else if let Some(busy) = state.busy {
        ui.label(busy);
    }
    for line in &state.status {
        ui.label(line);
    }
    if let Some(report) = &state.import_report
        && !report.bad_rows.is_empty()
    {
        ui.label(RichText::new("Rows not imported:").strong());
        for (line, why) in &report.bad_rows {
            ui.label(format!("line {line}: {why}"));
        }
    }
}
