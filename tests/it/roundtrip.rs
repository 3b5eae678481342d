//! Template → fill → score: the template kaoping writes reads back as the canonical
//! layout, and one filled in by another program (openpyxl; see
//! fixtures/make_roundtrip.py) scores as worked out by hand. Its texts say the rules the
//! right way round, once each.

use calamine::{open_workbook_auto, Data, Reader};
use kaoping::data::DataSet;
use kaoping::domain::indicators::Rule;
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
    let items = wb.worksheet_range(template::ITEMS_SHEET).unwrap();
    let header: Vec<String> = (0..6)
        .map(|c| items.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(header, template::ITEMS_HEADER);
    assert_eq!(header[4], "延期");

    let report = Report::build(&data, &[path]);
    let f = &report.files[0];
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let res = &report.results[0];
    // Blank: levels, ratios, the deadline 0; deductions full (21.00 in all). The timeliness
    // indicators score by the declaration rule of scoring.md (tests/it/rules.rs).
    let rest: rust_decimal::Decimal = data
        .set
        .indicators
        .iter()
        .zip(&res.indicators)
        .filter(|(i, _)| !matches!(i.rule, Rule::Timeliness { .. }))
        .map(|(_, s)| s.computed)
        .sum();
    assert_eq!(kaoping::domain::points::fmt2(rest), "21.00");
    // Timeliness without items and without a declaration of 无此项业务: 0 (未填报), not
    // full, so the whole blank template scores those 21 points only.
    assert_eq!(kaoping::domain::points::fmt2(res.total), "21.00");
    let d1 = &res.indicators[data.set.index_of("D1").unwrap()];
    assert_eq!(d1.notes, ["未填报"]);
    let a2 = &res.indicators[1];
    assert_eq!(a2.notes, ["未填报"]);
}

/// The template of 拉萨海关 with `fill` applied to its 自评表, saved in `dir`.
fn filled(
    data: &DataSet,
    dir: &std::path::Path,
    fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> PathBuf {
    let mut wb = template::build(data, "拉萨海关").unwrap();
    fill(wb.worksheet_from_name(template::MAIN_SHEET).unwrap());
    let path = dir.join("拉萨海关.xlsx");
    wb.save(&path).unwrap();
    path
}

#[test]
fn the_declaration_offered_by_the_drop_down_reads_back_as_no_business() {
    // Every timeliness row declared through its drop-down word: full points, 无此项业务.
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let timely: Vec<usize> = (data.set.indicators.iter().enumerate())
        .filter(|(_, i)| matches!(i.rule, Rule::Timeliness { .. }))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(timely.len(), 4);
    let path = filled(&data, dir.path(), |ws| {
        for &k in &timely {
            let r = template::FIRST_ROW + k as u32;
            ws.write_string(r, 5, template::NOT_APPLICABLE).unwrap();
        }
    });
    let report = Report::build(&data, &[path]);
    assert!(
        report.files[0].problems.is_empty(),
        "{:?}",
        report.files[0].problems
    );
    let res = &report.results[0];
    for &k in &timely {
        let s = &res.indicators[k];
        assert_eq!(s.computed, data.set.indicators[k].points, "{}", s.id);
        assert_eq!(s.notes, ["无此项业务"], "{}", s.id);
    }
    assert_eq!(kaoping::domain::points::fmt2(res.total), "46.00");
}

/// Every string of a template's sheet XML (shared strings, comments, validations).
fn parts_of(path: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") {
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            out.insert(name, text);
        }
    }
    out
}

