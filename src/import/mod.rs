//! Importing returns: finding the files, reading each workbook into the domain's input
//! ([`OfficeReturn`]), and naming every problem with its file, sheet and cell.

pub mod cells;
pub mod layout;

use crate::domain::indicators::{IndicatorSet, Rule};
use crate::domain::registry::{Match, Registry};
use crate::domain::scoring::{Cell, IndicatorInput, Item, OfficeReturn};
use crate::text::{fold, sanitize};
use calamine::{Data, Range, Reader};
use layout::{cell_name, Col, Table, TableKind};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file is refused, or a value is wrong (a row error).
    Error,
    /// Read anyway; worth a look.
    Warning,
}

/// One problem with a file, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// The file as given on the command line (or found under a folder).
    pub file: String,
    /// `SHEET!A1`, where there is one.
    pub at: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `FILE: message` or `FILE: SHEET!CELL: message`, with any control character from a
    /// return made harmless.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(
                f,
                "{}: {}: {}",
                sanitize(&self.file),
                sanitize(at),
                sanitize(&self.message)
            ),
            None => write!(f, "{}: {}", sanitize(&self.file), sanitize(&self.message)),
        }
    }
}

/// What became of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Read; scored (row errors may remain).
    Imported,
    /// Not read: see the problems.
    Refused,
    /// Another return names the same office: neither is scored.
    Conflict,
}

#[derive(Debug, Clone)]
pub struct ImportedFile {
    pub path: PathBuf,
    /// The path as shown in messages.
    pub shown: String,
    pub status: FileStatus,
    /// The registry office, once identified.
    pub office: Option<usize>,
    /// The text the office was identified from.
    pub office_text: String,
    pub problems: Vec<Problem>,
    pub data: Option<OfficeReturn>,
}

impl ImportedFile {
    fn refused(path: &Path, shown: &str, at: Option<String>, message: String) -> Self {
        ImportedFile {
            path: path.to_path_buf(),
            shown: shown.to_string(),
            status: FileStatus::Refused,
            office: None,
            office_text: String::new(),
            problems: vec![Problem {
                severity: Severity::Error,
                file: shown.to_string(),
                at,
                message,
            }],
            data: None,
        }
    }
}

/// Is this a file name kaoping reads (`.xls` or `.xlsx`, in any case)?
pub fn is_return_name(p: &Path) -> bool {
    let Some(ext) = p.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Office's lock files (`~$x.xlsx`) and LibreOffice's (`.~lock.x#`) are not returns.
    !name.starts_with("~$")
        && !name.starts_with(".~lock")
        && matches!(ext.to_ascii_lowercase().as_str(), "xls" | "xlsx")
}

/// The files under the given paths: a file is taken as it is; a folder is searched
/// recursively for `.xls`/`.xlsx`. Sorted within each folder, so the order is stable.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| (p.clone(), e))?;
        if meta.is_dir() {
            walk(p, &mut out).map_err(|e| (p.clone(), e))?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        // Follow no links to folders: a link loop must not hang the import.
        let meta = std::fs::symlink_metadata(&p)?;
        if meta.is_dir() {
            walk(&p, out)?;
        } else if is_return_name(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads one return. Never panics: a panic inside the spreadsheet reader becomes a
/// refusal of this file.
pub fn import_file(path: &Path, set: &IndicatorSet, registry: &Registry) -> ImportedFile {
    let shown = path.display().to_string();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_file(path, &shown, set, registry)
    }));
    match result {
        Ok(f) => f,
        Err(_) => ImportedFile::refused(
            path,
            &shown,
            None,
            "文件已损坏，读取时出错，请重新保存后报送".into(),
        ),
    }
}

