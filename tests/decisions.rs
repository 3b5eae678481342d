//! Decisions (核定): validated on the command line, kept in DIR/kaoping.db with their
//! history, applied by `score`, safe under two writers at once and under SIGKILL, migrated
//! from an older schema, flagged when the return changes after them, and seen by an open UI.

use assert_cmd::Command;
use kaoping::data::DataSet;
use kaoping::domain::decision::{now, Decision};
use kaoping::report::Report;
use kaoping::store::{migrate_to, Store, FILE};
use kaoping::tui::action::{Action, ViewId};
use kaoping::tui::app::{App, Effect, Options};
use kaoping::tui::{apply_effect, Watcher};
use predicates::prelude::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(part: &str) -> PathBuf {
    std::fs::read_dir(root().join("samples/2018"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().contains(part))
        .unwrap()
}

/// A workspace with the returns of 广州海关 and 北京海关.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["广州海关", "北京海关"] {
        let s = sample(part);
        std::fs::copy(&s, dir.path().join(s.file_name().unwrap())).unwrap();
    }
    dir
}

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

fn adjust(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    kaoping().arg("adjust").arg(dir).args(args).assert()
}

fn csv_row(dir: &Path, office: &str) -> Vec<String> {
    let out = kaoping()
        .args(["score", "--format", "csv"])
        .arg(dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header[12], "A3");
    text.lines()
        .find(|l| l.split(',').nth(1) == Some(office))
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect()
}

#[test]
fn bad_scores_and_missing_reasons_are_refused() {
    let dir = workspace();
    let d = dir.path();
    let base = ["--office", "广州海关", "--indicator", "A3"];
    for (score, msg) in [
        ("4.01", "超出范围"),
        ("-1", "超出范围"),
        ("1.234", "两位小数"),
        ("abc", "不是数字"),
    ] {
        adjust(
            d,
            &[&base[..], &["--score", score, "--reason", "r"]].concat(),
        )
        .code(2)
        .stderr(predicate::str::contains(msg));
    }
    adjust(
        d,
        &[&base[..], &["--score", "3", "--reason", "  "]].concat(),
    )
    .code(2)
    .stderr(predicate::str::contains("必须填写理由"));
    adjust(d, &[&base[..], &["--score", "3"]].concat()).code(2);
    adjust(
        d,
        &[
            "--office",
            "某某海关",
            "--indicator",
            "A3",
            "--score",
            "1",
            "--reason",
            "r",
        ],
    )
    .code(2);
    adjust(
        d,
        &[
            "--office",
            "广州海关",
            "--indicator",
            "Z9",
            "--score",
            "1",
            "--reason",
            "r",
        ],
    )
    .code(2);
    adjust(
        d,
        &[
            "--office",
            "广州海关",
            "--indicator",
            "A3",
            "--clear",
            "--reason",
            "r",
        ],
    )
    .code(1)
    .stderr(predicate::str::contains("没有核定分数"));
    assert!(!d.join(FILE).exists() || Store::open(d).unwrap().history(None).unwrap().is_empty());
}

#[test]
fn a_decision_changes_score_and_total_and_is_listed_with_its_reason() {
    let dir = workspace();
    let d = dir.path();
    let before = csv_row(d, "广州海关");
    assert_eq!((before[2].as_str(), before[12].as_str()), ("88.83", "3.63"));
    adjust(
        d,
        &[
            "--office",
            "Guangzhou",
            "--indicator",
            "a3",
            "--score",
            "4",
            "--reason",
            "补充佐证后核定",
            "--evaluator",
            "张三",
        ],
    )
    .success()
    .stdout("广州海关 A3: 3.63 → 4.00（补充佐证后核定）\n");
    let after = csv_row(d, "广州海关");
    assert_eq!((after[2].as_str(), after[12].as_str()), ("89.20", "4.00"));
    kaoping().arg("history").arg(d).assert().success().stdout(
        predicate::str::contains("张三")
            .and(predicate::str::contains("计算分 → 4.00"))
            .and(predicate::str::contains("补充佐证后核定")),
    );
    // JSON: computed, self-claimed and decided side by side.
    let out = kaoping()
        .args(["score", "--format", "json"])
        .arg(d)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gz = v["offices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["office"] == "广州海关")
        .unwrap();
    let a3 = gz["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "A3")
        .unwrap();
    assert_eq!(
        (
            a3["computed"].as_str(),
            a3["decided"].as_str(),
            a3["final"].as_str()
        ),
        (Some("3.63"), Some("4.00"), Some("4.00"))
    );
    assert!(a3.get("self_assessed").is_some());
    assert_eq!(a3["decision"]["reason"], "补充佐证后核定");
    assert_eq!(a3["decision"]["evaluator"], "张三");
    // Clearing goes back to the computed score, and is kept in the history too.
    adjust(
        d,
        &[
            "--office",
            "广州海关",
            "--indicator",
            "A3",
            "--clear",
            "--reason",
            "撤回",
        ],
    )
    .success();
    assert_eq!(csv_row(d, "广州海关")[12], "3.63");
    let csv = kaoping()
        .args(["history", "--format", "csv", "--office", "广州"])
        .arg(d)
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines().nth(2).unwrap().contains(",clear,4.00,,撤回"),
        "{csv}"
    );
}

#[cfg(unix)]
#[test]
fn the_store_is_never_world_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    adjust(
        dir.path(),
        &[
            "--office",
            "北京海关",
            "--indicator",
            "A1",
            "--score",
            "5",
            "--reason",
            "r",
        ],
    )
    .success();
    for f in [FILE, "kaoping.db-wal"] {
        let p = dir.path().join(f);
        if p.exists() {
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "{f} has mode {mode:o}");
        }
    }
}

