//! Issue 15, "Hostile inputs": each test makes one of the inputs the hostile test tried and
//! checks the app or the CLI now handles it.

use egui::Key;
use egui_kittest::kittest::Queryable;
use rapport::flashcards::schedule::{Clock, Grade, Scheduler, Settings};
use rapport::store::{STORE_FILE, Store};

use crate::common;

/// Item 3: one `card_state` row whose stability is text. The app used to let the learner study
/// and each grade replaced the saved state (reps 40 became 1).
#[test]
fn an_unreadable_history_row_is_named_and_never_overwritten() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock {
        now: 1_700_000_000,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    let sched = Scheduler::new(Settings::default()).0;
    // A built-in card the learner has reviewed forty times.
    let card = rapport::flashcards::all_cards(&rapport::content::load_builtin().pack)[0]
        .id
        .clone();
    let (mut state, entry) = sched.grade(None, &card, Grade::Good, &clock, 10, 1500);
    state.reps = 40;
    {
        let (mut store, _) = Store::open(data.path()).unwrap();
        store.save_grade(&state, &entry).unwrap();
    }
    let db = data.path().join(STORE_FILE);
    let sql = |q: &str| -> String {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn.prepare(q).unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut out = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..cols)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect();
            out.push(cells.join("|"));
        }
        out.join("\n")
    };
    sql("UPDATE card_state SET stability = 'two hundred' RETURNING card_id");

    let mut h = common::harness(data.path());
    let notices: Vec<String> = h.state().notices().iter().map(|n| n.text.clone()).collect();
    let notice = notices
        .iter()
        .find(|n| n.contains("Could not read your flashcard history"))
        .unwrap_or_else(|| panic!("no notice in {notices:?}"));
    assert!(
        notice.contains(&card),
        "the row is named by its id: {notice}"
    );
    assert!(!notice.contains("could not be written"), "{notice}");

    h.get_by_label("Flashcards").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().flashcards().current_card().is_none(),
        "no study session on an unreadable history"
    );
    assert!(
        h.state()
            .notices()
            .iter()
            .any(|n| n.text.contains("Studying is off")),
        "the learner is told why"
    );
    h.state_mut().wait_for_saves();
    drop(h);
    assert_eq!(
        sql("SELECT reps, typeof(stability) FROM card_state"),
        "40|text",
        "the saved state is untouched"
    );
    assert_eq!(sql("SELECT count(*) FROM review_log"), "1");
}

/// What egui holds of decoded images: bytes, images and textures of every loader.
fn image_cache_bytes(h: &common::App) -> usize {
    let loaders = h.ctx.loaders();
    let bytes: usize = loaders.bytes.lock().iter().map(|l| l.byte_size()).sum();
    let images: usize = loaders.image.lock().iter().map(|l| l.byte_size()).sum();
    let textures: usize = loaders.texture.lock().iter().map(|l| l.byte_size()).sum();
    bytes + images + textures
}

/// Item 2: a large figure is kept at display size, and leaving its page frees what egui decoded.
#[test]
fn a_large_figure_is_shown_scaled_down_and_freed_when_its_page_is_left() {
    let base = tempfile::tempdir().unwrap();
    let pack = base.path().join("pack");
    std::fs::create_dir_all(pack.join("figures")).unwrap();
    std::fs::create_dir_all(pack.join("units")).unwrap();
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(3000, 3000, image::Rgba([10, 20, 30, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::write(pack.join("figures/big.png"), &png).unwrap();
    std::fs::write(
        pack.join("units/u.ron"),
        r#"Unit(id: "big-figure", title: "A unit with a big figure", synopsis: "S.",
    figures: [Figure(id: "big-figure/fig", file: "figures/big.png", caption: "A big diagram.",
        alt: "A square.")])"#,
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut h = common::harness_with(std::slice::from_ref(&pack), data.path());
    h.get_by_label("A unit with a big figure").click();
    h.run();
    h.get_by_label("A big diagram.");
    let held = image_cache_bytes(&h);
    assert!(held > 0, "the figure was decoded");
    // 1280×1280 RGBA at most (with the bytes of its PNG), not 3000×3000 (36 MB).
    assert!(held < 16 * 1024 * 1024, "{held} bytes held for one figure");

    h.get_by_label("Units").click();
    h.run();
    assert_eq!(
        image_cache_bytes(&h),
        0,
        "nothing kept for a page not shown"
    );
}
