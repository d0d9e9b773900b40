//! The flashcards area: choosing what to study, and the study loop, keyboard first.

use egui::{Key, Modifiers, RichText};

use crate::app::command::{Command, FlashCommand, FlashTab};
use crate::app::flashcards::state::{FlashcardsState, Session};
use crate::app::flashcards::stats;
use crate::flashcards::queue::Filter;
use crate::flashcards::schedule::{Grade, interval_label};
use crate::flashcards::{count, typed};

fn push(commands: &mut Vec<Command>, c: FlashCommand) {
    commands.push(Command::Flashcards(c));
}

/// Up to this many topics are shown as buttons; more go in a drop-down list.
const MAX_TOPIC_BUTTONS: usize = 80;

pub fn show(ui: &mut egui::Ui, state: &mut FlashcardsState, commands: &mut Vec<Command>) {
    if state.session.is_some() {
        // A long answer with a note can be taller than a small window.
        crate::app::shell::scroll::page(ui, "flash_study", |ui| study(ui, state, commands));
        return;
    }
    ui.horizontal(|ui| {
        for (tab, label) in FlashTab::ALL {
            if ui
                .add(egui::Button::selectable(state.tab == tab, label))
                .clicked()
            {
                push(commands, FlashCommand::SetTab(tab));
            }
        }
    });
    ui.separator();
    // One scroll position per tab: Statistics opens at its top, not wherever the long deck
    // list was scrolled to.
    let salt = ("flash_tab", format!("{:?}", state.tab));
    crate::app::shell::scroll::page(ui, salt, |ui| match state.tab {
        FlashTab::Decks => decks(ui, state, commands),
        FlashTab::Statistics => stats::statistics(ui, state, commands),
        FlashTab::Settings => stats::settings(ui, state, commands),
        FlashTab::Transfer => stats::transfer(ui, state, commands),
    });
}

fn decks(ui: &mut egui::Ui, state: &mut FlashcardsState, commands: &mut Vec<Command>) {
    let counts = state.deck_counts().clone();
    let (new, learning, review) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    ui.heading("Flashcards");
    ui.label(format!(
        "{} in {}. Due today: {review} to review, {learning} in learning, {new} new (up to {} \
         new and {} a day; change this in Settings).",
        count(state.cards.len(), "card"),
        count(counts.len(), "deck"),
        state.scheduler.settings.new_per_day,
        count(state.scheduler.settings.reviews_per_day as usize, "review"),
    ));
    ui.add_space(6.0);
    ui.checkbox(
        &mut state.type_answer,
        "Type my answer before revealing it (compared word by word)",
    );
    let type_answer = state.type_answer;
    let study = |filter: Filter| FlashCommand::Study {
        filter,
        type_answer,
    };
    // Enter starts studying unless the learner is typing in a field (a focused button keeps
    // Enter for itself, as egui does for every button).
    let typing = ui.ctx().egui_wants_keyboard_input();
    let button_focused = ui.ctx().memory(|m| m.focused().is_some());
    let enter =
        !typing && !button_focused && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
    if ui
        .button(RichText::new("Study everything due (Enter)").strong())
        .clicked()
        || enter
    {
        push(commands, study(Filter::all()));
    }

    ui.add_space(10.0);
    ui.strong("Decks");
    egui::Grid::new("flash_decks")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            // The deck's title last, so that a long one wraps instead of pushing the Study
            // buttons off a narrow window.
            ui.label("");
            ui.label("New");
            ui.label("Learning");
            ui.label("Review");
            ui.label("Deck");
            ui.end_row();
            for ((id, title), (n, l, r)) in &counts {
                if ui
                    .button("Study")
                    .on_hover_text(format!("Study the deck “{title}”"))
                    .clicked()
                {
                    push(commands, study(Filter::deck(id)));
                }
                ui.label(n.to_string());
                ui.label(l.to_string());
                ui.label(r.to_string());
                ui.add(egui::Label::new(title.as_str()).wrap());
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.strong("By unit");
    ui.horizontal_wrapped(|ui| {
        let mut units: Vec<(&String, &String)> = state.unit_titles.iter().collect();
        units.sort();
        for (id, title) in units {
            if ui.button(title.as_str()).clicked() {
                push(commands, study(Filter::unit(id)));
            }
        }
    });
    ui.add_space(6.0);
    ui.strong("By topic");
    let topics = state.topics();
    let mut chosen = None;
    if topics.len() <= MAX_TOPIC_BUTTONS {
        ui.horizontal_wrapped(|ui| {
            for topic in topics {
                if ui.small_button(topic.as_str()).clicked() {
                    chosen = Some(topic.clone());
                }
            }
        });
    } else {
        // A large pack has hundreds of topics: a list that opens on demand, not a wall of
        // buttons drawn every frame.
        egui::ComboBox::from_label("Topic to study")
            .selected_text(format!("Study one of {} topics", topics.len()))
            .height(400.0)
            .show_ui(ui, |ui| {
                for topic in topics {
                    if ui.selectable_label(false, topic.as_str()).clicked() {
                        chosen = Some(topic.clone());
                    }
                }
            });
    }
    if let Some(topic) = chosen {
        push(
            commands,
            study(Filter::tag(&format!(
                "topic::{}",
                crate::flashcards::slug(&topic)
            ))),
        );
    }
    ui.add_space(6.0);
    let filter_label = ui.strong("Custom filter");
    ui.label(
        "Words the card must contain, and any of deck:ID, unit:ID, topic:NAME, tag:TAG \
         (tags are like unit::ID, section::models, topic::grow).",
    );
    ui.horizontal(|ui| {
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut state.custom_query)
                    .hint_text("e.g. tag:topic::gibbs analysis")
                    .desired_width(360.0),
            )
            .labelled_by(filter_label.id);
        let submitted = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if (ui.button("Study matching cards").clicked() || submitted)
            && !state.custom_query.trim().is_empty()
        {
            push(
                commands,
                study(Filter {
                    query: state.custom_query.trim().to_owned(),
                }),
            );
        }
    });
    let suspended = state.states.values().filter(|s| s.suspended).count();
    if suspended > 0 {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} left out of study.",
                match suspended {
                    1 => "1 suspended card is".to_owned(),
                    n => format!("{n} suspended cards are"),
                }
            ));
            if ui.button("Unsuspend all").clicked() {
                push(commands, FlashCommand::UnsuspendAll);
            }
        });
    }
}

