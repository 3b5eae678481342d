//! The command line: `score`, `check`, `template`, `open`.

use crate::data::{DataPaths, DataSet};
use crate::report::Report;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

/// Exit statuses.
pub mod exit {
    /// Every file was imported (row errors allowed).
    pub const OK: i32 = 0;
    /// A file was refused or in conflict; the rest was still scored and printed.
    pub const REFUSED: i32 = 1;
    /// Bad usage, or an invalid data file.
    pub const USAGE: i32 = 2;
}

const OPEN_HELP: &str = "Keys: Tab or 1–5 switch views, arrows/hjkl move, Enter details, Esc back, ? help, q quit. Colours follow NO_COLOR; the mouse is never captured.\nExit status: 0 on quitting; 2 for bad usage, an invalid data file or a folder that cannot be read; 1 if the terminal or the store fails.";

const EXIT_CODES: &str = "Exit status: 0 every file imported (row errors allowed); 1 a file was refused or two returns name one office (the rest is still scored and printed); 2 bad usage or an invalid data file.";

#[derive(Parser, Debug)]
#[command(
    name = "kaoping",
    version,
    about = "考评 — score the customs offices' government-disclosure self-assessments (政务公开自评表)",
    after_help = "Each command's --help gives its exit statuses. score and check: 0 every file imported (row errors allowed); 1 a file was refused or two returns name one office (the rest is still scored and printed); 2 bad usage or an invalid data file."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
    /// Open a folder of returns in the terminal UI: ranking, office, task, matrix and
    /// import views. When standard output is not a terminal, print the ranking instead.
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
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The workbook to write (.xlsx). Written to a temporary file beside it, then renamed.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    /// The document's author (default: the login name).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
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

#[derive(Args, Debug)]
pub struct OpenArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Language of the interface.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// ASCII borders, for terminals that draw box characters double-width.
    #[arg(long)]
    pub ascii: bool,
    /// View only: open the store read-only (decisions are off).
    #[arg(long)]
    pub read_only: bool,
    /// Folder of returns (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// Output failed: a closed pipe ends quietly, anything else is reported.
fn output_error(e: io::Error) -> i32 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        exit::OK
    } else {
        eprintln!("kaoping: cannot write output: {e}");
        exit::REFUSED
    }
}

fn load_data(d: &DataArgs) -> Result<DataSet, i32> {
    d.load().map_err(|e| {
        eprintln!(
            "kaoping: invalid data file: {}",
            crate::text::sanitize(&e.to_string())
        );
        exit::USAGE
    })
}

/// Imports and scores, applying the decisions kept in the first folder given that has a
/// store.
fn build_report(data: &DataSet, paths: &[PathBuf]) -> Result<Report, i32> {
    let files = crate::import::collect(paths).map_err(|(p, e)| {
        eprintln!(
            "kaoping: {}: {e}",
            crate::text::sanitize(&p.display().to_string())
        );
        exit::USAGE
    })?;
    // Any entry named kaoping.db counts (a link or a non-file is refused by name).
    let decisions = match paths
        .iter()
        .find(|p| p.join(crate::store::FILE).symlink_metadata().is_ok())
    {
        Some(dir) => match open_store(data, dir).and_then(|s| match s {
            Some(s) => read_store(&s, |s| s.decisions()),
            None => Ok(Vec::new()),
        }) {
            Ok(d) => d,
            Err(e) => return Err(store_error(e)),
        },
        None => Vec::new(),
    };
    let bar = crate::progress::bar(files.len() as u64, "导入");
    let report = Report::build_with(data, &files, &|_| bar.inc(1));
    bar.finish_and_clear();
    Ok(if decisions.is_empty() {
        report
    } else {
        report.rescore(data, decisions)
    })
}

