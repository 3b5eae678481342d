//! `kaoping robustness` end to end: spread 0 reproduces the official ranks, a seed
//! reproduces the output byte for byte, the CSV contract (header, unranked offices in
//! registry order with empty fields), the bounds (exit 2), the 80-column table, the JSON, and
//! the workbook's 稳定性 sheet.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::{Path, PathBuf};

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> PathBuf {
    root().join("samples/2018")
}

const HEADER: &str = "office,rank,median_rank,p5_rank,p95_rank,keep_grade_share";

/// Runs `robustness DIR ARGS…`, expects exit 0, returns standard output and error.
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = kaoping()
        .arg("robustness")
        .arg(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `office → rank` from `score --format csv` (ranked offices only).
fn official_ranks(dir: &Path) -> Vec<(String, String)> {
    let out = kaoping()
        .args(["score", "--format", "csv"])
        .arg(dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_string(), f[0].to_string())
        })
        .filter(|(_, rank)| !rank.is_empty())
        .collect()
}

#[test]
fn spread_zero_gives_every_office_its_official_rank_as_the_whole_interval() {
    let (csv, err) = run(
        &samples(),
        &[
            "--spread", "0", "--draws", "200", "--seed", "7", "--format", "csv",
        ],
    );
    assert!(err.contains("种子 7"), "{err}");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let official = official_ranks(&samples());
    assert_eq!(official.len(), 42);
    assert_eq!(rows.len(), 42);
    for (row, (office, rank)) in rows.iter().zip(&official) {
        assert_eq!(row[0], office);
        assert_eq!(&row[1..5], [rank.as_str(); 4], "{row:?}");
        assert_eq!(row[5], "1.0000", "{row:?}");
    }
    // The samples have a tie (大连海关 and 宁波海关, 3rd): both keep rank 3.
    assert!(rows.iter().filter(|r| r[1] == "3").count() >= 2);
}

#[test]
fn the_same_seed_gives_byte_identical_output() {
    let args = ["--seed", "2018", "--draws", "500", "--format", "csv"];
    let (a, _) = run(&samples(), &args);
    let (b, _) = run(&samples(), &args);
    assert_eq!(a, b);
    let (c, _) = run(
        &samples(),
        &["--seed", "2019", "--draws", "500", "--format", "csv"],
    );
    assert_ne!(a, c, "another seed draws other weights");
    // The intervals hold the official rank's neighbourhood: p5 ≤ median ≤ p95.
    for l in a.lines().skip(1) {
        let f: Vec<u32> = l
            .split(',')
            .skip(1)
            .take(4)
            .map(|x| x.parse().unwrap())
            .collect();
        assert!(f[2] <= f[1] && f[1] <= f[3], "{l}");
    }
    // Without --seed one is drawn and printed, so that the run can be made again.
    let (table, _) = run(&samples(), &["--draws", "50"]);
    let seed: String = table
        .split("种子 ")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (again, _) = run(&samples(), &["--draws", "50", "--seed", &seed]);
    assert_eq!(table, again);
}

#[test]
fn unranked_offices_follow_in_registry_order_with_empty_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in &names[..3] {
        std::fs::copy(p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let (csv, _) = run(
        dir.path(),
        &["--seed", "1", "--draws", "100", "--format", "csv"],
    );
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 42);
    let (ranked, unranked) = rows.split_at(3);
    assert!(ranked.iter().all(|r| !r[1].is_empty()));
    assert!(unranked.iter().all(|r| r[1..].iter().all(|f| f.is_empty())));
    // Registry order: as `score --format csv` lists its offices without a return.
    let score = kaoping()
        .args(["score", "--format", "csv"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let score = String::from_utf8(score).unwrap();
    let want: Vec<&str> = score
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .skip(3)
        .collect();
    let got: Vec<&str> = unranked.iter().map(|r| r[0]).collect();
    assert_eq!(got, want);
    // The table says 未报送 for them.
    let (table, _) = run(dir.path(), &["--seed", "1", "--draws", "100"]);
    assert_eq!(table.matches("未报送").count(), 39, "{table}");
}

#[test]
fn the_table_fits_80_columns_and_the_json_says_how() {
    let (table, _) = run(&samples(), &["--seed", "2018", "--draws", "300"]);
    for l in table.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(l) <= 80, "{l}");
    }
    assert!(table.contains("种子 2018"));
    assert!(table.contains("名次 单位"));
    assert!(
        table.contains("浮点"),
        "the table says floating point is used"
    );
    let (json, _) = run(
        &samples(),
        &["--seed", "2018", "--draws", "300", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["method"]["seed"], 2018);
    assert_eq!(v["method"]["draws"], 300);
    assert_eq!(v["method"]["spread"], "0.2");
    assert_eq!(v["method"]["percentile"], "nearest-rank");
    assert_eq!(v["method"]["floating_point"], true);
    let offices = v["offices"].as_array().unwrap();
    assert_eq!(offices.len(), 42);
    // The same figures as the CSV.
    let (csv, _) = run(
        &samples(),
        &["--seed", "2018", "--draws", "300", "--format", "csv"],
    );
    for (o, l) in offices.iter().zip(csv.lines().skip(1)) {
        let row = format!(
            "{},{},{},{},{},{}",
            o["office"].as_str().unwrap(),
            o["rank"],
            o["median_rank"],
            o["p5_rank"],
            o["p95_rank"],
            o["keep_grade_share"].as_str().unwrap()
        );
        assert_eq!(row, l);
    }
}

#[test]
fn bounds_are_refused_with_exit_2() {
    for args in [
        ["--draws", "0"],
        ["--draws", "100001"],
        ["--draws", "x"],
        ["--spread", "0.91"],
        ["--spread", "-0.1"],
        ["--spread", "abc"],
        ["--seed", "18446744073709551616"],
    ] {
        let out = kaoping()
            .arg("robustness")
            .arg(samples())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // A folder that is not one.
    let out = kaoping()
        .args(["robustness", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The largest bounds are accepted.
    let (csv, _) = run(
        &samples(),
        &[
            "--spread", "0.9", "--draws", "20000", "--seed", "3", "--format", "csv",
        ],
    );
    assert_eq!(csv.lines().count(), 43);
}

#[test]
fn the_workbook_has_a_stability_sheet_with_the_csvs_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("结果.xlsx");
    kaoping()
        .args(["export", "--evaluator", "张三", "--out"])
        .arg(&out)
        .arg(samples())
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names().last().map(String::as_str), Some("稳定性"));
    let r = wb.worksheet_range("稳定性").unwrap();
    let cell = |row: u32, col: u32| r.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    let about = cell(1, 0).to_string();
    assert!(
        about.contains("种子 2018") && about.contains("共 1000 次"),
        "{about}"
    );
    let header: Vec<String> = (0..6).map(|c| cell(5, c).to_string()).collect();
    assert_eq!(
        header,
        [
            "单位",
            "名次",
            "中位名次",
            "第5百分位名次",
            "第95百分位名次",
            "保持等次比例"
        ]
    );
    // The rows are those of the CSV with the UI's draws (1000, spread 0.2, seed 2018).
    let (csv, _) = run(
        &samples(),
        &[
            "--seed", "2018", "--draws", "1000", "--spread", "0.2", "--format", "csv",
        ],
    );
    for (k, l) in csv.lines().skip(1).enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        let row = 6 + k as u32;
        assert_eq!(cell(row, 0).to_string(), f[0]);
        // Ranks and the share, as numbers.
        for (c, v) in f.iter().enumerate().skip(1) {
            assert_eq!(cell(row, c as u32), Data::Float(v.parse().unwrap()), "{l}");
        }
    }
}
