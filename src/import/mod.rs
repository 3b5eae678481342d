//! Importing returns: finding the files, reading each workbook into the domain's input
//! ([`OfficeReturn`]), and naming every problem with its file, sheet and cell.

pub mod budget;
pub mod cache;
pub mod cells;
pub mod files;
mod grid;
mod html;
pub mod layout;
mod spreadsheetml;
pub mod workbook;
mod xls_guard;
mod zip_guard;

use crate::domain::indicators::{IndicatorSet, Rule};
use crate::domain::registry::{Match, Registry};
use crate::domain::scoring::{
    declares_no_business, Cell, Extension, Field, IndicatorInput, Item, OfficeReturn,
};
use crate::text::{fold, sanitize};
use calamine::{Data, Range};
use layout::{cell_name, Col, Table, TableKind};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use workbook::Sheet;

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
    /// Another return of the same office was chosen to count (以此份为准, 未采用): not
    /// scored, and not an error.
    Superseded,
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
    /// What the return says; taken (and freed) when it is scored.
    pub data: Option<OfficeReturn>,
    /// What rescoring with headquarters' findings reads of the return (its deduction,
    /// bonus and timeliness rows and its 时效明细 items), kept once it is scored (see
    /// [`crate::report::kept_for_findings`]).
    pub kept: Option<std::sync::Arc<OfficeReturn>>,
    /// The return's indicator scores, once scored (before decisions, conflicts and
    /// ranking, which the report settles).
    pub scores: Option<Vec<crate::domain::scoring::IndicatorScore>>,
    /// Size in bytes, and SHA-256 (hex) of the content; empty when not read.
    pub size: u64,
    pub sha256: String,
    /// The return's 填报日期 (beside 填报单位, above the header), when it holds a date (a
    /// date cell or a date written as text); a hint of which of two returns is later.
    pub filed: Option<chrono::NaiveDate>,
    /// The file's modification time when it was read.
    pub modified: Option<std::time::SystemTime>,
    /// What the file was read as, once opened (an HTML table, Excel 2003 XML, …).
    pub format: Option<workbook::Format>,
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
            kept: None,
            scores: None,
            size: 0,
            sha256: String::new(),
            filed: None,
            modified: None,
            format: None,
        }
    }
}

/// SHA-256 of some bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Is this a file name kaoping reads (`.xls` or `.xlsx`, in any case)?
pub fn is_return_name(p: &Path) -> bool {
    let Some(ext) = p.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Office's lock files (`~$x.xlsx`) and LibreOffice's (`.~lock.x#`) are not returns.
    !name.starts_with("~$")
        && !name.ends_with(crate::own_export::EXPORT_SUFFIX)
        && !name.starts_with(".~lock")
        && matches!(ext.to_ascii_lowercase().as_str(), "xls" | "xlsx")
}

/// The files under the given paths: a file is taken as it is; a folder is searched
/// recursively for `.xls`/`.xlsx`. Sorted within each folder, so the order is stable. One
/// file reached twice (a folder and a file in it, a link beside its target) is listed once,
/// under the first path that reached it.
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
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| files::identity(p).is_none_or(|id| seen.insert(id)));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)?
        // An entry may vanish while we look (SQLite's journal beside the returns).
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_type().ok().map(|t| (e.path(), t)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, t) in entries {
        if t.is_dir() {
            walk(&p, out)?;
        } else if is_return_name(&p) {
            // Links to folders are not followed (no loops). Anything else named like a
            // return is listed: a link to a file is read, and what is not a regular file (a
            // FIFO, a device, a dangling link) is refused by name, without being opened.
            if !(t.is_symlink() && std::fs::metadata(&p).is_ok_and(|m| m.is_dir())) {
                out.push(p);
            }
        }
    }
    Ok(())
}

/// The refusal of a file whose reading panicked inside the spreadsheet reader.
const BROKEN: &str = "文件已损坏，读取时出错；请用 Excel 或 WPS 打开，另存为 .xlsx 后重新报送";

