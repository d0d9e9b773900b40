use std::collections::{BTreeMap, HashMap};

use super::plan::{daily_plan, day_number, parse_exam_date};
use super::*;
use crate::content::{Question, load_builtin};
use crate::flashcards::all_cards;
use crate::flashcards::schedule::{Clock, Grade, Scheduler, Settings};
use crate::practice::{PointRecord, WeakKind, WeakSpot};

const NOW: i64 = 1_790_000_000;

fn pack_and_links() -> (crate::content::Pack, Links) {
    let pack = load_builtin().pack;
    let links = Links::build(&pack, &all_cards(&pack));
    (pack, links)
}

/// An answer to `scenario` earning every point or none, `days` ago.
fn answer(pack: &crate::content::Pack, scenario: &str, earned: bool, days: i64) -> AttemptRecord {
    let s = &pack.scenario(scenario).unwrap().scenario;
    let points: Vec<PointRecord> = match &s.question {
        Question::Written(w) => w
            .rubric
            .iter()
            .map(|r| (r.id.clone(), r.marking_point.clone()))
            .collect::<Vec<_>>(),
        _ => s
            .marking_points
            .iter()
            .map(|m| (m.clone(), m.clone()))
            .collect(),
    }
    .into_iter()
    .map(|(point_id, marking_point)| PointRecord {
        point_id,
        marking_point,
        marker_earned: earned,
        learner_earned: None,
        quote: None,
    })
    .collect();
    let max = crate::practice::max_score(&s.question);
    AttemptRecord {
        key: format!("{scenario}-{days}-{earned}"),
        scenario_id: s.id.clone(),
        unit_id: s.unit.clone(),
        criteria: s.criteria.clone(),
        test_key: None,
        answered_at: NOW - days * DAY,
        score: if earned { max } else { 0 },
        max_score: max,
        answer: String::new(),
        points,
        misconceptions: Vec::new(),
    }
}

fn evidence<'a>(
    states: &'a HashMap<String, CardState>,
    attempts: &'a [AttemptRecord],
    weak: &'a [WeakSpot],
) -> Evidence<'a> {
    Evidence {
        states,
        attempts,
        weak_spots: weak,
        decay: Scheduler::new(Settings::default()).0.decay(),
        now: NOW,
    }
}

#[test]
fn with_no_history_every_figure_says_not_enough_evidence_rather_than_zero() {
    let (pack, links) = pack_and_links();
    let states = HashMap::new();
    let report = compute(&links, &evidence(&states, &[], &[]), &BTreeMap::new(), None);
    assert_eq!(report.units.len(), pack.units.len());
    for u in &report.units {
        assert_eq!(u.readiness, None, "{}", u.unit);
        assert_eq!(u.confidence_label, "not enough evidence yet");
        for c in &u.criteria {
            assert_eq!(c.readiness, None);
        }
        for p in &u.points {
            assert_eq!(p.readiness, None);
            assert_eq!(p.confidence, Confidence::NotEnoughEvidence);
        }
    }
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["units"][0]["readiness"].is_null());
}

#[test]
fn every_builtin_marking_point_is_linked_to_scenarios_and_criteria_to_their_cards() {
    let (pack, links) = pack_and_links();
    for u in &links.units {
        for p in &u.points {
            assert!(!p.scenarios.is_empty(), "{} has no scenario", p.id);
        }
        let unit = &pack.unit(&u.unit).unwrap().unit;
        for c in unit.criteria() {
            assert_eq!(
                u.criterion_cards[&c.number].len(),
                1,
                "{} {}",
                u.unit,
                c.number
            );
        }
        assert!(u.weights[""].iter().sum::<f64>() > 0.0);
    }
    let linked: usize = links
        .units
        .iter()
        .flat_map(|u| u.points.iter().map(|p| p.cards.len()))
        .sum();
    assert!(linked > 0, "no card is linked to any marking point");
}

