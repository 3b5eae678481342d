//! Makers of hostile workbooks, as bytes: small files that declare (or expand to) far more
//! than a return, each aimed at one place where a reader sizes an allocation or a loop from
//! the file. Shared by `tests/it/hostile.rs` and `tests/it/mutation.rs`.
#![allow(dead_code)]

use std::io::Write;

// ---- zip packages -----------------------------------------------------------------------

/// A zip of `(name, content)` entries, deflated (`mimetype` of an `.ods` stored).
pub fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(data.len() > u32::MAX as usize / 2);
        w.start_file(*name, o).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An `.xlsx` of worksheets `(name, inner XML of <worksheet>)`, with optional shared strings
/// and styles parts.
pub fn xlsx(
    sheets: &[(String, String)],
    shared: Option<String>,
    styles: Option<String>,
) -> Vec<u8> {
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, inner)) in sheets.iter().enumerate() {
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{}" r:id="rId{}"/>"#,
            i + 1,
            i + 1
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{}.xml"/>"#,
            i + 1,
            i + 1
        ));
        entries.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            worksheet(inner).into_bytes(),
        ));
    }
    wb.push_str("</sheets></workbook>");
    let n = sheets.len();
    if shared.is_some() {
        rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#, n + 1));
    }
    if styles.is_some() {
        rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#, n + 2));
    }
    rels.push_str("</Relationships>");
    let mut all: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml".into(), wb.into_bytes()),
        ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()),
    ];
    if let Some(s) = shared {
        all.push(("xl/sharedStrings.xml".into(), s.into_bytes()));
    }
    if let Some(s) = styles {
        all.push(("xl/styles.xml".into(), s.into_bytes()));
    }
    all.extend(entries);
    let refs: Vec<(&str, Vec<u8>)> = all.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    zip(&refs)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn worksheet(inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{inner}</worksheet>"#
    )
}

/// `<sheetData>` with inline-string cells `(ref, text)`.
pub fn sheet_data(cells: &[(&str, &str)]) -> String {
    let mut s = String::from("<sheetData>");
    for (r, t) in cells {
        let row: String = r.chars().filter(|c| c.is_ascii_digit()).collect();
        s.push_str(&format!(
            r#"<row r="{row}"><c r="{r}" t="inlineStr"><is><t>{t}</t></is></c></row>"#
        ));
    }
    s.push_str("</sheetData>");
    s
}

/// A one-sheet `.xlsx` whose shared-string table declares `count` entries (and holds one).
pub fn xlsx_unique_count(count: &str) -> Vec<u8> {
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="{count}"><si><t>编号</t></si></sst>"#
    );
    let sheet = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#;
    xlsx(&[("自评表".into(), sheet.into())], Some(sst), None)
}

/// `n` sheets, each with a cell at A1 and a stray one at GR9000 (1.8 million cells each).
pub fn xlsx_stray_sheets(n: usize) -> Vec<u8> {
    let sheets: Vec<(String, String)> = (0..n)
        .map(|i| (format!("S{i}"), sheet_data(&[("A1", "x"), ("GR9000", "y")])))
        .collect();
    xlsx(&sheets, None, None)
}

