//! Scoring again under other points per indicator, from each office's exact rates.
//!
//! The **rate** of an indicator is the score that counts (the decision where there is one)
//! over the indicator's points, an exact fraction. Under new points p′ the score is
//! rate × p′, rounded once to two decimals, half away from zero, as scoring.md rounds an
//! indicator's score ([`checked_mul_ratio`]). Categories, base, bonus, total, 等次 (with the
//! veto that counts, reported or decided, and the quota) and ranks are made again by
//! [`OfficeResult::new`] and [`assess`]. With the official points every result is the
//! official one.
//!
//! A rate is not a rule: a deduction (`max(0, pts − n × per)`) or a capped bonus does not
//! scale with its points, and a ratio's score was rounded before its rate was taken. What
//! the rules themselves give under other points is [`crate::domain::whatif`]'s (the 模拟
//! view, whose ranks equal `kaoping score` with the indicator file it writes).

use super::assessment::{assess, OfficeResult};
use super::indicators::{CategoryKind, IndicatorSet};
use super::plan::Plan;
use super::points::{checked_mul_ratio, checked_sum, Decimal, MAX_POINTS};

/// The indicator set with `points` (one per indicator, in set order) instead of its own;
/// each category's maximum becomes the sum of its indicators' points. Refused, with the
/// reason in Chinese, as the indicator file's loader would refuse it: a number of points
/// that is not the number of indicators, a value below 0 or above [`MAX_POINTS`] or with
/// more than two decimals, or points on a veto indicator.
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
            return Err(format!("指标 {} 为一票否决项，不计分值", ind.id));
        }
        ind.points = p;
    }
    for c in &mut new.categories {
        // At most MAX_INDICATORS × MAX_POINTS: no overflow.
        let sum = checked_sum(
            new.indicators
                .iter()
                .filter(|i| i.category == c.id)
                .map(|i| i.points),
        )
        .unwrap_or(Decimal::MAX);
        c.max = sum;
    }
    Ok(new)
}

/// The score of an indicator of `old` points, `used` of them, under `new` points: the rate
/// `used ÷ old` times `new`, rounded once to two decimals (0 for an indicator of no points).
pub fn rescale_score(used: Decimal, old: Decimal, new: Decimal) -> Decimal {
    if old == new {
        return used;
    }
    checked_mul_ratio(new, used, old).unwrap_or(Decimal::ZERO)
}

/// Every ranked office of `results` (scored with `set`) scored again with the points of
/// `set_new` (made from `set` by [`reweight`]), from its rates, and ranked again: in ranked
/// order, as [`assess`] returns them. The veto that counts (reported or decided), the claims
/// and the file are kept; computed and decided scores are both rescaled.
pub fn rescore_with(
    set: &IndicatorSet,
    set_new: &IndicatorSet,
    plan: &Plan,
    results: &[OfficeResult],
) -> Vec<OfficeResult> {
    let rescored = results
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
    use std::path::Path;

    fn d(s: &str) -> Decimal {
        parse(s).unwrap()
    }

    fn samples() -> (DataSet, Report) {
        let data = DataSet::builtin();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
        let files = crate::import::collect(&[dir]).unwrap();
        let report = Report::build(&data, &files);
        (data, report)
    }

    fn points(set: &IndicatorSet) -> Vec<Decimal> {
        set.indicators.iter().map(|i| i.points).collect()
    }

    #[test]
    fn the_official_points_give_the_official_results() {
        let (data, report) = samples();
        let same = reweight(&data.set, &points(&data.set)).unwrap();
        assert_eq!(same, data.set);
        let again = rescore_with(&data.set, &same, &data.plan, &report.results);
        assert_eq!(again, report.results);
    }

    #[test]
    fn a_rate_is_rescaled_and_rounded_once() {
        assert_eq!(rescale_score(d("2.4"), d("4"), d("7")), d("4.20"));
        assert_eq!(rescale_score(d("4"), d("6"), d("7")), d("4.67"));
        assert_eq!(rescale_score(d("0"), d("0"), d("3")), d("0"));
        assert_eq!(rescale_score(d("3"), d("3"), d("3")), d("3"));
    }

    #[test]
    fn category_maxima_follow_their_indicators() {
        let (data, report) = samples();
        let mut p = points(&data.set);
        let d1 = data.set.index_of("D1").unwrap();
        p[d1] = d("9.5");
        let new = reweight(&data.set, &p).unwrap();
        assert_eq!(new.category("D").unwrap().max, d("18.5"));
        assert_eq!(new.base_max(), d("103.5"));
        let again = rescore_with(&data.set, &new, &data.plan, &report.results);
        assert_eq!(again.len(), report.results.len());
        for r in &again {
            let old = report.result_of(r.office).unwrap();
            let k = d1;
            let (o, n) = (old.indicators[k].used(), r.indicators[k].used());
            assert_eq!(n, checked_mul_ratio(d("9.5"), o, d("6")).unwrap());
        }
    }

    #[test]
    fn refusals_say_why() {
        let data = DataSet::builtin();
        let mut p = points(&data.set);
        assert!(reweight(&data.set, &p[1..]).unwrap_err().contains("21"));
        p[0] = d("-1");
        assert!(reweight(&data.set, &p).unwrap_err().contains("A1"));
        p[0] = d("1.005");
        assert!(reweight(&data.set, &p).unwrap_err().contains("两位小数"));
        p[0] = d("1001");
        assert!(reweight(&data.set, &p).is_err());
        let mut p = points(&data.set);
        let v1 = data.set.index_of("V1").unwrap();
        p[v1] = d("1");
        assert!(reweight(&data.set, &p).unwrap_err().contains("一票否决"));
    }
}
