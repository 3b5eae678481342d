//! Spot checks (抽查): which offices overclaim (自评虚高), what may be drawn from an office's
//! return, and the draw itself, reproducible from a seed on any machine.
//!
//! - **Population.** Per office, in set order: for each indicator, its own row when the
//!   office claims full marks there (自评得分 = the indicator's points; never a veto
//!   indicator, which carries none), then, on a timeliness indicator, every 时效明细 item in
//!   the order of the return. An item is named by its key ([`super::checks::item_keys`]).
//! - **How many.** `per_office` things per office, [`OVERCLAIM_FACTOR`] times as many from
//!   an office that overclaims ([`overclaims`]); all of them when the population is smaller.
//! - **The draw.** Each office has its own random stream, so that what is drawn from one
//!   office depends only on the seed, the office's name and its own population (a resent
//!   return of another office changes nothing here): ChaCha8 (`rand_chacha`'s `ChaCha8Rng`)
//!   keyed with the seed (its 8 bytes little-endian, then 24 zero bytes), on the stream
//!   numbered by the first 8 bytes (little-endian) of the SHA-256 of the office's name
//!   (UTF-8). From that stream, a partial Fisher–Yates shuffle: for i = 0, 1, …, k − 1, a
//!   uniform j in i…n − 1 is taken and positions i and j are swapped; the first k positions
//!   are drawn, and listed in population order. A uniform number below m is a 64-bit word
//!   (`next_u64`) taken modulo m, words at or above the largest multiple of m below 2⁶⁴ being
//!   thrown away and another taken (no bias). Nothing else is read from the stream, and
//!   nothing here depends on the platform, the word size or a library's sampling routine.

use super::assessment::OfficeResult;
use super::checks::item_keys;
use super::indicators::{IndicatorSet, Rule};
use super::points::Decimal;
use super::scoring::{IndicatorScore, OfficeReturn};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// An office that overclaims is drawn this many times `per_office` things.
pub const OVERCLAIM_FACTOR: usize = 2;

/// Whether an office overclaims (自评虚高): its 自评分 total exceeds its 最终得分 total by
/// more than the set's `overclaim_flag` (scoring.md). It changes no score.
pub fn overclaims(set: &IndicatorSet, r: &OfficeResult) -> bool {
    r.claim_difference().is_some_and(|d| d > set.overclaim_flag)
}

/// One thing that may be drawn from an office's return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The indicator's id.
    pub indicator: String,
    /// What is checked: the indicator's own row (a claimed full mark) or one of its items.
    pub what: Thing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thing {
    /// The indicator's own row: the office claims its full points.
    Claim(Decimal),
    /// A 时效明细 item: its key and its position among the indicator's items.
    Item { key: String, index: usize },
}

impl Candidate {
    /// The item key as the store keeps it: '' for the indicator's own row.
    pub fn item_key(&self) -> &str {
        match &self.what {
            Thing::Claim(_) => "",
            Thing::Item { key, .. } => key,
        }
    }
}

/// The things that may be drawn from an office's return, in order (see the module's
/// documentation): `scores` are the office's indicator scores in set order, `ret` its
/// return.
pub fn population(
    set: &IndicatorSet,
    scores: &[IndicatorScore],
    ret: &OfficeReturn,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (ind, s) in set.indicators.iter().zip(scores) {
        let full = !matches!(ind.rule, Rule::Veto)
            && ind.points > Decimal::ZERO
            && s.claimed == Some(ind.points);
        if full {
            out.push(Candidate {
                indicator: ind.id.clone(),
                what: Thing::Claim(ind.points),
            });
        }
        if let Rule::Timeliness { .. } = ind.rule {
            let items = ret.items.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
            out.extend(
                item_keys(items)
                    .into_iter()
                    .enumerate()
                    .map(|(index, key)| Candidate {
                        indicator: ind.id.clone(),
                        what: Thing::Item { key, index },
                    }),
            );
        }
    }
    out
}

