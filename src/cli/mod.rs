//! The command line: `score`, `check`, `template`, `open`.

use crate::data::{DataPaths, DataSet};
use crate::report::Report;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub mod help;
mod zh;

pub use help::parse;

/// Exit statuses.
pub mod exit {
    /// Every file was imported (row errors allowed).
    pub const OK: i32 = 0;
    /// A file was refused or in conflict; the rest was still scored and printed.
    pub const REFUSED: i32 = 1;
    /// Bad usage, or an invalid data file.
    pub const USAGE: i32 = 2;
}

const OPEN_HELP: &str = "Keys: Tab or 1–7 switch views, arrows/hjkl move, Enter details, Esc back, ? help, q quit. Colours follow NO_COLOR; the mouse is never captured.\nExit status: 0 on quitting; 2 for bad usage, an invalid data file or a folder that cannot be read; 1 if the terminal or the store fails.";

const EXIT_CODES: &str = "Exit status: 0 every file imported (row errors allowed); 1 a file was refused or two returns name one office (the rest is still scored and printed); 2 bad usage or an invalid data file.";

#[derive(Parser, Debug)]
#[command(
    name = "kaoping",
    version = crate::VERSION_LINE,
    about = "考评 — score the customs offices' government-disclosure self-assessments (政务公开自评表)",
    after_help = "Each command's --help gives its exit statuses.\nExit status (score and check): 0 every file imported (row errors allowed); 1 a file was refused or two returns name one office (the rest is still scored and printed); 2 bad usage or an invalid data file."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of the help, the man pages, the completions and the interface of `open`;
    /// when not given, KAOPING_LANG (en… for English), else Chinese.
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import returns and print every office's score and rank.
    #[command(after_help = EXIT_CODES)]
    Score(ScoreArgs),
    /// Import returns and print the import report alone (on standard output): per file the
    /// office found, the status, every warning and error with its cell.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Write the blank return (自评表) for each office.
    #[command(
        after_help = "Prints each file written. Every template is written, even when standard output is closed early (e.g. piped into head).\nExit status: 0 every template written; 1 a template or the folder could not be written (the other templates are still written); 2 bad usage or an invalid data file."
    )]
    Template(TemplateArgs),
    /// Open a folder of returns in the terminal UI: ranking, office, task, matrix, import,
    /// findings (核查) and what-if (模拟) views. When standard output is not a terminal,
    /// print the ranking instead.
    #[command(after_help = OPEN_HELP)]
    Open(OpenArgs),
    /// Decide (核定) an office's score on one indicator, or on the veto indicator (V1) whether
    /// the veto applies, with a reason; or clear a decision.
    /// Kept in DIR/kaoping.db with who and when; `score`, `export` and the UI apply it.
    #[command(after_help = ADJUST_HELP)]
    Adjust(AdjustArgs),
    /// List every change to the decisions: time, evaluator, office, indicator, old → new,
    /// reason.
    #[command(
        after_help = "Exit status: 0 listed (also when there is no decision yet); 1 the store cannot be read; 2 bad usage."
    )]
    History(HistoryArgs),
    /// Write the year-end ranking workbook (.xlsx): ranking, lost points by task,
    /// indicator scores with decisions, the decisions history, the import report, the
    /// indicator set and a chart of totals.
    #[command(
        after_help = "Exit status: 0 written; 1 it could not be written (nothing is left half-written); 2 bad usage, an invalid data file, or an --out that is one of the returns."
    )]
    Export(ExportArgs),
    /// Draw a spot check (抽查): per office, N of its 时效明细 items and full-marks claims
    /// (twice as many from an office marked 自评虚高), reproducibly from a seed, listed in a
    /// checklist workbook to fill in and give back to `findings apply`.
    #[command(after_help = SAMPLE_HELP)]
    Sample(SampleArgs),
    /// Choose the return that counts (以此份为准) where an office sent more than one:
    /// the others are set aside (未采用). Kept in DIR/kaoping.db with who and when; choosing
    /// again replaces it.
    #[command(after_help = CHOOSE_HELP)]
    Choose(ChooseArgs),
    /// Headquarters' findings (核查记录): write the blank findings workbook, or apply a
    /// filled one (or a filled spot-check checklist, 抽查清单) to the decisions, all or
    /// nothing.
    #[command(
        subcommand,
        after_help = "Exit status: that of the subcommand (kaoping findings template --help, kaoping findings apply --help); 2 without one, or for bad usage."
    )]
    Findings(FindingsCommand),
    /// Write the draft circular (通报（征求意见稿）) as a .docx laid out as a 公文: the
    /// template's sentences with every number filled from the results, and an attachment
    /// listing every office's 等次.
    #[command(after_help = CIRCULAR_HELP)]
    Circular(CircularArgs),
    /// Write each office's feedback (反馈意见) as a .docx: its 总分 and 等次, every indicator
    /// where it lost points and why, its late or failed 时效明细 items, and its 评分表 to sign.
    #[command(after_help = FEEDBACK_HELP)]
    Feedback(FeedbackArgs),
    /// How robust each rank is: rank every office again under many random weightings of the
    /// base indicators; per office its median rank, 90 % interval and share keeping its 等次.
    #[command(after_help = ROBUSTNESS_HELP)]
    Robustness(RobustnessArgs),
    /// Write the shell completion script (bash or zsh) to standard output.
    #[command(
        after_help = "Install: bash: kaoping completions bash > /etc/bash_completion.d/kaoping (or ~/.local/share/bash-completion/completions/kaoping); zsh: kaoping completions zsh > DIR/_kaoping, DIR in $fpath.\nExit status: 0 written; 1 standard output could not be written; 2 bad usage."
    )]
    Completions(CompletionsArgs),
    /// Write the manual page kaoping.1 (roff) to standard output; with --out DIR, write it
    /// and one page per subcommand (kaoping-score.1, …) into DIR.
    #[command(
        after_help = "Read it with: kaoping man | man -l -\nThe pages are in the language of --lang (Chinese by default).\nExit status: 0 written; 1 a page or the folder could not be written; 2 bad usage."
    )]
    Man(ManArgs),
}

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

