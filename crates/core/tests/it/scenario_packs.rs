//! Scenario files: the built-in bank, and broken tutor scenarios reported with file and line.

use std::collections::HashMap;
use std::path::Path;

use rapport_core::content::questions::{MultipleAnswers, SingleBest};
use rapport_core::content::{self, Problem, Question, load_builtin, load_with_folders};

use crate::common::pack;

fn problems_of(dir: &Path) -> Vec<Problem> {
    content::check_folder(dir).problems
}

/// A written scenario on a built-in unit, with `rubric_mp` as its rubric's marking point.
fn written(id: &str, rubric_mp: &str) -> String {
    format!(
        r#"[
    Scenario(
        id: "{id}",
        unit: "ers-coaching-mentoring-roles",
        title: "A tutor's scenario",
        setting: AdultSocialCare,
        situation: "A care worker asks for help.",
        prompt: "What would you do?",
        question: Written(
            model_answer: "Agree a contract.",
            rubric: [
                RubricPoint(
                    id: "contract",
                    marking_point: "{rubric_mp}",
                    label: "Agrees a contract",
                    ideas: [["agree a contract"]],
                ),
            ],
        ),
    ),
]"#
    )
}

const GOOD_MP: &str = "ers-coaching-mentoring-roles/mp/stages-of-progression";

#[test]
fn the_builtin_scenarios_load_without_problems() {
    let loaded = load_builtin();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert!(loaded.pack.scenarios.len() >= 5);
    assert!(rapport_core::flashcards::pack_summary(&loaded.pack).contains(" scenarios"));
}

#[test]
fn every_wrong_choice_names_a_misconception_that_exists() {
    let loaded = load_builtin();
    let misconceptions: Vec<&str> = loaded
        .pack
        .units
        .iter()
        .flat_map(|u| u.unit.misconceptions.iter().map(|m| m.id.as_str()))
        .collect();
    let mut wrong = 0;
    for s in &loaded.pack.scenarios {
        if let Question::SingleBest(SingleBest { options })
        | Question::MultipleAnswers(MultipleAnswers { options }) = &s.scenario.question
        {
            for o in options.iter().filter(|o| !o.correct) {
                wrong += 1;
                let id = o.misconception.as_deref().expect("wrong option names one");
                assert!(misconceptions.contains(&id), "{id}");
            }
        }
    }
    assert!(wrong > 0);
}

#[test]
fn a_tutor_scenario_on_a_builtin_unit_checks_clean_and_loads() {
    let dir = pack(&[("scenarios/mine.ron", &written("tutor/sc/one", GOOD_MP))]);
    assert_eq!(problems_of(dir.path()), vec![]);
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert!(loaded.pack.scenario("tutor/sc/one").is_some());
}

#[test]
fn a_rubric_naming_a_missing_marking_point_is_rejected_at_its_line() {
    let dir = pack(&[(
        "scenarios/mine.ron",
        &written(
            "tutor/sc/one",
            "ers-coaching-mentoring-roles/mp/no-such-point",
        ),
    )]);
    let problems = problems_of(dir.path());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert!(p.file.ends_with("scenarios/mine.ron"), "{p}");
    assert!(p.message.contains("no-such-point"), "{p}");
    assert_eq!(p.line, Some(14), "{p}");
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert!(
        loaded.pack.scenario("tutor/sc/one").is_none(),
        "a scenario with a dangling reference is not offered to learners"
    );
}

