//! The changes from a previous result to this year's: per office its previous rank, total
//! and 等次 and the change of its rank; per matched indicator, plan task and category the
//! change of the mean rate (得分率); and what could not be compared, with why.
//!
//! Indicators are matched by id, title (考核内容) and points together. A category or a task
//! is compared only when it holds the same indicators on both sides, all of them matched.
//! Totals, 等次 and ranks are always compared. Rates are exact decimals: a mean rate is the
//! sum of the scores of every ranked office over (offices × points), in percent, rounded
//! once to two decimals half away from zero.

use super::{PrevOffice, Previous};
use crate::data::DataSet;
use crate::domain::indicators::CategoryKind;
use crate::domain::points::{checked_sum, fmt2, mul_ratio, Decimal};
use crate::domain::registry::Match;
use crate::report::Report;
use std::collections::HashMap;

/// How an office's rank changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankChange {
    /// Up by so many places.
    Up(u32),
    /// Down by so many places.
    Down(u32),
    Same,
    /// Ranked now, not ranked (or not there) in the previous result (新参评).
    New,
    /// Not ranked now: nothing to compare.
    Unranked,
}

/// The mark of a newly ranked office.
pub const NEW_ENTRANT: &str = "新参评";

impl RankChange {
    pub fn of(now: Option<u32>, before: Option<u32>) -> RankChange {
        match (now, before) {
            (None, _) => RankChange::Unranked,
            (Some(_), None) => RankChange::New,
            (Some(n), Some(b)) if b > n => RankChange::Up(b - n),
            (Some(n), Some(b)) if n > b => RankChange::Down(n - b),
            _ => RankChange::Same,
        }
    }

    /// As people read it: `↑3`, `↓2`, `—`, `新参评`, and nothing for an office not ranked.
    pub fn shown(self) -> String {
        match self {
            RankChange::Up(k) => format!("↑{k}"),
            RankChange::Down(k) => format!("↓{k}"),
            RankChange::Same => "—".into(),
            RankChange::New => NEW_ENTRANT.into(),
            RankChange::Unranked => String::new(),
        }
    }

    /// As the CSV gives it: `+3` up, `-2` down, `0`, empty for 新参评 or not ranked.
    pub fn signed(self) -> String {
        match self.gained() {
            Some(k) if k > 0 => format!("+{k}"),
            Some(k) => k.to_string(),
            None => String::new(),
        }
    }

    /// Places gained (negative: lost), where both ranks are known.
    pub fn gained(self) -> Option<i64> {
        match self {
            RankChange::Up(k) => Some(k as i64),
            RankChange::Down(k) => Some(-(k as i64)),
            RankChange::Same => Some(0),
            RankChange::New | RankChange::Unranked => None,
        }
    }
}

/// What a unit of the comparison is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Indicator,
    Category,
    Task,
    Office,
    /// The result as a whole (no ranked office to take a rate from).
    Result,
}

impl Unit {
    /// 指标 / 类别 / 任务 / 单位 / 结果.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Indicator => "指标",
            Unit::Category => "类别",
            Unit::Task => "任务",
            Unit::Office => "单位",
            Unit::Result => "结果",
        }
    }

    /// The English word (JSON).
    pub fn word(self) -> &'static str {
        match self {
            Unit::Indicator => "indicator",
            Unit::Category => "category",
            Unit::Task => "task",
            Unit::Office => "office",
            Unit::Result => "result",
        }
    }
}

/// Something that was not compared, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotComparable {
    pub unit: Unit,
    /// The indicator or category id, the task number, the office's name.
    pub key: String,
    pub reason: String,
}

impl NotComparable {
    /// `指标 A3：分值不同（上年 4.00，本年 5.00）`, `任务10：…`, `单位 某海关：…`.
    pub fn shown(&self) -> String {
        match self.unit {
            Unit::Task => format!("任务{}：{}", self.key, self.reason),
            _ if self.key.is_empty() => format!("{}：{}", self.unit.label(), self.reason),
            _ => format!("{} {}：{}", self.unit.label(), self.key, self.reason),
        }
    }
}

/// The change of a mean rate (in percent) of an indicator, a plan task or a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateChange {
    pub unit: Unit,
    /// The indicator or category id, or the task number.
    pub key: String,
    pub title: String,
    /// The mean rate in percent, two decimals (85.23 = 85.23 %).
    pub previous: Decimal,
    pub current: Decimal,
    /// current − previous, in percentage points.
    pub change: Decimal,
}

/// An office's previous values, as the previous result gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub rank: Option<u32>,
    pub total: Option<Decimal>,
    /// The 等次, or the status of an office not ranked then (`未报送`).
    pub grade: String,
    pub grade_shown: String,
    /// The previous score on each matched indicator: (id, score).
    pub scores: Vec<(String, Decimal)>,
}

