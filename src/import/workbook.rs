//! Opening a workbook safely: the format is sniffed from the content (never trusted from
//! the extension), sizes are checked from what the file declares before anything is read
//! whole, `.xls` strings are decoded right whatever the CodePage record says, and every
//! failure is a [`Refusal`] with a message an evaluator understands.

use calamine::{Data, Dimensions, Range, Reader, SheetVisible};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

/// A sheet taller than this is not a return.
pub const MAX_ROWS: u32 = 10_000;
/// A sheet whose bounding box holds more cells than this is not a return (a stray cell
/// far away would make a huge dense grid).
pub const MAX_CELLS: u64 = 2_000_000;
/// Cell data (or a sheet's stream) larger than this is not a return.
pub const MAX_SHEET_BYTES: u64 = 50 * 1024 * 1024;
/// A file larger than this is not read at all.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// All entries of an `.xlsx` together, uncompressed.
pub const MAX_UNZIPPED_BYTES: u64 = 200 * 1024 * 1024;

/// Why a file is not read: where (a sheet, a cell) when there is a where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub at: Option<String>,
    pub message: String,
}

impl Refusal {
    fn file(message: impl Into<String>) -> Self {
        Refusal {
            at: None,
            message: message.into(),
        }
    }
    fn sheet(sheet: &str, message: impl Into<String>) -> Self {
        Refusal {
            at: Some(sheet.to_string()),
            message: message.into(),
        }
    }
}

pub const ENCRYPTED: &str = "文件已加密，请去除密码后报送";
const SAVE_AS: &str = "请用 Excel 或 WPS 打开，另存为 .xlsx 后重新报送";

fn corrupt(detail: impl std::fmt::Display) -> Refusal {
    Refusal::file(format!("文件已损坏，无法读取（{detail}）；{SAVE_AS}"))
}

