//! Invariants over random inputs: 0 ≤ score ≤ points for every rule, totals are sums of
//! categories, ranks agree with totals.

use chrono::NaiveDate;
use kaoping::data::DataSet;
use kaoping::domain::assessment::{assess, OfficeResult};
use kaoping::domain::indicators::{CategoryKind, TieStyle};
use kaoping::domain::points::Decimal;
use kaoping::domain::ranking::ranks;
use kaoping::domain::scoring::{
    declares_no_business, score_return, Cell, Extension, Field, IndicatorInput, Item, OfficeReturn,
};
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
        prop::sample::select(vec![
            "完成",
            "基本完成",
            "未完成",
            "是",
            "否",
            "进行中",
            "无此项业务",
            "无",
            "不涉及"
        ])
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

fn extension() -> impl Strategy<Value = Field<Extension>> {
    prop_oneof![
        3 => Just(Field::Blank),
        1 => Just(Field::Value(Extension::Full)),
        1 => (-2i64..20).prop_map(|n| Field::Value(Extension::Days(Decimal::from(n)))),
        1 => Just(Field::Invalid("经批准".to_string())),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    (date(), date(), extension()).prop_map(|(s, p, e)| Item {
        name: "事项".into(),
        start: Cell::new(s, "时效明细!C2"),
        publish: Cell::new(p, "时效明细!D2"),
        extension: Cell::new(e, "时效明细!E2"),
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

    /// Omitting evidence never scores better than giving it (scoring.md): deleting an
    /// indicator's items, or the whole 时效明细 sheet, never raises a score, the total or the
    /// 等次. The one way up is the office's own word: a row that declares 无此项业务 while
    /// listing items scores the items (with a warning, so the contradiction is shown), and
    /// the declaration alone scores full marks.
    #[test]
    fn omitting_evidence_never_scores_better(ret in office_return(), which in 0usize..5) {
        let d = data();
        let less = {
            let mut l = ret.clone();
            match ["A4", "A6", "B2", "D1"].get(which) {
                Some(id) => { l.items.remove(*id); }
                None => { l.items.clear(); l.no_items_sheet = true; }
            }
            l
        };
        let full = score_return(&d.set, &d.calendar, &ret);
        let omitted = score_return(&d.set, &d.calendar, &less);
        let mut declared_with_items = false;
        for (ind, (f, o)) in d.set.indicators.iter().zip(full.iter().zip(&omitted)) {
            if o.computed <= f.computed {
                continue;
            }
            let row = ret.rows.get(&ind.id).and_then(|r| r.first());
            prop_assert!(row.is_some_and(declares_no_business),
                "{} rose from {} to {} without a declaration", ind.id, f.computed, o.computed);
            prop_assert!(
                f.warnings.iter().any(|w| w.message.contains("已声明无此项业务")),
                "{}: the declaration with items was not flagged: {:?}", ind.id, f.warnings
            );
            declared_with_items = true;
        }
        let grade = |scores| {
            let r = OfficeResult::new(&d.set, 0, scores);
            (r.total, d.set.grade_position(&r.grade))
        };
        let (ft, fg) = grade(full);
        let (ot, og) = grade(omitted);
        if !declared_with_items {
            prop_assert!(ot <= ft, "total rose from {} to {}", ft, ot);
            prop_assert!(og >= fg, "等次 rose");
        }
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

// ---- bounds: counts and points within them never panic, outside them are row errors ------

use kaoping::domain::indicators::IndicatorSet;
use kaoping::domain::points::{MAX_COUNT, MAX_POINTS};

/// Points (or `per`) within the bounds of an indicator file: 0 … 1000, two decimals.
fn points(min_cents: i64) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::new(MAX_POINTS * 100, 2)),
        Just(Decimal::new(min_cents, 2)),
        (min_cents..=MAX_POINTS * 100).prop_map(|c| Decimal::new(c, 2)),
    ]
}

/// A multiplier within the bounds: 0 … 1, four decimals.
fn factor() -> impl Strategy<Value = Decimal> {
    (0i64..=10_000).prop_map(|f| Decimal::new(f, 4))
}

/// An indicator set within the bounds, one indicator of each rule kind that computes points
/// (level, ratio, deduction, deadline and timeliness in a base category, a bonus in a bonus
/// category), with random points, `per`, multipliers and days.
fn bounded_set() -> impl Strategy<Value = IndicatorSet> {
    (
        prop::collection::vec(points(0), 6),
        points(1),
        points(1),
        factor(),
        factor(),
        1u32..=1000,
    )
        .prop_map(|(p, per_d, per_b, level, late, days)| {
            let base: Decimal = p[..5].iter().copied().sum();
            let ind = |id: &str, cat: &str, rule: &str, pts: Decimal, extra: &str| {
                format!("[[indicator]]\nid = \"{id}\"\ncategory = \"{cat}\"\ntask = 1\ntitle = \"t\"\nrule = \"{rule}\"\npoints = \"{pts}\"\n{extra}\n")
            };
            let text = [
                format!("[set]\nname = \"p\"\nreturn_title = \"p\"\nyear = 2018\n[levels]\n\"完成\" = \"{level}\"\n\"未完成\" = \"0\"\n[deadline]\nlate_factor = \"{late}\"\n[[grade]]\nname = \"优秀\"\nmin = 0\n[veto]\ncap = \"优秀\"\nlabel = \"否决\"\n"),
                format!("[[category]]\nid = \"A\"\nname = \"a\"\nkind = \"base\"\nmax = \"{base}\"\n[[category]]\nid = \"E\"\nname = \"e\"\nkind = \"bonus\"\nmax = \"{}\"\n", p[5]),
                ind("L", "A", "level", p[0], ""),
                ind("R", "A", "ratio", p[1], ""),
                ind("D", "A", "deduction", p[2], &format!("per = \"{per_d}\"")),
                ind("T", "A", "deadline", p[3], "deadline = 2018-08-31"),
                ind("M", "A", "timeliness", p[4], &format!("days = {days}")),
                ind("B", "E", "bonus", p[5], &format!("per = \"{per_b}\"")),
            ]
            .concat();
            IndicatorSet::from_toml("bounded.toml", &text).expect("a set within the bounds loads")
        })
}

/// A plausible count: a whole number 0 … 1,000,000, the bounds often.
fn plausible() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0),
        Just(MAX_COUNT),
        Just(MAX_COUNT - 1),
        0..=MAX_COUNT,
        0i64..50
    ]
}

