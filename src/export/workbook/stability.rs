//! 稳定性: how robust each rank is under random weightings of the base indicators, with the
//! columns of `kaoping robustness --format csv` (office, rank, median_rank, p5_rank,
//! p95_rank, keep_grade_share) and the draws' method, seed, number and spread in a note. The
//! draws are the UI's ([`ui_params`]: 1000, spread 0.2, the set's year as seed), so that the
//! same returns give the same sheet.

use super::cells::*;
use crate::domain::robustness::{draws, ui_params};
use crate::output::robustness::{method, NOTES};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The sheet's name.
pub const SHEET: &str = "稳定性";

/// The headers, in the order of the CSV's columns.
pub const HEADERS: [&str; 6] = [
    "单位",
    "名次",
    "中位名次",
    "第5百分位名次",
    "第95百分位名次",
    "保持等次比例",
];

pub(super) fn stability(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, report) = (c.data, c.report);
    let Formats {
        head,
        plain,
        title,
        sub,
        ..
    } = f;
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let mut w = Widths::new();
    put(ws, 0, 0, "稳定性：随机调整基础指标分值后的名次区间", title)?;
    let st = match draws(c.set, &report.results, &ui_params(c.set)) {
        Ok(st) => st,
        Err(why) => {
            // Beyond the bounds of the draws (more offices than they allow): said, not drawn.
            put(ws, 1, 0, &why, sub)?;
            return Ok(());
        }
    };
    let about = method(data, &st);
    put(ws, 1, 0, &about, sub)?;
    for (i, n) in NOTES.iter().enumerate() {
        put(ws, 2 + i as u32, 0, n, sub)?;
    }
    if c.ranked == 0 {
        put(ws, 4, 0, &nothing_ranked(report), sub)?;
    }
    let hr = 5u32;
    header_row(ws, &mut w, hr, &HEADERS, head)?;
    // The method, seed, draws and spread on the header's first cell as well.
    let p = &st.params;
    note_on(
        ws,
        hr,
        0,
        &format!(
            "{about}\n扰动次数 {}，幅度 {}，种子 {}\n{}",
            p.draws,
            p.spread.normalize(),
            p.seed,
            NOTES.join("\n")
        ),
        "kaoping",
    )?;
    let share = plain.clone().set_num_format("0.0%");
    let rank = plain.clone().set_num_format("0");
    let mut row = hr + 1;
    for o in &st.offices {
        text(
            ws,
            &mut w,
            row,
            0,
            &data.registry.offices[o.office].name,
            plain,
        )?;
        for (col, v) in [(1u16, o.rank), (2, o.median), (3, o.p5), (4, o.p95)] {
            w.see(col, &v.to_string());
            ws.write_number_with_format(row, col, f64::from(v), &rank)?;
        }
        let s = o.keep_share(p.draws);
        w.see(5, "100.0%");
        ws.write_number_with_format(row, 5, s.to_string().parse().unwrap_or(0.0), &share)?;
        row += 1;
    }
    // Offices without a usable return: listed in registry order, with empty ranks.
    let blank = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    for &o in &c.unranked {
        text(ws, &mut w, row, 0, &data.registry.offices[o].name, plain)?;
        for col in 1..=5u16 {
            ws.write_blank(row, col, &blank)?;
        }
        row += 1;
    }
    ws.set_freeze_panes(hr + 1, 1)?;
    crate::export::print::setup(
        ws,
        &crate::export::print::Page::landscape(&c.title).repeat_row(hr),
    )?;
    w.apply(ws, 40)?;
    Ok(())
}
