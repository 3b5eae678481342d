//! The canonical blank return (自评表) for one office, as `.xlsx`: office name filled in,
//! one row per indicator, the cells a rule does not use shaded and locked, drop-down lists
//! for 完成情况 (a timeliness row offers 无此项业务, its declaration), a date format for
//! 完成时间, and the 时效明细 sheet with its 延期 column.
//!
//! Whatever the data files say, a template is written: texts are made to fit (see
//! [`super::limits`]), a drop-down list Excel cannot hold is left out, and file names are
//! made safe.

use super::limits::{self, fit, fit_line};
use super::print::{self, Page};
use crate::data::DataSet;
use crate::domain::indicators::{Indicator, IndicatorSet, Rule};
use crate::text::width;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Formula, Note, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// The header of the main sheet, in order.
pub const MAIN_HEADER: [&str; 12] = [
    "编号",
    "一级指标",
    "考核内容",
    "分值",
    "评分方法",
    "完成情况",
    "数量",
    "总数",
    "完成时间",
    "自评得分",
    "自评说明",
    "佐证材料",
];
/// The header of the 时效明细 sheet.
pub const ITEMS_HEADER: [&str; 6] = ["编号", "事项名称", "起算日期", "公开日期", "延期", "备注"];
/// What a timeliness row's 完成情况 says when the office has nothing to report.
pub const NOT_APPLICABLE: &str = "无此项业务";
pub const MAIN_SHEET: &str = "自评表";
pub const ITEMS_SHEET: &str = "时效明细";
/// The first indicator row (0-based: the 5th row).
pub const FIRST_ROW: u32 = 4;
/// Rows of 时效明细 made ready for input.
const ITEM_ROWS: u32 = 300;

/// Excel's column width of a text: about one unit per narrow character, two per wide
/// one, plus a margin.
pub fn column_width(texts: &[&str], min: usize, max: usize) -> f64 {
    let w = texts.iter().map(|t| width(t)).max().unwrap_or(0) + 2;
    w.clamp(min, max) as f64
}

/// Lines a text needs in a wrapped column of Excel width `w`.
fn lines_needed(text: &str, w: f64) -> usize {
    let per_line = (w as usize).saturating_sub(1).max(1);
    width(text).div_ceil(per_line).max(1)
}

/// The file name of an office's template: `OFFICE-TITLE.xlsx`, with no path separator
/// or control character, and within the 255 bytes a file name may have.
pub fn file_name(data: &DataSet, office: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if matches!(c, '/' | '\\') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    };
    let mut stem = format!("{}-{}", clean(office), clean(&data.set.return_title));
    let max = 255 - ".xlsx".len();
    if stem.len() > max {
        let mut end = max;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
    }
    format!("{stem}.xlsx")
}

/// Writes the template of `office` into `dir` (through a temporary file, renamed when
/// whole); returns the path written.
pub fn write(data: &DataSet, office: &str, dir: &Path) -> Result<PathBuf, XlsxError> {
    let path = dir.join(file_name(data, office));
    let mut wb = build(data, office)?;
    let buf = wb.save_to_buffer()?;
    super::write_atomic(&path, &buf)?;
    Ok(path)
}

/// A drop-down list of `words`, or none when Excel cannot hold it (over 255 characters
/// with its commas, or a word with a comma, which Excel would split): the cell is then
/// left free rather than the template not written.
fn list(words: &[&str], title: Option<&str>, message: &str) -> Option<DataValidation> {
    let words: Vec<String> = words
        .iter()
        .map(|w| limits::one_line(w).into_owned())
        .collect();
    if words.iter().any(|w| w.contains(',')) {
        return None;
    }
    let mut v = DataValidation::new().allow_list_strings(&words).ok()?;
    if let Some(t) = title {
        v = v
            .set_error_title(fit_line(t, limits::VALIDATION_TITLE))
            .ok()?;
    }
    v.set_error_message(fit(message, limits::SHORT)).ok()
}

