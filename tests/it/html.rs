//! Returns as reporting systems export "Excel" (issue 17): HTML tables (GBK, UTF-8, and as
//! LibreOffice writes them) and Excel 2003 XML, named `.xls`, made by
//! `tests/fixtures/returns/make_exports.py` from 江门海关's sample return. Each scores exactly
//! as that return in `.xlsx` (its row of `samples/expected-2018.csv`), `check` names the
//! format it read, and a hostile page or XML file is refused within the budget.

use crate::hostile::{refused_among_samples, write, OVER};
use assert_cmd::Command;
use std::path::{Path, PathBuf};

const OFFICE: &str = "江门海关";
const SAMPLE: &str = "江门海关-2018年政务公开自评表.xlsx";

/// The exported returns and the format `check` must name for each.
const EXPORTS: &[(&str, &str)] = &[
    ("html-gbk.xls", "HTML 表格（GBK）"),
    ("html-utf8.xls", "HTML 表格（UTF-8）"),
    ("lo-html.xls", "HTML 表格（UTF-8）"),
    ("spreadsheetml.xls", "Excel 2003 XML"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn export(name: &str) -> PathBuf {
    root().join("tests/fixtures/returns/exports").join(name)
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

fn expected_csv() -> String {
    std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap()
}

/// A copy of the 42 samples with 江门海关's `.xlsx` replaced by `name`.
fn samples_with(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != SAMPLE {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(export(name), dir.path().join(format!("{OFFICE}-{name}"))).unwrap();
    dir
}

#[test]
fn each_export_scores_as_the_same_return_in_xlsx() {
    for (name, _) in EXPORTS {
        // Alone: its row as the oracle's, but for the rank.
        let out = kaoping()
            .args(["score", "--format", "csv"])
            .arg(export(name))
            .output()
            .unwrap();
        let csv = String::from_utf8(out.stdout).unwrap();
        let row = |text: &str| {
            text.lines()
                .find(|l| l.split(',').nth(1) == Some(OFFICE))
                .map(|l| l.split_once(',').unwrap().1.to_string())
        };
        assert_eq!(
            row(&csv),
            row(&expected_csv()),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Among the 42 returns in place of the .xlsx: the whole ranking as the oracle's.
        let dir = samples_with(name);
        let out = kaoping()
            .args(["score", "--format", "csv"])
            .arg(dir.path())
            .assert()
            .success()
            .get_output()
            .clone();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected_csv(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn check_names_the_format_read_beside_each_file() {
    let mut cmd = kaoping();
    cmd.arg("check");
    for (name, _) in EXPORTS {
        cmd.arg(export(name));
    }
    let xlsx = root().join("samples/2018").join(SAMPLE);
    cmd.arg(&xlsx);
    let out = cmd.output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for (name, format) in EXPORTS {
        let shown = export(name).display().to_string();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{shown}  ")))
            .unwrap_or_else(|| panic!("{name} not listed:\n{text}"));
        assert!(line.ends_with(&format!("  {format}")), "{line}");
        assert!(line.contains(&format!("{OFFICE}  重复报送")), "{line}");
    }
    // An ordinary workbook's line is as it was: no format named.
    let shown = xlsx.display().to_string();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{shown}  ")))
        .unwrap();
    assert!(line.ends_with("  重复报送"), "{line}");
    // Nothing but the five files' conflict is said of them.
    assert!(!text.contains("警告"), "{text}");
}

#[test]
fn json_gives_the_format_and_cells_keep_their_line_breaks() {
    let out = kaoping()
        .args(["score", "--format", "json"])
        .arg(export("html-gbk.xls"))
        .arg(root().join("samples/2018/拱北海关2018年度政务公开考核评估自评表.xls"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["format"], "html");
    assert_eq!(files[0]["format_label"], "HTML 表格（GBK）");
    assert_eq!(files[1]["format"], "xls");
    let office = crate::json::office(&v, OFFICE);
    let a1 = &office["indicators"].as_array().unwrap()[0];
    assert_eq!(a1["id"], "A1");
    // `<br>` in the cell: a line break (the .xlsx has none there).
    assert_eq!(a1["note"], "1件公告发布日期晚于执行日期，\n已整改");
}

#[test]
fn a_page_without_a_return_is_refused_with_the_advice() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "no-table.xls",
            "<html><body><p>导出成功</p></body></html>",
            "没有表格",
        ),
        (
            "no-header.xls",
            "<html><body><table><tr><td>姓名</td><td>电话</td></tr></table></body></html>",
            "未找到自评表表头",
        ),
        (
            "no-header-xml.xls",
            r#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row></Table></Worksheet></Workbook>"#,
            "未找到自评表表头",
        ),
    ];
    for (name, content, reason) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        let out = kaoping().arg("check").arg(&p).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(reason), "{name}: {text}");
        assert!(text.contains("另存为 .xlsx"), "{name}: {text}");
        assert!(text.contains("退回"), "{name}: {text}");
    }
}

// ---- hostile pages and XML, among the 42 samples, under 1 GB ----------------------------

fn page(body: &str) -> Vec<u8> {
    format!("<html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>").into_bytes()
}

fn workbook(rows: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="自评表"><Table>{rows}</Table></Worksheet></Workbook>"#
    )
    .into_bytes()
}

#[test]
fn html_colspan_of_a_hundred_thousand() {
    refused_among_samples(
        "colspan.xls",
        write(page(
            "<table><tr><td>编号</td><td colspan=100000>完成情况</td></tr></table>",
        )),
        "colspan=100000",
    );
}

#[test]
fn html_tables_nested_a_million_deep() {
    // 9 MB of <table><tr><td>: refused at the 17th level.
    refused_among_samples(
        "nested.xls",
        write(page(&"<table><tr><td>".repeat(600_000))),
        "嵌套",
    );
}

#[test]
fn html_elements_nested_a_million_deep_cost_nothing() {
    // No tree is built: a million open <div> and a table without a header.
    let body = format!(
        "{}<table><tr><td>x</td></tr></table>",
        "<div>".repeat(1_000_000)
    );
    refused_among_samples("divs.xls", write(page(&body)), "未找到自评表表头");
}

#[test]
fn html_six_hundred_thousand_attributes_on_one_cell() {
    // Read in linear time (a tokenizer that compares each attribute with all before it
    // would take hours).
    let attrs: String = (0..600_000).map(|i| format!(" a{i}")).collect();
    let body = format!("<table><tr><td{attrs}>x</td></tr></table>");
    refused_among_samples("attributes.xls", write(page(&body)), "未找到自评表表头");
}

#[test]
fn html_cells_spanning_rows_over_wide_tables() {
    // 16 cells 1000 columns wide spanning 10,000 rows, then 10,000 rows of one cell each:
    // every row passes over 16,000 covered places; the places are counted and refused.
    let body = format!(
        "<table><tr>{}</tr>{}</table>",
        "<td rowspan=9999 colspan=1000>x</td>".repeat(16),
        "<tr><td>1</td></tr>".repeat(9_998)
    );
    refused_among_samples("slots.xls", write(page(&body)), OVER);
}

#[test]
fn xml_billion_laughs() {
    let mut dtd = String::from(r#"<!ENTITY lol "lol">"#);
    for k in 1..10 {
        let prev = if k == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", k - 1)
        };
        dtd.push_str(&format!(
            r#"<!ENTITY lol{k} "{}">"#,
            format!("&{prev};").repeat(10)
        ));
    }
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE Workbook [{dtd}]><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table><Row><Cell><Data ss:Type="String">&lol9;</Data></Cell></Row></Table></Worksheet></Workbook>"#
    );
    refused_among_samples("lol.xls", write(xml.into_bytes()), "实体");
}

#[test]
fn xml_row_index_sixteen_million() {
    refused_among_samples(
        "index.xls",
        write(workbook(
            r#"<Row ss:Index="16384000"><Cell><Data ss:Type="String">编号</Data></Cell></Row>"#,
        )),
        "16384000",
    );
}

#[test]
fn xml_cells_far_apart() {
    // Two cells: A1 and XFD10000, a grid of 164 million places.
    refused_among_samples(
        "far.xls",
        write(workbook(
            r#"<Row><Cell><Data ss:Type="String">编号</Data></Cell></Row><Row ss:Index="10000"><Cell ss:Index="16384"><Data ss:Type="Number">1</Data></Cell></Row>"#,
        )),
        OVER,
    );
}

#[test]
fn xml_data_nested_a_million_deep() {
    let rows = format!(
        r#"<Row><Cell><Data ss:Type="String">{}</Data></Cell></Row>"#,
        "<B>".repeat(1_000_000)
    );
    refused_among_samples("deep.xls", write(workbook(&rows)), "嵌套");
}

#[test]
fn xml_merge_down_a_million_rows() {
    refused_among_samples(
        "mergedown.xls",
        write(workbook(
            r#"<Row><Cell ss:MergeDown="1000000" ss:MergeAcross="16000"><Data ss:Type="String">编号</Data></Cell></Row>"#,
        )),
        "ss:MergeDown=1000000",
    );
}

/// The fixtures are where the generator writes them (a guard against a renamed file).
#[test]
fn the_generator_names_every_export() {
    let script =
        std::fs::read_to_string(root().join("tests/fixtures/returns/make_exports.py")).unwrap();
    for (name, _) in EXPORTS {
        assert!(script.contains(name), "{name}");
        assert!(Path::new(&export(name)).is_file(), "{name}");
    }
}
