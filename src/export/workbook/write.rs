//! Writing the workbook to a file.

use super::{build_full, Audience, ExportError, ExportInfo, EXPORT_SUFFIX};
use crate::data::DataSet;
use crate::report::Report;
use std::path::{Path, PathBuf};

/// Writes the whole workbook (for headquarters, [`Audience::Internal`]) to `out`: see
/// [`write_for`].
pub fn write(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    out: &Path,
) -> Result<PathBuf, ExportError> {
    write_full(data, report, info, Audience::Internal, out, None)
}

/// Writes the workbook for `audience` to `out`: see [`write_full`].
pub fn write_for(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    audience: Audience,
    out: &Path,
) -> Result<PathBuf, ExportError> {
    write_full(data, report, info, audience, out, None)
}

/// Writes the whole workbook as [`write`] does; when comparing (`diff`), with the 同比 sheet.
pub fn write_compared(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    out: &Path,
    diff: Option<&crate::compare::Diff>,
) -> Result<PathBuf, ExportError> {
    write_full(data, report, info, Audience::Internal, out, diff)
}

/// Writes the workbook for `audience` (with the 同比 sheet when comparing) to `out` through
/// a short-named temporary file beside it, renamed at the end (see
/// [`crate::export::write_atomic`]): an interrupted or failed export leaves neither a half
/// file nor a temporary one. Refuses to write over one of the returns.
pub fn write_full(
    data: &DataSet,
    report: &Report,
    info: &ExportInfo,
    audience: Audience,
    out: &Path,
    diff: Option<&crate::compare::Diff>,
) -> Result<PathBuf, ExportError> {
    let shown = out.display().to_string();
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(ExportError::Refused(format!(
            "{shown}: 导出文件应以 .xlsx 结尾"
        )));
    }
    let target = out.canonicalize().ok();
    for f in &report.files {
        let same = match (&target, f.path.canonicalize().ok()) {
            (Some(a), Some(b)) => *a == b,
            _ => f.path == out,
        };
        if same {
            return Err(ExportError::Refused(format!(
                "{shown}: 这是一份报送的自评表，不能覆盖；请换一个文件名"
            )));
        }
    }
    let mut wb =
        build_full(data, report, info, audience, diff).map_err(|source| ExportError::Xlsx {
            path: shown.clone(),
            source,
        })?;
    let buf = wb.save_to_buffer().map_err(|source| ExportError::Xlsx {
        path: shown.clone(),
        source,
    })?;
    crate::export::write_atomic(out, &buf).map_err(|source| ExportError::Io {
        path: shown.clone(),
        source,
    })?;
    Ok(out.to_path_buf())
}

/// The default export file of a folder: inside it, with a name the importer passes over.
pub fn default_path(dir: &Path, at: &str) -> PathBuf {
    let stamp: String = at.chars().filter(|c| c.is_ascii_digit()).collect();
    dir.join(format!("考评排名-{stamp}{EXPORT_SUFFIX}"))
}
