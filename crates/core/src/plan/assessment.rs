//! A self-assessment against a framework, and what it shows: per-competency profile, gaps and
//! strengths ranked by size, and ratings that have no evidence behind them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::Framework;

/// One behaviour's rating. Everything is optional so that a half-filled assessment can be kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub value: Option<u8>,
    pub target: Option<u8>,
    pub evidence: String,
    pub example: String,
}

impl Rating {
    pub fn has_evidence(&self) -> bool {
        !self.evidence.trim().is_empty() || !self.example.trim().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: String,
    pub framework_id: String,
    /// The framework's model version when the assessment was made.
    pub framework_version: String,
    pub started_at: i64,
    /// Set when the learner marks it complete; only completed ones are compared.
    pub completed_at: Option<i64>,
    /// By behaviour id.
    pub ratings: BTreeMap<String, Rating>,
}

impl Assessment {
    pub fn new(id: String, framework: &Framework, started_at: i64) -> Self {
        Assessment {
            id,
            framework_id: framework.id.clone(),
            framework_version: framework.model_version.clone(),
            started_at,
            completed_at: None,
            ratings: BTreeMap::new(),
        }
    }

    pub fn rating(&self, behaviour_id: &str) -> Option<&Rating> {
        self.ratings.get(behaviour_id)
    }

    /// How many of the framework's behaviours have a rating.
    pub fn rated_count(&self, framework: &Framework) -> usize {
        framework
            .behaviours()
            .filter(|(_, b)| self.rating(&b.id).is_some_and(|r| r.value.is_some()))
            .count()
    }
}

/// The most recent completed assessment of the same framework before `current`.
pub fn previous_completed<'a>(
    all: &'a [Assessment],
    current: &Assessment,
) -> Option<&'a Assessment> {
    let current_time = current.completed_at.unwrap_or(i64::MAX);
    all.iter()
        .filter(|a| a.id != current.id && a.framework_id == current.framework_id)
        .filter(|a| a.completed_at.is_some_and(|t| t <= current_time))
        .max_by_key(|a| (a.completed_at, a.started_at))
}

/// The competency's gap in the latest completed assessment of its framework (else the latest
/// one in progress), for the SMART checker's Relevant letter.
pub fn latest_gap(
    framework: &Framework,
    assessments: &[Assessment],
    competency_id: &str,
) -> Option<f32> {
    // One with nothing rated (started by mistake) says nothing about the gap.
    let latest = assessments
        .iter()
        .filter(|a| a.framework_id == framework.id)
        .filter(|a| a.ratings.values().any(|r| r.value.is_some()))
        .max_by_key(|a| (a.completed_at.is_some(), a.completed_at, a.started_at))?;
    results(framework, latest, None)
        .competencies
        .into_iter()
        .find(|c| c.competency_id == competency_id)?
        .gap()
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompetencyResult {
    pub competency_id: String,
    /// "6 Listens Actively".
    pub label: String,
    /// Mean of the rated behaviours.
    pub current: Option<f32>,
    /// Mean of the targets set.
    pub target: Option<f32>,
    /// Mean in the previous completed assessment.
    pub previous: Option<f32>,
    pub rated: usize,
    pub behaviours: usize,
}

impl CompetencyResult {
    /// Target minus current: positive is a gap, zero or negative a strength.
    pub fn gap(&self) -> Option<f32> {
        Some(self.target? - self.current?)
    }

    pub fn change(&self) -> Option<f32> {
        Some(self.current? - self.previous?)
    }
}

/// A rating given with neither an evidence note nor an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unevidenced {
    pub competency_label: String,
    pub behaviour_id: String,
    pub behaviour: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// In framework order.
    pub competencies: Vec<CompetencyResult>,
    pub unevidenced: Vec<Unevidenced>,
    pub unrated: usize,
}

impl Results {
    /// Competencies with a gap (target above current), largest first.
    pub fn gaps(&self) -> Vec<&CompetencyResult> {
        let mut gaps: Vec<_> = self
            .competencies
            .iter()
            .filter(|c| c.gap().is_some_and(|g| g > 0.0))
            .collect();
        gaps.sort_by(|a, b| {
            b.gap()
                .unwrap_or(0.0)
                .total_cmp(&a.gap().unwrap_or(0.0))
                .then(
                    a.current
                        .unwrap_or(0.0)
                        .total_cmp(&b.current.unwrap_or(0.0)),
                )
        });
        gaps
    }

    /// Competencies at or above target, the furthest above first, then by rating.
    pub fn strengths(&self) -> Vec<&CompetencyResult> {
        let mut strengths: Vec<_> = self
            .competencies
            .iter()
            .filter(|c| c.gap().is_some_and(|g| g <= 0.0))
            .collect();
        strengths.sort_by(|a, b| {
            a.gap()
                .unwrap_or(0.0)
                .total_cmp(&b.gap().unwrap_or(0.0))
                .then(
                    b.current
                        .unwrap_or(0.0)
                        .total_cmp(&a.current.unwrap_or(0.0)),
                )
        });
        strengths
    }
}

