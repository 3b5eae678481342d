//! Opening a workbook safely: the format is sniffed from the content (never trusted from
//! the extension), sizes are checked from what the file declares before anything is read
//! whole, `.xls` strings are decoded right whatever the CodePage record says, and every
//! failure is a [`Refusal`] with a message an evaluator understands.

use super::budget::{self, Budget};
use super::{xls_guard, zip_guard};
use calamine::{Data, DataRef, Dimensions, Range, Reader, SheetVisible};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

/// A sheet taller than this is not a return.
pub const MAX_ROWS: u32 = 10_000;
/// A sheet whose bounding box holds more cells than this is not a return (a stray cell
/// far away would make a huge dense grid).
pub const MAX_CELLS: u64 = 2_000_000;
/// Cell data of one sheet larger than this is not a return.
pub const MAX_SHEET_BYTES: u64 = 50 * 1024 * 1024;
/// The file's own limits (size, decompressed size, cells and text of all sheets, …).
pub use super::budget::{MAX_FILE_BYTES, MAX_UNZIPPED_BYTES};

/// Why a file is not read: where (a sheet, a cell) when there is a where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub at: Option<String>,
    pub message: String,
}

impl Refusal {
    pub(crate) fn file(message: impl Into<String>) -> Self {
        Refusal {
            at: None,
            message: message.into(),
        }
    }
    pub(crate) fn sheet(sheet: &str, message: impl Into<String>) -> Self {
        Refusal {
            at: Some(sheet.to_string()),
            message: message.into(),
        }
    }
}

pub const ENCRYPTED: &str = "文件已加密，请去除密码后报送";
pub(crate) const SAVE_AS: &str = "请用 Excel 或 WPS 打开，另存为 .xlsx 后重新报送";

pub(crate) fn corrupt(detail: impl std::fmt::Display) -> Refusal {
    Refusal::file(format!("文件已损坏，无法读取（{detail}）；{SAVE_AS}"))
}

/// A sheet far larger than a return.
pub(crate) fn too_large(sheet: &str, what: String) -> Refusal {
    budget::over(Some(sheet), format!("工作表过大：{what}"))
}

/// What the content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel 97–2003 and older OLE workbooks.
    Xls,
    /// Office Open XML.
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
    /// An HTML page whose tables are the sheets (what reporting systems export as "Excel"),
    /// in the encoding it was read in.
    Html(&'static encoding_rs::Encoding),
    /// Excel 2003 XML (SpreadsheetML).
    Xml2003,
}

impl Format {
    /// The format's name for an evaluator: `HTML 表格（GBK）`, `Excel 2003 XML`, ….
    pub fn label(self) -> String {
        match self {
            Format::Xls => "Excel 97-2003 工作簿".into(),
            Format::Xlsx => "Excel 工作簿".into(),
            Format::Ods => "OpenDocument 电子表格".into(),
            Format::Html(enc) => format!("HTML 表格（{}）", super::html::encoding_name(enc)),
            Format::Xml2003 => "Excel 2003 XML".into(),
        }
    }

    /// A short word for machine-readable output.
    pub fn word(self) -> &'static str {
        match self {
            Format::Xls => "xls",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
            Format::Html(_) => "html",
            Format::Xml2003 => "xml2003",
        }
    }

    /// A format that is not a workbook but what a reporting system exports as one (an HTML
    /// table, Excel 2003 XML): `check` names it, so that an evaluator knows which offices
    /// export from a system.
    pub fn is_export(self) -> bool {
        matches!(self, Format::Html(_) | Format::Xml2003)
    }
}

/// A formula cell without a stored result: its position and formula.
pub type Uncached = ((u32, u32), String);

/// One sheet as read: its values, the cells that hold a formula without a cached value,
/// and whether it is visible.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    pub cells: Range<Data>,
    /// Cells holding a formula but no result; the formula text.
    pub uncached: Vec<Uncached>,
}

#[derive(Debug)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

/// Reads a file's bytes: a regular file only, never more than [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, Refusal> {
    super::files::read(path)
}

