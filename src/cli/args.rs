//! The commands' arguments: clap's `Args` and `ValueEnum` definitions (their doc comments
//! are the English help; the Chinese is in [`super::zh`]), and the `after_help` texts of
//! the commands beside them.

use super::{help, CliError};
use crate::data::{DataPaths, DataSet};
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: crate::manual::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// The folder to write the pages into (created if missing), one file per page; prints
    /// each file written.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub(super) const CIRCULAR_HELP: &str = "The template (default: the built-in indicators/circular-2018.txt) has one paragraph a line, a mark at its start (@title, @to, @h1, @h2, @p, @label, @right, @blank, @pagebreak, @table) and {placeholders}; see the README for the list.\nExit status: 0 written; 1 it could not be written (nothing is left half-written); 2 bad usage, an invalid data file, an --out not ending in .docx, or a template with an unknown placeholder or one that cannot be filled (named).";

pub(super) const FEEDBACK_HELP: &str = "Files are named 2018年度政务公开考核评估反馈意见（××海关）.docx. Offices without a usable return get none (listed on standard error).\nExit status: 0 written; 1 a file could not be written; 2 bad usage, an invalid data file, or an --office without a usable return.";

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListArg {
    /// In registry order, 排名不分先后.
    Unordered,
    /// By rank.
    Rank,
}

#[derive(Args, Debug)]
pub struct CircularArgs {
    /// The document to write (.docx). Written to a temporary file beside it, then renamed.
    #[arg(long, value_name = "FILE.docx")]
    pub out: PathBuf,
    /// How the 优秀 offices are listed.
    #[arg(long, value_enum, default_value_t = ListArg::Unordered)]
    pub list: ListArg,
    /// The attachment gives each office's 总分 and 名次 too.
    #[arg(long)]
    pub with_scores: bool,
    /// The text template, instead of the built-in indicators/circular-2018.txt.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// The document's author (default: the login name).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    /// The date the document bears (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub date: Option<String>,
    #[command(flatten)]
    pub compare: CompareArgs,
    #[command(flatten)]
    pub data: DataArgs,
    /// Folder of returns (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct FeedbackArgs {
    /// The folder to write into (created if missing).
    #[arg(long, value_name = "DIR2")]
    pub out: PathBuf,
    /// Only this office (as the registry names it; any alias works).
    #[arg(long, value_name = "NAME")]
    pub office: Option<String>,
    /// Give the office's 名次.
    #[arg(long)]
    pub with_rank: bool,
    /// The documents' author (default: the login name).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    /// The date the documents bear (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub date: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
    /// Folder of returns (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub(super) const ROBUSTNESS_HELP: &str = "Method: each draw multiplies every base indicator's points by an independent factor, uniform in [1 − spread, 1 + spread), rescales the base back to its maximum (100), and ranks every office again from its exact rates (bonus and veto unchanged).\nReported per office: official rank, median rank, the 90 % interval (5th–95th percentile, nearest rank) and the share of draws keeping its 等次; computed in floating point, seeded (ChaCha8, one stream per draw), printed with the seed.\nExample:\n  kaoping robustness samples/2018 --draws 1000 --spread 0.2 --seed 2018\nExit status: 0 every file imported; 1 a file was refused or two returns name one office (the rest is still ranked and printed); 2 bad usage (--draws outside 1…100000, --spread outside 0…0.9, --draws × ranked offices above 50000000, a --seed that is not a whole number from 0 to 18446744073709551615), an invalid data file, or DIR not a folder.";

#[derive(Args, Debug)]
pub struct RobustnessArgs {
    /// Folder of returns (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Number of draws (1 … 100000).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=crate::domain::robustness::MAX_DRAWS as i64))]
    pub draws: u32,
    /// The largest relative change of an indicator's points (0 … 0.9).
    #[arg(
        long,
        value_name = "X",
        default_value = "0.2",
        allow_negative_numbers = true
    )]
    pub spread: String,
    /// The seed (0 … 18446744073709551615); drawn from the machine and printed when not
    /// given.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Output format (CSV: office,rank,median_rank,p5_rank,p95_rank,keep_grade_share).
    #[arg(long, value_enum, default_value_t = RobustnessFormat::Table)]
    pub format: RobustnessFormat,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RobustnessFormat {
    /// Aligned columns for a terminal (80 columns).
    Table,
    /// office,rank,median_rank,p5_rank,p95_rank,keep_grade_share.
    Csv,
    /// The method and every office.
    Json,
}