#[test]
fn full_marks_read_high_no_marks_read_low_and_the_weakest_points_come_first() {
    let (pack, links) = pack_and_links();
    let unit = &links.units[0];
    let ids: Vec<&str> = unit
        .scenarios
        .iter()
        .map(|&s| pack.scenarios[s].scenario.id.as_str())
        .collect();
    let states = HashMap::new();
    let good: Vec<AttemptRecord> = ids
        .iter()
        .flat_map(|id| [answer(&pack, id, true, 1), answer(&pack, id, true, 3)])
        .collect();
    let bad: Vec<AttemptRecord> = ids
        .iter()
        .flat_map(|id| [answer(&pack, id, false, 1), answer(&pack, id, false, 3)])
        .collect();
    let only = Some(unit.unit.as_str());
    let high = compute(
        &links,
        &evidence(&states, &good, &[]),
        &BTreeMap::new(),
        only,
    );
    let low = compute(
        &links,
        &evidence(&states, &bad, &[]),
        &BTreeMap::new(),
        only,
    );
    let (h, l) = (&high.units[0], &low.units[0]);
    assert!(h.readiness.unwrap() > 75.0, "{:?}", h.readiness);
    assert!(l.readiness.unwrap() < 25.0, "{:?}", l.readiness);
    assert!(h.confidence >= Confidence::Medium);
    assert_eq!(h.parts.coverage.round(), 100.0);
    // Mixed: the first scenario's points missed, the rest earned.
    let mut mixed = good.clone();
    mixed.retain(|a| a.scenario_id != ids[0]);
    mixed.push(answer(&pack, ids[0], false, 0));
    mixed.push(answer(&pack, ids[0], false, 1));
    let m = compute(
        &links,
        &evidence(&states, &mixed, &[]),
        &BTreeMap::new(),
        only,
    );
    let shown: Vec<f64> = m.units[0]
        .points
        .iter()
        .filter_map(|p| p.readiness)
        .collect();
    assert!(shown.windows(2).all(|w| w[0] <= w[1]), "{shown:?}");
    assert!(shown[0] < shown[shown.len() - 1]);
}

#[test]
fn recent_answers_count_more_than_old_ones() {
    let (pack, links) = pack_and_links();
    let unit = &links.units[0];
    let ids: Vec<&str> = unit
        .scenarios
        .iter()
        .map(|&s| pack.scenarios[s].scenario.id.as_str())
        .collect();
    let states = HashMap::new();
    let improving: Vec<AttemptRecord> = ids
        .iter()
        .flat_map(|id| [answer(&pack, id, false, 120), answer(&pack, id, true, 2)])
        .collect();
    let declining: Vec<AttemptRecord> = ids
        .iter()
        .flat_map(|id| [answer(&pack, id, true, 120), answer(&pack, id, false, 2)])
        .collect();
    let only = Some(unit.unit.as_str());
    let up = compute(
        &links,
        &evidence(&states, &improving, &[]),
        &BTreeMap::new(),
        only,
    );
    let down = compute(
        &links,
        &evidence(&states, &declining, &[]),
        &BTreeMap::new(),
        only,
    );
    assert!(up.units[0].readiness.unwrap() > down.units[0].readiness.unwrap() + 30.0);
}

#[test]
fn a_misconception_shown_lowers_its_points_until_a_later_answer_corrects_it() {
    let (pack, links) = pack_and_links();
    // A scenario whose options name a misconception.
    let (s, m) = pack
        .scenarios
        .iter()
        .find_map(|s| {
            crate::practice::misconceptions_of(&s.scenario.question)
                .first()
                .map(|m| (s.scenario.clone(), m.clone()))
        })
        .unwrap();
    let states = HashMap::new();
    let attempts = vec![answer(&pack, &s.id, true, 5)];
    let weak = vec![WeakSpot {
        kind: WeakKind::Misconception,
        item_id: m.clone(),
        misses: 1,
        last_missed_at: NOW - 2 * DAY,
    }];
    let only = Some(s.unit.as_str());
    let point = |r: &Report| {
        r.units[0]
            .points
            .iter()
            .find(|p| p.id == s.marking_points[0])
            .unwrap()
            .clone()
    };
    let with = point(&compute(
        &links,
        &evidence(&states, &attempts, &weak),
        &BTreeMap::new(),
        only,
    ));
    let without = point(&compute(
        &links,
        &evidence(&states, &attempts, &[]),
        &BTreeMap::new(),
        only,
    ));
    assert_eq!(with.parts.open_misconceptions, vec![m.clone()]);
    assert!(with.readiness.unwrap() < without.readiness.unwrap());
    // A full-marks answer after the miss corrects it.
    let mut later = attempts.clone();
    later.push(answer(&pack, &s.id, true, 1));
    let corrected = point(&compute(
        &links,
        &evidence(&states, &later, &weak),
        &BTreeMap::new(),
        only,
    ));
    assert!(corrected.parts.open_misconceptions.is_empty());
}

