//! Reading Excel 2003 XML (SpreadsheetML, `<?mso-application progid="Excel.Sheet"?>`), as
//! reporting systems export "Excel": each `<Worksheet>` a sheet; rows and cells placed by
//! `ss:Index` where they give one; `ss:MergeAcross`/`ss:MergeDown` merged regions; `Number`,
//! `String`, `DateTime`, `Boolean` and `Error` data; a formula cell counts by its stored
//! result (its `<Data>`); a worksheet whose options say `<Visible>SheetHidden</Visible>` is
//! hidden.
//!
//! The XML is streamed (quick-xml): no tree is built, no entity is declared or expanded (a
//! document type that declares entities is refused, and a reference to an entity XML does
//! not predefine is a damaged file), and every sheet, row, cell, span and text is counted
//! against the file's budget as it comes.

use super::budget::{self, Budget};
use super::grid::{at_cell, SheetBuilder, MAX_CELL_CHARS, MAX_COLS};
use super::workbook::{corrupt, hidden, too_large, Format, Refusal, Sheet, Workbook, MAX_ROWS};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

/// Elements open one inside another (a workbook needs seven or eight).
pub const MAX_DEPTH: usize = 100;

/// The encoding: from the byte order mark, else from the XML declaration, else UTF-8.
fn encoding(bytes: &[u8]) -> &'static Encoding {
    let by_layout = super::html::text_encoding(bytes);
    if by_layout != UTF_8 || bytes.starts_with(b"\xEF\xBB\xBF") {
        return by_layout;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let mut reader = quick_xml::Reader::from_str(&head);
    let Ok(Event::Decl(decl)) = reader.read_event() else {
        return UTF_8;
    };
    match decl
        .encoding()
        .and_then(|e| e.ok())
        .and_then(|label| Encoding::for_label(label.as_bytes()))
    {
        // A declaration read as ASCII is not in UTF-16.
        Some(e) if e == UTF_16LE || e == UTF_16BE => UTF_8,
        Some(e) => e,
        None => UTF_8,
    }
}

/// A damaged file, with what the XML reader said (cut short: it quotes the file).
fn bad(e: impl std::fmt::Display) -> Refusal {
    let said: String = e.to_string().chars().take(200).collect();
    corrupt(format!("XML：{said}"))
}

/// The local name of an element or attribute (`ss:Index` → `Index`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The attributes of an element that matter, by local name (the first of two counts).
fn attrs<'a>(
    e: &'a BytesStart<'_>,
    wanted: &[&str],
) -> Result<Vec<Option<std::borrow::Cow<'a, str>>>, Refusal> {
    let mut out = vec![None; wanted.len()];
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(bad)?;
        let key = local(a.key.as_ref());
        if let Some(i) = wanted.iter().position(|w| *w == key) {
            if out[i].is_none() {
                let v = a.normalized_value(XmlVersion::Implicit1_0).map_err(bad)?;
                out[i] = Some(v);
            }
        }
    }
    Ok(out)
}

/// A 1-based index (`ss:Index`) or a span (`ss:MergeAcross`) as written; a value that is
/// not a whole number is a damaged file.
fn number(v: &Option<std::borrow::Cow<'_, str>>, what: &str) -> Result<Option<u64>, Refusal> {
    match v {
        None => Ok(None),
        Some(s) => {
            let s = s.trim();
            // Digits only; a value too large for u64 is still too large for a sheet.
            if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
                let s: String = s.chars().take(20).collect();
                return Err(corrupt(format!("XML：{what}=\"{s}\" 不是整数")));
            }
            Ok(Some(s.parse::<u64>().unwrap_or(u64::MAX)))
        }
    }
}

/// An Excel date-time serial (1900-based) from `2018-08-31T00:00:00.000`.
fn date_time(s: &str) -> Option<f64> {
    let s = s.trim();
    let dt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(Default::default()))
        })
        .ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(Default::default());
    let d = dt - epoch;
    Some(d.num_seconds() as f64 / 86_400.0)
}

