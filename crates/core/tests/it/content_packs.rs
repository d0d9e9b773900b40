//! Loading and validating content packs: the built-in pack, and broken tutor packs.

use std::path::Path;

use rapport_core::content::{self, Problem, load_builtin, load_with_folders};

use crate::common::pack_bytes;

const GOOD_UNIT: &str = r#"Unit(
    id: "tutor-unit",
    title: "A tutor's own unit",
    synopsis: "Written by a tutor for a class.",
    learning_outcomes: [
        LearningOutcome(number: "1", text: "Understand contracting", criteria: [
            Criterion(number: "1.1", text: "Explain what a contract covers"),
        ]),
    ],
    key_concepts: [KeyConcept(id: "tutor-unit/kc/contract", term: "Contract", explanation: "An agreement on how the work will go.")],
    misconceptions: [Misconception(id: "tutor-unit/mis/no-contract", text: "A contract is only paperwork.", correction: "It sets boundaries and expectations.")],
    marking_points: [MarkingPoint(id: "tutor-unit/mp/contract", text: "Names what a contract covers.", criteria: ["1.1"])],
)"#;

/// The errors `rapport check` reports for the folder (its warnings, such as a marking point no
/// scenario practises, are tested in `coverage.rs`).
fn problems_of(dir: &Path) -> Vec<Problem> {
    content::check_folder(dir).errors().cloned().collect()
}

fn errors(loaded: &content::Loaded) -> Vec<Problem> {
    loaded.errors().cloned().collect()
}

fn one_problem(dir: &Path) -> Problem {
    let problems = problems_of(dir);
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn the_builtin_pack_loads_without_problems() {
    let loaded = load_builtin();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.pack.units.len(), 5);
}

/// The counts of each seed document after de-duplication (seed 002 has none exact).
#[test]
fn every_seed_unit_is_present_with_the_seed_counts() {
    let loaded = load_builtin();
    // (unit id, key concepts, misconceptions, marking points, tips, outcomes, criteria)
    let expected = [
        // Misconceptions differ from the seeds: ProQual's "same thing" duplicates are merged
        // (-2) and distinct ones added for the scenarios' distractors (ProQual +4, ERS roles +2,
        // ERS preparing +2, ATHE +1).
        ("ers-coaching-mentoring-roles", 5, 7, 5, 5, 0, 0),
        ("ers-preparing-mentoring-role", 5, 6, 4, 4, 0, 0),
        ("proqual-l3-mc-relationship", 5, 18, 14, 16, 3, 0),
        ("oa-l5-coaching-mentoring-practice", 0, 0, 0, 0, 2, 5),
        ("athe-l6-personal-development", 5, 7, 3, 6, 3, 0),
    ];
    for (id, concepts, miscon, points, tips, outcomes, criteria) in expected {
        let unit = &loaded
            .pack
            .unit(id)
            .unwrap_or_else(|| panic!("unit {id} missing"))
            .unit;
        assert_eq!(unit.key_concepts.len(), concepts, "{id} key concepts");
        assert_eq!(unit.misconceptions.len(), miscon, "{id} misconceptions");
        assert_eq!(unit.marking_points.len(), points, "{id} marking points");
        assert_eq!(unit.tips.len(), tips, "{id} tips");
        assert_eq!(
            unit.learning_outcomes.len(),
            outcomes,
            "{id} learning outcomes"
        );
        assert_eq!(unit.criteria().count(), criteria, "{id} criteria");
    }
}

#[test]
fn seeds_without_an_awarding_body_or_level_say_unknown() {
    let loaded = load_builtin();
    for id in [
        "ers-coaching-mentoring-roles",
        "ers-preparing-mentoring-role",
    ] {
        let unit = &loaded.pack.unit(id).unwrap().unit;
        assert_eq!(unit.awarding_body, None);
        assert_eq!(unit.level, None);
        assert_eq!(unit.level_label(), "Level unknown");
    }
    let athe = &loaded
        .pack
        .unit("athe-l6-personal-development")
        .unwrap()
        .unit;
    assert_eq!(athe.level, Some(6));
}

#[test]
fn seed_002s_repeated_objectives_become_three_outcomes() {
    let loaded = load_builtin();
    let unit = &loaded.pack.unit("proqual-l3-mc-relationship").unwrap().unit;
    let texts: Vec<&str> = unit
        .learning_outcomes
        .iter()
        .map(|lo| lo.text.as_str())
        .collect();
    assert_eq!(texts.len(), 3);
    assert!(
        texts.iter().all(|t| t.starts_with("Understand")),
        "{texts:?}"
    );
    assert!(
        texts.iter().all(|t| !t.contains("relationshipUnderstand")),
        "{texts:?}"
    );
    let confidentiality = unit
        .misconceptions
        .iter()
        .find(|m| m.text.starts_with("Confidentiality is absolute"))
        .expect("the confidentiality misconception");
    assert!(
        confidentiality
            .correction
            .as_deref()
            .unwrap_or("")
            .contains("safeguarding")
    );
}

