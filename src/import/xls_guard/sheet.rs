//! One sheet's records: the cells' and formulas' extent, DIMENSIONS, merges and strings.

use super::biff::{records, xl_string};
use super::formula::formula_cost;
use super::{u16_at, u32_at};
use crate::import::budget::{over, Budget, MAX_FORMULA_WORK};
use crate::import::workbook::{corrupt, too_large, Refusal, MAX_CELLS, MAX_ROWS};

/// The bounding box of a set of cells.
#[derive(Default)]
struct BBox {
    min: Option<(u32, u32)>,
    max: (u32, u32),
    n: u64,
}

impl BBox {
    fn add(&mut self, r: u32, c: u32) {
        let (r0, c0) = self.min.unwrap_or((r, c));
        self.min = Some((r0.min(r), c0.min(c)));
        self.max = (self.max.0.max(r), self.max.1.max(c));
        self.n += 1;
    }

    fn extent(&self) -> (u64, u64) {
        match self.min {
            Some((r0, c0)) => ((self.max.0 - r0) as u64 + 1, (self.max.1 - c0) as u64 + 1),
            None => (0, 0),
        }
    }
}

/// What the globals say that sheets refer to: the decoded size of each shared string, and
/// the longest sheet or defined name.
pub(super) struct Names<'a> {
    pub(super) strings: &'a [u32],
    pub(super) name_max: u64,
}

/// One sheet's records; `work` counts the formula work of the whole file.
pub(super) fn scan_sheet(
    stream: &[u8],
    name: &str,
    biff8: bool,
    names: &Names,
    budget: &mut Budget,
    work: &mut u64,
) -> Result<(), Refusal> {
    let (strings, name_max) = (names.strings, names.name_max);
    let mut cells = BBox::default();
    let mut formulas = BBox::default();
    let mut fmla_pos = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let rc = |d: &[u8]| -> Result<(u32, u32), Refusal> {
        match (u16_at(d, 0), u16_at(d, 2)) {
            (Some(r), Some(c)) => Ok((r as u32, c as u32)),
            _ => Err(corrupt("单元格记录不完整")),
        }
    };
    let need = |d: &[u8], n: usize| {
        if d.len() < n {
            Err(corrupt("单元格记录不完整"))
        } else {
            Ok(())
        }
    };
    for rec in records(stream) {
        let r = rec?;
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        match r.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x0200 => dimensions(d, name)?,
            0x0203 => {
                need(d, 14)?;
                let (r, c) = rc(d)?;
                cells.add(r, c);
            }
            0x0204 | 0x00D6 => {
                need(d, 6)?;
                let (r, c) = rc(d)?;
                let Some(t) = xl_string(&d[6..], biff8) else {
                    return Err(corrupt("单元格记录不完整"));
                };
                budget.text(Some(name), t)?;
                cells.add(r, c);
            }
            0x0205 | 0x027E => {
                need(d, if r.typ == 0x0205 { 8 } else { 10 })?;
                let (r, c) = rc(d)?;
                cells.add(r, c);
            }
            0x0207 => {
                let Some(t) = xl_string(d, biff8) else {
                    return Err(corrupt("单元格记录不完整"));
                };
                budget.text(Some(name), t)?;
                cells.add(fmla_pos.0, fmla_pos.1);
            }
            0x00FD => {
                need(d, 10)?;
                let (r, c) = rc(d)?;
                let i = u32_at(d, 6).unwrap_or(u32::MAX) as usize;
                if let Some(&len) = strings.get(i) {
                    budget.text(Some(name), len as u64 + 24)?;
                    cells.add(r, c);
                }
            }
            0x00BD => {
                need(d, 6)?;
                let (r, c0) = rc(d)?;
                let c1 = u16_at(d, d.len() - 2).unwrap_or(0) as u32;
                // calamine computes `c1 - c0 + 1` in 16 bits: it overflows there.
                let Some(n) = c1.checked_sub(c0).map(|n| n + 1).filter(|&n| n <= 0xFFFF) else {
                    return Err(corrupt("单元格记录不完整"));
                };
                if d.len() != 6 + 6 * n as usize {
                    return Err(corrupt("单元格记录不完整"));
                }
                for c in c0..=c1 {
                    cells.add(r, c);
                }
            }
            0x00E5 => {
                let n = u16_at(d, 0).unwrap_or(0) as usize;
                // calamine computes each offset in 16 bits and indexes without a check.
                if n >= 8192 || 2 + n * 8 > d.len() {
                    return Err(corrupt("合并单元格记录不完整"));
                }
                budget.merges(name, n as u64)?;
            }
            0x000A => break,
            0x0006 => {
                need(d, 20)?;
                let (r, c) = rc(d)?;
                fmla_pos = (r, c);
                if !(d[6] == 0x00 && d[12] == 0xFF && d[13] == 0xFF) {
                    cells.add(r, c);
                }
                let Some(cce) = u16_at(d, 20).map(|n| n as usize) else {
                    return Err(corrupt("公式记录不完整"));
                };
                let Some(rgce) = d.get(22..22 + cce) else {
                    return Err(corrupt("公式记录不完整"));
                };
                let (len, w) = formula_cost(rgce, biff8, name_max);
                *work += w;
                if *work > MAX_FORMULA_WORK {
                    return Err(over(Some(name), "公式过长、过于复杂"));
                }
                budget.text(Some(name), (d.len() - 20) as u64 + 2 * len + 24)?;
                formulas.add(r, c);
            }
            _ => {}
        }
    }
    // Each grid (values, 32 bytes a cell; formulas, 24), calamine's and the copy read from it,
    // and the list of cells it is made from.
    for (bbox, size) in [(&cells, 32), (&formulas, 24)] {
        let (rows, cols) = bbox.extent();
        if rows > MAX_ROWS as u64 {
            return Err(too_large(name, format!("超过 {MAX_ROWS} 行")));
        }
        if rows * cols > MAX_CELLS {
            return Err(too_large(name, format!("数据区域 {rows} 行 × {cols} 列")));
        }
        budget.grid(name, (rows, cols), size, 2)?;
        budget.records(name, bbox.n)?;
    }
    Ok(())
}

