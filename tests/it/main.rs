//! The integration tests, in one binary (as ripgrep groups its own): each module is one
//! former `tests/*.rs` file, so that the crate and SQLite are linked once, not once per file.
//! Run one group with `cargo test --test it cli::`. The UI's snapshot tests stay apart in
//! `tests/tui.rs`.

mod choose;
mod cli;
mod compare;
mod decisions;
mod dist;
mod documents;
mod export;
mod findings;
/// Makers of hostile workbooks, shared by `hostile` and `mutation`.
#[path = "../hostile/gen.rs"]
mod gen;
mod help;
mod hostile;
mod html;
mod json;
mod manual_faq;
mod manual_output;
mod mutation;
mod print;
mod props;
mod returns;
mod robustness;
mod roundtrip;
mod rules;
mod sample;
mod scale;
mod store;
mod whatif;
