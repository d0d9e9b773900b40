use super::*;
use crate::content::questions::{MultipleAnswers, SingleBest};
use crate::content::{CriterionRef, load_builtin};
use rand::SeedableRng;
use rand::rngs::StdRng;

const SINGLE: &str = "ers-coaching-mentoring-roles/sc/job-coach-or-mentor";
const MULTI: &str = "ers-coaching-mentoring-roles/sc/private-room";
const ORDER: &str = "ers-coaching-mentoring-roles/sc/first-meeting-stages";
const CLASSIFY: &str = "ers-coaching-mentoring-roles/sc/classify-support";

fn scenario(pack: &Pack, id: &str) -> Scenario {
    pack.scenario(id).expect(id).scenario.clone()
}

fn right_options(s: &Scenario) -> Vec<usize> {
    let (Question::SingleBest(SingleBest { options })
    | Question::MultipleAnswers(MultipleAnswers { options })) = &s.question
    else {
        panic!("not a choice question")
    };
    options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.correct)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn a_wrong_choice_scores_nothing_and_names_its_misconception() {
    let pack = load_builtin().pack;
    let s = scenario(&pack, SINGLE);
    let right = right_options(&s);
    let v = score(&s, &Response::Choices(right.clone()));
    assert!(v.full_marks() && v.misconceptions.is_empty());
    assert!(v.points.iter().all(|p| p.marker_earned));
    let wrong = (0..4).find(|i| !right.contains(i)).unwrap();
    let v = score(&s, &Response::Choices(vec![wrong]));
    assert_eq!((v.score, v.max), (0, 1));
    assert_eq!(v.misconceptions.len(), 1);
    assert!(v.points.iter().all(|p| !p.marker_earned));
}

#[test]
fn multiple_answers_need_exactly_the_right_set() {
    let pack = load_builtin().pack;
    let s = scenario(&pack, MULTI);
    let right = right_options(&s);
    assert!(score(&s, &Response::Choices(right.clone())).full_marks());
    let v = score(&s, &Response::Choices(right[..1].to_vec()));
    assert_eq!(v.score, 0);
    assert!(
        v.misconceptions.is_empty(),
        "missing a right option shows no misconception"
    );
    let mut too_many = right.clone();
    too_many.push(3);
    let v = score(&s, &Response::Choices(too_many));
    assert_eq!(v.score, 0);
    assert_eq!(v.misconceptions.len(), 1);
}

#[test]
fn order_and_classify_are_scored_per_item() {
    let pack = load_builtin().pack;
    let s = scenario(&pack, ORDER);
    assert!(score(&s, &Response::Order(vec![0, 1, 2, 3])).full_marks());
    let v = score(&s, &Response::Order(vec![1, 0, 2, 3]));
    assert_eq!(v.score, 0);
    assert_eq!(v.misconceptions.len(), 1);

    let s = scenario(&pack, CLASSIFY);
    let v = score(
        &s,
        &Response::Classes(vec![Some(0), Some(1), Some(2), Some(3)]),
    );
    assert_eq!((v.score, v.max), (4, 4));
    let v = score(
        &s,
        &Response::Classes(vec![Some(1), Some(1), None, Some(3)]),
    );
    assert_eq!((v.score, v.max), (2, 4));
    assert_eq!(v.misconceptions.len(), 2, "{:?}", v.misconceptions);
}

#[test]
fn a_response_of_the_wrong_shape_scores_nothing() {
    let pack = load_builtin().pack;
    let s = scenario(&pack, SINGLE);
    let v = score(&s, &Response::Written("anything".into()));
    assert_eq!((v.score, v.max), (0, 1));
}

#[test]
fn weak_scenarios_come_first_then_untried_ones() {
    let pack = load_builtin().pack;
    let mut weakness = Weakness::default();
    weakness.add(
        WeakKind::Misconception,
        "ers-coaching-mentoring-roles/mis/skipping-contracting-phase",
        2,
    );
    let attempted: HashSet<String> = pack
        .scenarios
        .iter()
        .map(|s| s.scenario.id.clone())
        .filter(|id| id != CLASSIFY)
        .collect();
    let mut rng = StdRng::seed_from_u64(7);
    let q = queue(
        &pack,
        &Scope::Unit("ers-coaching-mentoring-roles".into()),
        &weakness,
        &attempted,
        &mut rng,
    );
    assert_eq!(
        q[0].scenario.id, ORDER,
        "the only scenario naming the weak misconception"
    );
    assert_eq!(q[1].scenario.id, CLASSIFY, "never tried comes next");
    assert!(
        q.iter()
            .all(|s| s.scenario.unit == "ers-coaching-mentoring-roles")
    );
    let only = queue(
        &pack,
        &Scope::Only(vec![MULTI.into(), SINGLE.into()]),
        &weakness,
        &attempted,
        &mut rng,
    );
    let ids: Vec<&str> = only.iter().map(|s| s.scenario.id.as_str()).collect();
    assert_eq!(ids, [MULTI, SINGLE]);
}

