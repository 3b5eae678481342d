//! Year-over-year comparison (`--compare PREV`): the samples against their own export
//! change nothing; one office improved moves exactly it and the offices it passed; sets
//! that differ are reported, not guessed; the CSV keeps its contract and appends the
//! previous values only when comparing; the JSON's shape; the 同比 sheet; refusals of what
//! is no previous result, a hostile workbook among them, in little memory.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use kaoping::compare::{self, RankChange};
use kaoping::data::DataSet;
use kaoping::export::template::{FIRST_ROW, MAIN_SHEET, NOT_APPLICABLE};
use kaoping::export::workbook::{build, ExportInfo};
use kaoping::report::Report;
use rust_xlsxwriter::{ExcelDateTime, Format};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> PathBuf {
    root().join("samples/2018")
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

fn stdout(args: &[&std::ffi::OsStr]) -> String {
    let out = kaoping().args(args).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `kaoping ARGS…` with paths among them.
macro_rules! run {
    ($($a:expr),* $(,)?) => {
        stdout(&[$(std::ffi::OsStr::new($a)),*])
    };
}

/// The samples' ranking workbook, exported into `dir`.
fn export_samples(dir: &Path) -> PathBuf {
    let out = dir.join("上年.kaoping.xlsx");
    run!("export", "--out", &out, "--evaluator", "张三", &samples());
    out
}

/// The CSV's rows by office: each field by its column's name.
fn csv_by_office(csv: &str) -> HashMap<String, HashMap<String, String>> {
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let row: HashMap<String, String> = head
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (row["office"].clone(), row)
        })
        .collect()
}

#[test]
fn the_samples_against_their_own_export_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = export_samples(tmp.path());
    let csv = run!("score", "--format", "csv", "--compare", &prev, &samples());
    let rows = csv_by_office(&csv);
    assert_eq!(rows.len(), 42);
    for (office, r) in &rows {
        assert_eq!(r["rank_change"], "0", "{office}");
        assert_eq!(r["prev_rank"], r["rank"], "{office}");
        assert_eq!(r["prev_total"], r["total"], "{office}");
        assert_eq!(r["prev_grade"], r["grade"], "{office}");
    }
    // Every rate compared, and none changed; nothing left uncompared.
    let json = run!("score", "--format", "json", "--compare", &prev, &samples());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let c = &v["comparison"];
    assert_eq!(c["not_comparable"], serde_json::json!([]));
    assert_eq!(c["indicators"].as_array().unwrap().len(), 20);
    assert_eq!(c["categories"].as_array().unwrap().len(), 5);
    assert!(!c["tasks"].as_array().unwrap().is_empty());
    for kind in ["indicators", "tasks", "categories"] {
        for r in c[kind].as_array().unwrap() {
            assert_eq!(r["change"], "0.00", "{kind}: {r}");
            assert_eq!(r["mean_rate"], r["previous_mean_rate"], "{kind}: {r}");
        }
    }
    assert_eq!(c["offices"]["same"], 42);
    assert_eq!(c["most_improved"], serde_json::json!([]));
    // The table: Δ名次 is — everywhere, and the whole table fits 80 columns.
    let table = run!("score", "--compare", &prev, &samples());
    let ranking: Vec<&str> = table.lines().take(43).collect();
    assert!(ranking[0].starts_with("名次 Δ名次 单位"), "{table}");
    for l in &ranking[1..] {
        assert_eq!(l.split_whitespace().nth(1), Some("—"), "{l}");
    }
    for l in table.lines().filter(|l| !l.starts_with("上年结果")) {
        assert!(kaoping::text::width(l) <= 80, "{l}");
    }
    assert!(table.contains("各指标、任务和类别均可比较"), "{table}");
}

/// 兰州海关's return, made again from the template to score 72.70: between 江门海关
/// (72.54) and 汕头海关 (72.84), so that it passes 江门海关 and 南昌海关 (71.11) and
/// no other office.
fn improved_lanzhou(path: &Path) {
    let data = DataSet::builtin();
    let mut wb = kaoping::export::template::build(&data, "兰州海关").unwrap();
    let ws = wb.worksheet_from_name(MAIN_SHEET).unwrap();
    let row = |id: &str| FIRST_ROW + data.set.index_of(id).unwrap() as u32;
    // Deductions left blank keep their points: A1 6, A9 5, B3 5, C3 5 = 21.
    for id in ["A2", "A5", "A8", "B1", "C2", "D2", "D3"] {
        ws.write_string(row(id), 5, "完成").unwrap(); // 4 + 4 + 5 + 8 + 7 + 5 + 4 = 37
    }
    ws.write_string(row("A4"), 5, NOT_APPLICABLE).unwrap(); // 6
    ws.write_number(row("A3"), 6, 7).unwrap(); // 4 × 7/40 = 0.70
    ws.write_number(row("A3"), 7, 40).unwrap();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let date = ExcelDateTime::from_ymd(2018, 6, 30).unwrap();
    ws.write_datetime_with_format(row("C1"), 8, &date, &day)
        .unwrap(); // 8
    wb.save(path).unwrap();
}

