//! Reading an HTML page as a workbook, as reporting systems export "Excel": each `<table>` is
//! a sheet, named by its `<caption>` or its position (`表格1`, `表格2`, …); `rowspan` and
//! `colspan` are merged regions; `<br>` is a line break in the cell; character references are
//! decoded by the tokenizer; only text is read (no script, no style, nothing fetched).
//!
//! A table inside a cell of another is a sheet of its own, numbered in the order the tables
//! start; its text is not repeated in the outer cell.
//!
//! The page is tokenized as a stream (html5gum, a WHATWG tokenizer): no document tree is
//! built, so deep nesting of other elements costs nothing, and every table, row, cell and
//! span is counted against the file's budget as it comes, before anything is kept for it.

use super::budget::{self, Budget};
use super::grid::{at_cell, SheetBuilder, MAX_CELL_CHARS, MAX_COLS};
use super::workbook::{too_large, Format, Refusal, Workbook, MAX_ROWS, SAVE_AS};
use calamine::Data;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// Tables open one inside another.
pub const MAX_DEPTH: usize = 16;
/// A cell's `colspan` (the HTML standard's own limit: browsers read a larger one as 1000).
pub const MAX_COLSPAN: u64 = 1000;
/// The places of all tables' grids, as laid out (each cell's span, and each place passed
/// over for a cell spanning rows from above).
pub const MAX_SLOTS: u64 = 2_000_000;
/// How much of the page is searched for its `<meta charset>` (the HTML standard says 1024
/// bytes; Excel's own pages put styles before it).
const PRESCAN: usize = 4096;

/// The name of an encoding as shown to an evaluator.
pub fn encoding_name(enc: &'static Encoding) -> &'static str {
    match enc.name() {
        "gb18030" => "GB18030",
        name => name,
    }
}

/// The encoding a byte order mark, or the layout of UTF-16 text without one (`<` and a zero
/// byte), tells; UTF-8 otherwise.
pub fn text_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    match bytes {
        [b'<', 0, ..] => UTF_16LE,
        [0, b'<', ..] => UTF_16BE,
        _ => UTF_8,
    }
}

/// The page's encoding: from its byte order mark, else from its `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, else UTF-8.
pub fn encoding(bytes: &[u8]) -> &'static Encoding {
    if Encoding::for_bom(bytes).is_some() || text_encoding(bytes) != UTF_8 {
        return text_encoding(bytes);
    }
    declared(&bytes[..bytes.len().min(PRESCAN)]).unwrap_or(UTF_8)
}

/// The encoding a `<meta>` element of `head` declares (the tokenizer reads the ASCII of
/// any ASCII-compatible encoding alike).
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    #[derive(PartialEq)]
    enum Attr {
        Charset,
        HttpEquiv,
        Content,
        Other,
    }
    let mut meta = false;
    let mut attr = Attr::Other;
    let (mut charset, mut content): (Option<Vec<u8>>, Option<Vec<u8>>) = (None, None);
    let mut content_type = false;
    let mut emitter = CallbackEmitter::new(
        |ev: CallbackEvent<'_>, _: Span<()>| -> Option<&'static Encoding> {
            match ev {
                CallbackEvent::OpenStartTag { name } => {
                    meta = name == b"meta";
                    (charset, content, content_type) = (None, None, false);
                    attr = Attr::Other;
                }
                CallbackEvent::AttributeName { name } if meta => {
                    attr = match name {
                        b"charset" => Attr::Charset,
                        b"http-equiv" => Attr::HttpEquiv,
                        b"content" => Attr::Content,
                        _ => Attr::Other,
                    };
                }
                CallbackEvent::AttributeValue { value } if meta => match attr {
                    Attr::Charset if charset.is_none() => charset = Some(value.to_vec()),
                    Attr::Content if content.is_none() => content = Some(value.to_vec()),
                    Attr::HttpEquiv => {
                        content_type = value.trim_ascii().eq_ignore_ascii_case(b"content-type")
                    }
                    _ => {}
                },
                CallbackEvent::CloseStartTag { .. } if meta => {
                    meta = false;
                    let label = match (&charset, &content) {
                        (Some(c), _) => Some(c.as_slice()),
                        (None, Some(c)) if content_type => charset_in_content(c),
                        _ => None,
                    };
                    if let Some(enc) = label.and_then(Encoding::for_label) {
                        // As the HTML standard says: a page whose meta was read as ASCII is
                        // not UTF-16, and x-user-defined is windows-1252.
                        return Some(match enc {
                            e if e == UTF_16LE || e == UTF_16BE => UTF_8,
                            e if e == X_USER_DEFINED => WINDOWS_1252,
                            e => e,
                        });
                    }
                }
                _ => {}
            }
            None
        },
    );
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(head, emitter)
        .next()
        .and_then(|r| r.ok())
}

