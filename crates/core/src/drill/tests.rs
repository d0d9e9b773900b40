use super::handout::{Sheet, build, file_stem};
use super::*;
use crate::content::{Pack, load_builtin};

fn pack() -> Pack {
    let loaded = load_builtin();
    assert!(
        loaded.pack.scenarios.len() >= 3,
        "the built-in pack has scenarios to drill"
    );
    loaded.pack
}

fn setup(count: usize, seed: u64) -> DrillSetup {
    DrillSetup {
        name: "Monday group".into(),
        count,
        seed,
        ..DrillSetup::default()
    }
}

fn item(title: &str, points: usize, misconceptions: usize) -> DrillItem {
    DrillItem {
        id: title.into(),
        title: title.into(),
        unit_title: "Unit".into(),
        criteria: vec![],
        kind: QuestionKind::SingleBest,
        setting: "Somewhere".into(),
        situation: format!("{title} situation"),
        prompt: "What now?".into(),
        options: vec!["A. yes".into(), "B. no".into()],
        answer: vec!["A. yes".into()],
        explanation: None,
        marking_points: (0..points).map(|i| format!("point {i}")).collect(),
        misconceptions: (0..misconceptions)
            .map(|i| MisconceptionNote {
                trigger: None,
                text: format!("belief {i}"),
                correction: None,
            })
            .collect(),
        notes: vec![],
    }
}

fn drill(items: Vec<DrillItem>, seconds: u32, teams: &[&str]) -> Drill {
    Drill::new(
        DrillSetup {
            discussion_seconds: seconds,
            warning_seconds: 10,
            teams: teams.iter().map(|t| t.to_string()).collect(),
            ..DrillSetup::default()
        },
        items,
    )
}

#[test]
fn the_same_seed_gives_the_same_drill_and_another_seed_another_order() {
    let pack = pack();
    let n = pack.scenarios.len();
    let a = setup(n, 4821).select(&pack).unwrap();
    let b = setup(n, 4821).select(&pack).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.ids.len(), n);
    assert_eq!(a.matching, n);
    // Some seed among a handful must give another order; all giving the same would mean the
    // seed is ignored.
    assert!(
        (1..20).any(|s| setup(n, s).select(&pack).unwrap().ids != a.ids),
        "the seed changes the order"
    );
    let (d1, _) = setup(n, 4821).prepare(&pack).unwrap();
    let (d2, _) = setup(n, 4821).prepare(&pack).unwrap();
    assert_eq!(d1.items, d2.items, "options are shuffled the same way too");
}

#[test]
fn the_count_takes_the_first_scenarios_of_the_shuffled_order() {
    let pack = pack();
    let all = setup(100, 7).select(&pack).unwrap();
    assert_eq!(
        all.ids.len(),
        pack.scenarios.len(),
        "asking for more gives all"
    );
    let two = setup(2, 7).select(&pack).unwrap();
    assert_eq!(two.ids, all.ids[..2]);
    assert_eq!(two.matching, all.ids.len());
}

#[test]
fn filters_by_unit_question_type_and_criterion() {
    let mut pack = pack();
    let kinds: Vec<QuestionKind> = pack
        .scenarios
        .iter()
        .map(|s| s.scenario.question.kind())
        .collect();
    let wanted = kinds[0];
    let s = DrillSetup {
        kinds: vec![wanted],
        ..setup(50, 3)
    };
    let sel = s.select(&pack).unwrap();
    assert_eq!(
        sel.ids.len(),
        kinds.iter().filter(|k| **k == wanted).count()
    );
    for id in &sel.ids {
        assert_eq!(pack.scenario(id).unwrap().scenario.question.kind(), wanted);
    }

    let unit = pack.scenarios[0].scenario.unit.clone();
    pack.scenarios[1].scenario.unit = unit.clone();
    pack.scenarios[1].scenario.criteria = vec!["2.2".into()];
    let by_criterion = DrillSetup {
        criteria: vec![CriterionRef {
            unit: unit.clone(),
            number: "2.2".into(),
        }],
        ..setup(50, 3)
    };
    assert_eq!(
        by_criterion.select(&pack).unwrap().ids,
        vec![pack.scenarios[1].scenario.id.clone()]
    );

    // A unit whose scenarios are gone: ticking it alone matches nothing.
    let other_unit = pack.scenarios[0].scenario.unit.clone();
    pack.scenarios.retain(|s| s.scenario.unit != other_unit);
    let none = DrillSetup {
        units: vec![other_unit],
        ..setup(5, 3)
    };
    assert_eq!(none.select(&pack), Err(SetupError::NothingMatches));
}

