//! The version that counts (以此份为准): an office that sent two returns is settled by
//! `kaoping choose` (kept in the store with who and when, undone by choosing the other);
//! the chosen return scores exactly as it does alone, the other is 未采用 (exit 0); a
//! chosen file changed or gone brings the conflict back and says why; the later return is
//! hinted (填报日期, then the file's time), never chosen by kaoping.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use kaoping::choose::{later, LaterBy};
use kaoping::data::DataSet;
use kaoping::export::template::{FIRST_ROW, MAIN_SHEET};
use kaoping::import::{import_file, FileStatus};
use kaoping::report::{OfficeState, Report};
use kaoping::store::Store;
use rust_xlsxwriter::{ExcelDateTime, Format};
use std::path::{Path, PathBuf};

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

fn kaoping() -> Command {
    Command::cargo_bin("kaoping").unwrap()
}

/// How a second version gives its 填报日期.
enum Filed<'a> {
    Text(&'a str),
    Date(u16, u8, u8),
}

/// Writes another version of 兰州海关's return: the template with a few values and this
/// 填报日期.
fn write_version(path: &Path, filed: Filed, status: &str) {
    let data = DataSet::builtin();
    let mut wb = kaoping::export::template::build(&data, "兰州海关").unwrap();
    let ws = wb.worksheet_from_name(MAIN_SHEET).unwrap();
    match filed {
        Filed::Text(t) => {
            ws.write_string(1, 3, t).unwrap();
        }
        Filed::Date(y, m, d) => {
            let day = Format::new().set_num_format("yyyy-mm-dd");
            let date = ExcelDateTime::from_ymd(y, m, d).unwrap();
            ws.write_datetime_with_format(1, 3, &date, &day).unwrap();
        }
    }
    for k in 0..3 {
        ws.write_string(FIRST_ROW + k, 5, status).unwrap();
    }
    wb.save(path).unwrap();
}

const FIRST: &str = "兰州海关-初稿.xlsx";
const SECOND: &str = "兰州海关-修改稿.xlsx";

/// A folder with two returns of 兰州海关 (the sample, filed 2018-12-27 in a date cell, and
/// a later version filed `2018年12月29日` as text) and 南昌海关's.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample("兰州海关"), dir.path().join(FIRST)).unwrap();
    write_version(
        &dir.path().join(SECOND),
        Filed::Text("2018年12月29日"),
        "完成",
    );
    let other = sample("南昌海关");
    std::fs::copy(&other, dir.path().join(other.file_name().unwrap())).unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `score --format csv` of `paths`: the exit status and 兰州海关's row without its rank.
fn lanzhou(paths: &[&Path]) -> (i32, Vec<String>) {
    let out = kaoping()
        .args(["score", "--format", "csv"])
        .args(paths)
        .output()
        .unwrap();
    let csv = text(&out.stdout);
    let row = csv
        .lines()
        .find(|l| l.split(',').nth(1) == Some("兰州海关"))
        .unwrap_or_else(|| panic!("no 兰州海关 row: {csv}"));
    let fields = row.split(',').skip(1).map(str::to_string).collect();
    (out.status.code().unwrap(), fields)
}

fn choose(dir: &Path, file: &Path, evaluator: &str) -> std::process::Output {
    kaoping()
        .arg("choose")
        .arg(dir)
        .args(["--office", "兰州海关", "--file"])
        .arg(file)
        .args(["--evaluator", evaluator])
        .output()
        .unwrap()
}

fn check(dir: &Path) -> (i32, String) {
    let out = kaoping().arg("check").arg(dir).output().unwrap();
    (out.status.code().unwrap(), text(&out.stdout))
}

