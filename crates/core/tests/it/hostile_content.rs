//! Issue 15, "Hostile inputs": packs made to hurt the loader. Each test builds one of the
//! inputs the hostile test tried and checks it is refused with a message, quickly and in
//! bounded memory (the memory and time ceilings themselves are checked in the app's fuzz tests).

use rapport_core::content::{self, Problem};
use rapport_core::flashcards::all_cards;

use crate::common::pack;

fn deck(cloze: &str) -> String {
    format!(
        r#"Deck(id: "big", title: "Big", unit: "athe-l6-personal-development", section: "S",
    topic: "T", cards: [Card(id: "c", cloze: "{cloze}")])"#
    )
}

fn messages(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Item 1: 20,000 deletions in one card made 20,000 cards each holding the whole text.
#[test]
fn a_cloze_card_with_too_many_deletions_is_refused_with_its_count() {
    let text: Vec<String> = (1..=20_000).map(|i| format!("{{{{c{i}::w}}}}")).collect();
    let dir = pack(&[("cards/big.ron", &deck(&text.join(" ")))]);
    let loaded = content::check_folder(dir.path());
    let all = messages(&loaded.problems);
    assert!(
        all.contains("cards/big.ron:2:") && all.contains("has 20000 cloze deletions"),
        "{all}"
    );
    assert!(loaded.pack.decks.is_empty());

    // The limit itself is accepted, one card per number.
    let text: Vec<String> = (1..=content::cards::MAX_CLOZE_DELETIONS)
        .map(|i| format!("{{{{c{i}::w{i}}}}}"))
        .collect();
    let dir = pack(&[("cards/big.ron", &deck(&text.join(" ")))]);
    let loaded = content::check_folder(dir.path());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let cards = all_cards(&loaded.pack);
    assert_eq!(cards.len(), content::cards::MAX_CLOZE_DELETIONS);
    assert_eq!(cards[1].front.matches("[…]").count(), 1);
    assert!(cards[1].back.contains("[w2]"));
}

/// Item 9: a 7 MB synopsis (under the 8 MB file limit) took 8.7 s to lay out.
#[test]
fn an_overlong_text_field_is_refused_with_its_length_and_position() {
    let synopsis = "word ".repeat(1_400_000);
    let unit =
        format!("Unit(\n    id: \"long\",\n    title: \"Long\",\n    synopsis: \"{synopsis}\",\n)");
    let dir = pack(&[("units/long.ron", &unit)]);
    let loaded = content::check_folder(dir.path());
    let all = messages(&loaded.problems);
    assert!(
        all.contains("units/long.ron:") && all.contains("7000000 characters long"),
        "{all}"
    );
    assert!(loaded.pack.unit("long").is_none(), "the unit is not loaded");

    let card = format!(
        r#"Deck(id: "d", title: "D", unit: "athe-l6-personal-development", section: "S",
    topic: "T", cards: [Card(id: "c", front: "F", back: "{}")])"#,
        "b".repeat(content::validate::MAX_TEXT_CHARS + 1)
    );
    let dir = pack(&[("cards/d.ron", &card)]);
    let all = messages(&content::check_folder(dir.path()).problems);
    assert!(all.contains("the back is 20001 characters long"), "{all}");
}

