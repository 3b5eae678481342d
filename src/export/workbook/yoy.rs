//! The 同比 sheet (`export --compare PREV`): each office's rank, total and 等次 beside the
//! previous result's, with the changes; then the change of the mean rate of each category,
//! plan task and matched indicator; then what was not comparable, and why.

use super::cells::*;
use crate::compare::diff::{Diff, RateChange, Unit};
use crate::labels;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The sheet's name.
pub const SHEET: &str = "同比";

/// Writes the 同比 sheet (after the others).
pub(super) fn yoy(wb: &mut Workbook, c: &Ctx, f: &Formats, d: &Diff) -> Result<(), XlsxError> {
    let (data, report, set) = (c.data, c.report, c.set);
    let Formats {
        head,
        plain,
        score,
        title,
        sub,
        ..
    } = f;
    let signed = score.clone().set_num_format("+0.00;-0.00;0.00");
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let mut w = Widths::new();
    put(
        ws,
        0,
        0,
        &format!("{}：与上年比较", super::title(set)),
        title,
    )?;
    put(
        ws,
        1,
        0,
        &format!("上年结果：{}（{}）", d.title, d.source),
        sub,
    )?;
    put(
        ws,
        2,
        0,
        &format!(
            "名次变化：↑ 上升，↓ 下降，— 不变，{} = 上年无名次；总分变化 = 本年总分 − 上年总分",
            crate::compare::diff::NEW_ENTRANT
        ),
        sub,
    )?;
    let headers = [
        "单位",
        "名次",
        "上年名次",
        "变化",
        "总分",
        "上年总分",
        "变化",
        "等次",
        "上年等次",
    ];
    let hr = 4u32;
    header_row(ws, &mut w, hr, &headers, head)?;
    let offices = report
        .results
        .iter()
        .map(|r| r.office)
        .chain(c.unranked.iter().copied());
    let mut row = hr;
    for o in offices {
        row += 1;
        text(ws, &mut w, row, 0, &data.registry.offices[o].name, plain)?;
        let Some(oc) = d.office(o) else {
            continue;
        };
        let prev = oc.previous.as_ref();
        let rank = |ws: &mut rust_xlsxwriter::Worksheet, col, r: Option<u32>| match r {
            Some(r) => ws
                .write_number_with_format(row, col, r as f64, plain)
                .map(|_| ()),
            None => put(ws, row, col, "", plain),
        };
        rank(ws, 1, oc.rank)?;
        rank(ws, 2, prev.and_then(|p| p.rank))?;
        text(ws, &mut w, row, 3, &oc.change.shown(), plain)?;
        for (col, v, fmt) in [
            (4, oc.total, score),
            (5, prev.and_then(|p| p.total), score),
            (6, oc.total_change, &signed),
        ] {
            match v {
                Some(v) => number(ws, &mut w, row, col, v, fmt)?,
                None => put(ws, row, col, "", plain)?,
            }
        }
        let grade = match report.result_of(o) {
            Some(r) => labels::grade(r, set),
            None => labels::unranked_label(report, o).to_string(),
        };
        let g = report
            .result_of(o)
            .map(|r| r.grade.clone())
            .unwrap_or_default();
        text(ws, &mut w, row, 7, &grade, &f.grade(&g))?;
        match prev {
            Some(p) => text(ws, &mut w, row, 8, &p.grade_shown, &f.grade(&p.grade))?,
            None => text(ws, &mut w, row, 8, "（上年无此单位）", plain)?,
        }
    }
    if row > hr {
        ws.autofilter(hr, 0, row, headers.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(hr + 1, 1)?;
    crate::export::print::setup(
        ws,
        &crate::export::print::Page::landscape(&c.title).repeat_row(hr),
    )?;

    // The mean rates.
    row += 2;
    put(ws, row, 0, "各类别、任务和指标的平均得分率", title)?;
    row += 1;
    let rate_headers = [
        "项目",
        "编号",
        "名称",
        "本年平均得分率（%）",
        "上年平均得分率（%）",
        "变化（百分点）",
    ];
    header_row(ws, &mut w, row, &rate_headers, head)?;
    let all: Vec<&RateChange> = d
        .categories
        .iter()
        .chain(&d.tasks)
        .chain(&d.indicators)
        .collect();
    for r in &all {
        row += 1;
        let key = match r.unit {
            Unit::Task => format!("任务{}", r.key),
            _ => r.key.clone(),
        };
        text(ws, &mut w, row, 0, r.unit.label(), plain)?;
        text(ws, &mut w, row, 1, &key, plain)?;
        text(ws, &mut w, row, 2, &r.title, plain)?;
        number(ws, &mut w, row, 3, r.current, score)?;
        number(ws, &mut w, row, 4, r.previous, score)?;
        number(ws, &mut w, row, 5, r.change, &signed)?;
    }
    if all.is_empty() {
        row += 1;
        put(ws, row, 0, "（无可比较的平均得分率，见下表）", sub)?;
    }

    // What was not comparable.
    row += 2;
    put(
        ws,
        row,
        0,
        "未比较的项目（总分、等次和名次照常比较）",
        title,
    )?;
    row += 1;
    header_row(ws, &mut w, row, &["项目", "编号", "原因"], head)?;
    for n in &d.not_comparable {
        row += 1;
        let key = match n.unit {
            Unit::Task => format!("任务{}", n.key),
            _ => n.key.clone(),
        };
        text(ws, &mut w, row, 0, n.unit.label(), plain)?;
        text(ws, &mut w, row, 1, &key, plain)?;
        text(ws, &mut w, row, 2, &n.reason, plain)?;
    }
    if d.not_comparable.is_empty() {
        row += 1;
        put(ws, row, 0, "（无：各指标、任务和类别均可比较）", sub)?;
    }
    w.apply(ws, 40)?;
    Ok(())
}
