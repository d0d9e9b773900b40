//! Fuzzy search over the built-in units.

use rapport_core::content::{Anchor, load_builtin};
use rapport_core::search::SearchIndex;

fn index() -> SearchIndex {
    SearchIndex::build(&load_builtin().pack)
}

#[test]
fn an_empty_query_finds_nothing() {
    assert!(index().search("   ", 10).is_empty());
}

#[test]
fn a_misspelt_word_still_finds_the_misconception() {
    let index = index();
    for typo in ["confidentialty", "confidantiality", "confidnetiality"] {
        let hits = index.search(&format!("{typo} absolute"), 10);
        let top = hits.first().unwrap_or_else(|| panic!("no hits for {typo}"));
        let entry = index.entry(top);
        assert_eq!(entry.unit_id, "proqual-l3-mc-relationship", "{typo}");
        assert!(
            matches!(entry.anchor, Anchor::Misconception(_)),
            "{typo}: {entry:?}"
        );
        assert!(
            entry.text.starts_with("Confidentiality is absolute"),
            "{typo}: {}",
            entry.text
        );
    }
}

#[test]
fn matched_characters_are_reported_for_highlighting() {
    let index = index();
    let hits = index.search("GROW", 5);
    let hit = hits.first().expect("GROW appears in several units");
    let text: Vec<char> = index.entry(hit).text.chars().collect();
    let matched: String = hit.indices.iter().map(|&i| text[i]).collect();
    assert_eq!(matched.to_lowercase(), "grow");
}

#[test]
fn exact_matches_rank_above_scattered_letters() {
    let index = index();
    let hits = index.search("safeguarding", 50);
    assert!(!hits.is_empty());
    for pair in hits.windows(2) {
        assert!(pair[0].score >= pair[1].score);
    }
    let top = index.entry(&hits[0]);
    assert!(
        top.text.to_lowercase().contains("safeguarding"),
        "{}",
        top.text
    );
}

#[test]
fn nonsense_finds_nothing() {
    assert!(index().search("zzqxv", 10).is_empty());
}

#[test]
fn a_hyphenated_word_and_a_word_typed_in_part_are_found() {
    let index = index();
    for query in ["self-awareness", "self awareness", "self-awar"] {
        let hits = index.search(query, 5);
        let top = hits
            .first()
            .unwrap_or_else(|| panic!("no hits for {query}"));
        assert!(
            index
                .entry(top)
                .text
                .to_lowercase()
                .contains("self-awareness"),
            "{query}: {}",
            index.entry(top).text
        );
    }
}

#[test]
fn each_word_of_the_query_must_be_found() {
    let index = index();
    let both = index.search("GROW zzqxv", 10);
    assert!(
        both.is_empty(),
        "a second word that is nowhere rules every item out"
    );
}
