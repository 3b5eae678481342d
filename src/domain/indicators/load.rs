//! The indicator set's file form (TOML) and the checks made when it is loaded.

use super::*;
use crate::domain::data_error::{
    check_id, check_int, check_len, check_num, check_text, key_of, parse_toml, shown, DataError,
    Num,
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

/// The Chinese name of a rule written in a data file (`level` → 等级评定).
fn rule_word(rule: &str) -> &'static str {
    match rule {
        "level" => "等级评定",
        "ratio" => "按比例计分",
        "timeliness" => "时效",
        "deadline" => "按期完成",
        "deduction" => "扣分",
        "bonus" => "加分",
        "veto" => "一票否决",
        _ => "",
    }
}

impl IndicatorSet {
    /// Parses and checks an indicator set. `file` names it in errors. Links to plan tasks are
    /// checked by [`crate::data::DataSet`], which has the plan too.
    pub fn from_toml(file: &str, text: &str) -> Result<IndicatorSet, DataError> {
        let raw: RawSet = parse_toml(file, text)?;
        let err = |key: String, msg: String| DataError::new(file, key, msg);
        check_text(file, "set.name", "名称", &raw.set.name)?;
        check_text(
            file,
            "set.return_title",
            "自评表标题",
            &raw.set.return_title,
        )?;
        check_int(file, "set.year", raw.set.year.into(), 1990, 2100)?;
        if let Some(a) = &raw.set.assessment {
            check_text(file, "set.assessment", "考核评估名称", a)?;
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
            return Err(err(
                "levels".into(),
                "没有定义完成情况的用语；请在 [levels] 中至少写一项（如 \"完成\" = \"1\"）".into(),
            ));
        }
        for (w, f) in &levels {
            let key = key_of("levels", w);
            check_text(file, &key, "完成情况用语", w)?;
            if *f < Decimal::ZERO || *f > Decimal::ONE {
                return Err(err(
                    key,
                    format!("系数 {f} 超出范围：应在 0 到 1 之间；请改正"),
                ));
            }
            check_num(file, &key, *f, zero, one, FACTOR_DECIMALS)?;
        }
        let late = raw.deadline.late_factor.0;
        if late < Decimal::ZERO || late > Decimal::ONE {
            return Err(err(
                "deadline.late_factor".into(),
                format!("系数 {late} 超出范围：应在 0 到 1 之间；请改正"),
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
            check_text(file, &key, "等次名称", &g.name)?;
            check_num(file, &key, g.min.0, zero, most, 2)?;
            grades.push(Grade {
                name: g.name,
                min: g.min.0,
            });
        }
        check_text(file, "veto.cap", "一票否决后的最高等次", &raw.veto.cap)?;
        check_text(file, "veto.label", "一票否决的标注", &raw.veto.label)?;
        if grades.is_empty() {
            return Err(err(
                "grade".into(),
                "没有定义等次；请至少写一个 [[grade]]（name 和 min）".into(),
            ));
        }
        grades.sort_by_key(|g| std::cmp::Reverse(g.min));
        for w in grades.windows(2) {
            if w[0].min == w[1].min {
                return Err(err(
                    format!("grade.{}", w[1].name),
                    format!(
                        "分数线与等次“{}”相同；各等次的分数线（min）应互不相同",
                        w[0].name
                    ),
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
                    "设置最高等次的比例上限，须至少有两个等次（超出比例的单位降入下一等次）；请增加等次或删去该键".into(),
                ));
            }
        }
        if !grades.iter().any(|g| g.name == raw.veto.cap) {
            return Err(err(
                "veto.cap".into(),
                format!(
                    "“{}”不是已定义的等次；请填写 [[grade]] 中的一个等次名称",
                    raw.veto.cap
                ),
            ));
        }

        let mut categories = Vec::new();
        let mut seen = HashSet::new();
        for c in raw.category {
            let key = key_of("category", &c.id);
            check_id(file, &key, &c.id)?;
            check_text(file, &key, "名称", &c.name)?;
            check_len(file, &key, c.sections.len(), MAX_CATEGORY_SECTIONS)?;
            for s in &c.sections {
                check_text(file, &key, "所含部分", s)?;
            }
            check_num(file, &key, c.max.0, zero, most, 2)?;
            if !seen.insert(c.id.clone()) {
                return Err(err(
                    format!("category.{}", c.id),
                    "类别编号重复；请改用不同的编号".into(),
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
                return Err(err(
                    key,
                    "指标编号重复（不区分大小写和全角、半角）；请改用不同的编号".into(),
                ));
            }
            check_text(file, &key, "指标名称", &r.title)?;
            for label in [&r.count, &r.total].into_iter().flatten() {
                check_text(file, &key, "栏目名称", label)?;
            }
            let Some(cat) = categories.iter().find(|c| c.id == r.category) else {
                return Err(err(
                    key,
                    format!(
                        "类别“{}”未定义；请填写 [[category]] 中的一个编号",
                        shown(&r.category)
                    ),
                ));
            };
            let need = |what: &str| {
                err(
                    key.clone(),
                    format!(
                        "计分规则 {}（{}）需要键 `{what}`；请补上",
                        r.rule,
                        rule_word(&r.rule)
                    ),
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
                        .ok_or_else(|| {
                            err(
                                key.clone(),
                                format!("“{dt}”不是日期；请写作 2018-08-31 这样的日期"),
                            )
                        })?;
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
                        format!("未知的计分规则“{}”；应为 level（等级评定）、ratio（按比例计分）、timeliness（时效）、deadline（按期完成）、deduction（扣分）、bonus（加分）、veto（一票否决）之一", other.escape_debug()),
                    ));
                }
            };
            if let Rule::Deduction { per } | Rule::Bonus { per } = &rule {
                if *per <= Decimal::ZERO {
                    return Err(err(
                        key,
                        format!("每次的分值 per 应大于 0，现为 {per}；请改正"),
                    ));
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
                return Err(err(key, "时限 days 至少为 1 个工作日；请改正".into()));
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
                        "只有时效类指标（rule = \"timeliness\"）可以设最长延期 extension_days；请删去该键".into(),
                    ))
                }
            };
            let points = r.points.0;
            match (&rule, cat.kind) {
                (Rule::Veto, CategoryKind::Veto) if !points.is_zero() => {
                    return Err(err(
                        key,
                        "一票否决指标不计分，points 应为 0；请改正".into(),
                    ));
                }
                (Rule::Veto, CategoryKind::Veto) => {}
                (Rule::Veto, _) | (_, CategoryKind::Veto) => {
                    return Err(err(
                        key,
                        "一票否决指标（rule = \"veto\"）只能归入否决项类别（kind = \"veto\"），否决项类别中也只能有一票否决指标；请改正 category 或 rule".into(),
                    ))
                }
                (Rule::Bonus { .. }, CategoryKind::Bonus) => {}
                (Rule::Bonus { .. }, _) | (_, CategoryKind::Bonus) => {
                    return Err(err(
                        key,
                        "加分指标（rule = \"bonus\"）只能归入加分类别（kind = \"bonus\"），加分类别中也只能有加分指标；请改正 category 或 rule".into(),
                    ))
                }
                _ => {}
            }
            if points < Decimal::ZERO || points.scale() > 2 {
                return Err(err(
                    key,
                    format!("分值 {points} 应不小于 0，最多两位小数；请改正"),
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
            return Err(err(
                "indicator".into(),
                "没有定义指标；请至少写一个 [[indicator]]".into(),
            ));
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
                        "所属指标的分值合计 {} 分，与该类别的满分（max）{} 分不符；请调整指标的分值或 max",
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