#[test]
fn a_conflict_resolved_by_choose_scores_exactly_the_chosen_file_and_choosing_again_switches() {
    let ws = workspace();
    let d = ws.path();
    let (first, second) = (d.join(FIRST), d.join(SECOND));
    // Two returns: neither counts, exit 1.
    let (code, row) = lanzhou(&[d]);
    assert_eq!(code, 1);
    assert_eq!(row[2], "未报送", "{row:?}");
    let (code, report) = check(d);
    assert_eq!(code, 1);
    assert_eq!(report.matches("  重复报送").count(), 2, "{report}");
    // Scored alone, each version gives its own row.
    let alone_first = lanzhou(&[&first]).1;
    let alone_second = lanzhou(&[&second]).1;
    assert_ne!(alone_first, alone_second, "the versions score differently");

    let out = choose(d, &first, "张三");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(&format!("兰州海关：以 {} 为准", first.display())),
        "{said}"
    );
    assert!(said.contains("张三"), "{said}");
    assert!(
        said.contains(&format!("未采用：{}", second.display())),
        "{said}"
    );
    // The chosen file counts exactly as it scores alone; the other is set aside, no error.
    let (code, row) = lanzhou(&[d]);
    assert_eq!(code, 0);
    assert_eq!(row, alone_first);
    let (code, report) = check(d);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains(&format!(
        "{}  兰州海关  已受理（以此份为准）",
        first.display()
    )));
    assert!(report.contains(&format!("{}  兰州海关  未采用", second.display())));
    assert!(report.contains("以此份为准（张三 "), "{report}");
    assert!(report.contains(&format!("未采用：已选定 {} 为准（张三 ", first.display())));
    assert!(report.contains("重复报送 0，未采用 1；"), "{report}");

    // Choosing the other switches.
    let out = choose(d, &second, "李四");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (code, row) = lanzhou(&[d]);
    assert_eq!(code, 0);
    assert_eq!(row, alone_second);
    // Choosing the same file again changes nothing.
    assert_eq!(choose(d, &second, "王五").status.code(), Some(0));

    // The history lists both choices, file by file.
    let out = kaoping()
        .arg("history")
        .arg(d)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let csv = text(&out.stdout);
    let lines: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].contains(&format!(",张三,兰州海关,,choose,,{FIRST},以此份为准")));
    assert!(lines[1].contains(&format!(
        ",李四,兰州海关,,choose,{FIRST},{SECOND},以此份为准"
    )));
    let out = kaoping().arg("history").arg(d).output().unwrap();
    let table = text(&out.stdout);
    assert!(
        table.contains(&format!("选定 {FIRST} → {SECOND}")),
        "{table}"
    );
    assert!(table.contains(&format!("选定 未选定 → {FIRST}")), "{table}");

    // The JSON says which file counts, by whom.
    let out = kaoping()
        .args(["score", "--format", "json"])
        .arg(d)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    let of = |name: &str| {
        files
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(name))
            .unwrap()
    };
    assert_eq!(of(SECOND)["chosen"]["evaluator"], "李四");
    assert_eq!(of(SECOND)["status"], "accepted");
    assert_eq!(of(FIRST)["status"], "superseded");
    assert_eq!(of(FIRST)["status_label"], "未采用");
    assert!(of(FIRST)["chosen"].is_null());
}

#[test]
fn the_export_shows_the_choice_and_the_files_not_counted() {
    let ws = workspace();
    let d = ws.path();
    assert_eq!(choose(d, &d.join(SECOND), "张三").status.code(), Some(0));
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("排名.xlsx");
    kaoping()
        .arg("export")
        .arg("--out")
        .arg(&out)
        .arg(d)
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("导入情况").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let row_of = |file: &str| {
        rows.iter()
            .find(|r| r[0].ends_with(file))
            .unwrap_or_else(|| panic!("{file} not in {rows:?}"))
    };
    assert_eq!(row_of(SECOND)[2], "已受理（以此份为准）");
    assert!(rows
        .iter()
        .any(|r| r[0].ends_with(SECOND) && r[5].starts_with("以此份为准（张三 ")));
    assert_eq!(row_of(FIRST)[2], "未采用");
    assert!(rows
        .iter()
        .any(|r| r[0].ends_with(FIRST) && r[5].contains(&format!("{SECOND} 为准（张三 "))));
    assert!(rows
        .iter()
        .any(|r| r[0].contains("退回或重复报送 0 个，未采用 1 个")));
    // 核定记录 lists the choice.
    let sheet = wb.worksheet_range("核定记录").unwrap();
    assert!(sheet.rows().any(|r| {
        r.get(4) == Some(&Data::String("选定".into()))
            && r.get(7) == Some(&Data::String(SECOND.into()))
    }));
}

#[test]
fn a_chosen_file_changed_or_gone_brings_the_conflict_back_with_why() {
    let ws = workspace();
    let d = ws.path();
    let (first, second) = (d.join(FIRST), d.join(SECOND));
    assert_eq!(choose(d, &second, "张三").status.code(), Some(0));
    assert_eq!(check(d).0, 0);
    // The chosen file is replaced by another version after the choice.
    write_version(&second, Filed::Text("2018-12-30"), "基本完成");
    let (code, report) = check(d);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report.matches("  重复报送").count(), 2, "{report}");
    assert!(
        report.contains(&format!("已选定为准的 {SECOND} 在选定后已更改（张三 ")),
        "{report}"
    );
    assert!(report.contains("选定不再适用，请重新选定"), "{report}");
    assert_eq!(lanzhou(&[d]).1[2], "未报送");
    // Chosen again, it counts again.
    assert_eq!(choose(d, &second, "张三").status.code(), Some(0));
    assert_eq!(check(d).0, 0);
    // The chosen file is gone and a third version came: conflict again, saying so.
    std::fs::remove_file(&second).unwrap();
    write_version(
        &d.join("兰州海关-定稿.xlsx"),
        Filed::Date(2019, 1, 3),
        "完成",
    );
    let (code, report) = check(d);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "已选定为准的 {SECOND} 已不在本单位已受理的自评表中"
        )),
        "{report}"
    );
    // Alone, the remaining return counts without any choice.
    std::fs::remove_file(d.join("兰州海关-定稿.xlsx")).unwrap();
    let (code, report) = check(d);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains(&format!("{}  兰州海关  已受理\n", first.display())));
}

