//! The sheets of the ranking: 排名, 任务失分, and the chart of totals.

use super::cells::*;
use super::{assessment_of, SHEETS};
use crate::domain::decision::yes_no;
use crate::domain::indicators::{IndicatorSet, RankingOrder, Rule};
use crate::domain::points::{fmt2, Decimal};
use crate::export::limits::{self, fit_line, LAST_COL};
use crate::export::print::{self, Page};
use crate::labels;
use crate::report::NOT_SUBMITTED;
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartLine,
    ConditionalFormat3ColorScale, ConditionalFormatDataBar, Format, FormatAlign, Formula, Workbook,
    Worksheet, XlsxError,
};

/// The most offices a ranking prints on one page (shrunk to fit); more run on.
const ONE_PAGE_ROWS: usize = 60;

/// The header row of 排名 (0-based); the offices follow it.
const RANKING_HEADER: u32 = 3;

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
        put(ws, 2, 0, &c.nothing_ranked(), sub)?;
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
    let hr = RANKING_HEADER;
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
        // A veto headquarters decided: 是 or 否, marked, with the reason in a note (in
        // headquarters' own workbook: the note names the evaluator).
        let veto_decision = set
            .indicators
            .iter()
            .filter(|i| matches!(i.rule, Rule::Veto))
            .find_map(|i| report.decision(data, r.office, &i.id))
            .filter(|d| d.value.veto().is_some())
            .filter(|_| c.internal());
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
    // A ranking of a few dozen offices (42 in 2018) prints on one page with its notes;
    // a longer one runs on, its header repeated.
    let page = Page::landscape(&c.title).repeat_row(hr);
    let page = if ranked + unranked.len() <= ONE_PAGE_ROWS {
        page.one_page()
    } else {
        page
    };
    print::setup(ws, &page)?;
    ws.autofilter(hr, 0, last_row.max(hr + 1), headers.len() as u16 - 1)?;
    ws.set_row_height(hr, 30)?;
    let widths = w.widths(30);
    w.apply(ws, 30)?;
    let table_width: usize = widths.iter().take(headers.len()).sum();
    let note_fmt = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_size(10);
    notes(
        ws,
        last_row.max(hr + 1) + 2,
        headers.len() as u16 - 1,
        table_width,
        &ranking_notes(set, ranked),
        (&Format::new().set_bold(), &note_fmt),
    )?;
    chart_data(ws, c, chart_data_col(c), plain)?;
    Ok(())
}

/// The 注 under the ranking: how the 等次 follow from the total (the set's grades), the veto
/// (its cap, as [`IndicatorSet::grade_with_veto`] applies it), the quota of the top 等次
/// where the set has one, and the order of the ranking where it is not by total.
pub fn ranking_notes(set: &IndicatorSet, ranked: usize) -> Vec<String> {
    let mut out = Vec::new();
    let pts = |d: Decimal| d.normalize().to_string();
    let n = set.grades.len();
    let bands: Vec<String> = set
        .grades
        .iter()
        .enumerate()
        .map(|(k, g)| {
            let above = k.checked_sub(1).map(|p| pts(set.grades[p].min));
            match (k + 1 == n, above) {
                // The last grade takes every total below the one above it.
                (true, Some(a)) => format!("{}：不足 {a} 分", g.name),
                (true, None) => format!("{}：所有总分", g.name),
                (false, None) => format!("{}：{} 分及以上", g.name, pts(g.min)),
                (false, Some(a)) => {
                    format!("{}：{} 分及以上、不足 {a} 分", g.name, pts(g.min))
                }
            }
        })
        .collect();
    if !bands.is_empty() {
        out.push(format!("等次按总分评定——{}。", bands.join("；")));
    }
    if set.indicators.iter().any(|i| matches!(i.rule, Rule::Veto)) {
        let label = &set.veto_label;
        let cap = set.grades.iter().position(|g| g.name == set.veto_cap);
        let above: Vec<&str> = cap
            .map(|p| set.grades[..p].iter().map(|g| g.name.as_str()).collect())
            .unwrap_or_default();
        let example = format!("{}（{label}）", set.veto_cap);
        out.push(if above.is_empty() {
            format!("{label}：有{label}事项的单位，等次后注明“（{label}）”。")
        } else {
            format!(
                "{label}：有{label}事项的单位，等次最高为{cap}——按总分应为{}的评为{cap}，其余按总分评定；等次后注明“（{label}）”，如“{example}”。",
                above.join("、"),
                cap = set.veto_cap,
            )
        });
    }
    if let (Some(share), [top, next, ..]) = (set.excellent_max_share, set.grades.as_slice()) {
        let percent = (share * Decimal::from(100)).normalize();
        let most = share
            .checked_mul(Decimal::from(ranked))
            .map(|q| q.floor())
            .unwrap_or_default()
            .normalize();
        out.push(format!(
            "{top}比例：{top}单位不超过有效报送单位的 {percent}%（本次有效报送 {ranked} 个，至多 {most} 个），按总分从高到低确定，总分相同而跨过限额的均不评为{top}；超出的评为{next}，注明“{next}（{}）”。",
            set.quota_note(),
            top = top.name,
            next = next.name,
        ));
    }
    if set.order == RankingOrder::Grade {
        out.push("排列顺序：先按等次，再按总分从高到低。".to_string());
    }
    out
}