/// Reads one return. Never panics: a panic inside the spreadsheet reader becomes a
/// refusal of this file (and prints nothing). A workbook kaoping exported is refused here
/// (see [`import_return`], which passes it over).
pub fn import_file(path: &Path, set: &IndicatorSet, registry: &Registry) -> ImportedFile {
    import_return(path, set, registry).unwrap_or_else(|| {
        let shown = path.display().to_string();
        ImportedFile::refused(path, &shown, None, workbook::OWN_EXPORT.into())
    })
}

/// Reads one return; `None` for a workbook kaoping itself exported (recognised by its
/// document properties, whatever its name), which is not a return and is passed over like a
/// `.kaoping.xlsx`.
pub fn import_return(path: &Path, set: &IndicatorSet, registry: &Registry) -> Option<ImportedFile> {
    let shown = path.display().to_string();
    let bytes = match workbook::read(path) {
        Ok(bytes) => bytes,
        Err(r) => return Some(ImportedFile::refused(path, &shown, r.at, r.message)),
    };
    let mut f = read_return(path, bytes, set, registry)?;
    f.modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    Some(f)
}

/// Panics inside the importer (and while scoring, see [`crate::report`]) are contained and
/// silent.
pub(crate) mod quiet {
    use std::cell::Cell;
    use std::sync::Once;

    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }

    /// Whether a panic on this thread is being contained now.
    pub fn active() -> bool {
        QUIET.with(Cell::get)
    }

    /// Runs `f`; a panic inside it returns `None` and prints nothing.
    pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Option<T> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !QUIET.with(Cell::get) {
                    previous(info);
                }
            }));
        });
        let was = QUIET.with(|q| q.replace(true));
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
        QUIET.with(|q| q.set(was));
        r
    }
}

/// Whether a panic on this thread now would be contained by the importer (and the file
/// returned): the terminal UI then leaves the terminal alone.
pub fn panic_is_contained() -> bool {
    quiet::active()
}

/// Runs `f`, containing (silently) a panic inside it as the importer does for a damaged
/// return.
#[cfg(test)]
pub(crate) fn contain<T>(f: impl FnOnce() -> T) -> Option<T> {
    quiet::catch(f)
}

/// A sheet with the formula cells that carry no result.
struct View<'a> {
    name: &'a str,
    /// The sheet's name, shared by every located cell.
    sheet: std::sync::Arc<str>,
    range: &'a Range<Data>,
    uncached: HashMap<(u32, u32), &'a str>,
}

impl<'a> View<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        View {
            name: &sheet.name,
            sheet: sheet.name.as_str().into(),
            range: &sheet.cells,
            uncached: sheet
                .uncached
                .iter()
                .map(|(p, f)| (*p, f.as_str()))
                .collect(),
        }
    }

    fn get(&self, row: u32, col: Option<u32>) -> &'a Data {
        static EMPTY: Data = Data::Empty;
        col.and_then(|c| self.range.get_value((row, c)))
            .unwrap_or(&EMPTY)
    }

    fn at(&self, row: u32, col: Option<u32>) -> Option<String> {
        col.map(|c| format!("{}!{}", self.name, cell_name(row, c)))
    }

    /// A cell read by `parse`, or the formula whose result is missing.
    fn field<T>(&self, row: u32, col: Option<u32>, parse: fn(&Data) -> Field<T>) -> Cell<T> {
        let value = match col.and_then(|c| self.uncached.get(&(row, c))) {
            Some(f) => Field::NoResult(format!("={}", f.trim_start_matches('='))),
            None => parse(self.get(row, col)),
        };
        Cell {
            value,
            at: col.map(|c| crate::domain::scoring::CellRef::new(self.sheet.clone(), row, c)),
        }
    }

    fn text(&self, row: u32, col: Option<u32>) -> String {
        cells::text(self.get(row, col))
    }
}

/// Reads a return held in memory; `path` names it (and gives the office when the 填报单位
/// cell is blank). Never panics.
pub fn import_bytes(
    path: &Path,
    bytes: Vec<u8>,
    set: &IndicatorSet,
    registry: &Registry,
) -> ImportedFile {
    read_return(path, bytes, set, registry).unwrap_or_else(|| {
        let shown = path.display().to_string();
        ImportedFile::refused(path, &shown, None, workbook::OWN_EXPORT.into())
    })
}

