//! The numbers both documents use, all taken from the [`Report`] that `score` prints (and
//! the store's draws): counts of returns, findings and spot checks, the 等次, the mean, the
//! weakest plan tasks, timeliness over all items, the commonest reasons for lost points, and
//! per office what it lost and why.

use crate::data::DataSet;
use crate::domain::assessment::OfficeResult;
use crate::domain::checks::{item_keys, split_key, Check, CheckResult};
use crate::domain::decision::Decided;
use crate::domain::indicators::{CategoryKind, Indicator, Rule};
use crate::domain::points::{checked_mul_ratio, checked_sum, fmt2, mean, Decimal};
use crate::domain::scoring::{score_indicator_failing, IndicatorScore, NOT_FILLED};
use crate::import::FileStatus;
use crate::report::Report;
use crate::store::DrawRecord;

/// `2018年度直属海关政务公开考核评估`: the set's year once, then its assessment.
pub fn assessment(data: &DataSet) -> String {
    let set = &data.set;
    let year = format!("{}年度", set.year);
    let name = set.assessment.trim();
    format!("{year}{}", name.strip_prefix(year.as_str()).unwrap_or(name))
}

/// `2018年度政务公开考核评估`: the assessment without the offices it covers (for the title
/// of an office's feedback, terms.md).
pub fn assessment_short(data: &DataSet) -> String {
    let a = assessment(data);
    let year = format!("{}年度", data.set.year);
    let rest = a.strip_prefix(year.as_str()).unwrap_or(&a);
    format!("{year}{}", rest.strip_prefix("直属海关").unwrap_or(rest))
}

/// A date as a 公文 writes it: `2026年11月27日`.
pub fn chinese_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A share as a percentage with two decimals (`62.50%`); none for a zero whole.
pub fn percent(part: Decimal, whole: Decimal) -> Option<String> {
    if whole.is_zero() {
        return None;
    }
    checked_mul_ratio(part, Decimal::from(100), whole).map(|p| format!("{}%", fmt2(p)))
}

/// A plan task among those with the lowest mean rate, and the offices that lost most on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeakTask {
    pub number: u32,
    pub title: String,
    pub max: Decimal,
    pub mean: Decimal,
    /// Registry indices with their lost points, most first (at most three, each > 0).
    pub offices: Vec<(usize, Decimal)>,
}

/// A kind of reason for lost points, how often it was met and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    pub label: &'static str,
    /// Office × indicator pairs.
    pub cases: usize,
    /// Distinct offices.
    pub offices: usize,
    pub lost: Decimal,
}

/// One indicator on which an office lost points, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    pub id: String,
    pub title: String,
    pub points: Decimal,
    pub claimed: Option<Decimal>,
    pub used: Decimal,
    pub lost: Decimal,
    pub reason: String,
}

/// A 时效明细 item that was late, not published, or failed a spot check, or a claimed row
/// that failed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateItem {
    pub id: String,
    pub title: String,
    /// What happened, in words (`超时：事项用时3个工作日`, `抽查不属实：事项（2018-03-05）：理由`).
    pub what: String,
}

/// Everything the circular says in numbers.
#[derive(Debug, Clone)]
pub struct Facts {
    pub offices: usize,
    /// 有效报送: offices ranked.
    pub received: usize,
    /// 退回: files refused.
    pub returned: usize,
    /// 未报送 (and 重复报送 unsettled): registry indices, in registry order.
    pub not_submitted: Vec<usize>,
    /// Findings applied: decisions from a findings workbook or checklist, and count
    /// decisions, on ranked offices.
    pub findings: usize,
    pub draws: usize,
    pub drawn: u64,
    /// Spot-check results: 属实, 不属实, 无佐证.
    pub checks: [usize; 3],
    /// Per 等次 of the set (in its order), the offices in it.
    pub grades: Vec<(String, usize)>,
    pub mean_total: Option<Decimal>,
    /// 优秀 (the set's top 等次): registry indices, in registry order.
    pub excellent: Vec<usize>,
    /// The same, in ranked order.
    pub excellent_ranked: Vec<usize>,
    /// Offices under the veto (一票否决), in ranked order.
    pub vetoed: Vec<usize>,
    pub weak_tasks: Vec<WeakTask>,
    /// 时效明细 items on time, and in all, over ranked offices.
    pub on_time: u64,
    pub items: u64,
    /// Offices with the most items not on time, with their count (at most three).
    pub late_offices: Vec<(usize, u64)>,
    pub reasons: Vec<ReasonCount>,
}

