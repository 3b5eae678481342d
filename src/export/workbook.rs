//! The year-end ranking workbook (通报): ranking, lost points by task, indicator scores with
//! the decisions marked, the decisions history, the import report, the indicator set, and a
//! chart of totals. Text from returns is always written as a string, totals as formulas with
//! their results set, widths measured in East-Asian cells, and the file written atomically.
//!
//! Data never makes the export fail: every text goes through [`super::limits`] (cut to what
//! Excel holds, with a visible mark, and cleaned of what XML cannot hold), an empty ranking
//! still gives every sheet (saying why), and rows and columns stop at the sheet's edge.

use super::limits::{self, fit, fit_line, LAST_COL, LAST_ROW};
use crate::data::DataSet;
use crate::domain::decision::{yes_no, Change, Decided, Decision, REPORTED_VETO};
use crate::domain::indicators::{CategoryKind, Rule};
use crate::domain::points::{fmt2, Decimal};
use crate::import::{FileStatus, Severity};
use crate::report::{OfficeState, Report, NOT_SUBMITTED};
use crate::text::width;
use rust_xlsxwriter::{
    Chart, ConditionalFormat3ColorScale, ConditionalFormatDataBar, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Sheet names, in order.
pub const SHEETS: [&str; 7] = [
    "排名",
    "任务失分",
    "指标得分",
    "核定记录",
    "导入情况",
    "指标体系",
    "总分图",
];

/// The workbook's title, `2018年度直属海关政务公开考核评估结果汇总表`: the set's year and
/// assessment name (terms.md).
pub fn title(set: &crate::domain::indicators::IndicatorSet) -> String {
    format!("{}结果汇总表", assessment_of(set))
}

/// `2018年度直属海关政务公开考核评估`: the year once, whether or not the name holds it.
fn assessment_of(set: &crate::domain::indicators::IndicatorSet) -> String {
    let year = format!("{}年度", set.year);
    let name = set.assessment.trim();
    format!("{year}{}", name.strip_prefix(year.as_str()).unwrap_or(name))
}

/// What the export needs besides the report.
pub struct ExportInfo<'a> {
    /// Every change to the decisions (the store's history).
    pub changes: &'a [Change],
    /// Who exports (the document's author).
    pub author: &'a str,
    /// The export's date and time (local), `YYYY-MM-DD HH:MM:SS`.
    pub at: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {source}")]
    Xlsx { path: String, source: XlsxError },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Excel number for a score (presentation only: the scores were computed exactly).
fn num(d: Decimal) -> f64 {
    fmt2(d).parse().unwrap_or(0.0)
}

/// Tracks the widest text of each column, in East-Asian cells.
struct Widths(Vec<usize>);

impl Widths {
    fn new() -> Self {
        Widths(Vec::new())
    }
    fn see(&mut self, col: u16, text: &str) {
        let c = col as usize;
        if self.0.len() <= c {
            self.0.resize(c + 1, 0);
        }
        self.0[c] = self.0[c].max(width(text));
    }
    /// Sets each column to its widest text plus a margin, within bounds.
    fn apply(&self, ws: &mut Worksheet, max: usize) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            ws.set_column_width(c as u16, ((*w + 2).clamp(4, max)) as f64)?;
        }
        Ok(())
    }
}

/// Writes a string cell (never a formula, whatever it starts with) and notes its width.
/// The text is cut to what a cell holds and cleaned of what XML cannot hold.
fn text(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    let s = fit(s, limits::CELL);
    w.see(col, &s);
    ws.write_string_with_format(row, col, s, f)?;
    Ok(())
}

/// Writes a string cell, as [`text`], without counting it in the column's width.
fn put(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, fit(s, limits::CELL), f)?;
    Ok(())
}

/// No return could be scored: why, for the sheets that would list the ranked offices.
fn nothing_ranked(report: &Report) -> String {
    nothing_ranked_see(report, &format!("“{}”", SHEETS[4]))
}

fn nothing_ranked_see(report: &Report, see: &str) -> String {
    if report.files.is_empty() {
        "没有有效报送：文件夹中没有自评表（.xls/.xlsx）".to_string()
    } else {
        format!(
            "没有有效报送：{} 个文件均被退回或重复报送，原因见{see}",
            report.files.len()
        )
    }
}