/// The samples with 兰州海关's return replaced by [`improved_lanzhou`].
fn improved_samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(samples()).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if !name.to_string_lossy().contains("兰州海关") {
            std::fs::copy(e.path(), dir.path().join(name)).unwrap();
        }
    }
    improved_lanzhou(&dir.path().join("兰州海关-2018.xlsx"));
    dir
}

#[test]
fn one_office_improved_moves_it_and_exactly_the_offices_it_passed() {
    let now = improved_samples();
    // The previous result is the samples' folder, scored as it is.
    let csv = run!(
        "score",
        "--format",
        "csv",
        "--compare",
        &samples(),
        now.path()
    );
    let rows = csv_by_office(&csv);
    assert_eq!(rows["兰州海关"]["total"], "72.70");
    let moved: HashMap<&str, (&str, &str, &str)> = rows
        .iter()
        .filter(|(_, r)| r["rank_change"] != "0")
        .map(|(o, r)| {
            (
                o.as_str(),
                (
                    r["prev_rank"].as_str(),
                    r["rank"].as_str(),
                    r["rank_change"].as_str(),
                ),
            )
        })
        .collect();
    assert_eq!(
        moved,
        HashMap::from([
            ("兰州海关", ("41", "39", "+2")),
            ("江门海关", ("39", "40", "-1")),
            ("南昌海关", ("40", "41", "-1")),
        ])
    );
    assert_eq!(rows["兰州海关"]["prev_total"], "60.00");
    // The same through the library, and the most improved offices for the circular.
    let data = DataSet::builtin();
    let prev = compare::read(&samples(), &data).unwrap();
    let files = kaoping::import::collect(&[now.path().to_path_buf()]).unwrap();
    let d = compare::diff(&data, &Report::build(&data, &files), &prev);
    assert_eq!(compare::most_improved(&d, 5), [("兰州海关".to_string(), 2)]);
    let lz = data.registry.find_exact("兰州海关").unwrap();
    assert_eq!(d.office(lz).unwrap().change, RankChange::Up(2));
    assert_eq!(d.not_comparable, []);
    // The table shows ↑2, ↓1 and — where nothing moved.
    let table = run!("score", "--compare", &samples(), now.path());
    let mark = |office: &str| {
        let l = table.lines().find(|l| l.contains(office)).unwrap();
        l.split_whitespace().nth(1).unwrap().to_string()
    };
    assert_eq!(mark("兰州海关"), "↑2");
    assert_eq!(mark("江门海关"), "↓1");
    assert_eq!(mark("南昌海关"), "↓1");
    assert_eq!(mark("汕头海关"), "—");
    // The 同比 sheet of the export says the same.
    let out = now.path().join("本年.kaoping.xlsx");
    run!("export", "--out", &out, "--compare", &samples(), now.path());
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.last().map(String::as_str), Some("同比"), "{names:?}");
    let r = wb.worksheet_range("同比").unwrap();
    let header: Vec<String> = (0..9)
        .map(|c| r.get_value((4, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "单位",
            "名次",
            "上年名次",
            "变化",
            "总分",
            "上年总分",
            "变化",
            "等次",
            "上年等次"
        ]
    );
    let row = (5..47)
        .find(|&row| r.get_value((row, 0)) == Some(&Data::String("兰州海关".into())))
        .unwrap();
    let cell = |c: u32| r.get_value((row, c)).unwrap().clone();
    assert_eq!(cell(1), Data::Float(39.0));
    assert_eq!(cell(2), Data::Float(41.0));
    assert_eq!(cell(3), Data::String("↑2".into()));
    assert_eq!(cell(4), Data::Float(72.7));
    assert_eq!(cell(5), Data::Float(60.0));
    assert_eq!(cell(6), Data::Float(12.7));
    assert_eq!(cell(8), Data::String("合格".into()));
    // Without --compare, no 同比 sheet.
    let plain = now.path().join("无同比.kaoping.xlsx");
    run!("export", "--out", &plain, now.path());
    let wb: Xlsx<_> = calamine::open_workbook(&plain).unwrap();
    assert!(!wb.sheet_names().contains(&"同比".to_string()));
}

