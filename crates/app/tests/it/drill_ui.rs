//! A classroom drill driven the way a tutor drives it from the front of a room: set up with a
//! few clicks, then every step by keys alone.

use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rapport::app::{RapportApp, Startup};
use rapport::content::load_builtin;
use rapport::drill::handout::{Sheet, build};
use rapport::drill::{CriterionRef, Position, Stage};

use crate::common;

fn harness(data: &Path, export: &Path) -> Harness<'static, RapportApp> {
    let mut startup = Startup::prepare(&[], data);
    startup.export_dir = export.to_path_buf();
    common::launch(startup)
}

fn open_setup(h: &mut Harness<'static, RapportApp>) {
    h.get_by_label("Classroom drill").click();
    h.run();
    h.get_by_label_contains("Start drill (F5)");
}

fn type_into(h: &mut Harness<'static, RapportApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn press(h: &mut Harness<'static, RapportApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn stage(h: &Harness<'static, RapportApp>) -> Option<Stage> {
    h.state().drill().and_then(|d| d.stage())
}

#[test]
fn a_whole_drill_by_keys_alone() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    open_setup(&mut h);
    type_into(&mut h, "Teams", "Reds, Blues");
    // The setup's list shows the drill's order before it starts.
    let setup = h.state().drill_setup();
    assert_eq!(setup.teams, vec!["Reds", "Blues"]);

    press(&mut h, Key::F5);
    let items = h
        .state()
        .drill()
        .expect("F5 starts the drill")
        .items
        .clone();
    assert!(!items.is_empty());
    assert!(
        h.query_by_label("Units").is_none(),
        "the navigation is not on the projector"
    );
    assert!(
        h.query_by_label_contains("Page Down").is_none(),
        "the keys are for the presenter view, not the class"
    );
    h.get_by_label("Reds: 0 points");
    h.get_by_label("Blues: 0 points");

    for (i, it) in items.iter().enumerate() {
        // The scenario alone: its situation, not yet the question.
        assert_eq!(stage(&h), Some(Stage::Scenario));
        h.get_by_label(&it.title);
        h.get_by_label(&it.situation);
        assert!(
            h.query_by_label(&it.prompt).is_none(),
            "question hidden at first"
        );

        // Page Down (a clicker's next) starts the discussion countdown.
        press(&mut h, Key::PageDown);
        assert_eq!(stage(&h), Some(Stage::Discussion));
        h.get_by_label("Discuss in your groups.");
        h.get_by_label("1:30");
        press(&mut h, Key::P);
        h.get_by_label("Paused");
        press(&mut h, Key::P);
        assert!(h.query_by_label("Paused").is_none());

        // B blanks the screen and B brings it back.
        press(&mut h, Key::B);
        assert!(
            h.query_by_label(&it.situation).is_none(),
            "blank shows nothing"
        );
        assert!(
            h.query_by_label_contains("Blues:").is_none(),
            "scores hidden too"
        );
        press(&mut h, Key::B);
        h.get_by_label(&it.situation);

        press(&mut h, Key::Space);
        assert_eq!(stage(&h), Some(Stage::Question));
        h.get_by_label(&it.prompt);
        for o in &it.options {
            h.get_by_label(o);
        }
        assert!(h.query_by_label("Answer").is_none());

        press(&mut h, Key::R);
        assert_eq!(stage(&h), Some(Stage::Answer));
        h.get_by_label("Answer");
        for a in &it.answer {
            h.get_all_by_label(a).next().expect("answer shown");
        }

        // Marking points appear one at a time.
        for (k, mp) in it.marking_points.iter().enumerate() {
            press(&mut h, Key::ArrowRight);
            assert_eq!(stage(&h), Some(Stage::MarkingPoint(k)));
            h.get_by_label(&format!("- {mp}"));
            if let Some(later) = it.marking_points.get(k + 1)
                && later != mp
            {
                assert!(h.query_by_label(&format!("- {later}")).is_none());
            }
        }
        if !it.misconceptions.is_empty() {
            press(&mut h, Key::R);
            assert_eq!(stage(&h), Some(Stage::Misconceptions));
            h.get_by_label("Misconceptions it catches");
        }

        // Blues get a point for every scenario, Reds for the first only, and a point given by
        // mistake is taken back with Shift.
        press(&mut h, Key::Num2);
        if i == 0 {
            press(&mut h, Key::Num1);
            h.key_press(Key::Num1);
            h.key_press_modifiers(Modifiers::SHIFT, Key::Num1);
            h.run();
        }
        h.get_by_label(&format!(
            "Blues: {} point{}",
            i + 1,
            if i == 0 { "" } else { "s" }
        ));
        h.get_by_label("Reds: 1 point");

        // Back and forward again lands on the same stage.
        let here = stage(&h);
        press(&mut h, Key::ArrowLeft);
        press(&mut h, Key::PageUp);
        press(&mut h, Key::Space);
        press(&mut h, Key::Space);
        assert_eq!(stage(&h), here);

        press(&mut h, Key::Space);
    }

    assert_eq!(h.state().drill().unwrap().position(), Position::Ranking);
    h.get_by_label("Final ranking");
    let blues = items.len();
    let first = if blues == 1 {
        // With one scenario the teams tie on a point each.
        "1. Reds: 1 point".to_owned()
    } else {
        format!("1. Blues: {blues} points")
    };
    h.get_by_label(&first);

    press(&mut h, Key::Escape);
    assert!(h.state().drill().is_none(), "Esc leaves the drill");
    h.get_by_label_contains("Start drill (F5)");
}

