//! The four data files together: the indicator set, the plan, the registry and the
//! calendar. The 2018 files are built into the binary; any of them can be replaced.

use crate::domain::calendar::Calendar;
use crate::domain::data_error::MAX_FILE_BYTES;
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
        None => Ok((format!("（内置）indicators/{name}"), builtin.to_string())),
        Some(p) => {
            let shown = p.display().to_string();
            let text = read_bounded(p)
                .map_err(|m| DataError::new(&shown, "", format!("无法读取：{m}")))?;
            Ok((shown, text))
        }
    }
}

/// Reads a data file of at most [`MAX_FILE_BYTES`]: only a regular file (not a FIFO or a
/// device, which could hang or never end), and never more bytes than the limit, whatever
/// size the file reports (files under `/proc` report 0).
pub(crate) fn read_bounded(p: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(p).map_err(os_error)?;
    if !meta.is_file() {
        return Err("不是普通文件（是文件夹或特殊文件）；请给出数据文件本身的路径".into());
    }
    let too_big = || {
        format!(
            "文件超过 {} MB（{MAX_FILE_BYTES} 字节），不是数据文件；请检查路径",
            MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(p)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(os_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| {
        "不是 UTF-8 编码的文本；请用文本编辑器另存为 UTF-8 编码（不要用 Word 或 Excel 保存）".into()
    })
}

/// Why a file could not be read, in the evaluator's words, the system's own in parentheses.
fn os_error(e: std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let what = match e.kind() {
        NotFound => "文件不存在；请检查路径",
        PermissionDenied => "没有读权限；请检查文件的权限（ls -l）",
        _ => "读取时出错；请检查文件和所在磁盘",
    };
    format!("{what}（{e}）")
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
                        "关联的任务 {} 不在实施方案（{}）中；请改正 task，或使用包含该任务的实施方案（--plan）",
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
    fn a_data_file_too_large_or_not_regular_is_refused_before_it_is_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.toml");
        let mut text = BUILTIN_OFFICES.to_string();
        while text.len() as u64 <= MAX_FILE_BYTES {
            text.push_str("# padding padding padding padding padding padding padding\n");
        }
        std::fs::write(&p, text).unwrap();
        let e = DataSet::load(&DataPaths {
            offices: Some(&p),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.message.contains("文件超过 2 MB"), "{e}");
        let e = DataSet::load(&DataPaths {
            plan: Some(dir.path()),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.message.contains("不是普通文件"), "{e}");
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
        assert!(e.message.contains("任务 99 不在实施方案"), "{e}");
    }
}