#[test]
fn bad_setups_say_what_is_wrong() {
    let pack = pack();
    let unknown = DrillSetup {
        units: vec!["gone-unit".into()],
        ..setup(3, 1)
    };
    let err = unknown.select(&pack).unwrap_err();
    assert_eq!(err, SetupError::UnknownUnits(vec!["gone-unit".into()]));
    assert!(err.to_string().contains("gone-unit"));
    assert_eq!(setup(0, 1).select(&pack), Err(SetupError::NoCount));
    let teams = |t: &[&str]| DrillSetup {
        teams: t.iter().map(|s| s.to_string()).collect(),
        ..setup(3, 1)
    };
    assert_eq!(
        teams(&["Reds", "  "]).check(&pack),
        Err(SetupError::BlankTeamName(1))
    );
    assert_eq!(
        teams(&["Reds", "reds "]).check(&pack),
        Err(SetupError::DuplicateTeam("reds".into()))
    );
    let ten: Vec<String> = (0..10).map(|i| format!("T{i}")).collect();
    let ten: Vec<&str> = ten.iter().map(String::as_str).collect();
    assert_eq!(teams(&ten).check(&pack), Err(SetupError::TooManyTeams(10)));
}

#[test]
fn stages_run_in_order_and_skip_what_a_scenario_lacks() {
    let mut d = drill(vec![item("one", 2, 1), item("two", 0, 0)], 60, &[]);
    let mut seen = Vec::new();
    while let Some((i, _, stage)) = d.current() {
        seen.push((i, stage));
        d.next(0.0);
    }
    assert_eq!(
        seen,
        vec![
            (0, Stage::Scenario),
            (0, Stage::Discussion),
            (0, Stage::Question),
            (0, Stage::Answer),
            (0, Stage::MarkingPoint(0)),
            (0, Stage::MarkingPoint(1)),
            (0, Stage::Misconceptions),
            (1, Stage::Scenario),
            (1, Stage::Discussion),
            (1, Stage::Question),
            (1, Stage::Answer),
        ]
    );
    assert_eq!(d.position(), Position::Ranking);
    d.next(0.0);
    assert_eq!(d.position(), Position::Ranking, "next on the ranking stays");
    d.previous(0.0);
    assert_eq!(d.current().map(|c| (c.0, c.2)), Some((1, Stage::Answer)));
    for _ in 0..20 {
        d.previous(0.0);
    }
    assert_eq!(d.position(), Position::At { item: 0, stage: 0 });

    let no_time = drill(vec![item("one", 0, 0)], 0, &[]);
    assert_eq!(
        no_time.stages(0),
        vec![Stage::Scenario, Stage::Question, Stage::Answer],
        "no discussion without time"
    );
}

#[test]
fn reveal_goes_to_the_question_then_through_the_answer_but_not_to_the_next_scenario() {
    let mut d = drill(vec![item("one", 1, 1), item("two", 0, 0)], 60, &[]);
    d.reveal(0.0);
    assert_eq!(d.stage(), Some(Stage::Question), "skips the discussion");
    d.reveal(0.0);
    assert_eq!(d.stage(), Some(Stage::Answer));
    d.reveal(0.0);
    assert_eq!(d.stage(), Some(Stage::MarkingPoint(0)));
    d.reveal(0.0);
    assert_eq!(d.stage(), Some(Stage::Misconceptions));
    d.reveal(0.0);
    assert_eq!(d.current().map(|c| c.0), Some(0), "stays on this scenario");
}

