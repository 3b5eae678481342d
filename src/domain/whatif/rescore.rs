//! Scoring again by the rules: how every ranked office's score on an indicator follows the
//! indicator's points ([`Response`]), and every office scored and ranked with other points
//! ([`Model`]).

use crate::domain::assessment::{rank, OfficeResult};
use crate::domain::decision::COUNT_LABEL;
use crate::domain::indicators::{CategoryKind, Indicator, IndicatorSet, Rule};
use crate::domain::points::{checked_mul_ratio, parse, Decimal};
use crate::domain::scoring::{IndicatorScore, NOT_FILLED, NO_BUSINESS};

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

#[cfg(test)]
mod tests {
    use super::super::tests::{builtin, d};
    use super::*;
    use crate::data::DataSet;

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
