//! The flashcards made from the built-in pack, and authored decks in broken tutor packs.

use std::collections::HashSet;
use std::path::Path;

use rapport_core::content::{self, Problem, load_builtin};
use rapport_core::flashcards::{CardKind, all_cards};

use crate::common::pack;

const UNIT: &str = r#"Unit(
    id: "tutor-unit",
    title: "A tutor's own unit",
    synopsis: "Written by a tutor for a class.",
    key_concepts: [KeyConcept(id: "tutor-unit/kc/contract", term: "Contract", explanation: "An agreement on how the work will go.")],
)"#;

fn problems(dir: &Path) -> Vec<Problem> {
    content::check_folder(dir).problems
}

#[test]
fn the_builtin_pack_makes_at_least_250_tagged_cards_with_unique_ids() {
    let loaded = load_builtin();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let cards = all_cards(&loaded.pack);
    assert!(cards.len() >= 250, "only {} cards", cards.len());
    let ids: HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), cards.len(), "card ids are unique");
    for card in &cards {
        assert!(
            loaded.pack.unit(&card.unit).is_some(),
            "{} names a unit",
            card.id
        );
        let tags = card.all_tags();
        assert!(tags.iter().any(|t| t.starts_with("unit::")), "{}", card.id);
        assert!(
            tags.iter()
                .any(|t| t.starts_with("section::") && t.len() > 9),
            "{}",
            card.id
        );
        assert!(
            tags.iter().any(|t| t.starts_with("topic::") && t.len() > 7),
            "{}",
            card.id
        );
        assert!(
            !card.front.trim().is_empty() && !card.back.trim().is_empty(),
            "{}",
            card.id
        );
        assert!(
            !card.front.contains("{{"),
            "cloze markup shown on {}",
            card.id
        );
    }
    let clozes = cards
        .iter()
        .filter(|c| matches!(c.kind, CardKind::Cloze { .. }))
        .count();
    assert!(clozes >= 30, "{clozes} cloze cards");
    for deck in [
        "grow",
        "clear",
        "oskar",
        "egan",
        "gibbs",
        "kolb",
        "johari",
        "clutterbuck",
        "smart",
        "kirkpatrick",
        "proctor",
        "relationship-stages",
        "icf",
        "emcc",
        "equality-act",
        "uk-gdpr",
        "confidentiality",
    ] {
        assert!(
            loaded.pack.decks.iter().any(|d| d.deck.id == deck),
            "deck {deck} is missing"
        );
    }
}

#[test]
fn every_unit_item_gets_its_cards_with_ids_derived_from_the_item() {
    let loaded = load_builtin();
    let cards = all_cards(&loaded.pack);
    let ids: HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    for u in &loaded.pack.units {
        for kc in &u.unit.key_concepts {
            assert!(ids.contains(format!("card:{}:forward", kc.id).as_str()));
        }
        for m in &u.unit.misconceptions {
            assert!(ids.contains(format!("card:{}", m.id).as_str()));
        }
        for c in u.unit.criteria() {
            let id = format!("card:{}/criterion/{}", u.unit.id, c.number);
            assert!(ids.contains(id.as_str()), "{id}");
        }
    }
    let grow = cards
        .iter()
        .find(|c| c.id == "card:grow/after-reality")
        .unwrap();
    assert!(grow.back.starts_with("Options"));
}

#[test]
fn editing_a_cards_wording_keeps_its_id() {
    let deck = |back: &str| {
        format!(
            r#"Deck(id: "mine", title: "Mine", unit: "tutor-unit", section: "Models", topic: "T",
               cards: [Card(id: "one", front: "Q?", back: "{back}")])"#
        )
    };
    let a = pack(&[
        ("units/u.ron", UNIT),
        ("cards/mine.ron", &deck("first wording")),
    ]);
    let b = pack(&[
        ("units/u.ron", UNIT),
        ("cards/mine.ron", &deck("second wording")),
    ]);
    let id = |dir: &Path| {
        let loaded = content::check_folder(dir);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        all_cards(&loaded.pack)
            .into_iter()
            .find(|c| c.deck == "mine")
            .unwrap()
    };
    let (ca, cb) = (id(a.path()), id(b.path()));
    assert_eq!(ca.id, cb.id);
    assert_ne!(ca.back, cb.back);
}