/// Is this a workbook kaoping itself wrote (its export, marked by a document property),
/// whatever its name? Such a file is not a return.
pub fn is_own_export(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    match zip_guard::open(bytes) {
        Ok((mut zip, pkg)) => zip_guard::is_own_export(&mut zip, &pkg),
        Err(_) => false,
    }
}

/// Opens a workbook held in memory.
pub fn open_bytes(bytes: &[u8]) -> Result<Workbook, Refusal> {
    open(bytes)?.ok_or_else(|| Refusal::file(OWN_EXPORT))
}

/// What is said of a workbook kaoping exported, when it is opened as a return.
pub const OWN_EXPORT: &str = "这是 kaoping 导出的考评结果工作簿，不是自评表";

/// Opens a workbook held in memory; `None` for a workbook kaoping itself exported
/// (recognised by its document property, whatever its name), which is not a return.
pub fn open(bytes: &[u8]) -> Result<Option<Workbook>, Refusal> {
    open_marked(bytes, false)
}

/// Opens a workbook held in memory as [`open`] does (the same checks and budget), also
/// when it carries kaoping's mark: for kaoping's own forms, such as the findings workbook
/// (核查记录), which the importer passes over but their own command reads.
pub fn open_form(bytes: &[u8]) -> Result<Workbook, Refusal> {
    open_marked(bytes, true)?.ok_or_else(|| Refusal::file(OWN_EXPORT))
}

fn open_marked(bytes: &[u8], marked_too: bool) -> Result<Option<Workbook>, Refusal> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return match sniff(bytes)? {
            Format::Xls => open_xls(bytes).map(Some),
            Format::Html(enc) => super::html::open(bytes, enc).map(Some),
            Format::Xml2003 => super::spreadsheetml::open(bytes).map(Some),
            // Only a zip package is either.
            Format::Xlsx | Format::Ods => Err(corrupt("压缩包结构不完整")),
        };
    }
    // One look at the package serves the format, the export mark and the checks.
    let (mut zip, pkg) = zip_guard::open(bytes)?;
    let format = zip_format(&zip, &pkg)?;
    if format == Format::Xlsx && !marked_too && zip_guard::is_own_export(&mut zip, &pkg) {
        return Ok(None);
    }
    match format {
        Format::Xlsx => {
            zip_guard::check_xlsx(&mut zip, &pkg)?;
            drop(zip);
            open_xlsx(bytes).map(Some)
        }
        Format::Ods => {
            zip_guard::check_ods(&mut zip)?;
            drop(zip);
            open_ods(bytes).map(Some)
        }
        Format::Xls | Format::Html(_) | Format::Xml2003 => {
            unreachable!("a zip package is neither an .xls nor text")
        }
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells the format from the first bytes; refuses what is not a workbook. Text that starts
/// with markup is an HTML page (read for its tables) unless it is Excel 2003 XML.
pub fn sniff(bytes: &[u8]) -> Result<Format, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::file("不是 Excel 工作簿：文件是空的（0 字节）"));
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes);
    }
    if bytes.starts_with(b"PK") {
        return Err(corrupt("压缩包结构不完整"));
    }
    // BIFF2–BIFF4 (Excel 2.x–4.0) files are bare record streams starting with a BOF.
    if bytes.len() >= 4 && bytes[0] == 0x09 && matches!(bytes[1], 0x00 | 0x02 | 0x04) {
        return Err(Refusal::file(format!(
            "文件格式过旧（Excel 4.0 或更早）；{SAVE_AS}"
        )));
    }
    // Text: an HTML page or Excel 2003 XML, told apart by their first 4 KB (in UTF-16 when
    // they are written so).
    let enc = super::html::text_encoding(bytes);
    let (head, _) = enc.decode_without_bom_handling(&bytes[..bytes.len().min(4096)]);
    let head = head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.starts_with('<') {
        if head.contains("urn:schemas-microsoft-com:office:spreadsheet") && !head.contains("<html")
        {
            return Ok(Format::Xml2003);
        }
        return Ok(Format::Html(super::html::encoding(bytes)));
    }
    Err(Refusal::file(format!(
        "不是 Excel 工作簿（.xls 或 .xlsx）；{SAVE_AS}"
    )))
}