#[test]
fn dangling_unit_criterion_tip_and_misconception_references_are_each_reported() {
    let text = r#"[
    Scenario(
        id: "tutor/sc/bad",
        unit: "oa-l5-coaching-mentoring-practice",
        title: "Bad references",
        criteria: ["9.9"],
        marking_points: ["nowhere/mp/x"],
        setting: AdultSocialCare,
        situation: "Something happens.",
        prompt: "Pick one.",
        question: SingleBest(options: [
            Choice(text: "Right", correct: true),
            Choice(text: "Wrong and unexplained"),
            Choice(text: "Wrong", misconception: "nowhere/mis/y"),
        ]),
        tips: ["nowhere/tip/z"],
    ),
    Scenario(
        id: "tutor/sc/no-unit",
        unit: "no-such-unit",
        title: "Lost",
        setting: AdultSocialCare,
        situation: "Something happens.",
        prompt: "Order them.",
        question: OrderStages(model: "GROW", stages: ["Goal", "Reality"]),
    ),
]"#;
    let dir = pack(&[("scenarios/bad.ron", text)]);
    let problems = problems_of(dir.path());
    let lines: HashMap<&str, Option<usize>> = [
        ("criterion 9.9", Some(6)),
        ("nowhere/mp/x", Some(7)),
        ("must name the misconception", Some(13)),
        ("nowhere/mis/y", Some(14)),
        ("nowhere/tip/z", Some(16)),
        ("no-such-unit", Some(20)),
    ]
    .into_iter()
    .collect();
    assert_eq!(problems.len(), lines.len(), "{problems:#?}");
    for (needle, line) in lines {
        let p = problems
            .iter()
            .find(|p| p.message.contains(needle))
            .unwrap_or_else(|| panic!("no problem mentions {needle}: {problems:#?}"));
        assert_eq!(p.line, line, "{p}");
    }
}

#[test]
fn question_shape_mistakes_are_reported() {
    let text = r#"[
    Scenario(
        id: "tutor/sc/two-right",
        unit: "ers-coaching-mentoring-roles",
        title: "Two right",
        setting: AdultSocialCare,
        situation: "Something happens.",
        prompt: "Pick one.",
        question: SingleBest(options: [
            Choice(text: "A", correct: true),
            Choice(text: "B", correct: true),
        ]),
    ),
    Scenario(
        id: "tutor/sc/classify",
        unit: "ers-coaching-mentoring-roles",
        title: "Classify",
        setting: AdultSocialCare,
        situation: "Something happens.",
        prompt: "Sort them.",
        question: Classify(categories: ["Coaching", "Mentoring"], items: [
            ClassifyItem(text: "Teaching the till", category: "Coachng"),
        ]),
    ),
    Scenario(
        id: "tutor/sc/classify",
        unit: "ers-coaching-mentoring-roles",
        title: "Same id again",
        setting: AdultSocialCare,
        situation: "Something happens.",
        prompt: "Order.",
        question: OrderStages(model: "GROW", stages: ["Goal", "Goal"]),
    ),
]"#;
    let dir = pack(&[("scenarios/shape.ron", text)]);
    let problems = problems_of(dir.path());
    let all = format!("{problems:#?}");
    assert_eq!(problems.len(), 3, "{all}");
    assert!(all.contains("exactly one"), "{all}");
    assert!(all.contains("\\\"Coachng\\\""), "{all}");
    assert!(
        all.contains("duplicate scenario id `tutor/sc/classify`"),
        "{all}"
    );
}

#[test]
fn a_syntax_error_in_a_scenario_file_names_the_line() {
    let dir = pack(&[(
        "scenarios/typo.ron",
        "[\n    Scenario(\n        id: \"x\",\n        unit: \"ers-coaching-mentoring-roles\",\n        titel: \"Typo\",\n    ),\n]",
    )]);
    let problems = problems_of(dir.path());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, Some(5), "{}", problems[0]);
    assert!(problems[0].message.contains("titel"), "{}", problems[0]);
}

#[test]
fn every_seed_unit_has_at_least_twelve_scenarios_of_every_type_and_setting() {
    let loaded = load_builtin();
    for u in &loaded.pack.units {
        let n = loaded
            .pack
            .scenarios
            .iter()
            .filter(|s| s.scenario.unit == u.unit.id)
            .count();
        assert!(n >= 12, "{} has {n} scenarios", u.unit.id);
    }
    let kinds: std::collections::HashSet<&str> = loaded
        .pack
        .scenarios
        .iter()
        .map(|s| s.scenario.question.kind_label())
        .collect();
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    let settings: std::collections::HashSet<_> = loaded
        .pack
        .scenarios
        .iter()
        .map(|s| s.scenario.setting)
        .collect();
    assert_eq!(settings.len(), 6, "{settings:?}");
}