/// How many plan tasks the circular names as weakest, and offices per task.
pub const WEAK_TASKS: usize = 3;
const OFFICES_PER_TASK: usize = 3;
const REASONS: usize = 3;

impl Facts {
    pub fn of(data: &DataSet, report: &Report, draws: &[DrawRecord]) -> Facts {
        let set = &data.set;
        let ranked = |office: &str| {
            data.registry
                .offices
                .iter()
                .position(|o| o.name == office)
                .is_some_and(|i| report.result_of(i).is_some())
        };
        let findings = report
            .decisions
            .iter()
            .filter(|d| d.source.is_some() || matches!(d.value, Decided::Count(_)))
            .filter(|d| ranked(&d.office))
            .count();
        let mut checks = [0usize; 3];
        for c in report.decisions.checks() {
            let k = CheckResult::ALL
                .iter()
                .position(|r| *r == c.result)
                .unwrap_or(0);
            checks[k] += 1;
        }
        let grades = set
            .grades
            .iter()
            .map(|g| {
                let n = report.results.iter().filter(|r| r.grade == g.name).count();
                (g.name.clone(), n)
            })
            .collect();
        let totals: Vec<Decimal> = report.results.iter().map(|r| r.total).collect();
        let top = set.grades.first().map(|g| g.name.as_str()).unwrap_or("");
        let excellent_ranked: Vec<usize> = report
            .results
            .iter()
            .filter(|r| r.grade == top)
            .map(|r| r.office)
            .collect();
        let mut excellent = excellent_ranked.clone();
        excellent.sort_unstable();
        let mut on_time = 0u64;
        let mut items = 0u64;
        let mut late_by_office = Vec::new();
        for r in &report.results {
            let mut late = 0u64;
            for (ind, s) in set.indicators.iter().zip(&r.indicators) {
                if let Some((a, n)) = timeliness(data, report, r, ind, s) {
                    on_time += a;
                    items += n;
                    late += n - a.min(n);
                }
            }
            if late > 0 {
                late_by_office.push((r.office, late));
            }
        }
        late_by_office.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        late_by_office.truncate(OFFICES_PER_TASK);
        Facts {
            offices: data.registry.len(),
            received: report.results.len(),
            returned: report
                .files
                .iter()
                .filter(|f| f.status == FileStatus::Refused)
                .count(),
            not_submitted: report.unranked().collect(),
            findings,
            draws: draws.len(),
            drawn: draws.iter().map(|d| d.drawn).sum(),
            checks,
            grades,
            mean_total: mean(&totals),
            excellent,
            excellent_ranked,
            vetoed: report
                .results
                .iter()
                .filter(|r| r.veto)
                .map(|r| r.office)
                .collect(),
            weak_tasks: weak_tasks(data, report),
            on_time,
            items,
            late_offices: late_by_office,
            reasons: reasons(data, report),
        }
    }
}

/// The plan tasks with the lowest mean rate (mean ÷ maximum) over ranked offices, lowest
/// first (then by number); only tasks on which someone lost points.
fn weak_tasks(data: &DataSet, report: &Report) -> Vec<WeakTask> {
    let Some(first) = report.results.first() else {
        return Vec::new();
    };
    let mut tasks: Vec<WeakTask> = first
        .gaps
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, g)| g.max > Decimal::ZERO && g.mean < g.max)
        .filter_map(|(k, g)| {
            let number: u32 = g.key.parse().ok()?;
            let title = data
                .plan
                .task(number)
                .map(|t| t.title.clone())
                .unwrap_or_default();
            let mut offices: Vec<(usize, Decimal)> = report
                .results
                .iter()
                .filter_map(|r| {
                    let lost = r.gaps.tasks.get(k)?.lost?;
                    (lost > Decimal::ZERO).then_some((r.office, lost))
                })
                .collect();
            offices.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            offices.truncate(OFFICES_PER_TASK);
            Some(WeakTask {
                number,
                title,
                max: g.max,
                mean: g.mean,
                offices,
            })
        })
        .collect();
    // mean / max compared exactly: a × d < c × b.
    tasks.sort_by(|a, b| {
        let l = a.mean.checked_mul(b.max);
        let r = b.mean.checked_mul(a.max);
        l.cmp(&r).then(a.number.cmp(&b.number))
    });
    tasks.truncate(WEAK_TASKS);
    tasks
}