/// What a zip package holds, from its entries (as [`zip_kind`]).
fn zip_format(zip: &zip_guard::Zip, pkg: &zip_guard::Package) -> Result<Format, Refusal> {
    let has = |n: &str| zip.index_for_name(n).is_some();
    if pkg.has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if has("content.xml") && has("mimetype") {
        return Ok(Format::Ods);
    }
    if has("xl/workbook.bin") {
        return Err(Refusal::file(format!(
            "这是 Excel 二进制工作簿（.xlsb）；{SAVE_AS}"
        )));
    }
    if has("word/document.xml") {
        return Err(Refusal::file(
            "这是 Word 文档，不是 Excel 工作簿；请报送自评表工作簿",
        ));
    }
    Err(Refusal::file(format!(
        "不是 Excel 工作簿（压缩包中没有工作簿）；{SAVE_AS}"
    )))
}

fn zip_kind(bytes: &[u8]) -> Result<Format, Refusal> {
    zip_guard::check_entries(bytes)?;
    let zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(format!("压缩包：{e}")))?;
    let names: HashSet<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("xl/workbook.xml"))
    {
        return Ok(Format::Xlsx);
    }
    if names.contains("content.xml") && names.contains("mimetype") {
        return Ok(Format::Ods);
    }
    if names.contains("xl/workbook.bin") {
        return Err(Refusal::file(format!(
            "这是 Excel 二进制工作簿（.xlsb）；{SAVE_AS}"
        )));
    }
    if names.contains("word/document.xml") {
        return Err(Refusal::file(
            "这是 Word 文档，不是 Excel 工作簿；请报送自评表工作簿",
        ));
    }
    Err(Refusal::file(format!(
        "不是 Excel 工作簿（压缩包中没有工作簿）；{SAVE_AS}"
    )))
}

// ---- .xls -------------------------------------------------------------------------------

fn open_xls(bytes: &[u8]) -> Result<Workbook, Refusal> {
    // The container and the records, walked as calamine will walk them, checked first.
    let stream = xls_guard::workbook_stream(bytes)?;
    let scan = xls_guard::scan(&stream)?;
    drop(stream);
    // BIFF8 stores every string as Unicode (compressed or UTF-16): a CodePage record naming
    // a legacy code page (936, 1252) must not be applied to it. Only BIFF5 and older store
    // strings in the code page.
    let force = scan.biff8.then_some(1200);
    let mut opts = calamine::XlsOptions::default();
    opts.force_codepage = force;
    let mut xls =
        calamine::Xls::new_with_options(Cursor::new(bytes), opts).map_err(|e| match e {
            calamine::XlsError::Password => Refusal::file(ENCRYPTED),
            e => corrupt(e),
        })?;
    let meta = sheet_list(xls.sheets_metadata());
    let mut budget = Budget::default();
    let mut sheets = Vec::new();
    for (name, visible, _) in meta {
        if !visible {
            sheets.push(hidden(name));
            continue;
        }
        let mut cells = xls
            .worksheet_range(&name)
            .map_err(|e| corrupt(format!("工作表“{name}”：{e}")))?;
        let formulas = xls.worksheet_formula(&name).unwrap_or_default();
        let uncached = uncached_formulas(&cells, &formulas);
        if let Ok(merges) = xls.merge_cells_by_sheet_name(&name) {
            fill_merges(&mut cells, &merges, &name, &mut budget)?;
        }
        sheets.push(Sheet {
            name,
            visible,
            cells,
            uncached,
        });
    }
    Ok(Workbook {
        format: Format::Xls,
        sheets,
    })
}

/// Each sheet's name, whether it is visible, and whether it is a worksheet (not a chart).
fn sheet_list(meta: &[calamine::Sheet]) -> Vec<(String, bool, bool)> {
    meta.iter()
        .map(|s| {
            (
                s.name.clone(),
                s.visible == SheetVisible::Visible,
                s.typ == calamine::SheetType::WorkSheet,
            )
        })
        .collect()
}

pub(super) fn hidden(name: String) -> Sheet {
    Sheet {
        name,
        visible: false,
        cells: Range::empty(),
        uncached: Vec::new(),
    }
}