/// A previous workbook of the samples whose 指标体系 differs: A3 had 5 points, and A9 was
/// called A10.
fn differing_workbook(path: &Path) {
    let data = DataSet::builtin();
    let files = kaoping::import::collect(&[samples()]).unwrap();
    let report = Report::build(&data, &files);
    let mut then = data.clone();
    let a3 = then.set.index_of("A3").unwrap();
    then.set.indicators[a3].points = 5.into();
    let a9 = then.set.index_of("A9").unwrap();
    then.set.indicators[a9].id = "A10".into();
    let info = ExportInfo {
        changes: &[],
        author: "张三",
        at: "2018-01-15 09:30:00",
    };
    let bytes = build(&then, &report, &info)
        .unwrap()
        .save_to_buffer()
        .unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn sets_that_differ_are_reported_and_totals_still_compared() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("2017.kaoping.xlsx");
    differing_workbook(&prev);
    let json = run!("score", "--format", "json", "--compare", &prev, &samples());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let c = &v["comparison"];
    let listed: Vec<(String, String, String)> = c["not_comparable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_string(),
                n["key"].as_str().unwrap().to_string(),
                n["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let keys: Vec<(&str, &str)> = listed
        .iter()
        .map(|(k, key, _)| (k.as_str(), key.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("indicator", "A3"),
            ("indicator", "A9"),
            ("indicator", "A10"),
            ("category", "A"),
            ("task", "3"),
            ("task", "10"),
        ],
        "{listed:?}"
    );
    assert_eq!(listed[0].2, "分值不同（上年 5.00，本年 4.00）");
    assert_eq!(listed[1].2, "上年无此指标");
    assert_eq!(listed[2].2, "本年无此指标");
    assert_eq!(listed[3].2, "所含指标不同或不可比（A3、A9、A10）");
    // Only matched indicators have a rate: none of A3, A9, A10; categories B–E.
    let ids: Vec<&str> = c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 18, "{ids:?}");
    assert!(
        !ids.iter().any(|i| ["A3", "A9", "A10"].contains(i)),
        "{ids:?}"
    );
    let cats: Vec<&str> = c["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(cats, ["B", "C", "D", "E"]);
    // Totals, 等次 and ranks are compared all the same; an office's previous scores are
    // those of the matched indicators only.
    for o in v["offices"].as_array().unwrap() {
        let p = &o["previous"];
        assert_eq!(p["rank"], o["rank"], "{}", o["office"]);
        assert_eq!(p["total"], o["total"], "{}", o["office"]);
        assert_eq!(p["grade"], o["grade"], "{}", o["office"]);
        if o["rank"].is_null() {
            continue;
        }
        assert_eq!(p["rank_change"], 0);
        assert_eq!(p["rank_change_label"], "—");
        assert_eq!(p["total_change"], "0.00");
        let scores = p["indicators"].as_object().unwrap();
        assert_eq!(scores.len(), 18);
        assert!(!scores.contains_key("A3") && !scores.contains_key("A9"));
    }
    // The table lists what was not compared.
    let table = run!("score", "--compare", &prev, &samples());
    assert!(
        table.contains("未比较（总分、等次和名次照常比较）：6 项"),
        "{table}"
    );
    assert!(table.contains("  指标 A3：分值不同（上年 5.00，本年 4.00）"));
    assert!(
        table.contains("  任务10：所含指标不同或不可比（A9、A10）"),
        "{table}"
    );
}

#[test]
fn a_previous_folder_with_its_own_indicator_set_is_scored_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("2017");
    std::fs::create_dir_all(prev.join("indicators")).unwrap();
    for e in std::fs::read_dir(samples()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), prev.join(e.file_name())).unwrap();
    }
    let set = kaoping::data::BUILTIN_INDICATORS.replace(
        "title = \"权责清单修订调整并对外公开\"",
        "title = \"权责清单公开\"",
    );
    assert_ne!(set, kaoping::data::BUILTIN_INDICATORS);
    std::fs::write(prev.join("indicators/2017.toml"), set).unwrap();
    let json = run!("score", "--format", "json", "--compare", &prev, &samples());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let nc: Vec<String> = v["comparison"]["not_comparable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{} {} {}", n["kind"], n["key"], n["reason"]))
        .collect();
    assert_eq!(nc.len(), 3, "{nc:?}");
    assert!(nc[0].contains("\"A2\"") && nc[0].contains("考核内容不同（上年“权责清单公开”"));
    assert!(nc[1].contains("\"category\" \"A\""), "{nc:?}");
    assert!(nc[2].contains("\"task\" \"2\""), "{nc:?}");
    // Same returns: nothing moved.
    for o in v["offices"].as_array().unwrap() {
        if !o["rank"].is_null() {
            assert_eq!(o["previous"]["rank_change"], 0, "{}", o["office"]);
        }
    }
    // Two set files in one place: which one is not guessed (exit 2, both named).
    std::fs::write(
        prev.join("indicators/2016.toml"),
        kaoping::data::BUILTIN_INDICATORS,
    )
    .unwrap();
    let out = kaoping()
        .args(["score", "--compare"])
        .arg(&prev)
        .arg(samples())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2016.toml") && err.contains("2017.toml") && err.contains("无法确定"),
        "{err}"
    );
}