#[test]
fn the_presenter_view_shows_the_answer_while_the_screen_shows_the_question() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    open_setup(&mut h);
    press(&mut h, Key::F5);
    let it = h.state().drill().unwrap().items[0].clone();
    press(&mut h, Key::R);
    assert_eq!(stage(&h), Some(Stage::Question));
    assert!(h.query_by_label("Presenter view").is_none());
    press(&mut h, Key::N);
    assert!(h.state().presenter_open());
    h.get_by_label("Presenter view");
    // The keys are for the tutor: in the presenter view, not on the projector.
    assert_eq!(
        h.query_all_by_label_contains("1-9 point to team").count(),
        1,
        "the keys are listed once, in the presenter view"
    );
    for mp in &it.marking_points {
        h.get_by_label(&format!("- {mp}"));
    }
    press(&mut h, Key::N);
    assert!(!h.state().presenter_open());
    assert!(
        h.query_by_label_contains("1-9 point to team").is_none(),
        "no key hints on the projector"
    );
    assert!(h.query_by_label("Presenter view").is_none());
    for mp in &it.marking_points {
        assert!(
            h.query_by_label(&format!("- {mp}")).is_none(),
            "marking points stay off the projector until revealed"
        );
    }
}

#[test]
fn a_saved_drill_is_there_next_week() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let seed;
    {
        let mut h = harness(data.path(), out.path());
        open_setup(&mut h);
        type_into(&mut h, "Name", "Tuesday group");
        type_into(&mut h, "Teams", "Owls, Larks");
        seed = h.state().drill_setup().seed;
        // The whole bank's units and criteria are listed above the button.
        h.get_by_label("Save this drill").scroll_to_me();
        h.run();
        h.get_by_label("Save this drill").click();
        h.step();
        h.state_mut().wait_for_saves();
        h.run();
        assert_eq!(h.state().saved_drills().len(), 1);
        h.get_by_label_contains("Tuesday group: 5 scenarios, shuffle");
    }
    let mut h = harness(data.path(), out.path());
    open_setup(&mut h);
    assert_ne!(h.state().drill_setup().name, "Tuesday group");
    h.get_by_label(&format!("Tuesday group: 5 scenarios, shuffle {seed}"));
    h.get_by_label("Load Tuesday group").click();
    h.run();
    let setup = h.state().drill_setup();
    assert_eq!(setup.name, "Tuesday group");
    assert_eq!(setup.seed, seed);
    assert_eq!(setup.teams, vec!["Owls", "Larks"]);
}

#[test]
fn exporting_asks_before_replacing_a_file() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    open_setup(&mut h);
    let export = |h: &mut Harness<'static, RapportApp>| {
        h.get_by_label("Export handout (Markdown)").scroll_to_me();
        h.run();
        h.get_by_label("Export handout (Markdown)").click();
        h.step();
        h.state_mut().wait_for_export();
        h.run();
    };
    export(&mut h);
    let files: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let path = files[0].clone();
    assert!(path.to_string_lossy().ends_with("-handout.md"));
    h.get_by_label_contains("Saved ");

    std::fs::write(&path, "the tutor's own edits").unwrap();
    export(&mut h);
    h.get_by_label_contains("already exists. Replace it?");
    h.get_by_label("Keep the old file").click();
    h.run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the tutor's own edits"
    );

    export(&mut h);
    h.get_by_label("Replace the file").click();
    h.step();
    h.state_mut().wait_for_export();
    h.run();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# Classroom drill: handout"), "{text}");
}

/// The shuffle number as shown on the setup page.
fn shown_shuffle(h: &Harness<'static, RapportApp>) -> Option<f64> {
    h.get_all_by_role(Role::SpinButton)
        .find(|n| n.accesskit_node().label().as_deref() == Some("Shuffle"))
        .and_then(|n| n.accesskit_node().numeric_value())
}

