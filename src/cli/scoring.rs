//! The commands that score and print: `score`, `check`, `robustness`.

use super::common::{build_report, folder_arg, load_data, print_problems};
use super::{
    code, exit, CheckArgs, CliError, CompareArgs, DataArgs, Format, Outcome, RobustnessArgs,
    RobustnessFormat,
};
use crate::report::Report;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn status_of(report: &Report) -> ExitCode {
    if report.any_refused() {
        code(exit::REFUSED)
    } else {
        code(exit::OK)
    }
}

pub(super) fn score(
    d: &DataArgs,
    paths: &[PathBuf],
    format: Format,
    compare: &CompareArgs,
) -> Outcome {
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
pub(super) fn robustness(a: &RobustnessArgs) -> Outcome {
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

pub(super) fn check(a: &CheckArgs) -> Outcome {
    let data = load_data(&a.data)?;
    let report = build_report(&data, &a.paths)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    crate::output::check::write(&mut out, &data, &report).and_then(|_| out.flush())?;
    Ok(status_of(&report))
}
