//! The spot-check checklist workbook (抽查清单), as the shared design lays it out:
//!
//! - sheet `抽查清单`: row 1 the title merged across; row 2 the seed, the count per office,
//!   the time and who drew; row 3 the header [`HEADER`]; then one row per thing drawn, in
//!   registry order, then set order, then item order. 核查结果 has a drop-down (属实 / 不属实 /
//!   无佐证), 核定分 a decimal validation (0 to the indicator's points); the first nine
//!   columns, what the return says, are grey (not protected);
//! - sheet `说明`: the seed, the count per office, the indicator set, every office with what
//!   it could give, what was drawn and whether it overclaims (自评虚高), and the columns.
//!
//! The custom document property [`CHECKLIST_PROPERTY`] holds the seed, and the
//! [`OWN_EXPORT_PROPERTY`] marks the workbook as kaoping's own, so that the importer passes
//! it over when it lies among the returns. Text from a return is always written as a string
//! (never a formula), cut and cleaned by [`crate::export::limits`].

use super::{DateText, Sample};
use crate::data::DataSet;
use crate::domain::checks::CheckResult;
use crate::domain::points::{fmt2, Decimal};
use crate::domain::sampling::OVERCLAIM_FACTOR;
use crate::export::limits::{self, fit, fit_line};
use crate::export::print::{self, Page};
use crate::export::workbook::ExportError;
use crate::own_export::OWN_EXPORT_PROPERTY;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// The checklist's sheet.
pub const SHEET: &str = "抽查清单";
/// The sheet that explains it.
pub const NOTES_SHEET: &str = "说明";
/// The custom document property holding the seed: a checklist is known by it (or by its
/// header alone, in a copy re-saved without it).
pub const CHECKLIST_PROPERTY: &str = "kaoping-checklist";
/// The header, on row 3.
pub const HEADER: [&str; 14] = [
    "单位",
    "指标",
    "事项",
    "起算日期",
    "公开日期",
    "延期",
    "自评分",
    "自评说明",
    "佐证材料",
    "核查结果",
    "核定分",
    "理由",
    "依据",
    "事项编号",
];
/// The 0-based row of the header; things drawn follow it.
pub const HEADER_ROW: u32 = 2;
const RESULT_COL: u16 = 9;
const SCORE_COL: u16 = 10;
/// The columns' widths, in Excel's units.
const WIDTHS: [f64; 14] = [
    14.0, 6.0, 24.0, 11.0, 11.0, 6.0, 7.0, 36.0, 30.0, 10.0, 8.0, 24.0, 24.0, 28.0,
];

/// What is drawn, and how (the 说明 sheet).
const SCOPE: &str = "抽取范围：每个有效报送单位的时效明细事项（全部时效类指标），以及自评得分等于该指标分值的指标（自评满分，一票否决指标除外）。按名单顺序、指标顺序、事项顺序排列后，以随机种子抽取（ChaCha8 随机数，部分 Fisher–Yates 洗牌；用法见《使用说明》第五章（六），算法见 README“Spot checks (抽查)”）：同一种子、同一批自评表，在任何机器上抽出相同的事项。";

/// Who drew and when.
pub struct ChecklistInfo<'a> {
    pub evaluator: &'a str,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: &'a str,
}

/// `2018年度直属海关政务公开考核评估抽查清单`: the set's year and assessment.
pub fn title(set: &crate::domain::indicators::IndicatorSet) -> String {
    let year = format!("{}年度", set.year);
    let name = set.assessment.trim();
    format!(
        "{year}{}抽查清单",
        name.strip_prefix(year.as_str()).unwrap_or(name)
    )
}

/// Row 2: `随机种子：<seed>  每单位抽取：<N>  抽取时间：<time>  抽取人：<name>`.
pub fn subtitle(sample: &Sample, info: &ChecklistInfo) -> String {
    format!(
        "随机种子：{}  每单位抽取：{}  抽取时间：{}  抽取人：{}",
        sample.seed, sample.per_office, info.at, info.evaluator
    )
}