#[test]
fn a_phrasing_of_only_little_words_is_reported() {
    let text = written("tutor/sc/thin", GOOD_MP).replace(
        r#"ideas: [["agree a contract"]]"#,
        r#"ideas: [["agree a contract", "it would be"]]"#,
    );
    let dir = pack(&[("scenarios/thin.ron", &text)]);
    let problems = problems_of(dir.path());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.contains("\"it would be\""),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].line, Some(16), "{}", problems[0]);
}

/// A scenario on a built-in unit with `question` as its question.
fn with_question(question: &str) -> String {
    format!(
        r#"[
    Scenario(
        id: "my-centre/sc/q",
        unit: "ers-coaching-mentoring-roles",
        title: "A tutor's scenario",
        setting: AdultSocialCare,
        situation: "A care worker asks for help.",
        prompt: "What would you do?",
        question: {question},
    ),
]"#
    )
}

fn messages_for(question: &str) -> Vec<String> {
    let dir = pack(&[("scenarios/q.ron", &with_question(question))]);
    problems_of(dir.path())
        .into_iter()
        .map(|p| {
            assert!(p.line.is_some(), "{p}");
            p.message
        })
        .collect()
}

#[test]
fn empty_and_repeated_texts_inside_questions_are_named_as_such() {
    let mis = "misconception: \"ers-coaching-mentoring-roles/mis/job-coaching-is-non-directive\"";
    let cases = [
        (
            r#"Classify(categories: ["", ""], items: [ClassifyItem(text: "Ask", category: "")])"#
                .to_owned(),
            "a category of scenario",
        ),
        (
            r#"Classify(categories: ["Coaching", "Coaching"], items: [ClassifyItem(text: "Ask", category: "Coaching")])"#
                .to_owned(),
            "the same category twice",
        ),
        (
            r#"Classify(categories: ["Coaching", "Mentoring"], items: [ClassifyItem(text: " ", category: "Coaching")])"#
                .to_owned(),
            "an item of scenario",
        ),
        (
            format!(
                r#"SingleBest(options: [Choice(text: "Ask", correct: true), Choice(text: "Ask", {mis})])"#
            ),
            "two options with the same text",
        ),
        (
            r#"OrderStages(model: "GROW", stages: ["Goal", "", ""])"#.to_owned(),
            "a stage of scenario",
        ),
        (
            r#"MatchTerms(pairs: [MatchPair(term: "", definition: "a"), MatchPair(term: "", definition: "b")])"#
                .to_owned(),
            "a term or definition of scenario",
        ),
    ];
    for (question, expected) in cases {
        let messages = messages_for(&question);
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{question}: expected `{expected}` in {messages:?}"
        );
        // An empty text is not reported as a repeat of itself.
        if expected.contains("of scenario") {
            assert!(
                !messages
                    .iter()
                    .any(|m| m.contains("twice") || m.contains("repeats")),
                "{question}: {messages:?}"
            );
        }
    }
}

#[test]
fn a_rubric_point_worth_more_than_ten_marks_is_refused_and_totals_cannot_wrap() {
    let written = |max: u64| {
        format!(
            r#"Written(model_answer: "Agree a contract.", rubric: [
                RubricPoint(id: "a", marking_point: "{GOOD_MP}", label: "A", max_mark: {max}, ideas: [["agree a contract"]]),
                RubricPoint(id: "b", marking_point: "{GOOD_MP}", label: "B", max_mark: 1, ideas: [["review progress"]]),
            ])"#
        )
    };
    let messages = messages_for(&written(4_294_967_295));
    assert!(
        messages.iter().any(|m| m.contains("from 1 to 10")),
        "{messages:?}"
    );
    assert!(messages_for(&written(10)).is_empty());
    // Even unvalidated, a total saturates instead of wrapping.
    let rubric: Vec<rapport_core::marking::RubricPoint> = ron::from_str(&format!(
        r#"[
            RubricPoint(id: "a", marking_point: "{GOOD_MP}", label: "A", max_mark: 4294967295, ideas: [["agree a contract"]]),
            RubricPoint(id: "b", marking_point: "{GOOD_MP}", label: "B", max_mark: 1, ideas: [["review progress"]]),
        ]"#
    ))
    .unwrap();
    let result = rapport_core::marking::mark(&rubric, "Agree a contract.");
    assert_eq!(result.max_total, u32::MAX);
}