const CIRCULAR_HELP: &str = "The template (default: the built-in indicators/circular-2018.txt) has one paragraph a line, a mark at its start (@title, @to, @h1, @h2, @p, @label, @right, @blank, @pagebreak, @table) and {placeholders}; see the README for the list.\nExit status: 0 written; 1 it could not be written (nothing is left half-written); 2 bad usage, an invalid data file, an --out not ending in .docx, or a template with an unknown placeholder or one that cannot be filled (named).";

const FEEDBACK_HELP: &str = "Files are named 2018年度政务公开考核评估反馈意见（××海关）.docx. Offices without a usable return get none (listed on standard error).\nExit status: 0 written; 1 a file could not be written; 2 bad usage, an invalid data file, or an --office without a usable return.";

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

const ROBUSTNESS_HELP: &str = "Method: each draw multiplies every base indicator's points by an independent factor, uniform in [1 − spread, 1 + spread), rescales the base back to its maximum (100), and ranks every office again from its exact rates (bonus and veto unchanged).\nReported per office: official rank, median rank, the 90 % interval (5th–95th percentile, nearest rank) and the share of draws keeping its 等次; computed in floating point, seeded (ChaCha8, one stream per draw), printed with the seed.\nExample:\n  kaoping robustness samples/2018 --draws 1000 --spread 0.2 --seed 2018\nExit status: 0 every file imported; 1 a file was refused or two returns name one office (the rest is still ranked and printed); 2 bad usage (--draws outside 1…100000, --spread outside 0…0.9, --draws × ranked offices above 50000000, a --seed that is not a whole number from 0 to 18446744073709551615), an invalid data file, or DIR not a folder.";

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

const SAMPLE_HELP: &str = "Prints the seed, one line per office marked 自评虚高, and the checklist written. The draw is recorded in DIR/kaoping.db. The same seed and the same returns draw the same items on any machine.\nExample:\n  kaoping sample samples/2018 --per-office 3 --seed 2018 --out 抽查清单.xlsx\nExit status: 0 written; 1 the checklist or the store could not be written (nothing is left half-written), or a return changed while drawing; 2 bad usage (an --per-office outside 1…10000, a --seed that is not a whole number from 0 to 18446744073709551615), an invalid data file, or an --out that is one of the returns.";

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

const CHOOSE_HELP: &str = "Example:\n  kaoping choose DIR --office 广州海关 --file DIR/广州海关-定稿.xlsx\nThe choice holds while the chosen file is unchanged: a file changed or removed afterwards makes the returns 重复报送 again. kaoping may hint which return is later (填报日期, then the file's time); it never chooses by itself.\nExit status: 0 chosen; 1 the store could not be written; 2 bad usage (unknown office, a PATH that is not one of that office's returns in DIR, a blank evaluator).";

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

const ADJUST_HELP: &str = "Examples:\n  kaoping adjust samples/2018 --office 广州海关 --indicator A3 --score 4 --reason \"补充佐证后核定\"\n  kaoping adjust samples/2018 --office 深圳海关 --indicator V1 --veto 是 --reason \"经核查发生泄露个人隐私事件\"\nExit status: 0 saved; 1 the store could not be written; 2 bad usage (unknown office or indicator, a score outside 0…points or with more than two decimals, --score on a veto indicator or --veto on another, a veto other than 是/否/yes/no, a blank, over-long (> 500 characters) or multi-line reason, a blank evaluator).";

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

