//! The workbooks kaoping writes, as they print: every sheet's page setup read back from
//! the package (A4, landscape, one page wide, the header rows and columns repeated, the
//! title and the page numbers), the 注 under the ranking, the chart of totals drawn with the
//! top office at the top and no axis reversed, and the workbook for the offices holding
//! nothing that must stay at headquarters. No office suite is needed.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

const TITLE: &str = "2018年度直属海关政务公开考核评估结果汇总表";

/// The 42 samples, with a veto and a score decided by 张三.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples/2018")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    for args in [
        ["--indicator", "A9", "--score", "5"],
        ["--indicator", "V1", "--veto", "是"],
    ] {
        kaoping()
            .arg("adjust")
            .arg(dir.path())
            .args(["--office", "北京海关"])
            .args(args)
            .args(["--reason", "经核查属实", "--evaluator", "张三"])
            .assert()
            .success();
    }
    dir
}

fn export(dir: &Path, audience: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("汇总-{audience}.kaoping.xlsx"));
    kaoping()
        .args([
            "export",
            "--evaluator",
            "李四",
            "--audience",
            audience,
            "--out",
        ])
        .arg(&out)
        .args(extra)
        .arg(dir)
        .assert()
        .success();
    out
}

/// Every part of a package, by name, as text (lossy for the binary ones).
fn parts(xlsx: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (
                f.name().unwrap().to_string(),
                String::from_utf8_lossy(&b).into_owned(),
            )
        })
        .collect()
}

fn part(xlsx: &Path, name: &str) -> String {
    parts(xlsx)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not in {}", xlsx.display()))
        .1
}

/// The value of `attr` in the first `<tag …>` of `xml`.
fn attr(xml: &str, tag: &str, attr: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let el = &xml[start..start + xml[start..].find('>')?];
    let k = format!(" {attr}=\"");
    let v = &el[el.find(&k)? + k.len()..];
    Some(v[..v.find('"')?].to_string())
}

/// A sheet of the workbook: its name, its part, whether hidden, whether a chart sheet.
struct Sheet {
    name: String,
    part: String,
    hidden: bool,
    chart: bool,
}

fn sheets(xlsx: &Path) -> Vec<Sheet> {
    let wb = part(xlsx, "xl/workbook.xml");
    let rels = part(xlsx, "xl/_rels/workbook.xml.rels");
    wb.split("<sheet ")
        .skip(1)
        .map(|s| {
            let el = format!("<sheet {}>", &s[..s.find("/>").unwrap()]);
            let name = attr(&el, "sheet", "name").unwrap();
            let id = attr(&el, "sheet", "r:id").unwrap();
            let rel = rels
                .split("<Relationship ")
                .find(|r| r.contains(&format!("Id=\"{id}\"")))
                .unwrap();
            let target = attr(&format!("<Relationship {rel}"), "Relationship", "Target").unwrap();
            Sheet {
                name,
                part: format!("xl/{target}"),
                hidden: el.contains("state=\"hidden\""),
                chart: target.starts_with("chartsheets/"),
            }
        })
        .collect()
}

/// The print titles of each sheet (`_xlnm.Print_Titles`, by the sheet's position).
fn print_titles(xlsx: &Path) -> Vec<(usize, String)> {
    defined(xlsx, "_xlnm.Print_Titles")
}

fn defined(xlsx: &Path, name: &str) -> Vec<(usize, String)> {
    let wb = part(xlsx, "xl/workbook.xml");
    wb.split("<definedName ")
        .skip(1)
        .filter(|d| d.starts_with(&format!("name=\"{name}\"")))
        .map(|d| {
            let id = attr(&format!("<x {d}"), "x", "localSheetId").unwrap();
            let v = &d[d.find('>').unwrap() + 1..d.find("</definedName>").unwrap()];
            (id.parse().unwrap(), v.to_string())
        })
        .collect()
}

