//! A provincial-scale registry: 2,000 synthetic units (`--offices FILE`) with 2,000 returns
//! in nested folders. Each return carries the values of one of the 42 samples — with their
//! declarations of 无此项业务, their 延期 and 重庆海关's missing 时效明细 sheet — so its
//! total must be that sample's total in `samples/expected-2018.csv` (an independent oracle).

use assert_cmd::Command;
use kaoping::data::DataSet;
use kaoping::domain::scoring::{declares_no_business, Field, OfficeReturn};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The samples' returns, read back, checked to carry what the rules of issue 11 read.
fn sources(data: &DataSet, root: &Path) -> Vec<(String, OfficeReturn)> {
    let sources = kaoping::synth::sources(data, &root.join("samples/2018"));
    assert_eq!(sources.len(), 42);
    let find = |o: &str| &sources.iter().find(|(n, _)| n == o).unwrap().1;
    assert!(find("重庆海关").no_items_sheet);
    assert_eq!(sources.iter().filter(|(_, r)| r.no_items_sheet).count(), 1);
    let declared = |o: &str, id: &str| declares_no_business(&find(o).rows[id][0]);
    assert!(declared("呼和浩特海关", "D1") && declared("拉萨海关", "B2"));
    assert!(declared("贵阳海关", "A6") && declared("重庆海关", "A4"));
    assert!(!declared("成都海关", "B2") && !find("成都海关").items.contains_key("B2"));
    let extended = |o: &str| {
        find(o).items["D1"]
            .iter()
            .filter(|i| !matches!(i.extension.value, Field::Blank))
            .count()
    };
    assert_eq!((extended("江门海关"), extended("拱北海关")), (3, 2));
    sources
}

/// The oracle's rows by office: every column after the rank.
fn expected(root: &Path) -> HashMap<String, Vec<String>> {
    std::fs::read_to_string(root.join("samples/expected-2018.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<String> = l.split(',').map(String::from).collect();
            (f[1].clone(), f[2..].to_vec())
        })
        .collect()
}

#[test]
fn the_samples_rewritten_on_the_template_score_as_the_oracle_column_by_column() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = DataSet::builtin();
    let sources = sources(&data, &root);
    let expected = expected(&root);
    let dir = tempfile::tempdir().unwrap();
    let rets: Vec<_> = sources.iter().map(|(_, r)| r.clone()).collect();
    let files = kaoping::synth::workspace(&data, &rets, dir.path(), 42).unwrap();
    let out = Command::cargo_bin("kaoping")
        .unwrap()
        .args(["score", "--format", "csv", "--offices"])
        .arg(dir.path().join("registry.toml"))
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // The one missing sheet is the one error; 昆明海关's declaration with items, the warning.
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert_eq!(stderr.matches("未找到时效明细表").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("已声明无此项业务").count(), 1, "{stderr}");
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: HashMap<String, Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<String> = l.split(',').map(String::from).collect();
            (f[1].clone(), f[2..].to_vec())
        })
        .collect();
    for (i, (_, src)) in files.iter().enumerate() {
        let unit = kaoping::synth::unit_name(i + 1);
        let office = &sources[*src].0;
        assert_eq!(
            rows[&unit], expected[office],
            "{unit} carries {office}'s values"
        );
    }
}

#[test]
fn two_thousand_units_in_nested_folders_score_as_their_sources() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = DataSet::builtin();
    let sources = sources(&data, &root);
    let expected: HashMap<String, String> =
        std::fs::read_to_string(root.join("samples/expected-2018.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[1].to_string(), f[2].to_string())
            })
            .collect();
    let dir = tempfile::tempdir().unwrap();
    let rets: Vec<_> = sources.iter().map(|(_, r)| r.clone()).collect();
    let files = kaoping::synth::workspace(&data, &rets, dir.path(), 2000).unwrap();
    assert_eq!(files.len(), 2000);
    assert!(
        files.iter().all(|(p, _)| p.parent().unwrap() != dir.path()),
        "nested folders"
    );

    let out = Command::cargo_bin("kaoping")
        .unwrap()
        .args(["score", "--format", "csv", "--offices"])
        .arg(dir.path().join("registry.toml"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 2000);
    let by_name: HashMap<&str, &Vec<&str>> = rows.iter().map(|r| (r[1], r)).collect();
    for (i, (_, src)) in files.iter().enumerate() {
        let unit = kaoping::synth::unit_name(i + 1);
        let row = by_name[unit.as_str()];
        let want = &expected[&sources[*src].0];
        assert_eq!(row[2], want, "{unit} carries {}'s values", sources[*src].0);
    }
    // Ranks agree with totals, in competition style.
    let totals: Vec<rust_decimal::Decimal> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
    for (k, r) in rows.iter().enumerate() {
        let greater = totals.iter().filter(|t| **t > totals[k]).count();
        assert_eq!(r[0], (greater + 1).to_string());
    }
}