/// A grey PNG of `w`×`h` pixels (grey compresses to almost nothing, as in the hostile test:
/// 8192×8192 in 255 KB).
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::GrayImage::from_pixel(w, h, image::Luma([128]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A unit with one figure per file of `files`.
fn unit_with_figures(files: &[&str]) -> String {
    let figures: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(r#"Figure(id: "fig/{i}", file: "{f}", caption: "Figure {i}.", alt: "Grey.")"#)
        })
        .collect();
    format!(
        "Unit(\n    id: \"figs\",\n    title: \"Figures\",\n    synopsis: \"S.\",\n    figures: [\n        {}\n    ],\n)",
        figures.join(",\n        ")
    )
}

/// Item 2: valid figures that decode to gigabytes. Each figure and the pack as a whole have a
/// budget of pixels, checked at load (so `check` says it too), and a figure larger than the
/// page shows is kept scaled down.
#[test]
fn figures_past_the_pixel_budgets_are_refused_and_large_ones_are_scaled_down() {
    use rapport_core::content::assets::{DISPLAY_SIDE, MAX_FIGURE_PIXELS, MAX_PACK_PIXELS};
    let huge = png(8192, 8192);
    let big = png(4096, 4096);
    let names: Vec<String> = (0..6).map(|i| format!("figures/{i}.png")).collect();
    let mut files: Vec<(&str, &[u8])> = vec![(names[0].as_str(), huge.as_slice())];
    for name in &names[1..] {
        files.push((name.as_str(), big.as_slice()));
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let unit = unit_with_figures(&refs);
    files.push(("units/figs.ron", unit.as_bytes()));
    let dir = crate::common::pack_bytes(&files);
    let loaded = content::check_folder(dir.path());
    let all = messages(&loaded.problems);
    assert!(
        all.contains("figures/0.png` is 8192×8192 pixels (67.1 million)"),
        "{all}"
    );
    let kept = (MAX_PACK_PIXELS / MAX_FIGURE_PIXELS) as usize;
    assert!(
        all.contains(&format!("figures/{}.png", kept + 1))
            && all.contains("past 67 million pixels in all"),
        "{all}"
    );
    assert!(all.contains("units/figs.ron:"), "with a position: {all}");
    let unit = loaded.pack.unit("figs").unwrap();
    assert_eq!(
        unit.images.len(),
        kept,
        "the figures within the budget load"
    );
    let shown = image::load_from_memory(&unit.images[0]).unwrap();
    assert_eq!(
        (shown.width(), shown.height()),
        (DISPLAY_SIDE, DISPLAY_SIDE)
    );
}

/// Item 18: a PNG with a valid header and truncated data passed `check`, then failed on the page.
#[test]
fn a_truncated_figure_is_refused_by_check() {
    let whole = png(300, 200);
    let cut = &whole[..whole.len() * 2 / 3];
    let unit = unit_with_figures(&["figures/cut.png"]);
    let dir = crate::common::pack_bytes(&[
        ("figures/cut.png", cut),
        ("units/figs.ron", unit.as_bytes()),
    ]);
    let loaded = content::check_folder(dir.path());
    let all = messages(&loaded.problems);
    assert!(
        all.contains("units/figs.ron:")
            && all.contains("figures/cut.png`: the image cannot be read"),
        "{all}"
    );
    assert!(loaded.pack.unit("figs").unwrap().images.is_empty());
}

/// Item 4: a FIFO named `units/pipe.ron` hung `check` (and, under the data folder, every start).
#[cfg(unix)]
#[test]
fn a_fifo_in_a_pack_is_reported_not_read() {
    let dir = pack(&[(
        "units/a.ron",
        "Unit(id: \"a\", title: \"A\", synopsis: \"S.\")",
    )]);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("units/pipe.ron"))
        .status()
        .unwrap();
    assert!(status.success());
    let loaded = content::check_folder(dir.path());
    let all = messages(&loaded.problems);
    assert!(
        all.contains("units/pipe.ron: not read: not a regular file"),
        "{all}"
    );
    assert!(
        loaded.pack.unit("a").is_some(),
        "the rest of the pack loads"
    );
}

/// Item 10: a UTF-8 byte-order mark gave "1:1: Expected opening ( for struct Unit".
#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = pack(&[(
        "units/a.ron",
        "\u{feff}Unit(id: \"a\", title: \"A\", synopsis: \"S.\")",
    )]);
    let loaded = content::check_folder(dir.path());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.pack.unit("a").is_some());
}

/// Item 11: files more than 8 folders deep were skipped silently and `check` said ok.
#[test]
fn files_too_deep_are_reported() {
    let deep = format!("units/{}a.ron", "d/".repeat(9));
    let dir = pack(&[(
        deep.as_str(),
        "Unit(id: \"a\", title: \"A\", synopsis: \"S.\")",
    )]);
    let all = messages(&content::check_folder(dir.path()).problems);
    assert!(all.contains("not read: folders more than 8 deep"), "{all}");
}

