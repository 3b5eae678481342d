//! Writing workbooks: the blank return (template) and the ranking export.

pub mod template;
pub mod workbook;
