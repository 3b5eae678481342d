//! The ranking as an aligned table for a terminal, measured in terminal cells (CJK counts
//! two) and readable at 80 columns.

use crate::data::DataSet;
use crate::domain::indicators::CategoryKind;
use crate::domain::points::fmt2;
use crate::labels;
use crate::report::Report;
use crate::text::{pad_left, pad_right, sanitize, width};
use std::io::{self, Write};

struct Column {
    title: String,
    right: bool,
    cells: Vec<String>,
}

impl Column {
    fn new(title: &str, right: bool) -> Self {
        Column {
            title: title.to_string(),
            right,
            cells: Vec::new(),
        }
    }
    fn width(&self) -> usize {
        self.cells
            .iter()
            .map(|c| width(c))
            .chain([width(&self.title)])
            .max()
            .unwrap_or(0)
    }
}

pub fn write(out: &mut dyn Write, data: &DataSet, report: &Report) -> io::Result<()> {
    write_compared(out, data, report, None)
}

/// The widest table a terminal of 80 columns shows whole.
const FIT: usize = 80;

/// The table; when comparing (`diff`), with a Δ名次 column after 名次 (`↑3`, `↓2`, `—`,
/// `新参评`). Where that makes the table wider than 80 columns, 自评偏差 gives way (the
/// 自评虚高 mark stays after the 等次).
pub fn write_compared(
    out: &mut dyn Write,
    data: &DataSet,
    report: &Report,
    diff: Option<&crate::compare::Diff>,
) -> io::Result<()> {
    let set = &data.set;
    let change = |o: usize| {
        diff.and_then(|d| d.office(o))
            .map(|c| c.change.shown())
            .unwrap_or_default()
    };
    let cats: Vec<usize> = set
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != CategoryKind::Veto)
        .map(|(i, _)| i)
        .collect();
    let mut cols = vec![
        Column::new("名次", true),
        Column::new("单位", false),
        Column::new("总分", true),
        Column::new("等次", false),
    ];
    cols.extend(
        cats.iter()
            .map(|&c| Column::new(&set.categories[c].id, true)),
    );
    cols.push(Column::new("自评偏差", true));
    if diff.is_some() {
        cols.insert(1, Column::new("Δ名次", true));
    }
    let ncat = cats.len();
    for r in &report.results {
        let mut row = vec![
            r.rank.to_string(),
            sanitize(&data.registry.offices[r.office].name),
            fmt2(r.total),
            labels::grade_marked(r, set),
        ];
        row.extend(cats.iter().map(|&c| fmt2(r.categories[c])));
        row.push(r.claim_difference().map(labels::signed).unwrap_or_default());
        if diff.is_some() {
            row.insert(1, change(r.office));
        }
        for (c, v) in cols.iter_mut().zip(row) {
            c.cells.push(v);
        }
    }
    for o in report.unranked() {
        let status = labels::unranked_label(report, o);
        let mut row = vec![
            "-".to_string(),
            sanitize(&data.registry.offices[o].name),
            String::new(),
            status.to_string(),
        ];
        row.resize(4 + ncat + 1, String::new());
        if diff.is_some() {
            row.insert(1, change(o));
        }
        for (c, v) in cols.iter_mut().zip(row) {
            c.cells.push(v);
        }
    }
    let wide = |cols: &[Column]| {
        cols.iter().map(Column::width).sum::<usize>() + cols.len().saturating_sub(1)
    };
    // 自评偏差 is the last column.
    let gap_shown = diff.is_none() || wide(&cols) <= FIT;
    if !gap_shown {
        cols.pop();
    }
    let widths: Vec<usize> = cols.iter().map(Column::width).collect();
    let line = |cells: Vec<(&str, bool)>| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|((s, right), w)| {
                if *right {
                    pad_left(s, *w)
                } else {
                    pad_right(s, *w)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(cols.iter().map(|c| (c.title.as_str(), c.right)).collect())
    )?;
    let rows = cols.first().map(|c| c.cells.len()).unwrap_or(0);
    for i in 0..rows {
        writeln!(
            out,
            "{}",
            line(
                cols.iter()
                    .map(|c| (c.cells[i].as_str(), c.right))
                    .collect()
            )
        )?;
    }
    let names: Vec<String> = cats
        .iter()
        .map(|&c| format!("{} {}", set.categories[c].id, set.categories[c].name))
        .collect();
    writeln!(out, "\n{}", names.join("  "))?;
    if gap_shown {
        writeln!(
            out,
            "自评偏差 = 自评分合计 − 总分（各指标自评分见 --format json）"
        )?;
    } else {
        writeln!(out, "自评偏差（自评分合计 − 总分）见 --format json")?;
    }
    writeln!(
        out,
        "{} = 自评偏差大于 {} 分（抽查时加倍抽取）",
        labels::OVERCLAIM,
        fmt2(set.overclaim_flag)
    )?;
    if let Some(d) = diff {
        for line in compare_notes(d) {
            writeln!(out, "{}", sanitize(&line))?;
        }
    }
    Ok(())
}

/// What the table says of a comparison under it: what Δ名次 is against, and what was not
/// comparable.
pub fn compare_notes(d: &crate::compare::Diff) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Δ名次 = 与上年相比名次的变化：↑ 上升，↓ 下降，— 不变，{} = 上年无名次",
            crate::compare::diff::NEW_ENTRANT
        ),
        format!("上年结果：{}（{}）", d.title, d.source),
    ];
    if d.not_comparable.is_empty() {
        lines.push("各指标、任务和类别均可比较".into());
    } else {
        lines.push(format!(
            "未比较（总分、等次和名次照常比较）：{} 项",
            d.not_comparable.len()
        ));
        lines.extend(d.not_comparable.iter().map(|n| format!("  {}", n.shown())));
    }
    lines
}
