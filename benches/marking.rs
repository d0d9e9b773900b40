//! How long marking takes: a typical answer, and the 100 KB answer that must not hang the UI.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::content::{Question, load_builtin};
use rapport::marking::mark;

fn marking(c: &mut Criterion) {
    let pack = load_builtin().pack;
    let scenario = &pack
        .scenario("ers-coaching-mentoring-roles/sc/justify-role-written")
        .expect("built-in scenario")
        .scenario;
    let Question::Written {
        rubric,
        model_answer,
    } = &scenario.question
    else {
        panic!("a written scenario");
    };
    c.bench_function("mark the model answer", |b| {
        b.iter(|| mark(rubric, model_answer))
    });
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
