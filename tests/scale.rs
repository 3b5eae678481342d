//! A provincial-scale registry: 2,000 synthetic units (`--offices FILE`) with 2,000 returns
//! in nested folders. Each return carries the values of one of the 42 samples, so its total
//! must be that sample's total in `samples/expected-2018.csv` (an independent oracle).

use assert_cmd::Command;
use kaoping::data::DataSet;
use std::collections::HashMap;
use std::path::PathBuf;

#[test]
fn two_thousand_units_in_nested_folders_score_as_their_sources() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = DataSet::builtin();
    let sources = kaoping::synth::sources(&data, &root.join("samples/2018"));
    assert_eq!(sources.len(), 42);
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