/// One office of this year's registry, against the previous result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeChange {
    /// Index in the registry.
    pub office: usize,
    pub name: String,
    pub rank: Option<u32>,
    pub total: Option<Decimal>,
    /// `None`: the office is not in the previous result.
    pub previous: Option<Before>,
    pub change: RankChange,
    /// total − previous total, where both are known.
    pub total_change: Option<Decimal>,
}

/// A comparison with a previous result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Where the previous result was read from.
    pub source: String,
    /// The previous result's title.
    pub title: String,
    /// Per office of the registry, in registry order (index = registry index).
    pub offices: Vec<OfficeChange>,
    /// The matched indicators (veto indicators left out: they have no rate), in set order.
    pub indicators: Vec<RateChange>,
    /// The scored categories that could be compared, in set order.
    pub categories: Vec<RateChange>,
    /// The plan tasks that could be compared, in plan order.
    pub tasks: Vec<RateChange>,
    /// What was not compared, and why: indicators, categories, tasks, offices.
    pub not_comparable: Vec<NotComparable>,
}

impl Diff {
    /// The office at registry index `office`.
    pub fn office(&self, office: usize) -> Option<&OfficeChange> {
        self.offices.get(office)
    }

    /// Whether the indicator sets differ in anything (some indicator not matched).
    pub fn sets_differ(&self) -> bool {
        self.not_comparable
            .iter()
            .any(|n| n.unit == Unit::Indicator)
    }
}

/// Compares this year's report with a previous result.
pub fn diff(data: &DataSet, report: &Report, prev: &Previous) -> Diff {
    let now = Previous::of_report(data, report, "");
    compare(data, &now, prev)
}

/// The offices that rose most, by places gained (then by rank now): at most `n`, each
/// with the places it gained (only offices that rose).
pub fn most_improved(diff: &Diff, n: usize) -> Vec<(String, i64)> {
    let mut up: Vec<&OfficeChange> = diff
        .offices
        .iter()
        .filter(|o| matches!(o.change, RankChange::Up(_)))
        .collect();
    up.sort_by_key(|o| {
        (
            std::cmp::Reverse(o.change.gained().unwrap_or(0)),
            o.rank,
            o.office,
        )
    });
    up.into_iter()
        .take(n)
        .map(|o| (o.name.clone(), o.change.gained().unwrap_or(0)))
        .collect()
}

fn note(nc: &mut Vec<NotComparable>, unit: Unit, key: &str, reason: String) {
    nc.push(NotComparable {
        unit,
        key: key.to_string(),
        reason,
    });
}

fn compare(data: &DataSet, now: &Previous, prev: &Previous) -> Diff {
    let mut nc: Vec<NotComparable> = Vec::new();
    let matched = match_indicators(now, prev, &mut nc);
    let offices = match_offices(data, now, prev, &matched, &mut nc);
    let (mut indicators, mut categories, mut tasks) = (Vec::new(), Vec::new(), Vec::new());
    let units = units(now, prev, &matched);
    // Rates: only with ranked offices on both sides.
    let ranked = |r: &Previous| r.offices.iter().any(|o| o.rank.is_some());
    if !ranked(prev) || !ranked(now) {
        for (unit, key, _, members) in &units {
            if let Err(why) = members {
                note(&mut nc, *unit, key, why.clone());
            }
        }
        let whose = if ranked(prev) { "本年" } else { "上年" };
        note(
            &mut nc,
            Unit::Result,
            "",
            format!("{whose}没有有效报送，各指标、任务和类别的平均得分率无从比较"),
        );
    } else {
        for (i, ind) in now.indicators.iter().enumerate() {
            let Some(p) = matched[i].filter(|_| ind.kind != CategoryKind::Veto) else {
                continue;
            };
            match rate_change(
                now,
                prev,
                (Unit::Indicator, &ind.id, &ind.title),
                &[i],
                &[p],
            ) {
                Ok(r) => indicators.push(r),
                Err(why) => note(&mut nc, Unit::Indicator, &ind.id, why),
            }
        }
        for (unit, key, title, members) in &units {
            let r = members
                .as_ref()
                .map_err(String::clone)
                .and_then(|(a, b)| rate_change(now, prev, (*unit, key, title), a, b));
            match (r, unit) {
                (Ok(r), Unit::Category) => categories.push(r),
                (Ok(r), _) => tasks.push(r),
                (Err(why), _) => note(&mut nc, *unit, key, why),
            }
        }
    }
    // Listed by kind: indicators, categories, tasks, offices, the result.
    nc.sort_by_key(|n| n.unit);
    Diff {
        source: prev.source.clone(),
        title: prev.title.clone(),
        offices,
        indicators,
        categories,
        tasks,
        not_comparable: nc,
    }
}

