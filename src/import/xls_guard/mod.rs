//! An `.xls` walked the way calamine's reader (0.38: `cfb.rs`, `xls.rs`) will walk it, before
//! it does: calamine reads the whole workbook when it opens it — every sheet, hidden ones
//! too — and sizes several allocations from numbers in the file (a DIMENSIONS record, string
//! lengths, sector chains, formula tokens). Here the same container and records are followed
//! with every such number checked against the file's budget ([`super::budget`]), so that
//! calamine only ever opens a file whose allocations are known to be small.
//!
//! The container is read exactly as calamine reads it (same header fields, same chains, same
//! choice of stream), so the records checked are the records it will parse.

mod biff;
mod formula;
mod ole;
mod sheet;

pub use biff::scan;
pub use ole::workbook_stream;

use super::workbook::{corrupt, Refusal};

/// What the walk found that the caller needs.
pub struct Scan {
    /// The globals' first BOF says BIFF8 (Excel 97 and later).
    pub biff8: bool,
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i.checked_add(4)?)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Where calamine's reader would panic (an index past the end): it would be caught and the
/// file refused as damaged; here it is refused before.
fn broken() -> Refusal {
    corrupt("OLE 结构损坏")
}