/// Issue 14: the seed was drawn anew on every launch, so a handout exported on Monday and an
/// answer key exported on Tuesday (same choices) listed the scenarios in different orders.
#[test]
fn the_same_setup_gives_the_same_order_in_another_session() {
    let out = tempfile::tempdir().unwrap();
    let session = || {
        let data = tempfile::tempdir().unwrap();
        let mut h = harness(data.path(), out.path());
        open_setup(&mut h);
        type_into(&mut h, "Teams", "Reds, Blues");
        h
    };
    let monday = session().state().drill_setup();
    let mut h = session();
    let tuesday = h.state().drill_setup();
    assert_eq!(monday, tuesday, "the same choices make the same setup");
    let pack = load_builtin().pack;
    let prepare = |s: &rapport::drill::DrillSetup| s.prepare(&pack).expect("drills").0;
    let (handout, key) = (prepare(&monday), prepare(&tuesday));
    let titles = |d: &rapport::drill::Drill| d.items.iter().map(|i| i.title.clone()).collect();
    let order: Vec<String> = titles(&handout);
    assert_eq!(order, titles(&key) as Vec<String>);
    assert_eq!(
        build(&handout, Sheet::Handout),
        build(&key, Sheet::Handout),
        "same questions, options in the same order"
    );

    // The shuffle is shown; a new one is another number and another drill, listed at once.
    assert_eq!(shown_shuffle(&h), Some(tuesday.seed as f64));
    h.get_by_label("New shuffle").click();
    h.run();
    let shuffled = h.state().drill_setup();
    assert_ne!(shuffled.seed, tuesday.seed);
    assert_eq!(shown_shuffle(&h), Some(shuffled.seed as f64));
    let first = &prepare(&shuffled).items[0];
    h.get_by_label(&format!("1. {} ({})", first.title, first.kind.label()));
}

/// Issue 14: a criterion's tick box said only "2.1 Coaching and Mentoring Practice". It gives
/// the number and the criterion's own text, wrapped inside the window at 800x600.
#[test]
fn criteria_tick_boxes_give_the_criterion_text() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), out.path());
    h.set_size(egui::vec2(800.0, 600.0));
    open_setup(&mut h);
    let pack = load_builtin().pack;
    let scenario = &pack.scenarios[0].scenario;
    let unit = pack.unit(&scenario.unit).unwrap();
    let number = scenario.criteria[0].clone();
    let c = CriterionRef {
        unit: unit.unit.id.clone(),
        number: number.clone(),
    };
    let text = pack.criterion_text(&c).expect("the criterion has a text");
    let label = format!("{number} {text}");
    assert!(
        h.query_by_label(&label).is_none(),
        "criteria are listed under a ticked unit"
    );
    let unit_box = h
        .get_all_by_role(Role::CheckBox)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(&format!("{} (", unit.unit.title)))
        })
        .expect("the unit's tick box");
    unit_box.click();
    h.run();
    let tick = h.get_by_label(&label);
    tick.scroll_to_me();
    h.run();
    let r = h.get_by_label(&label).rect();
    assert!(r.max.x <= 800.0, "{label} runs off the window: {r:?}");
    if text.len() > 120 {
        assert!(r.height() > 30.0, "a long criterion wraps: {r:?}");
    }
    h.get_by_label(&label).click();
    h.run();
    assert_eq!(h.state().drill_setup().criteria, vec![c]);
}

const NINE_TEAMS: [&str; 9] = [
    "Reds",
    "Blues",
    "Greens",
    "Owls",
    "Larks",
    "Hawks of the North Ward",
    "Wrens",
    "Kites",
    "Swifts",
];

/// The drill of every built-in scenario, with nine teams, on the projector at `size`.
fn whole_bank_on_the_projector(
    size: egui::Vec2,
) -> (tempfile::TempDir, Harness<'static, RapportApp>) {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path(), data.path());
    open_setup(&mut h);
    let setup = rapport::drill::DrillSetup {
        count: 99,
        teams: NINE_TEAMS.iter().map(|t| t.to_string()).collect(),
        seed: 7,
        ..Default::default()
    };
    h.state_mut().load_drill_setup(setup);
    h.run();
    h.set_size(size);
    press(&mut h, Key::F5);
    assert!(h.state().drill().is_some(), "the drill starts");
    (data, h)
}

fn label_rects(h: &Harness<'static, RapportApp>) -> Vec<(String, egui::Rect)> {
    h.get_all_by_role(Role::Label)
        .map(|n| {
            let ak = n.accesskit_node();
            let text = ak
                .value()
                .or_else(|| ak.label())
                .unwrap_or_default()
                .to_string();
            (text, n.rect())
        })
        .collect()
}

fn is_score(text: &str) -> bool {
    NINE_TEAMS
        .iter()
        .any(|t| text.starts_with(&format!("{t}: ")))
}

