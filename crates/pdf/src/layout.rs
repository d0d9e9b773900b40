//! Blocks laid out into pages of drawing operations, in points from the top left of the page.

mod chart;
mod table;
#[cfg(test)]
mod tests;

use rapport_core::export::Block;

use crate::measure::{Measure, printable};

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

pub(crate) type Rgb = (u8, u8, u8);
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
pub(crate) enum Op {
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
pub(crate) struct Page {
    pub(crate) landscape: bool,
    pub(crate) ops: Vec<Op>,
}

impl Page {
    pub(crate) fn width(&self) -> f32 {
        if self.landscape { A4_LONG } else { A4_SHORT }
    }

    pub(crate) fn height(&self) -> f32 {
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

/// `blocks` laid out on A4 pages, portrait unless a block asks for landscape.
pub(crate) fn pages(measure: Measure<'_>, blocks: &[Block]) -> Vec<Page> {
    let mut layout = Layout {
        measure,
        pages: vec![Page::default()],
        y: MARGIN,
    };
    for block in blocks {
        layout.block(block);
    }
    layout.pages
}
