//! The four data files together: the indicator set, the plan, the registry and the
//! calendar. The 2018 files are built into the binary; any of them can be replaced.

use crate::domain::calendar::Calendar;
use crate::domain::indicators::IndicatorSet;
use crate::domain::plan::Plan;
use crate::domain::registry::Registry;
use crate::domain::DataError;
use std::path::Path;

pub const BUILTIN_INDICATORS: &str = include_str!("../indicators/2018.toml");
pub const BUILTIN_PLAN: &str = include_str!("../indicators/plan-2018.toml");
pub const BUILTIN_OFFICES: &str = include_str!("../indicators/offices-2018.toml");
pub const BUILTIN_CALENDAR: &str = include_str!("../indicators/calendar.toml");

#[derive(Debug, Clone)]
pub struct DataSet {
    pub set: IndicatorSet,
    pub plan: Plan,
    pub registry: Registry,
    pub calendar: Calendar,
}

/// Files that replace the built-in data; `None` keeps the built-in one.
#[derive(Debug, Clone, Default)]
pub struct DataPaths<'a> {
    pub indicators: Option<&'a Path>,
    pub plan: Option<&'a Path>,
    pub offices: Option<&'a Path>,
    pub calendar: Option<&'a Path>,
}

fn read(
    path: Option<&Path>,
    builtin: &'static str,
    name: &str,
) -> Result<(String, String), DataError> {
    match path {
        None => Ok((format!("(built-in) indicators/{name}"), builtin.to_string())),
        Some(p) => {
            let shown = p.display().to_string();
            let text = std::fs::read_to_string(p)
                .map_err(|e| DataError::new(&shown, "", format!("cannot read: {e}")))?;
            Ok((shown, text))
        }
    }
}

impl DataSet {
    /// The built-in 2018 data.
    pub fn builtin() -> DataSet {
        DataSet::load(&DataPaths::default()).expect("the built-in data files are valid")
    }

    pub fn load(paths: &DataPaths) -> Result<DataSet, DataError> {
        let (f, t) = read(paths.indicators, BUILTIN_INDICATORS, "2018.toml")?;
        let set = IndicatorSet::from_toml(&f, &t)?;
        let set_file = f;
        let (f, t) = read(paths.plan, BUILTIN_PLAN, "plan-2018.toml")?;
        let plan = Plan::from_toml(&f, &t)?;
        let (f, t) = read(paths.offices, BUILTIN_OFFICES, "offices-2018.toml")?;
        let registry = Registry::from_toml(&f, &t)?;
        let (f, t) = read(paths.calendar, BUILTIN_CALENDAR, "calendar.toml")?;
        let calendar = Calendar::from_toml(&f, &t)?;
        for ind in &set.indicators {
            if plan.task(ind.task).is_none() {
                return Err(DataError::new(
                    &set_file,
                    format!("indicator.{}", ind.id),
                    format!(
                        "linked task {} is not in the plan ({})",
                        ind.task, plan.title
                    ),
                ));
            }
        }
        Ok(DataSet {
            set,
            plan,
            registry,
            calendar,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_loads_and_links() {
        let d = DataSet::builtin();
        assert_eq!(d.set.indicators.len(), 21);
        assert_eq!(d.registry.len(), 42);
        // Every office-scoped task has an indicator.
        for t in d.plan.tasks.iter().filter(|t| t.offices) {
            assert!(
                d.set.indicators.iter().any(|i| i.task == t.number),
                "task {} has no indicator",
                t.number
            );
        }
    }

    #[test]
    fn a_link_to_a_missing_task_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("set.toml");
        std::fs::write(&p, BUILTIN_INDICATORS.replacen("task = 29", "task = 99", 1)).unwrap();
        let e = DataSet::load(&DataPaths {
            indicators: Some(&p),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.key, "indicator.D3");
        assert!(e.message.contains("task 99"));
    }
}