/// Builds the workbook in memory.
pub fn build(data: &DataSet, sample: &Sample, info: &ChecklistInfo) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let border = Format::new().set_border(FormatBorder::Thin);
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = crate::export::header_format();
    let given = border
        .clone()
        .set_background_color(Color::RGB(0xEDEDED))
        .set_align(FormatAlign::VerticalCenter);
    let given_wrap = given.clone().set_text_wrap();
    let given_date = given.clone().set_num_format("yyyy-mm-dd");
    let given_num = given.clone().set_num_format("0.00");
    let input = border.clone().set_align(FormatAlign::VerticalCenter);
    let input_num = input.clone().set_num_format("0.00");
    let input_wrap = input.clone().set_text_wrap();

    // ---- 抽查清单
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let last_col = HEADER.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &fit(&title(&data.set), limits::CELL),
        &title_fmt,
    )?;
    ws.set_row_height(0, 28)?;
    put(ws, 1, 0, &subtitle(sample, info), &Format::new())?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &head)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let mut row = HEADER_ROW + 1;
    for r in &sample.rows {
        if row > limits::LAST_ROW {
            break;
        }
        let office = &data.registry.offices[r.office].name;
        // A row as tall as its longest wrapped text: LibreOffice does not size rows on
        // opening, and a row too short lets its text run over the next.
        let lines = [
            (r.name.as_str(), 2),
            (r.note.as_str(), 7),
            (r.evidence.as_str(), 8),
            (r.item.as_str(), 13),
        ]
        .iter()
        .map(|(t, c)| print::lines_in(&fit(t, limits::CELL), WIDTHS[*c]))
        .max()
        .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, print::row_height(lines))?;
        }
        put(ws, row, 0, office, &given)?;
        put(ws, row, 1, &r.indicator, &given)?;
        put(ws, row, 2, &r.name, &given_wrap)?;
        date(ws, row, 3, &r.start, &given, &given_date)?;
        date(ws, row, 4, &r.publish, &given, &given_date)?;
        put(ws, row, 5, &r.extension, &given)?;
        match r.claimed {
            Some(c) => {
                ws.write_number_with_format(row, 6, number(c), &given_num)?;
            }
            None => {
                ws.write_blank(row, 6, &given_num)?;
            }
        }
        put(ws, row, 7, &r.note, &given_wrap)?;
        put(ws, row, 8, &r.evidence, &given_wrap)?;
        ws.write_blank(row, RESULT_COL, &input)?;
        ws.write_blank(row, SCORE_COL, &input_num)?;
        ws.write_blank(row, 11, &input_wrap)?;
        ws.write_blank(row, 12, &input_wrap)?;
        put(ws, row, 13, &r.item, &given_wrap)?;
        row += 1;
    }
    let last_row = row - 1;
    if last_row > HEADER_ROW {
        let words: Vec<&str> = CheckResult::ALL.iter().map(|r| r.word()).collect();
        let results = DataValidation::new()
            .allow_list_strings(&words)?
            .set_error_title("核查结果")?
            .set_error_message(format!("请选择：{}", words.join("、")))?;
        ws.add_data_validation(HEADER_ROW + 1, RESULT_COL, last_row, RESULT_COL, &results)?;
        // 核定分: 0 to the indicator's points, one validation per run of equal points.
        let mut start = HEADER_ROW + 1;
        let points: Vec<Decimal> = sample.rows.iter().map(|r| r.points).collect();
        for run in points[..(last_row - HEADER_ROW) as usize].chunk_by(|a, b| a == b) {
            let end = start + run.len() as u32 - 1;
            let max = run[0];
            let v = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, number(max)))
                .set_error_title("核定分")?
                .set_error_message(format!("核定分应在 0 到 {} 之间", fmt2(max)))?;
            ws.add_data_validation(start, SCORE_COL, end, SCORE_COL, &v)?;
            start = end + 1;
        }
    }
    ws.autofilter(HEADER_ROW, 0, last_row.max(HEADER_ROW), last_col)?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let page_title = title(&data.set);
    print::setup(ws, &Page::landscape(&page_title).repeat_rows(0, HEADER_ROW))?;

    notes(&mut wb, data, sample, info, &head, &border)?;

    let props = DocProperties::new()
        .set_title(fit_line(&title(&data.set), limits::SHORT))
        .set_subject(fit_line(&subtitle(sample, info), limits::SHORT))
        .set_author(fit_line(info.evaluator, limits::SHORT))
        .set_comment("kaoping 抽查清单；随机种子见自定义属性 kaoping-checklist")
        .set_custom_property(CHECKLIST_PROPERTY, sample.seed.to_string())
        .set_custom_property(OWN_EXPORT_PROPERTY, crate::build_info().to_string());
    let props = match ExcelDateTime::parse_from_str(info.at.trim()) {
        Ok(t) => props.set_creation_datetime(&t),
        Err(_) => props,
    };
    wb.set_properties(&props);
    Ok(wb)
}

