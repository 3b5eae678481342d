//! What-if weights (模拟): the evaluator gives a category or an indicator other points; every
//! ranked office is scored again **by the rules** with those points and ranked again, beside
//! the official results, which never change.
//!
//! - [`WhatIf`] is what the evaluator changed: points per category and per indicator, and
//!   whether the base keeps its maximum (保持基础分100). [`WhatIf::points`] derives the
//!   points of every indicator from it; a change that would break the indicator file's
//!   checks (points below 0, more than two decimals, above 1000; others left below 0) is
//!   refused, with the reason, and the state stays as it was.
//! - [`Model`] holds, for every ranked office and indicator, how its score follows the
//!   indicator's points ([`Response`]): a level's factor, a ratio's a ÷ b, the items on time
//!   of n, a deduction's points lost, a bonus's points gained. Scored with new points it gives
//!   exactly what `kaoping score --indicators` gives with an indicator file of those points,
//!   not a rescaled rate: a deduction of 2 on 6 points is still a deduction of 2 on 8. A score
//!   an evaluator decided (核定) is the evaluator's judgement of the share earned: it keeps
//!   its rate (decided ÷ points), rounded once; a count decided by headquarters (核查数量)
//!   and items failed by a spot check are inputs of the rule, and are scored by it.
//! - Categories, base, bonus, total, 等次 (with the veto that counts and the quota) and ranks
//!   follow through [`OfficeResult::new`] and [`rank`] (what `assess` does, but the gaps,
//!   which the view does not show: a key re-ranks 3,000 offices well within a frame).

use super::assessment::{rank, OfficeResult};
use super::decision::COUNT_LABEL;
use super::indicators::{max_sum, CategoryKind, Indicator, IndicatorSet, Rule};
use super::points::{checked_mul_ratio, checked_sum, fmt2, parse, Decimal, MAX_POINTS};
use super::scoring::{IndicatorScore, NOT_FILLED, NO_BUSINESS};

// ---- the points ------------------------------------------------------------------------

/// A row of the what-if's points: a category or an indicator, by its index in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Category(usize),
    Indicator(usize),
}

/// What the evaluator changed: points given to categories and indicators (by their index in
/// the set), and whether the base keeps its official maximum.
///
/// How the points of every indicator follow ([`WhatIf::points`]):
/// - An indicator given points has them.
/// - A category given points shares them among its other indicators, in proportion to
///   their official points (to the hundredth, the hundredths left going to the largest
///   remainders).
/// - Keeping the base (the default): a base category not given points keeps its maximum,
///   so that an indicator given points takes them from (or gives them to) the other
///   indicators of its category; and when base categories are given points, the other base
///   categories share what is left of the base maximum, in proportion to their maxima. A
///   bonus category keeps its maximum in the same way.
/// - Not keeping the base: the other indicators keep their official points, and a category's
///   maximum is the sum of its indicators' points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIf {
    categories: Vec<Option<Decimal>>,
    indicators: Vec<Option<Decimal>>,
    keep_base: bool,
}

impl WhatIf {
    /// The official points: nothing changed, keeping the base.
    pub fn new(set: &IndicatorSet) -> WhatIf {
        WhatIf {
            categories: vec![None; set.categories.len()],
            indicators: vec![None; set.indicators.len()],
            keep_base: true,
        }
    }

    /// Whether the base keeps its official maximum (保持基础分).
    pub fn keeps_base(&self) -> bool {
        self.keep_base
    }

    /// Nothing was given other points.
    pub fn is_official(&self) -> bool {
        self.categories
            .iter()
            .chain(&self.indicators)
            .all(Option::is_none)
    }

    /// The points given to a row, if any.
    pub fn given(&self, t: Target) -> Option<Decimal> {
        match t {
            Target::Category(c) => self.categories.get(c).copied().flatten(),
            Target::Indicator(i) => self.indicators.get(i).copied().flatten(),
        }
    }

