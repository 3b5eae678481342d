//! A thin 公文 layer over docx-rs (GB/T 9704-2012): an A4 page with the standard margins,
//! the title in 2号 方正小标宋简体, the body in 3号 仿宋_GB2312 at a fixed line spacing,
//! headings of level 1 (一、) in 黑体 and of level 2 (（一）) in 楷体_GB2312, tables, and
//! page numbers `— 1 —` in 4号 宋体 on the outside of the page (right on odd pages, left on
//! even ones).
//!
//! Text goes in as plain text runs only, never as field codes or markup: XML escaping is
//! docx-rs's, and what XML cannot hold (control characters) is replaced by a visible symbol
//! first ([`crate::export::limits::xml_safe`]). The only field is the page number, made
//! here.

use crate::export::limits::{cut, xml_safe};
use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell,
    TableLayoutType, TableRow, VAlignType, WidthType,
};

/// The title's font (2号).
pub const TITLE_FONT: &str = "方正小标宋简体";
/// The body's font (3号).
pub const BODY_FONT: &str = "仿宋_GB2312";
/// Level-1 headings (一、).
pub const H1_FONT: &str = "黑体";
/// Level-2 headings (（一）).
pub const H2_FONT: &str = "楷体_GB2312";
/// Page numbers (4号).
pub const PAGE_FONT: &str = "宋体";
/// Latin letters and digits.
pub const LATIN_FONT: &str = "Times New Roman";

/// The fonts named in the runs, with the alternate name a word processor tries where the
/// font is missing (WPS and Word write the same), for the font table.
pub const FONTS: [(&str, &str); 5] = [
    (TITLE_FONT, "宋体"),
    (BODY_FONT, "仿宋"),
    (H1_FONT, "SimHei"),
    (H2_FONT, "楷体"),
    (PAGE_FONT, "SimSun"),
];

/// Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt.
const SIZE_2: usize = 44;
const SIZE_3: usize = 32;
const SIZE_4: usize = 28;
const SIZE_TABLE: usize = 24;

/// Twentieths of a point (twips) in a millimetre, × 100.
fn mm(tenths: i32) -> i32 {
    // 1 mm = 1440 / 25.4 twips; `tenths` of a millimetre, rounded.
    (tenths * 1440 * 10 + 1270) / 2540
}

/// A4 in twips.
const A4: (u32, u32) = (11906, 16838);
/// The body's line spacing, fixed: 22 lines in the 225 mm type area (28.95 pt).
const LINE: i32 = 579;
/// The title's line spacing, fixed (35 pt).
const TITLE_LINE: i32 = 700;
/// A table's line spacing, fixed (18 pt).
const TABLE_LINE: i32 = 360;
/// Two characters of the body (first-line indent).
const INDENT_2: i32 = 640;
/// The width of the type area in twips (210 − 28 − 26 = 156 mm).
pub const TEXT_WIDTH: usize = 8844;
/// The longest text put in one table cell (characters); longer text is cut with a mark.
const CELL_CHARS: usize = 2000;
/// The longest paragraph (characters).
const PARAGRAPH_CHARS: usize = 20_000;

/// How a table cell's text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A table: its header, the widths of its columns (twips, adding up to [`TEXT_WIDTH`]) and
/// its rows of cells with their alignment.
#[derive(Debug, Clone, Default)]
pub struct TableSpec {
    pub header: Vec<&'static str>,
    pub widths: Vec<usize>,
    pub rows: Vec<Vec<(String, Align)>>,
}

/// A document being laid out.
pub struct Gongwen {
    docx: Docx,
}

impl Default for Gongwen {
    fn default() -> Self {
        Gongwen::new()
    }
}

/// A run of plain text in a font and size (half-points): what XML cannot hold replaced,
/// line breaks kept as breaks, tabs as tabs.
fn runs(text: &str, font: &str, size: usize, bold: bool) -> Vec<Run> {
    let clean = xml_safe(text);
    let mut out = Vec::new();
    for (i, line) in clean.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let mut run = styled(Run::new(), font, size, bold);
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !part.is_empty() {
                run = run.add_text(part);
            }
        }
        out.push(run);
    }
    out
}