/// Checks the page setup of a worksheet or chart sheet: A4 in `orientation`; a worksheet
/// one page wide and as many tall as it takes (排名: one page); the page numbers in the footer and, when
/// given, the title in the header.
fn assert_prints(xlsx: &Path, s: &Sheet, orientation: &str, title: Option<&str>) {
    let xml = part(xlsx, &s.part);
    let who = format!("{} {}", xlsx.display(), s.name);
    assert_eq!(
        attr(&xml, "pageSetup", "paperSize").as_deref(),
        Some("9"),
        "{who}: {xml}"
    );
    assert_eq!(
        attr(&xml, "pageSetup", "orientation").as_deref(),
        Some(orientation),
        "{who}"
    );
    if !s.chart {
        // fitToWidth is 1 when absent (its default in the schema).
        assert!(
            matches!(
                attr(&xml, "pageSetup", "fitToWidth").as_deref(),
                None | Some("1")
            ),
            "{who}"
        );
        // The ranking of 42 offices (with its notes) on one page: fitToHeight 1, which is
        // the schema's default when absent; every other sheet as many pages tall as it takes.
        let tall = attr(&xml, "pageSetup", "fitToHeight");
        if s.name == "排名" {
            assert!(
                matches!(tall.as_deref(), None | Some("1")),
                "{who}: {tall:?}"
            );
        } else {
            assert_eq!(tall.as_deref(), Some("0"), "{who}");
        }
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{who}");
    }
    let footer = xml
        .split("<oddFooter>")
        .nth(1)
        .and_then(|f| f.split("</oddFooter>").next())
        .unwrap_or_else(|| panic!("{who}: no footer"));
    assert_eq!(footer, "&amp;C第 &amp;P 页 共 &amp;N 页", "{who}");
    if let Some(t) = title {
        assert!(
            xml.contains(&format!("<oddHeader>&amp;C{t}</oddHeader>")),
            "{who}: {xml}"
        );
    }
}

#[test]
fn every_sheet_of_the_export_prints_on_a4_landscape_one_page_wide() {
    let dir = workspace();
    for audience in ["internal", "offices"] {
        let out = export(dir.path(), audience, &[]);
        let all = sheets(&out);
        for s in &all {
            assert_prints(&out, s, "landscape", Some(TITLE));
        }
        // The header rows on every page, and the office's column on the wide matrices.
        let titles = print_titles(&out);
        let want = |name: &str| -> Option<String> {
            Some(
                match name {
                    "排名" => "排名!$4:$4",
                    "任务失分" => "任务失分!$A:$A,任务失分!$3:$3",
                    "指标得分" => "指标得分!$A:$A,指标得分!$3:$3",
                    "核定记录" => "核定记录!$1:$1",
                    "导入情况" => "导入情况!$1:$1",
                    "指标体系" => "指标体系!$1:$1",
                    "稳定性" => "稳定性!$6:$6",
                    "同比" => "同比!$5:$5",
                    _ => return None,
                }
                .to_string(),
            )
        };
        for (k, s) in all.iter().enumerate() {
            let got = titles.iter().find(|(i, _)| *i == k).map(|(_, v)| v.clone());
            assert_eq!(got, want(&s.name), "{audience} {}", s.name);
        }
        assert!(all.iter().any(|s| s.chart), "{audience}: the chart sheet");
    }
}

/// The ranking as `score` gives it: office names, highest first.
fn ranking(dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let csv = kaoping()
        .args(["score", "--format", "csv"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8(csv.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_string(), f[2].to_string())
        })
        .collect()
}

/// The `<c:pt>` values of a chart's cache, in order.
fn points(cache: &str) -> Vec<String> {
    cache
        .split("<c:v>")
        .skip(1)
        .map(|v| v[..v.find("</c:v>").unwrap()].to_string())
        .collect()
}