fn too_large(sheet: &str, what: String) -> Refusal {
    Refusal::sheet(
        sheet,
        format!("工作表过大（{what}），远超自评表的规模，不予读取；请删除多余内容后重新报送"),
    )
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

/// Reads a file's bytes, refusing one far larger than any return without reading it.
pub fn read(path: &Path) -> Result<Vec<u8>, Refusal> {
    let size = std::fs::metadata(path)
        .map_err(|e| Refusal::file(format!("无法读取文件（{e}）")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Refusal::file(format!(
            "文件过大（{} MB），远超自评表的规模，不予读取",
            size / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(|e| Refusal::file(format!("无法读取文件（{e}）")))
}

/// Opens a workbook held in memory.
pub fn open_bytes(bytes: &[u8]) -> Result<Workbook, Refusal> {
    match sniff(bytes)? {
        Format::Xls => open_xls(bytes),
        Format::Xlsx => open_xlsx(bytes),
        Format::Ods => open_ods(bytes),
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells the format from the first bytes; refuses what is not a workbook.
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
            "文件格式过旧（Excel 4.0 或更早），{SAVE_AS}"
        )));
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.starts_with('<') {
        if head.contains("urn:schemas-microsoft-com:office:spreadsheet") && !head.contains("<html")
        {
            return Err(Refusal::file(format!(
                "这是 XML 电子表格（Excel 2003 XML），不是网页也不是 .xls 工作簿；{SAVE_AS}"
            )));
        }
        return Err(Refusal::file(format!(
            "这是网页（HTML）格式的表格，只是扩展名为 .xls/.xlsx，不是真正的 Excel 工作簿；{SAVE_AS}"
        )));
    }
    Err(Refusal::file(format!(
        "不是 Excel 工作簿（.xls 或 .xlsx）；{SAVE_AS}"
    )))
}

fn zip_kind(bytes: &[u8]) -> Result<Format, Refusal> {
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
    let mut ole =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(format!("OLE：{e}")))?;
    if ole.exists("EncryptedPackage") || ole.exists("EncryptionInfo") {
        return Err(Refusal::file(ENCRYPTED));
    }
    let stream_name = ["Workbook", "Book", "WORKBOOK", "BOOK"]
        .into_iter()
        .find(|n| ole.is_stream(n))
        .ok_or_else(|| {
            if ole.is_stream("WordDocument") {
                Refusal::file("这是 Word 文档，不是 Excel 工作簿；请报送自评表工作簿")
            } else {
                Refusal::file(format!(
                    "不是 Excel 工作簿（文件中没有工作簿数据）；{SAVE_AS}"
                ))
            }
        })?;
    let stream_len = ole.entry(stream_name).map(|e| e.len()).unwrap_or(0);
    if stream_len > MAX_SHEET_BYTES {
        return Err(Refusal::file(format!(
            "工作簿数据过大（{} MB），远超自评表的规模，不予读取",
            stream_len / (1024 * 1024)
        )));
    }
    let mut stream = Vec::new();
    ole.open_stream(stream_name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| corrupt(format!("工作簿数据：{e}")))?;
    let scan = biff::scan(&stream)?;
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
            fill_merges(&mut cells, &merges);
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

fn hidden(name: String) -> Sheet {
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
/// or a value merged over several cells is seen wherever it stands.
fn fill_merges(cells: &mut Range<Data>, merges: &[Dimensions]) {
    let (Some(start), Some(end)) = (cells.start(), cells.end()) else {
        return;
    };
    for m in merges {
        if m.len() > 10_000 {
            continue;
        }
        let Some(v) = cells.get_value(m.start).cloned() else {
            continue;
        };
        if matches!(v, Data::Empty) {
            continue;
        }
        for r in m.start.0.max(start.0)..=m.end.0.min(end.0) {
            for c in m.start.1.max(start.1)..=m.end.1.min(end.1) {
                if (r, c) != m.start {
                    cells.set_value((r, c), v.clone());
                }
            }
        }
    }
}

// ---- .xlsx ------------------------------------------------------------------------------

fn open_xlsx(bytes: &[u8]) -> Result<Workbook, Refusal> {
    {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| corrupt(format!("压缩包：{e}")))?;
        let mut total = 0u64;
        for i in 0..zip.len() {
            let f = zip
                .by_index_raw(i)
                .map_err(|e| corrupt(format!("压缩包：{e}")))?;
            total = total.saturating_add(f.size());
        }
        if total > MAX_UNZIPPED_BYTES {
            return Err(Refusal::file(format!(
                "文件解压后过大（{} MB），远超自评表的规模，不予读取",
                total / (1024 * 1024)
            )));
        }
    }
    let mut xlsx: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsxError::Password => Refusal::file(ENCRYPTED),
            e => corrupt(e),
        })?;
    let meta = sheet_list(xlsx.sheets_metadata());
    let mut sheets = Vec::new();
    for (name, visible, worksheet) in meta {
        if !visible || !worksheet {
            sheets.push(hidden(name));
            continue;
        }
        let (cells, uncached) = read_xlsx_sheet(&mut xlsx, &name)?;
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
/// importer asks only when a return reads incomplete without them.
pub fn fill_xlsx_merges(wb: &mut Workbook, bytes: &[u8]) {
    if wb.format != Format::Xlsx {
        return;
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return;
    };
    let merges = xlsx_merges(&mut zip);
    for sheet in wb.sheets.iter_mut().filter(|s| s.visible) {
        if let Some(m) = merges.get(&sheet.name) {
            fill_merges(&mut sheet.cells, m);
        }
    }
}

/// Each worksheet's merged regions, by sheet name: `xl/workbook.xml` names the sheets, its
/// relationships give their parts, and only the `<mergeCells>` element of each part is read
/// (calamine's own reader tokenizes every cell again to find it).
fn xlsx_merges<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> HashMap<String, Vec<Dimensions>> {
    let mut out = HashMap::new();
    let read = |zip: &mut zip::ZipArchive<R>, name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        if f.size() > MAX_SHEET_BYTES {
            return None;
        }
        let mut s = String::new();
        f.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(wb), Some(rels)) = (
        read(zip, "xl/workbook.xml"),
        read(zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return out;
    };
    let targets: HashMap<String, String> = xml_elements(&rels, "Relationship")
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.clone(), a.get("Target")?.clone())))
        .collect();
    for a in xml_elements(&wb, "sheet") {
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
        let Some(xml) = read(zip, &path) else {
            continue;
        };
        let merges = match xml.find("<mergeCells") {
            Some(at) => xml_elements(&xml[at..], "mergeCell")
                .iter()
                .filter_map(|a| parse_ref(a.get("ref")?))
                .collect(),
            None => Vec::new(),
        };
        out.insert(name.clone(), merges);
    }
    out
}

