//! The marker against blind, hand-marked sets: answers written and marked point by point
//! against the rubric labels only, by someone who never saw the marker or any rubric's
//! phrasings. `dev` and `dev2` are tuning data (`dev2` was the first held-out third: it was run
//! once, its disagreements printed, and so it is burned). A new held-out set, unseen by whoever
//! tunes, is added with a test of its own by someone who did not tune. Every set prints the same
//! report and is checked against floors.

use std::collections::BTreeMap;

use rapport_core::content::{Question, load_builtin};
use rapport_core::marking::mark;
use serde::Deserialize;

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Strong,
    Strong2,
    Partial,
    WrongSense,
    KeywordList,
    Mixed,
}

#[derive(Debug, Deserialize)]
struct Marked {
    scenario: String,
    kind: Kind,
    answer: String,
    marks: BTreeMap<String, u32>,
}

/// What a set must reach.
struct Floors {
    agreement: f64,
    kappa: f64,
    /// Wrong-sense answers and keyword lists: the marker's mean total as a share of the maximum.
    max_share_for_wrong: f64,
    /// Strong answers: the marker's mean total as a share of the hand marks' mean total.
    min_share_of_hand_for_strong: f64,
}

/// Issue 22's targets.
const TARGETS: Floors = Floors {
    agreement: 0.90,
    kappa: 0.75,
    max_share_for_wrong: 0.15,
    min_share_of_hand_for_strong: 0.85,
};

#[derive(Default)]
struct PerKind {
    answers: u32,
    marker_share: f64,
    hand_share: f64,
    marker_total: u32,
    hand_total: u32,
    over_rewarded: u32,
}

