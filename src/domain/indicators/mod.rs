//! The indicator set: categories, indicators and their rules, grades, the veto and the tie
//! style. Loaded from a TOML data file (`indicators/2018.toml`) and checked at load time.

mod load;
mod write;

pub use write::to_toml;

use super::points::{Decimal, MAX_POINTS};
use chrono::NaiveDate;
use serde::Deserialize;

/// How equal totals share ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TieStyle {
    /// 1, 2, 2, 4
    Competition,
    /// 1, 2, 2, 3
    Dense,
}

/// How the ranking orders offices (scoring.md "Ranking").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RankingOrder {
    /// By total, highest first (the default).
    Total,
    /// By 等次 first, then by total: a vetoed or quota-capped office stands below every
    /// office of a higher 等次.
    Grade,
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

    /// The rule kind as people read it (terms.md), never the code name.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Rule::Level => "等级评定",
            Rule::Ratio { .. } => "按比例计分",
            Rule::Timeliness { .. } => "时效",
            Rule::Deadline { .. } => "按期完成",
            Rule::Deduction { .. } => "扣分",
            Rule::Bonus { .. } => "加分",
            Rule::Veto => "一票否决",
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
                    .map(|(w, f)| format!("{w}得{}分", fmt_short(p.saturating_mul(*f))))
                    .collect();
                parts.join("，")
            }
            Rule::Ratio { count, total } => {
                format!("按{count}÷{total}×{p}分计；无此项业务得满分")
            }
            Rule::Timeliness { days } => format!(
                "{days}个工作日内公开的比例×{p}分；在时效明细表逐项填写；无此项业务的，完成情况选“无此项业务”，得满分；未填报的不得分"
            ),
            Rule::Deadline { deadline } => format!(
                "{}前完成得{p}分，逾期完成得{}分，未完成不得分",
                deadline.format("%Y年%-m月%-d日"),
                fmt_short(p.saturating_mul(set.deadline_late_factor))
            ),
            Rule::Deduction { per } => {
                format!("每发生1起扣{}分，扣完为止", fmt_short(*per))
            }
            Rule::Bonus { per } => format!("每次加{}分，最多加{p}分", fmt_short(*per)),
            Rule::Veto => {
                // The cap is the highest 等次 a vetoed office may have (spec: 发生的，等次最高为良好).
                let top = set.grades.first().map(|g| g.name.as_str());
                match top.filter(|t| *t != set.veto_cap) {
                    Some(t) => format!("发生的，等次最高为{}（不得评为{t}）", set.veto_cap),
                    None => format!("发生的，等次最高为{}", set.veto_cap),
                }
            }
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
    /// Timeliness only: the most working days an item marked 延期 may add to the limit
    /// (D1: 15, from the 2007 条例 art. 24); `None`: 延期 is not allowed.
    pub extension_days: Option<u32>,
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
    /// The assessment's name without its year (`直属海关政务公开考核评估`), from which the
    /// titles of the results are made (`2018年度直属海关政务公开考核评估结果汇总表`); the
    /// set's name where the file gives none.
    pub assessment: String,
    pub ties: TieStyle,
    /// `[set] overclaim_flag`: an office whose 自评分 total exceeds its 最终得分 total by
    /// more than this is marked 自评虚高 (see [`crate::domain::sampling::overclaims`]);
    /// [`DEFAULT_OVERCLAIM_FLAG`] when the file gives none.
    pub overclaim_flag: Decimal,
    /// Level words and their multipliers, in file order.
    pub levels: Vec<(String, Decimal)>,
    pub deadline_late_factor: Decimal,
    /// Highest first.
    pub grades: Vec<Grade>,
    pub veto_cap: String,
    pub veto_label: String,
    /// The most offices of the top 等次 (优秀), as a share of the ranked offices
    /// (`[grades] excellent_max_share`); `None`: no quota.
    pub excellent_max_share: Option<Decimal>,
    /// `[ranking] order`.
    pub order: RankingOrder,
    pub categories: Vec<Category>,
    pub indicators: Vec<Indicator>,
    /// Each indicator's id folded (`text::fold`), in set order, for matching written ids.
    folded_ids: Vec<String>,
}

