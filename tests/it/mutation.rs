//! Mutation test: truncated, flipped and spliced bytes of real returns (both formats, from
//! several writers), and workbooks whose declared sizes are drawn at random (a shared-string
//! count, a DIMENSIONS record, repeated rows and columns, merged regions, the number of
//! sheets). The importer returns a result or a refusal, never panics, never hangs, and never
//! asks for more memory than this process may have (2 GB of address space: an allocation
//! sized from a declared number would fail and end the run).

use kaoping::data::DataSet;
use kaoping::import::{import_bytes, FileStatus};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use crate::gen;

/// 2 GB of address space for this test process, so that an allocation sized from a declared
/// number fails the test instead of exhausting the machine.
fn limit_memory() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let lim = libc::rlimit {
            rlim_cur: 2 << 30,
            rlim_max: 2 << 30,
        };
        // SAFETY: a valid rlimit for this process.
        unsafe { libc::setrlimit(libc::RLIMIT_AS, &lim) };
    });
}

/// Imports `bytes` as `name` on another thread; a hang fails the test.
fn import_within(name: &str, bytes: Vec<u8>) -> kaoping::import::ImportedFile {
    limit_memory();
    let (tx, rx) = mpsc::channel();
    let path = PathBuf::from(name);
    std::thread::spawn(move || {
        let d = data();
        let _ = tx.send(import_bytes(&path, bytes, &d.set, &d.registry));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{name}: no answer within 60 s"))
}

fn message(f: &kaoping::import::ImportedFile) -> String {
    f.problems
        .iter()
        .map(|p| p.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

const OVER: &str = "文件超出自评表的合理大小";

fn sources() -> &'static Vec<(PathBuf, Vec<u8>)> {
    static S: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<PathBuf> = Vec::new();
        for dir in [
            "samples/2018",
            "tests/fixtures/roundtrip",
            "tests/fixtures/returns",
            // HTML tables and Excel 2003 XML (issue 17)
            "tests/fixtures/returns/exports",
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
        limit_memory();
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

/// A number as a file might declare it: small, near a limit, or huge.
fn declared() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..100,
        0u64..2_000_000,
        any::<u32>().prop_map(u64::from),
        any::<u64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn declared_shared_string_count(n in declared(), zeros in 0usize..30) {
        let count = format!("{}{n}", "0".repeat(zeros));
        let f = import_within("sst.xlsx", gen::xlsx_unique_count(&count));
        prop_assert_eq!(f.status, FileStatus::Refused);
        let m = message(&f);
        if n > 250_000 {
            prop_assert!(m.contains(OVER) && m.contains("共享字符串"), "{}: {}", count, m);
        } else {
            prop_assert!(!m.contains("共享字符串"), "{}: {}", count, m);
        }
    }

    #[test]
    fn declared_dimensions(rf in any::<u32>(), rl in any::<u32>(), cf in any::<u16>(), cl in any::<u16>(), small in any::<bool>()) {
        let (rf, rl) = if small { (rf % 70_000, rl % 70_000) } else { (rf, rl) };
        let mut body = gen::dims(rf, rl, cf, cl);
        body.extend(gen::label(0, 0, "编号"));
        let f = import_within("dims.xls", gen::xls(&[("S", body)]));
        prop_assert_eq!(f.status, FileStatus::Refused);
    }

    #[test]
    fn declared_repeats(rows in declared(), cols in declared(), text in any::<bool>()) {
        let bytes = if text {
            gen::ods_spaces(rows)
        } else {
            gen::ods_repeats(rows, cols)
        };
        let f = import_within("repeats.xlsx", bytes);
        prop_assert_eq!(f.status, FileStatus::Refused);
        prop_assert!(!message(&f).is_empty());
    }

    #[test]
    fn declared_merged_regions(n in 0usize..40_000, h in 1u32..200, w in 1u32..200) {
        let f = import_within("merges.xlsx", gen::xlsx_merges(n, h, w));
        prop_assert_eq!(f.status, FileStatus::Refused);
        if n > 20_000 {
            prop_assert!(message(&f).contains(OVER), "{}", message(&f));
        }
    }

    #[test]
    fn declared_xls_merged_regions(count in any::<u16>(), have in 0usize..9000, seed in any::<u64>()) {
        // A MERGECELLS record whose count and regions are arbitrary.
        let mut d = count.to_le_bytes().to_vec();
        let mut x = seed;
        for _ in 0..have.min(8000) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            d.extend(&x.to_le_bytes());
        }
        let mut body = gen::label(0, 0, "编号");
        body.extend(gen::label(8000, 200, "x"));
        body.extend(gen::rec(0x00E5, &d[..d.len().min(8224)]));
        let f = import_within("merges.xls", gen::xls(&[("S", body)]));
        prop_assert_eq!(f.status, FileStatus::Refused);
    }

    #[test]
    fn declared_sheet_count(n in 0usize..700, xls in any::<bool>()) {
        let bytes = if xls {
            let sheets: Vec<(String, Vec<u8>)> = (0..n).map(|i| (format!("S{i}"), Vec::new())).collect();
            let refs: Vec<(&str, Vec<u8>)> = sheets.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
            gen::xls(&refs)
        } else {
            let sheets: Vec<(String, String)> = (0..n).map(|i| (format!("S{i}"), gen::sheet_data(&[("A1", "x")]))).collect();
            gen::xlsx(&sheets, None, None)
        };
        let f = import_within("sheets", bytes);
        prop_assert_eq!(f.status, FileStatus::Refused);
        if n > 255 {
            prop_assert!(message(&f).contains(OVER), "{}", message(&f));
        }
    }
}