/// [`import_bytes`], with `None` for a workbook kaoping exported.
fn read_return(
    path: &Path,
    bytes: Vec<u8>,
    set: &IndicatorSet,
    registry: &Registry,
) -> Option<ImportedFile> {
    let shown = path.display().to_string();
    let (size, sha256) = (bytes.len() as u64, sha256_hex(&bytes));
    let mut f = quiet::catch(|| read_file(path, &shown, bytes, set, registry))
        .unwrap_or_else(|| Some(ImportedFile::refused(path, &shown, None, BROKEN.into())))?;
    f.size = size;
    f.sha256 = sha256;
    Some(f)
}

fn read_file(
    path: &Path,
    shown: &str,
    bytes: Vec<u8>,
    set: &IndicatorSet,
    registry: &Registry,
) -> Option<ImportedFile> {
    let mut wb = match workbook::open(&bytes) {
        Ok(Some(wb)) => wb,
        Ok(None) => return None,
        Err(r) => return Some(ImportedFile::refused(path, shown, r.at, r.message)),
    };
    let mut first = read_workbook(path, shown, &wb, set, registry);
    // Merged regions are read only when the return reads incomplete without them (a value
    // or an id merged over several rows shows only in its first cell).
    if wb.format == workbook::Format::Xlsx && incomplete(set, &first) {
        first = match workbook::fill_xlsx_merges(&mut wb, &bytes) {
            Err(r) => ImportedFile::refused(path, shown, r.at, r.message),
            Ok(()) => read_workbook(path, shown, &wb, set, registry),
        };
    }
    first.format = Some(wb.format);
    Some(first)
}

/// A return that may read better once merged regions are filled: no header found, an
/// indicator row missing, or a row whose rule reads nothing but blanks.
fn incomplete(set: &IndicatorSet, f: &ImportedFile) -> bool {
    let Some(data) = &f.data else {
        return f.status == FileStatus::Refused
            && f.problems.iter().any(|p| p.message.contains("表头"));
    };
    set.indicators.iter().any(|ind| {
        let Some(row) = data.rows.get(&ind.id).and_then(|r| r.first()) else {
            return true;
        };
        match ind.rule {
            Rule::Level | Rule::Veto => row.status.is_blank(),
            Rule::Ratio { .. } => row.count.is_blank() || row.total.is_blank(),
            Rule::Deadline { .. } => row.date.is_blank(),
            Rule::Deduction { .. } | Rule::Bonus { .. } | Rule::Timeliness { .. } => false,
        }
    })
}

