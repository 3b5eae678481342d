//! `.xlsx` and `.ods` packages checked before calamine opens them. calamine reads several
//! parts whole when it opens a workbook (shared strings, styles, the workbook and its
//! relationships; all of an `.ods`'s sheets) and sizes allocations from what they declare
//! (`uniqueCount`, repeated rows and columns, …). Here each of those parts is streamed
//! once, the way calamine will read it, and every count it would allocate from is checked
//! against the file's budget.

use super::budget::{
    count, over, Budget, MAX_CELL_RECORDS, MAX_PART_ELEMENTS, MAX_SHEETS, MAX_STRINGS,
    MAX_STYLE_BYTES, MAX_TEXT_BYTES, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES,
};
use super::workbook::{corrupt, too_large, Refusal, MAX_CELLS, MAX_ROWS};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufReader, Cursor};

pub type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;
type Xml<'z, 'a> = quick_xml::Reader<BufReader<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>;

/// The entries of a package, found by name calamine's way (ASCII case and `\` ignored).
pub struct Package {
    by_name: HashMap<String, Vec<usize>>,
}

impl Package {
    /// Is there an entry of this name (ASCII case ignored)?
    pub fn has(&self, path: &str) -> bool {
        !self.find(path).is_empty()
    }

    /// The entries calamine may open for `path`.
    fn find(&self, path: &str) -> Vec<usize> {
        self.by_name
            .get(&path.replace('\\', "/").to_ascii_lowercase())
            .cloned()
            .unwrap_or_default()
    }
}

/// How many central-directory headers the bytes hold: the zip reader can list no more
/// entries than that, so this bounds what it allocates for the list.
pub fn check_entries(bytes: &[u8]) -> Result<(), Refusal> {
    // Each takes at least 46 bytes: a small file cannot hold too many.
    if bytes.len() as u64 / 46 <= MAX_ZIP_ENTRIES {
        return Ok(());
    }
    let n = bytes.windows(4).filter(|w| *w == b"PK\x01\x02").count() as u64;
    count(None, n, MAX_ZIP_ENTRIES, "压缩包中的条目")
}

