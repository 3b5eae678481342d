//! Applying a findings workbook: every row is validated first (every problem named with its
//! cell), then the file is compared with the store, and the differences are written in one
//! transaction: all or nothing, and the same file applied twice changes nothing.

mod checklist;
mod plan;

pub use plan::plan;

use super::read::{label, tables, Col, Form, Table, Value};
use crate::data::DataSet;
use crate::domain::checks::{item_shown, CheckResult};
use crate::domain::decision::{
    is_veto, source_of, validate_count, validate_decided_score, validate_reason, validate_veto,
    Decided,
};
use crate::domain::registry::Match;
use crate::import::{sha256_hex, workbook, Problem, Severity};
use crate::report::Report;
use crate::text::sanitize;
use std::collections::HashMap;
use std::path::Path;

/// What one validated row asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// A decision: a score, 是 / 否, or a count (核查数量).
    Decide(Decided),
    /// A spot check's result.
    Check(CheckResult),
}

/// One thing a findings file sets: on an office's indicator (`item` empty) or on one of its
/// 时效明细 items (a check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Registry index.
    pub office: usize,
    pub indicator: String,
    pub item: String,
    pub wanted: Wanted,
    /// `理由（依据）`, checked.
    pub reason: String,
    /// Where the row is (its 指标 cell), for messages.
    pub at: String,
}

/// A findings file read and validated.
#[derive(Debug, Clone)]
pub struct Findings {
    /// The file's name (its last component, made printable), which the source names.
    pub file_name: String,
    /// `核查记录.xlsx（SHA-256 …）`.
    pub source: String,
    pub entries: Vec<Entry>,
    /// Checklist rows not checked yet (核查结果 and 核定分 blank).
    pub not_checked: usize,
}

/// What applying a findings file did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// One line per change: `广州海关 A9: 测算分 → 核查数量 2（…）`.
    pub lines: Vec<String>,
    pub set: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub cleared: usize,
    pub not_checked: usize,
}

impl Applied {
    /// The summary line, in Chinese.
    pub fn summary(&self, file_name: &str, dry_run: bool) -> String {
        let verb = if dry_run { "将" } else { "已" };
        let mut s = format!(
            "{}：{verb}新设 {} 项，{verb}变更 {} 项，未变 {} 项，{verb}清除 {} 项；尚未核查 {} 项",
            sanitize(file_name),
            self.set,
            self.changed,
            self.unchanged,
            self.cleared,
            self.not_checked
        );
        if dry_run {
            s.push_str("（试运行，未写入）");
        }
        s
    }
}

/// What the file says when it cannot be read at all.
const BROKEN: &str = "文件已损坏，读取时出错；请用 Excel 或 WPS 打开，另存为 .xlsx 后重试";

/// Reads and validates a findings workbook (核查记录) or a filled checklist (抽查清单): an
/// `.xls` or `.xlsx`, read under the importer's per-file budget. `report` is the folder's
/// (the items of 时效明细 a check names must be in the office's scored return). Every
/// problem, with its cell, when any row is wrong.
pub fn read(data: &DataSet, report: &Report, path: &Path) -> Result<Findings, Vec<Problem>> {
    let shown = path.display().to_string();
    let problem = |at: Option<String>, message: String| Problem {
        severity: Severity::Error,
        file: shown.clone(),
        at,
        message,
    };
    let bytes = workbook::read(path).map_err(|r| vec![problem(r.at, r.message)])?;
    let sha = sha256_hex(&bytes);
    let wb = match crate::import::quiet::catch(|| workbook::open_form(&bytes)) {
        Some(Ok(wb)) => wb,
        Some(Err(r)) => return Err(vec![problem(r.at, r.message)]),
        None => return Err(vec![problem(None, BROKEN.into())]),
    };
    drop(bytes);
    let (tables, header_problems) = tables(&wb);
    let mut problems: Vec<Problem> = header_problems
        .into_iter()
        .map(|(at, m)| problem(Some(at), m))
        .collect();
    if tables.is_empty() && problems.is_empty() {
        problems.push(problem(
            None,
            "未找到核查记录表头（单位、指标、核查数量、核定分、一票否决、理由、依据）或抽查清单表头（单位、指标、事项、起算日期、核查结果、核定分、理由）".into(),
        ));
    }
    let mut v = Validator {
        data,
        report,
        entries: Vec::new(),
        problems: Vec::new(),
        not_checked: 0,
    };
    for t in &tables {
        for row in t.rows() {
            match t.form {
                Form::Findings => v.findings_row(t, row),
                Form::Checklist => v.checklist_row(t, row),
            }
        }
    }
    v.duplicates();
    problems.extend(v.problems.into_iter().map(|(at, m)| problem(Some(at), m)));
    if !problems.is_empty() {
        return Err(problems);
    }
    let file_name = path
        .file_name()
        .map(|n| sanitize(&n.to_string_lossy()))
        .unwrap_or_else(|| sanitize(&shown));
    Ok(Findings {
        source: source_of(&file_name, &sha),
        file_name,
        entries: v.entries,
        not_checked: v.not_checked,
    })
}