    /// The points of every indicator (in set order), derived as [`WhatIf`] says.
    pub fn points(&self, set: &IndicatorSet) -> Result<Vec<Decimal>, String> {
        let n = set.indicators.len();
        let mut out: Vec<Decimal> = set.indicators.iter().map(|i| i.points).collect();
        let members: Vec<Vec<usize>> = set
            .categories
            .iter()
            .map(|c| {
                (0..n)
                    .filter(|&i| set.indicators[i].category == c.id)
                    .collect()
            })
            .collect();
        let given = |ci: usize| self.categories.get(ci).copied().flatten();
        // Each category's points: given, else shared or kept (keeping the base), else none
        // (its indicators decide).
        let mut target: Vec<Option<Decimal>> = (0..set.categories.len()).map(given).collect();
        if self.keep_base {
            let base: Vec<usize> = (0..set.categories.len())
                .filter(|&c| set.categories[c].kind == CategoryKind::Base)
                .collect();
            let free: Vec<usize> = base
                .iter()
                .copied()
                .filter(|&c| given(c).is_none())
                .collect();
            let taken = checked_sum(base.iter().filter_map(|&c| given(c))).unwrap_or(Decimal::MAX);
            if !free.is_empty() {
                let left = set.base_max() - taken;
                if left < Decimal::ZERO {
                    return Err(format!(
                        "指定的类别分值合计 {}，超过基础分 {}，其余类别无分可分",
                        fmt2(taken),
                        fmt2(set.base_max())
                    ));
                }
                let weights: Vec<Decimal> = free.iter().map(|&c| set.categories[c].max).collect();
                for (&c, p) in free.iter().zip(share(left, &weights)) {
                    target[c] = Some(p);
                }
            }
            for (c, cat) in set.categories.iter().enumerate() {
                if cat.kind == CategoryKind::Bonus && target[c].is_none() {
                    target[c] = Some(cat.max);
                }
            }
        }
        for (ci, cat) in set.categories.iter().enumerate() {
            let m = &members[ci];
            if cat.kind == CategoryKind::Veto {
                continue;
            }
            let mut fixed = Decimal::ZERO;
            let mut free = Vec::new();
            for &i in m {
                match self.indicators[i] {
                    Some(p) => {
                        out[i] = p;
                        fixed += p;
                    }
                    None => free.push(i),
                }
            }
            let Some(t) = target[ci] else { continue };
            if free.is_empty() {
                if given(ci).is_some() && fixed != t {
                    return Err(format!(
                        "类别 {} 的指标均已指定分值（合计 {}），与类别分值 {} 不符",
                        cat.id,
                        fmt2(fixed),
                        fmt2(t)
                    ));
                }
                continue;
            }
            let left = t - fixed;
            if left < Decimal::ZERO {
                return Err(format!(
                    "类别 {} 的分值 {} 少于已指定的指标分值合计 {}",
                    cat.id,
                    fmt2(t),
                    fmt2(fixed)
                ));
            }
            let weights: Vec<Decimal> = free.iter().map(|&i| set.indicators[i].points).collect();
            for (&i, p) in free.iter().zip(share(left, &weights)) {
                out[i] = p;
            }
        }
        for (ind, p) in set.indicators.iter().zip(&out) {
            if *p > Decimal::from(MAX_POINTS) {
                return Err(format!(
                    "指标 {} 的分值 {} 超过 {MAX_POINTS}",
                    ind.id,
                    fmt2(*p)
                ));
            }
        }
        Ok(out)
    }

    /// The points of a row as derived: an indicator's, or the sum of a category's
    /// indicators'.
    pub fn value(set: &IndicatorSet, points: &[Decimal], t: Target) -> Decimal {
        match t {
            Target::Indicator(i) => points.get(i).copied().unwrap_or_default(),
            Target::Category(c) => {
                let id = set.categories.get(c).map(|c| c.id.as_str()).unwrap_or("");
                checked_sum(
                    set.indicators
                        .iter()
                        .zip(points)
                        .filter(|(ind, _)| ind.category == id)
                        .map(|(_, p)| *p),
                )
                .unwrap_or_default()
            }
        }
    }

    /// The official points of a row.
    pub fn official(set: &IndicatorSet, t: Target) -> Decimal {
        match t {
            Target::Indicator(i) => set.indicators.get(i).map(|i| i.points),
            Target::Category(c) => set.categories.get(c).map(|c| c.max),
        }
        .unwrap_or_default()
    }

    /// Gives a row `value` points. Refused (the state unchanged), with the reason, when the
    /// value is below 0, has more than two decimals or is too large, the row is a veto, or
    /// the points it leaves to the others would be below 0.
    pub fn set(&mut self, set: &IndicatorSet, t: Target, value: Decimal) -> Result<(), String> {
        let shown = value.normalize();
        if value < Decimal::ZERO {
            return Err(format!("分值 {shown} 不能为负数"));
        }
        if shown.scale() > 2 {
            return Err(format!("分值 {shown} 最多两位小数"));
        }
        let (veto, most) = match t {
            Target::Category(c) => (
                set.categories.get(c).map(|c| c.kind == CategoryKind::Veto),
                max_sum(),
            ),
            Target::Indicator(i) => (
                set.indicators
                    .get(i)
                    .map(|ind| set.kind_of(ind) == CategoryKind::Veto),
                Decimal::from(MAX_POINTS),
            ),
        };
        match veto {
            None => return Err("没有这一行".into()),
            Some(true) => return Err("一票否决项不计分值".into()),
            Some(false) => {}
        }
        if value > most {
            return Err(format!("分值 {shown} 超过 {}", most.normalize()));
        }
        let before = self.clone();
        match t {
            Target::Category(c) => self.categories[c] = Some(shown),
            Target::Indicator(i) => self.indicators[i] = Some(shown),
        }
        self.checked(set, before)
    }

