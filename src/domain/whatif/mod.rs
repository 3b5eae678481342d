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
//!
//! [`OfficeResult::new`]: super::assessment::OfficeResult::new
//! [`rank`]: super::assessment::rank

mod outcome;
mod rescore;

pub use outcome::{Moved, Outcome, Summary};
pub use rescore::{Model, Response};

use super::indicators::{max_sum, CategoryKind, IndicatorSet};
use super::points::{checked_sum, fmt2, Decimal, MAX_POINTS};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;
    use crate::domain::points::parse;

    pub(super) fn d(s: &str) -> Decimal {
        parse(s).unwrap()
    }

    pub(super) fn builtin() -> IndicatorSet {
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
}