struct Validator<'a> {
    data: &'a DataSet,
    report: &'a Report,
    entries: Vec<Entry>,
    /// (cell, message).
    problems: Vec<(String, String)>,
    not_checked: usize,
}

/// What a validator gives back for one cell: the value, or nothing (its problem noted).
type Got<T> = Option<T>;

impl Validator<'_> {
    fn bad(&mut self, at: String, message: impl Into<String>) {
        self.problems.push((at, message.into()));
    }

    /// The office a row names (required).
    fn office(&mut self, t: &Table, row: u32) -> Got<usize> {
        let at = t.at(row, Col::Office);
        let text = match t.text(row, Col::Office) {
            Value::Blank => {
                self.bad(at, "未填写单位");
                return None;
            }
            Value::Bad(m) => {
                self.bad(at, m);
                return None;
            }
            Value::Value(s) => s,
        };
        let reg = &self.data.registry;
        match reg.identify(&text) {
            Match::Office(i) => Some(i),
            Match::Branch(b) => {
                let br = &reg.branches[b];
                let kind = if br.kind.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", br.kind)
                };
                self.bad(
                    at,
                    format!(
                        "“{text}”是{}{kind}，不是{}，不参加考核评估",
                        br.name, reg.unit
                    ),
                );
                None
            }
            Match::None => {
                self.bad(at, format!("“{text}”不是名单中的单位"));
                None
            }
            Match::Ambiguous(v) => {
                let names: Vec<&str> = v.iter().map(|&i| reg.offices[i].name.as_str()).collect();
                self.bad(
                    at,
                    format!("“{text}”同时指向{}，请填写单位全称", names.join("、")),
                );
                None
            }
        }
    }

    /// The indicator a row names (required), as the set spells it.
    fn indicator(&mut self, t: &Table, row: u32) -> Got<String> {
        let at = t.at(row, Col::Indicator);
        match t.text(row, Col::Indicator) {
            Value::Blank => {
                self.bad(at, "未填写指标");
                None
            }
            Value::Bad(m) => {
                self.bad(at, m);
                None
            }
            Value::Value(s) => match crate::import::match_id(&self.data.set, &s) {
                Some(id) => Some(id.to_string()),
                None => {
                    let ids: Vec<&str> = self
                        .data
                        .set
                        .indicators
                        .iter()
                        .map(|i| i.id.as_str())
                        .collect();
                    self.bad(at, format!("没有指标“{s}”（可用：{}）", ids.join(" ")));
                    None
                }
            },
        }
    }

    /// `理由（依据）`, or `default` (with its 依据) when 理由 is blank and a default is
    /// allowed; a missing required reason is a problem at the 理由 cell.
    fn reason(&mut self, t: &Table, row: u32, default: Option<&str>) -> Got<String> {
        let at = t.at(row, Col::Reason);
        let reason = match t.text(row, Col::Reason) {
            Value::Value(s) => s,
            Value::Blank => match default {
                Some(d) => d.to_string(),
                None => {
                    self.bad(at, "必须填写理由");
                    return None;
                }
            },
            Value::Bad(m) => {
                self.bad(at, m);
                return None;
            }
        };
        let basis = match t.text(row, Col::Basis) {
            Value::Value(s) => Some(s),
            Value::Blank => None,
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Basis), m);
                return None;
            }
        };
        let full = match basis {
            Some(b) => format!("{reason}（{b}）"),
            None => reason,
        };
        match validate_reason(&full) {
            Ok(r) => Some(r),
            Err(m) => {
                let m = if t.col(Col::Basis).is_some() {
                    format!("{m}（理由与依据合计）")
                } else {
                    m
                };
                self.bad(at, m);
                None
            }
        }
    }

    /// A 核定分 of `ind`: a number with at most two decimals, 0 to its points, not on a
    /// veto indicator.
    fn score(&mut self, t: &Table, row: u32, ind: &str) -> Got<Decided> {
        let at = t.at(row, Col::Score);
        match t.number(row, Col::Score) {
            Value::Blank => None,
            Value::Bad(m) => {
                self.bad(at, m);
                None
            }
            Value::Value(_) if is_veto(&self.data.set, ind) => {
                self.bad(
                    at,
                    format!("{ind} 是一票否决指标，不计分：应在“一票否决”栏填写“是”或“否”"),
                );
                None
            }
            Value::Value(d) => match validate_decided_score(&self.data.set, ind, d) {
                Ok(s) => Some(Decided::Score(s)),
                Err(m) => {
                    self.bad(at, format!("核定{m}"));
                    None
                }
            },
        }
    }

    fn findings_row(&mut self, t: &Table, row: u32) {
        let all = [
            Col::Office,
            Col::Indicator,
            Col::Count,
            Col::Score,
            Col::Veto,
            Col::Reason,
            Col::Basis,
        ];
        if t.blank(row, &all) {
            return;
        }
        let office = self.office(t, row);
        let ind = self.indicator(t, row);
        let reason = self.reason(t, row, None);
        let filled: Vec<Col> = [Col::Count, Col::Score, Col::Veto]
            .into_iter()
            .filter(|&c| !t.blank(row, &[c]))
            .collect();
        let value = match filled.as_slice() {
            [] => {
                let first = [Col::Count, Col::Score, Col::Veto]
                    .into_iter()
                    .find(|&c| t.col(c).is_some())
                    .unwrap_or(Col::Count);
                self.bad(t.at(row, first), "应填写核查数量、核定分、一票否决中的一项");
                None
            }
            [one] => match ind.as_deref() {
                Some(ind) => self.findings_value(t, row, *one, ind),
                None => None,
            },
            [_, rest @ ..] => {
                for c in rest {
                    self.bad(
                        t.at(row, *c),
                        format!(
                            "每行只填核查数量、核定分、一票否决中的一项（本行已填{}）",
                            filled
                                .iter()
                                .map(|c| label(*c))
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    );
                }
                None
            }
        };
        if let (Some(office), Some(indicator), Some(reason), Some(value)) =
            (office, ind, reason, value)
        {
            self.entries.push(Entry {
                office,
                indicator,
                item: String::new(),
                wanted: Wanted::Decide(value),
                reason,
                at: t.at(row, Col::Indicator),
            });
        }
    }

    fn findings_value(&mut self, t: &Table, row: u32, c: Col, ind: &str) -> Got<Decided> {
        let at = t.at(row, c);
        match c {
            Col::Count => match t.number(row, Col::Count) {
                Value::Value(n) => match validate_count(&self.data.set, ind, n) {
                    Ok(n) => Some(Decided::Count(n)),
                    Err(m) => {
                        self.bad(at, m);
                        None
                    }
                },
                Value::Bad(m) => {
                    self.bad(at, m);
                    None
                }
                Value::Blank => None,
            },
            Col::Score => self.score(t, row, ind),
            _ => {
                match t.text(row, Col::Veto) {
                    Value::Value(s) => match validate_veto(&self.data.set, ind, &s) {
                        Ok(v) => Some(Decided::Veto(v)),
                        Err(m) => {
                            let m = if is_veto(&self.data.set, ind) {
                                m
                            } else {
                                format!("{ind} 不是一票否决指标，不能填写一票否决：应填写核查数量或核定分")
                            };
                            self.bad(at, m);
                            None
                        }
                    },
                    Value::Bad(m) => {
                        self.bad(at, m);
                        None
                    }
                    Value::Blank => None,
                }
            }
        }
    }

    /// Two rows for one cell (an office's indicator, or one item's check): every one named.
    fn duplicates(&mut self) {
        let mut by_key: HashMap<(usize, &str, &str, bool), Vec<&str>> = HashMap::new();
        for e in &self.entries {
            let check = matches!(e.wanted, Wanted::Check(_));
            by_key
                .entry((e.office, &e.indicator, &e.item, check))
                .or_default()
                .push(&e.at);
        }
        let mut found: Vec<(String, String)> = Vec::new();
        for ((office, ind, item, check), places) in &by_key {
            if places.len() < 2 {
                continue;
            }
            let name = &self.data.registry.offices[*office].name;
            let what = match (*check, item.is_empty()) {
                (false, _) => format!("{name} {ind} "),
                (true, true) => format!("{name} {ind} 的抽查"),
                (true, false) => format!("{name} {ind} 事项“{}”的抽查", item_shown(item)),
            };
            for p in places {
                let others: Vec<&str> = places.iter().filter(|q| *q != p).copied().collect();
                found.push((
                    p.to_string(),
                    format!("与 {} 重复：{what}只能有一行", others.join("、")),
                ));
            }
        }
        found.sort();
        self.problems.extend(found);
    }
}
