//! The blank findings workbook (核查记录) that `kaoping findings template` writes: sheet
//! `核查记录` with the header `单位 | 指标 | 核查数量 | 核定分 | 一票否决 | 理由 | 依据`,
//! drop-downs for 单位 (the registry's names, from a hidden list sheet) and 指标 (the set's
//! ids), notes on the header saying which rule uses which column, and a sheet `说明`.

use super::{FINDINGS_HEADER, FINDINGS_SHEET};
use crate::data::DataSet;
use crate::domain::decision::{count_indicators, MAX_EVALUATOR_CHARS, MAX_REASON_CHARS};
use crate::domain::indicators::Rule;
use crate::domain::points::MAX_COUNT;
use crate::export::limits::{self, fit, fit_line};
use crate::export::print::{self, Page};
use crate::export::template::column_width;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format,
    FormatAlign, FormatBorder, Formula, Note, Workbook, XlsxError,
};
use std::path::Path;

/// The hidden sheet holding the drop-downs' lists.
pub const LIST_SHEET: &str = "名单";
/// The sheet explaining the form.
pub const HELP_SHEET: &str = "说明";
/// How many rows of the form carry the drop-downs and checks.
pub const FORM_ROWS: u32 = 1000;
/// The custom document property that marks the findings form (its value: the version that
/// wrote it). The form also carries kaoping's own mark, so that the importer passes it over
/// when it is kept in the folder of returns.
pub const FINDINGS_PROPERTY: &str = "kaoping-findings";

/// Why the template was not written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{0}")]
    Refused(String),
    #[error("{}", crate::text::not_made(path, source))]
    Xlsx {
        path: String,
        #[source]
        source: XlsxError,
    },
    #[error("{}", crate::text::not_written(path, source))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the blank findings workbook to `out` (a new `.xlsx`; an existing file is never
/// overwritten: it may be the year's record).
pub fn write(data: &DataSet, out: &Path) -> Result<(), TemplateError> {
    let shown = out.display().to_string();
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(TemplateError::Refused(format!(
            "{shown}: 文件名应以 .xlsx 结尾"
        )));
    }
    if out.symlink_metadata().is_ok() {
        return Err(TemplateError::Refused(format!(
            "{shown}: 文件已存在，不覆盖（可能是已填写的核查记录）；请换一个文件名"
        )));
    }
    let xlsx = |source| TemplateError::Xlsx {
        path: shown.clone(),
        source,
    };
    let mut wb = build(data).map_err(xlsx)?;
    let buf = wb.save_to_buffer().map_err(xlsx)?;
    crate::export::write_atomic(out, &buf).map_err(|source| TemplateError::Io {
        path: shown.clone(),
        source,
    })
}

/// The widths of the help sheet's columns: 指标, 名称, 分值, 计分规则, 可填写的列.
const HELP_WIDTHS: [f64; 5] = [8.0, 30.0, 8.0, 60.0, 20.0];

/// The indicators whose rule takes a column, as `A9、B3` (or `无`).
fn ids_where(data: &DataSet, f: impl Fn(&Rule) -> bool) -> String {
    let ids: Vec<&str> = data
        .set
        .indicators
        .iter()
        .filter(|i| f(&i.rule))
        .map(|i| i.id.as_str())
        .collect();
    if ids.is_empty() {
        "无".into()
    } else {
        ids.join("、")
    }
}

