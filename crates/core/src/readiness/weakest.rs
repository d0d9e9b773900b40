//! The criteria a learner (or a class, from its exported records) is weakest on, for a tutor's
//! drill: only criteria with a readiness figure (something to go on), weakest first.

use super::Report;
use crate::content::CriterionRef;

/// Up to `limit` criteria of `report` with the lowest readiness, weakest first (ties: the unit's
/// order, then the criterion's); `drillable(unit, number)` keeps only those a drill can ask
/// about. Criteria with too little evidence for a figure are left out rather than guessed.
pub fn weakest_criteria(
    report: &Report,
    limit: usize,
    drillable: impl Fn(&str, &str) -> bool,
) -> Vec<CriterionRef> {
    let mut scored: Vec<(f64, usize, usize, CriterionRef)> = report
        .units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| {
            unit.criteria
                .iter()
                .enumerate()
                .filter_map(move |(c, crit)| Some((crit.readiness?, u, c, unit, crit)))
        })
        .filter(|(_, _, _, unit, crit)| drillable(&unit.unit, &crit.number))
        .map(|(r, u, c, unit, crit)| {
            (
                r,
                u,
                c,
                CriterionRef {
                    unit: unit.unit.clone(),
                    number: crit.number.clone(),
                },
            )
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // A criterion the report lists twice (the same number under two outcomes) is ticked once.
    let mut picked: Vec<CriterionRef> = Vec::new();
    for (.., c) in scored {
        if picked.len() == limit {
            break;
        }
        if !picked.contains(&c) {
            picked.push(c);
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::{Confidence, CriterionReadiness, Parts, UnitReadiness};

    fn criterion(number: &str, readiness: Option<f64>) -> CriterionReadiness {
        CriterionReadiness {
            number: number.into(),
            text: String::new(),
            readiness,
            on_exam: None,
            confidence: Confidence::Low,
            parts: Parts::default(),
            next: None,
            points: Vec::new(),
            estimate: 0.0,
        }
    }

    fn unit(id: &str, criteria: Vec<CriterionReadiness>) -> UnitReadiness {
        UnitReadiness {
            unit: id.into(),
            title: id.into(),
            readiness: None,
            on_exam: None,
            confidence: Confidence::Low,
            confidence_label: "",
            parts: Parts::default(),
            exam_date: None,
            criteria,
            points: Vec::new(),
            estimate: 0.0,
        }
    }

    fn refs(list: &[CriterionRef]) -> Vec<String> {
        list.iter()
            .map(|c| format!("{}/{}", c.unit, c.number))
            .collect()
    }

    #[test]
    fn the_weakest_with_evidence_come_first_and_undrillable_ones_are_skipped() {
        let report = Report {
            units: vec![
                unit(
                    "a",
                    vec![
                        criterion("1.1", Some(80.0)),
                        criterion("1.2", Some(35.0)),
                        criterion("1.3", None),
                    ],
                ),
                unit(
                    "b",
                    vec![
                        criterion("1.1", Some(35.0)),
                        criterion("2.1", Some(10.0)),
                        criterion("2.2", Some(50.0)),
                    ],
                ),
            ],
        };
        let all = |_: &str, _: &str| true;
        assert_eq!(
            refs(&weakest_criteria(&report, 3, all)),
            ["b/2.1", "a/1.2", "b/1.1"]
        );
        let no_b21 = |u: &str, n: &str| !(u == "b" && n == "2.1");
        assert_eq!(
            refs(&weakest_criteria(&report, 2, no_b21)),
            ["a/1.2", "b/1.1"]
        );
        let empty = Report {
            units: vec![unit("a", vec![criterion("1.1", None)])],
        };
        assert!(
            weakest_criteria(&empty, 3, all).is_empty(),
            "no evidence: none"
        );
    }

    /// The built-in Level 5 unit lists 2.1 under two outcomes; the button ticked it twice.
    #[test]
    fn a_criterion_listed_twice_is_picked_once() {
        let report = Report {
            units: vec![unit(
                "u",
                vec![
                    criterion("2.1", Some(20.0)),
                    criterion("2.1", Some(20.0)),
                    criterion("3.1", Some(40.0)),
                ],
            )],
        };
        let picked = weakest_criteria(&report, 3, |_, _| true);
        assert_eq!(refs(&picked), ["u/2.1", "u/3.1"]);
    }
}
