//! How long the SMART checker takes per objective: a typical one, a long one with many dates,
//! and 100 KB pasted in. The target is under 1 ms per objective (issue 23).

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::content::load_builtin;
use rapport_core::plan::smart::{Context, check};

fn smart(c: &mut Criterion) {
    let pack = load_builtin().pack;
    let ctx = Context {
        lexicon: Some(pack.smart_lexicon()),
        ..Context::text_only(NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"))
    };
    let typical = "Summarise the client's words before asking my next question in 8 of my next \
                   10 coaching sessions, checked by reviewing two recordings with my supervisor, \
                   by 31 March 2027";
    c.bench_function("smart: a typical objective", |b| {
        b.iter(|| check(typical, &ctx))
    });
    let vague = "Get better at listening";
    c.bench_function("smart: a short vague objective", |b| {
        b.iter(|| check(vague, &ctx))
    });
    let long = "As my ECT's mentor, hold a 30-minute mentoring meeting every Tuesday and agree \
                one target each week, using the school's mentor handbook, from the start of \
                next term until the end of the summer term 2027, and before my appraisal on \
                14 January 2027 get feedback from five mentees using the anonymous survey our \
                HR team runs, bringing two entries to each monthly supervision during 2027.";
    c.bench_function("smart: a long objective with many dates", |b| {
        b.iter(|| check(long, &ctx))
    });
    let huge = "Ask one open question at a time in every session by 31 March 2027. ".repeat(1500);
    c.bench_function("smart: 100 KB pasted in", |b| b.iter(|| check(&huge, &ctx)));
}

criterion_group!(benches, smart);
criterion_main!(benches);