#[test]
fn the_countdown_runs_pauses_warns_and_ends() {
    let mut d = drill(vec![item("one", 0, 0)], 30, &[]);
    assert_eq!(d.timer(0.0), None, "no countdown before the discussion");
    d.next(100.0);
    let t = d.timer(100.0).unwrap();
    assert_eq!(
        (t.seconds_left, t.paused, t.warning, t.over),
        (30, false, false, false)
    );
    assert_eq!(t.clock(), "0:30");
    assert_eq!(d.timer(110.5).unwrap().seconds_left, 20);
    d.toggle_pause(110.5);
    let paused = d.timer(500.0).unwrap();
    assert!(paused.paused);
    assert_eq!(paused.seconds_left, 20, "time stands still while paused");
    d.toggle_pause(500.0);
    let warn = d.timer(510.0).unwrap();
    assert_eq!(warn.seconds_left, 10);
    assert!(warn.warning && !warn.over);
    assert!(
        !d.timer(509.0).unwrap().warning,
        "11 s left is not yet the final seconds"
    );
    let end = d.timer(600.0).unwrap();
    assert!(end.over && !end.warning);
    assert_eq!(end.clock(), "0:00");
    assert_eq!(
        d.stage(),
        Some(Stage::Discussion),
        "time up does not move on by itself"
    );
    d.next(600.0);
    assert_eq!(d.timer(600.0), None);
    d.previous(700.0);
    assert_eq!(
        d.timer(700.0).unwrap().seconds_left,
        30,
        "coming back starts it again"
    );
}

#[test]
fn a_key_on_a_blank_screen_only_brings_the_picture_back() {
    let mut d = drill(vec![item("one", 0, 0)], 30, &[]);
    d.toggle_blank();
    assert!(d.is_blank());
    d.next(0.0);
    assert!(!d.is_blank());
    assert_eq!(d.stage(), Some(Stage::Scenario));
    d.next(0.0);
    assert_eq!(d.stage(), Some(Stage::Discussion));
    d.toggle_blank();
    d.toggle_blank();
    assert!(!d.is_blank());
}

#[test]
fn points_add_up_never_go_negative_and_rank_with_shared_places() {
    let mut d = drill(vec![item("one", 0, 0)], 0, &["Reds", "Blues", "Greens"]);
    assert!(d.award(1, 1));
    assert!(d.award(1, 1));
    assert!(d.award(2, 2));
    assert!(d.award(0, 1));
    assert!(!d.award(7, 1), "no team 8");
    assert!(d.award(0, -1));
    assert!(!d.award(0, -1), "already at zero");
    assert_eq!(d.points(), &[0, 2, 2]);
    let r = d.ranking();
    assert_eq!(
        r.iter()
            .map(|p| (p.place, p.team.as_str(), p.points))
            .collect::<Vec<_>>(),
        vec![(1, "Blues", 2), (1, "Greens", 2), (3, "Reds", 0)]
    );
}

#[test]
fn items_shuffle_options_but_keep_the_right_answer() {
    let pack = pack();
    let s = DrillSetup {
        kinds: vec![QuestionKind::SingleBest],
        ..setup(50, 11)
    };
    let (d, _) = s.prepare(&pack).unwrap();
    assert!(!d.items.is_empty());
    for it in &d.items {
        let sc = &pack.scenario(&it.id).unwrap().scenario;
        let crate::content::Question::SingleBest(crate::content::questions::SingleBest { options }) =
            &sc.question
        else {
            panic!("filtered to single best")
        };
        let right = options.iter().find(|c| c.correct).unwrap();
        assert_eq!(it.answer.len(), 1);
        assert!(it.answer[0].ends_with(&right.text));
        assert!(
            it.options.contains(&it.answer[0]),
            "the answer is one of the lettered options"
        );
        assert_eq!(it.options.len(), options.len());
        let wrong_with_misconception = options.iter().filter(|c| c.misconception.is_some()).count();
        assert!(it.misconceptions.len() <= wrong_with_misconception);
        assert!(!it.misconceptions.is_empty());
        assert!(it.misconceptions.iter().all(|m| m.trigger.is_some()));
        assert_eq!(it.marking_points.len(), sc.marking_points.len());
    }
}

