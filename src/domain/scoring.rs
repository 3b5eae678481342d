//! Scoring one office's return by the rules of the indicator set (scoring.md).
//!
//! The input is what the importer read, already located (each value carries its cell, such
//! as `自评表!H12`, for messages) but not judged: this module decides what is valid.

use super::calendar::{Calendar, OutsideCalendar};
use super::indicators::{Indicator, IndicatorSet, Rule};
use super::points::{checked_mul_ratio, Decimal, MAX_CLAIM, MAX_COUNT};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// A value as read from a cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    #[default]
    Blank,
    Value(T),
    /// The cell holds something that is not a value of this kind; the text shown to the user.
    Invalid(String),
    /// The cell holds a formula (given) whose result the file does not carry.
    NoResult(String),
}

/// The message for a formula without a stored result: report it, never guess.
pub fn no_result(label: &str, formula: &str) -> String {
    format!("{label}是公式（{formula}），文件中没有它的计算结果：请用 Excel 或 WPS 打开、保存后重新报送")
}

/// Where a value was read: a sheet and a 0-based (row, column), shown as `SHEET!A1`
/// (formatted only when shown); or a place given as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CellRef {
    sheet: std::sync::Arc<str>,
    cell: Option<(u32, u32)>,
}

impl CellRef {
    pub fn new(sheet: std::sync::Arc<str>, row: u32, col: u32) -> Self {
        CellRef {
            sheet,
            cell: Some((row, col)),
        }
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cell {
            Some((r, c)) => write!(f, "{}!{}{}", self.sheet, col_name(c), r + 1),
            None => f.write_str(&self.sheet),
        }
    }
}

impl From<&str> for CellRef {
    fn from(s: &str) -> Self {
        CellRef {
            sheet: s.into(),
            cell: None,
        }
    }
}

impl From<String> for CellRef {
    fn from(s: String) -> Self {
        CellRef::from(s.as_str())
    }
}

/// Column letters of a 0-based index (`0` → `A`, `27` → `AB`).
pub fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A value and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell<T> {
    pub value: Field<T>,
    /// `SHEET!A1`, when there is one.
    pub at: Option<CellRef>,
}

impl<T> Cell<T> {
    pub fn blank() -> Self {
        Cell {
            value: Field::Blank,
            at: None,
        }
    }
    pub fn new(value: Field<T>, at: impl Into<CellRef>) -> Self {
        Cell {
            value,
            at: Some(at.into()),
        }
    }
    pub fn is_blank(&self) -> bool {
        matches!(self.value, Field::Blank)
    }
}

/// One indicator row of a return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorInput {
    /// 完成情况, with status words already folded to the canonical ones (完成, 基本完成, 未完成,
    /// 是, 否) where they were recognised; anything else stays as written.
    pub status: Cell<String>,
    pub count: Cell<Decimal>,
    pub total: Cell<Decimal>,
    pub date: Cell<NaiveDate>,
    /// 自评得分: the office's claim, shown beside the computed score, never used as it.
    pub claimed: Cell<Decimal>,
    pub note: String,
    pub evidence: String,
    /// Where the row is (`自评表!5`), for a duplicated 编号.
    pub row: Option<String>,
}

/// An item's 延期 (returns.md): 是, or a number of working days. Blank (and 否) is no
/// extension, read as [`Field::Blank`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extension {
    /// 是: the indicator's whole `extension_days`.
    Full,
    /// A number of working days, as written (checked when scored: a whole number from 0 to
    /// the indicator's `extension_days`).
    Days(Decimal),
}

impl Default for Extension {
    fn default() -> Self {
        Extension::Days(Decimal::ZERO)
    }
}

/// One row of 时效明细.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub start: Cell<NaiveDate>,
    pub publish: Cell<NaiveDate>,
    /// 延期 (an optional column: blank where the sheet has none).
    pub extension: Cell<Extension>,
    pub note: String,
    pub row: Option<String>,
}

/// What a return says, by indicator id (the set's spelling).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeReturn {
    /// Every row found for an id (more than one is a duplicated 编号).
    pub rows: HashMap<String, Vec<IndicatorInput>>,
    pub items: HashMap<String, Vec<Item>>,
    /// The return has no 时效明细 sheet (not the same as a sheet without items, though it
    /// scores the same: an undeclared timeliness indicator scores 0). The importer reports
    /// it once, as an error naming the sheet.
    pub no_items_sheet: bool,
}

