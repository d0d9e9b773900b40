//! The session alone: following the drill, one answer per learner per question, scores,
//! the projector's tally and the CSV.

use rapport_class::question::{Form, Submission};
use rapport_class::session::{AnswerError, JoinError, Phase, Session, follow};
use rapport_class::{Follow, results_csv};
use rapport_core::content::QuestionKind;

use crate::common::{drill_of, pack, valid};

fn open(item: usize) -> Follow {
    Follow {
        item: Some(item),
        phase: Phase::Open,
        remaining: None,
    }
}

#[test]
fn a_question_follows_the_drill_and_never_reopens() {
    let pack = pack();
    let mut drill = drill_of(
        &pack,
        &[QuestionKind::SingleBest, QuestionKind::Written],
        &[],
    );
    let mut s = Session::new(&drill, &pack, "ABCDEF".into());
    let now = 0.0;
    s.follow(follow(&drill, now), now);
    assert_eq!(s.phase(0, now), Phase::Open, "open from the scenario");
    drill.next(now); // discussion, 60 s
    let f = follow(&drill, now);
    assert_eq!(f.remaining, Some(60.0));
    s.follow(f, now);
    assert_eq!(s.phase(0, 59.0), Phase::Open);
    assert_eq!(
        s.phase(0, 60.0),
        Phase::Locked,
        "locked when the countdown ends"
    );
    // The countdown ran out: the drill says so, and going on to the question does not reopen.
    s.follow(follow(&drill, 61.0), 61.0);
    drill.next(61.0);
    s.follow(follow(&drill, 61.0), 61.0);
    assert_eq!(s.phase(0, 61.0), Phase::Locked);
    drill.next(62.0); // answer
    s.follow(follow(&drill, 62.0), 62.0);
    assert_eq!(s.phase(0, 62.0), Phase::Revealed);
    drill.previous(63.0);
    s.follow(follow(&drill, 63.0), 63.0);
    assert_eq!(
        s.phase(0, 63.0),
        Phase::Revealed,
        "going back shows the same result"
    );
    assert_eq!(s.phase(1, 63.0), Phase::Waiting);
}

#[test]
fn one_answer_per_learner_per_question_scored_by_the_core() {
    let pack = pack();
    let drill = drill_of(&pack, &[QuestionKind::SingleBest], &["Red", "Blue"]);
    let mut s = Session::new(&drill, &pack, "ABCDEF".into());
    let (_, ann) = s.join("abcdef", "Ann", Some(0)).unwrap();
    let (_, bob) = s.join("ABCDEF", "Bob", Some(1)).unwrap();
    assert_eq!(
        s.join("ABCDEF", "ann", Some(1)),
        Err(JoinError::NameTaken("ann".into()))
    );
    assert_eq!(
        s.join("ABCDEF", "Cy", None).unwrap_err().to_string(),
        "Pick your team."
    );
    s.follow(open(0), 0.0);
    let q = s.questions()[0].clone();
    let right = q.correct.iter().position(|c| *c).unwrap();
    let wrong = q.correct.iter().position(|c| !*c).unwrap();
    let pick = |k: usize| Submission {
        item: 0,
        choices: Some(vec![k]),
        ..Submission::default()
    };
    s.answer(ann, pick(right), 1.0).unwrap();
    assert_eq!(
        s.answer(ann, pick(wrong), 1.0),
        Err(AnswerError::AlreadyAnswered)
    );
    s.answer(bob, pick(wrong), 1.0).unwrap();
    assert!(s.given(0, ann).unwrap().right());
    assert!(!s.given(0, bob).unwrap().right(), "the first answer stands");
    assert_eq!(s.answered(0), 2);
    assert_eq!(s.team_points(0), vec![1, 0]);

    let t = s.tally(0).unwrap();
    assert_eq!(t.answered, 2);
    assert_eq!(t.rows[right].count, 1);
    assert!(t.rows[right].right);
    assert_eq!(t.rows[wrong].count, 1);
    let top = t.top_wrong.expect("one wrong option was chosen");
    assert_eq!(top.label, q.option_labels()[wrong]);
    assert_eq!(top.misconception, q.misconceptions[wrong]);
    assert!(top.misconception.is_some(), "every wrong option names one");

    // Scores count only once revealed.
    assert_eq!(s.learner_scores()[0].2, 0);
    s.follow(
        Follow {
            item: Some(0),
            phase: Phase::Revealed,
            remaining: None,
        },
        2.0,
    );
    assert_eq!(s.learner_scores()[0].2, 1);

    let csv = results_csv(&s);
    assert!(csv.starts_with("level,question,title,criterion,marking_point,"));
    assert!(csv.contains(",2,1,1,2\n"), "two answers, one right: {csv}");
    assert!(
        !csv.contains("Ann") && !csv.contains("Bob"),
        "no names in the export"
    );
    s.forget_learners();
    assert!(s.learners().is_empty());
    assert_eq!(s.answered(0), 0);
}

