use super::RubricPoint;
use super::*;

fn point(id: &str, ideas: &[&[&str]]) -> RubricPoint {
    RubricPoint {
        id: id.into(),
        marking_point: format!("unit/mp/{id}"),
        label: id.into(),
        max_mark: ideas.len() as u32,
        ideas: ideas
            .iter()
            .map(|i| i.iter().map(|s| s.to_string()).collect())
            .collect(),
        must_have: vec![],
        must_not_have: vec![],
        synonyms: vec![],
        ..Default::default()
    }
}

fn confidentiality() -> RubricPoint {
    point(
        "confidentiality",
        &[&["keep it confidential", "confidentiality"]],
    )
}

fn earned(p: &RubricPoint, answer: &str) -> bool {
    mark(std::slice::from_ref(p), answer).points[0].earned
}

#[test]
fn a_plain_statement_earns_the_point_and_is_quoted() {
    let r = mark(
        &[confidentiality()],
        "First I would meet her. I would keep it confidential unless she was at risk. Then plan.",
    );
    assert!(r.points[0].earned);
    assert_eq!(
        r.points[0].quote.as_deref(),
        Some("I would keep it confidential unless she was at risk.")
    );
    assert_eq!((r.total, r.max_total), (1, 1));
}

#[test]
fn negation_does_not_earn_the_point() {
    let p = confidentiality();
    assert!(!earned(&p, "I would not keep it confidential."));
    assert!(!earned(&p, "I wouldn't keep what she says confidential."));
    assert!(!earned(&p, "There is no need for confidentiality here."));
    assert!(!earned(
        &p,
        "I would never keep it confidential from her manager."
    ));
}

#[test]
fn a_negation_in_another_clause_does_not_reach() {
    let p = confidentiality();
    assert!(earned(
        &p,
        "I would not judge her, but I would keep it confidential."
    ));
    assert!(earned(
        &p,
        "This is not only about skills but also about confidentiality."
    ));
}

#[test]
fn a_phrasing_that_contains_a_negation_matches_literally() {
    let p = point("no-advice", &[&["not give advice", "avoid giving advice"]]);
    assert!(earned(&p, "As a coach I would not give her advice."));
    assert!(!earned(&p, "I would give her advice."));
}

#[test]
fn misspellings_are_tolerated_but_short_words_are_not_guessed() {
    let p = confidentiality();
    assert!(earned(&p, "I would keep it confidentail."));
    assert!(earned(&p, "Confidentaility is agreed at the start."));
    let short = point("goal", &[&["set goal"]]);
    assert!(!earned(&short, "I would set gold."));
}

#[test]
fn stems_and_synonyms_match_other_forms() {
    let p = point("contract", &[&["agree a contract"]]);
    assert!(earned(&p, "We agreed an agreement at the first meeting."));
    assert!(earned(
        &p,
        "Contracting: we would agree what the sessions are for."
    ));
    assert!(!earned(&p, "We talked about her goals."));
}

#[test]
fn words_too_far_apart_do_not_match() {
    let p = point("contract", &[&["agree contract"]]);
    assert!(!earned(
        &p,
        "I agree that over the many long weeks of her first job in the big busy office the contract matters."
    ));
}

#[test]
fn must_not_have_blocks_the_sentence_and_must_have_is_required() {
    let mut p = point("coaching", &[&["coaching suits"]]);
    p.must_not_have = vec!["counselling".into()];
    assert!(!earned(
        &p,
        "Coaching suits her, which is really counselling."
    ));
    assert!(earned(
        &p,
        "Coaching suits her. Counselling is for emotional difficulties."
    ));
    p.must_have = vec!["short term".into()];
    assert!(!earned(&p, "Coaching suits her."));
    assert!(earned(&p, "Coaching suits her. It is short-term."));
}

#[test]
fn each_idea_earns_one_mark_up_to_the_maximum() {
    let mut p = point(
        "review",
        &[&["smart targets"], &["review weekly"], &["progress log"]],
    );
    p.max_mark = 2;
    let r = mark(
        std::slice::from_ref(&p),
        "Set SMART targets. Review them weekly. Keep a progress log.",
    );
    assert_eq!(r.points[0].marks, 2);
    assert_eq!(r.points[0].quotes.len(), 3);
    let r = mark(std::slice::from_ref(&p), "We review weekly.");
    assert_eq!(r.points[0].marks, 1);
    assert_eq!(r.points[0].quote.as_deref(), Some("We review weekly."));
}

#[test]
fn empty_huge_and_non_english_answers_are_marked_without_panic() {
    let p = confidentiality();
    let r = mark(std::slice::from_ref(&p), "");
    assert!(!r.points[0].earned && r.total == 0);
    let r = mark(std::slice::from_ref(&p), "   \n\n ...  ");
    assert!(!r.points[0].earned);
    let huge = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(2000);
    assert!(huge.len() > 100_000);
    let r = mark(std::slice::from_ref(&p), &huge);
    assert!(!r.points[0].earned && !r.truncated);
    let r = mark(
        std::slice::from_ref(&p),
        "守秘義務を守ります。Je garderais tout confidentiel. Ж"
            .repeat(300)
            .as_str(),
    );
    assert!(!r.truncated);
    let beyond = "x ".repeat(MAX_ANSWER_CHARS);
    assert!(mark(std::slice::from_ref(&p), &beyond).truncated);
}

#[test]
fn a_negated_phrasing_keeps_its_word_order() {
    let p = point("limits", &[&["cannot keep it confidential"]]);
    assert!(earned(
        &p,
        "I cannot keep it confidential because she is at risk."
    ));
    assert!(!earned(
        &p,
        "I would keep it confidential and not report it to anyone."
    ));
}

