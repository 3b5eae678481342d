//! The history of decisions: one line per change.

use crate::domain::checks::item_shown;
use crate::domain::decision::{source_short, Change, Decided, NOT_CHOSEN};
use crate::output::csv::field;
use crate::text::{pad_right, sanitize, width};
use std::io::{self, Write};

/// A value in a change: the score, 是 / 否, the count or the check's result; none is the
/// computed score, on a veto indicator the veto the office reported, for a spot check 未核查.
fn score(c: &Change, d: Option<Decided>) -> String {
    c.shown(d)
}

fn kind(c: &Change) -> &'static str {
    if c.file.is_some() {
        return "选定";
    }
    match c.kind.as_str() {
        "clear" => "清除",
        "confirm" => "确认",
        _ if c.is_check() => "抽查",
        _ => "核定",
    }
}

/// The change of values, with the item of a spot check in front; for a choice of the
/// return that counts, the files' paths.
fn change(c: &Change) -> String {
    if let Some(f) = &c.file {
        return format!("{} → {}", f.old.as_deref().unwrap_or(NOT_CHOSEN), f.new);
    }
    let values = format!("{} → {}", score(c, c.old), score(c, c.new));
    if c.item.is_empty() {
        values
    } else {
        format!("{}：{values}", item_shown(&c.item))
    }
}

/// The reason, and the source where the change came from a workbook.
fn reason(c: &Change) -> String {
    match &c.source {
        Some(s) => format!("{}（来源：{}）", c.reason, source_short(s)),
        None => c.reason.clone(),
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
    // Wide enough for every change shown (a count, an item's check), at least as before.
    let cw = changes
        .iter()
        .map(|c| width(&sanitize(&change(c))))
        .max()
        .unwrap_or(16)
        .max(16);
    writeln!(
        out,
        "{} {} {} 指标 操作 {} 理由",
        pad_right("时间", 19),
        pad_right("核定人", ew),
        pad_right("单位", ow),
        pad_right("核定变化", cw)
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
            pad_right(&sanitize(&change(c)), cw),
            sanitize(&reason(c))
        )?;
    }
    Ok(())
}

/// CSV: `time,evaluator,office,indicator,kind,old,new,reason,what,item,source`. `old` and
/// `new` hold the bare values (a score, 是 / 否, a count, a check's result; empty for none),
/// `what` says which (`score`, `veto`, `count`, `check`, `file` for a choice of the return that counts, kind `choose`, whose `old` and `new` are paths), `item` is a spot check's item
/// key, `source` the workbook a change came from.
pub fn csv(out: &mut dyn Write, changes: &[Change]) -> io::Result<()> {
    writeln!(
        out,
        "time,evaluator,office,indicator,kind,old,new,reason,what,item,source"
    )?;
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
                None => c.old.map(Decided::plain).unwrap_or_default(),
            },
            match &c.file {
                Some(f) => field(&sanitize(&f.new), true),
                None => c.new.map(Decided::plain).unwrap_or_default(),
            },
            field(&c.reason, true),
            match &c.file {
                Some(_) => "file".into(),
                None => c
                    .old
                    .or(c.new)
                    .map(Decided::what)
                    .unwrap_or_default()
                    .into(),
            },
            field(&c.item, true),
            field(c.source.as_deref().unwrap_or(""), true),
        ];
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}