    /// Changes a row's points by `delta` (down to 0 at least), as [`WhatIf::set`] does.
    pub fn step(&mut self, set: &IndicatorSet, t: Target, delta: Decimal) -> Result<(), String> {
        let now = WhatIf::value(set, &self.points(set)?, t);
        let to = now.checked_add(delta).unwrap_or(now).max(Decimal::ZERO);
        self.set(set, t, to)
    }

    /// Gives a row back the points that follow from the others (its official ones when
    /// nothing else changed). Refused, the state unchanged, when the others then leave it
    /// points below 0.
    pub fn reset(&mut self, set: &IndicatorSet, t: Target) -> Result<(), String> {
        let before = self.clone();
        match t {
            Target::Category(c) => {
                if let Some(x) = self.categories.get_mut(c) {
                    *x = None;
                }
            }
            Target::Indicator(i) => {
                if let Some(x) = self.indicators.get_mut(i) {
                    *x = None;
                }
            }
        }
        self.checked(set, before)
    }

    /// The official points again (keeping the base or not, as chosen).
    pub fn reset_all(&mut self) {
        self.categories.iter_mut().for_each(|c| *c = None);
        self.indicators.iter_mut().for_each(|i| *i = None);
    }

    /// Keeps the base, or stops keeping it; refused, the state unchanged, when the points
    /// given cannot be derived the other way.
    pub fn toggle_keep_base(&mut self, set: &IndicatorSet) -> Result<(), String> {
        let before = self.clone();
        self.keep_base = !self.keep_base;
        self.checked(set, before)
    }

    /// The indicator set with the derived points (categories' maxima their sums), checked
    /// as the indicator file's loader checks it.
    pub fn derived_set(&self, set: &IndicatorSet) -> Result<IndicatorSet, String> {
        super::reweight::reweight(set, &self.points(set)?)
    }

    fn checked(&mut self, set: &IndicatorSet, before: WhatIf) -> Result<(), String> {
        match self.derived_set(set) {
            Ok(_) => Ok(()),
            Err(e) => {
                *self = before;
                Err(e)
            }
        }
    }
}

/// `total` (two decimals, ≥ 0) shared in proportion to `weights` (equally when they are all
/// 0), to the hundredth: each share rounded down, then one hundredth more to the largest
/// remainders (the first in order among equal ones) until the shares add up to `total`.
pub fn share(total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
    let hundredths = |d: Decimal| -> i128 {
        let mut d = d.round_dp(2);
        d.rescale(2);
        d.mantissa()
    };
    if weights.is_empty() {
        return Vec::new();
    }
    let t = hundredths(total).max(0);
    let mut w: Vec<i128> = weights.iter().map(|&x| hundredths(x).max(0)).collect();
    if w.iter().all(|&x| x == 0) {
        w.iter_mut().for_each(|x| *x = 1);
    }
    // Bounded: at most 10⁸ hundredths of points times 10⁵ of weight.
    let sum: i128 = w.iter().sum();
    let mut parts: Vec<(i128, i128)> = w.iter().map(|&x| (t * x / sum, t * x % sum)).collect();
    let short = t - parts.iter().map(|p| p.0).sum::<i128>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| parts[b].1.cmp(&parts[a].1).then(a.cmp(&b)));
    for &k in order.iter().take(short.max(0) as usize) {
        parts[k].0 += 1;
    }
    parts
        .into_iter()
        .map(|(h, _)| Decimal::from_i128_with_scale(h, 2).normalize())
        .collect()
}

// ---- scoring again by the rules ---------------------------------------------------------

/// How an office's score on an indicator follows the indicator's points `p`, by its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// p × num ÷ den, rounded once to two decimals: a level's factor (÷ 1), a ratio's a ÷ b,
    /// the items on time of n, a deadline met (1 ÷ 1) or late (the late factor), 无此项业务
    /// (1 ÷ 1), nothing (0 ÷ 1), a decided score's rate (decided ÷ official points).
    Share(Decimal, Decimal),
    /// max(0, p − lost): a deduction of `per` for each of n incidents.
    Less(Decimal),
    /// min(p, gained): a bonus of `per` for each of n cases.
    Upto(Decimal),
}

