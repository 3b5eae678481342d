//! An office's result (categories, base, bonus, total, grade, veto) and the ranking of all
//! offices with their gaps.

use super::gaps::{self, OfficeGaps};
use super::indicators::{CategoryKind, IndicatorSet};
use super::plan::Plan;
use super::points::{checked_sum, Decimal};
use super::ranking;
use super::scoring::IndicatorScore;

/// One office's scored return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeResult {
    /// Index in the registry.
    pub office: usize,
    /// In set order.
    pub indicators: Vec<IndicatorScore>,
    /// In the set's category order (a veto category scores 0).
    pub categories: Vec<Decimal>,
    pub base: Decimal,
    pub bonus: Decimal,
    pub total: Decimal,
    /// The veto that counts: headquarters' decision where there is one, else the office's
    /// report (see [`OfficeResult::decide_veto`]).
    pub veto: bool,
    pub grade: String,
    /// Why the grade is lower than the total's, other than the veto: `超出优秀比例` for an
    /// office past the quota of the top 等次 (set by [`assess`]).
    pub grade_note: Option<String>,
    /// The sum of the office's own 自评得分, where it gave any.
    pub claimed_total: Option<Decimal>,
    pub rank: u32,
    pub gaps: OfficeGaps,
    /// Index of the scored file in its report (set by the report).
    pub file: usize,
}

impl OfficeResult {
    /// Builds the sums of an office's indicator scores (rank and gaps are set by
    /// [`assess`]).
    ///
    /// Every score is bounded (0 ≤ score ≤ points ≤ 1000, claims within ±1,000,000, at most
    /// 1000 indicators), so no sum can overflow; the additions saturate all the same, so
    /// that nothing here can panic.
    pub fn new(set: &IndicatorSet, office: usize, indicators: Vec<IndicatorScore>) -> Self {
        let mut categories = vec![Decimal::ZERO; set.categories.len()];
        let (mut base, mut bonus) = (Decimal::ZERO, Decimal::ZERO);
        let mut veto = false;
        for (ind, score) in set.indicators.iter().zip(&indicators) {
            let ci = set
                .categories
                .iter()
                .position(|c| c.id == ind.category)
                .expect("checked at load");
            let used = score.used();
            match set.categories[ci].kind {
                CategoryKind::Base => base = base.saturating_add(used),
                CategoryKind::Bonus => bonus = bonus.saturating_add(used),
                CategoryKind::Veto => {}
            }
            if set.categories[ci].kind != CategoryKind::Veto {
                categories[ci] = categories[ci].saturating_add(used);
            }
            veto |= score.veto;
        }
        let total = base.saturating_add(bonus);
        let claims: Vec<Decimal> = indicators.iter().filter_map(|s| s.claimed).collect();
        let claimed_total = if claims.is_empty() {
            None
        } else {
            checked_sum(claims)
        };
        OfficeResult {
            office,
            grade: set.grade_with_veto(total, veto).to_string(),
            indicators,
            categories,
            base,
            bonus,
            total,
            veto,
            grade_note: None,
            claimed_total,
            rank: 0,
            gaps: OfficeGaps::default(),
            file: 0,
        }
    }

    /// The 等次 as shown: with the veto's label (`良好（一票否决）`) or the quota's note
    /// (`良好（超出优秀比例）`) where one lowered it.
    pub fn grade_shown(&self, set: &IndicatorSet) -> String {
        if self.veto {
            format!("{}（{}）", self.grade, set.veto_label)
        } else if let Some(note) = &self.grade_note {
            format!("{}（{note}）", self.grade)
        } else {
            self.grade.clone()
        }
    }

    /// Takes the veto from headquarters' decisions (核定): `decided` gives, for a veto
    /// indicator's id, 是 (`true`) or 否 (`false`) where one was decided, and replaces the
    /// veto the office reported there. The veto that counts and the 等次 follow.
    pub fn decide_veto(&mut self, set: &IndicatorSet, decided: impl Fn(&str) -> Option<bool>) {
        self.veto = self
            .indicators
            .iter()
            .any(|s| decided(&s.id).unwrap_or(s.veto));
        self.grade = set.grade_with_veto(self.total, self.veto).to_string();
    }

    /// The veto as the office reported it, before any decision.
    pub fn reported_veto(&self) -> bool {
        self.indicators.iter().any(|s| s.veto)
    }

    /// Total claimed minus total used, where the office claimed any.
    pub fn claim_difference(&self) -> Option<Decimal> {
        self.claimed_total.and_then(|c| c.checked_sub(self.total))
    }
}

/// Ranks the results (given in registry order) and fills in their gaps; returns them in
/// ranked order.
pub fn assess(set: &IndicatorSet, plan: &Plan, results: Vec<OfficeResult>) -> Vec<OfficeResult> {
    let mut results = rank(set, results);
    // Each office's gaps are against all of them, whatever their order.
    let all_gaps = gaps::compute(set, plan, &results);
    for (r, g) in results.iter_mut().zip(all_gaps) {
        r.gaps = g;
    }
    results
}

/// What [`assess`] does but the gaps: the 等次's quota and the ranks, in ranked order (for
/// the 模拟 view, which scores every office again on each key and shows no gap).
pub fn rank(set: &IndicatorSet, mut results: Vec<OfficeResult>) -> Vec<OfficeResult> {
    results.sort_by_key(|r| r.office);
    let totals: Vec<Decimal> = results.iter().map(|r| r.total).collect();
    apply_quota(set, &mut results);
    let grades: Vec<usize> = results
        .iter()
        .map(|r| set.grade_position(&r.grade))
        .collect();
    let keys = ranking::keys(set.order, &grades, &totals);
    let ranks = ranking::ranks_by(&keys, set.ties);
    for (r, rank) in results.iter_mut().zip(ranks) {
        r.rank = rank;
    }
    let order = ranking::ranked_order_by(&keys);
    let mut slots: Vec<Option<OfficeResult>> = results.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The quota of the top 等次 (`[grades] excellent_max_share`, scoring.md): at most
/// ⌊share × ranked offices⌋ offices keep it, taken by total (registry order within a tie);
/// the others become the next 等次, noted `超出优秀比例`. A tie that straddles the line: every
/// tied office is past it. `results` are the ranked offices, in registry order.
fn apply_quota(set: &IndicatorSet, results: &mut [OfficeResult]) {
    let (Some(share), [top, next, ..]) = (set.excellent_max_share, set.grades.as_slice()) else {
        return;
    };
    // share ≤ 1 and at most a few thousand offices: exact, and no overflow.
    let quota = share
        .checked_mul(Decimal::from(results.len()))
        .map(|q| q.floor())
        .unwrap_or(Decimal::ZERO);
    let mut candidates: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].grade == top.name)
        .collect();
    candidates.sort_by(|&a, &b| results[b].total.cmp(&results[a].total));
    let mut kept = 0usize;
    while kept < candidates.len() {
        let total = results[candidates[kept]].total;
        let tied = candidates[kept..]
            .iter()
            .take_while(|&&i| results[i].total == total)
            .count();
        if Decimal::from(kept + tied) > quota {
            break;
        }
        kept += tied;
    }
    for &i in &candidates[kept..] {
        results[i].grade = next.name.clone();
        results[i].grade_note = Some(set.quota_note());
    }
}
