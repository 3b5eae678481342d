//! Headquarters' findings (核查记录): the workbook headquarters keeps during the year, and
//! the filled spot-check checklist (抽查清单), applied to the store all or nothing.
//!
//! - [`template`] writes the blank findings workbook (`kaoping findings template`).
//! - [`read`] finds the tables of either form in a workbook, with the importer's tolerance
//!   for header labels.
//! - [`apply`] validates every row, compares the file with the store and makes the
//!   changes (`kaoping findings apply`).

pub mod apply;
pub mod read;
pub mod template;

/// The findings form's sheet.
pub const FINDINGS_SHEET: &str = "核查记录";
/// The findings form's header, in order.
pub const FINDINGS_HEADER: [&str; 7] = [
    "单位",
    "指标",
    "核查数量",
    "核定分",
    "一票否决",
    "理由",
    "依据",
];
/// The spot-check checklist's sheet (written by `kaoping sample`).
pub const CHECKLIST_SHEET: &str = "抽查清单";
