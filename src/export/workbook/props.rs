//! The document's properties: who, when, and the inputs' hashes.

use super::cells::Ctx;
use super::{assessment_of, title, OWN_EXPORT_PROPERTY};
use crate::export::limits::{self, fit_line};
use crate::report::Report;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::collections::HashSet;
use std::path::Path;

/// Sets the document properties. The workbook for the offices names no one and no file:
/// no author, no hashes (whose names are the returns' file names), only kaoping's own mark.
pub(super) fn set(wb: &mut Workbook, c: &Ctx) {
    let (data, report, info, set, ranked) = (c.data, c.report, c.info, c.set, c.ranked);
    let short = |s: &str| fit_line(s, limits::SHORT);
    let mut props = DocProperties::new()
        .set_title(short(&title(set)))
        .set_subject(short(&format!(
            "{}：总分、等次与排名（参评单位 {} 个，有效报送 {} 个）",
            assessment_of(set),
            data.registry.len(),
            ranked
        )))
        .set_keywords(short(&format!(
            "{}, {}",
            set.name,
            c.audience.sheets().join(", ")
        )))
        // Its value names the build: `0.1.0 (1a2b3c4 2026-05-02)`.
        .set_custom_property(OWN_EXPORT_PROPERTY, crate::build_info().to_string());
    props = if c.internal() {
        props.set_author(short(info.author)).set_comment(format!(
            "kaoping {} 导出；各输入文件的 SHA-256 见自定义属性",
            crate::build_info()
        ))
    } else {
        props.set_comment(format!(
            "kaoping {} 导出（供转发各单位）",
            crate::build_info()
        ))
    };
    if let Ok(t) = ExcelDateTime::parse_from_str(info.at.trim()) {
        props = props.set_creation_datetime(&t);
    }
    if c.internal() {
        for (name, hash) in hash_properties(report) {
            props = props.set_custom_property(name, hash);
        }
    }
    wb.set_properties(&props);
}

/// The custom properties `sha256 FILE` of the inputs read: named by the file's name, or
/// by its path where two files share a name (in different folders), or numbered; each
/// name one line of at most 255 characters, unique whatever the case, and never
/// [`OWN_EXPORT_PROPERTY`].
fn hash_properties(report: &Report) -> Vec<(String, String)> {
    let mut taken: HashSet<String> = HashSet::from([OWN_EXPORT_PROPERTY.to_lowercase()]);
    let mut out = Vec::new();
    for f in report.files.iter().filter(|f| !f.sha256.is_empty()) {
        let file_name = Path::new(&f.shown)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.shown.clone());
        let by_name = fit_line(&format!("sha256 {file_name}"), limits::SHORT);
        let by_path = fit_line(&format!("sha256 {}", f.shown), limits::SHORT);
        let mut name = [by_name.clone(), by_path]
            .into_iter()
            .find(|n| !taken.contains(&n.to_lowercase()));
        let mut k = 2;
        while name.is_none() {
            let tag = format!(" ({k})");
            let n = format!(
                "{}{tag}",
                limits::cut(&by_name, limits::SHORT - limits::utf16_len(&tag))
            );
            if !taken.contains(&n.to_lowercase()) {
                name = Some(n);
            }
            k += 1;
        }
        let name = name.unwrap_or_default();
        taken.insert(name.to_lowercase());
        out.push((name, fit_line(&f.sha256, limits::SHORT)));
    }
    out
}