/// Why a command stopped. Its message is printed once, sanitized, by [`run`], which also
/// maps it to the exit status (as ripgrep's `main` does).
#[derive(Debug)]
pub enum CliError {
    /// Bad usage, an invalid data file, a folder that cannot be read: exit 2.
    Usage(String),
    /// A store, a file or the terminal failed: exit 1.
    Failed(String),
    /// Standard output could not be written: a closed pipe ends quietly (exit 0), anything
    /// else is reported (exit 1).
    Output(io::Error),
}

impl CliError {
    /// The exit status.
    pub fn code(&self) -> i32 {
        match self {
            CliError::Usage(_) => exit::USAGE,
            CliError::Failed(_) => exit::REFUSED,
            CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => exit::OK,
            CliError::Output(_) => exit::REFUSED,
        }
    }

    /// The message for standard error, if any (a closed pipe says nothing).
    pub fn message(&self) -> Option<String> {
        match self {
            CliError::Usage(m) | CliError::Failed(m) => Some(m.clone()),
            CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
            CliError::Output(e) => Some(format!("无法写入标准输出（{e}）")),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError::Output(e)
    }
}

/// What a command ends with: an exit status, or why it stopped.
pub type Outcome = Result<ExitCode, CliError>;

fn code(c: i32) -> ExitCode {
    ExitCode::from(c.clamp(0, 255) as u8)
}

fn load_data(d: &DataArgs) -> Result<DataSet, CliError> {
    d.load()
        .map_err(|e| CliError::Usage(format!("数据文件无效：{e}")))
}

/// Imports and scores, applying the decisions (and the choices of the return that counts)
/// kept in the first folder given that has a store.
fn build_report(data: &DataSet, paths: &[PathBuf]) -> Result<Report, CliError> {
    build_report_keeping(data, paths, false)
}

/// Imports and scores as [`build_report`]; `keep_all` keeps every return's 时效明细 items
/// (for reading a checklist against them), not only those that failed spot checks rescore.
fn build_report_keeping(
    data: &DataSet,
    paths: &[PathBuf],
    keep_all: bool,
) -> Result<Report, CliError> {
    let files = crate::import::collect(paths).map_err(|(p, e)| {
        CliError::Usage(format!(
            "{}：无法读取（{e}）；请检查路径是否正确、是否有读权限",
            p.display()
        ))
    })?;
    // Any entry named kaoping.db counts (a link or a non-file is refused by name).
    let decisions = match paths
        .iter()
        .find(|p| p.join(crate::store::FILE).symlink_metadata().is_ok())
    {
        Some(dir) => open_store(data, dir)
            .and_then(|s| match s {
                Some(s) => read_store(&s, |s| {
                    Ok(s.decisions_and_checks()?.with_choices(s.choices()?))
                }),
                None => Ok(crate::report::Decisions::default()),
            })
            .map_err(store_error)?,
        None => crate::report::Decisions::default(),
    };
    let bar = crate::progress::bar(files.len() as u64, "导入");
    // Only the returns that failed spot checks rescore are kept beyond their scores.
    let keep = |o: usize| keep_all || decisions.keep(data, o);
    let report = Report::build_keeping(data, &files, decisions.clone(), &|_| bar.inc(1), &keep);
    bar.finish_and_clear();
    Ok(report)
}

/// Resolves an office name given on the command line, or says why not (exit 2).
fn office_arg(data: &DataSet, name: &str) -> Result<usize, CliError> {
    match data.registry.identify(name) {
        crate::domain::registry::Match::Office(i) => Ok(i),
        _ => Err(CliError::Usage(format!(
            "--office {name}：不是单位名单中的单位；可写全称、简称或英文名，如“广州海关”“广州”“Guangzhou”"
        ))),
    }
}

/// Opens a folder's existing store to read it (migrating it first when it may be written),
/// its rows checked against the data set.
fn open_store(
    data: &DataSet,
    dir: &std::path::Path,
) -> Result<Option<crate::store::Store>, crate::store::StoreError> {
    Ok(crate::store::Store::open_existing(dir)?.map(|s| s.checked(data)))
}

/// Reads from the store, then prints a warning for each stored row left out as invalid.
fn read_store<T>(
    s: &crate::store::Store,
    f: impl FnOnce(&crate::store::Store) -> Result<T, crate::store::StoreError>,
) -> Result<T, crate::store::StoreError> {
    let out = f(s);
    for w in s.take_warnings() {
        eprintln!("kaoping: 警告：{}", crate::text::sanitize(&w));
    }
    out
}

/// A store error gives exit status 1: a failed write is never swallowed.
fn store_error(e: crate::store::StoreError) -> CliError {
    CliError::Failed(e.to_string())
}

/// A folder argument that must be one (exit 2).
fn folder_arg(dir: &std::path::Path) -> Result<(), CliError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "{}：不是文件夹；请给出存放自评表的文件夹",
            dir.display()
        )))
    }
}