/// A cell's value from its `<Data ss:Type>` and text.
fn value(kind: &str, text: String) -> Data {
    match kind {
        "Number" => match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Data::Float(n),
            _ => Data::String(text),
        },
        "DateTime" => match date_time(&text) {
            Some(serial) => Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            )),
            None => Data::String(text),
        },
        "Boolean" => match text.trim() {
            "1" | "true" | "TRUE" | "True" => Data::Bool(true),
            "0" | "false" | "FALSE" | "False" => Data::Bool(false),
            _ => Data::String(text),
        },
        "Error" => match text.trim().parse::<calamine::CellErrorType>() {
            Ok(e) => Data::Error(e),
            Err(_) => Data::String(text),
        },
        _ => Data::String(text),
    }
}

/// Where the reader is.
enum At {
    Outside,
    /// In a worksheet, outside its rows.
    Sheet,
    Row,
    Cell,
    /// In a cell's `<Data>`, at this depth (rich text may nest elements in it).
    Data(usize),
    /// In an element whose content is passed over (a cell's comment), at this depth.
    Skip(usize),
    /// In `<Visible>` of the worksheet's options.
    Visible,
}

struct SheetState {
    builder: SheetBuilder,
    hidden: bool,
    /// The row being read, and the next row.
    row: u32,
    next_row: u64,
    /// The next column of the row.
    col: u64,
    /// The cell being read: its place, formula, data type and text.
    cell: Option<CellState>,
    visible_text: String,
}

struct CellState {
    pos: (u32, u32),
    formula: Option<String>,
    kind: String,
    text: String,
    value: Option<Data>,
}