fn read_file(path: &Path, shown: &str, set: &IndicatorSet, registry: &Registry) -> ImportedFile {
    let refuse = |at: Option<String>, msg: String| ImportedFile::refused(path, shown, at, msg);
    let mut wb = match calamine::open_workbook_auto(path) {
        Ok(wb) => wb,
        Err(e) => return refuse(None, format!("不是可读取的 Excel 工作簿（{e}）")),
    };
    let sheets: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    if sheets.is_empty() {
        return refuse(None, "工作簿中没有可见的工作表".into());
    }
    let mut main: Option<(String, Range<Data>, Table)> = None;
    let mut items: Option<(String, Range<Data>, Table)> = None;
    let mut problems = Vec::new();
    for name in &sheets {
        let range = match wb.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => return refuse(Some(name.clone()), format!("工作表无法读取（{e}）")),
        };
        if range.height() > MAX_ROWS {
            return refuse(
                Some(name.clone()),
                format!(
                    "工作表有 {} 行，远超自评表的规模（上限 {MAX_ROWS} 行），不予读取",
                    range.height()
                ),
            );
        }
        let Some(table) = layout::find_table(&range) else {
            continue;
        };
        let slot = match table.kind {
            TableKind::Main => &mut main,
            TableKind::Items => &mut items,
        };
        if let Some((first, _, _)) = slot {
            problems.push(Problem {
                severity: Severity::Warning,
                file: shown.to_string(),
                at: Some(name.clone()),
                message: format!("与工作表“{first}”的表头相同，已忽略"),
            });
            continue;
        }
        *slot = Some((name.clone(), range, table));
    }
    let Some((main_name, main_range, main_table)) = main else {
        return refuse(
            None,
            "未找到自评表表头：需要“编号”列和至少一个填报列（完成情况、数量、总数、完成时间）"
                .into(),
        );
    };

    // The office.
    let (office_text, from_cell) = match office_cell(&main_range, main_table.header_row) {
        Some(t) => (t, true),
        None => (
            path.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string(),
            false,
        ),
    };
    let whence = if from_cell {
        "填报单位"
    } else {
        "文件名"
    };
    let office = match registry.identify(&office_text) {
        Match::Office(i) => i,
        Match::Branch(b) => {
            return refuse(
                None,
                format!(
                    "{whence}“{}”是{}，不属于直属海关考评范围，不予计分",
                    office_text, registry.branches[b].name
                ),
            )
        }
        Match::None => {
            return refuse(
                None,
                format!(
                    "{whence}“{office_text}”与登记的直属海关都不相符，请在填报单位栏填写单位全称"
                ),
            )
        }
        Match::Ambiguous(v) => {
            let names: Vec<&str> = v
                .iter()
                .map(|&i| registry.offices[i].name.as_str())
                .collect();
            return refuse(
                None,
                format!(
                    "{whence}“{office_text}”同时指向{}，请在填报单位栏填写单位全称",
                    names.join("、")
                ),
            );
        }
    };

    let mut data = OfficeReturn::default();
    read_main(
        shown,
        set,
        &main_name,
        &main_range,
        &main_table,
        &mut data,
        &mut problems,
    );
    if let Some((name, range, table)) = &items {
        read_items(shown, set, name, range, table, &mut data, &mut problems);
    } else if set
        .indicators
        .iter()
        .any(|i| matches!(i.rule, Rule::Timeliness { .. }))
    {
        problems.push(Problem {
            severity: Severity::Warning,
            file: shown.to_string(),
            at: None,
            message: "未找到时效明细表（编号、起算日期、公开日期），时效类指标按无此项业务计"
                .into(),
        });
    }
    for ind in &set.indicators {
        if !data.rows.contains_key(&ind.id) {
            problems.push(Problem {
                severity: Severity::Warning,
                file: shown.to_string(),
                at: Some(main_name.clone()),
                message: format!("缺少指标 {} 的行，按未填报计 0 分", ind.id),
            });
        }
    }
    ImportedFile {
        path: path.to_path_buf(),
        shown: shown.to_string(),
        status: crate::import::FileStatus::Imported,
        office: Some(office),
        office_text,
        problems,
        data: Some(data),
    }
}

/// A sheet taller than this is not a return.
pub const MAX_ROWS: usize = 10_000;

/// The 填报单位 text: in the same cell after the label, or in the next non-empty cell to its
/// right; searched above the header.
fn office_cell(range: &Range<Data>, header_row: u32) -> Option<String> {
    let (r0, c0) = range.start()?;
    let (_, c1) = range.end()?;
    for r in r0..header_row {
        for c in c0..=c1 {
            let Some(Data::String(s)) = range.get_value((r, c)) else {
                continue;
            };
            let f = fold(s);
            let Some(pos) = f.find("填报单位") else {
                continue;
            };
            let rest = f[pos + "填报单位".len()..].trim_start_matches([':', '：']);
            if !rest.is_empty() {
                // Label and name share one cell: keep the original text after the label.
                let orig = s.split_once(['：', ':']).map(|(_, b)| b).unwrap_or(rest);
                return Some(orig.trim().to_string());
            }
            for cc in c + 1..=c1 {
                let v = range
                    .get_value((r, cc))
                    .map(cells::text)
                    .unwrap_or_default();
                if !v.is_empty() {
                    // The next label (填报日期：) is not a name.
                    return (!v.contains('：') && !v.ends_with(':')).then_some(v);
                }
            }
            return None;
        }
    }
    None
}