#[derive(Subcommand, Debug)]
pub enum FindingsCommand {
    /// Write the blank findings workbook (.xlsx): sheet 核查记录 with the header
    /// 单位 | 指标 | 核查数量 | 核定分 | 一票否决 | 理由 | 依据, drop-downs for 单位 and 指标.
    #[command(
        after_help = "Exit status: 0 written; 1 it could not be written; 2 bad usage, an invalid data file, or an --out that exists already (a filled workbook is never overwritten)."
    )]
    Template(FindingsTemplateArgs),
    /// Apply a findings workbook (核查记录) or a filled spot-check checklist (抽查清单),
    /// .xls or .xlsx: every row is checked first; one bad row and nothing is applied.
    /// Applying the same file again changes nothing; decisions an earlier version of the
    /// file (same file name) set and it no longer has are cleared.
    #[command(after_help = FINDINGS_HELP)]
    Apply(FindingsApplyArgs),
}

const FINDINGS_HELP: &str = "Prints each change (单位 指标: old → new（理由）) and a summary: how many set, changed, unchanged, cleared, not yet checked. Problems go to standard error as FILE: SHEET!CELL: message.\nExit status: 0 applied (or nothing to change); 1 the workbook has errors (nothing is written), or the store could not be written; 2 bad usage (DIR not a folder, FILE missing, a bad --evaluator, an invalid data file).";

#[derive(Args, Debug)]
pub struct FindingsTemplateArgs {
    /// The workbook to write (.xlsx); it must not exist yet.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
}

pub(super) const SAMPLE_HELP: &str = "Prints the seed, one line per office marked 自评虚高, and the checklist written. The draw is recorded in DIR/kaoping.db. The same seed and the same returns draw the same items on any machine.\nExample:\n  kaoping sample samples/2018 --per-office 3 --seed 2018 --out 抽查清单.xlsx\nExit status: 0 written; 1 the checklist or the store could not be written (nothing is left half-written), or a return changed while drawing; 2 bad usage (an --per-office outside 1…10000, a --seed that is not a whole number from 0 to 18446744073709551615), an invalid data file, or an --out that is one of the returns.";

#[derive(Args, Debug)]
pub struct SampleArgs {
    /// The folder of returns (its store is DIR/kaoping.db).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Things to draw per office (doubled for an office marked 自评虚高; all of them when
    /// it has fewer).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=crate::sample::MAX_PER_OFFICE as i64))]
    pub per_office: u32,
    /// The seed (0 … 18446744073709551615); drawn from the machine and printed when not
    /// given.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Who draws (default: the login name).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    /// The checklist to write (.xlsx). Written to a temporary file beside it, then renamed.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
}

pub(super) const CHOOSE_HELP: &str = "Example:\n  kaoping choose DIR --office 广州海关 --file DIR/广州海关-定稿.xlsx\nThe choice holds while the chosen file is unchanged: a file changed or removed afterwards makes the returns 重复报送 again. kaoping may hint which return is later (填报日期, then the file's time); it never chooses by itself.\nExit status: 0 chosen; 1 the store could not be written; 2 bad usage (unknown office, a PATH that is not one of that office's returns in DIR, a blank evaluator).";

