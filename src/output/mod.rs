//! Rendering a report for the command line: CSV, an aligned table, JSON.

pub mod check;
pub mod csv;
pub mod history;
pub mod json;
pub mod robustness;
pub mod table;
