//! The history of decisions: one line per change.

use crate::domain::decision::{Change, Decided, NOT_CHOSEN, REPORTED_VETO};
use crate::output::csv::field;
use crate::text::{pad_right, sanitize, width};
use std::io::{self, Write};

/// A value in a change: the score or 是 / 否; none is the computed score, or on a veto
/// indicator the veto the office reported.
fn score(c: &Change, d: Option<Decided>) -> String {
    match d {
        Some(d) => d.shown(),
        None if c.is_veto() => REPORTED_VETO.into(),
        None => "测算分".into(),
    }
}

/// What changed, `old → new`: scores, 是 / 否, or the files chosen to count.
fn change(c: &Change) -> String {
    match &c.file {
        Some(f) => format!(
            "{} → {}",
            f.old
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| NOT_CHOSEN.into()),
            sanitize(&f.new)
        ),
        None => format!("{} → {}", score(c, c.old), score(c, c.new)),
    }
}

fn kind(c: &Change) -> &'static str {
    if c.file.is_some() {
        return "选定";
    }
    match c.kind.as_str() {
        "clear" => "清除",
        "confirm" => "确认",
        _ => "核定",
    }
}

pub fn table(out: &mut dyn Write, changes: &[Change]) -> io::Result<()> {
    if changes.is_empty() {
        return writeln!(out, "（尚无核定记录）");
    }
    let ew = changes
        .iter()
        .map(|c| width(&sanitize(&c.evaluator)))
        .max()
        .unwrap_or(4)
        .max(6);
    let ow = changes
        .iter()
        .map(|c| width(&c.office))
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{} {} {} 指标 操作 核定变化        理由",
        pad_right("时间", 19),
        pad_right("核定人", ew),
        pad_right("单位", ow)
    )?;
    for c in changes {
        writeln!(
            out,
            "{} {} {} {} {} {} {}",
            pad_right(&c.at, 19),
            pad_right(&sanitize(&c.evaluator), ew),
            pad_right(&c.office, ow),
            pad_right(&c.indicator, 4),
            kind(c),
            // Files' paths are never cut: the column widens for them.
            pad_right(&change(c), width(&change(c)).max(16)),
            sanitize(&c.reason)
        )?;
    }
    Ok(())
}

pub fn csv(out: &mut dyn Write, changes: &[Change]) -> io::Result<()> {
    writeln!(out, "time,evaluator,office,indicator,kind,old,new,reason")?;
    for c in changes {
        let row = [
            field(&c.at, false),
            field(&c.evaluator, true),
            field(&c.office, false),
            field(&c.indicator, false),
            // A choice of the return that counts: `choose`, and the files' paths.
            match &c.file {
                Some(_) => "choose".into(),
                None => c.kind.clone(),
            },
            match &c.file {
                Some(f) => field(&sanitize(f.old.as_deref().unwrap_or_default()), true),
                None => c.old.map(Decided::shown).unwrap_or_default(),
            },
            match &c.file {
                Some(f) => field(&sanitize(&f.new), true),
                None => c.new.map(Decided::shown).unwrap_or_default(),
            },
            field(&c.reason, true),
        ];
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}
