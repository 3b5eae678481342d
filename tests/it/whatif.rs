//! The 模拟 view's indicator file, end to end: a session over a copy of the samples changes
//! D's and A1's points, `w` writes the file (on the worker), the file loads as any indicator
//! file, and `kaoping score --indicators FILE` ranks and scores every office exactly as the
//! view shows them (read off a `TestBackend` screen, page by page).

use assert_cmd::Command;
use kaoping::data::{DataPaths, DataSet};
use kaoping::domain::indicators::IndicatorSet;
use kaoping::domain::points::fmt2;
use kaoping::report::Report;
use kaoping::tui::action::{Action, ViewId};
use kaoping::tui::app::{App, Options};
use kaoping::tui::session::Session;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// The screen as text, one line per row, wide characters counted once.
fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| kaoping::tui::view::draw(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// Selects a row of the points by its id and types `value` for it.
fn give(s: &mut Session, id: &str, value: &str) {
    let set = s.app.data.set.clone();
    let row = kaoping::tui::views::whatif::targets(&s.app)
        .iter()
        .position(|t| match *t {
            kaoping::domain::whatif::Target::Category(c) => set.categories[c].id == id,
            kaoping::domain::whatif::Target::Indicator(i) => set.indicators[i].id == id,
        })
        .unwrap();
    s.handle(Action::Top);
    for _ in 0..row {
        s.handle(Action::Down);
    }
    s.handle(Action::Enter);
    for _ in 0..12 {
        s.handle(Action::InputBackspace);
    }
    for c in value.chars() {
        s.handle(Action::Input(c));
    }
    s.handle(Action::InputSubmit);
    assert!(
        !s.app.typing(),
        "{value} for {id} was taken: {:?}",
        s.app.whatif.input
    );
}

/// Every office's (rank, total, 等次) as the view's offices pane shows them, page by page.
fn shown_ranks(s: &mut Session) -> BTreeMap<String, (String, String, String)> {
    let mut seen = BTreeMap::new();
    s.handle(Action::Right);
    s.handle(Action::Top);
    for _ in 0..10 {
        let text = screen(&mut s.app, 120, 40);
        for line in text.lines() {
            // │ points │ │ offices │
            let parts: Vec<&str> = line.split('│').collect();
            let Some(right) = parts.get(3) else { continue };
            let cells: Vec<&str> = right.split_whitespace().collect();
            // 名次 单位 Δ名次 原名次 总分 原总分 原等次 等次
            if cells.len() != 8 || cells[0].parse::<u32>().is_err() {
                continue;
            }
            let v = (cells[0].into(), cells[4].into(), cells[7].into());
            seen.insert(cells[1].to_string(), v);
        }
        s.handle(Action::PageDown);
    }
    s.handle(Action::Left);
    seen
}

/// `kaoping score` of `dir` as CSV, with these indicators: office → (rank, total, 等次, the
/// categories' scores).
fn scored(dir: &Path, indicators: Option<&Path>) -> BTreeMap<String, Vec<String>> {
    let mut cmd = Command::cargo_bin("kaoping").unwrap();
    cmd.arg("score");
    if let Some(i) = indicators {
        cmd.arg("--indicators").arg(i);
    }
    let out = cmd.arg(dir).args(["--format", "csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            // rank, office, total, grade, veto, A … E
            let mut v = vec![c[0].to_string(), c[2].to_string(), c[3].to_string()];
            v.extend(c[5..10].iter().map(|s| s.to_string()));
            (c[1].to_string(), v)
        })
        .collect()
}

#[test]
fn the_written_indicator_file_ranks_as_the_whatif_view() {
    let dir = samples_copy();
    let data = DataSet::builtin();
    let files = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let report = Report::build(&data, &files);
    let opts = Options {
        watch: false,
        ..Options::default()
    };
    let app = App::new(data, report, dir.path().to_path_buf(), opts);
    let mut s = Session::new(app, None);
    s.handle(Action::Show(ViewId::WhatIf));
    // D from 15 to 10, and A1 (a deduction: 2 points an incident) from 6 to 8, keeping the
    // base at 100: every indicator's points change.
    give(&mut s, "D", "10");
    give(&mut s, "A1", "8");
    let outcome = s.app.whatif.outcome.clone().unwrap();
    assert!(outcome.summary.rank_changed > 0 && outcome.summary.grade_changed > 0);
    assert_eq!(outcome.set.base_max(), 100.into());

    s.handle(Action::WriteIndicators);
    assert!(s.wait_idle(Duration::from_secs(20)));
    let message = s.app.message.clone().unwrap();
    assert!(message.starts_with("已写出模拟指标文件："), "{message}");
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?} (no temporary file is left)");
    let file = &written[0];
    let name = file.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("指标-模拟-") && name.len() == "指标-模拟-20190115-093000.toml".len(),
        "{name}"
    );
    assert!(message.ends_with(name), "{message}");

    // The file says what it is, and loads as any indicator file.
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.starts_with("# 模拟方案（what-if）"), "{text}");
    assert!(text.contains("# 改动的分值（现行 → 模拟）："), "{text}");
    assert!(text.contains("#   D 制度规范 15.00 → 10.00"), "{text}");
    assert!(text.contains("#   A1 "), "{text}");
    let loaded = IndicatorSet::from_toml(name, &text).unwrap();
    assert_eq!(loaded.name, "2018年度海关政务公开考核评估指标（模拟方案）");
    let points = |s: &IndicatorSet| s.indicators.iter().map(|i| i.points).collect::<Vec<_>>();
    assert_eq!(points(&loaded), points(&outcome.set));
    assert_eq!(loaded.category("D").unwrap().max, 10.into());
    DataSet::load(&DataPaths {
        indicators: Some(file),
        ..Default::default()
    })
    .unwrap();

    // `kaoping score` with the file: the view's ranks, totals and 等次, office by office.
    let shown = shown_ranks(&mut s);
    assert_eq!(shown.len(), 42, "{shown:?}");
    let cli = scored(dir.path(), Some(file));
    assert_eq!(cli.len(), 42);
    for (office, (rank, total, grade)) in &shown {
        let row = &cli[office];
        assert_eq!(
            (&row[0], &row[1], &row[2]),
            (rank, total, grade),
            "{office}"
        );
    }
    // And the categories, from the view's results.
    for r in &outcome.results {
        let office = &s.app.data.registry.offices[r.office].name;
        let cats: Vec<String> = r.categories[..5].iter().map(|&c| fmt2(c)).collect();
        assert_eq!(cli[office][3..], cats[..], "{office}");
    }
    // The official results did not change: `score` without the file.
    let official = scored(dir.path(), None);
    for m in &outcome.moves {
        let office = &s.app.data.registry.offices[m.office].name;
        assert_eq!(official[office][0], m.official_rank.to_string(), "{office}");
    }
}

#[test]
fn what_if_files_never_overwrite_and_a_folder_that_cannot_take_one_is_named() {
    use kaoping::tui::worker::write_indicators;
    let dir = tempfile::tempdir().unwrap();
    let set = DataSet::builtin().set;
    // A note with control characters stays one comment line, without them.
    let notes = vec!["改动\u{1b}[2J：无\r\n第二行".to_string()];
    let a = write_indicators(dir.path(), &set, &notes).unwrap();
    let b = write_indicators(dir.path(), &set, &notes).unwrap();
    assert_ne!(
        a, b,
        "a second file in the same second has a name of its own"
    );
    for p in [&a, &b] {
        let text = std::fs::read_to_string(p).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text}");
        assert!(text.contains("# 改动 [2J：无\n# 第二行\n"), "{text}");
        let name = p.file_name().unwrap().to_str().unwrap();
        let loaded = IndicatorSet::from_toml(name, &text).unwrap();
        assert_eq!(loaded.indicators, set.indicators);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file is left");
    let gone = dir.path().join("gone");
    let e = write_indicators(&gone, &set, &[]).unwrap_err();
    assert!(
        e.starts_with("无法写出模拟指标文件") && e.contains("gone"),
        "{e}"
    );
}