/// The `charset=` of a `content` attribute (the HTML standard's algorithm for extracting a
/// character encoding from a meta element).
fn charset_in_content(content: &[u8]) -> Option<&[u8]> {
    let lower = content.to_ascii_lowercase();
    let mut from = 0;
    loop {
        let at = lower[from..].windows(7).position(|w| w == b"charset")? + from + 7;
        let mut i = at;
        while content.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if content.get(i) != Some(&b'=') {
            from = at;
            continue;
        }
        i += 1;
        while content.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        return match content.get(i)? {
            q @ (b'"' | b'\'') => {
                let rest = &content[i + 1..];
                let end = rest.iter().position(|c| c == q)?;
                Some(&rest[..end])
            }
            _ => {
                let rest = &content[i..];
                let end = rest
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || *c == b';')
                    .unwrap_or(rest.len());
                Some(&rest[..end])
            }
        };
    }
}

/// Reads the page's tables as sheets.
pub fn open(bytes: &[u8], enc: &'static Encoding) -> Result<Workbook, Refusal> {
    let (text, _, _) = enc.decode(bytes);
    let mut page = Page::default();
    {
        let mut emitter =
            CallbackEmitter::new(|ev: CallbackEvent<'_>, _: Span<()>| -> Option<Refusal> {
                page.event(ev).err()
            });
        emitter.naively_switch_states(true);
        // The first refusal stops the reading.
        if let Some(Ok(refusal)) = Tokenizer::new_with_emitter(text.as_ref(), emitter).next() {
            return Err(refusal);
        }
    }
    drop(text);
    while let Some(table) = page.tables.pop() {
        page.done.push(table.finish(&mut page.ctx)?);
    }
    if page.done.is_empty() {
        return Err(Refusal::file(format!(
            "这是网页（HTML）格式的文件，其中没有表格，不是 Excel 工作簿；{SAVE_AS}"
        )));
    }
    page.done.sort_by_key(|(index, _)| *index);
    let mut seen = std::collections::HashSet::new();
    let mut sheets = Vec::with_capacity(page.done.len());
    for (index, mut sheet) in page.done {
        if !seen.insert(sheet.name.clone()) {
            sheet.name = format!("{}（表格{}）", sheet.name, index + 1);
            seen.insert(sheet.name.clone());
        }
        sheets.push(sheet);
    }
    Ok(Workbook {
        format: Format::Html(enc),
        sheets,
    })
}

/// What the whole page has used.
#[derive(Default)]
struct Ctx {
    budget: Budget,
    slots: u64,
}

impl Ctx {
    fn slots(&mut self, sheet: &str, n: u64) -> Result<(), Refusal> {
        self.slots = self.slots.saturating_add(n);
        if self.slots > MAX_SLOTS {
            return Err(budget::over(
                Some(sheet),
                format!("表格的单元格合计超过 {MAX_SLOTS} 个"),
            ));
        }
        Ok(())
    }
}

/// The elements the reader acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    Table,
    Caption,
    Row,
    Cell,
    /// `thead`, `tbody`, `tfoot`: a rowspan ends with its group.
    Group,
    Br,
    /// Elements that start a new line of text.
    Block,
    /// Elements whose text is not shown (script, style, title, …).
    Hidden(&'static str),
    Other,
}

impl Name {
    fn of(name: &[u8]) -> Name {
        match name {
            b"table" => Name::Table,
            b"caption" => Name::Caption,
            b"tr" => Name::Row,
            b"td" | b"th" => Name::Cell,
            b"thead" | b"tbody" | b"tfoot" => Name::Group,
            b"br" => Name::Br,
            b"p" | b"div" | b"li" | b"ul" | b"ol" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5"
            | b"h6" | b"pre" | b"blockquote" | b"hr" => Name::Block,
            b"script" => Name::Hidden("script"),
            b"style" => Name::Hidden("style"),
            b"title" => Name::Hidden("title"),
            b"xmp" => Name::Hidden("xmp"),
            b"iframe" => Name::Hidden("iframe"),
            b"noembed" => Name::Hidden("noembed"),
            b"noframes" => Name::Hidden("noframes"),
            b"noframe" => Name::Hidden("noframe"),
            b"noscript" => Name::Hidden("noscript"),
            _ => Name::Other,
        }
    }
}

