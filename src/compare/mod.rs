//! Year-over-year comparison (同比, `--compare PREV`): a previous result, read from a
//! kaoping workbook (`.kaoping.xlsx`) or scored from another folder of returns
//! ([`read`]), and its changes against this year's ([`diff`]).
//!
//! A result is held as a [`Previous`]: per office (by name) its rank, total and 等次 and its
//! score on each indicator, with the indicator set as it was (ids, titles, points, the
//! category and plan task of each). This year's report is taken into the same form, so that
//! both sides are compared by the same arithmetic. Indicators are matched by id, title and
//! points together; what does not match is listed as not comparable, never guessed.

pub mod diff;
pub mod json;
pub mod read;

pub use diff::{diff, most_improved, Diff, NotComparable, OfficeChange, RankChange, RateChange};
pub use read::read;

use crate::data::DataSet;
use crate::domain::indicators::CategoryKind;
use crate::domain::points::Decimal;
use crate::report::{OfficeState, Report};

/// What a result holds, for a comparison: the indicator set as applied and every office's
/// rank, total, 等次 and indicator scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    /// Where it was read from (the workbook or the folder), as given.
    pub source: String,
    /// The result's title (`2017年度直属海关政务公开考核评估结果汇总表`), or the set's name.
    pub title: String,
    pub indicators: Vec<PrevIndicator>,
    /// The categories, in the set's order (the veto category too, where known).
    pub categories: Vec<PrevCategory>,
    /// The plan tasks the indicators are linked to: number and title.
    pub tasks: Vec<(u32, String)>,
    /// Every office of the result: ranked ones and those without a usable return.
    pub offices: Vec<PrevOffice>,
}

/// An indicator as the result's set had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrevIndicator {
    pub id: String,
    pub title: String,
    pub points: Decimal,
    /// The category's id (its name where the result gives no id, as for the veto).
    pub category: String,
    /// The linked plan task.
    pub task: Option<u32>,
    pub kind: CategoryKind,
}

/// A category as the result's set had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrevCategory {
    pub id: String,
    pub name: String,
    pub kind: CategoryKind,
}

/// One office in a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrevOffice {
    /// The office's name as the result gives it.
    pub name: String,
    /// `None`: not ranked (未报送, 重复报送).
    pub rank: Option<u32>,
    pub total: Option<Decimal>,
    /// The 等次 (`良好`), or the status of an unranked office (`未报送`).
    pub grade: String,
    /// The 等次 as shown (`良好（一票否决）`).
    pub grade_shown: String,
    /// The score used on each indicator, in the order of [`Previous::indicators`]; `None`
    /// for a veto indicator, or where the result gives none.
    pub scores: Vec<Option<Decimal>>,
}

impl Previous {
    /// A report's result in this form (this year's side of a comparison, or a previous
    /// folder's). Offices come in registry order.
    pub fn of_report(data: &DataSet, report: &Report, source: &str) -> Previous {
        let set = &data.set;
        let indicators = set
            .indicators
            .iter()
            .map(|i| PrevIndicator {
                id: i.id.clone(),
                title: i.title.clone(),
                points: i.points,
                category: i.category.clone(),
                task: Some(i.task),
                kind: set.kind_of(i),
            })
            .collect();
        let categories = set
            .categories
            .iter()
            .map(|c| PrevCategory {
                id: c.id.clone(),
                name: c.name.clone(),
                kind: c.kind,
            })
            .collect();
        let mut tasks: Vec<(u32, String)> = Vec::new();
        for i in &set.indicators {
            if !tasks.iter().any(|(n, _)| *n == i.task) {
                let title = data
                    .plan
                    .task(i.task)
                    .map(|t| t.title.clone())
                    .unwrap_or_default();
                tasks.push((i.task, title));
            }
        }
        tasks.sort_by_key(|(n, _)| *n);
        let offices = data
            .registry
            .offices
            .iter()
            .enumerate()
            .map(|(o, office)| match report.result_of(o) {
                Some(r) => PrevOffice {
                    name: office.name.clone(),
                    rank: Some(r.rank),
                    total: Some(r.total),
                    grade: r.grade.clone(),
                    grade_shown: r.grade_shown(set),
                    scores: set
                        .indicators
                        .iter()
                        .zip(&r.indicators)
                        .map(|(i, s)| (set.kind_of(i) != CategoryKind::Veto).then(|| s.used()))
                        .collect(),
                },
                None => {
                    let label = match report.states.get(o) {
                        Some(OfficeState::Conflict(_)) => crate::labels::unranked_label(report, o),
                        _ => crate::report::NOT_SUBMITTED,
                    };
                    PrevOffice {
                        name: office.name.clone(),
                        rank: None,
                        total: None,
                        grade: label.to_string(),
                        grade_shown: label.to_string(),
                        scores: vec![None; set.indicators.len()],
                    }
                }
            })
            .collect();
        Previous {
            source: source.to_string(),
            title: crate::export::workbook::title(set),
            indicators,
            categories,
            tasks,
            offices,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::workbook::{build, ExportInfo};

    /// The samples' report, and the workbook kaoping exports of it, read back.
    fn samples() -> (DataSet, Report, Previous) {
        let data = DataSet::builtin();
        let report = Report::of_samples(&data);
        let info = ExportInfo {
            changes: &[],
            author: "张三",
            at: "2019-01-15 09:30:00",
        };
        let bytes = build(&data, &report, &info)
            .unwrap()
            .save_to_buffer()
            .unwrap();
        assert!(crate::import::workbook::is_own_export(&bytes));
        let wb = crate::import::workbook::open_form(&bytes).unwrap();
        let prev = read::from_workbook(&wb, "上年.kaoping.xlsx", true).unwrap();
        (data, report, prev)
    }

    #[test]
    fn an_export_reads_back_as_the_result_it_holds() {
        let (data, report, prev) = samples();
        let now = Previous::of_report(&data, &report, "");
        assert_eq!(prev.title, now.title);
        // The veto's category is no column of 排名: it is known by its name.
        let veto_by_name = |mut v: Vec<PrevIndicator>| {
            for i in v.iter_mut().filter(|i| i.kind == CategoryKind::Veto) {
                i.category = data
                    .set
                    .category(&i.category)
                    .map_or(i.category.clone(), |c| c.name.clone());
            }
            v
        };
        assert_eq!(prev.indicators, veto_by_name(now.indicators.clone()));
        assert_eq!(prev.tasks, now.tasks);
        assert_eq!(prev.offices.len(), 42);
        for o in &now.offices {
            let p = prev.offices.iter().find(|p| p.name == o.name).unwrap();
            assert_eq!(p, o, "{}", o.name);
        }
        // Compared with itself: nothing moves, everything is comparable.
        let d = diff(&data, &report, &prev);
        assert_eq!(d.not_comparable, vec![], "{:?}", d.not_comparable);
        assert!(d.offices.iter().all(|o| o.change == RankChange::Same));
        assert!(d
            .offices
            .iter()
            .all(|o| o.total_change == Some(Decimal::ZERO)));
        assert_eq!(d.indicators.len(), 20);
        assert_eq!(d.categories.len(), 5);
        assert!(!d.tasks.is_empty());
        for r in d.indicators.iter().chain(&d.categories).chain(&d.tasks) {
            assert_eq!(r.change, Decimal::ZERO, "{r:?}");
        }
        assert!(most_improved(&d, 3).is_empty());
    }
}
