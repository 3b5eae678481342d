//! The children of WordprocessingML property elements put in the order the schema
//! declares (ECMA-376 Part 1, `wml.xsd`), after docx-rs has written the parts.
//!
//! docx-rs 0.4.22 writes its properties in an order of its own, with no way to change it:
//! a run's `<w:rPr>` holds `sz`, `szCs` before `rFonts`; a `<w:pPr>` begins with the
//! paragraph mark's `rPr` and puts `jc` before `spacing` and `ind`; a `<w:sectPr>` has its
//! `footerReference`s after `pgSz`; a `<w:style>` has `rPr` before `pPr` and `qFormat`
//! last; the settings have `zoom` after `defaultTabStop` and `evenAndOddHeaders` (which
//! puts the page numbers of even pages on the left) after `compat`. `pPr`, `sectPr`,
//! `tblPr`, `tcPr`, `style` and `settings` are `xsd:sequence`s, so such a part is
//! invalid; `rPr` and `trPr` are repeated `xsd:choice`s in the transitional schema, but
//! Microsoft's validator (and Word, by reports) expects their declared order too, and Word
//! drops or refuses what it does not expect: the 公文 fonts named in `rFonts` would be lost.
//!
//! [`canonical`] re-writes a part as a stream of events (quick-xml), copying every event's
//! bytes as they are and only moving whole children: the children of each property element
//! are sorted, stably, by their index in the schema; a child the schema does not list there
//! (or of another namespace) keeps its place among such children, after the known ones.
//! Property elements inside property elements (the paragraph mark's `rPr` in `pPr`, a
//! `sectPr` in `pPr`, the `pPr` of a style) are ordered in turn. Elements are recognised by
//! namespace, not by prefix.
//!
//! One child is removed: an empty `<w:rPr/>` (no attributes, no children) in a `pPr` of the
//! type `CT_PPrGeneral` (in `pPrDefault`, a style, a numbering level), where the schema
//! allows no `rPr` at all; docx-rs writes one in each. Nothing else is added or dropped.

mod tables;

pub use tables::{rank, ORDERS};

use tables::{order_of, GENERAL_PPR_PARENTS};

use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

/// The WordprocessingML main namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// What the rewriter needs of an event.
enum Tok {
    /// A start tag: in [`W_NS`]? its local name; has it attributes?
    Open(bool, String, bool),
    /// An empty-element tag, the same.
    Leaf(bool, String, bool),
    Close,
    Eof,
    /// Text, references, comments, declarations: copied as they are.
    Other,
}

struct Rewriter<'i> {
    reader: NsReader<&'i [u8]>,
    input: &'i [u8],
    pos: usize,
}