#[test]
fn a_negation_is_never_taken_for_another_word() {
    let p = point("record", &[&["keep notes"], &["agreement"]]);
    assert!(!earned(&p, "I would not keep it."));
    assert!(earned(&p, "I would keep notes of each session."));
    assert!(!earned(&p, "I agree with her plan."));
    assert!(earned(&p, "We signed an agreement."));
}

#[test]
fn a_denial_after_the_match_and_contractions_without_apostrophes_count() {
    let p = point("feedback", &[&["feedback from bilal"]]);
    assert!(!earned(&p, "Feedback from Bilal isn't really needed."));
    assert!(!earned(
        &p,
        "I wouldnt ask Bilal or anyone else for feedback."
    ));
    assert!(earned(
        &p,
        "I'd get feedback from Bilal so nothing is missed."
    ));
}

#[test]
fn contrast_words_put_the_idea_aside() {
    let p = point("review", &[&["review progress"]]);
    assert!(!earned(
        &p,
        "I'd wait for the end rather than review progress."
    ));
    assert!(!earned(
        &p,
        "I'd talk to him instead of reviewing his progress."
    ));
    assert!(!earned(&p, "We would review his progress only at the end."));
    assert!(earned(
        &p,
        "We would review progress every week rather than waiting."
    ));
}

#[test]
fn a_list_of_terms_earns_only_when_naming_is_enough() {
    let mut p = point("techniques", &[&["prompting"]]);
    assert!(!earned(
        &p,
        "Techniques: modelling, prompting, fading support."
    ));
    assert!(!earned(&p, "Prompting."));
    assert!(earned(&p, "I would use prompting when he is stuck."));
    p.naming = true;
    assert!(earned(
        &p,
        "Techniques: modelling, prompting, fading support."
    ));
}

#[test]
fn a_claim_must_be_about_the_right_subject() {
    let mut p = point("duration", &[&["long term"]]);
    p.about = vec!["mentoring".into()];
    assert!(!earned(&p, "Coaching is directive and long term."));
    assert!(earned(&p, "Mentoring is long term and informal."));
    let q = point("duration", &[&["coaching: short term"]]);
    assert!(!earned(&q, "Mentoring is short term."));
    assert!(earned(&q, "The coaching is short term and focused."));
}

#[test]
fn examples_that_disagree_are_reported() {
    let p = confidentiality();
    let examples = vec![
        Example {
            answer: "I would keep it confidential.".into(),
            marks: [("confidentiality".to_owned(), 1)].into(),
        },
        Example {
            answer: "Confidentiality is pointless here, I would not keep it confidential.".into(),
            marks: [("confidentiality".to_owned(), 1), ("nope".to_owned(), 0)].into(),
        },
    ];
    let d = check_examples(std::slice::from_ref(&p), &examples);
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(
        (d[0].example, d[0].point.as_str(), d[0].expected, d[0].given),
        (2, "confidentiality", 1, Some(0))
    );
    assert_eq!((d[1].point.as_str(), d[1].given), ("nope", None));
}

#[test]
fn how_often_is_not_how_long() {
    let p = point("regular", &[&["review each week", "review weekly"]]);
    assert!(!earned(
        &p,
        "I would review it at the end of the eight weeks."
    ));
    assert!(earned(&p, "We would review her targets every week."));
    assert!(earned(&p, "I'd review them weekly with her manager."));
}

#[test]
fn a_verdict_against_the_match_denies_it() {
    let p = point("record", &[&["write notes", "keep notes"]]);
    assert!(!earned(
        &p,
        "Writing notes about him would breach his confidentiality."
    ));
    assert!(!earned(&p, "Keeping notes would just be a waste of time."));
    assert!(earned(
        &p,
        "Writing notes after each session would help us see progress."
    ));
}

#[test]
fn a_later_clause_that_refuses_it_denies_it() {
    let p = point("supervision", &[&["supervision"]]);
    assert!(!earned(
        &p,
        "Supervision is something for counsellors, so I would not need it."
    ));
    assert!(earned(
        &p,
        "I would take it to supervision, so I do not carry it alone."
    ));
}

#[test]
fn a_negation_in_a_leading_subordinate_clause_does_not_reach_the_main_clause() {
    let p = point("adapt", &[&["change my approach"]]);
    assert!(earned(
        &p,
        "When the feedback shows something isnt working I'll change my approach."
    ));
    assert!(!earned(
        &p,
        "When it goes badly I won't change my approach."
    ));
}

#[test]
fn a_negation_in_a_later_coordinated_predicate_does_not_reach_back() {
    let p = point("culture", &[&["respect her culture"]]);
    assert!(earned(
        &p,
        "I'd respect her culture and never assume that being quiet means she doesn't know."
    ));
    assert!(!earned(
        &p,
        "Respecting her culture and language isn't needed here."
    ));
}

#[test]
fn a_negated_phrasing_skips_little_words_and_commas() {
    let p = point("boundary", &[&["counselling not my role"]]);
    assert!(earned(
        &p,
        "Deep emotional support would be counselling, which isnt my role."
    ));
    assert!(!earned(&p, "Counselling is my role, it is not hard."));
}

#[test]
fn a_one_word_attributed_phrasing_needs_its_subject_named() {
    let p = point("distinction", &[&["counselling: emotions"]]);
    assert!(!earned(&p, "Helping with her emotions is part of my job."));
    assert!(earned(&p, "Counselling deals with her emotions."));
}