/// Builds the findings workbook in memory.
pub fn build(data: &DataSet) -> Result<Workbook, XlsxError> {
    let set = &data.set;
    let mut wb = Workbook::new();
    let head = crate::export::header_format();
    let input = Format::new().set_unlocked().set_border(FormatBorder::Thin);
    let input_num = input.clone().set_num_format("0.00");
    let input_int = input.clone().set_num_format("0");
    let plain = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new().set_bold();

    let counts = count_indicators(set);
    let counts = if counts.is_empty() {
        "无".to_string()
    } else {
        counts.join("、")
    };
    let vetoes = ids_where(data, |r| matches!(r, Rule::Veto));
    let scored = ids_where(data, |r| !matches!(r, Rule::Veto));
    let max_points = set
        .indicators
        .iter()
        .map(|i| i.points)
        .max()
        .unwrap_or_default();
    let notes = [
        format!(
            "单位：{}的名称（从下拉列表选择；也可写简称、别名）。",
            data.registry.unit
        ),
        format!(
            "指标：指标编号（从下拉列表选择）。每个单位的每个指标只能有一行。各指标适用的列见“{HELP_SHEET}”表。"
        ),
        format!(
            "核查数量：总署核查的数量（整数，0 到 {MAX_COUNT}），替代单位报送的数量，按该指标的计分规则计分。只用于扣分、加分指标：{counts}。"
        ),
        format!(
            "核定分：直接核定的得分（0 到该指标分值，最多两位小数）。用于除一票否决以外的指标：{scored}。"
        ),
        format!("一票否决：填“是”或“否”，替代单位报送的情况。只用于一票否决指标：{vetoes}。"),
        format!(
            "理由：必填，一行，最多 {MAX_REASON_CHARS} 字（含依据）。每行只填核查数量、核定分、一票否决中的一项。"
        ),
        "依据：可选，如通报文号、检查记录；记入理由后的括号中：理由（依据）。".to_string(),
    ];

    // ---- 核查记录
    let ws = wb.add_worksheet();
    ws.set_name(FINDINGS_SHEET)?;
    for (c, (h, note)) in FINDINGS_HEADER.iter().zip(&notes).enumerate() {
        let c = c as u16;
        ws.write_with_format(0, c, *h, &head)?;
        let note = Note::new(fit(note, limits::NOTE))
            .set_author("kaoping")
            .set_width(320)
            .set_height(120);
        ws.insert_note(0, c, &note)?;
    }
    ws.set_row_height(0, 24)?;
    let last = FORM_ROWS;
    for r in 1..=last {
        for c in 0..FINDINGS_HEADER.len() as u16 {
            let f = match c {
                2 => &input_int,
                3 => &input_num,
                _ => &input,
            };
            ws.write_blank(r, c, f)?;
        }
    }
    let names: Vec<&str> = data
        .registry
        .offices
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    let ids: Vec<&str> = set.indicators.iter().map(|i| i.id.as_str()).collect();
    let range =
        |col: &str, n: usize| Formula::new(format!("='{LIST_SHEET}'!${col}$1:${col}${}", n.max(1)));
    let office_list = DataValidation::new()
        .allow_list_formula(range("A", names.len()))
        // An alias or a short name is read too: a warning, not a refusal.
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title(fit_line("单位", limits::VALIDATION_TITLE))?
        .set_error_message(fit(
            &format!("不在{}名单中；仍可填写简称或别名", data.registry.unit),
            limits::SHORT,
        ))?;
    let id_list = DataValidation::new()
        .allow_list_formula(range("B", ids.len()))
        .set_error_title(fit_line("指标", limits::VALIDATION_TITLE))?
        .set_error_message("请从下拉列表选择指标编号")?;
    let count = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, MAX_COUNT as i32))
        .set_error_message(format!("核查数量应为 0 到 {MAX_COUNT} 之间的整数"))?;
    let score = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(
            0.0,
            // Presentation only: the decided score is checked exactly when applied.
            crate::domain::points::fmt2(max_points)
                .parse::<f64>()
                .unwrap_or(0.0),
        ))
        .set_error_message(format!(
            "核定分应在 0 到该指标分值之间（最高 {}），最多两位小数",
            max_points.normalize()
        ))?;
    let veto = DataValidation::new()
        .allow_list_strings(&["是", "否"])?
        .set_error_message("请选择：是、否")?;
    let reason = DataValidation::new()
        .allow_text_length(DataValidationRule::LessThanOrEqualTo(
            MAX_REASON_CHARS as u32,
        ))
        .set_error_message(format!("理由最多 {MAX_REASON_CHARS} 字"))?;
    ws.add_data_validation(1, 0, last, 0, &office_list)?;
    ws.add_data_validation(1, 1, last, 1, &id_list)?;
    ws.add_data_validation(1, 2, last, 2, &count)?;
    ws.add_data_validation(1, 3, last, 3, &score)?;
    ws.add_data_validation(1, 4, last, 4, &veto)?;
    ws.add_data_validation(1, 5, last, 5, &reason)?;
    let mut office_texts = names.clone();
    office_texts.push("单位");
    ws.set_column_width(0, column_width(&office_texts, 10, 24))?;
    ws.set_column_width(1, 8)?;
    ws.set_column_width(2, 10)?;
    ws.set_column_width(3, 10)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, 48)?;
    ws.set_column_width(6, 30)?;
    ws.set_freeze_panes(1, 0)?;
    let page_title = format!("{}年度{}核查记录", set.year, set.assessment);
    print::setup(ws, &Page::landscape(&page_title).repeat_row(0))?;

    // ---- 说明
    let ws = wb.add_worksheet();
    ws.set_name(HELP_SHEET)?;
    let title = format!("{}年度{}核查记录", set.year, set.assessment);
    ws.write_with_format(0, 0, fit(&title, limits::CELL).as_ref(), &bold)?;
    let how = [
        "总署在年度中核实的情况（如季度舆情通报、网站监测和年终检查、两微一端检查）逐条记入“核查记录”表，年终用 kaoping findings apply 一次导入：".to_string(),
        "· 每行写一个单位的一个指标，只填核查数量、核定分、一票否决中的一项，并写理由；".to_string(),
        "· 有一行有误（单位不在名单中、核定分超过分值、非一票否决指标填了一票否决、未写理由、同一单位同一指标有两行等），整份文件都不导入，并列出每个出错的单元格；".to_string(),
        "· 同一份文件再次导入不作任何改动；文件修改后再导入，只改动有变化的行；从文件中删去的行，其核定随之清除。".to_string(),
    ];
    // The help's lines run across the table's five columns, each row as tall as its text
    // (LibreOffice does not size rows of wrapped text on opening).
    let widths = HELP_WIDTHS;
    let all: f64 = widths.iter().sum();
    for (k, line) in how.iter().enumerate() {
        let r = 1 + k as u32;
        let line = fit(line, limits::CELL);
        ws.merge_range(r, 0, r, widths.len() as u16 - 1, &line, &plain)?;
        ws.set_row_height(r, print::row_height(print::lines_in(&line, all)))?;
    }
    let top = 2 + how.len() as u32;
    let cols = ["指标", "名称", "分值", "计分规则", "可填写的列"];
    for (c, h) in cols.iter().enumerate() {
        ws.write_with_format(top, c as u16, *h, &head)?;
    }
    for (k, ind) in set.indicators.iter().enumerate() {
        let r = top + 1 + k as u32;
        let takes = match ind.rule {
            Rule::Veto => "一票否决",
            Rule::Deduction { .. } | Rule::Bonus { .. } => "核查数量 或 核定分",
            _ => "核定分",
        };
        let points = if ind.points.is_zero() {
            "—".to_string()
        } else {
            crate::domain::points::fmt2(ind.points)
        };
        let rule = format!(
            "{}：{}",
            ind.rule.kind_label(),
            crate::export::method_text(ind, set)
        );
        let cells = [ind.id.as_str(), ind.title.as_str(), &points, &rule, takes];
        let mut lines = 1;
        for (c, v) in cells.iter().enumerate() {
            let v = fit(v, limits::CELL);
            lines = lines.max(print::lines_in(&v, widths[c]));
            ws.write_with_format(r, c as u16, v.as_ref(), &plain)?;
        }
        if lines > 1 {
            ws.set_row_height(r, print::row_height(lines))?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    print::setup(ws, &Page::landscape(&page_title).repeat_row(top))?;

    // ---- 名单 (hidden): the drop-downs' lists.
    let ws = wb.add_worksheet();
    ws.set_name(LIST_SHEET)?;
    for (k, n) in names.iter().enumerate() {
        ws.write_string(k as u32, 0, fit(n, limits::CELL).as_ref())?;
    }
    for (k, id) in ids.iter().enumerate() {
        ws.write_string(k as u32, 1, fit(id, limits::CELL).as_ref())?;
    }
    ws.set_hidden(true);

    let props = DocProperties::new()
        .set_title(fit_line(&title, limits::SHORT))
        .set_subject("总署核查记录：核查数量、核定分、一票否决")
        .set_author(fit_line(&crate::local::login_name(), MAX_EVALUATOR_CHARS))
        .set_custom_property(
            crate::own_export::OWN_EXPORT_PROPERTY,
            crate::build_info().to_string(),
        )
        .set_custom_property(FINDINGS_PROPERTY, crate::build_info().to_string());
    wb.set_properties(&props);
    Ok(wb)
}
