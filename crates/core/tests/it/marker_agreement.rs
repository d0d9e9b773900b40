//! The marker against answers marked by hand, point by point. Reports agreement for every
//! rubric point and fails if overall agreement falls below 85%.

use std::collections::BTreeMap;

use rapport_core::content::{Question, load_builtin};
use rapport_core::marking::mark;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
enum Kind {
    Good,
    Partial,
    OffTopic,
    WrongSense,
    Negation,
    Misspelt,
    /// The right ideas in words the rubric does not list.
    Paraphrase,
}

#[derive(Debug, Deserialize)]
struct Marked {
    scenario: String,
    kind: Kind,
    answer: String,
    earned: Vec<String>,
}

const THRESHOLD: f64 = 0.85;

#[test]
fn the_marker_agrees_with_hand_marking_on_at_least_85_percent_of_points() {
    let text = include_str!("../data/marked_answers.ron");
    let answers: Vec<Marked> = ron::from_str(text).expect("marked_answers.ron parses");
    assert!(answers.len() >= 60, "only {} marked answers", answers.len());
    let pack = load_builtin().pack;

    // (scenario, point) -> (agreements, total)
    let mut per_point: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    let mut per_kind: BTreeMap<String, (u32, u32)> = BTreeMap::new();
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
        for id in &a.earned {
            assert!(
                rubric.iter().any(|p| &p.id == id),
                "answer {n}: {} has no rubric point {id}",
                a.scenario
            );
        }
        let result = mark(rubric, &a.answer);
        for p in &result.points {
            let expected = a.earned.contains(&p.point);
            let agree = expected == p.earned;
            let entry = per_point
                .entry((a.scenario.clone(), p.point.clone()))
                .or_default();
            entry.0 += u32::from(agree);
            entry.1 += 1;
            let kind = per_kind.entry(format!("{:?}", a.kind)).or_default();
            kind.0 += u32::from(agree);
            kind.1 += 1;
            if !agree {
                disagreements.push(format!(
                    "answer {n} ({:?}) {} / {}: hand {expected}, marker {} (quote {:?})",
                    a.kind, a.scenario, p.point, p.earned, p.quote
                ));
            }
        }
    }

    let (agree, total) = per_point
        .values()
        .fold((0, 0), |(a, t), (pa, pt)| (a + pa, t + pt));
    println!("agreement per rubric point:");
    for ((scenario, point), (a, t)) in &per_point {
        println!("  {:>3}/{:<3} {scenario} / {point}", a, t);
    }
    println!("agreement per kind of answer:");
    for (kind, (a, t)) in &per_kind {
        println!("  {a:>3}/{t:<3} {kind}");
    }
    println!("disagreements:");
    for d in &disagreements {
        println!("  {d}");
    }
    let rate = f64::from(agree) / f64::from(total);
    println!(
        "overall: {agree}/{total} points = {:.1}% over {} answers",
        rate * 100.0,
        answers.len()
    );
    assert!(
        rate >= THRESHOLD,
        "agreement {:.1}% is below {:.0}%; disagreements:\n{}",
        rate * 100.0,
        THRESHOLD * 100.0,
        disagreements.join("\n")
    );
}
