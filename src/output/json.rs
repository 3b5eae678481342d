//! Everything as JSON: per office and indicator the computed, self-claimed and used scores,
//! the veto (the one that counts, the one reported, the one decided), notes, errors and
//! gaps; per file its status and problems.

use crate::data::DataSet;
use crate::domain::gaps::Gap;
use crate::domain::points::fmt2;
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

pub fn to_value(data: &DataSet, report: &Report) -> Value {
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
                    "points": fmt2(ind.points),
                    "computed": fmt2(s.computed),
                    "claimed": opt(s.claimed),
                    "decided": opt(s.decided),
                    "decision": report.decision(data, r.office, &ind.id).map(|d| json!({
                        "score": opt(d.value.score()),
                        "veto": d.value.veto(),
                        "reason": d.reason,
                        "evaluator": d.evaluator,
                        "at": d.at,
                        "return_changed_since": report.is_stale(r.office, d),
                    })),
                    "used": fmt2(s.used()),
                    "lost": if bonus { Value::Null } else { Value::String(fmt2(ind.points - s.used())) },
                    "claim_differs": s.claim_differs(),
                    "veto": report.decided_veto(data, r.office, &ind.id).unwrap_or(s.veto),
                    "veto_reported": s.veto,
                    "veto_decided": report.decided_veto(data, r.office, &ind.id),
                    "notes": s.notes,
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
            "file": file,
            "total": fmt2(r.total),
            "base": fmt2(r.base),
            "bonus": fmt2(r.bonus),
            "grade": r.grade,
            "veto": r.veto,
            "veto_reported": r.reported_veto(),
            // Null when headquarters decided no veto for the office; else the veto decided.
            "veto_decided": set
                .indicators
                .iter()
                .any(|i| report.decided_veto(data, r.office, &i.id).is_some())
                .then_some(r.veto),
            "claimed_total": opt(r.claimed_total),
            "claim_difference": opt(r.claim_difference()),
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
            OfficeState::Conflict(_) => "conflict",
            _ => "not_submitted",
        };
        offices.push(json!({
            "rank": Value::Null,
            "office": data.registry.offices[o].name,
            "status": status,
            "grade": NOT_SUBMITTED,
        }));
    }
    let files: Vec<Value> = report
        .files
        .iter()
        .map(|f| {
            json!({
                "file": f.shown,
                "status": f.status,
                "office": f.office.map(|o| data.registry.offices[o].name.clone()),
                "office_text": f.office_text,
                "problems": f.problems,
            })
        })
        .collect();
    json!({
        "set": set.name,
        "ties": set.ties,
        "offices": offices,
        "files": files,
    })
}

pub fn write(out: &mut dyn Write, data: &DataSet, report: &Report) -> io::Result<()> {
    let text = serde_json::to_string_pretty(&to_value(data, report)).map_err(io::Error::other)?;
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
    #[test]
    fn c1_and_bidi_controls_are_escaped() {
        let v = serde_json::json!({ "note": "a\u{1b}[2J\u{9b}31m\u{202e}b" });
        let s = super::escape_controls(&serde_json::to_string(&v).unwrap());
        assert_eq!(s, r#"{"note":"a\u001b[2J\u009b31m\u202eb"}"#);
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