// ---- bounds (so that no sum of points can overflow, and a file loads in little memory) --

/// The most indicators a set may hold.
pub const MAX_INDICATORS: usize = 1000;
/// The most categories, grades and level words.
pub const MAX_CATEGORIES: usize = 100;
pub const MAX_GRADES: usize = 20;
pub const MAX_LEVELS: usize = 20;
/// The most plan sections a category may name.
pub const MAX_CATEGORY_SECTIONS: usize = 100;
/// The most working days a timeliness rule may allow.
pub const MAX_DAYS: u32 = 1000;
/// The points of 自评虚高 when the set gives none (`[set] overclaim_flag`; 5 in 2018).
pub const DEFAULT_OVERCLAIM_FLAG: i64 = 5;
/// The most decimals of a multiplier (level words, the late factor).
pub const FACTOR_DECIMALS: u32 = 4;
/// The largest category maximum and grade minimum: every indicator at its maximum.
pub fn max_sum() -> Decimal {
    Decimal::from(MAX_POINTS) * Decimal::from(MAX_INDICATORS as i64)
}

impl IndicatorSet {
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

    /// The base maximum (sum of base categories; bounded at load, so it cannot overflow).
    pub fn base_max(&self) -> Decimal {
        super::points::checked_sum(
            self.categories
                .iter()
                .filter(|c| c.kind == CategoryKind::Base)
                .map(|c| c.max),
        )
        .unwrap_or(Decimal::MAX)
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

    /// The position of a 等次 among the grades, the top one 0 (an unknown name last).
    pub fn grade_position(&self, name: &str) -> usize {
        self.grades
            .iter()
            .position(|g| g.name == name)
            .unwrap_or(self.grades.len())
    }

    /// The note of an office of the top 等次 past the quota (`超出优秀比例`).
    pub fn quota_note(&self) -> String {
        let top = self.grades.first().map(|g| g.name.as_str()).unwrap_or("");
        format!("超出{top}比例")
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
    use crate::domain::data_error::DataError;

    const BUILTIN: &str = include_str!("../../../indicators/2018.toml");

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
        assert!(e.message.contains("指标编号重复"), "{e}");
        let e = broken("per = 2\npoints = 6", "per = 2\npoints = 7");
        assert_eq!(e.key, "category.A");
        assert!(e.message.contains("46"), "{e}");
        let e = broken("days = 20\n", "");
        assert!(e.message.contains("需要键 `days`"), "{e}");
        let e = broken("late_factor = \"0.5\"", "late_factor = 0.5");
        assert!(e.message.contains("加英文双引号写作 \"0.5\""), "{e}");
        let e = broken("rule = \"level\"", "rule = \"levle\"");
        assert!(e.message.contains("未知的计分规则“levle”"), "{e}");
    }

    #[test]
    fn numbers_are_bounded_so_that_no_sum_can_overflow() {
        // Points near Decimal's limit: refused with the key, never summed.
        let e = broken(
            "per = 2\npoints = 6",
            "per = 2\npoints = \"79228162514264337593543950335\"",
        );
        assert_eq!(e.key, "indicator.A1.points");
        let e = broken("per = 2\npoints = 6", "per = 2\npoints = 1001");
        assert_eq!(e.key, "indicator.A1.points");
        let e = broken("per = 2\npoints = 6", "per = \"0.001\"\npoints = 6");
        assert_eq!(e.key, "indicator.A1.per");
        let e = broken("per = 2\npoints = 6", "per = 5000\npoints = 6");
        assert_eq!(e.key, "indicator.A1.per");
        let e = broken("days = 20\n", "days = 4000000000\n");
        assert!(e.key.ends_with(".days"), "{e}");
        let e = broken("max = 45", "max = \"1E+28\"");
        assert!(e.key == "category.A" || e.key.starts_with("第 "), "{e}");
        let e = broken("max = 45", "max = 9223372036854775807");
        assert_eq!(e.key, "category.A");
        let e = broken("min = 90", "min = \"50000000000000000000000000000\"");
        assert_eq!(e.key, "grade.优秀");
        let e = broken("\"基本完成\" = \"0.6\"", "\"基本完成\" = \"0.123456\"");
        assert_eq!(e.key, "levels.基本完成");
        let e = broken("late_factor = \"0.5\"", "late_factor = \"0.00001\"");
        assert_eq!(e.key, "deadline.late_factor");
        let e = broken("year = 2018", "year = 2147483647");
        assert_eq!(e.key, "set.year");
    }

    #[test]
    fn ids_and_texts_are_bounded_and_printable() {
        for bad in ["a1", "1A", "A-1", "ABCDEFGHI", "A\\u001b", "", "Ａ1"] {
            let e = broken("id = \"A2\"", &format!("id = \"{bad}\""));
            assert!(e.message.contains("应以大写英文字母开头"), "{bad}: {e}");
            assert!(!e.key.contains('\u{1b}'), "{e:?}");
        }
        IndicatorSet::from_toml(
            "x.toml",
            &BUILTIN.replacen("id = \"A2\"", "id = \"AB12CD34\"", 1),
        )
        .unwrap();
        let e = broken("id = \"A\"", "id = \"a\"");
        assert!(e.message.contains("应以大写英文字母开头"), "{e}");
        let long = "长".repeat(201);
        let e = broken("title = \"公告及", &format!("title = \"{long}公告及"));
        assert_eq!(e.key, "indicator.A1");
        assert!(e.message.contains("有 225 个字符，最多 200 个"), "{e}");
        let e = broken("title = \"公告及", "title = \"\\u001b]0;x\\u0007公告及");
        assert!(e.message.contains("控制字符 U+001B"), "{e}");
        let e = broken("name = \"优秀\"", "name = \"优\\u202e秀\"");
        assert!(e.message.contains("U+202E"), "{e}");
    }

    #[test]
    fn the_overclaim_flag_is_data_bounded_with_a_default() {
        let s = IndicatorSet::from_toml("2018.toml", BUILTIN).unwrap();
        assert_eq!(s.overclaim_flag, Decimal::from(5));
        let absent = BUILTIN.replacen("overclaim_flag = 5\n", "", 1);
        assert_ne!(absent, BUILTIN);
        let s = IndicatorSet::from_toml("x.toml", &absent).unwrap();
        assert_eq!(s.overclaim_flag, Decimal::from(DEFAULT_OVERCLAIM_FLAG));
        let s = IndicatorSet::from_toml(
            "x.toml",
            &BUILTIN.replacen("overclaim_flag = 5", "overclaim_flag = \"2.5\"", 1),
        )
        .unwrap();
        assert_eq!(s.overclaim_flag, Decimal::new(25, 1));
        for bad in ["-1", "\"0.001\"", "\"1E+30\"", "2000000"] {
            let e = broken("overclaim_flag = 5", &format!("overclaim_flag = {bad}"));
            assert!(
                e.key == "set.overclaim_flag" || e.key.starts_with("第 "),
                "{bad}: {e}"
            );
        }
        let e = broken("overclaim_flag = 5", "overclaim_flag = 5.0");
        assert!(e.message.contains("加英文双引号写作 \"5\""), "{e}");
    }

    #[test]
    fn the_number_of_indicators_is_bounded() {
        let head = &BUILTIN[..BUILTIN.find("[[indicator]]").unwrap()];
        let many: String = (0..=MAX_INDICATORS)
            .map(|i| format!("[[indicator]]\nid = \"X{i}\"\ncategory = \"A\"\ntask = 1\ntitle = \"t\"\nrule = \"level\"\npoints = 1\n"))
            .collect();
        let e = IndicatorSet::from_toml("x.toml", &format!("{head}{many}")).unwrap_err();
        assert_eq!(e.key, "indicator");
        assert!(e.message.contains("最多 1000 项"), "{e}");
    }
}
