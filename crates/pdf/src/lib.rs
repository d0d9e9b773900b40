//! Renders Rapport's export documents to PDF with krilla, measuring text in the app's own font
//! so lines break where they fit. Kept out of `rapport-core` so that the engines and their tests
//! build without a PDF library.
//!
//! Layout happens first, into pages of drawing operations (text, rectangles, lines) in points
//! from the top left; drawing them with krilla comes after. Tables repeat their header on every
//! page they run over, and a row taller than a page is split line by line, so no text is ever
//! lost off the bottom of a page.

use rapport_core::export::{Block, Chart, Document, Format, Table, to_markdown};

use krilla::Document as PdfDocument;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
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

/// A4 in points, portrait.
const A4_SHORT: f32 = 595.0;
const A4_LONG: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BODY: f32 = 10.5;
const TABLE_TEXT: f32 = 8.5;
const CELL_PAD: f32 = 3.5;
const LEADING: f32 = 1.3;
/// Space between ruled lines to write on: about 8 mm, as on ruled paper.
const WRITING_LINE_GAP: f32 = 23.0;

type Rgb = (u8, u8, u8);
const BLACK: Rgb = (0, 0, 0);
const GREY_TEXT: Rgb = (90, 90, 90);
const RULE: Rgb = (150, 150, 150);
const HEADER_FILL: Rgb = (225, 230, 236);
/// The chart's series: colours that also differ in lightness and fill (the target is an
/// outline), so that they read apart in greyscale and for colour-blind readers.
const SERIES: [(Rgb, bool); 3] = [
    ((165, 165, 165), true), // previous: light grey, filled
    ((31, 95, 160), true),   // current: dark blue, filled
    ((200, 110, 20), false), // target: orange outline
];

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        colour: Rgb,
        width: f32,
    },
}

#[derive(Debug, Default)]
struct Page {
    landscape: bool,
    ops: Vec<Op>,
}

impl Page {
    fn width(&self) -> f32 {
        if self.landscape { A4_LONG } else { A4_SHORT }
    }

    fn height(&self) -> f32 {
        if self.landscape { A4_SHORT } else { A4_LONG }
    }
}

struct Layout<'a> {
    measure: Measure<'a>,
    pages: Vec<Page>,
    /// Top of the free space on the last page.
    y: f32,
}