/// Item 16: `--content X --content X/.` loaded X twice and each unit clashed with itself.
#[test]
fn one_folder_given_twice_is_loaded_once() {
    let dir = pack(&[(
        "units/a.ron",
        "Unit(id: \"a\", title: \"A\", synopsis: \"S.\")",
    )]);
    let loaded = content::load_with_folders(&[
        dir.path().to_path_buf(),
        dir.path().join("."),
        dir.path().join("units/.."),
    ]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        loaded
            .pack
            .units
            .iter()
            .filter(|u| u.unit.id == "a")
            .count(),
        1
    );
}

/// Item 5: `check` passed packs the app then refused (a built-in key concept, marking point,
/// scenario or deck id reused), and reported built-in unit clashes without a position. Now
/// `check` runs the app's own loading and reports the same problems, each at its line.
#[test]
fn check_reports_exactly_what_the_app_reports_including_builtin_clashes() {
    let unit = r#"Unit(
    id: "tutor-unit",
    title: "A tutor's unit",
    synopsis: "S.",
    key_concepts: [KeyConcept(id: "athe-l6-personal-development/kc/mentoring-models", term: "Models", explanation: "Mine.")],
    marking_points: [MarkingPoint(id: "athe-l6-personal-development/mp/framework-based-self-assessment", text: "Mine.")],
)"#;
    let clash = r#"Unit(
    id: "athe-l6-personal-development",
    title: "Not the built-in one",
    synopsis: "S.",
)"#;
    let deck = r#"Deck(id: "athe-assessment", title: "Mine", unit: "tutor-unit", section: "S",
    topic: "T", cards: [Card(id: "outcomes", front: "F", back: "B")])"#;
    let builtin_scenarios = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../content/scenarios/athe-l6-personal-development.ron"),
    )
    .unwrap();
    // The built-in scenario file with one word changed: same ids, different scenarios.
    let scenarios = builtin_scenarios.replacen("Hannah", "Joanna", 1);
    let dir = pack(&[
        ("units/tutor.ron", unit),
        ("units/clash.ron", clash),
        ("cards/mine.ron", deck),
        ("scenarios/mine.ron", &scenarios),
    ]);
    let checked = content::check_folder(dir.path()).problems;
    let app = content::load_with_folders(&[dir.path().to_path_buf()]).problems;
    assert_eq!(checked, app, "check and the app report the same problems");
    let all = messages(&checked);
    for (what, needle) in [
        (
            "key concept",
            "duplicate id `athe-l6-personal-development/kc/mentoring-models`",
        ),
        (
            "marking point",
            "duplicate id `athe-l6-personal-development/mp/framework-based-self-assessment`",
        ),
        (
            "unit",
            "unit id `athe-l6-personal-development` is already used by built-in:",
        ),
        (
            "deck",
            "deck id `athe-assessment` is already used by built-in:",
        ),
        (
            "scenario",
            "duplicate scenario id `athe-l6-personal-development/sc/self-assessment-basis`",
        ),
    ] {
        let line = all
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {what} clash in:\n{all}"));
        let at = line.split(": ").next().unwrap();
        assert!(
            at.split(':').filter(|p| p.parse::<usize>().is_ok()).count() == 2,
            "the {what} clash has file:line:col: {line}"
        );
    }
}

/// Item 5: a tutor's key concept reusing a built-in id made a card with the built-in card's id,
/// so the two shared one schedule. The built-in card keeps the id; the tutor's is left out.
#[test]
fn a_card_id_is_never_shared_with_a_builtin_card() {
    let unit = r#"Unit(
    id: "tutor-unit",
    title: "A tutor's unit",
    synopsis: "S.",
    key_concepts: [KeyConcept(id: "athe-l6-personal-development/kc/mentoring-models", term: "Something else", explanation: "Mine.")],
)"#;
    let dir = pack(&[("units/tutor.ron", unit)]);
    let loaded = content::load_with_folders(&[dir.path().to_path_buf()]);
    let cards = all_cards(&loaded.pack);
    let ids: std::collections::HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), cards.len(), "every card id is unique");
    let card = cards
        .iter()
        .find(|c| c.id == "card:athe-l6-personal-development/kc/mentoring-models:forward")
        .unwrap();
    assert_eq!(
        card.unit, "athe-l6-personal-development",
        "the built-in card keeps it"
    );
}