/// Anything a cell may hold that is not a plausible count: huge, negative or fractional,
/// up to the limits of a decimal.
fn implausible() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale)),
        (MAX_COUNT + 1..=i64::MAX).prop_map(Decimal::from),
        (i64::MIN..0).prop_map(Decimal::from),
        (0..=MAX_COUNT * 100).prop_map(|c| Decimal::new(c * 10 + 5, 3)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
    ]
    .prop_filter("not a plausible count", |v| {
        !(v.fract().is_zero() && *v >= Decimal::ZERO && *v <= Decimal::from(MAX_COUNT))
    })
}

fn on(v: Decimal, at: &str) -> Cell<Decimal> {
    Cell::new(Field::Value(v), at)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn plausible_counts_on_bounded_points_score_within_the_points(
        set in bounded_set(),
        (a, b) in plausible().prop_flat_map(|b| (0..=b, Just(b))),
        n in plausible(),
        m in plausible(),
        done in any::<bool>(),
        late in any::<bool>(),
        items in prop::collection::vec((0u64..365, 0u64..365, any::<bool>()), 0..6),
    ) {
        let cal = &data().calendar;
        let day = |k: u64| NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(k);
        let mut ret = OfficeReturn::default();
        let mut row = |id: &str, r: IndicatorInput| { ret.rows.insert(id.into(), vec![r]); };
        row("L", IndicatorInput {
            status: Cell::new(Field::Value(if done { "完成" } else { "未完成" }.into()), "自评表!F5"),
            ..Default::default()
        });
        row("R", IndicatorInput {
            count: on(Decimal::from(a), "自评表!G6"),
            total: on(Decimal::from(b), "自评表!H6"),
            ..Default::default()
        });
        row("D", IndicatorInput { count: on(Decimal::from(n), "自评表!G7"), ..Default::default() });
        row("T", IndicatorInput {
            date: Cell::new(Field::Value(if late { day(300) } else { day(10) }), "自评表!I8"),
            ..Default::default()
        });
        row("M", IndicatorInput::default());
        row("B", IndicatorInput { count: on(Decimal::from(m), "自评表!G10"), ..Default::default() });
        ret.items.insert("M".into(), items.iter().map(|&(s, len, published)| Item {
            name: "事项".into(),
            start: Cell::new(Field::Value(day(s)), "时效明细!C2"),
            publish: if published && s + len < 365 {
                Cell::new(Field::Value(day(s + len)), "时效明细!D2")
            } else {
                Cell::new(Field::Blank, "时效明细!D2")
            },
            ..Default::default()
        }).collect());
        let scores = score_return(&set, cal, &ret);
        for (ind, s) in set.indicators.iter().zip(&scores) {
            prop_assert!(s.errors.is_empty(), "{}: {:?}", ind.id, s.errors);
            prop_assert!(s.computed >= Decimal::ZERO, "{} {}", ind.id, s.computed);
            prop_assert!(s.computed <= ind.points, "{} {} > {}", ind.id, s.computed, ind.points);
            prop_assert!(s.computed.normalize().scale() <= 2, "{} {}", ind.id, s.computed);
        }
        let r = OfficeResult::new(&set, 0, scores);
        prop_assert_eq!(r.total, r.base + r.bonus);
        prop_assert!(r.base <= set.base_max());
    }

    #[test]
    fn implausible_counts_are_row_errors_at_their_cell(
        set in bounded_set(),
        v in implausible(),
        which in 0usize..4,
    ) {
        let cal = &data().calendar;
        let ten = Decimal::from(10);
        let (id, input, at) = match which {
            0 => ("D", IndicatorInput { count: on(v, "自评表!G7"), ..Default::default() }, "自评表!G7"),
            1 => ("B", IndicatorInput { count: on(v, "自评表!G10"), ..Default::default() }, "自评表!G10"),
            2 => ("R", IndicatorInput { count: on(v, "自评表!G6"), total: on(ten, "自评表!H6"), ..Default::default() }, "自评表!G6"),
            _ => ("R", IndicatorInput { count: on(Decimal::ONE, "自评表!G6"), total: on(v, "自评表!H6"), ..Default::default() }, "自评表!H6"),
        };
        let mut ret = OfficeReturn::default();
        ret.rows.insert(id.into(), vec![input]);
        let scores = score_return(&set, cal, &ret);
        let k = set.index_of(id).unwrap();
        let s = &scores[k];
        prop_assert_eq!(s.computed, Decimal::ZERO);
        prop_assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
        prop_assert_eq!(s.errors[0].at.as_deref(), Some(at));
        let r = OfficeResult::new(&set, 0, scores);
        prop_assert!(r.total <= set.base_max() + set.indicator("B").unwrap().points);
    }
}
