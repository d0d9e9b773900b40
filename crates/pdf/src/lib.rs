//! Renders Rapport's export documents to PDF with krilla, measuring text in the app's own font
//! so lines break where they fit. Kept out of `rapport-core` so that the engines and their tests
//! build without a PDF library.

use rapport_core::export::{Block, Document, Format, to_markdown};

use krilla::Document as PdfDocument;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// The file's bytes in `format`.
pub fn render(format: Format, doc: &Document) -> Result<Vec<u8>, String> {
    match format {
        Format::Markdown => Ok(to_markdown(doc).into_bytes()),
        Format::Pdf => to_pdf(doc),
    }
}

/// Measures text in the font the PDF is written with, for line breaking.
struct Measure<'a> {
    font: skrifa::FontRef<'a>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
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
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
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
                    if self.width(&piece, size) > max {
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
fn printable(font: &skrifa::FontRef, text: &str) -> String {
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

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// Space between ruled lines to write on: about 8 mm, as on ruled paper.
const WRITING_LINE_GAP: f32 = 23.0;

/// What is drawn on a page: a line of text at its baseline, or a ruled line to write on.
enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        line: String,
    },
    Rule {
        y: f32,
        width: f32,
    },
}

pub fn to_pdf(p: &Document) -> Result<Vec<u8>, String> {
    let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
    let font = Font::new(bytes.into(), 0).ok_or("the PDF font could not be read")?;
    let measure = Measure {
        font: skrifa::FontRef::new(bytes).map_err(|e| format!("the PDF font: {e}"))?,
    };
    // Lay out first, into pages of text lines and rules, then draw.
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = MARGIN;
    let width = PAGE_W - 2.0 * MARGIN;
    let mut put = |step: f32, before: f32, item: &dyn Fn(f32) -> Item, y: &mut f32| {
        *y += before;
        if *y + step > PAGE_H - MARGIN {
            pages.push(Vec::new());
            *y = MARGIN;
        }
        *y += step;
        if let Some(page) = pages.last_mut() {
            page.push(item(*y));
        }
    };
    for block in &p.blocks {
        let (indent, size, before, text) = match block {
            Block::Title(t) => (0.0, 19.0, 0.0, t.clone()),
            Block::Heading(t) => (0.0, 15.0, 14.0, t.clone()),
            Block::Subheading(t) => (0.0, 12.5, 10.0, t.clone()),
            Block::Paragraph(t) => (0.0, 10.5, 4.0, t.clone()),
            Block::Bullet(t) => (12.0, 10.5, 1.0, format!("\u{2022} {t}")),
            Block::Field(l, v) => (0.0, 10.5, 3.0, format!("{l}: {v}")),
            Block::WritingLines(n) => {
                // Lines far enough apart to write between by hand.
                // They may run on to the next page: moving them all there would leave the
                // question with no room under it at all.
                for i in 0..*n {
                    let before = if i == 0 { 6.0 } else { 0.0 };
                    put(
                        WRITING_LINE_GAP,
                        before,
                        &|y| Item::Rule { y, width },
                        &mut y,
                    );
                }
                continue;
            }
        };
        let text = printable(&measure.font, &text);
        for (i, line) in measure
            .wrap(&text, size, width - indent)
            .into_iter()
            .enumerate()
        {
            let before = if i == 0 { before } else { 0.0 };
            let x = MARGIN + indent;
            put(
                size * 1.35,
                before,
                &|y| Item::Text {
                    x,
                    y,
                    size,
                    line: line.clone(),
                },
                &mut y,
            );
        }
    }

    let mut doc = PdfDocument::new();
    doc.set_metadata(
        Metadata::new()
            .title(p.title.clone())
            .creator("Rapport".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
    for items in pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for item in &items {
            if let Item::Text { x, y, size, line } = item {
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    font.clone(),
                    *size,
                    line,
                    false,
                    TextDirection::Auto,
                );
            }
        }
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: krilla::color::luma::Color::new(150).into(),
            width: 0.6,
            ..Stroke::default()
        }));
        for item in &items {
            if let Item::Rule { y, width } = item {
                let mut path = PathBuilder::new();
                path.move_to(MARGIN, *y);
                path.line_to(MARGIN + width, *y);
                if let Some(path) = path.finish() {
                    surface.draw_path(&path);
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_inside_the_page() {
        let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
        let m = Measure {
            font: skrifa::FontRef::new(bytes).unwrap(),
        };
        let text = "word ".repeat(200);
        let lines = m.wrap(&text, 10.5, 300.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width(l, 10.5) <= 300.0));
        assert_eq!(lines.join(" ").split_whitespace().count(), 200);
    }
}
