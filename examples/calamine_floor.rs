//! The floor for benchmarks: bare calamine opening every .xls/.xlsx under DIR and reading
//! every sheet, with the same parallelism as kaoping, and nothing else.
//! `calamine_floor DIR` prints the number of files and cells.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let files = kaoping::import::collect(&[dir]).unwrap_or_default();
    let cells = kaoping::synth::calamine_floor(&files);
    println!("{} files, {cells} cells", files.len());
}