fn attempt(unit: &str, criteria: &[&str], score: u32, max: u32, at: i64) -> AttemptRecord {
    AttemptRecord {
        key: format!("k{at}"),
        scenario_id: "s".into(),
        unit_id: unit.into(),
        criteria: criteria.iter().map(|c| (*c).to_owned()).collect(),
        test_key: None,
        answered_at: at,
        score,
        max_score: max,
        answer: String::new(),
        points: vec![PointRecord {
            point_id: "p".into(),
            marking_point: "mp".into(),
            marker_earned: false,
            learner_earned: None,
            quote: None,
        }],
        misconceptions: vec![],
    }
}

#[test]
fn summaries_group_by_criterion_and_count_disputes_the_learners_way() {
    let mut a = attempt("u", &["1.1", "2.1"], 1, 3, 0);
    let b = attempt("u", &["1.1"], 2, 2, 0);
    let s = summarise([&a, &b]);
    assert_eq!(
        s.total,
        Tally {
            earned: 3,
            available: 5
        }
    );
    assert_eq!(
        s.by_criterion[&CriterionRef {
            unit: "u".into(),
            number: "1.1".into()
        }],
        Tally {
            earned: 3,
            available: 5
        }
    );
    assert_eq!(
        s.by_criterion[&CriterionRef {
            unit: "u".into(),
            number: "2.1".into()
        }],
        Tally {
            earned: 1,
            available: 3
        }
    );
    assert_eq!(
        s.by_marking_point["mp"],
        Tally {
            earned: 0,
            available: 2
        }
    );
    a.points[0].learner_earned = Some(true);
    let s = summarise([&a]);
    assert_eq!(
        s.total,
        Tally {
            earned: 2,
            available: 3
        }
    );
    assert_eq!(
        s.by_marking_point["mp"],
        Tally {
            earned: 1,
            available: 1
        }
    );
}

#[test]
fn history_has_one_row_per_day_per_unit_and_criterion() {
    let day = 86_400;
    let attempts = vec![
        attempt("u", &["1.1"], 1, 2, 20_000 * day + 5),
        attempt("u", &[], 2, 2, 20_000 * day + 500),
        attempt("u", &["1.1"], 0, 1, 20_001 * day),
    ];
    let h = history(&attempts);
    assert_eq!(h["u"].len(), 2);
    assert_eq!(h["u"][0].attempts, 2);
    assert_eq!(
        h["u"][0].tally,
        Tally {
            earned: 3,
            available: 4
        }
    );
    assert_eq!(h["u"][0].day, "2024-10-04");
    assert_eq!(h["u 1.1"].len(), 2);
    assert_eq!(iso_date(0), "1970-01-01");
}

#[test]
fn closest_ids_suggest_a_misspelt_scenario() {
    let ids = [
        "unit/sc/private-room",
        "unit/sc/job-coach",
        "other/sc/gibbs",
    ];
    assert_eq!(
        closest("unit/sc/privat-room", &ids, 1),
        ["unit/sc/private-room"]
    );
}

/// Presses keys `1..` as a learner who does not read the question would: `first_order` presses
/// 1, 2, 3, … (cycling through the categories of a classify question), otherwise 1 every time.
/// Returns the fraction of the marks scored, or `None` when the keys leave it incomplete.
fn blind_answer(scenario: &Scenario, rng: &mut StdRng, first_order: bool) -> Option<f64> {
    let q = &scenario.question;
    let mut d = Draft::for_question(q, rng);
    let keys = Draft::steps(q).max(1);
    // Classify keys name categories: cycle through them.
    let cycle = if let Question::Classify(c) = q {
        c.categories.len()
    } else {
        usize::MAX
    };
    for step in 0..keys {
        d.press(q, if first_order { step % cycle + 1 } else { 1 });
    }
    if !d.complete(q) {
        return None;
    }
    let v = score(scenario, &d.response(q));
    Some(f64::from(v.score) / f64::from(v.max))
}

/// The fraction of the marks a uniformly random answer of the same shape earns on average
/// (each question type knows its own).
fn chance(q: &Question) -> f64 {
    q.of_type().chance()
}

