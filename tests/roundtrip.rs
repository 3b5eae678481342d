//! Template → fill → score: the template kaoping writes reads back as the canonical
//! layout, and one filled in by another program (openpyxl; see
//! fixtures/make_roundtrip.py) scores as worked out by hand.

use calamine::{open_workbook_auto, Data, Reader};
use kaoping::data::DataSet;
use kaoping::export::template;
use kaoping::report::Report;
use std::path::PathBuf;

#[test]
fn a_blank_template_reads_back_with_every_row() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let path = template::write(&data, "拉萨海关", dir.path()).unwrap();

    let mut wb = open_workbook_auto(&path).unwrap();
    let sheets = wb.sheet_names();
    assert_eq!(sheets, [template::MAIN_SHEET, template::ITEMS_SHEET]);
    let r = wb.worksheet_range(template::MAIN_SHEET).unwrap();
    assert_eq!(r.get_value((1, 1)), Some(&Data::String("拉萨海关".into())));
    let header: Vec<String> = (0..12)
        .map(|c| r.get_value((3, c)).unwrap().to_string())
        .collect();
    assert_eq!(header, template::MAIN_HEADER);
    let ids: Vec<String> = (0..21)
        .map(|k| r.get_value((4 + k, 0)).unwrap().to_string())
        .collect();
    let want: Vec<&str> = data.set.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, want);

    let report = Report::build(&data, &[path]);
    let f = &report.files[0];
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let res = &report.results[0];
    // Blank: levels, ratios, the deadline 0; deductions full; timeliness without items and
    // without a declaration of 无此项业务 0 (未填报), not full: 21 points from A1, A9, B3, C3.
    assert_eq!(kaoping::domain::points::fmt2(res.total), "21.00");
    let d1 = &res.indicators[data.set.index_of("D1").unwrap()];
    assert_eq!(d1.notes, ["未填报"]);
    let a2 = &res.indicators[1];
    assert_eq!(a2.notes, ["未填报"]);
}

#[test]
fn a_template_filled_by_another_program_scores_as_worked_out_by_hand() {
    let data = DataSet::builtin();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roundtrip/乌鲁木齐海关-filled.xlsx");
    let report = Report::build(&data, &[path]);
    assert!(
        report.files[0].problems.is_empty(),
        "{:?}",
        report.files[0].problems
    );
    let r = &report.results[0];
    assert_eq!(data.registry.offices[r.office].name, "乌鲁木齐海关");
    let got: Vec<String> = r
        .indicators
        .iter()
        .map(|s| s.computed.to_string())
        .collect();
    let want = [
        // D1: no items and no declaration of 无此项业务: 0, 未填报 (scoring.md).
        "4", "4.00", "2.67", "3.00", "2.40", "6.00", "4.38", "5.00", "5", "8.00", "4.67", "3",
        "4.00", "4.20", "5", "0", "5.00", "0", "1", "0", "0",
    ];
    let norm = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap().normalize();
    assert_eq!(
        got.iter().map(|s| norm(s)).collect::<Vec<_>>(),
        want.iter().map(|s| norm(s)).collect::<Vec<_>>()
    );
    assert_eq!(kaoping::domain::points::fmt2(r.total), "71.32");
    assert_eq!(r.grade, "合格");
    // Claims read back too (4.2 written as a float by openpyxl).
    assert_eq!(
        r.indicators[13].claimed.map(|d| d.to_string()),
        Some("4.2".into())
    );
    assert_eq!(r.indicators[10].notes[0], "按时 2/3");
}

#[test]
fn a_status_merged_over_two_rows_counts_for_both() {
    // D2 and D3 (both level rules) share one merged 完成情况 cell, as offices do.
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut wb = template::build(&data, "拉萨海关").unwrap();
    let ws = wb.worksheet_from_name(template::MAIN_SHEET).unwrap();
    let d2 = template::FIRST_ROW + data.set.index_of("D2").unwrap() as u32;
    assert_eq!(
        data.set.index_of("D3"),
        data.set.index_of("D2").map(|i| i + 1)
    );
    ws.merge_range(d2, 5, d2 + 1, 5, "完成", &rust_xlsxwriter::Format::new())
        .unwrap();
    let path = dir.path().join("拉萨海关.xlsx");
    wb.save(&path).unwrap();
    let report = Report::build(&data, &[path]);
    let r = &report.results[0];
    let score = |id: &str| {
        r.indicators[data.set.index_of(id).unwrap()]
            .computed
            .to_string()
    };
    assert_eq!(
        (score("D2"), score("D3")),
        ("5.00".to_string(), "4.00".to_string())
    );
}