#[test]
fn csv_columns_are_appended_only_with_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = export_samples(tmp.path());
    let expected = std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap();
    let plain = run!("score", "--format", "csv", &samples());
    assert_eq!(plain, expected);
    let compared = run!("score", "--format", "csv", "--compare", &prev, &samples());
    assert_eq!(compared.lines().count(), expected.lines().count());
    for (i, (a, e)) in compared.lines().zip(expected.lines()).enumerate() {
        let tail = if i == 0 {
            ",prev_rank,prev_total,prev_grade,rank_change".to_string()
        } else {
            let f: Vec<&str> = e.split(',').collect();
            match f[0] {
                // Not ranked: its previous grade is 未报送 too.
                "" => format!(",,,{},", f[3]),
                rank => format!(",{rank},{},{},0", f[2], f[3]),
            }
        };
        assert_eq!(a, format!("{e}{tail}"), "line {}", i + 1);
    }
}

#[test]
fn json_gains_previous_and_comparison_only_when_comparing() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = export_samples(tmp.path());
    let plain: serde_json::Value =
        serde_json::from_str(&run!("score", "--format", "json", &samples())).unwrap();
    assert!(plain.get("comparison").is_none());
    assert!(plain["offices"][0].get("previous").is_none());
    let v: serde_json::Value = serde_json::from_str(&run!(
        "score",
        "--format",
        "json",
        "--compare",
        &prev,
        &samples()
    ))
    .unwrap();
    let mut keys: Vec<&str> = v["comparison"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "categories",
            "indicators",
            "most_improved",
            "not_comparable",
            "offices",
            "source",
            "tasks",
            "title"
        ]
    );
    assert_eq!(
        v["comparison"]["title"],
        "2018年度直属海关政务公开考核评估结果汇总表"
    );
    let top = &v["offices"][0];
    assert_eq!(top["office"], "深圳海关");
    let p = &top["previous"];
    for (k, want) in [
        ("rank", serde_json::json!(1)),
        ("total", serde_json::json!("104.00")),
        ("grade", serde_json::json!("优秀")),
        ("grade_label", serde_json::json!("优秀")),
        ("rank_change", serde_json::json!(0)),
        ("rank_change_label", serde_json::json!("—")),
        ("total_change", serde_json::json!("0.00")),
    ] {
        assert_eq!(p[k], want, "{k}");
    }
    assert_eq!(p["indicators"]["A1"], "6.00");
    let sh = crate::json::office(&v, "上海海关");
    assert_eq!(sh["previous"]["grade_label"], "良好（一票否决）");
    let task = &v["comparison"]["tasks"][0];
    for k in ["key", "title", "previous_mean_rate", "mean_rate", "change"] {
        assert!(task.get(k).is_some(), "{k}: {task}");
    }
}

