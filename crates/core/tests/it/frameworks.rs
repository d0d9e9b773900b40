//! The built-in competency frameworks, and frameworks a tutor adds.

use std::path::Path;

use rapport_core::content::{self, Problem, load_builtin, load_with_folders};

use crate::common::pack;

#[test]
fn icf_has_its_four_domains_and_eight_numbered_competencies() {
    let loaded = load_builtin();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let icf = loaded.pack.framework("icf").expect("the ICF framework");
    assert!(icf.model_version.contains("2019"), "{}", icf.model_version);
    let domains: Vec<(&str, &str)> = icf
        .groups
        .iter()
        .map(|g| (g.number.as_str(), g.name.as_str()))
        .collect();
    assert_eq!(
        domains,
        [
            ("A", "Foundation"),
            ("B", "Co-Creating the Relationship"),
            ("C", "Communicating Effectively"),
            ("D", "Cultivating Learning and Growth"),
        ]
    );
    let competencies: Vec<(&str, &str, &str)> = icf
        .competencies
        .iter()
        .map(|c| {
            let domain = icf.group(c.group.as_deref().unwrap()).unwrap();
            (c.number.as_str(), c.name.as_str(), domain.number.as_str())
        })
        .collect();
    assert_eq!(
        competencies,
        [
            ("1", "Demonstrates Ethical Practice", "A"),
            ("2", "Embodies a Coaching Mindset", "A"),
            ("3", "Establishes and Maintains Agreements", "B"),
            ("4", "Cultivates Trust and Safety", "B"),
            ("5", "Maintains Presence", "B"),
            ("6", "Listens Actively", "C"),
            ("7", "Evokes Awareness", "C"),
            ("8", "Facilitates Client Growth", "D"),
        ]
    );
    let values: Vec<u8> = icf.scale.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [1, 2, 3, 4, 5], "ICF is rated 1-5");
    for c in &icf.competencies {
        assert!(
            c.behaviours.len() >= 4,
            "{} has {}",
            c.name,
            c.behaviours.len()
        );
    }
}

#[test]
fn emcc_has_eight_categories_and_four_levels_with_descriptors() {
    let loaded = load_builtin();
    let emcc = loaded.pack.framework("emcc").expect("the EMCC framework");
    let names: Vec<&str> = emcc.competencies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Understanding Self",
            "Commitment to Self-Development",
            "Managing the Contract",
            "Building the Relationship",
            "Enabling Insight and Learning",
            "Outcome and Action Orientation",
            "Use of Models and Techniques",
            "Evaluation",
        ]
    );
    let numbers: Vec<&str> = emcc
        .competencies
        .iter()
        .map(|c| c.number.as_str())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    let levels: Vec<&str> = emcc.scale.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        levels,
        [
            "Foundation",
            "Practitioner",
            "Senior Practitioner",
            "Master Practitioner"
        ]
    );
    for p in &emcc.scale.points {
        assert!(p.descriptor.split_whitespace().count() >= 10, "{}", p.label);
    }
    for c in &emcc.competencies {
        assert!(
            c.behaviours.len() >= 4,
            "{} has {}",
            c.name,
            c.behaviours.len()
        );
        assert_eq!(
            c.level_descriptors.len(),
            4,
            "{}: one descriptor per level",
            c.name
        );
    }
    let contract = emcc.competency("emcc/3").unwrap();
    assert_eq!(
        emcc.descriptor(contract, 2),
        Some(contract.level_descriptors[1].as_str())
    );
}

/// Our behaviours are written fresh: none may be a competency's own name or repeat another.
#[test]
fn behaviours_are_distinct_sentences() {
    let loaded = load_builtin();
    let mut seen = std::collections::HashSet::new();
    for lf in &loaded.pack.frameworks {
        for (c, b) in lf.framework.behaviours() {
            assert!(
                b.text.split_whitespace().count() >= 6,
                "{}: too short",
                b.id
            );
            assert_ne!(b.text.to_lowercase(), c.name.to_lowercase());
            assert!(seen.insert(b.text.to_lowercase()), "{} repeats", b.id);
        }
    }
}

