//! The return fixtures of `tests/fixtures/returns/` (made by `make_fixtures.sh` with five
//! different writers, listed in `manifest.toml`): every tolerated variation scores exactly
//! as the clean baseline; every refusal names the file with its reason (and its sheet or
//! cell); row problems land on their cells.

use kaoping::data::DataSet;
use kaoping::domain::points::fmt2;
use kaoping::import::{FileStatus, Severity};
use kaoping::report::Report;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Manifest {
    baseline: Baseline,
    fixture: Vec<Fixture>,
}

#[derive(Deserialize)]
struct Baseline {
    file: String,
    office: String,
    total: String,
    scores: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Fixture {
    file: String,
    writer: String,
    #[serde(default)]
    variations: Vec<u32>,
    expect: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    errors_at: Vec<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    scores: BTreeMap<String, String>,
    #[serde(default)]
    note: String,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns")
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(dir().join("manifest.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Imports one file on its own.
fn import(data: &DataSet, file: &str) -> Report {
    Report::build(data, &[dir().join(file)])
}

/// Per-indicator used scores and the total, as two-decimal strings.
fn scores(data: &DataSet, r: &Report) -> (BTreeMap<String, String>, String) {
    let res = &r.results[0];
    let map = data
        .set
        .indicators
        .iter()
        .zip(&res.indicators)
        .map(|(i, s)| (i.id.clone(), fmt2(s.used())))
        .collect();
    (map, fmt2(res.total))
}

#[test]
fn the_baseline_scores_as_the_oracle_says() {
    let data = DataSet::builtin();
    let m = manifest();
    let r = import(&data, &m.baseline.file);
    let f = &r.files[0];
    assert_eq!(f.status, FileStatus::Imported, "{:?}", f.problems);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(
        data.registry.offices[f.office.unwrap()].name,
        m.baseline.office
    );
    let (got, total) = scores(&data, &r);
    assert_eq!(got, m.baseline.scores);
    assert_eq!(total, m.baseline.total);
}

/// Checks one fixture against its manifest entry.
fn check(file: &str) -> Result<(), String> {
    let data = DataSet::builtin();
    let m = manifest();
    let fx = m
        .fixture
        .iter()
        .find(|f| f.file == file)
        .ok_or_else(|| format!("{file} is not in the manifest"))?;
    let r = import(&data, &fx.file);
    let f = &r.files[0];
    let ctx = format!("{} ({}; {})", fx.file, fx.writer, fx.note);
    match fx.expect.as_str() {
        "same" => {
            let errors: Vec<String> = f
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .map(|p| p.to_string())
                .collect();
            if f.status != FileStatus::Imported || !errors.is_empty() {
                return Err(format!("{ctx}: {:?} {:?}", f.status, f.problems));
            }
            let office = &data.registry.offices[f.office.unwrap()].name;
            if *office != fx.office {
                return Err(format!("{ctx}: office {office}, want {}", fx.office));
            }
            let (want, want_total) = scores(&data, &import(&data, &m.baseline.file));
            let (got, total) = scores(&data, &r);
            let diff: Vec<String> = want
                .iter()
                .filter(|(k, v)| got.get(*k) != Some(*v))
                .map(|(k, v)| format!("{k}: {} ≠ {v}", got[k]))
                .collect();
            if !diff.is_empty() || total != want_total {
                return Err(format!(
                    "{ctx}: {} (total {total} ≠ {want_total})",
                    diff.join(", ")
                ));
            }
        }
        "refused" => {
            let p = f.problems.first();
            let ok = f.status == FileStatus::Refused
                && p.is_some_and(|p| {
                    p.message.contains(&fx.message)
                        && p.file.ends_with(&fx.file)
                        && (fx.at.is_empty() || p.at.as_deref() == Some(fx.at.as_str()))
                });
            if !ok {
                return Err(format!(
                    "{ctx}: want refused “{}” at “{}”, got {:?} {:?}",
                    fx.message, fx.at, f.status, f.problems
                ));
            }
        }
        "imported" => {
            if f.status != FileStatus::Imported {
                return Err(format!("{ctx}: {:?} {:?}", f.status, f.problems));
            }
            for cell in &fx.errors_at {
                if !f.problems.iter().any(|p| {
                    p.severity == Severity::Error && p.at.as_deref() == Some(cell.as_str())
                }) {
                    return Err(format!("{ctx}: no error at {cell}: {:?}", f.problems));
                }
            }
            for w in &fx.warnings {
                if !f
                    .problems
                    .iter()
                    .any(|p| p.severity == Severity::Warning && p.message.contains(w.as_str()))
                {
                    return Err(format!("{ctx}: no warning with “{w}”: {:?}", f.problems));
                }
            }
            let (got, _) = scores(&data, &r);
            for (k, v) in &fx.scores {
                if got.get(k) != Some(v) {
                    return Err(format!("{ctx}: {k} = {:?}, want {v}", got.get(k)));
                }
            }
        }
        other => return Err(format!("{ctx}: unknown expectation {other}")),
    }
    Ok(())
}

/// One test per fixture, so that each tolerated variation and each refusal is its own
/// test; `ALL` must list the whole manifest.
macro_rules! fixtures {
    ($($name:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $name() {
                if let Err(e) = check($file) {
                    panic!("{e}");
                }
            }
        )*
        const ALL: &[&str] = &[$($file),*];
    };
}

fixtures! {
    baseline_openpyxl_xlsx => "baseline-openpyxl.xlsx",
    op_title_block_synonyms_xlsx => "op-title-block-synonyms.xlsx",
    op_date1904_xlsx => "op-date1904.xlsx",
    op_xlsx_saved_as_xls => "op-xlsx-saved-as.xls",
    op_cover_hidden_sheets_xlsx => "op-cover-hidden-sheets.xlsx",
    office_from_file_name_xlsx => "2018年政务公开自评表（南宁海关）.xlsx",
    op_rows_ids_xlsx => "op-rows-ids.xlsx",
    op_text_values_xlsx => "op-text-values.xlsx",
    xlwt_two_row_header_xls => "xlwt-two-row-header.xls",
    xlwt_codepage_936_xls => "xlwt-codepage-936.xls",
    xlwt_codepage_1252_xls => "xlwt-codepage-1252.xls",
    xlwt_columns_xls => "xlwt-columns.xls",
    xlwt_real_xls_xlsx => "xlwt-real-xls.XLSX",
    lo_two_row_header_xls => "lo-two-row-header.xls",
    lo_formulas_xlsx => "lo-formulas.xlsx",
    lo_upper_xls => "LO-UPPER.XLS",
    lo_cover_hidden_xls => "lo-cover-hidden.xls",
    gnumeric_formulas_xls => "gnumeric-formulas.xls",
    gnumeric_sections_xlsx => "gnumeric-sections.xlsx",
    gnumeric_biff5_cp936_xls => "gnumeric-biff5-cp936.xls",
    xw_formulas_xlsx => "xw-formulas.xlsx",
    xw_english_office_xlsx => "xw-english-office.xlsx",
    xw_date1904_synonyms_xlsx => "xw-date1904-synonyms.xlsx",
    html_table_xls => "html-table.xls",
    plain_text_xlsx => "plain-text.xlsx",
    random_bytes_xls => "random-bytes.xls",
    truncated_xlsx => "truncated.xlsx",
    truncated_xls => "truncated.xls",
    encrypted_xlsx => "encrypted.xlsx",
    encrypted_xls => "encrypted.xls",
    empty_xlsx => "empty.xlsx",
    empty_xls => "empty.xls",
    too_many_rows_xlsx => "too-many-rows.xlsx",
    stray_cell_xlsx => "stray-cell.xlsx",
    stray_cell_xls => "stray-cell.xls",
    no_header_xlsx => "no-header.xlsx",
    office_none_xlsx => "office-none.xlsx",
    office_two_xlsx => "office-two.xlsx",
    office_branch_xlsx => "office-branch.xlsx",
    missing_row_xlsx => "missing-row.xlsx",
    unknown_id_xlsx => "unknown-id.xlsx",
    duplicate_id_xls => "duplicate-id.xls",
    invalid_values_xlsx => "invalid-values.xlsx",
    formula_no_cache_xls => "formula-no-cache.xls",
    hostile_text_xlsx => "hostile-text.xlsx",
}

#[test]
fn every_fixture_of_the_manifest_has_its_test() {
    let listed: BTreeSet<&str> = ALL.iter().copied().collect();
    let m = manifest();
    let all: BTreeSet<&str> = m.fixture.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(listed, all);
}

#[test]
fn every_item_of_the_spec_is_covered_by_five_writers() {
    let m = manifest();
    let same: Vec<&Fixture> = m.fixture.iter().filter(|f| f.expect == "same").collect();
    let covered: BTreeSet<u32> = same
        .iter()
        .flat_map(|f| f.variations.iter().copied())
        .collect();
    assert_eq!(covered, (1..=13).collect::<BTreeSet<u32>>());
    let writers: BTreeSet<String> = same
        .iter()
        .map(|f| {
            f.writer
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase()
        })
        .collect();
    assert!(writers.len() >= 5, "{writers:?}");
}

/// A blank template whose 填报单位 reads `office`, saved as `name` in `dir`.
fn blank_return(data: &DataSet, office: &str, dir: &Path, name: &str) -> PathBuf {
    let mut wb = kaoping::export::template::build(data, office).unwrap();
    let path = dir.join(name);
    wb.save(&path).unwrap();
    path
}

#[test]
fn the_customs_college_is_refused_as_a_school_not_taken_for_shanghai() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    for (office, name) in [
        ("上海海关学院", "a.xlsx"),
        ("中华人民共和国上海海关学院", "b.xlsx"),
        ("", "2018年政务公开自评表（上海海关学院）.xlsx"),
    ] {
        let path = blank_return(&data, office, dir.path(), name);
        let r = Report::build(&data, &[path]);
        let f = &r.files[0];
        assert_eq!(f.status, FileStatus::Refused, "{name}: {:?}", f.problems);
        assert_eq!(f.office, None);
        let p = &f.problems[0];
        assert!(p.file.ends_with(name), "{p}");
        assert!(
            p.message
                .contains("是上海海关学院（院校），不是直属海关，不参加考核评估"),
            "{p}"
        );
        assert!(r.results.is_empty(), "nothing is scored for {name}");
    }
    // 上海海关 itself still imports.
    let path = blank_return(&data, "上海海关", dir.path(), "c.xlsx");
    let r = Report::build(&data, &[path]);
    assert_eq!(r.files[0].status, FileStatus::Imported);
    assert_eq!(
        data.registry.offices[r.files[0].office.unwrap()].name,
        "上海海关"
    );
}

#[test]
fn an_unknown_office_is_refused_in_the_registrys_own_word_for_its_units() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let path = blank_return(&data, "某某单位", dir.path(), "a.xlsx");
    let refusal = |data: &DataSet| {
        let r = Report::build(data, std::slice::from_ref(&path));
        assert_eq!(r.files[0].status, FileStatus::Refused);
        r.files[0].problems[0].message.clone()
    };
    assert_eq!(
        refusal(&data),
        "填报单位“某某单位”与登记的直属海关都不相符，请在填报单位栏填写单位全称"
    );
    // Another registry calls its units otherwise: the refusal says what it says.
    let mut other = data.clone();
    other.registry = kaoping::domain::registry::Registry::from_toml(
        "units.toml",
        "[registry]\nname = \"试点\"\nunit = \"试点单位\"\n[[office]]\nname = \"甲单位\"\n",
    )
    .unwrap();
    assert_eq!(
        refusal(&other),
        "填报单位“某某单位”与登记的试点单位都不相符，请在填报单位栏填写单位全称"
    );
}

#[test]
fn a_typographic_apostrophe_names_xian() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    for (office, name) in [("Xi’an Customs", "a.xlsx"), ("", "Xi’an_2018.xlsx")] {
        let path = blank_return(&data, office, dir.path(), name);
        let r = Report::build(&data, &[path]);
        let f = &r.files[0];
        assert_eq!(f.status, FileStatus::Imported, "{name}: {:?}", f.problems);
        assert_eq!(data.registry.offices[f.office.unwrap()].name, "西安海关");
        assert!(
            !f.problems.iter().any(|p| p.message.contains("不可见")),
            "{:?}",
            f.problems
        );
    }
}

#[test]
fn invisible_characters_in_the_office_name_are_removed_with_a_warning_naming_them() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let path = blank_return(&data, "\u{feff}西安\u{200b}海关", dir.path(), "a.xlsx");
    let r = Report::build(&data, &[path]);
    let f = &r.files[0];
    assert_eq!(f.status, FileStatus::Imported, "{:?}", f.problems);
    assert_eq!(data.registry.offices[f.office.unwrap()].name, "西安海关");
    let w: Vec<String> = f
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning && p.message.contains("不可见"))
        .map(|p| p.to_string())
        .collect();
    assert_eq!(w.len(), 1, "{:?}", f.problems);
    assert!(w[0].contains("a.xlsx"), "{}", w[0]);
    assert!(w[0].contains("填报单位"), "{}", w[0]);
    assert!(
        w[0].contains("U+FEFF（字节顺序标记 BOM）、U+200B（零宽空格）"),
        "{}",
        w[0]
    );
    assert!(w[0].contains("识别为西安海关"), "{}", w[0]);
    // Shown, the name spells the characters out; none reaches the terminal as it is.
    assert!(w[0].contains("西安⟨U+200B⟩海关"), "{}", w[0]);
    assert!(!w[0].contains('\u{200b}') && !w[0].contains('\u{feff}'));
    // From the file name, the warning says so.
    let path = blank_return(&data, "", dir.path(), "西安\u{200d}海关.xlsx");
    let r = Report::build(&data, &[path]);
    let f = &r.files[0];
    assert_eq!(f.status, FileStatus::Imported, "{:?}", f.problems);
    assert!(
        f.problems
            .iter()
            .any(|p| p.message.contains("文件名") && p.message.contains("U+200D（零宽连接符）")),
        "{:?}",
        f.problems
    );
}