/// The 说明 sheet: the draw's parameters, the offices, the columns.
fn notes(
    wb: &mut Workbook,
    data: &DataSet,
    sample: &Sample,
    info: &ChecklistInfo,
    head: &Format,
    border: &Format,
) -> Result<(), XlsxError> {
    let set = &data.set;
    let ws = wb.add_worksheet();
    ws.set_name(NOTES_SHEET)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    put(ws, 0, 0, &title(set), &bold.clone().set_font_size(14))?;
    let drawn: usize = sample.offices.iter().map(|o| o.drawn).sum();
    let overclaiming = sample.overclaiming().count();
    let facts = [
        ("随机种子", sample.seed.to_string()),
        (
            "每单位抽取",
            format!(
                "{} 项（自评虚高的单位 {} 项；可抽事项不足的全部抽取）",
                sample.per_office,
                sample.per_office.saturating_mul(OVERCLAIM_FACTOR)
            ),
        ),
        ("指标体系", set.name.clone()),
        (
            "自评虚高",
            format!(
                "自评分合计超出总分 {} 分以上；本次 {overclaiming} 个单位",
                fmt2(set.overclaim_flag)
            ),
        ),
        (
            "抽取总数",
            format!("{drawn} 项，{} 个单位", sample.offices.len()),
        ),
        ("抽取时间", info.at.to_string()),
        ("抽取人", info.evaluator.to_string()),
    ];
    // Texts run across columns B to G (or A to G), wrapped, each row as tall as its text:
    // printed one page wide, nothing runs past the page's edge.
    let across = |ws: &mut Worksheet, row: u32, first: u16, text: &str| {
        let text = fit(text, limits::CELL);
        let width: f64 = NOTES_WIDTHS[first as usize..].iter().sum();
        ws.merge_range(row, first, row, NOTES_WIDTHS.len() as u16 - 1, &text, &wrap)?;
        ws.set_row_height(row, print::row_height(print::lines_in(&text, width)))?;
        Ok::<(), XlsxError>(())
    };
    let key = bold.clone().set_align(FormatAlign::Top);
    let mut row = 2;
    for (k, v) in facts {
        put(ws, row, 0, k, &key)?;
        across(ws, row, 1, &v)?;
        row += 1;
    }
    row += 1;
    across(ws, row, 0, SCOPE)?;
    row += 2;

    let cols = [
        "单位",
        "自评分合计",
        "总分",
        "自评偏差",
        "自评虚高",
        "可抽事项",
        "抽取数量",
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, head)?;
    }
    row += 1;
    let num = border.clone().set_num_format("0.00");
    for o in &sample.offices {
        if row > limits::LAST_ROW {
            break;
        }
        put(ws, row, 0, &data.registry.offices[o.office].name, border)?;
        match o.claimed_total {
            Some(c) => {
                ws.write_number_with_format(row, 1, number(c), &num)?;
                let gap = c.checked_sub(o.total).unwrap_or_default();
                put(ws, row, 3, &crate::labels::signed(gap), border)?;
            }
            None => {
                ws.write_blank(row, 1, border)?;
                ws.write_blank(row, 3, border)?;
            }
        }
        ws.write_number_with_format(row, 2, number(o.total), &num)?;
        put(ws, row, 4, if o.overclaims { "是" } else { "" }, border)?;
        ws.write_number_with_format(row, 5, o.population as f64, border)?;
        ws.write_number_with_format(row, 6, o.drawn as f64, border)?;
        row += 1;
    }
    row += 1;
    put(ws, row, 0, "各列说明", &bold)?;
    row += 1;
    let explained = [
        ("单位", "被抽查的海关。"),
        ("指标", "指标编号。"),
        ("事项", "时效明细的事项名称；为空的行是该指标本身（单位自评满分）。"),
        ("起算日期、公开日期、延期", "时效明细中单位填报的内容（未填的为空）。"),
        ("自评分", "指标行：单位的自评得分（满分）。"),
        ("自评说明", "指标行：单位的自评说明；事项行：该事项的备注。"),
        ("佐证材料", "单位为该指标列出的佐证材料。"),
        ("核查结果", "属实 / 不属实 / 无佐证（下拉选择）。留空的行视为尚未核查。"),
        ("核定分", "指标行核查结果为不属实或无佐证时必填：0 到该指标分值。"),
        ("理由", "核查结果为不属实或无佐证时必填；属实可不填。"),
        ("依据", "核查所依据的材料（选填）。"),
        ("事项编号", "事项在该单位该指标时效明细中的标识（事项名称|起算日期，同名同日的第 n 项加 #n），请勿修改；事项行据此对应到自评表。"),
        ("", "填好后以 kaoping findings apply 导入：事项不属实或无佐证的，按未按时公开重新测算该指标；属实的记为已核查。前 9 列（灰色）为单位报送的内容，请勿修改。"),
    ];
    for (k, v) in explained {
        put(ws, row, 0, k, &key)?;
        across(ws, row, 1, v)?;
        row += 1;
    }
    for (c, w) in NOTES_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    print::setup(ws, &Page::portrait(&title(set)))?;
    Ok(())
}

