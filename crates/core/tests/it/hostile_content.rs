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