/// Reads an Excel 2003 XML workbook.
pub fn open(bytes: &[u8]) -> Result<Workbook, Refusal> {
    let enc = encoding(bytes);
    let (text, _, _) = enc.decode(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut budget = Budget::default();
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut depth = 0usize;
    let mut at = At::Outside;
    let mut sheet: Option<SheetState> = None;
    loop {
        let ev = reader.read_event().map_err(bad)?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if !empty {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(budget::over(None, format!("XML 嵌套超过 {MAX_DEPTH} 层")));
                }
            }
            let name = local(e.name().as_ref()).to_string();
            match (&mut at, name.as_str()) {
                (At::Outside, "Worksheet") => {
                    budget::count(None, sheets.len() as u64 + 1, budget::MAX_SHEETS, "工作表")?;
                    let a = attrs(e, &["Name"])?;
                    // At most 31 characters, as Excel allows.
                    let name = a[0]
                        .as_deref()
                        .map(|n| n.chars().take(31).collect::<String>())
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                    let state = SheetState {
                        builder: SheetBuilder::new(name),
                        hidden: false,
                        row: 0,
                        next_row: 0,
                        col: 0,
                        cell: None,
                        visible_text: String::new(),
                    };
                    if empty {
                        sheets.push(state.builder.finish(&mut budget)?);
                    } else {
                        sheet = Some(state);
                        at = At::Sheet;
                    }
                }
                (At::Sheet, "Row") => {
                    let s = sheet.as_mut().expect("in a sheet");
                    let a = attrs(e, &["Index", "Span"])?;
                    let row = match number(&a[0], "ss:Index")? {
                        Some(i) => i.saturating_sub(1),
                        None => s.next_row,
                    };
                    if row >= MAX_ROWS as u64 {
                        return Err(too_large(
                            &s.builder.name,
                            format!("第 {} 行，超过 {MAX_ROWS} 行", row.saturating_add(1)),
                        ));
                    }
                    let span = number(&a[1], "ss:Span")?.unwrap_or(0);
                    s.row = row as u32;
                    s.next_row = row.saturating_add(1).saturating_add(span);
                    s.col = 0;
                    if !empty {
                        at = At::Row;
                    }
                }
                (At::Sheet, "WorksheetOptions") => {}
                (At::Sheet, "Visible") if !empty => at = At::Visible,
                (At::Row, "Cell") => {
                    let s = sheet.as_mut().expect("in a sheet");
                    let a = attrs(e, &["Index", "MergeAcross", "MergeDown", "Formula"])?;
                    let col = match number(&a[0], "ss:Index")? {
                        Some(i) => i.saturating_sub(1),
                        None => s.col,
                    };
                    let row = s.row;
                    let name = &s.builder.name;
                    if col >= MAX_COLS as u64 {
                        return Err(too_large(
                            name,
                            format!("第 {} 列，超过 {MAX_COLS} 列", col.saturating_add(1)),
                        ));
                    }
                    let pos = (row, col as u32);
                    let across = number(&a[1], "ss:MergeAcross")?.unwrap_or(0);
                    let down = number(&a[2], "ss:MergeDown")?.unwrap_or(0);
                    if col.saturating_add(across) >= MAX_COLS as u64 {
                        return Err(at_cell(
                            name,
                            pos,
                            format!("ss:MergeAcross={across}，合并区域超过 {MAX_COLS} 列"),
                        ));
                    }
                    if (row as u64).saturating_add(down) >= MAX_ROWS as u64 {
                        return Err(at_cell(
                            name,
                            pos,
                            format!("ss:MergeDown={down}，合并区域超过 {MAX_ROWS} 行"),
                        ));
                    }
                    if across > 0 || down > 0 {
                        s.builder
                            .merge(pos, (row + down as u32, (col + across) as u32))?;
                    }
                    s.col = col + across + 1;
                    let formula = a[3]
                        .as_deref()
                        .map(|f| f.trim_start_matches('=').to_string())
                        .filter(|f| !f.is_empty());
                    let cell = CellState {
                        pos,
                        formula,
                        kind: String::new(),
                        text: String::new(),
                        value: None,
                    };
                    if empty {
                        end_cell(s, cell, &mut budget)?;
                    } else {
                        s.cell = Some(cell);
                        at = At::Cell;
                    }
                }
                (At::Cell, "Data") => {
                    let s = sheet.as_mut().expect("in a sheet");
                    let a = attrs(e, &["Type"])?;
                    let cell = s.cell.as_mut().expect("in a cell");
                    cell.kind = a[0].as_deref().unwrap_or("String").trim().to_string();
                    if empty {
                        cell.value = Some(value(&cell.kind, String::new()));
                    } else {
                        at = At::Data(depth);
                    }
                }
                (At::Cell, _) if !empty => at = At::Skip(depth),
                _ => {}
            }
            continue;
        }
        match ev {
            Event::End(e) => {
                let closing = depth;
                depth = depth.saturating_sub(1);
                let name = local(e.name().as_ref()).to_string();
                match (&mut at, name.as_str()) {
                    (At::Data(d), _) if *d == closing => {
                        let s = sheet.as_mut().expect("in a sheet");
                        let cell = s.cell.as_mut().expect("in a cell");
                        let text = std::mem::take(&mut cell.text);
                        cell.value = Some(value(&cell.kind, text));
                        at = At::Cell;
                    }
                    (At::Skip(d), _) if *d == closing => at = At::Cell,
                    (At::Cell, "Cell") => {
                        let s = sheet.as_mut().expect("in a sheet");
                        let cell = s.cell.take().expect("in a cell");
                        end_cell(s, cell, &mut budget)?;
                        at = At::Row;
                    }
                    (At::Row, "Row") => at = At::Sheet,
                    (At::Visible, "Visible") => {
                        let s = sheet.as_mut().expect("in a sheet");
                        s.hidden =
                            matches!(s.visible_text.trim(), "SheetHidden" | "SheetVeryHidden");
                        at = At::Sheet;
                    }
                    (At::Sheet, "Worksheet") => {
                        let s = sheet.take().expect("in a sheet");
                        sheets.push(if s.hidden {
                            hidden(s.builder.name)
                        } else {
                            s.builder.finish(&mut budget)?
                        });
                        at = At::Outside;
                    }
                    _ => {}
                }
            }
            Event::Text(t) => add_text(&mut at, &mut sheet, &t.xml10_content())?,
            Event::CData(t) => add_text(&mut at, &mut sheet, &t.xml10_content())?,
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(corrupt(format!("XML：未定义的实体 &{};", &*r)));
                        }
                    },
                    Err(e) => return Err(bad(e)),
                };
                add_text(&mut at, &mut sheet, &ch)?;
            }
            // Excel writes no document type; one that declares entities is refused whole.
            Event::DocType(d) if d.xml10_content().contains("<!ENTITY") => {
                return Err(Refusal::file(format!(
                    "{}（XML 文件声明了实体），不予读取；{}",
                    budget::OVER_BUDGET,
                    super::workbook::SAVE_AS
                )));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if sheet.is_some() || depth > 0 {
        return Err(corrupt("XML 文件不完整"));
    }
    if sheets.is_empty() {
        return Err(corrupt("XML 电子表格中没有工作表"));
    }
    Ok(Workbook {
        format: Format::Xml2003,
        sheets,
    })
}

