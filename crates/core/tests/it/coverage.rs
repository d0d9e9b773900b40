//! The gaps `rapport check` warns about: none in the built-in pack (with its counts), and each
//! kind found in a tutor's pack, at its file, line and column, without failing the check.

use rapport_core::content::coverage::{MIN_SCENARIOS, Target, coverage};
use rapport_core::content::{self, Question, Severity, load_builtin, load_with_folders};
use rapport_core::flashcards::all_cards;

use crate::common::pack;

#[test]
fn the_builtin_pack_gives_no_warning() {
    let loaded = load_builtin();
    let warnings: Vec<String> = loaded.warnings().map(|w| w.to_string()).collect();
    assert_eq!(warnings, Vec::<String>::new());
    // Nor does the source folder checked as a tutor's pack would be.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let checked = content::check_folder(&dir);
    assert_eq!(checked.problems, vec![]);
}

#[test]
fn every_builtin_misconception_is_corrected_and_every_point_and_criterion_practised() {
    let loaded = load_builtin();
    let units = || loaded.pack.units.iter().map(|u| &u.unit);
    let cov = coverage(&loaded.pack, None);

    let misconceptions: usize = units().map(|u| u.misconceptions.len()).sum();
    let corrected = units()
        .flat_map(|u| &u.misconceptions)
        .filter(|m| {
            m.correction
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
        })
        .count();
    assert_eq!(misconceptions, 38);
    assert_eq!(corrected, misconceptions);
    assert!(cov.uncorrected.is_empty());

    // Every marking point, in two or more scenarios, one written or multi-step.
    let points: usize = units().map(|u| u.marking_points.len()).sum();
    assert_eq!(points, 26);
    assert_eq!(cov.marking_points.len(), points);
    // Every criterion, or learning outcome in the units that list no criteria: OA's 5
    // criteria, ProQual's and ATHE's 3 outcomes each.
    assert_eq!(cov.criteria.len(), 11);
    assert_eq!(
        cov.criteria
            .iter()
            .filter(|r| matches!(r.target, Target::Criterion(_)))
            .count(),
        5
    );
    for row in cov.marking_points.iter().chain(&cov.criteria) {
        let p = row.practice;
        assert!(
            p.scenarios >= MIN_SCENARIOS && p.written + p.multi_step >= 1,
            "{:?} of {}: {p:?}",
            row.target,
            row.unit
        );
    }
    // Each row's count is the scenarios that name it, recounted here from the scenarios.
    for row in &cov.marking_points {
        let Target::MarkingPoint(id) = &row.target else {
            unreachable!()
        };
        let naming = loaded
            .pack
            .scenarios
            .iter()
            .filter(|s| s.scenario.marking_points.contains(id))
            .collect::<Vec<_>>();
        assert_eq!(row.practice.scenarios, naming.len(), "{id}");
        let written = naming
            .iter()
            .filter(|s| matches!(s.scenario.question, Question::Written(_)))
            .count();
        assert_eq!(row.practice.written, written, "{id}");
    }
    assert!(cov.unused_tips.is_empty());
    assert!(cov.repeated_fronts.is_empty());
    assert_eq!(cov.gaps(), 0);
}

const TUTOR_UNIT: &str = r#"Unit(
    id: "t",
    title: "Tutor unit",
    synopsis: "A tutor's unit.",
    learning_outcomes: [
        LearningOutcome(number: "1", text: "Understand contracting", criteria: [
            Criterion(number: "1.1", text: "Explain what a contract covers"),
            Criterion(number: "1.2", text: "Explain confidentiality"),
        ]),
    ],
    key_concepts: [
        KeyConcept(id: "t/kc/contract", term: "Contract", explanation: "An agreement on how the work will go."),
    ],
    misconceptions: [
        Misconception(id: "t/mis/paperwork", text: "A contract is only paperwork.", correction: "It sets boundaries."),
        Misconception(id: "t/mis/secret", text: "Everything is secret."),
    ],
    marking_points: [
        MarkingPoint(id: "t/mp/covers", text: "Names what a contract covers.", criteria: ["1.1"]),
        MarkingPoint(id: "t/mp/limits", text: "States the limits of confidentiality.", criteria: ["1.2"]),
    ],
    tips: [
        Tip(id: "t/tip/used", text: "Name the parts."),
        Tip(id: "t/tip/unused", text: "Never shown."),
    ],
)"#;

