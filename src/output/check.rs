//! The import report: per file the office found, the status, and every warning and error
//! with its cell; then the offices with no usable return.

use crate::data::DataSet;
use crate::import::FileStatus;
use crate::report::Report;
use crate::text::sanitize;
use std::io::{self, Write};

/// A file's status: 已受理 / 退回 / 重复报送 (see [`crate::labels`]).
pub use crate::labels::file_status_label as status_label;

pub fn write(out: &mut dyn Write, data: &DataSet, report: &Report) -> io::Result<()> {
    for (i, f) in report.files.iter().enumerate() {
        let office = f
            .office
            .map(|o| data.registry.offices[o].name.as_str())
            .unwrap_or("-");
        writeln!(
            out,
            "{}  {}  {}{}",
            sanitize(&f.shown),
            office,
            // The return chosen to count among its office's says so (以此份为准).
            match crate::choose::chosen(data, report, i) {
                Some(_) => crate::labels::CHOSEN,
                None => status_label(f.status),
            },
            // What a reporting system exported is named (HTML 表格（GBK）, Excel 2003 XML).
            match f.format {
                Some(format) if format.is_export() => format!("  {}", format.label()),
                _ => String::new(),
            }
        )?;
        for p in &f.problems {
            let level = crate::labels::severity_label(p.severity);
            match &p.at {
                Some(at) => writeln!(out, "  {level} {}: {}", sanitize(at), sanitize(&p.message))?,
                None => writeln!(out, "  {level} {}", sanitize(&p.message))?,
            }
        }
    }
    let count = |s: FileStatus| report.files.iter().filter(|f| f.status == s).count();
    let missing: Vec<&str> = report
        .unranked()
        .map(|o| data.registry.offices[o].name.as_str())
        .collect();
    // Returns set aside by a choice (未采用), where there are any.
    let set_aside = match count(FileStatus::Superseded) {
        0 => String::new(),
        n => format!("，{} {n}", crate::labels::NOT_COUNTED),
    };
    writeln!(
        out,
        "\n{} 个文件：已受理 {}，退回 {}，重复报送 {}{set_aside}；未报送 {} 个单位{}",
        report.files.len(),
        count(FileStatus::Imported),
        count(FileStatus::Refused),
        count(FileStatus::Conflict),
        missing.len(),
        if missing.is_empty() {
            String::new()
        } else {
            format!("：{}", missing.join("、"))
        }
    )
}