/// Issue 14: at 1280x720 the misconceptions stage needed a scrollbar that a clicker cannot
/// use. Every stage of every built-in scenario, with nine teams on the scoreboard, fits the
/// window at 1280x720 and 1024x768: smaller type, or pages that the clicker's next key steps
/// through. Nothing is lost on the way: every option, answer, marking point and misconception
/// is on some page.
#[test]
fn every_projector_stage_fits_without_scrolling() {
    for (w, hgt) in [(1280.0, 720.0), (1024.0, 768.0)] {
        let (_data, mut h) = whole_bank_on_the_projector(egui::vec2(w, hgt));
        let items = h.state().drill().unwrap().items.clone();
        assert!(items.len() > 50, "the whole bank: {}", items.len());
        let mut seen = std::collections::HashSet::new();
        let mut frames = 0;
        let mut paged = 0;
        while h.state().drill().unwrap().position() != Position::Ranking {
            frames += 1;
            assert!(frames < 5000, "the drill does not end");
            let rects = label_rects(&h);
            let top_of_scores = rects
                .iter()
                .filter(|(t, _)| is_score(t))
                .map(|(_, r)| r.min.y)
                .fold(f32::INFINITY, f32::min);
            assert!(top_of_scores.is_finite(), "the scoreboard is shown");
            let where_ = format!(
                "{w}x{hgt}, {} · {:?}",
                h.state().drill().unwrap().progress_label(),
                h.state().drill().unwrap().stage()
            );
            for (text, r) in &rects {
                assert!(
                    r.min.x >= 0.0 && r.max.x <= w && r.min.y >= 0.0 && r.max.y <= hgt,
                    "{where_}: “{text}” at {r:?} is outside the window"
                );
                if !is_score(text) {
                    assert!(
                        r.max.y <= top_of_scores + 0.5,
                        "{where_}: “{text}” at {r:?} runs under the scoreboard"
                    );
                    // At least a line of type about 13 px high: readable, not squeezed in.
                    assert!(r.height() >= 15.0, "{where_}: “{text}” is tiny: {r:?}");
                }
                seen.insert(text.clone());
            }
            if h.state().presentation().unwrap().page().1 > 1 {
                paged += 1;
            }
            press(&mut h, Key::PageDown);
        }
        for it in &items {
            let mut expected: Vec<String> = Vec::new();
            expected.push(it.situation.clone());
            expected.push(it.prompt.clone());
            expected.extend(it.options.iter().cloned());
            expected.extend(it.answer.iter().cloned());
            expected.extend(it.marking_points.iter().map(|m| format!("- {m}")));
            for m in &it.misconceptions {
                expected.push(match &m.trigger {
                    Some(t) => format!("{t}: {}", m.text),
                    None => m.text.clone(),
                });
            }
            for text in expected {
                assert!(
                    seen.contains(&text),
                    "{w}x{hgt}, {}: “{text}” was never on the screen",
                    it.title
                );
            }
        }
        eprintln!("{w}x{hgt}: {frames} screens, {paged} of them one page of several");
    }
}

/// Issue 14: the scoreboard was small text at the bottom and nothing happened when a point was
/// given. Each team has a box high enough to read from the back of the room, the team that
/// scores is lit for a moment, and nothing else on the screen moves.
#[test]
fn a_point_lights_the_team_that_scored_and_moves_nothing() {
    let (_data, mut h) = whole_bank_on_the_projector(egui::vec2(1280.0, 720.0));
    let now = |h: &Harness<'static, RapportApp>| h.ctx.input(|i| i.time);
    let lit =
        |h: &Harness<'static, RapportApp>| h.state().presentation().unwrap().highlighted(now(h));
    assert_eq!(lit(&h), None);
    let before = label_rects(&h);
    for (text, r) in before.iter().filter(|(t, _)| is_score(t)) {
        assert!(
            r.height() >= 720.0 / 12.0,
            "{text} is too small to read from the back: {r:?}"
        );
    }

    press(&mut h, Key::Num2);
    h.get_by_label("Blues: 1 point");
    assert_eq!(lit(&h), Some(1), "the team that scored is lit");
    let after = label_rects(&h);
    assert_eq!(before.len(), after.len());
    for ((t0, r0), (t1, r1)) in before.iter().zip(&after) {
        assert_eq!(r0, r1, "“{t0}” moved (now “{t1}”) when a point was given");
    }
    // The light goes out by itself after a couple of seconds.
    for _ in 0..12 {
        h.step();
    }
    assert_eq!(lit(&h), None);

    // Taking a point back lights that team too.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Num2);
    h.run();
    h.get_by_label("Blues: 0 points");
    assert_eq!(lit(&h), Some(1));
    // A point that cannot be taken back (none left) changes nothing and lights nothing.
    for _ in 0..12 {
        h.step();
    }
    h.key_press_modifiers(Modifiers::SHIFT, Key::Num3);
    h.run();
    assert_eq!(lit(&h), None);
}
