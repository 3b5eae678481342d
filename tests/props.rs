//! Invariants over random inputs: 0 ≤ score ≤ points for every rule, totals are sums of
//! categories, ranks agree with totals.

use chrono::NaiveDate;
use kaoping::data::DataSet;
use kaoping::domain::assessment::{assess, OfficeResult};
use kaoping::domain::indicators::{CategoryKind, TieStyle};
use kaoping::domain::points::Decimal;
use kaoping::domain::ranking::ranks;
use kaoping::domain::scoring::{score_return, Cell, Field, IndicatorInput, Item, OfficeReturn};
use proptest::prelude::*;
use std::sync::OnceLock;

fn data() -> &'static DataSet {
    static D: OnceLock<DataSet> = OnceLock::new();
    D.get_or_init(DataSet::builtin)
}

fn num() -> impl Strategy<Value = Field<Decimal>> {
    prop_oneof![
        Just(Field::Blank),
        (-3i64..60).prop_map(|n| Field::Value(Decimal::from(n))),
        (0i64..1000).prop_map(|n| Field::Value(Decimal::new(n, 2))),
        Just(Field::Invalid("三件".to_string())),
    ]
}

fn date() -> impl Strategy<Value = Field<NaiveDate>> {
    prop_oneof![
        Just(Field::Blank),
        (0u64..400).prop_map(|d| Field::Value(
            NaiveDate::from_ymd_opt(2017, 12, 15).unwrap() + chrono::Days::new(d)
        )),
        Just(Field::Invalid("去年".to_string())),
    ]
}

fn status() -> impl Strategy<Value = Field<String>> {
    prop_oneof![
        Just(Field::Blank),
        prop::sample::select(vec!["完成", "基本完成", "未完成", "是", "否", "进行中"])
            .prop_map(|s| Field::Value(s.to_string())),
    ]
}

fn row() -> impl Strategy<Value = IndicatorInput> {
    (status(), num(), num(), date(), num()).prop_map(|(s, c, t, d, cl)| IndicatorInput {
        status: Cell::new(s, "自评表!F5"),
        count: Cell::new(c, "自评表!G5"),
        total: Cell::new(t, "自评表!H5"),
        date: Cell::new(d, "自评表!I5"),
        claimed: Cell::new(cl, "自评表!J5"),
        ..Default::default()
    })
}

fn item() -> impl Strategy<Value = Item> {
    (date(), date()).prop_map(|(s, p)| Item {
        name: "事项".into(),
        start: Cell::new(s, "时效明细!C2"),
        publish: Cell::new(p, "时效明细!D2"),
        ..Default::default()
    })
}

fn office_return() -> impl Strategy<Value = OfficeReturn> {
    let n = data().set.indicators.len();
    (
        prop::collection::vec(prop::option::weighted(0.9, row()), n),
        prop::collection::vec(prop::collection::vec(item(), 0..5), 4),
    )
        .prop_map(|(rows, items)| {
            let set = &data().set;
            let mut r = OfficeReturn::default();
            for (ind, row) in set.indicators.iter().zip(rows) {
                if let Some(row) = row {
                    r.rows.insert(ind.id.clone(), vec![row]);
                }
            }
            for (id, its) in ["A4", "A6", "B2", "D1"].iter().zip(items) {
                r.items.insert(id.to_string(), its);
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_score_lies_within_its_points(ret in office_return()) {
        let d = data();
        let scores = score_return(&d.set, &d.calendar, &ret);
        for (ind, s) in d.set.indicators.iter().zip(&scores) {
            prop_assert!(s.computed >= Decimal::ZERO, "{} {}", ind.id, s.computed);
            prop_assert!(s.computed <= ind.points, "{} {} > {}", ind.id, s.computed, ind.points);
            prop_assert!(s.computed.scale() <= 2 || s.computed.normalize().scale() <= 2);
            if !s.errors.is_empty() {
                prop_assert_eq!(s.computed, Decimal::ZERO);
            }
        }
        let r = OfficeResult::new(&d.set, 0, scores);
        let cats: Decimal = r.categories.iter().copied().sum();
        prop_assert_eq!(r.total, cats);
        prop_assert_eq!(r.total, r.base + r.bonus);
        prop_assert!(r.base <= d.set.base_max());
        let bonus_max: Decimal = d.set.categories.iter().filter(|c| c.kind == CategoryKind::Bonus).map(|c| c.max).sum();
        prop_assert!(r.bonus <= bonus_max);
    }

    #[test]
    fn ranks_agree_with_totals(totals in prop::collection::vec(0i64..300, 0..60), dense in any::<bool>()) {
        let totals: Vec<Decimal> = totals.into_iter().map(|t| Decimal::new(t, 1)).collect();
        let style = if dense { TieStyle::Dense } else { TieStyle::Competition };
        let r = ranks(&totals, style);
        for i in 0..totals.len() {
            for j in 0..totals.len() {
                if totals[i] > totals[j] { prop_assert!(r[i] < r[j]); }
                if totals[i] == totals[j] { prop_assert_eq!(r[i], r[j]); }
            }
            let greater = totals.iter().filter(|t| **t > totals[i]).count() as u32;
            if dense {
                let mut distinct: Vec<&Decimal> = totals.iter().filter(|t| **t > totals[i]).collect();
                distinct.sort();
                distinct.dedup();
                prop_assert_eq!(r[i], distinct.len() as u32 + 1);
            } else {
                prop_assert_eq!(r[i], greater + 1);
            }
        }
    }

    #[test]
    fn assessed_offices_come_in_rank_order(rets in prop::collection::vec(office_return(), 1..8)) {
        let d = data();
        let results: Vec<OfficeResult> = rets.iter().enumerate()
            .map(|(o, r)| OfficeResult::new(&d.set, o, score_return(&d.set, &d.calendar, r)))
            .collect();
        let ranked = assess(&d.set, &d.plan, results);
        for w in ranked.windows(2) {
            prop_assert!(w[0].total >= w[1].total);
            prop_assert!(w[0].rank <= w[1].rank);
            if w[0].total == w[1].total { prop_assert!(w[0].office < w[1].office); }
        }
        for r in &ranked {
            for g in &r.gaps.categories {
                prop_assert!(g.best >= g.score);
                prop_assert_eq!(g.behind_best, g.best - g.score);
            }
        }
    }
}