/// The words of 完成情况 that declare 无此项业务 on a timeliness row (scoring.md); 总数 = 0
/// declares it too.
pub const NO_BUSINESS_WORDS: &[&str] = &[NO_BUSINESS, "无", "不涉及"];

/// The row declares 无此项业务: 完成情况 = 无此项业务 / 无 / 不涉及 (with spaces, full-width
/// forms or a closing full stop), or 总数 = 0. Silence is no declaration.
pub fn declares_no_business(row: &IndicatorInput) -> bool {
    declaring_cell(row).is_some()
}

/// Where the row declares 无此项业务 (its 完成情况 or its 总数 cell), if it does.
fn declaring_cell(row: &IndicatorInput) -> Option<Option<String>> {
    let at = |c: &Option<CellRef>| c.as_ref().map(ToString::to_string);
    if let Field::Value(w) = &row.status.value {
        let f = crate::text::fold(w);
        if NO_BUSINESS_WORDS.contains(&f.trim_end_matches(['。', '.', '；', ';'])) {
            return Some(at(&row.status.at));
        }
    }
    match &row.total.value {
        Field::Value(t) if t.is_zero() => Some(at(&row.total.at)),
        _ => None,
    }
}

/// A problem in one cell or row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub at: Option<String>,
    pub message: String,
}

/// Notes on how a score came about.
pub const NOT_FILLED: &str = "未填报";
pub const NO_BUSINESS: &str = "无此项业务";

/// The score of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorScore {
    pub id: String,
    /// By the rule, from the return.
    pub computed: Decimal,
    /// The office's own 自评得分, where readable.
    pub claimed: Option<Decimal>,
    /// An evaluator's decision (核定), which replaces the computed score; or the score the
    /// rule gives with headquarters' findings (a count decided, items that failed a spot
    /// check).
    pub decided: Option<Decimal>,
    /// How headquarters' findings made the decided score, when they did (`核查数量 2`,
    /// `抽查不属实：事项名`); set again each time the decisions are applied.
    pub findings: Vec<String>,
    /// `未填报`, `无此项业务`, `按时 2/3` …
    pub notes: Vec<String>,
    /// Invalid rule inputs: the computed score is 0 until an evaluator decides.
    pub errors: Vec<RowError>,
    /// Problems that do not touch the score (an unreadable 自评得分).
    pub warnings: Vec<RowError>,
    /// A veto rule answered 是.
    pub veto: bool,
    /// The office's text (自评说明, 佐证材料).
    pub note: String,
    pub evidence: String,
}

impl IndicatorScore {
    /// The score that counts: the decision where there is one, else the computed score.
    pub fn used(&self) -> Decimal {
        self.decided.unwrap_or(self.computed)
    }

    /// The claim differs from the score used (自评偏差).
    pub fn claim_differs(&self) -> bool {
        self.claimed.is_some_and(|c| c != self.used())
    }
}

/// Scores every indicator of a return; `None` for an indicator whose row is missing is
/// handled as 未填报.
pub fn score_return(set: &IndicatorSet, cal: &Calendar, ret: &OfficeReturn) -> Vec<IndicatorScore> {
    set.indicators
        .iter()
        .map(|ind| {
            let rows = ret.rows.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
            let items = ret.items.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
            score_indicator(set, cal, ind, rows, items)
        })
        .collect()
}

/// Scores one indicator from its rows (normally one) and, for timeliness, its items.
pub fn score_indicator(
    set: &IndicatorSet,
    cal: &Calendar,
    ind: &Indicator,
    rows: &[IndicatorInput],
    items: &[Item],
) -> IndicatorScore {
    score_indicator_failing(set, cal, ind, rows, items, &[])
}

