//! The cells' helpers shared by the sheets: formats, widths, text and number cells, notes.

use super::{Audience, ExportInfo, SHEETS};
use crate::data::DataSet;
use crate::domain::decision::{yes_no, Decision};
use crate::domain::indicators::IndicatorSet;
use crate::domain::points::{fmt2, Decimal};
use crate::export::limits::{self, fit, fit_line};
use crate::report::Report;
use crate::text::width;
use rust_xlsxwriter::{Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};

/// What every sheet reads: the inputs and what the workbook shows of them.
pub(super) struct Ctx<'a> {
    pub data: &'a DataSet,
    pub report: &'a Report,
    pub info: &'a ExportInfo<'a>,
    pub set: &'a IndicatorSet,
    /// The scored categories shown, within the sheet's columns.
    pub scored_cats: Vec<usize>,
    pub shown_indicators: usize,
    pub ranked: usize,
    pub unranked: Vec<usize>,
    /// Who the workbook is for: what it may show.
    pub audience: Audience,
    /// The workbook's title (in A1 of 排名 and in every page's header).
    pub title: String,
}

impl Ctx<'_> {
    /// Whether the workbook is headquarters' own (decisions, evaluators, files shown).
    pub fn internal(&self) -> bool {
        self.audience == Audience::Internal
    }

    /// No return could be scored: why, for the sheets that would list the ranked offices;
    /// the files refused are named only where the import report is part of the workbook.
    pub fn nothing_ranked(&self) -> String {
        if self.internal() {
            nothing_ranked(self.report)
        } else {
            "没有有效报送".to_string()
        }
    }
}

/// The cells' formats.
pub(super) struct Formats {
    pub head: Format,
    pub plain: Format,
    pub score: Format,
    pub total_fmt: Format,
    pub title: Format,
    pub sub: Format,
    pub decided_fmt: Format,
    pub decided_text: Format,
    /// A text that wraps in its column, at the top of its cell.
    pub wrap: Format,
}

impl Formats {
    /// A grade's cell, coloured by the grade.
    pub fn grade(&self, g: &str) -> Format {
        let color = match g {
            "优秀" => 0xC6EFCE,
            "良好" => 0xDDEBF7,
            "合格" => 0xFFEB9C,
            "不合格" => 0xFFC7CE,
            _ => 0xEDEDED,
        };
        self.plain
            .clone()
            .set_background_color(color)
            .set_align(FormatAlign::Center)
    }
}

/// Excel number for a score (presentation only: the scores were computed exactly).
pub(super) fn num(d: Decimal) -> f64 {
    fmt2(d).parse().unwrap_or(0.0)
}

/// Tracks the widest text of each column, in East-Asian cells.
pub(super) struct Widths(Vec<usize>);

impl Widths {
    pub(super) fn new() -> Self {
        Widths(Vec::new())
    }
    pub(super) fn see(&mut self, col: u16, text: &str) {
        let c = col as usize;
        if self.0.len() <= c {
            self.0.resize(c + 1, 0);
        }
        self.0[c] = self.0[c].max(width(text));
    }
    /// Sets each column to its widest text plus a margin, within bounds.
    pub(super) fn apply(&self, ws: &mut Worksheet, max: usize) -> Result<(), XlsxError> {
        for (c, w) in self.widths(max).into_iter().enumerate() {
            ws.set_column_width(c as u16, w as f64)?;
        }
        Ok(())
    }
    /// The widths [`Widths::apply`] sets, column by column from A.
    pub(super) fn widths(&self, max: usize) -> Vec<usize> {
        self.0.iter().map(|w| (w + 2).clamp(4, max)).collect()
    }
}

/// Writes a string cell (never a formula, whatever it starts with) and notes its width.
/// The text is cut to what a cell holds and cleaned of what XML cannot hold.
pub(super) fn text(
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
/// Writes the texts of one row from column A, each as [`text`] in `f` (a wrapping format),
/// and makes the row as tall as its longest text needs in a column at most `max` wide: a
/// text wider than that wraps (the column is `max` wide then), and LibreOffice, unlike
/// Excel, does not size the rows of wrapped text when it opens a workbook.
pub(super) fn wrapped_row(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    cells: &[impl AsRef<str>],
    f: &Format,
    max: usize,
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (c, v) in cells.iter().enumerate() {
        let v = fit(v.as_ref(), limits::CELL);
        lines = lines.max(crate::export::print::lines_in(&v, max as f64));
        text(ws, w, row, c as u16, &v, f)?;
    }
    if lines > 1 {
        ws.set_row_height(row, crate::export::print::row_height(lines))?;
    }
    Ok(())
}

pub(super) fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, fit(s, limits::CELL), f)?;
    Ok(())
}

/// A matrix sheet's top: its name, its heading in A1, and (when no office is ranked) why it
/// is empty, in A2.
pub(super) fn matrix_sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    heading: &str,
    c: &Ctx,
    (title, sub): (&Format, &Format),
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    put(ws, 0, 0, heading, title)?;
    if c.ranked == 0 {
        put(ws, 1, 0, &c.nothing_ranked(), sub)?;
    }
    Ok(ws)
}

/// No return could be scored: why, naming the import report.
pub(super) fn nothing_ranked(report: &Report) -> String {
    nothing_ranked_see(report, &format!("“{}”", SHEETS[4]))
}

pub(super) fn nothing_ranked_see(report: &Report, see: &str) -> String {
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
pub(super) fn header_row(
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

pub(super) fn number(
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
pub(super) fn veto_note(report: &Report, office: usize, d: &Decision, reported: bool) -> String {
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
pub(super) fn note_on(
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

pub(super) fn col_letter(c: u16) -> String {
    crate::domain::scoring::col_name(c as u32)
}
