//! The class's results as the tutor saves them: the CSV parsed back says what the learners
//! answered, question by question, option by option, criterion by criterion; the handout
//! carries a class results section only when the class answered.

use rapport_class::question::Submission;
use rapport_class::session::{Phase, Session};
use rapport_class::{ClassResults, Follow, handout_with_results};
use rapport_core::content::QuestionKind;
use rapport_core::export::Block;

use crate::common::{drill_of, pack, valid};

/// A CSV line split into fields, quotes undone (the export quotes fields with commas).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn open(item: usize) -> Follow {
    Follow {
        item: Some(item),
        phase: Phase::Open,
        remaining: None,
    }
}

#[test]
fn the_csv_says_what_the_class_answered() {
    let pack = pack();
    let drill = drill_of(
        &pack,
        &[QuestionKind::SingleBest, QuestionKind::Written],
        &[],
    );
    let mut s = Session::new(&drill, &pack, "ABCDEF".into());
    let names = ["Ann", "=Bob", "Cy, the third"];
    let ids: Vec<usize> = names
        .iter()
        .map(|n| s.join("ABCDEF", n, None).unwrap().1)
        .collect();
    // Question 1: Ann and Bob choose the right option, Cy a wrong one.
    s.follow(open(0), 0.0);
    let q = s.questions()[0].clone();
    let right = q.correct.iter().position(|c| *c).unwrap();
    let wrong = q.correct.iter().position(|c| !*c).unwrap();
    for (l, k) in ids.iter().zip([right, right, wrong]) {
        let sub = Submission {
            item: 0,
            choices: Some(vec![k]),
            ..Submission::default()
        };
        s.answer(*l, sub, 0.0).unwrap();
    }
    // Question 2 (written): Ann alone answers.
    s.follow(open(1), 1.0);
    let w = s.questions()[1].clone();
    s.answer(ids[0], valid(&w, 1, 0), 1.0).unwrap();
    let written_marks = s.given(1, ids[0]).unwrap().scored.clone();

    let results = ClassResults::of(&s);
    assert_eq!(results.answers(), 4);
    assert_eq!(results.learners, 3);
    let csv = results.to_csv();
    let rows: Vec<Vec<String>> = csv.lines().map(fields).collect();
    assert_eq!(
        rows[0].join(","),
        "level,question,title,criterion,marking_point,answers,right,marks,max_marks"
    );
    assert!(
        rows.iter().all(|r| r.len() == 9),
        "nine fields a row: {csv}"
    );
    let question = |n: &str| {
        rows.iter()
            .find(|r| r[0] == "question" && r[1] == n)
            .unwrap_or_else(|| panic!("question {n} in {csv}"))
    };
    let q1 = question("1");
    assert_eq!(q1[2], q.title);
    assert_eq!(q1[3], q.criteria.join(" "));
    assert_eq!((q1[5].as_str(), q1[6].as_str()), ("3", "2"), "{q1:?}");
    let q2 = question("2");
    assert_eq!(q2[5], "1");
    assert_eq!(q2[7], written_marks.score.to_string());
    assert_eq!(q2[8], written_marks.max.to_string());

    // Options of question 1: how many chose each, right ones counted right.
    let options: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "option" && r[1] == "1")
        .collect();
    assert_eq!(options.len(), q.option_labels().len());
    for (k, o) in options.iter().enumerate() {
        assert_eq!(o[2], q.option_labels()[k]);
        let chose = [right, right, wrong].iter().filter(|&&c| c == k).count();
        assert_eq!(o[5], chose.to_string(), "option {k}");
        let counted_right = if q.correct[k] { chose } else { 0 };
        assert_eq!(o[6], counted_right.to_string(), "option {k}");
    }
    // The written question's rubric points: one answer, as many right as the marker gave.
    let parts: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "option" && r[1] == "2")
        .collect();
    assert_eq!(parts.len(), w.rubric.len());
    let earned = written_marks
        .mark
        .as_ref()
        .unwrap()
        .points
        .iter()
        .filter(|p| p.earned)
        .count();
    assert_eq!(
        parts
            .iter()
            .map(|p| p[6].parse::<usize>().unwrap())
            .sum::<usize>(),
        earned
    );

    // Each criterion counts the answers of the questions that name it.
    for c in rows.iter().filter(|r| r[0] == "criterion") {
        let expected: usize = [(&q, 3), (&w, 1)]
            .iter()
            .filter(|(x, _)| x.unit == c[2] && x.criteria.contains(&c[3]))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(c[5], expected.to_string(), "criterion {c:?}");
    }
    assert!(rows.iter().any(|r| r[0] == "criterion"));
    // Every marking point of question 1 was evidenced by its three answers, two right.
    for mp in &q.marking_points {
        let r = rows
            .iter()
            .find(|r| r[0] == "marking_point" && &r[4] == mp)
            .unwrap_or_else(|| panic!("marking point {mp}"));
        assert!(r[5].parse::<usize>().unwrap() >= 3, "{r:?}");
    }
    for n in names {
        assert!(!csv.contains(n), "no learner's name in the file: {n}");
    }
}

#[test]
fn the_handout_has_a_class_section_only_when_the_class_answered() {
    let pack = pack();
    let drill = drill_of(&pack, &[QuestionKind::SingleBest], &[]);
    let mut s = Session::new(&drill, &pack, "ABCDEF".into());
    let heading = Block::Heading("Class results".into());

    let (_, ann) = s.join("ABCDEF", "Ann", None).unwrap();
    let silent = handout_with_results(&drill, &ClassResults::of(&s));
    assert!(
        !silent.blocks.contains(&heading),
        "joined but no answer: the usual handout"
    );
    assert_eq!(
        silent,
        rapport_core::drill::handout::build(&drill, rapport_core::drill::handout::Sheet::Handout)
    );

    s.follow(open(0), 0.0);
    let q = s.questions()[0].clone();
    s.answer(ann, valid(&q, 0, 0), 0.0).unwrap();
    let doc = handout_with_results(&drill, &ClassResults::of(&s));
    let at = doc
        .blocks
        .iter()
        .position(|b| *b == heading)
        .expect("a class results section");
    let after = &doc.blocks[at..];
    let tables: Vec<&rapport_core::export::Table> = after
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    // By question, the options of the one question, by criterion, by marking point.
    assert_eq!(tables.len(), 4);
    assert_eq!(tables[0].rows[0][2], "1", "one answered");
    assert_eq!(tables[1].rows.len(), q.option_labels().len());
    assert_eq!(tables[2].rows.len(), q.criteria.len(), "{:?}", tables[2]);
    for c in &q.criteria {
        assert!(
            tables[2].rows.iter().any(|r| r[0].starts_with(c.as_str())),
            "{c}: {:?}",
            tables[2]
        );
    }
    assert_eq!(tables[3].rows.len(), q.marking_points.len());
    assert!(!format!("{doc:?}").contains("Ann"), "no learner named");
}
