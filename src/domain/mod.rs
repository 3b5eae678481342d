//! The domain: indicator set, plan, registry, calendar, scoring, ranking and gaps. Nothing
//! here knows of files, spreadsheets, SQLite or terminals.

pub mod assessment;
pub mod calendar;
pub mod checks;
pub mod data_error;
pub mod decision;
pub mod gaps;
pub mod indicators;
pub mod plan;
pub mod points;
pub mod ranking;
pub mod registry;
pub mod reweight;
pub mod robustness;
pub mod sampling;
pub mod scoring;
pub mod whatif;

pub use data_error::DataError;
