//! The floor for benchmarks: bare calamine opening every .xls/.xlsx under DIR and reading
//! every sheet, with the same parallelism as kaoping, and nothing else.
//! `calamine_floor DIR` prints the number of files and cells.

use calamine::{open_workbook_auto, Reader};
use rayon::prelude::*;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let files = kaoping::import::collect(&[dir]).unwrap_or_default();
    let cells: usize = files
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
        .sum();
    println!("{} files, {cells} cells", files.len());
}