/// Formula cells whose value is missing or an empty string: the writer stored no result.
fn uncached_formulas(cells: &Range<Data>, formulas: &Range<String>) -> Vec<Uncached> {
    let Some((r0, c0)) = formulas.start() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (r, c, f) in formulas.used_cells() {
        if f.is_empty() {
            continue;
        }
        let pos = (r0 + r as u32, c0 + c as u32);
        match cells.get_value(pos) {
            None | Some(Data::Empty) => out.push((pos, f.clone())),
            Some(Data::String(s)) if s.is_empty() => out.push((pos, f.clone())),
            _ => {}
        }
    }
    out
}

/// Copies the top-left value of each merged region into its other cells, so that a label
/// or a value merged over several cells is seen wherever it stands. Only cells within the
/// sheet's data are filled; their number, and the text copied, count against the budget.
pub(super) fn fill_merges(
    cells: &mut Range<Data>,
    merges: &[Dimensions],
    sheet: &str,
    budget: &mut Budget,
) -> Result<(), Refusal> {
    let (Some(start), Some(end)) = (cells.start(), cells.end()) else {
        return Ok(());
    };
    budget.merges(sheet, merges.len() as u64)?;
    for m in merges {
        // A region given backwards is nothing (and its size would overflow).
        let (Some(h), Some(w)) = (
            m.end.0.checked_sub(m.start.0),
            m.end.1.checked_sub(m.start.1),
        ) else {
            continue;
        };
        if (h as u64 + 1) * (w as u64 + 1) > 10_000 {
            continue;
        }
        let Some(v) = cells.get_value(m.start).cloned() else {
            continue;
        };
        if matches!(v, Data::Empty) {
            continue;
        }
        let (r0, r1) = (m.start.0.max(start.0), m.end.0.min(end.0));
        let (c0, c1) = (m.start.1.max(start.1), m.end.1.min(end.1));
        if r0 > r1 || c0 > c1 {
            continue;
        }
        let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
        budget.merge_area(sheet, area)?;
        if let Data::String(s) = &v {
            budget.text(Some(sheet), area * s.len() as u64)?;
        }
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) != m.start {
                    cells.set_value((r, c), v.clone());
                }
            }
        }
    }
    Ok(())
}

// ---- .xlsx ------------------------------------------------------------------------------

/// Reads an `.xlsx` whose package [`open`] has checked.
fn open_xlsx(bytes: &[u8]) -> Result<Workbook, Refusal> {
    let mut xlsx: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsxError::Password => Refusal::file(ENCRYPTED),
            e => corrupt(e),
        })?;
    let meta = sheet_list(xlsx.sheets_metadata());
    budget::count(None, meta.len() as u64, budget::MAX_SHEETS, "工作表")?;
    let mut budget = Budget::default();
    let mut sheets = Vec::new();
    for (name, visible, worksheet) in meta {
        if !visible || !worksheet {
            sheets.push(hidden(name));
            continue;
        }
        let (cells, uncached) = read_xlsx_sheet(&mut xlsx, &name, &mut budget)?;
        sheets.push(Sheet {
            name,
            visible,
            cells,
            uncached,
        });
    }
    Ok(Workbook {
        format: Format::Xlsx,
        sheets,
    })
}

/// Fills the merged regions of an `.xlsx` workbook's visible sheets from its bytes. Kept
/// apart from [`open_bytes`]: finding them decompresses each sheet a second time, so the
/// importer asks only when a return reads incomplete without them. Refuses a file with more
/// merged regions, or covering more cells, than the budget allows.
pub fn fill_xlsx_merges(wb: &mut Workbook, bytes: &[u8]) -> Result<(), Refusal> {
    if wb.format != Format::Xlsx {
        return Ok(());
    }
    let Ok((mut zip, _)) = zip_guard::open(bytes) else {
        return Ok(());
    };
    let merges = xlsx_merges(&mut zip)?;
    let mut budget = Budget::default();
    for sheet in wb.sheets.iter_mut().filter(|s| s.visible) {
        if let Some(m) = merges.get(&sheet.name) {
            fill_merges(&mut sheet.cells, m, &sheet.name, &mut budget)?;
        }
    }
    Ok(())
}