#[test]
fn the_handout_has_no_answers_and_the_key_has_them() {
    let pack = pack();
    let n = pack.scenarios.len();
    let (d, _) = setup(n, 5).prepare(&pack).unwrap();
    let handout = crate::export::document::to_markdown(&build(&d, Sheet::Handout));
    let key = crate::export::document::to_markdown(&build(&d, Sheet::AnswerKey));
    for it in &d.items {
        assert!(handout.contains(&it.title), "{}", it.title);
        assert!(key.contains(&it.title));
        for mp in &it.marking_points {
            assert!(
                !handout.contains(mp.as_str()),
                "marking point in the handout: {mp}"
            );
            assert!(
                key.contains(mp.as_str()),
                "marking point missing from the key: {mp}"
            );
        }
        if let Some(e) = &it.explanation {
            assert!(!handout.contains(e.as_str()));
        }
    }
    assert!(!handout.contains("## Answer") && !handout.contains("### Answer"));
    assert!(key.contains("### Answer"));
    assert!(handout.contains(&d.setup.seed.to_string()));
    assert_eq!(file_stem(&d, Sheet::AnswerKey), "monday-group-5-answer-key");
}

/// Issue 14: the handout showed its instruction as a bullet ("- Write your answer.") and left
/// no room to write. Instructions and lettered options are plain lines, lists of things to
/// order or sort stay lists, and every question has ruled lines under it (more for a written
/// answer); the answer key has none.
#[test]
fn the_handout_has_plain_instructions_and_room_to_write() {
    use crate::export::Block;
    let pack = pack();
    let n = pack.scenarios.len();
    let (d, _) = setup(n, 5).prepare(&pack).unwrap();
    let handout = build(&d, Sheet::Handout);
    let key = build(&d, Sheet::AnswerKey);
    let bullets: Vec<&String> = handout
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Bullet(t) => Some(t),
            _ => None,
        })
        .collect();
    for it in &d.items {
        for line in &it.options {
            match line.strip_prefix("- ") {
                Some(item) => assert!(bullets.contains(&&item.to_owned())),
                None => assert!(
                    handout.blocks.contains(&Block::Paragraph(line.clone())),
                    "{}: “{line}” is not a plain line",
                    it.title
                ),
            }
        }
    }
    assert!(
        !bullets
            .iter()
            .any(|b| b.starts_with("Write your answer") || b.ends_with(':')),
        "an instruction is a bullet: {bullets:?}"
    );
    // Ruled lines after each question, before the next one's heading.
    let mut room = Vec::new();
    for (i, block) in handout.blocks.iter().enumerate() {
        if let Block::Heading(_) = block {
            let next_heading = handout.blocks[i + 1..]
                .iter()
                .position(|b| matches!(b, Block::Heading(_)))
                .map_or(handout.blocks.len(), |p| i + 1 + p);
            let lines: usize = handout.blocks[i..next_heading]
                .iter()
                .map(|b| match b {
                    Block::WritingLines(n) => *n,
                    _ => 0,
                })
                .sum();
            room.push(lines);
        }
    }
    assert_eq!(room.len(), d.items.len());
    for (it, lines) in d.items.iter().zip(&room) {
        let least = if it.kind == QuestionKind::Written {
            6
        } else {
            2
        };
        assert!(*lines >= least, "{}: {lines} lines to write on", it.title);
    }
    assert!(
        !key.blocks
            .iter()
            .any(|b| matches!(b, Block::WritingLines(_))),
        "the answer key has no writing lines"
    );
    let md = crate::export::document::to_markdown(&handout);
    assert!(!md.contains("- Write your answer"), "{md}");
    assert!(md.contains(crate::export::document::WRITING_LINE_MD));
}
