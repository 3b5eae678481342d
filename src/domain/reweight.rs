//! Scoring again under other points per indicator, from each office's exact rates (what-if
//! weights, rank robustness).
//!
//! The **rate** of an indicator is the score that counts (最终得分: the decision where there
//! is one) over the indicator's points, an exact fraction. Under new points p′ the score is
//! rate × p′, rounded once to two decimals, half away from zero, as scoring.md rounds an
//! indicator's score ([`checked_mul_ratio`]); categories, base, bonus, total, 等次 (with the
//! veto that counts, reported or decided, and the quota) and ranks are made again by
//! [`OfficeResult::new`] and [`assess`]. With the original points every score, total, 等次
//! and rank is the official one. An indicator with no points (a veto) has no rate and keeps
//! no points; the veto itself is kept.

use super::assessment::{assess, OfficeResult};
use super::indicators::{CategoryKind, IndicatorSet};
use super::plan::Plan;
use super::points::{checked_mul_ratio, checked_sum, Decimal, MAX_POINTS};

/// The indicator set with `points` (one per indicator, in set order) instead of its own; the
/// maxima of the categories become the sums of their indicators' points. Refused (with the
/// reason, in the words of the indicator files' checks) when the number of points is not the
/// number of indicators, a value is negative, above [`MAX_POINTS`] or has more than two
/// decimals, or a veto indicator is given points.
pub fn reweight(set: &IndicatorSet, points: &[Decimal]) -> Result<IndicatorSet, String> {
    if points.len() != set.indicators.len() {
        return Err(format!(
            "给出 {} 个分值，指标体系有 {} 个指标",
            points.len(),
            set.indicators.len()
        ));
    }
    let mut new = set.clone();
    for (ind, &p) in new.indicators.iter_mut().zip(points) {
        let p = p.normalize();
        if p < Decimal::ZERO || p > Decimal::from(MAX_POINTS) || p.scale() > 2 {
            return Err(format!(
                "指标 {} 的分值 {p} 应在 0 到 {MAX_POINTS} 之间，最多两位小数",
                ind.id
            ));
        }
        if set.kind_of(ind) == CategoryKind::Veto && !p.is_zero() {
            return Err(format!("指标 {} 为一票否决，不计分值", ind.id));
        }
        ind.points = p;
    }
    for c in &mut new.categories {
        // At most MAX_INDICATORS × MAX_POINTS: cannot overflow.
        c.max = checked_sum(
            new.indicators
                .iter()
                .filter(|i| i.category == c.id)
                .map(|i| i.points),
        )
        .unwrap_or(Decimal::MAX);
    }
    Ok(new)
}

/// `points` with the base indicators' points scaled so that they add up to `set`'s base
/// maximum (100 in 2018) exactly: each becomes p × base ÷ Σ p, rounded to two decimals, and
/// the hundredths lost or gained by the rounding go to (or come from) the indicators with the
/// largest remainders (ties: set order). Bonus and veto points are kept. When the base
/// points add up to 0 nothing is scaled.
pub fn keep_base(set: &IndicatorSet, points: &[Decimal]) -> Vec<Decimal> {
    let mut out = points.to_vec();
    let base: Vec<usize> = (0..set.indicators.len().min(points.len()))
        .filter(|&i| set.kind_of(&set.indicators[i]) == CategoryKind::Base)
        .collect();
    let sum = checked_sum(base.iter().map(|&i| points[i])).unwrap_or_default();
    let target = set.base_max();
    if sum.is_zero() || sum == target {
        return out;
    }
    // Each in hundredths, rounded down, with its remainder; then the largest remainders get
    // one hundredth more until the sum is the target.
    let hundred = Decimal::from(100);
    let mut parts: Vec<(usize, Decimal, Decimal)> = base
        .iter()
        .map(|&i| {
            // Checked: points beyond the bounds of a set scale to 0 instead of panicking.
            let exact = (points[i].checked_mul(target))
                .and_then(|x| x.checked_mul(hundred))
                .and_then(|x| x.checked_div(sum))
                .unwrap_or_default();
            (i, exact.floor(), exact - exact.floor())
        })
        .collect();
    let have = checked_sum(parts.iter().map(|p| p.1)).unwrap_or_default();
    let short = (target.checked_mul(hundred))
        .and_then(|t| t.checked_sub(have))
        .unwrap_or_default()
        .round();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| parts[b].2.cmp(&parts[a].2).then(a.cmp(&b)));
    let mut k = 0;
    let mut left = short;
    while left > Decimal::ZERO && !order.is_empty() {
        let h = &mut parts[order[k % order.len()]].1;
        *h = h.saturating_add(Decimal::ONE);
        left -= Decimal::ONE;
        k += 1;
    }
    for (i, h, _) in parts {
        out[i] = (h / hundred).normalize();
    }
    out
}

