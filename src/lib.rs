//! kaoping (考评): scoring the self-assessment returns of the directly-affiliated customs
//! offices on the government-disclosure indicators.
//!
//! Layers: [`domain`] (indicator set, plan, registry, calendar, scoring, ranking, gaps)
//! knows nothing of files or terminals; [`import`] reads returns into the domain's input;
//! [`export`] writes workbooks; [`output`] renders results for the command line.

mod build_info;
pub mod choose;
pub mod cli;
pub mod compare;
pub mod data;
pub mod documents;
pub mod domain;
pub mod export;
pub mod findings;
pub mod import;
pub mod labels;
pub mod local;
pub mod manual;
pub mod output;
pub mod own_export;
pub mod progress;
pub mod report;
pub mod sample;
pub mod store;
pub mod synth;
pub mod text;
pub mod tui;

pub use build_info::{build_info, BuildInfo, VERSION_LINE};