impl Response {
    const NONE: Response = Response::Share(Decimal::ZERO, Decimal::ONE);
    const FULL: Response = Response::Share(Decimal::ONE, Decimal::ONE);

    /// The score with `p` points, as scoring.md computes it.
    pub fn score(self, p: Decimal) -> Decimal {
        match self {
            Response::Share(n, d) if n == d => p,
            Response::Share(n, d) => checked_mul_ratio(p, n, d).unwrap_or_default(),
            Response::Less(lost) => p.checked_sub(lost).unwrap_or_default().max(Decimal::ZERO),
            Response::Upto(gained) => gained.min(p),
        }
    }

    /// How `s`, the score of `ind` in `set`, follows the indicator's points.
    pub fn of(set: &IndicatorSet, ind: &Indicator, s: &IndicatorScore) -> Response {
        let p = ind.points;
        let rate = |v: Decimal| {
            if p.is_zero() {
                Response::NONE
            } else {
                Response::Share(v, p)
            }
        };
        let number = |t: &str| parse(t).filter(|n| *n >= Decimal::ZERO);
        let fraction = |t: &str| {
            let (a, b) = t.split_once('/')?;
            let (a, b) = (number(a)?, number(b)?);
            (!b.is_zero()).then_some((a, b))
        };
        let noted = |what: &str| s.notes.iter().any(|n| n == what);
        let counted = |unit: char| {
            s.notes
                .iter()
                .find_map(|n| n.strip_suffix(unit).and_then(number))
                .unwrap_or_default()
        };
        let on_time = || {
            s.notes
                .iter()
                .find_map(|n| n.strip_prefix("按时 ").and_then(fraction))
        };
        if let Some(v) = s.decided {
            // A count decided by headquarters is the rule's input.
            let count = s
                .findings
                .iter()
                .find_map(|f| f.strip_prefix(COUNT_LABEL).and_then(|n| number(n.trim())));
            match (&ind.rule, count) {
                (Rule::Deduction { per }, Some(n)) => {
                    return Response::Less(n.checked_mul(*per).unwrap_or(Decimal::MAX))
                }
                (Rule::Bonus { per }, Some(n)) => {
                    return Response::Upto(n.checked_mul(*per).unwrap_or(Decimal::MAX))
                }
                _ => {}
            }
            // Items failed by a spot check: k of the n items on time, k as the decided score
            // says.
            if let (Rule::Timeliness { .. }, false, Some((_, n))) =
                (&ind.rule, s.findings.is_empty(), on_time())
            {
                if !p.is_zero() && n <= Decimal::from(100_000) {
                    let k = (0..=n.try_into().unwrap_or(0u32))
                        .map(Decimal::from)
                        .find(|k| checked_mul_ratio(p, *k, n) == Some(v));
                    if let Some(k) = k {
                        return Response::Share(k, n);
                    }
                }
            }
            return rate(v);
        }
        if !s.errors.is_empty() {
            return Response::NONE;
        }
        match &ind.rule {
            Rule::Veto => Response::NONE,
            Rule::Level if noted(NOT_FILLED) => Response::NONE,
            // The first word whose factor gives the score (two give the same score only on
            // points of 0 or 0.01, where the higher is taken).
            Rule::Level => set
                .levels
                .iter()
                .find(|(_, f)| checked_mul_ratio(p, *f, Decimal::ONE) == Some(s.computed))
                .map(|(_, f)| Response::Share(*f, Decimal::ONE))
                .unwrap_or_else(|| rate(s.computed)),
            Rule::Ratio { .. } | Rule::Timeliness { .. } if noted(NO_BUSINESS) => Response::FULL,
            Rule::Ratio { .. } | Rule::Timeliness { .. } if noted(NOT_FILLED) => Response::NONE,
            Rule::Ratio { .. } => s
                .notes
                .iter()
                .find_map(|n| fraction(n))
                .map(|(a, b)| Response::Share(a, b))
                .unwrap_or_else(|| rate(s.computed)),
            Rule::Timeliness { .. } => on_time()
                .map(|(k, n)| Response::Share(k, n))
                .unwrap_or_else(|| rate(s.computed)),
            Rule::Deadline { .. } if noted("未完成") => Response::NONE,
            Rule::Deadline { .. } if s.notes.iter().any(|n| n.starts_with("逾期完成")) => {
                Response::Share(set.deadline_late_factor, Decimal::ONE)
            }
            Rule::Deadline { .. } => Response::FULL,
            Rule::Deduction { per } => {
                Response::Less(counted('起').checked_mul(*per).unwrap_or(Decimal::MAX))
            }
            Rule::Bonus { per } => {
                Response::Upto(counted('次').checked_mul(*per).unwrap_or(Decimal::MAX))
            }
        }
    }
}

