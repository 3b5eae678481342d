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
    let set = &data.set;
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
        for (c, v) in cols.iter_mut().zip(row) {
            c.cells.push(v);
        }
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
    writeln!(
        out,
        "自评偏差 = 自评分合计 − 总分（各指标自评分见 --format json）"
    )?;
    writeln!(
        out,
        "{} = 自评偏差大于 {} 分（抽查时加倍抽取）",
        labels::OVERCLAIM,
        fmt2(set.overclaim_flag)
    )?;
    Ok(())
}
