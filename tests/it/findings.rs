//! Headquarters' findings (核查记录) and filled spot-check checklists (抽查清单), applied
//! with `kaoping findings apply`: exactly the cells they name change (checked against the
//! samples' oracle plus the findings, computed here), one bad row applies nothing and every
//! bad cell is named, the same file twice changes nothing, a changed file applies its
//! differences, a failed 时效明细 item is rescored by the rule, `--dry-run` writes nothing,
//! an `.xls` reads too, and a hostile workbook is read under the importer's budget.

use crate::gen;
use kaoping::data::DataSet;
use kaoping::report::Report;
use kaoping::store::{Store, FILE};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of the 42 sample returns.
fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

fn kaoping(args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("kaoping"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `findings apply DIR FILE ARGS…`.
fn apply(dir: &Path, file: &Path, args: &[&str]) -> Output {
    let mut all = vec!["findings", "apply", s(dir), s(file), "--evaluator", "张三"];
    all.extend(args);
    kaoping(&all)
}

fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

fn score_csv(dir: &Path) -> String {
    ok(&kaoping(&["score", "--format", "csv", s(dir)]))
}

fn history_csv(dir: &Path) -> String {
    ok(&kaoping(&["history", "--format", "csv", s(dir)]))
}

/// A cell of a findings row: text, or a number.
#[derive(Clone, Copy)]
enum V<'a> {
    T(&'a str),
    N(f64),
    D(u16, u8, u8),
    E,
}

/// Writes a findings workbook (sheet 核查记录, the header in row 1).
fn findings_xlsx(path: &Path, rows: &[[V; 7]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("核查记录").unwrap();
    for (c, h) in [
        "单位",
        "指标",
        "核查数量",
        "核定分",
        "一票否决",
        "理由",
        "依据",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    put_rows(ws, 1, rows);
    wb.save(path).unwrap();
}

fn put_rows<const N: usize>(ws: &mut rust_xlsxwriter::Worksheet, first: u32, rows: &[[V; N]]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (k, row) in rows.iter().enumerate() {
        let r = first + k as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match *v {
                V::T(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
                V::N(n) => {
                    ws.write_number(r, c, n).unwrap();
                }
                V::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                V::E => {}
            }
        }
    }
}

/// Writes a checklist as `kaoping sample` does (sheet 抽查清单: a title, the seed line, the
/// header in row 3).
fn checklist_xlsx(path: &Path, rows: &[[V; 13]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("抽查清单").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        12,
        "2018年度直属海关政务公开考核评估抽查清单",
        &Format::new(),
    )
    .unwrap();
    ws.write_string(
        1,
        0,
        "随机种子：42  每单位抽取：3  抽取时间：2019-01-20 10:00:00  抽取人：张三",
    )
    .unwrap();
    // The checklist's header without its last column (事项编号), as a checklist made before
    // that column was added reads.
    for (c, h) in kaoping::sample::checklist::HEADER[..13].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    put_rows(ws, 3, rows);
    wb.save(path).unwrap();
}

use V::{E, N, T};

/// The rows of `samples/decisions-2018.csv` as findings (是 / 否 for V1, else 核定分).
fn sample_decisions() -> Vec<[V<'static>; 7]> {
    let csv: &'static str = Box::leak(
        std::fs::read_to_string(root().join("samples/decisions-2018.csv"))
            .unwrap()
            .into_boxed_str(),
    );
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&'static str> = l.splitn(5, ',').collect();
            let (office, ind, veto, score, reason) = (f[0], f[1], f[2], f[3], f[4]);
            if veto.is_empty() {
                [
                    T(office),
                    T(ind),
                    E,
                    N(score.parse().unwrap()),
                    E,
                    T(reason),
                    E,
                ]
            } else {
                [T(office), T(ind), E, E, T(veto), T(reason), E]
            }
        })
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn fmt2(x: Decimal) -> String {
    let mut r = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

/// The oracle's CSV with some indicator cells replaced (office, indicator, score): each
/// changed office's category scores, total and 等次 computed again, and every office ranked
/// again (total, highest first; competition ranks; ties in registry order). The 2018 rules
/// as the spec gives them: categories are sums, the total is A + B + C + D + E, 优秀 ≥ 90,
/// 良好 ≥ 80, 合格 ≥ 60, a veto turns 优秀 into 良好.
fn oracle_with(csv: &str, changes: &[(&str, &str, &str)]) -> String {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let registry = DataSet::builtin().registry;
    let mut rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    for (office, ind, v) in changes {
        let row = rows.iter_mut().find(|r| r[1] == *office).unwrap();
        row[col(ind)] = v.to_string();
        for cat in ["A", "B", "C", "D", "E"] {
            let sum: Decimal = header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.len() > 1 && h.starts_with(cat))
                .map(|(i, _)| d(&row[i]))
                .sum();
            row[col(cat)] = fmt2(sum);
        }
        let total: Decimal = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|c| d(&row[col(c)]))
            .sum();
        row[2] = fmt2(total);
        let grade = if total >= d("90") {
            "优秀"
        } else if total >= d("80") {
            "良好"
        } else if total >= d("60") {
            "合格"
        } else {
            "不合格"
        };
        row[3] = if grade == "优秀" && row[4] == "是" {
            "良好".into()
        } else {
            grade.into()
        };
    }
    let reg = |name: &str| {
        registry
            .offices
            .iter()
            .position(|o| o.name == name)
            .unwrap()
    };
    rows.sort_by(|a, b| d(&b[2]).cmp(&d(&a[2])).then(reg(&a[1]).cmp(&reg(&b[1]))));
    let totals: Vec<Decimal> = rows.iter().map(|r| d(&r[2])).collect();
    for (k, r) in rows.iter_mut().enumerate() {
        let first = totals.iter().position(|t| *t == totals[k]).unwrap();
        r[0] = (first + 1).to_string();
    }
    let mut out = header.join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn findings_change_exactly_the_cells_they_name() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("核查记录.xlsx");
    let mut rows = sample_decisions();
    // 2 舆情 cases headquarters found on 广州海关's A9 (5 points, 5 per case: 0 left); 拉萨
    // 海关 praised twice on E1 (1 a time, at most 3); 兰州海关 none on E2. Spaces, a short
    // name and a lower-case id read too.
    rows.extend([
        [
            T(" 广州海关 "),
            T("A9"),
            N(2.0),
            E,
            E,
            T("季度舆情通报"),
            T("署办〔2018〕12号"),
        ],
        [T("拉萨"), T("e1"), T("2件"), E, E, T("季度通报表扬"), E],
        [T("兰州海关"), T("E2"), N(0.0), E, E, T("未获通报"), E],
    ]);
    findings_xlsx(&file, &rows);
    let o = apply(d, &file, &[]);
    let stdout = ok(&o);
    assert!(
        stdout.contains("广州海关 A9: 测算分 → 核查数量 2（季度舆情通报（署办〔2018〕12号））"),
        "{stdout}"
    );
    assert!(stdout.contains("已新设 6 项"), "{stdout}");
    let decided =
        std::fs::read_to_string(root().join("samples/expected-2018-decided.csv")).unwrap();
    let want = oracle_with(
        &decided,
        &[
            ("广州海关", "A9", "0.00"),
            ("拉萨海关", "E1", "2.00"),
            ("兰州海关", "E2", "0.00"),
        ],
    );
    assert_eq!(score_csv(d), want);
    // JSON: the count decided, its source, and how it made the score.
    let v: serde_json::Value =
        serde_json::from_str(&ok(&kaoping(&["score", "--format", "json", s(d)]))).unwrap();
    let gz = crate::json::office(&v, "广州海关");
    let a9 = crate::json::indicator(gz, "A9");
    assert_eq!(
        (a9["computed"].as_str(), a9["decided"].as_str()),
        (Some("5.00"), Some("0.00"))
    );
    assert_eq!(a9["decision"]["count"], 2);
    assert!(a9["decision"]["source"]
        .as_str()
        .unwrap()
        .starts_with("核查记录.xlsx（SHA-256 "));
    assert_eq!(a9["findings"][0], "核查数量 2");
    // The history names the file, with its full SHA-256.
    let h = history_csv(d);
    let sha = kaoping::import::sha256_hex(&std::fs::read(&file).unwrap());
    assert!(
        h.contains(&format!(
            ",广州海关,A9,set,,2,季度舆情通报（署办〔2018〕12号）,count,,核查记录.xlsx（SHA-256 {sha}）\n"
        )),
        "{h}"
    );
    let table = ok(&kaoping(&["history", s(d)]));
    assert!(
        table.contains("测算分 → 核查数量 2") && table.contains("（来源：核查记录.xlsx（SHA-256 "),
        "{table}"
    );
}

#[test]
fn one_bad_row_of_each_kind_applies_nothing_and_names_every_bad_cell() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("核查记录.xlsx");
    findings_xlsx(
        &file,
        &[
            [T("广州海关"), T("B3"), E, N(3.0), E, T("好的一行"), E],
            [T("火星海关"), T("A3"), E, N(1.0), E, T("不在名单"), E],
            [T("广州海关"), T("A3"), E, N(4.5), E, T("超过分值"), E],
            [T("广州海关"), T("A2"), E, E, T("是"), T("不是否决指标"), E],
            [T("北京海关"), T("A3"), E, N(2.0), E, E, T("只有依据")],
            [T("北京海关"), T("B3"), N(1.0), E, E, T("第一行"), E],
            [T("北京海关"), T("b3"), N(2.0), E, E, T("第二行"), E],
            [T("北京海关"), T("A2"), N(1.0), E, E, T("等级指标"), E],
        ],
    );
    let o = apply(d, &file, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    let f = s(&file);
    for (cell, what) in [
        ("核查记录!A3", "不是名单中的单位"),
        ("核查记录!D4", "超出范围"),
        ("核查记录!E5", "不是一票否决指标"),
        ("核查记录!F6", "必须填写理由"),
        ("核查记录!B7", "与 核查记录!B8 重复"),
        ("核查记录!B8", "与 核查记录!B7 重复"),
        ("核查记录!C9", "等级评定"),
    ] {
        let line = format!("{f}: {cell}: ");
        assert!(
            err.lines()
                .any(|l| l.starts_with(&line) && l.contains(what)),
            "{cell} {what} missing in:\n{err}"
        );
    }
    assert_eq!(err.lines().filter(|l| l.starts_with(f)).count(), 7, "{err}");
    assert!(err.contains("有 7 处错误，未写入任何核定"), "{err}");
    assert!(text(&o.stdout).is_empty());
    // Nothing applied, not even the good row: no store was made.
    assert!(!d.join(FILE).exists());
}

#[test]
fn the_same_file_twice_changes_nothing_and_a_changed_file_its_differences() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("2018核查记录.xlsx");
    findings_xlsx(
        &file,
        &[
            [T("广州海关"), T("A9"), N(1.0), E, E, T("舆情一起"), E],
            [T("福州海关"), T("B3"), E, N(3.0), E, T("经核实"), E],
            [T("深圳海关"), T("V1"), E, E, T("是"), T("泄露隐私"), E],
        ],
    );
    ok(&apply(d, &file, &[]));
    let history = history_csv(d);
    assert_eq!(history.lines().count(), 4, "{history}");
    let csv = score_csv(d);
    // Again: nothing to do, and the history does not grow.
    let again = ok(&apply(d, &file, &[]));
    assert_eq!(
        again,
        "2018核查记录.xlsx：已新设 0 项，已变更 0 项，未变 3 项，已清除 0 项；尚未核查 0 项\n"
    );
    assert_eq!(history_csv(d), history);
    assert_eq!(score_csv(d), csv);
    // The same name, changed: one value changed, one row gone, one row new.
    std::fs::remove_file(&file).unwrap();
    findings_xlsx(
        &file,
        &[
            [T("广州海关"), T("A9"), N(1.0), E, E, T("舆情一起"), E],
            [T("福州海关"), T("B3"), E, N(2.5), E, T("经再次核实"), E],
            [T("拉萨海关"), T("E1"), N(1.0), E, E, T("通报表扬"), E],
        ],
    );
    let changed = ok(&apply(d, &file, &[]));
    assert!(
        changed.contains("福州海关 B3: 3.00 → 2.50（经再次核实）")
            && changed.contains("拉萨海关 E1: 测算分 → 核查数量 1（通报表扬）")
            && changed.contains("深圳海关 V1: 是 → 单位报送（2018核查记录.xlsx中已无此项）"),
        "{changed}"
    );
    assert!(
        changed.ends_with(
            "2018核查记录.xlsx：已新设 1 项，已变更 1 项，未变 1 项，已清除 1 项；尚未核查 0 项\n"
        ),
        "{changed}"
    );
    let h = history_csv(d);
    assert_eq!(h.lines().count(), 7, "{h}");
    assert!(
        h.contains(",深圳海关,V1,clear,是,,2018核查记录.xlsx中已无此项,veto,,"),
        "{h}"
    );
    let expected = std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap();
    assert_eq!(
        score_csv(d),
        oracle_with(
            &expected,
            &[
                ("广州海关", "A9", "0.00"),
                ("福州海关", "B3", "2.50"),
                ("拉萨海关", "E1", "1.00"),
            ]
        )
    );
    // A decision typed by an evaluator is not the file's: it stays when the file drops it.
    let o = kaoping(&[
        "adjust",
        s(d),
        "--office",
        "北京海关",
        "--indicator",
        "A3",
        "--score",
        "2",
        "--reason",
        "手工核定",
    ]);
    ok(&o);
    ok(&apply(d, &file, &[]));
    assert!(history_csv(d).contains(",北京海关,A3,set,,2.00,手工核定,score,,\n"));
    let store = Store::open(d).unwrap();
    assert!(store
        .decisions()
        .unwrap()
        .iter()
        .any(|x| x.office == "北京海关" && x.source.is_none()));
}

