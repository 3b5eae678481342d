//! Ranking by total, highest first; equal totals share a rank in the set's tie style, and
//! within a tie offices keep the registry order.

use super::indicators::TieStyle;
use super::points::Decimal;

/// Ranks for `totals`, given in registry order: `result[i]` is the rank of `totals[i]`.
pub fn ranks(totals: &[Decimal], style: TieStyle) -> Vec<u32> {
    let mut order: Vec<usize> = (0..totals.len()).collect();
    // A stable sort keeps registry order within a tie.
    order.sort_by(|&a, &b| totals[b].cmp(&totals[a]));
    let mut out = vec![0; totals.len()];
    let mut rank = 0u32;
    let mut distinct = 0u32;
    for (pos, &i) in order.iter().enumerate() {
        let tied = pos > 0 && totals[order[pos - 1]] == totals[i];
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
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by(|&a, &b| totals[b].cmp(&totals[a]));
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
    fn empty_and_all_equal() {
        assert!(ranks(&[], TieStyle::Dense).is_empty());
        assert_eq!(ranks(&d(&[5, 5, 5]), TieStyle::Competition), [1, 1, 1]);
    }
}
