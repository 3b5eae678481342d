//! Writing workbooks: the blank return (template) and the ranking export.

pub mod limits;
pub mod print;
pub mod template;
pub mod workbook;

use crate::domain::indicators::{Indicator, IndicatorSet, Rule};
use std::io::{self, Write};
use std::path::Path;

/// An indicator's scoring method in words (评分方法), as the template and the 指标体系
/// sheet show it: the rule's text, and for a timeliness indicator that allows an extension
/// (延期), how to mark one.
pub fn method_text(ind: &Indicator, set: &IndicatorSet) -> String {
    let mut s = ind.rule.describe(ind.points, set);
    if let (Rule::Timeliness { .. }, Some(e)) = (&ind.rule, ind.extension_days) {
        s.push_str(&format!(
            "；经批准延期的，在时效明细“延期”栏填“是”或延长的工作日数（最长{e}个工作日）"
        ));
    }
    s
}

/// The temporary files of a write start so (beside the target, hidden, short whatever the
/// target's name) and end in `.tmp`, which the importer never reads.
pub const TEMP_PREFIX: &str = ".kaoping-";

/// The header cells of every workbook kaoping writes (the 汇总表, the blank return, the
/// findings form, the spot-check checklist): bold, thin borders, light blue, centred and
/// wrapped.
pub fn header_format() -> rust_xlsxwriter::Format {
    use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// Writes `bytes` to `out` through a temporary file in the same folder, renamed into
/// place once whole: a reader never sees half a workbook, and a failure at any step
/// (full disk, no such folder, no permission, a panic) leaves no temporary file behind.
/// The file gets the usual mode of a new file (0666 less the umask) and the group that
/// the folder gives new files (its own when it is setgid), not tempfile's private 0600.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Dropped (and so removed) on every early return below.
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| e.error)?;
    Ok(())
}
