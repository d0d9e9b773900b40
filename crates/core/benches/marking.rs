//! How long marking takes: a typical answer, a 300-word answer, and the 100 KB answer that must
//! not hang the UI.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::content::questions::Written;
use rapport_core::content::{Question, load_builtin};
use rapport_core::marking::mark;

fn marking(c: &mut Criterion) {
    let pack = load_builtin().pack;
    let scenario = &pack
        .scenario("ers-coaching-mentoring-roles/sc/justify-role-written")
        .expect("built-in scenario")
        .scenario;
    let Question::Written(Written {
        rubric,
        model_answer,
        ..
    }) = &scenario.question
    else {
        panic!("a written scenario");
    };
    c.bench_function("mark the model answer", |b| {
        b.iter(|| mark(rubric, model_answer))
    });
    // The model answer, then a learner's usual padding, to 300 words.
    let padding = " In my own practice I would also agree the next steps with the person and \
                   write them down, so that we both know what happens before we meet again.";
    let mut long = model_answer.clone();
    while long.split_whitespace().count() < 300 {
        long.push_str(padding);
    }
    let long = long
        .split_whitespace()
        .take(300)
        .collect::<Vec<_>>()
        .join(" ");
    c.bench_function("mark a 300-word answer", |b| b.iter(|| mark(rubric, &long)));
    let mut huge = String::new();
    while huge.len() < 100_000 {
        huge.push_str(model_answer);
        huge.push(' ');
        huge.push_str("Je garderais la confidentialité, sauf en cas de danger. ");
    }
    let mut group = c.benchmark_group("large answers");
    group.sample_size(10);
    group.bench_function("mark a 100 KB answer", |b| b.iter(|| mark(rubric, &huge)));
    group.finish();
}

criterion_group!(benches, marking);
criterion_main!(benches);