/// Builds the workbook of `office` in memory.
pub fn build(data: &DataSet, office: &str) -> Result<Workbook, XlsxError> {
    let set = &data.set;
    let mut wb = Workbook::new();
    let border = Format::new().set_border(FormatBorder::Thin);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let label = Format::new().set_bold().set_align(FormatAlign::Right);
    let input = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let input_date = input.clone().set_num_format("yyyy-mm-dd");
    let input_num = input.clone().set_num_format("0.00");
    let input_int = input.clone().set_num_format("0");
    let head = crate::export::header_format();
    let fixed = border
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let shaded = fixed.clone().set_background_color(Color::RGB(0xD9D9D9));
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd").set_unlocked();
    let unlocked = Format::new().set_unlocked();

    // ---- 自评表
    let ws = wb.add_worksheet();
    ws.set_name(MAIN_SHEET)?;
    ws.merge_range(0, 0, 0, 11, &fit(&set.return_title, limits::CELL), &title)?;
    ws.set_row_height(0, 30)?;
    ws.write_with_format(1, 0, "填报单位：", &label)?;
    ws.write_with_format(1, 1, fit(office, limits::CELL).as_ref(), &unlocked)?;
    ws.write_with_format(1, 2, "填报日期：", &label)?;
    ws.write_blank(1, 3, &date_fmt)?;
    ws.write_with_format(2, 0, "联系人：", &label)?;
    ws.write_blank(2, 1, &unlocked)?;
    ws.write_with_format(2, 2, "联系电话：", &label)?;
    ws.write_blank(2, 3, &unlocked)?;
    for (c, h) in MAIN_HEADER.iter().enumerate() {
        ws.write_with_format(3, c as u16, *h, &head)?;
    }
    ws.set_row_height(3, 30)?;

    let status_words: Vec<&str> = set.levels.iter().map(|(w, _)| w.as_str()).collect();
    let level_list = list(
        &status_words,
        Some("完成情况"),
        &format!("请选择：{}", status_words.join("、")),
    );
    let veto_list = list(&["是", "否"], None, "请选择：是、否");
    let declare_list = list(
        &[NOT_APPLICABLE],
        Some("完成情况"),
        &format!(
            "本年度没有此类事项的，选择“{NOT_APPLICABLE}”；有事项的，在“{ITEMS_SHEET}”表逐项填写，本栏留空"
        ),
    );
    let whole = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_message("请填写不小于 0 的整数")?;
    let date_valid = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1990, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_error_message("请填写日期，如 2018-08-31")?;

    let mut content_texts = vec!["考核内容"];
    let mut method_texts: Vec<String> = vec!["评分方法".into()];
    for (k, ind) in set.indicators.iter().enumerate() {
        let r = FIRST_ROW + k as u32;
        let cat = set
            .category(&ind.category)
            .map(|c| c.name.as_str())
            .unwrap_or("");
        let method = fit(&super::method_text(ind, set), limits::CELL).into_owned();
        ws.write_with_format(r, 0, fit(&ind.id, limits::CELL).as_ref(), &fixed)?;
        ws.write_with_format(r, 1, fit(cat, limits::CELL).as_ref(), &fixed)?;
        ws.write_with_format(r, 2, fit(&ind.title, limits::CELL).as_ref(), &fixed)?;
        if ind.points.is_zero() {
            ws.write_with_format(r, 3, "—", &fixed)?;
        } else {
            ws.write_number_with_format(r, 3, points_f64(ind), &fixed)?;
        }
        ws.write_with_format(r, 4, &method, &fixed)?;
        content_texts.push(&ind.title);
        method_texts.push(method);
        let uses = ind.rule.uses();
        // A timeliness row reads its items from 时效明细; its 完成情况 declares 无此项业务.
        let timeliness = matches!(ind.rule, Rule::Timeliness { .. });
        let cell = |ws: &mut Worksheet, c: u16, used: bool, f: &Format| -> Result<(), XlsxError> {
            ws.write_blank(r, c, if used { f } else { &shaded })?;
            Ok(())
        };
        cell(ws, 5, uses.status || timeliness, &input)?;
        cell(ws, 6, uses.count && !timeliness, &input_int)?;
        cell(ws, 7, uses.total && !timeliness, &input_int)?;
        cell(ws, 8, uses.date, &input_date)?;
        let status_list = match ind.rule {
            Rule::Timeliness { .. } => Some(&declare_list),
            Rule::Veto => Some(&veto_list),
            _ if uses.status => Some(&level_list),
            _ => None,
        };
        if let Some(Some(v)) = status_list {
            ws.add_data_validation(r, 5, r, 5, v)?;
        }
        if uses.count && !timeliness {
            ws.add_data_validation(r, 6, r, 6, &whole)?;
        }
        if uses.total && !timeliness {
            ws.add_data_validation(r, 7, r, 7, &whole)?;
        }
        if uses.date {
            ws.add_data_validation(r, 8, r, 8, &date_valid)?;
        }
        ws.write_blank(r, 9, &input_num)?;
        ws.write_blank(r, 10, &input)?;
        ws.write_blank(r, 11, &input)?;
    }
    let last = FIRST_ROW + set.indicators.len() as u32;
    let timely: Vec<&str> = set
        .indicators
        .iter()
        .filter(|i| matches!(i.rule, Rule::Timeliness { .. }))
        .map(|i| i.id.as_str())
        .collect();
    let extended: Vec<&str> = set
        .indicators
        .iter()
        .filter(|i| extension(i).is_some())
        .map(|i| i.id.as_str())
        .collect();
    let mut how = String::from("填报说明：灰色单元格不需填写；");
    if !timely.is_empty() {
        how.push_str(&format!(
            "时效类指标（{}）请在“{ITEMS_SHEET}”表逐项填写起算日期和公开日期",
            timely.join("、")
        ));
        if !extended.is_empty() {
            how.push_str(&format!(
                "，经批准延期的（{}）在“延期”栏填写",
                extended.join("、")
            ));
        }
        how.push_str(&format!(
            "；本年度没有此类事项的，在该指标的完成情况栏选择“{NOT_APPLICABLE}”，不选的按未填报计；"
        ));
    }
    how.push_str("日期格式如 2018-08-31。");
    let how = fit_format(how);
    let cats: Vec<&str> = set.categories.iter().map(|c| c.name.as_str()).collect();
    let methods: Vec<&str> = method_texts.iter().map(String::as_str).collect();
    let widths = [
        column_width(&["编号"], 6, 8),
        column_width(&cats, 8, 16),
        column_width(&content_texts, 20, 42),
        8.0,
        column_width(&methods, 20, 40),
        column_width(&["完成情况", "基本完成", NOT_APPLICABLE], 10, 14),
        8.0,
        8.0,
        column_width(&["完成时间", "2018-08-31"], 12, 14),
        10.0,
        30.0,
        24.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // Wrapped text needs its rows tall enough: not every viewer sizes them on opening.
    for (k, ind) in set.indicators.iter().enumerate() {
        let lines = [(ind.title.as_str(), widths[2]), (methods[k + 1], widths[4])]
            .iter()
            .map(|(t, w)| lines_needed(t, *w))
            .max()
            .unwrap_or(1);
        // Excel's tallest row is 409 points.
        ws.set_row_height(FIRST_ROW + k as u32, (16.0 * lines as f64 + 4.0).min(409.0))?;
    }
    let col0 = widths[0].max(column_width(&["填报单位："], 0, 20));
    let col1 = widths[1].max(column_width(&[office], 0, 30));
    ws.set_column_width(0, col0)?;
    ws.set_column_width(1, col1)?;
    // The help under the table runs across it, wrapped, its row as tall as its text: printed
    // one page wide, it does not run past the page's edge.
    let across: f64 = col0 + col1 + widths[2..].iter().sum::<f64>();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.merge_range(last + 1, 0, last + 1, 11, &how, &wrap)?;
    ws.set_row_height(last + 1, print::row_height(print::lines_in(&how, across)))?;
    ws.set_freeze_panes(FIRST_ROW, 1)?;
    print::setup(ws, &Page::landscape(&set.return_title).repeat_row(3))?;
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });

    // ---- 时效明细
    let ws = wb.add_worksheet();
    ws.set_name(ITEMS_SHEET)?;
    for (c, h) in ITEMS_HEADER.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &head)?;
    }
    if !timely.is_empty() {
        let message = format!("请选择时效类指标编号：{}", timely.join("、"));
        if let Some(list) = list(&timely, None, &message) {
            ws.add_data_validation(1, 0, ITEM_ROWS, 0, &list)?;
        }
    }
    ws.add_data_validation(1, 2, ITEM_ROWS, 3, &date_valid)?;
    let (rule, help) = extension_rule(set);
    let ext_valid = DataValidation::new()
        .allow_custom(Formula::new(rule))
        .set_input_title("延期")?
        .set_input_message(fit(&help, limits::SHORT))?
        .set_error_title("延期")?
        .set_error_message(fit(&help, limits::SHORT))?;
    ws.add_data_validation(1, 4, ITEM_ROWS, 4, &ext_valid)?;
    let note = Note::new(fit(&help, limits::NOTE))
        .set_author("kaoping")
        .add_author_prefix(false)
        .set_width(240)
        .set_height(100);
    ws.insert_note(0, 4, &note)?;
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, column_width(&["起算日期", "2018-08-31"], 12, 14))?;
    ws.set_column_width(3, column_width(&["公开日期", "2018-08-31"], 12, 14))?;
    ws.set_column_width(4, 8)?;
    ws.set_column_width(5, 30)?;
    let dates = Format::new().set_num_format("yyyy-mm-dd");
    ws.set_column_format(2, &dates)?;
    ws.set_column_format(3, &dates)?;
    ws.set_freeze_panes(1, 0)?;
    // The notes stand right of the table, one empty column between.
    let notes_col = ITEMS_HEADER.len() as u16 + 1;
    let mut notes = vec![format!(
        "说明：每个事项一行；起算日期为抽查结束、决定作出、审批完成或收到申请之日，公开日期为公开或答复之日（尚未公开的留空）；{}；本年度没有此类事项的指标，不在本表填写，在“{MAIN_SHEET}”中该指标的完成情况栏选择“{NOT_APPLICABLE}”。",
        if extended.is_empty() {
            "“延期”栏留空".to_string()
        } else {
            "经批准延长期限的，在“延期”栏填“是”（按最长期限计）或延长的工作日数，未延期的留空".to_string()
        }
    )];
    notes.extend(
        set.indicators
            .iter()
            .filter_map(|i| limit_note(i).map(|n| format!("{} {}{n}", i.id, i.title))),
    );
    for (k, n) in notes.iter().enumerate() {
        ws.write(k as u32, notes_col, fit(n, limits::CELL).as_ref())?;
    }
    // The items' table prints, one page wide, its header on every page; the notes beside it
    // are for the screen.
    print::setup(ws, &Page::landscape(&set.return_title).repeat_row(0))?;
    ws.set_print_area(0, 0, limits::LAST_ROW, ITEMS_HEADER.len() as u16 - 1)?;
    Ok(wb)
}