/// How many things to draw from an office: `per_office`, or [`OVERCLAIM_FACTOR`] times
/// as many when it overclaims (saturating).
pub fn quota(per_office: usize, overclaims: bool) -> usize {
    if overclaims {
        per_office.saturating_mul(OVERCLAIM_FACTOR)
    } else {
        per_office
    }
}

/// The random stream of an office: ChaCha8 keyed with the seed, on the office's stream.
fn stream(seed: u64, office: &str) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut rng = ChaCha8Rng::from_seed(key);
    use sha2::Digest;
    let h = sha2::Sha256::digest(office.as_bytes());
    let mut id = [0u8; 8];
    id.copy_from_slice(&h[..8]);
    rng.set_stream(u64::from_le_bytes(id));
    rng
}

/// A uniform number below `m` (≥ 1), without bias: words at or above the largest multiple
/// of `m` that fits in 2⁶⁴ are thrown away.
fn below(rng: &mut ChaCha8Rng, m: u64) -> u64 {
    // 2⁶⁴ mod m: the words past the last whole multiple of m.
    let rest = (u64::MAX % m + 1) % m;
    loop {
        let x = rng.next_u64();
        if rest == 0 || x <= u64::MAX - rest {
            return x % m;
        }
    }
}

/// The positions (ascending) of `k` of `n` things drawn for `office` with `seed`; all of
/// them when `k ≥ n`.
pub fn draw_positions(seed: u64, office: &str, n: usize, k: usize) -> Vec<usize> {
    if k >= n {
        return (0..n).collect();
    }
    let mut rng = stream(seed, office);
    let mut order: Vec<usize> = (0..n).collect();
    for i in 0..k {
        // n ≤ usize::MAX fits in u64 on every platform Rust supports.
        let j = i + below(&mut rng, (n - i) as u64) as usize;
        order.swap(i, j);
    }
    let mut drawn = order[..k].to_vec();
    drawn.sort_unstable();
    drawn
}