#[test]
fn the_next_action_is_a_written_question_for_a_point_never_tried_and_due_cards_otherwise() {
    let (pack, links) = pack_and_links();
    let unit = &links.units[0];
    let p = unit.points.iter().find(|p| !p.written.is_empty()).unwrap();
    // One other scenario answered, so the unit has evidence.
    let other = unit
        .scenarios
        .iter()
        .map(|&s| &pack.scenarios[s].scenario)
        .find(|s| {
            !p.scenarios
                .iter()
                .any(|&i| pack.scenarios[i].scenario.id == s.id)
        })
        .unwrap();
    let states = HashMap::new();
    let attempts = vec![answer(&pack, &other.id, true, 1)];
    let only = Some(unit.unit.as_str());
    let r = compute(
        &links,
        &evidence(&states, &attempts, &[]),
        &BTreeMap::new(),
        only,
    );
    let point = r.units[0].points.iter().find(|x| x.id == p.id).unwrap();
    assert!(
        matches!(&point.next, Some(NextAction::TryWritten { scenario }) if p.written.iter().any(|&i| &pack.scenarios[i].scenario.id == scenario)),
        "{:?}",
        point.next
    );
    // Tried, with a linked card due: study it.
    let Some(card) = unit
        .points
        .iter()
        .find_map(|q| q.cards.first().map(|&c| (q, &links.card_ids[c as usize])))
    else {
        return;
    };
    let (q, card) = card;
    let scheduler = Scheduler::new(Settings::default()).0;
    let clock = Clock {
        now: NOW - 30 * DAY,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    let (state, _) = scheduler.grade(None, card, Grade::Easy, &clock, 1, 0);
    let states: HashMap<String, CardState> = [(card.clone(), state)].into();
    let attempts: Vec<AttemptRecord> = q
        .scenarios
        .iter()
        .map(|&i| answer(&pack, &pack.scenarios[i].scenario.id, true, 1))
        .collect();
    let r = compute(
        &links,
        &evidence(&states, &attempts, &[]),
        &BTreeMap::new(),
        only,
    );
    let point = r.units[0].points.iter().find(|x| x.id == q.id).unwrap();
    assert!(
        matches!(&point.next, Some(NextAction::StudyCards { cards, due: 1 }) if cards == &vec![card.clone()]),
        "{:?}",
        point.next
    );
    assert!(point.parts.recall_now.unwrap() > 0.0);
}

#[test]
fn recall_on_the_exam_date_is_forecast_lower_than_now() {
    let (_, links) = pack_and_links();
    let unit = &links.units[0];
    let scheduler = Scheduler::new(Settings::default()).0;
    let clock = Clock {
        now: NOW - DAY,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    let states: HashMap<String, CardState> = unit
        .cards
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let id = &links.card_ids[c as usize];
            let (s, _) = scheduler.grade(None, id, Grade::Easy, &clock, i as i64, 0);
            (id.clone(), s)
        })
        .collect();
    let exam: BTreeMap<String, i64> = [(unit.unit.clone(), NOW + 60 * DAY)].into();
    let r = compute(
        &links,
        &evidence(&states, &[], &[]),
        &exam,
        Some(&unit.unit),
    );
    let u = &r.units[0];
    assert!(u.parts.recall_on_exam.unwrap() < u.parts.recall_now.unwrap());
    assert!(u.on_exam.unwrap() < u.readiness.unwrap());
    assert!(u.exam_date.is_some());
}