/// The score of an indicator of `old` points, `used` of them, under `new` points: the rate
/// used ÷ old times new, rounded once to two decimals (0 where the indicator had no points).
pub fn rescale_score(used: Decimal, old: Decimal, new: Decimal) -> Decimal {
    if old == new {
        return used;
    }
    checked_mul_ratio(new, used, old).unwrap_or(Decimal::ZERO)
}

/// Every ranked office scored again with the points of `set_new` (made by [`reweight`] from
/// `set`, the set that scored `results`), from its exact rates, and ranked again: in ranked
/// order, as [`assess`] returns them. The veto that counts (reported or decided) and the
/// office's claims are kept; computed and decided scores are both rescaled, so that the
/// score that counts is the decided one where there is one.
pub fn rescore_with(
    set: &IndicatorSet,
    set_new: &IndicatorSet,
    plan: &Plan,
    results: &[OfficeResult],
) -> Vec<OfficeResult> {
    let rescored: Vec<OfficeResult> = results
        .iter()
        .map(|r| {
            let scores = r
                .indicators
                .iter()
                .zip(set.indicators.iter().zip(&set_new.indicators))
                .map(|(s, (old, new))| {
                    let mut s = s.clone();
                    s.computed = rescale_score(s.computed, old.points, new.points);
                    s.decided = s.decided.map(|d| rescale_score(d, old.points, new.points));
                    s
                })
                .collect();
            let mut n = OfficeResult::new(set_new, r.office, scores);
            n.veto = r.veto;
            n.grade = set_new.grade_with_veto(n.total, n.veto).to_string();
            n.file = r.file;
            n
        })
        .collect();
    assess(set_new, plan, rescored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;
    use crate::domain::points::parse;
    use crate::report::Report;

    fn d(s: &str) -> Decimal {
        parse(s).unwrap()
    }

    fn samples() -> (DataSet, Report) {
        let data = DataSet::builtin();
        let report = Report::of_samples(&data);
        (data, report)
    }

    fn points(set: &IndicatorSet) -> Vec<Decimal> {
        set.indicators.iter().map(|i| i.points).collect()
    }

    #[test]
    fn the_original_points_reproduce_every_official_result() {
        let (data, report) = samples();
        assert!(report.results.len() > 30);
        let same = reweight(&data.set, &points(&data.set)).unwrap();
        assert_eq!(same, data.set);
        let again = rescore_with(&data.set, &same, &data.plan, &report.results);
        assert_eq!(again, report.results);
    }

    #[test]
    fn new_points_rescale_each_rate_rounded_once() {
        let (data, report) = samples();
        let mut p = points(&data.set);
        // A1 from 6 to 7 points: 完成 stays full marks, 基本完成 0.6 × 7 = 4.2.
        let a1 = data.set.index_of("A1").unwrap();
        p[a1] = d("7");
        let new = reweight(&data.set, &p).unwrap();
        assert_eq!(new.category("A").unwrap().max, d("46"));
        let again = rescore_with(&data.set, &new, &data.plan, &report.results);
        assert_eq!(again.len(), report.results.len());
        for r in &again {
            let old = report.result_of(r.office).unwrap();
            let (o, n) = (old.indicators[a1].used(), r.indicators[a1].used());
            assert_eq!(n, rescale_score(o, d("6"), d("7")));
            assert_eq!(r.total - old.total, n - o);
            assert_eq!(r.veto, old.veto);
        }
        // Ranks are competition ranks of the new totals.
        let totals: Vec<Decimal> = again.iter().map(|r| r.total).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]));
        for r in &again {
            let above = again.iter().filter(|x| x.total > r.total).count();
            assert_eq!(r.rank as usize, above + 1);
        }
        // Thirds round half away from zero: 2 of 3 points, now 4 points → 2.67.
        assert_eq!(rescale_score(d("2"), d("3"), d("4")), d("2.67"));
        assert_eq!(rescale_score(d("1"), d("8"), d("1")), d("0.13"));
        assert_eq!(rescale_score(d("0"), d("0"), d("5")), d("0"));
    }

    #[test]
    fn a_veto_keeps_no_points_and_is_kept() {
        let (data, report) = samples();
        let v = data
            .set
            .indicators
            .iter()
            .position(|i| data.set.kind_of(i) == CategoryKind::Veto)
            .unwrap();
        let mut p = points(&data.set);
        p[v] = d("5");
        let err = reweight(&data.set, &p).unwrap_err();
        assert!(err.contains("一票否决"), "{err}");
        // A vetoed office stays vetoed, capped at 良好, under other points.
        let mut results = report.results.clone();
        results[0].veto = true;
        results[0].grade = data.set.grade_with_veto(results[0].total, true).into();
        let mut p = points(&data.set);
        p[0] += d("1");
        let new = reweight(&data.set, &p).unwrap();
        let again = rescore_with(&data.set, &new, &data.plan, &results);
        let r = again
            .iter()
            .find(|r| r.office == results[0].office)
            .unwrap();
        assert!(r.veto);
        assert_eq!(r.grade, data.set.grade_with_veto(r.total, true));
        assert_ne!(r.grade, "优秀");
        assert_eq!(r.indicators[v].used(), Decimal::ZERO);
    }

    #[test]
    fn bad_points_are_refused() {
        let set = DataSet::builtin().set;
        let mut p = points(&set);
        assert!(reweight(&set, &p[1..]).is_err());
        p[0] = d("-1");
        assert!(reweight(&set, &p).unwrap_err().contains("A1"));
        p[0] = d("1.005");
        assert!(reweight(&set, &p).is_err());
        p[0] = d("1001");
        assert!(reweight(&set, &p).is_err());
        p[0] = d("1.50");
        assert!(reweight(&set, &p).is_ok());
    }

    #[test]
    fn the_base_stays_100_when_asked() {
        let set = DataSet::builtin().set;
        let mut p = points(&set);
        for (k, x) in p.iter_mut().enumerate() {
            if set.kind_of(&set.indicators[k]) == CategoryKind::Base {
                *x *= if k % 3 == 0 { d("1.17") } else { d("0.91") };
            }
        }
        let bonus_before: Vec<Decimal> = (0..p.len())
            .filter(|&k| set.kind_of(&set.indicators[k]) != CategoryKind::Base)
            .map(|k| p[k])
            .collect();
        let kept = keep_base(&set, &p);
        let new = reweight(&set, &kept).unwrap();
        assert_eq!(new.base_max(), d("100"));
        let bonus_after: Vec<Decimal> = (0..p.len())
            .filter(|&k| set.kind_of(&set.indicators[k]) != CategoryKind::Base)
            .map(|k| kept[k])
            .collect();
        assert_eq!(bonus_before, bonus_after);
        // Without asking, the base is what the points add up to.
        assert_ne!(reweight(&set, &p).unwrap().base_max(), d("100"));
        // Points that already add up to 100 are kept as they are.
        assert_eq!(keep_base(&set, &points(&set)), points(&set));
    }
}