#[test]
fn dry_run_writes_nothing() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("核查记录.xlsx");
    findings_xlsx(
        &file,
        &[[T("广州海关"), T("A9"), N(1.0), E, E, T("舆情一起"), E]],
    );
    let o = ok(&apply(d, &file, &["--dry-run"]));
    assert!(
        o.contains("广州海关 A9: 测算分 → 核查数量 1（舆情一起）"),
        "{o}"
    );
    assert!(
        o.contains("将新设 1 项") && o.contains("（试运行，未写入）"),
        "{o}"
    );
    assert!(!d.join(FILE).exists(), "no store is made");
    // With a store: still nothing written.
    ok(&kaoping(&[
        "adjust",
        s(d),
        "--office",
        "北京海关",
        "--indicator",
        "A3",
        "--score",
        "2",
        "--reason",
        "手工核定",
    ]));
    let before = std::fs::read(d.join(FILE)).unwrap();
    let h = history_csv(d);
    ok(&apply(d, &file, &["--dry-run"]));
    assert_eq!(history_csv(d), h);
    assert_eq!(std::fs::read(d.join(FILE)).unwrap(), before);
}

/// The items of an office's indicator in the samples: (name, 起算日期).
fn items(office: &str, indicator: &str) -> Vec<(String, chrono::NaiveDate)> {
    let data = DataSet::builtin();
    let file = std::fs::read_dir(root().join("samples/2018"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().contains(office))
        .unwrap();
    let report = Report::build(&data, &[file]);
    let o = data.registry.find_exact(office).unwrap();
    report
        .items(o, indicator)
        .into_iter()
        .map(|(_, it)| {
            let start = match it.start.value {
                kaoping::domain::scoring::Field::Value(d) => d,
                _ => panic!("a sample item has its date"),
            };
            (it.name.clone(), start)
        })
        .collect()
}

fn date(d: chrono::NaiveDate) -> V<'static> {
    use chrono::Datelike;
    V::D(d.year() as u16, d.month() as u8, d.day() as u8)
}