/// Opens a package, checking its entry count and what its entries decompress to. The zip
/// reader stops an entry at its declared size (reading past it is an error), so the declared
/// sizes bound what any reader of this package can decompress.
pub fn open(bytes: &[u8]) -> Result<(Zip<'_>, Package), Refusal> {
    check_entries(bytes)?;
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(format!("压缩包：{e}")))?;
    let mut declared = 0u64;
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| corrupt(format!("压缩包：{e}")))?;
        declared = declared.saturating_add(f.size());
        by_name
            .entry(
                f.name()
                    .map(|n| n.replace('\\', "/").to_ascii_lowercase())
                    .unwrap_or_default(),
            )
            .or_default()
            .push(i);
    }
    if declared > MAX_UNZIPPED_BYTES {
        return Err(over(
            None,
            format!(
                "解压后 {} MB，上限 {} MB",
                declared / (1024 * 1024),
                MAX_UNZIPPED_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok((zip, Package { by_name }))
}

/// An XML reader over an entry, configured as calamine configures its own.
fn xml<'z, 'a>(zip: &'z mut Zip<'a>, i: usize) -> Option<Xml<'z, 'a>> {
    let f = zip.by_index(i).ok()?;
    let mut r = quick_xml::Reader::from_reader(BufReader::new(f));
    let c = r.config_mut();
    c.check_end_names = false;
    c.trim_text(false);
    c.check_comments = false;
    c.expand_empty_elements = true;
    Some(r)
}

/// Calls `f` on each element of an entry's XML, counting every element against the budget
/// of the package's structure (`elements`, shared by the parts read).
fn each_element(
    zip: &mut Zip,
    i: usize,
    elements: &mut u64,
    mut f: impl FnMut(&BytesStart) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    let Some(mut r) = xml(zip, i) else {
        return Ok(());
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                *elements += 1;
                count(None, *elements, MAX_PART_ELEMENTS, "工作簿结构元素")?;
                f(&e)?;
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// An attribute's raw value by its exact key.
fn attr<'e>(e: &'e BytesStart, key: &str) -> Option<std::borrow::Cow<'e, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value)
}

/// An attribute's value, unescaped.
fn text(v: &str) -> String {
    quick_xml::escape::unescape(v)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| v.to_string())
}

/// Is this workbook one kaoping wrote (its export, found by its document property)?
pub fn is_own_export(zip: &mut Zip, pkg: &Package) -> bool {
    let own = crate::own_export::OWN_EXPORT_PROPERTY;
    for i in pkg.find("docProps/custom.xml") {
        let Some(mut r) = xml(zip, i) else { continue };
        let mut buf = Vec::new();
        let mut seen = 0u64;
        loop {
            buf.clear();
            match r.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => {
                    seen += 1;
                    if e.local_name().as_ref() == "property"
                        && attr(&e, "name").is_some_and(|v| text(&v) == own)
                    {
                        return true;
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            if seen > MAX_PART_ELEMENTS {
                break;
            }
        }
    }
    false
}

/// The parts of an `.xlsx` that calamine reads when it opens it, checked; and the parts of
/// its visible worksheets, which must be distinct (two sheets naming one part would read it
/// twice).
pub fn check_xlsx(zip: &mut Zip, pkg: &Package) -> Result<(), Refusal> {
    let mut elements = 0u64;
    // Where the workbook is (calamine's read_package_relationships).
    let (mut xl_path, mut wb_name) = ("xl/".to_string(), "workbook.xml".to_string());
    for i in pkg.find("_rels/.rels") {
        let mut target = None;
        each_element(zip, i, &mut elements, |e| {
            if e.local_name().as_ref() == "Relationship"
                && attr(e, "Type").is_some_and(|t| t.ends_with("/relationships/officeDocument"))
            {
                if let Some(t) = attr(e, "Target") {
                    target = Some(text(&t));
                }
            }
            Ok(())
        })?;
        if let Some(t) = target {
            let (dir, name) = match t.rfind('/') {
                Some(i) => t.split_at(i + 1),
                None => ("", t.as_str()),
            };
            xl_path = dir.strip_prefix('/').unwrap_or(dir).to_string();
            if !name.is_empty() {
                wb_name = name.to_string();
            }
        }
    }
    // The workbook's relationships: id → targets.
    let mut rels: HashMap<String, Vec<String>> = HashMap::new();
    for i in pkg.find(&format!("{xl_path}_rels/{wb_name}.rels")) {
        each_element(zip, i, &mut elements, |e| {
            if e.local_name().as_ref() == "Relationship" {
                if let (Some(id), Some(t)) = (attr(e, "Id"), attr(e, "Target")) {
                    rels.entry(id.into_owned())
                        .or_default()
                        .push(t.into_owned());
                }
            }
            Ok(())
        })?;
    }
    // The workbook: its sheets, and the parts of the visible ones.
    let mut sheets = 0u64;
    let mut read_by: HashMap<usize, String> = HashMap::new();
    for i in pkg.find(&format!("{xl_path}{wb_name}")) {
        each_element(zip, i, &mut elements, |e| {
            if e.local_name().as_ref() != "sheet" {
                return Ok(());
            }
            sheets += 1;
            count(None, sheets, MAX_SHEETS, "工作表")?;
            let mut name = String::new();
            let mut visible = true;
            let mut parts = Vec::new();
            for a in e.attributes().with_checks(false).flatten() {
                let key = a.key.as_ref();
                if key == "name" {
                    name = text(&a.value);
                } else if key == "state" {
                    visible = a.value.as_ref() == "visible";
                } else if key == "id" || key.ends_with(":id") {
                    for t in rels.get(a.value.as_ref()).into_iter().flatten() {
                        let path = match t.strip_prefix('/') {
                            Some(abs) => abs.to_string(),
                            None => format!("{xl_path}{t}"),
                        };
                        parts.extend(pkg.find(&path));
                    }
                }
            }
            if !visible {
                return Ok(());
            }
            parts.sort_unstable();
            parts.dedup();
            for p in parts {
                if let Some(first) = read_by.insert(p, name.clone()) {
                    return Err(over(
                        Some(&name),
                        format!("与工作表“{first}”指向同一份数据"),
                    ));
                }
            }
            Ok(())
        })?;
    }
    // (The theme is read into a fixed palette: nothing to check.)
    for i in pkg.find(&format!("{xl_path}sharedStrings.xml")) {
        shared_strings(zip, i)?;
    }
    for i in pkg.find(&format!("{xl_path}styles.xml")) {
        styles(zip, i)?;
    }
    Ok(())
}

/// The shared-string table: its declared count (calamine reserves that many entries before
/// reading one), its entries, and their text. An entry takes at least 5 bytes (`<si/>`), so
/// a small table cannot hold too many: then only the declared count is read.
fn shared_strings(zip: &mut Zip, i: usize) -> Result<(), Refusal> {
    let small = zip
        .by_index_raw(i)
        .is_ok_and(|f| f.size() <= MAX_STRINGS * 5 && f.size() <= MAX_TEXT_BYTES);
    let Some(mut r) = xml(zip, i) else {
        return Ok(());
    };
    let mut buf = Vec::new();
    let mut entries = 0u64;
    let mut bytes = 0u64;
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "sst" => {
                    if let Some(v) = attr(&e, "uniqueCount") {
                        // calamine parses it as digits (leading zeros allowed) and reserves.
                        let digits = v.as_bytes();
                        if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
                            let s = v.trim_start_matches('0');
                            let n = if s.len() > 18 {
                                u64::MAX
                            } else {
                                s.parse::<u64>().unwrap_or(0)
                            };
                            if n > MAX_STRINGS {
                                return Err(over(
                                    None,
                                    format!(
                                        "共享字符串表声明 {} 项，上限 {MAX_STRINGS} 项",
                                        if s.len() > 18 {
                                            s.to_string()
                                        } else {
                                            n.to_string()
                                        }
                                    ),
                                ));
                            }
                        }
                    }
                    if small {
                        return Ok(());
                    }
                }
                "si" => {
                    entries += 1;
                    count(None, entries, MAX_STRINGS, "共享字符串")?;
                }
                _ => {}
            },
            Ok(Event::Text(t)) => bytes += t.len() as u64,
            Ok(Event::CData(t)) => bytes += t.len() as u64,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        if bytes > MAX_TEXT_BYTES {
            return Err(over(
                None,
                format!("共享字符串合计超过 {} MB", MAX_TEXT_BYTES / (1024 * 1024)),
            ));
        }
    }
    Ok(())
}

/// The style table as calamine builds it: every cell format (`xf`) becomes a style that
/// copies its font (with its name) and its number format code.
fn styles(zip: &mut Zip, i: usize) -> Result<(), Refusal> {
    // A part of n bytes holds at most n / 5 elements, none with an attribute longer than n:
    // a small one cannot be over.
    let n = zip.by_index_raw(i).map_or(u64::MAX, |f| f.size());
    if (n / 5).saturating_mul(160 + 2 * n) + 2 * n <= MAX_STYLE_BYTES {
        return Ok(());
    }
    let Some(mut r) = xml(zip, i) else {
        return Ok(());
    };
    let mut buf = Vec::new();
    let (mut fonts, mut fills, mut borders, mut xfs, mut other) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut longest = 0u64;
    let mut attr_bytes = 0u64;
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                match e.local_name().as_ref() {
                    "font" => fonts += 1,
                    "fill" => fills += 1,
                    "border" => borders += 1,
                    "xf" => xfs += 1,
                    _ => other += 1,
                }
                for a in e.attributes().with_checks(false).flatten() {
                    longest = longest.max(a.value.len() as u64);
                    attr_bytes += a.value.len() as u64;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        let estimate = fonts * (64 + longest)
            + fills * 16
            + borders * 40
            + xfs * (160 + 2 * longest)
            + other * 16
            + 2 * attr_bytes;
        if estimate > MAX_STYLE_BYTES {
            return Err(over(
                None,
                format!(
                    "样式表过大：{xfs} 个单元格格式、{fonts} 种字体，最长的属性 {longest} 字节"
                ),
            ));
        }
    }
    Ok(())
}

// ---- .ods: content.xml, as calamine's ods.rs reads it -------------------------------------

/// calamine's limits on repeats (rows of a sheet, columns of a row).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// One row as read: cells pushed, the non-empty ones (first and last, for values and for
/// formulas), the text they hold, and how many times the row repeats.
struct Row {
    len: u64,
    data: Option<(u64, u64)>,
    formula: Option<(u64, u64)>,
    data_bytes: u64,
    formula_bytes: u64,
    repeats: u64,
}

fn widen(span: &mut Option<(u64, u64)>, from: u64, to: u64) {
    *span = Some(match *span {
        Some((a, b)) => (a.min(from), b.max(to)),
        None => (from, to),
    });
}

/// The grid calamine's `get_range` makes of a sheet's rows: rows × columns, and the text
/// its copies of repeated rows hold.
fn ods_grid(rows: &[Row], formulas: bool) -> (u64, u64, u64) {
    let pick = |r: &Row| {
        if formulas {
            (r.formula, r.formula_bytes)
        } else {
            (r.data, r.data_bytes)
        }
    };
    let nonempty: Vec<usize> = (0..rows.len())
        .filter(|&i| pick(&rows[i]).0.is_some())
        .collect();
    let (Some(&first), Some(&last)) = (nonempty.first(), nonempty.last()) else {
        return (0, 0, 0);
    };
    let (mut c0, mut c1) = (u64::MAX, 0);
    for &i in &nonempty {
        let (a, b) = pick(&rows[i]).0.unwrap_or((0, 0));
        c0 = c0.min(a);
        c1 = c1.max(b);
    }
    let width = c1 + 1 - c0;
    let mut expanded = 0u64;
    let mut text = 0u64;
    for row in &rows[first..=last] {
        expanded = expanded.saturating_add(row.repeats);
        if pick(row).0.is_some() {
            text = text.saturating_add(row.repeats.saturating_mul(pick(row).1));
        }
    }
    // It reserves one grid row per row record before expanding the repeats.
    let records = (last - first + 1) as u64;
    (expanded.max(records), width, text)
}

/// content.xml: every sheet's rows and cells as calamine will build them.
pub fn check_ods(zip: &mut Zip) -> Result<(), Refusal> {
    let Some(i) = zip.index_for_name("content.xml") else {
        return Ok(());
    };
    let Some(mut r) = xml(zip, i) else {
        return Ok(());
    };
    let mut budget = Budget::default();
    let mut buf = Vec::new();
    let mut elements = 0u64;
    let mut tables = 0u64;
    loop {
        buf.clear();
        let ev = r.read_event_into(&mut buf);
        match ev {
            Ok(Event::Start(e)) => {
                let name = e.name();
                match name.as_ref() {
                    "style:table-properties" | "table:named-range" | "table:named-expression" => {
                        elements += 1;
                        count(None, elements, MAX_PART_ELEMENTS, "样式和命名区域")?;
                    }
                    "table:table" => {
                        if let Some(n) = attr(&e, "table:name") {
                            let sheet = text(&n);
                            tables += 1;
                            count(None, tables, MAX_SHEETS, "工作表")?;
                            ods_table(&mut r, &sheet, &mut budget)?;
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Ok(())
}

fn parse_repeat(v: Option<std::borrow::Cow<str>>) -> u64 {
    match v {
        // calamine fails on what does not parse; then nothing more is allocated.
        Some(v) => text(&v).trim().parse::<u64>().unwrap_or(1),
        None => 1,
    }
}

fn ods_table(r: &mut Xml, sheet: &str, budget: &mut Budget) -> Result<(), Refusal> {
    let hang = || corrupt(format!("工作表“{sheet}”不完整"));
    let mut rows: Vec<Row> = Vec::new();
    let mut total_rows = 0u64;
    let mut pushed = 0u64;
    let mut text_bytes = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table-row" => {
                let repeats = parse_repeat(attr(&e, "table:number-rows-repeated"));
                let capped = repeats.min(ODS_MAX_ROWS.saturating_sub(total_rows));
                total_rows = total_rows.saturating_add(capped);
                let mut row = ods_row(r, sheet, &mut text_bytes)?;
                row.repeats = capped;
                pushed += row.len + 1;
                if pushed > MAX_CELL_RECORDS {
                    return Err(over(
                        Some(sheet),
                        format!("单元格记录合计超过 {MAX_CELL_RECORDS} 个"),
                    ));
                }
                if text_bytes > MAX_TEXT_BYTES {
                    return Err(over(
                        Some(sheet),
                        format!("文字内容合计超过 {} MB", MAX_TEXT_BYTES / (1024 * 1024)),
                    ));
                }
                rows.push(row);
            }
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => break,
            // calamine reads on at the end of the file for ever: it must not get there.
            Ok(Event::Eof) => return Err(hang()),
            Err(_) => break,
            _ => {}
        }
    }
    budget.records(sheet, pushed)?;
    budget.text(Some(sheet), text_bytes)?;
    let (rows_n, cols_n, copies) = ods_grid(&rows, false);
    if rows_n > MAX_ROWS as u64 {
        return Err(too_large(sheet, format!("超过 {MAX_ROWS} 行")));
    }
    if rows_n.saturating_mul(cols_n) > MAX_CELLS {
        return Err(too_large(
            sheet,
            format!("数据区域 {rows_n} 行 × {cols_n} 列"),
        ));
    }
    budget.grid(sheet, (rows_n, cols_n), 32, 2)?;
    budget.text(Some(sheet), copies)?;
    let (rows_f, cols_f, copies) = ods_grid(&rows, true);
    budget.grid(sheet, (rows_f, cols_f), 24, 1)?;
    budget.text(Some(sheet), copies)?;
    Ok(())
}

/// One cell's value and formula as calamine's get_datatype reads them: (value non-empty,
/// its text, formula text). Reads the cell's content when calamine does.
fn ods_cell(r: &mut Xml, e: &BytesStart, sheet: &str) -> Result<(bool, u64, u64, bool), Refusal> {
    let mut is_string = false;
    let mut is_error = false;
    let mut value_set = false;
    let mut value = false;
    let mut value_bytes = 0u64;
    let mut formula = 0u64;
    for a in e.attributes().with_checks(false).flatten() {
        match a.key.as_ref() {
            "office:value" if !value_set => {
                value = true;
                value_set = true;
            }
            "office:string-value" | "office:date-value" | "office:time-value" if !value_set => {
                value = true;
                value_bytes = a.value.len() as u64;
                value_set = true;
            }
            "office:boolean-value" if !value_set => {
                value = true;
                value_set = true;
            }
            "office:value-type" if !value_set => is_string = a.value.as_ref() == "string",
            "calcext:value-type" => is_error = a.value.as_ref() == "error",
            "table:formula" => formula = a.value.len() as u64,
            _ => {}
        }
    }
    if !((!value_set && is_string) || (is_error && value && value_bytes == 0)) {
        return Ok((value, value_bytes, formula, false));
    }
    // The content is the value.
    let hang = || corrupt(format!("工作表“{sheet}”不完整"));
    let mut s = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Text(t)) => s += t.len() as u64,
            Ok(Event::GeneralRef(_)) => s += 4,
            Ok(Event::End(e))
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                return Ok((true, s, formula, true));
            }
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "office:annotation" => loop {
                    buf.clear();
                    match r.read_event_into(&mut buf) {
                        Ok(Event::End(e)) if e.name().as_ref() == "office:annotation" => break,
                        // calamine reads on at the end of the file for ever.
                        Ok(Event::Eof) => return Err(hang()),
                        Err(_) => return Ok((true, s, formula, true)),
                        _ => {}
                    }
                },
                "text:s" => s = s.saturating_add(parse_repeat(attr(&e, "text:c"))),
                _ => s += 1,
            },
            Ok(Event::Eof) | Err(_) => return Ok((true, s, formula, true)),
            _ => {}
        }
        if s > MAX_TEXT_BYTES {
            return Err(over(
                Some(sheet),
                format!("单元格文字超过 {} MB", MAX_TEXT_BYTES / (1024 * 1024)),
            ));
        }
    }
}