/// Marks every answer of `file` (under tests/data/marker_blind), prints the report and checks
/// the floors.
fn run(file: &str, floors: &Floors) {
    let path = format!(
        "{}/tests/data/marker_blind/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let answers: Vec<Marked> = ron::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(!answers.is_empty(), "{path} holds no answers");
    let pack = load_builtin().pack;

    // Point decisions: (hand earned, marker earned) counts.
    let (mut both, mut hand_only, mut marker_only, mut neither) = (0u32, 0u32, 0u32, 0u32);
    let mut kinds: BTreeMap<Kind, PerKind> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for (n, a) in answers.iter().enumerate() {
        let scenario = &pack
            .scenario(&a.scenario)
            .unwrap_or_else(|| panic!("answer {n}: no scenario {}", a.scenario))
            .scenario;
        let Question::Written(written) = &scenario.question else {
            panic!("answer {n}: {} is not a written question", a.scenario);
        };
        let rubric = &written.rubric;
        for id in a.marks.keys() {
            assert!(
                rubric.iter().any(|p| &p.id == id),
                "answer {n}: {} has no rubric point {id}",
                a.scenario
            );
        }
        let result = mark(rubric, &a.answer);
        let mut hand_total = 0;
        let mut excess = 0;
        for p in &result.points {
            let hand = a.marks.get(&p.point).copied().unwrap_or(0).min(p.max_mark);
            hand_total += hand;
            excess += p.marks.saturating_sub(hand);
            match (hand > 0, p.marks > 0) {
                (true, true) => both += 1,
                (true, false) => hand_only += 1,
                (false, true) => marker_only += 1,
                (false, false) => neither += 1,
            }
            if (hand > 0) != (p.marks > 0) {
                disagreements.push(format!(
                    "answer {n} ({:?}) {} / {}: hand {hand}, marker {} (quote {:?})",
                    a.kind, a.scenario, p.point, p.marks, p.quote
                ));
            }
        }
        let max = f64::from(result.max_total);
        let k = kinds.entry(a.kind).or_default();
        k.answers += 1;
        k.marker_share += f64::from(result.total) / max;
        k.hand_share += f64::from(hand_total) / max;
        k.marker_total += result.total;
        k.hand_total += hand_total;
        // Over-rewarded: given more than a third of the marks the hand marks withhold.
        let withheld = result.max_total - hand_total;
        if excess > 0 && 3 * excess > withheld {
            k.over_rewarded += 1;
        }
    }

    let total = f64::from(both + hand_only + marker_only + neither);
    let agreement = f64::from(both + neither) / total;
    let p_hand = f64::from(both + hand_only) / total;
    let p_marker = f64::from(both + marker_only) / total;
    let chance = p_hand * p_marker + (1.0 - p_hand) * (1.0 - p_marker);
    let kappa = if chance < 1.0 {
        (agreement - chance) / (1.0 - chance)
    } else {
        1.0
    };

    println!("disagreements:");
    for d in &disagreements {
        println!("  {d}");
    }
    println!(
        "{file}: {} answers, {} point decisions",
        answers.len(),
        total
    );
    println!(
        "agreement {:.1}%, Cohen's kappa {kappa:.2} (earned: hand {}, marker {}, both {both})",
        agreement * 100.0,
        both + hand_only,
        both + marker_only
    );
    println!("mean total as a share of the maximum, per kind (marker / hand), over-rewarded:");
    for (kind, k) in &kinds {
        let n = f64::from(k.answers);
        println!(
            "  {:<12} {:>2} answers  marker {:>5.1}%  hand {:>5.1}%  over-rewarded {}/{}",
            format!("{kind:?}"),
            k.answers,
            k.marker_share / n * 100.0,
            k.hand_share / n * 100.0,
            k.over_rewarded,
            k.answers
        );
    }
    let wrong: Vec<&PerKind> = [Kind::WrongSense, Kind::KeywordList]
        .iter()
        .filter_map(|k| kinds.get(k))
        .collect();
    let over: u32 = wrong.iter().map(|k| k.over_rewarded).sum();
    let wrong_n: u32 = wrong.iter().map(|k| k.answers).sum();
    println!(
        "over-reward rate (WrongSense and KeywordList): {over}/{wrong_n} = {:.1}%",
        f64::from(over) / f64::from(wrong_n.max(1)) * 100.0
    );

    let mut failures = Vec::new();
    if agreement < floors.agreement {
        failures.push(format!(
            "agreement {:.1}% is below {:.0}%",
            agreement * 100.0,
            floors.agreement * 100.0
        ));
    }
    if kappa < floors.kappa {
        failures.push(format!("kappa {kappa:.2} is below {}", floors.kappa));
    }
    for kind in [Kind::WrongSense, Kind::KeywordList] {
        if let Some(k) = kinds.get(&kind) {
            let share = k.marker_share / f64::from(k.answers);
            if share > floors.max_share_for_wrong {
                failures.push(format!(
                    "{kind:?} answers get {:.1}% of the marks on average (at most {:.0}%)",
                    share * 100.0,
                    floors.max_share_for_wrong * 100.0
                ));
            }
        }
    }
    for kind in [Kind::Strong, Kind::Strong2] {
        if let Some(k) = kinds.get(&kind).filter(|k| k.hand_total > 0) {
            let share = f64::from(k.marker_total) / f64::from(k.hand_total);
            if share < floors.min_share_of_hand_for_strong {
                failures.push(format!(
                    "{kind:?} answers get {:.1}% of the hand marks (at least {:.0}%)",
                    share * 100.0,
                    floors.min_share_of_hand_for_strong * 100.0
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{file}: {}", failures.join("; "));
}

#[test]
fn dev() {
    run("dev.ron", &TARGETS);
}

#[test]
fn dev2() {
    run("dev2.ron", &TARGETS);
}

/// The held-out set: 132 answers to all 22 written scenarios (six kinds each), written and
/// hand-marked blind on 2026-12-03 after the marker's tuning was done, and run once by the
/// session that merged it (not the one that tuned): 570 point decisions, agreement 90.9%,
/// kappa 0.82, wrong-sense answers 13.9% and keyword lists 3.2% of the marks, strong answers
/// 98.6% and 95.6% of the hand marks, 4 of 44 wrong or keyword answers over-rewarded. Every
/// target holds, so it is checked against the targets themselves.
#[test]
fn holdout() {
    run("holdout.ron", &TARGETS);
}
