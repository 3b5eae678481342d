//! An office's feedback (反馈意见): its 总分 and 等次 (名次 on request), every indicator on
//! which it lost points and why, its late or failed 时效明细 items, 整改要求 to be written,
//! and, as the attachment, its 评分表 with lines for 评分人, 复核人 and 日期.

use super::facts::{self, LateItem, Loss};
use super::gongwen::{Align, Gongwen, TableSpec};
use super::{DocError, DocInfo};
use crate::data::DataSet;
use crate::domain::assessment::OfficeResult;
use crate::domain::indicators::CategoryKind;
use crate::domain::points::fmt2;
use crate::report::Report;
use std::path::{Path, PathBuf};

/// What the feedback needs besides the report.
pub struct FeedbackInfo<'a> {
    pub doc: DocInfo<'a>,
    /// Give the office's 名次.
    pub with_rank: bool,
    /// One office only (its registry index); every ranked office when none.
    pub office: Option<usize>,
    /// The files' ending: [`super::DOCX_SUFFIX`], or [`super::OWN_DOCX_SUFFIX`] when they are
    /// written into the folder of returns.
    pub suffix: &'a str,
}

/// The title: `2018年度政务公开考核评估反馈意见（广州海关）`.
pub fn title(data: &DataSet, office: usize) -> String {
    format!(
        "{}反馈意见（{}）",
        facts::assessment_short(data),
        data.registry.offices[office].name
    )
}

/// The file's name: the title, made safe as a file name, and `suffix`.
pub fn file_name(data: &DataSet, office: usize, suffix: &str) -> String {
    let t: String = title(data, office)
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{t}{suffix}")
}

fn lost_table(losses: &[Loss]) -> TableSpec {
    let rows = losses
        .iter()
        .map(|l| {
            vec![
                (format!("{} {}", l.id, l.title), Align::Left),
                (fmt2(l.points), Align::Right),
                (l.claimed.map(fmt2).unwrap_or_default(), Align::Right),
                (fmt2(l.used), Align::Right),
                (fmt2(l.lost), Align::Right),
                (l.reason.clone(), Align::Left),
            ]
        })
        .collect();
    TableSpec {
        header: vec!["指标", "分值", "自评分", "最终得分", "失分", "原因"],
        widths: vec![2300, 800, 950, 1250, 800, 2744],
        rows,
    }
}

fn late_table(items: &[LateItem]) -> TableSpec {
    let rows = items
        .iter()
        .map(|i| {
            vec![
                (format!("{} {}", i.id, i.title), Align::Left),
                (i.what.clone(), Align::Left),
            ]
        })
        .collect();
    TableSpec {
        header: vec!["指标", "情况"],
        widths: vec![3000, 5844],
        rows,
    }
}

/// The 评分表: every indicator with its 分值, 自评分, 最终得分 and 失分 (the veto: 是 / 否),
/// then 基础分, 加分, 总分 and 等次.
fn score_sheet(data: &DataSet, report: &Report, r: &OfficeResult) -> TableSpec {
    let set = &data.set;
    let mut rows = Vec::new();
    for (ind, s) in set.indicators.iter().zip(&r.indicators) {
        let kind = set.kind_of(ind);
        let (used, lost) = match kind {
            CategoryKind::Veto => {
                let v = report
                    .decided_veto(data, r.office, &ind.id)
                    .unwrap_or(s.veto);
                (
                    crate::domain::decision::yes_no(v).to_string(),
                    String::new(),
                )
            }
            CategoryKind::Bonus => (fmt2(s.used()), String::new()),
            CategoryKind::Base => (fmt2(s.used()), fmt2(ind.points - s.used())),
        };
        let points = match kind {
            CategoryKind::Veto => String::new(),
            _ => fmt2(ind.points),
        };
        rows.push(vec![
            (ind.id.clone(), Align::Center),
            (ind.title.clone(), Align::Left),
            (points, Align::Right),
            (s.claimed.map(fmt2).unwrap_or_default(), Align::Right),
            (used, Align::Right),
            (lost, Align::Right),
        ]);
    }
    let sum_row = |label: &str, v: String| {
        vec![
            (String::new(), Align::Center),
            (label.to_string(), Align::Left),
            (String::new(), Align::Right),
            (String::new(), Align::Right),
            (v, Align::Right),
            (String::new(), Align::Right),
        ]
    };
    rows.push(sum_row("基础分", fmt2(r.base)));
    rows.push(sum_row("加分", fmt2(r.bonus)));
    rows.push(sum_row("总分", fmt2(r.total)));
    rows.push(sum_row("等次", crate::labels::grade(r, set)));
    TableSpec {
        header: vec!["编号", "指标", "分值", "自评分", "最终得分", "失分"],
        widths: vec![800, 3744, 1000, 1000, 1300, 1000],
        rows,
    }
}

