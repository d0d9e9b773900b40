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

fn rapport() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
}

/// Exit code and everything printed.
fn run(cmd: &mut std::process::Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().expect("exited, not killed"), text)
}

/// Item 7: `export-anki` overwrote an existing file silently and wrote through a symlink.
#[cfg(unix)]
#[test]
fn export_anki_keeps_an_existing_file_unless_forced_and_never_follows_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("notes.txt");
    std::fs::write(&out, "mine").unwrap();
    let (code, text) = run(rapport().arg("export-anki").arg(&out));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("already exists") && text.contains("--force"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");

    let (code, text) = run(rapport().arg("export-anki").arg(&out).arg("--force"));
    assert_eq!(code, 0, "{text}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('#'));

    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "precious").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for force in [false, true] {
        let mut cmd = rapport();
        cmd.arg("export-anki").arg(&link);
        if force {
            cmd.arg("--force");
        }
        let (code, text) = run(&mut cmd);
        assert_eq!(code, 1, "{text}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
}

/// Item 14: `generate-large --units 18446744073709551615` panicked ("capacity overflow").
#[test]
fn size_arguments_are_bounded_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (arg, value) in [
        ("--units", "18446744073709551615"),
        ("--units", "100000000000"),
        ("--cards", "99999999999999999999999"),
        ("--reviews", "lots"),
    ] {
        let (code, text) = run(rapport()
            .arg("generate-large")
            .arg(dir.path().join("out"))
            .args([arg, value]));
        assert_eq!(code, 2, "{arg} {value}: {text}");
        assert!(
            text.contains(&format!("invalid value '{value}' for '{arg}"))
                && (text.contains("at most") || text.contains("from 0 to")),
            "{text}"
        );
        assert!(!text.contains("panicked"), "{text}");
    }
    assert!(!dir.path().join("out").exists());
}

/// Item 15: `bench-ops` on a corrupt store renamed the learner's file to `.corrupt-*` and
/// exited 0; with a missing `--data-dir` it created it.
#[test]
fn bench_ops_never_changes_or_creates_a_learners_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let junk = vec![0x5au8; 20_000];
    std::fs::write(data.join(STORE_FILE), &junk).unwrap();
    let (code, text) = run(rapport()
        .args([
            "bench-ops",
            "--word",
            "goal",
            "--answer",
            "1",
            "--repeat",
            "1",
        ])
        .arg("--data-dir")
        .arg(&data));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("cannot be read") && text.contains("left as it is"),
        "{text}"
    );
    let names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec![STORE_FILE.to_owned()],
        "nothing renamed or added"
    );
    assert_eq!(std::fs::read(data.join(STORE_FILE)).unwrap(), junk);

    let missing = dir.path().join("missing");
    let (code, text) = run(rapport()
        .args(["bench-ops", "--word", "goal"])
        .arg("--data-dir")
        .arg(&missing));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("no data file"), "{text}");
    assert!(!missing.exists(), "the folder is not created");
}

/// Item 19: `mark` read all of standard input (1 GB took 986 MB). It now stops past what can be
/// marked: the writer of a 64 MB answer finds the pipe closed.
#[test]
fn mark_stops_reading_past_the_limit() {
    use std::io::Write;
    let mut child = rapport()
        .args([
            "mark",
            "ers-coaching-mentoring-roles/sc/justify-role-written",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = "We would agree a contract. ".repeat(40_000).into_bytes();
        let mut written = 0usize;
        while written < 64 * 1024 * 1024 {
            if stdin.write_all(&chunk).is_err() {
                return written;
            }
            written += chunk.len();
        }
        written
    });
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("only the start is marked"), "{stderr}");
    assert!(written < 64 * 1024 * 1024, "all 64 MB were read");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["truncated"], true);
}
