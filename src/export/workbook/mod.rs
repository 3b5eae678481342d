//! The year-end ranking workbook (通报): ranking, lost points by task, indicator scores with
//! the decisions marked, the decisions history, the import report, the indicator set, and a
//! chart of totals. Text from returns is always written as a string, totals as formulas with
//! their results set, widths measured in East-Asian cells, and the file written atomically.
//!
//! Data never makes the export fail: every text goes through [`super::limits`] (cut to what
//! Excel holds, with a visible mark, and cleaned of what XML cannot hold), an empty ranking
//! still gives every sheet (saying why), and rows and columns stop at the sheet's edge.

mod cells;
mod props;
mod ranking;
mod scores;
mod sheets;
mod stability;
mod write;

pub use write::{default_path, write};

use crate::data::DataSet;
use crate::domain::decision::Change;
use crate::domain::indicators::CategoryKind;
use crate::export::limits::LAST_COL;
use crate::report::Report;
use cells::{Ctx, Formats};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// Sheet names, in order.
pub const SHEETS: [&str; 7] = [
    "排名",
    "任务失分",
    "指标得分",
    "核定记录",
    "导入情况",
    "指标体系",
    "总分图",
];

/// The workbook's title, `2018年度直属海关政务公开考核评估结果汇总表`: the set's year and
/// assessment name (terms.md).
pub fn title(set: &crate::domain::indicators::IndicatorSet) -> String {
    format!("{}结果汇总表", assessment_of(set))
}

/// `2018年度直属海关政务公开考核评估`: the year once, whether or not the name holds it.
fn assessment_of(set: &crate::domain::indicators::IndicatorSet) -> String {
    let year = format!("{}年度", set.year);
    let name = set.assessment.trim();
    format!("{year}{}", name.strip_prefix(year.as_str()).unwrap_or(name))
}

/// What the export needs besides the report.
pub struct ExportInfo<'a> {
    /// Every change to the decisions (the store's history).
    pub changes: &'a [Change],
    /// Who exports (the document's author).
    pub author: &'a str,
    /// The export's date and time (local), `YYYY-MM-DD HH:MM:SS`.
    pub at: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {source}")]
    Xlsx { path: String, source: XlsxError },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub use crate::own_export::{EXPORT_SUFFIX, OWN_EXPORT_PROPERTY};

