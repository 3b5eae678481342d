//! The sheets of the ranking: 排名, 任务失分, and the chart of totals.

use super::cells::*;
use super::{assessment_of, SHEETS};
use crate::domain::decision::yes_no;
use crate::domain::indicators::Rule;
use crate::domain::points::{fmt2, Decimal};
use crate::export::limits::{self, fit_line, LAST_COL};
use crate::labels;
use crate::report::NOT_SUBMITTED;
use rust_xlsxwriter::{
    Chart, ConditionalFormat3ColorScale, ConditionalFormatDataBar, Formula, Workbook, XlsxError,
};

/// 1. 排名: rank, office, total, grade, veto, categories, claimed total and difference.
pub(super) fn ranking(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, report, info, set) = (c.data, c.report, c.info, c.set);
    let (scored_cats, ranked, unranked) = (c.scored_cats.clone(), c.ranked, &c.unranked);
    let Formats {
        head,
        plain,
        score,
        total_fmt,
        title,
        sub,
        decided_text,
        ..
    } = f;
    let grade_fmt = |g: &str| f.grade(g);
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[0])?;
    let mut w = Widths::new();
    put(ws, 0, 0, &super::title(set), title)?;
    put(
        ws,
        1,
        0,
        &format!(
            "导出时间 {} · 参评单位 {} 个，有效报送 {} 个",
            info.at,
            data.registry.len(),
            ranked
        ),
        sub,
    )?;
    if ranked == 0 {
        put(ws, 2, 0, &nothing_ranked(report), sub)?;
    }
    let mut headers: Vec<String> = ["名次", "单位", "总分", "等次", "一票否决"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let cat_col0 = headers.len() as u16;
    for &c in &scored_cats {
        let cat = &set.categories[c];
        headers.push(format!("{} {}", cat.id, cat.name));
    }
    headers.extend(["自评分", "自评偏差"].iter().map(|s| s.to_string()));
    let hr = 3u32;
    header_row(ws, &mut w, hr, &headers, head)?;
    let ncat = scored_cats.len() as u16;
    let claim_col = cat_col0 + ncat;
    for (k, r) in report.results.iter().enumerate() {
        let row = hr + 1 + k as u32;
        ws.write_number_with_format(row, 0, r.rank as f64, plain)?;
        text(
            ws,
            &mut w,
            row,
            1,
            &data.registry.offices[r.office].name,
            plain,
        )?;
        // The total is the sum of the categories, as a formula with its result set.
        if ncat > 0 {
            let first = format!("{}{}", col_letter(cat_col0), row + 1);
            let last = format!("{}{}", col_letter(cat_col0 + ncat - 1), row + 1);
            let f = Formula::new(format!("=SUM({first}:{last})")).set_result(fmt2(r.total));
            ws.write_formula_with_format(row, 2, f, total_fmt)?;
            w.see(2, &fmt2(r.total));
        } else {
            number(ws, &mut w, row, 2, r.total, total_fmt)?;
        }
        text(
            ws,
            &mut w,
            row,
            3,
            &labels::grade(r, set),
            &grade_fmt(&r.grade),
        )?;
        // A veto headquarters decided: 是 or 否, marked, with the reason in a note.
        let veto_decision = set
            .indicators
            .iter()
            .filter(|i| matches!(i.rule, Rule::Veto))
            .find_map(|i| report.decision(data, r.office, &i.id))
            .filter(|d| d.value.veto().is_some());
        match veto_decision {
            Some(d) => {
                text(ws, &mut w, row, 4, yes_no(r.veto), decided_text)?;
                let note = veto_note(report, r.office, d, r.reported_veto());
                note_on(ws, row, 4, &note, &d.evaluator)?;
            }
            None => text(ws, &mut w, row, 4, labels::veto_mark(r.veto), plain)?,
        }
        for (j, &c) in scored_cats.iter().enumerate() {
            number(ws, &mut w, row, cat_col0 + j as u16, r.categories[c], score)?;
        }
        match r.claimed_total {
            Some(c) => number(ws, &mut w, row, claim_col, c, score)?,
            None => text(ws, &mut w, row, claim_col, "", plain)?,
        }
        match r.claim_difference() {
            Some(d) => number(ws, &mut w, row, claim_col + 1, d, score)?,
            None => text(ws, &mut w, row, claim_col + 1, "", plain)?,
        }
    }
    for (k, &o) in unranked.iter().enumerate() {
        let row = hr + 1 + (ranked + k) as u32;
        text(ws, &mut w, row, 0, "", plain)?;
        text(ws, &mut w, row, 1, &data.registry.offices[o].name, plain)?;
        let status = labels::unranked_label(report, o);
        text(ws, &mut w, row, 2, "", plain)?;
        text(ws, &mut w, row, 3, status, &grade_fmt(NOT_SUBMITTED))?;
        for c in 4..headers.len() as u16 {
            text(ws, &mut w, row, c, "", plain)?;
        }
    }
    let last_row = hr + (ranked + unranked.len()) as u32;
    if ranked > 0 {
        ws.add_conditional_format(
            hr + 1,
            2,
            hr + ranked as u32,
            2,
            &ConditionalFormatDataBar::new(),
        )?;
    }
    ws.set_freeze_panes(hr + 1, 2)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(hr, hr)?;
    ws.autofilter(hr, 0, last_row.max(hr + 1), headers.len() as u16 - 1)?;
    ws.set_row_height(hr, 30)?;
    w.apply(ws, 30)?;
    Ok(())
}