#[test]
fn seed_003_keeps_its_criteria_and_indicative_content() {
    let loaded = load_builtin();
    let unit = &loaded
        .pack
        .unit("oa-l5-coaching-mentoring-practice")
        .unwrap()
        .unit;
    let counts: Vec<(String, usize)> = unit
        .criteria()
        .map(|c| (c.number.clone(), c.indicative_content.len()))
        .collect();
    let expected: Vec<(String, usize)> =
        [("1.1", 8), ("1.2", 7), ("2.1", 6), ("2.2", 6), ("2.3", 6)]
            .iter()
            .map(|(n, c)| (n.to_string(), *c))
            .collect();
    assert_eq!(counts, expected);
    assert_eq!(unit.credit_value, Some(7));
    assert_eq!(unit.guided_learning_hours, Some(35));
    assert_eq!(unit.evidence_methods.len(), 6);
    assert!(
        unit.assessment_requirements
            .iter()
            .any(|r| r.criteria == ["2.1"])
    );
}

#[test]
fn the_source_content_folder_checks_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let loaded = content::check_folder(&dir);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.pack.units.len(), 5);
}

#[test]
fn a_good_tutor_pack_loads_beside_the_builtin_units() {
    let dir = pack_bytes(&[("units/tutor.ron", GOOD_UNIT.as_bytes())]);
    assert!(problems_of(dir.path()).is_empty());
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert!(errors(&loaded).is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.pack.units.len(), 6);
    assert!(loaded.pack.unit("tutor-unit").is_some());
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let broken = GOOD_UNIT.replace(
        r#"title: "A tutor's own unit","#,
        r#"title: "A tutor's own unit""#,
    );
    let dir = pack_bytes(&[("units/tutor.ron", broken.as_bytes())]);
    let p = one_problem(dir.path());
    assert!(p.file.ends_with("units/tutor.ron"), "{p}");
    assert_eq!(p.line, Some(4), "{p}");
    assert!(p.col.is_some());
}