/// A row of header cells from column A.
fn header_row(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    headers: &[impl AsRef<str>],
    f: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        text(ws, w, row, c as u16, h.as_ref(), f)?;
    }
    Ok(())
}

fn number(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    d: Decimal,
    f: &Format,
) -> Result<(), XlsxError> {
    w.see(col, &fmt2(d));
    ws.write_number_with_format(row, col, num(d), f)?;
    Ok(())
}

/// The note on a cell headquarters decided the veto of: the veto decided and the one the
/// office reported, the reason, who and when, and whether the return changed since.
fn veto_note(report: &Report, office: usize, d: &Decision, reported: bool) -> String {
    let decided = d.value.veto().map(yes_no).unwrap_or_default();
    let mut note = format!(
        "核定一票否决：{decided}（单位报送：{}）\n理由：{}\n核定人：{} {}",
        yes_no(reported),
        d.reason,
        d.evaluator,
        d.at
    );
    if report.is_stale(office, d) {
        note.push_str("\n报送文件已更新，核定待确认");
    }
    note
}

/// Attaches a note by an evaluator to a cell.
fn note_on(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    evaluator: &str,
) -> Result<(), XlsxError> {
    let author = fit_line(evaluator, limits::NOTE_AUTHOR);
    let note = Note::new(fit(text, limits::NOTE)).set_author(author);
    ws.insert_note(row, col, &note)?;
    Ok(())
}

fn col_letter(c: u16) -> String {
    crate::import::layout::col_name(c as u32)
}