#[test]
fn the_template_says_each_rule_once_and_the_right_way_round() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let path = template::write(&data, "拉萨海关", dir.path()).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let mut strings = Vec::new();
    for sheet in [template::MAIN_SHEET, template::ITEMS_SHEET] {
        let r = wb.worksheet_range(sheet).unwrap();
        for (row, col, c) in r.used_cells() {
            if let Data::String(s) = c {
                strings.push((sheet, row, col, s.clone()));
            }
        }
    }
    // V1 (indicators-2018.md): the grade is capped at 良好; it is not "not 良好".
    let main = wb.worksheet_range(template::MAIN_SHEET).unwrap();
    let v1 = template::FIRST_ROW + data.set.index_of("V1").unwrap() as u32;
    assert_eq!(
        main.get_value((v1, 4)),
        Some(&Data::String(
            "发生的，等次最高为良好（不得评为优秀）".into()
        ))
    );
    assert!(
        !strings.iter().any(|(.., s)| s.contains("不得评为良好")),
        "{strings:?}"
    );
    // No text says a thing twice: no bracketed part repeated back to back (时效明细!G5 once
    // read “（15个工作日）（15个工作日）”).
    for (sheet, row, col, s) in &strings {
        for part in s.split_inclusive('）').filter(|p| p.contains('（')) {
            let part = &part[part.find('（').unwrap()..];
            assert!(
                !s.contains(&format!("{part}{part}")),
                "{sheet}!({row},{col}) repeats {part}: {s}"
            );
        }
    }
    let items = wb.worksheet_range(template::ITEMS_SHEET).unwrap();
    let notes: Vec<String> = (0..6)
        .filter_map(|r| items.get_value((r, 7)).map(|d| d.to_string()))
        .collect();
    assert_eq!(notes.len(), 5, "{notes:?}");
    assert_eq!(
        notes[4],
        "D1 依申请公开按期答复（15个工作日，经批准可延长15个工作日）"
    );
    assert!(notes[0].contains("“延期”栏") && notes[0].contains("无此项业务"));
    // Timeliness rows offer 无此项业务; their 完成情况 is open, not shaded and locked.
    let xml = parts_of(&path);
    let sheet1 = &xml["xl/worksheets/sheet1.xml"];
    for id in ["A4", "A6", "B2", "D1"] {
        let r = template::FIRST_ROW + data.set.index_of(id).unwrap() as u32 + 1;
        let dv = format!("sqref=\"F{r}\"><formula1>\"无此项业务\"</formula1>");
        assert!(sheet1.contains(&dv), "{id}: {dv}");
    }
    // 延期 (E2 on): blank, 是, or whole days up to D1's 15, on D1's rows only; explained in
    // the cell's prompt and in a note on the header.
    let sheet2 = &xml["xl/worksheets/sheet2.xml"];
    assert!(
        sheet2.contains("type=\"custom\"") && sheet2.contains("sqref=\"E2:E301\""),
        "{sheet2}"
    );
    assert!(
        sheet2.contains(
            r#"<formula1>OR(E2="",AND(OR(A2="D1"),OR(E2="是",AND(ISNUMBER(E2),E2=INT(E2),E2&gt;=1,E2&lt;=15))))</formula1>"#
        ),
        "{sheet2}"
    );
    assert!(sheet2.contains("D1最长15个工作日"), "{sheet2}");
    assert!(
        xml.iter()
            .any(|(k, v)| k.contains("comments") && v.contains("D1最长15个工作日")),
        "a note on the 延期 header"
    );
}

