//! The indicator set: categories, indicators and their rules, grades, the veto and the tie
//! style. Loaded from a TOML data file (`indicators/2018.toml`) and checked at load time.

use super::data_error::{parse_toml, DataError, Num};
use super::points::Decimal;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// How equal totals share ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TieStyle {
    /// 1, 2, 2, 4
    Competition,
    /// 1, 2, 2, 3
    Dense,
}

/// What a category's points count towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CategoryKind {
    /// Counts to the base (基础分).
    Base,
    /// A bonus on top of the base (加分项).
    Bonus,
    /// No points; a 是 caps the grade (否决项).
    Veto,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub sections: Vec<String>,
    pub kind: CategoryKind,
    pub max: Decimal,
}

/// A rule kind with its parameters (see scoring.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// 完成情况 → a multiplier from the set's level table.
    Level,
    /// 数量 / 总数; `count` and `total` say what the two numbers are.
    Ratio { count: String, total: String },
    /// 时效明细 items published within `days` working days.
    Timeliness { days: u32 },
    /// 完成时间 on or before `deadline`.
    Deadline { deadline: NaiveDate },
    /// `per` points off for each incident in 数量.
    Deduction { per: Decimal },
    /// `per` points for each case in 数量, capped at the indicator's points.
    Bonus { per: Decimal },
    /// 完成情况 是 / 否; 是 sets the office's veto flag.
    Veto,
}

impl Rule {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Rule::Level => "level",
            Rule::Ratio { .. } => "ratio",
            Rule::Timeliness { .. } => "timeliness",
            Rule::Deadline { .. } => "deadline",
            Rule::Deduction { .. } => "deduction",
            Rule::Bonus { .. } => "bonus",
            Rule::Veto => "veto",
        }
    }

    /// Which return columns the rule reads.
    pub fn uses(&self) -> RuleInputs {
        let mut u = RuleInputs::default();
        match self {
            Rule::Level | Rule::Veto => u.status = true,
            Rule::Ratio { .. } => {
                u.count = true;
                u.total = true;
            }
            Rule::Deduction { .. } | Rule::Bonus { .. } => u.count = true,
            Rule::Deadline { .. } => u.date = true,
            Rule::Timeliness { .. } => u.items = true,
        }
        u
    }

    /// The rule in words, for the template's 评分方法 column and the reports.
    pub fn describe(&self, points: Decimal, set: &IndicatorSet) -> String {
        use super::points::fmt2;
        let p = points.normalize();
        match self {
            Rule::Level => {
                let parts: Vec<String> = set
                    .levels
                    .iter()
                    .map(|(w, f)| format!("{w}得{}分", fmt_short(p * *f)))
                    .collect();
                parts.join("，")
            }
            Rule::Ratio { count, total } => {
                format!("按{count}÷{total}×{p}分计；无此项业务得满分")
            }
            Rule::Timeliness { days } => {
                format!("{days}个工作日内公开的比例×{p}分；在时效明细表逐项填写；无此项业务得满分")
            }
            Rule::Deadline { deadline } => format!(
                "{}前完成得{p}分，逾期完成得{}分，未完成不得分",
                deadline.format("%Y年%-m月%-d日"),
                fmt_short(p * set.deadline_late_factor)
            ),
            Rule::Deduction { per } => {
                format!("每发生1起扣{}分，扣完为止", fmt_short(*per))
            }
            Rule::Bonus { per } => format!("每次加{}分，最多加{p}分", fmt_short(*per)),
            Rule::Veto => format!("发生的，等次不得评为{}", set.veto_cap),
        }
        .replace(&fmt2(Decimal::ZERO), "0")
    }
}