/// Text inside a cell's data, or inside `<Visible>`.
fn add_text(at: &mut At, sheet: &mut Option<SheetState>, t: &str) -> Result<(), Refusal> {
    let Some(s) = sheet.as_mut() else {
        return Ok(());
    };
    match at {
        At::Data(_) => {
            let cell = s.cell.as_mut().expect("in a cell");
            if cell.text.len() + t.len() > 4 * MAX_CELL_CHARS {
                return Err(at_cell(
                    &s.builder.name,
                    cell.pos,
                    format!("单元格文字超过 {MAX_CELL_CHARS} 个字符"),
                ));
            }
            cell.text.push_str(t);
        }
        At::Visible if s.visible_text.len() + t.len() <= 64 => s.visible_text.push_str(t),
        _ => {}
    }
    Ok(())
}

/// A cell read: its value kept, or its formula when it has no stored result.
fn end_cell(s: &mut SheetState, cell: CellState, budget: &mut Budget) -> Result<(), Refusal> {
    let empty = match &cell.value {
        None | Some(Data::Empty) => true,
        Some(Data::String(t)) => t.is_empty(),
        Some(_) => false,
    };
    if empty {
        if let Some(f) = cell.formula {
            s.builder.uncached(cell.pos, f, budget)?;
        }
        return Ok(());
    }
    s.builder
        .put(cell.pos, cell.value.expect("a value"), budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:html="http://www.w3.org/TR/REC-html40">"#;

    fn book(body: &str) -> String {
        format!("{HEAD}{body}</Workbook>")
    }

    fn get(wb: &Workbook, sheet: usize, pos: (u32, u32)) -> Option<Data> {
        wb.sheets[sheet].cells.get_value(pos).cloned()
    }

    #[test]
    fn sparse_indices_merges_types_and_hidden_sheets() {
        let xml = book(
            r#"<Worksheet ss:Name="草稿"><Table><Row><Cell><Data ss:Type="String">旧</Data></Cell></Row></Table>
<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>
<ss:Worksheet ss:Name="自评表"><ss:Table>
<ss:Row><ss:Cell ss:MergeAcross="2"><ss:Data ss:Type="String">标题 &amp; 说明</ss:Data></ss:Cell></ss:Row>
<Row ss:Index="3"><Cell ss:Index="2"><Data ss:Type="Number">4.5</Data></Cell><Cell ss:MergeDown="1"><Data ss:Type="DateTime">2018-08-31T00:00:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
<Row><Cell ss:Index="4" ss:Formula="=RC[-2]*2"><Data ss:Type="Number">9</Data></Cell><Cell ss:Formula="=SUM(R1C1:R2C2)"/></Row>
<Row><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>加</B>粗&#10;行</ss:Data><Comment><ss:Data>批注</ss:Data></Comment></Cell></Row>
</ss:Table></ss:Worksheet>"#,
        );
        let wb = open(xml.as_bytes()).unwrap();
        assert_eq!(wb.format, Format::Xml2003);
        assert_eq!(wb.sheets.len(), 2);
        assert!(!wb.sheets[0].visible);
        assert_eq!(wb.sheets[1].name, "自评表");
        assert_eq!(
            get(&wb, 1, (0, 0)),
            Some(Data::String("标题 & 说明".into()))
        );
        assert_eq!(
            get(&wb, 1, (0, 2)),
            Some(Data::String("标题 & 说明".into()))
        );
        assert_eq!(get(&wb, 1, (2, 1)), Some(Data::Float(4.5)));
        let d = get(&wb, 1, (3, 2)).unwrap();
        assert_eq!(
            super::super::cells::date(&d),
            crate::domain::scoring::Field::Value(
                chrono::NaiveDate::from_ymd_opt(2018, 8, 31).unwrap()
            )
        );
        assert_eq!(get(&wb, 1, (2, 3)), Some(Data::Bool(true)));
        assert_eq!(get(&wb, 1, (3, 3)), Some(Data::Float(9.0)));
        assert_eq!(
            wb.sheets[1].uncached,
            vec![((3, 4), "SUM(R1C1:R2C2)".to_string())]
        );
        assert_eq!(get(&wb, 1, (4, 0)), Some(Data::String("加粗\n行".into())));
    }

    #[test]
    fn entities_are_never_expanded() {
        let lol = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table><Row><Cell><Data ss:Type="String">&lol2;</Data></Cell></Row></Table></Worksheet></Workbook>"#;
        let r = open(lol.as_bytes()).unwrap_err();
        assert!(r.message.contains("实体"), "{r:?}");
        let undeclared = book(
            r#"<Worksheet ss:Name="a"><Table><Row><Cell><Data ss:Type="String">&lol;</Data></Cell></Row></Table></Worksheet>"#,
        );
        let r = open(undeclared.as_bytes()).unwrap_err();
        assert!(r.message.contains("未定义的实体"), "{r:?}");
    }

    #[test]
    fn indices_and_spans_past_the_budget_are_refused() {
        let far = book(
            r#"<Worksheet ss:Name="a"><Table><Row ss:Index="16384000"><Cell><Data ss:Type="Number">1</Data></Cell></Row></Table></Worksheet>"#,
        );
        let r = open(far.as_bytes()).unwrap_err();
        assert!(r.message.contains("16384000"), "{r:?}");
        let wide = book(
            r#"<Worksheet ss:Name="a"><Table><Row><Cell ss:Index="99999999999999999999999"/></Row></Table></Worksheet>"#,
        );
        assert!(open(wide.as_bytes()).unwrap_err().message.contains("列"));
        let merge = book(
            r#"<Worksheet ss:Name="a"><Table><Row><Cell ss:MergeDown="1000000"><Data ss:Type="Number">1</Data></Cell></Row></Table></Worksheet>"#,
        );
        let r = open(merge.as_bytes()).unwrap_err();
        assert_eq!(r.at.as_deref(), Some("a!A1"), "{r:?}");
        let deep = book(&format!(
            r#"<Worksheet ss:Name="a"><Table><Row><Cell><Data ss:Type="String">{}</Data></Cell></Row></Table></Worksheet>"#,
            "<B>".repeat(200)
        ));
        assert!(open(deep.as_bytes()).unwrap_err().message.contains("嵌套"));
        let bad = book(r#"<Worksheet ss:Name="a"><Table><Row ss:Index="-1"/></Table></Worksheet>"#);
        assert!(open(bad.as_bytes()).unwrap_err().message.contains("损坏"));
    }

    #[test]
    fn declared_encodings_are_read() {
        let xml = book(
            r#"<Worksheet ss:Name="表"><Table><Row><Cell><Data ss:Type="String">广州海关</Data></Cell></Row></Table></Worksheet>"#,
        )
        .replace(r#"<?xml version="1.0"?>"#, r#"<?xml version="1.0" encoding="GBK"?>"#);
        let (gbk, _, _) = encoding_rs::GBK.encode(&xml);
        let wb = open(&gbk).unwrap();
        assert_eq!(wb.sheets[0].name, "表");
        assert_eq!(get(&wb, 0, (0, 0)), Some(Data::String("广州海关".into())));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in xml.replace("GBK", "UTF-16").encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let wb = open(&utf16).unwrap();
        assert_eq!(get(&wb, 0, (0, 0)), Some(Data::String("广州海关".into())));
    }
}
