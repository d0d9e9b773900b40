//! 40 learners on loopback answer every question of a drill in the same moment before the
//! countdown ends: every answer is counted once, none is lost, and the server's memory stays
//! small.

use std::sync::{Arc, Barrier};

use rapport_class::Follow;
use rapport_class::session::Phase;

use crate::common::{drill, get, join, json, pack, post, rss_kb, serve, valid};

const LEARNERS: usize = 40;
const CODE: &str = "LOAD42";

#[test]
fn forty_learners_answer_every_question_once() {
    let pack = pack();
    let drill = drill(&pack, 8, 2027, &[]);
    let before_kb = rss_kb();
    let server = serve(&drill, &pack, CODE);
    let addr = server.local_addr();
    let questions = server.with_session(|s, _| s.questions().to_vec());
    let n = questions.len();
    assert!(n >= 6, "a drill of several questions");

    let cookies: Vec<String> = (0..LEARNERS)
        .map(|i| join(addr, CODE, &format!("Learner {i}"), None))
        .collect();
    // Each question: open with the countdown running; all 40 answer at once; then the end of
    // the countdown locks it and the reveal shows each learner their result.
    let start = Arc::new(Barrier::new(LEARNERS + 1));
    let done = Arc::new(Barrier::new(LEARNERS + 1));
    let revealed = Arc::new(Barrier::new(LEARNERS + 1));
    let checked = Arc::new(Barrier::new(LEARNERS + 1));
    let threads: Vec<_> = cookies
        .into_iter()
        .enumerate()
        .map(|(i, cookie)| {
            let (start, done, revealed, checked) = (
                start.clone(),
                done.clone(),
                revealed.clone(),
                checked.clone(),
            );
            let questions = questions.clone();
            std::thread::spawn(move || {
                // Per question: the phase seen, the answer's status, the replay's status and the
                // phase after the reveal with the marks out of.
                let mut seen = Vec::new();
                for (item, q) in questions.iter().enumerate() {
                    start.wait();
                    let state = get(addr, "/state", Some(&cookie)).json();
                    let before = format!("{}:{}", state["phase"], state["item"]);
                    let r = post(addr, "/answer", Some(&cookie), &json(&valid(q, item, i)));
                    done.wait();
                    revealed.wait();
                    // Once more after the lock: refused.
                    let again = post(addr, "/answer", Some(&cookie), &json(&valid(q, item, i)));
                    let state = get(addr, "/state", Some(&cookie)).json();
                    let after = format!("{}:{}", state["phase"], state["result"]["max"]);
                    seen.push((before, r.status, again.status, after));
                    checked.wait();
                }
                seen
            })
        })
        .collect();

    let mut peak_kb = rss_kb();
    for (item, question) in questions.iter().enumerate() {
        server.follow(Follow {
            item: Some(item),
            phase: Phase::Open,
            remaining: Some(2.0 + 60.0),
        });
        start.wait();
        done.wait();
        let answered = server.with_session(|s, _| s.answered(item));
        assert_eq!(answered, LEARNERS, "question {item}: every answer counted");
        // The countdown ends, then the answer is revealed.
        server.follow(Follow {
            item: Some(item),
            phase: Phase::Locked,
            remaining: None,
        });
        server.follow(Follow {
            item: Some(item),
            phase: Phase::Revealed,
            remaining: None,
        });
        revealed.wait();
        checked.wait();
        peak_kb = peak_kb.max(rss_kb());
        let tally = server.with_session(|s, _| s.tally(item).unwrap());
        assert_eq!(
            tally.answered, LEARNERS,
            "counted once, after the replays too"
        );
        if !tally.rows.is_empty() && question.option_count() > 0 {
            let total: usize = tally.rows.iter().map(|r| r.count).sum();
            assert!(total >= LEARNERS, "each answer appears in the distribution");
        }
    }
    for (i, t) in threads.into_iter().enumerate() {
        let seen = t.join().expect("a learner's thread");
        for (item, (before, status, again, after)) in seen.into_iter().enumerate() {
            assert_eq!(before, format!("\"open\":{item}"), "learner {i}");
            assert_eq!(status, 200, "learner {i}, question {item}: answer accepted");
            assert_eq!(
                again, 409,
                "learner {i}, question {item}: the replay refused"
            );
            assert!(
                after.starts_with("\"revealed\":") && !after.ends_with(":0"),
                "{after}"
            );
        }
    }
    let scores = server.with_session(|s, _| s.learner_scores());
    assert_eq!(scores.len(), LEARNERS);
    let grown_kb = peak_kb.saturating_sub(before_kb);
    eprintln!(
        "load: {LEARNERS} learners x {n} questions = {} answers counted; resident memory grew \
         {grown_kb} kB over the drill alone ({before_kb} kB before, {peak_kb} kB at the peak)",
        LEARNERS * n
    );
    assert!(grown_kb < 30 * 1024, "memory grew {grown_kb} kB");
}