/// Scores one indicator as [`score_indicator`] does, with the items at the indexes given in
/// `failed` counted as not on time whatever their dates say, each noted as given (a spot
/// check found them 不属实 or 无佐证: `抽查不属实：事项名`).
pub fn score_indicator_failing(
    set: &IndicatorSet,
    cal: &Calendar,
    ind: &Indicator,
    rows: &[IndicatorInput],
    items: &[Item],
    failed: &[(usize, String)],
) -> IndicatorScore {
    let mut s = IndicatorScore {
        id: ind.id.clone(),
        computed: Decimal::ZERO,
        claimed: None,
        decided: None,
        findings: Vec::new(),
        notes: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        veto: false,
        note: String::new(),
        evidence: String::new(),
    };
    let Some(row) = rows.first() else {
        s.notes.push(NOT_FILLED.into());
        return s;
    };
    s.note = row.note.clone();
    s.evidence = row.evidence.clone();
    match &row.claimed.value {
        Field::Value(c) if c.abs() <= Decimal::from(MAX_CLAIM) => s.claimed = Some(*c),
        Field::Value(c) => s.warnings.push(RowError {
            at: row.claimed.at.as_ref().map(ToString::to_string),
            message: format!("自评得分 {c} 超出合理范围，未计入自评分"),
        }),
        Field::Invalid(raw) => s.warnings.push(RowError {
            at: row.claimed.at.as_ref().map(ToString::to_string),
            message: format!("自评得分“{raw}”不是数字"),
        }),
        Field::NoResult(f) => s.warnings.push(RowError {
            at: row.claimed.at.as_ref().map(ToString::to_string),
            message: no_result("自评得分", f),
        }),
        Field::Blank => {}
    }
    if rows.len() > 1 {
        let places: Vec<&str> = rows.iter().filter_map(|r| r.row.as_deref()).collect();
        s.errors.push(RowError {
            at: row.row.clone(),
            message: format!(
                "编号 {} 重复出现（{}），请保留一行",
                ind.id,
                places.join("、")
            ),
        });
        return s;
    }
    if matches!(ind.rule, Rule::Timeliness { .. }) && !items.is_empty() {
        if let Some(at) = declaring_cell(row) {
            s.warnings.push(RowError {
                at,
                message: format!(
                    "已声明无此项业务，但时效明细列有 {} 项事项，按所列事项计分",
                    items.len()
                ),
            });
        }
    }
    let outcome = apply_rule(set, cal, ind, row, items, failed);
    match outcome {
        Ok((score, notes, veto)) => {
            s.computed = score;
            s.notes.extend(notes);
            s.veto = veto;
        }
        Err(errs) => s.errors.extend(errs),
    }
    s
}

type Outcome = Result<(Decimal, Vec<String>, bool), Vec<RowError>>;

/// The result of a checked step on points, or a row error at `cell` when it has none (an
/// overflow, which the bounds on counts and on the indicator set rule out: checked all the
/// same, so that no input can crash the program).
fn checked<T>(value: Option<Decimal>, cell: &Cell<T>) -> Result<Decimal, Vec<RowError>> {
    value.ok_or_else(|| invalid(cell, "数值过大，无法计算".into()))
}

fn invalid<T>(cell: &Cell<T>, message: String) -> Vec<RowError> {
    vec![RowError {
        at: cell.at.as_ref().map(ToString::to_string),
        message,
    }]
}

/// A count: a whole number from 0 to [`MAX_COUNT`], blank as `None`. Anything else (a
/// negative number, a fraction, 5E+28) is a row error for the indicator, with its cell.
fn count(cell: &Cell<Decimal>, label: &str) -> Result<Option<Decimal>, Vec<RowError>> {
    match &cell.value {
        Field::Blank => Ok(None),
        Field::Invalid(raw) => Err(invalid(cell, format!("{label}“{raw}”不是数字"))),
        Field::NoResult(f) => Err(invalid(cell, no_result(label, f))),
        Field::Value(v) if *v < Decimal::ZERO => {
            Err(invalid(cell, format!("{label} {v} 不能为负数")))
        }
        Field::Value(v) if !v.fract().is_zero() => {
            Err(invalid(cell, format!("{label} {v} 应为整数")))
        }
        Field::Value(v) if *v > Decimal::from(MAX_COUNT) => Err(invalid(
            cell,
            format!("{label} {v} 超出合理范围：应为 0 到 {MAX_COUNT} 之间的整数"),
        )),
        Field::Value(v) => Ok(Some(v.trunc())),
    }
}

