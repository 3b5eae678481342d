//! The draft circular (通报（征求意见稿）): the template's sentences with every number filled
//! from the results, laid out as a 公文, and the attachment's table of every office's 等次.

use super::facts::{self, Facts};
use super::gongwen::{Align, Gongwen, TableSpec, TEXT_WIDTH};
use super::template::{Filled, Kind, Template};
use super::{DocError, DocInfo};
use crate::data::DataSet;
use crate::domain::points::fmt2;
use crate::report::Report;
use crate::store::DrawRecord;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How the 优秀 offices are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// In registry order, 排名不分先后.
    #[default]
    Unordered,
    /// By rank.
    Rank,
}

/// What the circular needs besides the report.
pub struct CircularInfo<'a> {
    pub doc: DocInfo<'a>,
    pub template: &'a Template,
    /// The spot checks drawn (the store's `draws`).
    pub draws: &'a [DrawRecord],
    pub list: ListOrder,
    /// The attachment's table gives 总分 and 名次 too.
    pub with_scores: bool,
    /// With a comparison (`--compare`): the offices that rose most since the previous
    /// result, with the places gained, most first; empty without one.
    pub improved: &'a [(String, i64)],
}

/// The placeholders a template may use, each with what it holds (for the README and the
/// help).
pub const PLACEHOLDERS: [(&str, &str); 33] = [
    (
        "assessment",
        "考核评估名称：2018年度直属海关政务公开考核评估",
    ),
    ("year", "年度：2018"),
    ("plan", "实施方案名称（其中的《》写作〈〉，以便放在《》内）"),
    ("plan_document", "实施方案文号"),
    ("indicator_set", "指标体系名称"),
    ("offices", "参评单位数"),
    ("received", "有效报送单位数"),
    ("not_submitted", "未报送单位数"),
    ("not_submitted_list", "未报送单位名单，带括号；没有时为空"),
    ("returned", "退回的自评表份数"),
    (
        "findings",
        "核查认定的项数（核查记录、抽查清单的核定和核查数量）",
    ),
    ("draws", "抽查次数"),
    ("drawn", "抽取的事项和满分自评数"),
    ("checked", "已核查数"),
    ("checks_true", "抽查属实数"),
    ("checks_false", "抽查不属实数"),
    ("checks_no_evidence", "抽查无佐证数"),
    ("grade_counts", "各等次单位数：优秀N个、良好N个……"),
    ("mean_total", "平均得分（没有有效报送的单位时无法填写）"),
    ("excellent_count", "优秀单位数"),
    ("excellent_order", "排名不分先后 / 按名次排列（--list）"),
    ("excellent_list", "优秀单位名单；没有时为“无”"),
    ("vetoed", "一票否决的单位的说明；没有时为空"),
    (
        "most_improved",
        "与上年相比名次提升较多的单位（--compare 时）；不比较或无单位提升时为空",
    ),
    ("weak_tasks", "平均得分率最低的任务及失分较多的单位"),
    ("items", "时效明细事项总数"),
    ("on_time", "按时公开事项数"),
    ("late", "未按时公开事项数（含抽查不属实、无佐证）"),
    ("on_time_rate", "按时公开率（没有事项时无法填写）"),
    (
        "late_offices",
        "未按时公开事项较多的单位，以“，较多的单位有”开头；没有时为空",
    ),
    ("reasons", "最常见的失分原因"),
    ("attachment_title", "附件标题"),
    ("date", "成文日期：2026年11月27日"),
];