#[test]
fn the_chart_draws_the_top_office_at_the_top_with_no_axis_reversed() {
    let dir = workspace();
    let want = ranking(dir.path(), &[]);
    assert_eq!(want.len(), 42);
    for audience in ["internal", "offices"] {
        let out = export(dir.path(), audience, &[]);
        let chart = part(&out, "xl/charts/chart1.xml");
        // No axis reversed: a bar chart draws its first category at the bottom, and values
        // grow rightwards from the left.
        assert!(!chart.contains("maxMin"), "{chart}");
        assert_eq!(chart.matches("<c:orientation val=\"minMax\"/>").count(), 2);
        assert!(chart.contains("<c:barDir val=\"bar\"/>"));
        // So the first category is the lowest total, the last the top office.
        let cat = chart.split("<c:cat>").nth(1).unwrap();
        let cat = &cat[..cat.find("</c:cat>").unwrap()];
        let val = chart.split("<c:val>").nth(1).unwrap();
        let val = &val[..val.find("</c:val>").unwrap()];
        let names = points(cat);
        let totals: Vec<f64> = points(val).iter().map(|v| v.parse().unwrap()).collect();
        let mut rev: Vec<String> = want.iter().map(|(n, _)| n.clone()).collect();
        rev.reverse();
        assert_eq!(names, rev, "{audience}");
        let lowest = want
            .iter()
            .map(|(_, t)| t.parse::<f64>().unwrap())
            .fold(f64::MAX, f64::min);
        assert_eq!(totals[0], lowest);
        assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{totals:?}");
        assert_eq!(totals[41], want[0].1.parse::<f64>().unwrap());
        // The data is in hidden columns of 排名, and the chart plots hidden data: Excel
        // writes no plotVisOnly then (its absence is "show data in hidden rows and
        // columns"; `val="1"` would leave the bars out).
        let f = cat.split("<c:f>").nth(1).unwrap();
        let f = &f[..f.find("</c:f>").unwrap()];
        assert_eq!(f, "排名!$N$5:$N$46");
        assert!(!chart.contains("plotVisOnly"), "{chart}");
        let sheet1 = part(&out, "xl/worksheets/sheet1.xml");
        assert!(
            sheet1.contains("<col min=\"14\" max=\"14\"") && sheet1.contains("hidden=\"1\""),
            "{sheet1}"
        );
        for c in [14, 15] {
            let col = sheet1
                .split("<col ")
                .find(|s| s.starts_with(&format!("min=\"{c}\" max=\"{c}\"")))
                .unwrap_or_else(|| panic!("column {c}"));
            assert!(col[..col.find("/>").unwrap()].contains("hidden=\"1\""));
        }
        // Each bar says its office and total.
        assert!(chart.contains("<c:showCatName val=\"1\"/>"), "{chart}");
        assert!(chart.contains("<c:showVal val=\"1\"/>"), "{chart}");
    }
}

/// Every text of `xlsx` a search must not find: each part, and its name.
fn assert_nowhere(xlsx: &Path, needle: &str) {
    for (name, text) in parts(xlsx) {
        assert!(
            !name.contains(needle) && !text.contains(needle),
            "{needle:?} in {}: {name}",
            xlsx.display()
        );
    }
}

fn somewhere(xlsx: &Path, needle: &str) -> bool {
    parts(xlsx).iter().any(|(_, t)| t.contains(needle))
}

