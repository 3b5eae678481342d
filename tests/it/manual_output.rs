//! The evaluator's manual (`docs/使用说明.md`) shows real output: every `$ kaoping …` line
//! of its ```` ```console ```` blocks is run, in the order of the manual, with the binary
//! under test, in a copy of `samples/2018` laid out as the manual's examples assume (a
//! working folder holding the returns in `2018/`), and what it prints (standard output and
//! standard error, as a terminal shows them) must be what the manual shows. The one elision
//! allowed is a line `……（其余 NN 行略）`, which stands for exactly NN lines.
//!
//! Two examples need a workbook that an evaluator fills in by hand: before the first
//! `kaoping findings apply DIR FILE` of `核查记录.xlsx` and of `抽查清单.xlsx`, the rows of
//! the manual's table for that file are written into it, so that the tables the manual
//! shows are the ones applied.

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const MANUAL: &str = "docs/使用说明.md";

/// The header of the manual's findings table (the rows written into 核查记录.xlsx): the
/// form's own header, so that the manual's table is the form as `findings template` writes it.
use kaoping::findings::FINDINGS_HEADER;

/// The header of the manual's table of checked rows (filled into 抽查清单.xlsx).
const CHECKLIST_HEADER: [&str; 6] = ["单位", "指标", "事项", "核查结果", "核定分", "理由"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One `$ kaoping …` line of a console block and the lines shown under it.
struct Example {
    /// The manual's line number of the command (1-based).
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The console blocks' commands, in order. A block may be indented (inside a list item):
/// its fence's indentation is taken off each of its lines.
fn examples(manual: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut indent: Option<usize> = None;
    for (i, raw) in manual.lines().enumerate() {
        let trimmed = raw.trim_start();
        match indent {
            None => {
                if trimmed == "```console" {
                    indent = Some(raw.len() - trimmed.len());
                }
            }
            Some(n) => {
                if trimmed == "```" {
                    indent = None;
                    continue;
                }
                let line = raw.get(n..).unwrap_or("").trim_end();
                if let Some(cmd) = line.strip_prefix("$ ") {
                    out.push(Example {
                        line: i + 1,
                        command: cmd.to_string(),
                        expected: Vec::new(),
                    });
                } else {
                    let Some(ex) = out.last_mut() else {
                        panic!("{MANUAL}:{}: output before any `$ ` command", i + 1);
                    };
                    ex.expected.push(line.to_string());
                }
            }
        }
    }
    assert!(indent.is_none(), "{MANUAL}: a console block is not closed");
    out
}

/// The cells of a Markdown table row (`| a | b |`).
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

/// The body rows of the manual's one table whose header is `header`.
fn table(manual: &str, header: &[&str]) -> Vec<Vec<String>> {
    let lines: Vec<&str> = manual.lines().collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with('|') && cells(lines[i]) == header)
        .collect();
    assert_eq!(
        starts.len(),
        1,
        "{MANUAL}: expected one table headed {header:?}"
    );
    lines[starts[0] + 2..]
        .iter()
        .take_while(|l| l.trim_start().starts_with('|'))
        .map(|l| {
            let c = cells(l);
            assert_eq!(c.len(), header.len(), "{MANUAL}: row {l}");
            c
        })
        .collect()
}

/// Writes the manual's findings table as the filled form (sheet 核查记录, header in row 1;
/// numbers as numbers, as Excel keeps what is typed).
fn write_findings(manual: &str, path: &Path) {
    let rows = table(manual, &FINDINGS_HEADER);
    assert!(!rows.is_empty(), "{MANUAL}: the findings table is empty");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("核查记录").unwrap();
    for (c, h) in FINDINGS_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v.parse::<f64>() {
                _ if v.is_empty() => {}
                Ok(x) if (2..=3).contains(&c) => {
                    ws.write_number(r, c, x).unwrap();
                }
                _ => {
                    ws.write_string(r, c, v).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// Fills in the checklist `sample` wrote, as an evaluator does: every cell copied (dates as
/// dates), and on the row of each of the manual's checked rows (found by 单位, 指标 and
/// 事项, exactly one) its 核查结果, 核定分 and 理由.
fn fill_checklist(manual: &str, path: &Path) {
    let checked = table(manual, &CHECKLIST_HEADER);
    assert!(
        !checked.is_empty(),
        "{MANUAL}: the checklist table is empty"
    );
    let mut src: Xlsx<_> = open_workbook(path).unwrap();
    let range = src.worksheet_range("抽查清单").unwrap();
    let text = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let (h, w) = range.get_size();
    let (h, w) = (h as u32, w as u32);
    let header = (0..h)
        .find(|&r| (0..w).any(|c| text(r, c) == "核查结果"))
        .expect("the checklist has its header");
    let col = |label: &str| {
        (0..w)
            .find(|&c| text(header, c) == label)
            .unwrap_or_else(|| panic!("the checklist has no column {label}")) as u16
    };
    let (office, indicator, item) = (col("单位"), col("指标"), col("事项"));
    let (result, score, reason) = (col("核查结果"), col("核定分"), col("理由"));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("抽查清单").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for r in 0..h {
        for c in 0..w {
            match range.get_value((r, c)) {
                Some(Data::String(s)) => {
                    ws.write_string(r, c as u16, s).unwrap();
                }
                Some(Data::Float(x)) => {
                    ws.write_number(r, c as u16, *x).unwrap();
                }
                Some(Data::Int(x)) => {
                    ws.write_number(r, c as u16, *x as f64).unwrap();
                }
                Some(Data::DateTime(d)) => {
                    let dt = ExcelDateTime::from_serial_datetime(d.as_f64()).unwrap();
                    ws.write_datetime_with_format(r, c as u16, &dt, &date)
                        .unwrap();
                }
                _ => {}
            }
        }
    }
    for row in &checked {
        let found: Vec<u32> = (header + 1..h)
            .filter(|&r| {
                text(r, office as u32) == row[0]
                    && text(r, indicator as u32) == row[1]
                    && text(r, item as u32) == row[2]
            })
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{MANUAL}: the checked row {row:?} is not exactly one row of the checklist drawn"
        );
        let r = found[0];
        ws.write_string(r, result, &row[3]).unwrap();
        if !row[4].is_empty() {
            ws.write_number(r, score, row[4].parse::<f64>().unwrap())
                .unwrap();
        }
        if !row[5].is_empty() {
            ws.write_string(r, reason, &row[5]).unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// `……（其余 NN 行略）`: NN.
fn elided(line: &str) -> Option<usize> {
    line.trim()
        .strip_prefix("……（其余 ")?
        .strip_suffix(" 行略）")?
        .parse()
        .ok()
}

/// Whether `actual` is what `expected` shows, an elision standing for its number of lines.
fn compare(expected: &[String], actual: &[&str]) -> Result<(), String> {
    let mut a = 0;
    for (k, e) in expected.iter().enumerate() {
        if let Some(n) = elided(e) {
            if n == 0 || a + n > actual.len() {
                return Err(format!(
                    "shown line {}: `{e}` elides {n} lines, but {} are left",
                    k + 1,
                    actual.len() - a
                ));
            }
            a += n;
            continue;
        }
        match actual.get(a) {
            Some(x) if x.trim_end() == e.trim_end() => a += 1,
            Some(x) => {
                return Err(format!(
                    "shown line {}:\n  manual: {e}\n  actual: {x}",
                    k + 1
                ))
            }
            None => return Err(format!("shown line {}: `{e}` is not printed", k + 1)),
        }
    }
    if a < actual.len() {
        return Err(format!(
            "printed {} more lines than shown, from: {}",
            actual.len() - a,
            actual[a]
        ));
    }
    Ok(())
}

/// Copies the returns, leaving out a store a stray run may have left among the samples.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        if name.to_string_lossy().starts_with("kaoping.db") {
            continue;
        }
        let dest = to.join(name);
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn every_console_example_of_the_manual_prints_what_it_shows() {
    let manual = std::fs::read_to_string(root().join(MANUAL)).unwrap();
    let examples = examples(&manual);
    // Enough to mean something, few enough to stay fast in a debug build.
    assert!(
        (10..=20).contains(&examples.len()),
        "{} console examples",
        examples.len()
    );
    let work = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/2018"), &work.path().join("2018"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_kaoping"));
    let path = std::env::join_paths(
        std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default(),
        ),
    )
    .unwrap();
    let mut filled = HashSet::new();
    let mut failures = Vec::new();
    for ex in &examples {
        let words: Vec<&str> = ex.command.split_whitespace().collect();
        assert_eq!(
            words.first(),
            Some(&"kaoping"),
            "{MANUAL}:{}: a console block runs kaoping only",
            ex.line
        );
        if words.get(1..3) == Some(&["findings", "apply"][..]) {
            let file = words.get(4).expect("findings apply DIR FILE");
            if filled.insert(file.to_string()) {
                let p = work.path().join(file);
                match *file {
                    "核查记录.xlsx" => write_findings(&manual, &p),
                    "抽查清单.xlsx" => fill_checklist(&manual, &p),
                    other => panic!("{MANUAL}:{}: no table fills {other}", ex.line),
                }
            }
        }
        // Standard error into the same pipe, as a terminal interleaves them.
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("exec 2>&1; {}", ex.command))
            .current_dir(work.path())
            .env("PATH", &path)
            .env_remove("KAOPING_LANG")
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = printed.lines().collect();
        if !out.status.success() {
            failures.push(format!(
                "{MANUAL}:{}: `{}` ended with {}:\n{printed}",
                ex.line, ex.command, out.status
            ));
        } else if let Err(why) = compare(&ex.expected, &lines) {
            failures.push(format!(
                "{MANUAL}:{}: `{}`: {why}\n--- printed:\n{printed}",
                ex.line, ex.command
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn an_elision_stands_for_exactly_its_lines() {
    let shown: Vec<String> = ["a", "……（其余 2 行略）", "d"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(compare(&shown, &["a", "b", "c", "d"]).is_ok());
    assert!(compare(&shown, &["a", "b", "d"]).is_err());
    assert!(compare(&shown, &["a", "b", "c", "x", "d"]).is_err());
    assert!(compare(&shown, &["a", "b", "c", "d", "e"]).is_err());
    let trailing: Vec<String> = ["a", "……（其余 1 行略）"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(compare(&trailing, &["a", "b"]).is_ok());
    assert!(compare(&trailing, &["a"]).is_err());
}