/// Builds the workbook in memory.
pub fn build(data: &DataSet, report: &Report, info: &ExportInfo) -> Result<Workbook, XlsxError> {
    let set = &data.set;
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let plain = Format::new().set_border(FormatBorder::Thin);
    let score = plain.clone().set_num_format("0.00");
    let total_fmt = score.clone().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let sub = Format::new().set_italic().set_font_color(0x595959);
    let decided_fmt = score.clone().set_bold().set_background_color(0xFFF2CC);
    let decided_text = plain
        .clone()
        .set_bold()
        .set_background_color(0xFFF2CC)
        .set_align(FormatAlign::Center);
    let grade_fmt = |g: &str| {
        let color = match g {
            "优秀" => 0xC6EFCE,
            "良好" => 0xDDEBF7,
            "合格" => 0xFFEB9C,
            "不合格" => 0xFFC7CE,
            _ => 0xEDEDED,
        };
        plain
            .clone()
            .set_background_color(color)
            .set_align(FormatAlign::Center)
    };
    // Columns stop at the sheet's edge (7 columns besides the categories in 排名).
    let scored_cats: Vec<usize> = set
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != CategoryKind::Veto)
        .map(|(i, _)| i)
        .take(LAST_COL as usize + 1 - 7)
        .collect();
    let shown_indicators = set.indicators.len().min(LAST_COL as usize);
    let ranked = report.results.len();
    let unranked: Vec<usize> = report.unranked().collect();

    // ---- 1. 排名
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[0])?;
        let mut w = Widths::new();
        put(ws, 0, 0, &self::title(set), &title)?;
        put(
            ws,
            1,
            0,
            &format!(
                "导出时间 {} · 参评单位 {} 个，有效报送 {} 个",
                info.at,
                data.registry.len(),
                ranked
            ),
            &sub,
        )?;
        if ranked == 0 {
            put(ws, 2, 0, &nothing_ranked(report), &sub)?;
        }
        let mut headers: Vec<String> = ["名次", "单位", "总分", "等次", "一票否决"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cat_col0 = headers.len() as u16;
        for &c in &scored_cats {
            let cat = &set.categories[c];
            headers.push(format!("{} {}", cat.id, cat.name));
        }
        headers.extend(["自评分", "自评偏差"].iter().map(|s| s.to_string()));
        let hr = 3u32;
        header_row(ws, &mut w, hr, &headers, &head)?;
        let ncat = scored_cats.len() as u16;
        let claim_col = cat_col0 + ncat;
        for (k, r) in report.results.iter().enumerate() {
            let row = hr + 1 + k as u32;
            ws.write_number_with_format(row, 0, r.rank as f64, &plain)?;
            text(
                ws,
                &mut w,
                row,
                1,
                &data.registry.offices[r.office].name,
                &plain,
            )?;
            // The total is the sum of the categories, as a formula with its result set.
            if ncat > 0 {
                let first = format!("{}{}", col_letter(cat_col0), row + 1);
                let last = format!("{}{}", col_letter(cat_col0 + ncat - 1), row + 1);
                let f = Formula::new(format!("=SUM({first}:{last})")).set_result(fmt2(r.total));
                ws.write_formula_with_format(row, 2, f, &total_fmt)?;
                w.see(2, &fmt2(r.total));
            } else {
                number(ws, &mut w, row, 2, r.total, &total_fmt)?;
            }
            text(
                ws,
                &mut w,
                row,
                3,
                &r.grade_shown(set),
                &grade_fmt(&r.grade),
            )?;
            // A veto headquarters decided: 是 or 否, marked, with the reason in a note.
            let veto_decision = set
                .indicators
                .iter()
                .filter(|i| matches!(i.rule, Rule::Veto))
                .find_map(|i| report.decision(data, r.office, &i.id))
                .filter(|d| d.value.veto().is_some());
            match veto_decision {
                Some(d) => {
                    text(ws, &mut w, row, 4, yes_no(r.veto), &decided_text)?;
                    let note = veto_note(report, r.office, d, r.reported_veto());
                    note_on(ws, row, 4, &note, &d.evaluator)?;
                }
                None => text(ws, &mut w, row, 4, if r.veto { "是" } else { "" }, &plain)?,
            }
            for (j, &c) in scored_cats.iter().enumerate() {
                number(
                    ws,
                    &mut w,
                    row,
                    cat_col0 + j as u16,
                    r.categories[c],
                    &score,
                )?;
            }
            match r.claimed_total {
                Some(c) => number(ws, &mut w, row, claim_col, c, &score)?,
                None => text(ws, &mut w, row, claim_col, "", &plain)?,
            }
            match r.claim_difference() {
                Some(d) => number(ws, &mut w, row, claim_col + 1, d, &score)?,
                None => text(ws, &mut w, row, claim_col + 1, "", &plain)?,
            }
        }
        for (k, &o) in unranked.iter().enumerate() {
            let row = hr + 1 + (ranked + k) as u32;
            text(ws, &mut w, row, 0, "", &plain)?;
            text(ws, &mut w, row, 1, &data.registry.offices[o].name, &plain)?;
            let status = match report.states[o] {
                OfficeState::Conflict(_) => "重复报送",
                _ => NOT_SUBMITTED,
            };
            text(ws, &mut w, row, 2, "", &plain)?;
            text(ws, &mut w, row, 3, status, &grade_fmt(NOT_SUBMITTED))?;
            for c in 4..headers.len() as u16 {
                text(ws, &mut w, row, c, "", &plain)?;
            }
        }
        let last_row = hr + (ranked + unranked.len()) as u32;
        if ranked > 0 {
            ws.add_conditional_format(
                hr + 1,
                2,
                hr + ranked as u32,
                2,
                &ConditionalFormatDataBar::new(),
            )?;
        }
        ws.set_freeze_panes(hr + 1, 2)?;
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(hr, hr)?;
        ws.autofilter(hr, 0, last_row.max(hr + 1), headers.len() as u16 - 1)?;
        ws.set_row_height(hr, 30)?;
        w.apply(ws, 30)?;
    }

    // ---- 2. 任务失分
    let task_keys: Vec<String> = report
        .results
        .first()
        .map(|r| {
            r.gaps
                .tasks
                .iter()
                .take(LAST_COL as usize)
                .map(|g| g.key.clone())
                .collect()
        })
        .unwrap_or_default();
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[1])?;
        let mut w = Widths::new();
        put(
            ws,
            0,
            0,
            "各单位在各直属海关任务上的失分（失分 = 满分 − 得分）",
            &title,
        )?;
        if ranked == 0 {
            put(ws, 1, 0, &nothing_ranked(report), &sub)?;
        }
        let hr = 2u32;
        text(ws, &mut w, hr, 0, "单位", &head)?;
        for (j, key) in task_keys.iter().enumerate() {
            let t = key.parse().ok().and_then(|n| data.plan.task(n));
            let label = match t {
                Some(t) => format!("任务{}\n{}", t.number, t.title),
                None => format!("任务{key}"),
            };
            put(ws, hr, 1 + j as u16, &label, &head)?;
            w.see(1 + j as u16, "任务00 失分");
        }
        for (k, r) in report.results.iter().enumerate() {
            let row = hr + 1 + k as u32;
            text(
                ws,
                &mut w,
                row,
                0,
                &data.registry.offices[r.office].name,
                &plain,
            )?;
            for (j, g) in r.gaps.tasks.iter().take(task_keys.len()).enumerate() {
                number(
                    ws,
                    &mut w,
                    row,
                    1 + j as u16,
                    g.lost.unwrap_or_default(),
                    &score,
                )?;
            }
        }
        let n = ranked as u32;
        if ranked > 0 && !task_keys.is_empty() {
            ws.add_conditional_format(
                hr + 1,
                1,
                hr + n,
                task_keys.len() as u16,
                &ConditionalFormat3ColorScale::new()
                    .set_minimum_color(0x63BE7B)
                    .set_midpoint_color(0xFFEB84)
                    .set_maximum_color(0xF8696B),
            )?;
            let bold = score.clone().set_bold().set_background_color(0xF2F2F2);
            let lbl = plain.clone().set_bold().set_background_color(0xF2F2F2);
            text(ws, &mut w, hr + n + 1, 0, "平均失分", &lbl)?;
            text(ws, &mut w, hr + n + 2, 0, "最少失分", &lbl)?;
            for j in 0..task_keys.len() {
                let lost: Vec<Decimal> = report
                    .results
                    .iter()
                    .map(|r| r.gaps.tasks[j].lost.unwrap_or_default())
                    .collect();
                let mean = crate::domain::points::mean(&lost).unwrap_or_default();
                let best = lost.iter().copied().min().unwrap_or_default();
                number(ws, &mut w, hr + n + 1, 1 + j as u16, mean, &bold)?;
                number(ws, &mut w, hr + n + 2, 1 + j as u16, best, &bold)?;
            }
        }
        ws.set_row_height(hr, 60)?;
        ws.set_freeze_panes(hr + 1, 1)?;
        w.apply(ws, 16)?;
    }

    // ---- 3. 指标得分
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[2])?;
        let mut w = Widths::new();
        put(
            ws,
            0,
            0,
            "各单位各指标的最终得分（黄色为核定分，批注为理由和核定人）",
            &title,
        )?;
        if ranked == 0 {
            put(ws, 1, 0, &nothing_ranked(report), &sub)?;
        }
        let hr = 2u32;
        text(ws, &mut w, hr, 0, "单位", &head)?;
        for (j, ind) in set.indicators.iter().take(shown_indicators).enumerate() {
            text(ws, &mut w, hr, 1 + j as u16, &ind.id, &head)?;
        }
        for (k, r) in report.results.iter().enumerate() {
            let row = hr + 1 + k as u32;
            text(
                ws,
                &mut w,
                row,
                0,
                &data.registry.offices[r.office].name,
                &plain,
            )?;
            for (j, (ind, s)) in set
                .indicators
                .iter()
                .zip(&r.indicators)
                .take(shown_indicators)
                .enumerate()
            {
                let col = 1 + j as u16;
                let decision = report.decision(data, r.office, &ind.id);
                if matches!(ind.rule, Rule::Veto) {
                    // A veto has no score: 是 where it counts, marked where decided.
                    match decision.filter(|d| d.value.veto().is_some()) {
                        Some(d) => {
                            let v = d.value.veto().unwrap_or(s.veto);
                            text(ws, &mut w, row, col, yes_no(v), &decided_text)?;
                            let note = veto_note(report, r.office, d, s.veto);
                            note_on(ws, row, col, &note, &d.evaluator)?;
                        }
                        None => text(ws, &mut w, row, col, if s.veto { "是" } else { "" }, &plain)?,
                    }
                    continue;
                }
                match decision {
                    Some(d) => {
                        number(ws, &mut w, row, col, s.used(), &decided_fmt)?;
                        let mut note = format!(
                            "核定分 {}（测算分 {}）\n理由：{}\n核定人：{} {}",
                            d.value.shown(),
                            fmt2(s.computed),
                            d.reason,
                            d.evaluator,
                            d.at
                        );
                        if report.is_stale(r.office, d) {
                            note.push_str("\n报送文件已更新，核定待确认");
                        }
                        let author = fit_line(&d.evaluator, limits::NOTE_AUTHOR);
                        let note = Note::new(fit(&note, limits::NOTE)).set_author(author);
                        ws.insert_note(row, col, &note)?;
                    }
                    None => number(ws, &mut w, row, col, s.used(), &score)?,
                }
            }
        }
        ws.set_freeze_panes(hr + 1, 1)?;
        w.apply(ws, 16)?;
    }

    // ---- 4. 核定记录
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[3])?;
        let mut w = Widths::new();
        let headers = [
            "时间",
            "核定人",
            "单位",
            "指标",
            "操作",
            "测算分",
            "原分",
            "新分",
            "理由",
        ];
        header_row(ws, &mut w, 0, &headers, &head)?;
        // The history only grows: past the sheet's last rows, the newest are left out.
        let fits = (LAST_ROW - 2) as usize;
        for (k, c) in info.changes.iter().take(fits).enumerate() {
            let row = 1 + k as u32;
            let computed = data
                .registry
                .find_exact(&c.office)
                .and_then(|o| report.result_of(o))
                .and_then(|r| r.indicators.iter().find(|s| s.id == c.indicator))
                .map(|s| fmt2(s.computed))
                .unwrap_or_default();
            let kind = match c.kind.as_str() {
                "clear" => "清除",
                "confirm" => "确认",
                _ => "核定",
            };
            // A change of a veto shows 是 / 否; none is the veto the office reported.
            let (computed, undecided) = if c.is_veto() {
                let reported = data
                    .registry
                    .find_exact(&c.office)
                    .and_then(|o| report.result_of(o))
                    .and_then(|r| r.indicators.iter().find(|s| s.id == c.indicator))
                    .map(|s| yes_no(s.veto).to_string())
                    .unwrap_or_default();
                (reported, REPORTED_VETO)
            } else {
                (computed, "测算分")
            };
            let cells = [
                c.at.clone(),
                c.evaluator.clone(),
                c.office.clone(),
                c.indicator.clone(),
                kind.to_string(),
                computed,
                c.old
                    .map(Decided::shown)
                    .unwrap_or_else(|| undecided.into()),
                c.new
                    .map(Decided::shown)
                    .unwrap_or_else(|| undecided.into()),
                c.reason.clone(),
            ];
            for (j, v) in cells.iter().enumerate() {
                text(ws, &mut w, row, j as u16, v, &plain)?;
            }
        }
        if info.changes.is_empty() {
            text(ws, &mut w, 1, 0, "（无核定记录）", &sub)?;
        }
        if info.changes.len() > fits {
            put(
                ws,
                LAST_ROW,
                0,
                &format!(
                    "另有 {} 条核定记录超出工作表行数，未列出（见 kaoping history）",
                    info.changes.len() - fits
                ),
                &sub,
            )?;
        }
        ws.set_freeze_panes(1, 0)?;
        w.apply(ws, 50)?;
    }

    // ---- 5. 导入情况
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[4])?;
        let mut w = Widths::new();
        let headers = ["文件", "单位", "状态", "级别", "位置", "问题", "SHA-256"];
        header_row(ws, &mut w, 0, &headers, &head)?;
        let mut row = 1u32;
        // Rows stop before the sheet's last ones, kept for the summary.
        let last = LAST_ROW - 4;
        let mut left_out = 0usize;
        for f in &report.files {
            let office = f
                .office
                .map(|o| data.registry.offices[o].name.clone())
                .unwrap_or_default();
            let status = crate::output::check::status_label(f.status);
            let base = [f.shown.clone(), office, status.to_string()];
            let problems: Vec<(String, String, String)> = if f.problems.is_empty() {
                vec![(String::new(), String::new(), String::new())]
            } else {
                f.problems
                    .iter()
                    .map(|p| {
                        let level = if p.severity == Severity::Error {
                            "错误"
                        } else {
                            "警告"
                        };
                        (
                            level.to_string(),
                            p.at.clone().unwrap_or_default(),
                            p.message.clone(),
                        )
                    })
                    .collect()
            };
            for (level, at, msg) in problems {
                if row > last {
                    left_out += 1;
                    continue;
                }
                for (j, v) in base.iter().enumerate() {
                    text(ws, &mut w, row, j as u16, v, &plain)?;
                }
                text(ws, &mut w, row, 3, &level, &plain)?;
                text(ws, &mut w, row, 4, &at, &plain)?;
                text(ws, &mut w, row, 5, &msg, &plain)?;
                text(ws, &mut w, row, 6, &f.sha256, &plain)?;
                row += 1;
            }
        }
        let refused = report
            .files
            .iter()
            .filter(|f| f.status != FileStatus::Imported)
            .count();
        put(
            ws,
            row + 1,
            0,
            &format!(
                "共 {} 个文件，退回或重复报送 {} 个",
                report.files.len(),
                refused
            ),
            &sub,
        )?;
        if left_out > 0 {
            put(
                ws,
                row + 2,
                0,
                &format!("另有 {left_out} 行超出工作表行数，未列出（见 kaoping check）"),
                &sub,
            )?;
        }
        if ranked == 0 {
            let bold = sub.clone().set_bold().set_font_color(0xC00000);
            put(ws, row + 3, 0, &nothing_ranked_see(report, "上表"), &bold)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if row > 1 {
            ws.autofilter(0, 0, row - 1, headers.len() as u16 - 1)?;
        }
        w.apply(ws, 60)?;
    }

    // ---- 6. 指标体系
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[5])?;
        let mut w = Widths::new();
        let headers = [
            "编号",
            "一级指标",
            "考核内容",
            "分值",
            "规则类型",
            "参数",
            "评分方法",
            "关联任务",
            "任务内容",
        ];
        header_row(ws, &mut w, 0, &headers, &head)?;
        for (k, ind) in set.indicators.iter().enumerate() {
            let row = 1 + k as u32;
            let cat = set
                .category(&ind.category)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let params = match &ind.rule {
                Rule::Level => set
                    .levels
                    .iter()
                    .map(|(w, f)| format!("{w}×{}", f.normalize()))
                    .collect::<Vec<_>>()
                    .join("，"),
                Rule::Ratio { count, total } => format!("{count} ÷ {total}"),
                Rule::Timeliness { days } => match ind.extension_days {
                    Some(e) => format!("{days} 个工作日，经批准可延长 {e} 个工作日"),
                    None => format!("{days} 个工作日"),
                },
                Rule::Deadline { deadline } => format!("期限 {deadline}"),
                Rule::Deduction { per } | Rule::Bonus { per } => {
                    format!("每件 {} 分", per.normalize())
                }
                Rule::Veto => format!("等次最高为{}", set.veto_cap),
            };
            let task = data
                .plan
                .task(ind.task)
                .map(|t| t.title.clone())
                .unwrap_or_default();
            let cells = [
                ind.id.clone(),
                cat,
                ind.title.clone(),
                fmt2(ind.points),
                ind.rule.kind_label().to_string(),
                params,
                super::method_text(ind, set),
                ind.task.to_string(),
                task,
            ];
            for (j, v) in cells.iter().enumerate() {
                text(ws, &mut w, row, j as u16, v, &plain)?;
            }
        }
        ws.set_freeze_panes(1, 1)?;
        w.apply(ws, 50)?;
    }

    // ---- 7. A chart of totals, highest first; with no office ranked, a sheet saying so
    // (a chart needs a series).
    let chart_title = fit_line(&format!("{}总分", assessment_of(set)), limits::SHORT);
    if ranked > 0 {
        let mut chart = Chart::new_bar();
        // A title starting with `=` would be read as a reference to cells.
        let name = match chart_title.strip_prefix('=') {
            Some(rest) => format!("＝{rest}"),
            None => chart_title.clone(),
        };
        chart.title().set_name(&name);
        let (first, last) = (4u32, 3 + ranked as u32);
        chart
            .add_series()
            .set_name("总分")
            .set_categories((SHEETS[0], first, 1, last, 1))
            .set_values((SHEETS[0], first, 2, last, 2));
        // A bar chart draws its first category at the bottom: reverse it, highest on top.
        chart.x_axis().set_reverse();
        chart.legend().set_hidden();
        let cs = wb.add_chartsheet();
        cs.set_name(SHEETS[6])?;
        cs.insert_chart(0, 0, &chart)?;
    } else {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[6])?;
        put(ws, 0, 0, &chart_title, &title)?;
        put(ws, 1, 0, &nothing_ranked(report), &sub)?;
    }

    // Document properties: who, when, and the inputs' hashes.
    let short = |s: &str| fit_line(s, limits::SHORT);
    let mut props = DocProperties::new()
        .set_title(short(&self::title(set)))
        .set_subject(short(&format!(
            "{}：总分、等次与排名（参评单位 {} 个，有效报送 {} 个）",
            assessment_of(set),
            data.registry.len(),
            ranked
        )))
        .set_keywords(short(&format!("{}, {}", set.name, SHEETS.join(", "))))
        .set_author(short(info.author))
        .set_comment("kaoping 导出；各输入文件的 SHA-256 见自定义属性")
        .set_custom_property(OWN_EXPORT_PROPERTY, env!("CARGO_PKG_VERSION"));
    if let Ok(t) = ExcelDateTime::parse_from_str(info.at.trim()) {
        props = props.set_creation_datetime(&t);
    }
    for (name, hash) in hash_properties(report) {
        props = props.set_custom_property(name, hash);
    }
    wb.set_properties(&props);
    Ok(wb)
}

