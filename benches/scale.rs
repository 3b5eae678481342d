//! Criterion benchmarks on synthetic workspaces written at bench time (never committed):
//! import + score of 42, 500 and 3,000 canonical returns; bare calamine reading the same
//! files (the floor); export of 3,000 offices; a TUI frame after a key with 3,000 offices;
//! re-import after one changed file among 3,000; a key while an import of 3,000 runs.
//!
//! `cargo bench` runs them all; `cargo bench -- import` one group. Workspaces are kept in
//! `target/bench/` between runs.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kaoping::data::{DataPaths, DataSet};
use kaoping::report::Report;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The workspace of `n` returns (written once), its data set and its files.
fn workspace(n: usize) -> (DataSet, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(format!("target/bench/workspace-{n}"));
    if !dir.join("registry.toml").exists() {
        let builtin = DataSet::builtin();
        let sources: Vec<_> = kaoping::synth::sources(&builtin, &root.join("samples/2018"))
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        kaoping::synth::workspace(&builtin, &sources, &dir, n).expect("workspace written");
    }
    let reg = dir.join("registry.toml");
    let data = DataSet::load(&DataPaths {
        offices: Some(&reg),
        ..Default::default()
    })
    .expect("registry");
    let files = kaoping::import::collect(&[dir]).expect("files");
    assert_eq!(files.len(), n);
    (data, files)
}

fn import(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [42usize, 500, 3000] {
        let (data, files) = workspace(n);
        g.bench_with_input(
            BenchmarkId::new("kaoping_import_score", n),
            &files,
            |b, files| b.iter(|| Report::build(&data, files).results.len()),
        );
        g.bench_with_input(BenchmarkId::new("calamine_floor", n), &files, |b, files| {
            b.iter(|| kaoping::synth::calamine_floor(files))
        });
    }
    g.finish();
}

fn export(c: &mut Criterion) {
    let (data, files) = workspace(3000);
    let report = Report::build(&data, &files);
    let info = kaoping::export::workbook::ExportInfo {
        changes: &[],
        author: "bench",
        at: "2019-01-10 09:00:00",
    };
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    g.bench_function("workbook_3000", |b| {
        b.iter(|| {
            let mut wb = kaoping::export::workbook::build(&data, &report, &info).unwrap();
            wb.save_to_buffer().unwrap().len()
        })
    });
    g.finish();
}

fn tui(c: &mut Criterion) {
    use kaoping::tui::action::{Action, ViewId};
    use kaoping::tui::app::{App, Options};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let (data, files) = workspace(3000);
    let report = Report::build(&data, &files);
    let mut g = c.benchmark_group("tui_frame_3000");
    for (name, view) in [
        ("ranking", ViewId::Ranking),
        ("matrix", ViewId::Matrix),
        ("tasks", ViewId::Tasks),
    ] {
        let mut app = App::new(
            data.clone(),
            report.clone(),
            PathBuf::from("bench"),
            Options::default(),
        );
        app.resize(120, 40);
        app.update(Action::Show(view));
        let area = Rect::new(0, 0, 120, 40);
        let mut buf = Buffer::empty(area);
        let mut down = true;
        // A key and the redraw it causes.
        g.bench_function(name, |b| {
            b.iter(|| {
                app.update(if down { Action::Down } else { Action::Up });
                down = !down;
                buf.reset();
                kaoping::tui::view::render(&mut buf, area, &app);
            })
        });
    }
    g.finish();
}

/// `r` after one return among 3,000 changed: the folder listed and stamped, the changed
/// file read, the report made again (the incremental re-import, as the UI's worker runs
/// it, without a store).
fn reimport(c: &mut Criterion) {
    use kaoping::import::cache::ImportCache;
    let (data, files) = workspace(3000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/workspace-3000");
    let mut cache = ImportCache::new();
    cache.import(&data, &files, &|_| {});
    let changed = std::fs::File::options()
        .write(true)
        .open(&files[0])
        .expect("a return");
    let mut g = c.benchmark_group("reimport_3000");
    g.sample_size(10);
    g.bench_function("one_changed", |b| {
        b.iter(|| {
            // A new modification time: the file counts as changed.
            changed
                .set_modified(std::time::SystemTime::now())
                .expect("mtime set");
            // What `r` runs on the worker (without a store).
            let r = kaoping::tui::worker::reimport(
                &data,
                &dir,
                Vec::new().into(),
                None,
                &mut cache,
                &|_, _| {},
            );
            r.expect("no store").expect("the folder").results.len()
        })
    });
    // The same, recording the imports in a store as the UI does.
    let store_dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = kaoping::store::Store::open(store_dir.path()).expect("a store");
    g.bench_function("one_changed_with_store", |b| {
        b.iter(|| {
            changed
                .set_modified(std::time::SystemTime::now())
                .expect("mtime set");
            let r = kaoping::tui::worker::reimport(
                &data,
                &dir,
                Vec::new().into(),
                Some(&mut store),
                &mut cache,
                &|_, _| {},
            );
            r.expect("recorded").expect("the folder").results.len()
        })
    });
    g.finish();
}

/// A key press (`Tab`) while an import of 3,000 returns runs on the worker: the time until
/// its frame is drawn.
fn key_during_import(c: &mut Criterion) {
    use kaoping::tui::action::Action;
    use kaoping::tui::app::{App, Options};
    use kaoping::tui::session::Session;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use std::time::Instant;
    let (data, files) = workspace(3000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/workspace-3000");
    let report = Report::build(&data, &files);
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    // A session without a cache: its re-import reads all 3,000 files.
    let start = || {
        let mut app = App::new(
            data.clone(),
            report.clone(),
            dir.clone(),
            Options::default(),
        );
        app.resize(120, 40);
        let mut s = Session::new(app, None);
        s.handle(Action::Reimport);
        s
    };
    let mut session = start();
    let mut g = c.benchmark_group("tui_during_import_3000");
    g.sample_size(10);
    g.bench_function("key_to_frame", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                session.apply_ready();
                if !session.busy() {
                    session = start();
                }
                let t = Instant::now();
                session.handle(Action::NextView);
                buf.reset();
                kaoping::tui::view::render(&mut buf, area, &session.app);
                spent += t.elapsed();
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, import, export, tui, reimport, key_during_import);
criterion_main!(benches);