/// Scenario `n` of the tutor's unit: written or single best answer, on `criterion` and `mp`.
fn scenario(n: u32, written: bool, criterion: &str, mp: &str) -> String {
    let question = if written {
        r#"Written(model_answer: "Purpose, boundaries and practicalities.", rubric: [
            RubricPoint(id: "parts", marking_point: "t/mp/covers", label: "Names the parts", ideas: [["boundaries"]]),
        ])"#
    } else {
        r#"SingleBest(options: [
            Choice(text: "Boundaries", correct: true),
            Choice(text: "Paperwork", misconception: "t/mis/paperwork"),
        ])"#
    };
    format!(
        r#"Scenario(
        id: "t/sc/{n}",
        unit: "t",
        title: "Scenario {n}",
        criteria: ["{criterion}"],
        marking_points: ["{mp}"],
        setting: WorkplaceMentoring,
        situation: "A new mentee.",
        prompt: "What does a contract cover?",
        question: {question},
        tips: ["t/tip/used"],
    )"#
    )
}

const TUTOR_DECK: &str = r#"Deck(
    id: "t-deck",
    title: "Tutor deck",
    unit: "t",
    section: "Contracting",
    topic: "Contracts",
    cards: [
        Card(id: "one", front: "What does a contract cover?", back: "Purpose and boundaries."),
        Card(id: "two", front: "What does a contract cover?", back: "Practicalities."),
        Card(id: "grow", front: "GROW: what comes after Reality?", back: "Options."),
    ],
)"#;

#[test]
fn a_tutor_pack_gets_a_warning_for_each_gap_at_its_line_and_the_check_passes() {
    // `covers`: a written and a single-best scenario (enough); `limits`: one single-best
    // scenario; criterion 1.1: both; 1.2: one.
    let scenarios = format!(
        "[\n{},\n{},\n{},\n]",
        scenario(1, true, "1.1", "t/mp/covers"),
        scenario(2, false, "1.1", "t/mp/covers"),
        scenario(3, false, "1.2", "t/mp/limits"),
    );
    let dir = pack(&[
        ("units/t.ron", TUTOR_UNIT),
        ("scenarios/t.ron", &scenarios),
        ("cards/t.ron", TUTOR_DECK),
    ]);
    let checked = content::check_folder(dir.path());
    assert_eq!(checked.errors().count(), 0, "{:#?}", checked.problems);
    assert_eq!(checked.pack.units.len(), 1);
    assert_eq!(checked.pack.scenarios.len(), 3);
    assert_eq!(checked.pack.decks.len(), 1);

    let warnings: Vec<String> = checked.warnings().map(|w| w.to_string()).collect();
    let unit = format!("{}", dir.path().join("units/t.ron").display());
    let deck = format!("{}", dir.path().join("cards/t.ron").display());
    let expected = [
        // The unit's file, top to bottom: criterion 1.2, the uncorrected misconception, the
        // marking point short of practice, the unused tip.
        format!("{unit}:8:31: warning: criterion 1.2 of unit `t` is practised by 1 scenario, 0"),
        format!("{unit}:16:27: warning: misconception `t/mis/secret` has no correction"),
        format!("{unit}:20:26: warning: marking point `t/mp/limits` is practised by 1 scenario"),
        format!("{unit}:24:17: warning: tip `t/tip/unused` is used by no scenario"),
        format!(
            "{deck}:9:18: warning: card `two` of deck `t-deck` has the front “What does a \
             contract cover?”, as card `one` of deck `t-deck` in {deck} does (with another back)"
        ),
        format!(
            "{deck}:10:18: warning: card `grow` of deck `t-deck` has the front “GROW: what comes \
             after Reality?”, as card `after-reality` of deck `grow` in built-in:cards/grow.ron"
        ),
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, start) in warnings.iter().zip(&expected) {
        assert!(
            warning.starts_with(start.as_str()),
            "{warning}\n  expected\n{start}"
        );
    }
    assert!(checked.warnings().all(|w| w.severity == Severity::Warning));

    // Loaded in the app, the same pack opens whole, with the same warnings and no error.
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.errors().count(), 0, "{:#?}", loaded.problems);
    assert_eq!(loaded.warnings().count(), expected.len());
    assert!(loaded.pack.unit("t").is_some());
    assert_eq!(loaded.pack.scenarios.len(), 82 + 3);
}

