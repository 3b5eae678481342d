//! A sheet built cell by cell, for the formats kaoping reads itself (HTML tables, Excel 2003
//! XML): each value, merged region and formula without a result is checked against the
//! file's budget as it comes, before it is kept; the result is the same grid the other
//! readers make, merged regions filled.

use super::budget::{self, Budget};
use super::layout::cell_name;
use super::workbook::{fill_merges, BBox, Refusal, Sheet, Uncached};
use calamine::{Cell, Data, Dimensions, Range};

/// Columns of a sheet (Excel's own limit).
pub const MAX_COLS: u32 = 16_384;
/// Characters of one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;

/// A refusal at a cell: `SHEET!A1`.
pub fn at_cell(sheet: &str, (r, c): (u32, u32), what: impl std::fmt::Display) -> Refusal {
    budget::over(Some(&format!("{sheet}!{}", cell_name(r, c))), what)
}

/// Refuses a cell's text longer than a cell holds.
pub fn check_text(sheet: &str, pos: (u32, u32), text: &str) -> Result<(), Refusal> {
    // Four bytes a character at most: the count is needed only past that.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(at_cell(
            sheet,
            pos,
            format!("单元格文字超过 {MAX_CELL_CHARS} 个字符"),
        ));
    }
    Ok(())
}

pub struct SheetBuilder {
    pub name: String,
    cells: Vec<Cell<Data>>,
    pub merges: Vec<Dimensions>,
    uncached: Vec<Uncached>,
    bbox: BBox,
    bytes: u64,
}

impl SheetBuilder {
    pub fn new(name: String) -> Self {
        SheetBuilder {
            name,
            cells: Vec::new(),
            merges: Vec::new(),
            uncached: Vec::new(),
            bbox: BBox::default(),
            bytes: 0,
        }
    }

    /// A cell's value; empty text is no cell.
    pub fn put(
        &mut self,
        pos: (u32, u32),
        value: Data,
        budget: &mut Budget,
    ) -> Result<(), Refusal> {
        if let Data::String(s) = &value {
            if s.is_empty() {
                return Ok(());
            }
            check_text(&self.name, pos, s)?;
            self.bytes += s.len() as u64;
            budget.text(Some(&self.name), s.len() as u64)?;
        }
        budget.records(&self.name, 1)?;
        self.bbox.add(pos);
        self.bbox.check(&self.name, self.bytes)?;
        self.cells.push(Cell::new(pos, value));
        Ok(())
    }

    /// A merged region, from its top-left to its bottom-right cell.
    pub fn merge(&mut self, start: (u32, u32), end: (u32, u32)) -> Result<(), Refusal> {
        budget::count(
            Some(&self.name),
            self.merges.len() as u64 + 1,
            budget::MAX_MERGES,
            "合并单元格区域",
        )?;
        self.merges.push(Dimensions::new(start, end));
        Ok(())
    }

    /// A formula cell with no stored result.
    pub fn uncached(
        &mut self,
        pos: (u32, u32),
        formula: String,
        budget: &mut Budget,
    ) -> Result<(), Refusal> {
        budget.text(Some(&self.name), formula.len() as u64)?;
        budget::count(
            Some(&self.name),
            self.uncached.len() as u64 + 1,
            budget::MAX_CELL_RECORDS,
            "无计算结果的公式",
        )?;
        self.uncached.push((pos, formula));
        Ok(())
    }

    /// The sheet, its grid counted against the budget and its merged regions filled.
    pub fn finish(self, budget: &mut Budget) -> Result<Sheet, Refusal> {
        let name = self.name;
        budget.grid(&name, self.bbox.extent(), 32, 1)?;
        let mut cells = Range::from_sparse(self.cells);
        fill_merges(&mut cells, &self.merges, &name, budget)?;
        Ok(Sheet {
            name,
            visible: true,
            cells,
            uncached: self.uncached,
        })
    }
}