fn apply_rule(
    set: &IndicatorSet,
    cal: &Calendar,
    ind: &Indicator,
    row: &IndicatorInput,
    items: &[Item],
    failed: &[(usize, String)],
) -> Outcome {
    let pts = ind.points;
    match &ind.rule {
        Rule::Level => match &row.status.value {
            Field::Blank => Ok((Decimal::ZERO, vec![NOT_FILLED.into()], false)),
            Field::Value(w) => match set.level_factor(w) {
                Some(f) => Ok((
                    checked(checked_mul_ratio(pts, f, Decimal::ONE), &row.status)?,
                    vec![],
                    false,
                )),
                None => Err(invalid(&row.status, bad_status(set, w))),
            },
            Field::Invalid(raw) => Err(invalid(&row.status, bad_status(set, raw))),
            Field::NoResult(f) => Err(invalid(&row.status, no_result("完成情况", f))),
        },
        Rule::Veto => match &row.status.value {
            Field::Blank => Ok((Decimal::ZERO, vec![], false)),
            Field::Value(w) if w == "是" => {
                Ok((Decimal::ZERO, vec![set.veto_label.clone()], true))
            }
            Field::Value(w) if w == "否" => Ok((Decimal::ZERO, vec![], false)),
            Field::NoResult(f) => Err(invalid(&row.status, no_result("完成情况", f))),
            Field::Value(w) | Field::Invalid(w) => {
                Err(invalid(&row.status, format!("完成情况“{w}”应为“是”或“否”")))
            }
        },
        Rule::Ratio { .. } => {
            if row.count.is_blank() && row.total.is_blank() {
                return Ok((Decimal::ZERO, vec![NOT_FILLED.into()], false));
            }
            let a = count(&row.count, "数量");
            let b = count(&row.total, "总数");
            let (a, b) = match (a, b) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    let mut e = a.err().unwrap_or_default();
                    e.extend(b.err().unwrap_or_default());
                    return Err(e);
                }
            };
            let (Some(a), Some(b)) = (a, b) else {
                let missing = if a.is_none() { &row.count } else { &row.total };
                let label = if a.is_none() { "数量" } else { "总数" };
                return Err(invalid(missing, format!("{label}未填写")));
            };
            if a > b {
                return Err(invalid(&row.count, format!("数量 {a} 大于总数 {b}")));
            }
            if b.is_zero() {
                return Ok((pts, vec![NO_BUSINESS.into()], false));
            }
            Ok((
                checked(checked_mul_ratio(pts, a, b), &row.count)?,
                vec![format!("{a}/{b}")],
                false,
            ))
        }
        Rule::Deduction { per } => {
            let n = count(&row.count, "数量")?.unwrap_or_default();
            let lost = checked(n.checked_mul(*per), &row.count)?;
            let score = checked(pts.checked_sub(lost), &row.count)?.max(Decimal::ZERO);
            let notes = if n.is_zero() {
                vec![]
            } else {
                vec![format!("{n}起")]
            };
            Ok((score, notes, false))
        }
        Rule::Bonus { per } => {
            let n = count(&row.count, "数量")?.unwrap_or_default();
            let score = checked(n.checked_mul(*per), &row.count)?.min(pts);
            let notes = if n.is_zero() {
                vec![]
            } else {
                vec![format!("{n}次")]
            };
            Ok((score, notes, false))
        }
        Rule::Deadline { deadline } => match &row.date.value {
            Field::Blank => Ok((Decimal::ZERO, vec!["未完成".into()], false)),
            Field::Invalid(raw) => Err(invalid(&row.date, format!("完成时间“{raw}”不是日期"))),
            Field::NoResult(f) => Err(invalid(&row.date, no_result("完成时间", f))),
            Field::Value(d) if d <= deadline => Ok((pts, vec![], false)),
            Field::Value(d) => Ok((
                checked(
                    checked_mul_ratio(pts, set.deadline_late_factor, Decimal::ONE),
                    &row.date,
                )?,
                vec![format!("逾期完成（{d}）")],
                false,
            )),
        },
        Rule::Timeliness { days } => timeliness(cal, ind, *days, row, items, failed),
    }
}

fn bad_status(set: &IndicatorSet, w: &str) -> String {
    let words: Vec<&str> = set.levels.iter().map(|(w, _)| w.as_str()).collect();
    format!("完成情况“{w}”应为{}之一", words.join("、"))
}

