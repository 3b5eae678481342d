//! The ranking workbook read back with calamine: every sheet there, every total equal to
//! `score`'s, text from returns and evaluators never a formula, Chinese columns wide enough,
//! the inputs' hashes in the properties, and an atomic write that never overwrites a return.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, SheetType, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

/// A workspace: the 42 samples, a return whose file name looks like a formula, and a
/// decision whose reason looks like one.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    // 广州海关 sends its return again under a hostile name: a conflict, listed in 导入情况.
    std::fs::copy(
        root().join("tests/fixtures/returns/baseline-openpyxl.xlsx"),
        dir.path().join("=HYPERLINK(\"x\",\"广州海关\").xlsx"),
    )
    .unwrap();
    kaoping()
        .arg("adjust")
        .arg(dir.path())
        .args([
            "--office",
            "北京海关",
            "--indicator",
            "A9",
            "--score",
            "5",
            "--reason",
            "=1+1 误报已核实",
            "--evaluator",
            "张三",
        ])
        .assert()
        .success();
    dir
}

fn export(dir: &Path) -> PathBuf {
    let out = dir.join("排名.kaoping.xlsx");
    kaoping()
        .args(["export", "--evaluator", "李四", "--out"])
        .arg(&out)
        .arg(dir)
        .assert()
        .success();
    out
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Float(f) => format!("{f:.2}"),
        Data::Int(i) => i.to_string(),
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn every_sheet_and_every_total_as_score_says() {
    let dir = workspace();
    let out = export(dir.path());
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let names: Vec<(String, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let want = [
        "排名",
        "任务失分",
        "指标得分",
        "核定记录",
        "导入情况",
        "指标体系",
        "总分图",
    ];
    assert_eq!(
        names.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        want
    );
    assert_eq!(names[6].1, SheetType::ChartSheet);

    // score's CSV for the same folder (decisions applied).
    let csv = kaoping()
        .args(["score", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let want_rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let r = wb.worksheet_range("排名").unwrap();
    let header: Vec<String> = (0..5)
        .map(|c| cell_text(r.get_value((3, c)).unwrap()))
        .collect();
    assert_eq!(header, ["名次", "单位", "总分", "等级", "否决"]);
    for (k, want) in want_rows.iter().enumerate() {
        let row = 4 + k as u32;
        let got: Vec<String> = (0..4)
            .map(|c| cell_text(r.get_value((row, c)).unwrap_or(&Data::Empty)))
            .collect();
        assert_eq!(got[1], want[1], "row {row}");
        assert_eq!(got[2], want[2], "total of {}", want[1]);
        // Where score says 未报送, the export says why: 未报送 or 重复报送.
        if want[3] == "未报送" {
            assert!(
                ["未报送", "重复报送"].contains(&got[3].as_str()),
                "{}: {}",
                want[1],
                got[3]
            );
        } else {
            assert_eq!(got[3], want[3], "grade of {}", want[1]);
        }
        if !want[0].is_empty() {
            assert_eq!(got[0].trim_end_matches(".00"), want[0]);
        }
    }
    // The decision is marked in 指标得分 and listed in 核定记录.
    let r = wb.worksheet_range("核定记录").unwrap();
    let row: Vec<String> = (0..9)
        .map(|c| cell_text(r.get_value((1, c)).unwrap()))
        .collect();
    assert_eq!(&row[1..5], ["张三", "北京海关", "A9", "核定"]);
    assert_eq!((row[5].as_str(), row[7].as_str()), ("0.00", "5.00"));
    // The conflict is reported.
    let r = wb.worksheet_range("导入情况").unwrap();
    assert!(r
        .rows()
        .any(|row| row.iter().any(|c| cell_text(c) == "重复报送")));
}

#[test]
fn text_from_returns_and_evaluators_is_never_a_formula() {
    let dir = workspace();
    let out = export(dir.path());
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    for sheet in ["任务失分", "指标得分", "核定记录", "导入情况", "指标体系"] {
        let f = wb.worksheet_formula(sheet).unwrap();
        assert!(
            f.used_cells().all(|(_, _, s)| s.is_empty()),
            "{sheet} has a formula"
        );
    }
    // In 排名 the only formulas are the totals (column C), sums of the categories.
    let f = wb.worksheet_formula("排名").unwrap();
    let (r0, c0) = f.start().unwrap();
    for (r, c, s) in f.used_cells() {
        if !s.is_empty() {
            assert_eq!(
                c0 + c as u32,
                2,
                "formula outside the total column at row {}",
                r0 + r as u32
            );
            assert!(s.starts_with("SUM(") || s.starts_with("=SUM("), "{s}");
        }
    }
    let reasons = wb.worksheet_range("核定记录").unwrap();
    assert!(reasons
        .used_cells()
        .any(|(_, _, c)| *c == Data::String("=1+1 误报已核实".into())));
    let imports = wb.worksheet_range("导入情况").unwrap();
    assert!(imports
        .used_cells()
        .any(|(_, _, c)| matches!(c, Data::String(s) if s.contains("=HYPERLINK(\"x\",\"广州海关\").xlsx"))));
}

/// `<col min max width>` of a sheet's XML (1-based columns).
fn col_widths(xlsx: &Path, sheet_xml: &str) -> Vec<(u32, u32, f64)> {
    let f = std::fs::File::open(xlsx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    z.by_name(sheet_xml)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<col ")
        .skip(1)
        .map(|c| {
            let attr = |name: &str| -> String {
                let k = format!("{name}=\"");
                let s = &c[c.find(&k).unwrap() + k.len()..];
                s[..s.find('"').unwrap()].to_string()
            };
            (
                attr("min").parse().unwrap(),
                attr("max").parse().unwrap(),
                attr("width").parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn chinese_columns_are_at_least_as_wide_as_their_text() {
    let dir = workspace();
    let out = export(dir.path());
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    for (sheet, xml, header_row) in [
        ("排名", "xl/worksheets/sheet1.xml", 3u32),
        ("指标体系", "xl/worksheets/sheet6.xml", 0),
    ] {
        let r = wb.worksheet_range(sheet).unwrap();
        let widths = col_widths(&out, xml);
        for c in 0..r.width() as u32 {
            let need = (header_row..r.end().unwrap().0 + 1)
                .filter_map(|row| match r.get_value((row, c)) {
                    Some(Data::String(s)) => {
                        Some(unicode_width::UnicodeWidthStr::width(s.as_str()))
                    }
                    _ => None,
                })
                .max()
                .unwrap_or(0)
                .min(48) as f64;
            let have = widths
                .iter()
                .find(|(a, b, _)| (*a..=*b).contains(&(c + 1)))
                .map(|w| w.2)
                .unwrap_or(8.43);
            assert!(
                have >= need,
                "{sheet} column {c}: width {have} < text {need}"
            );
        }
    }
}

#[test]
fn properties_carry_the_inputs_hashes() {
    let dir = workspace();
    let out = export(dir.path());
    let f = std::fs::File::open(&out).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut custom = String::new();
    z.by_name("docProps/custom.xml")
        .unwrap()
        .read_to_string(&mut custom)
        .unwrap();
    let sample = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().contains("北京海关"))
        .unwrap();
    let hash = kaoping::import::sha256_hex(&std::fs::read(&sample).unwrap());
    assert!(
        custom.contains(&hash),
        "the SHA-256 of {} is in the properties",
        sample.display()
    );
    let mut core = String::new();
    z.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains("李四") && core.contains("排名"), "{core}");
}

#[test]
fn the_write_is_atomic_and_never_over_a_return() {
    let dir = workspace();
    let ret = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "xlsx") && p.to_str().unwrap().contains("长沙海关")
        })
        .unwrap();
    let before = std::fs::read(&ret).unwrap();
    kaoping()
        .args(["export", "--out"])
        .arg(&ret)
        .arg(dir.path())
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&ret).unwrap(), before);
    // A folder that does not exist: an error, and nothing left behind.
    let missing = dir.path().join("no/such/folder/out.xlsx");
    kaoping()
        .args(["export", "--out"])
        .arg(&missing)
        .arg(dir.path())
        .assert()
        .code(1);
    let out = export(dir.path());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(out.exists());
    // The export lies in the folder of returns but is never imported as one.
    kaoping()
        .arg("check")
        .arg(dir.path())
        .assert()
        .stdout(predicates::str::contains("43 个文件"));
}

#[test]
fn x_in_the_ui_writes_the_workbook_into_the_folder() {
    use kaoping::tui::action::Action;
    use kaoping::tui::app::{App, Effect, Options};
    let dir = tempfile::tempdir().unwrap();
    let s = root().join("samples/2018");
    for e in std::fs::read_dir(&s).unwrap().take(5) {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let data = kaoping::data::DataSet::builtin();
    let files = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let report = kaoping::report::Report::build(&data, &files);
    let mut app = App::new(data, report, dir.path().to_path_buf(), Options::default());
    let effects = app.update(Action::Export);
    assert_eq!(effects, vec![Effect::Export]);
    let mut store = None;
    for e in effects {
        kaoping::tui::apply_effect(&mut app, &mut store, e).unwrap();
    }
    let msg = app.message.clone().unwrap();
    assert!(msg.starts_with("已导出："), "{msg}");
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(".kaoping.xlsx"))
        .collect();
    assert_eq!(written.len(), 1);
    assert!(msg.contains(written[0].to_str().unwrap()));
}