#[test]
fn every_question_type_takes_a_valid_answer_and_refuses_a_malformed_one() {
    let pack = pack();
    let drill = drill_of(&pack, &QuestionKind::ALL, &[]);
    let mut s = Session::new(&drill, &pack, "ABCDEF".into());
    assert_eq!(s.questions().len(), QuestionKind::ALL.len());
    let (_, ann) = s.join("ABCDEF", "Ann", None).unwrap();
    for item in 0..s.questions().len() {
        s.follow(open(item), 0.0);
        let q = s.questions()[item].clone();
        // The wrong shape: a text for options, options for a text.
        let wrong_shape = match q.form {
            Form::Written => Submission {
                item,
                choices: Some(vec![0]),
                ..Submission::default()
            },
            _ => Submission {
                item,
                text: Some("hello".into()),
                ..Submission::default()
            },
        };
        assert!(matches!(
            s.answer(ann, wrong_shape, 0.0),
            Err(AnswerError::Invalid(_))
        ));
        s.answer(ann, valid(&q, item, 0), 0.0)
            .unwrap_or_else(|e| panic!("{:?}: {e}", q.kind));
        assert!(s.tally(item).unwrap().answered == 1);
    }
    // The written answer was marked by the marker, point by point.
    let w = s.questions().iter().position(|q| q.takes_text()).unwrap();
    let g = s.given(w, ann).unwrap();
    let mark = g.scored.mark.as_ref().expect("a written answer is marked");
    assert_eq!(mark.points.len(), s.questions()[w].rubric.len());
}

#[test]
fn right_answers_score_full_marks_for_every_type_with_options() {
    let pack = pack();
    let kinds = [
        QuestionKind::SingleBest,
        QuestionKind::MultipleAnswers,
        QuestionKind::OrderStages,
        QuestionKind::MatchTerms,
    ];
    let drill = drill_of(&pack, &kinds, &[]);
    let mut s = Session::new(&drill, &pack, "ABCDEF".into());
    let (_, ann) = s.join("ABCDEF", "Ann", None).unwrap();
    for item in 0..kinds.len() {
        s.follow(open(item), 0.0);
        let q = s.questions()[item].clone();
        let mut sub = Submission {
            item,
            ..Submission::default()
        };
        match &q.form {
            Form::Single { .. } | Form::Multiple { .. } => {
                sub.choices = Some((0..q.correct.len()).filter(|&k| q.correct[k]).collect())
            }
            Form::Order { content, .. } => {
                // Place p gets the shown stage whose content index is p.
                sub.order = Some(
                    (0..content.len())
                        .map(|p| content.iter().position(|&c| c == p).unwrap())
                        .collect(),
                )
            }
            Form::Match { content, terms, .. } => {
                sub.picks = Some(
                    (0..terms.len())
                        .map(|t| content.iter().position(|&c| c == t))
                        .collect(),
                )
            }
            _ => unreachable!(),
        }
        s.answer(ann, sub, 0.0).unwrap();
        assert!(s.given(item, ann).unwrap().right(), "{:?}", q.kind);
    }
}
