//! The command line: `score`, `check`, `template`, `open`, and the other commands.
//!
//! Here the definition ([`Cli`], [`Command`]), the exit statuses, [`CliError`] and [`run`],
//! which dispatches to the commands: `args` has their arguments; `scoring`, `decisions`,
//! `writing`, `open` and `man` run them, with what they share in `common`; [`help`] gives
//! the help and the usage errors in the chosen language.

use clap::{Parser, Subcommand};
use std::io;
use std::process::ExitCode;

mod args;
mod common;
mod decisions;
pub mod help;
mod man;
mod open;
mod scoring;
mod writing;
mod zh;

pub use args::{
    AdjustArgs, CheckArgs, ChooseArgs, CircularArgs, CompareArgs, CompletionsArgs, DataArgs,
    ExportArgs, FeedbackArgs, FindingsApplyArgs, FindingsCommand, FindingsTemplateArgs, Format,
    HistoryArgs, HistoryFormat, LangArg, ListArg, ManArgs, OpenArgs, RobustnessArgs,
    RobustnessFormat, SampleArgs, ScoreArgs, TemplateArgs,
};
use args::{ADJUST_HELP, CHOOSE_HELP, CIRCULAR_HELP, FEEDBACK_HELP, ROBUSTNESS_HELP, SAMPLE_HELP};
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

/// Runs a command: the one place where an error is printed (sanitized) and mapped to the
/// exit status.
pub fn run(cli: Cli) -> ExitCode {
    let lang = LangArg::or_env(cli.lang);
    let outcome = match cli.command {
        Command::Score(a) => scoring::score(&a.data, &a.paths, a.format, &a.compare),
        Command::Open(a) => open::open(&a, lang),
        Command::Adjust(a) => decisions::adjust(&a),
        Command::History(a) => decisions::history(&a),
        Command::Export(a) => writing::export(&a),
        Command::Choose(a) => decisions::choose(&a),
        Command::Check(a) => scoring::check(&a),
        Command::Template(a) => writing::template(&a),
        Command::Sample(a) => decisions::sample(&a),
        Command::Findings(FindingsCommand::Template(a)) => decisions::findings_template(&a),
        Command::Findings(FindingsCommand::Apply(a)) => decisions::findings_apply(&a),
        Command::Circular(a) => writing::circular(&a),
        Command::Feedback(a) => writing::feedback(&a),
        Command::Robustness(a) => scoring::robustness(&a),
        Command::Completions(a) => man::completions(&a, lang),
        Command::Man(a) => man::man(&a, lang),
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
