//! The what-if results against the official ones: every office's rank, total and 等次,
//! official and what-if, and how many moved.

use super::{Model, WhatIf};
use crate::domain::assessment::OfficeResult;
use crate::domain::indicators::IndicatorSet;
use crate::domain::points::Decimal;

/// One office, official and what-if.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub office: usize,
    pub official_rank: u32,
    pub rank: u32,
    pub official_total: Decimal,
    pub total: Decimal,
    /// The 等次 (its name, without the veto's or the quota's note).
    pub official_grade: String,
    pub grade: String,
    pub grade_changed: bool,
}

impl Moved {
    /// Ranks gained (negative: lost).
    pub fn rank_change(&self) -> i64 {
        i64::from(self.official_rank) - i64::from(self.rank)
    }
}

/// How many offices moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub offices: usize,
    pub rank_changed: usize,
    pub grade_changed: usize,
}

/// The what-if results against the official ones, in what-if ranked order.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The official set with the what-if points.
    pub set: IndicatorSet,
    pub results: Vec<OfficeResult>,
    pub moves: Vec<Moved>,
    pub summary: Summary,
}

impl Outcome {
    /// Scores `model` (made from `official`, scored with `set`) with the points `whatif`
    /// derives, against the official results.
    pub fn of(
        whatif: &WhatIf,
        set: &IndicatorSet,
        model: &Model,
        official: &[OfficeResult],
    ) -> Result<Outcome, String> {
        let set_new = whatif.derived_set(set)?;
        let results = model.rescore(&set_new);
        let mut by_office: Vec<Option<&OfficeResult>> = Vec::new();
        for r in official {
            if by_office.len() <= r.office {
                by_office.resize(r.office + 1, None);
            }
            by_office[r.office] = Some(r);
        }
        let moves: Vec<Moved> = results
            .iter()
            .filter_map(|r| {
                let o = by_office.get(r.office).copied().flatten()?;
                Some(Moved {
                    office: r.office,
                    official_rank: o.rank,
                    rank: r.rank,
                    official_total: o.total,
                    total: r.total,
                    official_grade: o.grade.clone(),
                    grade: r.grade.clone(),
                    grade_changed: o.grade != r.grade,
                })
            })
            .collect();
        let summary = Summary {
            offices: moves.len(),
            rank_changed: moves.iter().filter(|m| m.rank != m.official_rank).count(),
            grade_changed: moves.iter().filter(|m| m.grade_changed).count(),
        };
        Ok(Outcome {
            set: set_new,
            results,
            moves,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSet;
    use crate::report::Report;

    fn samples() -> (DataSet, Report) {
        let data = DataSet::builtin();
        let report = Report::of_samples(&data);
        (data, report)
    }

    #[test]
    fn the_official_points_give_every_official_score_and_rank() {
        let (data, report) = samples();
        let model = Model::new(&data.set, &report.results);
        let again = model.rescore(&data.set);
        assert_eq!(again.len(), report.results.len());
        for (a, r) in again.iter().zip(&report.results) {
            assert_eq!(
                (a.office, a.rank, a.base, a.bonus, a.total),
                (r.office, r.rank, r.base, r.bonus, r.total)
            );
            assert_eq!(
                (&a.categories, a.veto, &a.grade, &a.grade_note),
                (&r.categories, r.veto, &r.grade, &r.grade_note)
            );
        }
        let w = WhatIf::new(&data.set);
        let out = Outcome::of(&w, &data.set, &model, &report.results).unwrap();
        assert_eq!(out.summary.offices, report.results.len());
        assert_eq!(
            (out.summary.rank_changed, out.summary.grade_changed),
            (0, 0)
        );
    }
}