fn fmt_short(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The return columns a rule reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleInputs {
    pub status: bool,
    pub count: bool,
    pub total: bool,
    pub date: bool,
    pub items: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub id: String,
    pub category: String,
    /// The plan task it is linked to.
    pub task: u32,
    pub title: String,
    pub rule: Rule,
    /// The maximum (for a bonus, its cap; for a veto, 0).
    pub points: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub name: String,
    pub min: Decimal,
}

/// The whole indicator set, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorSet {
    pub name: String,
    /// The title of the return (自评表).
    pub return_title: String,
    pub year: i32,
    pub ties: TieStyle,
    /// Level words and their multipliers, in file order.
    pub levels: Vec<(String, Decimal)>,
    pub deadline_late_factor: Decimal,
    /// Highest first.
    pub grades: Vec<Grade>,
    pub veto_cap: String,
    pub veto_label: String,
    pub categories: Vec<Category>,
    pub indicators: Vec<Indicator>,
    /// Each indicator's id folded (`text::fold`), in set order, for matching written ids.
    folded_ids: Vec<String>,
}

// ---- the file's form -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    set: RawHead,
    levels: BTreeMap<String, Num>,
    deadline: RawDeadline,
    grade: Vec<RawGrade>,
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
    #[serde(default = "default_ties")]
    ties: TieStyle,
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

        // Level words: keep the file's order (BTreeMap sorts; re-read order from the text).
        let mut levels: Vec<(String, Decimal)> =
            raw.levels.iter().map(|(k, v)| (k.clone(), v.0)).collect();
        levels.sort_by_key(|l| std::cmp::Reverse(l.1));
        if levels.is_empty() {
            return Err(err("levels".into(), "no level words are defined".into()));
        }
        for (w, f) in &levels {
            if *f < Decimal::ZERO || *f > Decimal::ONE {
                return Err(err(
                    format!("levels.{w}"),
                    format!("multiplier {f} is outside 0…1"),
                ));
            }
        }
        let late = raw.deadline.late_factor.0;
        if late < Decimal::ZERO || late > Decimal::ONE {
            return Err(err(
                "deadline.late_factor".into(),
                format!("{late} is outside 0…1"),
            ));
        }

        let mut grades: Vec<Grade> = raw
            .grade
            .into_iter()
            .map(|g| Grade {
                name: g.name,
                min: g.min.0,
            })
            .collect();
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
        if !grades.iter().any(|g| g.name == raw.veto.cap) {
            return Err(err(
                "veto.cap".into(),
                format!("`{}` is not one of the grades", raw.veto.cap),
            ));
        }

        let mut categories = Vec::new();
        let mut seen = HashSet::new();
        for c in raw.category {
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
            let key = format!("indicator.{}", r.id);
            if r.id.trim().is_empty() || r.id.chars().any(char::is_whitespace) {
                return Err(err(key, "an id must be a word without spaces".into()));
            }
            if !ids.insert(crate::text::fold(&r.id)) {
                return Err(err(key, "duplicate indicator id".into()));
            }
            let Some(cat) = categories.iter().find(|c| c.id == r.category) else {
                return Err(err(key, format!("unknown category `{}`", r.category)));
            };
            let need = |what: &str| err(key.clone(), format!("rule `{}` needs `{what}`", r.rule));
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
                        .and_then(|d| NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32))
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
                    return Err(err(
                        key,
                        format!("unknown rule `{other}` (level, ratio, timeliness, deadline, deduction, bonus, veto)"),
                    ))
                }
            };
            if let Rule::Deduction { per } | Rule::Bonus { per } = &rule {
                if *per <= Decimal::ZERO {
                    return Err(err(key, format!("`per` must be positive, not {per}")));
                }
            }
            if let Rule::Timeliness { days: 0 } = rule {
                return Err(err(key, "`days` must be at least 1".into()));
            }
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
            indicators.push(Indicator {
                id: r.id,
                category: r.category,
                task: r.task,
                title: r.title,
                rule,
                points,
            });
        }
        if indicators.is_empty() {
            return Err(err("indicator".into(), "no indicators are defined".into()));
        }

        // Category sums equal their maxima.
        for c in &categories {
            let sum: Decimal = indicators
                .iter()
                .filter(|i| i.category == c.id)
                .map(|i| i.points)
                .sum();
            if sum != c.max {
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
            ties: raw.set.ties,
            levels,
            deadline_late_factor: late,
            grades,
            veto_cap: raw.veto.cap,
            veto_label: raw.veto.label,
            folded_ids: indicators
                .iter()
                .map(|i| crate::text::fold(&i.id))
                .collect(),
            categories,
            indicators,
        })
    }

    /// The indicator whose folded id is `folded`.
    pub fn by_folded_id(&self, folded: &str) -> Option<&Indicator> {
        self.folded_ids
            .iter()
            .position(|f| f == folded)
            .map(|i| &self.indicators[i])
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Categories that carry points (base and bonus), in file order.
    pub fn scored_categories(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(|c| c.kind != CategoryKind::Veto)
    }

    pub fn kind_of(&self, ind: &Indicator) -> CategoryKind {
        self.category(&ind.category)
            .map(|c| c.kind)
            .unwrap_or(CategoryKind::Base)
    }

    /// The base maximum (sum of base categories).
    pub fn base_max(&self) -> Decimal {
        self.categories
            .iter()
            .filter(|c| c.kind == CategoryKind::Base)
            .map(|c| c.max)
            .sum()
    }

    /// The multiplier of a level word, if it is one.
    pub fn level_factor(&self, word: &str) -> Option<Decimal> {
        self.levels.iter().find(|(w, _)| w == word).map(|(_, f)| *f)
    }

    /// The grade of a total, before any veto.
    pub fn grade_of(&self, total: Decimal) -> &str {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .or(self.grades.last())
            .map(|g| g.name.as_str())
            .unwrap_or("")
    }

    /// The grade with a veto applied: a grade above the cap becomes the cap.
    pub fn grade_with_veto(&self, total: Decimal, veto: bool) -> &str {
        let g = self.grade_of(total);
        if !veto {
            return g;
        }
        let rank = |name: &str| self.grades.iter().position(|x| x.name == name);
        match (rank(g), rank(&self.veto_cap)) {
            (Some(a), Some(cap)) if a < cap => &self.grades[cap].name,
            _ => g,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILTIN: &str = include_str!("../../indicators/2018.toml");

    #[test]
    fn the_2018_set_loads() {
        let s = IndicatorSet::from_toml("2018.toml", BUILTIN).unwrap();
        assert_eq!(s.indicators.len(), 21);
        assert_eq!(s.base_max(), Decimal::from(100));
        assert_eq!(s.ties, TieStyle::Competition);
        assert_eq!(s.level_factor("基本完成"), Some(Decimal::new(6, 1)));
    }

    #[test]
    fn grades_and_veto() {
        let s = IndicatorSet::from_toml("2018.toml", BUILTIN).unwrap();
        let d = |x: &str| crate::domain::points::parse(x).unwrap();
        assert_eq!(s.grade_of(d("89.99")), "良好");
        assert_eq!(s.grade_of(d("90.00")), "优秀");
        assert_eq!(s.grade_of(d("79.99")), "合格");
        assert_eq!(s.grade_of(d("59.99")), "不合格");
        assert_eq!(s.grade_with_veto(d("95"), true), "良好");
        assert_eq!(s.grade_with_veto(d("85"), true), "良好");
        assert_eq!(s.grade_with_veto(d("70"), true), "合格");
    }

    fn broken(from: &str, to: &str) -> DataError {
        let text = BUILTIN.replacen(from, to, 1);
        assert_ne!(text, BUILTIN, "the replacement must change the file");
        IndicatorSet::from_toml("x.toml", &text).unwrap_err()
    }

    #[test]
    fn load_checks_name_the_problem() {
        let e = broken("id = \"A2\"", "id = \"A1\"");
        assert_eq!(e.key, "indicator.A1");
        assert!(e.message.contains("duplicate"));
        let e = broken("per = 2\npoints = 6", "per = 2\npoints = 7");
        assert_eq!(e.key, "category.A");
        assert!(e.message.contains("46"), "{e}");
        let e = broken("days = 20\n", "");
        assert!(e.message.contains("needs `days`"), "{e}");
        let e = broken("late_factor = \"0.5\"", "late_factor = 0.5");
        assert!(e.message.contains("as a string"), "{e}");
        let e = broken("rule = \"level\"", "rule = \"levle\"");
        assert!(e.message.contains("unknown rule"), "{e}");
    }
}
