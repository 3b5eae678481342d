//! The command line end to end: the CSV contract on the shipped samples, exit statuses,
//! problems on standard error, `--help`, a closed pipe, templates.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

/// Runs the command, expects success, returns its standard output.
fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name_part: &str) -> PathBuf {
    let dir = root().join("samples/2018");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().contains(name_part))
        .unwrap_or_else(|| panic!("no sample for {name_part}"))
}

fn copy_into(dir: &Path, from: &Path) -> PathBuf {
    let to = dir.join(from.file_name().unwrap());
    std::fs::copy(from, &to).unwrap();
    to
}

/// What the samples print on standard error, on purpose (samples/README.md): one error for
/// 重庆海关's missing 时效明细 sheet (its undeclared A6, B2 and D1 score 0) and one warning
/// for 昆明海关's D1 items listed under a declaration of 无此项业务. Nothing else.
fn sample_problems() -> String {
    let dir = root().join("samples/2018");
    format!(
        "{}: 未找到时效明细表（表头需有编号、起算日期、公开日期）：未声明无此项业务的时效类指标 A6、B2、D1 按未填报计 0 分；请补报时效明细表，或在完成情况栏声明无此项业务\n\
         {}: 自评表!F20: D1：已声明无此项业务，但时效明细列有 3 项事项，按所列事项计分\n",
        dir.join("2018年政务公开自评表（重庆海关）.xls").display(),
        dir.join("昆明海关_政务公开自评表_2018.xls").display(),
    )
}

#[test]
fn the_42_samples_score_exactly_as_the_independent_oracle() {
    let expected = std::fs::read_to_string(root().join("samples/expected-2018.csv")).unwrap();
    kaoping()
        .args(["score", "--format", "csv"])
        .arg(root().join("samples/2018"))
        .assert()
        .success()
        .stderr(sample_problems())
        .stdout(expected);
}

#[test]
fn the_table_is_ranked_and_fits_80_columns() {
    let text = stdout_of(kaoping().arg("score").arg(root().join("samples/2018")));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].contains("深圳海关") && lines[1].contains("104.00"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("良好（一票否决）"), "{}", lines[2]);
    for l in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(*l) <= 80,
            "too wide: {l}"
        );
    }
}

#[test]
fn open_prints_the_ranking_when_stdout_is_not_a_terminal() {
    kaoping()
        .arg("open")
        .arg(root().join("samples/2018"))
        .assert()
        .success()
        .stdout(predicate::str::contains("深圳海关"));
}

#[test]
fn offices_without_a_return_come_last_as_not_submitted() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(dir.path(), &sample("合肥海关"));
    copy_into(dir.path(), &sample("福州海关"));
    let text = stdout_of(kaoping().args(["score", "--format", "csv"]).arg(dir.path()));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 43);
    assert!(lines[1].starts_with("1,合肥海关,90.00,优秀,,"));
    assert!(lines[2].starts_with("2,福州海关,89.99,良好,,"));
    assert_eq!(lines[3], format!(",北京海关,,未报送{}", ",".repeat(27)));
    assert_eq!(lines[3].split(',').count(), lines[0].split(',').count());
}

#[test]
fn json_carries_claims_notes_and_gaps() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(
        kaoping()
            .args(["score", "--format", "json"])
            .arg(root().join("samples/2018")),
    ))
    .unwrap();
    let offices = v["offices"].as_array().unwrap();
    assert_eq!(offices.len(), 42);
    let sz = &offices[0];
    assert_eq!(sz["office"], "深圳海关");
    assert_eq!(sz["total"], "104.00");
    let a1 = &sz["indicators"][0];
    assert_eq!(a1["id"], "A1");
    assert!(a1.get("self_assessed").is_some() && a1.get("computed").is_some());
    let cats = sz["gaps"]["categories"].as_array().unwrap();
    assert_eq!(cats[0]["key"], "A");
    assert_eq!(cats[0]["best"], "45.00");
    let tasks = sz["gaps"]["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 13, "one per office-scoped task");
    // 满洲里 lost on task 1 (A1: 4 cases, 0 of 6).
    let mzl = offices
        .iter()
        .find(|o| o["office"] == "满洲里海关")
        .unwrap();
    let t1 = mzl["gaps"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "1")
        .unwrap();
    assert_eq!(t1["lost"], "6.00");
    assert_eq!(t1["behind_best"], "6.00");
    assert_eq!(v["files"].as_array().unwrap().len(), 42);
}

