//! The checker's own tests, on the kinds of failure issue 23 names (its examples, none from the
//! labelled sets); the date reader's are in `dates_tests`.

use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn report(text: &str) -> Report {
    check(text, &Context::text_only(today()))
}

fn passes(text: &str, letter: Letter) -> bool {
    report(text).verdict(letter).pass
}

#[test]
fn improve_communication_fails_every_letter() {
    let r = report("Improve communication");
    assert!(!r.passes);
    for v in &r.letters {
        assert!(!v.pass, "{:?} should fail: {}", v.letter, v.reason);
        assert!(v.suggestion.as_deref().is_some_and(|s| !s.is_empty()));
    }
}

#[test]
fn a_good_objective_passes_every_letter() {
    let r = report(
        "Summarise the client's words before asking my next question in 8 of my next 10 \
         coaching sessions, checked by reviewing two recordings with my supervisor, by 31 March 2027",
    );
    for v in &r.letters {
        assert!(v.pass, "{:?} should pass: {}", v.letter, v.reason);
    }
    assert_eq!(r.deadline, NaiveDate::from_ymd_opt(2027, 3, 31));
}

#[test]
fn a_period_is_a_deadline_and_its_year_is_not_the_measure() {
    for text in [
        "Keep a reflective log by the end of 2028",
        "Keep a reflective log during 2027",
        "Keep a reflective log before my appraisal on 14 January 2028",
        "Keep a reflective log by the end of the spring term",
    ] {
        let r = report(text);
        assert!(
            r.verdict(Letter::T).pass,
            "{text}: {:?}",
            r.verdict(Letter::T)
        );
        assert!(
            !r.verdict(Letter::M).pass,
            "{text}: {:?}",
            r.verdict(Letter::M)
        );
    }
    let r = report("Listen better to clients by 31/03/2027");
    assert!(!r.verdict(Letter::M).pass, "{:?}", r.verdict(Letter::M));
}

#[test]
fn vague_verbs_fail_specific_wherever_they_stand() {
    for text in [
        "get better at listening",
        "become a more confident mentor",
        "develop my skills in contracting",
        "understand the ICF model",
        "keep learning",
        "work on my questioning",
        "I want to be more present with my clients",
        "To improve my summarising",
    ] {
        let v = report(text).verdict(Letter::S).clone();
        assert!(!v.pass, "{text}: {}", v.reason);
    }
}

#[test]
fn an_observable_action_passes_specific() {
    for text in [
        "interrupt clients less",
        "stop finishing my clients' sentences",
        "start each session by agreeing what the client wants from it",
        "improve my contracting by writing a one-page agreement for new clients",
        "I will summarise what my mentee said before I ask a new question",
    ] {
        let v = report(text).verdict(Letter::S).clone();
        assert!(v.pass, "{text}: {}", v.reason);
    }
}

#[test]
fn a_one_off_completion_is_measurable_and_a_label_digit_is_not() {
    assert!(passes(
        "Attend a CPD workshop on motivational interviewing",
        Letter::M
    ));
    assert!(passes("Submit my ACC application", Letter::M));
    for text in [
        "Work on competency 3",
        "Get better at section 2 of the EMCC framework",
        "Develop my skills to level 4",
        "Mentor my year 10 students",
    ] {
        assert!(!passes(text, Letter::M), "{text}");
    }
}

#[test]
fn relevance_comes_from_practice_words_and_loaded_frameworks() {
    assert!(passes(
        "Hold a mid-point review with each of my mentees by 30 April 2027",
        Letter::R
    ));
    assert!(!passes("Tidy my desk every Friday", Letter::R));
    let mut fw = crate::content::load_builtin().pack.frameworks[0]
        .framework
        .clone();
    fw.id = "northfield".into();
    fw.name = "Northfield Practice Standards".into();
    fw.competencies[0].name = "Agrees Outcomes In Writing".into();
    let lexicon = Lexicon::new(Lexicon::builtin().lists.clone(), &[&fw]);
    let ctx = Context {
        lexicon: Some(&lexicon),
        ..Context::text_only(today())
    };
    let text = "Meet Northfield 1 in all my work by June 2027";
    assert!(!passes(text, Letter::R), "unknown without the framework");
    let r = check(text, &ctx);
    assert!(r.verdict(Letter::R).pass, "{:?}", r.verdict(Letter::R));
    assert!(
        !r.verdict(Letter::M).reason.contains("(1)"),
        "{:?}",
        r.verdict(Letter::M)
    );
    let r = check("Agrees outcomes in writing with everyone I support", &ctx);
    assert!(r.verdict(Letter::R).pass, "{:?}", r.verdict(Letter::R));
}

#[test]
fn a_past_date_or_one_after_the_plan_fails_time_bound() {
    let past = report("Record six sessions with clients by 1 January 2025");
    assert!(!past.verdict(Letter::T).pass);
    assert!(past.verdict(Letter::T).reason.contains("already passed"));
    let ctx = Context {
        plan_end: NaiveDate::from_ymd_opt(2027, 6, 30),
        ..Context::text_only(today())
    };
    let late = check("Record six sessions with clients by 1 January 2028", &ctx);
    assert!(
        late.verdict(Letter::T)
            .reason
            .contains("after the plan ends")
    );
    let by_plan_end = check(
        "Record six sessions with clients by the end of my plan",
        &ctx,
    );
    assert_eq!(by_plan_end.deadline, NaiveDate::from_ymd_opt(2027, 6, 30));
    let no_end = report("Record six sessions with clients by the end of my plan");
    assert!(no_end.verdict(Letter::T).reason.contains("no end date"));
}