/// One ranked office as the what-if scores it.
#[derive(Debug, Clone)]
struct Basis {
    office: usize,
    file: usize,
    /// The veto that counts (reported or decided).
    veto: bool,
    claimed_total: Option<Decimal>,
    /// Per indicator, in set order.
    responses: Vec<Response>,
}

/// Every ranked office's responses, made once from the official results and scored with
/// other points on every change.
#[derive(Debug, Clone)]
pub struct Model {
    offices: Vec<Basis>,
}

impl Model {
    /// The responses of `results` (scored with `set`).
    pub fn new(set: &IndicatorSet, results: &[OfficeResult]) -> Model {
        let offices = results
            .iter()
            .map(|r| Basis {
                office: r.office,
                file: r.file,
                veto: r.veto,
                claimed_total: r.claimed_total,
                responses: set
                    .indicators
                    .iter()
                    .zip(&r.indicators)
                    .map(|(ind, s)| Response::of(set, ind, s))
                    .collect(),
            })
            .collect();
        Model { offices }
    }

    /// Every office scored with the points of `set_new` (the official set with other
    /// points) and ranked: in ranked order, as [`rank`] returns them. Categories, base,
    /// bonus and total are summed as [`OfficeResult::new`] sums them; the 等次 follows with
    /// the veto that counts. What the view does not show is left out: the indicators'
    /// scores (`indicators` is empty) and the gaps.
    pub fn rescore(&self, set_new: &IndicatorSet) -> Vec<OfficeResult> {
        // Each indicator's category, by index, and its kind.
        let of: Vec<(usize, CategoryKind)> = set_new
            .indicators
            .iter()
            .map(|ind| {
                let c = set_new.categories.iter().position(|c| c.id == ind.category);
                let c = c.unwrap_or_default();
                let kind = set_new.categories.get(c).map(|c| c.kind);
                (c, kind.unwrap_or(CategoryKind::Veto))
            })
            .collect();
        let results = self
            .offices
            .iter()
            .map(|b| {
                let mut categories = vec![Decimal::ZERO; set_new.categories.len()];
                let (mut base, mut bonus) = (Decimal::ZERO, Decimal::ZERO);
                for ((ind, resp), &(c, kind)) in
                    set_new.indicators.iter().zip(&b.responses).zip(&of)
                {
                    let s = resp.score(ind.points);
                    match kind {
                        CategoryKind::Base => base = base.saturating_add(s),
                        CategoryKind::Bonus => bonus = bonus.saturating_add(s),
                        CategoryKind::Veto => continue,
                    }
                    categories[c] = categories[c].saturating_add(s);
                }
                let total = base.saturating_add(bonus);
                OfficeResult {
                    office: b.office,
                    indicators: Vec::new(),
                    categories,
                    base,
                    bonus,
                    total,
                    veto: b.veto,
                    grade: set_new.grade_with_veto(total, b.veto).to_string(),
                    grade_note: None,
                    claimed_total: b.claimed_total,
                    rank: 0,
                    gaps: Default::default(),
                    file: b.file,
                }
            })
            .collect();
        rank(set_new, results)
    }
}

// ---- against the official results ------------------------------------------------------

/// One office, official and what-if.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub office: usize,
    pub official_rank: u32,
    pub rank: u32,
    pub official_total: Decimal,
    pub total: Decimal,
    /// The 等次 (its name, without the veto's or the quota's note).
    pub official_grade: String,
    pub grade: String,
    pub grade_changed: bool,
}

impl Moved {
    /// Ranks gained (negative: lost).
    pub fn rank_change(&self) -> i64 {
        i64::from(self.official_rank) - i64::from(self.rank)
    }
}

/// How many offices moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub offices: usize,
    pub rank_changed: usize,
    pub grade_changed: usize,
}

/// The what-if results against the official ones, in what-if ranked order.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The official set with the what-if points.
    pub set: IndicatorSet,
    pub results: Vec<OfficeResult>,
    pub moves: Vec<Moved>,
    pub summary: Summary,
}