/// The custom properties `sha256 FILE` of the inputs read: named by the file's name, or
/// by its path where two files share a name (in different folders), or numbered; each
/// name one line of at most 255 characters, unique whatever the case, and never
/// [`OWN_EXPORT_PROPERTY`].
fn hash_properties(report: &Report) -> Vec<(String, String)> {
    let mut taken: HashSet<String> = HashSet::from([OWN_EXPORT_PROPERTY.to_lowercase()]);
    let mut out = Vec::new();
    for f in report.files.iter().filter(|f| !f.sha256.is_empty()) {
        let file_name = Path::new(&f.shown)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.shown.clone());
        let by_name = fit_line(&format!("sha256 {file_name}"), limits::SHORT);
        let by_path = fit_line(&format!("sha256 {}", f.shown), limits::SHORT);
        let mut name = [by_name.clone(), by_path]
            .into_iter()
            .find(|n| !taken.contains(&n.to_lowercase()));
        let mut k = 2;
        while name.is_none() {
            let tag = format!(" ({k})");
            let n = format!(
                "{}{tag}",
                limits::cut(&by_name, limits::SHORT - limits::utf16_len(&tag))
            );
            if !taken.contains(&n.to_lowercase()) {
                name = Some(n);
            }
            k += 1;
        }
        let name = name.unwrap_or_default();
        taken.insert(name.to_lowercase());
        out.push((name, fit_line(&f.sha256, limits::SHORT)));
    }
    out
}

