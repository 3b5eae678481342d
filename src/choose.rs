//! The version that counts (以此份为准). When an office sends its return again (修改稿,
//! 定稿), its accepted returns block each other (重复报送) until an evaluator chooses the one
//! that counts: on the command line (`kaoping choose`) or in the UI's import view. The
//! choice is kept in the store (`choices`) with who and when, by the file's SHA-256, and
//! applied when the report settles conflicts: the chosen return is scored, the others are
//! set aside (未采用), which is no error. Choosing again (another file) replaces it.
//! A choice whose file changed or is gone no longer applies: the conflict is back, and says
//! why. kaoping may hint which return is later (填报日期, then the file's time); it never
//! chooses by itself.

use crate::data::DataSet;
use crate::import::{FileStatus, ImportedFile, Problem, Severity};
use crate::report::{OfficeState, Report};
use crate::text::sanitize;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;
use std::time::SystemTime;

/// An evaluator's choice of the return that counts for an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// The registry name.
    pub office: String,
    /// SHA-256 (hex) of the chosen return: the choice holds while its content does.
    pub sha256: String,
    /// The chosen file's path in the folder of returns (relative to it), when chosen.
    pub path: String,
    pub evaluator: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
}

impl Choice {
    /// Who chose, and when: `张三 2019-01-15 09:30:00 选定`.
    pub fn by(&self) -> String {
        format!("{} {} 选定", self.evaluator, self.at)
    }

    /// Whether `f` is at the path the choice was made on (whatever its content now).
    fn at_path(&self, f: &ImportedFile) -> bool {
        !self.path.is_empty() && f.path.ends_with(&self.path)
    }
}

/// The path of a file in the folder `dir` (relative to it), as a choice keeps it.
pub fn path_in(dir: &Path, file: &Path) -> String {
    file.strip_prefix(dir).unwrap_or(file).display().to_string()
}

/// Settles an office's conflict (`many`, the indices of its accepted returns) by its choice,
/// if the choice names one of them by SHA-256 (and, where two hold the same content, by
/// path): that one counts (its index is returned) and is noted as chosen, with who and when;
/// the others are set aside (未采用), each saying which file counts. Nothing changes when
/// the choice names none of them.
pub fn settle(
    files: &mut [ImportedFile],
    many: &[usize],
    choice: Option<&Choice>,
) -> Option<usize> {
    let c = choice?;
    let named: Vec<usize> = many
        .iter()
        .copied()
        .filter(|&i| files[i].sha256 == c.sha256)
        .collect();
    let chosen = named
        .iter()
        .copied()
        .find(|&i| c.at_path(&files[i]))
        .or_else(|| named.first().copied())?;
    let others: Vec<String> = many
        .iter()
        .filter(|&&i| i != chosen)
        .map(|&i| files[i].shown.clone())
        .collect();
    let shown = files[chosen].shown.clone();
    let note = |file: &str, message: String| Problem {
        severity: Severity::Warning,
        file: file.to_string(),
        at: None,
        message,
    };
    let f = &mut files[chosen];
    f.problems.push(note(
        &f.shown,
        format!("以此份为准（{}）；未采用：{}", c.by(), others.join("、")),
    ));
    for &i in many.iter().filter(|&&i| i != chosen) {
        let f = &mut files[i];
        f.status = FileStatus::Superseded;
        f.problems.push(note(
            &f.shown,
            format!("未采用：已选定 {shown} 为准（{}）", c.by()),
        ));
    }
    Some(chosen)
}

/// What a conflict's message adds: why the office's choice no longer applies (its file
/// changed, or is no longer one of the office's accepted returns), and which return is
/// later. Empty when there is neither.
pub fn conflict_note(files: &[ImportedFile], many: &[usize], choice: Option<&Choice>) -> String {
    let mut note = String::new();
    if let Some(c) = choice {
        let path = sanitize(&c.path);
        if many.iter().any(|&i| c.at_path(&files[i])) {
            note.push_str(&format!(
                "；已选定为准的 {path} 在选定后已更改（{}），选定不再适用，请重新选定",
                c.by()
            ));
        } else {
            note.push_str(&format!(
                "；已选定为准的 {path} 已不在本单位已受理的自评表中（{}），选定不再适用，请重新选定",
                c.by()
            ));
        }
    }
    if let Some(h) = hint(files, many) {
        note.push('；');
        note.push_str(&h);
    }
    note
}

/// What tells that a return is later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaterBy {
    /// Its 填报日期.
    Filed(NaiveDate),
    /// The file's modification time.
    Modified(SystemTime),
}

/// The later of an office's returns, and what tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Later {
    /// The index into the report's files.
    pub file: usize,
    pub by: LaterBy,
}

impl Later {
    /// `填报日期 2018-12-20`, or `文件修改时间 2019-01-03 10:20:00`.
    pub fn label(&self) -> String {
        match self.by {
            LaterBy::Filed(d) => format!("填报日期 {}", d.format("%Y-%m-%d")),
            LaterBy::Modified(t) => format!(
                "文件修改时间 {}",
                chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M:%S")
            ),
        }
    }
}