/// Each worksheet's merged regions, by sheet name: `xl/workbook.xml` names the sheets, its
/// relationships give their parts, and only the `<mergeCell>` elements of each part are
/// kept, counted as they are read (calamine's own reader tokenizes every cell again to find
/// them).
fn xlsx_merges(zip: &mut zip_guard::Zip) -> Result<HashMap<String, Vec<Dimensions>>, Refusal> {
    let mut out = HashMap::new();
    let (Some(wb), Some(rels)) = (
        xml_attrs(zip, "xl/workbook.xml", "sheet", &mut 0),
        xml_attrs(zip, "xl/_rels/workbook.xml.rels", "Relationship", &mut 0),
    ) else {
        return Ok(out);
    };
    let targets: HashMap<String, String> = rels
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.clone(), a.get("Target")?.clone())))
        .collect();
    let mut total = 0u64;
    for a in wb {
        let (Some(name), Some(id)) = (a.get("name"), a.get("r:id").or_else(|| a.get("id"))) else {
            continue;
        };
        let Some(target) = targets.get(id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(found) = xml_attrs(zip, &path, "mergeCell", &mut total) else {
            continue;
        };
        budget::count(Some(name), total, budget::MAX_MERGES, "合并单元格区域")?;
        let merges = found
            .iter()
            .filter_map(|a| parse_ref(a.get("ref")?))
            .collect();
        out.insert(name.clone(), merges);
    }
    Ok(out)
}

/// The attributes of every element named `tag` in a part (unescaped), streamed; `None` when
/// there is no such part. Stops once `found` (counted across calls) passes the merged-region
/// limit, which the caller then refuses.
fn xml_attrs(
    zip: &mut zip_guard::Zip,
    part: &str,
    tag: &str,
    found: &mut u64,
) -> Option<Vec<HashMap<String, String>>> {
    use quick_xml::events::Event;
    let f = zip.by_name(part).ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(f));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == tag => {
                *found += 1;
                if *found > budget::MAX_MERGES && tag == "mergeCell" {
                    break;
                }
                let attrs = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = a.key.as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?
                            .into_owned();
                        Some((key, value))
                    })
                    .collect();
                out.push(attrs);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Some(out)
}

/// `A1:L1` (or `B2`) as 0-based dimensions.
fn parse_ref(r: &str) -> Option<Dimensions> {
    let cell = |s: &str| -> Option<(u32, u32)> {
        let letters: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let digits = &s[letters.len()..];
        let mut col = 0u32;
        for c in letters.chars() {
            col = col
                .checked_mul(26)?
                .checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)?;
        }
        let row: u32 = digits.parse().ok()?;
        (col >= 1 && row >= 1).then(|| (row - 1, col - 1))
    };
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some(Dimensions::new(cell(a)?, cell(b)?))
}

/// The text a cell value holds, in bytes.
fn text_len(v: &DataRef) -> u64 {
    match v {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::SharedString(s) => s.len() as u64,
        _ => 0,
    }
}