/// Writes the workbook to `out` through a short-named temporary file beside it, renamed at
/// the end (see [`super::write_atomic`]): an interrupted or failed export leaves neither a
/// half file nor a temporary one. Refuses to write over one of the returns.
pub fn write(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    out: &Path,
) -> Result<PathBuf, ExportError> {
    let shown = out.display().to_string();
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(ExportError::Refused(format!(
            "{shown}: 导出文件应以 .xlsx 结尾"
        )));
    }
    let target = out.canonicalize().ok();
    for f in &report.files {
        let same = match (&target, f.path.canonicalize().ok()) {
            (Some(a), Some(b)) => *a == b,
            _ => f.path == out,
        };
        if same {
            return Err(ExportError::Refused(format!(
                "{shown}: 这是一份报送的自评表，不能覆盖；请换一个文件名"
            )));
        }
    }
    let mut wb = build(data, report, info).map_err(|source| ExportError::Xlsx {
        path: shown.clone(),
        source,
    })?;
    let buf = wb.save_to_buffer().map_err(|source| ExportError::Xlsx {
        path: shown.clone(),
        source,
    })?;
    super::write_atomic(out, &buf).map_err(|source| ExportError::Io {
        path: shown.clone(),
        source,
    })?;
    Ok(out.to_path_buf())
}

