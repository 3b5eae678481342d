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
        "稳定性",
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
    assert_eq!(header, ["名次", "单位", "总分", "等次", "一票否决"]);
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
        } else if want[4] == "是" {
            // A veto is shown in the grade, as terms.md says.
            assert_eq!(got[3], format!("{}（一票否决）", want[3]), "{}", want[1]);
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

/// The first cells of a sheet's merged ranges (0-based row, column): their text spans the
/// range, not one column.
fn merged_starts(xlsx: &Path, sheet_xml: &str) -> Vec<(u32, u32)> {
    let f = std::fs::File::open(xlsx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    z.by_name(sheet_xml)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<mergeCell ref=\"")
        .skip(1)
        .map(|m| {
            let first = m.split([':', '"']).next().unwrap();
            let letters: String = first
                .chars()
                .take_while(|c| c.is_ascii_uppercase())
                .collect();
            let col = letters
                .chars()
                .fold(0u32, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1))
                - 1;
            let row: u32 = first[letters.len()..].parse().unwrap();
            (row - 1, col)
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
        // The 注 under the ranking: paragraphs merged across the table, wrapped.
        let merged = merged_starts(&out, xml);
        for c in 0..r.width() as u32 {
            let need = (header_row..r.end().unwrap().0 + 1)
                .filter(|&row| !merged.contains(&(row, c)))
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
    use kaoping::tui::app::{App, Effect, ExportKind, Options};
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
    // `x` opens the menu; its first item is the workbook for headquarters.
    assert!(app.update(Action::Export).is_empty());
    let effects = app.update(Action::InputSubmit);
    assert_eq!(effects, vec![Effect::Export(ExportKind::Internal)]);
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

// ---- The export never fails because of data: over-long and hostile text, an empty
// ranking, temporary files; and the template finishes whatever happens to its output.

use kaoping::data::DataSet;
use kaoping::export::limits::{utf16_len, CELL, CUT_MARK};
use kaoping::export::{template, workbook};
use kaoping::report::Report;
use std::ffi::OsStr;
use std::process::Output;

/// Runs kaoping in a child under a 1 GB address-space limit, so that a regression fails
/// the test instead of the machine.
fn run_limited(args: &[&OsStr]) -> Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576; exec \"$@\"")
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("kaoping"))
        .args(args)
        .output()
        .unwrap()
}

fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("samples/2018"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// What XML 1.0 cannot hold (a Rust string holds no lone surrogate).
fn xml_forbidden(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Every XML part of the workbook parses (tags matched, attributes unique, references
/// known), has one root element, and holds only what XML allows, also as character
/// references; the custom properties are uniquely named. What openpyxl needs, without
/// Python.
fn assert_well_formed(xlsx: &Path) {
    use quick_xml::events::Event;
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut parts = 0;
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if ![".xml", ".rels", ".vml"].iter().any(|e| name.ends_with(e)) {
            continue;
        }
        parts += 1;
        let mut text = String::new();
        f.read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
        if let Some(c) = text.chars().find(|c| xml_forbidden(*c)) {
            panic!("{name} holds {c:?}");
        }
        let mut r = quick_xml::Reader::from_str(&text);
        let (mut depth, mut roots) = (0usize, 0usize);
        let mut property_names = Vec::new();
        loop {
            let ev = r
                .read_event()
                .unwrap_or_else(|e| panic!("{name} at {}: {e}", r.buffer_position()));
            match &ev {
                Event::Start(e) | Event::Empty(e) => {
                    if depth == 0 {
                        roots += 1;
                    }
                    for a in e.attributes() {
                        let a = a.unwrap_or_else(|e| panic!("{name}: {e}"));
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .unwrap_or_else(|e| panic!("{name}: {e}"));
                        assert!(!v.chars().any(xml_forbidden), "{name}: attribute {v:?}");
                        if e.name().as_ref() == "property" && a.key.as_ref() == "name" {
                            property_names.push(v.to_lowercase());
                        }
                    }
                    if matches!(ev, Event::Start(_)) {
                        depth += 1;
                    }
                }
                Event::End(_) => {
                    depth = depth
                        .checked_sub(1)
                        .unwrap_or_else(|| panic!("{name}: an end tag too many"))
                }
                Event::GeneralRef(g) => {
                    if g.is_char_ref() {
                        let c = g
                            .resolve_char_ref()
                            .unwrap_or_else(|e| panic!("{name}: {e}"))
                            .unwrap();
                        assert!(!xml_forbidden(c), "{name}: reference to {c:?}");
                    } else {
                        let r: &str = g.as_ref();
                        assert!(
                            ["amp", "lt", "gt", "quot", "apos"].contains(&r),
                            "{name}: &{r};"
                        );
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!((depth, roots), (0, 1), "{name}: elements");
        let n = property_names.len();
        property_names.sort();
        property_names.dedup();
        assert_eq!(
            property_names.len(),
            n,
            "{name}: custom properties named twice"
        );
    }
    assert!(parts >= 10, "{parts} XML parts");
}

/// Every string cell of every worksheet, read back with calamine (which checks the
/// workbook's structure too).
fn all_strings(xlsx: &Path) -> Vec<(String, String)> {
    let mut wb: Xlsx<_> = open_workbook(xlsx).unwrap();
    let mut out = Vec::new();
    for (name, typ) in wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect::<Vec<_>>()
    {
        if typ != SheetType::WorkSheet {
            continue;
        }
        let r = wb.worksheet_range(&name).unwrap();
        for (_, _, c) in r.used_cells() {
            if let Data::String(s) = c {
                assert!(utf16_len(s) <= CELL, "{name}: a cell of {}", utf16_len(s));
                assert!(!s.chars().any(xml_forbidden), "{name}: {s:?}");
                out.push((name.clone(), s.clone()));
            }
        }
    }
    out
}

fn custom_xml(xlsx: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut custom = String::new();
    z.by_name("docProps/custom.xml")
        .unwrap()
        .read_to_string(&mut custom)
        .unwrap();
    custom
}

/// A return (the template of `office`) whose 填报单位 cell says `unit`, however long:
/// rust_xlsxwriter writes no cell over Excel's limit, so the text is put into the
/// shared strings afterwards.
fn return_saying(office: &str, unit: &str) -> Vec<u8> {
    let data = DataSet::builtin();
    let mut wb = template::build(&data, office).unwrap();
    wb.worksheet_from_name(template::MAIN_SHEET)
        .unwrap()
        .write_string(1, 1, "PLACEHOLDER-UNIT")
        .unwrap();
    let buf = wb.save_to_buffer().unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(buf)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let escaped: String = unit
        .chars()
        .map(|c| match c {
            c if (c as u32) < 0x20 => format!("_x{:04X}_", c as u32),
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            c => c.to_string(),
        })
        .collect();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        let part = f.name().unwrap().to_string();
        if part == "xl/sharedStrings.xml" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("PLACEHOLDER-UNIT"));
            bytes = text.replace("PLACEHOLDER-UNIT", &escaped).into_bytes();
        }
        w.start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_hostile_folder_still_exports_a_well_formed_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let samples = samples();
    for p in samples.iter().take(5) {
        std::fs::copy(p, d.join(p.file_name().unwrap())).unwrap();
    }
    // One return again under hostile names: control characters, a terminal escape,
    // U+FFFE; a name of 255 bytes; one name in two folders.
    let hostile = [
        "ctl\u{1}\u{1b}[31m\u{7f}\u{fffe}x.xlsx".to_string(),
        format!("{}.xlsx", "x".repeat(250)),
        "a/same.xlsx".into(),
        "b/same.xlsx".into(),
    ];
    for n in &hostile {
        std::fs::create_dir_all(d.join(n).parent().unwrap()).unwrap();
        std::fs::copy(&samples[0], d.join(n)).unwrap();
    }
    // A 填报单位 of 40,000 characters, quoted in the refusal.
    let unit = format!("{}\u{1}\u{fffe}", "某".repeat(40_000));
    std::fs::write(d.join("long-unit.xlsx"), return_saying("拉萨海关", &unit)).unwrap();
    // A long Chinese name: 80 × 3 bytes, which a temporary `.NAME.PID.tmp` would exceed.
    let out = d.join(format!("{}.kaoping.xlsx", "排".repeat(80)));
    let o = run_limited(&[
        "export".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        d.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.exists());
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    assert_well_formed(&out);
    let strings = all_strings(&out);
    let imports: Vec<&str> = strings
        .iter()
        .filter(|(s, _)| s == "导入情况")
        .map(|(_, t)| t.as_str())
        .collect();
    // The hostile name is shown, its control characters made visible.
    assert!(
        imports.iter().any(|t| t.contains("ctl␁␛[31m")),
        "{imports:?}"
    );
    assert!(imports.iter().any(|t| t.contains("long-unit.xlsx")));
    // Wherever the long 填报单位 is quoted whole, it is cut visibly.
    for t in imports.iter().filter(|t| t.contains("某某某某")) {
        assert!(t.chars().count() < 40_000);
        if utf16_len(t) == CELL {
            assert!(t.ends_with(CUT_MARK), "{}", &t[t.len() - 40..]);
        }
    }
    // Each input's hash under its own name: the two `same.xlsx` told apart by path, the
    // long name cut, no name twice (checked above).
    let custom = custom_xml(&out);
    assert!(custom.contains("name=\"sha256 same.xlsx\""), "{custom}");
    assert!(custom.contains("b/same.xlsx\""), "{custom}");
    assert!(custom.contains("sha256 ctl␁␛[31m"), "{custom}");
    assert!(custom.contains(&format!("sha256 {}", "x".repeat(200))));
    assert!(custom.contains(workbook::OWN_EXPORT_PROPERTY));
}

#[test]
fn long_and_hostile_texts_from_a_store_or_a_return_are_cut_and_cleaned() {
    use kaoping::domain::decision::{Change, Decided, Decision};
    use kaoping::import::{Problem, Severity};
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = samples().into_iter().take(3).collect();
    let report = Report::build(&data, &files);
    let office = data.registry.offices[report.results[0].office].name.clone();
    // As an old store may hold: a reason of 40,000 characters, with what XML cannot hold.
    let long = format!("{}\u{1}\u{fffe}\u{ffff}", "理".repeat(40_000));
    let evaluator = format!("{}\u{2}", "张".repeat(60));
    let decision = Decision {
        office: office.clone(),
        indicator: "A3".into(),
        value: Decided::Score(rust_decimal::Decimal::ONE),
        reason: long.clone(),
        evaluator: evaluator.clone(),
        at: "2018-12-01 10:00:00".into(),
        file_sha256: None,
        source: None,
    };
    let mut report = report.rescore(&data, vec![decision]);
    let shown = report.files[1].shown.clone();
    report.files[1].problems.push(Problem {
        severity: Severity::Warning,
        file: shown,
        at: Some("自评表!B2".into()),
        message: format!("填报单位“{}\u{1b}”", "某".repeat(40_000)),
    });
    report.files[2].shown = "dir\u{1}/name\u{fffe}\u{0}.xlsx".into();
    let changes = vec![Change {
        id: 1,
        at: "2018-12-01 10:00:00".into(),
        evaluator,
        office,
        indicator: "A3".into(),
        old: None,
        new: Some(Decided::Score(rust_decimal::Decimal::ONE)),
        reason: long,
        kind: "set".into(),
        item: String::new(),
        source: None,
        file: None,
    }];
    let author = format!("{}\u{1}", "李".repeat(300));
    let info = workbook::ExportInfo {
        changes: &changes,
        author: &author,
        at: "2018-12-31 12:00:00",
    };
    let out = dir.path().join("out.xlsx");
    workbook::write(&data, &report, &info, &out).unwrap();
    assert_well_formed(&out);
    let strings = all_strings(&out);
    let cut: Vec<&(String, String)> = strings
        .iter()
        .filter(|(_, t)| t.ends_with(CUT_MARK))
        .collect();
    // The reason in 核定记录, the message in 导入情况: cut to the limit, visibly.
    for sheet in ["核定记录", "导入情况"] {
        let (_, t) = cut
            .iter()
            .find(|(s, _)| s == sheet)
            .unwrap_or_else(|| panic!("nothing cut in {sheet}"));
        assert_eq!(utf16_len(t), CELL, "{sheet}");
    }
    assert!(strings
        .iter()
        .any(|(s, t)| s == "导入情况" && t == "dir␁/name\u{fffd}␀.xlsx"));
    // The note keeps the start of the reason, cut; the author's name too.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut comments = String::new();
    z.by_name("xl/comments1.xml")
        .unwrap()
        .read_to_string(&mut comments)
        .unwrap();
    assert!(comments.contains(&format!("理由：{}", "理".repeat(100))));
    assert!(comments.contains(CUT_MARK));
    let mut core = String::new();
    z.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(
        core.contains(&format!("李李李{CUT_MARK}</dc:creator>")),
        "{core}"
    );
    assert!(custom_xml(&out).contains("sha256 name\u{fffd}␀.xlsx"));
}

#[test]
fn an_empty_ranking_still_gives_a_workbook_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // An empty folder; and a folder where every file is refused.
    let empty = d.join("empty");
    let refused = d.join("refused");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::create_dir_all(&refused).unwrap();
    for f in ["empty.xlsx", "encrypted.xlsx", "office-none.xlsx"] {
        std::fs::copy(
            root().join("tests/fixtures/returns").join(f),
            refused.join(f),
        )
        .unwrap();
    }
    for (folder, why) in [
        (&empty, "文件夹中没有自评表"),
        (&refused, "3 个文件均被退回或重复报送"),
    ] {
        let out = d.join(format!(
            "{}.xlsx",
            folder.file_name().unwrap().to_str().unwrap()
        ));
        let o = run_limited(&[
            "export".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            folder.as_os_str(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_well_formed(&out);
        let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
        let names: Vec<String> = wb.sheet_names();
        assert_eq!(names.len(), 8);
        assert_eq!(names[6], "总分图");
        assert_eq!(names[7], "稳定性");
        let strings = all_strings(&out);
        for sheet in ["排名", "导入情况", "总分图"] {
            assert!(
                strings
                    .iter()
                    .any(|(s, t)| s == sheet && t.starts_with("没有有效报送") && t.contains(why)),
                "{sheet}: {why}"
            );
        }
        // Every office listed as not submitted, every refused file with its reason.
        let r = wb.worksheet_range("排名").unwrap();
        assert_eq!(
            r.used_cells()
                .filter(|(_, _, c)| *c == &Data::String("未报送".into()))
                .count(),
            42
        );
        if folder == &refused {
            let r = wb.worksheet_range("导入情况").unwrap();
            for f in ["empty.xlsx", "encrypted.xlsx", "office-none.xlsx"] {
                assert!(r
                    .used_cells()
                    .any(|(_, _, c)| matches!(c, Data::String(s) if s.ends_with(f))));
            }
            assert!(r
                .used_cells()
                .any(|(_, _, c)| *c == Data::String("错误".into())));
        }
    }
}

#[test]
fn temporary_files_are_short_beside_the_target_and_never_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let folder = d.join("returns");
    std::fs::create_dir_all(&folder).unwrap();
    for p in samples().iter().take(2) {
        std::fs::copy(p, folder.join(p.file_name().unwrap())).unwrap();
    }
    // The target is a folder: the rename fails, the temporary file goes.
    let blocked = d.join("blocked.xlsx");
    std::fs::create_dir_all(blocked.join("x")).unwrap();
    let o = run_limited(&[
        "export".as_ref(),
        "--out".as_ref(),
        blocked.as_os_str(),
        folder.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("blocked.xlsx"), "{err}");
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    // A name as long as a file name may be: written (the temporary name is short).
    let long = d.join(format!("{}.xlsx", "排".repeat(83)));
    assert_eq!(long.file_name().unwrap().len(), 254);
    let o = run_limited(&[
        "export".as_ref(),
        "--out".as_ref(),
        long.as_os_str(),
        folder.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(long.exists());
    assert!(leftovers(d).is_empty());
    // The usual mode of a new file (0666 less the umask), not a private 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let bin = assert_cmd::cargo::cargo_bin("kaoping");
        for (umask, mode) in [("002", 0o664), ("027", 0o640), ("077", 0o600)] {
            let out = d.join(format!("umask{umask}.xlsx"));
            let ok = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("umask {umask}; exec \"$@\""))
                .arg("sh")
                .arg(&bin)
                .args(["export", "--out"])
                .arg(&out)
                .arg(&folder)
                .output()
                .unwrap();
            assert!(ok.status.success());
            let m = std::fs::metadata(&out).unwrap();
            assert_eq!(m.permissions().mode() & 0o7777, mode, "umask {umask}");
        }
        // In a setgid folder, the workbook takes the folder's group (when we may give the
        // folder another group, i.e. as root).
        let shared = d.join("shared");
        std::fs::create_dir_all(&shared).unwrap();
        let gid = 4242;
        if std::os::unix::fs::chown(&shared, None, Some(gid)).is_ok() {
            std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2775)).unwrap();
            let out = shared.join("排名.xlsx");
            kaoping()
                .args(["export", "--out"])
                .arg(&out)
                .arg(&folder)
                .assert()
                .success();
            assert_eq!(std::fs::metadata(&out).unwrap().gid(), gid);
        } else {
            eprintln!("not root: the setgid folder's group is not tested");
        }
    }
}

#[test]
fn template_writes_every_file_when_its_output_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    // Standard output closed before the first line: every write to it fails.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = dir.path().join("t");
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("kaoping"))
        .args(["template", "--out"])
        .arg(&out)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 42);
    // As a user would: `| head -1`.
    let out = dir.path().join("h");
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("\"$@\" | head -1")
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("kaoping"))
        .args(["template", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 42);
    assert!(leftovers(&out).is_empty());
}

#[test]
fn a_template_is_written_whatever_the_data_files_say() {
    let mut data = DataSet::builtin();
    data.set.return_title = format!("{}\u{1}/..", "表".repeat(40_000));
    // Levels Excel cannot list (over 255 characters with their commas).
    for (w, _) in data.set.levels.iter_mut() {
        *w = format!("{w}{}", "完".repeat(100));
    }
    data.set.indicators[0].title = format!("{}\u{1b}\u{fffe}", "考".repeat(40_000));
    let dir = tempfile::tempdir().unwrap();
    let path = template::write(&data, "拉萨海关", dir.path()).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(name.len() <= 255 && name.starts_with("拉萨海关-表表") && name.ends_with(".xlsx"));
    assert_eq!(path.parent().unwrap(), dir.path());
    assert_well_formed(&path);
    let strings = all_strings(&path);
    assert!(strings
        .iter()
        .any(|(_, t)| t.starts_with("考考") && t.ends_with(CUT_MARK)));
    assert!(leftovers(dir.path()).is_empty());
}
