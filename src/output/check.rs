//! The import report: per file the office found and the status; the problems themselves go
//! to standard error, one line each, like `score`'s.

use crate::data::DataSet;
use crate::import::{FileStatus, Severity};
use crate::report::Report;
use crate::text::{pad_right, sanitize, width};
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, data: &DataSet, report: &Report) -> io::Result<()> {
    let names: Vec<String> = report.files.iter().map(|f| sanitize(&f.shown)).collect();
    let w = names.iter().map(|n| width(n)).max().unwrap_or(4).max(4);
    writeln!(
        out,
        "{} {} 状态      错误 警告",
        pad_right("文件", w),
        pad_right("单位", 12)
    )?;
    for (f, name) in report.files.iter().zip(&names) {
        let office = f
            .office
            .map(|o| data.registry.offices[o].name.as_str())
            .unwrap_or("-");
        let status = match f.status {
            FileStatus::Imported => "已导入",
            FileStatus::Refused => "拒收",
            FileStatus::Conflict => "重复报送",
        };
        let errors = f
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let warnings = f.problems.len() - errors;
        writeln!(
            out,
            "{} {} {} {errors:>4} {warnings:>4}",
            pad_right(name, w),
            pad_right(office, 12),
            pad_right(status, 8)
        )?;
    }
    let imported = report
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Imported)
        .count();
    let missing: Vec<&str> = report
        .unranked()
        .map(|o| data.registry.offices[o].name.as_str())
        .collect();
    writeln!(
        out,
        "\n{} 个文件，导入 {imported} 个；未报送 {} 个单位{}",
        report.files.len(),
        missing.len(),
        if missing.is_empty() {
            String::new()
        } else {
            format!("：{}", missing.join("、"))
        }
    )
}
