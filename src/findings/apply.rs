//! Applying a findings workbook: every row is validated first (every problem named with its
//! cell), then the file is compared with the store, and the differences are written in one
//! transaction: all or nothing, and the same file applied twice changes nothing.

use super::read::{label, tables, Col, Form, Table, Value};
use crate::data::DataSet;
use crate::domain::checks::{item_key, item_shown, Check, CheckResult, DEFAULT_TRUE_REASON};
use crate::domain::decision::{
    is_veto, source_file, source_of, validate_count, validate_decided_score, validate_reason,
    validate_veto, Decided, Decision, COMPUTED, NOT_CHECKED, REPORTED_VETO,
};
use crate::domain::indicators::Rule;
use crate::domain::registry::Match;
use crate::import::{sha256_hex, workbook, Problem, Severity};
use crate::report::Report;
use crate::store::{FindingWrite, StoredRow};
use crate::text::{fold, sanitize};
use std::collections::{HashMap, HashSet};
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

    fn checklist_row(&mut self, t: &Table, row: u32) {
        let all = [
            Col::Office,
            Col::Indicator,
            Col::Item,
            Col::Result,
            Col::Score,
            Col::Reason,
        ];
        if t.blank(row, &all) {
            return;
        }
        if t.blank(row, &[Col::Result, Col::Score]) {
            if !t.blank(row, &[Col::Reason]) {
                self.bad(
                    t.at(row, Col::Result),
                    "已填写理由，但未填写核查结果（属实、不属实或无佐证）",
                );
            } else {
                self.not_checked += 1;
            }
            return;
        }
        let office = self.office(t, row);
        let ind = self.indicator(t, row);
        let result = match t.text(row, Col::Result) {
            Value::Blank => None,
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Result), m);
                return;
            }
            Value::Value(s) => match CheckResult::parse(&fold(&s)) {
                Some(r) => Some(r),
                None => {
                    self.bad(
                        t.at(row, Col::Result),
                        format!("核查结果“{s}”应为属实、不属实或无佐证"),
                    );
                    return;
                }
            },
        };
        let (Some(office), Some(ind)) = (office, ind) else {
            return;
        };
        let item = match t.text(row, Col::Item) {
            Value::Blank => None,
            Value::Value(s) => Some(s),
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Item), m);
                return;
            }
        };
        let at = t.at(row, Col::Indicator);
        match item {
            None => self.claim_row(t, row, office, ind, result, at),
            Some(name) => self.item_row(t, row, office, ind, result, &name, at),
        }
    }

    /// A checklist row on an indicator (a claimed full mark): 属实 is recorded; 不属实 or
    /// 无佐证 needs a 核定分, which is decided.
    fn claim_row(
        &mut self,
        t: &Table,
        row: u32,
        office: usize,
        ind: String,
        result: Option<CheckResult>,
        at: String,
    ) {
        let score = self.score(t, row, &ind);
        let score_bad = !t.blank(row, &[Col::Score]) && score.is_none();
        if let Some(r) = result.filter(|r| !r.holds()) {
            if t.blank(row, &[Col::Score]) {
                self.bad(
                    t.at(row, Col::Score),
                    format!("核查结果为{}的指标行须填写核定分", r.word()),
                );
                return;
            }
        }
        let default =
            (result == Some(CheckResult::True) && score.is_none()).then_some(DEFAULT_TRUE_REASON);
        let Some(reason) = self.reason(t, row, default) else {
            return;
        };
        if score_bad {
            return;
        }
        if let Some(r) = result {
            self.entries.push(Entry {
                office,
                indicator: ind.clone(),
                item: String::new(),
                wanted: Wanted::Check(r),
                reason: reason.clone(),
                at: at.clone(),
            });
        }
        if let Some(s) = score {
            self.entries.push(Entry {
                office,
                indicator: ind,
                item: String::new(),
                wanted: Wanted::Decide(s),
                reason,
                at,
            });
        }
    }

    /// A checklist row on a 时效明细 item: the item must be in the office's scored return;
    /// its result is recorded (不属实 or 无佐证 count it as not on time).
    #[allow(clippy::too_many_arguments)]
    fn item_row(
        &mut self,
        t: &Table,
        row: u32,
        office: usize,
        ind: String,
        result: Option<CheckResult>,
        name: &str,
        at: String,
    ) {
        let timeliness = self
            .data
            .set
            .indicator(&ind)
            .is_some_and(|i| matches!(i.rule, Rule::Timeliness { .. }));
        if !timeliness {
            self.bad(
                t.at(row, Col::Item),
                format!("{ind} 不是时效类指标，没有时效明细事项：抽查指标行时事项应为空"),
            );
            return;
        }
        if !t.blank(row, &[Col::Score]) {
            self.bad(
                t.at(row, Col::Score),
                "核定分只能填写在指标行（事项为空的行）；时效明细事项只填核查结果",
            );
            return;
        }
        let Some(result) = result else {
            return;
        };
        let start = match t.date(row, Col::Start) {
            Value::Blank => None,
            Value::Value(d) => Some(d),
            Value::Bad(m) => {
                self.bad(t.at(row, Col::Start), m);
                return;
            }
        };
        // The checklist's 事项编号 names the item exactly (two of one name and date stay
        // apart); without it (a form made by hand), `名称#2` is the second item of that name
        // and date in the return.
        let key = match t.text(row, Col::ItemKey) {
            Value::Value(k) if !k.is_empty() => k,
            _ => {
                let (name, occurrence) = match name.rsplit_once('#') {
                    Some((n, k)) => match k.parse::<usize>() {
                        Ok(k) if k >= 2 => (n.trim(), k),
                        _ => (name, 1),
                    },
                    None => (name, 1),
                };
                item_key(name, start, occurrence)
            }
        };
        if !self
            .report
            .items(office, &ind)
            .iter()
            .any(|(k, _)| *k == key)
        {
            let whose = &self.data.registry.offices[office].name;
            let why = if self.report.result_of(office).is_none() {
                "该单位没有已评分的自评表".to_string()
            } else {
                format!("{whose}自评表的时效明细中没有 {ind} 的这一事项")
            };
            self.bad(
                t.at(row, Col::Item),
                format!("找不到事项“{}”：{why}", item_shown(&key)),
            );
            return;
        }
        let default = result.holds().then_some(DEFAULT_TRUE_REASON);
        let Some(reason) = self.reason(t, row, default) else {
            return;
        };
        self.entries.push(Entry {
            office,
            indicator: ind,
            item: key,
            wanted: Wanted::Check(result),
            reason,
            at,
        });
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

/// A stored row's key: office name, indicator, item, and whether it is a check.
type Key = (String, String, String, bool);

/// Compares what the file says with what the store holds (`rows`, read in the writing
/// transaction) and returns the writes: a row whose value and reason equal the store's
/// writes nothing; a decision or check whose source is a file of the same name and which
/// the file no longer has is cleared.
pub fn plan(
    data: &DataSet,
    report: &Report,
    f: &Findings,
    rows: &[StoredRow],
    evaluator: &str,
    at: &str,
) -> (Vec<FindingWrite>, Applied) {
    let mut out = Applied {
        not_checked: f.not_checked,
        ..Applied::default()
    };
    let mut writes = Vec::new();
    let stored: HashMap<Key, &StoredRow> = rows
        .iter()
        .map(|r| {
            (
                (
                    r.office.clone(),
                    r.indicator.clone(),
                    r.item.clone(),
                    r.is_check(),
                ),
                r,
            )
        })
        .collect();
    let mut wanted_keys: HashSet<Key> = HashSet::new();
    for e in &f.entries {
        let name = data.registry.offices[e.office].name.clone();
        let (check, value) = match e.wanted {
            Wanted::Decide(v) => (false, v),
            Wanted::Check(r) => (true, Decided::Check(r)),
        };
        let key: Key = (name.clone(), e.indicator.clone(), e.item.clone(), check);
        let current = stored.get(&key).copied();
        wanted_keys.insert(key);
        let same = current.is_some_and(|c| {
            c.what == value.what() && c.value == value.plain() && c.reason == e.reason
        });
        if same {
            out.unchanged += 1;
            continue;
        }
        let old = current.and_then(|c| Decided::parse_stored(&c.what, &c.value));
        if current.is_some() {
            out.changed += 1;
        } else {
            out.set += 1;
        }
        out.lines.push(line(
            data,
            &name,
            &e.indicator,
            &e.item,
            old,
            Some(value),
            &e.reason,
        ));
        writes.push(match e.wanted {
            Wanted::Decide(v) => FindingWrite::Decide(Decision {
                office: name,
                indicator: e.indicator.clone(),
                value: v,
                reason: e.reason.clone(),
                evaluator: evaluator.to_string(),
                at: at.to_string(),
                file_sha256: report.file_of(e.office).map(|f| f.sha256.clone()),
                source: Some(f.source.clone()),
            }),
            Wanted::Check(r) => FindingWrite::Check(Check {
                office: name,
                indicator: e.indicator.clone(),
                item: e.item.clone(),
                result: r,
                reason: e.reason.clone(),
                evaluator: evaluator.to_string(),
                at: at.to_string(),
                source: Some(f.source.clone()),
            }),
        });
    }
    // The file is the year's record: what an earlier version of it set and it no longer
    // has is cleared.
    let mut gone: Vec<&StoredRow> = rows
        .iter()
        .filter(|r| {
            r.source.as_deref().and_then(source_file) == Some(f.file_name.as_str())
                && !wanted_keys.contains(&(
                    r.office.clone(),
                    r.indicator.clone(),
                    r.item.clone(),
                    r.is_check(),
                ))
        })
        .collect();
    gone.sort_by(|a, b| {
        (&a.office, &a.indicator, &a.item, a.is_check()).cmp(&(
            &b.office,
            &b.indicator,
            &b.item,
            b.is_check(),
        ))
    });
    let reason = format!("{}中已无此项", f.file_name);
    for r in gone {
        out.cleared += 1;
        let old = Decided::parse_stored(&r.what, &r.value);
        out.lines.push(line(
            data,
            &r.office,
            &r.indicator,
            &r.item,
            old,
            None,
            &reason,
        ));
        writes.push(FindingWrite::Clear {
            office: r.office.clone(),
            indicator: r.indicator.clone(),
            item: r.item.clone(),
            check: r.is_check(),
            reason: reason.clone(),
            evaluator: evaluator.to_string(),
            at: at.to_string(),
            source: Some(f.source.clone()),
        });
    }
    (writes, out)
}

/// One change as printed: `广州海关 A9: 测算分 → 核查数量 2（理由）`, an item's check
/// `广州海关 D1 申请1（2018-03-05）: 未核查 → 不属实（理由）`.
fn line(
    data: &DataSet,
    office: &str,
    indicator: &str,
    item: &str,
    old: Option<Decided>,
    new: Option<Decided>,
    reason: &str,
) -> String {
    let check = matches!(old.or(new), Some(Decided::Check(_)));
    let none = if check {
        NOT_CHECKED
    } else if is_veto(&data.set, indicator) {
        REPORTED_VETO
    } else {
        COMPUTED
    };
    let shown = |v: Option<Decided>| v.map(Decided::shown).unwrap_or_else(|| none.into());
    let what = if item.is_empty() {
        if check {
            format!("{indicator} 抽查")
        } else {
            indicator.to_string()
        }
    } else {
        format!("{indicator} {}", item_shown(item))
    };
    sanitize(&format!(
        "{office} {what}: {} → {}（{reason}）",
        shown(old),
        shown(new)
    ))
}
