//! Every rule kind of scoring.md, on hand-made inputs, through the library.

use chrono::NaiveDate;
use kaoping::data::DataSet;
use kaoping::domain::assessment::OfficeResult;
use kaoping::domain::points::{parse, Decimal};
use kaoping::domain::scoring::{
    score_indicator, Cell, Extension, Field, IndicatorInput, IndicatorScore, Item, NOT_FILLED,
    NO_BUSINESS,
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
    // No items: 无此项业务 only when declared (see below); silence is 未填报.
    let none = score("D1", IndicatorInput::default(), &[]);
    assert_eq!(
        (none.computed, none.notes.clone()),
        (d("0"), vec![NOT_FILLED.to_string()])
    );
    let none = score("D1", status("无此项业务"), &[]);
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
    // Outside the calendar's years (2017–2019): a row error at that date's cell.
    let s = score(
        "D1",
        IndicatorInput::default(),
        &[item("2019-12-28", Some("2020-01-03"))],
    );
    assert!(s.errors[0].message.contains("2020-01-03"), "{:?}", s.errors);
    assert_eq!(s.errors[0].at.as_deref(), Some("时效明细!D2"));
    let s = score(
        "A4",
        IndicatorInput::default(),
        &[item("2016-12-30", Some("2017-01-20"))],
    );
    assert!(s.errors[0].message.contains("2016-12-30"), "{:?}", s.errors);
    assert_eq!(s.errors[0].at.as_deref(), Some("时效明细!C2"));
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
            findings: vec![],
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
            "应以大写英文字母开头",
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
        stderr.contains("many.toml") && stderr.contains("文件超过 2 MB"),
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

// ---- issue 11: 无此项业务 declared, the year's ends, 延期, the quota and the ranking order --

fn declared(total: Option<i64>, word: Option<&str>) -> IndicatorInput {
    let mut row = counts(None, total);
    if let Some(w) = word {
        row.status = val(w.to_string(), "自评表!F5");
    }
    row
}

#[test]
fn no_business_must_be_declared_never_inferred_from_silence() {
    for id in ["A4", "A6", "B2", "D1"] {
        let pts = DataSet::builtin().set.indicator(id).unwrap().points;
        // Silence: 0, 未填报.
        let s = score(id, IndicatorInput::default(), &[]);
        assert_eq!(
            (s.computed, s.notes.clone()),
            (d("0"), vec![NOT_FILLED.into()])
        );
        // Declared on the row: 完成情况 in each spelling, or 总数 = 0.
        for w in [
            "无此项业务",
            "无",
            "不涉及",
            " 无此项业务 ",
            "无此项业务。",
            "不 涉 及",
        ] {
            let s = score(id, declared(None, Some(w)), &[]);
            assert_eq!(
                (s.computed, s.notes.clone()),
                (pts, vec![NO_BUSINESS.into()]),
                "{w}"
            );
            assert!(s.errors.is_empty() && s.warnings.is_empty(), "{w}");
        }
        let s = score(id, declared(Some(0), None), &[]);
        assert_eq!(
            (s.computed, s.notes.clone()),
            (pts, vec![NO_BUSINESS.into()])
        );
        // Not declarations: another word, a 总数 other than 0, a blank 总数.
        for row in [
            declared(None, Some("完成")),
            declared(None, Some("无此项")),
            declared(Some(3), None),
            declared(None, Some("本年度无此项业务，已说明")),
        ] {
            let s = score(id, row, &[]);
            assert_eq!(
                (s.computed, s.notes.clone()),
                (d("0"), vec![NOT_FILLED.into()])
            );
        }
    }
}

#[test]
fn items_listed_under_a_declaration_count_with_a_warning() {
    // D1 declared 无此项业务 but 3 items listed, 1 on time: 6 × 1/3 = 2.00, not 6.
    let items = [
        item("2018-03-01", Some("2018-03-05")),
        item("2018-03-01", Some("2018-05-05")),
        item("2018-03-01", None),
    ];
    let s = score("D1", declared(None, Some("无此项业务")), &items);
    assert_eq!(s.computed, d("2.00"));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert_eq!(s.warnings[0].at.as_deref(), Some("自评表!F5"));
    assert!(s.warnings[0].message.contains("3 项"), "{:?}", s.warnings);
    // Declared by 总数 = 0: the warning names that cell.
    let s = score("D1", declared(Some(0), None), &items[..1]);
    assert_eq!(s.computed, d("6.00"));
    assert_eq!(s.warnings[0].at.as_deref(), Some("自评表!H7"));
    // Undeclared with items: no warning.
    assert!(score("D1", IndicatorInput::default(), &items)
        .warnings
        .is_empty());
}

#[test]
fn items_count_across_the_years_ends() {
    let on_time = |id: &str, s: &str, p: &str| {
        let sc = score(id, IndicatorInput::default(), &[item(s, Some(p))]);
        assert!(sc.errors.is_empty(), "{id} {s} {p}: {:?}", sc.errors);
        sc.computed == DataSet::builtin().set.indicator(id).unwrap().points
    };
    // Into 2019 (西安海关's items): 12-29 a make-up Saturday, 12-30 … 01-01 元旦.
    assert!(on_time("A6", "2018-12-25", "2019-01-04")); // 7
    assert!(!on_time("B2", "2018-12-28", "2019-01-02")); // 2
    assert!(on_time("B2", "2018-12-29", "2019-01-02")); // 1
    assert!(on_time("D1", "2018-12-20", "2019-01-11")); // 15
    assert!(!on_time("D1", "2018-12-20", "2019-01-14")); // 16
                                                         // From 2017 (武汉海关's items).
    assert!(on_time("A4", "2017-12-27", "2018-01-25")); // 20
    assert!(!on_time("A4", "2017-12-27", "2018-01-26")); // 21
    assert!(on_time("D1", "2017-12-31", "2018-01-22")); // 15
                                                        // 2019's own holidays: 春节 02-04 … 02-10 with the make-up weekend 02-02/03.
    assert!(on_time("B2", "2019-02-01", "2019-02-02")); // 1
    assert!(!on_time("B2", "2019-02-01", "2019-02-11")); // 2
    assert!(on_time("B2", "2019-02-03", "2019-02-11")); // 1
}

fn ext_item(start: &str, publish: &str, ext: Field<Extension>) -> Item {
    let mut it = item(start, Some(publish));
    it.extension = Cell::new(ext, "时效明细!E2");
    it
}

#[test]
fn an_extension_adds_working_days_up_to_the_indicators_maximum() {
    // D1: 15 working days, extension_days 15. 2018-06-04 → 07-13 is 28 working days
    // (端午 06-18 off).
    let days = |n: i64| Field::Value(Extension::Days(Decimal::from(n)));
    let s = |ext: Field<Extension>| {
        score(
            "D1",
            IndicatorInput::default(),
            &[ext_item("2018-06-04", "2018-07-13", ext)],
        )
    };
    assert_eq!(s(Field::Blank).computed, d("0"));
    assert_eq!(s(Field::Value(Extension::Full)).computed, d("6.00"));
    assert_eq!(s(days(15)).computed, d("6.00"));
    assert_eq!(s(days(13)).computed, d("6.00")); // 28 ≤ 15 + 13
    let late = s(days(12)); // 28 > 27: late even with it
    assert_eq!(late.computed, d("0"));
    assert!(
        late.notes.iter().any(|n| n.contains("延期后限27个工作日")),
        "{:?}",
        late.notes
    );
    assert_eq!(s(days(0)).computed, d("0"));
    // Above the maximum, not a whole number, negative, unreadable: a row error at 延期.
    for bad in [
        days(16),
        Field::Value(Extension::Days(d("2.5"))),
        days(-1),
        Field::Invalid("经批准".into()),
        Field::NoResult("=A1".into()),
    ] {
        let e = s(bad.clone());
        assert_eq!(e.computed, d("0"), "{bad:?}");
        assert_eq!(e.errors.len(), 1, "{bad:?}: {:?}", e.errors);
        assert_eq!(e.errors[0].at.as_deref(), Some("时效明细!E2"), "{bad:?}");
    }
    assert!(s(days(16)).errors[0].message.contains("15"));
    // 延期 on an indicator without extension_days (A4): a row error; blank or 0 is none.
    let a4 = |ext: Field<Extension>| {
        score(
            "A4",
            IndicatorInput::default(),
            &[ext_item("2018-03-01", "2018-03-02", ext)],
        )
    };
    assert_eq!(a4(Field::Blank).computed, d("6.00"));
    assert_eq!(a4(days(0)).computed, d("6.00"));
    for bad in [Field::Value(Extension::Full), days(3)] {
        let e = a4(bad);
        assert_eq!(e.computed, d("0"));
        assert_eq!(e.errors[0].at.as_deref(), Some("时效明细!E2"));
        assert!(e.errors[0].message.contains("不允许延期"), "{:?}", e.errors);
    }
}

#[test]
fn extension_days_are_bounded_and_checked_at_load() {
    use kaoping::domain::indicators::IndicatorSet;
    let text = include_str!("../../indicators/2018.toml");
    let set = IndicatorSet::from_toml("2018.toml", text).unwrap();
    assert_eq!(set.indicator("D1").unwrap().extension_days, Some(15));
    assert_eq!(set.indicator("A4").unwrap().extension_days, None);
    let broken = |to: &str| {
        let t = text.replacen("extension_days = 15", to, 1);
        assert_ne!(t, text);
        IndicatorSet::from_toml("x.toml", &t).unwrap_err()
    };
    for bad in [
        "extension_days = 0",
        "extension_days = 4000000000",
        "extension_days = 1001",
    ] {
        assert_eq!(broken(bad).key, "indicator.D1.extension_days", "{bad}");
    }
    assert!(broken("extension_days = -1").key.starts_with("第 "));
    // Only on a timeliness rule.
    let t = text.replacen(
        "rule = \"level\"\n",
        "rule = \"level\"\nextension_days = 5\n",
        1,
    );
    let e = IndicatorSet::from_toml("x.toml", &t).unwrap_err();
    assert!(
        e.key.ends_with(".extension_days") && e.message.contains("只有时效类指标"),
        "{e}"
    );
}

/// A row of 时效明细: 编号, 起算日期, 公开日期, 延期 (`#10`: a number cell; `None`: blank).
type ItemRow<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

/// An `.xlsx` return of the canonical template for `office`, with the given cells of
/// 自评表 (indicator, column, text), 时效明细 rows (编号, 起算, 公开, 延期 or none: no 延期
/// column at all), and no 时效明细 sheet when `items` is `None`.
fn return_file(
    dir: &std::path::Path,
    office: &str,
    main: &[(&str, u16, &str)],
    items: Option<&[ItemRow]>,
) -> std::path::PathBuf {
    use kaoping::export::template;
    let data = DataSet::builtin();
    let mut wb = template::build(&data, office).unwrap();
    {
        let ws = wb.worksheet_from_name(template::MAIN_SHEET).unwrap();
        for (id, col, text) in main {
            let row = template::FIRST_ROW + data.set.index_of(id).unwrap() as u32;
            ws.write_string(row, *col, *text).unwrap();
        }
    }
    match items {
        None => wb
            .worksheets_mut()
            .retain(|w| w.name() != template::ITEMS_SHEET),
        Some(items) => {
            let ws = wb.worksheet_from_name(template::ITEMS_SHEET).unwrap();
            // A fresh header in columns H…L, so that the test does not depend on the
            // template's own columns; the template's header row is cleared.
            for c in 0..8u16 {
                ws.clear_cell(0, c);
            }
            let with_ext = items.iter().any(|i| i.3.is_some());
            let mut header = vec!["编号", "事项名称", "起算日期", "公开日期"];
            if with_ext {
                header.push("延期（工作日）");
            }
            for (c, h) in header.iter().enumerate() {
                ws.write_string(0, 8 + c as u16, *h).unwrap();
            }
            for (r, (id, s, p, ext)) in items.iter().enumerate() {
                let r = r as u32 + 1;
                ws.write_string(r, 8, *id).unwrap();
                ws.write_string(r, 9, "事项").unwrap();
                ws.write_string(r, 10, *s).unwrap();
                ws.write_string(r, 11, *p).unwrap();
                match ext.and_then(|e| e.strip_prefix('#')) {
                    Some(n) => {
                        ws.write_number(r, 12, n.parse::<f64>().unwrap()).unwrap();
                    }
                    None => {
                        if let Some(e) = ext {
                            ws.write_string(r, 12, *e).unwrap();
                        }
                    }
                }
            }
        }
    }
    let path = dir.join(template::file_name(&data, office));
    wb.save(&path).unwrap();
    path
}

fn score_json(dir: &std::path::Path) -> (Option<i32>, String, serde_json::Value) {
    let out = assert_cmd::Command::cargo_bin("kaoping")
        .unwrap()
        .args(["score", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stderr).unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn computed(json: &serde_json::Value, office: &str, id: &str) -> (String, serde_json::Value) {
    let o = crate::json::office(json, office);
    let ind = crate::json::indicator(o, id);
    (ind["computed"].as_str().unwrap().to_string(), ind.clone())
}

#[test]
fn the_extension_column_is_read_in_its_forms_and_an_older_template_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d1 = |ext: Option<&'static str>| ("D1", "2018-08-01", "2018-08-31", ext); // 22 days
    return_file(
        dir.path(),
        "北京海关",
        &[],
        Some(&[
            d1(Some("是")),
            d1(Some("#10")),
            d1(Some("１０")),
            d1(Some("7个工作日")),
            d1(Some(" 8天 ")),
            d1(Some("否")),
            d1(None),
        ]),
    );
    // The older template: no 延期 column at all.
    return_file(
        dir.path(),
        "天津海关",
        &[],
        Some(&[d1(None), ("D1", "2018-08-01", "2018-08-21", None)]),
    );
    // Errors with their cells: above the maximum, and 延期 on A4.
    return_file(
        dir.path(),
        "石家庄海关",
        &[],
        Some(&[
            d1(Some("16")),
            ("A4", "2018-03-01", "2018-03-02", Some("是")),
        ]),
    );
    let (code, stderr, json) = score_json(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    // 是, 10, １０, 7 and 8 make 22 ≤ 15 + e; 否 and blank do not: 5 of 7 on 6 points.
    assert_eq!(computed(&json, "北京海关", "D1").0, "4.29");
    assert_eq!(computed(&json, "天津海关", "D1").0, "3.00");
    let (d1, ind) = computed(&json, "石家庄海关", "D1");
    assert_eq!(d1, "0.00");
    assert_eq!(ind["errors"][0]["at"], "时效明细!M2", "{ind}");
    let (a4, ind) = computed(&json, "石家庄海关", "A4");
    assert_eq!(a4, "0.00");
    assert_eq!(ind["errors"][0]["at"], "时效明细!M3", "{ind}");
    assert!(
        stderr.contains("时效明细!M2: D1：延期 16 个工作日超过最长延期期限 15 个工作日"),
        "{stderr}"
    );
    assert!(
        stderr.contains("时效明细!M3: A4：指标 A4 不允许延期"),
        "{stderr}"
    );
}

#[test]
fn a_return_without_its_items_sheet_scores_its_undeclared_timeliness_indicators_0_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    // 北京: no 时效明细 sheet; A4 declared by 完成情况, B2 by 总数 = 0; A6 and D1 silent.
    let without = return_file(
        dir.path(),
        "北京海关",
        &[("A4", 5, "不涉及"), ("B2", 7, "0")],
        None,
    );
    // 天津: the same A4, and items instead of silence (its one B2 item is late: 0).
    return_file(
        dir.path(),
        "天津海关",
        &[("A4", 5, "不涉及")],
        Some(&[
            ("A6", "2018-03-01", "2018-03-05", None),
            ("B2", "2018-03-01", "2018-03-09", None),
            ("D1", "2018-03-01", "2018-03-05", None),
        ]),
    );
    // 石家庄: every timeliness indicator declared, and no sheet: nothing to report.
    return_file(
        dir.path(),
        "石家庄海关",
        &[
            ("A4", 5, "无"),
            ("A6", 5, "无此项业务"),
            ("B2", 5, "无"),
            ("D1", 7, "0"),
        ],
        None,
    );
    let (code, stderr, json) = score_json(dir.path());
    assert_eq!(code, Some(0), "the file still imports: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert_eq!(
        lines[0],
        format!(
            "{}: 未找到时效明细表（表头需有编号、起算日期、公开日期）：未声明无此项业务的时效类指标 A6、D1 按未填报计 0 分；请补报时效明细表，或在完成情况栏声明无此项业务",
            without.display()
        )
    );
    let got = |o: &str| -> Vec<String> {
        ["A4", "A6", "B2", "D1"]
            .iter()
            .map(|id| computed(&json, o, id).0)
            .collect()
    };
    assert_eq!(got("北京海关"), ["6.00", "0.00", "7.00", "0.00"]);
    assert_eq!(got("天津海关"), ["6.00", "6.00", "0.00", "6.00"]);
    assert_eq!(got("石家庄海关"), ["6.00", "6.00", "7.00", "6.00"]);
    assert_eq!(computed(&json, "北京海关", "A6").1["notes"][0], NOT_FILLED);
    let status = |o: &str| crate::json::office(&json, o)["status"].clone();
    assert_eq!(status("北京海关"), "ranked");
}

// ---- the quota of 优秀 and the order of the ranking, on a small indicator set ----------

/// A small indicator set: A1 (ratio, 100 points) and the veto V1, with `options` added
/// (`[grades]`, `[ranking]`).
fn small_set(options: &str) -> String {
    format!(
        r#"[set]
name = "小型指标"
return_title = "小型自评表"
year = 2018

[levels]
"完成" = "1"

[deadline]
late_factor = "0.5"

[[grade]]
name = "优秀"
min = 90
[[grade]]
name = "良好"
min = 80
[[grade]]
name = "合格"
min = 60
[[grade]]
name = "不合格"
min = 0

{options}

[veto]
cap = "良好"
label = "一票否决"

[[category]]
id = "A"
name = "全部"
kind = "base"
max = 100

[[category]]
id = "V"
name = "否决项"
kind = "veto"
max = 0

[[indicator]]
id = "A1"
category = "A"
task = 1
title = "完成比例"
rule = "ratio"
points = 100

[[indicator]]
id = "V1"
category = "V"
task = 28
title = "发生泄露事件"
rule = "veto"
points = 0
"#
    )
}

/// Ten returns of the small set: (office, A1 = total, veto).
const SMALL: [(&str, i64, bool); 10] = [
    ("北京海关", 99, false),
    ("天津海关", 97, true),
    ("石家庄海关", 95, false),
    ("太原海关", 95, false),
    ("满洲里海关", 93, false),
    ("呼和浩特海关", 91, false),
    ("沈阳海关", 85, false),
    ("大连海关", 80, false),
    ("长春海关", 70, false),
    ("哈尔滨海关", 50, false),
];

fn small_returns(dir: &std::path::Path, returns: &[(&str, i64, bool)]) {
    for (office, total, veto) in returns {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "填报单位：").unwrap();
        ws.write_string(0, 1, *office).unwrap();
        for (c, h) in ["编号", "完成情况", "数量", "总数"].iter().enumerate() {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        ws.write_string(3, 0, "A1").unwrap();
        ws.write_number(3, 2, *total as f64).unwrap();
        ws.write_number(3, 3, 100.0).unwrap();
        ws.write_string(4, 0, "V1").unwrap();
        ws.write_string(4, 1, if *veto { "是" } else { "否" })
            .unwrap();
        wb.save(dir.join(format!("{office}.xlsx"))).unwrap();
    }
}

/// `score` with the small set: (rank, office, grade) per ranked office, and the table.
fn small_score(
    options: &str,
    returns: &[(&str, i64, bool)],
) -> (Vec<(String, String, String)>, String) {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("small.toml");
    std::fs::write(&set, small_set(options)).unwrap();
    let returns_dir = dir.path().join("returns");
    std::fs::create_dir(&returns_dir).unwrap();
    small_returns(&returns_dir, returns);
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("kaoping")
            .unwrap()
            .args(["score", "--format", format, "--indicators"])
            .arg(&set)
            .arg(&returns_dir)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let rows = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| !f[0].is_empty())
        .map(|f| (f[0].to_string(), f[1].to_string(), f[3].to_string()))
        .collect();
    (rows, run("table"))
}

fn row(rank: &str, office: &str, grade: &str) -> (String, String, String) {
    (rank.into(), office.into(), grade.into())
}

#[test]
fn without_a_quota_and_by_total_as_in_2018() {
    let (rows, _) = small_score("[ranking]\norder = \"total\"", &SMALL);
    assert_eq!(
        rows[..6],
        [
            row("1", "北京海关", "优秀"),
            row("2", "天津海关", "良好"), // vetoed, but ranked by its total
            row("3", "石家庄海关", "优秀"),
            row("3", "太原海关", "优秀"),
            row("5", "满洲里海关", "优秀"),
            row("6", "呼和浩特海关", "优秀"),
        ]
    );
    // The default is the same.
    assert_eq!(small_score("", &SMALL).0, rows);
}

#[test]
fn ordered_by_grade_a_vetoed_office_stands_below_every_excellent_one() {
    let (rows, _) = small_score("[ranking]\norder = \"grade\"", &SMALL);
    assert_eq!(
        rows[..7],
        [
            row("1", "北京海关", "优秀"),
            row("2", "石家庄海关", "优秀"),
            row("2", "太原海关", "优秀"),
            row("4", "满洲里海关", "优秀"),
            row("5", "呼和浩特海关", "优秀"),
            row("6", "天津海关", "良好"),
            row("7", "沈阳海关", "良好"),
        ]
    );
}

#[test]
fn the_quota_keeps_the_first_offices_and_a_straddling_tie_is_all_past_it() {
    // 10 ranked offices × 0.3 = 3: 北京, then the tie 石家庄/太原 (3 in all) keep 优秀;
    // 满洲里 (93) and 呼和浩特 (91) become 良好, noted. The vetoed 天津 takes no place.
    let quota = "[grades]\nexcellent_max_share = \"0.3\"";
    let (rows, table) = small_score(&format!("{quota}\n[ranking]\norder = \"grade\""), &SMALL);
    assert_eq!(
        rows[..8],
        [
            row("1", "北京海关", "优秀"),
            row("2", "石家庄海关", "优秀"),
            row("2", "太原海关", "优秀"),
            row("4", "天津海关", "良好"),
            row("5", "满洲里海关", "良好"),
            row("6", "呼和浩特海关", "良好"),
            row("7", "沈阳海关", "良好"),
            row("8", "大连海关", "良好"),
        ]
    );
    assert!(table.contains("良好（超出优秀比例）"), "{table}");
    assert_eq!(table.matches("超出优秀比例").count(), 2, "{table}");
    assert!(table.contains("良好（一票否决）"), "{table}");
    // By total, the capped offices keep their places.
    let (rows, _) = small_score(quota, &SMALL);
    assert_eq!(rows[4], row("5", "满洲里海关", "良好"));
    assert_eq!(rows[1], row("2", "天津海关", "良好"));
    // 满洲里 at 95 too: the tie 石家庄/太原/满洲里 straddles the line (1 + 3 > 3), so all
    // three are past it and only 北京 keeps 优秀.
    let mut tie = SMALL;
    tie[4].1 = 95;
    let (rows, _) = small_score(quota, &tie);
    let excellent: Vec<&str> = rows
        .iter()
        .filter(|r| r.2 == "优秀")
        .map(|r| r.1.as_str())
        .collect();
    assert_eq!(excellent, ["北京海关"]);
    // A share of 0: no office is 优秀; of 1: the quota never binds.
    let (rows, _) = small_score("[grades]\nexcellent_max_share = 0", &SMALL);
    assert!(rows.iter().all(|r| r.2 != "优秀"));
    let (rows, _) = small_score("[grades]\nexcellent_max_share = 1", &SMALL);
    assert_eq!(rows.iter().filter(|r| r.2 == "优秀").count(), 5);
}

#[test]
fn quota_and_order_options_are_checked_at_load() {
    use kaoping::domain::indicators::{IndicatorSet, RankingOrder};
    let set = |o: &str| IndicatorSet::from_toml("small.toml", &small_set(o));
    let s = set("").unwrap();
    assert_eq!(
        (s.excellent_max_share, s.order),
        (None, RankingOrder::Total)
    );
    let s = set("[grades]\nexcellent_max_share = \"0.3\"\n[ranking]\norder = \"grade\"").unwrap();
    assert_eq!(
        (s.excellent_max_share, s.order),
        (Some(d("0.3")), RankingOrder::Grade)
    );
    for bad in ["\"1.5\"", "\"-0.1\"", "\"0.123456\"", "0.3"] {
        let e = set(&format!("[grades]\nexcellent_max_share = {bad}")).unwrap_err();
        assert!(
            e.key == "grades.excellent_max_share" || e.key.starts_with("第 "),
            "{bad}: {e}"
        );
    }
    assert!(set("[ranking]\norder = \"points\"").is_err());
    assert!(set("[grades]\nquota = 3").is_err());
    // The 2018 set: no quota, ordered by total.
    let s = DataSet::builtin().set;
    assert_eq!(
        (s.excellent_max_share, s.order),
        (None, RankingOrder::Total)
    );
}
