//! The profile chart: one row per competency, a bar per series, and the scale under the bars.

use rapport_core::export::Chart;

use super::{BLACK, GREY_TEXT, LEADING, Layout, MARGIN, Op, Rgb, SERIES};
use crate::measure::printable;

impl Layout<'_> {
    pub(super) fn chart(&mut self, c: &Chart) {
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
}
