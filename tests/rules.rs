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

/// A count cell holding `v`.
fn count_of(v: Decimal, at: &str) -> IndicatorInput {
    IndicatorInput {
        count: val(v, at),
        total: val(Decimal::from(10), "自评表!H7"),
        ..Default::default()
    }
}

/// The out-of-bounds counts of scoring.md ("Counts are plausible whole numbers") and the
/// first ones past the bound; each with the words its row error must hold.
fn implausible_counts() -> Vec<(Decimal, &'static str)> {
    vec![
        (d("50000000000000000000000000000"), "超出合理范围"),
        (Decimal::MAX, "超出合理范围"),
        (d("1000001"), "超出合理范围"),
        (d("-1"), "负数"),
        (Decimal::MIN, "负数"),
        (d("2.5"), "整数"),
        (d("0.0000000000000000000000000001"), "整数"),
    ]
}

#[test]
fn counts_are_plausible_whole_numbers_else_a_row_error_with_the_cell() {
    // A1 deduction, A3 ratio (数量 and 总数), E1 bonus: no count can overflow a score.
    for (v, words) in implausible_counts() {
        for id in ["A1", "A3", "E1"] {
            let s = score(id, count_of(v, "自评表!G7"), &[]);
            assert_eq!(s.computed, d("0"), "{id} {v}");
            assert_eq!(s.errors.len(), 1, "{id} {v}: {:?}", s.errors);
            assert_eq!(s.errors[0].at.as_deref(), Some("自评表!G7"), "{id} {v}");
            assert!(
                s.errors[0].message.contains(words),
                "{id} {v}: {:?}",
                s.errors
            );
            assert!(s.errors[0].message.starts_with("数量"), "{:?}", s.errors);
        }
        // 总数 of a ratio.
        let row = IndicatorInput {
            count: val(d("1"), "自评表!G7"),
            total: val(v, "自评表!H7"),
            ..Default::default()
        };
        let s = score("A3", row, &[]);
        assert_eq!(s.computed, d("0"));
        assert_eq!(s.errors[0].at.as_deref(), Some("自评表!H7"), "{v}");
        assert!(s.errors[0].message.starts_with("总数"), "{:?}", s.errors);
    }
    // The bound itself is a count.
    let max = d("1000000");
    let s = score("A1", count_of(max, "自评表!G7"), &[]);
    assert_eq!((s.computed, s.errors.len()), (d("0"), 0));
    assert_eq!(s.notes, ["1000000起"]);
    let s = score("E1", count_of(max, "自评表!G7"), &[]);
    assert_eq!((s.computed, s.errors.len()), (d("3"), 0));
    let row = IndicatorInput {
        count: val(d("999999"), "自评表!G7"),
        total: val(max, "自评表!H7"),
        ..Default::default()
    };
    let s = score("A3", row, &[]);
    assert_eq!((s.computed, s.errors.len()), (d("4.00"), 0));
}

#[test]
fn an_implausible_claim_is_a_warning_and_no_sum_overflows() {
    let data = DataSet::builtin();
    let scores: Vec<IndicatorScore> = data
        .set
        .indicators
        .iter()
        .map(|ind| {
            let row = IndicatorInput {
                claimed: val(Decimal::MAX, "自评表!J5"),
                ..Default::default()
            };
            score_indicator(&data.set, &data.calendar, ind, &[row], &[])
        })
        .collect();
    for s in &scores {
        assert_eq!(s.claimed, None);
        assert!(
            s.warnings[0].message.contains("超出合理范围"),
            "{:?}",
            s.warnings
        );
        assert_eq!(s.warnings[0].at.as_deref(), Some("自评表!J5"));
    }
    let r = OfficeResult::new(&data.set, 0, scores);
    assert_eq!(r.claimed_total, None);
    // Claims at the bound are summed exactly.
    let claim = d("1000000");
    let scores: Vec<IndicatorScore> = data
        .set
        .indicators
        .iter()
        .map(|ind| {
            let row = IndicatorInput {
                claimed: val(claim, "自评表!J5"),
                ..Default::default()
            };
            score_indicator(&data.set, &data.calendar, ind, &[row], &[])
        })
        .collect();
    let r = OfficeResult::new(&data.set, 0, scores);
    assert_eq!(r.claimed_total, Some(d("21000000")));
    assert_eq!(r.claim_difference(), Some(d("21000000") - r.total));
}

/// A return of `office` from the canonical template, with `values` (indicator id, 数量,
/// 总数) written as numbers into it.
fn return_with(
    data: &DataSet,
    dir: &std::path::Path,
    office: &str,
    values: &[(&str, Option<f64>, Option<f64>)],
) -> std::path::PathBuf {
    use kaoping::export::template;
    let mut wb = template::build(data, office).unwrap();
    let ws = wb.worksheet_from_name(template::MAIN_SHEET).unwrap();
    for (id, count, total) in values {
        let row = template::FIRST_ROW + data.set.index_of(id).unwrap() as u32;
        if let Some(c) = count {
            ws.write_number(row, 6, *c).unwrap();
        }
        if let Some(t) = total {
            ws.write_number(row, 7, *t).unwrap();
        }
    }
    let path = dir.join(template::file_name(data, office));
    wb.save(&path).unwrap();
    path
}