/// The evaluator given with `--evaluator` (checked: exit 2 when blank, too long or holding
/// control characters), else the login name.
fn evaluator_arg(given: &Option<String>) -> Result<String, CliError> {
    use crate::domain::decision::validate_evaluator;
    use crate::local::login_name;
    match given {
        None => Ok(login_name()),
        Some(e) => validate_evaluator(e).map_err(|m| CliError::Usage(format!("--evaluator: {m}"))),
    }
}

fn adjust(a: &AdjustArgs) -> Outcome {
    use crate::domain::decision::{
        is_veto, validate_reason, validate_score_decision, validate_veto, yes_no, Decided, Decision,
    };
    use crate::domain::points::fmt2;
    use crate::local::now;
    let data = load_data(&a.data)?;
    let office = office_arg(&data, &a.office)?;
    let name = data.registry.offices[office].name.clone();
    let Some(ind) = crate::import::match_id(&data.set, &a.indicator).map(str::to_string) else {
        return Err(CliError::Usage(format!(
            "--indicator {}：不是“{}”中的指标编号；编号如 A3、V1，见汇总表的“指标体系”工作表",
            a.indicator, data.set.name
        )));
    };
    let reason =
        validate_reason(&a.reason).map_err(|m| CliError::Usage(format!("--reason: {m}")))?;
    let veto_indicator = is_veto(&data.set, &ind);
    let value = match (&a.score, &a.veto) {
        (Some(t), _) => match validate_score_decision(&data.set, &ind, t) {
            Ok(s) => Some(Decided::Score(s)),
            Err(m) => {
                let hint = if veto_indicator {
                    "（--veto 是|否）"
                } else {
                    ""
                };
                return Err(CliError::Usage(format!("--score: {m}{hint}")));
            }
        },
        (None, Some(t)) => match validate_veto(&data.set, &ind, t) {
            Ok(v) => Some(Decided::Veto(v)),
            Err(m) => {
                let hint = if veto_indicator {
                    ""
                } else {
                    "（--score X）"
                };
                return Err(CliError::Usage(format!("--veto: {m}{hint}")));
            }
        },
        (None, None) => None,
    };
    folder_arg(&a.dir)?;
    let evaluator = evaluator_arg(&a.evaluator)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    let mut store = crate::store::Store::open(&a.dir)
        .map_err(store_error)?
        .checked(&data);
    let current = report
        .result_of(office)
        .and_then(|r| r.indicators.iter().find(|s| s.id == ind));
    // On a veto indicator: the veto that counts now, and the one the office reported.
    let decided_veto = report.decided_veto(&data, office, &ind);
    let before = match current {
        Some(s) if veto_indicator => yes_no(decided_veto.unwrap_or(s.veto)).to_string(),
        Some(s) => fmt2(s.used()),
        None => "-".into(),
    };
    let after = match value {
        Some(value) => store
            .decide(&Decision {
                office: name.clone(),
                indicator: ind.clone(),
                value,
                reason: reason.clone(),
                evaluator,
                at: now(),
                file_sha256: report.file_of(office).map(|f| f.sha256.clone()),
                source: None,
            })
            .map(|_| value.shown()),
        None if veto_indicator => store.clear(&name, &ind, &reason, &evaluator).map(|_| {
            let reported = current.map(|s| yes_no(s.veto)).unwrap_or("-");
            format!("{reported}（单位报送）")
        }),
        None => store.clear(&name, &ind, &reason, &evaluator).map(|_| {
            let computed = current
                .map(|s| fmt2(s.computed))
                .unwrap_or_else(|| "-".into());
            format!("{computed}（测算分）")
        }),
    }
    .map_err(store_error)?;
    let line = format!(
        "{name} {ind}: {before} → {after}（{}）",
        crate::text::sanitize(&reason)
    );
    writeln!(io::stdout(), "{line}")?;
    Ok(code(exit::OK))
}