#[test]
fn what_is_no_previous_result_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let a_return = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("兰州海关"))
        .unwrap();
    let missing = tmp.path().join("没有.kaoping.xlsx");
    let text = tmp.path().join("上年.kaoping.xlsx");
    std::fs::write(&text, "名次,单位\n").unwrap();
    for (prev, says) in [
        (&a_return, "不是 kaoping 导出的考评结果工作簿"),
        (&missing, "无法读取上年结果"),
        (&text, "不是 Excel 工作簿"),
    ] {
        let out = kaoping()
            .args(["score", "--compare"])
            .arg(prev)
            .arg(samples())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", prev.display());
        let err = String::from_utf8_lossy(&out.stderr);
        let name = prev.file_name().unwrap().to_string_lossy();
        assert!(err.contains(&*name) && err.contains(says), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_previous_workbook_with_a_bad_cell_is_refused_with_its_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataSet::builtin();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let r = wb.add_worksheet().set_name("排名").unwrap();
    for (c, h) in ["名次", "单位", "总分", "等次"].iter().enumerate() {
        r.write_string(3, c as u16, *h).unwrap();
    }
    r.write_string(4, 0, "第一").unwrap();
    r.write_string(4, 1, "深圳海关").unwrap();
    wb.add_worksheet().set_name("指标得分").unwrap();
    wb.add_worksheet().set_name("指标体系").unwrap();
    let path = tmp.path().join("上年.xlsx");
    wb.save(&path).unwrap();
    let e = compare::read(&path, &data).unwrap_err();
    assert!(
        e.contains("上年.xlsx: 排名!A5: 名次“第一”不是有效的名次"),
        "{e}"
    );
}

/// `kaoping ARGS` in a child process limited to 1 GB of address space.
fn limited(args: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec '{}' {args}",
            bin.display()
        ))
        .output()
        .unwrap()
}

#[test]
fn a_hostile_previous_workbook_is_refused_in_little_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let bomb = tmp.path().join("上年.kaoping.xlsx");
    // 40 MB of text in a small file: past the budget of 32 MB uncompressed.
    std::fs::write(&bomb, crate::gen::xlsx_deflate_honest(40)).unwrap();
    let start = std::time::Instant::now();
    let out = limited(&format!(
        "score --compare '{}' '{}'",
        bomb.display(),
        samples().display()
    ));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("上年.kaoping.xlsx") && err.contains("文件超出自评表的合理大小"),
        "{err}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn text_from_a_previous_workbook_never_reaches_the_terminal_raw() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let r = wb.add_worksheet().set_name("排名").unwrap();
    r.write_string(0, 0, "\u{1b}]0;上年\u{7}").unwrap();
    for (c, h) in ["名次", "单位", "总分", "等次"].iter().enumerate() {
        r.write_string(3, c as u16, *h).unwrap();
    }
    let rows = [
        ("深圳海关", "\u{1b}[2J优秀"),
        ("\u{1b}[31m假海关\u{202e}", "良好"),
    ];
    for (k, (office, grade)) in rows.iter().enumerate() {
        let row = 4 + k as u32;
        r.write_number(row, 0, 1 + k as u32).unwrap();
        r.write_string(row, 1, *office).unwrap();
        r.write_number(row, 2, 90).unwrap();
        r.write_string(row, 3, *grade).unwrap();
    }
    wb.add_worksheet()
        .set_name("指标得分")
        .unwrap()
        .write_string(2, 0, "单位")
        .unwrap();
    let s = wb.add_worksheet().set_name("指标体系").unwrap();
    for (c, h) in ["编号", "考核内容", "分值"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "A1").unwrap();
    s.write_string(1, 1, "\u{1b}[5m公告").unwrap();
    s.write_number(1, 2, 6).unwrap();
    let prev = tmp.path().join("上年.xlsx");
    wb.save(&prev).unwrap();
    let dangerous = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    for format in ["table", "csv", "json"] {
        let out = kaoping()
            .args(["score", "--format", format, "--compare"])
            .arg(&prev)
            .arg(samples())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        for bytes in [&out.stdout, &out.stderr] {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let bad: Vec<char> = text.chars().filter(|c| dangerous(*c)).collect();
            assert!(bad.is_empty(), "{format}: {bad:?}");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        if format == "table" {
            assert!(text.contains("单位 ␛[31m假海关"), "{text}");
        }
    }
}

/// The text of a .docx's body, its paragraphs joined.
fn docx_text(path: &Path) -> String {
    crate::documents::plain_text(path).join("\n")
}

#[test]
fn the_circular_names_the_most_improved_offices_only_when_comparing() {
    let dir = improved_samples();
    let out = tempfile::tempdir().unwrap();
    let with = out.path().join("通报-同比.docx");
    let without = out.path().join("通报.docx");
    run!(
        "circular",
        "--out",
        &with,
        "--compare",
        &samples(),
        dir.path()
    );
    run!("circular", "--out", &without, dir.path());
    let said = "与上年相比，名次提升较多的单位有兰州海关（上升2位）。";
    assert!(docx_text(&with).contains(said), "{}", docx_text(&with));
    assert!(!docx_text(&without).contains("与上年相比"));
}