fn study(ui: &mut egui::Ui, state: &mut FlashcardsState, commands: &mut Vec<Command>) {
    let Some(session) = &state.session else {
        return;
    };
    let editing_note = session.note_draft.is_some();
    let typing = session.type_answer && !session.revealed && session.current.is_some();
    if !editing_note {
        study_keys(ui, session, typing, commands);
    }
    let (new, learning, review) = session.queue.counts();
    ui.horizontal(|ui| {
        if ui.button("End session (Esc)").clicked() {
            push(commands, FlashCommand::EndStudy);
        }
        let what = if session.filter.query.is_empty() {
            "everything due".to_owned()
        } else {
            session.filter.query.clone()
        };
        ui.label(format!("Studying {what}"));
        ui.separator();
        ui.label(RichText::new(format!("{new} new")).color(ui.visuals().hyperlink_color));
        ui.label(RichText::new(format!("{learning} learning")).color(ui.visuals().warn_fg_color));
        ui.label(RichText::new(format!("{review} to review")).color(ui.visuals().text_color()));
        if session.saving.is_some() {
            ui.separator();
            ui.label("Saving…");
        }
    });
    toast_slot(ui, session, commands);
    ui.separator();

    let Some(index) = session.current else {
        ui.add_space(20.0);
        ui.heading("Nothing more to study now");
        match session.queue.waiting() {
            Some(due) => {
                let when = chrono::DateTime::from_timestamp(due, 0)
                    .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
                    .unwrap_or_default();
                ui.label(format!(
                    "A card in learning comes back at {when}. Start the session again then."
                ));
            }
            None => {
                ui.label(format!(
                    "{} reviewed this session. Come back tomorrow for the next ones.",
                    count(session.reviewed, "card")
                ));
            }
        }
        if ui.button("Back to decks (Esc)").clicked() {
            push(commands, FlashCommand::EndStudy);
        }
        return;
    };
    let card = &state.cards[index];
    let note = state.notes.get(&card.id).cloned();
    ui.label(
        RichText::new(format!(
            "{} · {} · {}",
            card.deck_title, card.section, card.topic
        ))
        .small(),
    );
    ui.add_space(8.0);
    ui.label(RichText::new(&card.front).size(22.0));
    ui.add_space(8.0);

    let session = state.session.as_mut().expect("checked above");
    if typing {
        let l = ui.label("Your answer:");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut session.typed)
                    .hint_text("Type your answer, then Enter to check it")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if !edit.has_focus() && !edit.lost_focus() && session.typed.is_empty() {
            edit.request_focus();
        }
        if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            push(commands, FlashCommand::Reveal);
        }
    }
    if !session.revealed {
        if ui.button("Show answer (Space or Enter)").clicked() {
            push(commands, FlashCommand::Reveal);
        }
    } else {
        ui.separator();
        ui.label(RichText::new(&card.back).size(18.0));
        if session.type_answer {
            typed_comparison(ui, &card.expected_answer(), &session.typed);
        }
        ui.add_space(10.0);
        grade_buttons(ui, session, commands);
    }

    ui.add_space(10.0);
    match &mut session.note_draft {
        Some(draft) => {
            let l = ui.label("Your note on this card:");
            let edit = ui
                .add(
                    egui::TextEdit::multiline(draft)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if !edit.has_focus() && !edit.lost_focus() {
                edit.request_focus();
            }
            let (save, cancel) = ui.input_mut(|i| {
                (
                    i.consume_key(Modifiers::COMMAND, Key::Enter),
                    i.consume_key(Modifiers::NONE, Key::Escape),
                )
            });
            ui.horizontal(|ui| {
                if ui.button("Save note (Ctrl+Enter)").clicked() || save {
                    push(commands, FlashCommand::SaveNote(draft.clone()));
                }
                if ui.button("Cancel (Esc)").clicked() || cancel {
                    push(commands, FlashCommand::CancelNote);
                }
            });
        }
        None => {
            if let Some(note) = note {
                ui.label(RichText::new(format!("Your note: {note}")).italics());
            }
        }
    }
    ui.add_space(10.0);
    ui.label(
        RichText::new(
            "Keys: Space/Enter show answer · 1 Again · 2 Hard · 3 Good · 4 Easy · Ctrl+Z undo · \
             E note · S suspend · B bury until tomorrow · U undo a suspend or bury · Esc end",
        )
        .small()
        .weak(),
    );
}