/// DIMENSIONS: calamine reserves (last row − first row + 1) × (last col − first col + 1) cells
/// from it, in 32-bit arithmetic. A sheet declaring more than a return is refused; a record
/// whose first row or column lies past its last one would make that a huge number.
fn dimensions(d: &[u8], name: &str) -> Result<(), Refusal> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u16_at(d, 0).unwrap_or(0) as u32,
            u16_at(d, 2).unwrap_or(0) as u32,
            u16_at(d, 4).unwrap_or(0) as u32,
            u16_at(d, 6).unwrap_or(0) as u32,
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u16_at(d, 8).unwrap_or(0) as u32,
            u16_at(d, 10).unwrap_or(0) as u32,
        ),
        _ => return Err(corrupt("DIMENSIONS 记录长度无效")),
    };
    // The declared size, as before (first row, last row + 1, first col, last col + 1).
    let rows = rl.saturating_sub(rf) as u64;
    let cols = cl.saturating_sub(cf) as u64;
    if rows > MAX_ROWS as u64 + 20 || rows * cols > MAX_CELLS {
        return Err(too_large(name, format!("声明 {rows} 行 × {cols} 列")));
    }
    // What calamine computes from it.
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let span = |a: u32, b: u32| b.checked_sub(a).and_then(|n| n.checked_add(1));
    let (Some(rows), Some(cols)) = (span(start.0, end.0), span(start.1, end.1)) else {
        return Err(over(
            Some(name),
            format!(
                "DIMENSIONS 记录声明的区域无效：第 {} 行至第 {} 行，第 {} 列至第 {} 列",
                rf + 1,
                rl,
                cf + 1,
                cl
            ),
        ));
    };
    let n = rows as u64 * cols as u64;
    if n > crate::import::budget::MAX_CELL_RECORDS {
        return Err(over(Some(name), format!("声明 {rows} 行 × {cols} 列")));
    }
    Ok(())
}