#[test]
fn a_missing_required_field_is_named() {
    let broken = GOOD_UNIT.replace(r#"    synopsis: "Written by a tutor for a class.","#, "");
    let dir = pack_bytes(&[("units/tutor.ron", broken.as_bytes())]);
    let p = one_problem(dir.path());
    assert!(p.message.contains("synopsis"), "{p}");
    assert!(p.line.is_some(), "{p}");
}

#[test]
fn a_misspelt_field_is_reported_not_ignored() {
    let broken = GOOD_UNIT.replace("synopsis:", "synopsys:");
    let dir = pack_bytes(&[("units/tutor.ron", broken.as_bytes())]);
    let p = one_problem(dir.path());
    assert!(p.message.contains("synopsys"), "{p}");
    assert_eq!(p.line, Some(4), "{p}");
}

#[test]
fn duplicate_unit_ids_keep_the_first_and_report_the_second() {
    let dir = pack_bytes(&[
        ("units/a.ron", GOOD_UNIT.as_bytes()),
        (
            "units/b.ron",
            GOOD_UNIT
                .replace("A tutor's own unit", "Another")
                .as_bytes(),
        ),
    ]);
    let loaded = content::check_folder(dir.path());
    let errors = errors(&loaded);
    assert_eq!(errors.len(), 1, "{:#?}", loaded.problems);
    let p = &errors[0];
    assert!(
        p.file.ends_with("units/b.ron") && p.message.contains("tutor-unit"),
        "{p}"
    );
    assert_eq!(p.line, Some(2));
    assert_eq!(loaded.pack.units.len(), 1);
    assert_eq!(loaded.pack.units[0].unit.title, "A tutor's own unit");
}

#[test]
fn duplicate_item_ids_across_units_are_reported() {
    let second = GOOD_UNIT
        .replace(r#"id: "tutor-unit","#, r#"id: "tutor-unit-2","#)
        .replace("tutor-unit/mp/contract", "tutor-unit-2/mp/contract")
        .replace("tutor-unit/mis/no-contract", "tutor-unit-2/mis/no-contract");
    let dir = pack_bytes(&[
        ("units/a.ron", GOOD_UNIT.as_bytes()),
        ("units/b.ron", second.as_bytes()),
    ]);
    let p = one_problem(dir.path());
    assert!(
        p.message.contains("duplicate id `tutor-unit/kc/contract`"),
        "{p}"
    );
    assert!(p.file.ends_with("units/b.ron"));
}

#[test]
fn a_reference_to_a_missing_criterion_is_reported() {
    let broken = GOOD_UNIT.replace(r#"criteria: ["1.1"]"#, r#"criteria: ["4.2"]"#);
    let dir = pack_bytes(&[("units/tutor.ron", broken.as_bytes())]);
    let p = one_problem(dir.path());
    assert!(
        p.message.contains("4.2") && p.message.contains("does not have"),
        "{p}"
    );
    assert!(p.line.is_some());
}

#[test]
fn empty_text_is_reported_at_its_line() {
    let broken = GOOD_UNIT.replace(
        r#"explanation: "An agreement on how the work will go.""#,
        r#"explanation: "  ""#,
    );
    let dir = pack_bytes(&[("units/tutor.ron", broken.as_bytes())]);
    let p = one_problem(dir.path());
    assert!(
        p.message.contains("empty text") && p.message.contains("explanation"),
        "{p}"
    );
    assert_eq!(p.line, Some(10), "{p}");
}

#[test]
fn non_utf8_bytes_are_reported_with_their_position() {
    let mut bytes = GOOD_UNIT.as_bytes().to_vec();
    let at = GOOD_UNIT.find("tutor for").unwrap();
    bytes[at] = 0xFF;
    let dir = pack_bytes(&[("units/tutor.ron", &bytes)]);
    let p = one_problem(dir.path());
    assert!(
        p.message.contains("not UTF-8") && p.message.contains("0xFF"),
        "{p}"
    );
    assert_eq!(p.line, Some(4));
}

#[test]
fn an_empty_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = one_problem(dir.path());
    assert!(p.message.contains("no .ron files"), "{p}");
}

#[test]
fn a_missing_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let problems = problems_of(&dir.path().join("nope"));
    assert!(!problems.is_empty());
    assert!(
        problems[0].message.contains("cannot open content folder"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_ron_file_outside_units_is_reported() {
    let dir = pack_bytes(&[
        ("units/tutor.ron", GOOD_UNIT.as_bytes()),
        ("stray.ron", b"()"),
    ]);
    let p = one_problem(dir.path());
    assert!(
        p.file.ends_with("stray.ron") && p.message.contains("units/"),
        "{p}"
    );
}

#[test]
fn valid_units_load_beside_a_broken_file() {
    let dir = pack_bytes(&[
        ("units/good.ron", GOOD_UNIT.as_bytes()),
        ("units/bad.ron", b"Unit(id: "),
    ]);
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert_eq!(errors(&loaded).len(), 1, "{:#?}", loaded.problems);
    assert!(loaded.pack.unit("tutor-unit").is_some());
    assert_eq!(loaded.pack.units.len(), 6);
}

#[test]
fn a_tutor_unit_reusing_a_builtin_id_is_reported_not_overwritten() {
    let clash = GOOD_UNIT
        .replace(
            r#"id: "tutor-unit","#,
            r#"id: "athe-l6-personal-development","#,
        )
        .replace("tutor-unit/", "clash/");
    let dir = pack_bytes(&[("units/clash.ron", clash.as_bytes())]);
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert_eq!(errors(&loaded).len(), 1, "{:#?}", loaded.problems);
    assert!(
        errors(&loaded)[0]
            .message
            .contains("already used by built-in:units/")
    );
    let unit = &loaded
        .pack
        .unit("athe-l6-personal-development")
        .unwrap()
        .unit;
    assert_eq!(unit.title, "Personal Development for Coaches and Mentors");
    // `rapport check` reports the same clash.
    let p = one_problem(dir.path());
    assert!(p.message.contains("already used by built-in"), "{p}");
}

#[test]
fn optional_values_may_omit_some() {
    let plain = GOOD_UNIT.replace(
        r#"title: "A tutor's own unit","#,
        r#"title: "A tutor's own unit", awarding_body: "Our Centre", level: 4,"#,
    );
    let dir = pack_bytes(&[("units/tutor.ron", plain.as_bytes())]);
    let loaded = content::check_folder(dir.path());
    assert!(errors(&loaded).is_empty(), "{:#?}", loaded.problems);
    assert_eq!(
        loaded.pack.units[0].unit.awarding_body.as_deref(),
        Some("Our Centre")
    );
}

#[test]
fn a_level_out_of_range_is_reported() {
    let bad = GOOD_UNIT.replace(
        r#"title: "A tutor's own unit","#,
        r#"title: "A tutor's own unit", level: Some(12),"#,
    );
    let dir = pack_bytes(&[("units/tutor.ron", bad.as_bytes())]);
    let p = one_problem(dir.path());
    assert!(p.message.contains("level 12"), "{p}");
}