#[test]
fn a_failed_spot_check_of_an_item_rescores_its_indicator_by_the_rule() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("抽查清单-42.xlsx");
    // 沈阳海关's D1 has 7 items, all on time (6.00). One found 不属实: 6 × 6/7 = 5.14.
    let d1 = items("沈阳海关", "D1");
    assert_eq!(d1.len(), 7);
    let (bad, bad_start) = d1[2].clone();
    let (good, good_start) = d1[4].clone();
    let b2 = items("沈阳海关", "B2");
    let (later, later_start) = b2[0].clone();
    checklist_xlsx(
        &file,
        &[
            [
                T("沈阳海关"),
                T("D1"),
                T(&bad),
                date(bad_start),
                E,
                E,
                E,
                E,
                E,
                T("不属实"),
                E,
                T("答复书落款日期晚于公开日期"),
                T("现场核查"),
            ],
            [
                T("沈阳海关"),
                T("D1"),
                T(&good),
                date(good_start),
                E,
                E,
                E,
                E,
                E,
                T("属实"),
                E,
                E,
                E,
            ],
            // A claimed full mark without evidence: decided.
            [
                T("沈阳海关"),
                T("A2"),
                E,
                E,
                E,
                E,
                N(4.0),
                E,
                E,
                T("无佐证"),
                N(2.4),
                T("未提供佐证材料"),
                E,
            ],
            // Not checked yet.
            [
                T("沈阳海关"),
                T("B2"),
                T(&later),
                date(later_start),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
        ],
    );
    let o = ok(&apply(d, &file, &[]));
    assert!(
        o.contains(&format!(
            "沈阳海关 D1 {bad}（{bad_start}）: 未核查 → 不属实（答复书落款日期晚于公开日期（现场核查））"
        )),
        "{o}"
    );
    assert!(
        o.ends_with("已新设 4 项，已变更 0 项，未变 0 项，已清除 0 项；尚未核查 1 项\n"),
        "{o}"
    );
    let expected = std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap();
    let d1_score = fmt2(Decimal::from(6) * Decimal::from(6) / Decimal::from(7));
    assert_eq!(d1_score, "5.14");
    assert_eq!(
        score_csv(d),
        oracle_with(
            &expected,
            &[("沈阳海关", "D1", &d1_score), ("沈阳海关", "A2", "2.40")]
        )
    );
    // The note says why; the computed score stays the office's.
    let v: serde_json::Value =
        serde_json::from_str(&ok(&kaoping(&["score", "--format", "json", s(d)]))).unwrap();
    let sy = crate::json::office(&v, "沈阳海关");
    let ind = crate::json::indicator(sy, "D1");
    assert_eq!(
        (ind["computed"].as_str(), ind["decided"].as_str()),
        (Some("6.00"), Some("5.14"))
    );
    assert_eq!(ind["findings"][0], format!("抽查不属实：{bad}"));
    // The store: every check with its item key and source; the history says so too.
    let store = Store::open(d).unwrap();
    let checks = store.checks().unwrap();
    assert_eq!(checks.len(), 3, "{checks:?}");
    let key = format!("{bad}|{bad_start}");
    let c = checks.iter().find(|c| c.item == key).unwrap();
    assert_eq!(c.result.word(), "不属实");
    assert!(c
        .source
        .as_deref()
        .unwrap()
        .starts_with("抽查清单-42.xlsx（SHA-256 "));
    let g = checks.iter().find(|c| c.item.starts_with(&good)).unwrap();
    assert_eq!(g.reason, "抽查属实");
    assert!(checks
        .iter()
        .any(|c| c.indicator == "A2" && c.item.is_empty()));
    let h = history_csv(d);
    assert!(
        h.contains(&format!(
            ",沈阳海关,D1,set,,不属实,答复书落款日期晚于公开日期（现场核查）,check,{key},"
        )),
        "{h}"
    );
    // Applied again: nothing changes.
    assert!(ok(&apply(d, &file, &[])).contains("未变 4 项"));
    assert_eq!(history_csv(d), h);
}