impl<'i> Rewriter<'i> {
    /// The next event and its bytes in the input.
    fn next(&mut self) -> Result<(Tok, &'i [u8]), String> {
        let start = self.pos;
        let (ns, event) = self
            .reader
            .read_resolved_event()
            .map_err(|e| format!("XML 第 {start} 字节: {e}"))?;
        let in_w = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == W_NS);
        let name = |e: &quick_xml::events::BytesStart| e.local_name().as_ref().to_string();
        let tok = match event {
            Event::Start(e) => Tok::Open(in_w, name(&e), e.attributes().next().is_some()),
            Event::Empty(e) => Tok::Leaf(in_w, name(&e), e.attributes().next().is_some()),
            Event::End(_) => Tok::Close,
            Event::Eof => Tok::Eof,
            _ => Tok::Other,
        };
        let end = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        let end = end.min(self.input.len()).max(start);
        self.pos = end;
        Ok((tok, &self.input[start..end]))
    }

    /// Copies up to and including the end tag of the element whose start tag was just
    /// read (`name`), or to the end of the input where `name` is `None`, putting the
    /// children of the property elements met on the way in order.
    fn copy(&mut self, name: Option<&str>, out: &mut Vec<u8>) -> Result<(), String> {
        let mut open: Vec<String> = Vec::new();
        loop {
            let (tok, raw) = self.next()?;
            out.extend_from_slice(raw);
            match tok {
                Tok::Open(true, local, _) if order_of(&local).is_some() => {
                    let parent = open.last().map(String::as_str).or(name);
                    self.order(&local, parent, out)?;
                }
                Tok::Open(_, local, _) => open.push(local),
                Tok::Close => {
                    if open.pop().is_none() {
                        return match name {
                            Some(_) => Ok(()),
                            None => Err("XML 的结束标记多于开始标记".into()),
                        };
                    }
                }
                Tok::Eof => {
                    return match (name, open.is_empty()) {
                        (None, true) => Ok(()),
                        _ => Err("XML 在元素结束前中断".into()),
                    };
                }
                Tok::Leaf(..) | Tok::Other => {}
            }
        }
    }

    /// Reads the children of the property element `element` (its start tag just read,
    /// inside `parent`) up to its end tag, and writes them to `out` in the schema's order,
    /// then the end tag. Text, comments and the like between children stay in front of the
    /// child they preceded. Returns how many children were written.
    fn order(
        &mut self,
        element: &str,
        parent: Option<&str>,
        out: &mut Vec<u8>,
    ) -> Result<usize, String> {
        // A paragraph's properties where the schema allows no run properties.
        let general = element == "pPr" && parent.is_some_and(|p| GENERAL_PPR_PARENTS.contains(&p));
        let place = |in_w: bool, local: &str| {
            if in_w {
                rank(element, local).unwrap_or(usize::MAX)
            } else {
                usize::MAX
            }
        };
        let mut children: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut between: Vec<u8> = Vec::new();
        loop {
            let (tok, raw) = self.next()?;
            match tok {
                Tok::Open(in_w, local, attrs) => {
                    let mut child = std::mem::take(&mut between);
                    let mut body = raw.to_vec();
                    let inner = if in_w && order_of(&local).is_some() {
                        Some(self.order(&local, Some(element), &mut body)?)
                    } else {
                        self.copy(Some(&local), &mut body)?;
                        None
                    };
                    if general && in_w && local == "rPr" && !attrs && inner == Some(0) {
                        // `<w:rPr></w:rPr>`: dropped, what preceded it kept for the next.
                        between = child;
                        continue;
                    }
                    child.extend_from_slice(&body);
                    children.push((place(in_w, &local), child));
                }
                Tok::Leaf(in_w, local, attrs) => {
                    if general && in_w && local == "rPr" && !attrs {
                        continue;
                    }
                    let mut child = std::mem::take(&mut between);
                    child.extend_from_slice(raw);
                    children.push((place(in_w, &local), child));
                }
                Tok::Close => {
                    // A stable sort: children of one place keep their order.
                    children.sort_by_key(|(place, _)| *place);
                    let n = children.len();
                    for (_, child) in children {
                        out.extend_from_slice(&child);
                    }
                    out.extend_from_slice(&between);
                    out.extend_from_slice(raw);
                    return Ok(n);
                }
                Tok::Eof => return Err(format!("XML 在 w:{element} 结束前中断")),
                Tok::Other => between.extend_from_slice(raw),
            }
        }
    }
}

/// The part `xml` with the children of every property element in the schema's order (see
/// the module's documentation); an error where `xml` is not well-formed.
pub fn canonical(xml: &[u8]) -> Result<Vec<u8>, String> {
    let mut r = Rewriter {
        reader: NsReader::from_reader(xml),
        input: xml,
        pos: 0,
    };
    let mut out = Vec::with_capacity(xml.len());
    r.copy(None, &mut out)?;
    if r.pos != xml.len() {
        out.extend_from_slice(&xml[r.pos..]);
    }
    Ok(out)
}

/// Every WordprocessingML part of a package built by docx-rs put in order: the document,
/// the styles, the numbering, the footnotes, the comments, the settings, the headers and
/// the footers.
pub fn canonical_parts(xml: &mut docx_rs::XMLDocx) -> Result<(), String> {
    let parts = [
        ("word/document.xml", &mut xml.document),
        ("word/styles.xml", &mut xml.styles),
        ("word/numbering.xml", &mut xml.numberings),
        ("word/footnotes.xml", &mut xml.footnotes),
        ("word/comments.xml", &mut xml.comments),
        ("word/settings.xml", &mut xml.settings),
    ];
    let named = |kind: &str, i: usize| format!("word/{kind}{}.xml", i + 1);
    let headers = xml.headers.iter_mut().enumerate();
    let headers = headers.map(|(i, h)| (named("header", i), h));
    let footers = xml.footers.iter_mut().enumerate();
    let footers = footers.map(|(i, f)| (named("footer", i), f));
    let all = parts
        .into_iter()
        .map(|(n, p)| (n.to_string(), p))
        .chain(headers)
        .chain(footers);
    for (name, part) in all {
        *part = canonical(part).map_err(|e| format!("{name}: {e}"))?;
    }
    xml.document = without_grid_col_type(&xml.document);
    Ok(())
}