#[test]
fn an_extension_rule_holds_several_indicators_and_falls_back_when_long() {
    let mut data = DataSet::builtin();
    let (rule, help) = template::extension_rule(&data.set);
    assert!(
        rule.contains("E2<=15") && help.contains("D1最长15个工作日"),
        "{rule}"
    );
    // Two indicators with different maxima: the bound follows the row's 编号.
    let a4 = data.set.index_of("A4").unwrap();
    data.set.indicators[a4].extension_days = Some(5);
    let (rule, help) = template::extension_rule(&data.set);
    assert_eq!(
        rule,
        "=OR(E2=\"\",AND(OR(A2=\"A4\",A2=\"D1\"),OR(E2=\"是\",AND(ISNUMBER(E2),E2=INT(E2),E2>=1,E2<=IF(A2=\"A4\",5,IF(A2=\"D1\",15,0))))))"
    );
    assert!(help.contains("A4最长5个工作日，D1最长15个工作日"), "{help}");
    // Too long for Excel: the largest maximum bounds every row.
    for ind in data.set.indicators.iter_mut() {
        if matches!(ind.rule, Rule::Timeliness { .. }) {
            ind.extension_days = Some(3);
        }
    }
    let mut many = data.set.indicators[a4].clone();
    for k in 0..30 {
        many.id = format!("T{k}");
        many.extension_days = Some(10 + k);
        data.set.indicators.push(many.clone());
    }
    let (rule, _) = template::extension_rule(&data.set);
    assert_eq!(
        rule,
        "=OR(E2=\"\",E2=\"是\",AND(ISNUMBER(E2),E2=INT(E2),E2>=1,E2<=39))"
    );
    // No indicator allows one: the column stays blank.
    for ind in data.set.indicators.iter_mut() {
        ind.extension_days = None;
    }
    assert_eq!(template::extension_rule(&data.set).0, "=E2=\"\"");
    let dir = tempfile::tempdir().unwrap();
    template::write(&data, "拉萨海关", dir.path()).unwrap();
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
        "4", "4.00", "2.67", "3.00", "2.40", "6.00", "4.38", "5.00", "5", "8.00", "4.67", "3",
        "4.00", "4.20", "5", "3.00", "5.00", "0", "1", "0", "0",
    ];
    let norm = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap().normalize();
    assert_eq!(
        got.iter().map(|s| norm(s)).collect::<Vec<_>>(),
        want.iter().map(|s| norm(s)).collect::<Vec<_>>()
    );
    assert_eq!(kaoping::domain::points::fmt2(r.total), "74.32");
    assert_eq!(r.grade, "合格");
    // Claims read back too (4.2 written as a float by openpyxl).
    assert_eq!(
        r.indicators[13].claimed.map(|d| d.to_string()),
        Some("4.2".into())
    );
    assert_eq!(r.indicators[10].notes[0], "按时 2/3");
    // A6 declared through the drop-down; D1: one item marked 延期 (on time either way), one
    // late.
    assert_eq!(r.indicators[5].notes, ["无此项业务"]);
    assert_eq!(r.indicators[15].notes[0], "按时 1/2");
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

/// 无此项业务 only when declared, and 延期 read by its header, in a filled template.
#[test]
fn extension_days_count_and_silence_scores_nothing() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let mut wb = template::build(&data, "拉萨海关").unwrap();
    let ws = wb.worksheet_from_name(template::ITEMS_SHEET).unwrap();
    let date = |y, m, d| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    // D1, 15 working days (+15 with 延期): each 20 working days (06-01 → 07-02).
    for (k, ext) in [Some("是"), Some("5"), Some("3"), None].iter().enumerate() {
        let r = 1 + k as u32;
        ws.write_string(r, 0, "D1").unwrap();
        ws.write_string(r, 1, format!("申请{k}")).unwrap();
        ws.write_datetime_with_format(r, 2, date(2018, 6, 1), &fmt)
            .unwrap();
        ws.write_datetime_with_format(r, 3, date(2018, 7, 2), &fmt)
            .unwrap();
        match ext {
            Some("是") => ws.write_string(r, 4, "是").map(|_| ()).unwrap(),
            Some(n) => ws
                .write_number(r, 4, n.parse::<f64>().unwrap())
                .map(|_| ())
                .unwrap(),
            None => {}
        }
    }
    let path = dir.path().join("拉萨海关.xlsx");
    wb.save(&path).unwrap();
    let report = Report::build(&data, &[path]);
    let res = &report.results[0];
    let d1 = &res.indicators[data.set.index_of("D1").unwrap()];
    // 是 (≤ 30) and 5 (≤ 20) on time; 3 (≤ 18) and none (≤ 15) late.
    assert_eq!(kaoping::domain::points::fmt2(d1.computed), "3.00");
    assert_eq!(d1.notes[0], "按时 2/4");
    // The other timeliness indicators say nothing: 0, 未填报.
    for id in ["A4", "A6", "B2"] {
        let s = &res.indicators[data.set.index_of(id).unwrap()];
        assert!(s.computed.is_zero(), "{id}");
        assert!(s.notes.iter().any(|n| n == "未填报"), "{id}: {:?}", s.notes);
    }
    assert_eq!(kaoping::domain::points::fmt2(res.total), "24.00");
}
