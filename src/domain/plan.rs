//! The plan's tasks (`indicators/plan-2018.toml`): what each indicator is linked to, and the
//! unit of the per-task gaps.

use super::data_error::{parse_toml, DataError};
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
        let mut sections = Vec::new();
        let mut seen = HashSet::new();
        for s in raw.section {
            if !seen.insert(s.id.clone()) {
                return Err(err(format!("section.{}", s.id), "duplicate section".into()));
            }
            if !raw.area.is_empty() && !raw.area.iter().any(|a| a.id == s.area) {
                return Err(err(
                    format!("section.{}", s.id),
                    format!("unknown area {}", s.area),
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
            if !numbers.insert(t.number) {
                return Err(err(key, "duplicate task number".into()));
            }
            let Some(section) = sections.iter().find(|s| s.id == t.section) else {
                return Err(err(key, format!("unknown section `{}`", t.section)));
            };
            let deadline = match t.deadline {
                None => None,
                Some(dt) => Some(
                    dt.date
                        .and_then(|d| {
                            NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                        })
                        .ok_or_else(|| err(key.clone(), format!("`{dt}` is not a date")))?,
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
}