#[test]
fn a_deck_naming_a_missing_unit_is_reported_at_its_line() {
    let dir = pack(&[
        ("units/u.ron", UNIT),
        (
            "cards/bad.ron",
            "Deck(\n  id: \"bad\",\n  title: \"Bad\",\n  unit: \"no-such-unit\",\n  section: \"S\",\n  topic: \"T\",\n  cards: [Card(id: \"a\", front: \"Q\", back: \"A\")],\n)",
        ),
    ]);
    let p = problems(dir.path());
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].file.ends_with("cards/bad.ron"));
    assert_eq!(p[0].line, Some(4));
    assert!(p[0].message.contains("no-such-unit"), "{}", p[0]);
    assert!(
        content::check_folder(dir.path()).pack.decks.is_empty(),
        "a deck with a problem is not loaded"
    );
}

#[test]
fn broken_cards_are_each_named() {
    let dir = pack(&[
        ("units/u.ron", UNIT),
        (
            "cards/bad.ron",
            r#"Deck(id: "d", title: "D", unit: "tutor-unit", section: "S", topic: "T", cards: [
    Card(id: "both", front: "Q", back: "A", cloze: "{{c1::x}}"),
    Card(id: "neither"),
    Card(id: "no-back", front: "Q"),
    Card(id: "bad-cloze", cloze: "{{c1::never closed"),
    Card(id: "dup", front: "Q", back: "A"),
    Card(id: "dup", front: "Q2", back: "A2"),
    Card(id: "bad tag", front: "Q", back: "A", tags: ["two words"]),
])"#,
        ),
    ]);
    let p = problems(dir.path());
    let messages: Vec<String> = p.iter().map(|p| p.to_string()).collect();
    let expect = [
        "both `front` and `cloze`",
        "needs either `front` and `back`, or `cloze`",
        "front but no back",
        "never closed",
        "used twice",
        "may only use letters",
        "tag with a space",
    ];
    for e in expect {
        assert!(
            messages.iter().any(|m| m.contains(e)),
            "no `{e}` in {messages:#?}"
        );
    }
    assert!(p.iter().all(|p| p.line.is_some()), "{messages:#?}");
}

#[test]
fn a_misspelt_field_and_a_clashing_deck_id_are_reported() {
    let good = r#"Deck(id: "grow", title: "Mine", unit: "tutor-unit", section: "S", topic: "T", cards: [Card(id: "a", front: "Q", back: "A")])"#;
    let dir = pack(&[
        ("units/u.ron", UNIT),
        ("cards/typo.ron", r#"Deck(id: "x", titel: "X")"#),
        ("cards/a.ron", good),
        ("cards/b.ron", &good.replace("Mine", "Other")),
    ]);
    let p = problems(dir.path());
    assert!(
        p.iter()
            .any(|p| p.file.ends_with("typo.ron") && p.message.contains("titel")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|p| p.file.ends_with("b.ron") && p.message.contains("already used")),
        "{p:#?}"
    );
}

#[test]
fn a_tutor_deck_may_be_written_for_a_builtin_unit() {
    let dir = pack(&[(
        "cards/extra.ron",
        r#"Deck(id: "extra-grow", title: "More GROW", unit: "proqual-l3-mc-relationship", section: "Models", topic: "GROW", cards: [Card(id: "a", front: "Q", back: "A")])"#,
    )]);
    assert!(
        problems(dir.path()).is_empty(),
        "{:#?}",
        problems(dir.path())
    );
    let loaded = content::load_with_folders(&[dir.path().to_path_buf()]);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert!(
        all_cards(&loaded.pack)
            .iter()
            .any(|c| c.id == "card:extra-grow/a")
    );
}