#[test]
fn implausible_counts_in_returns_are_row_errors_end_to_end() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    let offices: Vec<String> = data.registry.offices[..5]
        .iter()
        .map(|o| o.name.clone())
        .collect();
    // On the deduction A1 and the ratios A3 (数量) and A7 (总数).
    let bad = [5e28, -1.0, 2.5, 1_000_001.0];
    for (office, v) in offices.iter().zip(bad) {
        return_with(
            &data,
            dir.path(),
            office,
            &[
                ("A1", Some(v), None),
                ("A3", Some(v), Some(10.0)),
                ("A7", Some(1.0), Some(v)),
            ],
        );
    }
    // The fifth is blank: the others must score as it does on every other indicator.
    return_with(&data, dir.path(), &offices[4], &[]);

    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec '{}' score --format json '{}'",
            bin.display(),
            dir.path().display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_office = |name: &str| {
        json["offices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["office"] == name)
            .unwrap_or_else(|| panic!("{name} is listed"))
            .clone()
    };
    let blank = by_office(&offices[4]);
    assert_eq!(blank["status"], "ranked");
    let row = |id: &str| template_row(&data, id);
    for (office, v) in offices.iter().zip(bad) {
        let o = by_office(office);
        assert_eq!(o["status"], "ranked", "{office}");
        let inds = o["indicators"].as_array().unwrap();
        for (k, ind) in inds.iter().enumerate() {
            let id = ind["id"].as_str().unwrap();
            if let Some(cell) = match id {
                "A1" | "A3" => Some(format!("自评表!G{}", row(id))),
                "A7" => Some(format!("自评表!H{}", row(id))),
                _ => None,
            } {
                assert_eq!(ind["computed"], "0.00", "{office} {id} {v}");
                assert_eq!(ind["errors"][0]["at"], cell.as_str(), "{office} {id}");
                let file = dir
                    .path()
                    .join(kaoping::export::template::file_name(&data, office));
                let line = format!("{}: {cell}: {id}：", file.display());
                assert!(stderr.contains(&line), "{line} in {stderr}");
            } else {
                assert_eq!(ind, &blank["indicators"][k], "{office} {id}");
            }
        }
        // The blank return keeps A1's 6 points; these lose them to the row error.
        let total =
            |o: &serde_json::Value| o["total"].as_str().unwrap().parse::<Decimal>().unwrap();
        assert_eq!(total(&o), total(&blank) - d("6"), "{office}");
    }
}

/// The row number (1-based, as shown) of an indicator in the canonical template.
fn template_row(data: &DataSet, id: &str) -> u32 {
    kaoping::export::template::FIRST_ROW + data.set.index_of(id).unwrap() as u32 + 1
}

#[test]
fn an_indicator_file_with_huge_points_is_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators/2018.toml"),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let cases = [
        // Points near Decimal's limit, once made the category's sum add up.
        (
            base.replacen(
                "per = 2\npoints = 6",
                "per = 2\npoints = \"79228162514264337593543950335\"",
                1,
            ),
            "indicator.A1.points",
        ),
        (
            base.replacen("id = \"A2\"", "id = \"A\\u001b[2J\"", 1),
            "upper-case letter",
        ),
        (
            base.replacen("id = \"A2\"", "id = \"a2\"", 1),
            "indicator.a2",
        ),
    ];
    for (text, want) in cases {
        let f = dir.path().join("set.toml");
        std::fs::write(&f, text).unwrap();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 1000000; exec '{}' score --indicators '{}' '{}'",
                bin.display(),
                f.display(),
                dir.path().display()
            ))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("set.toml") && stderr.contains(want),
            "{want}: {stderr}"
        );
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    // 100,000 indicators: refused before they are parsed, in little memory.
    let head = &base[..base.find("[[indicator]]").unwrap()];
    let mut text = head.to_string();
    for i in 0..100_000 {
        text.push_str(&format!("[[indicator]]\nid = \"X{i}\"\ncategory = \"A\"\ntask = 1\ntitle = \"标题{i}\"\nrule = \"level\"\npoints = 1\n\n"));
    }
    let f = dir.path().join("many.toml");
    std::fs::write(&f, text).unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec '{}' score --indicators '{}' '{}'",
            bin.display(),
            f.display(),
            dir.path().display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("many.toml") && stderr.contains("larger than"),
        "{stderr}"
    );
}

#[test]
fn a_blank_or_unprintable_evaluator_or_reason_is_exit_2() {
    let data = DataSet::builtin();
    let dir = tempfile::tempdir().unwrap();
    return_with(&data, dir.path(), "广州海关", &[]);
    let bin = assert_cmd::cargo::cargo_bin("kaoping");
    let adjust = |extra: &[&str]| {
        std::process::Command::new(&bin)
            .arg("adjust")
            .arg(dir.path())
            .args(["--office", "广州海关", "--indicator", "A3", "--score", "3"])
            .args(extra)
            .output()
            .unwrap()
    };
    let long = "理".repeat(501);
    for extra in [
        &["--reason", "复核", "--evaluator", ""][..],
        &["--reason", "复核", "--evaluator", "   "],
        &["--reason", "复核", "--evaluator", "张\u{1b}[2J三"],
        &["--reason", "第一行\n第二行"],
        &["--reason", &long],
    ] {
        let out = adjust(extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    assert!(!dir.path().join("kaoping.db").exists(), "nothing was saved");
    let out = std::process::Command::new(&bin)
        .args(["export", "--evaluator", "", "--out"])
        .arg(dir.path().join("排名.xlsx"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--evaluator"));
    // A valid one is saved.
    let out = adjust(&["--reason", &"理".repeat(500), "--evaluator", "张三"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