/// docx-rs writes `<w:gridCol w:w="1200" w:type="dxa" />`, but the schema gives `gridCol`
/// no `type` (its width is always in twentieths of a point): the attribute is dropped.
/// Text from a return cannot look like this tag, its `<` being escaped.
pub fn without_grid_col_type(xml: &[u8]) -> Vec<u8> {
    const TAG: &[u8] = b"<w:gridCol ";
    const ATTR: &[u8] = b" w:type=\"dxa\"";
    let mut out = Vec::with_capacity(xml.len());
    let mut i = 0;
    while i < xml.len() {
        if xml[i..].starts_with(TAG) {
            let end = xml[i..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(xml.len(), |e| i + e + 1);
            let tag = &xml[i..end];
            match tag.windows(ATTR.len()).position(|w| w == ATTR) {
                Some(a) => {
                    out.extend_from_slice(&tag[..a]);
                    out.extend_from_slice(&tag[a + ATTR.len()..]);
                }
                None => out.extend_from_slice(tag),
            }
            i = end;
        } else {
            out.push(xml[i]);
            i += 1;
        }
    }
    out
}

/// Every property element of `xml` (local name) with its children's names in their order
/// (a child of another namespace as `{namespace}name`), in the order the elements end.
#[cfg(test)]
pub(crate) fn property_elements(xml: &[u8]) -> Vec<(String, Vec<String>)> {
    let mut r = NsReader::from_reader(xml);
    // Open elements: the property elements with their children so far, others as None.
    let mut open: Vec<Option<(String, Vec<String>)>> = Vec::new();
    let mut found = Vec::new();
    loop {
        let (ns, event) = r.read_resolved_event().unwrap();
        let (name, empty) = match &event {
            Event::Start(e) => (e.local_name().as_ref().to_string(), false),
            Event::Empty(e) => (e.local_name().as_ref().to_string(), true),
            Event::End(_) => {
                if let Some(Some(done)) = open.pop() {
                    found.push(done);
                }
                continue;
            }
            Event::Eof => return found,
            _ => continue,
        };
        let in_w = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == W_NS);
        let shown = match ns {
            _ if in_w => name.clone(),
            ResolveResult::Bound(Namespace(n)) => format!("{{{n}}}{name}"),
            _ => name.clone(),
        };
        if let Some(Some((_, children))) = open.last_mut() {
            children.push(shown);
        }
        let prop = (in_w && order_of(&name).is_some()).then(|| (name, Vec::new()));
        match (empty, prop) {
            (true, Some(p)) => found.push(p),
            (true, None) => {}
            (false, p) => open.push(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn canon(body: &str) -> String {
        let xml = format!("<w:document {NS}>{body}</w:document>");
        let out = String::from_utf8(canonical(xml.as_bytes()).unwrap()).unwrap();
        let inner = out
            .strip_prefix(&format!("<w:document {NS}>"))
            .and_then(|s| s.strip_suffix("</w:document>"))
            .unwrap();
        inner.to_string()
    }

    #[test]
    fn run_properties_put_fonts_first_and_keep_every_byte() {
        assert_eq!(
            canon(concat!(
                r#"<w:r><w:rPr><w:sz w:val="32" /><w:szCs w:val="32" /><w:u w:val="single"/>"#,
                r#"<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" /><w:b /></w:rPr>"#,
                r#"<w:t xml:space="preserve">A &amp; B &lt;w:rPr&gt;</w:t></w:r>"#
            )),
            concat!(
                r#"<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" /><w:b />"#,
                r#"<w:sz w:val="32" /><w:szCs w:val="32" /><w:u w:val="single"/></w:rPr>"#,
                r#"<w:t xml:space="preserve">A &amp; B &lt;w:rPr&gt;</w:t></w:r>"#
            )
        );
    }

    #[test]
    fn paragraph_properties_and_the_marks_run_properties_inside() {
        assert_eq!(
            canon(concat!(
                r#"<w:p><w:pPr><w:rPr><w:sz w:val="1"/><w:rFonts w:eastAsia="黑体"/></w:rPr>"#,
                r#"<w:jc w:val="center" /><w:ind w:firstLine="640" /><w:spacing w:line="579" />"#,
                r#"<w:keepNext /></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
            )),
            concat!(
                r#"<w:p><w:pPr><w:keepNext /><w:spacing w:line="579" /><w:ind w:firstLine="640" />"#,
                r#"<w:jc w:val="center" /><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="1"/></w:rPr>"#,
                r#"</w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn unknown_children_go_last_in_their_order_and_text_stays_with_its_child() {
        let ns14 = r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#;
        assert_eq!(
            canon(&format!(
                concat!(
                    r#"<w:rPr {}><w14:ligatures w14:val="1"/><w:zz/><w:sz w:val="2"/>"#,
                    "\n  <!-- c --><w:b/><w:yy/>\n</w:rPr>"
                ),
                ns14
            )),
            format!(
                concat!(
                    r#"<w:rPr {}>"#,
                    "\n  <!-- c --><w:b/>",
                    r#"<w:sz w:val="2"/><w14:ligatures w14:val="1"/><w:zz/><w:yy/>"#,
                    "\n</w:rPr>"
                ),
                ns14
            )
        );
    }

    #[test]
    fn section_properties_begin_with_the_references_in_their_order() {
        assert_eq!(
            canon(concat!(
                r#"<w:sectPr><w:pgSz w:w="11906" /><w:pgMar w:top="2098" /><w:cols w:num="1" />"#,
                r#"<w:footerReference w:type="default" /><w:titlePg/><w:headerReference w:type="even" />"#,
                r#"<w:footerReference w:type="even" /></w:sectPr>"#
            )),
            concat!(
                r#"<w:sectPr><w:footerReference w:type="default" /><w:headerReference w:type="even" />"#,
                r#"<w:footerReference w:type="even" /><w:pgSz w:w="11906" /><w:pgMar w:top="2098" />"#,
                r#"<w:cols w:num="1" /><w:titlePg/></w:sectPr>"#
            )
        );
    }

    #[test]
    fn tables_rows_and_cells() {
        assert_eq!(
            canon(concat!(
                r#"<w:tbl><w:tblPr><w:tblLayout w:type="fixed"/><w:tblBorders><w:top/><w:left/>"#,
                r#"</w:tblBorders><w:jc w:val="center"/><w:tblW w:w="1"/></w:tblPr>"#,
                r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr><w:tc><w:tcPr>"#,
                r#"<w:vAlign w:val="center"/><w:tcW w:w="1"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#
            )),
            concat!(
                r#"<w:tbl><w:tblPr><w:tblW w:w="1"/><w:jc w:val="center"/><w:tblBorders><w:top/>"#,
                r#"<w:left/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>"#,
                r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr>"#,
                r#"<w:tcW w:w="1"/><w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#
            )
        );
    }

    #[test]
    fn styles_in_order_without_run_properties_in_general_paragraph_properties() {
        assert_eq!(
            canon(concat!(
                r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32" /><w:rFonts w:eastAsia="仿宋_GB2312" />"#,
                r#"<w:lang w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr />"#,
                r#"<w:autoSpaceDN w:val="0" /></w:pPr></w:pPrDefault></w:docDefaults>"#,
                r#"<w:style w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr></w:rPr>"#,
                r#"</w:pPr><w:qFormat /></w:style>"#
            )),
            concat!(
                r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312" /><w:sz w:val="32" />"#,
                r#"<w:lang w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"#,
                r#"<w:autoSpaceDN w:val="0" /></w:pPr></w:pPrDefault></w:docDefaults>"#,
                r#"<w:style w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr></w:pPr>"#,
                r#"<w:rPr /></w:style>"#
            )
        );
        // A paragraph's own pPr keeps its mark's run properties, even empty ones.
        assert_eq!(
            canon(r#"<w:p><w:pPr><w:rPr /><w:jc w:val="left"/></w:pPr></w:p>"#),
            r#"<w:p><w:pPr><w:jc w:val="left"/><w:rPr /></w:pPr></w:p>"#
        );
    }

    #[test]
    fn elements_are_known_by_namespace_not_prefix() {
        // Another prefix for WordprocessingML is ordered; DrawingML's rPr is not.
        let xml = concat!(
            r#"<x:r xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
            r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
            r#"<x:rPr><x:sz x:val="1"/><x:b/></x:rPr><a:rPr><a:sz/><a:b/></a:rPr></x:r>"#
        );
        let out = String::from_utf8(canonical(xml.as_bytes()).unwrap()).unwrap();
        assert!(
            out.contains(r#"<x:rPr><x:b/><x:sz x:val="1"/></x:rPr><a:rPr><a:sz/><a:b/></a:rPr>"#)
        );
    }

    #[test]
    fn declaration_and_ordered_parts_are_unchanged() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}"#,
            format_args!(
                "<w:document {NS}><w:body><w:p><w:pPr><w:spacing/><w:jc/></w:pPr></w:p></w:body></w:document>"
            )
        );
        assert_eq!(canonical(xml.as_bytes()).unwrap(), xml.as_bytes());
        assert_eq!(canonical(b"").unwrap(), b"");
    }

    #[test]
    fn grid_columns_lose_the_type_the_schema_does_not_have() {
        let xml = br#"<w:tblGrid><w:gridCol w:w="1200" w:type="dxa" /><w:gridCol w:w="30"/></w:tblGrid><w:t>w:type="dxa"</w:t>"#;
        assert_eq!(
            without_grid_col_type(xml),
            br#"<w:tblGrid><w:gridCol w:w="1200" /><w:gridCol w:w="30"/></w:tblGrid><w:t>w:type="dxa"</w:t>"#.to_vec()
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        for bad in [
            format!("<w:document {NS}><w:rPr><w:b/></w:document>"),
            format!("<w:document {NS}><w:rPr><w:b/>"),
            format!("<w:document {NS}></w:document></w:x>"),
        ] {
            assert!(canonical(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