#[test]
fn a_failed_check_of_a_claim_needs_a_decided_score() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("抽查清单.xlsx");
    checklist_xlsx(
        &file,
        &[
            [
                T("沈阳海关"),
                T("A2"),
                E,
                E,
                E,
                E,
                N(4.0),
                E,
                E,
                T("不属实"),
                E,
                T("材料与实际不符"),
                E,
            ],
            [
                T("沈阳海关"),
                T("D1"),
                T("没有这个事项"),
                V::D(2018, 3, 5),
                E,
                E,
                E,
                E,
                E,
                T("属实"),
                E,
                E,
                E,
            ],
            [
                T("沈阳海关"),
                T("B1"),
                E,
                E,
                E,
                E,
                N(8.0),
                E,
                E,
                T("不确定"),
                E,
                T("x"),
                E,
            ],
            [
                T("沈阳海关"),
                T("B3"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("无佐证"),
                N(1.0),
                E,
                E,
            ],
        ],
    );
    let o = apply(d, &file, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let f = s(&file);
    for (cell, what) in [
        ("抽查清单!K4", "须填写核定分"),
        ("抽查清单!C5", "找不到事项“没有这个事项（2018-03-05）”"),
        ("抽查清单!J6", "应为属实、不属实或无佐证"),
        ("抽查清单!L7", "必须填写理由"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("{f}: {cell}: ")) && l.contains(what)),
            "{cell} {what} missing in:\n{err}"
        );
    }
    assert!(!d.join(FILE).exists());
}