fn mean(values: impl Iterator<Item = u8>) -> Option<f32> {
    let (sum, n) = values.fold((0u32, 0u32), |(s, n), v| (s + v as u32, n + 1));
    (n > 0).then(|| sum as f32 / n as f32)
}

pub fn results(
    framework: &Framework,
    current: &Assessment,
    previous: Option<&Assessment>,
) -> Results {
    let mut competencies = Vec::new();
    let mut unevidenced = Vec::new();
    let mut unrated = 0;
    for c in &framework.competencies {
        let label = framework.competency_label(c);
        let ratings: Vec<Option<&Rating>> =
            c.behaviours.iter().map(|b| current.rating(&b.id)).collect();
        for (b, r) in c.behaviours.iter().zip(&ratings) {
            match r {
                Some(r) if r.value.is_some() => {
                    if !r.has_evidence() {
                        unevidenced.push(Unevidenced {
                            competency_label: label.clone(),
                            behaviour_id: b.id.clone(),
                            behaviour: b.text.clone(),
                        });
                    }
                }
                _ => unrated += 1,
            }
        }
        let previous_mean = previous.and_then(|p| {
            mean(
                c.behaviours
                    .iter()
                    .filter_map(|b| p.rating(&b.id).and_then(|r| r.value)),
            )
        });
        competencies.push(CompetencyResult {
            competency_id: c.id.clone(),
            label,
            current: mean(ratings.iter().filter_map(|r| r.and_then(|r| r.value))),
            target: mean(ratings.iter().filter_map(|r| r.and_then(|r| r.target))),
            previous: previous_mean,
            rated: ratings
                .iter()
                .filter(|r| r.is_some_and(|r| r.value.is_some()))
                .count(),
            behaviours: c.behaviours.len(),
        });
    }
    Results {
        competencies,
        unevidenced,
        unrated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;

    fn icf() -> Framework {
        load_builtin().pack.framework("icf").unwrap().clone()
    }

    fn rate(a: &mut Assessment, id: &str, value: u8, target: u8, evidence: &str) {
        a.ratings.insert(
            id.to_owned(),
            Rating {
                value: Some(value),
                target: Some(target),
                evidence: evidence.to_owned(),
                example: String::new(),
            },
        );
    }

    #[test]
    fn gaps_are_ranked_by_size_and_strengths_kept_apart() {
        let fw = icf();
        let mut a = Assessment::new("a".into(), &fw, 0);
        rate(&mut a, "icf/6/summarise", 2, 5, "recording 3");
        rate(&mut a, "icf/6/own-words", 2, 4, "");
        rate(&mut a, "icf/3/session-goal", 3, 4, "supervisor said so");
        rate(&mut a, "icf/1/confidentiality", 5, 4, "contract template");
        let r = results(&fw, &a, None);
        let gaps: Vec<_> = r.gaps().iter().map(|c| c.competency_id.clone()).collect();
        assert_eq!(gaps, ["icf/6", "icf/3"]);
        assert_eq!(r.gaps()[0].gap(), Some(2.5));
        let strengths: Vec<_> = r
            .strengths()
            .iter()
            .map(|c| c.competency_id.clone())
            .collect();
        assert_eq!(strengths, ["icf/1"]);
        assert_eq!(r.unevidenced.len(), 1);
        assert_eq!(r.unevidenced[0].behaviour_id, "icf/6/own-words");
        assert_eq!(r.unrated, fw.behaviours().count() - 4);
    }

    #[test]
    fn the_previous_assessment_is_the_latest_completed_one_of_that_framework() {
        let fw = icf();
        let mut old = Assessment::new("old".into(), &fw, 10);
        old.completed_at = Some(20);
        rate(&mut old, "icf/6/summarise", 1, 4, "x");
        let mut older = Assessment::new("older".into(), &fw, 1);
        older.completed_at = Some(5);
        let mut other_fw = Assessment::new("emcc".into(), &fw, 30);
        other_fw.framework_id = "emcc".into();
        other_fw.completed_at = Some(40);
        let current = Assessment::new("now".into(), &fw, 50);
        let all = vec![older, old.clone(), other_fw, current.clone()];
        let prev = previous_completed(&all, &current).unwrap();
        assert_eq!(prev.id, "old");
        let mut current = current;
        rate(&mut current, "icf/6/summarise", 3, 4, "y");
        let r = results(&fw, &current, Some(prev));
        let listening = r
            .competencies
            .iter()
            .find(|c| c.competency_id == "icf/6")
            .unwrap();
        assert_eq!(listening.change(), Some(2.0));
    }
}