#[test]
fn an_impossible_date_is_named_and_fails_time_bound() {
    for (text, named) in [
        ("Obtain my PCC by 31 February 2027", "31 February 2027"),
        (
            "Ask one question at a time in all sessions by 30/02/2027",
            "30 February 2027",
        ),
        ("Record a session by 2027-13-01", "2027-13-01"),
        ("Record a session by 31 April", "31 April"),
    ] {
        let r = report(text);
        let t = r.verdict(Letter::T);
        assert!(!t.pass, "{text}");
        assert!(t.reason.contains(named), "{text}: {}", t.reason);
        assert!(t.reason.contains("not a real date"), "{text}: {}", t.reason);
    }
}

#[test]
fn a_start_or_a_frequency_alone_is_no_deadline() {
    for text in [
        "Agree a written contract with each new client from January 2027",
        "Write up every session within 24 hours of it, starting next week",
        "Ask for feedback every Friday",
        "Use the GROW model from now on",
    ] {
        let r = report(text);
        assert!(
            !r.verdict(Letter::T).pass,
            "{text}: {:?}",
            r.verdict(Letter::T)
        );
    }
    assert!(passes(
        "Ask for feedback every Friday for the next 3 months",
        Letter::T
    ));
}

#[test]
fn the_entry_fields_supply_achievable_relevant_and_time_bound() {
    let ctx = Context {
        actions: "Book two supervision sessions",
        resources: "Supervisor; ICF PCC markers",
        competency: Some("ICF 6 Listens Actively"),
        target_date: NaiveDate::from_ymd_opt(2027, 4, 30),
        ..Context::text_only(today())
    };
    let r = check(
        "Paraphrase before every new question in 5 recorded sessions",
        &ctx,
    );
    assert!(r.passes, "{:#?}", r.failing().collect::<Vec<_>>());
    assert!(r.verdict(Letter::R).reason.contains("Listens Actively"));
}

#[test]
fn a_competency_without_a_gap_is_not_relevant_to_the_plan() {
    let ctx = |gap| Context {
        competency: Some("ICF 1 Demonstrates Ethical Practice"),
        competency_gap: gap,
        ..Context::text_only(today())
    };
    let text = "Record 6 sessions by June 2027";
    assert!(!check(text, &ctx(Some(0.0))).verdict(Letter::R).pass);
    let with_gap = check(text, &ctx(Some(1.5)));
    assert!(with_gap.verdict(Letter::R).reason.contains("gap of 1.5"));
    assert!(check(text, &ctx(None)).verdict(Letter::R).pass);
}

#[test]
fn an_impossible_load_fails_achievable() {
    let r = report("Coach 40 sessions a week with a supervisor by June 2027");
    assert!(!r.verdict(Letter::A).pass);
    let r = report("Complete 300 coaching hours within a month with my supervisor's support");
    assert!(!r.verdict(Letter::A).pass, "{:?}", r.verdict(Letter::A));
}

#[test]
fn any_input_gets_five_verdicts() {
    let long = "Ask one open question at a time by 31 March 2027. ".repeat(2000);
    for text in [
        "",
        "   ",
        "🙂🙂🙂 by 🗓️",
        "أطرح سؤالاً مفتوحاً واحداً في كل جلسة بحلول مارس 2027",
        "İİİ by 31/02/2027 İ",
        long.as_str(),
        "by by by the end of of the",
        "within 4294967295 years",
        "by 99/99/9999 or 0/0/0",
    ] {
        let r = report(text);
        assert_eq!(r.letters.len(), 5);
        for v in &r.letters {
            assert_eq!(v.pass, v.suggestion.is_none());
            assert!(!v.reason.is_empty());
        }
    }
}

/// Issue 14: the plan said "meets all five letters" for a drafted entry whose actions,
/// resources and target date were all blank. The draft quotes the behaviour to practise, and
/// the means was read from inside that quotation ("Closes the session by asking ..."): what is
/// practised is not how it will be done.
#[test]
fn a_quoted_behaviour_is_what_is_practised_not_how() {
    let quoted = "Practise \u{201c}Closes the session by asking what the client is taking away \
                  and what happens next\u{201d} in at least 4 of my next 6 client sessions, by \
                  3 March 2027";
    let bare = Context {
        competency: Some("ICF 3 Establishes and Maintains Agreements"),
        competency_gap: Some(2.0),
        ..Context::text_only(today())
    };
    let r = check(quoted, &bare);
    assert!(!r.verdict(Letter::A).pass, "{:?}", r.verdict(Letter::A));
    assert!(!r.passes);
    // Straight quotes quote too.
    let straight = quoted.replace(['\u{201c}', '\u{201d}'], "\"");
    assert!(!check(&straight, &bare).verdict(Letter::A).pass);
    // With the entry's actions and resources it is achievable again ...
    let planned = Context {
        actions: "Pick one session a week to focus on it",
        resources: "Supervision",
        ..bare.clone()
    };
    assert!(check(quoted, &planned).passes);
    // ... and so it is when the means stands outside the quotation.
    let r = check(
        &format!("{quoted}, by asking my supervisor to review two recordings"),
        &bare,
    );
    assert!(r.verdict(Letter::A).pass, "{:?}", r.verdict(Letter::A));
    // An unclosed quotation mark quotes nothing.
    let r = report(
        "Close every session by asking \u{201c}what are you taking away? in 6 sessions by June 2027",
    );
    assert!(r.verdict(Letter::A).pass, "{:?}", r.verdict(Letter::A));
}