/// Matches this year's indicators with the previous ones by id, title and points; says
/// why each other one is not comparable. `result[i]`: the previous indicator matched with
/// this year's `i`.
fn match_indicators(
    now: &Previous,
    prev: &Previous,
    nc: &mut Vec<NotComparable>,
) -> Vec<Option<usize>> {
    let mut prev_by_id: HashMap<&str, usize> = HashMap::new();
    for (p, i) in prev.indicators.iter().enumerate() {
        prev_by_id.entry(i.id.as_str()).or_insert(p);
    }
    let mut matched: Vec<Option<usize>> = vec![None; now.indicators.len()];
    for (i, ind) in now.indicators.iter().enumerate() {
        let Some(&p) = prev_by_id.get(ind.id.as_str()) else {
            note(nc, Unit::Indicator, &ind.id, "上年无此指标".into());
            continue;
        };
        let before = &prev.indicators[p];
        let mut why = Vec::new();
        if before.title.trim() != ind.title.trim() {
            why.push(format!(
                "考核内容不同（上年“{}”，本年“{}”）",
                before.title.trim(),
                ind.title.trim()
            ));
        }
        if before.points != ind.points {
            why.push(format!(
                "分值不同（上年 {}，本年 {}）",
                fmt2(before.points),
                fmt2(ind.points)
            ));
        }
        if before.kind != ind.kind {
            why.push("计分性质不同（基础分、加分或一票否决）".into());
        }
        if why.is_empty() {
            matched[i] = Some(p);
        } else {
            note(nc, Unit::Indicator, &ind.id, why.join("；"));
        }
    }
    let now_ids: std::collections::HashSet<&str> =
        now.indicators.iter().map(|x| x.id.as_str()).collect();
    for (p, before) in prev.indicators.iter().enumerate() {
        if !now_ids.contains(before.id.as_str()) && prev_by_id.get(before.id.as_str()) == Some(&p) {
            note(nc, Unit::Indicator, &before.id, "本年无此指标".into());
        }
    }
    matched
}

/// Each office of this year's registry with its previous values: found by the registry's
/// name, else as a return's 填报单位 is matched (an alias, the longest name).
fn match_offices(
    data: &DataSet,
    now: &Previous,
    prev: &Previous,
    matched: &[Option<usize>],
    nc: &mut Vec<NotComparable>,
) -> Vec<OfficeChange> {
    let by_name: HashMap<&str, usize> = now
        .offices
        .iter()
        .enumerate()
        .map(|(o, x)| (x.name.as_str(), o))
        .collect();
    let mut prev_of: Vec<Option<usize>> = vec![None; now.offices.len()];
    for (k, po) in prev.offices.iter().enumerate() {
        let o = by_name.get(po.name.as_str()).copied().or_else(|| {
            match data.registry.identify(&po.name) {
                Match::Office(o) if o < now.offices.len() => Some(o),
                _ => None,
            }
        });
        match o {
            Some(o) if prev_of[o].is_none() => prev_of[o] = Some(k),
            Some(o) => note(
                nc,
                Unit::Office,
                &po.name,
                format!("上年结果中已有{}，此行未比较", now.offices[o].name),
            ),
            None => note(nc, Unit::Office, &po.name, "不在本年的单位名单中".into()),
        }
    }
    now.offices
        .iter()
        .enumerate()
        .map(|(o, cur)| {
            let before: Option<&PrevOffice> = prev_of[o].map(|k| &prev.offices[k]);
            OfficeChange {
                office: o,
                name: cur.name.clone(),
                rank: cur.rank,
                total: cur.total,
                change: RankChange::of(cur.rank, before.and_then(|b| b.rank)),
                total_change: match (cur.total, before.and_then(|b| b.total)) {
                    (Some(a), Some(b)) => a.checked_sub(b),
                    _ => None,
                },
                previous: before.map(|b| Before {
                    rank: b.rank,
                    total: b.total,
                    grade: b.grade.clone(),
                    grade_shown: b.grade_shown.clone(),
                    scores: matched
                        .iter()
                        .enumerate()
                        .filter_map(|(i, p)| {
                            let s = b.scores.get((*p)?).copied().flatten()?;
                            Some((now.indicators[i].id.clone(), s))
                        })
                        .collect(),
                }),
            }
        })
        .collect()
}

/// A category or a task: its unit, key and title, and its indicators on both sides (this
/// year's, the previous), or why it is not comparable.
type UnitMembers = (
    Unit,
    String,
    String,
    Result<(Vec<usize>, Vec<usize>), String>,
);

