//! Renders Rapport's export documents to PDF with krilla, measuring text in the app's own font
//! so lines break where they fit. Kept out of `rapport-core` so that the engines and their tests
//! build without a PDF library.
//!
//! Layout happens first, into pages of drawing operations (text, rectangles, lines) in points
//! from the top left; drawing them with krilla comes after. Tables repeat their header on every
//! page they run over, and a row taller than a page is split line by line, so no text is ever
//! lost off the bottom of a page.

mod draw;
mod layout;
mod measure;

use rapport_core::export::{Document, Format, to_markdown};

use measure::Measure;

/// The file's bytes in `format`.
pub fn render(format: Format, doc: &Document) -> Result<Vec<u8>, String> {
    match format {
        Format::Markdown => Ok(to_markdown(doc).into_bytes()),
        Format::Pdf => to_pdf(doc),
    }
}

/// The document as a PDF: laid out in the app's own font, then drawn.
pub fn to_pdf(p: &Document) -> Result<Vec<u8>, String> {
    let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
    let measure = Measure {
        font: skrifa::FontRef::new(bytes).map_err(|e| format!("the PDF font: {e}"))?,
    };
    let pages = layout::pages(measure, &p.blocks);
    draw::pdf(&p.title, bytes, &pages)
}