fn fonts(font: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(font)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

fn styled(run: Run, font: &str, size: usize, bold: bool) -> Run {
    let run = run.fonts(fonts(font)).size(size);
    if bold {
        run.bold()
    } else {
        run
    }
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

fn paragraph(text: &str, font: &str, size: usize, bold: bool) -> Paragraph {
    let text = cut(text, PARAGRAPH_CHARS);
    runs(&text, font, size, bold)
        .into_iter()
        .fold(Paragraph::new(), |p, r| p.add_run(r))
}

/// A paragraph whose first line is indented two characters, as the body's.
fn indented(p: Paragraph) -> Paragraph {
    p.indent(
        None,
        Some(SpecialIndentType::FirstLine(INDENT_2)),
        None,
        None,
    )
}

/// The page number `— N —`, N a PAGE field, in 4号 宋体; `odd` pages have it on the right,
/// a character in from the edge of the type area, even pages on the left.
fn page_number(odd: bool) -> Footer {
    let dash = |t: &str| styled(Run::new(), PAGE_FONT, SIZE_4, false).add_text(t);
    let field = styled(Run::new(), PAGE_FONT, SIZE_4, false)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let one_char = 280;
    let p = Paragraph::new()
        .add_run(dash("— "))
        .add_run(field)
        .add_run(dash(" —"));
    let p = if odd {
        p.align(AlignmentType::Right)
            .indent(Some(0), None, Some(one_char), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(one_char), None, Some(0), None)
    };
    Footer::new().add_paragraph(p)
}

impl Gongwen {
    /// An empty document: A4, margins 37 / 35 / 28 / 26 mm (top, bottom, left, right), the
    /// body's font and size by default, page numbers in the footer 7 mm below the type area.
    pub fn new() -> Gongwen {
        let margin = PageMargin::new()
            .top(mm(370))
            .bottom(mm(350))
            .left(mm(280))
            .right(mm(260))
            .header(mm(150))
            // The footer's bottom edge: 35 − 7 mm below the type area, less its line.
            .footer(mm(230))
            .gutter(0);
        let docx = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(margin)
            .default_fonts(fonts(BODY_FONT))
            .default_size(SIZE_3)
            .footer(page_number(true))
            .even_footer(page_number(false));
        Gongwen { docx }
    }

    fn push(mut self, p: Paragraph) -> Self {
        self.docx = self.docx.add_paragraph(p);
        self
    }

    /// The title: 2号 方正小标宋简体, centred; a title too long for one line is broken
    /// into lines of about equal length, between words where it can (see [`title_lines`]).
    pub fn title(self, text: &str) -> Self {
        let p = paragraph(&title_lines(text).join("\n"), TITLE_FONT, SIZE_2, false)
            .align(AlignmentType::Center)
            .line_spacing(exact(TITLE_LINE));
        self.push(p)
    }

    /// An empty line of the body.
    pub fn blank(self) -> Self {
        self.push(Paragraph::new().line_spacing(exact(LINE)))
    }

    /// The addressee (主送机关): flush left, ending in a full-width colon as written.
    pub fn addressee(self, text: &str) -> Self {
        let p = paragraph(text, BODY_FONT, SIZE_3, false).line_spacing(exact(LINE));
        self.push(p)
    }

    /// A paragraph of the body: 3号 仿宋_GB2312, first line indented two characters,
    /// justified.
    pub fn body(self, text: &str) -> Self {
        let p = indented(paragraph(text, BODY_FONT, SIZE_3, false))
            .align(AlignmentType::Both)
            .line_spacing(exact(LINE));
        self.push(p)
    }

    /// A level-1 heading (一、…): 黑体, indented as the body.
    pub fn heading1(self, text: &str) -> Self {
        self.heading(text, H1_FONT)
    }

    /// A level-2 heading (（一）…): 楷体_GB2312, indented as the body.
    pub fn heading2(self, text: &str) -> Self {
        self.heading(text, H2_FONT)
    }

    /// A heading in `font`, 3号, indented as the body and kept with what follows.
    fn heading(self, text: &str, font: &str) -> Self {
        let p = indented(paragraph(text, font, SIZE_3, false))
            .line_spacing(exact(LINE))
            .keep_next(true);
        self.push(p)
    }

    /// A label flush left in 黑体 (附件, 附件N on the attachment's first line).
    pub fn label(self, text: &str) -> Self {
        let p = paragraph(text, H1_FONT, SIZE_3, false).line_spacing(exact(LINE));
        self.push(p)
    }

    /// Lines flush right (落款 and the date): the widest four characters in from the
    /// edge, the others centred above or below it (GB/T 9704: the issuer centred over the
    /// date).
    pub fn right(mut self, lines: &[&str]) -> Self {
        let widest = lines.iter().map(|l| ems(l)).max().unwrap_or(0);
        for l in lines {
            // Half-characters (of 16 pt: 160 twips) from the edge.
            let indent = 8 + (widest - ems(l)) / 2;
            let p = paragraph(l, BODY_FONT, SIZE_3, false)
                .align(AlignmentType::Right)
                .indent(Some(0), None, Some(indent as i32 * 160), None)
                .line_spacing(exact(LINE));
            self = self.push(p);
        }
        self
    }

    /// A line to sign on: the label, then a blank underlined space.
    pub fn signature_line(self, label: &str) -> Self {
        let blank = styled(Run::new(), BODY_FONT, SIZE_3, false)
            .underline("single")
            .add_text("\u{3000}".repeat(8));
        let p = indented(paragraph(label, BODY_FONT, SIZE_3, false).add_run(blank))
            .line_spacing(exact(LINE * 3 / 2));
        self.push(p)
    }

    /// A page break before what follows.
    pub fn page_break(self) -> Self {
        self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
    }

    /// A table in 小四 仿宋_GB2312 (the header row in 黑体, repeated on every page), its
    /// columns as wide as the spec says, centred, with single borders.
    pub fn table(mut self, spec: &TableSpec) -> Self {
        let (header, widths, rows) = (&spec.header, &spec.widths, &spec.rows);
        let cell = |text: &str, align: Align, font: &str, w: usize| {
            let text = cut(text, CELL_CHARS);
            let p = runs(&text, font, SIZE_TABLE, false)
                .into_iter()
                .fold(Paragraph::new(), |p, r| p.add_run(r))
                .align(match align {
                    Align::Left => AlignmentType::Left,
                    Align::Center => AlignmentType::Center,
                    Align::Right => AlignmentType::Right,
                })
                .line_spacing(exact(TABLE_LINE));
            TableCell::new()
                .add_paragraph(p)
                .width(w, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
        };
        let width = |i: usize| widths.get(i).copied().unwrap_or(1000);
        let head = TableRow::new(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| cell(h, Align::Center, H1_FONT, width(i)))
                .collect(),
        )
        // Marks the header row: made a repeated header row when the document is packed.
        .cant_split();
        let mut table_rows = vec![head];
        for r in rows {
            table_rows.push(TableRow::new(
                r.iter()
                    .enumerate()
                    .map(|(i, (t, a))| cell(t, *a, BODY_FONT, width(i)))
                    .collect(),
            ));
        }
        let table = Table::new(table_rows)
            .set_grid(widths.to_vec())
            .layout(TableLayoutType::Fixed)
            .width(widths.iter().sum(), WidthType::Dxa)
            .align(docx_rs::TableAlignmentType::Center);
        self.docx = self.docx.add_table(table);
        // A table followed directly by the next table or the end of the section would
        // merge with it: a paragraph after it keeps them apart.
        self.push(Paragraph::new().line_spacing(exact(TABLE_LINE)))
    }

    /// The document as the bytes of a .docx, with these properties (docProps/core.xml) and
    /// the fonts named in the font table with their alternates.
    /// The children of every property element are put in the schema's order
    /// ([`super::order`]).
    pub fn finish(self, props: &Props) -> Result<Vec<u8>, String> {
        let mut xml = self.parts(props);
        super::order::canonical_parts(&mut xml)?;
        let mut buf = std::io::Cursor::new(Vec::new());
        xml.pack(&mut buf).map_err(|e| e.to_string())?;
        Ok(buf.into_inner())
    }
}

impl Gongwen {
    /// The package's parts as docx-rs writes them, with the properties, the font table,
    /// the header rows and the default language, before they are put in order.
    fn parts(self, props: &Props) -> docx_rs::XMLDocx {
        let mut xml = self.docx.build();
        xml.doc_props.core = core_xml(props).into_bytes();
        xml.font_table = font_table_xml().into_bytes();
        xml.document = mark_header_rows(&xml.document);
        xml.styles = with_language(&xml.styles);
        xml
    }
}

/// The width of a text in half-characters: two for a Chinese character or a full-width
/// form, one for ASCII.
fn ems(s: &str) -> usize {
    crate::text::width(s)
}

/// The most a title line holds, in half-characters of 2号 (less than the 20 characters
/// of the type area, for fonts a little wider than the standard ones).
const TITLE_WIDTH: usize = 38;

/// A title broken into lines of at most [`TITLE_WIDTH`], as equal as can be: each break
/// is chosen to balance the lines, preferring a place after 公开, 海关, 评估, 的 or 关于, or
/// before an opening bracket (a break inside a word costs more).
pub fn title_lines(text: &str) -> Vec<String> {
    let text = text.trim();
    if ems(text) <= TITLE_WIDTH {
        return vec![text.to_string()];
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let good = |i: usize| {
        let (before, after) = text.split_at(i);
        ["公开", "海关", "评估", "的", "关于", "通报"]
            .iter()
            .any(|w| before.ends_with(w))
            || after.starts_with('（')
    };
    let best = chars
        .iter()
        .skip(1)
        .map(|&(i, _)| i)
        .filter(|&i| ems(&text[..i]) <= TITLE_WIDTH)
        .min_by_key(|&i| {
            let (l, r) = (ems(&text[..i]), ems(&text[i..]));
            // The rest longer than a line costs its own lines.
            let over = r.saturating_sub(TITLE_WIDTH);
            l.abs_diff(r.min(TITLE_WIDTH)) + over * 4 + if good(i) { 0 } else { 12 }
        });
    match best {
        Some(i) => {
            let mut out = vec![text[..i].to_string()];
            out.extend(title_lines(&text[i..]));
            out
        }
        None => vec![text.to_string()],
    }
}

/// A header row (marked with `cantSplit`, which only [`Gongwen::table`] writes, and text
/// cannot: its `<` is escaped) repeats on every page a table runs onto.
fn mark_header_rows(doc: &[u8]) -> Vec<u8> {
    const MARK: &[u8] = b"<w:cantSplit />";
    const WITH: &[u8] = b"<w:cantSplit /><w:tblHeader />";
    let mut out = Vec::with_capacity(doc.len() + 64);
    let mut rest = doc;
    while let Some(i) = rest.windows(MARK.len()).position(|w| w == MARK) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(WITH);
        rest = &rest[i + MARK.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The default run properties say the text is Chinese (zh-CN), so that a word processor
/// picks Simplified Chinese glyphs and fallbacks (not Japanese ones) where a font is
/// missing; the default paragraph adds no space between Chinese and Latin text. The styles
/// hold no text of the data.
fn with_language(styles: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(styles);
    s.replacen(
        "</w:rPr></w:rPrDefault>",
        r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>"#,
        1,
    )
    // No extra space between Chinese and Latin text or digits (`2018年度`, not `2018 年度`).
    .replacen(
        "<w:pPrDefault><w:pPr>",
        r#"<w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" />"#,
        1,
    )
    .into_bytes()
}

/// The document's properties.
pub struct Props<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub description: &'a str,
    /// `YYYY-MM-DD`: created and modified.
    pub date: &'a str,
}

/// Escapes text for XML element content, after replacing what XML cannot hold.
pub fn escape(s: &str) -> String {
    let s = crate::export::limits::one_line(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn core_xml(p: &Props) -> String {
    let short = |s: &str| escape(&crate::export::limits::fit_line(s, 255));
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"#,
            r#"<dc:description>{description}</dc:description><dc:language>zh-CN</dc:language>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            r#"<cp:revision>1</cp:revision></cp:coreProperties>"#
        ),
        title = short(p.title),
        author = short(p.author),
        description = short(p.description),
        date = short(p.date),
    )
}

/// The font table: each font of [`FONTS`] with its alternate name and the GB2312
/// character set, and the Latin font.
fn font_table_xml() -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    for (name, alt) in FONTS {
        let family = if name == H1_FONT { "modern" } else { "roman" };
        s.push_str(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#,
            escape(name),
            escape(alt)
        ));
    }
    s.push_str(&format!(
        r#"<w:font w:name="{LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_to_twips() {
        assert_eq!(mm(370), 2098);
        assert_eq!(mm(350), 1984);
        assert_eq!(mm(280), 1587);
        assert_eq!(mm(260), 1474);
    }

    #[test]
    fn long_titles_are_broken_between_words_into_even_lines() {
        assert_eq!(
            title_lines("关于2018年度直属海关政务公开考核评估情况的通报（征求意见稿）"),
            [
                "关于2018年度直属海关政务公开",
                "考核评估情况的通报（征求意见稿）"
            ]
        );
        assert_eq!(
            title_lines("2018年度政务公开考核评估反馈意见（广州海关）"),
            ["2018年度政务公开考核评估", "反馈意见（广州海关）"]
        );
        assert_eq!(
            title_lines("2018年度直属海关政务公开考核评估等次情况"),
            ["2018年度直属海关", "政务公开考核评估等次情况"]
        );
        assert_eq!(title_lines("广州海关评分表"), ["广州海关评分表"]);
        let long = "海".repeat(100);
        let lines = title_lines(&long);
        assert!(lines.iter().all(|l| ems(l) <= TITLE_WIDTH), "{lines:?}");
        assert_eq!(lines.concat(), long);
    }

    /// docx-rs's parts for a document with every kind of block, before and after they are
    /// put in order: out of order before, in order after, and every child kept but the
    /// empty run properties the schema forbids in the styles' and numbering's paragraphs.
    #[test]
    fn every_part_is_put_in_order_and_keeps_its_children() {
        use super::super::order::{canonical_parts, property_elements, rank};
        let g = Gongwen::new()
            .title("关于2018年度直属海关政务公开考核评估情况的通报（征求意见稿）")
            .blank()
            .addressee("各直属海关：")
            .heading1("一、基本情况")
            .heading2("（一）报送情况")
            .body("正文\t第二段\n换行")
            .label("附件")
            .table(&TableSpec {
                header: vec!["序号", "单位"],
                widths: vec![1200, TEXT_WIDTH - 1200],
                rows: vec![vec![
                    ("1".into(), Align::Center),
                    ("广州海关".into(), Align::Left),
                ]],
            })
            .signature_line("评分人：")
            .page_break()
            .right(&["海关总署办公厅", "2026年11月27日"]);
        let props = Props {
            title: "t",
            author: "a",
            description: "d",
            date: "2026-11-27",
        };
        let before = g.parts(&props);
        let parts = |x: &docx_rs::XMLDocx| {
            let mut v = vec![
                ("document", x.document.clone()),
                ("styles", x.styles.clone()),
                ("numbering", x.numberings.clone()),
                ("footnotes", x.footnotes.clone()),
                ("comments", x.comments.clone()),
                ("settings", x.settings.clone()),
            ];
            v.extend(x.footers.iter().map(|f| ("footer", f.clone())));
            v
        };
        let raw = parts(&before);
        let mut after = before;
        canonical_parts(&mut after).unwrap();
        let done = parts(&after);
        let in_order = |(e, children): &(String, Vec<String>)| {
            let r: Vec<usize> = children
                .iter()
                .map(|c| rank(e, c).unwrap_or(usize::MAX))
                .collect();
            r.windows(2).all(|w| w[0] <= w[1])
        };
        let mut out_of_order = 0;
        for ((name, raw), (_, done)) in raw.iter().zip(&done) {
            let (mut b, mut a) = (property_elements(raw), property_elements(done));
            out_of_order += b.iter().filter(|p| !in_order(p)).count();
            assert!(a.iter().all(in_order), "{name}: {a:?}");
            assert!(
                a.iter().flat_map(|(_, c)| c).all(|c| !c.starts_with('{')),
                "{name}: a child of another namespace"
            );
            // The same children, each property element's as a sorted list.
            for (_, c) in b.iter_mut().chain(a.iter_mut()) {
                c.sort();
            }
            // docx-rs's empty rPr in the pPr of pPrDefault, the style and each level.
            if matches!(*name, "styles" | "numbering") {
                let empty = (String::from("rPr"), Vec::new());
                let n = b.iter().filter(|p| p.0 == "pPr").count();
                for (_, c) in b.iter_mut().filter(|p| p.0 == "pPr") {
                    let i = c.iter().position(|x| x == "rPr").unwrap();
                    c.remove(i);
                }
                for _ in 0..n {
                    let i = b.iter().position(|p| *p == empty).unwrap();
                    b.remove(i);
                }
            }
            b.sort();
            a.sort();
            assert_eq!(b, a, "{name}");
            assert_eq!(
                String::from_utf8_lossy(done).matches("<w:rFonts").count(),
                String::from_utf8_lossy(raw).matches("<w:rFonts").count()
            );
        }
        // Not a vacuous test: docx-rs wrote nearly every property element out of order.
        assert!(out_of_order > 50, "{out_of_order}");
    }

    #[test]
    fn header_rows_are_marked_and_nothing_else() {
        let doc = b"<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:t>&lt;w:cantSplit /&gt;</w:t>";
        let got = String::from_utf8(mark_header_rows(doc)).unwrap();
        assert_eq!(
            got,
            "<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:t>&lt;w:cantSplit /&gt;</w:t>"
        );
    }
}