/// The confirmation of the last suspend, bury or undo, in a slot of one row kept under the
/// session's header whether or not there is anything to say: the card below never moves when a
/// confirmation comes or goes, so a click meant for it does not land on something else.
fn toast_slot(ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
    let height = ui.spacing().interact_size.y + 4.0;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let hidden = session.hidden.as_ref().filter(|h| h.saved);
    let text = match (hidden, session.undone) {
        (Some(h), _) if h.suspended => {
            "✔ Card suspended: it stays out of study until you unsuspend it."
        }
        (Some(_), _) => "✔ Card buried until tomorrow.",
        (None, Some(undone)) => undone,
        (None, None) => return,
    };
    ui.painter()
        .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let mut slot = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(6.0, 2.0)))
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    if hidden.is_some()
        && slot
            .add_enabled(session.saving.is_none(), egui::Button::new("Undo (U)"))
            .clicked()
    {
        push(commands, FlashCommand::UndoHide);
    }
    slot.add(egui::Label::new(text).truncate());
}

fn study_keys(ui: &egui::Ui, session: &Session, typing: bool, commands: &mut Vec<Command>) {
    let keys = ui.input_mut(|i| {
        let mut out = Vec::new();
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            out.push(FlashCommand::Undo);
        }
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            out.push(FlashCommand::EndStudy);
        }
        if typing {
            // Letters and digits belong to the answer being typed.
            return out;
        }
        if !session.revealed
            && (i.consume_key(Modifiers::NONE, Key::Space)
                || i.consume_key(Modifiers::NONE, Key::Enter))
        {
            out.push(FlashCommand::Reveal);
        }
        if session.revealed {
            for (key, grade) in [
                (Key::Num1, Grade::Again),
                (Key::Num2, Grade::Hard),
                (Key::Num3, Grade::Good),
                (Key::Num4, Grade::Easy),
            ] {
                if i.consume_key(Modifiers::NONE, key) {
                    out.push(FlashCommand::Grade(grade));
                }
            }
        }
        if i.consume_key(Modifiers::NONE, Key::E) {
            out.push(FlashCommand::EditNote);
        }
        if i.consume_key(Modifiers::NONE, Key::S) {
            out.push(FlashCommand::Suspend);
        }
        if i.consume_key(Modifiers::NONE, Key::B) {
            out.push(FlashCommand::Bury);
        }
        if i.consume_key(Modifiers::NONE, Key::U) {
            out.push(FlashCommand::UndoHide);
        }
        out
    });
    for k in keys {
        push(commands, k);
    }
}

fn grade_buttons(ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
    let Some(outcomes) = &session.outcomes else {
        return;
    };
    ui.horizontal(|ui| {
        for (n, outcome) in outcomes.iter().enumerate() {
            let label = format!(
                "{} {}\n{}",
                n + 1,
                outcome.grade.label(),
                interval_label(outcome.interval_secs)
            );
            let button = egui::Button::new(label).min_size(egui::vec2(96.0, 40.0));
            if ui
                .add_enabled(session.saving.is_none(), button)
                .on_hover_text(format!(
                    "Press {} · next shown in {}",
                    n + 1,
                    interval_label(outcome.interval_secs)
                ))
                .clicked()
            {
                push(commands, FlashCommand::Grade(outcome.grade));
            }
        }
    });
}

fn typed_comparison(ui: &mut egui::Ui, expected: &str, typed_text: &str) {
    ui.add_space(6.0);
    if typed_text.trim().is_empty() {
        ui.label(RichText::new("You did not type an answer.").weak());
        return;
    }
    let words = typed::compare(expected, typed_text);
    let score = typed::score(&words);
    ui.label(format!("You typed: {typed_text}"));
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(format!("{:.0}% of the key words:", score * 100.0));
        for w in &words {
            let text = RichText::new(&w.text);
            let text = match w.found {
                Some(true) => text.color(egui::Color32::from_rgb(40, 140, 60)),
                Some(false) => text.color(ui.visuals().error_fg_color).underline().strong(),
                None => text.weak(),
            };
            ui.label(text);
        }
    });
    let missed: Vec<&str> = words
        .iter()
        .filter(|w| w.found == Some(false))
        .map(|w| w.text.as_str())
        .collect();
    if !missed.is_empty() {
        ui.label(format!("Missed: {}", missed.join(" ")));
    }
}
