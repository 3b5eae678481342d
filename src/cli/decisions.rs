//! The commands that decide and keep it in the store: `adjust`, `choose`, `history`,
//! `sample`, `findings template` and `findings apply`.

use super::common::{
    build_report, build_report_keeping, evaluator_arg, folder_arg, load_data, office_arg,
    open_store, print_problems, read_store, store_error,
};
use super::{
    code, exit, AdjustArgs, ChooseArgs, CliError, FindingsApplyArgs, FindingsTemplateArgs,
    HistoryArgs, HistoryFormat, Outcome, SampleArgs,
};
use std::io::{self, Write};
use std::path::PathBuf;

pub(super) fn adjust(a: &AdjustArgs) -> Outcome {
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
pub(super) fn choose(a: &ChooseArgs) -> Outcome {
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

pub(super) fn history(a: &HistoryArgs) -> Outcome {
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

/// `sample`: the draw and the checklist are [`crate::sample`]'s; here the arguments, the
/// store and the output.
pub(super) fn sample(a: &SampleArgs) -> Outcome {
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

pub(super) fn findings_template(a: &FindingsTemplateArgs) -> Outcome {
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

pub(super) fn findings_apply(a: &FindingsApplyArgs) -> Outcome {
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
