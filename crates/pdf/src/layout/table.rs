//! Tables: the header repeated on every page a table runs over, and a row taller than a page
//! split line by line, so no text is lost off the bottom of a page.

use rapport_core::export::Table;

use super::{BLACK, CELL_PAD, HEADER_FILL, LEADING, Layout, MARGIN, Op, RULE, TABLE_TEXT};
use crate::measure::{Measure, printable};

impl Layout<'_> {
    pub(super) fn table(&mut self, t: &Table) {
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
}
