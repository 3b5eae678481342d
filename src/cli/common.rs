//! What the commands share: the data files, the import and scoring of a folder with its
//! store's decisions, the store, and the arguments every command checks alike (an office,
//! a folder, an evaluator).

use super::{CliError, DataArgs};
use crate::data::DataSet;
use crate::report::Report;
use std::io::{self, Write};
use std::path::PathBuf;

pub(super) fn load_data(d: &DataArgs) -> Result<DataSet, CliError> {
    d.load()
        .map_err(|e| CliError::Usage(format!("数据文件无效：{e}")))
}

/// Imports and scores, applying the decisions (and the choices of the return that counts)
/// kept in the first folder given that has a store.
pub(super) fn build_report(data: &DataSet, paths: &[PathBuf]) -> Result<Report, CliError> {
    build_report_keeping(data, paths, false)
}

/// Imports and scores as [`build_report`]; `keep_all` keeps every return's 时效明细 items
/// (for reading a checklist against them), not only those that failed spot checks rescore.
pub(super) fn build_report_keeping(
    data: &DataSet,
    paths: &[PathBuf],
    keep_all: bool,
) -> Result<Report, CliError> {
    let files = crate::import::collect(paths).map_err(|(p, e)| {
        CliError::Usage(format!(
            "{}：无法读取（{e}）；请检查路径是否正确、是否有读权限",
            p.display()
        ))
    })?;
    // Any entry named kaoping.db counts (a link or a non-file is refused by name).
    let decisions = match paths
        .iter()
        .find(|p| p.join(crate::store::FILE).symlink_metadata().is_ok())
    {
        Some(dir) => open_store(data, dir)
            .and_then(|s| match s {
                Some(s) => read_store(&s, |s| {
                    Ok(s.decisions_and_checks()?.with_choices(s.choices()?))
                }),
                None => Ok(crate::report::Decisions::default()),
            })
            .map_err(store_error)?,
        None => crate::report::Decisions::default(),
    };
    let bar = crate::progress::bar(files.len() as u64, "导入");
    // Only the returns that failed spot checks rescore are kept beyond their scores.
    let keep = |o: usize| keep_all || decisions.keep(data, o);
    let report = Report::build_keeping(data, &files, decisions.clone(), &|_| bar.inc(1), &keep);
    bar.finish_and_clear();
    Ok(report)
}

/// Resolves an office name given on the command line, or says why not (exit 2).
pub(super) fn office_arg(data: &DataSet, name: &str) -> Result<usize, CliError> {
    match data.registry.identify(name) {
        crate::domain::registry::Match::Office(i) => Ok(i),
        _ => Err(CliError::Usage(format!(
            "--office {name}：不是单位名单中的单位；可写全称、简称或英文名，如“广州海关”“广州”“Guangzhou”"
        ))),
    }
}

/// Opens a folder's existing store to read it (migrating it first when it may be written),
/// its rows checked against the data set.
pub(super) fn open_store(
    data: &DataSet,
    dir: &std::path::Path,
) -> Result<Option<crate::store::Store>, crate::store::StoreError> {
    Ok(crate::store::Store::open_existing(dir)?.map(|s| s.checked(data)))
}

/// Reads from the store, then prints a warning for each stored row left out as invalid.
pub(super) fn read_store<T>(
    s: &crate::store::Store,
    f: impl FnOnce(&crate::store::Store) -> Result<T, crate::store::StoreError>,
) -> Result<T, crate::store::StoreError> {
    let out = f(s);
    for w in s.take_warnings() {
        eprintln!("kaoping: 警告：{}", crate::text::sanitize(&w));
    }
    out
}

/// A store error gives exit status 1: a failed write is never swallowed.
pub(super) fn store_error(e: crate::store::StoreError) -> CliError {
    CliError::Failed(e.to_string())
}

/// A folder argument that must be one (exit 2).
pub(super) fn folder_arg(dir: &std::path::Path) -> Result<(), CliError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "{}：不是文件夹；请给出存放自评表的文件夹",
            dir.display()
        )))
    }
}

/// The evaluator given with `--evaluator` (checked: exit 2 when blank, too long or holding
/// control characters), else the login name.
pub(super) fn evaluator_arg(given: &Option<String>) -> Result<String, CliError> {
    use crate::domain::decision::validate_evaluator;
    use crate::local::login_name;
    match given {
        None => Ok(login_name()),
        Some(e) => validate_evaluator(e).map_err(|m| CliError::Usage(format!("--evaluator: {m}"))),
    }
}

/// Problems to standard error, one line each.
pub(super) fn print_problems(report: &Report) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for p in report.problems() {
        if writeln!(err, "{p}").is_err() {
            break;
        }
    }
}
