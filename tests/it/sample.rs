//! Spot checks (`kaoping sample`) end to end: the committed expected draw (made by an
//! independent oracle, `tests/fixtures/make_sample_draw.py`), reproducibility from the seed,
//! more items from offices marked 自评虚高, the draw in the store, the checklist's layout and
//! properties, and a checklist in the folder passed over by the importer.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use kaoping::data::DataSet;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

/// A copy of the 42 samples (the store is made beside the returns).
fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs `kaoping sample DIR --per-office N [--seed S] --out OUT` with a fixed evaluator;
/// returns standard output.
fn sample(dir: &Path, n: u32, seed: Option<u64>, out: &Path, extra: &[&str]) -> String {
    let mut cmd = kaoping();
    cmd.arg("sample")
        .arg(dir)
        .args([
            "--per-office",
            &n.to_string(),
            "--evaluator",
            "张三",
            "--out",
        ])
        .arg(out)
        .args(extra);
    if let Some(s) = seed {
        cmd.args(["--seed", &s.to_string()]);
    }
    let o = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(o).unwrap()
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::DateTime(d)) => d
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Some(v) => v.to_string(),
    }
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// The checklist's rows after the header, every cell as text.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let r = sheet(path, "抽查清单");
    (3..r.height() as u32)
        .map(|row| (0..14).map(|c| cell(&r, row, c)).collect())
        .collect()
}

/// The committed expected draw: (office, indicator, item key).
fn expected() -> Vec<(String, String, String)> {
    std::fs::read_to_string(root().join("tests/fixtures/sample-seed-2018.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.splitn(3, ',');
            let mut next = || f.next().unwrap().to_string();
            (next(), next(), next())
        })
        .collect()
}

