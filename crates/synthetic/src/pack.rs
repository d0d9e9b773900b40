//! The synthetic pack: units with every section filled, authored decks topping the cards up to
//! the size asked for, and scenarios of every question type referring to the units' ids.

use std::path::Path;

use ron::ser::PrettyConfig;
use serde::Serialize;

use super::{Rng, Size};
use rapport_core::content::cards::{AuthoredCard, Deck};
use rapport_core::content::model::{
    Criterion, KeyConcept, LearningOutcome, MarkingPoint, Misconception, PackManifest, Tip,
    TipKind, Unit,
};
use rapport_core::content::scenarios::{
    Choice, Classify, ClassifyItem, MatchPair, MatchTerms, MultipleAnswers, OrderStages, Question,
    RubricPoint, Scenario, Setting, SingleBest, Written,
};

/// Words of the field, so that searching the pack finds things the way it would in real units.
const WORDS: &[&str] = &[
    "rapport",
    "listening",
    "questioning",
    "reflection",
    "feedback",
    "goal",
    "reality",
    "options",
    "will",
    "contracting",
    "boundaries",
    "confidentiality",
    "supervision",
    "ethics",
    "trust",
    "empathy",
    "challenge",
    "support",
    "mentee",
    "coachee",
    "session",
    "review",
    "outcome",
    "evidence",
    "portfolio",
    "competence",
    "framework",
    "development",
    "learning",
    "cycle",
    "experience",
    "motivation",
    "resilience",
    "wellbeing",
    "safeguarding",
    "referral",
    "record",
    "agreement",
    "objective",
    "progress",
    "barrier",
    "strength",
    "values",
    "beliefs",
    "culture",
    "diversity",
    "inclusion",
    "equality",
    "employment",
    "workplace",
    "career",
    "skills",
    "confidence",
    "autonomy",
    "responsibility",
    "accountability",
    "relationship",
    "ending",
    "transition",
    "stage",
    "model",
    "technique",
    "summarising",
    "paraphrasing",
    "silence",
    "rapport-building",
    "self-awareness",
    "emotional",
    "intelligence",
    "presence",
    "curiosity",
    "agenda",
    "action",
    "plan",
    "measure",
    "timebound",
    "specific",
    "achievable",
    "relevant",
    "observation",
    "journal",
    "peer",
    "tutor",
    "assessor",
    "criteria",
    "unit",
    "scenario",
    "directive",
    "non-directive",
    "holistic",
    "performance",
    "potential",
    "sponsor",
    "organisation",
    "evaluation",
    "impact",
    "return",
    "investment",
    "data",
    "consent",
    "privacy",
    "disclosure",
];

const SETTINGS: &[Setting] = &[
    Setting::EmploymentServices,
    Setting::SupportedEmployment,
    Setting::SchoolLearningSupport,
    Setting::CollegeLearningSupport,
    Setting::AdultSocialCare,
    Setting::WorkplaceMentoring,
];

const CONCEPTS: usize = 8;
const MISCONCEPTIONS: usize = 5;
const MARKING_POINTS: usize = 8;
const TIPS: usize = 5;
const OUTCOMES: usize = 4;
const CRITERIA_PER_OUTCOME: usize = 3;

/// The pack in memory, before it is written.
#[derive(Debug, Clone)]
pub struct GeneratedPack {
    pub units: Vec<Unit>,
    pub decks: Vec<Deck>,
    /// The scenarios of each unit, in unit order.
    pub scenarios: Vec<Vec<Scenario>>,
}

impl GeneratedPack {
    pub fn card_count(&self) -> usize {
        self.units.iter().map(generated_cards).sum::<usize>()
            + self.decks.iter().map(|d| d.cards.len()).sum::<usize>()
    }

    pub fn scenario_count(&self) -> usize {
        self.scenarios.iter().map(Vec::len).sum()
    }
}

fn generated_cards(unit: &Unit) -> usize {
    let mut cards = Vec::new();
    rapport_core::flashcards::generate_unit_cards(unit, &mut cards);
    cards.len()
}

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| *rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = words(rng, n);
    if let Some(first) = s.get(..1) {
        s.replace_range(..1, &first.to_uppercase());
    }
    s.push('.');
    s
}

fn unit_id(i: usize) -> String {
    format!("synthetic-u{i:03}")
}