/// Draws from one office's population: `k` things (all when fewer), in population order.
pub fn draw(seed: u64, office: &str, population: &[Candidate], k: usize) -> Vec<Candidate> {
    draw_positions(seed, office, population.len(), k)
        .into_iter()
        .map(|i| population[i].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::{Cell, Field, Item};

    #[test]
    fn the_stream_is_chacha8_keyed_by_the_seed_on_the_offices_stream() {
        // The words are those of ChaCha8 itself: pinned, so that a change of crate or
        // version that changed them fails here before it changes a draw.
        let mut a = stream(2018, "北京海关");
        let mut b = stream(2018, "北京海关");
        let first: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..4).map(|_| b.next_u64()).collect::<Vec<_>>());
        let mut other = stream(2018, "天津海关");
        assert_ne!(first[0], other.next_u64());
        let mut seed = stream(2019, "北京海关");
        assert_ne!(first[0], seed.next_u64());
        let mut zero = ChaCha8Rng::from_seed([0; 32]);
        assert_eq!(zero.next_u64(), PINNED_ZERO);
    }

    /// The first word of ChaCha8 with the zero key and nonce: the keystream of the published
    /// test vector (draft-strombergson-chacha-test-vectors, TC1, 8 rounds) begins
    /// `3e 00 ef 2f 89 5f 40 d6`, read little-endian.
    const PINNED_ZERO: u64 = 0xd640_5f89_2fef_003e;

    #[test]
    fn below_is_uniform_and_in_range() {
        let mut rng = stream(7, "x");
        let mut counts = [0u32; 3];
        for _ in 0..3000 {
            counts[below(&mut rng, 3) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (900..1100).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(below(&mut rng, 1), 0);
        // A modulus near 2⁶⁴ (most words rejected half the time) still ends.
        assert!(below(&mut rng, u64::MAX / 2 + 2) < u64::MAX / 2 + 2);
    }

    #[test]
    fn positions_are_k_distinct_sorted_and_reproducible() {
        let p = draw_positions(42, "广州海关", 20, 5);
        assert_eq!(p.len(), 5);
        assert!(p.windows(2).all(|w| w[0] < w[1]));
        assert!(p.iter().all(|&i| i < 20));
        assert_eq!(p, draw_positions(42, "广州海关", 20, 5));
        assert_eq!(draw_positions(42, "广州海关", 3, 5), vec![0, 1, 2]);
        assert_eq!(draw_positions(42, "广州海关", 0, 5), Vec::<usize>::new());
        assert!(draw_positions(42, "广州海关", 20, 0).is_empty());
        // Every position is drawn about as often as any other.
        let mut seen = [0u32; 10];
        for seed in 0..2000 {
            for i in draw_positions(seed, "广州海关", 10, 3) {
                seen[i] += 1;
            }
        }
        assert!(seen.iter().all(|&c| (500..700).contains(&c)), "{seen:?}");
    }

    #[test]
    fn the_population_is_full_mark_claims_then_items_in_set_order() {
        let set = crate::data::DataSet::builtin().set;
        let mut scores: Vec<IndicatorScore> = set
            .indicators
            .iter()
            .map(|i| IndicatorScore {
                id: i.id.clone(),
                computed: Decimal::ZERO,
                claimed: Some(i.points),
                decided: None,
                notes: vec![],
                errors: vec![],
                warnings: vec![],
                veto: false,
                note: String::new(),
                evidence: String::new(),
                findings: vec![],
            })
            .collect();
        // A1 claims less than full marks; V1 (a veto) claims its 0.
        scores[0].claimed = Some(Decimal::from(4));
        let mut ret = OfficeReturn::default();
        let item = |name: &str| Item {
            name: name.into(),
            start: Cell {
                value: Field::Value(chrono::NaiveDate::from_ymd_opt(2018, 3, 1).unwrap()),
                at: None,
            },
            ..Item::default()
        };
        ret.items
            .insert("A4".into(), vec![item("甲"), item("乙"), item("甲")]);
        // Items of an indicator that is not timeliness are not drawn.
        ret.items.insert("A1".into(), vec![item("丙")]);
        let p = population(&set, &scores, &ret);
        let shown: Vec<String> = p
            .iter()
            .map(|c| format!("{}:{}", c.indicator, c.item_key()))
            .collect();
        let claims = set.indicators.len() - 2;
        assert_eq!(p.len(), claims + 3);
        assert_eq!(shown[0], "A2:");
        let a4 = shown.iter().position(|s| s == "A4:").unwrap();
        assert_eq!(
            shown[a4..a4 + 4],
            [
                "A4:",
                "A4:甲|2018-03-01",
                "A4:乙|2018-03-01",
                "A4:甲|2018-03-01#2"
            ]
        );
        assert!(!shown.iter().any(|s| s.starts_with("V1") || s == "A1:"));
        assert_eq!(
            p[a4 + 2].what,
            Thing::Item {
                key: "乙|2018-03-01".into(),
                index: 1
            }
        );
    }

    #[test]
    fn overclaiming_is_more_than_the_flag() {
        let data = crate::data::DataSet::builtin();
        let mut r = OfficeResult::new(&data.set, 0, vec![]);
        r.total = Decimal::from(80);
        r.claimed_total = None;
        assert!(!overclaims(&data.set, &r));
        r.claimed_total = Some(Decimal::from(85));
        assert!(!overclaims(&data.set, &r), "exactly the flag is not more");
        r.claimed_total = Some(Decimal::new(8501, 2));
        assert!(overclaims(&data.set, &r));
        r.claimed_total = Some(Decimal::from(70));
        assert!(!overclaims(&data.set, &r));
        assert_eq!(quota(3, true), 6);
        assert_eq!(quota(3, false), 3);
        assert_eq!(quota(usize::MAX, true), usize::MAX);
    }
}
