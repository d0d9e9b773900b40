use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::Theme;
use image::RgbaImage;

use crate::common::{App, harness};
use crate::walk;

/// The size of the pictures: the smallest common laptop screen, where most pages need most care.
const SIZE: (f32, f32) = (1280.0, 720.0);

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/snapshots")
}

/// A page's file name: its walk name in lower case, words joined by hyphens.
fn file_name(page: &str, theme: Theme) -> String {
    let words: Vec<String> = page
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let theme = match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    format!("{}-{theme}.png", words.join("-"))
}

fn mean_luma(img: &RgbaImage) -> f64 {
    let sum: u64 = img
        .pixels()
        .map(|p| (u64::from(p[0]) * 3 + u64::from(p[1]) * 6 + u64::from(p[2])) / 10)
        .sum();
    sum as f64 / (img.width() * img.height()) as f64
}

fn distinct_colours(img: &RgbaImage) -> usize {
    img.pixels().map(|p| p.0).collect::<BTreeSet<_>>().len()
}

/// Written with the best compression: the pictures are kept in git.
fn save(image: &RgbaImage, path: &Path) {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let file = std::fs::File::create(path).unwrap();
    let encoder = PngEncoder::new_with_quality(
        std::io::BufWriter::new(file),
        CompressionType::Best,
        FilterType::Adaptive,
    );
    image.write_with_encoder(encoder).unwrap();
}

struct Shot {
    file: String,
    image: RgbaImage,
}

fn shoot(h: &mut App, page: &str, shots: &mut Vec<(String, Shot, Shot)>) {
    h.set_size(egui::vec2(SIZE.0, SIZE.1));
    let take = |h: &mut App, theme: Theme| {
        h.ctx.set_theme(theme);
        h.run();
        let image = h
            .render()
            .unwrap_or_else(|e| panic!("{page} in {theme:?} did not render: {e}"));
        Shot {
            file: file_name(page, theme),
            image,
        }
    };
    let light = take(h, Theme::Light);
    let dark = take(h, Theme::Dark);
    shots.push((page.to_owned(), light, dark));
    h.ctx.set_theme(Theme::Light);
    // The walk's clicks expect the size the harness opened at.
    h.set_size(egui::vec2(1280.0, 900.0));
    h.run();
}

#[test]
fn every_main_page_in_light_and_dark() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    // The page as it looks, not the synthetic pointer of the last click.
    h.set_render_cursor(false);
    let mut shots = Vec::new();
    walk::every_main_page(&mut h, &mut |h, page| shoot(h, page, &mut shots));

    for page in walk::MAIN_PAGES {
        assert!(
            shots.iter().any(|(p, ..)| p == page),
            "the walk did not reach {page}"
        );
    }
    for (page, light, dark) in &shots {
        for shot in [light, dark] {
            assert_eq!(
                (shot.image.width(), shot.image.height()),
                (SIZE.0 as u32, SIZE.1 as u32),
                "{page}: picture size"
            );
            // A page drawn with text has many shades (anti-aliased glyphs); a blank or failed
            // render has a handful.
            assert!(
                distinct_colours(&shot.image) > 50,
                "{}: looks blank ({} colours)",
                shot.file,
                distinct_colours(&shot.image)
            );
        }
        // The projector keeps its own high-contrast colours in either theme.
        if page.starts_with("projector") {
            continue;
        }
        assert!(
            mean_luma(&dark.image) + 40.0 < mean_luma(&light.image),
            "{page}: dark ({:.0}) is not darker than light ({:.0})",
            mean_luma(&dark.image),
            mean_luma(&light.image)
        );
    }

    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let dir = if update {
        committed_dir()
    } else {
        std::env::temp_dir().join("rapport-snapshots")
    };
    std::fs::create_dir_all(&dir).unwrap();
    let mut written = BTreeSet::new();
    for (_, light, dark) in &shots {
        for shot in [light, dark] {
            save(&shot.image, &dir.join(&shot.file));
            written.insert(shot.file.clone());
        }
    }
    eprintln!("{} pictures written to {}", written.len(), dir.display());

    // The committed pictures are exactly this walk's pages: none missing, none left over.
    let committed: BTreeSet<String> = std::fs::read_dir(committed_dir())
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".png"))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        committed, written,
        "docs/snapshots does not match the pages walked; run scripts/snapshots.sh and look at the pictures"
    );
}