/// One sheet with data at A1 and at the corner of 9,000 rows × `w` columns, and `n` merged
/// regions of `h` rows × `w` columns, each starting with a text cell: filling them copies
/// the text into every cell they cover.
pub fn xlsx_merges(n: usize, h: u32, w: u32) -> Vec<u8> {
    let last = col_name(w);
    let mut inner = String::from("<sheetData>");
    for r in 1..=9000u32 {
        inner.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>合并</t></is></c>{}</row>"#,
            if r == 9000 {
                format!(r#"<c r="{last}{r}" t="inlineStr"><is><t>x</t></is></c>"#)
            } else {
                String::new()
            }
        ));
    }
    inner.push_str("</sheetData>");
    inner.push_str(&format!(r#"<mergeCells count="{n}">"#));
    for i in 0..n as u32 {
        let r = (i * h) % (9000 - h) + 1;
        inner.push_str(&format!(r#"<mergeCell ref="A{r}:{last}{}"/>"#, r + h - 1));
    }
    inner.push_str("</mergeCells>");
    xlsx(&[("自评表".into(), inner)], None, None)
}

/// Column letters of a 1-based column.
pub fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    while c > 0 {
        c -= 1;
        s.push(b'A' + (c % 26) as u8);
        c /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// A style table whose `xfs` cell formats each copy a font with a name of `name_len` bytes.
pub fn xlsx_styles(xfs: usize, name_len: usize) -> Vec<u8> {
    let name = "F".repeat(name_len);
    let mut st = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="{name}"/></font></fonts><cellXfs count="{xfs}">"#
    );
    for _ in 0..xfs {
        st.push_str(r#"<xf fontId="0"/>"#);
    }
    st.push_str("</cellXfs></styleSheet>");
    xlsx(
        &[("自评表".into(), sheet_data(&[("A1", "编号")]))],
        None,
        Some(st),
    )
}

/// `n` sheets that all name the same worksheet part.
pub fn xlsx_same_part(n: usize) -> Vec<u8> {
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    for i in 0..n {
        wb.push_str(&format!(
            r#"<sheet name="S{i}" sheetId="{}" r:id="rId1"/>"#,
            i + 1
        ));
    }
    wb.push_str("</sheets></workbook>");
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    // Mostly padding, which decompresses to several MB and holds no cell.
    let sheet = worksheet(&format!(
        "<sheetData>{}</sheetData>",
        "<row/>".repeat(400_000)
    ));
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml", wb.into_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes().to_vec()),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ])
}

/// A sheet holding one text cell of `mb` MB, its part declaring (in the zip headers) a few
/// hundred bytes: a reader that trusts the headers decompresses it all.
pub fn xlsx_deflate_bomb(mb: usize) -> Vec<u8> {
    let big = format!(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row></sheetData>"#,
        " ".repeat(mb << 20)
    );
    let mut bytes = xlsx(&[("自评表".into(), big)], None, None);
    let name = b"xl/worksheets/sheet1.xml";
    // Local header (PK\x03\x04): uncompressed size at +22; central header (PK\x01\x02): +24.
    for (sig, off) in [(&b"PK\x03\x04"[..], 22usize), (&b"PK\x01\x02"[..], 24usize)] {
        let mut i = 0;
        while let Some(p) = find(&bytes[i..], sig) {
            let at = i + p;
            let name_at = if sig[2] == 3 { at + 30 } else { at + 46 };
            if bytes.get(name_at..name_at + name.len()) == Some(&name[..]) {
                bytes[at + off..at + off + 4].copy_from_slice(&300u32.to_le_bytes());
            }
            i = at + 4;
        }
    }
    bytes
}

/// The same text declared at its real size.
pub fn xlsx_deflate_honest(mb: usize) -> Vec<u8> {
    let big = format!(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row></sheetData>"#,
        " ".repeat(mb << 20)
    );
    xlsx(&[("自评表".into(), big)], None, None)
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// A zip of `n` empty entries beside a workbook.
pub fn xlsx_many_entries(n: usize) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
    ];
    for i in 0..n {
        entries.push((format!("x/{i}"), Vec::new()));
    }
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(a, b)| (a.as_str(), b.clone()))
        .collect();
    zip(&refs)
}

// ---- .ods -------------------------------------------------------------------------------

/// An `.ods` package around a `content.xml` body (the inside of `<office:spreadsheet>`).
pub fn ods(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    ods_raw(content)
}

/// An `.ods` package around a whole `content.xml`.
pub fn ods_raw(content: String) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
        ("content.xml", content.into_bytes()),
    ])
}

/// A row of `cols` copies of a number, repeated `rows` times, then a row with text (so that
/// the repeats lie inside the data and are expanded).
pub fn ods_repeats(rows: u64, cols: u64) -> Vec<u8> {
    ods(&format!(
        r#"<table:table table:name="自评表"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" office:value="1"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>编号</text:p></table:table-cell></table:table-row></table:table>"#
    ))
}

/// A cell whose text is `n` spaces, written as one `<text:s text:c="n"/>`.
pub fn ods_spaces(n: u64) -> Vec<u8> {
    ods(&format!(
        r#"<table:table table:name="自评表"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="{n}"/></text:p></table:table-cell></table:table-row></table:table>"#
    ))
}

/// A sheet that is never closed: the file ends inside it.
pub fn ods_unclosed() -> Vec<u8> {
    ods_raw(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table table:name="自评表"><table:table-row><table:table-cell/></table:table-row>"#
            .to_string(),
    )
}

// ---- .xls -------------------------------------------------------------------------------

/// A BIFF record.
pub fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend((data.len() as u16).to_le_bytes());
    v.extend(data);
    v
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = vec![0u8; 16];
    d[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
    d[2..4].copy_from_slice(&dt.to_le_bytes());
    rec(0x0809, &d)
}

