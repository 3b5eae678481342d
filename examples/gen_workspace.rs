//! Writes a synthetic workspace for benchmarks: `gen_workspace OUT_DIR N` writes N canonical
//! returns in nested folders under OUT_DIR, with the values of the shipped samples, and
//! OUT_DIR/registry.toml naming the N units (score it with `--offices OUT_DIR/registry.toml`).

use kaoping::data::DataSet;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: gen_workspace OUT_DIR N");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[1]);
    let n: usize = args[2].parse().unwrap_or_else(|_| {
        eprintln!("N must be a number");
        std::process::exit(2)
    });
    let data = DataSet::builtin();
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
    let sources: Vec<_> = kaoping::synth::sources(&data, &samples)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let t = std::time::Instant::now();
    match kaoping::synth::workspace(&data, &sources, &out, n) {
        Ok(files) => eprintln!(
            "{} returns written to {} in {:.1?}",
            files.len(),
            out.display(),
            t.elapsed()
        ),
        Err(e) => {
            eprintln!("gen_workspace: {e}");
            std::process::exit(1);
        }
    }
}
