//! `kaoping robustness`: each office's rank interval as a table (80 columns), CSV
//! (`office,rank,median_rank,p5_rank,p95_rank,keep_grade_share`) or JSON. The method is
//! [`crate::domain::robustness`]'s.

use crate::data::DataSet;
use crate::domain::robustness::{OfficeStability, Stability};
use crate::labels;
use crate::report::Report;
use crate::text::{pad_left, pad_right, sanitize, truncate, width};
use serde_json::{json, Value};
use std::io::{self, Write};

/// The CSV header (the contract).
pub const CSV_HEADER: &str = "office,rank,median_rank,p5_rank,p95_rank,keep_grade_share";

/// The widest office name in the table, in terminal cells (longer ones end in `…`).
const NAME_CELLS: usize = 30;

/// The 90 % interval as shown: `3–7`, or `3` when both ends are the same rank.
pub fn interval(o: &OfficeStability) -> String {
    if o.p5 == o.p95 {
        o.p5.to_string()
    } else {
        format!("{}–{}", o.p5, o.p95)
    }
}

/// The share of draws keeping the 等次, as a percentage with one decimal (`97.3%`), exact
/// and rounded half away from zero.
pub fn percent(o: &OfficeStability, draws: u32) -> String {
    // Tenths of a percent, rounded once on integers.
    let d = u64::from(draws.max(1));
    let tenths = (u64::from(o.kept) * 2000 + d) / (2 * d);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The method in one sentence, with the draw's parameters (for the table's head, the
/// workbook's note and the JSON).
pub fn method(data: &DataSet, st: &Stability) -> String {
    use crate::domain::points::Decimal;
    let s = st.params.spread;
    let (lo, hi) = (
        (Decimal::ONE - s).normalize(),
        (Decimal::ONE + s).normalize(),
    );
    format!(
        "每个基础指标的分值乘以 [{lo}, {hi}) 内独立均匀的随机系数，再按比例调整使基础分合计仍为 {}，加分项与一票否决不变，按各单位的得分率重新计分排名；共 {} 次，种子 {}。",
        data.set.base_max().normalize(),
        st.params.draws,
        st.params.seed
    )
}

/// The notes under the table (and in the workbook).
pub const NOTES: [&str; 2] = [
    "90%区间 = 各次名次的第 5 至第 95 百分位（最近秩法）；中位名次为第 50 百分位；保持等次 = 等次与正式结果相同的次数占比。",
    "正式得分仍为精确小数；扰动计算用二进制浮点数，各指标得分按两位小数四舍五入后比较，同分同名次。",
];

pub fn table(
    out: &mut dyn Write,
    data: &DataSet,
    report: &Report,
    st: &Stability,
) -> io::Result<()> {
    for l in wrap(&format!("稳定性：{}", method(data, st)), WIDTH) {
        writeln!(out, "{l}")?;
    }
    let heads = ["名次", "单位", "中位名次", "90%区间", "保持等次"];
    let mut rows: Vec<[String; 5]> = Vec::new();
    for o in &st.offices {
        rows.push([
            o.rank.to_string(),
            truncate(&sanitize(&data.registry.offices[o.office].name), NAME_CELLS),
            o.median.to_string(),
            interval(o),
            percent(o, st.params.draws),
        ]);
    }
    for o in report.unranked() {
        rows.push([
            "-".into(),
            truncate(&sanitize(&data.registry.offices[o].name), NAME_CELLS),
            labels::unranked_label(report, o).into(),
            String::new(),
            String::new(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            rows.iter()
                .map(|r| width(&r[c]))
                .chain([width(heads[c])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 5]| -> String {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (s, w))| {
                if c == 1 {
                    pad_right(s, *w)
                } else {
                    pad_left(s, *w)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(heads))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
    }
    writeln!(out)?;
    for n in NOTES {
        for l in wrap(n, WIDTH) {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// The table's width in terminal cells.
const WIDTH: usize = 80;

/// A text cut into lines of at most `w` terminal cells: between Chinese characters, never
/// inside a run of ASCII (a number, `[0.8,`); a closing punctuation mark stays at the end of
/// its line, in the last two cells kept for it.
fn wrap(s: &str, w: usize) -> Vec<String> {
    // Tokens: a run of ASCII other than spaces, or one other character.
    let mut tokens: Vec<&str> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let ascii = c.is_ascii() && c != ' ';
        match (ascii, start) {
            (true, None) => start = Some(i),
            (true, Some(_)) => {}
            (false, Some(b)) => {
                tokens.push(&s[b..i]);
                start = None;
                tokens.push(&s[i..i + c.len_utf8()]);
            }
            (false, None) => tokens.push(&s[i..i + c.len_utf8()]),
        }
    }
    if let Some(b) = start {
        tokens.push(&s[b..]);
    }
    let mut lines = vec![String::new()];
    let mut used = 0;
    for t in tokens {
        let tw = width(t);
        let room = if "，。；：、）".contains(t) {
            w
        } else {
            w.saturating_sub(2)
        };
        if used + tw > room && used > 0 {
            lines.push(String::new());
            used = 0;
            if t == " " {
                continue;
            }
        }
        if let Some(l) = lines.last_mut() {
            l.push_str(t);
        }
        used += tw;
    }
    for l in &mut lines {
        l.truncate(l.trim_end().len());
    }
    lines
}

/// The CSV rows (without the header): ranked offices in ranked order, then the others in
/// registry order with empty ranks and share.
pub fn csv_rows(data: &DataSet, report: &Report, st: &Stability) -> Vec<[String; 6]> {
    use super::csv::field;
    let mut rows = Vec::new();
    for o in &st.offices {
        rows.push([
            field(&data.registry.offices[o.office].name, false),
            o.rank.to_string(),
            o.median.to_string(),
            o.p5.to_string(),
            o.p95.to_string(),
            share(o, st.params.draws),
        ]);
    }
    for o in report.unranked() {
        rows.push([
            field(&data.registry.offices[o].name, false),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    rows
}

/// The share with four decimals (`0.9730`, `1.0000`).
pub fn share(o: &OfficeStability, draws: u32) -> String {
    let mut s = o.keep_share(draws);
    s.rescale(4);
    s.to_string()
}

pub fn csv(out: &mut dyn Write, data: &DataSet, report: &Report, st: &Stability) -> io::Result<()> {
    writeln!(out, "{CSV_HEADER}")?;
    for r in csv_rows(data, report, st) {
        writeln!(out, "{}", r.join(","))?;
    }
    Ok(())
}

pub fn to_value(data: &DataSet, report: &Report, st: &Stability) -> Value {
    let mut offices = Vec::new();
    for o in &st.offices {
        offices.push(json!({
            "office": data.registry.offices[o.office].name,
            "rank": o.rank,
            "median_rank": o.median,
            "p5_rank": o.p5,
            "p95_rank": o.p95,
            "keep_grade_share": share(o, st.params.draws),
            "kept_draws": o.kept,
        }));
    }
    for o in report.unranked() {
        offices.push(json!({
            "office": data.registry.offices[o].name,
            "rank": Value::Null,
            "median_rank": Value::Null,
            "p5_rank": Value::Null,
            "p95_rank": Value::Null,
            "keep_grade_share": Value::Null,
            "kept_draws": Value::Null,
            "status_label": labels::unranked_label(report, o),
        }));
    }
    json!({
        "method": {
            "draws": st.params.draws,
            "spread": st.params.spread.normalize().to_string(),
            "seed": st.params.seed,
            "percentile": "nearest-rank",
            "floating_point": true,
            "description": method(data, st),
            "notes": NOTES,
        },
        "offices": offices,
    })
}

pub fn json(
    out: &mut dyn Write,
    data: &DataSet,
    report: &Report,
    st: &Stability,
) -> io::Result<()> {
    let v = to_value(data, report, st);
    serde_json::to_writer_pretty(&mut *out, &v).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(p5: u32, p95: u32, kept: u32) -> OfficeStability {
        OfficeStability {
            office: 0,
            rank: p5,
            median: p5,
            p5,
            p95,
            kept,
        }
    }

    #[test]
    fn long_lines_are_wrapped_at_80_cells() {
        let text = "稳定性：".repeat(30);
        let lines = wrap(&text, 80);
        assert!(lines.iter().all(|l| width(l) <= 80));
        assert_eq!(lines.concat(), text);
        // A number is never cut.
        let text = format!("{}共 1000 次", "中".repeat(38));
        let lines = wrap(&text, 80);
        assert_eq!(lines, ["中".repeat(38) + "共", "1000 次".into()]);
    }

    #[test]
    fn intervals_and_shares_are_shown_exactly() {
        assert_eq!(interval(&o(3, 7, 0)), "3–7");
        assert_eq!(interval(&o(4, 4, 0)), "4");
        assert_eq!(percent(&o(1, 1, 973), 1000), "97.3%");
        assert_eq!(percent(&o(1, 1, 1000), 1000), "100.0%");
        assert_eq!(percent(&o(1, 1, 1), 3), "33.3%");
        assert_eq!(percent(&o(1, 1, 2), 3), "66.7%");
        // 97.25 % exactly rounds up; 97.249… rounds down (rounded once).
        assert_eq!(percent(&o(1, 1, 389), 400), "97.3%");
        assert_eq!(percent(&o(1, 1, 97249), 100000), "97.2%");
        assert_eq!(share(&o(1, 1, 2), 3), "0.6667");
        assert_eq!(share(&o(1, 1, 5), 5), "1.0000");
    }
}