/// The default export file of a folder: inside it, with a name the importer passes over.
pub fn default_path(dir: &Path, at: &str) -> PathBuf {
    let stamp: String = at.chars().filter(|c| c.is_ascii_digit()).collect();
    dir.join(format!("考评排名-{stamp}{EXPORT_SUFFIX}"))
}

/// Exports end so; the importer never takes them for returns.
pub const EXPORT_SUFFIX: &str = ".kaoping.xlsx";

/// The custom document property that marks a workbook as kaoping's own export (its value
/// is the version that wrote it), so that the importer passes it over whatever its name.
pub const OWN_EXPORT_PROPERTY: &str = "kaoping-export";

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::{Cursor, Read};

    /// The export of one blank return (or of none), as bytes.
    fn export(with_return: bool) -> Vec<u8> {
        let data = DataSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let files = if with_return {
            vec![super::super::template::write(&data, "拉萨海关", dir.path()).unwrap()]
        } else {
            vec![]
        };
        let report = Report::build(&data, &files);
        let info = ExportInfo {
            changes: &[],
            author: "张三",
            at: "2019-01-15 09:30:00",
        };
        build(&data, &report, &info)
            .unwrap()
            .save_to_buffer()
            .unwrap()
    }

    fn part(buf: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(Cursor::new(buf)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    const TITLE: &str = "2018年度直属海关政务公开考核评估结果汇总表";

    #[test]
    fn the_title_is_made_of_the_sets_year_and_assessment() {
        let mut set = DataSet::builtin().set;
        assert_eq!(title(&set), TITLE);
        // A name that already holds the year does not say it twice.
        set.assessment = "2019年度直属海关政务公开考核评估".into();
        set.year = 2019;
        assert_eq!(title(&set), "2019年度直属海关政务公开考核评估结果汇总表");
    }

    #[test]
    fn title_chart_and_properties_say_the_same_words() {
        let buf = export(true);
        let mut wb = Xlsx::new(Cursor::new(buf.clone())).unwrap();
        let r = wb.worksheet_range(SHEETS[0]).unwrap();
        assert_eq!(r.get_value((0, 0)), Some(&Data::String(TITLE.into())));
        let chart = part(&buf, "xl/charts/chart1.xml");
        assert!(
            chart.contains("2018年度直属海关政务公开考核评估总分"),
            "{chart}"
        );
        let core = part(&buf, "docProps/core.xml");
        assert!(
            core.contains(&format!("<dc:title>{TITLE}</dc:title>")),
            "{core}"
        );
        assert!(
            core.contains("2018年度直属海关政务公开考核评估：总分、等次与排名（参评单位 42 个，有效报送 1 个）"),
            "{core}"
        );
        // With nothing ranked, the chart's sheet says the same title.
        let buf = export(false);
        let mut wb = Xlsx::new(Cursor::new(buf)).unwrap();
        let r = wb.worksheet_range(SHEETS[6]).unwrap();
        assert_eq!(
            r.get_value((0, 0)),
            Some(&Data::String("2018年度直属海关政务公开考核评估总分".into()))
        );
    }

    #[test]
    fn the_indicator_sheet_names_rule_kinds_in_chinese() {
        let data = DataSet::builtin();
        let buf = export(false);
        let mut wb = Xlsx::new(Cursor::new(buf)).unwrap();
        let r = wb.worksheet_range(SHEETS[5]).unwrap();
        assert_eq!(r.get_value((0, 4)), Some(&Data::String("规则类型".into())));
        let kinds: Vec<String> = (1..=data.set.indicators.len() as u32)
            .map(|row| r.get_value((row, 4)).unwrap().to_string())
            .collect();
        let code = [
            "level",
            "ratio",
            "timeliness",
            "deadline",
            "deduction",
            "bonus",
            "veto",
        ];
        for (ind, k) in data.set.indicators.iter().zip(&kinds) {
            assert_eq!(k, ind.rule.kind_label(), "{}", ind.id);
            assert!(!code.contains(&k.as_str()), "{}: {k}", ind.id);
        }
        let mut seen: Vec<&str> = kinds.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        let mut want = vec![
            "等级评定",
            "按比例计分",
            "时效",
            "按期完成",
            "扣分",
            "加分",
            "一票否决",
        ];
        want.sort_unstable();
        assert_eq!(seen, want);
        // D1: its limit and extension; V1: capped at 良好, said the right way round.
        let row = |id: &str| 1 + data.set.index_of(id).unwrap() as u32;
        assert_eq!(
            r.get_value((row("D1"), 5)).unwrap().to_string(),
            "15 个工作日，经批准可延长 15 个工作日"
        );
        assert!(r
            .get_value((row("D1"), 6))
            .unwrap()
            .to_string()
            .contains("最长15个工作日"));
        assert_eq!(
            r.get_value((row("V1"), 6)).unwrap().to_string(),
            "发生的，等次最高为良好（不得评为优秀）"
        );
    }
}