/// The one greatest value, if no other equals it.
fn latest<T: Ord + Copy>(v: &[(usize, T)]) -> Option<(usize, T)> {
    let max = v.iter().map(|x| x.1).max()?;
    let mut at = v.iter().filter(|x| x.1 == max);
    let first = at.next()?;
    at.next().is_none().then_some(*first)
}

/// Which of the returns `many` is later: by 填报日期 when every one has a date and one is
/// the latest alone; else by the files' modification times, likewise; else none. Only a
/// hint: kaoping never chooses by itself.
pub fn later(files: &[ImportedFile], many: &[usize]) -> Option<Later> {
    let filed: Option<Vec<(usize, NaiveDate)>> = many
        .iter()
        .map(|&i| files.get(i)?.filed.map(|d| (i, d)))
        .collect();
    if let Some((file, d)) = filed.as_deref().and_then(latest) {
        return Some(Later {
            file,
            by: LaterBy::Filed(d),
        });
    }
    let modified: Option<Vec<(usize, SystemTime)>> = many
        .iter()
        .map(|&i| files.get(i)?.modified.map(|t| (i, t)))
        .collect();
    modified.as_deref().and_then(latest).map(|(file, t)| Later {
        file,
        by: LaterBy::Modified(t),
    })
}

/// The hint, `较新：FILE（填报日期 2018-12-20）`, when one return is later.
pub fn hint(files: &[ImportedFile], many: &[usize]) -> Option<String> {
    let l = later(files, many)?;
    Some(format!("较新：{}（{}）", files[l.file].shown, l.label()))
}

/// An office's returns that could count (accepted, in conflict or set aside), in the order
/// of the report's files.
pub fn returns_of(report: &Report, office: usize) -> Vec<usize> {
    report
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.office == Some(office) && f.status != FileStatus::Refused)
        .map(|(i, _)| i)
        .collect()
}

/// The file of the report that `file` (as given on the command line) is, if it is one of
/// `office`'s returns; else why not (in Chinese, naming the file).
pub fn pick(data: &DataSet, report: &Report, office: usize, file: &Path) -> Result<usize, String> {
    let shown = sanitize(&file.display().to_string());
    let name = &data.registry.offices[office].name;
    let Ok(want) = file.canonicalize() else {
        return Err(format!("--file {shown}：找不到该文件"));
    };
    let Some(i) = report
        .files
        .iter()
        .position(|f| f.path.canonicalize().is_ok_and(|p| p == want))
    else {
        return Err(format!("--file {shown}：不是该文件夹中的自评表"));
    };
    let f = &report.files[i];
    match f.office {
        _ if f.status == FileStatus::Refused => {
            let why = f
                .problems
                .iter()
                .find(|p| p.severity == Severity::Error)
                .map(|p| format!("：{}", sanitize(&p.message)))
                .unwrap_or_default();
            Err(format!("--file {shown}：该文件已退回，不能以此份为准{why}"))
        }
        Some(o) if o == office => Ok(i),
        Some(o) => Err(format!(
            "--file {shown}：是{}的自评表，不是{name}的",
            data.registry.offices[o].name
        )),
        None => Err(format!(
            "--file {shown}：未识别出填报单位，不是{name}的自评表"
        )),
    }
}

/// What counts for `office` once `chosen` (an index into the report's files) is chosen by
/// `c`: the lines `choose` prints.
pub fn outcome(
    data: &DataSet,
    report: &Report,
    office: usize,
    chosen: usize,
    c: &Choice,
) -> Vec<String> {
    let name = &data.registry.offices[office].name;
    let files = &report.files;
    let all = returns_of(report, office);
    let mut lines = vec![format!(
        "{name}：以 {} 为准（{}）",
        sanitize(&files[chosen].shown),
        sanitize(&c.by())
    )];
    let others: Vec<String> = all
        .iter()
        .filter(|&&i| i != chosen)
        .map(|&i| sanitize(&files[i].shown))
        .collect();
    if others.is_empty() {
        lines.push(format!("{name}只有这一份已受理的自评表"));
    } else {
        lines.push(format!("未采用：{}", others.join("、")));
        if let Some(h) = hint(files, &all) {
            lines.push(sanitize(&h));
        }
    }
    lines
}

/// The choice that made file `i` of the report count, when it did (its office had other
/// returns, set aside).
pub fn chosen<'a>(data: &DataSet, report: &'a Report, i: usize) -> Option<&'a Choice> {
    let f = report.files.get(i)?;
    let o = f.office?;
    let counts = matches!(report.states.get(o), Some(OfficeState::Ranked(k)) if report.results.get(*k).is_some_and(|r| r.file == i));
    let set_aside = report
        .files
        .iter()
        .any(|g| g.office == Some(o) && g.status == FileStatus::Superseded);
    if !counts || !set_aside {
        return None;
    }
    report
        .decisions
        .choice(&data.registry.offices[o].name)
        .filter(|c| c.sha256 == f.sha256)
}
