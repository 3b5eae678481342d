//! Points: exact decimals with two places. No binary floating point anywhere a score is
//! computed, summed, compared or ranked.

use rust_decimal::prelude::*;
pub use rust_decimal::Decimal;

/// Rounds to two decimals, half away from zero (the spec's one rounding per indicator).
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `pts × num / den`, rounded once to two decimals, half away from zero, computed on
/// integers so that the rounding is exact for any fraction (no intermediate 28-digit
/// quotient). `den` must not be zero.
pub fn mul_ratio(pts: Decimal, num: Decimal, den: Decimal) -> Decimal {
    assert!(!den.is_zero(), "mul_ratio with a zero denominator");
    let product = pts * num;
    // Bring product and den to integers at a common scale.
    let scale = product.scale().max(den.scale());
    let p = mantissa_at(product, scale);
    let q = mantissa_at(den, scale);
    // value = p / q; we want round(value × 100) / 100.
    let n = p * 100;
    let (mut quot, rem) = (n / q, n % q);
    if 2 * rem.abs() >= q.abs() {
        if (n < 0) != (q < 0) {
            quot -= 1;
        } else {
            quot += 1;
        }
    }
    Decimal::from_i128_with_scale(quot, 2)
}

fn mantissa_at(d: Decimal, scale: u32) -> i128 {
    d.mantissa() * 10i128.pow(scale - d.scale())
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
/// empty list.
pub fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().copied().sum();
    Some(mul_ratio(sum, Decimal::ONE, Decimal::from(values.len())))
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