/// 2. 任务失分: the points each office lost on each task.
pub(super) fn task_losses(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, report, ranked) = (c.data, c.report, c.ranked);
    let Formats {
        head,
        plain,
        score,
        title,
        sub,
        ..
    } = f;
    let task_keys: Vec<String> = report
        .results
        .first()
        .map(|r| {
            r.gaps
                .tasks
                .iter()
                .take(LAST_COL as usize)
                .map(|g| g.key.clone())
                .collect()
        })
        .unwrap_or_default();
    let heading = "各单位在各直属海关任务上的失分（失分 = 满分 − 得分）";
    let ws = matrix_sheet(wb, SHEETS[1], heading, report, ranked, (title, sub))?;
    let mut w = Widths::new();
    let hr = 2u32;
    text(ws, &mut w, hr, 0, "单位", head)?;
    for (j, key) in task_keys.iter().enumerate() {
        let t = key.parse().ok().and_then(|n| data.plan.task(n));
        let label = match t {
            Some(t) => format!("任务{}\n{}", t.number, t.title),
            None => format!("任务{key}"),
        };
        put(ws, hr, 1 + j as u16, &label, head)?;
        w.see(1 + j as u16, "任务00 失分");
    }
    for (k, r) in report.results.iter().enumerate() {
        let row = hr + 1 + k as u32;
        text(
            ws,
            &mut w,
            row,
            0,
            &data.registry.offices[r.office].name,
            plain,
        )?;
        for (j, g) in r.gaps.tasks.iter().take(task_keys.len()).enumerate() {
            number(
                ws,
                &mut w,
                row,
                1 + j as u16,
                g.lost.unwrap_or_default(),
                score,
            )?;
        }
    }
    let n = ranked as u32;
    if ranked > 0 && !task_keys.is_empty() {
        ws.add_conditional_format(
            hr + 1,
            1,
            hr + n,
            task_keys.len() as u16,
            &ConditionalFormat3ColorScale::new()
                .set_minimum_color(0x63BE7B)
                .set_midpoint_color(0xFFEB84)
                .set_maximum_color(0xF8696B),
        )?;
        let bold = score.clone().set_bold().set_background_color(0xF2F2F2);
        let lbl = plain.clone().set_bold().set_background_color(0xF2F2F2);
        text(ws, &mut w, hr + n + 1, 0, "平均失分", &lbl)?;
        text(ws, &mut w, hr + n + 2, 0, "最少失分", &lbl)?;
        for j in 0..task_keys.len() {
            let lost: Vec<Decimal> = report
                .results
                .iter()
                .map(|r| r.gaps.tasks[j].lost.unwrap_or_default())
                .collect();
            let mean = crate::domain::points::mean(&lost).unwrap_or_default();
            let best = lost.iter().copied().min().unwrap_or_default();
            number(ws, &mut w, hr + n + 1, 1 + j as u16, mean, &bold)?;
            number(ws, &mut w, hr + n + 2, 1 + j as u16, best, &bold)?;
        }
    }
    ws.set_row_height(hr, 60)?;
    ws.set_freeze_panes(hr + 1, 1)?;
    w.apply(ws, 16)?;
    Ok(())
}

/// The chart of totals (7), highest first; with no office ranked, a sheet saying so
/// (a chart needs a series).
pub(super) fn chart(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (report, set, ranked) = (c.report, c.set, c.ranked);
    let Formats { title, sub, .. } = f;
    let chart_title = fit_line(&format!("{}总分", assessment_of(set)), limits::SHORT);
    if ranked > 0 {
        let mut chart = Chart::new_bar();
        // A title starting with `=` would be read as a reference to cells.
        let name = match chart_title.strip_prefix('=') {
            Some(rest) => format!("＝{rest}"),
            None => chart_title.clone(),
        };
        chart.title().set_name(&name);
        let (first, last) = (4u32, 3 + ranked as u32);
        chart
            .add_series()
            .set_name("总分")
            .set_categories((SHEETS[0], first, 1, last, 1))
            .set_values((SHEETS[0], first, 2, last, 2));
        // A bar chart draws its first category at the bottom: reverse it, highest on top.
        chart.x_axis().set_reverse();
        chart.legend().set_hidden();
        let cs = wb.add_chartsheet();
        cs.set_name(SHEETS[6])?;
        cs.insert_chart(0, 0, &chart)?;
    } else {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[6])?;
        put(ws, 0, 0, &chart_title, title)?;
        put(ws, 1, 0, &nothing_ranked(report), sub)?;
    }
    Ok(())
}
