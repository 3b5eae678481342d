//! The circular (通报) and the feedback letters (反馈意见) read back: `word/document.xml`
//! unzipped and its plain text extracted. The 等次 counts, the 优秀 names, the mean and every
//! office's lost points equal `score --format json`'s; the circular's text for the samples is
//! a snapshot; every placeholder is filled or the command fails naming it; hostile text from
//! a return stays literal text (no field code, no broken XML). No office suite is needed.

use assert_cmd::Command;
use kaoping::data::DataSet;
use kaoping::export::template::{self, ITEMS_SHEET, MAIN_SHEET};
use rust_decimal::Decimal;
use serde_json::Value;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::str::FromStr;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> PathBuf {
    root().join("samples/2018")
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

const DATE: &str = "2026-11-27";

/// Runs kaoping in a child under a 1 GB address-space limit.
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

fn part(docx: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|e| panic!("{}: {name}: {e}", docx.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The text of `word/document.xml`: one line per paragraph, a table row as its cells'
/// texts joined with ` | `; a line break inside a paragraph is `⏎`, a tab `\t`.
pub(crate) fn plain_text(docx: &Path) -> Vec<String> {
    use quick_xml::events::Event;
    let xml = part(docx, "word/document.xml");
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut lines = Vec::new();
    let (mut para, mut cells) = (String::new(), Vec::<String>::new());
    let (mut in_text, mut in_row, mut cell) = (false, false, String::new());
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().into_inner() == "w:br" => {
                let page = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.into_inner() == "w:type" && &*a.value == "page");
                if !page {
                    para.push('⏎');
                }
            }
            Event::Empty(e) if e.name().into_inner() == "w:tab" => para.push('\t'),
            Event::Start(e) => match e.name().into_inner() {
                "w:t" => in_text = true,
                "w:tr" => {
                    in_row = true;
                    cells.clear();
                }
                "w:tc" => cell.clear(),
                "w:p" => para.clear(),
                _ => {}
            },
            Event::Empty(e) if e.name().into_inner() == "w:p" && !in_row => {
                lines.push(String::new());
            }
            Event::Text(t) if in_text => para.push_str(&t.into_inner()),
            Event::GeneralRef(g) if in_text => {
                let name = g.into_inner();
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    n if n.starts_with("#x") => {
                        char::from_u32(u32::from_str_radix(&n[2..], 16).unwrap()).unwrap()
                    }
                    n if n.starts_with('#') => char::from_u32(n[1..].parse().unwrap()).unwrap(),
                    other => panic!("unknown reference &{other};"),
                };
                para.push(c);
            }
            Event::End(e) => match e.name().into_inner() {
                "w:t" => in_text = false,
                "w:p" => {
                    if in_row {
                        if !cell.is_empty() {
                            cell.push('⏎');
                        }
                        cell.push_str(&para);
                    } else {
                        lines.push(para.clone());
                    }
                    para.clear();
                }
                "w:tc" => cells.push(cell.clone()),
                "w:tr" => {
                    in_row = false;
                    lines.push(cells.join(" | "));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    lines
}

/// Every XML part parses, holds only what XML allows, and the body has no field at all:
/// no `fldSimple`, `fldChar` or `instrText` (the only field is the page number, in the
/// footers).
fn assert_well_formed(docx: &Path) {
    use quick_xml::events::Event;
    let is_field = |n: &str| matches!(n, "w:fldSimple" | "w:fldChar" | "w:instrText");
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')),
            "{name} holds a control character"
        );
        let mut r = quick_xml::Reader::from_str(&text);
        let mut depth = 0usize;
        loop {
            match r
                .read_event()
                .unwrap_or_else(|e| panic!("{name} at {}: {e}", r.buffer_position()))
            {
                Event::Start(e) => {
                    depth += 1;
                    let n = e.name().into_inner();
                    assert!(name != "word/document.xml" || !is_field(n), "a field");
                }
                Event::Empty(e) => {
                    let n = e.name().into_inner();
                    assert!(name != "word/document.xml" || !is_field(n), "a field");
                }
                Event::End(_) => depth -= 1,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "{name}");
    }
}

fn score_json(dir: &Path) -> Value {
    let out = kaoping()
        .args(["score", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn circular(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    kaoping()
        .args(["circular", "--date", DATE, "--evaluator", "李四", "--out"])
        .arg(out)
        .args(extra)
        .arg(dir)
        .output()
        .unwrap()
}

fn feedback(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    kaoping()
        .args(["feedback", "--date", DATE, "--out"])
        .arg(out)
        .args(extra)
        .arg(dir)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn line_with<'a>(lines: &'a [String], what: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no line with {what}:\n{}", lines.join("\n")))
}

/// The text between `after` and the next `until` in `s`.
fn between<'a>(s: &'a str, after: &str, until: &str) -> &'a str {
    let start = s.find(after).unwrap_or_else(|| panic!("{after} in {s}")) + after.len();
    let rest = &s[start..];
    &rest[..rest.find(until).unwrap_or(rest.len())]
}

fn ranked(v: &Value) -> Vec<&Value> {
    v["offices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "ranked")
        .collect()
}

/// The samples with a veto decided and a score decided, so that the documents show both.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(samples()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    for args in [
        [
            "深圳海关",
            "V1",
            "--veto",
            "是",
            "门户网站公开的处罚决定书未去标识化",
        ],
        ["广州海关", "A3", "--score", "1", "佐证材料不足，核定为1分"],
    ] {
        kaoping()
            .arg("adjust")
            .arg(dir.path())
            .args([
                "--office",
                args[0],
                "--indicator",
                args[1],
                args[2],
                args[3],
            ])
            .args(["--reason", args[4], "--evaluator", "张三"])
            .assert()
            .success();
    }
    dir
}

#[test]
fn the_circulars_numbers_and_names_are_scores() {
    let ws = workspace();
    let dir = ws.path();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("通报.docx");
    let o = circular(dir, &out, &["--with-scores"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), out.display().to_string());
    assert_well_formed(&out);
    let lines = plain_text(&out);
    let v = score_json(dir);
    let offices = ranked(&v);
    // The title, from the set's year and assessment.
    assert_eq!(
        lines[0].replace('⏎', ""),
        "关于2018年度直属海关政务公开考核评估情况的通报（征求意见稿）"
    );
    // 等次 counts.
    let counts = between(line_with(&lines, "经考核评估，"), "经考核评估，", "。");
    for g in ["优秀", "良好", "合格", "不合格"] {
        let n = offices.iter().filter(|o| o["grade"] == g).count();
        assert!(counts.contains(&format!("{g}{n}个")), "{g}: {counts}");
    }
    // The mean of the totals, to two decimals.
    let totals: Vec<Decimal> = offices
        .iter()
        .map(|o| Decimal::from_str(o["total"].as_str().unwrap()).unwrap())
        .collect();
    let mean = (totals.iter().sum::<Decimal>() / Decimal::from(totals.len()))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert!(
        line_with(&lines, "平均得分").contains(&format!("平均得分{mean:.2}分")),
        "{mean}"
    );
    // The 优秀 offices, in registry order (排名不分先后).
    let excellent: Vec<&str> = offices
        .iter()
        .filter(|o| o["grade"] == "优秀")
        .map(|o| o["office"].as_str().unwrap())
        .collect();
    let listed = between(line_with(&lines, "排名不分先后"), "）：", "。");
    let mut got: Vec<&str> = listed.split('、').collect();
    let data = DataSet::builtin();
    let pos = |n: &str| data.registry.offices.iter().position(|o| o.name == n);
    assert!(got.windows(2).all(|w| pos(w[0]) < pos(w[1])), "{listed}");
    got.sort();
    let mut want = excellent.clone();
    want.sort();
    assert_eq!(got, want);
    // The vetoed office, named as such.
    assert!(line_with(&lines, "一票否决事项").starts_with("深圳海关"));
    // The attachment: every office with its 总分, 名次 and 等次, as score gives them.
    for o in v["offices"].as_array().unwrap() {
        let name = o["office"].as_str().unwrap();
        let row = lines
            .iter()
            .find(|l| l.split(" | ").nth(1) == Some(name))
            .unwrap_or_else(|| panic!("no row for {name}"));
        let cells: Vec<&str> = row.split(" | ").collect();
        if o["status"] == "ranked" {
            assert_eq!(cells[2], o["total"], "{name}");
            assert_eq!(cells[3], o["rank"].to_string(), "{name}");
        }
        assert_eq!(cells[4], o["grade_label"], "{name}");
    }
    // Every placeholder was filled.
    assert!(!lines.iter().any(|l| l.contains('{') || l.contains('}')));
    // The document's properties.
    let core = part(&out, "docProps/core.xml");
    assert!(core.contains("<dc:creator>李四</dc:creator>"), "{core}");
    assert!(core.contains("关于2018年度直属海关政务公开考核评估情况的通报（征求意见稿）"));
    assert!(core.contains(&format!("kaoping {}", env!("CARGO_PKG_VERSION"))));
    // The 公文 fonts are named in the runs and in the font table.
    let doc = part(&out, "word/document.xml");
    for f in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(doc.contains(&format!("w:eastAsia=\"{f}\"")), "{f}");
    }
    let fonts = part(&out, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
    // The page number: a PAGE field between dashes, in the footers only.
    let footer = part(&out, "word/footer1.xml");
    assert!(footer.contains("— ") && footer.contains("PAGE") && footer.contains(" —"));
    // A4, margins 37 / 35 / 28 / 26 mm.
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "page size"
    );
    assert!(doc.contains(r#"w:top="2098""#) && doc.contains(r#"w:bottom="1984""#));
    assert!(doc.contains(r#"w:left="1587""#) && doc.contains(r#"w:right="1474""#));
}

#[test]
fn listed_by_rank_the_excellent_offices_follow_the_ranking() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("c.docx");
    let o = circular(&samples(), &out, &["--list", "rank"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lines = plain_text(&out);
    let v = score_json(&samples());
    let want: Vec<&str> = ranked(&v)
        .iter()
        .filter(|o| o["grade"] == "优秀")
        .map(|o| o["office"].as_str().unwrap())
        .collect();
    let listed = between(line_with(&lines, "按名次排列"), "）：", "。");
    assert_eq!(listed.split('、').collect::<Vec<_>>(), want);
    // Without --with-scores, the attachment gives the 等次 only.
    let header = line_with(&lines, "序号 | ");
    assert_eq!(header, "序号 | 单位 | 等次");
}

#[test]
fn the_circular_for_the_samples() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("c.docx");
    let o = circular(&samples(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    insta::assert_snapshot!("circular_2018", plain_text(&out).join("\n"));
}

#[test]
fn every_feedback_letter_gives_the_offices_lost_points_as_score_does() {
    let ws = workspace();
    let dir = ws.path();
    let out = tempfile::tempdir().unwrap();
    let o = feedback(dir, out.path(), &["--with-rank"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = score_json(dir);
    let offices = ranked(&v);
    let written: Vec<String> = text(&o.stdout).lines().map(str::to_string).collect();
    assert_eq!(written.len(), offices.len());
    for office in offices {
        let name = office["office"].as_str().unwrap();
        let path = out
            .path()
            .join(format!("2018年度政务公开考核评估反馈意见（{name}）.docx"));
        assert!(written.contains(&path.display().to_string()), "{name}");
        assert_well_formed(&path);
        let lines = plain_text(&path);
        assert_eq!(
            lines[0].replace('⏎', ""),
            format!("2018年度政务公开考核评估反馈意见（{name}）")
        );
        let result = line_with(&lines, "你关总分");
        assert!(
            result.contains(&format!("你关总分{}分", office["total"].as_str().unwrap())),
            "{result}"
        );
        assert!(
            result.contains(&format!(
                "等次为{}",
                office["grade_label"].as_str().unwrap()
            )),
            "{result}"
        );
        assert!(
            result.contains(&format!("列第{}名", office["rank"])),
            "{result}"
        );
        // The table of lost points: every indicator with points lost, and no other.
        let want: Vec<(String, String)> = office["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["lost"].as_str().is_some_and(|l| l != "0.00"))
            .map(|i| {
                (
                    i["id"].as_str().unwrap().to_string(),
                    i["lost"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("指标 | 分值 | 自评分 | 最终得分 | 失分 | 原因"));
        let got: Vec<(String, String)> = match start {
            None => Vec::new(),
            Some(s) => lines[s + 1..]
                .iter()
                .take_while(|l| l.contains(" | "))
                .map(|l| {
                    let c: Vec<&str> = l.split(" | ").collect();
                    let id = c[0].split(' ').next().unwrap().to_string();
                    let ind = office["indicators"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|i| i["id"] == id.as_str())
                        .unwrap();
                    assert_eq!(c[1], ind["points"], "{name} {id}");
                    assert_eq!(c[3], ind["final"], "{name} {id}");
                    let claimed = ind["self_assessed"].as_str().unwrap_or("");
                    assert_eq!(c[2], claimed, "{name} {id}");
                    assert!(!c[5].is_empty(), "{name} {id}: a reason");
                    (id, c[4].to_string())
                })
                .collect(),
        };
        assert_eq!(got, want, "{name}");
        if want.is_empty() {
            line_with(&lines, "各项指标均未失分");
        }
        // The score sheet ends with lines to sign.
        for sign in ["评分人：", "复核人：", "日\u{3000}期："] {
            line_with(&lines, sign);
        }
        line_with(&lines, "【待补充】");
    }
    // The reasons in words: a decision's reason, a timeliness note.
    let gz = plain_text(
        &out.path()
            .join("2018年度政务公开考核评估反馈意见（广州海关）.docx"),
    );
    assert!(line_with(&gz, "A3 ").contains("核定理由：佐证材料不足，核定为1分"));
    assert!(line_with(&gz, "A6 ").contains("超时："));
    let sz = plain_text(
        &out.path()
            .join("2018年度政务公开考核评估反馈意见（深圳海关）.docx"),
    );
    assert!(line_with(&sz, "你关总分").contains("良好（一票否决）"));
}

/// A folder with two samples and the return of 拉萨海关 whose 时效明细 item has a hostile
/// name, published late.
fn hostile_workspace(name: &str, note: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["广州海关", "深圳海关"] {
        let p = std::fs::read_dir(samples())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(part))
            .unwrap();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let data = DataSet::builtin();
    let mut wb = template::build(&data, "拉萨海关").unwrap();
    let a6 = data
        .set
        .indicators
        .iter()
        .position(|i| i.id == "A6")
        .unwrap() as u32;
    let main = wb.worksheet_from_name(MAIN_SHEET).unwrap();
    main.write_string(template::FIRST_ROW + a6, 10, note)
        .unwrap();
    let items = wb.worksheet_from_name(ITEMS_SHEET).unwrap();
    let day = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let date = |m, d| rust_xlsxwriter::ExcelDateTime::from_ymd(2018, m, d).unwrap();
    items.write_string(1, 0, "A6").unwrap();
    items.write_string(1, 1, name).unwrap();
    items
        .write_datetime_with_format(1, 2, date(3, 1), &day)
        .unwrap();
    items
        .write_datetime_with_format(1, 3, date(4, 20), &day)
        .unwrap();
    wb.save(dir.path().join("拉萨海关.xlsx")).unwrap();
    dir
}

#[test]
fn hostile_text_from_a_return_stays_literal_text() {
    let name = "<w:fldSimple w:instr=\"PAGE\"/>{ PAGE }&amp;\u{1}\u{1b}[31m]]>";
    let note = "<w:fldSimple w:instr=\"NUMPAGES\"/>{ NUMPAGES }\u{7}";
    let ws = hostile_workspace(name, note);
    let dir = ws.path();
    kaoping()
        .arg("adjust")
        .arg(dir)
        .args(["--office", "拉萨海关", "--indicator", "A3", "--score", "0"])
        .args([
            "--reason",
            "{ PAGE } <w:instrText>PAGE</w:instrText> & 核定",
        ])
        .assert()
        .success();
    let out = tempfile::tempdir().unwrap();
    let o = run_limited(&[
        "feedback".as_ref(),
        "--office".as_ref(),
        "拉萨海关".as_ref(),
        "--out".as_ref(),
        out.path().as_os_str(),
        dir.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let letter = out
        .path()
        .join("2018年度政务公开考核评估反馈意见（拉萨海关）.docx");
    assert_well_formed(&letter);
    let all = plain_text(&letter).join("\n");
    // The item's name, as text: its control characters as visible symbols.
    let shown = "<w:fldSimple w:instr=\"PAGE\"/>{ PAGE }&amp;␁␛[31m]]>";
    assert!(all.contains(&format!("超时：{shown}用时")), "{all}");
    assert!(all.contains("核定理由：{ PAGE } <w:instrText>PAGE</w:instrText> & 核定"));
    // The circular of the same folder is well formed too.
    let c = out.path().join("c.docx");
    let o = circular(dir, &c, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_well_formed(&c);
}

#[test]
fn every_placeholder_is_filled_or_the_command_fails_naming_it() {
    let out_dir = tempfile::tempdir().unwrap();
    let t = out_dir.path().join("t.txt");
    let out = out_dir.path().join("c.docx");
    // An unknown placeholder: exit 2, named with the file and the line, nothing written.
    std::fs::write(&t, "@title 通报\n@p 共{offices}个单位，{no_such_thing}。\n").unwrap();
    let o = circular(&samples(), &out, &["--template", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("第 2 行：未知的占位符 {no_such_thing}"),
        "{err}"
    );
    assert!(err.contains("t.txt"), "{err}");
    assert!(!out.exists());
    // A brace left open.
    std::fs::write(&t, "@p 共{offices个单位\n").unwrap();
    let o = circular(&samples(), &out, &["--template", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("缺少右花括号"));
    // One that cannot be filled: the mean of no office.
    let empty = tempfile::tempdir().unwrap();
    let o = circular(empty.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("占位符 {mean_total} 无法填写：没有有效报送的单位"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists());
    // A template of its own is used as written, its braces escaped.
    std::fs::write(
        &t,
        "@title 关于{year}年度的通报\n@p 有效报送{received}个，{{原文}}。\n@right 办公厅\n@right {date}\n",
    )
    .unwrap();
    let o = circular(&samples(), &out, &["--template", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        plain_text(&out),
        [
            "关于2018年度的通报",
            "有效报送42个，{原文}。",
            "办公厅",
            "2026年11月27日",
        ]
    );
    // A template over the size bound of data files, and one that is not a file.
    let big = out_dir.path().join("big.txt");
    std::fs::write(&big, "@p x\n".repeat(600_000)).unwrap();
    for bad in [&big, out_dir.path()] {
        let o = circular(&samples(), &out, &["--template", bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", bad.display());
        assert!(text(&o.stderr).contains("无法读取"), "{}", text(&o.stderr));
    }
}

#[test]
fn the_circular_must_be_a_docx() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("c.xlsx");
    let o = circular(&samples(), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains(".docx"));
    assert!(!out.exists());
    let o = kaoping()
        .args(["circular", "--date", "2026-13-01", "--out"])
        .arg(out_dir.path().join("c.docx"))
        .arg(samples())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn one_office_or_none_without_a_return() {
    let ws = hostile_workspace("事项", "说明");
    let dir = ws.path();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("反馈");
    // --office writes that office's letter only.
    let o = feedback(dir, &target, &["--office", "广州海关"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let files: Vec<_> = std::fs::read_dir(&target).unwrap().collect();
    assert_eq!(files.len(), 1);
    assert!(target
        .join("2018年度政务公开考核评估反馈意见（广州海关）.docx")
        .exists());
    // An office without a return is refused by name; nothing more is written.
    let o = feedback(dir, &target, &["--office", "北京海关"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("北京海关：未报送"), "{err}");
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 1);
    // Without --office: a letter per ranked office, the others listed once.
    let all = out.path().join("全部");
    let o = feedback(dir, &all, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_dir(&all).unwrap().count(), 3);
    let err = text(&o.stderr);
    assert_eq!(err.matches("未生成反馈意见").count(), 1, "{err}");
    assert!(err.contains("北京海关、天津海关"), "{err}");
    // No temporary file is left behind.
    assert!(std::fs::read_dir(&all).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));
}

#[test]
fn the_library_writes_without_a_terminal() {
    use kaoping::documents::{
        write_circular, write_feedback, CircularInfo, DocInfo, FeedbackInfo, ListOrder, Template,
        OWN_DOCX_SUFFIX,
    };
    let data = DataSet::builtin();
    let ws = hostile_workspace("事项", "说明");
    let files = kaoping::import::collect(&[ws.path().to_path_buf()]).unwrap();
    let report = kaoping::report::Report::build(&data, &files);
    let doc = DocInfo {
        author: "张三",
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    };
    let template = Template::builtin();
    let out = tempfile::tempdir().unwrap();
    let c = write_circular(
        &data,
        &report,
        &CircularInfo {
            doc,
            template: &template,
            draws: &[],
            list: ListOrder::Unordered,
            with_scores: true,
            improved: &[],
        },
        &out.path().join("通报.kaoping.docx"),
    )
    .unwrap();
    assert!(c.exists());
    let f = write_feedback(
        &data,
        &report,
        &FeedbackInfo {
            doc,
            with_rank: false,
            office: None,
            suffix: OWN_DOCX_SUFFIX,
        },
        out.path(),
    )
    .unwrap();
    assert_eq!(f.len(), 3);
    assert!(f
        .iter()
        .all(|p| p.to_string_lossy().ends_with(".kaoping.docx")));
}

/// The items of an office's indicator in the samples: (name, 起算日期).
fn sample_items(office: &str, indicator: &str) -> Vec<(String, chrono::NaiveDate)> {
    let data = DataSet::builtin();
    let file = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().contains(office))
        .unwrap();
    let report = kaoping::report::Report::build(&data, &[file]);
    let o = data.registry.find_exact(office).unwrap();
    report
        .items(o, indicator)
        .into_iter()
        .map(|(_, it)| match it.start.value {
            kaoping::domain::scoring::Field::Value(d) => (it.name.clone(), d),
            _ => panic!("a sample item has its date"),
        })
        .collect()
}

#[test]
fn spot_checks_are_counted_and_failed_items_reported() {
    use chrono::Datelike;
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path();
    for e in std::fs::read_dir(samples()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    // A checklist as `sample` writes it: 沈阳海关's D1 item found 不属实, another 属实, and
    // its claimed full mark on A2 无佐证 (decided 2.4).
    let d1 = sample_items("沈阳海关", "D1");
    let (bad, bad_start) = d1[2].clone();
    let (good, good_start) = d1[4].clone();
    let out = tempfile::tempdir().unwrap();
    let list = out.path().join("抽查清单.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("抽查清单").unwrap();
        // The checklist's header without its last column (事项编号), as a checklist made
        // before that column was added reads.
        let header = &kaoping::sample::checklist::HEADER[..13];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let day = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        let rows = [
            (
                "D1",
                bad.as_str(),
                Some(bad_start),
                "不属实",
                "答复书落款日期晚于公开日期",
            ),
            ("D1", good.as_str(), Some(good_start), "属实", ""),
            ("A2", "", None, "无佐证", "未提供佐证材料"),
        ];
        for (k, (ind, item, start, result, reason)) in rows.iter().enumerate() {
            let r = k as u32 + 1;
            ws.write_string(r, 0, "沈阳海关").unwrap();
            ws.write_string(r, 1, *ind).unwrap();
            if let Some(s) = start {
                ws.write_string(r, 2, *item).unwrap();
                let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    s.year() as u16,
                    s.month() as u8,
                    s.day() as u8,
                )
                .unwrap();
                ws.write_datetime_with_format(r, 3, &dt, &day).unwrap();
            } else {
                ws.write_number(r, 6, 4.0).unwrap();
                ws.write_number(r, 10, 2.4).unwrap();
            }
            ws.write_string(r, 9, *result).unwrap();
            if !reason.is_empty() {
                ws.write_string(r, 11, *reason).unwrap();
            }
        }
        wb.save(&list).unwrap();
    }
    kaoping()
        .args(["findings", "apply"])
        .arg(dir)
        .arg(&list)
        .args(["--evaluator", "张三"])
        .assert()
        .success();
    let before = out.path().join("before.docx");
    assert!(circular(&samples(), &before, &[]).status.success());
    let c = out.path().join("c.docx");
    let o = circular(dir, &c, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lines = plain_text(&c);
    let checks = line_with(&lines, "已核查");
    assert!(checks.contains("核查认定1项"), "{checks}");
    assert!(
        checks.contains("已核查3项，其中属实1项、不属实1项、无佐证1项"),
        "{checks}"
    );
    // The item found 不属实 counts as not on time: one less on time than without checks.
    let on_time = |lines: &[String]| -> u32 {
        between(line_with(lines, "按时公开"), "按时公开", "项")
            .parse()
            .unwrap()
    };
    assert_eq!(on_time(&lines) + 1, on_time(&plain_text(&before)));
    // 沈阳海关's letter: D1 and A2 lost as score says, and the failed checks with reasons.
    let fb = out.path().join("fb");
    let o = feedback(dir, &fb, &["--office", "沈阳海关"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let letter = plain_text(&fb.join("2018年度政务公开考核评估反馈意见（沈阳海关）.docx"));
    let v = score_json(dir);
    let sy = ranked(&v)
        .into_iter()
        .find(|o| o["office"] == "沈阳海关")
        .unwrap();
    for id in ["D1", "A2"] {
        let ind = crate::json::indicator(sy, id);
        let row = line_with(&letter, &format!("{id} "));
        assert_eq!(row.split(" | ").nth(4), ind["lost"].as_str(), "{row}");
    }
    assert!(line_with(&letter, "D1 ").contains(&format!("抽查不属实：{bad}")));
    let detail = format!(
        "抽查不属实：{bad}（{}）：答复书落款日期晚于公开日期",
        bad_start.format("%Y-%m-%d")
    );
    line_with(&letter, &detail);
    line_with(&letter, "抽查无佐证（自评满分）：未提供佐证材料");
    assert!(!letter.iter().any(|l| l.contains(&good)), "{good} held");
}

#[test]
fn the_readme_lists_every_placeholder() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (name, _) in kaoping::documents::circular::PLACEHOLDERS {
        assert!(readme.contains(&format!("`{{{name}}}`")), "{name}");
    }
    // And the built-in template uses only those.
    let t = kaoping::documents::Template::builtin();
    for p in t.placeholders() {
        assert!(
            kaoping::documents::circular::PLACEHOLDERS
                .iter()
                .any(|(n, _)| *n == p),
            "{p}"
        );
    }
}

/// The order of the children of each property element, transcribed from ECMA-376 Part 1
/// `wml.xsd` (CT_RPr/CT_ParaRPr with EG_RPrBase, CT_PPr, CT_SectPr, CT_TblPr, CT_TrPr,
/// CT_TcPr, CT_Style, CT_Settings) apart from the library's table; `a|b` share a place.
const SCHEMA_ORDER: &[(&str, &str)] = &[
    (
        "rPr",
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike \
         outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w \
         kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang \
         eastAsianLayout specVanish oMath rPrChange",
    ),
    (
        "pPr",
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr \
         suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct \
         topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind \
         contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment \
         textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    ),
    (
        "sectPr",
        "headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc \
         pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection \
         bidi rtlGutter docGrid printerSettings sectPrChange",
    ),
    (
        "tblPr",
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW \
         jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption \
         tblDescription tblPrChange",
    ),
    (
        "trPr",
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader \
         tblCellSpacing jc hidden ins del trPrChange",
    ),
    (
        "tcPr",
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection \
         tcFitText vAlign hideMark headers cellIns|cellDel|cellMerge tcPrChange",
    ),
    (
        "style",
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden \
         unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr \
         tblPr trPr tcPr tblStylePr",
    ),
    (
        "settings",
        "writeProtection view zoom removePersonalInformation removeDateAndTime \
         doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText \
         printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts \
         saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges \
         bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop \
         hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign \
         attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType \
         mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting \
         documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop \
         autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps \
         showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders \
         bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets \
         drawingGridHorizontalSpacing drawingGridVerticalSpacing \
         displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery \
         doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin \
         drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning \
         characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter \
         noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml \
         ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml \
         saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags \
         alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr \
         compat docVars rsids attachedSchema themeFontLang clrSchemeMapping \
         doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions \
         readModeInkLockDown smartTagType shapeDefaults doNotEmbedSmartTags decimalSymbol \
         listSeparator",
    ),
];

/// The place of `child` (`w:name`) among the children of the property element `parent`
/// (`w:name`); `None` for an element that is not a property element or a child the schema
/// does not list there.
fn schema_index(parent: &str, child: &str) -> Option<usize> {
    let (parent, child) = (parent.strip_prefix("w:")?, child.strip_prefix("w:")?);
    let (_, order) = SCHEMA_ORDER.iter().find(|(p, _)| *p == parent)?;
    order
        .split_whitespace()
        .position(|e| e.split('|').any(|n| n == child))
}

fn is_property_element(name: &str) -> bool {
    name.strip_prefix("w:")
        .is_some_and(|n| SCHEMA_ORDER.iter().any(|(p, _)| *p == n))
}

/// Every property element of a part with its children's names, in the order they end.
fn property_elements(xml: &str) -> Vec<(String, Vec<String>)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut open: Vec<Option<(String, Vec<String>)>> = Vec::new();
    let mut found = Vec::new();
    loop {
        let (name, empty) = match r.read_event().unwrap() {
            Event::Start(e) => (e.name().into_inner().to_string(), false),
            Event::Empty(e) => (e.name().into_inner().to_string(), true),
            Event::End(_) => {
                if let Some(Some(done)) = open.pop() {
                    found.push(done);
                }
                continue;
            }
            Event::Eof => return found,
            _ => continue,
        };
        if let Some(Some((_, children))) = open.last_mut() {
            children.push(name.clone());
        }
        let prop = is_property_element(&name).then(|| (name, Vec::new()));
        match (empty, prop) {
            (true, Some(p)) => found.push(p),
            (true, None) => {}
            (false, p) => open.push(p),
        }
    }
}

/// Events with their text in the part, for re-arranging it.
struct Spans<'a> {
    r: quick_xml::Reader<&'a [u8]>,
    xml: &'a str,
    pos: usize,
}

impl<'a> Spans<'a> {
    fn next(&mut self) -> (quick_xml::events::Event<'a>, &'a str) {
        let start = self.pos;
        let e = self.r.read_event().unwrap();
        self.pos = self.r.buffer_position() as usize;
        (e, &self.xml[start..self.pos])
    }

    /// Copies to the end of the current element (or of the part), the children of every
    /// property element on the way reversed.
    fn copy(&mut self, out: &mut String) {
        use quick_xml::events::Event;
        let mut depth = 0;
        loop {
            let (e, raw) = self.next();
            out.push_str(raw);
            match e {
                Event::Start(s) if is_property_element(s.name().into_inner()) => self.reverse(out),
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return,
                Event::End(_) => depth -= 1,
                Event::Eof => return,
                _ => {}
            }
        }
    }

    fn reverse(&mut self, out: &mut String) {
        use quick_xml::events::Event;
        let mut children = Vec::new();
        loop {
            let (e, raw) = self.next();
            let mut child = raw.to_string();
            match e {
                Event::Start(s) if is_property_element(s.name().into_inner()) => {
                    self.reverse(&mut child)
                }
                Event::Start(_) => self.copy(&mut child),
                Event::End(_) => {
                    children.reverse();
                    out.push_str(&children.concat::<str>());
                    out.push_str(raw);
                    return;
                }
                Event::Eof => panic!("unclosed element"),
                _ => {}
            }
            children.push(child);
        }
    }
}

/// The part with the children of every property element in reverse order.
fn reversed(xml: &str) -> String {
    let mut s = Spans {
        r: quick_xml::Reader::from_str(xml),
        xml,
        pos: 0,
    };
    let mut out = String::new();
    s.copy(&mut out);
    out
}

/// Each property element's children, sorted: what must survive any re-ordering.
fn children_kept(xml: &str) -> Vec<(String, Vec<String>)> {
    let mut v = property_elements(xml);
    for (_, c) in v.iter_mut() {
        c.sort();
    }
    v.sort();
    v
}

/// Every property element's children (rPr, pPr, sectPr, tblPr, trPr, tcPr, style) in every
/// part of a circular and of a feedback letter are in the schema's order, each one a child
/// the schema lists there; the 公文 fonts lead every run's properties (Word drops what comes
/// out of order). Put out of order again (every element's children reversed) and re-ordered
/// by the library, each part keeps every child.
#[test]
fn property_elements_follow_the_schemas_order_and_keep_their_children() {
    let ws = workspace();
    let out = tempfile::tempdir().unwrap();
    let c = out.path().join("c.docx");
    let o = circular(ws.path(), &c, &["--with-scores"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let letters = out.path().join("letters");
    let o = feedback(ws.path(), &letters, &["--office", "广州海关"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let letter = std::fs::read_dir(&letters)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for docx in [&c, &letter] {
        let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
        let names: Vec<String> = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
            .collect();
        assert!(names.len() >= 8, "{names:?}");
        let mut checked = 0;
        for name in &names {
            let xml = part(docx, name);
            let props = property_elements(&xml);
            for (parent, children) in &props {
                let places: Vec<usize> = children
                    .iter()
                    .map(|c| {
                        schema_index(parent, c).unwrap_or_else(|| {
                            panic!("{name}: {c} is not a child of {parent}: {children:?}")
                        })
                    })
                    .collect();
                assert!(
                    places.windows(2).all(|w| w[0] <= w[1]),
                    "{name}: {parent} out of order: {children:?}"
                );
                // The schema allows no rPr in the pPr of the styles and of the numbering.
                if matches!(name.as_str(), "word/styles.xml" | "word/numbering.xml") {
                    assert!(
                        parent != "w:pPr" || !children.iter().any(|c| c == "w:rPr"),
                        "{name}: {children:?}"
                    );
                }
                checked += 1;
            }
            // Every run with text names its fonts first, and its size.
            if name == "word/document.xml" {
                let runs: Vec<&(String, Vec<String>)> = props
                    .iter()
                    .filter(|(p, c)| p == "w:rPr" && !c.is_empty())
                    .collect();
                assert!(runs.len() > 50, "{}", runs.len());
                assert!(runs
                    .iter()
                    .all(|(_, c)| c[0] == "w:rFonts" && c.contains(&"w:sz".to_string())));
            }
            // Before and after: out of order, then in order again, nothing lost.
            let scrambled = reversed(&xml);
            let again = kaoping::documents::order::canonical(scrambled.as_bytes()).unwrap();
            let again = String::from_utf8(again).unwrap();
            assert_eq!(children_kept(&scrambled), children_kept(&xml), "{name}");
            assert_eq!(children_kept(&again), children_kept(&xml), "{name}");
            assert_eq!(again.len(), xml.len(), "{name}");
            for (parent, children) in property_elements(&again) {
                let places: Vec<usize> = children
                    .iter()
                    .map(|c| schema_index(&parent, c).unwrap())
                    .collect();
                assert!(places.windows(2).all(|w| w[0] <= w[1]), "{name}: {parent}");
            }
        }
        // Every kind of property element was met.
        let all: Vec<String> = names
            .iter()
            .flat_map(|n| property_elements(&part(docx, n)))
            .map(|(p, _)| p)
            .collect();
        for kind in [
            "w:rPr", "w:pPr", "w:sectPr", "w:tblPr", "w:trPr", "w:tcPr", "w:style",
        ] {
            assert!(
                all.iter().any(|p| p == kind),
                "{}: no {kind}",
                docx.display()
            );
        }
        assert!(checked > 100, "{checked}");
    }
}
