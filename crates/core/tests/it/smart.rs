//! The SMART checker against objectives labelled by hand, and `rapport smart` on the command line.

use chrono::NaiveDate;
use rapport_core::plan::smart::{self, Letter};
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

/// The day the labels were judged on: dates in the set are future or past relative to it.
fn labelled_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn labelled_set() -> Vec<Labelled> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/smart_objectives.ron"),
    )
    .unwrap();
    ron::from_str(&text).unwrap()
}

/// Agreement per letter and overall. The floors are below the measured figures (printed with
/// `--nocapture`) so that a change that makes the checker worse fails here.
#[test]
fn the_checker_agrees_with_the_hand_labels() {
    let set = labelled_set();
    assert!(
        set.len() >= 40,
        "the labelled set has {} objectives",
        set.len()
    );
    let ctx = smart::Context::text_only(labelled_on());
    let mut agree = [0usize; 5];
    let mut whole = 0;
    let mut disagreements = Vec::new();
    for item in &set {
        let report = smart::check(&item.text, &ctx);
        let mut all = true;
        for (i, letter) in Letter::ALL.into_iter().enumerate() {
            let v = report.verdict(letter);
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
            assert_eq!(
                v.pass,
                v.suggestion.is_none(),
                "a failing letter has a suggestion"
            );
        }
        whole += usize::from(all);
    }
    let n = set.len() as f64;
    let total: usize = agree.iter().sum();
    println!("objectives: {}", set.len());
    for (letter, a) in Letter::ALL.iter().zip(agree) {
        println!(
            "{}: {a}/{} ({:.0}%)",
            letter.name(),
            set.len(),
            100.0 * a as f64 / n
        );
    }
    println!(
        "letters overall: {total}/{} ({:.1}%); objectives with all five right: {whole}/{}",
        5 * set.len(),
        100.0 * total as f64 / (5.0 * n),
        set.len()
    );
    for d in &disagreements {
        println!("  {d}");
    }
    for (letter, a) in Letter::ALL.iter().zip(agree) {
        assert!(
            a as f64 / n >= 0.8,
            "{} agrees on only {a} of {}:\n{}",
            letter.name(),
            set.len(),
            disagreements.join("\n")
        );
    }
    assert!(
        total as f64 / (5.0 * n) >= 0.9,
        "{}",
        disagreements.join("\n")
    );
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