/// DIMENSIONS (BIFF8): first row, last row + 1, first column, last column + 1.
pub fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(rf.to_le_bytes());
    d.extend(rl.to_le_bytes());
    d.extend(cf.to_le_bytes());
    d.extend(cl.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    rec(0x0200, &d)
}

/// A LABEL cell (BIFF8, compressed Latin-1 text).
pub fn label(r: u16, c: u16, s: &str) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(r.to_le_bytes());
    d.extend(c.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend((s.len() as u16).to_le_bytes());
    d.push(0);
    d.extend(s.as_bytes());
    rec(0x0204, &d)
}

/// A LABELSST cell.
pub fn label_sst(r: u16, c: u16, i: u32) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(r.to_le_bytes());
    d.extend(c.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(i.to_le_bytes());
    rec(0x00FD, &d)
}

/// A FORMULA cell with a numeric result and the given tokens.
pub fn formula(r: u16, c: u16, rgce: &[u8]) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(r.to_le_bytes());
    d.extend(c.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(1.0f64.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(0u32.to_le_bytes());
    d.extend((rgce.len() as u16).to_le_bytes());
    d.extend(rgce);
    rec(0x0006, &d)
}

/// A BIFF8 workbook stream: globals (with an optional SST record body and its CONTINUEs)
/// and the given sheets (records between BOF and EOF).
pub fn biff(sheets: &[(&str, Vec<u8>)], sst: Option<Vec<Vec<u8>>>) -> Vec<u8> {
    let bound = |pos: u32, name: &str| {
        let mut d = Vec::new();
        d.extend(pos.to_le_bytes());
        d.push(0);
        d.push(0);
        d.push(name.len() as u8);
        d.push(0);
        d.extend(name.as_bytes());
        rec(0x0085, &d)
    };
    let mut sst_bytes = Vec::new();
    if let Some(parts) = sst {
        for (i, p) in parts.iter().enumerate() {
            sst_bytes.extend(rec(if i == 0 { 0x00FC } else { 0x003C }, p));
        }
    }
    let globals_len = bof(5).len()
        + sheets.iter().map(|(n, _)| bound(0, n).len()).sum::<usize>()
        + sst_bytes.len()
        + 4;
    let mut out = bof(5);
    let mut pos = globals_len as u32;
    let mut bodies = Vec::new();
    for (name, body) in sheets {
        out.extend(bound(pos, name));
        let mut s = bof(0x10);
        s.extend(body);
        s.extend(rec(0x000A, &[]));
        pos += s.len() as u32;
        bodies.push(s);
    }
    out.extend(sst_bytes);
    out.extend(rec(0x000A, &[]));
    for b in bodies {
        out.extend(b);
    }
    out
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;

/// An OLE compound file (version 3, 512-byte sectors) holding one stream named `Workbook`
/// (padded to 4096 bytes, so that it lives in ordinary sectors).
pub fn cfb(stream: &[u8]) -> Vec<u8> {
    let mut stream = stream.to_vec();
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    let n_stream = stream.len().div_ceil(512);
    // FAT sectors needed for: FAT itself, one directory sector, the stream.
    let mut n_fat = 1;
    while n_fat * 128 < n_fat + 1 + n_stream {
        n_fat += 1;
    }
    assert!(n_fat <= 109);
    let dir = n_fat as u32;
    let first = dir + 1;
    let mut fat = vec![FREESECT; n_fat * 128];
    for f in fat.iter_mut().take(n_fat) {
        *f = 0xFFFF_FFFD;
    }
    fat[dir as usize] = ENDOFCHAIN;
    for i in 0..n_stream {
        let s = first as usize + i;
        fat[s] = if i + 1 == n_stream {
            ENDOFCHAIN
        } else {
            (s + 1) as u32
        };
    }
    let mut h = vec![0u8; 512];
    h[0..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    h[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    h[26..28].copy_from_slice(&3u16.to_le_bytes());
    h[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[30..32].copy_from_slice(&9u16.to_le_bytes());
    h[32..34].copy_from_slice(&6u16.to_le_bytes());
    h[44..48].copy_from_slice(&(n_fat as u32).to_le_bytes());
    h[48..52].copy_from_slice(&dir.to_le_bytes());
    h[56..60].copy_from_slice(&4096u32.to_le_bytes());
    h[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    h[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    for i in 0..109 {
        let v = if i < n_fat { i as u32 } else { FREESECT };
        h[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    let mut out = h;
    for f in &fat {
        out.extend(f.to_le_bytes());
    }
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1;
        e[68..72].copy_from_slice(&FREESECT.to_le_bytes());
        e[72..76].copy_from_slice(&FREESECT.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, 1, ENDOFCHAIN, 0));
    out.extend(entry("Workbook", 2, FREESECT, first, stream.len() as u32));
    out.extend(entry("", 0, FREESECT, 0, 0));
    out.extend(entry("", 0, FREESECT, 0, 0));
    out.extend(&stream);
    out.resize(512 + (n_fat + 1 + n_stream) * 512, 0);
    out
}

/// An `.xls` of sheets given as records.
pub fn xls(sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
    cfb(&biff(sheets, None))
}

/// A sheet whose DIMENSIONS has its first row past its last one and last column 0xFFFF.
pub fn xls_bad_dimensions() -> Vec<u8> {
    let mut body = dims(5, 1, 0, 0xFFFF);
    body.extend(label(0, 0, "x"));
    xls(&[("S", body)])
}

/// `n` sheets, each with a cell at A1 and a stray one at GR9000.
pub fn xls_stray_sheets(n: usize) -> Vec<u8> {
    let sheets: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            // No DIMENSIONS record (it is optional): only the cells tell the size.
            let mut b = label(0, 0, "x");
            b.extend(label(8999, 199, "y"));
            (format!("S{i}"), b)
        })
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = sheets
        .iter()
        .map(|(a, b)| (a.as_str(), b.clone()))
        .collect();
    xls(&refs)
}

/// One long shared string (`chars` characters, over CONTINUE records) that `cells` cells
/// name: each cell would hold its own copy.
pub fn xls_sst_copies(chars: usize, cells: usize) -> Vec<u8> {
    let mut first = Vec::new();
    first.extend(1u32.to_le_bytes());
    first.extend(1u32.to_le_bytes());
    first.extend((chars as u16).to_le_bytes());
    first.push(0);
    let mut parts = vec![first];
    let mut left = chars;
    let mut cur = parts.len() - 1;
    while left > 0 {
        let room = 8000usize.saturating_sub(parts[cur].len());
        if room == 0 {
            parts.push(vec![0]); // a CONTINUE starts with the high-byte flag
            cur += 1;
            continue;
        }
        let n = room.min(left);
        parts[cur].extend(std::iter::repeat_n(b'a', n));
        left -= n;
    }
    let mut body = dims(0, cells.div_ceil(10) as u32, 0, 10);
    for i in 0..cells {
        body.extend(label_sst((i / 10) as u16, (i % 10) as u16, 0));
    }
    cfb(&biff(&[("S", body)], Some(parts)))
}

/// Formulas whose tokens make calamine insert in front of all it has written, again and
/// again: a long text made of `strings` string constants of 255 Chinese characters joined
/// by `&`, then `spaces` space tokens of 255 spaces each, each space inserted at its front.
pub fn xls_formula_work(formulas: usize, strings: usize, spaces: usize) -> Vec<u8> {
    let mut rgce = Vec::new();
    for i in 0..strings {
        rgce.extend([0x17, 255, 1]);
        for _ in 0..255 {
            rgce.extend(0x4E2Du16.to_le_bytes());
        }
        if i > 0 {
            rgce.push(0x08);
        }
    }
    for _ in 0..spaces {
        rgce.extend([0x19, 0x40, 0x00, 255]);
    }
    let mut body = dims(0, formulas as u32, 0, 1);
    for r in 0..formulas {
        body.extend(formula(r as u16, 0, &rgce));
    }
    xls(&[("S", body)])
}

/// A FAT listed many times over by a chain of DIFAT sectors: the reader would copy one
/// sector once per listing (`mb` MB of file, ~128 × that copied).
pub fn xls_fat_copies(mb: usize) -> Vec<u8> {
    let mut bytes = xls(&[("S", label(0, 0, "x"))]);
    let base_sectors = bytes.len() / 512 - 1;
    let difat_sectors = (mb << 20) / 512;
    let first = base_sectors as u32;
    for i in 0..difat_sectors {
        let mut s = Vec::with_capacity(512);
        for _ in 0..127 {
            s.extend(0u32.to_le_bytes());
        }
        let next = if i + 1 == difat_sectors {
            ENDOFCHAIN
        } else {
            first + i as u32 + 1
        };
        s.extend(next.to_le_bytes());
        bytes.extend(s);
    }
    bytes[68..72].copy_from_slice(&first.to_le_bytes());
    bytes
}