impl Layout<'_> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn landscape(&self) -> bool {
        self.pages.last().is_some_and(|p| p.landscape)
    }

    fn width(&mut self) -> f32 {
        self.page().width() - 2.0 * MARGIN
    }

    fn bottom(&mut self) -> f32 {
        self.page().height() - MARGIN
    }

    /// Space left on this page below `y`.
    fn room(&mut self) -> f32 {
        self.bottom() - self.y
    }

    fn new_page(&mut self, landscape: bool) {
        self.pages.push(Page {
            landscape,
            ops: Vec::new(),
        });
        self.y = MARGIN;
    }

    /// A new page when fewer than `h` points are left, unless this page is still empty.
    fn keep(&mut self, h: f32) {
        let empty = self.page().ops.is_empty();
        if h > self.room() && !empty {
            let l = self.landscape();
            self.new_page(l);
        }
    }

    fn push(&mut self, op: Op) {
        self.page().ops.push(op);
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, colour: Rgb, text: &str) {
        let text = printable(&self.measure.font, text);
        self.push(Op::Text {
            x,
            y: baseline,
            size,
            colour,
            text,
        });
    }

    /// Wrapped lines of running text, breaking to a new page between lines.
    fn lines(&mut self, x: f32, size: f32, before: f32, width: f32, text: &str, colour: Rgb) {
        self.y += before;
        let lines = self.measure.wrap(text, size, width);
        let step = size * 1.35;
        for line in lines {
            if self.y + step > self.bottom() {
                let l = self.landscape();
                self.new_page(l);
            }
            self.y += step;
            let y = self.y - size * 0.3;
            self.text(x, y, size, colour, &line);
        }
    }

    fn block(&mut self, block: &Block) {
        let width = self.width();
        match block {
            Block::Title(t) => self.lines(MARGIN, 19.0, 0.0, width, t, BLACK),
            Block::Heading(t) => {
                // A heading is never left alone at the foot of a page.
                self.keep(15.0 * 1.35 + 14.0 + 40.0);
                self.lines(MARGIN, 15.0, 14.0, width, t, BLACK)
            }
            Block::Subheading(t) => {
                self.keep(12.5 * 1.35 + 10.0 + 30.0);
                self.lines(MARGIN, 12.5, 10.0, width, t, BLACK)
            }
            Block::Paragraph(t) => self.lines(MARGIN, BODY, 4.0, width, t, BLACK),
            Block::Bullet(t) => self.lines(
                MARGIN + 12.0,
                BODY,
                1.0,
                width - 12.0,
                &format!("\u{2022} {t}"),
                BLACK,
            ),
            Block::Field(l, v) => self.lines(MARGIN, BODY, 3.0, width, &format!("{l}: {v}"), BLACK),
            Block::Table(t) => self.table(t),
            Block::Chart(c) => self.chart(c),
            Block::Signatures(names) => self.signatures(names),
            Block::WritingLines(n) => self.writing_lines(*n),
            Block::NewPage { landscape } => {
                let empty = self.page().ops.is_empty();
                if empty {
                    self.page().landscape = *landscape;
                } else {
                    self.new_page(*landscape);
                }
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let n = t.headers.len().max(1);
        let total = self.width();
        let shares: Vec<f32> = (0..n)
            .map(|i| f32::from(t.widths.get(i).copied().unwrap_or(1).max(1)))
            .collect();
        let sum: f32 = shares.iter().sum();
        let widths: Vec<f32> = shares.iter().map(|s| total * s / sum).collect();
        let lh = TABLE_TEXT * LEADING;
        let wrap = |m: &Measure, cells: &[String]| -> Vec<Vec<String>> {
            (0..n)
                .map(|i| {
                    let text = printable(&m.font, cells.get(i).map_or("", |c| c.as_str()));
                    m.wrap(&text, TABLE_TEXT, widths[i] - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let header = wrap(&self.measure, &t.headers);
        let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * CELL_PAD;
        self.y += 6.0;
        // The header and at least the first row's first lines together.
        self.keep(header_h + 3.0 * lh + 2.0 * CELL_PAD);
        self.row(&widths, &header, header_h, true);
        for cells in &t.rows {
            let mut cells = wrap(&self.measure, cells);
            loop {
                let tallest = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                let need = tallest as f32 * lh + 2.0 * CELL_PAD;
                let fresh = self.bottom() - MARGIN - header_h;
                // Move a row that fits on a fresh page rather than split it.
                if need > self.room() && (need <= fresh || self.room() < 3.0 * lh + 2.0 * CELL_PAD)
                {
                    let l = self.landscape();
                    self.new_page(l);
                    self.row(&widths, &header, header_h, true);
                    if need <= self.room() {
                        continue;
                    }
                }
                let fit = (((self.room() - 2.0 * CELL_PAD) / lh).floor() as usize).max(1);
                let take = tallest.min(fit);
                let now: Vec<Vec<String>> = cells
                    .iter_mut()
                    .map(|c| c.drain(..take.min(c.len())).collect())
                    .collect();
                self.row(&widths, &now, take as f32 * lh + 2.0 * CELL_PAD, false);
                if cells.iter().all(Vec::is_empty) {
                    break;
                }
                let l = self.landscape();
                self.new_page(l);
                self.row(&widths, &header, header_h, true);
            }
        }
        self.y += 4.0;
    }

    fn row(&mut self, widths: &[f32], cells: &[Vec<String>], h: f32, header: bool) {
        let mut x = MARGIN;
        let top = self.y;
        for (w, lines) in widths.iter().zip(cells) {
            self.push(Op::Rect {
                x,
                y: top,
                w: *w,
                h,
                fill: header.then_some(HEADER_FILL),
                stroke: Some((RULE, 0.6)),
            });
            for (k, line) in lines.iter().enumerate() {
                let baseline =
                    top + CELL_PAD + (k as f32 + 1.0) * TABLE_TEXT * LEADING - TABLE_TEXT * 0.3;
                self.text(x + CELL_PAD, baseline, TABLE_TEXT, BLACK, line);
            }
            x += w;
        }
        self.y = top + h;
    }

    fn chart(&mut self, c: &Chart) {
        let width = self.width();
        let size = 9.0;
        let lh = size * LEADING;
        let label_w = (width * 0.36).min(220.0);
        let value_w = 26.0;
        let bar_x = MARGIN + label_w + 8.0;
        let bar_w = width - label_w - 8.0 - value_w;
        let bar_h = 5.5;
        let gap = 1.5;
        let series: Vec<(Rgb, bool)> = c
            .series
            .iter()
            .map(|s| match s.as_str() {
                "Previous" => SERIES[0],
                "Target" => SERIES[2],
                _ => SERIES[1],
            })
            .collect();
        let rows: Vec<(Vec<String>, f32)> = c
            .rows
            .iter()
            .map(|r| {
                let label = printable(&self.measure.font, &r.label);
                let lines = self.measure.wrap(&label, size, label_w);
                let bars = c.series.len() as f32 * (bar_h + gap);
                let h = (lines.len() as f32 * lh).max(bars) + 6.0;
                (lines, h)
            })
            .collect();
        let body: f32 = rows.iter().map(|(_, h)| h).sum();
        let total_h = 14.0 + 16.0 + body + 16.0;
        self.y += 8.0;
        self.keep(total_h);
        self.lines(MARGIN, 11.0, 0.0, width, &c.title, BLACK);
        // Legend: a swatch drawn as the bars are, then the name.
        self.y += 4.0;
        let mut x = MARGIN;
        for (name, (colour, filled)) in c.series.iter().zip(&series) {
            self.push(Op::Rect {
                x,
                y: self.y + 2.0,
                w: 14.0,
                h: 7.0,
                fill: filled.then_some(*colour),
                stroke: Some((*colour, 1.2)),
            });
            let y = self.y + 9.0;
            self.text(x + 18.0, y, size, BLACK, name);
            x += 18.0 + self.measure.width(name, size) + 16.0;
        }
        self.y += 16.0;
        let span = (c.max - c.min).max(1.0);
        let at = |v: f32| bar_x + bar_w * ((v - c.min) / span).clamp(0.0, 1.0);
        let top = self.y;
        for ((lines, h), row) in rows.iter().zip(&c.rows) {
            if *h > self.room() {
                let l = self.landscape();
                self.new_page(l);
            }
            let y0 = self.y;
            for (k, line) in lines.iter().enumerate() {
                let baseline = y0 + 3.0 + (k as f32 + 1.0) * lh - size * 0.3;
                self.text(MARGIN, baseline, size, BLACK, line);
            }
            if row.values.iter().all(Option::is_none) {
                self.text(
                    bar_x + 2.0,
                    y0 + 3.0 + lh - size * 0.3,
                    size,
                    GREY_TEXT,
                    "not rated",
                );
            }
            for (k, (v, (colour, filled))) in row.values.iter().zip(&series).enumerate() {
                let Some(v) = v else { continue };
                let y = y0 + 3.0 + k as f32 * (bar_h + gap);
                let end = at(*v);
                self.push(Op::Rect {
                    x: bar_x,
                    y,
                    w: (end - bar_x).max(0.5),
                    h: bar_h,
                    fill: filled.then_some(*colour),
                    stroke: Some((*colour, 0.9)),
                });
                self.text(end + 3.0, y + bar_h, 6.5, GREY_TEXT, &format!("{v:.1}"));
            }
            self.y = y0 + h;
            self.push(Op::Line {
                from: (MARGIN, self.y),
                to: (MARGIN + width, self.y),
                colour: (225, 225, 225),
                width: 0.4,
            });
        }
        // The scale: a light line and its label at each point, under the bars.
        let bottom = self.y;
        for (v, label) in &c.ticks {
            let x = at(*v);
            self.push(Op::Line {
                from: (x, top.min(bottom)),
                to: (x, bottom),
                colour: (205, 205, 205),
                width: 0.4,
            });
            let w = self.measure.width(label, 7.5);
            self.text(x - w / 2.0, bottom + 9.0, 7.5, GREY_TEXT, label);
        }
        self.y = bottom + 14.0;
    }

    /// Ruled lines about 8 mm apart, as on ruled paper, kept together on one page (a few lines
    /// at the foot of a page and the rest overleaf are no room to write an answer).
    fn writing_lines(&mut self, n: usize) {
        let width = self.width();
        self.keep(WRITING_LINE_GAP * n as f32 + 6.0);
        self.y += 6.0;
        for _ in 0..n {
            self.y += WRITING_LINE_GAP;
            self.push(Op::Line {
                from: (MARGIN, self.y),
                to: (MARGIN + width, self.y),
                colour: RULE,
                width: 0.5,
            });
        }
        self.y += 6.0;
    }

    fn signatures(&mut self, names: &[String]) {
        let width = self.width();
        let each = 44.0;
        self.keep(each * names.len() as f32 + 10.0);
        for name in names {
            self.y += 30.0;
            let sign_end = MARGIN + width * 0.62;
            let date_from = MARGIN + width * 0.7;
            for (from, to) in [(MARGIN, sign_end), (date_from, MARGIN + width)] {
                self.push(Op::Line {
                    from: (from, self.y),
                    to: (to, self.y),
                    colour: BLACK,
                    width: 0.7,
                });
            }
            let y = self.y + 11.0;
            self.text(MARGIN, y, 9.0, GREY_TEXT, &format!("Signed: {name}"));
            self.text(date_from, y, 9.0, GREY_TEXT, "Date");
            self.y += 14.0;
        }
    }
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

pub fn to_pdf(p: &Document) -> Result<Vec<u8>, String> {
    let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
    let font = Font::new(bytes.into(), 0).ok_or("the PDF font could not be read")?;
    let mut layout = Layout {
        measure: Measure {
            font: skrifa::FontRef::new(bytes).map_err(|e| format!("the PDF font: {e}"))?,
        },
        pages: vec![Page::default()],
        y: MARGIN,
    };
    for block in &p.blocks {
        layout.block(block);
    }

    let mut doc = PdfDocument::new();
    doc.set_metadata(
        Metadata::new()
            .title(p.title.clone())
            .creator("Rapport".to_owned()),
    );
    for page in &layout.pages {
        let settings = PageSettings::from_wh(page.width(), page.height()).ok_or("bad page size")?;
        let mut pdf_page = doc.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for op in &page.ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    colour,
                    text,
                } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: paint(*colour),
                        ..Fill::default()
                    }));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    let Some(path) = pb.finish() else { continue };
                    surface.set_fill(fill.map(|c| Fill {
                        paint: paint(c),
                        ..Fill::default()
                    }));
                    surface.set_stroke(stroke.map(|(c, width)| Stroke {
                        paint: paint(c),
                        width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
                Op::Line {
                    from,
                    to,
                    colour,
                    width,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(from.0, from.1);
                    pb.line_to(to.0, to.1);
                    let Some(path) = pb.finish() else { continue };
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: paint(*colour),
                        width: *width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
            }
        }
        surface.finish();
        pdf_page.finish();
    }
    doc.finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure() -> Measure<'static> {
        let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
        Measure {
            font: skrifa::FontRef::new(bytes).unwrap(),
        }
    }

    #[test]
    fn long_lines_wrap_inside_the_page() {
        let m = measure();
        let text = "word ".repeat(200);
        let lines = m.wrap(&text, 10.5, 300.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width(l, 10.5) <= 300.0));
        assert_eq!(lines.join(" ").split_whitespace().count(), 200);
    }

    fn laid_out(blocks: Vec<Block>) -> Vec<Page> {
        let mut layout = Layout {
            measure: measure(),
            pages: vec![Page::default()],
            y: MARGIN,
        };
        for b in &blocks {
            layout.block(b);
        }
        layout.pages
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every drawing stays inside the page's margins, on pages of the orientation asked for.
    fn assert_inside(pages: &[Page]) {
        for (i, p) in pages.iter().enumerate() {
            for op in &p.ops {
                let (x0, y0, x1, y1) = match op {
                    Op::Text { x, y, .. } => (*x, *y, *x, *y),
                    Op::Rect { x, y, w, h, .. } => (*x, *y, x + w, y + h),
                    Op::Line { from, to, .. } => (from.0, from.1, to.0, to.1),
                };
                assert!(
                    x0 >= MARGIN - 0.5
                        && x1 <= p.width() - MARGIN + 30.0
                        && y0 >= MARGIN - 0.5
                        && y1 <= p.height() - MARGIN + 16.0,
                    "page {i}: {op:?} outside the margins"
                );
            }
        }
    }

    #[test]
    fn a_table_taller_than_a_page_runs_on_with_its_header_and_loses_nothing() {
        let long = (1..=3000)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let table = Table {
            headers: vec!["Need".into(), "Objective".into()],
            widths: vec![1, 3],
            rows: vec![
                vec!["short".into(), "one line".into()],
                vec!["tall".into(), long.clone()],
                vec!["after".into(), "last".into()],
            ],
        };
        let pages = laid_out(vec![
            Block::NewPage { landscape: true },
            Block::Table(table),
        ]);
        assert!(pages.len() >= 2, "{} pages", pages.len());
        assert!(pages.iter().all(|p| p.landscape));
        for p in &pages {
            assert_eq!(
                texts(p).first(),
                Some(&"Need"),
                "every page starts with the header"
            );
        }
        assert_inside(&pages);
        let words: Vec<&str> = pages
            .iter()
            .flat_map(texts)
            .flat_map(str::split_whitespace)
            .filter(|w| w.starts_with('w'))
            .collect();
        assert_eq!(
            words.join(" "),
            long,
            "a word of the tall row was lost or repeated"
        );
    }

    #[test]
    fn a_chart_draws_every_row_with_its_bars_and_names_the_unrated() {
        let chart = Chart {
            title: "Profile".into(),
            series: vec!["Current".into(), "Target".into()],
            min: 0.0,
            max: 5.0,
            ticks: (1..=5).map(|v| (v as f32, v.to_string())).collect(),
            rows: vec![
                rapport_core::export::ChartRow {
                    label: "1 Demonstrates Ethical Practice".into(),
                    values: vec![Some(2.0), Some(4.0)],
                },
                rapport_core::export::ChartRow {
                    label: "2 Embodies a Coaching Mindset".into(),
                    values: vec![None, None],
                },
            ],
        };
        let pages = laid_out(vec![Block::Chart(chart)]);
        let t = texts(&pages[0]);
        assert!(t.contains(&"1 Demonstrates Ethical Practice"), "{t:?}");
        assert!(t.contains(&"2 Embodies a Coaching Mindset"), "{t:?}");
        assert!(t.contains(&"not rated"), "{t:?}");
        let bars: Vec<f32> = pages[0]
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Rect { w, h, .. } if *h < 6.0 => Some(*w),
                _ => None,
            })
            .collect();
        // Two bars for the rated row, the target twice as long as the current.
        assert_eq!(bars.len(), 2, "{bars:?}");
        assert!((bars[1] / bars[0] - 2.0).abs() < 0.01, "{bars:?}");
        assert_inside(&pages);
    }
}