/// A BIFF8 LABEL cell with its text in UTF-16.
fn label16(r: u16, c: u16, s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = Vec::new();
    d.extend(r.to_le_bytes());
    d.extend(c.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend((units.len() as u16).to_le_bytes());
    d.push(1);
    for u in units {
        d.extend(u.to_le_bytes());
    }
    gen::rec(0x0204, &d)
}

/// A BIFF8 NUMBER cell.
fn number(r: u16, c: u16, x: f64) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(r.to_le_bytes());
    d.extend(c.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(x.to_le_bytes());
    gen::rec(0x0203, &d)
}

#[test]
fn an_xls_findings_workbook_reads_too() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("核查记录.xls");
    // A title above the header, synonyms and a unit in the labels.
    let mut body = label16(0, 0, "2018年度核查记录");
    for (c, h) in [
        "单位名称",
        "指标编号",
        "核查数量",
        "核定分（分）",
        "一票否决",
        "核定理由",
        "核查依据",
    ]
    .iter()
    .enumerate()
    {
        body.extend(label16(1, c as u16, h));
    }
    body.extend(label16(2, 0, "广州海关"));
    body.extend(label16(2, 1, "A9"));
    body.extend(number(2, 2, 1.0));
    body.extend(label16(2, 5, "季度舆情通报"));
    body.extend(label16(3, 0, "福州海关"));
    body.extend(label16(3, 1, "B3"));
    body.extend(number(3, 3, 3.0));
    body.extend(label16(3, 5, "经核实"));
    std::fs::write(&file, gen::xls(&[("Sheet1", body)])).unwrap();
    let o = ok(&apply(d, &file, &[]));
    assert!(o.contains("已新设 2 项"), "{o}");
    let expected = std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap();
    assert_eq!(
        score_csv(d),
        oracle_with(
            &expected,
            &[("广州海关", "A9", "0.00"), ("福州海关", "B3", "3.00")]
        )
    );
}

