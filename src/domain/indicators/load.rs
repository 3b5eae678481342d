//! The indicator set's file form (TOML) and the checks made when it is loaded.

use super::*;
use crate::domain::data_error::{
    check_id, check_int, check_len, check_num, check_text, key_of, parse_toml, DataError, Num,
};
use crate::domain::points::{Decimal, MAX_POINTS};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

// ---- the file's form -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    set: RawHead,
    levels: BTreeMap<String, Num>,
    deadline: RawDeadline,
    grade: Vec<RawGrade>,
    #[serde(default)]
    grades: RawGrades,
    #[serde(default)]
    ranking: RawRanking,
    veto: RawVeto,
    category: Vec<RawCategory>,
    indicator: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    name: String,
    return_title: String,
    year: i32,
    assessment: Option<String>,
    #[serde(default = "default_ties")]
    ties: TieStyle,
    overclaim_flag: Option<Num>,
}

fn default_ties() -> TieStyle {
    TieStyle::Competition
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    late_factor: Num,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    name: String,
    min: Num,
}

/// `[grades]`: options on the 等次 (the grades themselves are `[[grade]]`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawGrades {
    excellent_max_share: Option<Num>,
}

/// `[ranking]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRanking {
    order: Option<RankingOrder>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVeto {
    cap: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    name: String,
    #[serde(default)]
    sections: Vec<String>,
    kind: CategoryKind,
    max: Num,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    category: String,
    task: u32,
    title: String,
    rule: String,
    points: Num,
    per: Option<Num>,
    days: Option<u32>,
    extension_days: Option<u32>,
    deadline: Option<toml::value::Datetime>,
    count: Option<String>,
    total: Option<String>,
}

