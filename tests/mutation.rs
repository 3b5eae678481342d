//! Mutation test: truncated, flipped and spliced bytes of real returns (both formats, from
//! several writers). The importer returns a result or a refusal, never panics, never hangs.

use kaoping::data::DataSet;
use kaoping::import::{import_bytes, FileStatus};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

fn sources() -> &'static Vec<(PathBuf, Vec<u8>)> {
    static S: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<PathBuf> = Vec::new();
        for dir in [
            "samples/2018",
            "tests/fixtures/roundtrip",
            "tests/fixtures/returns",
        ] {
            let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| kaoping::import::is_return_name(p))
                .collect();
            found.sort();
            // A few of each folder keep the run short while covering every writer.
            files.extend(found.into_iter().step_by(3).take(12));
        }
        files
            .into_iter()
            .filter_map(|p| {
                std::fs::read(&p)
                    .ok()
                    .filter(|b| b.len() < 400_000)
                    .map(|b| (p, b))
            })
            .collect()
    })
}

fn data() -> &'static DataSet {
    static D: OnceLock<DataSet> = OnceLock::new();
    D.get_or_init(DataSet::builtin)
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(f64),
    Flip(Vec<(f64, u8)>),
    /// Copy a chunk from one place to another (in the same file).
    Splice {
        from: f64,
        to: f64,
        len: usize,
    },
    Zero {
        at: f64,
        len: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        prop::collection::vec((0.0..1.0f64, 1u8..=255), 1..16).prop_map(Mutation::Flip),
        (0.0..1.0f64, 0.0..1.0f64, 1usize..4096).prop_map(|(from, to, len)| Mutation::Splice {
            from,
            to,
            len
        }),
        (0.0..1.0f64, 1usize..2048).prop_map(|(at, len)| Mutation::Zero { at, len }),
    ]
}

fn apply(m: &Mutation, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let pos = |f: f64, n: usize| ((f * n as f64) as usize).min(n.saturating_sub(1));
    match m {
        Mutation::Truncate(f) => b.truncate(pos(*f, bytes.len())),
        Mutation::Flip(flips) => {
            for (f, x) in flips {
                let i = pos(*f, b.len());
                b[i] ^= x;
            }
        }
        Mutation::Splice { from, to, len } => {
            let (s, d) = (pos(*from, b.len()), pos(*to, b.len()));
            let n = (*len).min(b.len() - s).min(b.len() - d);
            let chunk = b[s..s + n].to_vec();
            b[d..d + n].copy_from_slice(&chunk);
        }
        Mutation::Zero { at, len } => {
            let s = pos(*at, b.len());
            let e = (s + len).min(b.len());
            b[s..e].fill(0);
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn damaged_returns_never_panic_or_hang(which in any::<prop::sample::Index>(), m in mutation()) {
        let (path, bytes) = which.get(sources()).clone();
        let damaged = apply(&m, &bytes);
        let (tx, rx) = mpsc::channel();
        let name = path.clone();
        std::thread::spawn(move || {
            let d = data();
            let f = import_bytes(&name, damaged, &d.set, &d.registry);
            let _ = tx.send(f);
        });
        // A generous bound: this detects a hang, it does not measure speed.
        let f = rx.recv_timeout(Duration::from_secs(60));
        prop_assert!(f.is_ok(), "{} with {:?}: no answer within 60 s (or the reader thread died)", path.display(), m);
        let f = f.unwrap();
        if f.status == FileStatus::Refused {
            prop_assert!(!f.problems.is_empty());
            prop_assert!(f.problems.iter().all(|p| !p.message.is_empty()));
        }
    }
}

#[test]
fn there_are_sources_of_both_formats() {
    let s = sources();
    assert!(s.iter().any(|(p, _)| p.extension().unwrap() == "xls"));
    assert!(s.iter().any(|(p, _)| p.extension().unwrap() == "xlsx"));
}