/// The widths of the 说明 sheet's columns.
const NOTES_WIDTHS: [f64; 7] = [26.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0];

/// Writes a string cell (never a formula), cut and cleaned.
fn put(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, fit(s, limits::CELL), f)?;
    Ok(())
}

/// A date as a date cell, a text written where it is not one (as a string), or a blank.
fn date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: &DateText,
    text: &Format,
    dated: &Format,
) -> Result<(), XlsxError> {
    use chrono::Datelike;
    match d {
        DateText::Date(d) => {
            let cell = u16::try_from(d.year())
                .ok()
                .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
            match cell {
                Some(c) => ws.write_date_with_format(row, col, &c, dated).map(|_| ()),
                // Before 1900 or after 9999: Excel holds no such date.
                None => put(ws, row, col, &d.format("%Y-%m-%d").to_string(), text),
            }
        }
        DateText::Text(t) => put(ws, row, col, t, text),
        DateText::Blank => ws.write_blank(row, col, text).map(|_| ()),
    }
}

/// A number for a cell (presentation only: scores were computed exactly).
fn number(d: Decimal) -> f64 {
    fmt2(d).parse().unwrap_or(0.0)
}

/// Writes the checklist to `out` (`.xlsx`) atomically (see
/// [`crate::export::write_atomic`]); refuses another extension and any of `returns` (the
/// files read, which it must not overwrite).
pub fn write(
    data: &DataSet,
    sample: &Sample,
    info: &ChecklistInfo,
    returns: &[PathBuf],
    out: &Path,
) -> Result<PathBuf, ExportError> {
    let shown = out.display().to_string();
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(ExportError::Refused(format!(
            "{shown}: 抽查清单应以 .xlsx 结尾"
        )));
    }
    let target = out.canonicalize().ok();
    for p in returns {
        let same = match (&target, p.canonicalize().ok()) {
            (Some(a), Some(b)) => *a == b,
            _ => p == out,
        };
        if same {
            return Err(ExportError::Refused(format!(
                "{shown}: 这是一份报送的自评表，不能覆盖；请换一个文件名"
            )));
        }
    }
    let xlsx = |source| ExportError::Xlsx {
        path: shown.clone(),
        source,
    };
    let buf = build(data, sample, info)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(xlsx)?;
    crate::export::write_atomic(out, &buf).map_err(|source| ExportError::Io {
        path: shown.clone(),
        source,
    })?;
    Ok(out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{OfficeDraw, Row};
    use calamine::{Reader, Xlsx};
    use chrono::NaiveDate;
    use std::io::{Cursor, Read};

    fn sample_of(rows: Vec<Row>) -> Sample {
        Sample {
            seed: u64::MAX,
            per_office: 2,
            offices: vec![OfficeDraw {
                office: 0,
                overclaims: true,
                claimed_total: Some(Decimal::from(90)),
                total: Decimal::from(80),
                population: 5,
                quota: 4,
                drawn: rows.len(),
            }],
            rows,
        }
    }

    fn row(name: &str, note: &str) -> Row {
        Row {
            office: 0,
            indicator: "A4".into(),
            item: format!("{name}|"),
            name: name.into(),
            start: DateText::Date(NaiveDate::from_ymd_opt(1899, 12, 1).unwrap()),
            publish: DateText::Text("=NOW()".into()),
            extension: "-1+1".into(),
            claimed: None,
            note: note.into(),
            evidence: "@SUM(A1:A9)".into(),
            points: Decimal::from(6),
        }
    }

    #[test]
    fn text_from_a_return_is_never_a_formula_and_always_fits() {
        let data = DataSet::builtin();
        let long = "长".repeat(40_000);
        let s = sample_of(vec![
            row("=HYPERLINK(\"http://x\",\"点击\")", &long),
            row("+1\u{1b}[2J", "\u{0}"),
        ]);
        let info = ChecklistInfo {
            evaluator: "张三",
            at: "2019-01-20 10:00:00",
        };
        let buf = build(&data, &s, &info).unwrap().save_to_buffer().unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(buf.clone())).unwrap();
        let mut xml = String::new();
        z.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(!xml.contains("<f>"), "{xml}");
        let mut wb = Xlsx::new(Cursor::new(buf)).unwrap();
        let r = wb.worksheet_range(SHEET).unwrap();
        let text = |row: u32, col: u32| r.get_value((row, col)).unwrap().to_string();
        assert_eq!(text(3, 2), "=HYPERLINK(\"http://x\",\"点击\")");
        // A date Excel cannot hold is written as text; a text where a date was is kept.
        assert_eq!(text(3, 3), "1899-12-01");
        assert_eq!(text(3, 4), "=NOW()");
        assert_eq!(text(3, 8), "@SUM(A1:A9)");
        assert!(text(3, 7).ends_with(limits::CUT_MARK));
        assert_eq!(text(4, 2), "+1␛[2J");
        assert_eq!(
            text(1, 0),
            format!(
                "随机种子：{}  每单位抽取：2  抽取时间：2019-01-20 10:00:00  抽取人：张三",
                u64::MAX
            )
        );
    }

    #[test]
    fn an_empty_draw_still_gives_both_sheets() {
        let data = DataSet::builtin();
        let mut s = sample_of(vec![]);
        s.offices.clear();
        let info = ChecklistInfo {
            evaluator: "张三",
            at: "2019-01-20 10:00:00",
        };
        let buf = build(&data, &s, &info).unwrap().save_to_buffer().unwrap();
        let wb = Xlsx::new(Cursor::new(buf)).unwrap();
        assert_eq!(wb.sheet_names(), [SHEET, NOTES_SHEET]);
    }
}