impl Outcome {
    /// Scores `model` (made from `official`, scored with `set`) with the points `whatif`
    /// derives, against the official results.
    pub fn of(
        whatif: &WhatIf,
        set: &IndicatorSet,
        model: &Model,
        official: &[OfficeResult],
    ) -> Result<Outcome, String> {
        let set_new = whatif.derived_set(set)?;
        let results = model.rescore(&set_new);
        let mut by_office: Vec<Option<&OfficeResult>> = Vec::new();
        for r in official {
            if by_office.len() <= r.office {
                by_office.resize(r.office + 1, None);
            }
            by_office[r.office] = Some(r);
        }
        let moves: Vec<Moved> = results
            .iter()
            .filter_map(|r| {
                let o = by_office.get(r.office).copied().flatten()?;
                Some(Moved {
                    office: r.office,
                    official_rank: o.rank,
                    rank: r.rank,
                    official_total: o.total,
                    total: r.total,
                    official_grade: o.grade.clone(),
                    grade: r.grade.clone(),
                    grade_changed: o.grade != r.grade,
                })
            })
            .collect();
        let summary = Summary {
            offices: moves.len(),
            rank_changed: moves.iter().filter(|m| m.rank != m.official_rank).count(),
            grade_changed: moves.iter().filter(|m| m.grade_changed).count(),
        };
        Ok(Outcome {
            set: set_new,
            results,
            moves,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;
    use crate::report::Report;
    use std::path::Path;

    fn d(s: &str) -> Decimal {
        parse(s).unwrap()
    }

    fn builtin() -> IndicatorSet {
        DataSet::builtin().set
    }

    fn cat(set: &IndicatorSet, id: &str) -> Target {
        Target::Category(set.categories.iter().position(|c| c.id == id).unwrap())
    }

    fn ind(set: &IndicatorSet, id: &str) -> Target {
        Target::Indicator(set.index_of(id).unwrap())
    }

    fn at(set: &IndicatorSet, w: &WhatIf, t: Target) -> Decimal {
        WhatIf::value(set, &w.points(set).unwrap(), t)
    }

    fn base(set: &IndicatorSet, w: &WhatIf) -> Decimal {
        let p = w.points(set).unwrap();
        set.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == CategoryKind::Base)
            .map(|(c, _)| WhatIf::value(set, &p, Target::Category(c)))
            .sum()
    }

    #[test]
    fn nothing_changed_is_the_official_set() {
        let set = builtin();
        let w = WhatIf::new(&set);
        assert!(w.is_official() && w.keeps_base());
        assert_eq!(w.derived_set(&set).unwrap(), set);
    }

    #[test]
    fn keeping_the_base_an_indicator_takes_from_the_others_of_its_category() {
        let set = builtin();
        let mut w = WhatIf::new(&set);
        w.set(&set, ind(&set, "D1"), d("8")).unwrap();
        // D stays 15: D2 and D3 (5 : 4) share the 7 left.
        assert_eq!(at(&set, &w, ind(&set, "D1")), d("8"));
        assert_eq!(at(&set, &w, ind(&set, "D2")), d("3.89"));
        assert_eq!(at(&set, &w, ind(&set, "D3")), d("3.11"));
        assert_eq!(at(&set, &w, cat(&set, "D")), d("15"));
        assert_eq!(base(&set, &w), d("100"));
        // Every other indicator keeps its points.
        let p = w.points(&set).unwrap();
        for (i, ind) in set.indicators.iter().enumerate() {
            if ind.category != "D" {
                assert_eq!(p[i], ind.points, "{}", ind.id);
            }
        }
        // Not keeping it: D is 17, the base 102.
        w.toggle_keep_base(&set).unwrap();
        assert_eq!(at(&set, &w, ind(&set, "D2")), d("5"));
        assert_eq!(at(&set, &w, cat(&set, "D")), d("17"));
        assert_eq!(base(&set, &w), d("102"));
    }

    #[test]
    fn keeping_the_base_a_category_takes_from_the_other_categories() {
        let set = builtin();
        let mut w = WhatIf::new(&set);
        w.set(&set, cat(&set, "D"), d("10")).unwrap();
        // A, B and C (45 : 20 : 20) share 90; D's indicators (6 : 5 : 4) share 10.
        assert_eq!(at(&set, &w, cat(&set, "A")), d("47.65"));
        assert_eq!(at(&set, &w, cat(&set, "B")), d("21.18"));
        assert_eq!(at(&set, &w, cat(&set, "C")), d("21.17"));
        assert_eq!(at(&set, &w, ind(&set, "D1")), d("4"));
        assert_eq!(at(&set, &w, ind(&set, "D2")), d("3.33"));
        assert_eq!(at(&set, &w, ind(&set, "D3")), d("2.67"));
        assert_eq!(base(&set, &w), d("100"));
        // The bonus is not part of the base.
        assert_eq!(at(&set, &w, cat(&set, "E")), d("5"));
        // Without keeping it, only D changes: the base is 95.
        w.toggle_keep_base(&set).unwrap();
        assert_eq!(at(&set, &w, cat(&set, "A")), d("45"));
        assert_eq!(base(&set, &w), d("95"));
        // The derived set loads as an indicator file would.
        let s = w.derived_set(&set).unwrap();
        assert_eq!(s.category("D").unwrap().max, d("10"));
        assert_eq!(s.base_max(), d("95"));
    }

    #[test]
    fn reset_gives_a_row_back_and_reset_all_the_official_points() {
        let set = builtin();
        let mut w = WhatIf::new(&set);
        w.set(&set, ind(&set, "A1"), d("10")).unwrap();
        w.set(&set, cat(&set, "D"), d("20")).unwrap();
        assert!(!w.is_official());
        w.reset(&set, ind(&set, "A1")).unwrap();
        // A is 42.35 of the 80 left to A, B and C; A1 its share (6 of 45).
        assert_eq!(at(&set, &w, ind(&set, "A1")), d("5.65"));
        w.reset(&set, cat(&set, "D")).unwrap();
        assert!(w.is_official());
        assert_eq!(w.derived_set(&set).unwrap(), set);
        w.step(&set, ind(&set, "B1"), d("1")).unwrap();
        w.reset_all();
        assert!(w.is_official());
        assert!(w.keeps_base());
    }

    #[test]
    fn steps_and_bounds() {
        let set = builtin();
        let mut w = WhatIf::new(&set);
        let d3 = ind(&set, "D3");
        for _ in 0..6 {
            w.step(&set, d3, d("-1")).unwrap();
        }
        // Down to 0, not below.
        assert_eq!(at(&set, &w, d3), d("0"));
        assert_eq!(at(&set, &w, cat(&set, "D")), d("15"));
        let before = w.clone();
        // Refused, the state unchanged.
        for (t, v, why) in [
            (d3, "-1", "负数"),
            (d3, "1.005", "两位小数"),
            (d3, "1001", "超过"),
            (d3, "16", "少于"),
            (cat(&set, "D"), "101", "超过基础分"),
            (ind(&set, "V1"), "1", "一票否决"),
            (cat(&set, "V"), "1", "一票否决"),
        ] {
            let e = w.set(&set, t, d(v)).unwrap_err();
            assert!(e.contains(why), "{v}: {e}");
            assert_eq!(w, before);
        }
        // A category whose every indicator is given points: they must add up to it.
        let mut w = WhatIf::new(&set);
        for id in ["D1", "D2", "D3"] {
            w.set(&set, ind(&set, id), d("5")).unwrap();
        }
        assert!(w.set(&set, cat(&set, "D"), d("14")).is_err());
        assert!(w.set(&set, cat(&set, "D"), d("15")).is_ok());
        // Without keeping the base an indicator may be large, up to 1000.
        let mut w = WhatIf::new(&set);
        w.toggle_keep_base(&set).unwrap();
        w.set(&set, ind(&set, "A2"), d("1000")).unwrap();
        assert_eq!(at(&set, &w, cat(&set, "A")), d("1041"));
    }

    #[test]
    fn shares_add_up_to_the_hundredth() {
        let s = share(d("10"), &[d("6"), d("5"), d("4")]);
        assert_eq!(s, [d("4"), d("3.33"), d("2.67")]);
        let s = share(d("1"), &[d("1"), d("1"), d("1")]);
        assert_eq!(s, [d("0.34"), d("0.33"), d("0.33")]);
        assert_eq!(share(d("3"), &[d("0"), d("0")]), [d("1.5"), d("1.5")]);
        assert_eq!(share(d("0"), &[d("2"), d("3")]), [d("0"), d("0")]);
        assert!(share(d("3"), &[]).is_empty());
    }

    fn samples() -> (DataSet, Report) {
        let data = DataSet::builtin();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
        let files = crate::import::collect(&[dir]).unwrap();
        let report = Report::build(&data, &files);
        (data, report)
    }

    #[test]
    fn the_official_points_give_every_official_score_and_rank() {
        let (data, report) = samples();
        let model = Model::new(&data.set, &report.results);
        let again = model.rescore(&data.set);
        assert_eq!(again.len(), report.results.len());
        for (a, r) in again.iter().zip(&report.results) {
            assert_eq!(
                (a.office, a.rank, a.base, a.bonus, a.total),
                (r.office, r.rank, r.base, r.bonus, r.total)
            );
            assert_eq!(
                (&a.categories, a.veto, &a.grade, &a.grade_note),
                (&r.categories, r.veto, &r.grade, &r.grade_note)
            );
        }
        let w = WhatIf::new(&data.set);
        let out = Outcome::of(&w, &data.set, &model, &report.results).unwrap();
        assert_eq!(out.summary.offices, report.results.len());
        assert_eq!(
            (out.summary.rank_changed, out.summary.grade_changed),
            (0, 0)
        );
    }

    #[test]
    fn a_deduction_is_not_a_rate() {
        let set = builtin();
        let a1 = set.indicator("A1").unwrap().clone();
        let s = |computed: &str, notes: &[&str]| IndicatorScore {
            id: "A1".into(),
            computed: d(computed),
            claimed: None,
            decided: None,
            findings: vec![],
            notes: notes.iter().map(|n| n.to_string()).collect(),
            errors: vec![],
            warnings: vec![],
            veto: false,
            note: String::new(),
            evidence: String::new(),
        };
        // One incident at 2 points of 6: 4; of 8 points, 6 (a rate would say 5.33).
        let r = Response::of(&set, &a1, &s("4", &["1起"]));
        assert_eq!(r.score(d("8")), d("6"));
        // Four incidents: 0 of 6, and still 0 of 8; of 10, 2.
        let r = Response::of(&set, &a1, &s("0", &["4起"]));
        assert_eq!(r.score(d("8")), d("0"));
        assert_eq!(r.score(d("10")), d("2"));
        // A decided score keeps its rate.
        let mut decided = s("4", &["1起"]);
        decided.decided = Some(d("3"));
        assert_eq!(Response::of(&set, &a1, &decided).score(d("8")), d("4"));
    }

    mod by_the_rules {
        use super::*;
        use crate::domain::scoring::{score_indicator, Cell, Field, IndicatorInput, Item};
        use chrono::NaiveDate;
        use proptest::prelude::*;

        fn cell<T>(v: Option<T>) -> Cell<T> {
            match v {
                Some(v) => Cell::new(Field::Value(v), "自评表!F5"),
                None => Cell::blank(),
            }
        }

        /// A row and items for any rule: a status word (or blank, or a word that is none),
        /// counts, a date, and items published some days after they started (or never).
        fn input() -> impl Strategy<Value = (IndicatorInput, Vec<Item>)> {
            let word = prop_oneof![
                Just(None),
                Just(Some("完成")),
                Just(Some("基本完成")),
                Just(Some("未完成")),
                Just(Some("无此项业务")),
                Just(Some("差不多")),
            ];
            let count = proptest::option::of(0i64..30);
            let date = proptest::option::of(0i64..120);
            let items =
                proptest::collection::vec((0i64..300, proptest::option::of(0i64..40)), 0..12);
            (word, count.clone(), count, date, items).prop_map(|(w, a, b, day, items)| {
                let start = NaiveDate::from_ymd_opt(2018, 7, 1).unwrap();
                let row = IndicatorInput {
                    status: cell(w.map(String::from)),
                    count: cell(a.map(Decimal::from)),
                    total: cell(b.map(Decimal::from)),
                    date: cell(day.map(|k| start + chrono::Days::new(k as u64))),
                    ..Default::default()
                };
                let items = items
                    .into_iter()
                    .map(|(s, p)| {
                        let s = NaiveDate::from_ymd_opt(2018, 1, 2).unwrap()
                            + chrono::Days::new(s as u64);
                        Item {
                            name: "事项".into(),
                            start: cell(Some(s)),
                            publish: cell(p.map(|k| s + chrono::Days::new(k as u64))),
                            ..Default::default()
                        }
                    })
                    .collect();
                (row, items)
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(600))]
            /// Any rule, any input, any points p and p′: the score of p scored again with p′
            /// is the score the rule gives with p′.
            #[test]
            fn a_response_scores_as_the_rule_does(
                which in 0usize..21,
                (row, items) in input(),
                p in 2i64..2000,
                q in 0i64..2000,
            ) {
                let data = DataSet::builtin();
                let with = |h: i64| {
                    let mut ind = data.set.indicators[which].clone();
                    if data.set.kind_of(&ind) != CategoryKind::Veto {
                        ind.points = Decimal::new(h, 2);
                    }
                    ind
                };
                let (old, new) = (with(p), with(q));
                let s = score_indicator(&data.set, &data.calendar, &old, std::slice::from_ref(&row), &items);
                let expected = score_indicator(&data.set, &data.calendar, &new, &[row], &items);
                let r = Response::of(&data.set, &old, &s);
                prop_assert_eq!(r.score(old.points), s.computed, "{:?} {:?}", r, s.notes);
                prop_assert_eq!(r.score(new.points), expected.computed, "{:?} {:?}", r, s.notes);
            }
        }
    }
}