/// Builds the workbook in memory.
pub fn build(data: &DataSet, report: &Report, info: &ExportInfo) -> Result<Workbook, XlsxError> {
    let set = &data.set;
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let plain = Format::new().set_border(FormatBorder::Thin);
    let score = plain.clone().set_num_format("0.00");
    let total_fmt = score.clone().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let sub = Format::new().set_italic().set_font_color(0x595959);
    let decided_fmt = score.clone().set_bold().set_background_color(0xFFF2CC);
    let decided_text = plain
        .clone()
        .set_bold()
        .set_background_color(0xFFF2CC)
        .set_align(FormatAlign::Center);
    // Columns stop at the sheet's edge (7 columns besides the categories in 排名).
    let scored_cats: Vec<usize> = set
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != CategoryKind::Veto)
        .map(|(i, _)| i)
        .take(LAST_COL as usize + 1 - 7)
        .collect();
    let shown_indicators = set.indicators.len().min(LAST_COL as usize);
    let ranked = report.results.len();
    let unranked: Vec<usize> = report.unranked().collect();

    let f = Formats {
        head,
        plain,
        score,
        total_fmt,
        title,
        sub,
        decided_fmt,
        decided_text,
    };
    let c = Ctx {
        data,
        report,
        info,
        set,
        scored_cats,
        shown_indicators,
        ranked,
        unranked,
    };
    ranking::ranking(&mut wb, &c, &f)?;
    ranking::task_losses(&mut wb, &c, &f)?;
    scores::indicator_scores(&mut wb, &c, &f)?;
    scores::decisions(&mut wb, &c, &f)?;
    sheets::import_report(&mut wb, &c, &f)?;
    sheets::indicator_set(&mut wb, &c, &f)?;
    ranking::chart(&mut wb, &c, &f)?;
    stability::stability(&mut wb, &c, &f)?;
    props::set(&mut wb, &c);
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::{Cursor, Read};

    /// The export of one blank return (or of none), as bytes.
    fn export(with_return: bool) -> Vec<u8> {
        let data = DataSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let files = if with_return {
            vec![crate::export::template::write(&data, "拉萨海关", dir.path()).unwrap()]
        } else {
            vec![]
        };
        let report = Report::build(&data, &files);
        let info = ExportInfo {
            changes: &[],
            author: "张三",
            at: "2019-01-15 09:30:00",
        };
        build(&data, &report, &info)
            .unwrap()
            .save_to_buffer()
            .unwrap()
    }

    fn part(buf: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(Cursor::new(buf)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    const TITLE: &str = "2018年度直属海关政务公开考核评估结果汇总表";

    #[test]
    fn the_title_is_made_of_the_sets_year_and_assessment() {
        let mut set = DataSet::builtin().set;
        assert_eq!(title(&set), TITLE);
        // A name that already holds the year does not say it twice.
        set.assessment = "2019年度直属海关政务公开考核评估".into();
        set.year = 2019;
        assert_eq!(title(&set), "2019年度直属海关政务公开考核评估结果汇总表");
    }

    #[test]
    fn title_chart_and_properties_say_the_same_words() {
        let buf = export(true);
        let mut wb = Xlsx::new(Cursor::new(buf.clone())).unwrap();
        let r = wb.worksheet_range(SHEETS[0]).unwrap();
        assert_eq!(r.get_value((0, 0)), Some(&Data::String(TITLE.into())));
        let chart = part(&buf, "xl/charts/chart1.xml");
        assert!(
            chart.contains("2018年度直属海关政务公开考核评估总分"),
            "{chart}"
        );
        let core = part(&buf, "docProps/core.xml");
        assert!(
            core.contains(&format!("<dc:title>{TITLE}</dc:title>")),
            "{core}"
        );
        assert!(
            core.contains("2018年度直属海关政务公开考核评估：总分、等次与排名（参评单位 42 个，有效报送 1 个）"),
            "{core}"
        );
        // With nothing ranked, the chart's sheet says the same title.
        let buf = export(false);
        let mut wb = Xlsx::new(Cursor::new(buf)).unwrap();
        let r = wb.worksheet_range(SHEETS[6]).unwrap();
        assert_eq!(
            r.get_value((0, 0)),
            Some(&Data::String("2018年度直属海关政务公开考核评估总分".into()))
        );
    }

    #[test]
    fn the_indicator_sheet_names_rule_kinds_in_chinese() {
        let data = DataSet::builtin();
        let buf = export(false);
        let mut wb = Xlsx::new(Cursor::new(buf)).unwrap();
        let r = wb.worksheet_range(SHEETS[5]).unwrap();
        assert_eq!(r.get_value((0, 4)), Some(&Data::String("规则类型".into())));
        let kinds: Vec<String> = (1..=data.set.indicators.len() as u32)
            .map(|row| r.get_value((row, 4)).unwrap().to_string())
            .collect();
        let code = [
            "level",
            "ratio",
            "timeliness",
            "deadline",
            "deduction",
            "bonus",
            "veto",
        ];
        for (ind, k) in data.set.indicators.iter().zip(&kinds) {
            assert_eq!(k, ind.rule.kind_label(), "{}", ind.id);
            assert!(!code.contains(&k.as_str()), "{}: {k}", ind.id);
        }
        let mut seen: Vec<&str> = kinds.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        let mut want = vec![
            "等级评定",
            "按比例计分",
            "时效",
            "按期完成",
            "扣分",
            "加分",
            "一票否决",
        ];
        want.sort_unstable();
        assert_eq!(seen, want);
        // D1: its limit and extension; V1: capped at 良好, said the right way round.
        let row = |id: &str| 1 + data.set.index_of(id).unwrap() as u32;
        assert_eq!(
            r.get_value((row("D1"), 5)).unwrap().to_string(),
            "15 个工作日，经批准可延长 15 个工作日"
        );
        assert!(r
            .get_value((row("D1"), 6))
            .unwrap()
            .to_string()
            .contains("最长15个工作日"));
        assert_eq!(
            r.get_value((row("V1"), 6)).unwrap().to_string(),
            "发生的，等次最高为良好（不得评为优秀）"
        );
    }
}
