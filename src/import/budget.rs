//! The budget of one file. A return is at most a few hundred KB of content on one or two
//! sheets; these limits are far above any real return, and low enough that two files read
//! at once (one per core) stay far under 300 MB whatever they hold. Every number a file
//! declares (a count, a dimension, a repeat, a length) is checked against them before
//! anything is allocated from it, so that no file can make the reader allocate more than a
//! bounded multiple of them.

use super::workbook::Refusal;

/// A file larger than this is not read at all (and never more than this is read).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// All parts of an `.xlsx`/`.ods` together, uncompressed (as really decompressed, not as
/// declared).
pub const MAX_UNZIPPED_BYTES: u64 = 32 * 1024 * 1024;
/// Entries of a zip package (a workbook has a few dozen).
pub const MAX_ZIP_ENTRIES: u64 = 10_000;
/// Sheets of a workbook.
pub const MAX_SHEETS: u64 = 255;
/// The grids of all sheets together, in bytes: each sheet's bounding box of cells (32 bytes
/// a cell; 24 for a grid of formulas), hidden sheets too where the reader builds them, and
/// twice for `.xls`/`.ods`, whose reader keeps its own grid of every sheet beside the copy
/// read from it. About a million cells of an `.xlsx` (a return has a few thousand; one
/// stray cell at GR9000 makes 1.8 million), half that of an `.xls`.
pub const MAX_GRID_BYTES: u64 = 32 * 1024 * 1024;
/// Cell records read (each becomes an entry of a list before the grid is made).
pub const MAX_CELL_RECORDS: u64 = 250_000;
/// Text held in cells, shared strings, formulas and filled merged regions (as allocated,
/// counted generously).
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// Entries of a shared-string table, declared or present.
pub const MAX_STRINGS: u64 = 250_000;
/// Merged regions, and the cells they cover (within each sheet's data).
pub const MAX_MERGES: u64 = 20_000;
pub const MAX_MERGE_AREA: u64 = 500_000;
/// Elements of the small XML parts read whole when a workbook is opened (relationships,
/// workbook, theme, named ranges, style list of an `.ods`).
pub const MAX_PART_ELEMENTS: u64 = 200_000;
/// The style table of an `.xlsx` as the reader builds it (each cell format copies its font
/// name and number format).
pub const MAX_STYLE_BYTES: u64 = 16 * 1024 * 1024;
/// Bytes moved while an `.xls` reader turns formula tokens into text.
pub const MAX_FORMULA_WORK: u64 = 64 * 1024 * 1024;

/// The refusal's words (terms.md: a file over budget).
pub const OVER_BUDGET: &str = "文件超出自评表的合理大小";

/// A refusal for a file over budget: what was over, at the sheet where it was.
pub fn over(sheet: Option<&str>, what: impl std::fmt::Display) -> Refusal {
    let message = format!("{OVER_BUDGET}（{what}），不予读取；请删除多余内容后重新报送");
    match sheet {
        Some(s) => Refusal::sheet(s, message),
        None => Refusal::file(message),
    }
}

/// What one file has used so far.
#[derive(Debug, Default)]
pub struct Budget {
    cells: u64,
    grid: u64,
    records: u64,
    text: u64,
    merges: u64,
    merge_area: u64,
}

impl Budget {
    /// A sheet's grid of `rows` × `cols` cells of `size` bytes each, held `copies` times.
    pub fn grid(
        &mut self,
        sheet: &str,
        (rows, cols): (u64, u64),
        size: u64,
        copies: u64,
    ) -> Result<(), Refusal> {
        let n = rows.saturating_mul(cols);
        self.cells = self.cells.saturating_add(n);
        self.grid = self
            .grid
            .saturating_add(n.saturating_mul(size).saturating_mul(copies));
        if self.grid > MAX_GRID_BYTES {
            return Err(over(
                Some(sheet),
                format!(
                    "工作表的数据区域过大：本表 {rows} 行 × {cols} 列，全部工作表合计 {} 个单元格",
                    self.cells
                ),
            ));
        }
        Ok(())
    }

    /// `n` cell records.
    pub fn records(&mut self, sheet: &str, n: u64) -> Result<(), Refusal> {
        self.records = self.records.saturating_add(n);
        if self.records > MAX_CELL_RECORDS {
            return Err(over(
                Some(sheet),
                format!("单元格记录合计超过 {MAX_CELL_RECORDS} 个"),
            ));
        }
        Ok(())
    }

    /// `n` bytes of text.
    pub fn text(&mut self, sheet: Option<&str>, n: u64) -> Result<(), Refusal> {
        self.text = self.text.saturating_add(n);
        if self.text > MAX_TEXT_BYTES {
            return Err(over(
                sheet,
                format!("文字内容合计超过 {} MB", MAX_TEXT_BYTES / (1024 * 1024)),
            ));
        }
        Ok(())
    }

    /// `n` merged regions.
    pub fn merges(&mut self, sheet: &str, n: u64) -> Result<(), Refusal> {
        self.merges = self.merges.saturating_add(n);
        if self.merges > MAX_MERGES {
            return Err(over(
                Some(sheet),
                format!("合并单元格区域超过 {MAX_MERGES} 个"),
            ));
        }
        Ok(())
    }

    /// A merged region covering `n` cells of the sheet's data.
    pub fn merge_area(&mut self, sheet: &str, n: u64) -> Result<(), Refusal> {
        self.merge_area = self.merge_area.saturating_add(n);
        if self.merge_area > MAX_MERGE_AREA {
            return Err(over(
                Some(sheet),
                format!("合并单元格合计覆盖超过 {MAX_MERGE_AREA} 个单元格"),
            ));
        }
        Ok(())
    }
}

/// A count of things declared or found, against its limit.
pub fn count(sheet: Option<&str>, n: u64, max: u64, what: &str) -> Result<(), Refusal> {
    if n > max {
        return Err(over(sheet, format!("{what} {n} 个，上限 {max} 个")));
    }
    Ok(())
}
