//! Criterion benchmark of `kaoping robustness`'s draws (`domain::robustness::draws`): 10,000
//! draws at 42 offices (the samples) and at 3,000 synthetic offices. Targets: under 0.1 s
//! and under 3 s on two cores.
//!
//! The 3,000 offices are made from the samples' results as `synth` makes its workspaces
//! (office i carries the values of sample (i − 1) mod 42), each base indicator's score then
//! lowered by a deterministic share of 0–15 % (rounded to two decimals), so that the totals
//! spread out as in a real set instead of tying in groups of 71. The draws read only the
//! results, so no workbook is written.
//!
//! `cargo bench --bench robustness -- --sample-size 10`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kaoping::data::DataSet;
use kaoping::domain::assessment::{assess, OfficeResult};
use kaoping::domain::indicators::CategoryKind;
use kaoping::domain::points::{round2, Decimal};
use kaoping::domain::robustness::{draws, Params};
use kaoping::report::Report;
use std::path::Path;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The samples' results, and `n` synthetic offices made from them (ranked).
fn offices(data: &DataSet, samples: &Report, n: usize) -> Vec<OfficeResult> {
    let set = &data.set;
    let mut state = 0x2018_u64;
    let mut next = || {
        // A fixed linear congruential sequence: the same offices on every run.
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % 1501
    };
    let results: Vec<OfficeResult> = (0..n)
        .map(|i| {
            let src = &samples.results[i % samples.results.len()];
            let mut scores = src.indicators.clone();
            if n > samples.results.len() {
                for (s, ind) in scores.iter_mut().zip(&set.indicators) {
                    if set.kind_of(ind) == CategoryKind::Base {
                        // Lower by 0.00 %–15.00 %.
                        let keep = Decimal::new(10000 - next() as i64, 4);
                        s.decided = Some(round2(s.used() * keep));
                    }
                }
            }
            let mut r = OfficeResult::new(set, i, scores);
            r.veto = src.veto;
            r.grade = set.grade_with_veto(r.total, r.veto).to_string();
            r
        })
        .collect();
    assess(set, &data.plan, results)
}

fn robustness(c: &mut Criterion) {
    let data = DataSet::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
    let files = kaoping::import::collect(&[dir]).expect("samples");
    let samples = Report::build(&data, &files);
    let params = Params {
        draws: 10_000,
        spread: Decimal::new(2, 1),
        seed: 2018,
    };
    let mut g = c.benchmark_group("robustness");
    g.sample_size(10);
    for n in [42usize, 3000] {
        let results = offices(&data, &samples, n);
        assert_eq!(results.len(), n);
        g.bench_with_input(BenchmarkId::new("draws_10000", n), &results, |b, r| {
            b.iter(|| {
                draws(&data.set, r, &params)
                    .expect("within bounds")
                    .offices
                    .len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, robustness);
criterion_main!(benches);
