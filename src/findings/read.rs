//! Finding the tables of a findings workbook (核查记录) or a spot-check checklist
//! (抽查清单): a header row in the first rows of any visible sheet, its labels read with the
//! importer's tolerance (spaces, full-width forms, a bracketed unit, synonyms), columns in
//! any order.

use crate::domain::scoring::{no_result, Field};
use crate::import::cells;
use crate::import::layout::{cell_name, normalize_label, HEADER_SEARCH_ROWS};
use crate::import::workbook::{Sheet, Workbook};
use calamine::Data;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The columns of the two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    Office,
    Indicator,
    Count,
    Score,
    Veto,
    Reason,
    Basis,
    Item,
    /// 事项编号: the item's key, as the checklist writes it (optional).
    ItemKey,
    Start,
    Result,
}

/// Canonical label first, then its synonyms.
const LABELS: &[(Col, &[&str])] = &[
    (
        Col::Office,
        &["单位", "单位名称", "填报单位", "直属海关", "海关"],
    ),
    (Col::Indicator, &["指标", "指标编号", "编号", "指标代码"]),
    (Col::Count, &["核查数量", "核定数量", "核实数量"]),
    (Col::Score, &["核定分", "核定分数", "核定得分", "核定分值"]),
    (Col::Veto, &["一票否决", "是否一票否决"]),
    (Col::Reason, &["理由", "核定理由", "核查理由", "原因"]),
    (Col::Basis, &["依据", "核查依据", "来源", "出处"]),
    (Col::Item, &["事项", "事项名称"]),
    (Col::ItemKey, &["事项编号", "事项标识"]),
    (Col::Start, &["起算日期", "开始日期"]),
    (Col::Result, &["核查结果", "抽查结果"]),
];

/// The canonical label of a column, for messages.
pub fn label(col: Col) -> &'static str {
    LABELS
        .iter()
        .find(|(c, _)| *c == col)
        .map(|(_, l)| l[0])
        .unwrap_or("")
}

fn classify(s: &str) -> Option<(Col, bool)> {
    let n = normalize_label(s);
    if n.is_empty() {
        return None;
    }
    LABELS
        .iter()
        .find_map(|(col, labels)| labels.iter().position(|l| *l == n).map(|p| (*col, p == 0)))
}

/// Which form a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// 核查记录: 单位 | 指标 | 核查数量 | 核定分 | 一票否决 | 理由 | 依据.
    Findings,
    /// 抽查清单: … 单位 | 指标 | 事项 | 起算日期 | … | 核查结果 | 核定分 | 理由 | 依据.
    Checklist,
}

/// What a form's header must have besides 单位 and 指标.
fn required(form: Form) -> &'static [Col] {
    match form {
        Form::Findings => &[Col::Reason],
        Form::Checklist => &[Col::Item, Col::Start, Col::Result, Col::Reason],
    }
}

/// A table found in a sheet.
pub struct Table<'a> {
    pub sheet: &'a Sheet,
    pub form: Form,
    /// Absolute row index of the header.
    pub header_row: u32,
    columns: Vec<(Col, u32)>,
    uncached: HashMap<(u32, u32), &'a str>,
}

/// A cell's value as a form reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<T> {
    Blank,
    Value(T),
    /// Not a value of this kind: the message (in Chinese).
    Bad(String),
}

impl<'a> Table<'a> {
    pub fn col(&self, c: Col) -> Option<u32> {
        self.columns.iter().find(|(x, _)| *x == c).map(|(_, i)| *i)
    }

    /// The data rows (absolute indices), after the header.
    pub fn rows(&self) -> std::ops::RangeInclusive<u32> {
        let end = self
            .sheet
            .cells
            .end()
            .map(|(r, _)| r)
            .unwrap_or(self.header_row);
        self.header_row + 1..=end
    }

    /// `SHEET!A1` of a row's column (the row alone, `SHEET!5`, when the column is absent).
    pub fn at(&self, row: u32, c: Col) -> String {
        match self.col(c) {
            Some(col) => format!("{}!{}", self.sheet.name, cell_name(row, col)),
            None => format!("{}!{}", self.sheet.name, row + 1),
        }
    }