/// The whole pack for `size`, the same every time.
pub fn generate(size: &Size) -> GeneratedPack {
    let mut rng = Rng::new(0x5eed_0007);
    let units: Vec<Unit> = (0..size.units).map(|i| make_unit(i, &mut rng)).collect();
    let generated: usize = units.iter().map(generated_cards).sum();
    let authored = size.cards.saturating_sub(generated);
    let decks = units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let n = share(authored, size.units, i);
            make_deck(unit, n, &mut rng)
        })
        .filter(|d| !d.cards.is_empty())
        .collect();
    let scenarios = units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            (0..share(size.scenarios, size.units, i))
                .map(|k| make_scenario(unit, k, &mut rng))
                .collect()
        })
        .collect();
    GeneratedPack {
        units,
        decks,
        scenarios,
    }
}

/// The `i`th of `parts` near-equal shares of `total`.
fn share(total: usize, parts: usize, i: usize) -> usize {
    let parts = parts.max(1);
    total / parts + usize::from(i < total % parts)
}

fn make_unit(i: usize, rng: &mut Rng) -> Unit {
    let id = unit_id(i);
    let key_concepts = (0..CONCEPTS)
        .map(|k| KeyConcept {
            id: format!("{id}/kc/{k}"),
            // Term words never appear in the explanation, so both directions make cards.
            term: format!(
                "Term{i}x{k} {}",
                rng.pick(&["model", "stage", "skill", "duty"])
            ),
            explanation: sentence(rng, 18),
        })
        .collect();
    let misconceptions = (0..MISCONCEPTIONS)
        .map(|k| Misconception {
            id: format!("{id}/mis/{k}"),
            text: sentence(rng, 12),
            correction: (k % 2 == 0).then(|| sentence(rng, 14)),
        })
        .collect();
    let learning_outcomes = (0..OUTCOMES)
        .map(|o| LearningOutcome {
            number: (o + 1).to_string(),
            text: sentence(rng, 10),
            criteria: (0..CRITERIA_PER_OUTCOME)
                .map(|c| Criterion {
                    number: format!("{}.{}", o + 1, c + 1),
                    text: sentence(rng, 12),
                    indicative_content: vec![sentence(rng, 8), sentence(rng, 8)],
                })
                .collect(),
        })
        .collect();
    let marking_points = (0..MARKING_POINTS)
        .map(|k| MarkingPoint {
            id: format!("{id}/mp/{k}"),
            text: sentence(rng, 16),
            criteria: vec![format!(
                "{}.{}",
                k % OUTCOMES + 1,
                k % CRITERIA_PER_OUTCOME + 1
            )],
        })
        .collect();
    let tips = (0..TIPS)
        .map(|k| Tip {
            id: format!("{id}/tip/{k}"),
            text: sentence(rng, 14),
            kind: if k % 2 == 0 {
                TipKind::Exam
            } else {
                TipKind::Guidance
            },
        })
        .collect();
    Unit {
        title: format!("Synthetic unit {i}: {}", words(rng, 4)),
        awarding_body: Some(format!("Synthetic Awards {}", i % 4)),
        qualifications: vec![format!("Synthetic Certificate {}", i % 7)],
        level: Some((2 + i % 6) as u8),
        unit_reference: Some(format!("S/{i:03}/7")),
        credit_value: Some(3 + (i % 5) as u32),
        guided_learning_hours: Some(20 + (i % 30) as u32),
        synopsis: sentence(rng, 40),
        summary: Some(sentence(rng, 20)),
        overview: (0..3).map(|_| sentence(rng, 50)).collect(),
        learning_outcomes,
        key_concepts,
        misconceptions,
        marking_points,
        tips,
        assessment_requirements: Vec::new(),
        evidence_methods: vec![sentence(rng, 6)],
        prior_knowledge: vec![sentence(rng, 6)],
        source: Some("Generated by `rapport generate-large`".into()),
        figures: Vec::new(),
        id,
    }
}

fn make_deck(unit: &Unit, n: usize, rng: &mut Rng) -> Deck {
    Deck {
        id: format!("{}-deck", unit.id),
        title: format!("Deck for {}", unit.title),
        unit: unit.id.clone(),
        section: "Models".into(),
        topic: words(rng, 1),
        cards: (0..n)
            .map(|k| AuthoredCard {
                id: format!("c{k}"),
                front: Some(format!("{}?", sentence(rng, 10).trim_end_matches('.'))),
                back: Some(sentence(rng, 16)),
                cloze: None,
                topic: None,
                tags: vec![format!("topic::{}", rng.pick(WORDS))],
            })
            .collect(),
    }
}