/// The working days an item's 延期 adds to the limit, or its row error.
fn extension(ind: &Indicator, it: &Item) -> Result<u32, Vec<RowError>> {
    let cell = &it.extension;
    let not_allowed = || {
        invalid(
            cell,
            format!("指标 {} 不允许延期，延期栏应为空或“否”", ind.id),
        )
    };
    match &cell.value {
        Field::Blank => Ok(0),
        Field::Value(Extension::Full) => ind.extension_days.ok_or_else(not_allowed),
        Field::Value(Extension::Days(n)) => {
            let max = ind.extension_days.unwrap_or(0);
            if *n < Decimal::ZERO || !n.fract().is_zero() {
                return Err(invalid(
                    cell,
                    format!("延期 {n} 应为“是”或 0 到 {max} 之间的整数个工作日"),
                ));
            }
            if n.is_zero() {
                return Ok(0);
            }
            let Some(max) = ind.extension_days else {
                return Err(not_allowed());
            };
            if *n > Decimal::from(max) {
                return Err(invalid(
                    cell,
                    format!("延期 {n} 个工作日超过最长延期期限 {max} 个工作日"),
                ));
            }
            // A whole number from 1 to `max`: fits.
            Ok(u32::try_from(*n).unwrap_or(max))
        }
        Field::Invalid(raw) => Err(invalid(
            cell,
            format!("延期“{raw}”应为“是”“否”或延长的工作日数"),
        )),
        Field::NoResult(f) => Err(invalid(cell, no_result("延期", f))),
    }
}

fn timeliness(
    cal: &Calendar,
    ind: &Indicator,
    days: u32,
    row: &IndicatorInput,
    items: &[Item],
    failed: &[(usize, String)],
) -> Outcome {
    let pts = ind.points;
    if items.is_empty() {
        // 无此项业务 only when declared; silence is 未填报 (omitting evidence never scores
        // better than giving it).
        return Ok(if declares_no_business(row) {
            (pts, vec![NO_BUSINESS.into()], false)
        } else {
            (Decimal::ZERO, vec![NOT_FILLED.into()], false)
        });
    }
    let mut errors = Vec::new();
    let mut on_time = 0usize;
    let mut late = Vec::new();
    let mut checked_out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        // Found 不属实 or 无佐证 by a spot check: not on time, whatever its dates say.
        if let Some((_, note)) = failed.iter().find(|(f, _)| *f == i) {
            checked_out.push(note.clone());
            continue;
        }
        let extra = match extension(ind, it) {
            Ok(e) => e,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        // Both at most MAX_DAYS: no overflow.
        let limit = days.saturating_add(extra);
        let start = match &it.start.value {
            Field::Value(d) => *d,
            Field::Blank => {
                errors.extend(invalid(&it.start, "起算日期未填写".into()));
                continue;
            }
            Field::Invalid(raw) => {
                errors.extend(invalid(&it.start, format!("起算日期“{raw}”不是日期")));
                continue;
            }
            Field::NoResult(f) => {
                errors.extend(invalid(&it.start, no_result("起算日期", f)));
                continue;
            }
        };
        let publish = match &it.publish.value {
            Field::Value(d) => *d,
            Field::Blank => {
                late.push(format!("{}未公开", it.name));
                continue;
            }
            Field::Invalid(raw) => {
                errors.extend(invalid(&it.publish, format!("公开日期“{raw}”不是日期")));
                continue;
            }
            Field::NoResult(f) => {
                errors.extend(invalid(&it.publish, no_result("公开日期", f)));
                continue;
            }
        };
        if publish < start {
            errors.extend(invalid(
                &it.publish,
                format!("公开日期 {publish} 早于起算日期 {start}"),
            ));
            continue;
        }
        match cal.working_days_between(start, publish) {
            Ok(n) if n <= limit => on_time += 1,
            Ok(n) if extra > 0 => late.push(format!(
                "{}用时{n}个工作日（延期后限{limit}个工作日）",
                it.name
            )),
            Ok(n) => late.push(format!("{}用时{n}个工作日", it.name)),
            Err(OutsideCalendar(d)) => {
                let at = if d == start { &it.start } else { &it.publish };
                errors.extend(invalid(at, format!("日期 {d} 不在工作日历覆盖的年份内")));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let n = items.len();
    let mut notes = vec![format!("按时 {on_time}/{n}")];
    notes.extend(late.into_iter().map(|l| format!("超时：{l}")));
    notes.extend(checked_out);
    let score = checked_mul_ratio(pts, on_time.into(), n.into()).ok_or_else(|| {
        vec![RowError {
            at: None,
            message: "数值过大，无法计算".into(),
        }]
    })?;
    Ok((score, notes, false))
}
