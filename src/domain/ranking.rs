//! Ranking by total, highest first (or by 等次 first, then total: `[ranking] order`); equal
//! keys share a rank in the set's tie style, and within a tie offices keep the registry
//! order.

use super::indicators::{RankingOrder, TieStyle};
use super::points::Decimal;
use std::cmp::Reverse;

/// Ranks for `totals`, given in registry order: `result[i]` is the rank of `totals[i]`.
pub fn ranks(totals: &[Decimal], style: TieStyle) -> Vec<u32> {
    ranks_by(&by_total(totals), style)
}

/// The keys that order offices by total, highest first.
fn by_total(totals: &[Decimal]) -> Vec<Reverse<Decimal>> {
    totals.iter().copied().map(Reverse).collect()
}

/// The key of an office in the ranking: its 等次's position (0 for the top one) when the
/// set orders by 等次 (`[ranking] order = "grade"`), else 0; then its total, highest first.
pub type Key = (usize, Reverse<Decimal>);

/// The ranking keys of offices by `order`, from their 等次 positions and totals.
pub fn keys(order: RankingOrder, grades: &[usize], totals: &[Decimal]) -> Vec<Key> {
    grades
        .iter()
        .zip(totals)
        .map(|(g, t)| {
            let g = match order {
                RankingOrder::Total => 0,
                RankingOrder::Grade => *g,
            };
            (g, Reverse(*t))
        })
        .collect()
}

/// Ranks by `keys` (the least key first), given in registry order: equal keys share a rank
/// in the tie style; `result[i]` is the rank of `keys[i]`.
pub fn ranks_by<K: Ord>(keys: &[K], style: TieStyle) -> Vec<u32> {
    let order = ranked_order_by(keys);
    let mut out = vec![0; keys.len()];
    let mut rank = 0u32;
    let mut distinct = 0u32;
    for (pos, &i) in order.iter().enumerate() {
        let tied = pos > 0 && keys[order[pos - 1]] == keys[i];
        if !tied {
            distinct += 1;
            rank = match style {
                TieStyle::Competition => pos as u32 + 1,
                TieStyle::Dense => distinct,
            };
        }
        out[i] = rank;
    }
    out
}

/// The positions of `totals` in ranked order (highest first, registry order within a tie).
pub fn ranked_order(totals: &[Decimal]) -> Vec<usize> {
    ranked_order_by(&by_total(totals))
}

/// The positions of `keys` in ranked order (the least key first; a stable sort keeps the
/// registry order within a tie).
pub fn ranked_order_by<K: Ord>(keys: &[K]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    #[test]
    fn competition_and_dense() {
        let t = d(&[90, 95, 90, 80]);
        assert_eq!(ranks(&t, TieStyle::Competition), [2, 1, 2, 4]);
        assert_eq!(ranks(&t, TieStyle::Dense), [2, 1, 2, 3]);
        assert_eq!(ranked_order(&t), [1, 0, 2, 3]);
    }

    #[test]
    fn by_grade_first_then_total() {
        // 等次 positions (0 = 优秀) and totals: a capped 良好 office at 95 stands below the
        // 优秀 office at 91 when ordering by grade, above it when ordering by total.
        let (g, t) = ([1, 0, 1, 2], d(&[95, 91, 85, 85]));
        let by_grade = keys(RankingOrder::Grade, &g, &t);
        assert_eq!(ranked_order_by(&by_grade), [1, 0, 2, 3]);
        assert_eq!(ranks_by(&by_grade, TieStyle::Competition), [2, 1, 3, 4]);
        let by_total = keys(RankingOrder::Total, &g, &t);
        assert_eq!(ranked_order_by(&by_total), [0, 1, 2, 3]);
        // Equal totals in different 等次 do not tie when ordering by grade.
        assert_eq!(ranks_by(&by_total, TieStyle::Dense), [1, 2, 3, 3]);
    }

    #[test]
    fn empty_and_all_equal() {
        assert!(ranks(&[], TieStyle::Dense).is_empty());
        assert_eq!(ranks(&d(&[5, 5, 5]), TieStyle::Competition), [1, 1, 1]);
    }
}