#[test]
fn scenarios_of_another_pack_count_for_a_tutor_pack() {
    // Folder A has the unit and no scenarios; folder B practises A's marking points and
    // criteria (and a built-in marking point, which a tutor's scenario may also practise).
    let unit = TUTOR_UNIT
        .replace(
            r#"text: "Everything is secret.""#,
            r#"text: "Everything is secret.", correction: "Not always.""#,
        )
        .replace(
            r#"        Tip(id: "t/tip/unused", text: "Never shown."),"#,
            "",
        );
    let a = pack(&[("units/t.ron", &unit)]);
    let scenarios = format!(
        "[\n{},\n{},\n{},\n{},\n]",
        scenario(1, true, "1.1", "t/mp/covers"),
        scenario(2, false, "1.1", "t/mp/covers"),
        scenario(3, true, "1.2", "t/mp/limits"),
        scenario(4, false, "1.2", "t/mp/limits"),
    )
    .replace(
        r#"marking_points: ["t/mp/covers"]"#,
        r#"marking_points: ["t/mp/covers", "ers-coaching-mentoring-roles/mp/stages-of-progression"]"#,
    );
    let b = pack(&[("scenarios/t.ron", &scenarios)]);
    let alone = load_with_folders(&[a.path().to_path_buf()]);
    assert_eq!(alone.errors().count(), 0, "{:#?}", alone.problems);
    assert_eq!(alone.warnings().count(), 5, "{:#?}", alone.problems);

    let both = load_with_folders(&[a.path().to_path_buf(), b.path().to_path_buf()]);
    assert_eq!(both.problems, vec![]);
    let cov = coverage(&both.pack, None);
    let covers = cov
        .marking_points
        .iter()
        .find(|r| r.target == Target::MarkingPoint("t/mp/covers".into()))
        .unwrap();
    assert_eq!((covers.practice.scenarios, covers.practice.written), (2, 1));
    let builtin = cov
        .marking_points
        .iter()
        .find(|r| {
            r.target
                == Target::MarkingPoint(
                    "ers-coaching-mentoring-roles/mp/stages-of-progression".into(),
                )
        })
        .unwrap();
    let before = coverage(&load_builtin().pack, None);
    let builtin_before = before
        .marking_points
        .iter()
        .find(|r| r.target == builtin.target)
        .unwrap();
    assert_eq!(
        builtin.practice.scenarios,
        builtin_before.practice.scenarios + 2
    );
}

#[test]
fn misconception_cards_ask_for_the_correction_and_teach_it() {
    let loaded = load_builtin();
    let cards = all_cards(&loaded.pack);
    let misconception_cards: Vec<_> = cards
        .iter()
        .filter(|c| c.section == "Common misconceptions")
        .collect();
    assert_eq!(misconception_cards.len(), 38);
    for card in misconception_cards {
        assert!(
            card.front
                .starts_with("What is wrong with this, and what is right? “"),
            "{}",
            card.front
        );
        let quoted = card.front.split('“').nth(1).unwrap().trim_end_matches('”');
        assert!(!card.back.contains(quoted), "{} repeats its front", card.id);
        let m = loaded
            .pack
            .units
            .iter()
            .flat_map(|u| &u.unit.misconceptions)
            .find(|m| card.id == format!("card:{}", m.id))
            .unwrap();
        let correction = m.correction.as_deref().unwrap().trim();
        assert!(
            card.back.ends_with(&correction[1..]),
            "{}: {}",
            card.id,
            card.back
        );
    }
}