    fn data(&self, row: u32, c: Col) -> Result<Option<&'a Data>, String> {
        let Some(col) = self.col(c) else {
            return Ok(None);
        };
        if let Some(f) = self.uncached.get(&(row, col)) {
            let f = format!("={}", f.trim_start_matches('='));
            return Err(no_result(label(c), &f));
        }
        Ok(self.sheet.cells.get_value((row, col)))
    }

    /// The cell as text, trimmed ("" when blank or absent).
    pub fn text(&self, row: u32, c: Col) -> Value<String> {
        match self.data(row, c) {
            Err(m) => Value::Bad(m),
            Ok(None) => Value::Blank,
            Ok(Some(d)) => {
                let t = cells::text(d);
                if t.is_empty() {
                    Value::Blank
                } else {
                    Value::Value(t)
                }
            }
        }
    }

    /// The cell as a number (a number cell, or text such as `2`, `２件`, `3.5分`).
    pub fn number(&self, row: u32, c: Col) -> Value<Decimal> {
        match self.data(row, c) {
            Err(m) => Value::Bad(m),
            Ok(None) => Value::Blank,
            Ok(Some(d)) => match cells::number(d) {
                Field::Blank => Value::Blank,
                Field::Value(v) => Value::Value(v),
                Field::Invalid(raw) | Field::NoResult(raw) => {
                    Value::Bad(format!("{}“{raw}”不是数字", label(c)))
                }
            },
        }
    }

    /// The cell as a date (a date cell, or text such as `2018-08-31`, `2018年8月31日`).
    pub fn date(&self, row: u32, c: Col) -> Value<NaiveDate> {
        match self.data(row, c) {
            Err(m) => Value::Bad(m),
            Ok(None) => Value::Blank,
            Ok(Some(d)) => match cells::date(d) {
                Field::Blank => Value::Blank,
                Field::Value(v) => Value::Value(v),
                Field::Invalid(raw) | Field::NoResult(raw) => {
                    Value::Bad(format!("{}“{raw}”不是日期", label(c)))
                }
            },
        }
    }

    /// Whether every one of these columns is blank on the row.
    pub fn blank(&self, row: u32, cols: &[Col]) -> bool {
        cols.iter().all(|&c| {
            self.col(c).is_none_or(|col| {
                !self.uncached.contains_key(&(row, col))
                    && self
                        .sheet
                        .cells
                        .get_value((row, col))
                        .is_none_or(|d| cells::text(d).is_empty())
            })
        })
    }
}

/// A problem with a sheet's header: where (the sheet) and what.
pub type HeaderProblem = (String, String);

/// The tables of the visible sheets, and what is wrong with a header that lacks a column
/// its form needs.
pub fn tables(wb: &Workbook) -> (Vec<Table<'_>>, Vec<HeaderProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for sheet in wb.sheets.iter().filter(|s| s.visible) {
        let Some((form, header_row, columns)) = find_header(sheet) else {
            continue;
        };
        let missing: Vec<&str> = required(form)
            .iter()
            .filter(|c| !columns.iter().any(|(x, _)| x == *c))
            .map(|c| label(*c))
            .collect();
        if !missing.is_empty() {
            let what = match form {
                Form::Findings => "核查记录",
                Form::Checklist => "抽查清单",
            };
            problems.push((
                format!("{}!{}", sheet.name, header_row + 1),
                format!("{what}表头缺少“{}”列", missing.join("”“")),
            ));
            continue;
        }
        out.push(Table {
            sheet,
            form,
            header_row,
            columns,
            uncached: sheet
                .uncached
                .iter()
                .map(|(p, f)| (*p, f.as_str()))
                .collect(),
        });
    }
    (out, problems)
}

/// A header row in the first rows of a sheet: 单位 and 指标, with 核查结果 (a checklist) or
/// one of 核查数量, 核定分, 一票否决 (the findings form).
/// A header found: the form, its row, and (column, absolute column index).
type Header = (Form, u32, Vec<(Col, u32)>);

fn find_header(sheet: &Sheet) -> Option<Header> {
    let range = &sheet.cells;
    let (r0, c0) = range.start()?;
    let (r1, c1) = range.end()?;
    let last = r1.min(r0 + HEADER_SEARCH_ROWS - 1);
    for r in r0..=last {
        let mut found: Vec<(Col, u32, bool)> = (c0..=c1)
            .filter_map(|c| match range.get_value((r, c)) {
                Some(Data::String(s)) => classify(s).map(|(col, canon)| (col, c, canon)),
                _ => None,
            })
            .collect();
        // One column per kind: the canonical label over a synonym, then the leftmost.
        found.sort_by_key(|(col, i, canon)| (*col, !*canon, *i));
        found.dedup_by_key(|(col, _, _)| *col);
        let columns: Vec<(Col, u32)> = found.into_iter().map(|(c, i, _)| (c, i)).collect();
        let has = |c: Col| columns.iter().any(|(x, _)| *x == c);
        if !(has(Col::Office) && has(Col::Indicator)) {
            continue;
        }
        let form = if has(Col::Result) {
            Form::Checklist
        } else if has(Col::Count) || has(Col::Score) || has(Col::Veto) {
            Form::Findings
        } else {
            continue;
        };
        return Some((form, r, columns));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_with_the_importers_tolerance() {
        assert_eq!(classify(" 单位 名称 "), Some((Col::Office, false)));
        assert_eq!(classify("核定分（分）"), Some((Col::Score, true)));
        assert_eq!(classify("指标编号"), Some((Col::Indicator, false)));
        assert_eq!(classify("核查结果："), Some((Col::Result, true)));
        assert_eq!(classify("自评分"), None);
    }
}