/// `choose`: the return that counts for an office (logic in [`crate::choose`]).
fn choose(a: &ChooseArgs) -> Outcome {
    let data = load_data(&a.data)?;
    let office = office_arg(&data, &a.office)?;
    folder_arg(&a.dir)?;
    let evaluator = evaluator_arg(&a.evaluator)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    let i = crate::choose::pick(&data, &report, office, &a.file).map_err(CliError::Usage)?;
    let f = &report.files[i];
    let choice = crate::choose::Choice {
        office: data.registry.offices[office].name.clone(),
        sha256: f.sha256.clone(),
        path: crate::choose::path_in(&a.dir, &f.path),
        evaluator,
        at: crate::local::now(),
    };
    let mut store = crate::store::Store::open(&a.dir)
        .map_err(store_error)?
        .checked(&data);
    let before = store.choose(&choice).map_err(store_error)?;
    // Chosen already: who chose it when stays.
    let choice = match before {
        Some(b) if b.sha256 == choice.sha256 && b.path == choice.path => b,
        _ => choice,
    };
    let mut out = io::stdout().lock();
    for line in crate::choose::outcome(&data, &report, office, i, &choice) {
        writeln!(out, "{line}")?;
    }
    Ok(code(exit::OK))
}

fn export(a: &ExportArgs) -> Outcome {
    use crate::export::workbook::{write_full, ExportError, ExportInfo};
    let data = load_data(&a.data)?;
    let previous = a.compare.read(&data)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    print_problems(&report);
    let changes = match open_store(&data, &a.dir).map_err(store_error)? {
        Some(s) => read_store(&s, |s| s.history(None)).map_err(store_error)?,
        None => Vec::new(),
    };
    let author = evaluator_arg(&a.evaluator)?;
    let at = crate::local::now();
    let info = ExportInfo {
        changes: &changes,
        author: &author,
        at: &at,
    };
    let diff = previous.map(|p| crate::compare::diff(&data, &report, &p));
    match write_full(&data, &report, &info, a.audience, &a.out, diff.as_ref()) {
        Ok(p) => {
            writeln!(io::stdout(), "{}", p.display())?;
            Ok(code(exit::OK))
        }
        Err(e @ ExportError::Refused(_)) => Err(CliError::Usage(e.to_string())),
        Err(e) => Err(CliError::Failed(e.to_string())),
    }
}

