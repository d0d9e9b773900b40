//! Layout checked on the drawing operations, before any PDF is written.
use super::*;
use crate::measure::Measure;
use rapport_core::export::{Chart, Table};

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
    pages(measure(), &blocks)
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