/// The items of a timeliness indicator on time and in all (`按时 a/b`), with the items that
/// failed a spot check counted as not on time (scored again from what the report kept of
/// the return, as the report does); none for another rule or without items.
pub fn timeliness(
    data: &DataSet,
    report: &Report,
    r: &OfficeResult,
    ind: &Indicator,
    s: &IndicatorScore,
) -> Option<(u64, u64)> {
    if !matches!(ind.rule, Rule::Timeliness { .. }) {
        return None;
    }
    let office = &data.registry.offices[r.office].name;
    let failing: Vec<&Check> = report
        .decisions
        .checks()
        .iter()
        .filter(|c| c.office == *office && c.indicator == ind.id && c.fails_item())
        .collect();
    if !failing.is_empty() {
        if let Some(kept) = report.file_of(r.office).and_then(|f| f.kept.as_deref()) {
            let items = kept.items.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
            let rows = kept.rows.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
            let keys = item_keys(items);
            let failed: Vec<(usize, String)> = keys
                .iter()
                .enumerate()
                .filter_map(|(i, k)| {
                    let c = failing.iter().find(|c| c.item == *k)?;
                    Some((
                        i,
                        crate::domain::checks::failed_note(c.result, &items[i].name),
                    ))
                })
                .collect();
            if !failed.is_empty() {
                let again =
                    score_indicator_failing(&data.set, &data.calendar, ind, rows, items, &failed);
                if let Some(t) = on_time_note(&again.notes) {
                    return Some(t);
                }
            }
        }
    }
    on_time_note(&s.notes)
}

/// `按时 a/b` among the notes.
fn on_time_note(notes: &[String]) -> Option<(u64, u64)> {
    notes.iter().find_map(|n| {
        let (a, b) = n.strip_prefix("按时 ")?.split_once('/')?;
        Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
    })
}

/// The kind of reason an office lost points on an indicator, for counting.
fn reason_kind(
    data: &DataSet,
    report: &Report,
    office: usize,
    ind: &Indicator,
    s: &IndicatorScore,
) -> &'static str {
    if let Some(d) = report.decision(data, office, &ind.id) {
        return match d.value {
            Decided::Count(_) => "经总署核查发现问题",
            _ if d.source.is_some() => "经总署核查发现问题",
            _ => "经总署核定扣分",
        };
    }
    if s.findings.iter().any(|f| f.starts_with("抽查")) {
        return "抽查不属实或无佐证";
    }
    if !s.errors.is_empty() {
        return "自评表填报有误，未能计分";
    }
    if s.notes.iter().any(|n| n == NOT_FILLED) {
        return "未填报";
    }
    match ind.rule {
        Rule::Timeliness { .. } => "未按时公开",
        Rule::Deadline { .. } => "未按期完成",
        Rule::Level => "任务未完成或基本完成",
        Rule::Ratio { .. } => "未全部完成",
        Rule::Deduction { .. } => "发生扣分事项",
        Rule::Bonus { .. } | Rule::Veto => "其他",
    }
}

/// The commonest kinds of reasons over ranked offices' base indicators with lost points:
/// most cases first, then most points lost.
fn reasons(data: &DataSet, report: &Report) -> Vec<ReasonCount> {
    let set = &data.set;
    let mut out: Vec<(ReasonCount, Vec<usize>)> = Vec::new();
    for r in &report.results {
        for (ind, s) in set.indicators.iter().zip(&r.indicators) {
            if set.kind_of(ind) != CategoryKind::Base {
                continue;
            }
            let lost = ind.points - s.used();
            if lost <= Decimal::ZERO {
                continue;
            }
            let label = reason_kind(data, report, r.office, ind, s);
            let k = match out.iter().position(|(c, _)| c.label == label) {
                Some(k) => k,
                None => {
                    out.push((
                        ReasonCount {
                            label,
                            cases: 0,
                            offices: 0,
                            lost: Decimal::ZERO,
                        },
                        Vec::new(),
                    ));
                    out.len() - 1
                }
            };
            let (c, offices) = &mut out[k];
            c.cases += 1;
            c.lost = c.lost.saturating_add(lost);
            if !offices.contains(&r.office) {
                offices.push(r.office);
            }
        }
    }
    let mut out: Vec<ReasonCount> = out
        .into_iter()
        .map(|(mut c, o)| {
            c.offices = o.len();
            c
        })
        .collect();
    out.sort_by(|a, b| b.cases.cmp(&a.cases).then(b.lost.cmp(&a.lost)));
    out.truncate(REASONS);
    out
}