#[test]
fn a_refused_file_is_named_and_the_rest_still_scored() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(dir.path(), &sample("合肥海关"));
    let bad = dir.path().join("南京海关-自评表.xlsx");
    std::fs::write(&bad, "<html><table><tr><td>编号</td></tr></table></html>").unwrap();
    kaoping()
        .args(["score", "--format", "csv"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}: ", bad.display())))
        .stdout(predicate::str::contains("1,合肥海关,90.00"));
}

#[test]
fn two_returns_for_one_office_are_both_named_and_neither_scored() {
    let dir = tempfile::tempdir().unwrap();
    let a = copy_into(dir.path(), &sample("合肥海关"));
    let b = dir.path().join("合肥海关-第二版.xlsx");
    std::fs::copy(&a, &b).unwrap();
    let assert = kaoping()
        .args(["score", "--format", "csv"])
        .arg(dir.path())
        .assert()
        .code(1);
    let out = assert.get_output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.contains(&format!("{}: 与 {}", a.display(), b.display())),
        "{err}"
    );
    assert!(
        err.contains("各份都暂不计分") && err.contains("只留一份、删除或移走其余的"),
        "{err}"
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains(",合肥海关,,未报送"), "{csv}");
}

#[test]
fn an_invalid_data_file_is_exit_2_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    std::fs::write(&f, "[set]\nname = 1\n").unwrap();
    kaoping()
        .arg("score")
        .arg("--indicators")
        .arg(&f)
        .arg(root().join("samples/2018"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml"));
}

#[test]
fn bad_usage_is_exit_2() {
    kaoping().arg("score").assert().code(2);
    kaoping()
        .args(["score", "--format", "xml", "x"])
        .assert()
        .code(2);
    kaoping()
        .args(["score", "/no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/folder"));
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &[][..],
        &["score"],
        &["check"],
        &["template"],
        &["open"],
        &["adjust"],
        &["history"],
        &["export"],
    ] {
        kaoping()
            .env_remove("KAOPING_LANG")
            .args(cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("用法"));
        kaoping()
            .args(cmd)
            .args(["--help", "--lang", "en"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' score --format json '{}' | head -c 10 >/dev/null",
            bin.display(),
            root().join("samples/2018").display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), sample_problems());
}

#[test]
fn dense_ties_come_from_the_indicator_set() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("dense.toml");
    let text = std::fs::read_to_string(root().join("indicators/2018.toml")).unwrap();
    std::fs::write(
        &set,
        text.replace("ties = \"competition\"", "ties = \"dense\""),
    )
    .unwrap();
    let text = stdout_of(
        kaoping()
            .args(["score", "--format", "csv", "--indicators"])
            .arg(&set)
            .arg(root().join("samples/2018")),
    );
    let ranks: Vec<&str> = text
        .lines()
        .skip(1)
        .take(5)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ranks, ["1", "2", "3", "3", "4"]);
}

#[test]
fn check_reports_each_file() {
    kaoping()
        .arg("check")
        .arg(root().join("samples/2018"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "42 个文件：已受理 42，退回 0，重复报送 0；未报送 0 个单位",
        ));
}

#[test]
fn templates_for_every_office_or_the_named_ones() {
    let dir = tempfile::tempdir().unwrap();
    kaoping()
        .args([
            "template",
            "--office",
            "Guangzhou",
            "--office",
            "乌鲁木齐海关",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "广州海关-2018年度海关政务公开考核评估自评表.xlsx",
        ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    kaoping()
        .args(["template", "--office", "广东分署", "--out"])
        .arg(dir.path())
        .assert()
        .code(2);
    let all = tempfile::tempdir().unwrap();
    kaoping()
        .args(["template", "--out"])
        .arg(all.path())
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(all.path()).unwrap().count(), 42);
}

#[test]
fn invisible_characters_in_the_office_name_are_folded_away_or_shown() {
    let data = kaoping::data::DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    // A name pasted with a zero-width space still names its office.
    let mut wb = kaoping::export::template::build(&data, "广州\u{200b}海关").unwrap();
    wb.save(dir.path().join("a.xlsx")).unwrap();
    // A name that matches no office is refused, the invisible character made visible.
    let mut wb = kaoping::export::template::build(&data, "某某\u{200b}海关").unwrap();
    wb.save(dir.path().join("b.xlsx")).unwrap();
    let out = kaoping().arg("check").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("a.xlsx  广州海关  已受理")),
        "{stdout}"
    );
    let refused = (stderr.clone() + &stdout)
        .lines()
        .find(|l| l.contains("某某"))
        .unwrap_or_else(|| panic!("{stdout}{stderr}"))
        .to_string();
    assert!(refused.contains("某某⟨U+200B⟩海关"), "{refused}");
    assert!(!stderr.contains('\u{200b}') && !stdout.contains('\u{200b}'));
}