#[test]
fn the_template_is_the_form_and_is_passed_over_as_a_return() {
    let dir = samples_copy();
    let d = dir.path();
    let file = d.join("核查记录.xlsx");
    ok(&kaoping(&["findings", "template", "--out", s(&file)]));
    // Never over a filled one.
    let again = kaoping(&["findings", "template", "--out", s(&file)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("不覆盖"));
    // The sheets, the header, the drop-downs (a hidden list of the registry's names) and
    // the notes.
    let bytes = std::fs::read(&file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let part = |zip: &mut zip::ZipArchive<_>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let wbx = part(&mut zip, "xl/workbook.xml");
    assert!(wbx.contains(r#"name="核查记录""#) && wbx.contains(r#"name="说明""#));
    assert!(
        wbx.split("<sheet ")
            .any(|e| e.contains(r#"name="名单""#) && e.contains(r#"state="hidden""#)),
        "{wbx}"
    );
    let data = DataSet::builtin();
    let sheet = part(&mut zip, "xl/worksheets/sheet1.xml");
    for list in [
        format!("名单'!$A$1:$A${}", data.registry.len()),
        format!("名单'!$B$1:$B${}", data.set.indicators.len()),
    ] {
        let escaped = list.replace('\'', "&apos;");
        assert!(
            sheet.contains(&list) || sheet.contains(&escaped),
            "{list} in {sheet}"
        );
    }
    let notes = part(&mut zip, "xl/comments1.xml");
    assert!(
        notes.contains("A1、A9、B3、C3、E1、E2") && notes.contains("V1"),
        "{notes}"
    );
    use calamine::Reader;
    let mut x: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let r = x.worksheet_range("核查记录").unwrap();
    let header: Vec<String> = (0..7)
        .map(|c| r.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "单位",
            "指标",
            "核查数量",
            "核定分",
            "一票否决",
            "理由",
            "依据"
        ]
    );
    // Kept in the folder, it is not a return; applied blank, it changes nothing.
    let expected = std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap();
    assert_eq!(score_csv(d), expected);
    let o = ok(&apply(d, &file, &[]));
    assert!(o.contains("已新设 0 项") && o.contains("未变 0 项"), "{o}");
}

/// `kaoping findings apply` in a child process with 1 GB of address space, killed after
/// 60 s.
fn apply_limited(dir: &Path, file: &Path) -> (Option<i32>, String, Duration) {
    let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let script = format!(
        "ulimit -v 1000000; exec {} findings apply {} {} 2>&1",
        q(&bin),
        q(dir),
        q(file)
    );
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut s).ok();
        s
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!(
                "findings apply {} did not finish within 60 s",
                file.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    (status.code(), text(&reader.join().unwrap()), took)
}

#[test]
fn a_hostile_findings_workbook_is_read_under_the_returns_budget() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    for (name, bytes, why) in [
        ("bomb.xlsx", gen::xlsx_deflate_bomb(200), "损坏"),
        (
            "stray100.xlsx",
            gen::xlsx_stray_sheets(100),
            "文件超出自评表的合理大小",
        ),
        (
            "stray20.xls",
            gen::xls_stray_sheets(20),
            "文件超出自评表的合理大小",
        ),
        (
            "uniquecount.xlsx",
            gen::xlsx_unique_count("10000000000000"),
            "文件超出自评表的合理大小",
        ),
    ] {
        let file = out.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let (code, said, took) = apply_limited(d, &file);
        assert_eq!(code, Some(1), "{name}: {said}");
        assert!(
            said.lines()
                .any(|l| l.starts_with(s(&file)) && l.contains(why)),
            "{name}: {said}"
        );
        assert!(took < Duration::from_secs(30), "{name}: {took:?}");
    }
    assert!(!d.join(FILE).exists());
}

#[test]
fn failed_checks_rescore_from_the_import_cache_and_no_findings_change_nothing() {
    use kaoping::domain::checks::{Check, CheckResult};
    use kaoping::report::Decisions;
    let data = DataSet::builtin();
    let dir = samples_copy();
    let files = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let mut cache = kaoping::import::cache::ImportCache::new();
    let first = cache.import(&data, &files, &|_| {});
    let again = cache.import(&data, &files, &|_| {});
    assert_eq!(
        cache.reads(),
        files.len(),
        "the second import is all from the cache"
    );
    let plain = Report::from_files_with(&data, first, Decisions::default());
    let report = Report::from_files_with(&data, again, Decisions::default());
    // No findings: rescoring gives the same results.
    let same = report.rescore(&data, Decisions::default());
    assert_eq!(same.results, plain.results);
    let o = data.registry.find_exact("沈阳海关").unwrap();
    let (key, _) = report.items(o, "D1")[2].clone();
    let check = |result| Check {
        office: "沈阳海关".into(),
        indicator: "D1".into(),
        item: key.clone(),
        result,
        reason: "核查".into(),
        evaluator: "张三".into(),
        at: "2019-01-20 10:00:00".into(),
        source: None,
    };
    let d1 = |r: &Report| {
        let s = &r.result_of(o).unwrap().indicators[data.set.index_of("D1").unwrap()];
        (s.computed.to_string(), s.decided.map(|x| x.to_string()))
    };
    let failed = report.rescore(
        &data,
        Decisions::default().with_checks(vec![check(CheckResult::NoEvidence)]),
    );
    assert_eq!(d1(&failed), ("6.00".into(), Some("5.14".into())));
    // 属实 changes nothing; and a rescore without the check goes back.
    let held = failed.rescore(
        &data,
        Decisions::default().with_checks(vec![check(CheckResult::True)]),
    );
    assert_eq!(d1(&held), ("6.00".into(), None));
    assert_eq!(held.results, plain.results);
}

#[test]
fn history_passes_over_kinds_it_does_not_know_and_bad_checks_are_reported() {
    let dir = samples_copy();
    let d = dir.path();
    drop(Store::open(d).unwrap());
    let conn = rusqlite::Connection::open(d.join(FILE)).unwrap();
    // A kind a newer kaoping may write: passed over without a word.
    conn.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind, what)
         VALUES ('2019-01-05 10:00:00', '甲', '广州海关', '', NULL, 'a.xlsx', '另一种记录', 'set', 'future')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO history (at, evaluator, office, indicator, old, new, reason, kind, what, item)
         VALUES ('2019-01-05 10:00:00', '甲', '广州海关', 'D1', NULL, '不属实', '核查', 'set', 'check', 'x|2018-03-05')",
        [],
    )
    .unwrap();
    for (ind, item, result) in [
        ("D1", "x|2018-03-05", "不属实"),
        ("D1", "y|", "也许"),
        ("A3", "z|", "属实"),
    ] {
        conn.execute(
            "INSERT INTO checks (office, indicator, item, result, reason, evaluator, checked_at)
             VALUES ('广州海关', ?1, ?2, ?3, '核查', '甲', '2019-01-05 10:00:00')",
            [ind, item, result],
        )
        .unwrap();
    }
    drop(conn);
    let o = kaoping(&["history", "--format", "csv", s(d)]);
    let h = ok(&o);
    assert_eq!(h.lines().count(), 2, "{h}");
    assert!(
        h.contains(",广州海关,D1,set,,不属实,核查,check,x|2018-03-05,\n"),
        "{h}"
    );
    assert!(text(&o.stderr).is_empty(), "{}", text(&o.stderr));
    let table = ok(&kaoping(&["history", s(d)]));
    assert!(
        table.contains("抽查 x（2018-03-05）：未核查 → 不属实"),
        "{table}"
    );
    let o = kaoping(&["score", "--format", "csv", s(d)]);
    let err = text(&o.stderr);
    assert!(
        err.lines()
            .filter(|l| l.contains("抽查结果（checks"))
            .count()
            == 2
            && err.contains("不是属实、不属实或无佐证")
            && err.contains("不是时效类指标"),
        "{err}"
    );
}

/// A checklist as `sample` wrote it, filled in: every cell copied (dates as dates), with
/// `fill(row, sheet_row)` setting the evaluator's columns of some rows.
fn refill(
    from: &Path,
    to: &Path,
    fill: impl Fn(&[String]) -> Option<(&'static str, &'static str)>,
) {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut src: Xlsx<_> = open_workbook(from).unwrap();
    let r = src.worksheet_range("抽查清单").unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("抽查清单").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let (h, w) = r.get_size();
    for row in 0..h as u32 {
        let texts: Vec<String> = (0..w as u32)
            .map(|c| {
                r.get_value((row, c))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        for c in 0..w as u32 {
            match r.get_value((row, c)) {
                Some(Data::String(s)) => {
                    ws.write_string(row, c as u16, s).unwrap();
                }
                Some(Data::Float(x)) => {
                    ws.write_number(row, c as u16, *x).unwrap();
                }
                Some(Data::DateTime(d)) => {
                    let dt = ExcelDateTime::from_serial_datetime(d.as_f64()).unwrap();
                    ws.write_datetime_with_format(row, c as u16, &dt, &date)
                        .unwrap();
                }
                _ => {}
            }
        }
        if row > 2 {
            if let Some((result, reason)) = fill(&texts) {
                ws.write_string(row, 9, result).unwrap();
                ws.write_string(row, 11, reason).unwrap();
            }
        }
    }
    wb.save(to).unwrap();
}

#[test]
fn a_checklist_drawn_by_sample_filled_and_applied_rescores_the_item() {
    let dir = samples_copy();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let drawn = out.path().join("抽查清单.xlsx");
    ok(&kaoping(&[
        "sample",
        s(d),
        "--per-office",
        "2",
        "--seed",
        "7",
        "--evaluator",
        "张三",
        "--out",
        s(&drawn),
    ]));
    // 不属实 on the first 时效明细 item of 沈阳海关 drawn; every other row left unchecked.
    let filled = out.path().join("抽查清单-已核查.xlsx");
    let picked = std::cell::RefCell::new(None::<Vec<String>>);
    refill(&drawn, &filled, |row| {
        let first = picked.borrow().is_none() && row[0] == "沈阳海关" && !row[2].is_empty();
        if first {
            *picked.borrow_mut() = Some(row.to_vec());
            Some(("不属实", "佐证材料显示实际公开日期晚于填报"))
        } else {
            None
        }
    });
    let row = picked
        .into_inner()
        .expect("沈阳海关 has a 时效明细 item drawn");
    let before = score_csv(d);
    let o = apply(d, &filled, &[]);
    let said = ok(&o);
    assert!(said.contains("沈阳海关"), "{said}");
    // The check is recorded under the item's key (事项编号), and the indicator rescored.
    let h = history_csv(d);
    assert!(h.contains(&row[13]), "{h}");
    assert!(h.contains("不属实"), "{h}");
    let after = score_csv(d);
    assert_ne!(before, after, "the failed item changes 沈阳海关's score");
    // Applying it again changes nothing.
    ok(&apply(d, &filled, &[]));
    assert_eq!(history_csv(d), h);
}