/// Reads the tables of an opened workbook.
fn read_workbook(
    path: &Path,
    shown: &str,
    wb: &workbook::Workbook,
    set: &IndicatorSet,
    registry: &Registry,
) -> ImportedFile {
    let refuse = |at: Option<String>, msg: String| ImportedFile::refused(path, shown, at, msg);
    // What a reporting system exported is best saved again as a workbook (returns.md).
    // An ordinary workbook gets the advice the office needs instead.
    let advice = match wb.format {
        workbook::Format::Html(_) => format!("；这是网页（HTML）格式的表格，{}", workbook::SAVE_AS),
        workbook::Format::Xml2003 => {
            format!(
                "；这是 XML 电子表格（Excel 2003 XML），{}",
                workbook::SAVE_AS
            )
        }
        _ => String::new(),
    };
    let visible: Vec<&Sheet> = wb.sheets.iter().filter(|s| s.visible).collect();
    if visible.iter().all(|s| s.cells.is_empty()) {
        return refuse(
            None,
            format!(
                "工作簿中没有数据（没有可见的、非空的工作表）{}",
                if advice.is_empty() {
                    "；请在下发的模板中填写后重新报送，不要隐藏工作表"
                } else {
                    &advice
                }
            ),
        );
    }
    let mut main: Option<(View, Table)> = None;
    let mut items: Option<(View, Table)> = None;
    let mut problems = Vec::new();
    for sheet in visible {
        let Some(table) = layout::find_table(&sheet.cells) else {
            continue;
        };
        let slot = match table.kind {
            TableKind::Main => &mut main,
            TableKind::Items => &mut items,
        };
        if let Some((first, _)) = slot {
            problems.push(Problem {
                severity: Severity::Warning,
                file: shown.to_string(),
                at: Some(sheet.name.clone()),
                message: format!("与工作表“{}”的表头相同，已忽略", first.name),
            });
            continue;
        }
        *slot = Some((View::new(sheet), table));
    }
    let Some((main, main_table)) = main else {
        return refuse(
            None,
            format!(
                "未找到自评表表头：需要“编号”列和至少一个填报列（完成情况、数量、总数、完成时间）{}",
                if advice.is_empty() {
                    "；请使用下发的模板填写，不要修改表头和编号栏，重新报送"
                } else {
                    &advice
                }
            ),
        );
    };

    // The office.
    let (office_text, from_cell) = match office_cell(main.range, main_table.header_row) {
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
                format!("{whence}“{office_text}”{}", registry.branch_refusal(b)),
            )
        }
        Match::None => {
            return refuse(
                None,
                format!(
                    "{whence}“{office_text}”与登记的{}都不相符，请在填报单位栏填写单位全称",
                    registry.unit
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

    let invisible = crate::text::invisible_chars(&office_text);
    if !invisible.is_empty() {
        problems.push(Problem {
            severity: Severity::Warning,
            file: shown.to_string(),
            at: None,
            message: format!(
                "{whence}“{office_text}”含不可见字符 {}，已去除后识别为{}",
                crate::text::name_invisible(&invisible),
                registry.offices[office].name
            ),
        });
    }

    let mut data = OfficeReturn::default();
    read_main(shown, set, &main, &main_table, &mut data, &mut problems);
    if let Some((view, table)) = &items {
        read_items(shown, set, view, table, &mut data, &mut problems);
    } else {
        // Not a return with no items: every undeclared timeliness indicator scores 0
        // (未填报), and the missing sheet is one error (scoring.md).
        data.no_items_sheet = true;
        let undeclared: Vec<&str> = set
            .indicators
            .iter()
            .filter(|i| matches!(i.rule, Rule::Timeliness { .. }))
            .filter(|i| {
                !data
                    .rows
                    .get(&i.id)
                    .and_then(|r| r.first())
                    .is_some_and(declares_no_business)
            })
            .map(|i| i.id.as_str())
            .collect();
        if !undeclared.is_empty() {
            problems.push(Problem {
                severity: Severity::Error,
                file: shown.to_string(),
                at: None,
                message: format!(
                    "未找到时效明细表（表头需有编号、起算日期、公开日期）：未声明无此项业务的时效类指标 {} 按未填报计 0 分；请补报时效明细表，或在完成情况栏声明无此项业务",
                    undeclared.join("、")
                ),
            });
        }
    }
    for ind in &set.indicators {
        if !data.rows.contains_key(&ind.id) {
            problems.push(Problem {
                severity: Severity::Warning,
                file: shown.to_string(),
                at: Some(main.name.to_string()),
                message: format!("缺少指标 {} 的行，按未填报计 0 分", ind.id),
            });
        }
    }
    ImportedFile {
        path: path.to_path_buf(),
        shown: shown.to_string(),
        status: FileStatus::Imported,
        office: Some(office),
        office_text,
        problems,
        data: Some(data),
        kept: None,
        scores: None,
        size: 0,
        sha256: String::new(),
        filed: filed_cell(main.range, main_table.header_row),
        modified: None,
        format: None,
    }
}

/// The 填报日期: a date in the same cell after the label (`填报日期：2018年12月20日`) or
/// in the next non-empty cell to its right, as a date cell or as text; searched above the
/// header. Anything else is no date: it is only a hint, never an error.
fn filed_cell(range: &Range<Data>, header_row: u32) -> Option<chrono::NaiveDate> {
    let (r0, c0) = range.start()?;
    let (_, c1) = range.end()?;
    for r in r0..header_row {
        for c in c0..=c1 {
            let Some(Data::String(s)) = range.get_value((r, c)) else {
                continue;
            };
            let f = fold(s);
            let Some(pos) = ["填报日期", "填报时间", "填表日期"]
                .iter()
                .find_map(|l| f.find(l).map(|p| p + l.len()))
            else {
                continue;
            };
            let rest = f[pos..].trim_start_matches([':', '：']).trim();
            let value = if rest.is_empty() {
                (c + 1..=c1)
                    .filter_map(|cc| range.get_value((r, cc)))
                    .find(|v| !cells::text(v).is_empty())
                    .map(cells::date)?
            } else {
                cells::date_text(rest)
            };
            return match value {
                Field::Value(d) => Some(d),
                _ => None,
            };
        }
    }
    None
}

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

/// A 延期 cell: blank or 否 (no extension), 是, or a number of working days, as a number
/// or as text (`10`, `１０`, `10个工作日`, `10天`); anything else is kept as written, for
/// the row error.
fn extension(c: &Data) -> Field<Extension> {
    let raw = cells::text(c);
    let t = fold(&raw);
    match t.as_str() {
        "" | "否" => return Field::Blank,
        "是" => return Field::Value(Extension::Full),
        _ => {}
    }
    let number = match c {
        Data::Int(_) | Data::Float(_) => cells::number(c),
        Data::String(_) => cells::number_text(
            t.trim_end_matches("个工作日")
                .trim_end_matches("工作日")
                .trim_end_matches(['天', '日']),
        ),
        _ => Field::Invalid(raw.clone()),
    };
    match number {
        Field::Value(d) => Field::Value(Extension::Days(d)),
        _ => Field::Invalid(raw),
    }
}

/// Matches a written 编号 (`a1`, `Ａ１`, `A1.`, ` A1 `) to the set's id.
pub fn match_id<'a>(set: &'a IndicatorSet, written: &str) -> Option<&'a str> {
    let f = fold(written);
    let f = f.trim_end_matches(['.', '、', '．', '。']);
    set.by_folded_id(f).map(|i| i.id.as_str())
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

fn read_main(
    shown: &str,
    set: &IndicatorSet,
    v: &View,
    t: &Table,
    data: &mut OfficeReturn,
    problems: &mut Vec<Problem>,
) {
    let Some((r1, _)) = v.range.end() else { return };
    let id_col = t.col(Col::Id);
    for r in t.header_row + 1..=r1 {
        let written = v.text(r, id_col);
        if written.is_empty() {
            continue;
        }
        let Some(id) = match_id(set, &written) else {
            if id_like(&written) {
                problems.push(Problem {
                    severity: Severity::Warning,
                    file: shown.to_string(),
                    at: v.at(r, id_col),
                    message: format!("未知编号“{written}”，该行已忽略"),
                });
            }
            continue;
        };
        let input = IndicatorInput {
            status: v.field(r, t.col(Col::Status), cells::status),
            count: v.field(r, t.col(Col::Count), cells::number),
            total: v.field(r, t.col(Col::Total), cells::number),
            date: v.field(r, t.col(Col::Date), cells::date),
            claimed: v.field(r, t.col(Col::Claimed), cells::number),
            note: v.text(r, t.col(Col::Note)),
            evidence: v.text(r, t.col(Col::Evidence)),
            row: Some(format!("{}!{}", v.name, r + 1)),
        };
        data.rows.entry(id.to_string()).or_default().push(input);
    }
}

fn read_items(
    shown: &str,
    set: &IndicatorSet,
    v: &View,
    t: &Table,
    data: &mut OfficeReturn,
    problems: &mut Vec<Problem>,
) {
    let Some((r1, _)) = v.range.end() else { return };
    let id_col = t.col(Col::Id);
    for r in t.header_row + 1..=r1 {
        let written = v.text(r, id_col);
        let name = v.text(r, t.col(Col::ItemName));
        let (sc, pc) = (t.col(Col::Start), t.col(Col::Publish));
        if name.is_empty() && v.text(r, sc).is_empty() && v.text(r, pc).is_empty() {
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
                at: v.at(r, id_col),
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
            start: v.field(r, sc, cells::date),
            publish: v.field(r, pc, cells::date),
            extension: v.field(r, t.col(Col::Extension), extension),
            note: v.text(r, t.col(Col::Remark)),
            row: Some(format!("{}!{}", v.name, r + 1)),
        };
        data.items.entry(id.to_string()).or_default().push(item);
    }
}
