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
pub mod yoy;

pub use write::{default_path, write, write_compared, write_for, write_full};

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

/// Who the workbook is for (`export --audience`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Audience {
    /// Headquarters: everything — the results, the decisions with their evaluators and
    /// reasons, the import report with the files' paths and SHA-256, the hashes in the
    /// document's properties.
    #[default]
    Internal,
    /// What may be forwarded to the offices: 排名 with the 等次, 任务失分, 指标体系 and the
    /// chart of totals; no path, hash, decision, evaluator or import report.
    Offices,
}

impl Audience {
    /// The sheets of the workbook for this audience, in order.
    pub fn sheets(self) -> Vec<&'static str> {
        match self {
            Audience::Internal => SHEETS.to_vec(),
            Audience::Offices => vec![SHEETS[0], SHEETS[1], SHEETS[5], SHEETS[6]],
        }
    }
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
    #[error("{}", crate::text::not_made(path, source))]
    Xlsx { path: String, source: XlsxError },
    #[error("{}", crate::text::not_written(path, source))]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub use crate::own_export::{EXPORT_SUFFIX, OWN_EXPORT_PROPERTY};

/// Builds the workbook in memory, with everything (for headquarters).
pub fn build(data: &DataSet, report: &Report, info: &ExportInfo) -> Result<Workbook, XlsxError> {
    build_full(data, report, info, Audience::Internal, None)
}

/// Builds the workbook in memory for `audience`.
pub fn build_for(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    audience: Audience,
) -> Result<Workbook, XlsxError> {
    build_full(data, report, info, audience, None)
}

/// Builds the whole workbook in memory; when comparing (`diff`), with the 同比 sheet last.
pub fn build_compared(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    diff: Option<&crate::compare::Diff>,
) -> Result<Workbook, XlsxError> {
    build_full(data, report, info, Audience::Internal, diff)
}

/// Builds the workbook in memory for `audience`; when comparing (`diff`), with the 同比
/// sheet last (in both audiences: it holds results only).
pub fn build_full(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    audience: Audience,
    diff: Option<&crate::compare::Diff>,
) -> Result<Workbook, XlsxError> {
    let set = &data.set;
    let mut wb = Workbook::new();
    let head = crate::export::header_format();
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
    // Columns stop at the sheet's edge (7 columns besides the categories in 排名, then
    // one empty and the chart's two).
    let scored_cats: Vec<usize> = set
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != CategoryKind::Veto)
        .map(|(i, _)| i)
        .take(LAST_COL as usize + 1 - 10)
        .collect();
    let shown_indicators = set.indicators.len().min(LAST_COL as usize);
    let ranked = report.results.len();
    let unranked: Vec<usize> = report.unranked().collect();

    let wrap = plain.clone().set_text_wrap().set_align(FormatAlign::Top);
    let f = Formats {
        wrap,
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
        audience,
        title: self::title(set),
    };
    let internal = audience == Audience::Internal;
    ranking::ranking(&mut wb, &c, &f)?;
    ranking::task_losses(&mut wb, &c, &f)?;
    if internal {
        scores::indicator_scores(&mut wb, &c, &f)?;
        scores::decisions(&mut wb, &c, &f)?;
        sheets::import_report(&mut wb, &c, &f)?;
    }
    sheets::indicator_set(&mut wb, &c, &f)?;
    ranking::chart(&mut wb, &c, &f)?;
    // How robust each rank is: headquarters' analysis, not a result to forward.
    if internal {
        stability::stability(&mut wb, &c, &f)?;
    }
    if let Some(d) = diff {
        yoy::yoy(&mut wb, &c, &f, d)?;
    }
    props::set(&mut wb, &c);
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::Rule;
    use crate::domain::points::Decimal;
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
    fn the_note_under_the_ranking_follows_the_grades_and_the_veto_cap() {
        use crate::domain::indicators::Grade;
        let mut set = DataSet::builtin().set;
        let notes = ranking::ranking_notes(&set, 42);
        assert_eq!(notes.len(), 2, "{notes:?}");
        // The cap at the top grade: a veto only marks the 等次.
        set.veto_cap = "优秀".into();
        let notes = ranking::ranking_notes(&set, 42);
        assert_eq!(
            notes[1],
            "一票否决：有一票否决事项的单位，等次后注明“（一票否决）”。"
        );
        // Cap at 合格: both grades above it are named.
        set.veto_cap = "合格".into();
        let notes = ranking::ranking_notes(&set, 42);
        assert!(
            notes[1].contains("按总分应为优秀、良好的评为合格"),
            "{notes:?}"
        );
        // One grade only: every total; no veto indicator: no veto sentence.
        set.grades = vec![Grade {
            name: "合格".into(),
            min: Decimal::ZERO,
        }];
        set.indicators.retain(|i| !matches!(i.rule, Rule::Veto));
        let notes = ranking::ranking_notes(&set, 0);
        assert_eq!(notes, ["等次按总分评定——合格：所有总分。"]);
        // A quota over no ranked office: at most 0.
        set.excellent_max_share = Some(Decimal::new(3, 1));
        set.grades.push(Grade {
            name: "不合格".into(),
            min: Decimal::ZERO,
        });
        set.grades[0].min = Decimal::new(605, 1);
        let notes = ranking::ranking_notes(&set, 0);
        assert_eq!(
            notes[0],
            "等次按总分评定——合格：60.5 分及以上；不合格：不足 60.5 分。"
        );
        assert!(
            notes[1].contains("30%（本次有效报送 0 个，至多 0 个）"),
            "{notes:?}"
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
