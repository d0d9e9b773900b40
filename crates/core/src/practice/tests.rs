use super::*;
use crate::content::{CriterionRef, load_builtin};

const SINGLE: &str = "ers-coaching-mentoring-roles/sc/job-coach-or-mentor";
const MULTI: &str = "ers-coaching-mentoring-roles/sc/private-room";
const ORDER: &str = "ers-coaching-mentoring-roles/sc/first-meeting-stages";
const CLASSIFY: &str = "ers-coaching-mentoring-roles/sc/classify-support";

fn scenario(pack: &Pack, id: &str) -> Scenario {
    pack.scenario(id).expect(id).scenario.clone()
}

fn right_options(s: &Scenario) -> Vec<usize> {
    match &s.question {
        Question::SingleBest { options } | Question::MultipleAnswers { options } => options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.correct)
            .map(|(i, _)| i)
            .collect(),
        _ => panic!("not a choice question"),
    }
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
    let mut seed = 7usize;
    let mut rng = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
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