#[test]
fn two_processes_deciding_40_times_each_keep_all_80() {
    let dir = workspace();
    let d = dir.path().to_path_buf();
    // Create the store first so that both writers start from the same schema.
    Store::open(&d).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let writers: Vec<_> = [("广州海关", "甲"), ("北京海关", "乙")]
        .into_iter()
        .map(|(office, who)| {
            let (d, bin) = (d.clone(), bin.clone());
            std::thread::spawn(move || {
                for i in 0..40 {
                    let ind = ["A1", "A2", "A3", "A4"][i % 4];
                    let st = std::process::Command::new(&bin)
                        .arg("adjust")
                        .arg(&d)
                        .args([
                            "--office",
                            office,
                            "--indicator",
                            ind,
                            "--score",
                            &format!("{}", i % 3),
                        ])
                        .args(["--reason", &format!("{who}第{i}次"), "--evaluator", who])
                        .output()
                        .unwrap();
                    assert!(
                        st.status.success(),
                        "{}",
                        String::from_utf8_lossy(&st.stderr)
                    );
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let s = Store::open(&d).unwrap();
    let h = s.history(None).unwrap();
    assert_eq!(h.len(), 80);
    for who in ["甲", "乙"] {
        for i in 0..40 {
            let reason = format!("{who}第{i}次");
            assert!(h.iter().any(|c| c.reason == reason), "missing {reason}");
        }
    }
    assert_eq!(s.decisions().unwrap().len(), 8);
    assert_eq!(s.integrity_check().unwrap(), "ok");
}

#[cfg(unix)]
#[test]
fn a_writer_killed_with_sigkill_loses_no_saved_decision() {
    use std::os::unix::process::CommandExt;
    let dir = workspace();
    let d = dir.path();
    Store::open(d).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let script = format!(
        "i=0; while true; do i=$((i+1)); '{}' adjust '{}' --office 北京海关 --indicator A{} --score $((i % 4)) --reason \"第$i次\" >/dev/null && echo saved $i; done",
        bin.display(),
        d.display(),
        "$((i % 9 + 1))"
    );
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let mut saved = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while saved.len() < 12 {
        let line = lines.next().unwrap().unwrap();
        saved.push(line.trim_start_matches("saved ").parse::<u32>().unwrap());
    }
    // Kill the whole session (the shell and the kaoping it is running) mid-flight.
    let pgid = child.id();
    std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .status()
        .unwrap();
    let _ = child.wait();
    let s = Store::open(d).unwrap();
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let h = s.history(None).unwrap();
    for i in saved {
        let reason = format!("第{i}次");
        assert!(
            h.iter().any(|c| c.reason == reason),
            "decision {i} was reported saved but is gone"
        );
    }
}

#[test]
fn an_older_schema_is_migrated_and_keeps_its_decisions() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut conn = rusqlite::Connection::open(dir.path().join(FILE)).unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO decisions (office, indicator, score, reason, evaluator, decided_at) VALUES ('广州海关', 'A3', '4.00', '旧版核定', '李四', '2019-01-05 10:00:00')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO history (at, evaluator, office, indicator, old, new, reason) VALUES ('2019-01-05 10:00:00', '李四', '广州海关', 'A3', NULL, '4.00', '旧版核定')",
            [],
        )
        .unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(
        s.version().unwrap(),
        kaoping::store::MIGRATIONS.len() as i64
    );
    let d = s.decisions().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].score.to_string().as_str(), d[0].file_sha256.clone()),
        ("4.00", None)
    );
    let h = s.history(None).unwrap();
    assert_eq!(
        (h[0].kind.as_str(), h[0].reason.as_str()),
        ("set", "旧版核定")
    );
    drop(s);
    // The history only grows.
    let conn = rusqlite::Connection::open(dir.path().join(FILE)).unwrap();
    assert!(conn.execute("DELETE FROM history", []).is_err());
    assert!(conn.execute("UPDATE history SET reason = 'x'", []).is_err());
}