fn make_scenario(unit: &Unit, k: usize, rng: &mut Rng) -> Scenario {
    let mis = |j: usize| {
        Some(
            unit.misconceptions[j % unit.misconceptions.len()]
                .id
                .clone(),
        )
    };
    let mp = |j: usize| {
        unit.marking_points[j % unit.marking_points.len()]
            .id
            .clone()
    };
    let criterion = unit
        .criteria()
        .nth(k % (OUTCOMES * CRITERIA_PER_OUTCOME))
        .map(|c| c.number.clone());
    let choice = |rng: &mut Rng, correct: bool, j: usize| Choice {
        text: sentence(rng, 14),
        correct,
        misconception: if correct { None } else { mis(j) },
        why: None,
    };
    let question = match k % 6 {
        0 => Question::SingleBest(SingleBest {
            options: (0..4).map(|j| choice(rng, j == 0, k + j)).collect(),
        }),
        1 => Question::MultipleAnswers(MultipleAnswers {
            options: (0..5).map(|j| choice(rng, j < 2, k + j)).collect(),
        }),
        2 => Question::OrderStages(OrderStages {
            model: format!("Model {}", words(rng, 2)),
            stages: (0..5)
                .map(|j| format!("Stage {j}: {}", words(rng, 3)))
                .collect(),
            misconception: mis(k),
        }),
        3 => Question::MatchTerms(MatchTerms {
            pairs: (0..4)
                .map(|j| MatchPair {
                    term: format!("Term {j} {}", words(rng, 2)),
                    definition: sentence(rng, 10),
                })
                .collect(),
            misconception: mis(k),
        }),
        4 => Question::Classify(Classify {
            categories: vec!["Coaching".into(), "Mentoring".into()],
            items: (0..6)
                .map(|j| ClassifyItem {
                    text: sentence(rng, 8),
                    category: if j % 2 == 0 { "Coaching" } else { "Mentoring" }.into(),
                    misconception: mis(k + j),
                })
                .collect(),
        }),
        _ => Question::Written(Written {
            model_answer: (0..4)
                .map(|_| sentence(rng, 20))
                .collect::<Vec<_>>()
                .join(" "),
            rubric: (0..4)
                .map(|j| RubricPoint {
                    id: format!("p{j}"),
                    marking_point: mp(k + j),
                    label: sentence(rng, 6),
                    max_mark: 1,
                    ideas: vec![(0..3).map(|_| words(rng, 3)).collect()],
                    must_have: Vec::new(),
                    must_not_have: Vec::new(),
                    synonyms: Vec::new(),
                    ..Default::default()
                })
                .collect(),
            examples: Vec::new(),
        }),
    };
    Scenario {
        id: format!("{}/sc/{k}", unit.id),
        unit: unit.id.clone(),
        title: format!("Scenario {k}: {}", words(rng, 3)),
        criteria: criterion.into_iter().collect(),
        marking_points: vec![mp(k)],
        setting: *rng.pick(SETTINGS),
        situation: sentence(rng, 35),
        prompt: sentence(rng, 10),
        question,
        tips: vec![unit.tips[k % unit.tips.len()].id.clone()],
        explanation: Some(sentence(rng, 20)),
    }
}

fn to_ron<T: Serialize>(value: &T) -> std::io::Result<String> {
    ron::ser::to_string_pretty(value, PrettyConfig::default()).map_err(std::io::Error::other)
}

/// Scenarios write a question as its type with the type's fields, `SingleBest(options: [...])`,
/// as authors do (the file says so in its first line, and the loader reads it either way).
fn scenarios_to_ron<T: Serialize>(value: &T) -> std::io::Result<String> {
    let config =
        PrettyConfig::default().extensions(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES);
    ron::ser::to_string_pretty(value, config).map_err(std::io::Error::other)
}

/// Writes the pack as a tutor's folder: `pack.ron`, `units/`, `cards/`, `scenarios/`.
pub fn write_pack(dir: &Path, pack: &GeneratedPack) -> std::io::Result<()> {
    for sub in ["units", "cards", "scenarios"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let manifest = PackManifest {
        name: "Synthetic large pack".into(),
        author: Some("rapport generate-large".into()),
        description: Some(format!(
            "{} units, {} flashcards, {} scenarios, for scale tests",
            pack.units.len(),
            pack.card_count(),
            pack.scenario_count()
        )),
    };
    std::fs::write(dir.join("pack.ron"), to_ron(&manifest)?)?;
    for unit in &pack.units {
        std::fs::write(dir.join(format!("units/{}.ron", unit.id)), to_ron(unit)?)?;
    }
    for deck in &pack.decks {
        std::fs::write(dir.join(format!("cards/{}.ron", deck.id)), to_ron(deck)?)?;
    }
    for (unit, scenarios) in pack.units.iter().zip(&pack.scenarios) {
        if !scenarios.is_empty() {
            std::fs::write(
                dir.join(format!("scenarios/{}.ron", unit.id)),
                scenarios_to_ron(scenarios)?,
            )?;
        }
    }
    Ok(())
}
