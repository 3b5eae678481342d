//! Every rule kind of scoring.md, on hand-made inputs, through the library.

use chrono::NaiveDate;
use kaoping::data::DataSet;
use kaoping::domain::assessment::OfficeResult;
use kaoping::domain::points::{parse, Decimal};
use kaoping::domain::scoring::{
    score_indicator, Cell, Field, IndicatorInput, IndicatorScore, Item, NOT_FILLED, NO_BUSINESS,
};

fn d(s: &str) -> Decimal {
    parse(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn val<T>(v: T, at: &str) -> Cell<T> {
    Cell::new(Field::Value(v), at)
}

fn score(id: &str, row: IndicatorInput, items: &[Item]) -> IndicatorScore {
    let data = DataSet::builtin();
    let ind = data.set.indicator(id).unwrap();
    score_indicator(&data.set, &data.calendar, ind, &[row], items)
}

fn status(w: &str) -> IndicatorInput {
    IndicatorInput {
        status: val(w.to_string(), "自评表!F5"),
        ..Default::default()
    }
}

fn counts(a: Option<i64>, b: Option<i64>) -> IndicatorInput {
    let c = |v: Option<i64>, at: &str| match v {
        Some(v) => val(Decimal::from(v), at),
        None => Cell::new(Field::Blank, at),
    };
    IndicatorInput {
        count: c(a, "自评表!G7"),
        total: c(b, "自评表!H7"),
        ..Default::default()
    }
}

fn item(start: &str, publish: Option<&str>) -> Item {
    Item {
        name: "事项".into(),
        start: val(date(start), "时效明细!C2"),
        publish: match publish {
            Some(p) => val(date(p), "时效明细!D2"),
            None => Cell::new(Field::Blank, "时效明细!D2"),
        },
        ..Default::default()
    }
}

#[test]
fn level_words_multiply() {
    assert_eq!(score("A2", status("完成"), &[]).computed, d("4.00"));
    assert_eq!(score("A2", status("基本完成"), &[]).computed, d("2.40"));
    assert_eq!(score("B1", status("基本完成"), &[]).computed, d("4.80"));
    assert_eq!(score("A2", status("未完成"), &[]).computed, d("0"));
    let blank = score("A2", IndicatorInput::default(), &[]);
    assert_eq!(blank.computed, d("0"));
    assert_eq!(blank.notes, [NOT_FILLED]);
    let bad = score("A2", status("差不多"), &[]);
    assert_eq!(bad.computed, d("0"));
    assert_eq!(bad.errors[0].at.as_deref(), Some("自评表!F5"));
}

#[test]
fn ratio_rounds_once_half_away_from_zero() {
    // 4 × 1/3 = 1.33; 5 × 2/3 = 3.33
    assert_eq!(
        score("A3", counts(Some(1), Some(3)), &[]).computed,
        d("1.33")
    );
    assert_eq!(
        score("A7", counts(Some(2), Some(3)), &[]).computed,
        d("3.33")
    );
    // 4 × 2/3 = 2.666… → 2.67; 5 × 3/40 = 0.375 → 0.38 (half away from zero)
    assert_eq!(
        score("A3", counts(Some(2), Some(3)), &[]).computed,
        d("2.67")
    );
    assert_eq!(
        score("A7", counts(Some(3), Some(40)), &[]).computed,
        d("0.38")
    );
    let none = score("A3", counts(Some(0), Some(0)), &[]);
    assert_eq!(none.computed, d("4"));
    assert_eq!(none.notes, [NO_BUSINESS]);
    let blank = score("A3", counts(None, None), &[]);
    assert_eq!(
        (blank.computed, blank.notes.clone()),
        (d("0"), vec![NOT_FILLED.to_string()])
    );
    let over = score("A3", counts(Some(5), Some(3)), &[]);
    assert_eq!(over.computed, d("0"));
    assert_eq!(over.errors[0].at.as_deref(), Some("自评表!G7"));
    let neg = score("A3", counts(Some(-1), Some(3)), &[]);
    assert!(neg.errors[0].message.contains("负数"));
    let half = score("A3", counts(Some(1), None), &[]);
    assert_eq!(half.errors[0].at.as_deref(), Some("自评表!H7"));
}

#[test]
fn timeliness_counts_working_days_across_holidays() {
    // A6: 7 working days. 2018-09-28 → 2018-10-09 is 4 working days: on time.
    let s = score(
        "A6",
        IndicatorInput::default(),
        &[item("2018-09-28", Some("2018-10-09"))],
    );
    assert_eq!(s.computed, d("6.00"));
    // B2: 1 working day. Fri 2018-09-28 → Sat 2018-09-29 (make-up day): 1, on time.
    let s = score(
        "B2",
        IndicatorInput::default(),
        &[item("2018-09-28", Some("2018-09-29"))],
    );
    assert_eq!(s.computed, d("7.00"));
    // B2: Sat 09-29 → Mon 10-08: 09-30 and 10-08 are working days: 2, late.
    let s = score(
        "B2",
        IndicatorInput::default(),
        &[item("2018-09-29", Some("2018-10-08"))],
    );
    assert_eq!(s.computed, d("0"));
    // 2 of 3 on time (one unpublished) on 6 points: 4.00; 5 of 7 on 7 points: 5.00.
    let s = score(
        "A4",
        IndicatorInput::default(),
        &[
            item("2018-02-09", Some("2018-03-12")),
            item("2018-05-02", Some("2018-05-03")),
            item("2018-06-01", None),
        ],
    );
    assert_eq!(s.computed, d("4.00"));
    // Spring Festival: 2018-01-31 → 2018-03-05 is exactly 20 working days (with the make-up
    // days 02-11 and 02-24, without 02-15…02-21); one day more is late.
    let s = score(
        "A4",
        IndicatorInput::default(),
        &[item("2018-01-31", Some("2018-03-05"))],
    );
    assert_eq!(s.computed, d("6.00"));
    let s = score(
        "A4",
        IndicatorInput::default(),
        &[item("2018-01-31", Some("2018-03-06"))],
    );
    assert_eq!(s.computed, d("0"));
    let none = score("D1", IndicatorInput::default(), &[]);
    assert_eq!(
        (none.computed, none.notes.clone()),
        (d("6"), vec![NO_BUSINESS.to_string()])
    );
}

#[test]
fn timeliness_errors_are_row_errors() {
    let s = score(
        "D1",
        IndicatorInput::default(),
        &[item("2018-05-10", Some("2018-05-09"))],
    );
    assert_eq!(s.computed, d("0"));
    assert_eq!(s.errors[0].at.as_deref(), Some("时效明细!D2"));
    let s = score(
        "D1",
        IndicatorInput::default(),
        &[item("2018-12-28", Some("2019-01-03"))],
    );
    assert!(s.errors[0].message.contains("2019-01-03"), "{:?}", s.errors);
    let mut it = item("2018-05-10", None);
    it.start = Cell::new(Field::Invalid("五月".into()), "时效明细!C9");
    let s = score("D1", IndicatorInput::default(), &[it]);
    assert_eq!(s.errors[0].at.as_deref(), Some("时效明细!C9"));
}

#[test]
fn deadline_on_time_late_blank() {
    let row = |s: &str| IndicatorInput {
        date: val(date(s), "自评表!I17"),
        ..Default::default()
    };
    assert_eq!(score("C1", row("2018-08-31"), &[]).computed, d("8"));
    assert_eq!(score("C1", row("2018-09-01"), &[]).computed, d("4.00"));
    assert_eq!(score("C1", IndicatorInput::default(), &[]).computed, d("0"));
}

#[test]
fn deduction_and_bonus() {
    assert_eq!(score("A1", counts(Some(2), None), &[]).computed, d("2"));
    assert_eq!(score("A1", counts(Some(4), None), &[]).computed, d("0"));
    assert_eq!(score("A1", counts(None, None), &[]).computed, d("6"));
    assert_eq!(score("E1", counts(Some(2), None), &[]).computed, d("2"));
    assert_eq!(score("E1", counts(Some(5), None), &[]).computed, d("3"));
    assert_eq!(score("E2", counts(Some(1), None), &[]).computed, d("2"));
    let frac = IndicatorInput {
        count: val(d("1.5"), "自评表!G5"),
        ..Default::default()
    };
    assert!(score("A1", frac, &[]).errors[0].message.contains("整数"));
}

#[test]
fn veto_caps_the_grade() {
    let data = DataSet::builtin();
    let yes = score("V1", status("是"), &[]);
    assert!(yes.veto);
    assert!(!score("V1", status("否"), &[]).veto);
    assert!(!score("V1", IndicatorInput::default(), &[]).veto);
    // Every indicator at full points, plus the veto: 100 + 0 bonus, grade capped at 良好.
    let mut scores: Vec<IndicatorScore> = data
        .set
        .indicators
        .iter()
        .map(|ind| IndicatorScore {
            id: ind.id.clone(),
            computed: if ind.id.starts_with('E') {
                Decimal::ZERO
            } else {
                ind.points
            },
            claimed: None,
            decided: None,
            notes: vec![],
            errors: vec![],
            warnings: vec![],
            veto: false,
            note: String::new(),
            evidence: String::new(),
        })
        .collect();
    let r = OfficeResult::new(&data.set, 0, scores.clone());
    assert_eq!((r.total, r.grade.as_str()), (d("100"), "优秀"));
    *scores.last_mut().unwrap() = yes;
    let r = OfficeResult::new(&data.set, 0, scores);
    assert_eq!(
        (r.total, r.grade.as_str(), r.veto),
        (d("100"), "良好", true)
    );
}

#[test]
fn a_duplicated_id_is_a_row_error() {
    let data = DataSet::builtin();
    let ind = data.set.indicator("A2").unwrap();
    let mut a = status("完成");
    a.row = Some("自评表!6".into());
    let mut b = status("完成");
    b.row = Some("自评表!9".into());
    let s = score_indicator(&data.set, &data.calendar, ind, &[a, b], &[]);
    assert_eq!(s.computed, d("0"));
    assert!(
        s.errors[0].message.contains("自评表!6、自评表!9"),
        "{:?}",
        s.errors
    );
    let missing = score_indicator(&data.set, &data.calendar, ind, &[], &[]);
    assert_eq!(missing.notes, [NOT_FILLED]);
}