#[test]
fn cards_with_one_front_and_two_backs_get_distinct_fronts() {
    // The same term explained differently in two tutor units, and two deck cards alike.
    let second = TUTOR_UNIT
        .replace(r#"id: "t","#, r#"id: "u","#)
        .replace("t/", "u/")
        .replace("Tutor unit", "Another unit")
        .replace(
            "An agreement on how the work will go.",
            "A signed document.",
        );
    let dir = pack(&[
        ("units/t.ron", TUTOR_UNIT),
        ("units/u.ron", &second),
        ("cards/t.ron", TUTOR_DECK),
    ]);
    let loaded = load_with_folders(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.errors().count(), 0, "{:#?}", loaded.problems);
    let cards = all_cards(&loaded.pack);
    let mut fronts: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        Default::default();
    for c in &cards {
        fronts.entry(&c.front).or_default().insert(&c.back);
    }
    let clashes: Vec<_> = fronts.iter().filter(|(_, backs)| backs.len() > 1).collect();
    assert_eq!(clashes, vec![]);
    let contract: Vec<&str> = cards
        .iter()
        .filter(|c| c.front.starts_with("What is meant by “Contract”?"))
        .map(|c| c.front.as_str())
        .collect();
    assert_eq!(
        contract,
        [
            "What is meant by “Contract”? (Tutor unit)",
            "What is meant by “Contract”? (Another unit)"
        ]
    );
    let deck: Vec<&str> = cards
        .iter()
        .filter(|c| c.deck == "t-deck")
        .map(|c| c.front.as_str())
        .collect();
    assert_eq!(
        deck,
        [
            "What does a contract cover? (Tutor deck)",
            "What does a contract cover? (Tutor deck, 2)",
            // A built-in card has this front with another back.
            "GROW: what comes after Reality? (Tutor deck)"
        ]
    );
    // The check still tells the tutor, who can reword them.
    assert!(
        loaded
            .warnings()
            .any(|w| w.message.contains("key concept `u/kc/contract`"))
    );
}

#[test]
fn loading_only_to_read_leaves_out_the_coverage_warnings_and_nothing_else() {
    // The tutor pack above (six coverage warnings), with a broken scenario and a broken unit.
    let scenarios = format!(
        "[\n{},\n{},\n{},\n]",
        scenario(1, true, "1.1", "t/mp/covers"),
        scenario(2, false, "1.1", "t/mp/no-such-point"),
        scenario(3, false, "1.2", "t/mp/limits"),
    );
    let dir = pack(&[
        ("units/t.ron", TUTOR_UNIT),
        ("units/broken.ron", "Unit(id: \"broken\", title: "),
        ("scenarios/t.ron", &scenarios),
        ("cards/t.ron", TUTOR_DECK),
    ]);
    let folders = [dir.path().to_path_buf()];
    let whole = load_with_folders(&folders);
    let read = content::load_for_reading(&folders);
    let errors = |l: &content::Loaded| l.errors().map(|p| p.to_string()).collect::<Vec<_>>();
    assert_eq!(errors(&read), errors(&whole));
    assert!(errors(&read).len() >= 2, "{:#?}", read.problems);
    assert!(whole.warnings().count() > 0);
    assert_eq!(read.warnings().count(), 0, "{:#?}", read.problems);
    let ids = |l: &content::Loaded| {
        (
            l.pack
                .units
                .iter()
                .map(|u| u.unit.id.clone())
                .collect::<Vec<_>>(),
            l.pack
                .scenarios
                .iter()
                .map(|s| s.scenario.id.clone())
                .collect::<Vec<_>>(),
            all_cards(&l.pack)
                .into_iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(ids(&read), ids(&whole));
}