/// The attributes of every element named `tag` in an XML text (unescaped).
fn xml_elements(xml: &str, tag: &str) -> Vec<HashMap<String, String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == tag => {
                let attrs = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key: &str = a.key.as_ref();
                        let key = key.to_string();
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
    out
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

/// Streams a sheet's cells, refusing it as soon as it grows past a return's size.
fn read_xlsx_sheet(
    xlsx: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<(Range<Data>, Vec<Uncached>), Refusal> {
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
    let mut bbox = BBox::default();
    let mut bytes = 0u64;
    while let Some(cell) = reader
        .next_cell_with_formula()
        .map_err(|e| corrupt(format!("工作表“{name}”：{e}")))?
    {
        let value: Data = cell.value.into();
        let empty =
            matches!(&value, Data::Empty) || matches!(&value, Data::String(s) if s.is_empty());
        if let (true, Some(f)) = (empty, cell.formula) {
            if !f.is_empty() {
                uncached.push((cell.pos, f));
            }
        }
        if matches!(value, Data::Empty) {
            continue;
        }
        if let Data::String(s) = &value {
            bytes += s.len() as u64;
        }
        bbox.add(cell.pos);
        bbox.check(name, bytes)?;
        cells.push(calamine::Cell::new(cell.pos, value));
    }
    Ok((Range::from_sparse(cells), uncached))
}

/// The bounding box of the cells read so far.
#[derive(Default)]
struct BBox {
    min: Option<(u32, u32)>,
    max: (u32, u32),
}

impl BBox {
    fn add(&mut self, (r, c): (u32, u32)) {
        let (r0, c0) = self.min.unwrap_or((r, c));
        self.min = Some((r0.min(r), c0.min(c)));
        self.max = (self.max.0.max(r), self.max.1.max(c));
    }

    fn check(&self, sheet: &str, bytes: u64) -> Result<(), Refusal> {
        let Some((r0, c0)) = self.min else {
            return Ok(());
        };
        let rows = (self.max.0 - r0) as u64 + 1;
        let cols = (self.max.1 - c0) as u64 + 1;
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

// ---- a light BIFF walk, before calamine reads the file ------------------------------------

mod biff {
    use super::{corrupt, too_large, Refusal, ENCRYPTED, MAX_CELLS, MAX_ROWS};

    pub struct Scan {
        /// The globals' BOF says BIFF8 (Excel 97 and later).
        pub biff8: bool,
    }

    fn u16_at(d: &[u8], i: usize) -> Option<u16> {
        d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32_at(d: &[u8], i: usize) -> Option<u32> {
        d.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Records from `pos`: (offset, type, data).
    fn records(
        stream: &[u8],
        mut pos: usize,
    ) -> impl Iterator<Item = Result<(usize, u16, &[u8]), Refusal>> + '_ {
        std::iter::from_fn(move || {
            if pos + 4 > stream.len() {
                return None;
            }
            let typ = u16_at(stream, pos)?;
            let len = u16_at(stream, pos + 2)? as usize;
            let start = pos + 4;
            let Some(data) = stream.get(start..start + len) else {
                pos = stream.len();
                return Some(Err(corrupt("记录被截断")));
            };
            let at = pos;
            pos = start + len;
            Some(Ok((at, typ, data)))
        })
    }

    /// Checks the globals (encryption, version) and each worksheet's declared and real
    /// extent, so that calamine never builds a huge grid.
    pub fn scan(stream: &[u8]) -> Result<Scan, Refusal> {
        let mut biff8 = false;
        let mut sheets: Vec<(usize, String)> = Vec::new();
        let mut first = true;
        for rec in records(stream, 0) {
            let (_, typ, data) = rec?;
            if first {
                if typ != 0x0809 {
                    return Err(corrupt("缺少 BOF 记录"));
                }
                biff8 = u16_at(data, 0) == Some(0x0600);
                first = false;
                continue;
            }
            match typ {
                0x002F => return Err(Refusal::file(ENCRYPTED)),
                0x0085 => {
                    let pos = u32_at(data, 0).unwrap_or(0) as usize;
                    sheets.push((pos, sheet_name(data, biff8)));
                }
                0x000A => break,
                _ => {}
            }
        }
        if first {
            return Err(corrupt("工作簿数据为空"));
        }
        for (pos, name) in sheets {
            if pos >= stream.len() {
                return Err(corrupt(format!("工作表“{name}”的位置超出文件")));
            }
            scan_sheet(stream, pos, &name)?;
        }
        Ok(Scan { biff8 })
    }

    fn sheet_name(data: &[u8], biff8: bool) -> String {
        let cch = data.get(6).copied().unwrap_or(0) as usize;
        if biff8 {
            let high = data.get(7).is_some_and(|f| f & 1 == 1);
            if high {
                let units: Vec<u16> = (0..cch).filter_map(|i| u16_at(data, 8 + 2 * i)).collect();
                String::from_utf16_lossy(&units)
            } else {
                data.get(8..8 + cch)
                    .map(|b| b.iter().map(|&c| c as char).collect())
                    .unwrap_or_default()
            }
        } else {
            data.get(7..7 + cch)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        }
    }

    fn scan_sheet(stream: &[u8], pos: usize, name: &str) -> Result<(), Refusal> {
        let mut depth = 0usize;
        let mut min: Option<(u32, u32)> = None;
        let mut max = (0u32, 0u32);
        let mut add = |r: u32, c: u32| {
            let (r0, c0) = min.unwrap_or((r, c));
            min = Some((r0.min(r), c0.min(c)));
            max = (max.0.max(r), max.1.max(c));
        };
        for rec in records(stream, pos) {
            let (_, typ, data) = rec?;
            match typ {
                0x0809 => depth += 1,
                0x000A => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ if depth > 1 => {}
                0x0200 => {
                    // DIMENSIONS: first row, last row + 1 (u32 in BIFF8), first col, last col + 1.
                    let (rows, cols) = if data.len() >= 12 {
                        let r = u32_at(data, 4)
                            .unwrap_or(0)
                            .saturating_sub(u32_at(data, 0).unwrap_or(0));
                        let c = u16_at(data, 10)
                            .unwrap_or(0)
                            .saturating_sub(u16_at(data, 8).unwrap_or(0));
                        (r as u64, c as u64)
                    } else {
                        let r = u16_at(data, 2)
                            .unwrap_or(0)
                            .saturating_sub(u16_at(data, 0).unwrap_or(0));
                        let c = u16_at(data, 6)
                            .unwrap_or(0)
                            .saturating_sub(u16_at(data, 4).unwrap_or(0));
                        (r as u64, c as u64)
                    };
                    if rows > MAX_ROWS as u64 + 20 || rows * cols > MAX_CELLS {
                        return Err(too_large(name, format!("声明 {rows} 行 × {cols} 列")));
                    }
                }
                // Cell records: row, col first.
                0x0006 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x00D6 => {
                    let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        return Err(corrupt("单元格记录不完整"));
                    };
                    add(r as u32, c as u32);
                }
                // MULRK: row, first col, …, last col at the end.
                0x00BD => {
                    let (Some(r), Some(c0), Some(c1)) = (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
                    ) else {
                        return Err(corrupt("单元格记录不完整"));
                    };
                    add(r as u32, c0 as u32);
                    add(r as u32, c1 as u32);
                }
                _ => {}
            }
        }
        if let Some((r0, c0)) = min {
            let rows = (max.0 - r0) as u64 + 1;
            let cols = (max.1 - c0) as u64 + 1;
            if rows > MAX_ROWS as u64 {
                return Err(too_large(name, format!("超过 {MAX_ROWS} 行")));
            }
            if rows * cols > MAX_CELLS {
                return Err(too_large(name, format!("数据区域 {rows} 行 × {cols} 列")));
            }
        }
        Ok(())
    }
}
