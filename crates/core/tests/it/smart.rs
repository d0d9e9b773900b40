//! The SMART checker against objectives labelled by hand, and what it does with any text.
//!
//! `blind_dev` and `blind_holdout` measure it on objectives written and labelled by someone who
//! never saw the checker or its word lists (`tests/data/smart_blind/`), from the definitions in
//! `docs/self-assessment-and-plan.md`. Tuning looks at the development part only; the held-out
//! part is run once, after tuning, to say how the checker does on text it was not tuned on.
//! `the_old_labelled_set_does_not_regress` keeps the first labelled set (which the checker was
//! once tuned on, so its figure says nothing about new text) as a regression test.

use chrono::NaiveDate;
use rapport_core::content::load_builtin;
use rapport_core::plan::smart::{self, Letter, Lexicon};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labelled {
    text: String,
    s: bool,
    m: bool,
    a: bool,
    r: bool,
    t: bool,
}

impl Labelled {
    fn label(&self, letter: Letter) -> bool {
        match letter {
            Letter::S => self.s,
            Letter::M => self.m,
            Letter::A => self.a,
            Letter::R => self.r,
            Letter::T => self.t,
        }
    }
}

fn read_set(path: &str) -> Vec<Labelled> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    ron::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Agreement with the labels, per letter (in `Letter::ALL` order), printed with the
/// disagreements; the letters in `floored` must agree on at least `floor` of the objectives.
fn agreement(name: &str, path: &str, today: NaiveDate, floored: &[Letter], floor: f64) -> [f64; 5] {
    let set = read_set(path);
    assert!(!set.is_empty(), "{path} holds no objectives");
    let loaded = load_builtin();
    let lexicon = Lexicon::from_pack(&loaded.pack);
    let ctx = smart::Context {
        lexicon: Some(&lexicon),
        ..smart::Context::text_only(today)
    };
    let mut agree = [0usize; 5];
    let mut whole = 0;
    let mut disagreements = Vec::new();
    for item in &set {
        let report = smart::check(&item.text, &ctx);
        let mut all = true;
        for (i, letter) in Letter::ALL.into_iter().enumerate() {
            let v = report.verdict(letter);
            assert_eq!(
                v.pass,
                v.suggestion.is_none(),
                "a failing letter has a suggestion"
            );
            if v.pass == item.label(letter) {
                agree[i] += 1;
            } else {
                all = false;
                disagreements.push(format!(
                    "{}: checker says {} ({}) for {:?}",
                    letter.initial(),
                    if v.pass { "pass" } else { "fail" },
                    v.reason,
                    item.text
                ));
            }
        }
        whole += usize::from(all);
    }
    let n = set.len() as f64;
    let shares = agree.map(|a| a as f64 / n);
    println!("{name}: {} objectives", set.len());
    for (letter, a) in Letter::ALL.iter().zip(agree) {
        println!(
            "  {}: {a}/{} ({:.1}%)",
            letter.name(),
            set.len(),
            100.0 * a as f64 / n
        );
    }
    println!("  all five right: {whole}/{}", set.len());
    for d in &disagreements {
        println!("  {d}");
    }
    for letter in floored {
        let share = shares[*letter as usize];
        assert!(
            share >= floor,
            "{name}: {} agrees on {:.1}%, below the floor of {:.0}%",
            letter.name(),
            100.0 * share,
            100.0 * floor
        );
    }
    shares
}

/// The day the blind set was labelled on: its dates are future or past relative to it.
fn blind_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

const BLIND_FLOOR: f64 = 0.93;

#[test]
fn blind_dev() {
    agreement(
        "blind dev",
        "tests/data/smart_blind/dev.ron",
        blind_today(),
        &[Letter::S, Letter::M, Letter::T],
        BLIND_FLOOR,
    );
}

#[test]
fn blind_holdout() {
    agreement(
        "blind holdout",
        "tests/data/smart_blind/holdout.ron",
        blind_today(),
        &[Letter::S, Letter::M, Letter::T],
        BLIND_FLOOR,
    );
}