/// The reason an office lost points on an indicator, in words: the rule's notes, then
/// headquarters' findings, then a decision's reason (核定理由), joined with `；`.
pub fn reason(
    data: &DataSet,
    report: &Report,
    office: usize,
    ind: &Indicator,
    s: &IndicatorScore,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in &s.errors {
        parts.push(format!("填报有误：{}", e.message));
    }
    for n in &s.notes {
        match &ind.rule {
            Rule::Ratio { .. } if n.contains('/') => parts.push(format!("完成 {n}")),
            Rule::Deduction { .. } if n.ends_with('起') => parts.push(format!("发生 {n}")),
            _ => parts.push(n.clone()),
        }
    }
    if matches!(ind.rule, Rule::Level) && s.notes.is_empty() && s.errors.is_empty() {
        // The level word whose factor gives the computed score.
        if let Some((w, _)) = data
            .set
            .levels
            .iter()
            .find(|(_, f)| checked_mul_ratio(ind.points, *f, Decimal::ONE) == Some(s.computed))
        {
            parts.push(format!("完成情况：{w}"));
        }
    }
    parts.extend(s.findings.iter().cloned());
    if let Some(d) = report.decision(data, office, &ind.id) {
        parts.push(format!("核定理由：{}", d.reason));
    }
    if parts.is_empty() {
        parts.push(format!("{}：{}", ind.rule.kind_label(), fmt2(s.used())));
    }
    parts.join("；")
}

/// Every base indicator on which the ranked office at `r` lost points, in set order.
pub fn losses(data: &DataSet, report: &Report, r: &OfficeResult) -> Vec<Loss> {
    let set = &data.set;
    set.indicators
        .iter()
        .zip(&r.indicators)
        .filter(|(ind, _)| set.kind_of(ind) == CategoryKind::Base)
        .filter_map(|(ind, s)| {
            let lost = ind.points - s.used();
            (lost > Decimal::ZERO).then(|| Loss {
                id: ind.id.clone(),
                title: ind.title.clone(),
                points: ind.points,
                claimed: s.claimed,
                used: s.used(),
                lost,
                reason: reason(data, report, r.office, ind, s),
            })
        })
        .collect()
}

/// The sum of an office's lost points (base indicators).
pub fn lost_total(losses: &[Loss]) -> Decimal {
    checked_sum(losses.iter().map(|l| l.lost)).unwrap_or(Decimal::MAX)
}

/// The office's 时效明细 items late or not published (the rule's `超时：` notes), and every
/// spot check of its that failed (不属实, 无佐证: an item, or a claimed row), with the
/// evaluator's reason.
pub fn late_items(data: &DataSet, report: &Report, r: &OfficeResult) -> Vec<LateItem> {
    let set = &data.set;
    let office = &data.registry.offices[r.office].name;
    let mut out = Vec::new();
    for (ind, s) in set.indicators.iter().zip(&r.indicators) {
        for n in s.notes.iter().filter(|n| n.starts_with("超时：")) {
            out.push(LateItem {
                id: ind.id.clone(),
                title: ind.title.clone(),
                what: n.clone(),
            });
        }
        for c in report
            .decisions
            .checks()
            .iter()
            .filter(|c| c.office == *office && c.indicator == ind.id && !c.result.holds())
        {
            let what = if c.item.is_empty() {
                format!("抽查{}（自评满分）：{}", c.result.word(), c.reason)
            } else {
                let (name, date, _) = split_key(&c.item);
                let date = if date.is_empty() {
                    String::new()
                } else {
                    format!("（{date}）")
                };
                format!("抽查{}：{name}{date}：{}", c.result.word(), c.reason)
            };
            out.push(LateItem {
                id: ind.id.clone(),
                title: ind.title.clone(),
                what,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_dates_and_shares() {
        let data = DataSet::builtin();
        assert_eq!(assessment(&data), "2018年度直属海关政务公开考核评估");
        assert_eq!(assessment_short(&data), "2018年度政务公开考核评估");
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(chinese_date(d), "2026年11月27日");
        assert_eq!(
            percent(Decimal::from(5), Decimal::from(8)).as_deref(),
            Some("62.50%")
        );
        assert_eq!(percent(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(on_time_note(&["x".into(), "按时 5/7".into()]), Some((5, 7)));
        assert_eq!(on_time_note(&["按时 a/7".into()]), None);
    }
}
