//! The commands that write files: `export` (the ranking workbook), `circular`, `feedback`
//! and `template` (the blank returns).

use super::common::{
    build_report, evaluator_arg, load_data, office_arg, open_store, print_problems, read_store,
    store_error,
};
use super::{
    code, exit, CircularArgs, CliError, ExportArgs, FeedbackArgs, ListArg, Outcome, TemplateArgs,
};
use std::io::{self, Write};

pub(super) fn export(a: &ExportArgs) -> Outcome {
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
pub(super) fn circular(a: &CircularArgs) -> Outcome {
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
pub(super) fn feedback(a: &FeedbackArgs) -> Outcome {
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

pub(super) fn template(a: &TemplateArgs) -> Outcome {
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