/// The first labelled set, which an earlier checker was tuned on (so its figure says nothing
/// about new text), kept as a regression test with its floors: 80% per letter, 90% overall.
/// Achievable is reported but not floored: that set's labels count the activity itself as the
/// means ("Attend monthly group supervision and bring one recorded session to each meeting" is
/// achievable there), where the blind set's definitions do not ("Attend four group supervision
/// sessions over the next term and bring one client dilemma to each" is not), and the blind
/// set's definitions are the docs'.
#[test]
fn the_old_labelled_set_does_not_regress() {
    let shares = agreement(
        "old labelled set",
        "tests/data/smart_objectives.ron",
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        &[Letter::S, Letter::M, Letter::R, Letter::T],
        0.8,
    );
    let overall = shares.iter().sum::<f64>() / 5.0;
    assert!(overall >= 0.9, "overall agreement {:.1}%", 100.0 * overall);
}

#[test]
fn the_builtin_word_lists_load_without_problems() {
    let loaded = load_builtin();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.pack.lexicons.len(), 1);
    assert!(!loaded.pack.lexicons[0].lists.vague_verbs.is_empty());
}

#[test]
fn a_tutors_word_list_adds_to_the_builtin_one() {
    let dir = crate::common::pack(&[(
        "lexicon/centre.ron",
        "// Our centre's words.\nWordLists(practice_words: [\"learning conversation*\", \"huddle*\"])",
    )]);
    let loaded = rapport_core::content::load_with_folders(&[dir.path().to_path_buf()]);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.pack.lexicons.len(), 2);
    let text = "Run a weekly huddle with the night team by March 2027";
    let builtin = smart::check(text, &smart::Context::text_only(blind_today()));
    assert!(!builtin.verdict(Letter::R).pass);
    let ctx = smart::Context {
        lexicon: Some(loaded.pack.smart_lexicon()),
        ..smart::Context::text_only(blind_today())
    };
    assert!(smart::check(text, &ctx).verdict(Letter::R).pass);
}

#[test]
fn a_bad_word_list_is_reported_with_file_line_and_column() {
    let dir = crate::common::pack(&[(
        "lexicon/bad.ron",
        "WordLists(\n    vague_verbs: [\"ponder\", \"ask\"],\n    observable_verbs: [\"ask\", \"Shout\", \"\"],\n)",
    )]);
    let checked = rapport_core::content::check_folder(dir.path());
    let text: Vec<String> = checked.problems.iter().map(|p| p.to_string()).collect();
    let all = text.join("\n");
    assert!(all.contains("bad.ron:2:"), "{all}");
    assert!(
        all.contains("both `vague_verbs` and `observable_verbs`"),
        "{all}"
    );
    assert!(all.contains("\"Shout\" has capitals"), "{all}");
    assert!(all.contains("empty entry"), "{all}");
    assert!(
        checked.pack.lexicons.is_empty(),
        "a list with a mistake is left out"
    );
    let dir = crate::common::pack(&[("lexicon/typo.ron", "WordLists(vague_verb: [\"x\"])")]);
    let checked = rapport_core::content::check_folder(dir.path());
    let all: Vec<String> = checked.problems.iter().map(|p| p.to_string()).collect();
    assert!(all.iter().any(|p| p.contains("typo.ron:1:")), "{all:?}");
}

proptest::proptest! {
    /// Whatever a learner types (any script, stray digits, slashes, half-written dates), the
    /// checker answers all five letters, with a suggestion for every failing one.
    #[test]
    fn any_text_gets_five_verdicts_and_never_a_panic(
        text in "(\\PC|[0-9/ -]|by|within|end of|March|2027){0,60}",
        day in 0u32..400,
    ) {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(day as i64);
        let report = smart::check(&text, &smart::Context::text_only(today));
        proptest::prop_assert_eq!(report.letters.len(), 5);
        for v in &report.letters {
            proptest::prop_assert_eq!(v.pass, v.suggestion.is_none());
            proptest::prop_assert!(!v.reason.is_empty());
        }
        if let Some(deadline) = report.deadline {
            proptest::prop_assert_eq!(report.verdict(Letter::T).pass, deadline > today);
        }
    }
}
