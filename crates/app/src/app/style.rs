//! Typography for long reading: larger body text, more space between lines and items.

use egui::{FontFamily, FontId, TextStyle};

/// Widest a column of running text gets, in points, so lines stay readable on wide windows.
pub const READING_WIDTH: f32 = 820.0;

pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(26.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Name("subheading".into()),
                FontId::new(20.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(16.5, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 7.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

pub fn subheading() -> TextStyle {
    TextStyle::Name("subheading".into())
}

/// Lays out `ui`'s contents in a centred column no wider than [`READING_WIDTH`].
pub fn reading_column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let width = ui.available_width().min(READING_WIDTH);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_max_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}