/// The values of the placeholders (an `Err` says why one cannot be filled).
pub fn values(
    data: &DataSet,
    f: &Facts,
    info: &CircularInfo,
) -> BTreeMap<&'static str, Result<String, String>> {
    let name = |o: usize| data.registry.offices[o].name.clone();
    let names = |list: &[usize]| list.iter().map(|&o| name(o)).collect::<Vec<_>>().join("、");
    let n = |x: usize| Ok(x.to_string());
    let assessment = facts::assessment(data);
    let set = &data.set;
    let mut v: BTreeMap<&'static str, Result<String, String>> = BTreeMap::new();
    v.insert("assessment", Ok(assessment.clone()));
    v.insert("year", Ok(set.year.to_string()));
    // Within 《》, a title's own 《》 become 〈〉.
    v.insert(
        "plan",
        Ok(data.plan.title.replace('《', "〈").replace('》', "〉")),
    );
    v.insert("plan_document", Ok(data.plan.document.clone()));
    v.insert("indicator_set", Ok(set.name.clone()));
    v.insert("offices", n(f.offices));
    v.insert("received", n(f.received));
    v.insert("not_submitted", n(f.not_submitted.len()));
    v.insert(
        "not_submitted_list",
        Ok(if f.not_submitted.is_empty() {
            String::new()
        } else {
            format!("（{}）", names(&f.not_submitted))
        }),
    );
    v.insert("returned", n(f.returned));
    v.insert("findings", n(f.findings));
    v.insert("draws", n(f.draws));
    v.insert("drawn", Ok(f.drawn.to_string()));
    v.insert("checked", n(f.checks.iter().sum()));
    v.insert("checks_true", n(f.checks[0]));
    v.insert("checks_false", n(f.checks[1]));
    v.insert("checks_no_evidence", n(f.checks[2]));
    v.insert(
        "grade_counts",
        Ok(f.grades
            .iter()
            .map(|(g, k)| format!("{g}{k}个"))
            .collect::<Vec<_>>()
            .join("、")),
    );
    v.insert(
        "mean_total",
        f.mean_total
            .map(fmt2)
            .ok_or_else(|| "没有有效报送的单位".to_string()),
    );
    v.insert("excellent_count", n(f.excellent.len()));
    v.insert(
        "excellent_order",
        Ok(match info.list {
            ListOrder::Unordered => "排名不分先后",
            ListOrder::Rank => "按名次排列",
        }
        .into()),
    );
    let excellent = match info.list {
        ListOrder::Unordered => &f.excellent,
        ListOrder::Rank => &f.excellent_ranked,
    };
    v.insert(
        "excellent_list",
        Ok(if excellent.is_empty() {
            "无".into()
        } else {
            names(excellent)
        }),
    );
    let cap = set.veto_cap.clone();
    v.insert(
        "vetoed",
        Ok(if f.vetoed.is_empty() {
            String::new()
        } else {
            format!(
                "{}因发生一票否决事项，等次定为{cap}（{}）。",
                names(&f.vetoed),
                set.veto_label
            )
        }),
    );
    v.insert(
        "most_improved",
        Ok(if info.improved.is_empty() {
            String::new()
        } else {
            format!(
                "与上年相比，名次提升较多的单位有{}。",
                info.improved
                    .iter()
                    .map(|(o, k)| format!("{o}（上升{k}位）"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        }),
    );
    v.insert("weak_tasks", Ok(weak_tasks(data, f)));
    v.insert("items", Ok(f.items.to_string()));
    v.insert("on_time", Ok(f.on_time.to_string()));
    v.insert("late", Ok((f.items - f.on_time.min(f.items)).to_string()));
    v.insert(
        "on_time_rate",
        facts::percent(f.on_time.into(), f.items.into())
            .ok_or_else(|| "时效明细没有事项".to_string()),
    );
    v.insert(
        "late_offices",
        Ok(if f.late_offices.is_empty() {
            String::new()
        } else {
            format!(
                "，较多的单位有{}",
                f.late_offices
                    .iter()
                    .map(|(o, k)| format!("{}（{k}项）", name(*o)))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        }),
    );
    v.insert("reasons", Ok(reasons(f)));
    v.insert("attachment_title", Ok(attachment_title(data)));
    v.insert("date", Ok(facts::chinese_date(info.doc.date)));
    v
}

/// The attachment's title: `2018年度直属海关政务公开考核评估等次情况`.
pub fn attachment_title(data: &DataSet) -> String {
    format!("{}等次情况", facts::assessment(data))
}

/// The circular's title, as its document properties give it.
pub fn title(data: &DataSet) -> String {
    format!("关于{}情况的通报（征求意见稿）", facts::assessment(data))
}

fn weak_tasks(data: &DataSet, f: &Facts) -> String {
    if f.weak_tasks.is_empty() {
        return "各项任务均未失分。".into();
    }
    let parts: Vec<String> = f
        .weak_tasks
        .iter()
        .map(|t| {
            let rate = facts::percent(t.mean, t.max).unwrap_or_default();
            let offices: Vec<String> = t
                .offices
                .iter()
                .map(|(o, lost)| {
                    format!("{}（失{}分）", data.registry.offices[*o].name, fmt2(*lost))
                })
                .collect();
            format!(
                "第{}项任务“{}”平均得分率为{rate}，失分较多的单位有{}",
                t.number,
                t.title,
                offices.join("、")
            )
        })
        .collect();
    format!("{}。", parts.join("；"))
}

fn reasons(f: &Facts) -> String {
    if f.reasons.is_empty() {
        return "各单位均未失分。".into();
    }
    let parts: Vec<String> = f
        .reasons
        .iter()
        .map(|r| {
            format!(
                "{}（{}个单位{}项，共失{}分）",
                r.label,
                r.offices,
                r.cases,
                fmt2(r.lost)
            )
        })
        .collect();
    format!("失分较为集中的是：{}。", parts.join("；"))
}

/// The attachment's table: every registry office with its 等次 (and with `with_scores`
/// its 总分 and 名次); an office without a usable return is shown 未报送. In registry
/// order, or by rank with the scores (unranked offices last).
fn table(data: &DataSet, report: &Report, with_scores: bool) -> TableSpec {
    let set = &data.set;
    let mut order: Vec<usize> = if with_scores {
        report.results.iter().map(|r| r.office).collect()
    } else {
        (0..data.registry.len()).collect()
    };
    if with_scores {
        order.extend(report.unranked());
    }
    let mut rows = Vec::new();
    for (k, &o) in order.iter().enumerate() {
        let name = data.registry.offices[o].name.clone();
        let mut row = vec![((k + 1).to_string(), Align::Center), (name, Align::Left)];
        match report.result_of(o) {
            Some(r) => {
                if with_scores {
                    row.push((fmt2(r.total), Align::Right));
                    row.push((r.rank.to_string(), Align::Center));
                }
                row.push((crate::labels::grade(r, set), Align::Center));
            }
            None => {
                if with_scores {
                    row.push((String::new(), Align::Right));
                    row.push((String::new(), Align::Center));
                }
                row.push((
                    crate::labels::unranked_label(report, o).to_string(),
                    Align::Center,
                ));
            }
        }
        rows.push(row);
    }
    if with_scores {
        TableSpec {
            header: vec!["序号", "单位", "总分", "名次", "等次"],
            widths: vec![1000, 3244, 1400, 1000, 2200],
            rows,
        }
    } else {
        TableSpec {
            header: vec!["序号", "单位", "等次"],
            widths: vec![1200, 4044, 3600],
            rows,
        }
    }
}

/// Lays the filled template out.
fn layout(lines: &[Filled], table: TableSpec) -> Gongwen {
    debug_assert_eq!(table.widths.iter().sum::<usize>(), TEXT_WIDTH);
    let mut g = Gongwen::new();
    let mut k = 0;
    while k < lines.len() {
        let l = &lines[k];
        k += 1;
        g = match l.kind {
            Kind::Title => g.title(&l.text),
            Kind::To => g.addressee(&l.text),
            Kind::H1 => g.heading1(&l.text),
            Kind::H2 => g.heading2(&l.text),
            Kind::Body => g.body(&l.text),
            Kind::Label => g.label(&l.text),
            Kind::Right => {
                // Lines flush right together (落款 and date) are laid out as one block.
                let mut block = vec![l.text.as_str()];
                while k < lines.len() && lines[k].kind == Kind::Right {
                    block.push(&lines[k].text);
                    k += 1;
                }
                g.right(&block)
            }
            Kind::Blank => g.blank(),
            Kind::PageBreak => g.page_break(),
            Kind::Table => g.table(&table),
        };
    }
    g
}

/// The circular as the bytes of a .docx.
pub fn build(data: &DataSet, report: &Report, info: &CircularInfo) -> Result<Vec<u8>, DocError> {
    let f = Facts::of(data, report, info.draws);
    let values = values(data, &f, info);
    let lines = info.template.fill(&values).map_err(DocError::Template)?;
    let g = layout(&lines, table(data, report, info.with_scores));
    let title = title(data);
    super::finish(g, &info.doc, &title)
}

/// Writes the circular to `out` (a `.docx`), through a temporary file beside it renamed at
/// the end; nothing is printed. Refused (nothing written): an `out` not ending in `.docx`,
/// a template that cannot be filled.
pub fn write_circular(
    data: &DataSet,
    report: &Report,
    info: &CircularInfo,
    out: &Path,
) -> Result<PathBuf, DocError> {
    super::check_docx_name(out)?;
    let bytes = build(data, report, info)?;
    super::write_file(out, &bytes)?;
    Ok(out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_listed_has_a_value_and_no_other() {
        let data = DataSet::builtin();
        let report = Report::build(&data, &[]);
        let template = Template::builtin();
        let info = CircularInfo {
            doc: DocInfo {
                author: "张三",
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            },
            template: &template,
            draws: &[],
            improved: &[],
            list: ListOrder::Unordered,
            with_scores: false,
        };
        let v = values(&data, &Facts::of(&data, &report, &[]), &info);
        let keys: Vec<&str> = v.keys().copied().collect();
        let mut listed: Vec<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
        listed.sort_unstable();
        assert_eq!(keys, listed);
        // Without a ranked office, the mean and the rate cannot be filled.
        assert!(v["mean_total"].is_err() && v["on_time_rate"].is_err());
        assert_eq!(v["excellent_list"].as_deref(), Ok("无"));
    }
}
