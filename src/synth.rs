//! Synthetic workspaces for benchmarks and scale tests: a registry of n units and n
//! canonical returns written from real returns' values (so their expected scores are
//! known). Nothing here is used by the commands.

use crate::data::DataSet;
use crate::domain::scoring::{Extension, Field, OfficeReturn};
use crate::export::template::{self, FIRST_ROW, ITEMS_HEADER, ITEMS_SHEET, MAIN_SHEET};
use rust_xlsxwriter::{ExcelDateTime, Format, XlsxError};
use std::path::{Path, PathBuf};

/// The name of synthetic unit `i` (1-based): fixed width, so no name contains another.
pub fn unit_name(i: usize) -> String {
    format!("样本单位{i:05}")
}

/// A registry of `n` synthetic units, in the form of `indicators/offices-2018.toml`.
pub fn registry_toml(n: usize) -> String {
    let mut s = format!("[registry]\nname = \"{n} 个样本单位\"\n");
    for i in 1..=n {
        s.push_str(&format!("\n[[office]]\nname = \"{}\"\n", unit_name(i)));
    }
    s
}

fn date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Writes the canonical return of `office` holding the values of `ret`: its rows (with their
/// declarations of 无此项业务), its items with their 延期, and no 时效明细 sheet where `ret`
/// had none.
pub fn write_return(
    data: &DataSet,
    office: &str,
    ret: &OfficeReturn,
    path: &Path,
) -> Result<(), XlsxError> {
    let mut wb = template::build(data, office)?;
    let day = Format::new().set_num_format("yyyy-mm-dd");
    {
        let ws = wb.worksheet_from_name(MAIN_SHEET)?;
        for (k, ind) in data.set.indicators.iter().enumerate() {
            let r = FIRST_ROW + k as u32;
            let Some(row) = ret.rows.get(&ind.id).and_then(|v| v.first()) else {
                continue;
            };
            if let Field::Value(s) | Field::Invalid(s) = &row.status.value {
                ws.write_string(r, 5, s)?;
            }
            for (col, cell) in [(6u16, &row.count), (7, &row.total), (9, &row.claimed)] {
                match &cell.value {
                    Field::Value(d) => {
                        ws.write_number(r, col, d.to_string().parse::<f64>().unwrap_or(0.0))?;
                    }
                    Field::Invalid(s) => {
                        ws.write_string(r, col, s)?;
                    }
                    _ => {}
                }
            }
            match &row.date.value {
                Field::Value(d) => {
                    ws.write_date_with_format(r, 8, &date(*d)?, &day)?;
                }
                Field::Invalid(s) => {
                    ws.write_string(r, 8, s)?;
                }
                _ => {}
            }
            if !row.note.is_empty() {
                ws.write_string(r, 10, &row.note)?;
            }
            if !row.evidence.is_empty() {
                ws.write_string(r, 11, &row.evidence)?;
            }
        }
    }
    if ret.no_items_sheet {
        wb.worksheets_mut().retain(|ws| ws.name() != ITEMS_SHEET);
        return wb.save(path);
    }
    {
        let ws = wb.worksheet_from_name(ITEMS_SHEET)?;
        // The template's 延期 column, or one added after its header (a template without it).
        let ext_col = match ITEMS_HEADER.iter().position(|h| *h == "延期") {
            Some(c) => c as u16,
            None => {
                let c = ITEMS_HEADER.len() as u16;
                ws.write_string(0, c, "延期")?;
                c
            }
        };
        let mut r = 1u32;
        for ind in &data.set.indicators {
            for it in ret.items.get(&ind.id).into_iter().flatten() {
                ws.write_string(r, 0, &ind.id)?;
                ws.write_string(r, 1, &it.name)?;
                for (col, cell) in [(2u16, &it.start), (3, &it.publish)] {
                    if let Field::Value(d) = &cell.value {
                        ws.write_date_with_format(r, col, &date(*d)?, &day)?;
                    }
                }
                match &it.extension.value {
                    Field::Value(Extension::Full) => {
                        ws.write_string(r, ext_col, "是")?;
                    }
                    Field::Value(Extension::Days(n)) => {
                        ws.write_number(r, ext_col, n.to_string().parse::<f64>().unwrap_or(0.0))?;
                    }
                    Field::Invalid(s) => {
                        ws.write_string(r, ext_col, s)?;
                    }
                    _ => {}
                }
                r += 1;
            }
        }
    }
    wb.save(path)
}

/// Writes `n` returns under `dir`, in nested folders (`dir/区NN/样本单位NNNNN.xlsx`), unit
/// `i` carrying the values of `sources[(i - 1) % sources.len()]`, and `dir/registry.toml`.
/// Returns each file with the index of its source.
pub fn workspace(
    data: &DataSet,
    sources: &[OfficeReturn],
    dir: &Path,
    n: usize,
) -> Result<Vec<(PathBuf, usize)>, String> {
    use rayon::prelude::*;
    if sources.is_empty() {
        return Err("no source return to copy values from".into());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join("registry.toml"), registry_toml(n)).map_err(|e| e.to_string())?;
    (1..=n)
        .into_par_iter()
        .map(|i| {
            let sub = dir.join(format!("区{:02}", i % 20));
            std::fs::create_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
            let path = sub.join(format!("{}.xlsx", unit_name(i)));
            let src = (i - 1) % sources.len();
            write_return(data, &unit_name(i), &sources[src], &path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((path, src))
        })
        .collect()
}

/// The returns of a folder, imported, in file order (the sources of a synthetic workspace).
pub fn sources(data: &DataSet, dir: &Path) -> Vec<(String, OfficeReturn)> {
    crate::import::collect(&[dir.to_path_buf()])
        .unwrap_or_default()
        .iter()
        .map(|p| crate::import::import_file(p, &data.set, &data.registry))
        .filter_map(|f| Some((data.registry.offices[f.office?].name.clone(), f.data?)))
        .collect()
}

/// The floor of the benchmarks: bare calamine opening each file and reading every sheet,
/// with the same parallelism as the import, and nothing else. Returns the cells read.
pub fn calamine_floor(files: &[PathBuf]) -> usize {
    use calamine::{open_workbook_auto, Reader};
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|p| {
            let Ok(mut wb) = open_workbook_auto(p) else {
                return 0;
            };
            let names = wb.sheet_names();
            names
                .iter()
                .filter_map(|n| wb.worksheet_range(n).ok())
                .map(|r| r.used_cells().count())
                .sum::<usize>()
        })
        .sum()
}