fn part(xlsx: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The offices marked 自评虚高 in `score --format json`, and every office's mark.
fn overclaim_marks(dir: &Path, extra: &[&str]) -> BTreeMap<String, bool> {
    let out = kaoping()
        .args(["score", "--format", "json"])
        .args(extra)
        .arg(dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["offices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "ranked")
        .map(|o| {
            (
                o["office"].as_str().unwrap().to_string(),
                o["overclaim"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn per_office(rows: &[Vec<String>]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r[0].clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn seed_2018_draws_the_committed_expected_draw() {
    let want = expected();
    assert_eq!(want.len(), 159);
    // Through the library: the item keys, exactly.
    let data = DataSet::builtin();
    let dir = samples_copy();
    let files = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let report = kaoping::report::Report::build(&data, &files);
    let s = kaoping::sample::draw(&data, &report, 2018, 3).unwrap();
    let got: Vec<(String, String, String)> = s
        .rows
        .iter()
        .map(|r| {
            (
                data.registry.offices[r.office].name.clone(),
                r.indicator.clone(),
                r.item.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    // Through the command: the checklist's rows say the same office, indicator, 事项 and
    // 起算日期 (the key's parts), in the same order.
    let out = dir.path().join("清单.xlsx");
    let printed = sample(dir.path(), 3, Some(2018), &out, &[]);
    assert!(printed.starts_with("随机种子：2018\n"), "{printed}");
    let listed: Vec<(String, String, String)> = rows(&out)
        .into_iter()
        .map(|r| {
            let key = if r[2].is_empty() {
                String::new()
            } else {
                format!("{}|{}", r[2], r[3])
            };
            (r[0].clone(), r[1].clone(), key)
        })
        .collect();
    let want_no_repeat: Vec<(String, String, String)> = want
        .into_iter()
        .map(|(o, i, k)| (o, i, k.split('#').next().unwrap().to_string()))
        .collect();
    assert_eq!(listed, want_no_repeat);
}

#[test]
fn the_same_seed_gives_the_same_checklist_and_another_seed_another() {
    let dir = samples_copy();
    let (a, b, c) = (
        dir.path().join("a.xlsx"),
        dir.path().join("b.xlsx"),
        dir.path().join("c.xlsx"),
    );
    sample(dir.path(), 2, Some(7), &a, &[]);
    sample(dir.path(), 2, Some(7), &b, &[]);
    sample(dir.path(), 2, Some(8), &c, &[]);
    assert_eq!(rows(&a), rows(&b));
    assert_ne!(rows(&a), rows(&c));
    // The same offices give the same numbers, whatever the seed.
    assert_eq!(per_office(&rows(&a)), per_office(&rows(&c)));
    // The explanation sheet too, but for the time of the draw.
    let notes = |p: &Path| {
        let r = sheet(p, "说明");
        (0..r.height() as u32)
            .map(|row| (0..7).map(|c| cell(&r, row, c)).collect::<Vec<_>>())
            .filter(|r| r[0] != "抽取时间")
            .collect::<Vec<_>>()
    };
    assert_eq!(notes(&a), notes(&b));
}

#[test]
fn without_a_seed_one_is_printed_stored_and_draws_the_same_again() {
    let dir = samples_copy();
    let a = dir.path().join("a.xlsx");
    let printed = sample(dir.path(), 1, None, &a, &[]);
    let seed: u64 = printed
        .lines()
        .next()
        .unwrap()
        .strip_prefix("随机种子：")
        .unwrap()
        .parse()
        .unwrap();
    assert!(part(&a, "docProps/custom.xml").contains(&format!(">{seed}<")));
    let b = dir.path().join("b.xlsx");
    sample(dir.path(), 1, Some(seed), &b, &[]);
    assert_eq!(rows(&a), rows(&b));
}

#[test]
fn overclaiming_offices_get_twice_as_many() {
    let dir = samples_copy();
    let marks = overclaim_marks(dir.path(), &[]);
    assert_eq!(marks.len(), 42);
    // 自评偏差 +5.37 is more than 5; +4.00 and exactly +5.00 are not.
    assert!(marks["北京海关"] && marks["重庆海关"] && marks["满洲里海关"]);
    assert!(!marks["沈阳海关"] && !marks["贵阳海关"] && !marks["西宁海关"]);
    assert_eq!(marks.values().filter(|&&m| m).count(), 11);
    let out = dir.path().join("a.xlsx");
    let printed = sample(dir.path(), 3, Some(2018), &out, &[]);
    let counts = per_office(&rows(&out));
    for (office, over) in &marks {
        // Every sample office can give at least six things.
        assert_eq!(counts[office], if *over { 6 } else { 3 }, "{office}");
        let line = printed
            .lines()
            .any(|l| l.starts_with(&format!("自评虚高：{office} ")));
        assert_eq!(line, *over, "{office}: {printed}");
    }
    assert!(printed.contains("自评虚高：北京海关 自评分合计 99.75，总分 94.38，自评偏差 +5.37"));

    // The flag is data: raised to 20 points, no office overclaims, each gets three.
    let text =
        kaoping::data::BUILTIN_INDICATORS.replacen("overclaim_flag = 5", "overclaim_flag = 20", 1);
    let set = dir.path().join("set.toml");
    std::fs::write(&set, text).unwrap();
    let args = ["--indicators", set.to_str().unwrap()];
    assert!(overclaim_marks(dir.path(), &args).values().all(|m| !m));
    let out = dir.path().join("b.xlsx");
    let printed = sample(dir.path(), 3, Some(2018), &out, &args);
    assert!(per_office(&rows(&out)).values().all(|&n| n == 3));
    assert!(!printed.contains("自评虚高："), "{printed}");
    // An office whose share did not change draws the same things.
    let tianjin = |p: &Path| {
        rows(p)
            .into_iter()
            .filter(|r| r[0] == "天津海关")
            .collect::<Vec<_>>()
    };
    assert_eq!(tianjin(&dir.path().join("a.xlsx")), tianjin(&out));
}

#[test]
fn the_table_and_json_mark_overclaiming_offices_and_csv_does_not() {
    let dir = root().join("samples/2018");
    let text = String::from_utf8(
        kaoping()
            .arg("score")
            .arg(&dir)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    let line = |office: &str| {
        text.lines()
            .find(|l| l.contains(office))
            .unwrap()
            .to_string()
    };
    assert!(line("北京海关").contains("优秀 自评虚高"), "{text}");
    assert!(line("重庆海关").contains("合格 自评虚高"), "{text}");
    assert!(!line("贵阳海关").contains("自评虚高"), "{text}");
    assert!(text.contains("自评虚高 = 自评偏差大于 5.00 分"), "{text}");
    let csv = kaoping()
        .args(["score", "--format", "csv"])
        .arg(&dir)
        .assert()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap()
    );
}

#[test]
fn the_draw_is_recorded_in_the_store() {
    let dir = samples_copy();
    let out = dir.path().join("清单.xlsx");
    sample(dir.path(), 3, Some(2018), &out, &[]);
    sample(dir.path(), 1, Some(u64::MAX), &out, &[]);
    let store = kaoping::store::Store::open_existing(dir.path())
        .unwrap()
        .unwrap();
    let draws = store.draws().unwrap();
    assert_eq!(draws.len(), 2);
    let d = &draws[0];
    assert_eq!((d.seed, d.per_office, d.drawn), (2018, 3, 159));
    assert_eq!(d.evaluator, "张三");
    assert_eq!(Path::new(&d.out), out.canonicalize().unwrap());
    assert_eq!(draws[1].seed, u64::MAX);
    assert!(draws[0].id < draws[1].id);
}

#[test]
fn the_checklist_is_laid_out_as_designed() {
    let dir = samples_copy();
    let out = dir.path().join("清单.xlsx");
    sample(dir.path(), 3, Some(2018), &out, &[]);
    let r = sheet(&out, "抽查清单");
    assert_eq!(cell(&r, 0, 0), "2018年度直属海关政务公开考核评估抽查清单");
    let sub = cell(&r, 1, 0);
    assert!(
        sub.starts_with("随机种子：2018  每单位抽取：3  抽取时间：20")
            && sub.ends_with("  抽取人：张三"),
        "{sub}"
    );
    let header: Vec<String> = (0..14).map(|c| cell(&r, 2, c)).collect();
    assert_eq!(
        header,
        [
            "单位",
            "指标",
            "事项",
            "起算日期",
            "公开日期",
            "延期",
            "自评分",
            "自评说明",
            "佐证材料",
            "核查结果",
            "核定分",
            "理由",
            "依据",
            "事项编号"
        ]
    );
    assert_eq!(cell(&r, 2, 14), "");
    // A 时效明细 item: dates as dates; a full-marks claim: no 事项, the claim.
    assert!(matches!(r.get_value((3, 3)), Some(Data::DateTime(_))));
    let rows = rows(&out);
    let claim = rows.iter().find(|r| r[2].is_empty()).unwrap();
    assert!(claim[3].is_empty() && !claim[6].is_empty(), "{claim:?}");
    // 事项编号: the item's key on an item's row, nothing on a claim's.
    assert!(claim[13].is_empty(), "{claim:?}");
    let item = rows.iter().find(|r| !r[2].is_empty()).unwrap();
    assert!(item[13].starts_with(&format!("{}|", item[2])), "{item:?}");
    // 延期 as written (江门海关 marks its D1 items).
    assert!(rows
        .iter()
        .all(|r| ["", "是", "15", "10"].contains(&r[5].as_str())));
    // Nothing for the evaluator is filled in.
    assert!(rows.iter().all(|r| r[9..13].iter().all(String::is_empty)));
    // Registry order, then set order.
    let data = DataSet::builtin();
    let pos = |r: &Vec<String>| {
        (
            data.registry.find_exact(&r[0]).unwrap(),
            data.set.index_of(&r[1]).unwrap(),
        )
    };
    assert!(rows.windows(2).all(|w| pos(&w[0]) <= pos(&w[1])));
    let custom = part(&out, "docProps/custom.xml");
    assert!(
        custom.contains("name=\"kaoping-checklist\"><vt:lpwstr>2018</vt:lpwstr>"),
        "{custom}"
    );
    assert!(custom.contains("name=\"kaoping-export\""), "{custom}");
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<formula1>\"属实,不属实,无佐证\"</formula1>"),
        "{xml}"
    );
    assert!(xml.contains("type=\"decimal\""), "{xml}");
    assert!(!xml.contains("<f>"), "no formula");
    let notes = sheet(&out, "说明");
    let notes: Vec<String> = (0..notes.height() as u32)
        .map(|row| format!("{}|{}", cell(&notes, row, 0), cell(&notes, row, 1)))
        .collect();
    assert!(notes.contains(&"随机种子|2018".to_string()), "{notes:?}");
    assert!(notes.contains(&"指标体系|2018年度海关政务公开考核评估指标".to_string()));
    assert!(
        notes.iter().any(|l| l.starts_with("北京海关|99.75")),
        "{notes:?}"
    );
}

#[test]
fn a_checklist_in_the_folder_is_passed_over() {
    let dir = samples_copy();
    let out = dir.path().join("抽查清单.xlsx");
    sample(dir.path(), 3, Some(2018), &out, &[]);
    let check = kaoping()
        .arg("check")
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let check = String::from_utf8(check).unwrap();
    assert!(!check.contains("抽查清单"), "{check}");
    assert!(check.contains("42 个文件：已受理 42"), "{check}");
    // And a second draw with it there draws the same.
    let again = dir.path().join("again.xlsx");
    sample(dir.path(), 3, Some(2018), &again, &[]);
    assert_eq!(rows(&out), rows(&again));
}

#[test]
fn bad_usage_is_refused_and_nothing_is_written() {
    let dir = samples_copy();
    let out = dir.path().join("x.xlsx");
    for args in [
        vec!["--per-office", "0"],
        vec!["--per-office", "10001"],
        vec!["--per-office", "3", "--seed", "-1"],
        vec!["--per-office", "3", "--seed", "18446744073709551616"],
        vec!["--per-office", "3", "--evaluator", " "],
    ] {
        kaoping()
            .arg("sample")
            .arg(dir.path())
            .args(&args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
    }
    // Not .xlsx, or one of the returns.
    let a_return = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap();
    let before = std::fs::read(&a_return).unwrap();
    for target in [dir.path().join("x.csv"), a_return.clone()] {
        kaoping()
            .arg("sample")
            .arg(dir.path())
            .args(["--per-office", "3", "--out"])
            .arg(&target)
            .assert()
            .code(2);
    }
    assert_eq!(std::fs::read(&a_return).unwrap(), before);
    assert!(!out.exists() && !dir.path().join("x.csv").exists());
    // A store that cannot be opened: exit 1, no checklist.
    let ws = tempfile::tempdir().unwrap();
    std::fs::copy(&a_return, ws.path().join(a_return.file_name().unwrap())).unwrap();
    std::fs::create_dir(ws.path().join("kaoping.db")).unwrap();
    let out = ws.path().join("清单.xlsx");
    kaoping()
        .arg("sample")
        .arg(ws.path())
        .args(["--per-office", "3", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    assert!(!out.exists());
    let stored = kaoping::store::Store::open_existing(dir.path()).unwrap();
    assert!(stored.is_none_or(|s| s.draws().unwrap().is_empty()));
}

#[test]
fn help_says_the_method_and_the_exit_statuses() {
    let help = |lang: &str| {
        let out = kaoping()
            .args(["sample", "--help", "--lang", lang])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    for (lang, exit) in [("en", "Exit status: 0"), ("zh", "退出状态：0")] {
        let text = help(lang);
        for w in ["--per-office", "--seed", "--out", "自评虚高", exit] {
            assert!(text.contains(w), "{w}: {text}");
        }
    }
}