/// Resolves an office name given on the command line, or says why not (exit 2).
fn office_arg(data: &DataSet, name: &str) -> Result<usize, i32> {
    match data.registry.identify(name) {
        crate::domain::registry::Match::Office(i) => Ok(i),
        _ => {
            eprintln!(
                "kaoping: --office {}: not an office of the registry",
                crate::text::sanitize(name)
            );
            Err(exit::USAGE)
        }
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

/// Prints a store error and gives exit status 1: a failed write is never swallowed.
fn store_error(e: crate::store::StoreError) -> i32 {
    eprintln!("kaoping: {}", crate::text::sanitize(&e.to_string()));
    exit::REFUSED
}

/// The evaluator given with `--evaluator` (checked: exit 2 when blank, too long or holding
/// control characters), else the login name.
fn evaluator_arg(given: &Option<String>) -> Result<String, i32> {
    use crate::domain::decision::validate_evaluator;
    use crate::local::login_name;
    match given {
        None => Ok(login_name()),
        Some(e) => validate_evaluator(e).map_err(|m| {
            eprintln!("kaoping: --evaluator: {m}");
            exit::USAGE
        }),
    }
}

fn adjust(a: &AdjustArgs) -> i32 {
    use crate::domain::decision::{
        is_veto, validate_reason, validate_score_decision, validate_veto, yes_no, Decided, Decision,
    };
    use crate::domain::points::fmt2;
    use crate::local::now;
    let data = match load_data(&a.data) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let office = match office_arg(&data, &a.office) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let name = data.registry.offices[office].name.clone();
    let Some(ind) = crate::import::match_id(&data.set, &a.indicator).map(str::to_string) else {
        eprintln!(
            "kaoping: --indicator {}: not an indicator of {}",
            crate::text::sanitize(&a.indicator),
            data.set.name
        );
        return exit::USAGE;
    };
    let reason = match validate_reason(&a.reason) {
        Ok(r) => r,
        Err(m) => {
            eprintln!("kaoping: --reason: {m}");
            return exit::USAGE;
        }
    };
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
                eprintln!("kaoping: --score: {m}{hint}");
                return exit::USAGE;
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
                eprintln!("kaoping: --veto: {m}{hint}");
                return exit::USAGE;
            }
        },
        (None, None) => None,
    };
    if !a.dir.is_dir() {
        eprintln!(
            "kaoping: {}: not a folder",
            crate::text::sanitize(&a.dir.display().to_string())
        );
        return exit::USAGE;
    }
    let evaluator = match evaluator_arg(&a.evaluator) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let report = match build_report(&data, std::slice::from_ref(&a.dir)) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let mut store = match crate::store::Store::open(&a.dir) {
        Ok(s) => s.checked(&data),
        Err(e) => return store_error(e),
    };
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
    let outcome = match value {
        Some(value) => store
            .decide(&Decision {
                office: name.clone(),
                indicator: ind.clone(),
                value,
                reason: reason.clone(),
                evaluator,
                at: now(),
                file_sha256: report.file_of(office).map(|f| f.sha256.clone()),
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
    };
    match outcome {
        Ok(after) => {
            let line = format!(
                "{name} {ind}: {before} → {after}（{}）",
                crate::text::sanitize(&reason)
            );
            match writeln!(io::stdout(), "{line}") {
                Err(e) => output_error(e),
                Ok(()) => exit::OK,
            }
        }
        Err(e) => store_error(e),
    }
}

fn export(a: &ExportArgs) -> i32 {
    use crate::export::workbook::{write, ExportError, ExportInfo};
    let data = match load_data(&a.data) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let report = match build_report(&data, std::slice::from_ref(&a.dir)) {
        Ok(r) => r,
        Err(c) => return c,
    };
    print_problems(&report);
    let changes = match open_store(&data, &a.dir) {
        Ok(Some(s)) => match read_store(&s, |s| s.history(None)) {
            Ok(c) => c,
            Err(e) => return store_error(e),
        },
        Ok(None) => Vec::new(),
        Err(e) => return store_error(e),
    };
    let author = match evaluator_arg(&a.evaluator) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let at = crate::local::now();
    let info = ExportInfo {
        changes: &changes,
        author: &author,
        at: &at,
    };
    match write(&data, &report, &info, &a.out) {
        Ok(p) => match writeln!(io::stdout(), "{}", p.display()) {
            Ok(()) => exit::OK,
            Err(e) => output_error(e),
        },
        Err(e @ ExportError::Refused(_)) => {
            eprintln!("kaoping: {}", crate::text::sanitize(&e.to_string()));
            exit::USAGE
        }
        Err(e) => {
            eprintln!("kaoping: {}", crate::text::sanitize(&e.to_string()));
            exit::REFUSED
        }
    }
}

fn history(a: &HistoryArgs) -> i32 {
    let data = match load_data(&a.data) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let office = match &a.office {
        Some(n) => match office_arg(&data, n) {
            Ok(o) => Some(data.registry.offices[o].name.clone()),
            Err(c) => return c,
        },
        None => None,
    };
    let changes = match open_store(&data, &a.dir) {
        Ok(Some(s)) => read_store(&s, |s| s.history(office.as_deref())),
        Ok(None) => Ok(Vec::new()),
        Err(e) => Err(e),
    };
    let changes = match changes {
        Ok(c) => c,
        Err(e) => return store_error(e),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match a.format {
        HistoryFormat::Csv => crate::output::history::csv(&mut out, &changes),
        HistoryFormat::Table => crate::output::history::table(&mut out, &changes),
    }
    .and_then(|_| out.flush());
    match written {
        Ok(()) => exit::OK,
        Err(e) => output_error(e),
    }
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

fn status_of(report: &Report) -> i32 {
    if report.any_refused() {
        exit::REFUSED
    } else {
        exit::OK
    }
}

pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Score(a) => score(&a.data, &a.paths, a.format),
        Command::Open(a) => open(&a),
        Command::Adjust(a) => adjust(&a),
        Command::History(a) => history(&a),
        Command::Export(a) => export(&a),
        Command::Check(a) => check(&a),
        Command::Template(a) => template(&a),
    }
}

fn score(d: &DataArgs, paths: &[PathBuf], format: Format) -> i32 {
    let data = match load_data(d) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let report = match build_report(&data, paths) {
        Ok(r) => r,
        Err(c) => return c,
    };
    print_problems(&report);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match format {
        Format::Csv => crate::output::csv::write(&mut out, &data, &report),
        Format::Table => crate::output::table::write(&mut out, &data, &report),
        Format::Json => crate::output::json::write(&mut out, &data, &report),
    }
    .and_then(|_| out.flush());
    match written {
        Ok(()) => status_of(&report),
        Err(e) => output_error(e),
    }
}

fn check(a: &CheckArgs) -> i32 {
    let data = match load_data(&a.data) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let report = match build_report(&data, &a.paths) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = crate::output::check::write(&mut out, &data, &report).and_then(|_| out.flush());
    match written {
        Ok(()) => status_of(&report),
        Err(e) => output_error(e),
    }
}

fn template(a: &TemplateArgs) -> i32 {
    let data = match load_data(&a.data) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let mut offices = Vec::new();
    if a.office.is_empty() {
        offices.extend(data.registry.offices.iter().map(|o| o.name.clone()));
    }
    for name in &a.office {
        match data.registry.identify(name) {
            crate::domain::registry::Match::Office(i) => {
                offices.push(data.registry.offices[i].name.clone())
            }
            _ => {
                eprintln!(
                    "kaoping: --office {}: not an office of the registry",
                    crate::text::sanitize(name)
                );
                return exit::USAGE;
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        eprintln!(
            "kaoping: {}: {e}",
            crate::text::sanitize(&a.out.display().to_string())
        );
        return exit::REFUSED;
    }
    // Every template is written whatever happens to standard output: once it fails (a
    // reader that stopped early), the printing stops, not the work.
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
                eprintln!(
                    "kaoping: {}: {e}",
                    crate::text::sanitize(&a.out.join(name).display().to_string())
                );
                status = exit::REFUSED;
            }
        }
    }
    let printed = match printing.and_then(|()| out.flush()) {
        Ok(()) => exit::OK,
        Err(e) => output_error(e),
    };
    status.max(printed)
}

fn open(a: &OpenArgs) -> i32 {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return score(&a.data, std::slice::from_ref(&a.dir), Format::Table);
    }
    let data = match load_data(&a.data) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if !a.dir.is_dir() {
        eprintln!(
            "kaoping: {}: not a folder",
            crate::text::sanitize(&a.dir.display().to_string())
        );
        return exit::USAGE;
    }
    let opts = crate::tui::app::Options {
        lang: match a.lang {
            LangArg::Zh => crate::tui::strings::Lang::Zh,
            LangArg::En => crate::tui::strings::Lang::En,
        },
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: a.ascii,
    };
    match crate::tui::run(data, &a.dir, opts, a.read_only) {
        Ok(()) => exit::OK,
        Err(e @ crate::tui::RunError::Folder(_)) => {
            eprintln!("kaoping: {}", crate::text::sanitize(&e.to_string()));
            exit::USAGE
        }
        Err(e) => {
            eprintln!("kaoping: {e}");
            exit::REFUSED
        }
    }
}
