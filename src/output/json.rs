//! Everything as JSON: per office and indicator the computed, self-claimed and used scores,
//! the veto (the one that counts, the one reported, the one decided), notes, errors and
//! gaps; per file its status and problems.

use crate::data::DataSet;
use crate::domain::gaps::Gap;
use crate::domain::points::fmt2;
use crate::labels;
use crate::report::{OfficeState, Report, NOT_SUBMITTED};
use serde_json::{json, Value};
use std::io::{self, Write};

fn opt(d: Option<rust_decimal::Decimal>) -> Value {
    d.map(|d| Value::String(fmt2(d))).unwrap_or(Value::Null)
}

fn gaps(list: &[Gap]) -> Value {
    list.iter()
        .map(|g| {
            json!({
                "key": g.key,
                "score": fmt2(g.score),
                "max": fmt2(g.max),
                "lost": opt(g.lost),
                "best": fmt2(g.best),
                "mean": fmt2(g.mean),
                "behind_best": fmt2(g.behind_best),
                "vs_mean": fmt2(g.vs_mean),
            })
        })
        .collect()
}

/// A file's status in the words of terms.md: accepted (已受理), returned (退回),
/// duplicate (重复报送) (see [`crate::labels`]).
pub use crate::labels::file_status_word as status_word;

/// The report as JSON. Keys are the English words of terms.md: per indicator `computed`,
/// `self_assessed`, `decided` and `final` (测算分, 自评分, 核定分, 最终得分); files
/// `accepted`, `returned`, `duplicate`. `*_label` values are the Chinese words shown to
/// people (`grade_label`: `良好（一票否决）`).
pub fn to_value(data: &DataSet, report: &Report) -> Value {
    to_value_compared(data, report, None)
}

/// The report as JSON; when comparing (`diff`), each office has a `previous` object (null
/// where the previous result does not list it) and the top level a `comparison`.
pub fn to_value_compared(
    data: &DataSet,
    report: &Report,
    diff: Option<&crate::compare::Diff>,
) -> Value {
    let mut v = to_value_plain(data, report);
    if let Some(d) = diff {
        // The offices as listed: ranked ones, then the others.
        let order = report
            .results
            .iter()
            .map(|r| r.office)
            .chain(report.unranked());
        if let Some(offices) = v["offices"].as_array_mut() {
            for (o, i) in offices.iter_mut().zip(order) {
                o["previous"] = d
                    .office(i)
                    .map(crate::compare::json::previous)
                    .unwrap_or(Value::Null);
            }
        }
        v["comparison"] = crate::compare::json::comparison(d);
    }
    v
}

fn to_value_plain(data: &DataSet, report: &Report) -> Value {
    let set = &data.set;
    let mut offices = Vec::new();
    for r in &report.results {
        let file = report.file_of(r.office).map(|f| f.shown.clone());
        let cats: serde_json::Map<String, Value> = set
            .categories
            .iter()
            .zip(&r.categories)
            .filter(|(c, _)| c.kind != crate::domain::indicators::CategoryKind::Veto)
            .map(|(c, v)| (c.id.clone(), Value::String(fmt2(*v))))
            .collect();
        let indicators: Vec<Value> = set
            .indicators
            .iter()
            .zip(&r.indicators)
            .map(|(ind, s)| {
                let bonus = set.kind_of(ind) != crate::domain::indicators::CategoryKind::Base;
                json!({
                    "id": ind.id,
                    "title": ind.title,
                    "task": ind.task,
                    "rule": ind.rule.kind_name(),
                    "rule_label": ind.rule.kind_label(),
                    "points": fmt2(ind.points),
                    "computed": fmt2(s.computed),
                    "self_assessed": opt(s.claimed),
                    "decided": opt(s.decided),
                    "decision": report.decision(data, r.office, &ind.id).map(|d| json!({
                        "score": opt(d.value.score()),
                        "veto": d.value.veto(),
                        "count": d.value.count(),
                        "source": d.source,
                        "reason": d.reason,
                        "evaluator": d.evaluator,
                        "at": d.at,
                        "return_changed_since": report.is_stale(r.office, d),
                    })),
                    "final": fmt2(s.used()),
                    "lost": if bonus { Value::Null } else { Value::String(labels::lost(ind.points, s.used())) },
                    "self_assessment_differs": s.claim_differs(),
                    "veto": report.decided_veto(data, r.office, &ind.id).unwrap_or(s.veto),
                    "veto_reported": s.veto,
                    "veto_decided": report.decided_veto(data, r.office, &ind.id),
                    "notes": s.notes,
                    "findings": s.findings,
                    "errors": s.errors,
                    "warnings": s.warnings,
                    "note": s.note,
                    "evidence": s.evidence,
                })
            })
            .collect();
        offices.push(json!({
            "rank": r.rank,
            "office": data.registry.offices[r.office].name,
            "status": "ranked",
            "status_label": labels::RANKED,
            "file": file,
            "total": fmt2(r.total),
            "base": fmt2(r.base),
            "bonus": fmt2(r.bonus),
            "grade": r.grade,
            "grade_label": labels::grade(r, set),
            "veto": r.veto,
            "veto_reported": r.reported_veto(),
            // Null when headquarters decided no veto for the office; else the veto decided.
            "veto_decided": set
                .indicators
                .iter()
                .any(|i| report.decided_veto(data, r.office, &i.id).is_some())
                .then_some(r.veto),
            "self_assessed_total": opt(r.claimed_total),
            "self_assessment_gap": opt(r.claim_difference()),
            // 自评虚高: the gap is more than the set's overclaim_flag.
            "overclaim": crate::domain::sampling::overclaims(set, r),
            "categories": cats,
            "indicators": indicators,
            "gaps": {
                "indicators": gaps(&r.gaps.indicators),
                "tasks": gaps(&r.gaps.tasks),
                "categories": gaps(&r.gaps.categories),
            },
        }));
    }
    for o in report.unranked() {
        let status = match &report.states[o] {
            OfficeState::Conflict(_) => "duplicate",
            _ => "not_submitted",
        };
        let label = labels::unranked_label(report, o);
        offices.push(json!({
            "rank": Value::Null,
            "office": data.registry.offices[o].name,
            "status": status,
            "status_label": label,
            "grade": NOT_SUBMITTED,
            "grade_label": label,
        }));
    }
    let files: Vec<Value> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            json!({
                "file": f.shown,
                "status": status_word(f.status),
                "status_label": labels::file_status_label(f.status),
                "office": f.office.map(|o| data.registry.offices[o].name.clone()),
                "office_text": f.office_text,
                // What the file was read as (null: not read).
                "format": f.format.map(|x| x.word()),
                "format_label": f.format.map(|x| x.label()),
                "problems": f.problems,
                // The choice that made this return count among its office's (以此份为准).
                "chosen": crate::choose::chosen(data, report, i),
            })
        })
        .collect();
    json!({
        "title": crate::export::workbook::title(set),
        "set": set.name,
        "year": set.year,
        "ties": set.ties,
        "offices": offices,
        "files": files,
    })
}