#[test]
fn the_workbook_for_the_offices_holds_only_what_may_be_forwarded() {
    let dir = workspace();
    let internal = export(dir.path(), "internal", &[]);
    let offices = export(dir.path(), "offices", &[]);
    let names = |p: &Path| -> Vec<String> { sheets(p).into_iter().map(|s| s.name).collect() };
    assert_eq!(
        names(&internal),
        [
            "排名",
            "任务失分",
            "指标得分",
            "核定记录",
            "导入情况",
            "指标体系",
            "总分图",
            "稳定性"
        ]
    );
    assert_eq!(names(&offices), ["排名", "任务失分", "指标体系", "总分图"]);

    // What headquarters keeps: the folder's path, the returns' names and hashes, who decided
    // and who exported. The internal workbook holds each (so the search finds them).
    let folder = dir.path().display().to_string();
    let custom = part(&internal, "docProps/custom.xml");
    let hashes: Vec<String> = custom
        .split("<vt:lpwstr>")
        .skip(1)
        .map(|v| v[..v.find('<').unwrap()].to_string())
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
        .collect();
    assert_eq!(hashes.len(), 42, "{custom}");
    let files: Vec<String> = std::fs::read_dir(root().join("samples/2018"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for needle in [
        "张三",
        "李四",
        "经核查属实",
        hashes[0].as_str(),
        files[0].as_str(),
    ] {
        assert!(somewhere(&internal, needle), "{needle}");
    }
    assert!(somewhere(&internal, &folder) || files.iter().all(|f| somewhere(&internal, f)));
    for needle in ["张三", "李四", "经核查属实", "kaoping.db", &folder] {
        assert_nowhere(&offices, needle);
    }
    for h in &hashes {
        assert_nowhere(&offices, h);
    }
    for f in &files {
        assert_nowhere(&offices, f);
    }
    // No notes at all, no custom property but kaoping's own mark, no author.
    assert!(parts(&offices)
        .iter()
        .all(|(n, _)| !n.contains("comments") && !n.contains("vmlDrawing")));
    let custom = part(&offices, "docProps/custom.xml");
    assert_eq!(custom.matches("<property ").count(), 1, "{custom}");
    assert!(custom.contains("name=\"kaoping-export\""), "{custom}");
    assert!(part(&internal, "docProps/custom.xml").contains("name=\"kaoping-export\""));
    let core = part(&offices, "docProps/core.xml");
    assert!(core.contains("<dc:creator></dc:creator>"), "{core}");
    assert!(
        core.contains(&format!("<dc:title>{TITLE}</dc:title>")),
        "{core}"
    );

    // The results are the same: 排名 with the 等次, the veto decided shown as it counts.
    let read = |p: &Path| -> Vec<Vec<String>> {
        let mut wb: Xlsx<_> = open_workbook(p).unwrap();
        let r = wb.worksheet_range("排名").unwrap();
        (4..46u32)
            .map(|row| {
                (0..5u32)
                    .map(|c| {
                        r.get_value((row, c))
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect()
    };
    let (a, b) = (read(&internal), read(&offices));
    assert_eq!(a.len(), 42);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x[..4], y[..4]);
    }
    let beijing = b.iter().find(|r| r[1] == "北京海关").unwrap();
    assert_eq!(beijing[3], "良好（一票否决）");
    assert_eq!(beijing[4], "是");
    // And the ranking's own rows do not send the reader to a sheet that is not there.
    let mut wb: Xlsx<_> = open_workbook(&offices).unwrap();
    let r = wb.worksheet_range("排名").unwrap();
    assert!(!r
        .used_cells()
        .any(|(_, _, c)| c.to_string().contains("导入情况")));
}

/// The 注 under the ranking, its paragraphs in order.
fn notes(xlsx: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(xlsx).unwrap();
    let r = wb.worksheet_range("排名").unwrap();
    let start = (0..=r.end().unwrap().0)
        .find(|&row| r.get_value((row, 0)) == Some(&Data::String("注：".into())))
        .expect("注");
    (start + 1..=r.end().unwrap().0)
        .map(|row| {
            r.get_value((row, 0))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_note_under_the_ranking_states_the_sets_grades_veto_and_quota() {
    let dir = workspace();
    let out = export(dir.path(), "offices", &[]);
    assert_eq!(
        notes(&out),
        [
            "1. 等次按总分评定——优秀：90 分及以上；良好：80 分及以上、不足 90 分；合格：60 分及以上、不足 80 分；不合格：不足 60 分。",
            "2. 一票否决：有一票否决事项的单位，等次最高为良好——按总分应为优秀的评为良好，其余按总分评定；等次后注明“（一票否决）”，如“良好（一票否决）”。",
        ]
    );
    // Another set: other thresholds, a quota of the top 等次, ranked by 等次 first.
    let set = std::fs::read_to_string(root().join("indicators/2018.toml"))
        .unwrap()
        .replacen("min = 90", "min = \"92.5\"", 1)
        .replacen("min = 80", "min = 75", 1)
        .replacen("min = 60", "min = 55", 1)
        .replacen(
            "[grades]\n",
            "[grades]\nexcellent_max_share = \"0.25\"\n",
            1,
        )
        .replacen("order = \"total\"", "order = \"grade\"", 1);
    let toml = dir.path().join("set.toml");
    std::fs::write(&toml, set).unwrap();
    let toml = toml.display().to_string();
    let out = export(dir.path(), "internal", &["--indicators", &toml]);
    let n = notes(&out);
    assert!(n[0].contains("优秀：92.5 分及以上；良好：75 分及以上、不足 92.5 分；合格：55 分及以上、不足 75 分；不合格：不足 55 分"), "{n:?}");
    assert!(n[1].contains("等次最高为良好"), "{n:?}");
    assert!(
        n[2].starts_with(
            "3. 优秀比例：优秀单位不超过有效报送单位的 25%（本次有效报送 42 个，至多 10 个）"
        ),
        "{n:?}"
    );
    assert!(n[2].contains("良好（超出优秀比例）"), "{n:?}");
    assert_eq!(n[3], "4. 排列顺序：先按等次，再按总分从高到低。");
    assert_eq!(n.len(), 4);
    // Each paragraph runs across the table, wrapped, in a row tall enough for its lines.
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert_eq!(xml.matches("<mergeCell ref=\"A").count(), 4, "{xml}");
}

#[test]
fn the_checklist_prints_landscape_with_rows_as_tall_as_their_text() {
    let dir = workspace();
    let out = dir.path().join("抽查清单.xlsx");
    kaoping()
        .arg("sample")
        .arg(dir.path())
        .args([
            "--per-office",
            "3",
            "--seed",
            "2018",
            "--evaluator",
            "张三",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let title = "2018年度直属海关政务公开考核评估抽查清单";
    let all = sheets(&out);
    assert_eq!(all.len(), 2);
    assert_prints(&out, &all[0], "landscape", Some(title));
    assert_prints(&out, &all[1], "portrait", Some(title));
    assert_eq!(print_titles(&out), [(0, "抽查清单!$1:$3".to_string())]);
    // No row of wrapped text shorter than its lines: a 事项 wider than its column (24) is in
    // a row at least two lines tall, and no data row has a fixed height of one line.
    let xml = part(&out, &all[0].part);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let r = wb.worksheet_range("抽查清单").unwrap();
    let mut tall = 0;
    for row in 3..=r.end().unwrap().0 {
        let name = r
            .get_value((row, 2))
            .map(|d| d.to_string())
            .unwrap_or_default();
        let width = unicode_width::UnicodeWidthStr::width(name.as_str());
        let el = xml
            .split("<row ")
            .find(|s| s.starts_with(&format!("r=\"{}\"", row + 1)))
            .unwrap();
        let el = &el[..el.find('>').unwrap()];
        let ht: Option<f64> = attr(&format!("<row {el}>"), "row", "ht").map(|h| h.parse().unwrap());
        if width > 23 {
            let lines = width.div_ceil(23) as f64;
            assert!(
                ht.is_some_and(|h| h >= 15.0 * lines),
                "row {}: {name} {ht:?}",
                row + 1
            );
            tall += 1;
        } else if let Some(h) = ht {
            assert!(h >= 18.0, "row {}: {h}", row + 1);
        }
    }
    assert!(tall > 10, "{tall}");
}

#[test]
fn the_findings_form_and_the_return_template_print_one_page_wide() {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("核查记录.xlsx");
    kaoping()
        .args(["findings", "template", "--out"])
        .arg(&form)
        .assert()
        .success();
    let all = sheets(&form);
    let shown: Vec<&Sheet> = all.iter().filter(|s| !s.hidden).collect();
    assert_eq!(shown.len(), 2);
    for s in &shown {
        assert_prints(
            &form,
            s,
            "landscape",
            Some("2018年度直属海关政务公开考核评估核查记录"),
        );
    }
    let titles = print_titles(&form);
    assert!(
        titles.contains(&(0, "核查记录!$1:$1".to_string())),
        "{titles:?}"
    );
    assert!(
        titles.contains(&(1, "说明!$7:$7".to_string())),
        "{titles:?}"
    );

    kaoping()
        .args(["template", "--office", "北京海关", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let ret = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("北京海关"))
        .unwrap();
    let all = sheets(&ret);
    assert_eq!(all.len(), 2);
    for s in &all {
        assert_prints(
            &ret,
            s,
            "landscape",
            Some("2018年度海关政务公开考核评估自评表"),
        );
    }
    let mut titles = print_titles(&ret);
    titles.sort();
    assert_eq!(
        titles,
        [
            (0, "自评表!$4:$4".to_string()),
            (1, "时效明细!$1:$1".to_string())
        ]
    );
    // 时效明细 prints its table, not the notes beside it.
    assert_eq!(
        defined(&ret, "_xlnm.Print_Area"),
        [(1, "时效明细!$A:$F".to_string())]
    );
}

#[test]
fn a_title_with_an_ampersand_is_written_as_text_in_the_page_header() {
    let dir = workspace();
    let set = std::fs::read_to_string(root().join("indicators/2018.toml"))
        .unwrap()
        .replacen(
            "assessment = \"直属海关政务公开考核评估\"",
            "assessment = \"直属海关&P政务公开考核评估\"",
            1,
        );
    let toml = dir.path().join("set.toml");
    std::fs::write(&toml, set).unwrap();
    let toml = toml.display().to_string();
    let out = export(dir.path(), "offices", &["--indicators", &toml]);
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<oddHeader>&amp;C2018年度直属海关＆P政务公开考核评估结果汇总表</oddHeader>"),
        "{xml}"
    );
}

#[test]
fn an_empty_folder_still_gives_the_offices_every_sheet_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "offices", &[]);
    let all = sheets(&out);
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["排名", "任务失分", "指标体系", "总分图"]);
    for s in &all {
        // With no chart, 总分图 is a worksheet saying why; it prints as the others.
        assert!(!s.chart);
        assert_prints(&out, s, "landscape", Some(TITLE));
    }
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    for name in ["排名", "任务失分", "总分图"] {
        let r = wb.worksheet_range(name).unwrap();
        let texts: Vec<String> = r.used_cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(
            texts.iter().any(|t| t == "没有有效报送"),
            "{name}: {texts:?}"
        );
        assert!(
            !texts.iter().any(|t| t.contains("导入情况")),
            "{name}: {texts:?}"
        );
    }
    // The 注 stands under the empty ranking all the same.
    assert_eq!(notes(&out).len(), 2);
}
