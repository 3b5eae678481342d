//! The CSV contract: `rank,office,total,grade,veto,<categories>,<indicators>`, one row per
//! registry office, ranked offices first.

use crate::data::DataSet;
use crate::domain::points::fmt2;
use crate::report::{Report, NOT_SUBMITTED};
use std::io::{self, Write};

/// Quotes a CSV field where needed, and makes text that came from a return inert in a
/// spreadsheet: a leading `=`, `+`, `-` or `@` gets a `'` in front.
pub fn field(s: &str, from_return: bool) -> String {
    let s = if from_return && s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn header(data: &DataSet) -> Vec<String> {
    let mut h: Vec<String> = ["rank", "office", "total", "grade", "veto"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(data.set.scored_categories().map(|c| c.id.clone()));
    h.extend(data.set.indicators.iter().map(|i| i.id.clone()));
    h
}

pub fn write(out: &mut dyn Write, data: &DataSet, report: &Report) -> io::Result<()> {
    write_compared(out, data, report, None)
}

/// The columns appended with `--compare`, after the contract's own.
pub const COMPARE_COLUMNS: [&str; 4] = ["prev_rank", "prev_total", "prev_grade", "rank_change"];

/// The previous values of an office (`--compare`): rank, total, 等次 and the change of
/// rank (`+3` up, `-2` down, `0`, empty for 新参评 or not ranked now).
fn previous(diff: &crate::compare::Diff, office: usize) -> Vec<String> {
    let Some(o) = diff.office(office) else {
        return vec![String::new(); COMPARE_COLUMNS.len()];
    };
    let p = o.previous.as_ref();
    vec![
        p.and_then(|p| p.rank)
            .map(|r| r.to_string())
            .unwrap_or_default(),
        p.and_then(|p| p.total).map(fmt2).unwrap_or_default(),
        // Read from the previous workbook: shown inert, without control characters.
        p.map(|p| field(&crate::text::sanitize(&p.grade), true))
            .unwrap_or_default(),
        o.change.signed(),
    ]
}

/// The CSV, with the previous values appended to each row when comparing (`diff`); the
/// contract's columns are the same either way.
pub fn write_compared(
    out: &mut dyn Write,
    data: &DataSet,
    report: &Report,
    diff: Option<&crate::compare::Diff>,
) -> io::Result<()> {
    let cats: Vec<usize> = data
        .set
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != crate::domain::indicators::CategoryKind::Veto)
        .map(|(i, _)| i)
        .collect();
    let mut head = header(data);
    if diff.is_some() {
        head.extend(COMPARE_COLUMNS.iter().map(|s| s.to_string()));
    }
    writeln!(out, "{}", head.join(","))?;
    for r in &report.results {
        let mut row = vec![
            r.rank.to_string(),
            field(&data.registry.offices[r.office].name, false),
            fmt2(r.total),
            field(&r.grade, false),
            crate::labels::veto_mark(r.veto).to_string(),
        ];
        row.extend(cats.iter().map(|&c| fmt2(r.categories[c])));
        row.extend(r.indicators.iter().map(|s| fmt2(s.used())));
        if let Some(d) = diff {
            row.extend(previous(d, r.office));
        }
        writeln!(out, "{}", row.join(","))?;
    }
    let width = header(data).len();
    for o in report.unranked() {
        let mut row = vec![
            String::new(),
            field(&data.registry.offices[o].name, false),
            String::new(),
            NOT_SUBMITTED.to_string(),
        ];
        row.resize(width, String::new());
        if let Some(d) = diff {
            row.extend(previous(d, o));
        }
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("a,b", false), "\"a,b\"");
        assert_eq!(field("say \"hi\"", false), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=1+1", true), "'=1+1");
        assert_eq!(field("-3", false), "-3");
        assert_eq!(field("@SUM(A1)", true), "'@SUM(A1)");
    }
}