/// Matches a written 编号 (`a1`, `Ａ１`, `A1.`, ` A1 `) to the set's id.
pub fn match_id<'a>(set: &'a IndicatorSet, written: &str) -> Option<&'a str> {
    let f = fold(written);
    let f = f.trim_end_matches(['.', '、', '．', '。']);
    set.indicators
        .iter()
        .find(|i| fold(&i.id) == f)
        .map(|i| i.id.as_str())
}

/// Looks like an indicator id (short letters and digits), so an unknown one is worth a
/// warning; anything else in the 编号 column (a section heading, a note) is passed over.
fn id_like(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim_end_matches(['.', '、']);
    !f.is_empty()
        && f.len() <= 6
        && f.chars().all(|c| c.is_ascii_alphanumeric())
        && f.chars().any(|c| c.is_ascii_alphabetic())
}

fn get(range: &Range<Data>, row: u32, col: Option<u32>) -> &Data {
    static EMPTY: Data = Data::Empty;
    col.and_then(|c| range.get_value((row, c)))
        .unwrap_or(&EMPTY)
}

fn at(sheet: &str, row: u32, col: Option<u32>) -> Option<String> {
    col.map(|c| format!("{sheet}!{}", cell_name(row, c)))
}

fn read_main(
    shown: &str,
    set: &IndicatorSet,
    sheet: &str,
    range: &Range<Data>,
    t: &Table,
    data: &mut OfficeReturn,
    problems: &mut Vec<Problem>,
) {
    let Some((r1, _)) = range.end() else { return };
    let id_col = t.col(Col::Id);
    for r in t.header_row + 1..=r1 {
        let written = cells::text(get(range, r, id_col));
        if written.is_empty() {
            continue;
        }
        let Some(id) = match_id(set, &written) else {
            if id_like(&written) {
                problems.push(Problem {
                    severity: Severity::Warning,
                    file: shown.to_string(),
                    at: at(sheet, r, id_col),
                    message: format!("未知编号“{written}”，该行已忽略"),
                });
            }
            continue;
        };
        let cell = |c: Col| (get(range, r, t.col(c)), at(sheet, r, t.col(c)));
        let mk = |c: Col| cell(c).1.unwrap_or_default();
        let input = IndicatorInput {
            status: Cell::new(cells::status(cell(Col::Status).0), mk(Col::Status)),
            count: Cell::new(cells::number(cell(Col::Count).0), mk(Col::Count)),
            total: Cell::new(cells::number(cell(Col::Total).0), mk(Col::Total)),
            date: Cell::new(cells::date(cell(Col::Date).0), mk(Col::Date)),
            claimed: Cell::new(cells::number(cell(Col::Claimed).0), mk(Col::Claimed)),
            note: cells::text(cell(Col::Note).0),
            evidence: cells::text(cell(Col::Evidence).0),
            row: Some(format!("{sheet}!{}", r + 1)),
        };
        data.rows.entry(id.to_string()).or_default().push(input);
    }
}

fn read_items(
    shown: &str,
    set: &IndicatorSet,
    sheet: &str,
    range: &Range<Data>,
    t: &Table,
    data: &mut OfficeReturn,
    problems: &mut Vec<Problem>,
) {
    let Some((r1, _)) = range.end() else { return };
    let id_col = t.col(Col::Id);
    for r in t.header_row + 1..=r1 {
        let written = cells::text(get(range, r, id_col));
        let name = cells::text(get(range, r, t.col(Col::ItemName)));
        let start = get(range, r, t.col(Col::Start));
        let publish = get(range, r, t.col(Col::Publish));
        let empty = |d: &Data| cells::text(d).is_empty();
        if name.is_empty() && empty(start) && empty(publish) {
            continue;
        }
        let id = match_id(set, &written).filter(|id| {
            matches!(
                set.indicator(id).map(|i| &i.rule),
                Some(Rule::Timeliness { .. })
            )
        });
        let Some(id) = id else {
            problems.push(Problem {
                severity: Severity::Warning,
                file: shown.to_string(),
                at: at(sheet, r, id_col),
                message: format!("编号“{written}”不是时效类指标，该事项已忽略"),
            });
            continue;
        };
        let item = Item {
            name: if name.is_empty() {
                format!("第{}行", r + 1)
            } else {
                name
            },
            start: Cell::new(
                cells::date(start),
                at(sheet, r, t.col(Col::Start)).unwrap_or_default(),
            ),
            publish: Cell::new(
                cells::date(publish),
                at(sheet, r, t.col(Col::Publish)).unwrap_or_default(),
            ),
            note: cells::text(get(range, r, t.col(Col::Remark))),
            row: Some(format!("{sheet}!{}", r + 1)),
        };
        data.items.entry(id.to_string()).or_default().push(item);
    }
}