/// One office's feedback as the bytes of a .docx.
pub fn build(
    data: &DataSet,
    report: &Report,
    info: &FeedbackInfo,
    r: &OfficeResult,
) -> Result<Vec<u8>, DocError> {
    let set = &data.set;
    let name = &data.registry.offices[r.office].name;
    let title = title(data, r.office);
    let losses = facts::losses(data, report, r);
    let late = facts::late_items(data, report, r);
    let mut result = format!(
        "你关总分{}分（基础分{}分，加分{}分），等次为{}",
        fmt2(r.total),
        fmt2(r.base),
        fmt2(r.bonus),
        crate::labels::grade(r, set)
    );
    if info.with_rank {
        result.push_str(&format!(
            "，在{}个有效报送单位中列第{}名",
            report.results.len(),
            r.rank
        ));
    }
    result.push('。');
    if let (Some(claimed), Some(diff)) = (r.claimed_total, r.claim_difference()) {
        result.push_str(&format!(
            "你关自评总分{}分，自评偏差{}分。",
            fmt2(claimed),
            fmt2(diff)
        ));
    }
    let mut g = Gongwen::new()
        .title(&title)
        .blank()
        .addressee(&format!("{name}："))
        .body(&format!(
            "根据{}工作安排，总署办公厅对你关报送的自评表进行了审核评分。现将评估结果反馈如下。",
            facts::assessment(data)
        ))
        .heading1("一、评估结果")
        .body(&result)
        .heading1("二、失分情况");
    if losses.is_empty() {
        g = g.body("你关各项指标均未失分。");
    } else {
        g = g.body(&format!(
            "你关共有{}项指标失分，合计失分{}分，具体如下：",
            losses.len(),
            fmt2(facts::lost_total(&losses))
        ));
        g = g.table(&lost_table(&losses));
    }
    g = g.heading1("三、时效明细");
    if late.is_empty() {
        g = g.body("你关时效明细所列事项均按时公开，抽查未发现不属实或无佐证的情况。");
    } else {
        g = g.body("以下事项未按时公开，或经抽查不属实、无佐证：");
        g = g.table(&late_table(&late));
    }
    g = g
        .heading1("四、整改要求")
        .body("【待补充】")
        .blank()
        .body(&format!("附件：{name}评分表"))
        .blank()
        .right(&["办公厅", &facts::chinese_date(info.doc.date)])
        .page_break()
        .label("附件")
        .blank()
        .title(&format!("{name}评分表"))
        .blank();
    g = g
        .table(&score_sheet(data, report, r))
        .signature_line("评分人：")
        .signature_line("复核人：")
        .signature_line("日\u{3000}期：");
    super::finish(g, &info.doc, &title)
}

/// The offices a feedback run writes for: the one named, else every ranked office, in
/// registry order. Refused: an office named that has no usable return.
pub fn offices(
    data: &DataSet,
    report: &Report,
    office: Option<usize>,
) -> Result<Vec<usize>, DocError> {
    match office {
        Some(o) if report.result_of(o).is_some() => Ok(vec![o]),
        Some(o) => Err(DocError::Refused(format!(
            "{}：{}，没有可用的自评表，不生成反馈意见",
            data.registry.offices[o].name,
            crate::labels::unranked_label(report, o)
        ))),
        None => Ok((0..data.registry.len())
            .filter(|&o| report.result_of(o).is_some())
            .collect()),
    }
}

/// Writes one feedback per office (see [`offices`]) into the folder `out` (created if
/// missing), each through a temporary file renamed at the end; nothing is printed. Returns
/// the files written, in registry order. Stops at the first file that cannot be written.
pub fn write_feedback(
    data: &DataSet,
    report: &Report,
    info: &FeedbackInfo,
    out: &Path,
) -> Result<Vec<PathBuf>, DocError> {
    let list = offices(data, report, info.office)?;
    if out.exists() && !out.is_dir() {
        return Err(DocError::Refused(format!("{}：不是文件夹", out.display())));
    }
    std::fs::create_dir_all(out).map_err(|source| DocError::Io {
        path: out.display().to_string(),
        source,
    })?;
    let mut written = Vec::new();
    for o in list {
        let Some(r) = report.result_of(o) else {
            continue;
        };
        let bytes = build(data, report, info, r)?;
        let path = out.join(file_name(data, o, info.suffix));
        super::write_file(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
