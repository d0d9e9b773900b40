//! What the question types promise beyond scoring totals (those are tested in `practice`):
//! a result for each part that the feedback draws as it is, the syntax authors write, and the
//! names stored with attempts and saved drills, which must never change.

use super::*;
use crate::content::load_builtin;
use crate::practice::{Response, answer_text, score};

const SINGLE: &str = "ers-coaching-mentoring-roles/sc/job-coach-or-mentor";
const ORDER: &str = "ers-coaching-mentoring-roles/sc/first-meeting-stages";
const MATCH: &str = "athe-l6-personal-development/sc/johari";
const CLASSIFY: &str = "ers-coaching-mentoring-roles/sc/classify-support";

fn placed(items: &[ItemResult]) -> Vec<(&str, Option<&str>, bool, &str)> {
    items
        .iter()
        .map(|i| match i {
            ItemResult::Placed {
                text,
                given,
                right,
                expected,
            } => (text.as_str(), given.as_deref(), *right, expected.as_str()),
            ItemResult::Option { .. } => panic!("an option where a placed part was expected"),
        })
        .collect()
}

#[test]
fn each_part_of_an_answer_carries_its_own_result() {
    let pack = load_builtin().pack;
    let sc = |id: &str| pack.scenario(id).expect(id).scenario.clone();

    // Choices: every option, right or wrong, and whether the learner took it.
    let s = sc(SINGLE);
    let Question::SingleBest(q) = &s.question else {
        panic!("single best")
    };
    let wrong = q.options.iter().position(|o| !o.correct).unwrap();
    let v = score(&s, &Response::Choices(vec![wrong]));
    assert_eq!(v.items.len(), q.options.len());
    for (i, (item, option)) in v.items.iter().zip(&q.options).enumerate() {
        assert_eq!(
            item,
            &ItemResult::Option {
                text: option.text.clone(),
                correct: option.correct,
                picked: i == wrong,
                why: option.why.clone(),
            }
        );
    }

    // Stages: each place of the learner's order, and the stage that belongs there.
    let s = sc(ORDER);
    let Question::OrderStages(q) = &s.question else {
        panic!("order")
    };
    let v = score(&s, &Response::Order(vec![1, 0, 2, 3]));
    let st = |i: usize| q.stages[i].as_str();
    assert_eq!(
        placed(&v.items),
        [
            (st(1), None, false, st(0)),
            (st(0), None, false, st(1)),
            (st(2), None, true, st(2)),
            (st(3), None, true, st(3)),
        ]
    );

    // Terms: the definition chosen (or none) and the right one.
    let s = sc(MATCH);
    let Question::MatchTerms(q) = &s.question else {
        panic!("match")
    };
    let v = score(
        &s,
        &Response::Matches(vec![Some(0), Some(2), None, Some(3)]),
    );
    let def = |i: usize| q.pairs[i].definition.as_str();
    let term = |i: usize| q.pairs[i].term.as_str();
    assert_eq!(
        placed(&v.items),
        [
            (term(0), Some(def(0)), true, def(0)),
            (term(1), Some(def(2)), false, def(1)),
            (term(2), None, false, def(2)),
            (term(3), Some(def(3)), true, def(3)),
        ]
    );
    assert_eq!((v.score, v.max), (2, 4));

    // Items: the category chosen and the item's own.
    let s = sc(CLASSIFY);
    let Question::Classify(q) = &s.question else {
        panic!("classify")
    };
    let v = score(
        &s,
        &Response::Classes(vec![Some(1), Some(1), None, Some(3)]),
    );
    for (i, (text, given, right, expected)) in placed(&v.items).into_iter().enumerate() {
        let item = &q.items[i];
        assert_eq!(
            (text, expected),
            (item.text.as_str(), item.category.as_str())
        );
        let chosen = [Some(1), Some(1), None, Some(3)][i].map(|c| q.categories[c].as_str());
        assert_eq!(given, chosen);
        assert_eq!(right, chosen == Some(item.category.as_str()));
    }

    // Written: the parts are the rubric points of the marker's result.
    let s = pack
        .scenarios
        .iter()
        .find(|s| s.scenario.question.kind() == QuestionKind::Written)
        .unwrap()
        .scenario
        .clone();
    let v = score(&s, &Response::Written("I would agree a contract.".into()));
    assert!(v.items.is_empty());
    assert!(v.mark.is_some());
}

#[test]
fn scenario_files_write_a_question_as_its_type_with_its_fields() {
    let options = ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME
            | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    );
    let q: Question = options
        .from_str(r#"OrderStages(model: "GROW", stages: ["Goal", "Reality"], misconception: "m")"#)
        .unwrap();
    assert_eq!(
        q,
        Question::OrderStages(OrderStages {
            model: "GROW".into(),
            stages: vec!["Goal".into(), "Reality".into()],
            misconception: Some("m".into()),
        })
    );
    let q: Question = options
        .from_str(r#"SingleBest(options: [Choice(text: "a", correct: true), (text: "b")])"#)
        .unwrap();
    assert_eq!(q.kind(), QuestionKind::SingleBest);
    // A misspelt field is still an error that names it.
    let e = options
        .from_str::<Question>(r#"Classify(categories: [], itmes: [])"#)
        .unwrap_err();
    assert!(e.to_string().contains("itmes"), "{e}");
}

#[test]
fn stored_names_do_not_change() {
    // Saved drills store the kinds by name; learners and tutors see the labels. A new type
    // adds a row; these never change.
    for (kind, name, label) in [
        (QuestionKind::SingleBest, "SingleBest", "Single best answer"),
        (
            QuestionKind::MultipleAnswers,
            "MultipleAnswers",
            "Multiple answers",
        ),
        (QuestionKind::OrderStages, "OrderStages", "Order the stages"),
        (QuestionKind::MatchTerms, "MatchTerms", "Match terms"),
        (QuestionKind::Classify, "Classify", "Classify"),
        (QuestionKind::Written, "Written", "Written answer"),
    ] {
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{name}\""));
        assert_eq!(kind.label(), label);
        assert!(QuestionKind::ALL.contains(&kind));
    }
    // Attempts store the response and the order it was shown in as JSON, written text as is.
    let shown = Shown {
        order: vec![1, 0],
        categories: Vec::new(),
    };
    assert_eq!(
        answer_text(&Response::Choices(vec![1]), &shown),
        r#"{"response":{"Choices":[1]},"shown":{"order":[1,0]}}"#
    );
    assert_eq!(
        answer_text(&Response::Matches(vec![Some(1), None]), &shown),
        r#"{"response":{"Matches":[1,null]},"shown":{"order":[1,0]}}"#
    );
    assert_eq!(
        answer_text(&Response::Written("My answer".into()), &shown),
        "My answer"
    );
}