#[test]
fn choose_refuses_a_file_that_is_not_the_offices_return() {
    let ws = workspace();
    let d = ws.path();
    let nanchang = sample("南昌海关");
    let inside = d.join(nanchang.file_name().unwrap());
    let broken = d.join("兰州海关-坏.xlsx");
    std::fs::write(&broken, b"not a workbook").unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (inside.clone(), "是南昌海关的自评表，不是兰州海关的"),
        (d.join("没有.xlsx"), "找不到该文件"),
        // The same return, but outside the folder.
        (sample("兰州海关"), "不是该文件夹中的自评表"),
        (broken.clone(), "该文件已退回，不能以此份为准"),
    ];
    for (file, why) in cases {
        let out = choose(d, &file, "张三");
        assert_eq!(out.status.code(), Some(2), "{}", file.display());
        let err = text(&out.stderr);
        assert!(err.contains(why), "{why} missing in {err}");
        assert!(err.contains("--file"), "{err}");
    }
    let out = kaoping()
        .arg("choose")
        .arg(d)
        .args(["--office", "不存在海关", "--file"])
        .arg(d.join(FIRST))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Nothing was chosen.
    let store = Store::open(d).unwrap();
    assert!(store.choices().unwrap().is_empty());
    assert!(store.history(None).unwrap().is_empty());
}

#[test]
fn the_hint_names_the_later_filed_date_and_kaoping_never_chooses() {
    let data = DataSet::builtin();
    let ws = workspace();
    let d = ws.path();
    let read = |name: &str| import_file(&d.join(name), &data.set, &data.registry);
    // A date cell (the sample) and a date written as text.
    let files = vec![read(FIRST), read(SECOND)];
    assert_eq!(
        files[0].filed,
        chrono::NaiveDate::from_ymd_opt(2018, 12, 27)
    );
    assert_eq!(
        files[1].filed,
        chrono::NaiveDate::from_ymd_opt(2018, 12, 29)
    );
    let l = later(&files, &[0, 1]).unwrap();
    assert_eq!(l.file, 1);
    assert_eq!(l.label(), "填报日期 2018-12-29");
    // The conflict says which is later, and still scores neither.
    let report = Report::from_files(&data, files);
    let o = data.registry.find_exact("兰州海关").unwrap();
    assert!(matches!(report.states[o], OfficeState::Conflict(_)));
    assert!(report.files[..2]
        .iter()
        .all(|f| f.status == FileStatus::Conflict));
    let message = &report.files[0].problems.last().unwrap().message;
    assert!(
        message.ends_with(&format!(
            "较新：{}（填报日期 2018-12-29）",
            d.join(SECOND).display()
        )),
        "{message}"
    );
    assert!(report.any_refused());

    // The same 填报日期 (here a date cell): the files' times tell.
    write_version(&d.join(SECOND), Filed::Date(2018, 12, 27), "完成");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_546_000_000);
    std::fs::File::options()
        .write(true)
        .open(d.join(FIRST))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let files = vec![read(FIRST), read(SECOND)];
    assert_eq!(files[0].filed, files[1].filed);
    let l = later(&files, &[0, 1]).unwrap();
    assert_eq!(l.file, 1);
    assert!(matches!(l.by, LaterBy::Modified(_)));
    assert!(l.label().starts_with("文件修改时间 "), "{}", l.label());
    // No date, one time: no hint.
    let mut files = files;
    files[0].modified = files[1].modified;
    assert!(later(&files, &[0, 1]).is_none());
    assert!(kaoping::choose::hint(&files, &[0, 1]).is_none());
}

#[test]
fn stored_choices_are_checked_when_read() {
    let ws = workspace();
    let d = ws.path();
    assert_eq!(choose(d, &d.join(FIRST), "张三").status.code(), Some(0));
    drop(Store::open(d).unwrap());
    let conn = rusqlite::Connection::open(d.join(kaoping::store::FILE)).unwrap();
    conn.execute(
        "INSERT INTO choices (office, sha256, path, evaluator, chosen_at)
         VALUES ('南昌海关', 'not a hash', 'x.xlsx', '甲', '2019-01-05 10:00:00')",
        [],
    )
    .unwrap();
    drop(conn);
    let out = kaoping().arg("check").arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(
        err.contains("以此份为准的选定（choices 第") && err.contains("文件摘要不是 SHA-256"),
        "{err}"
    );
    let store = Store::open(d).unwrap().checked(&DataSet::builtin());
    let choices = store.choices().unwrap();
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].office, "兰州海关");
    assert_eq!(choices[0].path, FIRST);
    assert_eq!(choices[0].evaluator, "张三");
}
