//! Criterion benchmark of the 模拟 view's keystroke: a category's points changed and every
//! office scored again by the rules and ranked again (exact decimals), at 42 and 3,000
//! offices. The offices are made in memory from the 42 sample returns (office `i` scored
//! from sample `i mod 42`): no workspace is written.
//!
//! `cargo bench --bench whatif`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kaoping::data::DataSet;
use kaoping::domain::assessment::{assess, OfficeResult};
use kaoping::domain::points::Decimal;
use kaoping::domain::scoring::score_return;
use kaoping::domain::whatif::{Model, Outcome, Target, WhatIf};
use std::path::Path;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `n` offices scored from the samples, ranked.
fn offices(data: &DataSet, n: usize) -> Vec<OfficeResult> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
    let sources = kaoping::synth::sources(data, &dir);
    assert!(!sources.is_empty());
    let results = (0..n)
        .map(|i| {
            let (_, ret) = &sources[i % sources.len()];
            let scores = score_return(&data.set, &data.calendar, ret);
            OfficeResult::new(&data.set, i, scores)
        })
        .collect();
    assess(&data.set, &data.plan, results)
}

fn keystroke(c: &mut Criterion) {
    let data = DataSet::builtin();
    let d = data
        .set
        .categories
        .iter()
        .position(|c| c.id == "D")
        .unwrap();
    let mut g = c.benchmark_group("whatif_keystroke");
    for n in [42usize, 3000] {
        let official = offices(&data, n);
        let model = Model::new(&data.set, &official);
        let mut w = WhatIf::new(&data.set);
        let mut up = true;
        g.bench_with_input(BenchmarkId::new("rescore_rerank", n), &n, |b, _| {
            b.iter(|| {
                // `+` then `-` on D, keeping the base: every category's points change.
                let step = if up { Decimal::ONE } else { -Decimal::ONE };
                up = !up;
                w.step(&data.set, Target::Category(d), step).unwrap();
                let out = Outcome::of(&w, &data.set, &model, &official).unwrap();
                out.summary.rank_changed
            })
        });
    }
    g.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