/// This year's scored categories and the plan tasks with base indicators, each with its
/// members on both sides where it holds the same indicators, all matched; and the previous
/// result's categories and tasks that are gone.
fn units(now: &Previous, prev: &Previous, matched: &[Option<usize>]) -> Vec<UnitMembers> {
    let mut out = Vec::new();
    // Whether two lists of members are the same indicators, all matched; else the ids
    // that differ.
    let same = |a: &[usize], b: &[usize]| -> Result<(), String> {
        let mut differ: Vec<String> = Vec::new();
        for &i in a {
            if !matched[i].is_some_and(|p| b.contains(&p)) {
                differ.push(now.indicators[i].id.clone());
            }
        }
        for &p in b {
            if !a.iter().any(|&i| matched[i] == Some(p)) {
                let id = &prev.indicators[p].id;
                if !differ.contains(id) {
                    differ.push(id.clone());
                }
            }
        }
        if differ.is_empty() {
            Ok(())
        } else {
            Err(format!("所含指标不同或不可比（{}）", differ.join("、")))
        }
    };
    for c in now
        .categories
        .iter()
        .filter(|c| c.kind != CategoryKind::Veto)
    {
        let a: Vec<usize> = members(now, |i| i.category == c.id);
        if a.is_empty() {
            continue;
        }
        let members = match prev.categories.iter().find(|p| p.id == c.id) {
            None => Err("上年无此类别".to_string()),
            Some(p) if p.name.trim() != c.name.trim() => {
                Err(format!("名称不同（上年“{}”，本年“{}”）", p.name, c.name))
            }
            Some(p) if p.kind != c.kind => Err("计分性质不同（基础分或加分）".to_string()),
            Some(_) => {
                let b = members(prev, |i| i.category == c.id);
                same(&a, &b).map(|()| (a, b))
            }
        };
        out.push((Unit::Category, c.id.clone(), c.name.clone(), members));
    }
    for p in prev
        .categories
        .iter()
        .filter(|c| c.kind != CategoryKind::Veto)
    {
        if !now.categories.iter().any(|c| c.id == p.id) {
            out.push((
                Unit::Category,
                p.id.clone(),
                p.name.clone(),
                Err("本年无此类别".into()),
            ));
        }
    }
    let base = |i: &super::PrevIndicator, n: u32| i.kind == CategoryKind::Base && i.task == Some(n);
    for (n, title) in &now.tasks {
        let a = members(now, |i| base(i, *n));
        if a.is_empty() {
            continue;
        }
        let members = match prev.tasks.iter().find(|(m, _)| m == n) {
            None => Err("上年无此任务".to_string()),
            Some((_, t)) if t.trim() != title.trim() => Err(format!(
                "任务内容不同（上年“{}”，本年“{}”）",
                t.trim(),
                title.trim()
            )),
            Some(_) => {
                let b = members(prev, |i| base(i, *n));
                same(&a, &b).map(|()| (a, b))
            }
        };
        out.push((Unit::Task, n.to_string(), title.clone(), members));
    }
    out
}

fn members(r: &Previous, pick: impl Fn(&super::PrevIndicator) -> bool) -> Vec<usize> {
    (0..r.indicators.len())
        .filter(|&i| pick(&r.indicators[i]))
        .collect()
}

/// The mean rate of some indicators over the ranked offices, in percent (two decimals):
/// the sum of their scores over (offices × points). `None` when a ranked office has no
/// score on one of them, or there is nothing to divide by.
fn mean_rate(r: &Previous, members: &[usize]) -> Option<Decimal> {
    let max = checked_sum(members.iter().map(|&i| r.indicators[i].points))?;
    let mut sum = Decimal::ZERO;
    let mut n = 0i64;
    for o in r.offices.iter().filter(|o| o.rank.is_some()) {
        for &i in members {
            sum = sum.checked_add(o.scores.get(i).copied().flatten()?)?;
        }
        n += 1;
    }
    let den = max.checked_mul(Decimal::from(n))?;
    if den.is_zero() {
        return None;
    }
    Some(mul_ratio(Decimal::ONE_HUNDRED, sum, den))
}

fn rate_change(
    now: &Previous,
    prev: &Previous,
    (unit, key, title): (Unit, &str, &str),
    members_now: &[usize],
    members_prev: &[usize],
) -> Result<RateChange, String> {
    let previous = mean_rate(prev, members_prev)
        .ok_or_else(|| "上年结果缺少部分单位的得分，无从比较".to_string())?;
    let current =
        mean_rate(now, members_now).ok_or_else(|| "本年没有可计算的得分率".to_string())?;
    Ok(RateChange {
        unit,
        key: key.to_string(),
        title: title.to_string(),
        previous,
        current,
        change: current.saturating_sub(previous),
    })
}