/// The start tag being read, with the attributes that matter.
struct Tag {
    name: Name,
    attr: Option<&'static str>,
    colspan: Option<u64>,
    rowspan: Option<u64>,
    num: Option<f64>,
}

/// The HTML standard's rules for parsing a non-negative integer: leading white space, an
/// optional `+`, digits; `None` when there are no digits. Saturates instead of overflowing.
fn span_value(v: &[u8]) -> Option<u64> {
    let v = v.trim_ascii_start();
    let v = v.strip_prefix(b"+").unwrap_or(v);
    let digits = v.iter().take_while(|c| c.is_ascii_digit()).count();
    (digits > 0).then(|| {
        v[..digits].iter().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add((d - b'0') as u64)
        })
    })
}

#[derive(Default)]
struct Page {
    /// The tables open, innermost last.
    tables: Vec<TableBuilder>,
    /// The tables read, with their position among all tables.
    done: Vec<(usize, super::workbook::Sheet)>,
    started: usize,
    tag: Option<Tag>,
    /// Inside an element whose text is not shown: its name.
    hidden: Option<&'static str>,
    ctx: Ctx,
}

impl Page {
    fn event(&mut self, ev: CallbackEvent<'_>) -> Result<(), Refusal> {
        match ev {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = Some(Tag {
                    name: Name::of(name),
                    attr: None,
                    colspan: None,
                    rowspan: None,
                    num: None,
                });
            }
            CallbackEvent::AttributeName { name } => {
                if let Some(t) = &mut self.tag {
                    t.attr = match name {
                        b"colspan" => Some("colspan"),
                        b"rowspan" => Some("rowspan"),
                        // Excel's own HTML: a number cell's value beside its shown text.
                        b"x:num" => Some("x:num"),
                        _ => None,
                    };
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(t) = &mut self.tag {
                    // The first of two attributes of one name counts (as in the standard).
                    match t.attr.take() {
                        Some("colspan") if t.colspan.is_none() => t.colspan = span_value(value),
                        Some("rowspan") if t.rowspan.is_none() => t.rowspan = span_value(value),
                        Some("x:num") if t.num.is_none() && value.len() <= 64 => {
                            t.num = std::str::from_utf8(value)
                                .ok()
                                .and_then(|s| s.trim().parse::<f64>().ok())
                                .filter(|n| n.is_finite());
                        }
                        _ => {}
                    }
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                if let Some(tag) = self.tag.take() {
                    self.start(tag)?;
                }
            }
            CallbackEvent::EndTag { name } => {
                self.tag = None;
                self.end(Name::of(name))?;
            }
            CallbackEvent::String { value } if self.hidden.is_none() => {
                if let Some(t) = self.tables.last_mut() {
                    t.text(&String::from_utf8_lossy(value))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag) -> Result<(), Refusal> {
        if self.hidden.is_some() {
            return Ok(());
        }
        if tag.name == Name::Table {
            if self.tables.len() >= MAX_DEPTH {
                return Err(budget::over(None, format!("表格嵌套超过 {MAX_DEPTH} 层")));
            }
            self.started += 1;
            budget::count(
                None,
                self.started as u64,
                budget::MAX_SHEETS,
                "表格（工作表）",
            )?;
            self.tables.push(TableBuilder::new(self.started - 1));
            return Ok(());
        }
        if let Name::Hidden(name) = tag.name {
            self.hidden = Some(name);
            return Ok(());
        }
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let ctx = &mut self.ctx;
        match tag.name {
            Name::Caption => {
                t.close_row(ctx)?;
                t.in_caption = true;
            }
            Name::Row => t.start_row(ctx)?,
            Name::Cell => t.start_cell(&tag, ctx)?,
            Name::Group => t.end_group(ctx)?,
            Name::Br => t.line_break(true),
            Name::Block => t.line_break(false),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: Name) -> Result<(), Refusal> {
        if let Some(hidden) = self.hidden {
            if name == Name::Hidden(hidden) {
                self.hidden = None;
            }
            return Ok(());
        }
        if name == Name::Table {
            if let Some(t) = self.tables.pop() {
                let done = t.finish(&mut self.ctx)?;
                self.done.push(done);
            }
            return Ok(());
        }
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let ctx = &mut self.ctx;
        match name {
            Name::Caption => t.in_caption = false,
            Name::Row => t.close_row(ctx)?,
            Name::Cell => t.close_cell(ctx)?,
            Name::Group => t.end_group(ctx)?,
            // `</br>` is read as `<br>` by browsers.
            Name::Br => t.line_break(true),
            Name::Block => t.line_break(false),
            _ => {}
        }
        Ok(())
    }
}

/// A cell being read.
struct OpenCell {
    pos: (u32, u32),
    text: String,
    /// White space seen since the last character kept.
    space: bool,
    num: Option<f64>,
}

impl OpenCell {
    /// Text as a browser shows it: runs of white space are one space; line breaks are kept.
    fn push(&mut self, s: &str, sheet: &str) -> Result<(), Refusal> {
        for ch in s.chars() {
            if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                self.space = !self.text.is_empty();
                continue;
            }
            if std::mem::take(&mut self.space) && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.text.push(ch);
            if self.text.len() > 4 * MAX_CELL_CHARS {
                return Err(at_cell(
                    sheet,
                    self.pos,
                    format!("单元格文字超过 {MAX_CELL_CHARS} 个字符"),
                ));
            }
        }
        Ok(())
    }
}

struct TableBuilder {
    index: usize,
    sheet: SheetBuilder,
    /// The row being read.
    row: Option<u32>,
    /// Rows started so far.
    rows: u32,
    /// The next column of the row being read.
    col: u32,
    /// Per column: the first row no longer covered by a cell spanning rows from above.
    covered: Vec<u32>,
    cell: Option<OpenCell>,
    in_caption: bool,
    caption: String,
    /// The first merged region, and the first row, of the row group being read.
    group_merges: usize,
}

impl TableBuilder {
    fn new(index: usize) -> Self {
        TableBuilder {
            index,
            sheet: SheetBuilder::new(format!("表格{}", index + 1)),
            row: None,
            rows: 0,
            col: 0,
            covered: Vec::new(),
            cell: None,
            in_caption: false,
            caption: String::new(),
            group_merges: 0,
        }
    }

    fn text(&mut self, s: &str) -> Result<(), Refusal> {
        if let Some(cell) = &mut self.cell {
            return cell.push(s, &self.sheet.name);
        }
        if self.in_caption && self.caption.len() < 1024 {
            self.caption.push_str(s);
        }
        Ok(())
    }

    fn line_break(&mut self, hard: bool) {
        // Past a cell's limit the text is refused with its next character; breaks alone
        // are not kept past it.
        if let Some(cell) = &mut self.cell {
            let room = cell.text.len() <= 4 * MAX_CELL_CHARS;
            if room && (hard || !(cell.text.is_empty() || cell.text.ends_with('\n'))) {
                cell.text.push('\n');
            }
            cell.space = false;
        } else if self.in_caption && self.caption.len() < 1024 {
            self.caption.push(' ');
        }
    }

    fn start_row(&mut self, ctx: &mut Ctx) -> Result<(), Refusal> {
        self.close_row(ctx)?;
        self.in_caption = false;
        if self.rows >= MAX_ROWS {
            return Err(too_large(&self.sheet.name, format!("超过 {MAX_ROWS} 行")));
        }
        self.row = Some(self.rows);
        self.rows += 1;
        self.col = 0;
        Ok(())
    }

    fn close_row(&mut self, ctx: &mut Ctx) -> Result<(), Refusal> {
        self.close_cell(ctx)?;
        self.row = None;
        Ok(())
    }

    fn start_cell(&mut self, tag: &Tag, ctx: &mut Ctx) -> Result<(), Refusal> {
        self.close_cell(ctx)?;
        let row = match self.row {
            Some(r) => r,
            None => {
                self.start_row(ctx)?;
                self.rows - 1
            }
        };
        let name = &self.sheet.name;
        // Pass over the places covered by cells spanning rows from above.
        let mut x = self.col;
        while self.covered.get(x as usize).is_some_and(|&end| end > row) {
            x += 1;
            ctx.slots(name, 1)?;
        }
        let colspan = match tag.colspan {
            None | Some(0) => 1,
            Some(n) if n > MAX_COLSPAN => {
                return Err(at_cell(
                    name,
                    (row, x),
                    format!("colspan={n}，超过 {MAX_COLSPAN}"),
                ))
            }
            Some(n) => n as u32,
        };
        let rowspan = match tag.rowspan {
            None | Some(1) => 1,
            Some(n) if n > MAX_ROWS as u64 => {
                return Err(at_cell(
                    name,
                    (row, x),
                    format!("rowspan={n}，超过 {MAX_ROWS} 行"),
                ))
            }
            // 0: to the end of the row group (cut there, as any span is).
            Some(0) => MAX_ROWS,
            Some(n) => n as u32,
        };
        if x as u64 + colspan as u64 > MAX_COLS as u64 {
            return Err(at_cell(name, (row, x), format!("表格超过 {MAX_COLS} 列")));
        }
        ctx.slots(name, colspan as u64)?;
        let last_col = x + colspan - 1;
        if rowspan > 1 {
            if self.covered.len() <= last_col as usize {
                self.covered.resize(last_col as usize + 1, 0);
            }
            let end = row.saturating_add(rowspan);
            for c in &mut self.covered[x as usize..=last_col as usize] {
                *c = end;
            }
        }
        if rowspan > 1 || colspan > 1 {
            let last_row = row.saturating_add(rowspan - 1).min(MAX_ROWS - 1);
            self.sheet.merge((row, x), (last_row, last_col))?;
        }
        self.col = last_col + 1;
        self.cell = Some(OpenCell {
            pos: (row, x),
            text: String::new(),
            space: false,
            num: tag.num,
        });
        Ok(())
    }

    fn close_cell(&mut self, ctx: &mut Ctx) -> Result<(), Refusal> {
        let Some(cell) = self.cell.take() else {
            return Ok(());
        };
        let value = match cell.num {
            Some(n) => Data::Float(n),
            None => Data::String(cell.text.trim_matches(char::is_whitespace).to_string()),
        };
        self.sheet.put(cell.pos, value, &mut ctx.budget)
    }

    /// The end of a row group: cells spanning rows stop at its last row.
    fn end_group(&mut self, ctx: &mut Ctx) -> Result<(), Refusal> {
        self.close_row(ctx)?;
        let last = self.rows.saturating_sub(1);
        for m in &mut self.sheet.merges[self.group_merges..] {
            m.end.0 = m.end.0.min(last);
        }
        self.group_merges = self.sheet.merges.len();
        self.covered.clear();
        Ok(())
    }

    fn finish(mut self, ctx: &mut Ctx) -> Result<(usize, super::workbook::Sheet), Refusal> {
        self.end_group(ctx)?;
        let caption: String = self
            .caption
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(31)
            .collect();
        if !caption.is_empty() {
            self.sheet.name = caption;
        }
        Ok((self.index, self.sheet.finish(&mut ctx.budget)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str) -> Result<Workbook, Refusal> {
        open(html.as_bytes(), UTF_8)
    }

    fn text(wb: &Workbook, sheet: usize, pos: (u32, u32)) -> String {
        match wb.sheets[sheet].cells.get_value(pos) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => format!("{f}"),
            Some(Data::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        }
    }

    #[test]
    fn encodings_from_bom_meta_and_content_type() {
        assert_eq!(encoding(b"\xEF\xBB\xBF<html>"), UTF_8);
        assert_eq!(encoding(b"\xFF\xFE<\0h\0"), UTF_16LE);
        assert_eq!(encoding(b"<\0h\0t\0"), UTF_16LE);
        assert_eq!(encoding(b"\0<\0h\0t"), UTF_16BE);
        assert_eq!(
            encoding(b"<html><head><meta charset=gbk></head>").name(),
            "GBK"
        );
        assert_eq!(
            encoding(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">")
                .name(),
            "GBK"
        );
        assert_eq!(
            encoding(b"<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=\"GB18030\"'>"),
            encoding_rs::GB18030
        );
        // A content without http-equiv is no declaration; a UTF-16 label read as ASCII is
        // UTF-8; an unknown label is passed over.
        assert_eq!(encoding(b"<meta content=\"charset=gbk\">"), UTF_8);
        assert_eq!(encoding(b"<meta charset=utf-16>"), UTF_8);
        assert_eq!(
            encoding(b"<meta charset=klingon><meta charset=gbk>").name(),
            "GBK"
        );
        assert_eq!(encoding(b"<table>"), UTF_8);
        assert_eq!(encoding_name(encoding_rs::GB18030), "GB18030");
    }

    #[test]
    fn spans_become_merged_regions_and_fill_their_cells() {
        let wb = read(
            "<table><caption> 自评表 </caption>\
             <tr><td colspan=3>标题</td></tr>\
             <tr><td rowspan=2>甲</td><td>1</td><td>2</td></tr>\
             <tr><td>3</td><td>4</td></tr>\
             <tr><td>乙<td>5<td>6</tr></table>",
        )
        .unwrap();
        assert_eq!(wb.sheets[0].name, "自评表");
        assert_eq!(text(&wb, 0, (0, 2)), "标题");
        assert_eq!(text(&wb, 0, (2, 0)), "甲");
        assert_eq!(text(&wb, 0, (2, 1)), "3");
        assert_eq!(text(&wb, 0, (3, 0)), "乙");
        assert_eq!(text(&wb, 0, (3, 2)), "6");
    }

    #[test]
    fn a_rowspan_ends_with_its_row_group() {
        let wb = read(
            "<table><thead><tr><td rowspan=5>表头</td><td>a</td></tr></thead>\
             <tbody><tr><td>x</td><td>y</td></tr></tbody></table>",
        )
        .unwrap();
        assert_eq!(text(&wb, 0, (1, 0)), "x");
        assert_eq!(text(&wb, 0, (1, 1)), "y");
    }

    #[test]
    fn text_breaks_entities_and_hidden_text() {
        let wb = read(
            "<style>td{color:red}</style><script>document.write('<td>x</td>')</script>\
             <table><tr><td>  自评\n  <br>得分 </td><td>A&amp;B&nbsp;&lt;1&gt; &#x4E00;</td>\
             <td><p>一</p><p>二</p></td><td x:num=\"43343\">2018/8/31</td></tr></table>",
        )
        .unwrap();
        assert_eq!(wb.sheets.len(), 1);
        assert_eq!(text(&wb, 0, (0, 0)), "自评\n得分");
        assert_eq!(text(&wb, 0, (0, 1)), "A&B\u{a0}<1> 一");
        assert_eq!(text(&wb, 0, (0, 2)), "一\n二");
        assert_eq!(text(&wb, 0, (0, 3)), "43343");
    }

    #[test]
    fn nested_tables_are_sheets_of_their_own() {
        let wb = read(
            "<table><tr><td>外<table><tr><td>内</td></tr></table>层</td><td>2</td></tr></table>\
             <table><caption>自评表</caption><tr><td>3</td></tr></table>",
        )
        .unwrap();
        let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["表格1", "表格2", "自评表"]);
        assert_eq!(text(&wb, 0, (0, 0)), "外层");
        assert_eq!(text(&wb, 0, (0, 1)), "2");
        assert_eq!(text(&wb, 1, (0, 0)), "内");
    }

    #[test]
    fn a_page_without_a_table_is_refused_with_the_advice() {
        let r = read("<html><body><p>导出失败</p></body></html>").unwrap_err();
        assert!(r.message.contains("没有表格"), "{r:?}");
        assert!(r.message.contains("另存为 .xlsx"), "{r:?}");
    }

    #[test]
    fn spans_and_depth_past_the_budget_are_refused() {
        let r = read("<table><tr><td colspan=100000>x</td></tr></table>").unwrap_err();
        assert!(r.message.contains("colspan=100000"), "{r:?}");
        assert_eq!(r.at.as_deref(), Some("表格1!A1"));
        let r = read("<table><tr><td>a<td rowspan=65534>x</td></tr></table>").unwrap_err();
        assert!(r.message.contains("rowspan=65534"), "{r:?}");
        assert_eq!(r.at.as_deref(), Some("表格1!B1"));
        let deep = "<table><tr><td>".repeat(MAX_DEPTH + 1);
        assert!(read(&deep).unwrap_err().message.contains("嵌套"));
        let wide = format!("<table><tr>{}</tr></table>", "<td colspan=1000>".repeat(17));
        assert!(read(&wide).unwrap_err().message.contains("16384 列"));
        let tall = format!("<table>{}</table>", "<tr><td>1".repeat(10_001));
        assert!(read(&tall).unwrap_err().message.contains("10000 行"));
        let many = "<table></table>".repeat(256);
        assert!(read(&many).unwrap_err().message.contains("255"));
    }
}
