//! The sheets of the scores: 指标得分 with the decisions marked, and 核定记录.

use super::cells::*;
use super::SHEETS;
use crate::domain::decision::{yes_no, Decided, NOT_CHOSEN, REPORTED_VETO};
use crate::domain::indicators::Rule;
use crate::domain::points::fmt2;
use crate::export::limits::{self, fit, fit_line, LAST_ROW};
use crate::export::print::{self, Page};
use rust_xlsxwriter::{Note, Workbook, XlsxError};

/// 3. 指标得分: each office's final score on each indicator, decisions marked.
pub(super) fn indicator_scores(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, report, set) = (c.data, c.report, c.set);
    let shown_indicators = c.shown_indicators;
    let Formats {
        head,
        plain,
        score,
        title,
        sub,
        decided_fmt,
        decided_text,
        ..
    } = f;
    let heading = "各单位各指标的最终得分（黄色为核定分，批注为理由和核定人）";
    let ws = matrix_sheet(wb, SHEETS[2], heading, c, (title, sub))?;
    let mut w = Widths::new();
    let hr = 2u32;
    text(ws, &mut w, hr, 0, "单位", head)?;
    for (j, ind) in set.indicators.iter().take(shown_indicators).enumerate() {
        text(ws, &mut w, hr, 1 + j as u16, &ind.id, head)?;
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
        for (j, (ind, s)) in set
            .indicators
            .iter()
            .zip(&r.indicators)
            .take(shown_indicators)
            .enumerate()
        {
            let col = 1 + j as u16;
            let decision = report.decision(data, r.office, &ind.id);
            if matches!(ind.rule, Rule::Veto) {
                // A veto has no score: 是 where it counts, marked where decided.
                match decision.filter(|d| d.value.veto().is_some()) {
                    Some(d) => {
                        let v = d.value.veto().unwrap_or(s.veto);
                        text(ws, &mut w, row, col, yes_no(v), decided_text)?;
                        let note = veto_note(report, r.office, d, s.veto);
                        note_on(ws, row, col, &note, &d.evaluator)?;
                    }
                    None => text(
                        ws,
                        &mut w,
                        row,
                        col,
                        crate::labels::veto_mark(s.veto),
                        plain,
                    )?,
                }
                continue;
            }
            match decision {
                Some(d) => {
                    number(ws, &mut w, row, col, s.used(), decided_fmt)?;
                    let decided = match d.value {
                        Decided::Count(_) => format!("{}，{}", fmt2(s.used()), d.value.shown()),
                        v => v.shown(),
                    };
                    let mut note = format!(
                        "核定分 {}（测算分 {}）\n理由：{}\n核定人：{} {}",
                        decided,
                        fmt2(s.computed),
                        d.reason,
                        d.evaluator,
                        d.at
                    );
                    if report.is_stale(r.office, d) {
                        note.push_str("\n报送文件已更新，核定待确认");
                    }
                    let author = fit_line(&d.evaluator, limits::NOTE_AUTHOR);
                    let note = Note::new(fit(&note, limits::NOTE)).set_author(author);
                    ws.insert_note(row, col, &note)?;
                }
                // Rescored by the rule with headquarters' findings (a failed spot check).
                None if s.decided.is_some() => {
                    number(ws, &mut w, row, col, s.used(), decided_fmt)?;
                    let note = format!(
                        "核定分 {}（测算分 {}）\n{}",
                        fmt2(s.used()),
                        fmt2(s.computed),
                        s.findings.join("\n")
                    );
                    let note = Note::new(fit(&note, limits::NOTE)).set_author("kaoping");
                    ws.insert_note(row, col, &note)?;
                }
                None => number(ws, &mut w, row, col, s.used(), score)?,
            }
        }
    }
    ws.set_freeze_panes(hr + 1, 1)?;
    print::setup(
        ws,
        &Page::landscape(&c.title).repeat_row(hr).repeat_first_col(),
    )?;
    w.apply(ws, 16)?;
    Ok(())
}

/// 4. 核定记录: every change to the decisions.
pub(super) fn decisions(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, report, info) = (c.data, c.report, c.info);
    let Formats {
        head, wrap, sub, ..
    } = f;
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[3])?;
    let mut w = Widths::new();
    let headers = [
        "时间",
        "核定人",
        "单位",
        "指标",
        "操作",
        "测算分",
        "原分",
        "新分",
        "理由",
    ];
    header_row(ws, &mut w, 0, &headers, head)?;
    // The history only grows: past the sheet's last rows, the newest are left out.
    let fits = (LAST_ROW - 2) as usize;
    for (k, c) in info.changes.iter().take(fits).enumerate() {
        let row = 1 + k as u32;
        let computed = data
            .registry
            .find_exact(&c.office)
            .and_then(|o| report.result_of(o))
            .and_then(|r| r.indicators.iter().find(|s| s.id == c.indicator))
            .map(|s| fmt2(s.computed))
            .unwrap_or_default();
        let kind = match c.kind.as_str() {
            "clear" => "清除",
            "confirm" => "确认",
            _ if c.is_check() => "抽查",
            _ => "核定",
        };
        // A change of a veto shows 是 / 否; none is the veto the office reported.
        let (computed, undecided) = if c.is_check() {
            (String::new(), c.undecided())
        } else if c.is_veto() {
            let reported = data
                .registry
                .find_exact(&c.office)
                .and_then(|o| report.result_of(o))
                .and_then(|r| r.indicators.iter().find(|s| s.id == c.indicator))
                .map(|s| yes_no(s.veto).to_string())
                .unwrap_or_default();
            (reported, REPORTED_VETO)
        } else {
            (computed, "测算分")
        };
        let mut cells = [
            c.at.clone(),
            c.evaluator.clone(),
            c.office.clone(),
            if c.item.is_empty() {
                c.indicator.clone()
            } else {
                format!(
                    "{} {}",
                    c.indicator,
                    crate::domain::checks::item_shown(&c.item)
                )
            },
            kind.to_string(),
            computed,
            c.old
                .map(Decided::shown)
                .unwrap_or_else(|| undecided.into()),
            c.new
                .map(Decided::shown)
                .unwrap_or_else(|| undecided.into()),
            match &c.source {
                Some(src) => format!(
                    "{}（来源：{}）",
                    c.reason,
                    crate::domain::decision::source_short(src)
                ),
                None => c.reason.clone(),
            },
        ];
        // A choice of the return that counts (以此份为准): the files chosen before and now.
        if let Some(fc) = &c.file {
            cells[4] = "选定".into();
            cells[5] = String::new();
            cells[6] = fc.old.clone().unwrap_or_else(|| NOT_CHOSEN.into());
            cells[7] = fc.new.clone();
        }
        wrapped_row(ws, &mut w, row, &cells, wrap, 50)?;
    }
    if info.changes.is_empty() {
        text(ws, &mut w, 1, 0, "（无核定记录）", sub)?;
    }
    if info.changes.len() > fits {
        put(
            ws,
            LAST_ROW,
            0,
            &format!(
                "另有 {} 条核定记录超出工作表行数，未列出（见 kaoping history）",
                info.changes.len() - fits
            ),
            sub,
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    print::setup(ws, &Page::landscape(&c.title).repeat_row(0))?;
    w.apply(ws, 50)?;
    Ok(())
}