/// Streams a sheet's cells, refusing it as soon as it grows past a return's size, or the file
/// past its budget.
fn read_xlsx_sheet(
    xlsx: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<(Range<Data>, Vec<Uncached>), Refusal> {
    use calamine::XlsxFormulaMetadata as F;
    let mut reader = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| corrupt(format!("工作表“{name}”：{e}")))?;
    let dim = reader.dimensions();
    let declared_rows = dim.end.0.saturating_sub(dim.start.0) as u64 + 1;
    if declared_rows > MAX_ROWS as u64 + 20 {
        return Err(too_large(name, format!("声明 {declared_rows} 行")));
    }
    let mut cells = Vec::new();
    let mut uncached = Vec::new();
    // Shared formulas: the text and origin of each group's first cell. The others carry
    // only the group's index, and are expanded here only when they lack a result (calamine
    // would expand every one, and size a table of groups from the index the file gives).
    let mut shared: HashMap<usize, (String, (u32, u32))> = HashMap::new();
    let mut bbox = BBox::default();
    let mut bytes = 0u64;
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| corrupt(format!("工作表“{name}”：{e}")))?
    {
        let t = text_len(&cell.value);
        bytes += t;
        budget.text(Some(name), t)?;
        let empty = matches!(&cell.value, DataRef::Empty)
            || (matches!(&cell.value, DataRef::String(_) | DataRef::SharedString(_)) && t == 0);
        let formula = match cell.formula {
            Some(F::Normal { formula }) => Some(formula),
            Some(F::Shared {
                shared_index,
                formula,
                range,
            }) => {
                budget.text(Some(name), formula.len() as u64)?;
                budget::count(
                    Some(name),
                    shared.len() as u64 + 1,
                    budget::MAX_CELL_RECORDS,
                    "共享公式",
                )?;
                let origin = range.map_or(cell.pos, |r| r.start);
                shared.insert(shared_index, (formula.clone(), origin));
                Some(formula)
            }
            Some(F::SharedDerived { shared_index }) if empty => {
                shared.get(&shared_index).and_then(|(f, origin)| {
                    calamine::expand_shared_formula(f, *origin, cell.pos)
                        .ok()
                        .or_else(|| Some(f.clone()))
                })
            }
            Some(_) | None => None,
        };
        if let (true, Some(f)) = (empty, formula) {
            if !f.is_empty() {
                budget.text(Some(name), f.len() as u64)?;
                uncached.push((cell.pos, f));
            }
        }
        if matches!(cell.value, DataRef::Empty) {
            continue;
        }
        let value: Data = cell.value.into();
        bbox.add(cell.pos);
        bbox.check(name, bytes)?;
        budget.records(name, 1)?;
        cells.push(calamine::Cell::new(cell.pos, value));
    }
    budget.grid(name, bbox.extent(), 32, 1)?;
    Ok((Range::from_sparse(cells), uncached))
}

/// The bounding box of the cells read so far.
#[derive(Default)]
pub(super) struct BBox {
    min: Option<(u32, u32)>,
    max: (u32, u32),
}

impl BBox {
    pub(super) fn add(&mut self, (r, c): (u32, u32)) {
        let (r0, c0) = self.min.unwrap_or((r, c));
        self.min = Some((r0.min(r), c0.min(c)));
        self.max = (self.max.0.max(r), self.max.1.max(c));
    }

    pub(super) fn extent(&self) -> (u64, u64) {
        match self.min {
            Some((r0, c0)) => ((self.max.0 - r0) as u64 + 1, (self.max.1 - c0) as u64 + 1),
            None => (0, 0),
        }
    }

    pub(super) fn check(&self, sheet: &str, bytes: u64) -> Result<(), Refusal> {
        let (rows, cols) = self.extent();
        if rows > MAX_ROWS as u64 {
            return Err(too_large(sheet, format!("超过 {MAX_ROWS} 行")));
        }
        if rows * cols > MAX_CELLS {
            return Err(too_large(sheet, format!("数据区域 {rows} 行 × {cols} 列")));
        }
        if bytes > MAX_SHEET_BYTES {
            return Err(too_large(sheet, "单元格数据超过 50 MB".into()));
        }
        Ok(())
    }
}

// ---- .ods -------------------------------------------------------------------------------

/// Reads an `.ods` whose content [`open`] has checked (calamine reads it whole, every sheet
/// and every repeat, when it opens the file).
fn open_ods(bytes: &[u8]) -> Result<Workbook, Refusal> {
    let mut ods: calamine::Ods<_> =
        calamine::Ods::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::OdsError::Password => Refusal::file(ENCRYPTED),
            e => corrupt(e),
        })?;
    let meta = sheet_list(ods.sheets_metadata());
    let mut sheets = Vec::new();
    for (name, visible, _) in meta {
        if !visible {
            sheets.push(hidden(name));
            continue;
        }
        let cells = ods
            .worksheet_range(&name)
            .map_err(|e| corrupt(format!("工作表“{name}”：{e}")))?;
        let mut bbox = BBox::default();
        if let (Some(s), Some(e)) = (cells.start(), cells.end()) {
            bbox.add(s);
            bbox.add(e);
        }
        bbox.check(&name, 0)?;
        sheets.push(Sheet {
            name,
            visible,
            cells,
            uncached: Vec::new(),
        });
    }
    Ok(Workbook {
        format: Format::Ods,
        sheets,
    })
}
