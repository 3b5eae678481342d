//! Points: exact decimals with two places. No binary floating point anywhere a score is
//! computed, summed, compared or ranked.

use rust_decimal::prelude::*;
pub use rust_decimal::Decimal;

/// Rounds to two decimals, half away from zero (the spec's one rounding per indicator).
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The largest number of points of one indicator (and of a deduction's or bonus's `per`),
/// as an indicator set may give it. With at most
/// [`MAX_INDICATORS`](super::indicators::MAX_INDICATORS) indicators, no sum of scores can
/// come near the limits of [`Decimal`].
pub const MAX_POINTS: i64 = 1000;

/// The largest count (数量, 总数) a return may give: counts are whole numbers from 0 to
/// this (scoring.md, "Counts are plausible whole numbers").
pub const MAX_COUNT: i64 = 1_000_000;

/// The largest 自评得分 (in absolute value) read from a return; a larger claim is not a
/// score anyone meant, and is reported instead of summed.
pub const MAX_CLAIM: i64 = 1_000_000;

/// `pts × num / den`, rounded once to two decimals, half away from zero, computed on
/// integers so that the rounding is exact for any fraction (no intermediate 28-digit
/// quotient). `None` when `den` is zero or a step would overflow: checked throughout, it
/// never panics.
pub fn checked_mul_ratio(pts: Decimal, num: Decimal, den: Decimal) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    let product = pts.checked_mul(num)?;
    // Bring product and den to integers at a common scale.
    let scale = product.scale().max(den.scale());
    let p = mantissa_at(product, scale)?;
    let q = mantissa_at(den, scale)?;
    // value = p / q; we want round(value × 100) / 100.
    let n = p.checked_mul(100)?;
    let (mut quot, rem) = (n.checked_div(q)?, n.checked_rem(q)?);
    if rem.unsigned_abs().checked_mul(2)? >= q.unsigned_abs() {
        if (n < 0) != (q < 0) {
            quot = quot.checked_sub(1)?;
        } else {
            quot = quot.checked_add(1)?;
        }
    }
    Decimal::try_from_i128_with_scale(quot, 2).ok()
}

/// [`checked_mul_ratio`] for what is only shown (a percentage, a mean): 0 where it has no
/// answer (a zero `den`, an overflow). Scores use [`checked_mul_ratio`].
pub fn mul_ratio(pts: Decimal, num: Decimal, den: Decimal) -> Decimal {
    checked_mul_ratio(pts, num, den).unwrap_or_default()
}

fn mantissa_at(d: Decimal, scale: u32) -> Option<i128> {
    10i128
        .checked_pow(scale.checked_sub(d.scale())?)?
        .checked_mul(d.mantissa())
}

/// The sum of some points, `None` on overflow (which the bounds on data files and counts
/// rule out; checked all the same).
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |s, v| s.checked_add(v))
}

/// Formats points with exactly two decimals (`45.00`).
pub fn fmt2(d: Decimal) -> String {
    let mut r = round2(d);
    r.rescale(2);
    r.to_string()
}

/// Parses a decimal written in a data file or on a command line (`6`, `0.6`, `-1.25`).
pub fn parse(s: &str) -> Option<Decimal> {
    Decimal::from_str_exact(s.trim()).ok()
}

/// Converts a spreadsheet number to a decimal through its shortest round-trip text, which is
/// the number the writer meant (`4.5` stays 4.5, `0.1` stays 0.1). `None` for NaN and
/// infinities.
pub fn from_sheet_number(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    let s = format!("{f}");
    Decimal::from_str_exact(&s)
        .ok()
        .or_else(|| Decimal::from_scientific(&format!("{f:e}")).ok())
        .map(|d| d.normalize())
}

/// The mean of a list of points, rounded to two decimals half away from zero; `None` for an
/// empty list (or, which the bounds rule out, an overflow).
pub fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum = checked_sum(values.iter().copied())?;
    checked_mul_ratio(sum, Decimal::ONE, Decimal::from(values.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse(s).unwrap()
    }

    #[test]
    fn thirds_round_down_and_halves_away_from_zero() {
        assert_eq!(mul_ratio(d("4"), d("1"), d("3")), d("1.33"));
        assert_eq!(mul_ratio(d("5"), d("2"), d("3")), d("3.33"));
        assert_eq!(mul_ratio(d("4"), d("2"), d("3")), d("2.67"));
        assert_eq!(mul_ratio(d("5"), d("3"), d("40")), d("0.38"));
        assert_eq!(mul_ratio(d("-5"), d("3"), d("40")), d("-0.38"));
        assert_eq!(mul_ratio(d("8"), d("0.5"), d("1")), d("4.00"));
        assert_eq!(mul_ratio(d("7"), d("0.6"), d("1")), d("4.20"));
        assert_eq!(round2(d("0.125")), d("0.13"));
        assert_eq!(round2(d("-0.125")), d("-0.13"));
    }

    #[test]
    fn checked_arithmetic_never_panics() {
        assert_eq!(checked_mul_ratio(d("4"), d("1"), d("0")), None);
        assert_eq!(checked_mul_ratio(Decimal::MAX, d("2"), d("1")), None);
        assert_eq!(checked_mul_ratio(Decimal::MAX, Decimal::MAX, d("3")), None);
        // A tiny denominator scales the numerator past i128.
        let tiny = Decimal::new(1, 28);
        assert_eq!(checked_mul_ratio(Decimal::MAX, d("1"), tiny), None);
        assert_eq!(mul_ratio(d("4"), d("1"), d("0")), d("0"));
        // The largest inputs the bounds allow are exact.
        assert_eq!(
            checked_mul_ratio(d("1000"), d("999999"), d("1000000")),
            Some(d("999.999").round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        );
        assert_eq!(checked_sum([Decimal::MAX, d("1")]), None);
        assert_eq!(checked_sum([d("1.5"), d("2")]), Some(d("3.5")));
    }

    #[test]
    fn sheet_numbers_keep_their_written_value() {
        assert_eq!(from_sheet_number(4.5), Some(d("4.5")));
        assert_eq!(from_sheet_number(0.1), Some(d("0.1")));
        assert_eq!(from_sheet_number(3.0), Some(d("3")));
        assert_eq!(from_sheet_number(f64::NAN), None);
    }

    #[test]
    fn formatting_has_two_decimals() {
        assert_eq!(fmt2(d("45")), "45.00");
        assert_eq!(fmt2(d("1.5")), "1.50");
        assert_eq!(fmt2(d("0")), "0.00");
    }

    #[test]
    fn mean_is_rounded_once() {
        assert_eq!(mean(&[d("1"), d("1"), d("2")]), Some(d("1.33")));
        assert_eq!(mean(&[]), None);
    }
}
