//! The sheets of the inputs: 导入情况 (the import report) and 指标体系 (the indicator set).

use super::cells::*;
use super::SHEETS;
use crate::domain::indicators::Rule;
use crate::domain::points::fmt2;
use crate::export::limits::LAST_ROW;
use crate::export::print::{self, Page};
use crate::import::FileStatus;
use crate::labels;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The widest column of 导入情况: a SHA-256 (64 characters) on one line.
const IMPORT_WIDTH: usize = 66;
/// The widest column of 指标体系.
const SET_WIDTH: usize = 50;

/// 5. 导入情况: each file read, its status and problems.
pub(super) fn import_report(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, report, ranked) = (c.data, c.report, c.ranked);
    let Formats {
        head, wrap, sub, ..
    } = f;
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[4])?;
    let mut w = Widths::new();
    let headers = ["文件", "单位", "状态", "级别", "位置", "问题", "SHA-256"];
    header_row(ws, &mut w, 0, &headers, head)?;
    let mut row = 1u32;
    // Rows stop before the sheet's last ones, kept for the summary.
    let last = LAST_ROW - 4;
    let mut left_out = 0usize;
    for (i, f) in report.files.iter().enumerate() {
        let office = f
            .office
            .map(|o| data.registry.offices[o].name.clone())
            .unwrap_or_default();
        // The return chosen to count among its office's says so (以此份为准); who chose it
        // when is in its note below, and each 未采用 file names it.
        let status = match crate::choose::chosen(data, report, i) {
            Some(_) => labels::CHOSEN,
            None => labels::file_status_label(f.status),
        };
        let base = [f.shown.clone(), office, status.to_string()];
        let problems: Vec<(String, String, String)> = if f.problems.is_empty() {
            vec![(String::new(), String::new(), String::new())]
        } else {
            f.problems
                .iter()
                .map(|p| {
                    let level = labels::severity_label(p.severity);
                    (
                        level.to_string(),
                        p.at.clone().unwrap_or_default(),
                        p.message.clone(),
                    )
                })
                .collect()
        };
        for (level, at, msg) in problems {
            if row > last {
                left_out += 1;
                continue;
            }
            let cells = [&base[0], &base[1], &base[2], &level, &at, &msg, &f.sha256];
            wrapped_row(ws, &mut w, row, &cells, wrap, IMPORT_WIDTH)?;
            row += 1;
        }
    }
    let refused = report
        .files
        .iter()
        .filter(|f| !matches!(f.status, FileStatus::Imported | FileStatus::Superseded))
        .count();
    let set_aside = match report
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Superseded)
        .count()
    {
        0 => String::new(),
        n => format!(
            "，{} {n} 个（已选定同一单位的另一份为准）",
            labels::NOT_COUNTED
        ),
    };
    put(
        ws,
        row + 1,
        0,
        &format!(
            "共 {} 个文件，退回或重复报送 {} 个{set_aside}",
            report.files.len(),
            refused
        ),
        sub,
    )?;
    if left_out > 0 {
        put(
            ws,
            row + 2,
            0,
            &format!("另有 {left_out} 行超出工作表行数，未列出（见 kaoping check）"),
            sub,
        )?;
    }
    if ranked == 0 {
        let bold = sub.clone().set_bold().set_font_color(0xC00000);
        put(ws, row + 3, 0, &nothing_ranked_see(report, "上表"), &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print::setup(ws, &Page::landscape(&c.title).repeat_row(0))?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, headers.len() as u16 - 1)?;
    }
    w.apply(ws, IMPORT_WIDTH)?;
    Ok(())
}

/// 6. 指标体系: the indicators, their rules and methods.
pub(super) fn indicator_set(wb: &mut Workbook, c: &Ctx, f: &Formats) -> Result<(), XlsxError> {
    let (data, set) = (c.data, c.set);
    let Formats { head, wrap, .. } = f;
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[5])?;
    let mut w = Widths::new();
    let headers = [
        "编号",
        "一级指标",
        "考核内容",
        "分值",
        "规则类型",
        "参数",
        "评分方法",
        "关联任务",
        "任务内容",
    ];
    header_row(ws, &mut w, 0, &headers, head)?;
    for (k, ind) in set.indicators.iter().enumerate() {
        let row = 1 + k as u32;
        let cat = set
            .category(&ind.category)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let params = match &ind.rule {
            Rule::Level => set
                .levels
                .iter()
                .map(|(w, f)| format!("{w}×{}", f.normalize()))
                .collect::<Vec<_>>()
                .join("，"),
            Rule::Ratio { count, total } => format!("{count} ÷ {total}"),
            Rule::Timeliness { days } => match ind.extension_days {
                Some(e) => format!("{days} 个工作日，经批准可延长 {e} 个工作日"),
                None => format!("{days} 个工作日"),
            },
            Rule::Deadline { deadline } => format!("期限 {deadline}"),
            Rule::Deduction { per } | Rule::Bonus { per } => {
                format!("每件 {} 分", per.normalize())
            }
            Rule::Veto => format!("等次最高为{}", set.veto_cap),
        };
        let task = data
            .plan
            .task(ind.task)
            .map(|t| t.title.clone())
            .unwrap_or_default();
        let cells = [
            ind.id.clone(),
            cat,
            ind.title.clone(),
            fmt2(ind.points),
            ind.rule.kind_label().to_string(),
            params,
            crate::export::method_text(ind, set),
            ind.task.to_string(),
            task,
        ];
        wrapped_row(ws, &mut w, row, &cells, wrap, SET_WIDTH)?;
    }
    ws.set_freeze_panes(1, 1)?;
    print::setup(ws, &Page::landscape(&c.title).repeat_row(0))?;
    w.apply(ws, SET_WIDTH)?;
    Ok(())
}