fn ods_row(r: &mut Xml, sheet: &str, text_bytes: &mut u64) -> Result<Row, Refusal> {
    let mut row = Row {
        len: 0,
        data: None,
        formula: None,
        data_bytes: 0,
        formula_bytes: 0,
        repeats: 1,
    };
    let mut empty_repeats = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e))
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let e = e.into_owned();
                let repeats = parse_repeat(attr(&e, "table:number-columns-repeated"));
                let (value, vbytes, fbytes, closed) = ods_cell(r, &e, sheet)?;
                // Empty cells before this one are pushed now (calamine defers them).
                let capped = empty_repeats.min(ODS_MAX_COLUMNS.saturating_sub(row.len));
                row.len += capped;
                empty_repeats = 0;
                let capped = repeats.min(ODS_MAX_COLUMNS.saturating_sub(row.len));
                if !value && fbytes == 0 {
                    empty_repeats = capped;
                } else if capped > 0 {
                    let (a, b) = (row.len, row.len + capped - 1);
                    if value {
                        widen(&mut row.data, a, b);
                    }
                    if fbytes > 0 {
                        widen(&mut row.formula, a, b);
                    }
                    // The cell's text (grown, at most twice) and a copy per repeat.
                    row.data_bytes = row.data_bytes.saturating_add(capped.saturating_mul(vbytes));
                    row.formula_bytes = row
                        .formula_bytes
                        .saturating_add(capped.saturating_mul(fbytes));
                    *text_bytes = text_bytes
                        .saturating_add(2 * (vbytes + fbytes))
                        .saturating_add(capped.saturating_mul(vbytes + fbytes));
                    row.len += capped;
                }
                if !closed {
                    let mut skip = Vec::new();
                    if r.read_to_end_into(e.name(), &mut skip).is_err() {
                        return Ok(row);
                    }
                }
                if *text_bytes > MAX_TEXT_BYTES {
                    return Err(over(
                        Some(sheet),
                        format!("文字内容合计超过 {} MB", MAX_TEXT_BYTES / (1024 * 1024)),
                    ));
                }
            }
            // calamine stops at anything else (and at the end of the row).
            _ => return Ok(row),
        }
    }
}