#[test]
fn pressing_1_or_the_keys_in_order_scores_no_more_than_chance() {
    let pack = load_builtin().pack;
    const SEEDS: u64 = 300;
    let (mut total, mut total_chance, mut questions) = (0.0, 0.0, 0);
    for s in &pack.scenarios {
        let q = &s.scenario.question;
        if matches!(q, Question::Written(_)) {
            continue;
        }
        for first_order in [false, true] {
            let mut rng = StdRng::seed_from_u64(1);
            let mut sum = 0.0;
            let mut n = 0;
            for _ in 0..SEEDS {
                if let Some(f) = blind_answer(&s.scenario, &mut rng, first_order) {
                    sum += f;
                    n += 1;
                }
            }
            if n == 0 {
                continue; // pressing 1 for every stage places only the first: never submitted
            }
            let mean = sum / f64::from(n);
            // 0.1 is more than four standard errors of 300 attempts at any chance.
            assert!(
                mean <= chance(q) + 0.1,
                "{}: pressing {} scores {mean:.2} of the marks; chance is {:.2}",
                s.scenario.id,
                if first_order { "1, 2, 3, …" } else { "1" },
                chance(q)
            );
            total += mean;
            total_chance += chance(q);
            questions += 1;
        }
    }
    assert!(questions > 20, "{questions} question runs");
    let (mean, chance) = (total / questions as f64, total_chance / questions as f64);
    assert!(
        mean <= chance + 0.02,
        "over the pack, blind keys score {mean:.3} of the marks; chance is {chance:.3}"
    );
}

#[test]
fn keys_name_the_shown_places_and_the_order_is_stored_with_the_answer() {
    let pack = load_builtin().pack;
    let mut rng = StdRng::seed_from_u64(9);
    for id in [SINGLE, MULTI, ORDER, CLASSIFY] {
        let q = &scenario(&pack, id).question;
        let mut d = Draft::for_question(q, &mut rng);
        assert!(d.shown.fits(q), "{id}");
        for step in 0..Draft::steps(q).max(1) {
            d.press(q, step % 2 + 1);
        }
        let response = d.response(q);
        let text = answer_text(&response, &d.shown);
        assert_eq!(
            read_answer(&text, q),
            Some((response.clone(), d.shown.clone()))
        );
        // Answers saved before orders were stored read back in the content's order.
        let legacy = serde_json::to_string(&response).unwrap();
        assert_eq!(
            read_answer(&legacy, q),
            Some((response, Shown::unshuffled(q)))
        );
    }
    // Key 1 of a single-best question ticks the option shown first, whatever its content index.
    let q = &scenario(&pack, SINGLE).question;
    let d0 = Draft::for_question(q, &mut rng);
    let mut d = d0.clone();
    d.press(q, 1);
    assert_eq!(d.response(q), Response::Choices(vec![d0.shown.order[0]]));
    // A classify key names the category shown in that place, for the item shown now.
    let q = &scenario(&pack, CLASSIFY).question;
    let mut d = Draft::for_question(q, &mut rng);
    d.press(q, 2);
    let Response::Classes(classes) = d.response(q) else {
        panic!()
    };
    assert_eq!(classes[d.shown.order[0]], Some(d.shown.categories[1]));
    assert_eq!(classes.iter().flatten().count(), 1);
}

#[test]
fn unanswered_questions_count_as_missed_and_percentages_round() {
    let pack = load_builtin().pack;
    let single = scenario(&pack, SINGLE);
    let order = scenario(&pack, ORDER);
    let right = right_options(&single);
    let v = score(&single, &Response::Choices(right));
    let answered = AttemptRecord {
        key: "a".into(),
        scenario_id: single.id.clone(),
        unit_id: single.unit.clone(),
        criteria: single.criteria.clone(),
        test_key: None,
        answered_at: 0,
        score: v.score,
        max_score: v.max,
        answer: String::new(),
        points: v.points,
        misconceptions: Vec::new(),
    };
    let mut s = summarise([&answered]);
    assert_eq!(s.total.percent(), 100);
    s.add_unanswered(&order);
    assert_eq!((s.total.earned, s.total.available), (1, 2));
    assert_eq!(
        s.total.percent(),
        50,
        "half the test unanswered is half the marks"
    );
    for mp in &order.marking_points {
        assert_eq!(s.by_marking_point[mp].earned, 0, "{mp}");
    }
    for c in &order.criteria {
        assert!(
            s.by_criterion[&CriterionRef {
                unit: order.unit.clone(),
                number: c.clone()
            }]
                .available
                >= 1
        );
    }
    let two_thirds = Tally {
        earned: 2,
        available: 3,
    };
    assert_eq!(two_thirds.percent(), 67);
    assert_eq!(Tally::default().percent(), 0);
}
