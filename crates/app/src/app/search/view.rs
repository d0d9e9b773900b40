//! The search window: type to search every unit, arrows to choose, Enter to open.

use egui::text::{LayoutJob, TextFormat};
use egui::{Key, Modifiers};

use crate::app::command::Command;
use crate::app::startup::Pending;
use crate::search::{Hit, SearchIndex};

const MAX_RESULTS: usize = 50;
/// Characters of context shown before the first match in a long text.
const CONTEXT_BEFORE: usize = 40;
const SNIPPET_CHARS: usize = 180;

#[derive(Default)]
pub struct SearchState {
    pub open: bool,
    pub query: String,
    pub selected: usize,
    hits: Vec<Hit>,
    /// The query `hits` were computed for.
    searched: String,
    focus_field: bool,
    /// The dialog's width last frame: the modal is centred on its previous size, so a change
    /// (the window was resized) needs one more frame to centre it again.
    last_width: f32,
}

impl SearchState {
    pub fn open_fresh(&mut self) {
        self.open = true;
        self.focus_field = true;
        self.selected = 0;
    }

    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }
}

pub fn show(
    ctx: &egui::Context,
    state: &mut SearchState,
    index: &Pending<SearchIndex>,
    commands: &mut Vec<Command>,
) {
    // Until the index is here (just after opening) the field takes typing, and the query is
    // searched as soon as it arrives.
    let ready = index.ready();
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    let modal = egui::Modal::new(egui::Id::unique("search_modal")).show(ctx, |ui| {
        let width = (ctx.content_rect().width() * 0.8).clamp(320.0, 860.0);
        if width != state.last_width {
            state.last_width = width;
            ctx.request_repaint();
        }
        ui.set_width(width);
        ui.heading("Search all units");
        let field = egui::TextEdit::singleline(&mut state.query)
            .hint_text("Type a word or phrase, e.g. confidentiality")
            .desired_width(f32::INFINITY);
        let response = ui.add(field);
        if state.focus_field {
            response.request_focus();
            state.focus_field = false;
        }
        if let Some(index) = ready
            && state.query != state.searched
        {
            state.hits = index.search(&state.query, MAX_RESULTS);
            state.searched = state.query.clone();
            state.selected = 0;
        }
        let count = state.hits.len();
        if count > 0 {
            if down {
                state.selected = (state.selected + 1).min(count - 1);
            }
            if up {
                state.selected = state.selected.saturating_sub(1);
            }
        }
        ui.horizontal(|ui| {
            ui.weak("Up/Down choose · Enter open · Esc close");
            if ready.is_some() && !state.query.trim().is_empty() {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.weak(match count {
                        0 => "no results".to_owned(),
                        1 => "1 result".to_owned(),
                        n if n == MAX_RESULTS => format!("best {n} results"),
                        n => format!("{n} results"),
                    });
                });
            }
        });
        ui.separator();
        let Some(index) = ready else {
            ui.horizontal(|ui| match index {
                Pending::Failed => {
                    ui.label(
                        "Search cannot be used this session: building its index stopped \
                         with an internal error. Start Rapport from a terminal to see it.",
                    );
                }
                _ => {
                    ui.spinner();
                    ui.label("Still preparing the search index (just after opening)…");
                }
            });
            return None;
        };
        let mut clicked = None;
        // A fixed height keeps the window still while the results change under the typing.
        let list_height = ctx.content_rect().height() * 0.55;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .min_scrolled_height(list_height)
            .max_height(list_height)
            .show(ui, |ui| {
                crate::app::shell::scroll::follow_focus(ui);
                for (i, hit) in state.hits.iter().enumerate() {
                    let entry = index.entry(hit);
                    let selected = i == state.selected;
                    let frame = egui::Frame::new()
                        .inner_margin(6.0)
                        .corner_radius(4.0)
                        .fill(if selected {
                            ui.visuals().selection.bg_fill.gamma_multiply(0.4)
                        } else {
                            egui::Color32::TRANSPARENT
                        });
                    let response = frame
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.add(
                                egui::Label::new(snippet(ui, &entry.text, &hit.indices))
                                    .wrap()
                                    .selectable(false),
                            );
                            ui.small(format!(
                                "{} › {} · {}",
                                entry.unit_title,
                                entry.section().title(),
                                entry.label
                            ));
                        })
                        .response;
                    let response = ui.interact(
                        response.rect,
                        ui.scope_id().with(("hit", i)),
                        egui::Sense::click(),
                    );
                    if selected && (down || up) {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        clicked = Some(i);
                    }
                }
            });
        clicked
    });
    let chosen = modal.inner.or_else(|| {
        enter
            .then_some(state.selected)
            .filter(|i| *i < state.hits.len())
    });
    if let Some(i) = chosen
        && let Some(index) = ready
    {
        let entry = index.entry(&state.hits[i]);
        commands.push(Command::OpenItem {
            unit_id: entry.unit_id.clone(),
            anchor: entry.anchor.clone(),
        });
    } else if escape || modal.should_close() {
        commands.push(Command::CloseSearch);
    }
}

/// The text with its matched characters highlighted; long texts are cut to a window around the
/// first match.
fn snippet(ui: &egui::Ui, text: &str, indices: &[usize]) -> LayoutJob {
    let chars: Vec<char> = text.chars().collect();
    let first = indices.first().copied().unwrap_or(0);
    let start = if chars.len() > SNIPPET_CHARS {
        first.saturating_sub(CONTEXT_BEFORE)
    } else {
        0
    };
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let body = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat {
        font_id: body.clone(),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let matched = TextFormat {
        font_id: body,
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().selection.bg_fill.gamma_multiply(0.6),
        underline: egui::Stroke::new(1.0, ui.visuals().strong_text_color()),
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    if start > 0 {
        job.append("…", 0.0, normal.clone());
    }
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        let is_match = indices.binary_search(&i).is_ok();
        if is_match != run_matched && !run.is_empty() {
            job.append(
                &run,
                0.0,
                if run_matched {
                    matched.clone()
                } else {
                    normal.clone()
                },
            );
            run.clear();
        }
        run_matched = is_match;
        run.push(*c);
    }
    if !run.is_empty() {
        job.append(
            &run,
            0.0,
            if run_matched { matched } else { normal.clone() },
        );
    }
    if end < chars.len() {
        job.append("…", 0.0, normal);
    }
    job
}