/// Writes `notes` from `row` on: `注：` and one numbered paragraph a row, each merged across
/// columns A to `last_col` (`width` East-Asian cells in all), wrapped, its row as tall as
/// its lines (neither Excel nor LibreOffice sizes a merged row of wrapped text).
fn notes(
    ws: &mut Worksheet,
    row: u32,
    last_col: u16,
    width: usize,
    notes: &[String],
    (bold, wrap): (&Format, &Format),
) -> Result<(), XlsxError> {
    if notes.is_empty() {
        return Ok(());
    }
    put(ws, row, 0, "注：", bold)?;
    for (k, n) in notes.iter().enumerate() {
        let r = row + 1 + k as u32;
        let text = limits::fit(&format!("{}. {n}", k + 1), limits::CELL).into_owned();
        if last_col > 0 {
            ws.merge_range(r, 0, r, last_col, &text, wrap)?;
        } else {
            ws.write_string_with_format(r, 0, &text, wrap)?;
        }
        // A 10-point font: a little more text to a line than the 11-point columns say.
        let lines = print::lines_in(&text, width as f64 * 1.05);
        ws.set_row_height(r, print::row_height(lines))?;
    }
    Ok(())
}

/// The chart's data, in two hidden columns of 排名 from `col` on: the ranked offices and
/// their totals in reverse order of rank (lowest first), since a bar chart draws its first
/// category at the bottom: so the top office is at the top, with no axis reversed (which
/// LibreOffice draws with the value axis reversed).
fn chart_data(ws: &mut Worksheet, c: &Ctx, col: u16, plain: &Format) -> Result<(), XlsxError> {
    if c.ranked == 0 {
        return Ok(());
    }
    let hr = RANKING_HEADER;
    let mut w = Widths::new();
    text(ws, &mut w, hr, col, "总分图（名次倒序）", plain)?;
    text(ws, &mut w, hr, col + 1, "总分", plain)?;
    for (k, r) in c.report.results.iter().rev().enumerate() {
        let row = hr + 1 + k as u32;
        text(
            ws,
            &mut w,
            row,
            col,
            &c.data.registry.offices[r.office].name,
            plain,
        )?;
        number(ws, &mut w, row, col + 1, r.total, plain)?;
    }
    let widths = w.widths(30);
    for k in 0..2u16 {
        let width = widths.get((col + k) as usize).copied().unwrap_or(8);
        ws.set_column_width(col + k, width as f64)?;
    }
    ws.set_column_hidden(col)?;
    ws.set_column_hidden(col + 1)?;
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
    let ws = matrix_sheet(wb, SHEETS[1], heading, c, (title, sub))?;
    let mut w = Widths::new();
    let hr = 2u32;
    text(ws, &mut w, hr, 0, "单位", head)?;
    let mut labels = Vec::new();
    for (j, key) in task_keys.iter().enumerate() {
        let t = key.parse().ok().and_then(|n| data.plan.task(n));
        let label = match t {
            Some(t) => format!("任务{}\n{}", t.number, t.title),
            None => format!("任务{key}"),
        };
        put(ws, hr, 1 + j as u16, &label, head)?;
        w.see(1 + j as u16, "任务00 失分");
        labels.push(label);
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
    // The tasks' titles wrap in their columns: a row as tall as the longest.
    let widths = w.widths(16);
    let lines = labels
        .iter()
        .zip(widths.iter().skip(1))
        .map(|(l, &cw)| print::lines_in(l, cw as f64))
        .max()
        .unwrap_or(1);
    ws.set_row_height(hr, print::row_height(lines))?;
    ws.set_freeze_panes(hr + 1, 1)?;
    print::setup(
        ws,
        &Page::landscape(&c.title).repeat_row(hr).repeat_first_col(),
    )?;
    w.apply(ws, 16)?;
    Ok(())
}

/// The chart of totals (7), the top office at the top, bars growing rightwards; with no
/// office ranked, a sheet saying so (a chart needs a series).
pub(super) fn chart(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (set, ranked) = (c.set, c.ranked);
    let Formats { title, sub, .. } = f;
    let chart_title = fit_line(&format!("{}总分", assessment_of(set)), limits::SHORT);
    if ranked > 0 {
        let mut chart = Chart::new_bar();
        // A title starting with `=` would be read as a reference to cells.
        let name = match chart_title.strip_prefix('=') {
            Some(rest) => format!("＝{rest}"),
            None => chart_title.clone(),
        };
        chart
            .title()
            .set_name(&name)
            .set_font(ChartFont::new().set_size(12).set_bold());
        // The hidden columns of 排名 (see `chart_data`): lowest total first, drawn at the
        // bottom; no axis is reversed.
        let col = chart_data_col(c);
        let (first, last) = (RANKING_HEADER + 1, RANKING_HEADER + ranked as u32);
        chart
            .add_series()
            .set_name("总分")
            .set_categories((SHEETS[0], first, col, last, col))
            .set_values((SHEETS[0], first, col + 1, last, col + 1))
            .set_gap(60)
            // Each bar says its office and total: every office named, however many
            // (LibreOffice leaves out every other label of a crowded category axis).
            .set_data_label(
                ChartDataLabel::new()
                    .show_category_name()
                    .show_value()
                    .set_separator(' ')
                    .set_position(ChartDataLabelPosition::OutsideEnd)
                    .set_num_format("0.00")
                    .set_font(ChartFont::new().set_size(8)),
            );
        // The data is in hidden columns: plot it all the same.
        chart.show_hidden_data();
        // In a bar chart, rust_xlsxwriter's y axis is the category axis (vertical) and its
        // x axis the value axis (horizontal). The offices are named on their bars.
        chart
            .y_axis()
            .set_label_position(ChartAxisLabelPosition::None);
        chart
            .x_axis()
            .set_min(0)
            .set_num_format("0")
            .set_font(ChartFont::new().set_size(8))
            // Light, so that the labels they cross stay legible.
            .set_major_gridlines_line(ChartLine::new().set_color(0xD9D9D9));
        chart.legend().set_hidden();
        let cs = wb.add_chartsheet();
        cs.set_name(SHEETS[6])?;
        print::setup_chartsheet(cs, &Page::landscape(&c.title));
        cs.insert_chart(0, 0, &chart)?;
    } else {
        let ws = wb.add_worksheet();
        ws.set_name(SHEETS[6])?;
        put(ws, 0, 0, &chart_title, title)?;
        put(ws, 1, 0, &c.nothing_ranked(), sub)?;
        print::setup(ws, &Page::landscape(&c.title))?;
    }
    Ok(())
}

/// The first of the chart's two hidden columns in 排名: after the table's columns (名次 …
/// 一票否决, the categories, 自评分 and 自评偏差) and one empty column.
fn chart_data_col(c: &Ctx) -> u16 {
    5 + c.scored_cats.len() as u16 + 2 + 1
}
