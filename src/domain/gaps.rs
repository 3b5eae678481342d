//! Gaps (失分): per indicator, per plan task and per category, with the best office's score
//! and the mean over ranked offices.

use super::assessment::OfficeResult;
use super::indicators::{CategoryKind, IndicatorSet};
use super::plan::Plan;
use super::points::{checked_sum, mean, Decimal};
use serde::Serialize;

/// One unit (indicator, task or category) of one office, against all ranked offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The indicator id, the task number or the category id.
    pub key: String,
    pub score: Decimal,
    pub max: Decimal,
    /// 失分 = max − score; `None` for a bonus (a bonus has no gap).
    pub lost: Option<Decimal>,
    pub best: Decimal,
    /// Rounded once to two decimals, half away from zero.
    pub mean: Decimal,
    /// best − score (≥ 0).
    pub behind_best: Decimal,
    /// score − mean (negative: below the mean).
    pub vs_mean: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OfficeGaps {
    pub indicators: Vec<Gap>,
    pub tasks: Vec<Gap>,
    pub categories: Vec<Gap>,
}

/// A unit: what it is called, its members (indicator indices), its maximum, and whether
/// it is a bonus.
struct Unit {
    key: String,
    members: Vec<usize>,
    max: Decimal,
    bonus: bool,
}

fn units(set: &IndicatorSet, plan: &Plan) -> (Vec<Unit>, Vec<Unit>, Vec<Unit>) {
    let kind = |i: usize| set.kind_of(&set.indicators[i]);
    let indicators = set
        .indicators
        .iter()
        .enumerate()
        .filter(|(i, _)| kind(*i) != CategoryKind::Veto)
        .map(|(i, ind)| Unit {
            key: ind.id.clone(),
            members: vec![i],
            max: ind.points,
            bonus: kind(i) == CategoryKind::Bonus,
        })
        .collect();
    // A task's score counts its base indicators only (a bonus has no gap).
    let tasks = plan
        .tasks
        .iter()
        .filter_map(|t| {
            let members: Vec<usize> = (0..set.indicators.len())
                .filter(|&i| set.indicators[i].task == t.number && kind(i) == CategoryKind::Base)
                .collect();
            (!members.is_empty()).then(|| Unit {
                key: t.number.to_string(),
                max: checked_sum(members.iter().map(|&i| set.indicators[i].points))
                    .unwrap_or(Decimal::MAX),
                members,
                bonus: false,
            })
        })
        .collect();
    let categories = set
        .categories
        .iter()
        .filter(|c| c.kind != CategoryKind::Veto)
        .map(|c| Unit {
            key: c.id.clone(),
            members: (0..set.indicators.len())
                .filter(|&i| set.indicators[i].category == c.id)
                .collect(),
            max: c.max,
            bonus: c.kind == CategoryKind::Bonus,
        })
        .collect();
    (indicators, tasks, categories)
}

/// Gaps for every office in `results` (all ranked), in the same order. Scores and points
/// are bounded (see [`OfficeResult::new`]); the arithmetic saturates all the same.
pub fn compute(set: &IndicatorSet, plan: &Plan, results: &[OfficeResult]) -> Vec<OfficeGaps> {
    let (ind_units, task_units, cat_units) = units(set, plan);
    let per_unit = |units: &[Unit]| -> Vec<Vec<Gap>> {
        // scores[u][o]
        let scores: Vec<Vec<Decimal>> = units
            .iter()
            .map(|u| {
                results
                    .iter()
                    .map(|r| {
                        checked_sum(u.members.iter().map(|&i| r.indicators[i].used()))
                            .unwrap_or(Decimal::MAX)
                    })
                    .collect()
            })
            .collect();
        let stats: Vec<(Decimal, Decimal)> = scores
            .iter()
            .map(|s| {
                (
                    s.iter().copied().max().unwrap_or_default(),
                    mean(s).unwrap_or_default(),
                )
            })
            .collect();
        (0..results.len())
            .map(|o| {
                units
                    .iter()
                    .enumerate()
                    .map(|(u, unit)| {
                        let score = scores[u][o];
                        let (best, mean) = stats[u];
                        Gap {
                            key: unit.key.clone(),
                            score,
                            max: unit.max,
                            lost: (!unit.bonus).then(|| unit.max.saturating_sub(score)),
                            best,
                            mean,
                            behind_best: best.saturating_sub(score),
                            vs_mean: score.saturating_sub(mean),
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let mut inds = per_unit(&ind_units).into_iter();
    let mut tasks = per_unit(&task_units).into_iter();
    let mut cats = per_unit(&cat_units).into_iter();
    (0..results.len())
        .map(|_| OfficeGaps {
            indicators: inds.next().unwrap_or_default(),
            tasks: tasks.next().unwrap_or_default(),
            categories: cats.next().unwrap_or_default(),
        })
        .collect()
}