pub fn write(out: &mut dyn Write, data: &DataSet, report: &Report) -> io::Result<()> {
    write_compared(out, data, report, None)
}

pub fn write_compared(
    out: &mut dyn Write,
    data: &DataSet,
    report: &Report,
    diff: Option<&crate::compare::Diff>,
) -> io::Result<()> {
    let value = to_value_compared(data, report, diff);
    let text = serde_json::to_string_pretty(&value).map_err(io::Error::other)?;
    writeln!(out, "{}", escape_controls(&text))
}

/// serde_json escapes C0 controls but writes DEL, the C1 controls (U+009B is a CSI on some
/// terminals) and the bidirectional overrides as they are. They can only stand inside
/// strings, where `\uXXXX` is the same text: escape them so that printing the JSON to a
/// terminal is harmless.
pub fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\u{7f}'..='\u{9f}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::data::DataSet;
    use crate::export::template;
    use crate::report::Report;

    #[test]
    fn labels_are_the_words_of_terms_md() {
        let data = DataSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let mut wb = template::build(&data, "拉萨海关").unwrap();
        let v1 = template::FIRST_ROW + data.set.index_of("V1").unwrap() as u32;
        wb.worksheet_from_name(template::MAIN_SHEET)
            .unwrap()
            .write_string(v1, 5, "是")
            .unwrap();
        let ok = dir.path().join("a.xlsx");
        wb.save(&ok).unwrap();
        let school = template::write(&data, "上海海关学院", dir.path()).unwrap();
        let report = Report::build(&data, &[ok, school]);
        let v = super::to_value(&data, &report);
        let text = v.to_string();
        assert_eq!(v["title"], "2018年度直属海关政务公开考核评估结果汇总表");
        assert_eq!(v["year"], 2018);
        let files = v["files"].as_array().unwrap();
        let status: Vec<(&str, &str)> = files
            .iter()
            .map(|f| {
                (
                    f["status"].as_str().unwrap(),
                    f["status_label"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(status, [("accepted", "已受理"), ("returned", "退回")]);
        let ls = &v["offices"][0];
        assert_eq!(ls["office"], "拉萨海关");
        assert_eq!(ls["status_label"], "有效报送");
        assert_eq!(ls["veto"], true);
        assert_eq!(
            ls["grade_label"],
            format!("{}（一票否决）", ls["grade"].as_str().unwrap())
        );
        assert!(ls.get("self_assessed_total").is_some() && ls.get("self_assessment_gap").is_some());
        let a4 = &ls["indicators"][3];
        assert_eq!(
            (a4["rule"].as_str(), a4["rule_label"].as_str()),
            (Some("timeliness"), Some("时效"))
        );
        for key in [
            "computed",
            "self_assessed",
            "decided",
            "final",
            "self_assessment_differs",
        ] {
            assert!(a4.get(key).is_some(), "{key}");
        }
        for old in [
            "\"used\"",
            "\"claimed\"",
            "\"claim_",
            "\"imported\"",
            "\"refused\"",
            "\"conflict\"",
        ] {
            assert!(!text.contains(old), "{old} in {text}");
        }
        let bj = v["offices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["office"] == "北京海关")
            .unwrap();
        assert_eq!(
            (bj["status"].as_str(), bj["status_label"].as_str()),
            (Some("not_submitted"), Some("未报送"))
        );
    }

    #[test]
    fn c1_and_bidi_controls_are_escaped() {
        let v = serde_json::json!({ "note": "a\u{1b}[2J\u{9b}31m\u{202e}b" });
        let s = super::escape_controls(&serde_json::to_string(&v).unwrap());
        assert_eq!(s, r#"{"note":"a\u001b[2J\u009b31m\u202eb"}"#);
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