impl IndicatorSet {
    /// Parses and checks an indicator set. `file` names it in errors. Links to plan tasks are
    /// checked by [`crate::data::DataSet`], which has the plan too.
    pub fn from_toml(file: &str, text: &str) -> Result<IndicatorSet, DataError> {
        let raw: RawSet = parse_toml(file, text)?;
        let err = |key: String, msg: String| DataError::new(file, key, msg);
        check_text(file, "set.name", "the name", &raw.set.name)?;
        check_text(file, "set.return_title", "the title", &raw.set.return_title)?;
        check_int(file, "set.year", raw.set.year.into(), 1990, 2100)?;
        if let Some(a) = &raw.set.assessment {
            check_text(file, "set.assessment", "the assessment's name", a)?;
        }
        let assessment = (raw.set.assessment.as_ref())
            .unwrap_or(&raw.set.name)
            .clone();
        let overclaim_flag = raw
            .set
            .overclaim_flag
            .map_or(DEFAULT_OVERCLAIM_FLAG.into(), |n| n.0);
        check_num(
            file,
            "set.overclaim_flag",
            overclaim_flag,
            Decimal::ZERO,
            max_sum(),
            2,
        )?;
        check_len(file, "levels", raw.levels.len(), MAX_LEVELS)?;
        check_len(file, "grade", raw.grade.len(), MAX_GRADES)?;
        check_len(file, "category", raw.category.len(), MAX_CATEGORIES)?;
        check_len(file, "indicator", raw.indicator.len(), MAX_INDICATORS)?;
        let (zero, one, most) = (Decimal::ZERO, Decimal::ONE, max_sum());

        // Level words: keep the file's order (BTreeMap sorts; re-read order from the text).
        let mut levels: Vec<(String, Decimal)> =
            raw.levels.iter().map(|(k, v)| (k.clone(), v.0)).collect();
        levels.sort_by_key(|l| std::cmp::Reverse(l.1));
        if levels.is_empty() {
            return Err(err("levels".into(), "no level words are defined".into()));
        }
        for (w, f) in &levels {
            let key = key_of("levels", w);
            check_text(file, &key, "a level word", w)?;
            if *f < Decimal::ZERO || *f > Decimal::ONE {
                return Err(err(key, format!("multiplier {f} is outside 0…1")));
            }
            check_num(file, &key, *f, zero, one, FACTOR_DECIMALS)?;
        }
        let late = raw.deadline.late_factor.0;
        if late < Decimal::ZERO || late > Decimal::ONE {
            return Err(err(
                "deadline.late_factor".into(),
                format!("{late} is outside 0…1"),
            ));
        }
        check_num(
            file,
            "deadline.late_factor",
            late,
            zero,
            one,
            FACTOR_DECIMALS,
        )?;

        let mut grades: Vec<Grade> = Vec::new();
        for g in raw.grade {
            let key = key_of("grade", &g.name);
            check_text(file, &key, "a grade's name", &g.name)?;
            check_num(file, &key, g.min.0, zero, most, 2)?;
            grades.push(Grade {
                name: g.name,
                min: g.min.0,
            });
        }
        check_text(file, "veto.cap", "the cap", &raw.veto.cap)?;
        check_text(file, "veto.label", "the label", &raw.veto.label)?;
        if grades.is_empty() {
            return Err(err("grade".into(), "no grades are defined".into()));
        }
        grades.sort_by_key(|g| std::cmp::Reverse(g.min));
        for w in grades.windows(2) {
            if w[0].min == w[1].min {
                return Err(err(
                    format!("grade.{}", w[1].name),
                    format!("has the same minimum as {}", w[0].name),
                ));
            }
        }
        let excellent_max_share = raw.grades.excellent_max_share.map(|n| n.0);
        if let Some(share) = excellent_max_share {
            check_num(
                file,
                "grades.excellent_max_share",
                share,
                zero,
                one,
                FACTOR_DECIMALS,
            )?;
            if grades.len() < 2 {
                return Err(err(
                    "grades.excellent_max_share".into(),
                    "a quota needs a grade below the top one".into(),
                ));
            }
        }
        if !grades.iter().any(|g| g.name == raw.veto.cap) {
            return Err(err(
                "veto.cap".into(),
                format!("`{}` is not one of the grades", raw.veto.cap),
            ));
        }

        let mut categories = Vec::new();
        let mut seen = HashSet::new();
        for c in raw.category {
            let key = key_of("category", &c.id);
            check_id(file, &key, &c.id)?;
            check_text(file, &key, "the name", &c.name)?;
            check_len(file, &key, c.sections.len(), MAX_CATEGORY_SECTIONS)?;
            for s in &c.sections {
                check_text(file, &key, "a section", s)?;
            }
            check_num(file, &key, c.max.0, zero, most, 2)?;
            if !seen.insert(c.id.clone()) {
                return Err(err(
                    format!("category.{}", c.id),
                    "duplicate category id".into(),
                ));
            }
            categories.push(Category {
                id: c.id,
                name: c.name,
                sections: c.sections,
                kind: c.kind,
                max: c.max.0,
            });
        }

        let mut indicators = Vec::new();
        let mut ids = HashSet::new();
        for r in raw.indicator {
            let key = key_of("indicator", &r.id);
            check_id(file, &key, &r.id)?;
            if !ids.insert(crate::text::fold(&r.id)) {
                return Err(err(key, "duplicate indicator id".into()));
            }
            check_text(file, &key, "the title", &r.title)?;
            for label in [&r.count, &r.total].into_iter().flatten() {
                check_text(file, &key, "a column's label", label)?;
            }
            let Some(cat) = categories.iter().find(|c| c.id == r.category) else {
                return Err(err(
                    key,
                    format!("unknown category `{}`", r.category.escape_debug()),
                ));
            };
            let need = |what: &str| {
                err(
                    key.clone(),
                    format!("rule `{}` needs `{what}`", r.rule.escape_debug()),
                )
            };
            let rule = match r.rule.as_str() {
                "level" => Rule::Level,
                "veto" => Rule::Veto,
                "ratio" => Rule::Ratio {
                    count: r.count.clone().unwrap_or_else(|| "数量".into()),
                    total: r.total.clone().unwrap_or_else(|| "总数".into()),
                },
                "timeliness" => Rule::Timeliness {
                    days: r.days.ok_or_else(|| need("days"))?,
                },
                "deadline" => {
                    let dt = r.deadline.ok_or_else(|| need("deadline"))?;
                    let date = dt
                        .date
                        .and_then(|d| {
                            NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                        })
                        .ok_or_else(|| err(key.clone(), format!("`{dt}` is not a date")))?;
                    Rule::Deadline { deadline: date }
                }
                "deduction" => Rule::Deduction {
                    per: r.per.ok_or_else(|| need("per"))?.0,
                },
                "bonus" => Rule::Bonus {
                    per: r.per.ok_or_else(|| need("per"))?.0,
                },
                other => {
                    let other: String = other.chars().take(40).collect();
                    return Err(err(
                        key,
                        format!("unknown rule `{}` (level, ratio, timeliness, deadline, deduction, bonus, veto)", other.escape_debug()),
                    ));
                }
            };
            if let Rule::Deduction { per } | Rule::Bonus { per } = &rule {
                if *per <= Decimal::ZERO {
                    return Err(err(key, format!("`per` must be positive, not {per}")));
                }
                check_num(
                    file,
                    &format!("{key}.per"),
                    *per,
                    zero,
                    MAX_POINTS.into(),
                    2,
                )?;
            }
            if let Rule::Timeliness { days: 0 } = rule {
                return Err(err(key, "`days` must be at least 1".into()));
            }
            if let Rule::Timeliness { days } = rule {
                check_int(
                    file,
                    &format!("{key}.days"),
                    days.into(),
                    1,
                    MAX_DAYS.into(),
                )?;
            }
            let extension_days = match (r.extension_days, &rule) {
                (None, _) => None,
                (Some(e), Rule::Timeliness { .. }) => {
                    check_int(
                        file,
                        &format!("{key}.extension_days"),
                        e.into(),
                        1,
                        MAX_DAYS.into(),
                    )?;
                    Some(e)
                }
                (Some(_), _) => {
                    return Err(err(
                        format!("{key}.extension_days"),
                        "only a timeliness rule allows an extension".into(),
                    ))
                }
            };
            let points = r.points.0;
            match (&rule, cat.kind) {
                (Rule::Veto, CategoryKind::Veto) if !points.is_zero() => {
                    return Err(err(key, "a veto carries no points".into()));
                }
                (Rule::Veto, CategoryKind::Veto) => {}
                (Rule::Veto, _) | (_, CategoryKind::Veto) => {
                    return Err(err(
                        key,
                        "veto rules belong in a veto category and nothing else does".into(),
                    ))
                }
                (Rule::Bonus { .. }, CategoryKind::Bonus) => {}
                (Rule::Bonus { .. }, _) | (_, CategoryKind::Bonus) => {
                    return Err(err(
                        key,
                        "bonus rules belong in a bonus category and nothing else does".into(),
                    ))
                }
                _ => {}
            }
            if points < Decimal::ZERO || points.scale() > 2 {
                return Err(err(
                    key,
                    format!("points {points} must be ≥ 0 with at most two decimals"),
                ));
            }
            check_num(
                file,
                &format!("{key}.points"),
                points,
                zero,
                MAX_POINTS.into(),
                2,
            )?;
            indicators.push(Indicator {
                id: r.id,
                category: r.category,
                task: r.task,
                title: r.title,
                rule,
                points,
                extension_days,
            });
        }
        if indicators.is_empty() {
            return Err(err("indicator".into(), "no indicators are defined".into()));
        }

        // Category sums equal their maxima.
        for c in &categories {
            // Bounded above (at most MAX_INDICATORS × MAX_POINTS): cannot overflow.
            let sum = indicators
                .iter()
                .filter(|i| i.category == c.id)
                .try_fold(Decimal::ZERO, |s, i| s.checked_add(i.points));
            if sum != Some(c.max) {
                let sum = sum.unwrap_or(Decimal::MAX);
                return Err(err(
                    format!("category.{}", c.id),
                    format!(
                        "its indicators add up to {} points, but its max is {}",
                        sum.normalize(),
                        c.max.normalize()
                    ),
                ));
            }
        }

        Ok(IndicatorSet {
            name: raw.set.name,
            return_title: raw.set.return_title,
            year: raw.set.year,
            assessment,
            ties: raw.set.ties,
            overclaim_flag,
            levels,
            deadline_late_factor: late,
            grades,
            veto_cap: raw.veto.cap,
            veto_label: raw.veto.label,
            excellent_max_share,
            order: raw.ranking.order.unwrap_or(RankingOrder::Total),
            folded_ids: indicators
                .iter()
                .map(|i| crate::text::fold(&i.id))
                .collect(),
            categories,
            indicators,
        })
    }
}