/// The date a document bears: `--date` (exit 2 when it is not one), else today.
fn date_arg(given: &Option<String>) -> Result<chrono::NaiveDate, CliError> {
    match given {
        Some(t) => chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map_err(|_| CliError::Usage(format!("--date {t}: 应为 YYYY-MM-DD"))),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn doc_error(e: crate::documents::DocError) -> CliError {
    if e.is_usage() {
        CliError::Usage(e.to_string())
    } else {
        CliError::Failed(e.to_string())
    }
}

/// `circular`: the draft circular (logic in [`crate::documents::circular`]).
fn circular(a: &CircularArgs) -> Outcome {
    use crate::documents::{write_circular, CircularInfo, DocInfo, ListOrder, Template};
    let data = load_data(&a.data)?;
    let author = evaluator_arg(&a.evaluator)?;
    let date = date_arg(&a.date)?;
    let template = match &a.template {
        Some(p) => Template::read(p).map_err(CliError::Usage)?,
        None => Template::builtin(),
    };
    let previous = a.compare.read(&data)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    print_problems(&report);
    // With --compare: the offices that rose most since the previous result.
    let improved = previous
        .map(|p| crate::compare::most_improved(&crate::compare::diff(&data, &report, &p), 5))
        .unwrap_or_default();
    let draws = match open_store(&data, &a.dir).map_err(store_error)? {
        Some(s) => read_store(&s, |s| s.draws()).map_err(store_error)?,
        None => Vec::new(),
    };
    let info = CircularInfo {
        doc: DocInfo {
            author: &author,
            date,
        },
        template: &template,
        draws: &draws,
        list: match a.list {
            ListArg::Unordered => ListOrder::Unordered,
            ListArg::Rank => ListOrder::Rank,
        },
        with_scores: a.with_scores,
        improved: &improved,
    };
    let p = write_circular(&data, &report, &info, &a.out).map_err(doc_error)?;
    writeln!(
        io::stdout(),
        "{}",
        crate::text::sanitize(&p.display().to_string())
    )?;
    Ok(code(exit::OK))
}

/// `feedback`: one letter per office (logic in [`crate::documents::feedback`]).
fn feedback(a: &FeedbackArgs) -> Outcome {
    use crate::documents::{write_feedback, DocInfo, FeedbackInfo, DOCX_SUFFIX};
    let data = load_data(&a.data)?;
    let office = match &a.office {
        Some(n) => Some(office_arg(&data, n)?),
        None => None,
    };
    let author = evaluator_arg(&a.evaluator)?;
    let date = date_arg(&a.date)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    print_problems(&report);
    let info = FeedbackInfo {
        doc: DocInfo {
            author: &author,
            date,
        },
        with_rank: a.with_rank,
        office,
        suffix: DOCX_SUFFIX,
    };
    let written = write_feedback(&data, &report, &info, &a.out).map_err(doc_error)?;
    if office.is_none() {
        let missing: Vec<&str> = report
            .unranked()
            .map(|o| data.registry.offices[o].name.as_str())
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "kaoping: 未报送（没有可用的自评表），未生成反馈意见：{}",
                missing.join("、")
            );
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for p in &written {
        writeln!(out, "{}", crate::text::sanitize(&p.display().to_string()))?;
    }
    out.flush()?;
    Ok(code(exit::OK))
}

fn history(a: &HistoryArgs) -> Outcome {
    let data = load_data(&a.data)?;
    let office = match &a.office {
        Some(n) => Some(data.registry.offices[office_arg(&data, n)?].name.clone()),
        None => None,
    };
    let changes = match open_store(&data, &a.dir) {
        Ok(Some(s)) => read_store(&s, |s| s.history(office.as_deref())),
        Ok(None) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
    .map_err(store_error)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match a.format {
        HistoryFormat::Csv => crate::output::history::csv(&mut out, &changes),
        HistoryFormat::Table => crate::output::history::table(&mut out, &changes),
    }
    .and_then(|_| out.flush())?;
    Ok(code(exit::OK))
}

/// Problems to standard error, one line each.
fn print_problems(report: &Report) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for p in report.problems() {
        if writeln!(err, "{p}").is_err() {
            break;
        }
    }
}

fn status_of(report: &Report) -> ExitCode {
    if report.any_refused() {
        code(exit::REFUSED)
    } else {
        code(exit::OK)
    }
}

/// Runs a command: the one place where an error is printed (sanitized) and mapped to the
/// exit status.
pub fn run(cli: Cli) -> ExitCode {
    let lang = LangArg::or_env(cli.lang);
    let outcome = match cli.command {
        Command::Score(a) => score(&a.data, &a.paths, a.format, &a.compare),
        Command::Open(a) => open(&a, lang),
        Command::Adjust(a) => adjust(&a),
        Command::History(a) => history(&a),
        Command::Export(a) => export(&a),
        Command::Choose(a) => choose(&a),
        Command::Check(a) => check(&a),
        Command::Template(a) => template(&a),
        Command::Sample(a) => sample(&a),
        Command::Findings(FindingsCommand::Template(a)) => findings_template(&a),
        Command::Findings(FindingsCommand::Apply(a)) => findings_apply(&a),
        Command::Circular(a) => circular(&a),
        Command::Feedback(a) => feedback(&a),
        Command::Robustness(a) => robustness(&a),
        Command::Completions(a) => completions(&a, lang),
        Command::Man(a) => man(&a, lang),
    };
    match outcome {
        Ok(c) => c,
        Err(e) => {
            if let Some(m) = e.message() {
                eprintln!("kaoping: {}", crate::text::sanitize(&m));
            }
            code(e.code())
        }
    }
}

fn score(d: &DataArgs, paths: &[PathBuf], format: Format, compare: &CompareArgs) -> Outcome {
    let data = load_data(d)?;
    let previous = compare.read(&data)?;
    let report = build_report(&data, paths)?;
    print_problems(&report);
    let diff = previous.map(|p| crate::compare::diff(&data, &report, &p));
    let diff = diff.as_ref();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match format {
        Format::Csv => crate::output::csv::write_compared(&mut out, &data, &report, diff),
        Format::Table => crate::output::table::write_compared(&mut out, &data, &report, diff),
        Format::Json => crate::output::json::write_compared(&mut out, &data, &report, diff),
    }
    .and_then(|_| out.flush())?;
    Ok(status_of(&report))
}

/// `robustness`: the draws are [`crate::domain::robustness`]'s, the printing
/// [`crate::output::robustness`]'s.
fn robustness(a: &RobustnessArgs) -> Outcome {
    use crate::domain::robustness::{draws, Params};
    let spread = crate::domain::points::parse(&a.spread)
        .ok_or_else(|| CliError::Usage(format!("--spread {}: 不是数字", a.spread)))?;
    let params = |ranked: usize, seed: u64| {
        let p = Params {
            draws: a.draws,
            spread,
            seed,
        };
        p.check(ranked).map(|()| p).map_err(CliError::Usage)
    };
    // The bounds that do not depend on the returns, before any is read.
    params(0, 0)?;
    let data = load_data(&a.data)?;
    folder_arg(&a.dir)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    print_problems(&report);
    let seed = a.seed.unwrap_or_else(crate::sample::fresh_seed);
    let p = params(report.results.len(), seed)?;
    let st = draws(&data.set, &report.results, &p).map_err(CliError::Usage)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    use crate::output::robustness as o;
    match a.format {
        RobustnessFormat::Table => o::table(&mut out, &data, &report, &st),
        RobustnessFormat::Csv => {
            // The CSV keeps its columns: the seed goes to standard error.
            eprintln!(
                "kaoping: 种子 {seed}（{} 次，幅度 {}）",
                a.draws,
                spread.normalize()
            );
            o::csv(&mut out, &data, &report, &st)
        }
        RobustnessFormat::Json => o::json(&mut out, &data, &report, &st),
    }
    .and_then(|_| out.flush())?;
    Ok(status_of(&report))
}

fn check(a: &CheckArgs) -> Outcome {
    let data = load_data(&a.data)?;
    let report = build_report(&data, &a.paths)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    crate::output::check::write(&mut out, &data, &report).and_then(|_| out.flush())?;
    Ok(status_of(&report))
}

fn template(a: &TemplateArgs) -> Outcome {
    let data = load_data(&a.data)?;
    let mut offices = Vec::new();
    if a.office.is_empty() {
        offices.extend(data.registry.offices.iter().map(|o| o.name.clone()));
    }
    for name in &a.office {
        offices.push(data.registry.offices[office_arg(&data, name)?].name.clone());
    }
    std::fs::create_dir_all(&a.out).map_err(|e| {
        CliError::Failed(crate::text::not_written(&a.out.display().to_string(), &e))
    })?;
    // Every template is written whatever happens to standard output: once it fails (a
    // reader that stopped early), the printing stops, not the work. A template that cannot
    // be written is said at once, and the others are still written.
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut printing: Result<(), io::Error> = Ok(());
    let mut status = exit::OK;
    for o in &offices {
        match crate::export::template::write(&data, o, &a.out) {
            Ok(p) => {
                if printing.is_ok() {
                    let line = crate::text::sanitize(&p.display().to_string());
                    printing = writeln!(out, "{line}");
                }
            }
            Err(e) => {
                let name = crate::export::template::file_name(&data, o);
                let path = a.out.join(name).display().to_string();
                let m = match e {
                    rust_xlsxwriter::XlsxError::IoError(io) => crate::text::not_written(&path, &io),
                    e => crate::text::not_made(&path, &e),
                };
                eprintln!("kaoping: {}", crate::text::sanitize(&m));
                status = exit::REFUSED;
            }
        }
    }
    let printed = match printing.and_then(|()| out.flush()) {
        Ok(()) => exit::OK,
        Err(e) => {
            let e = CliError::Output(e);
            if let Some(m) = e.message() {
                eprintln!("kaoping: {}", crate::text::sanitize(&m));
            }
            e.code()
        }
    };
    Ok(code(status.max(printed)))
}

/// `sample`: the draw and the checklist are [`crate::sample`]'s; here the arguments, the
/// store and the output.
fn sample(a: &SampleArgs) -> Outcome {
    use crate::export::workbook::ExportError;
    use crate::sample::checklist::{self, ChecklistInfo};
    let data = load_data(&a.data)?;
    folder_arg(&a.dir)?;
    let evaluator = evaluator_arg(&a.evaluator)?;
    let report = build_report(&data, std::slice::from_ref(&a.dir))?;
    print_problems(&report);
    // Opened (so known to be writable) before anything is written.
    let mut store = crate::store::Store::open(&a.dir).map_err(store_error)?;
    let seed = a.seed.unwrap_or_else(crate::sample::fresh_seed);
    let sample = crate::sample::draw(&data, &report, seed, a.per_office as usize)
        .map_err(CliError::Failed)?;
    let at = crate::local::now();
    let info = ChecklistInfo {
        evaluator: &evaluator,
        at: &at,
    };
    let returns: Vec<PathBuf> = report.files.iter().map(|f| f.path.clone()).collect();
    let out = match checklist::write(&data, &sample, &info, &returns, &a.out) {
        Ok(p) => p,
        Err(e @ ExportError::Refused(_)) => return Err(CliError::Usage(e.to_string())),
        Err(e) => return Err(CliError::Failed(e.to_string())),
    };
    if let Err(e) = store.record_draw(&crate::sample::record(&sample, &evaluator, &at, &out)) {
        // No checklist without its record.
        let _ = std::fs::remove_file(&out);
        return Err(store_error(e));
    }
    let stdout = io::stdout();
    let mut o = io::BufWriter::new(stdout.lock());
    for line in crate::sample::summary(&data, &sample) {
        writeln!(o, "{}", crate::text::sanitize(&line))?;
    }
    writeln!(o, "{}", crate::text::sanitize(&out.display().to_string()))?;
    o.flush()?;
    Ok(code(exit::OK))
}

fn findings_template(a: &FindingsTemplateArgs) -> Outcome {
    use crate::findings::template::{write, TemplateError};
    let data = load_data(&a.data)?;
    match write(&data, &a.out) {
        Ok(()) => {
            writeln!(
                io::stdout(),
                "{}",
                crate::text::sanitize(&a.out.display().to_string())
            )?;
            Ok(code(exit::OK))
        }
        Err(e @ TemplateError::Refused(_)) => Err(CliError::Usage(e.to_string())),
        Err(e) => Err(CliError::Failed(e.to_string())),
    }
}

fn findings_apply(a: &FindingsApplyArgs) -> Outcome {
    use crate::findings::apply::{plan, read};
    let data = load_data(&a.data)?;
    folder_arg(&a.dir)?;
    let evaluator = evaluator_arg(&a.evaluator)?;
    if a.file.symlink_metadata().is_err() {
        return Err(CliError::Usage(format!("{}: 文件不存在", a.file.display())));
    }
    let report = build_report_keeping(&data, std::slice::from_ref(&a.dir), true)?;
    let findings = match read(&data, &report, &a.file) {
        Ok(f) => f,
        Err(problems) => {
            let stderr = io::stderr();
            let mut err = stderr.lock();
            for p in &problems {
                let _ = writeln!(err, "{p}");
            }
            let _ = writeln!(
                err,
                "kaoping: {}: 有 {} 处错误，未写入任何核定",
                crate::text::sanitize(&a.file.display().to_string()),
                problems.len()
            );
            return Ok(code(exit::REFUSED));
        }
    };
    let at = crate::local::now();
    let applied = if a.dry_run {
        // Read-only: a dry run neither creates nor migrates the store.
        let rows = match crate::store::Store::open_read_only(&a.dir).map_err(store_error)? {
            Some(s) => read_store(&s.checked(&data), |s| s.stored_rows()).map_err(store_error)?,
            None => Vec::new(),
        };
        plan(&data, &report, &findings, &rows, &evaluator, &at).1
    } else {
        let mut store = crate::store::Store::open(&a.dir)
            .map_err(store_error)?
            .checked(&data);
        store
            .apply_findings(|rows| plan(&data, &report, &findings, rows, &evaluator, &at))
            .map_err(store_error)?
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for l in &applied.lines {
        writeln!(out, "{l}")?;
    }
    writeln!(out, "{}", applied.summary(&findings.file_name, a.dry_run))?;
    out.flush()?;
    Ok(code(exit::OK))
}

fn open(a: &OpenArgs, lang: crate::tui::strings::Lang) -> Outcome {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return score(
            &a.data,
            std::slice::from_ref(&a.dir),
            Format::Table,
            &a.compare,
        );
    }
    let data = load_data(&a.data)?;
    folder_arg(&a.dir)?;
    let previous = a.compare.read(&data)?;
    let opts = crate::tui::app::Options {
        lang,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: a.ascii,
        watch: !a.no_watch,
    };
    match crate::tui::run(data, &a.dir, opts, a.read_only, previous) {
        Ok(()) => Ok(code(exit::OK)),
        Err(e @ crate::tui::RunError::Folder(_)) => Err(CliError::Usage(e.to_string())),
        Err(e) => Err(CliError::Failed(e.to_string())),
    }
}

fn completions(a: &CompletionsArgs, lang: crate::tui::strings::Lang) -> Outcome {
    let mut out = io::stdout().lock();
    out.write_all(&crate::manual::completions(a.shell, lang))?;
    out.flush()?;
    Ok(code(exit::OK))
}

fn man(a: &ManArgs, lang: crate::tui::strings::Lang) -> Outcome {
    let Some(dir) = &a.out else {
        let page = crate::manual::main_page(lang)?;
        let mut out = io::stdout().lock();
        out.write_all(&page)?;
        out.flush()?;
        return Ok(code(exit::OK));
    };
    let failed = |p: &std::path::Path, e: io::Error| {
        CliError::Failed(crate::text::not_written(&p.display().to_string(), &e))
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    let mut out = io::stdout().lock();
    for (name, page) in crate::manual::pages(lang)? {
        let path = dir.join(name);
        std::fs::write(&path, page).map_err(|e| failed(&path, e))?;
        writeln!(
            out,
            "{}",
            crate::text::sanitize(&path.display().to_string())
        )?;
    }
    out.flush()?;
    Ok(code(exit::OK))
}