#[test]
fn exam_dates_in_the_past_or_unreadable_are_refused_with_a_sentence() {
    let today = day_number(chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
    let past = parse_exam_date("2027-02-28", today).unwrap_err();
    assert!(past.contains("in the past"), "{past}");
    let bad = parse_exam_date("next tuesday", today).unwrap_err();
    assert!(bad.contains("YYYY-MM-DD"), "{bad}");
    assert!(parse_exam_date("2027-03-01", today).is_ok());
}

#[test]
fn a_plan_to_a_near_exam_warns_when_it_no_longer_fits() {
    let (_, links) = pack_and_links();
    let unit = &links.units[0];
    let states = HashMap::new();
    let ev = evidence(&states, &[], &[]);
    let report = compute(&links, &ev, &BTreeMap::new(), Some(&unit.unit));
    let clock = Clock {
        now: NOW,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    let tomorrow = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
        + chrono::Days::new((clock.today() + 1) as u64);
    let strict = Settings {
        new_per_day: 5,
        ..Settings::default()
    };
    let plan = daily_plan(&report.units[0], &links, &ev, &clock, &strict, tomorrow);
    assert_eq!(plan.days_left, 1);
    assert_eq!(plan.new_cards as usize, unit.cards.len());
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("Too many new cards")),
        "{:?}",
        plan.warnings
    );
    let far = tomorrow + chrono::Days::new(365);
    let relaxed = daily_plan(
        &report.units[0],
        &links,
        &ev,
        &clock,
        &Settings::default(),
        far,
    );
    assert!(relaxed.warnings.is_empty(), "{:?}", relaxed.warnings);
    assert!(relaxed.cards_per_day >= 1);
}

#[test]
fn one_unit_asked_for_is_linked_and_computed_alone_with_the_figures_of_the_whole_report() {
    let (pack, links) = pack_and_links();
    let cards = all_cards(&pack);
    // Every other scenario answered, right or wrong; misconceptions shown; half the cards
    // studied, some of them the misconceptions' cards.
    let attempts: Vec<AttemptRecord> = pack
        .scenarios
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(i, s)| answer(&pack, &s.scenario.id, i % 3 != 0, (i % 40) as i64))
        .collect();
    let weak: Vec<WeakSpot> = links
        .misconception_cards
        .iter()
        .map(|(_, m)| WeakSpot {
            kind: WeakKind::Misconception,
            item_id: m.clone(),
            misses: 1,
            last_missed_at: NOW - 10 * DAY,
        })
        .collect();
    let scheduler = Scheduler::new(Settings::default()).0;
    let clock = Clock {
        now: NOW - 5 * DAY,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    let states: HashMap<String, CardState> = cards
        .iter()
        .step_by(2)
        .map(|c| {
            let (s, _) = scheduler.grade(None, &c.id, Grade::Good, &clock, 1, 0);
            (c.id.clone(), s)
        })
        .collect();
    let ev = evidence(&states, &attempts, &weak);
    let exam: BTreeMap<String, i64> = [(links.units[1].unit.clone(), NOW + 20 * DAY)].into();
    let whole = compute(&links, &ev, &exam, None);
    assert!(whole.units.iter().any(|u| u.readiness.is_some()));
    for (u, from_whole) in links.units.iter().zip(&whole.units) {
        let alone = Links::build_for(&pack, &cards, Some(&u.unit));
        assert_eq!(alone.units.len(), 1, "only {} is linked", u.unit);
        let a = &alone.units[0];
        assert_eq!(a.unit, u.unit);
        assert_eq!(a.cards, u.cards);
        assert_eq!(a.scenarios, u.scenarios);
        let point = |p: &PointLinks| {
            (
                p.id.clone(),
                p.criteria.clone(),
                p.cards.clone(),
                p.scenarios.clone(),
                p.written.clone(),
                p.misconceptions.clone(),
            )
        };
        assert_eq!(
            a.points.iter().map(point).collect::<Vec<_>>(),
            u.points.iter().map(point).collect::<Vec<_>>()
        );
        assert_eq!(a.criterion_cards, u.criterion_cards);
        assert_eq!(a.weights, u.weights);
        // Every misconception card of the pack is known, whichever unit it is of.
        let mut m1 = alone.misconception_cards.clone();
        let mut m2 = links.misconception_cards.clone();
        m1.sort();
        m2.sort();
        assert_eq!(m1, m2);
        for links in [&alone, &links] {
            let report = compute(links, &ev, &exam, Some(&u.unit));
            assert_eq!(report.units.len(), 1);
            assert_eq!(&report.units[0], from_whole, "{} alone", u.unit);
        }
    }
}