#[test]
fn a_decision_on_a_return_that_changed_is_flagged_until_confirmed() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("广州海关.xlsx");
    std::fs::copy(sample("广州海关"), &file).unwrap();
    let report = Report::build(&data, std::slice::from_ref(&file));
    let mut store = Store::open(dir.path()).unwrap();
    store
        .decide(&Decision {
            office: "广州海关".into(),
            indicator: "A3".into(),
            score: "4".parse().unwrap(),
            reason: "r".into(),
            evaluator: "e".into(),
            at: now(),
            file_sha256: Some(report.files[0].sha256.clone()),
        })
        .unwrap();
    let gz = data.registry.find_exact("广州海关").unwrap();
    let fresh = Report::build(&data, std::slice::from_ref(&file))
        .rescore(&data, store.decisions().unwrap());
    assert!(!fresh.is_stale(gz, fresh.decision(&data, gz, "A3").unwrap()));
    // The office sends a new version of its return.
    std::fs::copy(
        root().join("tests/fixtures/returns/baseline-openpyxl.xlsx"),
        &file,
    )
    .unwrap();
    let changed = Report::build(&data, std::slice::from_ref(&file))
        .rescore(&data, store.decisions().unwrap());
    let d = changed.decision(&data, gz, "A3").unwrap();
    assert!(changed.is_stale(gz, d), "flagged 报送文件已更新");
    assert_eq!(
        changed.result_of(gz).unwrap().indicators[2]
            .used()
            .to_string(),
        "4",
        "the decision stays"
    );
    store
        .confirm("广州海关", "A3", "e", &changed.files[0].sha256)
        .unwrap();
    let confirmed = changed.rescore(&data, store.decisions().unwrap());
    assert!(!confirmed.is_stale(gz, confirmed.decision(&data, gz, "A3").unwrap()));
    assert_eq!(store.history(None).unwrap().last().unwrap().kind, "confirm");
}

#[test]
fn an_open_ui_sees_another_evaluators_decision() {
    let dir = workspace();
    let mine = Store::open(dir.path()).unwrap();
    let mut theirs = Store::open(dir.path()).unwrap();
    let mut watcher = Watcher::new(Some(&mine));
    assert!(!watcher.changed(Some(&mine)));
    theirs
        .decide(&Decision {
            office: "北京海关".into(),
            indicator: "A9".into(),
            score: "5".parse().unwrap(),
            reason: "误报".into(),
            evaluator: "乙".into(),
            at: now(),
            file_sha256: None,
        })
        .unwrap();
    assert!(watcher.changed(Some(&mine)), "PRAGMA data_version moved");
    assert!(!watcher.changed(Some(&mine)));
    // And the app, given the store's decisions, shows the new score.
    let data = DataSet::builtin();
    let files = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let mut app = App::new(
        data,
        Report::build(&DataSet::builtin(), &files),
        dir.path().to_path_buf(),
        Options::default(),
    );
    let bj = app.data.registry.find_exact("北京海关").unwrap();
    assert_eq!(app.result_of(bj).unwrap().total.to_string(), "94.38");
    app.set_decisions(mine.decisions().unwrap());
    assert_eq!(app.result_of(bj).unwrap().total.to_string(), "99.38");
}

#[test]
fn deciding_in_the_ui_saves_through_the_store() {
    let dir = workspace();
    let data = DataSet::builtin();
    let files = kaoping::import::collect(&[dir.path().to_path_buf()]).unwrap();
    let report = Report::build(&data, &files);
    let mut app = App::new(data, report, dir.path().to_path_buf(), Options::default());
    let mut store = Some(Store::open(dir.path()).unwrap());
    app.update(Action::Enter);
    assert_eq!(app.view, ViewId::Office);
    // The first office is 北京海关; A3 is the third row.
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Edit);
    let form = app.form.as_ref().unwrap();
    assert_eq!(
        (form.indicator.as_str(), form.score.as_str()),
        ("A3", "2.67")
    );
    // A score out of range stays in the form with its error.
    for _ in 0..4 {
        app.update(Action::InputBackspace);
    }
    app.update(Action::Input('9'));
    app.update(Action::InputNextField);
    for c in "复核".chars() {
        app.update(Action::Input(c));
    }
    assert_eq!(app.update(Action::InputSubmit), vec![]);
    assert!(app
        .form
        .as_ref()
        .unwrap()
        .error
        .as_deref()
        .unwrap()
        .contains("超出范围"));
    app.update(Action::InputBackspace);
    app.update(Action::Input('3'));
    let effects = app.update(Action::InputSubmit);
    assert!(app.form.is_none());
    assert!(
        matches!(&effects[..], [Effect::Decide { indicator, reason, .. }] if indicator == "A3" && reason == "复核")
    );
    for e in effects {
        apply_effect(&mut app, &mut store, e).unwrap();
    }
    let bj = app.data.registry.find_exact("北京海关").unwrap();
    let a3 = &app.result_of(bj).unwrap().indicators[2];
    assert_eq!(
        (
            a3.computed.to_string().as_str(),
            a3.decided.map(|d| d.to_string())
        ),
        ("2.67", Some("3.00".into()))
    );
    // H shows the office's history.
    let effects = app.update(Action::ShowHistory);
    for e in effects {
        apply_effect(&mut app, &mut store, e).unwrap();
    }
    assert_eq!(app.history.as_ref().unwrap().len(), 1);
    app.update(Action::Back);
    assert!(app.history.is_none());
    // Read-only: no form.
    app.read_only = true;
    app.update(Action::Edit);
    assert!(app.form.is_none());
    assert!(app.message.as_deref().unwrap().contains("只读"));
}
