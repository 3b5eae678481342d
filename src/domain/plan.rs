//! The plan's tasks (`indicators/plan-2018.toml`): what each indicator is linked to, and the
//! unit of the per-task gaps.

use super::data_error::{check_int, check_len, check_text, key_of, parse_toml, shown, DataError};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub number: u32,
    pub section: String,
    pub area: u32,
    pub title: String,
    pub units: Vec<String>,
    pub deadline_text: String,
    pub deadline: Option<NaiveDate>,
    /// Offices are assessed on it (it names 各直属海关).
    pub offices: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub area: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub id: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub title: String,
    pub document: String,
    pub year: i32,
    pub areas: Vec<Area>,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
}

/// The most areas, sections and tasks a plan may hold, and units a task may name.
pub const MAX_AREAS: usize = 100;
pub const MAX_SECTIONS: usize = 1000;
pub const MAX_TASKS: usize = 1000;
pub const MAX_UNITS: usize = 100;
/// Task and area numbers lie in 1 ..= this.
pub const MAX_NUMBER: u32 = 9999;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    plan: RawHead,
    #[serde(default)]
    area: Vec<RawArea>,
    section: Vec<RawSection>,
    task: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    title: String,
    document: String,
    year: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: u32,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    area: u32,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    number: u32,
    section: String,
    title: String,
    units: Vec<String>,
    deadline_text: String,
    deadline: Option<toml::value::Datetime>,
    offices: bool,
}

impl Plan {
    pub fn from_toml(file: &str, text: &str) -> Result<Plan, DataError> {
        let raw: RawPlan = parse_toml(file, text)?;
        let err = |key: String, msg: String| DataError::new(file, key, msg);
        check_text(file, "plan.title", "标题", &raw.plan.title)?;
        check_text(file, "plan.document", "文号", &raw.plan.document)?;
        check_int(file, "plan.year", raw.plan.year.into(), 1990, 2100)?;
        check_len(file, "area", raw.area.len(), MAX_AREAS)?;
        check_len(file, "section", raw.section.len(), MAX_SECTIONS)?;
        check_len(file, "task", raw.task.len(), MAX_TASKS)?;
        let number = |key: &str, n: u32| check_int(file, key, n.into(), 1, MAX_NUMBER.into());
        for a in &raw.area {
            let key = format!("area.{}", a.id);
            number(&key, a.id)?;
            check_text(file, &key, "标题", &a.title)?;
        }
        let mut sections = Vec::new();
        let mut seen = HashSet::new();
        for s in raw.section {
            let key = key_of("section", &s.id);
            check_text(file, &key, "编号", &s.id)?;
            check_text(file, &key, "标题", &s.title)?;
            if !seen.insert(s.id.clone()) {
                return Err(err(key, "项的编号重复；请改用不同的编号".into()));
            }
            if !raw.area.is_empty() && !raw.area.iter().any(|a| a.id == s.area) {
                return Err(err(
                    key,
                    format!("部分 {} 未定义；请填写 [[area]] 中的一个编号", s.area),
                ));
            }
            sections.push(Section {
                id: s.id,
                area: s.area,
                title: s.title,
            });
        }
        let mut tasks = Vec::new();
        let mut numbers = HashSet::new();
        for t in raw.task {
            let key = format!("task.{}", t.number);
            number(&key, t.number)?;
            check_text(file, &key, "任务内容", &t.title)?;
            check_text(file, &key, "完成时限", &t.deadline_text)?;
            check_len(file, &key, t.units.len(), MAX_UNITS)?;
            for u in &t.units {
                check_text(file, &key, "责任单位", u)?;
            }
            if !numbers.insert(t.number) {
                return Err(err(key, "任务序号重复；请改用不同的序号".into()));
            }
            let Some(section) = sections.iter().find(|s| s.id == t.section) else {
                return Err(err(
                    key,
                    format!(
                        "项“{}”未定义；请填写 [[section]] 中的一个编号",
                        shown(&t.section)
                    ),
                ));
            };
            let deadline = match t.deadline {
                None => None,
                Some(dt) => Some(
                    dt.date
                        .and_then(|d| {
                            NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                        })
                        .ok_or_else(|| {
                            err(
                                key.clone(),
                                format!("“{dt}”不是日期；请写作 2018-08-31 这样的日期"),
                            )
                        })?,
                ),
            };
            tasks.push(Task {
                number: t.number,
                area: section.area,
                section: t.section,
                title: t.title,
                units: t.units,
                deadline_text: t.deadline_text,
                deadline,
                offices: t.offices,
            });
        }
        tasks.sort_by_key(|t| t.number);
        Ok(Plan {
            title: raw.plan.title,
            document: raw.plan.document,
            year: raw.plan.year,
            areas: raw
                .area
                .into_iter()
                .map(|a| Area {
                    id: a.id,
                    title: a.title,
                })
                .collect(),
            sections,
            tasks,
        })
    }

    pub fn task(&self, number: u32) -> Option<&Task> {
        self.tasks.iter().find(|t| t.number == number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2018_plan_has_31_tasks_13_for_offices() {
        let p = Plan::from_toml("plan", include_str!("../../indicators/plan-2018.toml")).unwrap();
        assert_eq!(p.tasks.len(), 31);
        let office: Vec<u32> = p
            .tasks
            .iter()
            .filter(|t| t.offices)
            .map(|t| t.number)
            .collect();
        assert_eq!(office, [1, 2, 3, 4, 5, 8, 10, 17, 22, 23, 26, 28, 29]);
        let t23 = p.task(23).unwrap();
        assert_eq!(t23.deadline, NaiveDate::from_ymd_opt(2018, 8, 31));
        assert_eq!(p.task(1).unwrap().deadline, None);
        assert_eq!(p.task(1).unwrap().deadline_text, "长期");
    }

    #[test]
    fn texts_numbers_and_lists_are_bounded() {
        let base = include_str!("../../indicators/plan-2018.toml");
        let bad = |from: &str, to: &str| {
            let text = base.replacen(from, to, 1);
            assert_ne!(text, base);
            Plan::from_toml("p.toml", &text).unwrap_err()
        };
        let e = bad("number = 1\n", "number = 4000000000\n");
        assert_eq!(e.key, "task.4000000000");
        let e = bad("year = 2018", "year = -5");
        assert_eq!(e.key, "plan.year");
        let e = bad("title = \"海关总署落实", "title = \"\\u0007海关总署落实");
        assert_eq!(e.key, "plan.title");
        let many: String = (1..=MAX_TASKS + 1)
            .map(|i| format!("[[task]]\nnumber = {}\nsection = \"一\"\ntitle = \"t\"\nunits = []\ndeadline_text = \"长期\"\noffices = false\n", i + 100))
            .collect();
        let e = Plan::from_toml("p.toml", &format!("{base}\n{many}")).unwrap_err();
        assert_eq!(e.key, "task");
    }
}
