//! What class answers add to each projector frame: following the drill and reading the
//! session (answered count, tally with the most chosen wrong answer, who has not answered) for
//! 40 learners who have all answered. The projector's frame budget is 4 ms in all; this part
//! should be a small fraction of it.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport_class::session::Phase;
use rapport_class::{Follow, Session};
use rapport_core::content::load_builtin;
use rapport_core::drill::DrillSetup;

fn frame(c: &mut Criterion) {
    let pack = load_builtin().pack;
    let setup = DrillSetup {
        count: 6,
        seed: 9,
        ..DrillSetup::default()
    };
    let (drill, _) = setup
        .prepare(&pack)
        .expect("the built-in content makes a drill");
    let mut s = Session::new(&drill, &pack, "BENCH1".into());
    let learners: Vec<usize> = (0..40)
        .map(|i| s.join("BENCH1", &format!("Learner {i}"), None).unwrap().1)
        .collect();
    let open = Follow {
        item: Some(0),
        phase: Phase::Open,
        remaining: None,
    };
    s.follow(open, 0.0);
    let q = s.questions()[0].clone();
    for (i, &l) in learners.iter().enumerate() {
        let mut sub = rapport_class::Submission {
            item: 0,
            ..Default::default()
        };
        match q.option_count() {
            0 => sub.text = Some("I would listen and ask open questions.".into()),
            n => sub.choices = Some(vec![i % n]),
        }
        let _ = s.answer(l, sub, 0.0);
    }
    let revealed = Follow {
        item: Some(0),
        phase: Phase::Revealed,
        remaining: None,
    };
    c.bench_function("class answers: one projector frame, 40 learners", |b| {
        b.iter(|| {
            s.follow(revealed, 1.0);
            let tally = s.tally(0);
            let waiting = s.not_answered(0).len();
            std::hint::black_box((tally, waiting, s.answered(0)))
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