/// The most working days an item of `ind` may be extended by (延期): timeliness only.
fn extension(ind: &Indicator) -> Option<u32> {
    match ind.rule {
        Rule::Timeliness { .. } => ind.extension_days,
        _ => None,
    }
}

/// What the note of a timeliness indicator adds to its title: the limit, and the extension
/// allowed, each only where the title does not already say it (D1's title reads
/// “（15个工作日，经批准可延长15个工作日）”: written again, it would read twice).
fn limit_note(ind: &Indicator) -> Option<String> {
    let Rule::Timeliness { days } = ind.rule else {
        return None;
    };
    let mut parts = Vec::new();
    if !ind.title.contains(&format!("{days}个工作日")) {
        parts.push(format!("时限{days}个工作日"));
    }
    if let Some(e) = extension(ind) {
        if !ind.title.contains(&format!("延长{e}个工作日")) {
            parts.push(format!("经批准可延长，最长{e}个工作日"));
        }
    }
    Some(if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("，"))
    })
}

/// The validation of the 延期 column (E2 on): blank; or, on a row whose 编号 (A2) is an
/// indicator that allows an extension, 是 or a whole number of days from 1 to its maximum.
/// Where the exact rule is longer than Excel holds (255 characters), any such indicator's
/// largest maximum bounds every row. Returns the formula and the help text.
pub fn extension_rule(set: &IndicatorSet) -> (String, String) {
    let ext: Vec<(&str, u32)> = set
        .indicators
        .iter()
        .filter_map(|i| extension(i).map(|e| (i.id.as_str(), e)))
        .collect();
    if ext.is_empty() {
        return (
            "=E2=\"\"".into(),
            "本套指标的时效类指标均不允许延期，“延期”栏请留空".into(),
        );
    }
    let max = ext.iter().map(|(_, e)| *e).max().unwrap_or(0);
    let number = |bound: &str| format!("AND(ISNUMBER(E2),E2=INT(E2),E2>=1,E2<={bound})");
    let any_id = format!(
        "OR({})",
        ext.iter()
            .map(|(id, _)| format!("A2=\"{id}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    let bound = if ext.iter().all(|(_, e)| *e == max) {
        max.to_string()
    } else {
        ext.iter().rev().fold("0".to_string(), |acc, (id, e)| {
            format!("IF(A2=\"{id}\",{e},{acc})")
        })
    };
    let exact = format!(
        "=OR(E2=\"\",AND({any_id},OR(E2=\"是\",{})))",
        number(&bound)
    );
    let rule = if exact.chars().count() <= limits::SHORT {
        exact
    } else {
        format!("=OR(E2=\"\",E2=\"是\",{})", number(&max.to_string()))
    };
    let which = ext
        .iter()
        .map(|(id, e)| format!("{id}最长{e}个工作日"))
        .collect::<Vec<_>>()
        .join("，");
    let help = format!(
        "经批准延长期限的事项：填“是”（按最长期限计），或填延长的工作日数（整数）；未延期的留空。可延期的指标：{which}。"
    );
    (rule, help)
}

/// A text of the template's own made to fit a cell (it may quote many indicator ids).
fn fit_format(s: String) -> String {
    fit(&s, limits::CELL).into_owned()
}

fn points_f64(ind: &Indicator) -> f64 {
    // Only for display in the template's 分值 column; scores never pass through f64.
    ind.points.to_string().parse().unwrap_or(0.0)
}