#[derive(Args, Debug)]
pub struct ChooseArgs {
    /// The folder of returns (its store is DIR/kaoping.db).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The office, as the registry names it (any alias works).
    #[arg(long, value_name = "NAME")]
    pub office: String,
    /// The return that counts: one of that office's returns in DIR.
    #[arg(long, value_name = "PATH")]
    pub file: PathBuf,
    /// Who chooses (default: the login name; at most 64 characters).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Args, Debug)]
pub struct FindingsApplyArgs {
    /// The folder of returns (its store is DIR/kaoping.db).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The findings workbook or the filled checklist (.xls or .xlsx).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Who applies it (default: the login name; at most 64 characters).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    /// List what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The workbook to write (.xlsx). Written to a temporary file beside it, then renamed.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    /// The document's author (default: the login name).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    /// Who the workbook is for: `internal`, everything; `offices`, only what may be
    /// forwarded (排名 with the 等次, 任务失分, 指标体系, the chart), with no file path,
    /// SHA-256, decision, evaluator or import report.
    #[arg(long, value_enum, default_value = "internal")]
    pub audience: crate::export::workbook::Audience,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Folder of returns (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub(super) const ADJUST_HELP: &str = "Examples:\n  kaoping adjust samples/2018 --office 广州海关 --indicator A3 --score 4 --reason \"补充佐证后核定\"\n  kaoping adjust samples/2018 --office 深圳海关 --indicator V1 --veto 是 --reason \"经核查发生泄露个人隐私事件\"\nExit status: 0 saved; 1 the store could not be written; 2 bad usage (unknown office or indicator, a score outside 0…points or with more than two decimals, --score on a veto indicator or --veto on another, a veto other than 是/否/yes/no, a blank, over-long (> 500 characters) or multi-line reason, a blank evaluator).";

#[derive(Args, Debug)]
pub struct AdjustArgs {
    /// The folder of returns (its store is DIR/kaoping.db).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The office, as the registry names it (any alias works).
    #[arg(long, value_name = "NAME")]
    pub office: String,
    /// The indicator id (A1 … V1).
    #[arg(long, value_name = "ID")]
    pub indicator: String,
    /// The decided score: 0 ≤ X ≤ the indicator's points, at most two decimals (not on a
    /// veto indicator).
    #[arg(
        long,
        value_name = "X",
        required_unless_present_any = ["clear", "veto"],
        conflicts_with_all = ["clear", "veto"],
        allow_negative_numbers = true
    )]
    pub score: Option<String>,
    /// On a veto indicator (V1) only: whether the veto (一票否决) applies, 是 or 否 (also yes
    /// or no). Replaces the veto the office reported.
    #[arg(long, value_name = "是|否", conflicts_with = "clear")]
    pub veto: Option<String>,
    /// Remove the decision: back to the computed score (or the veto the office reported).
    #[arg(long)]
    pub clear: bool,
    /// Why (required; one line, at most 500 characters).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who decides (default: the login name; at most 64 characters).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// The folder of returns (its store is DIR/kaoping.db).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Only this office's changes.
    #[arg(long, value_name = "NAME")]
    pub office: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryFormat {
    Table,
    Csv,
}

/// Replacements for the built-in 2018 data files.
#[derive(Args, Debug, Clone, Default)]
pub struct DataArgs {
    /// Indicator set (TOML), instead of the built-in indicators/2018.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub indicators: Option<PathBuf>,
    /// Plan tasks (TOML), instead of the built-in indicators/plan-2018.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub plan: Option<PathBuf>,
    /// Office registry (TOML), instead of the built-in indicators/offices-2018.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub offices: Option<PathBuf>,
    /// Working-day calendar (TOML), instead of the built-in indicators/calendar.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub calendar: Option<PathBuf>,
}

impl DataArgs {
    pub fn load(&self) -> Result<DataSet, crate::domain::DataError> {
        DataSet::load(&DataPaths {
            indicators: self.indicators.as_deref(),
            plan: self.plan.as_deref(),
            offices: self.offices.as_deref(),
            calendar: self.calendar.as_deref(),
        })
    }
}

/// A previous result to compare with (同比).
#[derive(Args, Debug, Clone, Default)]
pub struct CompareArgs {
    /// Compare with a previous result (同比): a kaoping workbook (.kaoping.xlsx), or a
    /// folder of returns, scored with the data files it carries (PREV/indicators/*.toml or
    /// PREV/*.toml), else with those in use. Adds each office's previous rank, total and
    /// 等次 and the change, and what could not be compared.
    #[arg(long, value_name = "PREV")]
    pub compare: Option<PathBuf>,
}

impl CompareArgs {
    /// The previous result, read (exit 2 when it cannot be: the file, sheet and cell named).
    pub fn read(&self, data: &DataSet) -> Result<Option<crate::compare::Previous>, CliError> {
        self.compare
            .as_deref()
            .map(|p| crate::compare::read(p, data).map_err(CliError::Usage))
            .transpose()
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// The CSV contract (rank,office,total,grade,veto,categories…,indicators…).
    Csv,
    /// Everything, per office and indicator.
    Json,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Returns (.xls/.xlsx) or folders searched recursively for them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Returns (.xls/.xlsx) or folders searched recursively for them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// Folder to write the templates into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Office to write a template for (repeatable); every registry office if none.
    #[arg(long, value_name = "NAME")]
    pub office: Vec<String>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

impl LangArg {
    /// The language: the one given, else the environment's ([`help::lang_from_env`]).
    pub fn or_env(given: Option<LangArg>) -> crate::tui::strings::Lang {
        use crate::tui::strings::Lang;
        match given {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => help::lang_from_env(std::env::var_os(help::LANG_VAR).as_deref()),
        }
    }
}

#[derive(Args, Debug)]
pub struct OpenArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// ASCII borders, for terminals that draw box characters double-width.
    #[arg(long)]
    pub ascii: bool,
    /// View only: open the store read-only (decisions are off).
    #[arg(long)]
    pub read_only: bool,
    /// Do not watch the folder (new or replaced returns then appear on `r` only).
    #[arg(long)]
    pub no_watch: bool,
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Folder of returns (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}