const CENTRE: &str = r#"Framework(
    id: "centre",
    name: "Our Centre's Mentoring Standards",
    model_version: "2026",
    scale: Scale(name: "Rating", points: [
        ScalePoint(value: 1, label: "Beginning", descriptor: "Just starting."),
        ScalePoint(value: 2, label: "Secure", descriptor: "Does it reliably."),
    ]),
    competencies: [
        Competency(id: "centre/1", number: "1", name: "Sets goals", behaviours: [
            Behaviour(id: "centre/1/a", text: "Writes goals with the mentee at the first meeting."),
        ]),
    ],
)"#;

fn problems(dir: &Path) -> Vec<Problem> {
    content::check_folder(dir).problems
}

#[test]
fn a_tutors_framework_loads_beside_the_builtin_ones() {
    let dir = pack(&[("frameworks/centre.ron", CENTRE)]);
    assert!(
        problems(dir.path()).is_empty(),
        "{:#?}",
        problems(dir.path())
    );
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.pack.frameworks.len(), 3);
    assert!(rapport_core::flashcards::pack_summary(&loaded.pack).contains("3 frameworks"));
}

fn one(dir: &Path) -> Problem {
    let p = problems(dir);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.into_iter().next().unwrap()
}

#[test]
fn a_group_that_does_not_exist_is_named_with_its_line() {
    let broken = CENTRE.replace(
        r#"name: "Sets goals","#,
        r#"name: "Sets goals", group: "centre/nowhere","#,
    );
    let dir = pack(&[("frameworks/centre.ron", &broken)]);
    let p = one(dir.path());
    assert!(p.message.contains("centre/nowhere"), "{p}");
    assert_eq!(p.line, Some(10), "{p}");
}

#[test]
fn a_scale_that_does_not_rise_is_refused() {
    let broken = CENTRE.replace("value: 2,", "value: 1,");
    let dir = pack(&[("frameworks/centre.ron", &broken)]);
    let p = one(dir.path());
    assert!(p.message.contains("rise"), "{p}");
    assert!(p.line.is_some());
}

#[test]
fn a_competency_without_behaviours_is_refused() {
    let broken = CENTRE.replace(
        r#"Behaviour(id: "centre/1/a", text: "Writes goals with the mentee at the first meeting."),"#,
        "",
    );
    let dir = pack(&[("frameworks/centre.ron", &broken)]);
    let p = one(dir.path());
    assert!(p.message.contains("no behaviours"), "{p}");
}

#[test]
fn an_id_used_by_a_unit_is_a_duplicate() {
    let unit = r#"Unit(id: "centre/1", title: "T", synopsis: "S")"#;
    let dir = pack(&[("frameworks/centre.ron", CENTRE), ("units/u.ron", unit)]);
    let p = one(dir.path());
    assert!(p.message.contains("duplicate id `centre/1`"), "{p}");
}

#[test]
fn level_descriptors_must_match_the_scale() {
    let broken = CENTRE.replace(
        r#"name: "Sets goals","#,
        r#"name: "Sets goals", level_descriptors: ["Only one"],"#,
    );
    let dir = pack(&[("frameworks/centre.ron", &broken)]);
    let p = one(dir.path());
    assert!(
        p.message
            .contains("1 level descriptors but the scale has 2 points"),
        "{p}"
    );
    assert_eq!(p.line, Some(10), "{p}");
}

#[test]
fn a_typo_in_a_field_name_is_reported() {
    let broken = CENTRE.replace("model_version", "model_verison");
    let dir = pack(&[("frameworks/centre.ron", &broken)]);
    let p = one(dir.path());
    assert!(p.message.contains("model_verison"), "{p}");
    assert!(p.line.is_some());
}

#[test]
fn reusing_a_builtin_framework_id_is_refused() {
    let clash = CENTRE.replace(r#"id: "centre","#, r#"id: "icf","#);
    let dir = pack(&[("frameworks/centre.ron", &clash)]);
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.pack.frameworks.len(), 2);
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.message.contains("framework id `icf` is already used")),
        "{:#?}",
        loaded.problems
    );
}
