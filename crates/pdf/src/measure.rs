//! Text measured in the font the PDF is written with, so lines break where they fit.

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// Measures text in the font the PDF is written with, for line breaking.
pub(crate) struct Measure<'a> {
    pub(crate) font: skrifa::FontRef<'a>,
}

impl Measure<'_> {
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }

    /// Greedy word wrap; a word longer than a line is broken by characters.
    pub(crate) fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(&piece, size) > max && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}

/// Characters the embedded font has no glyph for are replaced, so the PDF never shows boxes.
pub(crate) fn printable(font: &skrifa::FontRef, text: &str) -> String {
    let charmap = font.charmap();
    text.chars()
        .map(|c| {
            if c.is_whitespace() || charmap.map(c).is_some() {
                c
            } else {
                '?'
            }
        })
        .collect()
}
